"""The result of a conversion, and problems located in a source of another format."""

from __future__ import annotations

import attrs
import pytest

from ngomodel import cli
from ngomodel.conversion import Converted
from ngomodel.errors import Problem, ValidationError
from ngomodel.validation import RecordResult, problem_json, problem_line

IN_XML = Problem(
    path="/programs/1/title",
    code="unknown_code",
    message="bad",
    line=12,
    column=5,
    where="/iati-activities/iati-activity[2]/title",
)
LEFT_OUT = Problem(path="/memberships", code="not_exported", message="m", severity="warning")


def test_a_problem_in_xml_is_shown_at_its_xpath_and_keeps_its_pointer() -> None:
    """People see the XPath; machines get both the XPath and the JSON Pointer."""
    assert problem_line("a.xml", IN_XML) == (
        "a.xml:12:5: error: /iati-activities/iati-activity[2]/title: bad [unknown_code]"
    )
    assert problem_json(IN_XML) == {
        "path": "/programs/1/title",
        "code": "unknown_code",
        "severity": "error",
        "message": "bad",
        "line": 12,
        "column": 5,
        "where": "/iati-activities/iati-activity[2]/title",
    }
    assert "where" not in problem_json(LEFT_OUT)


def test_problems_cross_from_worker_processes_whole() -> None:
    """The packing that carries results back from ``--jobs`` workers keeps ``where``."""
    result = RecordResult((IN_XML, LEFT_OUT), 1, 1)
    packed = [(1, 1, [attrs.astuple(p, recurse=False) for p in result.problems])]
    assert cli._unpack(packed) == [result]


def test_a_warning_leaves_the_conversion_ok() -> None:
    done = Converted(b"<x/>", [LEFT_OUT])
    assert (done.ok, done.errors, done.warnings, done.unwrap()) == (True, (), (LEFT_OUT,), b"<x/>")


def test_an_error_makes_unwrap_raise_with_the_errors() -> None:
    done = Converted(b"<partial/>", (IN_XML, LEFT_OUT))
    assert not done.ok
    with pytest.raises(ValidationError) as caught:
        done.unwrap()
    assert caught.value.errors == (IN_XML,)


def test_no_value_needs_an_error() -> None:
    """A conversion that gives nothing must say why."""
    with pytest.raises(ValueError, match="must say why"):
        Converted(None, (LEFT_OUT,))
    assert not Converted(None, (IN_XML,)).ok
