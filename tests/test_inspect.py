"""``ngomodel.inspect``: the one description of every field, and what it promises."""

from __future__ import annotations

import typing
from decimal import Decimal
from typing import Annotated, Any, Literal

import attrs
import pytest

import ngomodel
from ngomodel import Money, PartialDate, Program, inspect
from ngomodel._constraints import InCodelist, MinItems, Range
from ngomodel._scalars import ID, TEXT, Count, Percentage, Text
from ngomodel.strategies import STRATEGIES

#: Every model class, from the strategies' registry (which lists each one).
MODEL_CLASSES = sorted(
    (cls for cls in STRATEGIES if inspect.is_model(cls)), key=lambda cls: cls.__name__
)
#: The node kinds: the closed set every description is made of.
KINDS = (
    inspect.TextType,
    inspect.CodeType,
    inspect.IntegerType,
    inspect.NumberType,
    inspect.BooleanType,
    inspect.AmountType,
    inspect.DateType,
    inspect.LocalizedTextType,
    inspect.ExtensionDataType,
    inspect.ListType,
    inspect.OptionalType,
    inspect.ModelType,
)


def walk(node: inspect.Node) -> typing.Iterator[inspect.Node]:
    """The node and the nodes inside it, not entering other model classes."""
    yield node
    if isinstance(node, (inspect.ListType, inspect.OptionalType)):
        yield from walk(node.item)


def test_every_model_class_is_described() -> None:
    """Every exported model class is a ModelType whose fields are its attrs fields, in order."""
    exported = {v for v in vars(ngomodel).values() if inspect.is_model(v)}
    assert exported <= set(MODEL_CLASSES)
    for cls in MODEL_CLASSES:
        described = inspect.type_info(cls)
        assert described == inspect.ModelType(cls)
        names = [a.name for a in attrs.fields(cls) if a.init]
        assert [f.name for f in described.fields] == names
        for field, attribute in zip(described.fields, attrs.fields(cls), strict=False):
            assert field.required == (attribute.default is attrs.NOTHING)
            assert field.doc, f"{cls.__name__}.{field.name}"


def test_the_node_kinds_are_closed() -> None:
    """Every node of every field is one of the documented kinds, and each kind is used."""
    seen: set[type] = set()
    for cls in MODEL_CLASSES:
        for field in inspect.ModelType(cls).fields:
            for node in walk(field.type):
                assert type(node) in KINDS, (cls.__name__, field.name, node)
                seen.add(type(node))
    assert seen == set(KINDS)
    assert {name for name in inspect.__all__ if name.endswith("Type")} == {
        kind.__name__ for kind in KINDS
    }


@pytest.mark.parametrize(
    ("annotation", "node"),
    [
        (Text, inspect.TextType(TEXT)),
        (str, inspect.TextType(None)),
        (Count, inspect.IntegerType(minimum=0, maximum=2**53 - 1)),
        (Percentage, inspect.NumberType(minimum=0, maximum=100)),
        (Annotated[int, Range(maximum=5), Range(minimum=-3)], inspect.IntegerType(-3, 5)),
        (bool, inspect.BooleanType()),
        (Decimal, inspect.AmountType()),
        (PartialDate, inspect.DateType()),
        (Literal["1.0"], inspect.CodeType(("1.0",))),
        (Annotated[str, InCodelist("sex")], inspect.code_type("sex")),
        (
            Annotated[tuple[Money, ...], MinItems(2)],
            inspect.ListType(inspect.ModelType(Money), min_items=2),
        ),
        # Markers around an optional type reach the type inside it.
        (Annotated[str | None, ID], inspect.OptionalType(inspect.TextType(ID))),
        (Annotated[str, ID] | None, inspect.OptionalType(inspect.TextType(ID))),
    ],
)
def test_annotations_are_described(annotation: Any, node: inspect.Node) -> None:
    """Each way of writing a field type gives the node it means."""
    assert inspect.type_info(annotation) == node


@pytest.mark.parametrize(
    "annotation",
    [int | str, tuple[int, str], list[int], dict[str, str], bytes, "Program", typing.Any],
    ids=repr,
)
def test_types_models_may_not_use_are_refused(annotation: Any) -> None:
    """Anything outside the closed set is a TypeError that names it."""
    with pytest.raises(TypeError, match="supported"):
        inspect.type_info(annotation)


def test_a_code_type_names_its_codelist() -> None:
    """A code node holds the codes of its codelist, in order, and reports by its name."""
    sex = inspect.code_type("sex")
    assert sex.codes == tuple(c.code for c in ngomodel.codelists.get("sex"))
    assert sex.allowed == frozenset(sex.codes)
    (problem,) = sex.problems("x")
    assert (problem.code, problem.message) == (
        "unknown_code",
        "'x' is not a code of the 'sex' codelist",
    )
    (problem,) = inspect.CodeType(("1.0",)).problems("2.0")
    assert problem.message == "'2.0' is not one of '1.0'"


@pytest.mark.parametrize(
    ("node", "value", "code"),
    [
        (inspect.TextType(TEXT), " ", "empty_text"),
        (inspect.TextType(None), "\ud800", "invalid_encoding"),
        (inspect.TextType(None), 5, "wrong_type"),
        (inspect.IntegerType(0, 10), True, "wrong_type"),
        (inspect.IntegerType(0, 10), 11, "too_large"),
        (inspect.NumberType(0, 1), -0.5, "too_small"),
        (inspect.NumberType(0, 1), float("nan"), "not_finite"),
        (inspect.BooleanType(), 1, "wrong_type"),
        (inspect.AmountType(), Decimal("-1"), "invalid_amount"),
        (inspect.AmountType(), Decimal("1E+200"), "too_long"),
        (inspect.AmountType(), "1", "wrong_type"),
        (inspect.DateType(), "2019", "wrong_type"),
        (inspect.LocalizedTextType(), {"en": "x"}, "wrong_type"),
        (inspect.ListType(inspect.BooleanType(), min_items=1), (), "too_few_items"),
        (inspect.ListType(inspect.BooleanType()), [True], "wrong_type"),
        (inspect.OptionalType(inspect.BooleanType()), 0, "wrong_type"),
        (inspect.ModelType(Money), {"amount": "1", "currency": "EUR"}, "wrong_type"),
    ],
)
def test_nodes_check_python_values(node: inspect.Node, value: Any, code: str) -> None:
    """A node finds what is wrong with a Python value, by code."""
    assert [p.code for p in node.problems(value)] == [code]


def test_nodes_accept_what_models_hold() -> None:
    """Valid Python values have no problems, list items are located by index."""
    assert inspect.OptionalType(inspect.BooleanType()).problems(None) == []
    assert inspect.AmountType().problems(Decimal("0.10")) == []
    assert inspect.NumberType(0, 100).problems(100) == []
    items = inspect.ListType(inspect.IntegerType(0, 9)).problems((1, 10, 2, -1))
    assert [(p.path, p.code) for p in items] == [("/1", "too_large"), ("/3", "too_small")]


def test_class_rules_are_part_of_the_description() -> None:
    """A ModelType lists its class rules, which find problems in an object."""
    rules = inspect.ModelType(Program).rules
    assert rules == Program.__ngomodel_rules__
    assert all(isinstance(rule, inspect.ClassRule) for rule in rules)
    period_rule = inspect.ModelType(ngomodel.Period).rules[0]
    assert isinstance(period_rule, inspect.AtLeastOneOf)
    seen = type("Seen", (), {"start": None, "end": None})()
    assert [p.code for p in period_rule.problems(seen)] == ["at_least_one_required"]


def test_every_id_field_names_the_kind_it_refers_to() -> None:
    """Each ``*_id``/``*_ids`` field is a reference of a kind the rules resolve; no other is."""
    kinds = {"organization", "network", "person", "agreement", "program", "post", "location"}
    found = {}
    for cls in MODEL_CLASSES:
        for field in inspect.ModelType(cls).fields:
            node = field.type
            while isinstance(node, (inspect.OptionalType, inspect.ListType)):
                node = node.item
            refers = getattr(node, "refers_to", None)
            named = field.name.endswith(("_id", "_ids"))
            assert named == (refers is not None), f"{cls.__name__}.{field.name}"
            if refers is not None:
                assert refers in kinds
                found[f"{cls.__name__}.{field.name}"] = refers
    assert found["Membership.network_id"] == "network"
    assert found["IndicatorValue.location_ids"] == "location"
