"""The compiled fast path (pydantic-core, the ``fast`` extra) agrees with the reference path.

It runs on what the JSON parser gave, so these tests give it exactly that: each
payload is written as JSON text and parsed by ngomodel's parser. Whatever it
accepts, the reference path must accept too, building an equal object; every
valid payload must take it; and ``loads`` must answer as before whichever path ran.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

import ngomodel
from ngomodel import LocalizedText, PartialDate, ValidationError, loads, to_dict
from ngomodel._json import _parse, _structure
from ngomodel._model import doc, model
from ngomodel._native import native_loader, rust_regex
from ngomodel._scalars import DATE, ID, TEXT
from ngomodel.strategies import STRATEGIES

from .mutations import mutations
from .properties import RECORD_CLASSES, examples

_SKIP = object()


def parsed(payload: Any) -> Any:
    """*payload* as JSON text read back by ngomodel's parser, or ``_SKIP`` if it is not JSON."""
    try:
        text = json.dumps(payload, allow_nan=False)
        return _parse(text)[0]
    except (TypeError, ValueError, RecursionError, ValidationError):
        return _SKIP


def native(value: Any, cls: type) -> Any:
    """The compiled path's object, or None when it gives up."""
    loader = native_loader(cls)
    assert loader is not None, "the test environment has the fast extra"
    try:
        return loader(value)
    except Exception:  # noqa: BLE001 - pydantic-core's ValidationError, or Reject
        return None


def reference(value: Any, cls: type) -> Any:
    try:
        return _structure(value, cls)
    except ValidationError:
        return None


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_valid_payloads_take_the_compiled_path(cls: type) -> None:
    """Every valid payload is accepted by the compiled path, as the same object."""

    @examples(20 if cls.__name__ == "Dataset" else 80)
    @given(STRATEGIES[cls]())
    def check(obj: Any) -> None:
        value = parsed(to_dict(obj))
        assert value is not _SKIP
        result = native(value, cls)
        assert result == obj == reference(value, cls)
        assert type(result) is type(obj)
        assert to_dict(result) == to_dict(obj)

    check()


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_compiled_path_never_accepts_more(cls: type) -> None:
    """On mutated payloads it accepts only what the reference accepts, building an equal object."""

    @examples(30 if cls.__name__ == "Dataset" else 150)
    @given(STRATEGIES[cls]().map(to_dict).flatmap(mutations))
    def check(case: tuple[str, Any]) -> None:
        description, payload = case
        value = parsed(payload)
        if value is _SKIP:  # not JSON text at all: the parser answers before any loader
            return
        expected = reference(value, cls)
        result = native(value, cls)
        if result is not None:
            assert result == expected, description
            assert type(result) is type(expected)

    check()


@model
class Sample:
    """A model with the field kinds no domain class has, to exercise the schema writer."""

    dates: tuple[PartialDate, ...] = doc("Dates.", default=())
    counts: tuple[int, ...] = doc("Integers, within the safe range.", default=())
    numbers: tuple[float, ...] = doc("Numbers, integers of any size within the floats.", default=())
    titles: tuple[LocalizedText, ...] = doc("Texts.", default=())


def test_numbers_keep_their_type_and_whole_floats_go_to_the_reference_path() -> None:
    """An int stays an int and a float a float; a count written 3.0 is left to the reference."""
    value = parsed({"counts": [1, 2**53 - 1], "numbers": [1, 1.5, 2**64, -(10**308)]})
    result = native(value, Sample)
    assert result == reference(value, Sample)
    assert [type(n) for n in result.numbers] == [int, float, int, int]
    whole = parsed({"counts": [3.0]})
    assert native(whole, Sample) is None
    assert reference(whole, Sample) == Sample(counts=(3,))
    assert loads('{"counts": [3.0]}', type=Sample) == Sample(counts=(3,))
    for bad in ({"counts": [2**53]}, {"numbers": [10**309]}, {"numbers": [True]}):
        assert native(parsed(bad), Sample) is None
        assert reference(parsed(bad), Sample) is None


def test_line_feeds_are_refused_where_the_type_refuses_them() -> None:
    """The Rust patterns end at the very end of the text, as the types do."""
    assert rust_regex(ID).endswith("]+$")
    assert rust_regex(TEXT) == TEXT.regex  # text may hold line feeds
    for text in ("org-1\n", "org-1\n\n"):
        assert native(parsed({"id": text, "name": {"en": "x"}}), ngomodel.Organization) is None
    assert native(parsed({"dates": ["2019\n"]}), Sample) is None
    assert not DATE.matches("2019\n")
    ok = native(parsed({"id": "org-1", "name": {"en": "two\nlines"}}), ngomodel.Organization)
    assert ok is not None
    assert ok.name["en"] == "two\nlines"


def test_class_rules_and_extension_checks_run_on_built_objects() -> None:
    """What ties fields together is checked on the object the compiled path built."""
    assert native(parsed({}), ngomodel.Period) is None  # at least one of start, end
    assert native(parsed({"start": "2019"}), ngomodel.Period) == ngomodel.Period(
        start=PartialDate(year=2019)
    )
    # The sector codes that vocabulary "1" selects.
    assert native(parsed({"code": "99999"}), ngomodel.Classification) is None
    assert native(parsed({"vocabulary": "99", "code": "99999"}), ngomodel.Classification)
    # Extension data of an extension nobody registered is left to the reference path.
    org = {"id": "o", "name": {"en": "O"}, "extensions": {"unregistered": {"a": 1}}}
    assert native(parsed(org), ngomodel.Organization) == reference(
        parsed(org), ngomodel.Organization
    )


@model
class Tree:
    """A class that nests itself: the compiled validators are trees, so it has none."""

    label: str = doc("A label.")
    children: tuple[Tree, ...] = doc("The subtrees.", default=())


def test_a_class_without_a_compiled_loader_loads_through_the_python_fast_path() -> None:
    """No compiled loader (a class nesting itself, or no pydantic-core): loads answers the same."""
    assert native_loader(Tree) is None
    assert native_loader(Tree) is None  # remembered
    tree = loads('{"label": "a", "children": [{"label": "b"}]}', type=Tree)
    assert tree == Tree(label="a", children=(Tree(label="b"),))
    with pytest.raises(ValidationError) as raised:
        loads('{"label": "a", "children": [{"label": 1}]}', type=Tree)
    assert [p.path for p in raised.value.errors] == ["/children/0/label"]


def test_without_pydantic_core_the_python_fast_path_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the extra every loader is None, and loading gives the very same objects."""
    import ngomodel._native as compiled

    data = ngomodel.dumps(ngomodel.reference_dataset())
    expected = loads(data)
    monkeypatch.setattr(compiled, "SchemaValidator", None)
    monkeypatch.setattr(compiled, "_LOADERS", {})
    assert native_loader(ngomodel.Dataset) is None
    assert loads(data) == expected
