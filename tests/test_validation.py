"""The validation layer: locating problems in one pass, limits, and reports that count."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ngomodel import validation
from ngomodel.errors import escape_pointer
from ngomodel.validation import Limits, Report, locate, read_records, validate_lines, validate_text

_KEYS = st.text(alphabet=st.sampled_from('ab/~"\\\n é\U0001f600'), max_size=4)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=25,
)


def _pointers(value: Any, here: str = "") -> list[tuple[str, Any]]:
    """Every (pointer, value) pair in a JSON value, the value itself first."""
    out = [(here, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _pointers(item, f"{here}/{escape_pointer(key)}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _pointers(item, f"{here}/{index}")
    return out


@given(value=_JSON, indent=st.sampled_from([None, 0, 2]), ascii_only=st.booleans())
def test_every_pointer_is_found_where_its_value_starts(
    value: Any, indent: int | None, ascii_only: bool
) -> None:
    """For every value in any JSON text, the found start decodes to exactly that value."""
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    pairs = _pointers(value)
    starts = validation._starts(text, [p for p, _ in pairs])
    decoder = json.JSONDecoder()
    for pointer, expected in pairs:
        assert decoder.raw_decode(text, starts[pointer])[0] == expected, pointer
        line, column = validation._Lines(text).position(starts[pointer])
        assert text.split("\n")[line - 1][column - 1 :].startswith(text[starts[pointer]])


def test_missing_key_is_placed_at_its_object() -> None:
    """A pointer to a key that is not there gives the position of the nearest value that is."""
    text = '{"a": [1,\n  {"b": 2}]}'
    assert locate(text, "/a/1/c") == (2, 3)
    assert locate(text, "/a/7") == (1, 7)
    assert locate(text, "") == (1, 1)
    assert locate("   ", "/a") is None


def test_problems_are_located_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """However many problems a document has, its text is walked once to locate them."""
    calls = []
    walk = validation._starts

    def counting(text: str, pointers: Any) -> dict[str, int]:
        calls.append(1)
        return walk(text, pointers)

    monkeypatch.setattr(validation, "_starts", counting)
    persons = [{"id": f"p {i}", "name": {"en": "x"}} for i in range(2_000)]
    text = json.dumps({"schema_version": "1.0", "persons": persons}, indent=1)
    report = validate_text(text, limits=Limits(max_problems_per_record=0, max_problems=0))
    assert report.error_count == len(report.problems) == 2_000
    assert calls == [1]
    last = report.problems[-1]
    assert (last.path, last.line) == (
        "/persons/1999/id",
        text.count("\n", 0, text.rfind('"p 1999"')) + 1,
    )


def test_limits_cap_what_is_kept_and_count_the_rest() -> None:
    """A report keeps at most the limits' problems, and its counts cover them all."""
    text = json.dumps({"schema_version": "1.0", **{f"k{i}": i for i in range(300)}})
    report = validate_text(text, limits=Limits(max_problems_per_record=20))
    assert (len(report.problems), report.error_count, report.omitted) == (20, 300, 280)
    assert not report.valid
    assert list(report.lines())[-1] == "-: 280 more problem(s) found but not kept"
    assert report.to_json()["problems_omitted"] == 280
    lines = io.BytesIO(b'{"id": "a b"}\n' * 50)
    many = validate_lines(lines, "person", limits=Limits(max_problems=7))
    assert (many.records, many.invalid_records, many.error_count) == (50, 50, 100)
    assert len(many.problems) == 7


def test_lines_stream_their_problems_as_found() -> None:
    """validate_lines hands every reported problem to on_problem, in order, as it goes."""
    seen: list[int | None] = []
    lines = io.BytesIO(b'{"id": "a b"}\n\n{"id": "ok", "name": {"en": "x"}}\n{"id": "c d"}\n')
    report = validate_lines(lines, "person", on_problem=lambda p: seen.append(p.line))
    assert seen == [1, 1, 4, 4]
    assert (report.records, report.invalid_records) == (3, 2)


def test_empty_inputs() -> None:
    """An empty document and a stream without records are each one located problem."""
    assert [p.code for p in validate_text(b"  \n").problems] == ["empty_document"]
    report = validate_lines(io.BytesIO(b"\n\n"), "person")
    assert (report.records, [p.code for p in report.problems]) == (0, ["empty_document"])


def test_long_lines_are_read_through_not_kept() -> None:
    """read_records gives None for a line over the bound and goes on at the next line."""
    stream = io.BytesIO(b"x" * 10 + b"\n" + b"y" * 5_000_000 + b"\n" + b"z" * 11 + b"\r\n")
    assert [(n, r if r is None else len(r)) for n, r in read_records(stream, 11)] == [
        (1, 10),
        (2, None),
        (3, 11),
    ]


def test_a_cut_off_record_is_reported_on_its_own_line() -> None:
    """A record that ends before its JSON does is placed on its line, at its end, not on
    the line after (records are read without their line endings), the last record too."""
    lines = io.BytesIO(b'{"id": "a", "name": {"en": "x"}\n{"id": "b"\r\n')
    report = validate_lines(lines, "person")
    assert [(p.line, p.column, p.code) for p in report.problems] == [
        (1, 32, "invalid_json"),
        (2, 11, "invalid_json"),
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [("max_bytes", 0), ("max_problems", -1), ("max_problems_per_record", 1.5)],
)
def test_limits_refuse_nonsense(field: str, value: Any) -> None:
    """Limits are whole numbers: no negative count, no zero byte limit, no fraction."""
    with pytest.raises(ValueError, match=field):
        Limits(**{field: value})


def test_report_counts_default_to_its_problems() -> None:
    """A report built by hand counts the problems it is given."""
    from ngomodel import Problem

    problems = (
        Problem(path="", code="a", message="m"),
        Problem(path="", code="b", message="m", severity="warning"),
    )
    report = Report(source="x", records=1, invalid_records=1, problems=problems)
    assert (report.error_count, report.warning_count, report.omitted, report.valid) == (
        1,
        1,
        0,
        False,
    )
