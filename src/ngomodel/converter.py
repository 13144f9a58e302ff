"""The cattrs converter that loads and dumps ngomodel objects, strictly.

The policy, rule by rule:

* **No coercion.** A string is only a JSON string, an integer only a JSON
  number without a fractional part (``265`` or ``265.0``, as JSON Schema
  defines "integer"; never a boolean), a number any finite JSON number (never a
  boolean), a list only a JSON array. ``"42"`` is not 42 and ``true`` is not 1.
* **Numbers every reader holds.** An integer lies within plus or minus
  2**53 - 1 (I-JSON's and JavaScript's safe integers), a number within the range
  of a 64-bit float; beyond, ``too_large`` or ``too_small``.
* **Plain JSON values only.** The value given is first checked to be what a JSON
  parser gives (see :func:`ngomodel._json.json_problems`): no tuples, sets,
  ``Decimal``, NaN, subclasses, non-string keys or nesting over 256 levels.
* **Unknown keys are rejected**, at every depth.
* **Optional values are omitted, never null.** ``null`` is rejected; on output,
  fields equal to their default (``None``, an empty list, a default code) are
  left out.
* **Every constraint is checked** (codes, patterns, ranges, list lengths) by
  the same markers that the model classes' own checks and the published
  schemas use, and every problem is collected, each at its JSON Pointer path.
* **Exact values.** Money amounts are decimal strings read into
  :class:`~decimal.Decimal`; partial dates are strings read into
  :class:`~ngomodel.PartialDate`; localized texts are objects read into
  :class:`~ngomodel.LocalizedText`.

Use :func:`make_converter` for a fresh converter, or
:func:`configure_converter` to add the policy to one of your own; most users
never need either and call :func:`ngomodel.loads` and :func:`ngomodel.dumps`.
"""

from __future__ import annotations

import math
import typing
from decimal import Decimal
from typing import Any, NoReturn

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from ngomodel._constraints import SURROGATE_MESSAGE, lone_surrogate
from ngomodel._model import TypeInfo, analyse
from ngomodel._values import AMOUNT, DATE, LocalizedText, PartialDate, _localized_problems
from ngomodel.errors import Problem, ValidationError, brief

__all__ = ["configure_converter", "make_converter", "problems_from_exception"]


class _Invalid(ValueError):
    """Raised by a structure hook: the problems, with paths relative to the value."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _fail(code: str, message: str) -> NoReturn:
    raise _Invalid([Problem(path="", code=code, message=message)])


_JSON_KIND = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    dict: "object",
    list: "array",
    tuple: "array",
    type(None): "null",
}


def _kind(value: Any) -> str:
    return _JSON_KIND.get(type(value), type(value).__name__)


def _wrong_type(expected: str, value: Any) -> NoReturn:
    if value is None:
        _fail("null_value", f"expected {expected}, got null (omit an optional key instead)")
    _fail("wrong_type", f"expected {expected}, got {_kind(value)}")


def _scalar_hook(info: TypeInfo) -> Any:
    """Build the structure function for a string, number or boolean type with constraints."""
    base = info.base
    constraints = info.constraints
    literals = info.literals

    def apply(value: Any) -> Any:
        problems = []
        for constraint in constraints:
            found = constraint.check(value)
            if found is not None:
                problems.append(Problem(path="", code=found[0], message=found[1]))
        if problems:
            raise _Invalid(problems)
        return value

    if base is str:

        def structure_str(value: Any, _: Any) -> Any:
            if type(value) is not str:
                _wrong_type("a string", value)
            if lone_surrogate(value):
                _fail("invalid_encoding", SURROGATE_MESSAGE)
            if literals is not None and value not in literals:
                allowed = ", ".join(map(repr, literals))
                _fail("unknown_code", f"{brief(value)} is not one of {allowed}")
            return apply(value)

        return structure_str
    if base is bool:

        def structure_bool(value: Any, _: Any) -> Any:
            if type(value) is not bool:
                _wrong_type("a boolean", value)
            return value

        return structure_bool
    if base is int:

        def structure_int(value: Any, _: Any) -> Any:
            kind = type(value)
            if kind is float and math.isfinite(value) and value.is_integer():
                # JSON Schema's "integer" is any number without a fractional part: 265.0
                # too. Its range is checked as given, so that a message quotes 1e+300.
                return int(apply(value))
            if kind is not int:
                _wrong_type("an integer", value)
            return apply(value)

        return structure_int
    if base is float:

        def structure_number(value: Any, _: Any) -> Any:
            kind = type(value)
            if kind is not float and kind is not int:
                _wrong_type("a number", value)
            if kind is float and not math.isfinite(value):
                _fail("not_finite", f"{brief(value)} is not a finite number")
            return apply(value)

        return structure_number
    if base is Decimal:

        def structure_amount(value: Any, _: Any) -> Decimal:
            if type(value) is not str:
                _wrong_type("a decimal amount written as a string", value)
            found = AMOUNT.check(value)
            if found is not None:
                _fail(*found)
            return Decimal(value)

        return structure_amount
    raise TypeError(f"no scalar hook for {base!r}")  # pragma: no cover - guarded by analyse


def _structure_partial_date(value: Any, _: Any) -> PartialDate:
    if type(value) is not str:
        _wrong_type("a date string (YYYY, YYYY-MM or YYYY-MM-DD)", value)
    found = DATE.check(value)
    if found is not None:
        _fail(*found)
    return PartialDate.parse(value)


def _structure_localized(value: Any, _: Any) -> LocalizedText:
    if type(value) is not dict:
        _wrong_type("an object of language tag → text", value)
    problems = _localized_problems(value)
    if problems:
        raise _Invalid(problems)
    return LocalizedText._checked(value)


def problems_from_exception(error: BaseException) -> list[Problem]:
    """Turn what a structure hook raised into problems with JSON Pointer paths.

    Args:
        error: An exception raised while structuring (a cattrs exception group,
            a :class:`~ngomodel.ValidationError`, …).

    Returns:
        The problems, with paths relative to the value being structured.
    """
    if isinstance(error, _Invalid):
        return list(error.problems)
    if isinstance(error, ValidationError):
        return list(error.errors)
    if isinstance(error, ForbiddenExtraKeysError):
        return [
            Problem(path="", code="unknown_key", message=f"unknown key {brief(key)}").within(key)
            for key in sorted(error.extra_fields)
        ]
    if isinstance(error, ClassValidationError):
        out: list[Problem] = []
        for sub in error.exceptions:
            notes = [n for n in getattr(sub, "__notes__", ()) if hasattr(n, "name")]
            found = problems_from_exception(sub)
            if notes:
                name = notes[-1].name
                if isinstance(sub, KeyError):
                    found = [
                        Problem(
                            path="",
                            code="missing_key",
                            message=f"required key {name!r} is missing",
                        )
                    ]
                found = [p.within(name) for p in found]
            out.extend(found)
        return out
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - the report must not fail on the error it reports
        text = ""
    return [Problem(path="", code="invalid", message=f"{type(error).__name__}: {brief(text)}")]


def _class_hook(cls: type, converter: cattrs.Converter) -> Any:
    generated: Any = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=True,
    )
    name = cls.__name__

    def structure_object(value: Any, _: Any) -> Any:
        if type(value) is not dict:
            _wrong_type(f"an object ({name})", value)
        try:
            return generated(value, cls)
        except (ClassValidationError, ValidationError) as error:
            raise _Invalid(problems_from_exception(error)) from None

    return structure_object


def _tuple_hook(info: TypeInfo, converter: cattrs.Converter, tp: Any) -> Any:
    assert info.item is not None
    item_type = _item_type(tp)
    structure_item = converter.get_structure_hook(item_type)
    constraints = info.constraints

    def structure_list(value: Any, _: Any) -> tuple[Any, ...]:
        if type(value) is not list and type(value) is not tuple:
            _wrong_type("an array", value)
        problems: list[Problem] = []
        out = []
        for index, item in enumerate(value):
            try:
                out.append(structure_item(item, item_type))
            except _Invalid as error:
                problems.extend(p.within(str(index)) for p in error.problems)
        for constraint in constraints:
            found = constraint.check(value)
            if found is not None:
                problems.append(Problem(path="", code=found[0], message=found[1]))
        if problems:
            raise _Invalid(problems)
        return tuple(out)

    return structure_list


def _item_type(tp: Any) -> Any:
    """Return ``X`` for an annotation that is ``tuple[X, ...]`` under its wrappers."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin is tuple:
            return typing.get_args(tp)[0]
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        tp = args[0]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and attrs.has(tp) and tp is not PartialDate


def _needs_wrapper(tp: Any) -> bool:
    """Annotated, Optional, Literal and tuple types get ngomodel's hooks."""
    if isinstance(tp, type):
        return False
    try:
        analyse(tp)
    except TypeError:
        return False
    return True


def _wrapper_factory(converter: cattrs.Converter) -> Any:
    def factory(tp: Any) -> Any:
        info = analyse(tp)
        if info.base is tuple:
            inner = _tuple_hook(info, converter, tp)
        elif info.base in (str, int, float, bool, Decimal):
            inner = _scalar_hook(info)
        else:
            inner = converter.get_structure_hook(info.base)
        if not info.optional:
            return inner

        def structure_optional(value: Any, t: Any) -> Any:
            if value is None:
                _wrong_type("a value", value)
            return inner(value, t)

        return structure_optional

    return factory


def _unstructure_decimal(value: Decimal) -> str:
    return format(value, "f")


def configure_converter(converter: cattrs.Converter) -> None:
    """Add ngomodel's strict JSON policy (see the module docs) to a cattrs converter.

    Args:
        converter: The converter to configure.
    """
    # Plain scalar types are dispatched by class before any predicate is asked, so
    # cattrs' lenient defaults (``float("1.5")``, ``str(5)``) must be replaced by class.
    for scalar in (str, int, float, bool, Decimal):
        converter.register_structure_hook(scalar, _scalar_hook(analyse(scalar)))
    converter.register_structure_hook(PartialDate, _structure_partial_date)
    converter.register_structure_hook(LocalizedText, _structure_localized)
    converter.register_structure_hook_factory(_needs_wrapper, _wrapper_factory(converter))
    converter.register_structure_hook_factory(_is_model, lambda cls: _class_hook(cls, converter))

    converter.register_unstructure_hook(PartialDate, str)
    converter.register_unstructure_hook(LocalizedText, dict)
    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    converter.register_unstructure_hook_factory(
        _is_model, lambda cls: _unstructure_fn(cls, converter)
    )


def _unstructure_fn(cls: type, converter: cattrs.Converter) -> Any:
    """Unstructure *cls* with its keys in field order, as ``dumps`` writes them.

    cattrs writes the fields without a default first; a keyword-only class may
    declare a field with a default before one without (``Classification`` does), so
    its keys are put back in declaration order.
    """
    unstructure: Any = make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True)
    fields = attrs.fields(cls)
    defaults = [a.default is not attrs.NOTHING for a in fields]
    if defaults == sorted(defaults):  # no default before a required field: order kept
        return unstructure
    names = tuple(a.name for a in fields)

    def in_field_order(obj: Any) -> dict[str, Any]:
        found = unstructure(obj)
        return {name: found[name] for name in names if name in found}

    return in_field_order


def make_converter() -> cattrs.Converter:
    """Return a new cattrs converter with ngomodel's strict JSON policy.

    Returns:
        The converter.

    >>> from ngomodel import Money
    >>> from decimal import Decimal
    >>> make_converter().unstructure(Money(amount=Decimal("12.50"), currency="USD"))
    {'amount': '12.50', 'currency': 'USD'}
    """
    converter = cattrs.Converter(unstruct_collection_overrides={tuple: list})
    configure_converter(converter)
    return converter
