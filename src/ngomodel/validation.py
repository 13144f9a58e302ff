"""One entry point for validating JSON documents and JSON Lines, layer by layer.

The layers run in order, and a layer runs only when the one before passed:

1. **well-formed JSON**: UTF-8, no byte-order mark, valid syntax, no NaN, no
   repeated keys, numbers in range, nesting the reader can hold;
2. **the schema**: everything a single payload must satisfy, checked by the
   strict loader (whose verdict the published schemas share, as the test
   suite proves);
3. **the semantic rules** of :mod:`ngomodel.rules`: on a dataset, every rule; on one
   entity, the rules that judge one entity alone (:func:`ngomodel.rules.check_entity`).

A dataset with field errors still gets its rules: each entity that loads on its own is
checked by every rule, so that one run reports both the field errors and the rule
problems (a reference to an entity that did not load is not reported as unresolved,
and no cause is reported twice at one place).

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

import bisect
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

import attrs

from ngomodel import rules
from ngomodel._dataset import SCHEMA_VERSION, Dataset
from ngomodel._json import from_dict, loads, parse_json
from ngomodel._xml import is_xml, root_name
from ngomodel.errors import Problem, ValidationError, escape_pointer
from ngomodel.inspect import ListType, ModelType
from ngomodel.migration import upgrade
from ngomodel.schema import ENTITIES

__all__ = [
    "NO_RECORDS",
    "Limits",
    "RecordResult",
    "Report",
    "Tally",
    "locate",
    "problem_json",
    "problem_line",
    "read_records",
    "validate_line",
    "validate_lines",
    "validate_record",
    "validate_text",
]

#: One token of JSON text: a string, a punctuation mark, or a bare literal (number,
#: true, false, null). The string alternative is the unrolled loop, which matches in
#: time linear in its length.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[][{},:]|[^][{},:" \t\n\r]+', re.DOTALL)


def _prefixes(pointers: Iterable[str]) -> set[str]:
    """Every pointer and each of its ancestors, the whole document ``""`` included."""
    out = {""}
    for pointer in pointers:
        index = pointer.find("/", 1)
        while index != -1:
            out.add(pointer[:index])
            index = pointer.find("/", index + 1)
        out.add(pointer)
    return out


def _starts(text: str, pointers: Iterable[str]) -> dict[str, int]:
    """Return where in *text* the value at each of *pointers*, or at its ancestors, starts.

    One pass over the tokens of the text, whatever the number of pointers, which ends
    where the last of them is found: values that are neither wanted nor the ancestor of
    a wanted one are skipped by counting brackets, without decoding their keys. A
    pointer that names no value (a missing key) is absent from the result, its
    ancestors present. When a key is repeated, its first occurrence counts. Text that
    is not JSON gives what was found before the walk lost its way.
    """
    wanted = _prefixes(pointers)
    try:
        return _walk(text, wanted)
    except (IndexError, ValueError):  # not JSON after all: a closing bracket too many…
        return {}


def _walk(text: str, wanted: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    left = len(wanted)  # the walk ends once every wanted value has been found
    # One frame per open container on the path: [is an object, its pointer, index].
    stack: list[list[Any]] = []
    here = ""  # the pointer of the value that the next value token starts
    want_key = False
    skipping = 0  # depth inside a container that is being skipped
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if skipping:
            if first in "[{":
                skipping += 1
            elif first in "]}":
                skipping -= 1
        elif first == ":":
            continue
        elif first == ",":
            frame = stack[-1]
            if frame[0]:
                want_key = True
            else:
                frame[2] += 1
                here = f"{frame[1]}/{frame[2]}"
        elif first in "]}":
            stack.pop()
            want_key = False
        elif want_key:
            key = token[1:-1] if "\\" not in token else json.loads(token)
            here = f"{stack[-1][1]}/{escape_pointer(key)}"
            want_key = False
        elif here in wanted:
            if here not in found:
                found[here] = match.start()
                left -= 1
                if not left:
                    break
            if first == "{":
                stack.append([True, here, 0])
                want_key = True
            elif first == "[":
                stack.append([False, here, 0])
                here = f"{here}/0"
        elif first in "[{":
            skipping = 1
    return found


def _nearest(starts: dict[str, int], pointer: str) -> int | None:
    """The start of the value at *pointer*, or of its nearest ancestor that was found."""
    while pointer not in starts:
        if not pointer:
            return None
        pointer = pointer[: pointer.rfind("/")]
    return starts[pointer]


class _Lines:
    """Turns an index in a text into a line and a column (from 1), by bisection."""

    def __init__(self, text: str) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)] if "\n" in text else []

    def position(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_left(self.newlines, index)
        start = self.newlines[line - 1] + 1 if line else 0
        return line + 1, index - start + 1


def locate(text: str, pointer: str) -> tuple[int, int] | None:
    """Find the line and column (from 1) of the value a JSON Pointer names in JSON text.

    When the pointer names a key that is not there (a missing key), the
    position of the nearest enclosing value is given instead.

    Args:
        text: The JSON text.
        pointer: An RFC 6901 JSON Pointer, ``""`` for the whole document.

    Returns:
        ``(line, column)``, or ``None`` when the text holds no JSON value.

    >>> locate('{"a": [1,\\n  {"b": 2}]}', "/a/1/b")
    (2, 9)
    """
    index = _nearest(_starts(text, [pointer]), pointer)
    return None if index is None else _Lines(text).position(index)


def _with_positions(text: str, problems: Sequence[Problem], line_offset: int = 0) -> list[Problem]:
    """Give each problem without a line the line and column of its value in *text*."""
    unplaced = [p.path for p in problems if p.line is None]
    if not unplaced and not line_offset:
        return list(problems)
    starts = _starts(text, unplaced) if unplaced else {}
    lines = _Lines(text)
    out = []
    for problem in problems:
        if problem.line is None:
            index = _nearest(starts, problem.path)
            if index is not None:
                line, column = lines.position(index)
                problem = attrs.evolve(problem, line=line + line_offset, column=column)
        elif line_offset:
            problem = attrs.evolve(problem, line=problem.line + line_offset)
        out.append(problem)
    return out


def _all_problems(data: bytes | str, schema: str) -> list[Problem]:
    """Validate one JSON text (a document, or one line of JSON Lines) through every layer.

    Args:
        data: The JSON text.
        schema: What the text must be: ``"dataset"`` or an entity name of
            :data:`ngomodel.schema.ENTITIES`.

    Returns:
        The problems (errors and warnings), with JSON Pointers; empty when valid. For a
        dataset with field errors, the field errors and then the problems the rules find
        in the entities that load (see :func:`_rules_of_what_loads`).

    Raises:
        KeyError: For an unknown schema name.
    """
    cls = ENTITIES[schema]
    try:
        loaded: Any = loads(data, type=cls)
    except ValidationError as error:
        if issubclass(cls, Dataset):
            return _once([*error.errors, *_rules_of_what_loads(data, cls, error.errors)])
        return list(error.errors)
    if isinstance(loaded, Dataset):
        return rules.check(loaded)
    return rules.check_entity(loaded)


def _once(problems: Iterable[Problem]) -> list[Problem]:
    """*problems* without a repeat of a path and code already reported: one cause, once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for problem in problems:
        key = (problem.path, problem.code)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


def _collections_of(cls: type) -> dict[str, type]:
    """Collection name → entity class, for every list of entities of a dataset class."""
    out = {}
    for field in ModelType(cls).fields:
        node = field.type
        if (
            isinstance(node, ListType)
            and isinstance(node.item, ModelType)
            and any(f.name == "id" for f in node.item.fields)
        ):
            out[field.name] = node.item.cls
    return out


def _rules_of_what_loads(
    data: bytes | str, cls: type, field_errors: Sequence[Problem]
) -> list[Problem]:
    """The rule problems of a dataset that did not load, found in the entities that do.

    Each entity of each collection is loaded on its own; a dataset of those that loaded
    is built (by the loader, so that every dataset-level check runs) and checked by the
    rules. The document itself and its collection lists must be sound, and the dataset of
    what loaded must load: otherwise there is nothing sound to run the rules on, and this
    returns no problem, so that the field errors are the report.

    Args:
        data: The JSON text of the dataset.
        cls: The dataset class.
        field_errors: The problems the loader reported.

    Returns:
        The rule problems, at paths into the document; empty when none can be had.
    """
    try:
        value = parse_json(data)
    except ValidationError:  # not JSON: the field errors say so
        return []
    if not isinstance(value, dict):
        return []
    if value.get("schema_version") != SCHEMA_VERSION:
        problems, migration = upgrade(value, SCHEMA_VERSION)
        if problems or migration is None:
            return []
        value = migration.document
    collections = _collections_of(cls)
    if not all(isinstance(value.get(name, []), list) for name in collections):
        return []
    bad_ids = {p.path for p in field_errors}
    kept: dict[str, Any] = {k: v for k, v in value.items() if k not in collections}
    positions: dict[str, list[int]] = {}
    failed: dict[str, str] = {}
    for name, entity_cls in collections.items():
        kept[name], positions[name] = [], []
        for index, item in enumerate(value.get(name, [])):
            try:
                from_dict(item, type=entity_cls)
            except ValidationError:
                path = f"/{name}/{index}/id"
                id = item.get("id") if isinstance(item, dict) else None
                if type(id) is str and path not in bad_ids:
                    failed[path] = id
                continue
            kept[name].append(item)
            positions[name].append(index)
    try:
        partial: Dataset = from_dict(kept, type=cls)
    except ValidationError:  # the document, or the dataset as a whole, is not sound
        return []
    return rules._check_what_loaded(partial, positions, failed)


def _text(data: bytes | str) -> str | None:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _at_least_zero(_: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 0:
        raise ValueError(f"{attribute.name} must be a whole number, 0 or more, not {value!r}")


def _at_least_one(_: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 1:
        raise ValueError(f"{attribute.name} must be a whole number, 1 or more, not {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """The bounds that validation keeps to, whatever it is given.

    Time and memory stay proportional to what is read, and what is read is
    bounded. For the problem counts, ``0`` means no limit. The command line sets
    these with ``--max-bytes``, ``--max-problems-per-record`` and ``--max-problems``.

    Attributes:
        max_bytes: The largest JSON text read: one document, or one JSON Lines record.
            A larger one is not parsed; it is reported as ``too_large``.
        max_problems_per_record: How many problems of one document or record are
            reported; the rest are counted.
        max_problems: How many problems a report keeps in all; the rest are counted.

    >>> Limits(max_problems=10).max_problems_per_record
    100
    """

    max_bytes: int = attrs.field(default=64 * 2**20, validator=_at_least_one)
    max_problems_per_record: int = attrs.field(default=100, validator=_at_least_zero)
    max_problems: int = attrs.field(default=1000, validator=_at_least_zero)


@attrs.frozen
class RecordResult:
    """What validating one document or JSON Lines record found.

    Attributes:
        problems: The problems reported, located: at most as many as the
            ``max_problems_per_record`` of the :class:`Limits` allows.
        errors: How many errors the record has, reported or not.
        warnings: How many warnings the record has, reported or not.
    """

    problems: tuple[Problem, ...]
    errors: int
    warnings: int

    @property
    def omitted(self) -> int:
        """How many problems of the record were counted but not reported."""
        return self.errors + self.warnings - len(self.problems)


def validate_record(
    data: bytes | str, schema: str = "dataset", limits: Limits | None = None, line: int = 0
) -> RecordResult:
    """Validate one JSON text through every layer, within limits, and locate what is reported.

    Args:
        data: A JSON document, or one line of JSON Lines.
        schema: ``"dataset"`` or an entity name of :data:`ngomodel.schema.ENTITIES`.
        limits: The bounds to keep to; :class:`Limits` ``()`` by default.
        line: For a JSON Lines record, its line number in the file (from 1): every
            problem is then placed on that line. ``0`` for a document.

    Returns:
        The result: the reported problems, with line and column, and the counts.

    >>> validate_record(b'{"id": "p 1"}', "person").errors
    2
    """
    limits = limits or _DEFAULTS
    if len(data) > limits.max_bytes:
        what = "record" if line else "document"
        big = Problem(
            path="",
            code="too_large",
            message=f"the {what} is larger than the limit of {limits.max_bytes:,} bytes "
            "(see --max-bytes)",
        )
        return _placed(RecordResult((big,), 1, 0), line)
    problems = _all_problems(data, schema)
    if not problems:
        return RecordResult((), 0, 0)
    errors = sum(1 for p in problems if p.severity == "error")
    cap = limits.max_problems_per_record
    shown = problems[:cap] if cap else problems
    text = _text(data)
    if text is not None:
        shown = _with_positions(text, shown, line - 1 if line else 0)
    return _placed(RecordResult(tuple(shown), errors, len(problems) - errors), line)


def _placed(result: RecordResult, line: int) -> RecordResult:
    """Put the problems that could not be located at the start of the record's line."""
    if not line or all(p.line is not None for p in result.problems):
        return result
    problems = tuple(
        p if p.line is not None else attrs.evolve(p, line=line, column=1) for p in result.problems
    )
    return attrs.evolve(result, problems=problems)


_DEFAULTS = Limits()


def _count(problems: tuple[Problem, ...], severity: str) -> int:
    return sum(1 for p in problems if p.severity == severity)


@attrs.frozen(kw_only=True)
class Report:
    """The outcome of validating one source: a file, a stream, or a string.

    A report keeps at most as many problems as the ``max_problems`` of its
    :class:`Limits` allows; the counts cover every problem found, kept or not.

    Attributes:
        source: Where the data came from (a path, ``-`` for standard input).
        records: How many documents or JSON Lines records were checked.
        invalid_records: How many of them had at least one error.
        problems: The problems kept, in the order found.
        error_count: How many errors were found in all (by default, those in *problems*).
        warning_count: How many warnings were found in all (by default, those in *problems*).
    """

    source: str
    records: int
    invalid_records: int
    problems: tuple[Problem, ...]
    error_count: int = attrs.field(
        default=attrs.Factory(lambda self: _count(self.problems, "error"), takes_self=True)
    )
    warning_count: int = attrs.field(
        default=attrs.Factory(lambda self: _count(self.problems, "warning"), takes_self=True)
    )

    @property
    def valid(self) -> bool:
        """Whether no problem is an error (warnings do not make data invalid)."""
        return self.error_count == 0

    @property
    def omitted(self) -> int:
        """How many problems were found but not kept."""
        return self.error_count + self.warning_count - len(self.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The kept problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The kept problems of severity ``warning``."""
        return tuple(p for p in self.problems if p.severity == "warning")

    def lines(self) -> Iterator[str]:
        """Yield the report as lines of text for people, one per kept problem."""
        for p in self.problems:
            yield problem_line(self.source, p)
        if self.omitted:
            yield f"{self.source}: {self.omitted} more problem(s) found but not kept"

    def to_json(self) -> dict[str, Any]:
        """Return the report as plain JSON values for machines."""
        return {
            "source": self.source,
            "valid": self.valid,
            "records": self.records,
            "invalid_records": self.invalid_records,
            "error_count": self.error_count,
            "warning_count": self.warning_count,
            "problems_omitted": self.omitted,
            "problems": [problem_json(p) for p in self.problems],
        }


def problem_line(source: str, problem: Problem) -> str:
    """Return one problem as a line of text for people: ``source:line:column: …``.

    >>> problem_line("a.json", Problem(path="/id", code="invalid_id", message="bad", line=2,
    ...                                column=7))
    'a.json:2:7: error: /id: bad [invalid_id]'

    A problem with a line but no column (of an XML element) shows ``source:line``.
    """
    p = problem
    where = source if p.line is None else f"{source}:{p.line}"
    if p.line is not None and p.column is not None:
        where += f":{p.column}"
    return f"{where}: {p.severity}: {p.shown_path}: {p.message} [{p.code}]"


def problem_json(problem: Problem) -> dict[str, Any]:
    """Return one problem as plain JSON values (absent line, column and where left out)."""
    out: dict[str, Any] = {
        "path": problem.path,
        "code": problem.code,
        "severity": problem.severity,
        "message": problem.message,
    }
    if problem.line is not None:
        out["line"] = problem.line
        out["column"] = problem.column
    if problem.where is not None:
        out["where"] = problem.where
    return out


class Tally:
    """Gathers the results of the records of one source into a :class:`Report`.

    Memory stays flat however many records there are: the tally keeps at most
    *keep* problems and counts the rest. Each problem reported by a record is
    handed to *on_problem* as it comes, so that a caller can write it out at once.

    Args:
        source: The source's name, for the report.
        keep: How many problems to keep for the report; ``None`` for all of them.
        on_problem: Called with each reported problem, in order.
    """

    def __init__(
        self,
        source: str,
        keep: int | None = _DEFAULTS.max_problems,
        on_problem: Callable[[Problem], None] | None = None,
    ) -> None:
        self.source = source
        self.keep = keep
        self.on_problem = on_problem
        self.records = self.invalid_records = self.errors = self.warnings = 0
        self.kept: list[Problem] = []

    def add(self, result: RecordResult) -> None:
        """Count one record's result, keep what fits, and pass its problems on."""
        self.records += 1
        self.invalid_records += result.errors > 0
        self.errors += result.errors
        self.warnings += result.warnings
        for problem in result.problems:
            if self.keep is None or len(self.kept) < self.keep:
                self.kept.append(problem)
            if self.on_problem is not None:
                self.on_problem(problem)

    def add_problem(self, problem: Problem) -> None:
        """Count a problem of the source as a whole (not of one record), such as no records."""
        self.add(RecordResult((problem,), int(problem.severity == "error"), 0))
        self.records -= 1

    def report(self) -> Report:
        """Return the report of everything counted so far."""
        return Report(
            source=self.source,
            records=self.records,
            invalid_records=self.invalid_records,
            problems=tuple(self.kept),
            error_count=self.errors,
            warning_count=self.warnings,
        )


def validate_text(
    data: bytes | str, schema: str = "dataset", source: str = "-", *, limits: Limits | None = None
) -> Report:
    """Validate one JSON document through every layer, with line and column positions.

    One run reports both layers: a dataset with field errors still gets the semantic
    rules, run on the entities that load, after its field errors; an entity (*schema*
    other than ``"dataset"``) gets the rules that judge one entity alone.

    Args:
        data: The JSON text.
        schema: ``"dataset"`` or an entity name of :data:`ngomodel.schema.ENTITIES`.
        source: A name for the source, used in the report.
        limits: The bounds to keep to; :class:`Limits` ``()`` by default.

    Returns:
        The report.
    """
    limits = limits or _DEFAULTS
    tally = Tally(source, limits.max_problems or None)
    if not data.strip():
        tally.add_problem(Problem(path="", code="empty_document", message="the document is empty"))
    elif is_xml(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")):
        # One document, and an invalid one: counted as a record, as a broken JSON one is.
        tally.add(RecordResult((_not_ngomodel_json(data, source),), 1, 0))
    else:
        tally.add(validate_record(data, schema, limits))
    return tally.report()


def _not_ngomodel_json(data: bytes | str, source: str) -> Problem:
    """The problem of an XML file given where ngomodel's JSON is expected: what it is
    (an IATI file, by the name of its root element), and the command that converts it."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    try:
        root = root_name(raw[: 1024 * 1024])
    except ImportError:  # lxml, the iati extra, is not installed: XML all the same
        root = None
    what = {
        "iati-activities": "an IATI activities file (XML)",
        "iati-organisations": "an IATI organisations file (XML)",
    }.get(root or "", "XML")
    name = "FILE" if source == "-" else source
    return Problem(
        path="",
        code="not_ngomodel_json",
        message=f"this is {what}; ngomodel validates its own JSON: convert it first with "
        f"`ngomodel convert {name} --to json`",
        line=1,
        column=1,
    )


def read_records(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield the records of a JSON Lines stream as ``(line number, bytes)``, within a bound.

    Each record is yielded without its line ending. Blank lines are skipped. A line
    longer than *max_bytes* is not kept in memory: it is read through and yielded as
    ``None``.

    Args:
        stream: A binary stream.
        max_bytes: The longest line kept, in bytes, without its line ending.

    Returns:
        An iterator over the records.
    """
    number = 0
    while True:
        line = stream.readline(max_bytes + 2)  # room for the longest record and "\r\n"
        if not line:
            return
        number += 1
        if len(line) > max_bytes and len(line.rstrip(b"\r\n")) > max_bytes:
            while line and not line.endswith(b"\n"):
                line = stream.readline(2**20)
            yield number, None
        elif line.strip():
            # Without its line ending: an error at the end of a cut-off record is then on
            # the record's own line, not on the next one.
            yield number, line.removesuffix(b"\n").removesuffix(b"\r")


def validate_line(number: int, line: bytes | None, schema: str, limits: Limits) -> RecordResult:
    """Validate one record that :func:`read_records` yielded.

    Args:
        number: Its line number.
        line: Its bytes, or ``None`` for a line over the size limit.
        schema: ``"dataset"`` or an entity name.
        limits: The bounds to keep to.

    Returns:
        The result, every problem placed on the record's line.
    """
    if line is None:
        big = Problem(
            path="",
            code="too_large",
            message=f"the record is larger than the limit of {limits.max_bytes:,} bytes "
            "(see --max-bytes)",
        )
        return RecordResult((attrs.evolve(big, line=number, column=1),), 1, 0)
    return validate_record(line, schema, limits, number)


def validate_lines(
    stream: IO[bytes],
    schema: str = "dataset",
    source: str = "-",
    *,
    limits: Limits | None = None,
    on_problem: Callable[[Problem], None] | None = None,
) -> Report:
    """Validate a JSON Lines stream, one record per line, in flat memory.

    Args:
        stream: A binary stream, such as an open file.
        schema: What each line must be: ``"dataset"`` or an entity name.
        source: A name for the source, used in the report.
        limits: The bounds to keep to; :class:`Limits` ``()`` by default.
        on_problem: Called with each reported problem as it is found.

    Returns:
        The report; a stream with no record has the problem ``empty_document``.

    >>> import io
    >>> lines = io.BytesIO(b'{"id": "p1", "name": {"en": "Liu"}}\\n{"id": "p 2"}\\n')
    >>> report = validate_lines(lines, "person")
    >>> report.records, report.invalid_records, [p.line for p in report.problems]
    (2, 1, [2, 2])
    """
    limits = limits or _DEFAULTS
    tally = Tally(source, limits.max_problems or None, on_problem)
    for number, line in read_records(stream, limits.max_bytes):
        tally.add(validate_line(number, line, schema, limits))
    if not tally.records:
        tally.add_problem(NO_RECORDS)
    return tally.report()


#: The problem of a JSON Lines source without a single record.
NO_RECORDS = Problem(path="", code="empty_document", message="no records in the file")
