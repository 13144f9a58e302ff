"""Validating JSON Lines beyond one machine, on Dask or Spark, with ``ngomodel validate``'s records.

The unit is :func:`check_line`: one JSON Lines record in, the report records out, each
the JSON object that ``ngomodel validate --format json`` writes for one problem of that
record, with the name of its source added under ``"source"``. An engine maps it over
its partitions; the records it gathers are those of ``ngomodel validate`` on the same
files, record for record and in the same order (see :doc:`distributed`).

- :func:`validate_bag` is the Dask recipe: a ``dask.bag.Bag`` of report records
  over files cut into byte ranges, each range read with the real line numbers of its
  file. It runs on whatever scheduler is active: threads, processes, or a
  ``distributed`` cluster.
- :func:`check_lines` validates a whole JSON Lines stream: the partition function of the
  Spark recipe maps it over ``binaryFiles``.

The ``dask`` extra (dask and distributed) is needed by :func:`validate_bag` only.

>>> for record in check_line("people.jsonl", 7, b'{"id": "p 1"}', "person"):
...     print(record["source"], record["line"], record["path"], record["code"])
people.jsonl 7 /id invalid_id
people.jsonl 7 /name missing_key
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, cast

from ngomodel.validation import (
    NO_RECORDS,
    Limits,
    problem_json,
    read_records,
    validate_line,
)

if TYPE_CHECKING:
    import dask.bag

__all__ = ["BLOCKSIZE", "check_line", "check_lines", "validate_bag"]

#: The bytes of a file that one partition of :func:`validate_bag` reads, by default.
BLOCKSIZE = 32 * 2**20

_DEFAULTS = Limits()


def check_line(
    source: str,
    number: int,
    data: bytes | None,
    schema: str = "dataset",
    limits: Limits | None = None,
) -> list[dict[str, Any]]:
    """Validate one JSON Lines record; return the report records of its problems.

    Each report record is the object that ``ngomodel validate --format json`` writes
    for the problem, in its list of the source's problems, with ``"source"`` first.
    Problems beyond the ``max_problems_per_record`` of *limits* are not reported, as
    the command line does not write them either.

    Args:
        source: The name of the file the record comes from, as the report gives it.
        number: The record's line number in that file, from 1.
        data: The record's bytes, without its line ending; ``None`` for a line over
            the ``max_bytes`` of *limits* (as :func:`ngomodel.validation.read_records`
            yields it).
        schema: What the record must be: ``"dataset"`` or an entity name of
            :data:`ngomodel.schema.ENTITIES`.
        limits: The bounds to keep to; :class:`~ngomodel.validation.Limits` ``()``
            by default.

    Returns:
        The report records, empty for a valid record.

    >>> check_line("a.jsonl", 3, b'{"id": "p1", "name": {"en": "Liu"}}', "person")
    []
    """
    result = validate_line(number, data, schema, limits or _DEFAULTS)
    return [{"source": source, **problem_json(p)} for p in result.problems]


def check_lines(
    source: str,
    stream: IO[bytes],
    schema: str = "dataset",
    limits: Limits | None = None,
) -> Iterator[dict[str, Any]]:
    """Validate a JSON Lines stream; yield the report records of its problems in order.

    A stream without a record gives the one problem ``empty_document``, as
    ``ngomodel validate`` reports it.

    Args:
        source: The name of the stream, as the report gives it.
        stream: A binary stream, such as an open file or ``io.BytesIO``.
        schema: What each line must be: ``"dataset"`` or an entity name.
        limits: The bounds to keep to; :class:`~ngomodel.validation.Limits` ``()``
            by default.

    Returns:
        An iterator over the report records.

    >>> import io
    >>> [r["code"] for r in check_lines("empty.jsonl", io.BytesIO(b"\\n"), "person")]
    ['empty_document']
    """
    limits = limits or _DEFAULTS
    empty = True
    for number, data in read_records(stream, limits.max_bytes):
        empty = False
        yield from check_line(source, number, data, schema, limits)
    if empty:
        yield {"source": source, **problem_json(NO_RECORDS)}


class _Range:
    """A binary stream that ends at the first line that starts at or after *stop*.

    :func:`ngomodel.validation.read_records` reads it as it reads a whole file: a line
    that starts before *stop* is read to its end, however far past *stop* it goes.
    """

    def __init__(self, stream: IO[bytes], stop: int) -> None:
        self.stream = stream
        self.stop = stop
        self.at_line_start = True

    def readline(self, size: int = -1) -> bytes:
        if self.at_line_start and self.stream.tell() >= self.stop:
            return b""
        line = self.stream.readline(size)
        self.at_line_start = line.endswith(b"\n")
        return line


def _skip_partial_line(stream: IO[bytes], start: int) -> None:
    """Move *stream* to the first line that starts at or after *start*."""
    if start == 0:
        stream.seek(0)
        return
    stream.seek(start - 1)
    # Read in pieces: the line cut at *start* may be longer than memory should hold.
    while (piece := stream.readline(2**20)) and not piece.endswith(b"\n"):
        pass


def _newlines_before(stream: IO[bytes], position: int) -> int:
    """How many line endings the first *position* bytes of *stream* hold."""
    stream.seek(0)
    count = 0
    left = position
    while left:
        piece = stream.read(min(left, 2**22))
        if not piece:
            break
        count += piece.count(b"\n")
        left -= len(piece)
    return count


def _check_range(
    source: str, start: int, stop: int, schema: str, limits: Limits
) -> list[dict[str, Any]]:
    """The report records of the lines of the file *source* that start in [start, stop).

    The range that starts the file also says when the whole file has no record, as
    ``ngomodel validate`` does: it reads on past *stop* until it meets one.
    """
    out: list[dict[str, Any]] = []
    with open(source, "rb") as stream:
        _skip_partial_line(stream, start)
        position = stream.tell()
        before = _newlines_before(stream, position)
        stream.seek(position)
        records = 0
        for number, data in read_records(cast("IO[bytes]", _Range(stream, stop)), limits.max_bytes):
            records += 1
            out.extend(check_line(source, before + number, data, schema, limits))
        if (
            start == 0
            and not records
            and next(read_records(stream, limits.max_bytes), None) is None
        ):
            out.append({"source": source, **problem_json(NO_RECORDS)})
    return out


def _check_ranges(
    ranges: Iterable[tuple[str, int, int]], schema: str, limits: Limits
) -> list[dict[str, Any]]:
    """The report records of one Dask partition: of each of its byte ranges, in order."""
    out: list[dict[str, Any]] = []
    for source, start, stop in ranges:
        out.extend(_check_range(source, start, stop, schema, limits))
    return out


def _files(paths: str | Sequence[str]) -> list[str]:
    """The files that *paths* name: each a file, or a glob pattern read in sorted order."""
    names = [paths] if isinstance(paths, str) else list(paths)
    out: list[str] = []
    for name in names:
        if glob.has_magic(name):
            found = sorted(glob.glob(name, recursive=True))
            if not found:
                raise FileNotFoundError(f"{name}: no file matches this pattern")
            out.extend(found)
        else:
            out.append(name)
    return out


def _ranges(files: Sequence[str], blocksize: int) -> list[tuple[str, int, int]]:
    """Cut each file into byte ranges of *blocksize*; an empty file is one range."""
    out: list[tuple[str, int, int]] = []
    for name in files:
        size = os.path.getsize(name)  # an unreadable path raises here, before any work
        out.extend((name, start, start + blocksize) for start in range(0, max(size, 1), blocksize))
    return out


def validate_bag(
    paths: str | Sequence[str],
    schema: str = "dataset",
    *,
    limits: Limits | None = None,
    blocksize: int = BLOCKSIZE,
) -> dask.bag.Bag:
    """Validate JSON Lines files with Dask: a bag of report records, one per problem.

    Each file is cut into byte ranges of *blocksize*, one partition each; a range holds
    the lines that start in it, numbered as in the whole file. Every file is read as
    JSON Lines, as ``ngomodel validate --lines`` reads it. Computed, the bag gives the
    records that :func:`check_line` gives, in the order of the files and their lines:
    those of ``ngomodel validate --format json --max-problems 0`` on the same files.

    Args:
        paths: A file, a glob pattern (matches in sorted order, ``**`` included), or a
            sequence of them. Each name is the ``"source"`` of its records.
        schema: What each line must be: ``"dataset"`` or an entity name.
        limits: The bounds to keep to (``max_problems`` does not apply: every record
            is in the bag); :class:`~ngomodel.validation.Limits` ``()`` by default.
        blocksize: The bytes of a file that one partition reads.

    Returns:
        The bag, not yet computed.

    Raises:
        ImportError: When dask is not installed (the ``dask`` extra).
        FileNotFoundError: When a file is missing or a pattern matches nothing.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> lines = b'{"id": "p1", "name": {"en": "Liu"}}\\n{"id": "p 2"}\\n'
    >>> _ = (folder / "people.jsonl").write_bytes(lines)
    >>> bag = validate_bag(str(folder / "*.jsonl"), "person", blocksize=40)
    >>> [(r["line"], r["code"]) for r in bag.compute(scheduler="sync")]
    [(2, 'invalid_id'), (2, 'missing_key')]
    """
    try:
        import dask.bag
    except ImportError as error:
        raise ImportError(
            "ngomodel.distributed.validate_bag needs dask: "
            "install it with pip install 'ngomodel[dask]'",
            name=error.name,
        ) from error
    if type(blocksize) is not int or blocksize < 1:
        raise ValueError(f"blocksize must be a whole number, 1 or more, not {blocksize!r}")
    ranges = _ranges(_files(paths), blocksize)
    if not ranges:
        raise ValueError("no file to validate")
    # One range a partition: from_sequence cuts len(ranges) items into that many parts.
    ranges_bag = dask.bag.from_sequence(ranges, npartitions=len(ranges))  # type: ignore[no-untyped-call]  # dask is untyped
    bag: dask.bag.Bag = ranges_bag.map_partitions(_check_ranges, schema, limits or _DEFAULTS)
    return bag
