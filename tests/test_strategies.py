"""The public strategies: derived from the description, drawing every field, keeping the rules.

The counts "every field in 100 draws" and "200 datasets" are part of the strategies'
contract, so they are fixed here rather than taken from the hypothesis profile; the
rule-breaking properties follow the profile.
"""

from __future__ import annotations

import inspect as pyinspect
from collections.abc import Iterable
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ngomodel
from ngomodel import Dataset, dumps, inspect, loads, rules, strategies
from ngomodel.strategies import STRATEGIES, datasets, rule_breaking_datasets

#: Every model class (LocalizedText and PartialDate are values, not models).
MODEL_CLASSES = sorted((cls for cls in STRATEGIES if inspect.is_model(cls)), key=str)
#: Dataset collection → the class of its entities.
COLLECTIONS = {
    field.name: field.type.item.cls  # type: ignore[attr-defined]
    for field in inspect.type_info(Dataset).fields  # type: ignore[attr-defined]
    if isinstance(field.type, inspect.ListType) and field.name != "extensions"
}
#: Fixed, contractual numbers of draws (see the module docstring).
CONTRACT = settings(max_examples=100, database=None, derandomize=True, deadline=None)


def draw_many(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """Return *count* examples of *strategy* (fewer only if it has fewer), deterministically."""
    drawn: list[Any] = []

    @settings(CONTRACT, max_examples=count)
    @given(strategy)
    def collect(value: Any) -> None:
        drawn.append(value)

    collect()
    return drawn[:count]


def unseen(cls: type, objects: Iterable[Any]) -> tuple[set[str], set[str]]:
    """Return the fields of *cls* never set in *objects*, and the optional ones never absent.

    A field is set when it is required or holds other than its default; an optional field
    is absent when it holds its default (``None``, an empty list, or its default code).
    """
    fields = inspect.type_info(cls).fields  # type: ignore[attr-defined]
    # Deprecated fields are never drawn, as they warn; nor is extension data, which needs
    # an extension registered (tests/test_extensions.py draws data for one on every entity).
    never_set = {f.name for f in fields if f.deprecated is None and f.name != "extensions"}
    never_absent = {f.name for f in fields if not f.required}
    for obj in objects:
        for field in fields:
            at_default = not field.required and getattr(obj, field.name) == field.default
            (never_absent if at_default else never_set).discard(field.name)
    return never_set, never_absent


@pytest.fixture(scope="module")
def drawn_datasets() -> list[Dataset]:
    """200 datasets of the default strategy, drawn once for the tests below."""
    return draw_many(datasets(), 200)


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_every_field_is_drawn_set_and_absent(cls: type, drawn_datasets: list[Dataset]) -> None:
    """In 100 draws of a class's strategy, every field is set, and every optional one absent."""
    objects = drawn_datasets[:100] if cls is Dataset else draw_many(STRATEGIES[cls](), 100)
    assert len(objects) > 10
    assert all(type(obj) is cls for obj in objects)
    assert unseen(cls, objects) == (set(), set())


def test_a_field_never_drawn_is_caught() -> None:
    """The check above fails for a field that is never set, and for one never left out."""
    never_author = strategies.sources().map(lambda s: attrs.evolve(s, author=None))
    assert unseen(ngomodel.Source, draw_many(never_author, 100)) == ({"author"}, set())
    always_author = strategies.sources().map(lambda s: attrs.evolve(s, author=s.title))
    assert unseen(ngomodel.Source, draw_many(always_author, 100)) == (set(), {"author"})


def test_two_hundred_datasets_keep_every_rule_and_load_back(drawn_datasets: list[Dataset]) -> None:
    """200 drawn datasets pass rules.check without a problem, warnings included, and load back."""
    assert len(drawn_datasets) == 200
    for data in drawn_datasets:
        assert rules.check(data) == []
        assert loads(dumps(data), type=Dataset) == data


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_an_entity_keeps_every_rule_within_it(collection: str) -> None:
    """A drawn entity, alone in a dataset, breaks no rule but for naming entities not there."""
    for entity in draw_many(STRATEGIES[COLLECTIONS[collection]](), 30):
        data = Dataset(schema_version="1.1", **{collection: (entity,)})
        assert {p.code for p in rules.check(data)} <= {"unresolved_reference"}


@pytest.mark.parametrize("code", [rule.code for rule in rules.RULES])
def test_rule_breaking_datasets_break_their_rule_and_no_other(code: str) -> None:
    """Each draw breaks the rule it names, and rules.check finds no other."""

    @settings(max_examples=max(5, settings.default.max_examples // 10), deadline=None)
    @given(rule_breaking_datasets(rules={code}))
    def check(drawn: tuple[Dataset, str]) -> None:
        data, broken = drawn
        assert broken == code
        assert {problem.code for problem in rules.check(data)} == {code}

    check()


@settings(max_examples=max(10, settings.default.max_examples // 5), deadline=None)
@given(rule_breaking_datasets())
def test_rule_breaking_datasets_draw_from_every_rule(drawn: tuple[Dataset, str]) -> None:
    """Without a choice of rules, a draw breaks one of them, the one it reports."""
    data, code = drawn
    assert {problem.code for problem in rules.check(data)} == {code}


@settings(max_examples=max(10, settings.default.max_examples // 5), deadline=None)
@given(datasets(min_size=1, max_size=1, collections={"programs", "positions"}), st.data())
def test_sizes_and_collections_are_honoured(data: Dataset, more: st.DataObject) -> None:
    """The collections named, and those they need, hold min_size to max_size entities."""
    filled = {"programs", "positions", "persons", "organizations"}
    for name in COLLECTIONS:
        assert len(getattr(data, name)) == (1 if name in filled else 0), name
    wider = more.draw(datasets(min_size=2, max_size=3, collections={"agreements"}))
    assert 2 <= len(wider.agreements) <= 3
    assert all(not getattr(wider, name) for name in COLLECTIONS if name != "agreements")


def test_wrong_parameters_are_refused() -> None:
    """Unknown collections or rules, and sizes out of order, raise ValueError at once."""
    with pytest.raises(ValueError, match="unknown collections: people"):
        datasets(collections={"people"})
    with pytest.raises(ValueError, match="sizes 3 to 2"):
        datasets(min_size=3, max_size=2)
    with pytest.raises(ValueError, match="no_such_rule"):
        rule_breaking_datasets(rules={"duplicate_id", "no_such_rule"})


def test_the_public_surface() -> None:
    """STRATEGIES is read-only and complete; each function is named, documented and cached."""
    with pytest.raises(TypeError):
        STRATEGIES[Dataset] = datasets  # type: ignore[index]
    exported = {v for v in map(vars(ngomodel).get, ngomodel.__all__) if inspect.is_model(v)}
    assert exported <= set(STRATEGIES)
    assert strategies.__all__ == sorted(strategies.__all__)
    for name in set(strategies.__all__) - {"STRATEGIES"}:
        value = getattr(strategies, name)
        assert (value.__module__, value.__name__) == ("ngomodel.strategies", name)
        assert pyinspect.isfunction(pyinspect.unwrap(value)), name
        assert "Returns:" in (pyinspect.getdoc(value) or ""), name
    for function in STRATEGIES.values():
        assert function() is function(), function.__name__
