"""The fast path of the loader: one generated function per model class.

The reference loader (:mod:`ngomodel.converter`, built on cattrs) checks a
payload field by field and collects every problem with its path. That is what a
user wants to see for invalid data, but valid data needs none of that
bookkeeping. So each model class also gets a function generated from the very
same description (:mod:`ngomodel.inspect`),
straight-line code that either returns the object or gives up at the first
thing it does not like, by raising :class:`Reject`.

The fast path is only ever an optimisation of the reference path: the loader
tries it first and, when it gives up, runs the reference path on the same data.
It must therefore never accept what the reference path rejects, nor build a
different object; the test suite checks both over generated valid and mutated
invalid payloads. Problems are always reported by the reference path, so error
reports are the same whichever path ran.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from ngomodel._codegen import CodeGen
from ngomodel._constraints import FLOAT_MAX, Pattern, lone_surrogate
from ngomodel._scalars import (
    DATE,
    LANGUAGE_TAG,
    TEXT,
    ExtensionData,
    LocalizedText,
    PartialDate,
    extension_data_problems,
)
from ngomodel.inspect import (
    AmountType,
    AtLeastOneOf,
    BooleanType,
    CodeDependsOn,
    CodeType,
    DateType,
    ExactlyOneOf,
    ExtensionDataType,
    IntegerType,
    ListType,
    LocalizedTextType,
    ModelType,
    Node,
    NumberType,
    OptionalType,
    TextType,
    code_type,
)

__all__ = ["Reject", "loader_for"]


class Reject(ValueError):
    """The fast path gives up on a payload; the reference path will judge it.

    A :class:`ValueError`, so that the compiled fast path, which runs the dates and
    class rules of this module inside pydantic-core, records it where it happened
    and goes on, instead of stopping: the places it lists tell the reference path
    which objects to judge itself (see ``ngomodel.converter._FAILING``).
    """


_MISSING = object()
_LOADERS: dict[type, Callable[[Any], Any]] = {}

_new = object.__new__


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """Return the setter of one slot of *cls*: it stores past the frozen class's guard."""
    slot = next(k.__dict__[name] for k in cls.__mro__ if name in k.__dict__)
    setter: Callable[[Any, Any], None] = slot.__set__
    return setter


_DATE_YEAR = _setter(PartialDate, "year")
_DATE_MONTH = _setter(PartialDate, "month")
_DATE_DAY = _setter(PartialDate, "day")
_DATE_TEXT = _setter(PartialDate, "_text")
_date_matches = DATE.matches
_fromisoformat = datetime.date.fromisoformat


def _date(text: Any) -> PartialDate:
    """Build a PartialDate from its wire form, or reject the value.

    A full date is read by :meth:`datetime.date.fromisoformat`, which checks the
    calendar as the DATE pattern does (the test suite compares the two); a year
    needs only its digits checked; anything else goes through the pattern.
    """
    if type(text) is not str:
        raise Reject
    size = len(text)
    date = _new(PartialDate)
    if size == 10 and text[4] == "-" and text[7] == "-":
        try:
            day = _fromisoformat(text)
        except ValueError:
            raise Reject from None
        _DATE_YEAR(date, day.year)
        _DATE_MONTH(date, day.month)
        _DATE_DAY(date, day.day)
    elif size == 4 and text.isascii() and text.isdigit() and text != "0000":
        _DATE_YEAR(date, int(text))
        _DATE_MONTH(date, None)
        _DATE_DAY(date, None)
    else:
        if not _date_matches(text):
            raise Reject
        _DATE_YEAR(date, int(text[:4]))
        _DATE_MONTH(date, int(text[5:7]) if size > 4 else None)
        _DATE_DAY(date, int(text[8:10]) if size > 7 else None)
    _DATE_TEXT(date, text)
    return date


_search_text = TEXT._compiled.search
_tag_matches = LANGUAGE_TAG.matches
#: Every character that is white space to the TEXT pattern (none lies above U+3000,
#: which the test suite checks over all of Unicode). A text that starts with none of
#: them has a non-space character, so the pattern need not run.
SPACES = frozenset(c for c in map(chr, range(0x3001)) if _search_text(c) is None)
#: Language tags already found well formed: any real data set uses a handful.
_GOOD_TAGS: set[str] = set()


def _tag(value: Any) -> None:
    """Reject *value* unless it is a well-formed language tag (remembered once seen)."""
    if type(value) is not str:  # first: an object equal to a known tag is still no tag
        raise Reject
    if value not in _GOOD_TAGS:
        if not _tag_matches(value):
            raise Reject
        if len(_GOOD_TAGS) < 1024:
            _GOOD_TAGS.add(value)


_LOCALIZED_TEXTS = _setter(LocalizedText, "_texts")


def _localized(value: Any) -> LocalizedText:
    if type(value) is not dict or not value:
        raise Reject
    for key, item in value.items():
        if type(key) is not str or key not in _GOOD_TAGS:
            _tag(key)
        if (
            type(item) is not str
            or not item
            or (item[0] in SPACES and _search_text(item) is None)
            or (not item.isascii() and lone_surrogate(item))
        ):
            raise Reject
    texts = _new(LocalizedText)
    _LOCALIZED_TEXTS(texts, dict(value))  # a copy: the caller's dict stays theirs
    return texts


def _extension_data(value: Any) -> ExtensionData:
    if type(value) is not dict or extension_data_problems(value):
        raise Reject
    return ExtensionData._checked(value)


class _Compiler(CodeGen):
    """Writes the source of one class's loader, with its constants in a namespace.

    Attributes:
        cls: The class whose loader is written.
        field: The field whose checks are being written.
        function: The name of the function being written: ``load_Program``, or for
            the items of a tuple field ``load_Program_sectors_item``.
        job: What the functions written do, for their file names: ``load`` (another
            job, such as the reference path's ``collect``, names its item functions
            apart from the loader's).
    """

    def __init__(self, cls: type, job: str = "load") -> None:
        self.cls = cls
        self.field = ""
        self.job = job
        self.function = f"{job}_{cls.__name__}"
        super().__init__(
            {
                "Reject": Reject,
                "ABSENT": (None, ()),
                "MISSING": _MISSING,
                "isfinite": math.isfinite,
                "Decimal": Decimal,
                "date": _date,
                "SPACES": SPACES,
                "TEXT": _search_text,
                "GOOD_TAGS": _GOOD_TAGS,
                "tag": _tag,
                "localized": _localized,
                "extension_data": _extension_data,
                "new": _new,
                "lone": lone_surrogate,
            },
            __name__,
        )

    def codes(self, node: CodeType) -> str:
        """Name a constant holding the codes of a code node."""
        return self.constant(node.allowed, f"codes_{node.codelist or self.field}")

    def value_lines(self, node: Node, lines: list[str], pad: str, target: str = "v") -> None:
        """Append lines that check `v` against *node* and put the converted value in *target*."""
        # No line tests for None: each check below rejects it (null is never valid:
        # an optional field is left out instead).
        if isinstance(node, OptionalType):
            node = node.item
        if isinstance(node, CodeType):
            # Codes are well-formed strings: membership is the whole check.
            lines.append(f"{pad}if type(v) is not str or v not in {self.codes(node)}: raise Reject")
        elif isinstance(node, TextType):
            self.text_lines(node.pattern, lines, pad)
        elif isinstance(node, BooleanType):
            lines.append(f"{pad}if type(v) is not bool: raise Reject")
        elif isinstance(node, IntegerType):
            lines.append(f"{pad}if type(v) is not int:")
            lines.append(
                f"{pad}    if type(v) is float and isfinite(v) and v.is_integer(): v = int(v)"
            )
            lines.append(f"{pad}    else: raise Reject")
            self.bound_lines(node.minimum, node.maximum, lines, pad)
        elif isinstance(node, NumberType):
            # A finite float lies within the float range by definition, so the range's
            # outer bounds need testing only for an int (which may be of any size).
            lines.append(f"{pad}if type(v) is float:")
            lines.append(f"{pad}    if not isfinite(v): raise Reject")
            lines.append(
                f"{pad}elif type(v) is not int or not {-FLOAT_MAX!r} <= v <= {FLOAT_MAX!r}:"
            )
            lines.append(f"{pad}    raise Reject")
            low = None if node.minimum == -FLOAT_MAX else node.minimum
            high = None if node.maximum == FLOAT_MAX else node.maximum
            self.bound_lines(low, high, lines, pad)
        elif isinstance(node, AmountType):
            lines.append(
                f"{pad}if type(v) is not str or len(v) > {node.pattern.max_length}"
                f" or {self.mismatch(node.pattern)}: raise Reject"
            )
            lines.append(f"{pad}{target} = Decimal(v)")
            return
        elif isinstance(node, DateType):
            lines.append(f"{pad}{target} = date(v)")
            return
        elif isinstance(node, LocalizedTextType):
            lines.append(f"{pad}{target} = localized(v)")
            return
        elif isinstance(node, ExtensionDataType):
            lines.append(f"{pad}{target} = extension_data(v)")
            return
        elif isinstance(node, ListType):
            item = self.item_function(node.item)
            lines.append(f"{pad}if type(v) is not list: raise Reject")
            lines.append(f"{pad}v = tuple(map({item}, v))")
            if node.min_items:
                lines.append(f"{pad}if len(v) < {node.min_items}: raise Reject")
        elif isinstance(node, ModelType):
            loader = self.constant(loader_for(node.cls), f"load_{node.cls.__name__}")
            lines.append(f"{pad}{target} = {loader}(v)")
            return
        else:  # pragma: no cover - a new kind of node must be taught to the fast path
            raise TypeError(f"the fast path does not know {node!r}")
        if target != "v":
            lines.append(f"{pad}{target} = v")

    def text_lines(self, pattern: Pattern | None, lines: list[str], pad: str) -> None:
        """Append the checks of a text: a string, without lone surrogates, matching *pattern*."""
        if pattern is TEXT:
            lines.append(
                f"{pad}if type(v) is not str or not v or (v[0] in SPACES and TEXT(v) is None)"
                " or (not v.isascii() and lone(v)): raise Reject"
            )
            return
        if pattern is LANGUAGE_TAG:
            lines.append(f"{pad}if type(v) is not str: raise Reject")
            lines.append(f"{pad}if v not in GOOD_TAGS: tag(v)")
            return
        lines.append(f"{pad}if type(v) is not str: raise Reject")
        lines.append(f"{pad}if not v.isascii() and lone(v): raise Reject")
        if pattern is not None:
            if pattern.max_length is not None:
                lines.append(f"{pad}if len(v) > {pattern.max_length}: raise Reject")
            lines.append(f"{pad}if {self.mismatch(pattern)}: raise Reject")

    def mismatch(self, pattern: Pattern) -> str:
        """Write the test that `v` fails *pattern*: :meth:`Pattern.matches`, inlined for speed."""
        search = self.constant(pattern._compiled.search, f"pattern_{pattern.name}")
        test = f"{search}(v) is None"
        return test if pattern.line_feeds else f"'\\n' in v or {test}"

    @staticmethod
    def bound_lines(low: float | None, high: float | None, lines: list[str], pad: str) -> None:
        """Append the test of a number against its bounds (``None`` for no bound)."""
        if low is not None and high is not None:
            lines.append(f"{pad}if not {low!r} <= v <= {high!r}: raise Reject")
        elif low is not None:
            lines.append(f"{pad}if v < {low!r}: raise Reject")
        elif high is not None:
            lines.append(f"{pad}if v > {high!r}: raise Reject")

    def item_function(self, node: Node) -> str:
        """Name a constant holding a function that checks and converts one item of a tuple."""
        if isinstance(node, ModelType):
            return self.constant(loader_for(node.cls), f"load_{node.cls.__name__}")
        outer = self.function
        self.function = name = (
            f"{outer}_item" if outer.endswith("_item") else f"{outer}_{self.field}_item"
        )
        lines = [f"def {name}(v):"]
        self.value_lines(node, lines, "    ")
        lines.append("    return v")
        self.function = outer
        job = f"{self.job} item of"
        return self.constant(self.build(lines, name, job, self.cls, self.field), name)

    def rule(self, rule: Any, local: dict[str, str]) -> str:
        """Return a line that rejects an object breaking class rule *rule*."""
        if isinstance(rule, ExactlyOneOf):
            given = " + ".join(f"({local[name]} is not None)" for name in rule.fields)
            return f"    if {given} != 1: raise Reject"
        if isinstance(rule, AtLeastOneOf):
            absent = " and ".join(f"{local[name]} in ABSENT" for name in rule.fields)
            return f"    if {absent}: raise Reject"
        if not isinstance(rule, CodeDependsOn):  # pragma: no cover - teach new kinds here
            raise TypeError(f"the fast path does not know the class rule {rule!r}")
        vocabulary, code = local[rule.vocabulary_field], local[rule.field]
        tests = [
            f"({vocabulary} == {vocab!r} and {code} not in {self.codes(code_type(name))})"
            for vocab, name in rule.codelists
        ]
        return f"    if {' or '.join(tests)}: raise Reject" if tests else "    pass"


def _compile(cls: type) -> Callable[[Any], Any]:
    """Generate the loader of *cls*: it builds the object without running ``__init__``.

    Every field is checked here, as the reference path's hooks check it, so the
    constructor's own check would only repeat the work. The class rules, which
    tie fields together, are written out as tests of the checked values; only a
    rule of a kind the generator does not know runs on the finished object.
    """
    compiler = _Compiler(cls)
    fields = ModelType(cls).fields
    required = [field.name for field in fields if field.required]
    # Unknown keys are found by counting: every required key was read, and each
    # optional key found adds one, so any other key leaves len(d) larger.
    lines = [
        f"def {compiler.function}(d):",
        "    if type(d) is not dict: raise Reject",
        f"    n = {len(required)}",
        "    try:",
    ]
    local: dict[str, str] = {}
    for field in fields:
        name, default = field.name, field.default
        compiler.field = name
        var = local[name] = f"f_{name}"
        if field.required:
            lines.append(f"        v = d[{name!r}]")  # a missing key raises KeyError
            compiler.value_lines(field.type, lines, "        ", var)
        else:
            lines.append(f"        v = d.get({name!r}, MISSING)")
            lines.append("        if v is MISSING:")
            value = "None" if default is None else compiler.constant(default, f"default_{name}")
            lines.append(f"            {var} = {value}")
            lines.append("        else:")
            lines.append("            n += 1")
            compiler.value_lines(field.type, lines, "            ", var)
    lines.append("    except KeyError:")
    lines.append("        raise Reject from None")
    lines.append("    if len(d) != n: raise Reject")
    for rule in getattr(cls, "__ngomodel_rules__", ()):
        lines.append(compiler.rule(rule, local))
    lines.append(f"    o = new({compiler.constant(cls, cls.__name__)})")
    for attribute in attrs.fields(cls):
        name = attribute.name
        setter = compiler.constant(_setter(cls, name), f"set_{name}")
        if attribute.init:
            lines.append(f"    {setter}(o, {local[name]})")
        else:  # e.g. a lazily built index: starts at its default
            lines.append(
                f"    {setter}(o, {compiler.constant(attribute.default, f'default_{name}')})"
            )
    check = getattr(cls, "__ngomodel_check__", None)
    if check is not None:  # what the class checks of itself as a whole (a dataset's extensions)
        lines.append(f"    if {compiler.constant(check, 'check')}(o): raise Reject")
    lines.append("    return o")
    return compiler.build(lines, compiler.function, compiler.job, cls)


def loader_for(cls: type) -> Callable[[Any], Any]:
    """Return the fast-path loader of a model class, generating it on first use.

    Args:
        cls: A model class.

    Returns:
        A function of the plain JSON value that returns the object or raises
        :class:`Reject` (or :class:`~ngomodel.ValidationError`, from a class rule).
    """
    loader = _LOADERS.get(cls)
    if loader is None:
        # A placeholder that defers to the finished loader lets classes nest themselves.
        _LOADERS[cls] = lambda value: _LOADERS[cls](value)
        try:
            loader = _compile(cls)
        except BaseException:
            del _LOADERS[cls]  # leave no placeholder behind to call itself
            raise
        _LOADERS[cls] = loader
    return loader
