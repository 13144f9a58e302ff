"""The ``ngomodel`` command line (also ``python -m ngomodel``).

Exit status: 0 when everything checked is valid (warnings allowed), 1 when
something is invalid, 2 for a usage or input/output error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import IO

from ngomodel import codelists, rules, schema
from ngomodel._reference import reference_dataset
from ngomodel._summary import summarize
from ngomodel.errors import Problem
from ngomodel.validation import Report, validate_line, validate_text

__all__ = ["build_parser", "main"]

#: File name endings read as JSON Lines (one record per line).
LINES_SUFFIXES = (".jsonl", ".ndjson")
#: File name endings a directory walk picks up.
JSON_SUFFIXES = (".json", *LINES_SUFFIXES)
#: JSON Lines records handed to a worker process at a time.
BATCH = 256


class UsageError(Exception):
    """A problem with the command's arguments or its files: exit status 2."""


# -- validate ------------------------------------------------------------------------


def _files(paths: Sequence[str]) -> Iterator[str]:
    for name in paths:
        if name == "-":
            yield name
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(
                str(p) for p in path.rglob("*") if p.is_file() and p.suffix in JSON_SUFFIXES
            )
            if not found:
                raise UsageError(f"{name}: no .json, .jsonl or .ndjson files in this directory")
            yield from found
        elif path.is_file():
            yield name
        elif path.exists():
            raise UsageError(f"{name}: not a regular file")
        else:
            raise UsageError(f"{name}: no such file or directory")


def _open(name: str) -> IO[bytes]:
    if name == "-":
        return sys.stdin.buffer
    try:
        return open(name, "rb")
    except OSError as error:
        raise UsageError(f"{name}: {error.strerror}") from None


def _validate_batch(batch: list[tuple[int, bytes]], schema_name: str) -> list[list[Problem]]:
    return [validate_line(line, number, schema_name) for number, line in batch]


def _progress(stream: IO[bytes], name: str) -> Iterator[bytes]:
    """Yield the lines of *stream*; on a terminal, show progress if tqdm is installed."""
    if not sys.stderr.isatty() or name == "-":
        yield from stream
        return
    try:
        from tqdm import tqdm
    except ImportError:  # the optional `progress` extra is not installed
        yield from stream
        return
    with tqdm(
        total=os.path.getsize(name), unit="B", unit_scale=True, desc=name, leave=False
    ) as bar:
        for line in stream:
            bar.update(len(line))
            yield line


def _batches(stream: Iterator[bytes]) -> Iterator[list[tuple[int, bytes]]]:
    batch: list[tuple[int, bytes]] = []
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue  # blank lines, such as a final one, separate no records
        batch.append((number, line))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _validate_lines(
    name: str, stream: IO[bytes], schema_name: str, pool: ProcessPoolExecutor | None, jobs: int
) -> Report:
    problems: list[Problem] = []
    records = invalid = 0

    def take(results: list[list[Problem]]) -> None:
        nonlocal records, invalid
        for found in results:
            records += 1
            if any(p.severity == "error" for p in found):
                invalid += 1
            problems.extend(found)

    lines = _progress(stream, name)
    if pool is None:
        for batch in _batches(lines):
            take(_validate_batch(batch, schema_name))
    else:
        # A bounded window of batches in flight keeps memory flat however long the file.
        window: deque[Future[list[list[Problem]]]] = deque()
        limit = 4 * jobs
        for batch in _batches(lines):
            window.append(pool.submit(_validate_batch, batch, schema_name))
            if len(window) >= limit:
                take(window.popleft().result())
        while window:
            take(window.popleft().result())
    if records == 0:
        problems.append(Problem(path="", code="empty_document", message="no records in the file"))
        invalid = 1
    return Report(source=name, records=records, invalid_records=invalid, problems=tuple(problems))


def _validate_document(name: str, stream: IO[bytes], schema_name: str) -> Report:
    data = stream.read()
    if not data.strip():
        empty = Problem(path="", code="empty_document", message="the document is empty")
        return Report(source=name, records=0, invalid_records=1, problems=(empty,))
    return validate_text(data, schema_name, source=name)


def _validate(args: argparse.Namespace) -> int:
    reports: list[Report] = []
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    pool = ProcessPoolExecutor(jobs) if jobs > 1 else None
    try:
        for name in _files(args.paths):
            as_lines = args.lines or (args.lines is None and name.endswith(LINES_SUFFIXES))
            stream = _open(name)
            try:
                if as_lines:
                    report = _validate_lines(name, stream, args.schema, pool, jobs)
                else:
                    report = _validate_document(name, stream, args.schema)
            finally:
                if stream is not sys.stdin.buffer:
                    stream.close()
            reports.append(report)
            if args.format == "text":
                for line in report.lines():
                    print(line)
    finally:
        if pool is not None:
            pool.shutdown()
    valid = all(r.valid for r in reports)
    records = sum(r.records for r in reports)
    invalid = sum(r.invalid_records for r in reports)
    if args.format == "json":
        out = {
            "valid": valid,
            "records": records,
            "invalid_records": invalid,
            "sources": [r.to_json() for r in reports],
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        errors = sum(len(r.errors) for r in reports)
        warnings = sum(len(r.warnings) for r in reports)
        verdict = "valid" if valid else "invalid"
        print(
            f"{verdict}: {records} record(s) in {len(reports)} source(s), {invalid} invalid; "
            f"{errors} error(s), {warnings} warning(s)"
        )
    return 0 if valid else 1


# -- other commands --------------------------------------------------------------------


def _demo(_: argparse.Namespace) -> int:
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


def _schema(args: argparse.Namespace) -> int:
    if args.write:
        for path in schema.write(args.write):
            print(path)
        return 0
    if args.check:
        differences = schema.check(args.check)
        for line in differences:
            print(line)
        if differences:
            print("run `ngomodel schema --write DIR` to regenerate", file=sys.stderr)
        return 1 if differences else 0
    try:
        document = schema.schema_for(args.name)
    except KeyError as error:
        raise UsageError(error.args[0]) from None
    print(json.dumps(document, indent=2, ensure_ascii=False))
    return 0


def _codelists(args: argparse.Namespace) -> int:
    if args.name is None:
        for name in codelists.names():
            codelist = codelists.get(name)
            print(f"{name:34} {len(codelist):5} codes  {codelist.title} ({codelist.source})")
        return 0
    try:
        codelist = codelists.get(args.name)
    except KeyError:
        raise UsageError(f"no codelist named {args.name!r}; see `ngomodel codelists`") from None
    print(f"# {codelist.title}: {codelist.description}")
    print(f"# source: {codelist.source}, version {codelist.version}")
    for code in codelist:
        print(f"{code.code}\t{code.name}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``ngomodel`` command."""
    parser = argparse.ArgumentParser(
        prog="ngomodel",
        description="Work with data about NGO cooperation networks.",
        epilog="Example: ngomodel validate data/ --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        type=int,
        default=1,
        metavar="N",
        help="worker processes for JSON Lines (0: one per core; default 1); e.g. --jobs 2",
    )
    validate.set_defaults(run=_validate)

    demo = commands.add_parser(
        "demo",
        help="load, validate and summarise the reference dataset",
        description="Load the reference dataset shipped with ngomodel, validate it and "
        "print a summary.",
        epilog="Example: ngomodel demo",
    )
    demo.set_defaults(run=_demo)

    schema_cmd = commands.add_parser(
        "schema",
        help="print, write or check the JSON Schemas",
        description="Print one schema, write them all to a folder, or check a folder against "
        "what this version generates.",
        epilog="Examples:\n  ngomodel schema program\n  ngomodel schema --write schemas\n"
        "  ngomodel schema --check schemas",
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` by default.

    Returns:
        The exit status: 0 success, 1 invalid data, 2 usage or I/O error.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "jobs", 1) < 0:
        parser.error("--jobs must be 0 or more")
    try:
        status: int = args.run(args)
    except UsageError as error:
        print(f"ngomodel: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
        sys.stderr.close()
        return 0
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
