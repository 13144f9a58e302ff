"""The machinery every model class shares: the :func:`model` decorator and type analysis.

A model class declares its fields with plain annotations. Constraints ride in
``typing.Annotated`` metadata (see :mod:`ngomodel._constraints`), and rules that
tie two fields of one object together are declared in ``__ngomodel_rules__``.
From those declarations this module derives the check that runs whenever an
object is built in Python; :mod:`ngomodel.converter` derives the JSON loader and
:mod:`ngomodel.schema` the JSON Schema from the very same analysis.
"""

from __future__ import annotations

import inspect
import math
import sys
import textwrap
import types
import typing
from collections.abc import Iterator
from contextvars import ContextVar
from decimal import Decimal
from typing import Annotated, Any, TypeVar

import attrs
from typing_extensions import dataclass_transform

from ngomodel._constraints import (
    INTEGER_RANGE,
    NUMBER_RANGE,
    SURROGATE_MESSAGE,
    Constraint,
    InCodelist,
    Range,
    lone_surrogate,
    tightest,
)
from ngomodel.errors import Problem, ValidationError, brief

__all__ = [
    "AtLeastOneOf",
    "ClassRule",
    "CodeDependsOn",
    "ExactlyOneOf",
    "TypeInfo",
    "analyse",
    "field_docs",
    "model",
    "problems_of",
]

C = TypeVar("C", bound=type)

#: The key under which a field's description is stored in attrs metadata.
DOC = "ngomodel.doc"


@attrs.frozen
class TypeInfo:
    """What a field type means, once ``Annotated`` and ``| None`` are peeled off.

    Attributes:
        base: The underlying Python type (``str``, ``int``, ``float``, ``bool``,
            ``tuple``, an attrs class, or a scalar value class).
        constraints: The constraint markers found in ``Annotated`` metadata. For
            ``int`` and ``float`` their ranges are combined into one :class:`Range`
            that also holds the bounds every integer or number has
            (:data:`~ngomodel._constraints.INTEGER_RANGE`,
            :data:`~ngomodel._constraints.NUMBER_RANGE`).
        optional: Whether ``None`` is allowed (meaning: the key is omitted).
        item: For ``tuple[X, ...]``, the analysis of ``X``.
        literals: For ``Literal[...]``, the allowed values.
    """

    base: Any
    constraints: tuple[Constraint, ...] = ()
    optional: bool = False
    item: TypeInfo | None = None
    literals: tuple[str, ...] | None = None


def analyse(tp: Any) -> TypeInfo:
    """Analyse a field annotation into a :class:`TypeInfo`.

    Args:
        tp: A type as written in a model class annotation.

    Returns:
        The analysis.

    Raises:
        TypeError: For a type the models are not allowed to use.
    """
    constraints: list[Constraint] = []
    optional = False
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            args = typing.get_args(tp)
            tp = args[0]
            constraints.extend(m for m in args[1:] if isinstance(m, Constraint))
            continue
        if origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(members) != 1:
                raise TypeError(f"only X | None unions are supported, not {tp!r}")
            optional = True
            tp = members[0]
            continue
        break
    if origin is typing.Literal:
        values = typing.get_args(tp)
        return TypeInfo(
            base=str, constraints=tuple(constraints), optional=optional, literals=values
        )
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"only tuple[X, ...] is supported, not {tp!r}")
        return TypeInfo(
            base=tuple,
            constraints=tuple(constraints),
            optional=optional,
            item=analyse(args[0]),
        )
    if not isinstance(tp, type):
        raise TypeError(f"unsupported field type {tp!r}")
    if tp is int or tp is float:
        constraints = _with_bounds(constraints, INTEGER_RANGE if tp is int else NUMBER_RANGE)
    return TypeInfo(base=tp, constraints=tuple(constraints), optional=optional)


def _with_bounds(constraints: list[Constraint], bounds: Range) -> list[Constraint]:
    """Fold every Range into one that also keeps within *bounds*, where the first stood.

    Done here, once, the bounds reach every consumer of the analysis alike: the
    constructors' checks, both loader paths and the schema generator.
    """
    ranges = [c for c in constraints if isinstance(c, Range)]
    at = constraints.index(ranges[0]) if ranges else len(constraints)
    rest = [c for c in constraints if not isinstance(c, Range)]
    rest.insert(at, tightest([*ranges, bounds]))
    return rest


# -- class rules -----------------------------------------------------------------------


class ClassRule:
    """A rule that ties fields of one object together; it lives on the class."""

    def check(self, obj: Any) -> Iterator[Problem]:  # pragma: no cover - abstract
        """Yield the problems *obj* has under this rule, with paths relative to *obj*."""
        raise NotImplementedError


@attrs.frozen
class ExactlyOneOf(ClassRule):
    """Exactly one of the named fields is given.

    Attributes:
        fields: The field names, of which exactly one must be present.
    """

    fields: tuple[str, ...]

    def check(self, obj: Any) -> Iterator[Problem]:
        given = [name for name in self.fields if getattr(obj, name) is not None]
        if len(given) != 1:
            names = " or ".join(repr(n) for n in self.fields)
            found = ", ".join(repr(n) for n in given) or "none"
            yield Problem(
                path="",
                code="exactly_one_required",
                message=f"exactly one of {names} is required (found: {found})",
            )


@attrs.frozen
class AtLeastOneOf(ClassRule):
    """At least one of the named fields is given.

    Attributes:
        fields: The field names, of which at least one must be present.
    """

    fields: tuple[str, ...]

    def check(self, obj: Any) -> Iterator[Problem]:
        if all(getattr(obj, name) is None for name in self.fields):
            names = " or ".join(repr(n) for n in self.fields)
            yield Problem(
                path="",
                code="at_least_one_required",
                message=f"at least one of {names} is required",
            )


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

    def check(self, obj: Any) -> Iterator[Problem]:
        vocabulary = getattr(obj, self.vocabulary_field)
        for vocab, name in self.codelists:
            if vocabulary == vocab:
                found = InCodelist(name).check(getattr(obj, self.field))
                if found is not None:
                    code, message = found
                    yield Problem(path=f"/{self.field}", code=code, message=message)


# -- checking Python values ------------------------------------------------------------


def _type_problem(expected: str, value: Any) -> Problem:
    return Problem(
        path="",
        code="wrong_type",
        message=f"expected {expected}, got {brief(type(value).__name__)} {brief(value)}",
    )


def _check_base(info: TypeInfo, value: Any) -> Problem | None:
    base = info.base
    if base is str:
        ok = isinstance(value, str)
        expected = "a string"
        if ok and lone_surrogate(value):
            return Problem(path="", code="invalid_encoding", message=SURROGATE_MESSAGE)
    elif base is bool:
        ok = isinstance(value, bool)
        expected = "a boolean"
    elif base is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        expected = "an integer"
    elif base is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        expected = "a number"
        if ok and isinstance(value, float) and not math.isfinite(value):
            return Problem(
                path="", code="not_finite", message=f"{brief(value)} is not a finite number"
            )
    elif base is tuple:
        ok = isinstance(value, tuple)
        expected = "a tuple"
    elif base is Decimal:
        ok = isinstance(value, Decimal)
        expected = "a Decimal"
    else:
        ok = isinstance(value, base)
        expected = f"a {base.__name__}"
    return None if ok else _type_problem(expected, value)


def check_value(info: TypeInfo, value: Any) -> list[Problem]:
    """Check a Python value against a field's type analysis.

    Args:
        info: The field's :class:`TypeInfo`.
        value: The value to check.

    Returns:
        The problems found, with paths relative to the value.
    """
    if value is None:
        if info.optional:
            return []
        return [_type_problem("a value", value)]
    wrong = _check_base(info, value)
    if wrong is not None:
        return [wrong]
    out: list[Problem] = []
    if info.literals is not None and value not in info.literals:
        out.append(
            Problem(
                path="",
                code="unknown_code",
                message=f"{brief(value)} is not one of {', '.join(map(repr, info.literals))}",
            )
        )
        return out
    for constraint in info.constraints:
        found = constraint.check(value)
        if found is not None:
            out.append(Problem(path="", code=found[0], message=found[1]))
    if info.item is not None:
        for index, item in enumerate(value):
            out.extend(p.within(str(index)) for p in check_value(info.item, item))
    return out


def problems_of(obj: Any) -> list[Problem]:
    """Return every problem of an attrs model object, fields first, then class rules.

    Args:
        obj: An instance of a model class.

    Returns:
        The problems, with JSON Pointer paths relative to *obj*.
    """
    cls = type(obj)
    out: list[Problem] = []
    for name, info in field_infos(cls):
        out.extend(p.within(name) for p in check_value(info, getattr(obj, name)))
    if not out:
        out.extend(_class_rule_problems(obj))
    return out


_INFOS: dict[type, tuple[tuple[str, TypeInfo], ...]] = {}


def field_infos(cls: type) -> tuple[tuple[str, TypeInfo], ...]:
    """Return ``(name, TypeInfo)`` for every field of a model class, in order (cached).

    Args:
        cls: A model class.

    Returns:
        The analysed fields.
    """
    infos = _INFOS.get(cls)
    if infos is None:
        hints = typing.get_type_hints(cls, include_extras=True)
        infos = tuple((a.name, analyse(hints[a.name])) for a in attrs.fields(cls) if a.init)
        _INFOS[cls] = infos
    return infos


#: Set by the loader while it builds objects from payloads whose every field its
#: structure hooks have already checked: then only the class rules run on construction.
FIELDS_CHECKED: ContextVar[bool] = ContextVar("ngomodel_fields_checked", default=False)


def _class_rule_problems(obj: Any) -> list[Problem]:
    return [p for rule in getattr(type(obj), "__ngomodel_rules__", ()) for p in rule.check(obj)]


def _validate(self: Any) -> None:
    found = _class_rule_problems(self) if FIELDS_CHECKED.get() else problems_of(self)
    if found:
        raise ValidationError(found)


def doc(text: str, *, default: Any = attrs.NOTHING) -> Any:
    """Declare a field with its description, the one text that describes the field.

    The text is the field's ``description`` in the JSON Schema, and :func:`model`
    lists it under ``Attributes:`` in the class docstring: it is written once, on
    the field, as one plain sentence or two (no reStructuredText markup).

    Args:
        text: The field's description.
        default: The field's default; a field without one is required.

    Returns:
        An attrs field definition.
    """
    return attrs.field(metadata={DOC: text}, default=default)


def field_docs(cls: type) -> tuple[tuple[str, str], ...]:
    """Return ``(name, description)`` for every field of a model class, in declaration order.

    Inherited fields come first, as attrs orders them; fields that are not
    constructor arguments (private caches) are left out.

    Args:
        cls: An attrs class whose fields are declared with :func:`doc`.

    Returns:
        The fields' names and their :func:`doc` texts.

    Raises:
        TypeError: For a field declared without a description.
    """
    out: list[tuple[str, str]] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        text: str = field.metadata.get(DOC, "")
        if not text:
            raise TypeError(
                f"{cls.__qualname__}.{field.name} has no description: declare it with doc()"
            )
        out.append((field.name, text))
    return tuple(out)


#: Generated ``Attributes:`` entries wrap at this width, so ``help()`` shows them unbroken.
_DOC_WIDTH = 88


def _docstring(cls: type) -> str:
    """Return the class docstring with an ``Attributes:`` section made from the fields.

    The hand-written part (the summary and any prose) stays as written; the section
    that napoleon renders as the field list follows it, in Google style. A class
    that still lists its fields by hand is refused: the two lists would drift apart.
    """
    written = inspect.cleandoc(cls.__doc__ or "")
    if any(line.strip() == "Attributes:" for line in written.splitlines()):
        raise TypeError(
            f"{cls.__qualname__}'s docstring lists its fields by hand: remove its "
            "'Attributes:' section, model() writes it from the fields' doc() texts"
        )
    section = ["Attributes:"]
    for name, text in field_docs(cls):
        section += textwrap.wrap(
            f"{name}: {text}",
            width=_DOC_WIDTH,
            initial_indent="    ",
            subsequent_indent="        ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    return "\n\n".join(part for part in (written, "\n".join(section)) if part) + "\n"


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(attrs.field, doc))
def model(cls: C) -> C:
    """Make *cls* a model: a frozen, keyword-only attrs class that checks itself.

    Every object is checked when it is built: each field against its annotated
    type and constraints, then the class's ``__ngomodel_rules__``. All problems
    are raised together as one :class:`~ngomodel.ValidationError`, each at its
    field's JSON Pointer path.

    The class docstring gets its ``Attributes:`` section here, from the fields'
    :func:`doc` texts in declaration order; the docstring itself holds only the
    summary and prose about the class as a whole.

    Args:
        cls: The class to decorate.

    Returns:
        The attrs class.

    Raises:
        TypeError: For a field without a :func:`doc` text, or a docstring that
            already lists the fields.
    """
    cls.__attrs_post_init__ = _validate  # type: ignore[attr-defined]
    cls.__ngomodel_model__ = True  # type: ignore[attr-defined]
    made = attrs.frozen(kw_only=True)(cls)
    if sys.flags.optimize < 2:  # under -OO there are no docstrings to complete
        made.__doc__ = _docstring(made)
    return made


def is_model(tp: Any) -> bool:
    """Whether *tp* is a class made by :func:`model` (or a subclass of one)."""
    return getattr(tp, "__ngomodel_model__", False) is True
