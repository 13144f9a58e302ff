"""One entry point for validating JSON documents and JSON Lines, layer by layer.

The layers run in order, and a layer runs only when the one before passed:

1. **well-formed JSON**: UTF-8, no byte-order mark, valid syntax, no NaN, no
   repeated keys, numbers in range, nesting the reader can hold;
2. **the schema**: everything a single payload must satisfy, checked by the
   strict loader (whose verdict the published schemas share, as the test
   suite proves);
3. **the semantic rules** of :mod:`ngomodel.rules`, for datasets.

Every problem carries a JSON Pointer, a code, a severity and a message, and for
text the line and column where they can be had. A :class:`Report` gathers the
problems of one source and renders them for people or for machines.

>>> report = validate_text(b'{"schema_version": "1.0", "persons": [{"id": "p 1"}]}')
>>> for problem in report.problems:
...     print(problem.line, problem.column, problem.path, problem.code)
1 46 /persons/0/id invalid_id
1 39 /persons/0/name missing_key
>>> report.valid
False
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

import attrs

from ngomodel import rules
from ngomodel._dataset import Dataset
from ngomodel._json import loads
from ngomodel.errors import Problem, ValidationError
from ngomodel.schema import ENTITIES

__all__ = ["Report", "locate", "validate_record", "validate_text"]

_DECODER = json.JSONDecoder()
_WHITE = " \t\n\r"


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITE:
        index += 1
    return index


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _find(text: str, parts: list[str]) -> int | None:
    """Return the index in *text* where the value at *parts* starts, or None."""
    index = _skip(text, 0)
    try:
        for part in parts:
            if text[index] == "{":
                index = _skip(text, index + 1)
                while text[index] != "}":
                    key, index = scanstring(text, index + 1)
                    index = _skip(text, _skip(text, index) + 1)  # past the colon
                    if key == part:
                        break
                    _, index = _DECODER.raw_decode(text, index)
                    index = _skip(text, index)
                    if text[index] == ",":
                        index = _skip(text, index + 1)
                else:
                    return None
            elif text[index] == "[":
                wanted = int(part)
                index = _skip(text, index + 1)
                for _ in range(wanted):
                    _, index = _DECODER.raw_decode(text, index)
                    index = _skip(text, index)
                    if text[index] != ",":
                        return None
                    index = _skip(text, index + 1)
                if text[index] == "]":
                    return None
            else:
                return None
    except (IndexError, ValueError):
        return None
    return index


def locate(text: str, pointer: str) -> tuple[int, int] | None:
    """Find the line and column (from 1) of the value a JSON Pointer names in JSON text.

    When the pointer names a key that is not there (a missing key), the
    position of the nearest enclosing value is given instead.

    Args:
        text: The JSON text.
        pointer: An RFC 6901 JSON Pointer, ``""`` for the whole document.

    Returns:
        ``(line, column)``, or ``None`` when the text cannot be followed that far.

    >>> locate('{"a": [1,\\n  {"b": 2}]}', "/a/1/b")
    (2, 9)
    """
    parts = [_unescape(p) for p in pointer.split("/")[1:]] if pointer else []
    while True:
        index = _find(text, parts)
        if index is not None:
            line = text.count("\n", 0, index) + 1
            return line, index - (text.rfind("\n", 0, index) + 1) + 1
        if not parts:
            return None
        parts.pop()


def _with_positions(text: str, problems: Iterable[Problem], line_offset: int = 0) -> list[Problem]:
    out = []
    for problem in problems:
        if problem.line is None:
            where = locate(text, problem.path)
            if where is not None:
                problem = attrs.evolve(problem, line=where[0] + line_offset, column=where[1])
        elif line_offset:
            problem = attrs.evolve(problem, line=problem.line + line_offset)
        out.append(problem)
    return out


def validate_record(data: bytes | str, schema: str = "dataset") -> list[Problem]:
    """Validate one JSON text (a document, or one line of JSON Lines) through every layer.

    Args:
        data: The JSON text.
        schema: What the text must be: ``"dataset"`` or an entity name of
            :data:`ngomodel.schema.ENTITIES`.

    Returns:
        The problems (errors and warnings), with JSON Pointers; empty when valid.

    Raises:
        KeyError: For an unknown schema name.
    """
    cls = ENTITIES[schema]
    try:
        loaded: Any = loads(data, type=cls)
    except ValidationError as error:
        return list(error.errors)
    if isinstance(loaded, Dataset):
        return rules.check(loaded)
    return []


def _text(data: bytes | str) -> str | None:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


@attrs.frozen(kw_only=True)
class Report:
    """The outcome of validating one source: a file, a stream, or a string.

    Attributes:
        source: Where the data came from (a path, ``-`` for standard input).
        records: How many documents or JSON Lines records were checked.
        invalid_records: How many of them had at least one error.
        problems: Every problem, in the order found.
    """

    source: str
    records: int
    invalid_records: int
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        """Whether no problem is an error (warnings do not make data invalid)."""
        return all(p.severity != "error" for p in self.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems of severity ``warning``."""
        return tuple(p for p in self.problems if p.severity == "warning")

    def lines(self) -> Iterator[str]:
        """Yield the report as lines of text for people, one per problem."""
        for p in self.problems:
            where = self.source if p.line is None else f"{self.source}:{p.line}:{p.column}"
            yield f"{where}: {p.severity}: {p.path or '/'}: {p.message} [{p.code}]"

    def to_json(self) -> dict[str, Any]:
        """Return the report as plain JSON values for machines."""
        return {
            "source": self.source,
            "valid": self.valid,
            "records": self.records,
            "invalid_records": self.invalid_records,
            "problems": [problem_json(p) for p in self.problems],
        }


def problem_json(problem: Problem) -> dict[str, Any]:
    """Return one problem as plain JSON values (absent line and column left out)."""
    out: dict[str, Any] = {
        "path": problem.path,
        "code": problem.code,
        "severity": problem.severity,
        "message": problem.message,
    }
    if problem.line is not None:
        out["line"] = problem.line
        out["column"] = problem.column
    return out


def validate_text(data: bytes | str, schema: str = "dataset", source: str = "-") -> Report:
    """Validate one JSON document through every layer, with line and column positions.

    Args:
        data: The JSON text.
        schema: ``"dataset"`` or an entity name of :data:`ngomodel.schema.ENTITIES`.
        source: A name for the source, used in the report.

    Returns:
        The report.
    """
    problems = validate_record(data, schema)
    text = _text(data) if problems else None
    if text is not None:
        problems = _with_positions(text, problems)
    invalid = any(p.severity == "error" for p in problems)
    return Report(source=source, records=1, invalid_records=int(invalid), problems=tuple(problems))


def validate_line(line: bytes, number: int, schema: str) -> list[Problem]:
    """Validate one JSON Lines record; positions are given in the file's lines.

    Args:
        line: The record's bytes, without or with its line ending.
        number: The line's number in the file, from 1.
        schema: ``"dataset"`` or an entity name.

    Returns:
        The problems, each with ``line`` set to *number*.
    """
    problems = validate_record(line, schema)
    if not problems:
        return problems
    text = _text(line)
    located = _with_positions(text, problems, number - 1) if text is not None else problems
    return [p if p.line is not None else attrs.evolve(p, line=number, column=1) for p in located]
