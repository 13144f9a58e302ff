"""The result of a conversion, and problems located in a source of another format."""

from __future__ import annotations

import json
import re

import attrs
import pytest

from ngomodel import cli
from ngomodel.conversion import SHOWN_PLACES, Converted, LeftOut, left_out
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


# -- what is left out: one shape for every format -------------------------------------------

#: The shape of every left-out message: kind, count, reason, places, "and N more".
LEFT_OUT_SHAPE = re.compile(
    r"^(?P<kind>[^:]+): (?P<count>\d+) left out \((?P<reason>.+)\): "
    r"(?P<places>.+?)(?: and (?P<more>\d+) more)?$"
)


def test_left_out_names_the_count_the_reason_and_the_first_five_places() -> None:
    """Seven values of one kind: the count is seven, five places are named, "and 2 more"."""
    places = [f"/figures/{i}" for i in range(7)]
    warning = left_out("not_exported", "Dataset.figures", places, "IATI has no figures")
    assert (warning.path, warning.where, warning.severity) == ("/figures/0", None, "warning")
    assert warning.message == (
        "Dataset.figures: 7 left out (IATI has no figures): /figures/0, /figures/1, "
        "/figures/2, /figures/3, /figures/4 and 2 more"
    )
    assert len(left_out("c", "k", places[:SHOWN_PLACES], "r").message.split(", ")) == 5
    assert "more" not in left_out("c", "k", places[:SHOWN_PLACES], "r").message


def test_left_out_of_a_source_is_located_in_the_source() -> None:
    """An import's places are in the other format: ``where``, and no ngomodel path."""
    warning = left_out("not_imported", "person.gender", ["/persons/0/gender"], "r", in_source=True)
    assert (warning.path, warning.where) == ("", "/persons/0/gender")


def test_left_out_needs_a_place() -> None:
    """Nothing left out is no warning: asking for one is a mistake, not an empty message."""
    with pytest.raises(ValueError, match="at least one place"):
        left_out("not_exported", "k", [], "r")


def test_the_collector_gives_one_warning_per_kind_in_the_order_met() -> None:
    """Kinds are grouped whatever the order of values; a kind's own reason is kept."""
    left = LeftOut("not_exported", "the usual reason")
    left.add("B", "/b/0")
    left.add("A", "/a/0", "its own reason")
    left.add("B", "/b/1")
    left.add("A", "/a/1", "another reason")
    assert [p.message for p in left.problems()] == [
        "B: 2 left out (the usual reason): /b/0, /b/1",
        "A: 2 left out (its own reason): /a/0, /a/1",
    ]
    assert left.count == 4
    assert LeftOut("not_exported", "r").problems() == []


def test_the_collector_keeps_only_the_places_it_shows() -> None:
    """LeftOut keeps the first SHOWN_PLACES places of a kind and a count, not every place:
    a streamed import of a large file keeps its memory flat, and the warning is the same."""
    left = LeftOut("not_imported", "no place", in_source=True)
    places = [f"/r/a[{i + 1}]/x[1]" for i in range(10_000)]
    for place in places:
        left.add("a/x", place)
    kept = sum(len(shown) for shown in left._places.values())  # what it holds
    assert kept == SHOWN_PLACES
    assert left.count == 10_000
    assert left.problems() == [left_out("not_imported", "a/x", places, "no place", in_source=True)]


def test_left_out_takes_a_count_beyond_the_places_shown() -> None:
    """left_out with count= says how many there were when only the first places are given,
    and refuses a count below the places given."""
    warning = left_out("not_exported", "K", ["/a", "/b"], "why", count=9)
    assert warning.message == "K: 9 left out (why): /a, /b and 7 more"
    with pytest.raises(ValueError, match="count"):
        left_out("not_exported", "K", ["/a", "/b"], "why", count=1)


def test_every_format_reports_what_it_leaves_out_in_the_same_shape() -> None:
    """Popolo out, Popolo in and IATI out: every warning matches the one shape, its count
    agrees with its places, and it is located at its first place (``path`` for an export,
    ``where`` for an import)."""
    pytest.importorskip("lxml")
    from ngomodel import reference_dataset
    from ngomodel.iati import to_activities, to_organisations
    from ngomodel.popolo import from_popolo, to_popolo

    dataset = reference_dataset()
    popolo = json.loads(to_popolo(dataset).unwrap())
    popolo["persons"][0]["gender"] = "female"
    popolo["organizations"][0]["area_id"] = "cn"
    results = {
        "to_popolo": to_popolo(dataset),
        "from_popolo": from_popolo(json.dumps(popolo)),
        "to_activities": to_activities(dataset, partial=True),
        "to_organisations": to_organisations(dataset, partial=True),
    }
    for name, done in results.items():
        assert done.warnings, name
        for warning in done.warnings:
            found = LEFT_OUT_SHAPE.match(warning.message)
            assert found, (name, warning.message)
            places = found["places"].split(", ")
            assert int(found["count"]) == len(places) + int(found["more"] or 0)
            first = warning.where if name == "from_popolo" else warning.path
            assert first == places[0], (name, warning)
            assert warning.code == ("not_imported" if name == "from_popolo" else "not_exported")
