"""Four judges, one verdict: constructors, the cattrs path, the fast loader and the schema.

For mutated payloads of every model class, building the objects by hand through their
constructors, the cattrs reference path, the generated fast loader and the published
schema all accept or all refuse. The constructors see Python values, so the rules that
exist only on the wire (no ``null``, no unknown key, a string for an amount, a number
for a count) are applied by the hand builder below, as a JSON reader would, before any
constructor runs; everything else is left to the constructors' own checks.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from ngomodel import ValidationError, inspect, schema, to_dict
from ngomodel._json import _REJECTED, _fast, _structure
from ngomodel._scalars import LocalizedText, PartialDate
from ngomodel.strategies import STRATEGIES

from .mutations import mutations
from .properties import RECORD_CLASSES, examples


class Refused(Exception):
    """The JSON value cannot stand for the declared Python type at all (a wire rule)."""


def build(value: Any, node: inspect.Node) -> Any:
    """Turn a JSON value into the Python value a field of *node* holds, via constructors."""
    if value is None:
        raise Refused("null is never a value on the wire")
    if isinstance(node, inspect.OptionalType):
        node = node.item
    if isinstance(node, inspect.ListType):
        if type(value) is not list:
            raise Refused("not an array")
        return tuple(build(item, node.item) for item in value)
    if isinstance(node, (inspect.TextType, inspect.CodeType)):
        if type(value) is not str:
            raise Refused("not a string")
        return value
    if isinstance(node, inspect.BooleanType):
        if type(value) is not bool:
            raise Refused("not a boolean")
        return value
    if isinstance(node, inspect.IntegerType):
        if type(value) is float and math.isfinite(value) and value.is_integer():
            return int(value)  # JSON Schema's integer: 265.0 is 265
        if type(value) is not int:
            raise Refused("not an integer")
        return value
    if isinstance(node, inspect.NumberType):
        if type(value) not in (int, float):
            raise Refused("not a number")
        return value
    if isinstance(node, inspect.AmountType):
        if type(value) is not str or node.pattern.problem(value) is not None:
            raise Refused("an amount is a plain decimal string")
        return Decimal(value)
    if isinstance(node, inspect.DateType):
        if type(value) is not str:
            raise Refused("a date is a string")
        return PartialDate.parse(value)
    if isinstance(node, inspect.LocalizedTextType):
        if type(value) is not dict:
            raise Refused("a localized text is an object")
        return LocalizedText(value)
    assert isinstance(node, inspect.ModelType)
    return construct(value, node.cls)


def construct(payload: Any, cls: type) -> Any:
    """Build an object of *cls* from its payload through the constructors alone."""
    if type(payload) is not dict:
        raise Refused("not an object")
    fields = {field.name: field.type for field in inspect.ModelType(cls).fields}
    if not set(payload) <= set(fields):
        raise Refused("unknown key")
    return cls(**{name: build(value, fields[name]) for name, value in payload.items()})


def constructor_accepts(payload: Any, cls: type) -> bool:
    """The constructors' verdict (a missing required key is a TypeError from attrs)."""
    try:
        construct(payload, cls)
    except (Refused, ValidationError, TypeError):
        return False
    return True


def cattrs_accepts(payload: Any, cls: type) -> bool:
    """The reference path's verdict."""
    try:
        _structure(payload, cls)
    except ValidationError:
        return False
    return True


def fast_accepts(payload: Any, cls: type) -> bool:
    """The generated loader's verdict (it gives up, never raises, on what it refuses)."""
    return _fast(payload, cls) is not _REJECTED


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_four_judges_agree_on_mutations(cls: type) -> None:
    """Constructors, cattrs path, fast loader and schema agree on every mutated payload."""

    @examples(30 if cls.__name__ in ("Dataset", "Program", "Agreement") else 100)
    @given(STRATEGIES[cls]().map(to_dict).flatmap(mutations))
    def check(case: tuple[str, Any]) -> None:
        description, payload = case
        verdicts = {
            "constructors": constructor_accepts(payload, cls),
            "cattrs": cattrs_accepts(payload, cls),
            "fast": fast_accepts(payload, cls),
            "schema": schema.validate(payload, cls) == [],
        }
        assert len(set(verdicts.values())) == 1, f"{description}: {verdicts}"

    check()


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_hand_built_objects_equal_loaded_ones(cls: type) -> None:
    """What the constructors build from a valid payload equals what the loader builds."""

    @examples(20)
    @given(STRATEGIES[cls]())
    def check(obj: Any) -> None:
        payload = to_dict(obj)
        assert construct(payload, cls) == obj

    check()
