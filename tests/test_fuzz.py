"""Fuzzing the entry points briefly; ``make fuzz`` runs the same targets for long.

See ``tests/fuzz.py`` for the contract each target checks and the inputs it gets.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import fuzz

_SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@_SETTINGS
@given(data=fuzz.texts, schema_name=fuzz.schema_names)
def test_loads_answers_every_text(data: bytes, schema_name: str) -> None:
    """loads gives an object that round-trips, or located problems; never another error."""
    fuzz.target_loads(data, schema_name)


@_SETTINGS
@given(data=fuzz.texts, schema_name=fuzz.schema_names)
def test_validate_text_answers_every_text(data: bytes, schema_name: str) -> None:
    """validate_text reports within its limits and never calls invalid text valid."""
    fuzz.target_validate_text(data, schema_name)


@_SETTINGS
@given(data=fuzz.texts, schema_name=fuzz.schema_names)
def test_validate_lines_answers_every_stream(data: bytes, schema_name: str) -> None:
    """validate_lines places each problem on a line of the stream."""
    fuzz.target_validate_lines(data, schema_name)


@_SETTINGS
@given(
    data=fuzz.texts,
    schema_name=fuzz.schema_names,
    as_lines=st.booleans(),
    fmt=st.sampled_from(["text", "json"]),
)
def test_command_line_answers_every_file(
    data: bytes, schema_name: str, as_lines: bool, fmt: str
) -> None:
    """ngomodel validate exits 0 or 1 on any readable file, and its JSON always parses."""
    fuzz.target_cli(data, schema_name, as_lines, fmt)
