"""The compiled fast path of the loader: pydantic-core validators built from the field description.

With the ``fast`` extra installed, :func:`ngomodel.loads` checks a parsed payload
and builds its objects in compiled code. Each model class gets a
:class:`pydantic_core.SchemaValidator` written from the very same description
(:mod:`ngomodel.inspect`) that the reference loader, the Python fast path
(:mod:`ngomodel._fastload`) and the JSON Schemas are written from: codes become
``literal`` sets, patterns ``str`` constraints run by pydantic-core's Rust
``regex`` engine (the patterns are portable, so it takes them as they are), bounds
and list lengths its own constraints, and each class a ``dataclass`` schema that
fills the slots of the attrs instance without calling ``__init__``, as the Python
fast path does. What has no native form runs as a small Python function in the
validator: dates become :class:`~ngomodel.PartialDate`, localized texts
:class:`~ngomodel.LocalizedText`, amounts :class:`~decimal.Decimal`, and class
rules are tested on the built object.

Like the Python fast path, it is only an optimisation of the reference path: it
either returns the very object the reference path would build or gives up, and
the reference path then judges the payload and reports every problem. It gives
up on anything it is not sure of: a float in an integer field (which the
reference path takes when it is whole), and every invalid payload. It is used
only on what :func:`ngomodel._json.parse_json` gave, plain JSON values (exact
``str``, ``int``, ``float``, ``bool``, ``list``, ``dict``, valid Unicode), so the
lax coercions that pydantic-core allows on other Python objects never arise; every
scalar check is strict besides.

Without pydantic-core, or with a version whose schemas do not build,
:func:`native_loader` answers ``None`` and the Python fast path runs instead. The
test suite holds both fast paths to the reference path over generated valid and
mutated invalid payloads.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypedDict

import attrs

from ngomodel._codegen import CodeGen
from ngomodel._constraints import END, FLOAT_MAX, Pattern
from ngomodel._fastload import Reject, _date, _setter
from ngomodel._scalars import LANGUAGE_TAG, TEXT, LocalizedText
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

try:  # the ``fast`` extra
    from pydantic_core import SchemaValidator
    from pydantic_core import core_schema as cs
except ImportError:  # pragma: no cover - the test environment has the extra
    SchemaValidator = None  # type: ignore[assignment,misc]

__all__ = ["native_loader"]

_LOADERS: dict[type, Callable[[Any], Any] | None] = {}
_new = object.__new__
_LOCALIZED_TEXTS = _setter(LocalizedText, "_texts")


def rust_regex(pattern: Pattern) -> str:
    """*pattern*'s expression as the Rust ``regex`` crate reads it, line feeds refused.

    A pattern that refuses line feeds ends in the portable ``\\n*$``, which takes
    trailing ones; the crate's ``$`` (no ``m`` flag) matches only at the very end of
    the text, and nothing else in these patterns matches a line feed.
    """
    if pattern.line_feeds:
        return pattern.regex
    if not pattern.regex.endswith(END):  # pragma: no cover - every such pattern is anchored
        raise ValueError(f"{pattern.name}: a pattern refusing line feeds must end in {END!r}")
    return pattern.regex.removesuffix(END) + "$"


def _localized(texts: dict[str, str]) -> LocalizedText:
    """Wrap a checked dict (pydantic-core's own copy) in a LocalizedText."""
    wrapped = _new(LocalizedText)
    _LOCALIZED_TEXTS(wrapped, texts)
    return wrapped


def _extension_data(value: Any) -> Any:
    from ngomodel._fastload import _extension_data as check

    return check(value)


class _Building(Exception):
    """A class nests itself: the validators are trees, so the Python fast path serves it."""


class _SchemaWriter(CodeGen):
    """Writes the core schema of one class, and the Python function finishing its objects."""

    def __init__(self, cls: type, building: frozenset[type]) -> None:
        super().__init__({"Reject": Reject, "ABSENT": (None, ())}, __name__)
        self.cls = cls
        self.building = building | {cls}

    def schema(self, node: Node) -> Any:
        """The core schema checking a JSON value against *node* and converting it."""
        if isinstance(node, OptionalType):
            return self.schema(node.item)
        if isinstance(node, CodeType):
            return cs.literal_schema(sorted(node.allowed))
        if isinstance(node, TextType):
            return _text(node.pattern)
        if isinstance(node, BooleanType):
            return cs.bool_schema(strict=True)
        if isinstance(node, IntegerType):
            # A float is left to the reference path, which takes a whole one.
            return cs.int_schema(strict=True, **_int_bounds(node))
        if isinstance(node, NumberType):
            # An int stays an int and a float a float, each within the bounds; the
            # float branch is reached by a float only, never by an int that fails.
            return cs.union_schema(
                [
                    cs.int_schema(strict=True, **_int_bounds(node)),
                    cs.chain_schema(
                        [
                            cs.is_instance_schema(float),
                            cs.float_schema(
                                strict=True,
                                allow_inf_nan=False,
                                ge=_float_bound(node.minimum),
                                le=_float_bound(node.maximum),
                            ),
                        ]
                    ),
                ],
                mode="left_to_right",
            )
        if isinstance(node, AmountType):
            return cs.no_info_after_validator_function(Decimal, _text(node.pattern))
        if isinstance(node, DateType):
            return cs.no_info_after_validator_function(_date, cs.str_schema(strict=True))
        if isinstance(node, LocalizedTextType):
            texts = cs.dict_schema(
                keys_schema=_text(LANGUAGE_TAG),
                values_schema=_text(TEXT),
                min_length=1,
                strict=True,
            )
            return cs.no_info_after_validator_function(_localized, texts)
        if isinstance(node, ExtensionDataType):
            return cs.no_info_plain_validator_function(_extension_data)
        if isinstance(node, ListType):
            # Lax: a JSON array (a list) becomes a tuple; its items are checked strictly.
            return cs.tuple_schema(
                [self.schema(node.item)], variadic_item_index=0, min_length=node.min_items or None
            )
        if isinstance(node, ModelType):
            if node.cls in self.building:
                raise _Building(node.cls.__name__)
            return _class_schema(node.cls, self.building)
        raise TypeError(f"the compiled fast path does not know {node!r}")  # pragma: no cover

    def rule(self, rule: Any) -> str:
        """A line of the finishing function that rejects an object breaking *rule*."""
        if isinstance(rule, ExactlyOneOf):
            given = " + ".join(f"(o.{name} is not None)" for name in rule.fields)
            return f"    if {given} != 1: raise Reject"
        if isinstance(rule, AtLeastOneOf):
            absent = " and ".join(f"o.{name} in ABSENT" for name in rule.fields)
            return f"    if {absent}: raise Reject"
        if not isinstance(rule, CodeDependsOn):  # pragma: no cover - teach new kinds here
            raise TypeError(f"the compiled fast path does not know the class rule {rule!r}")
        tests = [
            f"(o.{rule.vocabulary_field} == {vocab!r} and o.{rule.field} not in "
            f"{self.constant(code_type(name).allowed, f'codes_{name}')})"
            for vocab, name in rule.codelists
        ]
        return f"    if {' or '.join(tests)}: raise Reject" if tests else "    pass"

    def finisher(self) -> Callable[[Any], Any] | None:
        """The function run on each built object: attributes outside ``__init__``, rules, check."""
        cls = self.cls
        lines = [f"def finish_{cls.__name__}(o):"]
        for attribute in attrs.fields(cls):
            if not attribute.init:
                setter = self.constant(_setter(cls, attribute.name), f"set_{attribute.name}")
                default = self.constant(attribute.default, f"default_{attribute.name}")
                lines.append(f"    {setter}(o, {default})")
        lines.extend(self.rule(rule) for rule in getattr(cls, "__ngomodel_rules__", ()))
        check = getattr(cls, "__ngomodel_check__", None)
        if check is not None:
            lines.append(f"    if {self.constant(check, 'check')}(o): raise Reject")
        if len(lines) == 1:
            return None
        lines.append("    return o")
        name = f"finish_{cls.__name__}"
        finish: Callable[[Any], Any] = self.build(lines, name, "native finish", cls)
        return finish


def _text(pattern: Pattern | None) -> Any:
    if pattern is None:
        return cs.str_schema(strict=True)
    return cs.str_schema(strict=True, pattern=rust_regex(pattern), max_length=pattern.max_length)


class _IntBounds(TypedDict, total=False):
    ge: int
    le: int


def _int_bounds(node: IntegerType | NumberType) -> _IntBounds:
    """The bounds of a number node as integers (a float bound rounded inwards)."""
    bounds: _IntBounds = {}
    if node.minimum is not None:
        bounds["ge"] = math.ceil(node.minimum)
    if node.maximum is not None:
        bounds["le"] = math.floor(node.maximum)
    return bounds


def _float_bound(bound: float | None) -> float | None:
    """A bound for floats: none for the edges of the float range, which no finite float passes."""
    if bound is None or abs(bound) == FLOAT_MAX:
        return None
    return float(bound)


def _class_schema(cls: type, building: frozenset[type] = frozenset()) -> Any:
    writer = _SchemaWriter(cls, building)
    fields = []
    for field in ModelType(cls).fields:
        schema = writer.schema(field.type)
        if not field.required:
            schema = cs.with_default_schema(schema, default=field.default)
        fields.append(cs.dataclass_field(field.name, schema))
    arguments = cs.dataclass_args_schema(cls.__name__, fields, extra_behavior="forbid")
    names = [field.name for field in ModelType(cls).fields]
    schema = cs.dataclass_schema(cls, arguments, names, slots=True)
    finish = writer.finisher()
    if finish is not None:
        schema = cs.no_info_after_validator_function(finish, schema)
    return schema


def failing_ids(value: Any, error: BaseException) -> frozenset[int]:
    """The ids of the dicts of *value* at or above each place the compiled path reports.

    Args:
        value: The parsed payload that a compiled loader rejected.
        error: What it raised: a pydantic-core ``ValidationError``, whose errors
            have locations (field names and item indexes, with the labels of union
            branches after them); anything else gives no places.

    Returns:
        The ids; empty when the error names no place.
    """
    if SchemaValidator is None or not hasattr(error, "errors"):
        return frozenset()
    found: set[int] = set()
    for line in error.errors(include_url=False, include_context=False, include_input=False):
        node = value
        found.add(id(node))
        for part in line["loc"]:
            present = (type(node) is dict and part in node) or (
                type(node) is list and type(part) is int and 0 <= part < len(node)
            )
            if not present:  # a missing key, or the label of a union branch
                break
            node = node[part]
            if type(node) is dict:
                found.add(id(node))
    return frozenset(found)


def native_loader(cls: type) -> Callable[[Any], Any] | None:
    """The compiled loader of a model class, or ``None`` where there is none.

    Args:
        cls: A model class.

    Returns:
        A function of a parsed JSON value that returns the object or raises (a
        pydantic-core ``ValidationError``, or :class:`~ngomodel._fastload.Reject`
        from a date or a class rule); ``None`` without pydantic-core, or for a class
        whose validator could not be built.
    """
    try:
        return _LOADERS[cls]
    except KeyError:
        pass
    loader: Callable[[Any], Any] | None = None
    if SchemaValidator is not None:
        try:
            loader = SchemaValidator(_class_schema(cls)).validate_python
        except Exception:  # noqa: BLE001 - an older pydantic-core, or a class nesting itself
            loader = None
    _LOADERS[cls] = loader
    return loader
