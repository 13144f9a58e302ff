"""What every field of the model is: one description, read by every consumer.

:func:`type_info` turns a field's annotation, or a model class, into a tree of
nodes from a small, closed set: text, code, integer, number, boolean, amount,
date, localized text, extension data, list, optional value and model. A
:class:`ModelType` lists its class's :class:`Field` s (name, type, default,
description and, for a deprecated field, what to use instead) and its class
rules; a :class:`CodeType` names the codes its codelist has withdrawn. The
library reads its own classes only through these nodes: the constructors'
checks, both JSON loaders, the dumpers, the JSON Schema generator, the rules,
the strategies and the docs all dispatch over them, so a field means the same
thing to each. Downstream projects can write their own exporters the
same way:

>>> from ngomodel import Money, inspect
>>> [(f.name, type(f.type).__name__) for f in inspect.type_info(Money).fields]
[('amount', 'AmountType'), ('currency', 'CodeType'), ('value_date', 'OptionalType')]
>>> inspect.type_info(Money).fields[1].type.codelist
'currency'

The name of a field is also its key on the wire. Every node can check a Python
value as a model object holds it, with :meth:`Node.problems`.

An exporter dispatches over the node kinds. This one writes a one-line summary
of every field of a class, as a data dictionary might list them:

>>> def kind(node):
...     if isinstance(node, OptionalType):
...         return kind(node.item) + ", optional"
...     if isinstance(node, ListType):
...         return f"list of {kind(node.item)}"
...     if isinstance(node, CodeType):
...         return f"code ({node.codelist})"
...     if isinstance(node, TextType) and node.pattern is not None:
...         return node.pattern.name
...     if isinstance(node, ModelType):
...         return node.cls.__name__
...     return type(node).__name__.removesuffix("Type").lower()
>>> from ngomodel import Location
>>> for field in type_info(Location).fields[:5]:
...     print(f"{field.name}: {kind(field.type)}")
id: Id
name: localizedtext, optional
country: code (country), optional
admin_areas: list of Text
point: Point, optional
"""

from __future__ import annotations

import datetime
import functools
import math
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any

import attrs

from ngomodel import codelists
from ngomodel._constraints import (
    INTEGER_RANGE,
    NUMBER_RANGE,
    SURROGATE_MESSAGE,
    Constraint,
    InCodelist,
    MinItems,
    Pattern,
    Range,
    Refers,
    lone_surrogate,
    tightest,
)
from ngomodel._hints import code_message, enum_message
from ngomodel._scalars import AMOUNT, ExtensionData, LocalizedText, PartialDate, plain_length
from ngomodel.errors import Problem, brief

__all__ = [
    "DEPRECATED",
    "DOC",
    "NODEFAULT",
    "AmountType",
    "AtLeastOneOf",
    "BooleanType",
    "ClassRule",
    "CodeDependsOn",
    "CodeType",
    "DateType",
    "ExactlyOneOf",
    "ExtensionDataType",
    "Field",
    "IntegerType",
    "ListType",
    "LocalizedTextType",
    "ModelType",
    "Node",
    "NumberType",
    "OptionalType",
    "Pattern",
    "TextType",
    "code_type",
    "fields",
    "full_doc",
    "is_model",
    "type_info",
]

#: The ``default`` of a required :class:`Field`.
NODEFAULT: Any = attrs.NOTHING

#: The attrs metadata key of a field's description (``doc(...)`` sets it).
DOC = "ngomodel.doc"
#: The attrs metadata key of a deprecated field's reason (``doc(..., deprecated=...)`` sets it).
DEPRECATED = "ngomodel.deprecated"


def full_doc(text: str, deprecated: str | None) -> str:
    """A field's description as the docs and the schemas show it: for a deprecated
    field, followed by ``Deprecated:`` and the reason.

    >>> full_doc("What it does.", "Use descriptions instead.")
    'What it does. Deprecated: Use descriptions instead.'
    """
    return text if deprecated is None else f"{text} Deprecated: {deprecated}"


def _problem(code: str, message: str) -> Problem:
    return Problem(path="", code=code, message=message)


def _wrong_type(expected: str, value: Any) -> list[Problem]:
    got = f"{brief(type(value).__name__)} {brief(value)}"
    return [_problem("wrong_type", f"expected {expected}, got {got}")]


class Node:
    """A node of the description: the kind of value a field holds, and its constraints."""

    #: What a value of this node is, in words, for messages, such as ``"an integer"``.
    expected = "a value"

    def problems(self, value: Any) -> list[Problem]:  # pragma: no cover - abstract
        """Return what is wrong with *value* as a model object holds it (none if valid).

        Args:
            value: A Python value, such as a constructor receives.

        Returns:
            The problems, with JSON Pointer paths relative to the value.
        """
        raise NotImplementedError


@attrs.frozen
class TextType(Node):
    """A string; with a :class:`Pattern` (and its length limit), a constrained one.

    Attributes:
        pattern: The pattern the text matches (``Id``, ``Text``, ``Url``, …), or ``None``.
        refers_to: For the id of another entity of the dataset, that entity's kind
            (``"organization"``, ``"network"``, ``"person"``, ``"agreement"``,
            ``"program"``, or ``"location"`` for a location of the same program); the
            rule ``unresolved_reference`` checks that it names one. ``None`` otherwise.
    """

    pattern: Pattern | None = None
    refers_to: str | None = None
    expected = "a string"

    def problems(self, value: Any) -> list[Problem]:
        if not isinstance(value, str):
            return _wrong_type(self.expected, value)
        if lone_surrogate(value):
            return [_problem("invalid_encoding", SURROGATE_MESSAGE)]
        found = None if self.pattern is None else self.pattern.problem(value)
        return [] if found is None else [found]


@attrs.frozen
class CodeType(Node):
    """A code: one of a fixed set of strings, usually the codes of a shipped codelist.

    Attributes:
        codes: The allowed codes, in codelist order.
        codelist: The name of the codelist (see :mod:`ngomodel.codelists`), or ``None``
            for a fixed set of its own (such as the format version).
        withdrawn: Those of the codes that the codelist has withdrawn, in codelist order:
            still allowed, but no longer to be used. The rule ``withdrawn_code`` warns of
            them and the schemas mark them ``deprecated``.
    """

    codes: tuple[str, ...]
    codelist: str | None = None
    withdrawn: tuple[str, ...] = ()
    expected = "a string"
    _allowed: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    _current: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_allowed", frozenset(self.codes))
        withdrawn = set(self.withdrawn)
        if not withdrawn <= self._allowed:
            raise ValueError(
                f"withdrawn codes that are not codes: {sorted(withdrawn - self._allowed)}"
            )
        object.__setattr__(self, "_current", tuple(c for c in self.codes if c not in withdrawn))

    @property
    def allowed(self) -> frozenset[str]:
        """The codes as a set, for membership tests."""
        return self._allowed

    @property
    def current(self) -> tuple[str, ...]:
        """The codes that are not withdrawn, in codelist order, which are those to use.

        >>> code_type("region").current[:4], code_type("region").withdrawn
        (('88', '89', '189', '289'), ('380',))
        """
        return self._current

    def problems(self, value: Any) -> list[Problem]:
        if not isinstance(value, str):
            return _wrong_type(self.expected, value)
        if value in self._allowed:
            return []
        if self.codelist is not None:
            message = code_message(value, self.codes, self.codelist)
        else:
            message = enum_message(value, self.codes)
        return [_problem("unknown_code", message)]


@attrs.frozen
class _Bounded(Node):
    """A number within inclusive bounds (``None`` for no bound)."""

    minimum: int | float | None = None
    maximum: int | float | None = None

    def bounds_problem(self, value: int | float) -> Problem | None:
        """Return the problem of a number outside the bounds or not finite, or ``None``."""
        # Python compares an int of any size with a float exactly: 2**1024 > FLOAT_MAX.
        if isinstance(value, float) and not math.isfinite(value):
            return _problem("not_finite", f"{brief(value)} is not a finite number")
        if self.minimum is not None and value < self.minimum:
            return _problem(
                "too_small", f"{brief(value)} is less than the minimum of {self.minimum}"
            )
        if self.maximum is not None and value > self.maximum:
            return _problem(
                "too_large", f"{brief(value)} is greater than the maximum of {self.maximum}"
            )
        return None

    def problems(self, value: Any) -> list[Problem]:
        if not self.holds(value):
            return _wrong_type(self.expected, value)
        found = self.bounds_problem(value)
        return [] if found is None else [found]

    def holds(self, value: Any) -> bool:  # pragma: no cover - abstract
        """Whether *value* is of the Python type this node holds."""
        raise NotImplementedError


@attrs.frozen
class IntegerType(_Bounded):
    """A whole number, within plus or minus 2**53 - 1 and any tighter bounds.

    Attributes:
        minimum: The smallest allowed value.
        maximum: The largest allowed value.
    """

    expected = "an integer"

    def holds(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)


@attrs.frozen
class NumberType(_Bounded):
    """A finite number (an ``int`` or a ``float``), within the float range and any bounds.

    Attributes:
        minimum: The smallest allowed value.
        maximum: The largest allowed value.
    """

    expected = "a number"

    def holds(self, value: Any) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool)


@attrs.frozen
class BooleanType(Node):
    """``True`` or ``False``."""

    expected = "a boolean"

    def problems(self, value: Any) -> list[Problem]:
        return [] if isinstance(value, bool) else _wrong_type(self.expected, value)


@attrs.frozen
class AmountType(Node):
    """An exact :class:`~decimal.Decimal`; on the wire a string of its pattern.

    Attributes:
        pattern: The pattern of the wire form, with its length limit.
        minimum: The smallest amount allowed (``0`` for an ``Amount``), or ``None`` for
            an amount that may be negative (a ``SignedAmount``).
    """

    pattern: Pattern = AMOUNT
    minimum: int | None = 0
    expected = "a Decimal"

    def problems(self, value: Any) -> list[Problem]:
        if not isinstance(value, Decimal):
            return _wrong_type(self.expected, value)
        if not value.is_finite() or (
            self.minimum is not None and (value < self.minimum or value.is_signed())
        ):
            least = "" if self.minimum is None else ", non-negative"  # -0 is signed too
            message = f"{brief(value)} is not a finite{least} amount"
            return [_problem("invalid_amount", message)]
        length, limit = plain_length(value), self.pattern.max_length
        if limit is not None and length > limit:
            message = (
                f"the amount written out is {length} characters long, more than the "
                f"maximum of {limit}"
            )
            return [_problem("too_long", message)]
        return []


@attrs.frozen
class DateType(Node):
    """A :class:`~ngomodel.PartialDate`; on the wire ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    expected = "a PartialDate"

    def problems(self, value: Any) -> list[Problem]:
        if isinstance(value, PartialDate):
            return []
        (problem,) = _wrong_type(self.expected, value)
        if isinstance(value, datetime.date):  # a date object is not taken as is: say how
            message = f"{problem.message}; PartialDate.from_date() makes one of a date"
            problem = attrs.evolve(problem, message=message)
        return [problem]


@attrs.frozen
class LocalizedTextType(Node):
    """A :class:`~ngomodel.LocalizedText`; on the wire an object of language tag → text."""

    expected = "a LocalizedText"

    def problems(self, value: Any) -> list[Problem]:
        return [] if isinstance(value, LocalizedText) else _wrong_type(self.expected, value)


@attrs.frozen
class ExtensionDataType(Node):
    """An :class:`~ngomodel.ExtensionData`; on the wire an object of extension name → object.

    What each extension's members may be is not part of the description: extensions
    are declared by a dataset and checked against their own schemas (see
    :mod:`ngomodel.extensions`).
    """

    expected = "an ExtensionData"

    def problems(self, value: Any) -> list[Problem]:
        return [] if isinstance(value, ExtensionData) else _wrong_type(self.expected, value)


@attrs.frozen
class ListType(Node):
    """A tuple of items of one type; on the wire an array.

    Attributes:
        item: The type of every item.
        min_items: The fewest items allowed.
    """

    item: Node
    min_items: int = 0
    expected = "a tuple"

    def problems(self, value: Any) -> list[Problem]:
        if not isinstance(value, tuple):
            return _wrong_type(self.expected, value)
        out = [p.within(str(i)) for i, item in enumerate(value) for p in self.item.problems(item)]
        found = self.length_problem(len(value))
        return out if found is None else [*out, found]

    def length_problem(self, length: int) -> Problem | None:
        """Return the problem of a list of *length* items, or ``None``."""
        if length >= self.min_items:
            return None
        noun = "item" if self.min_items == 1 else "items"
        return _problem("too_few_items", f"expected at least {self.min_items} {noun}, got {length}")


@attrs.frozen
class OptionalType(Node):
    """A value that may be absent: ``None`` in Python, an omitted key on the wire.

    Attributes:
        item: The type of the value when it is present.
    """

    item: Node

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.item.expected

    def problems(self, value: Any) -> list[Problem]:
        return [] if value is None else self.item.problems(value)


@attrs.frozen
class Field:
    """One field of a model class.

    Attributes:
        name: The field's name, which is also its key on the wire.
        type: What the field holds.
        default: The default, or :data:`NODEFAULT` for a required field.
        doc: The field's description, as declared with ``doc(...)``.
        deprecated: For a deprecated field, why, and what to use instead (one or two plain
            sentences, as declared with ``doc(..., deprecated=...)``); ``None`` for a field
            in good standing. A deprecated field still loads and dumps as before; the
            schemas mark it ``deprecated`` and the rule ``deprecated_field`` warns of it.
    """

    name: str
    type: Node
    default: Any = NODEFAULT
    doc: str = ""
    deprecated: str | None = None

    @property
    def required(self) -> bool:
        """Whether the field has no default, so that its key must be given."""
        return self.default is NODEFAULT

    @property
    def full_doc(self) -> str:
        """The description as the docstrings and the schemas show it (see :func:`full_doc`)."""
        return full_doc(self.doc, self.deprecated)


@attrs.frozen
class ModelType(Node):
    """An object of a model class: its fields, and the rules that tie them together.

    Attributes:
        cls: The model class.
    """

    cls: type

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"a {self.cls.__name__}"

    @property
    def fields(self) -> tuple[Field, ...]:
        """The fields, in declaration order (inherited ones first)."""
        return fields(self.cls)

    @property
    def rules(self) -> tuple[ClassRule, ...]:
        """The class rules (``__ngomodel_rules__``)."""
        return tuple(getattr(self.cls, "__ngomodel_rules__", ()))

    def problems(self, value: Any) -> list[Problem]:
        # A model object checked itself when it was built.
        if type(value) is self.cls:
            return []
        if not isinstance(value, self.cls):
            return _wrong_type(self.expected, value)
        # A subclass would be written and read back as this class, its own fields lost.
        base = {a.name for a in attrs.fields(self.cls)}
        own = [a.name for a in getattr(type(value), "__attrs_attrs__", ()) if a.name not in base]
        lost = f", losing its own fields ({', '.join(own)})" if own else ""
        message = (
            f"an object of class {type(value).__name__} here would be written as class "
            f"{self.cls.__name__} and read back as one{lost}"
        )
        return [_problem("subclass_not_kept", message)]


# -- class rules -----------------------------------------------------------------------


class ClassRule:
    """A rule that ties fields of one object together; it lives on the class."""

    def problems(self, obj: Any) -> Iterator[Problem]:  # pragma: no cover - abstract
        """Yield the problems *obj* has under this rule, with paths relative to *obj*."""
        raise NotImplementedError


@attrs.frozen
class ExactlyOneOf(ClassRule):
    """Exactly one of the named fields is given.

    Attributes:
        fields: The field names, of which exactly one must be present.
    """

    fields: tuple[str, ...]

    def problems(self, obj: Any) -> Iterator[Problem]:
        given = [name for name in self.fields if getattr(obj, name) is not None]
        if len(given) != 1:
            names = " or ".join(repr(n) for n in self.fields)
            found = ", ".join(repr(n) for n in given) or "none"
            message = f"exactly one of {names} is required (found: {found})"
            yield _problem("exactly_one_required", message)


@attrs.frozen
class AtLeastOneOf(ClassRule):
    """At least one of the named fields is given (a list field: with at least one item).

    Attributes:
        fields: The field names, of which at least one must be present.
    """

    fields: tuple[str, ...]

    def problems(self, obj: Any) -> Iterator[Problem]:
        if all(getattr(obj, name) in (None, ()) for name in self.fields):
            names = " or ".join(repr(n) for n in self.fields)
            yield _problem("at_least_one_required", f"at least one of {names} is required")


@attrs.frozen
class CodeDependsOn(ClassRule):
    """A code field must belong to the codelist that a vocabulary field selects.

    Vocabularies not listed in *codelists* accept any code that is a valid id.

    Attributes:
        field: The name of the code field.
        vocabulary_field: The name of the field that selects the vocabulary.
        codelists: Vocabulary code → codelist name.
    """

    field: str
    vocabulary_field: str
    codelists: tuple[tuple[str, str], ...]

    def problems(self, obj: Any) -> Iterator[Problem]:
        vocabulary = getattr(obj, self.vocabulary_field)
        for vocab, name in self.codelists:
            if vocabulary == vocab:
                for problem in code_type(name).problems(getattr(obj, self.field)):
                    yield problem.within(self.field)


# -- reading annotations ---------------------------------------------------------------


def is_model(tp: Any) -> bool:
    """Whether *tp* is a model class (made by ngomodel's ``model`` decorator, or a subclass).

    >>> from ngomodel import Program, PartialDate
    >>> is_model(Program), is_model(PartialDate)
    (True, False)
    """
    return isinstance(tp, type) and getattr(tp, "__ngomodel_model__", False) is True


@functools.cache
def code_type(name: str) -> CodeType:
    """The :class:`CodeType` of the codes of codelist *name*, its withdrawn codes marked."""
    codelist = codelists.get(name)
    return CodeType(
        codes=tuple(c.code for c in codelist), codelist=name, withdrawn=codelist.withdrawn
    )


def type_info(tp: Any) -> Node:
    """Describe a field annotation, or a model class, as a :class:`Node`.

    Args:
        tp: A type as written in a model class annotation (``Annotated`` markers,
            ``X | None``, ``tuple[X, ...]``, ``Literal[...]``), or a model class.

    Returns:
        The node.

    Raises:
        TypeError: For a type that models may not use.

    >>> from ngomodel._scalars import Count
    >>> type_info(Count)
    IntegerType(minimum=0, maximum=9007199254740991)
    >>> type_info(tuple[Count, ...] | None)
    OptionalType(item=ListType(item=IntegerType(minimum=0, maximum=9007199254740991), min_items=0))
    """
    return _describe(tp, [])


def _describe(tp: Any, markers: list[Constraint]) -> Node:
    """Describe *tp*, with the markers of the ``Annotated`` layers around it."""
    markers = list(markers)
    while typing.get_origin(tp) is Annotated:
        tp, *metadata = typing.get_args(tp)
        markers.extend(m for m in metadata if isinstance(m, Constraint))
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(members) != 1:
            raise TypeError(f"only X | None unions are supported, not {tp!r}")
        return OptionalType(_describe(members[0], markers))
    codelist = next((m.name for m in markers if isinstance(m, InCodelist)), None)
    if origin is typing.Literal:
        codes = typing.get_args(tp)
        if codelist is None:
            return CodeType(codes=codes)
        withdrawn = tuple(c for c in codes if c in code_type(codelist).withdrawn)
        return CodeType(codes=codes, codelist=codelist, withdrawn=withdrawn)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"only tuple[X, ...] is supported, not {tp!r}")
        least = max((m.count for m in markers if isinstance(m, MinItems)), default=0)
        return ListType(item=type_info(args[0]), min_items=least)
    ranges = [m for m in markers if isinstance(m, Range)]
    if tp is str:
        if codelist is not None:
            return code_type(codelist)
        pattern = next((m for m in markers if isinstance(m, Pattern)), None)
        refers = next((m.kind for m in markers if isinstance(m, Refers)), None)
        return TextType(pattern, refers)
    if tp is int or tp is float:
        bounds = tightest([*ranges, INTEGER_RANGE if tp is int else NUMBER_RANGE])
        node = IntegerType if tp is int else NumberType
        return node(minimum=bounds.minimum, maximum=bounds.maximum)
    if tp is Decimal and not markers:  # a plain Decimal is an Amount
        return AmountType()
    if tp is Decimal:
        wire = next((m for m in markers if isinstance(m, Pattern)), AMOUNT)
        floor = tightest(ranges).minimum
        return AmountType(wire, None if floor is None else int(floor))
    simple: dict[Any, type[Node]] = {
        bool: BooleanType,
        PartialDate: DateType,
        LocalizedText: LocalizedTextType,
        ExtensionData: ExtensionDataType,
    }
    if tp in simple:
        return simple[tp]()
    if is_model(tp):
        return ModelType(tp)
    raise TypeError(f"unsupported field type {tp!r}")


_FIELDS: dict[type, tuple[Field, ...]] = {}


def fields(cls: type) -> tuple[Field, ...]:
    """Return the fields of a model class, described once on first use, in declaration order.

    The same as ``type_info(cls).fields``, without building the :class:`ModelType`:
    the constructors' check asks for it on every object built.

    Args:
        cls: A model class.

    Returns:
        Its :class:`Field` s, inherited ones first.

    >>> from ngomodel import Money
    >>> [field.name for field in fields(Money)]
    ['amount', 'currency', 'value_date']
    """
    found = _FIELDS.get(cls)
    if found is not None:
        return found
    hints = typing.get_type_hints(cls, include_extras=True)
    found = _FIELDS[cls] = tuple(
        Field(
            name=a.name,
            type=type_info(hints[a.name]),
            default=a.default,
            doc=a.metadata.get(DOC, ""),
            deprecated=a.metadata.get(DEPRECATED),
        )
        for a in attrs.fields(cls)
        if a.init
    )
    return found
