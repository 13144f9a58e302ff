"""The reference path's class hooks report exactly what cattrs' own generated functions report.

ngomodel's class hook tries the fast path, then a generated function that checks
each field as the fast path does and runs the field's own hook only where that
fails (``converter._collector``). That is an optimisation of what the hook did
with cattrs' ``make_dict_structure_fn`` (unknown keys forbidden, detailed
validation): these tests build a converter with cattrs' function in its place and
hold the two to the same objects and the same problems, in the same order, on
valid and mutated payloads of every model class.
"""

from __future__ import annotations

from typing import Any

import attrs
import cattrs
import pytest
from cattrs.errors import ClassValidationError
from cattrs.gen import make_dict_structure_fn
from hypothesis import given

import ngomodel
from ngomodel import ValidationError, to_dict
from ngomodel._json import _CONVERTER, json_problems
from ngomodel._model import FIELDS_CHECKED
from ngomodel.converter import (
    _FAILING,
    _wrong_type,
    configure_converter,
    problems_from_exception,
)
from ngomodel.errors import Problem
from ngomodel.inspect import is_model
from ngomodel.strategies import STRATEGIES

from .mutations import mutations
from .properties import RECORD_CLASSES, examples


def cattrs_converter() -> cattrs.Converter:
    """ngomodel's policy, with every model class structured by cattrs' generated function."""
    converter = cattrs.Converter(unstruct_collection_overrides={tuple: list})
    configure_converter(converter)

    def class_hook(cls: type) -> Any:
        generated = make_dict_structure_fn(
            cls, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
        )

        def structure(value: Any, _: Any) -> Any:
            if type(value) is not dict:  # the same words as ngomodel's own hook
                _wrong_type(f"an object ({cls.__name__})", value)
            try:
                return generated(value, cls)
            except ClassValidationError as error:
                raise ValidationError(problems_from_exception(error)) from None

        return structure

    converter.register_structure_hook_factory(is_model, class_hook)
    return converter


CATTRS = cattrs_converter()


def outcome(converter: cattrs.Converter, payload: Any, cls: type) -> Any:
    """The object, or the problems as (path, code, message) triples."""
    token = FIELDS_CHECKED.set(True)
    try:
        return converter.structure(payload, cls)
    except ValidationError as error:
        return [(p.path, p.code, p.message) for p in error.errors]
    finally:
        FIELDS_CHECKED.reset(token)


def agree(payload: Any, cls: type) -> None:
    if json_problems(payload):  # the reference path reports those before any hook runs
        return
    expected = outcome(CATTRS, payload, cls)
    assert outcome(_CONVERTER, payload, cls) == expected
    # With every object marked failing, as the compiled path marks them, the same.
    marked = _every_dict(payload)
    hint = _FAILING.set(marked)
    try:
        assert outcome(_CONVERTER, payload, cls) == expected
    finally:
        _FAILING.reset(hint)


def _every_dict(value: Any) -> frozenset[int]:
    found: set[int] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if type(node) is dict:
            found.add(id(node))
            stack.extend(node.values())
        elif type(node) is list:
            stack.extend(node)
    return frozenset(found)


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_class_hooks_report_what_cattrs_reports(cls: type) -> None:
    """Same objects for valid payloads, same problems in the same order for mutated ones."""

    @examples(20 if cls.__name__ == "Dataset" else 100)
    @given(STRATEGIES[cls]().map(to_dict).flatmap(mutations))
    def check(case: tuple[str, Any]) -> None:
        agree(case[1], cls)

    check()


def test_several_problems_at_several_depths_come_in_cattrs_order() -> None:
    """Missing keys, unknown keys, bad values deep and shallow, all in one payload."""
    payload = {
        "title": {"en": ""},
        "status": "99",
        "colour": "red",
        "aardvark": 1,
        "results": [{"type": "1", "title": {"en": "x"}, "indicators": [{"measure": "9"}]}],
        "sectors": [{"code": "99999"}, {"vocabulary": "99", "code": "x"}, "not an object"],
        "planned_start": "2019-02-30",
    }
    agree(payload, ngomodel.Program)
    problems = outcome(_CONVERTER, payload, ngomodel.Program)
    assert [code for _, code, _ in problems].count("unknown_key") == 2
    assert ("/id", "missing_key", "required key 'id' is missing") in problems


def test_a_problem_seen_from_its_parent_keeps_every_field() -> None:
    """Problem.within copies what attrs.evolve would: every field, the path extended."""
    problem = Problem(
        path="/0", code="c", message="m", severity="warning", line=3, column=4, where="/x"
    )
    moved = problem.within("a/b")
    assert moved == attrs.evolve(problem, path="/a~1b/0")
    assert {field.name for field in attrs.fields(Problem)} == {
        "path",
        "code",
        "message",
        "severity",
        "line",
        "column",
        "where",
    }
