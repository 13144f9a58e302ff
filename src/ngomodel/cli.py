"""The ``ngomodel`` command line (also ``python -m ngomodel``).

Exit status: 0 when everything checked is valid (warnings allowed), 1 when
something is invalid, 2 for a usage or input/output error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import importlib
import importlib.util
import inspect
import io
import json
import multiprocessing
import multiprocessing.pool
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import IO, Any

import attrs

from ngomodel import _xml, codelists, extensions, migration, rules, schema
from ngomodel._hints import did_you_mean
from ngomodel._json import dumps, loads, parse_json
from ngomodel._reference import reference_bytes, reference_dataset
from ngomodel._summary import summarize
from ngomodel._version import __version__
from ngomodel._xml import XmlReader, is_xml
from ngomodel.conversion import Converted
from ngomodel.errors import Problem, ValidationError
from ngomodel.validation import (
    NO_RECORDS,
    Limits,
    RecordResult,
    Report,
    Tally,
    problem_json,
    problem_line,
    read_records,
    validate_line,
    validate_text,
)

__all__ = ["build_parser", "main"]

#: File name endings read as JSON Lines (one record per line).
_LINES_SUFFIXES = (".jsonl", ".ndjson")
#: File name endings a directory walk picks up.
_JSON_SUFFIXES = (".json", *_LINES_SUFFIXES)
#: JSON Lines records handed to a worker process at a time.
_BATCH = 256
#: How often (seconds) a worker process checks that the process that started it is alive.
_WATCH_INTERVAL = 0.5


#: A JSON Lines record as read: its line number and its bytes (None when too long).
_Record = tuple[int, bytes | None]


class _UsageError(Exception):
    """A problem with the command's arguments or its files: exit status 2."""


class _Terminated(BaseException):
    """Raised in the main thread when the process receives SIGTERM.

    A ``BaseException``, as ``KeyboardInterrupt`` is, so that no ``except Exception``
    on the way (the loader turns any exception of a hook into a problem) swallows it.
    """


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _jobs(text: str) -> int:
    """Read --jobs: 0 (one per core) up to the number of cores."""
    cores = _cores()
    if not text.isdigit() or int(text) > cores:  # isdigit: no sign, no overflow later
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 0 (one per core) to {cores} (the cores here), "
            f"got {text[:40]!r}"
        )
    return int(text) or cores


def _count_option(least: int) -> Any:
    def parse(text: str) -> int:
        if not text.isdigit() or len(text) > 18 or int(text) < least:
            raise argparse.ArgumentTypeError(
                f"expected a whole number, {least} or more, got {text[:40]!r}"
            )
        return int(text)

    return parse


# -- validate ------------------------------------------------------------------------


def _lower(error: OSError) -> str:
    reason = error.strerror or str(error)
    return reason[:1].lower() + reason[1:]


def _sources(paths: Sequence[str], errors: list[str]) -> Iterator[str]:
    """Yield the files to read, in order; what cannot be read is added to *errors*."""
    for name in paths:
        if name == "-":
            yield name
            continue
        try:
            mode = os.stat(name).st_mode
        except OSError as error:
            errors.append(f"{name}: {_lower(error)}")
            continue
        if stat.S_ISDIR(mode):
            found: list[str] = []

            def unreadable(error: OSError) -> None:
                errors.append(f"{error.filename}: {_lower(error)}")

            for root, folders, files in os.walk(name, onerror=unreadable):
                folders.sort()
                found.extend(os.path.join(root, f) for f in files if f.endswith(_JSON_SUFFIXES))
            if not found:
                errors.append(f"{name}: no .json, .jsonl or .ndjson files in this directory")
            yield from sorted(found)
        elif stat.S_ISREG(mode):
            yield name
        else:
            errors.append(f"{name}: not a regular file")


def _worker_start(parent: int, definitions: list[dict[str, Any]]) -> None:
    """Set up a worker process: the parent handles Ctrl-C, and its death ends the worker.

    The parent's extensions are registered again, as a spawned process starts without them.
    """
    for definition in definitions:
        extension = extensions.Extension.from_dict(definition)
        if extensions.get(extension.name) is None:
            extensions.register(extension)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent ends its workers this way
    # What the fork copied from the parent is never garbage: keep the collector off it.
    gc.freeze()

    def watch() -> None:  # pragma: no cover - runs in the worker processes
        while os.getppid() == parent:
            time.sleep(_WATCH_INTERVAL)
        os._exit(1)

    threading.Thread(target=watch, name="ngomodel-watch", daemon=True).start()


def _check_batch(batch: list[_Record], schema_name: str, limits: Limits) -> list[RecordResult]:
    return [validate_line(number, line, schema_name, limits) for number, line in batch]


#: A RecordResult as a worker sends it back: errors, warnings, and each problem's fields.
#: Plain tuples pickle and unpickle several times faster than attrs objects.
_Packed = tuple[int, int, list[tuple[Any, ...]]]


#: The fields of a Problem in the order ``attrs.astuple`` packs them, to unpack them by.
_PROBLEM_FIELDS = tuple(field.name for field in attrs.fields(Problem))


def _check_packed(batch: list[_Record], schema_name: str, limits: Limits) -> list[_Packed]:
    return [
        (r.errors, r.warnings, [attrs.astuple(p, recurse=False) for p in r.problems])
        for r in _check_batch(batch, schema_name, limits)
    ]


def _unpack(packed: list[_Packed]) -> list[RecordResult]:
    return [
        RecordResult(
            tuple(Problem(**dict(zip(_PROBLEM_FIELDS, row, strict=True))) for row in rows),
            errors,
            warnings,
        )
        for errors, warnings, rows in packed
    ]


def _batches(
    records: Iterator[_Record],
) -> Iterator[list[_Record]]:
    batch: list[_Record] = []
    for record in records:
        batch.append(record)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _progress(records: Iterator[_Record], stream: IO[bytes], name: str) -> Iterator[_Record]:
    """Pass *records* through; on a terminal, show progress if tqdm is installed."""
    if not sys.stderr.isatty() or name == "-":
        yield from records
        return
    try:
        from tqdm import tqdm
    except ImportError:  # the optional `progress` extra is not installed
        yield from records
        return
    with tqdm(
        total=os.path.getsize(name), unit="B", unit_scale=True, desc=name, leave=False
    ) as bar:
        for record in records:
            bar.update(stream.tell() - bar.n)
            yield record


class _Output:
    """Writes the report as it goes, for people (text) or machines (JSON).

    Problems are written as they are found and not kept, so memory stays flat. When
    the reader of the output goes away (``| head``), writing stops but validation
    goes on, so that the exit status still tells whether the data is valid.
    """

    def __init__(self, fmt: str, limits: Limits) -> None:
        self.json = fmt == "json"
        self.limits = limits
        self.closed = False
        self.shown = self.omitted = self.source_omitted = 0
        self.first_source = True
        self.first_problem = True

    def write(self, text: str) -> None:
        if self.closed:
            return
        try:
            sys.stdout.write(text)
        except BrokenPipeError:
            self.closed = True
            _quiet_stdout()  # later writes, and the flush at exit, must not fail again

    def begin(self) -> None:
        if self.json:
            self.write('{\n  "sources": [')

    def begin_source(self, name: str) -> None:
        if self.json:
            comma = "" if self.first_source else ","
            self.write(f'{comma}\n    {{\n      "source": {_json(name)},\n      "problems": [')
            self.first_source = False
            self.first_problem = True
        self.source_omitted = 0

    def problem(self, name: str, problem: Problem) -> None:
        cap = self.limits.max_problems
        if cap and self.shown >= cap:
            self.omitted += 1
            self.source_omitted += 1
            return
        self.shown += 1
        if self.json:
            comma = "" if self.first_problem else ","
            self.write(f"{comma}\n        {_json(problem_json(problem))}")
            self.first_problem = False
        else:
            self.write(problem_line(name, problem) + "\n")

    def record(self, name: str, result: RecordResult) -> None:
        for problem in result.problems:
            self.problem(name, problem)
        if result.omitted:
            self.omitted += result.omitted
            self.source_omitted += result.omitted
            if not self.json:
                where = result.problems[-1].line if result.problems else None
                at = name if where is None else f"{name}:{where}"
                self.write(
                    f"{at}: note: {result.omitted} more problem(s) in this record not shown "
                    "(see --max-problems-per-record)\n"
                )

    def end_source(self, report: Report | None, io_error: str | None = None) -> None:
        if not self.json:
            return
        fields: dict[str, Any] = {}
        if report is not None:
            fields = report.to_json()
            del fields["source"], fields["problems"]
            fields["problems_omitted"] = self.source_omitted  # not written, of those found
        if io_error is not None:
            fields["io_error"] = io_error
        closing = "\n      " if not self.first_problem else ""
        tail = "".join(f',\n      "{k}": {_json(v)}' for k, v in fields.items())
        self.write(f"{closing}]{tail}\n    }}")

    def end(self, summary: dict[str, Any], sources: int) -> None:
        if self.json:
            closing = "\n  " if not self.first_source else ""
            tail = "".join(f',\n  "{k}": {_json(v)}' for k, v in summary.items())
            self.write(f"{closing}]{tail}\n}}\n")
            return
        if summary["invalid_records"] or not summary["io_errors"]:
            verdict = "invalid" if summary["invalid_records"] else "valid"
        else:
            verdict = "incomplete"
        line = (
            f"{verdict}: {summary['records']} record(s) in {sources} source(s), "
            f"{summary['invalid_records']} invalid; {summary['error_count']} error(s), "
            f"{summary['warning_count']} warning(s)"
        )
        if summary["problems_not_shown"]:
            line += f"; {summary['problems_not_shown']} problem(s) not shown"
        if summary["io_errors"]:
            line += f"; {summary['io_errors']} path(s) could not be read"
        self.write(line + "\n")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class _Run:
    """One ``ngomodel validate`` run: its options, its worker pool and its output."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.limits = Limits(
            max_bytes=args.max_bytes,
            max_problems_per_record=args.max_problems_per_record,
            max_problems=args.max_problems,
        )
        self.out = _Output(args.format, self.limits)
        self.pool: multiprocessing.pool.Pool | None = None

    def workers(self) -> multiprocessing.pool.Pool:
        if self.pool is None:
            self.pool = multiprocessing.Pool(
                self.args.jobs,
                initializer=_worker_start,
                initargs=(os.getpid(), [e.to_dict() for e in extensions.registered()]),
            )
        return self.pool

    def lines(self, name: str, stream: IO[bytes]) -> Report:
        tally = Tally(name, keep=0)
        records = _progress(read_records(stream, self.limits.max_bytes), stream, name)
        schema_name, limits = self.args.schema, self.limits

        def take(results: list[RecordResult]) -> None:
            for result in results:
                tally.add(result)
                self.out.record(name, result)

        if self.args.jobs == 1:
            for batch in _batches(records):
                take(_check_batch(batch, schema_name, limits))
        else:
            # A bounded window of batches in flight keeps memory flat however long the file.
            pool = self.workers()
            window: deque[multiprocessing.pool.AsyncResult[list[_Packed]]] = deque()
            for batch in _batches(records):
                window.append(pool.apply_async(_check_packed, (batch, schema_name, limits)))
                if len(window) >= 4 * self.args.jobs:
                    take(_unpack(window.popleft().get()))
            while window:
                take(_unpack(window.popleft().get()))
        if tally.records == 0:
            tally.add_problem(NO_RECORDS)
            self.out.problem(name, NO_RECORDS)
        return tally.report()

    def document(self, name: str, stream: IO[bytes]) -> Report:
        data = stream.read(self.limits.max_bytes + 1)
        report = validate_text(
            data, self.args.schema, name, limits=attrs.evolve(self.limits, max_problems=0)
        )
        self.out.record(
            name, RecordResult(report.problems, report.error_count, report.warning_count)
        )
        return report

    def source(self, name: str) -> Report:
        as_lines = self.args.lines or (self.args.lines is None and name.endswith(_LINES_SUFFIXES))
        if name == "-":
            stream = sys.stdin.buffer
            return self.lines(name, stream) if as_lines else self.document(name, stream)
        with open(name, "rb") as stream:
            return self.lines(name, stream) if as_lines else self.document(name, stream)

    def run(self) -> int:
        errors: list[str] = []
        reports: list[Report] = []
        self.out.begin()
        try:
            for name in _sources(self.args.paths, errors):
                self.out.begin_source(name)
                try:
                    report = self.source(name)
                except OSError as error:
                    message = f"{name}: {_lower(error)}"
                    errors.append(message)
                    self.out.end_source(None, io_error=message)
                    continue
                reports.append(report)
                self.out.end_source(report)
        finally:
            if self.pool is not None:
                self.pool.terminate()  # a no-op for workers that are done; ends the others
                self.pool.join()
        for message in errors:
            print(f"ngomodel: error: {message}", file=sys.stderr)
        valid = all(r.valid for r in reports)
        self.out.end(
            {
                "valid": valid and not errors,
                "records": sum(r.records for r in reports),
                "invalid_records": sum(r.invalid_records for r in reports),
                "error_count": sum(r.error_count for r in reports),
                "warning_count": sum(r.warning_count for r in reports),
                "problems_not_shown": self.out.omitted,
                "io_errors": len(errors),
            },
            len(reports),
        )
        if errors:
            return 2
        return 0 if valid else 1


def _validate(args: argparse.Namespace) -> int:
    return _Run(args).run()


# -- other commands --------------------------------------------------------------------


def _demo(args: argparse.Namespace) -> int:
    if args.write is not None:
        return _write_demo(args.write)
    # Loading has already checked well-formed JSON and the schema layer (it raises
    # otherwise); the semantic rules are the one layer left to run.
    dataset = reference_dataset()
    problems = tuple(rules.check(dataset))
    invalid = any(p.severity == "error" for p in problems)
    report = Report(
        source="reference dataset", records=1, invalid_records=int(invalid), problems=problems
    )
    print(summarize(dataset))
    print()
    count = sum(1 for _ in dataset.entities())
    status = "valid" if report.valid else "INVALID"
    print(f"The reference dataset: {count} entities, {status}, {len(report.problems)} problem(s).")
    for line in report.lines():
        print(line)
    return 0 if report.valid else 1


def _write_demo(target: str) -> int:
    """Write the reference dataset's JSON text, as shipped, to *target* (``-``: standard output)."""
    data = reference_bytes()
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    if os.path.isdir(target):
        raise _UsageError(f"{target}: is a folder: give a file name")
    try:
        _write_atomically(target, data)
    except OSError as error:
        raise _UsageError(f"{target}: {_lower(error)}") from None
    print(f"Wrote the reference dataset to {target}. Check it with: ngomodel validate {target}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    if args.extension:
        return _extended_schema(args)
    if args.write:
        for path in schema.write(args.write):
            print(path)
        return 0
    if args.check:
        differences = schema.differences(args.check)
        for line in differences:
            print(line)
        if differences:
            print("run `ngomodel schema --write DIR` to regenerate", file=sys.stderr)
        return 1 if differences else 0
    try:
        document = schema.schema_for(args.name)
    except KeyError as error:
        raise _UsageError(error.args[0]) from None
    print(json.dumps(document, indent=2, ensure_ascii=False))
    return 0


def _extended_schema(args: argparse.Namespace) -> int:
    """Print or write the schemas with the extensions of ``--extension``."""
    if args.check:
        raise _UsageError("--check compares the core schemas: leave out --extension")
    documents = extensions.schema_documents(*args.extensions)
    if args.write:
        for path in schema.write(args.write, documents):
            print(path)
        return 0
    if args.name not in schema.ENTITIES:
        hint = did_you_mean(args.name, schema.ENTITIES) or f"; use one of {list(schema.ENTITIES)}"
        raise _UsageError(f"no schema named {args.name!r}{hint}")
    name = f"{args.name}.schema.json"
    print(json.dumps(documents[name], indent=2, ensure_ascii=False))
    return 0


def _loaded_extensions(paths: list[str]) -> list[extensions.Extension]:
    """Read each ``--extension`` file, or end with a usage error that lists its problems."""
    loaded: dict[str, extensions.Extension] = {}
    for path in paths:
        try:
            extension = extensions.Extension.load(path)
        except OSError as error:
            raise _UsageError(f"{path}: {_lower(error)}") from None
        except ValidationError as error:
            lines = [f"{path}: {problem}" for problem in error.errors]
            raise _UsageError("invalid extension definition\n" + "\n".join(lines)) from None
        known = loaded.get(extension.name) or extensions.get(extension.name)
        if known is not None and known.to_dict() != extension.to_dict():
            raise _UsageError(f"{path}: another extension named {extension.name!r} is in use")
        loaded[extension.name] = known or extension
    return list(loaded.values())


def _codelists(args: argparse.Namespace) -> int:
    if args.name is None:
        for name in codelists.names():
            codelist = codelists.get(name)
            print(f"{name:34} {len(codelist):5} codes  {codelist.title} ({codelist.source})")
        return 0
    try:
        codelist = codelists.get(args.name)
    except KeyError:
        hint = did_you_mean(args.name, codelists.names()) or "; see `ngomodel codelists`"
        raise _UsageError(f"no codelist named {args.name!r}{hint}") from None
    print(f"# {codelist.title}: {codelist.description}")
    print(f"# source: {codelist.source}, version {codelist.version}")
    for code in codelist:
        print(f"{code.code}\t{code.name}{' (withdrawn)' if code.withdrawn else ''}")
    return 0


def _write_atomically(path: str, *data: bytes | IO[bytes]) -> None:
    """Write *data* (bytes, and binary files read from where they stand) to *path*, one
    after the other, whole or not at all: a file beside it, then a rename.

    Whenever the process stops, *path* holds its old content (or is absent) or the new
    one; the file beside it is removed unless the process is killed outright.
    """
    folder = os.path.dirname(os.path.abspath(path))
    try:  # the mode of the file replaced, or what the umask gives a new one
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mask = os.umask(0o022)
        os.umask(mask)
        mode = 0o666 & ~mask
    handle, temporary = tempfile.mkstemp(prefix=".ngomodel-", suffix=".tmp", dir=folder)
    try:
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as stream:
            _write_parts(stream, data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_parts(stream: IO[bytes], parts: Sequence[bytes | IO[bytes]]) -> None:
    for part in parts:
        if isinstance(part, bytes):
            stream.write(part)
        else:
            shutil.copyfileobj(part, stream)


def _write_folder(path: str, files: dict[str, bytes]) -> None:
    """Make the folder *path* holding *files* (name -> bytes), whole or not at all.

    The files are written into a new folder beside it, which is then renamed to *path*:
    *path* is absent or complete, and on an error the folder beside it is removed.
    """
    parent = os.path.dirname(os.path.abspath(path))
    mask = os.umask(0o022)
    os.umask(mask)
    temporary = tempfile.mkdtemp(prefix=".ngomodel-", suffix=".tmp", dir=parent)
    try:
        os.chmod(temporary, 0o777 & ~mask)
        for name, data in files.items():
            with open(os.path.join(temporary, name), "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        if os.path.lexists(path):  # made since the command began: not replaced
            raise FileExistsError(f"{path} exists")
        os.rename(temporary, path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _targets(args: argparse.Namespace) -> list[str | None]:
    """Where each upgraded file goes (``None``: standard output), or a usage error."""
    paths = args.paths
    if args.in_place:
        if "-" in paths:
            raise _UsageError("--in-place needs files, not standard input")
        return list(paths)
    if args.output_dir is not None:
        if not os.path.isdir(args.output_dir):
            raise _UsageError(f"{args.output_dir}: no such folder")
        names = [os.path.basename(path) for path in paths]
        if "-" in paths or len(set(names)) < len(names):
            raise _UsageError("--output-dir needs files of different names")
        targets = [os.path.join(args.output_dir, name) for name in names]
    else:
        if len(paths) > 1:
            raise _UsageError("give one input with --output or standard output")
        targets = [args.output]
    for path, target in zip(paths, targets, strict=True):
        if (
            target is not None
            and path != "-"
            and os.path.exists(target)
            and os.path.samefile(path, target)
        ):
            raise _UsageError(f"{target} is the input: use --in-place to replace it")
    return targets


def _upgraded(name: str, to: str) -> migration.Migration | None:
    """The file's document upgraded to *to*, or ``None`` when it is invalid.

    Its problems, warnings included, are written to standard error.
    """
    try:
        if name == "-":
            text = sys.stdin.buffer.read()
        else:
            with open(name, "rb") as stream:
                text = stream.read()
    except OSError as error:
        raise _UsageError(f"{name}: {_lower(error)}") from None
    report = validate_text(text, "dataset", name)
    problems = list(report.problems)
    upgraded = None
    if report.valid:
        try:
            upgraded = migration.migrate(parse_json(text), to=to)
        except ValidationError as error:  # a later version than --to
            problems += error.errors
    for problem in problems:
        print(problem_line(name, problem), file=sys.stderr)
    return upgraded


def _migrate(args: argparse.Namespace) -> int:
    """Upgrade every file in memory; then write them all, or none when one is invalid."""
    targets = _targets(args)
    upgraded = [_upgraded(name, args.to) for name in args.paths]
    if any(each is None for each in upgraded):
        print("ngomodel: nothing written: a document is invalid", file=sys.stderr)
        return 1
    for name, target, each in zip(args.paths, targets, upgraded, strict=True):
        assert each is not None
        for change in each.changes:
            print(f"{name}: {change.path}: {change.message} [{change.code}]", file=sys.stderr)
        text = json.dumps(each.document, ensure_ascii=False, indent=2) + "\n"
        data = text.encode("utf-8", "surrogatepass")
        if target is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            continue
        try:
            _write_atomically(target, data)
        except OSError as error:
            raise _UsageError(f"{target}: {_lower(error)}") from None
    return 0


# -- convert -------------------------------------------------------------------------


class _UnavailableError(Exception):
    """A format's reader or writer is not in this version of ngomodel (or needs an extra)."""


#: A function that returns a reader (``bytes -> Converted[Dataset]``) or a writer
#: (``Dataset -> Converted[bytes]``, perhaps with ``partial=``), importing it only then.
_Loader = Callable[[], Callable[..., Converted[Any]]]


def _lazy(module: str, function: str, *, needs: tuple[str, str] | None = None) -> _Loader:
    """A loader of *function* from *module*, imported when the format is used.

    *needs* is a library the function imports only when called, and the extra that
    installs it: its absence is told before the input is read, not as a traceback later.
    """

    def load() -> Callable[..., Converted[Any]]:
        try:
            found: Callable[..., Converted[Any]] = getattr(
                importlib.import_module(module), function
            )
            if needs is not None and importlib.util.find_spec(needs[0]) is None:
                raise _UnavailableError(f"needs {needs[0]}: pip install 'ngomodel[{needs[1]}]'")
        except ImportError as error:
            if error.name == module:  # the module itself is not written yet
                raise _UnavailableError("is not available yet in this version") from None
            raise _UnavailableError(str(error)) from None  # an extra is missing
        except AttributeError:
            raise _UnavailableError("is not available yet in this version") from None
        return found

    return load


def _read_json(data: bytes) -> Converted[Any]:
    """Read ngomodel JSON through every layer of validation, problems located."""
    report = validate_text(data, "dataset", limits=Limits(max_bytes=len(data) + 1, max_problems=0))
    if not report.valid:
        return Converted(None, report.problems)
    return Converted(loads(data), report.problems)


def _write_json(dataset: Any) -> Converted[bytes]:
    """Write ngomodel JSON, as `ngomodel demo --write` and `migrate` do: indented."""
    return Converted(_indented(json.loads(dumps(dataset))) + b"\n")


def _indented(document: Any) -> bytes:
    """The JSON values *document* as UTF-8 text indented by two spaces."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return text.encode("utf-8", "surrogatepass")


#: The formats `ngomodel convert` reads, by name: the one place a new reader is added.
_READERS: dict[str, _Loader] = {
    "json": lambda: _read_json,
    "iati": _lazy("ngomodel.iati", "from_iati"),
    "popolo": _lazy("ngomodel.popolo", "from_popolo"),
    "xlsx": _lazy("ngomodel.tables", "from_xlsx"),
    "csv": _lazy("ngomodel.tables", "from_csv"),
    "parquet": _lazy("ngomodel.parquet", "from_parquet", needs=("pyarrow", "parquet")),
}
#: The formats `ngomodel convert` writes, by name: the one place a new writer is added.
_WRITERS: dict[str, _Loader] = {
    "json": lambda: _write_json,
    "iati-activities": _lazy("ngomodel.iati", "to_activities"),
    "iati-organisations": _lazy("ngomodel.iati", "to_organisations"),
    "popolo": _lazy("ngomodel.popolo", "to_popolo"),
    "xlsx": _lazy("ngomodel.tables", "to_xlsx"),
    "csv": _lazy("ngomodel.tables", "to_csv"),
    "parquet": _lazy("ngomodel.parquet", "to_parquet_files", needs=("pyarrow", "parquet")),
}
#: The readers that read a file as a stream, one entity at a time (``IO[bytes] ->``
#: :class:`~ngomodel.iati.IatiStream`): converted ``--to json`` from a file, the input is
#: not read whole, nor the dataset held, and the JSON is written entity by entity.
_STREAMERS: dict[str, _Loader] = {"iati": _lazy("ngomodel.iati", "iter_from_iati")}
#: The formats that are a folder of files, not one file: their reader is given the
#: folder's path, their writer returns the files (name -> bytes). A folder holding the
#: first file named is told to be in that format.
_FOLDERS = {"parquet": "dataset.parquet"}
#: The root elements of the XML files read, and the reader of each.
_XML_ROOTS = {"iati-activities": "iati", "iati-organisations": "iati"}
#: Top-level keys of Popolo JSON (which, unlike ngomodel's, has no schema_version).
_POPOLO_KEYS = frozenset({"persons", "organizations", "memberships", "posts"})
#: The first bytes of a zip archive: an XLSX workbook, or CSV files (ngomodel.tables).
_ZIP_MAGIC = b"PK\x03\x04"


def _loaded(loaders: dict[str, _Loader], name: str, what: str) -> Callable[..., Converted[Any]]:
    try:
        return loaders[name]()
    except _UnavailableError as error:
        raise _UsageError(f"{what} {name} {error}") from None


def _detected(name: str, data: bytes) -> str:
    """The format of *data*, from its content; or problems (exit 1), or a usage error."""
    if data.startswith(_ZIP_MAGIC):
        return _zipped(name, data)
    if is_xml(data):
        return _detected_xml(name, data)
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):  # the JSON reader reports it, located
        return "json"
    popolo = isinstance(document, dict) and "schema_version" not in document
    return "popolo" if popolo and _POPOLO_KEYS & document.keys() else "json"


def _detected_xml(name: str, data: bytes | IO[bytes]) -> str:
    """The format of the XML *data*, from its root element (what is read of a stream is
    its head, to the root's first child)."""
    reader = XmlReader(data)
    for _ in reader:  # the root and its first child are enough to tell
        break
    if reader.problems:
        raise _InvalidInputError(reader.problems)
    root = reader.root.tag if reader.root is not None else ""
    found = _XML_ROOTS.get(root.rpartition("}")[2])
    if found is None:
        raise _UsageError(
            f"{name}: XML whose root element is <{root}>, which ngomodel does not read "
            f"(it reads {', '.join(f'<{r}>' for r in _XML_ROOTS)}); or say --from"
        )
    return found


def _zipped(name: str, data: bytes) -> str:
    """The format of the zip archive *data*, from its entries: a workbook has
    ``[Content_Types].xml`` and ``xl/…``, the CSV files of a dataset end in ``.csv``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        found = Problem(path="", code="invalid_table", message=f"a broken zip archive: {error}")
        raise _InvalidInputError([found]) from None
    if "[Content_Types].xml" in entries and any(entry.startswith("xl/") for entry in entries):
        return "xlsx"
    if any(entry.endswith(".csv") for entry in entries):
        return "csv"
    raise _UsageError(
        f"{name}: a zip archive that is neither an XLSX workbook nor CSV files (.csv), which "
        "ngomodel reads; or say --from"
    )


class _InvalidInputError(Exception):
    """The input cannot be read at all: its problems are reported, exit status 1."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = problems


def _read_input(name: str) -> bytes:
    limit = _xml.MAX_BYTES
    try:
        if name == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(name, "rb") as stream:
                data = stream.read(limit + 1)
    except OSError as error:
        raise _UsageError(f"{name}: {_lower(error)}") from None
    if len(data) > limit:
        message = f"the input is larger than the limit of {limit:,} bytes"
        raise _InvalidInputError([Problem(path="", code="too_large", message=message)])
    return data


def _report(name: str, problems: Sequence[Problem], *, written: bool = False) -> None:
    """Print *problems* of the input *name*, one line each, to standard error.

    A writer's problem is in the input (its ``path``) and about a place in the output
    (its ``where``): its line shows both, ``/programs/0 (iati-activity/iati-identifier)``.
    """
    for problem in problems:
        if written and problem.path and problem.where is not None:
            place = f"{problem.path} ({problem.where})"
            line = f"{name}: {problem.severity}: {place}: {problem.message} [{problem.code}]"
        else:
            line = problem_line(name, problem)
        print(line, file=sys.stderr)


def _generated(text: str) -> datetime.datetime:
    """The ``--generated`` time: ``now`` (UTC, to the second), or an ISO 8601 date-time
    with its time zone."""
    if text.lower() == "now":
        return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    try:
        found = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise _UsageError(
            f"--generated {text}: not an ISO 8601 date-time (e.g. 2024-05-01T12:00:00+00:00) "
            "nor now"
        ) from None
    if found.tzinfo is None:
        raise _UsageError(f"--generated {text}: give its time zone, e.g. {text}+00:00 or {text}Z")
    return found


def _writer_options(
    args: argparse.Namespace, writer: Callable[..., Converted[Any]]
) -> dict[str, Any]:
    """The options of *writer* the command line gives; a usage error for one it lacks."""
    takes = inspect.signature(writer).parameters
    options: dict[str, Any] = {}
    for flag, name, value in (
        ("--partial", "partial", args.partial or None),
        ("--reporting-organization", "reporting_organization", args.reporting_organization),
        ("--generated", "generated", args.generated),
    ):
        if value is None:
            continue
        if name not in takes:
            raise _UsageError(f"{flag} does not apply to {args.to}")
        options[name] = _generated(value) if name == "generated" else value
    needed = "reporting_organization" in takes and "reporting_organization" not in options
    if needed and not args.partial:
        raise _UsageError(
            f"{args.to} needs --reporting-organization ID: the organization that "
            "publishes the file, which the dataset does not say"
        )
    return options


def _reporting_organization(dataset: Any, given: str) -> Any:
    """The organization of *dataset* named by its id or IATI identifier *given*."""
    from ngomodel._values import OrganizationReference

    for org in (*dataset.organizations, *dataset.networks):
        if given in (org.id, org.iati_identifier):
            return OrganizationReference(organization_id=org.id)
    raise _UsageError(
        f"--reporting-organization {given}: no organization or network of the dataset has "
        "that id or IATI identifier"
    )


def _convert(args: argparse.Namespace) -> int:
    """Read the input in its format, write it in another; problems to standard error."""
    writer = _loaded(_WRITERS, args.to, "writing")
    if args.partial and "partial" not in inspect.signature(writer).parameters:
        raise _UsageError(f"--partial does not apply to {args.to}: it writes all or nothing")
    options = _writer_options(args, writer)
    if args.to in _FOLDERS:
        if args.output in (None, "-"):
            raise _UsageError(f"{args.to} is a folder of files: say where with --output DIR")
        if os.path.lexists(args.output):
            raise _UsageError(
                f"{args.output} exists: {args.to} makes a new folder; remove it or name another"
            )
    if (
        args.output not in (None, "-")
        and args.input != "-"
        and os.path.exists(args.output)
        and os.path.samefile(args.input, args.output)
    ):
        raise _UsageError(f"{args.output} is the input: write the conversion elsewhere")
    folder = args.input != "-" and os.path.isdir(args.input)
    if args.to == "json" and not folder and args.input != "-" and args.source not in _FOLDERS:
        streamed = _convert_streamed(args)
        if streamed is not None:
            return streamed
    if folder:
        read = _read_folder(args.input, args.source)
    elif args.source in _FOLDERS:
        raise _UsageError(
            f"--from {args.source} reads a folder (holding {_FOLDERS[args.source]}), "
            f"and {args.input} is not one"
        )
    else:
        found = _read_file(args)
        if isinstance(found, int):
            return found
        read = found
    _report(args.input, read.problems)
    failed = bool(read.errors)
    if read.value is None or (failed and not args.partial):
        print("ngomodel: nothing written: the input has errors", file=sys.stderr)
        return 1
    if "reporting_organization" in options:
        options["reporting_organization"] = _reporting_organization(
            read.value, options["reporting_organization"]
        )
    written = writer(read.value, **options)
    _report(args.input, written.problems, written=True)
    failed = failed or bool(written.errors)
    if written.value is None or (failed and not args.partial):
        print(f"ngomodel: nothing written: {args.to} needs what the input lacks", file=sys.stderr)
        return 1
    if args.output in (None, "-"):
        sys.stdout.buffer.write(written.value)
        sys.stdout.flush()
    else:
        try:
            if isinstance(written.value, dict):
                _write_folder(args.output, written.value)
            else:
                _write_atomically(args.output, written.value)
        except OSError as error:
            raise _UsageError(f"{args.output}: {_lower(error)}") from None
    if failed:
        print("ngomodel: a partial file was written: see the errors above", file=sys.stderr)
    return int(failed)


def _read_folder(name: str, source: str | None) -> Converted[Any]:
    """Read the folder *name* in its format (*source*, or told from the files it holds)."""
    if source is None:
        held = (found for found, first in _FOLDERS.items() if os.path.exists(f"{name}/{first}"))
        source = next(held, None)
        if source is None:
            known = ", ".join(f"{first} ({found})" for found, first in _FOLDERS.items())
            raise _UsageError(f"{name} is a folder without {known}, which ngomodel reads")
    elif source not in _FOLDERS:
        raise _UsageError(f"{name} is a folder, and --from {source} reads a file")
    return _loaded(_READERS, source, "reading")(name)


def _read_file(args: argparse.Namespace) -> Converted[Any] | int:
    """Read the input file of `convert`: what was read, or an exit status."""
    data = _read_input(args.input)
    try:
        source = args.source or _detected(args.input, data)
    except _InvalidInputError as invalid:
        _report(args.input, invalid.problems)
        print("ngomodel: nothing written: the input cannot be read", file=sys.stderr)
        return 1
    return _loaded(_READERS, source, "reading")(data)


def _convert_streamed(args: argparse.Namespace) -> int | None:
    """Convert the input file to ngomodel JSON one entity at a time, if its format is
    read as a stream (:data:`_STREAMERS`): the exit status, else ``None``.

    The bytes are those the whole dataset gives (:func:`_write_json`): the entities are
    written to an unnamed temporary file beside the output as they are read, and the
    output is made, whole, once the end of the input says the input has no error and
    what comes before them (``default_language``). On an error nothing is written.
    """
    try:
        stream = open(args.input, "rb")  # noqa: SIM115 - closed below, on every path
    except OSError as error:
        raise _UsageError(f"{args.input}: {_lower(error)}") from None
    with stream:
        if not is_xml(stream.read(_STREAM_HEAD)):
            return None
        stream.seek(0)
        try:
            source = args.source or _detected_xml(args.input, stream)
        except _InvalidInputError as invalid:
            _report(args.input, invalid.problems)
            print("ngomodel: nothing written: the input cannot be read", file=sys.stderr)
            return 1
        if source not in _STREAMERS:
            return None
        stream.seek(0)
        entities = _loaded(_STREAMERS, source, "reading")(stream)
        to_file = args.output not in (None, "-")
        beside = os.path.dirname(os.path.abspath(args.output)) if to_file else None
        try:
            body = tempfile.TemporaryFile(prefix=".ngomodel-", dir=beside)  # noqa: SIM115
        except OSError as error:
            raise _UsageError(f"{args.output}: {_lower(error)}") from None
        with body:
            return _write_json_streamed(args, entities, body)


#: How much of a file tells whether it is XML (its first character that is not blank).
_STREAM_HEAD = 4096


def _write_json_streamed(args: argparse.Namespace, entities: Any, body: IO[bytes]) -> int:
    """Write the JSON of each entity of the stream *entities* to *body*, then the output."""
    from ngomodel._dataset import Dataset
    from ngomodel.iati._import import gather

    first: list[Any] = []

    def keep(entity: Any) -> None:
        # an item of the list of the dataset's collection: two levels in
        indented = b"    " + _indented(json.loads(dumps(entity))).replace(b"\n", b"\n    ")
        body.write(b",\n" + indented if first else indented)
        if not first:
            first.append(entity)

    failed, problems = gather(entities, keep)
    _report(args.input, problems)
    if failed:
        print("ngomodel: nothing written: the input has errors", file=sys.stderr)
        return 1
    dataset = Dataset(schema_version="1.1", default_language=entities.default_language)
    if first:
        held: dict[str, Any] = {entities.collection: tuple(first)}
        dataset = attrs.evolve(dataset, **held)
    document = json.loads(dumps(dataset))
    parts: list[bytes | IO[bytes]] = [_indented(document) + b"\n"]
    if first:  # the dataset with its first entity, the body of every entity put in its place
        document[entities.collection] = [_BODY]
        head, _, tail = (_indented(document) + b"\n").partition(f'    "{_BODY}"'.encode())
        body.seek(0)
        parts = [head, body, tail]
    if args.output in (None, "-"):
        _write_parts(sys.stdout.buffer, parts)
        sys.stdout.flush()
        return 0
    try:
        _write_atomically(args.output, *parts)
    except OSError as error:
        raise _UsageError(f"{args.output}: {_lower(error)}") from None
    return 0


#: Where the entities go in the JSON of the dataset written around them.
_BODY = "ngomodel:entities"


def _extension_option(command: argparse.ArgumentParser) -> None:
    """Give a command the ``--extension FILE`` option (registered by :func:`main`)."""
    command.add_argument(
        "--extension",
        action="append",
        default=[],
        metavar="FILE",
        help="an extension definition to use (repeatable); e.g. --extension charity.json",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``ngomodel`` command."""
    parser = argparse.ArgumentParser(
        prog="ngomodel",
        description="Work with data about NGO cooperation networks.",
        epilog="Example: ngomodel validate data/ --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help="print the version of ngomodel and exit",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="validate JSON documents and JSON Lines files",
        description="Validate JSON documents and JSON Lines files: well-formed JSON, then the "
        "schema, then (for datasets) the semantic rules. Exit status 0 valid, 1 invalid, "
        "2 usage or I/O error.",
        epilog="Examples:\n  ngomodel validate dataset.json\n"
        "  ngomodel validate --schema program --jobs 2 programs.jsonl\n"
        "  cat dataset.json | ngomodel validate -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, directories (walked for .json, .jsonl, .ndjson), or - for standard input",
    )
    validate.add_argument(
        "--schema",
        default="dataset",
        choices=list(schema.ENTITIES),
        help="what each document or line must be (default: dataset); e.g. --schema program",
    )
    validate.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="report for people (text, the default) or machines (json); e.g. --format json",
    )
    mode = validate.add_mutually_exclusive_group()
    mode.add_argument(
        "--lines",
        dest="lines",
        action="store_true",
        default=None,
        help="read every input as JSON Lines (default: by name, .jsonl and .ndjson)",
    )
    mode.add_argument(
        "--document",
        dest="lines",
        action="store_false",
        help="read every input as one JSON document each, whatever its name",
    )
    validate.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="worker processes for JSON Lines, at most one per core (0: one per core; "
        "default 1); e.g. --jobs 2",
    )
    defaults = Limits()
    validate.add_argument(
        "--max-bytes",
        type=_count_option(1),
        default=defaults.max_bytes,
        metavar="N",
        help="the largest document or JSON Lines record read, in bytes; a larger one is "
        f"reported as too_large (default {defaults.max_bytes})",
    )
    validate.add_argument(
        "--max-problems-per-record",
        type=_count_option(0),
        default=defaults.max_problems_per_record,
        metavar="N",
        help="problems shown for one document or record; the rest are counted (0: all; "
        f"default {defaults.max_problems_per_record})",
    )
    validate.add_argument(
        "--max-problems",
        type=_count_option(0),
        default=defaults.max_problems,
        metavar="N",
        help="problems shown in all; the rest are counted (0: all; "
        f"default {defaults.max_problems})",
    )
    _extension_option(validate)
    validate.set_defaults(run=_validate)

    demo = commands.add_parser(
        "demo",
        help="load, validate and summarise the reference dataset",
        description="Load the reference dataset shipped with ngomodel, validate it and "
        "print a summary; or, with --write, write it to a file to try the other commands on.",
        epilog="Examples: ngomodel demo; ngomodel demo --write dataset.json && "
        "ngomodel validate dataset.json",
    )
    demo.add_argument(
        "--write",
        metavar="FILE",
        help="write the reference dataset's JSON to FILE ('-' for standard output), as "
        "shipped, instead of summarising it; an existing FILE is replaced whole",
    )
    demo.set_defaults(run=_demo)

    schema_cmd = commands.add_parser(
        "schema",
        help="print, write or check the JSON Schemas",
        description="Print one schema, write them all to a folder, or check a folder against "
        "what this version generates.",
        epilog="Examples:\n  ngomodel schema program\n  ngomodel schema --write schemas/1.1\n"
        "  ngomodel schema --check schemas/1.1",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    schema_cmd.add_argument(
        "name",
        nargs="?",
        default="dataset",
        help="the schema to print: dataset (default) or an entity, e.g. program",
    )
    action = schema_cmd.add_mutually_exclusive_group()
    action.add_argument("--write", metavar="DIR", help="write every schema under DIR")
    action.add_argument(
        "--check", metavar="DIR", help="compare DIR with the generated schemas (exit 1 if not)"
    )
    _extension_option(schema_cmd)
    schema_cmd.set_defaults(run=_schema)

    codes = commands.add_parser(
        "codelists",
        help="list the codelists, or print one",
        description="List the codelists shipped with ngomodel, or print the codes of one.",
        epilog="Examples:\n  ngomodel codelists\n  ngomodel codelists organisation_type",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    codes.add_argument("name", nargs="?", help="the codelist to print, e.g. sector")
    codes.set_defaults(run=_codelists)

    migrate = commands.add_parser(
        "migrate",
        help="upgrade datasets to a later version of the format",
        description="Upgrade datasets of an earlier version of the format, step by step, "
        "reporting each change. Each document is validated first; if one is invalid, "
        "nothing is written. Files are written whole or not at all, and the input is "
        "overwritten only with --in-place. Exit status 0 upgraded, 1 invalid, 2 usage or "
        "I/O error.",
        epilog="Examples:\n  ngomodel migrate old.json --output new.json\n"
        "  ngomodel migrate data/*.json --output-dir upgraded/\n"
        "  ngomodel migrate --in-place dataset.json\n  ngomodel migrate old.json > new.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    migrate.add_argument(
        "paths", nargs="+", metavar="FILE", help="dataset files, or - for standard input"
    )
    migrate.add_argument(
        "--to",
        choices=migration.VERSIONS,
        default=migration.VERSIONS[-1],
        help=f"the version to upgrade to (default {migration.VERSIONS[-1]})",
    )
    where = migrate.add_mutually_exclusive_group()
    where.add_argument("--output", "-o", metavar="FILE", help="write the one upgraded file here")
    where.add_argument(
        "--output-dir", metavar="DIR", help="write each upgraded file under DIR, by its name"
    )
    where.add_argument("--in-place", action="store_true", help="replace each input file")
    _extension_option(migrate)
    migrate.set_defaults(run=_migrate)

    convert = commands.add_parser(
        "convert",
        help="convert a dataset between ngomodel JSON, IATI XML, Popolo JSON, XLSX, CSV and "
        "Parquet",
        description="Read a dataset in one format and write it in another. The input's "
        "format is told from its content (an XML root of iati-activities or "
        "iati-organisations; Popolo JSON has persons, organizations, memberships or posts "
        "and no schema_version; a zip archive is an XLSX workbook or CSV files; a folder "
        "holding dataset.parquet is Parquet), or given with --from. XML is read safely: no DTD, no "
        "entities, no network, bounded depth. Nothing is invented and nothing dropped "
        "silently: what the target cannot hold is a warning, what it needs and the input "
        "lacks an error. Problems go to standard error. Exit status 0 converted, 1 errors "
        "(nothing written unless --partial), 2 usage or I/O error.",
        epilog="Examples:\n  ngomodel convert dataset.json --to iati-activities -o activities.xml\n"
        "  ngomodel convert activities.xml --to json --output dataset.json\n"
        "  ngomodel convert people.json --from popolo --to json\n"
        "  ngomodel convert dataset.json --to iati-activities --partial -o draft.xml\n"
        "  ngomodel convert dataset.json --to iati-organisations --reporting-organization "
        "org-cfpd\n"
        "  ngomodel convert dataset.json --to popolo -o people.json\n"
        "  ngomodel convert dataset.xlsx --to json -o dataset.json\n"
        "  ngomodel convert dataset.json --to parquet --output tables/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    convert.add_argument(
        "input", metavar="INPUT", help="the file to convert, or - for standard input"
    )
    convert.add_argument(
        "--to", required=True, choices=list(_WRITERS), help="the format to write; e.g. --to json"
    )
    convert.add_argument(
        "--from",
        dest="source",
        choices=list(_READERS),
        help="the input's format, when it should not be told from its content",
    )
    convert.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write here, whole or not at all (default, or -: standard output); for "
        "--to parquet a new folder, needed",
    )
    convert.add_argument(
        "--partial",
        action="store_true",
        help="write what could be converted even when there are errors (exit status 1 all "
        "the same)",
    )
    convert.add_argument(
        "--reporting-organization",
        metavar="ID",
        help="for --to iati-organisations: the organization that publishes the file, by its "
        "id or IATI identifier in the dataset (required: the dataset does not say who it is)",
    )
    convert.add_argument(
        "--generated",
        metavar="WHEN",
        help="for --to iati-activities and iati-organisations: the generated-datetime to "
        "write, an ISO 8601 date-time with its time zone or now (default: none, so the same "
        "input always gives the same bytes)",
    )
    _extension_option(convert)
    convert.set_defaults(run=_convert)

    template = commands.add_parser(
        "template",
        help="write an empty spreadsheet to fill in, with descriptions and lists of codes",
        description="Write an empty XLSX workbook in the layout `ngomodel convert --from "
        "xlsx` reads: a sheet per kind and per list, the headers, a row of descriptions and "
        "drop-down lists of the codes of each coded column.",
        epilog="Example: ngomodel template --to xlsx -o dataset.xlsx",
    )
    template.add_argument("--to", required=True, choices=["xlsx"], help="the format to write")
    template.add_argument(
        "--language",
        action="append",
        metavar="TAG",
        help="a language of the columns of localized text (repeatable; default: en)",
    )
    template.add_argument(
        "--output", "-o", metavar="FILE", help="write here (default, or -: standard output)"
    )
    template.set_defaults(run=_template)
    return parser


def _template(args: argparse.Namespace) -> int:
    """Write the spreadsheet template."""
    try:
        from ngomodel.tables import to_template
    except ImportError as error:
        raise _UsageError(f"writing a template needs {error}") from None
    data = to_template(tuple(args.language or ("en",)))
    if args.output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        _write_atomically(args.output, data)
    except OSError as error:
        raise _UsageError(f"{args.output}: {_lower(error)}") from None
    return 0


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def _quiet_stdout() -> None:
    """After the reader of standard output went away, send the rest nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Text that cannot be written as it is (a lone surrogate from a JSON escape, or a
    character the terminal's encoding lacks) is written as a backslash escape.
    SIGINT (Ctrl-C) and SIGTERM end the run with a one-line message.

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` by default.

    Returns:
        The exit status: 0 success, 1 invalid data, 2 usage or I/O error, 130 when
        interrupted (SIGINT), 143 when terminated (SIGTERM).
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main_thread else None
    try:
        args.extensions = _loaded_extensions(getattr(args, "extension", []))
        with extensions.using(*args.extensions):
            status: int = args.run(args)
    except _UsageError as error:
        print(f"ngomodel: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader of a listing went away (e.g. `| head`)
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        print("\nngomodel: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT
    except _Terminated:
        print("ngomodel: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
