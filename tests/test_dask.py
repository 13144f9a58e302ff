"""ngomodel.distributed: Dask and Spark give the report records of ``ngomodel validate``."""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ngomodel._reference import reference_bytes
from ngomodel.cli import main
from ngomodel.distributed import check_line, check_lines, validate_bag
from ngomodel.validation import Limits

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

DOCS = Path(__file__).resolve().parent.parent / "docs" / "distributed.md"

PROGRAMS: list[dict[str, Any]] = json.loads(reference_bytes())["programs"]


def _line(i: int) -> bytes:
    """Record *i* of the test files: a program, valid or wrong in one of several ways."""
    program = dict(PROGRAMS[i % len(PROGRAMS)], id=f"program-{i}")
    if i % 50 == 0:
        program["status"] = "99"  # not an ActivityStatus code
    if i % 97 == 0:
        program["id"] = f"program {i}"  # a space: not an id
    text = json.dumps(program, ensure_ascii=False).encode()
    if i % 331 == 0:
        return text[: len(text) // 2]  # cut off: not JSON
    if i % 419 == 0:
        return text.replace(b"program-", b"program-\xff", 1)  # not UTF-8
    if i % 211 == 0:
        return text + b"\r"  # a CRLF line ending
    if i % 173 == 0:
        return b"   "  # a blank line, skipped but counted
    return text


def _write(folder: Path, name: str, lines: list[bytes]) -> Path:
    path = folder / name
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Three JSON Lines files of 2,000 records in all, one of them without a record."""
    folder = tmp_path_factory.mktemp("jsonl")
    return [
        str(_write(folder, "a.jsonl", [_line(i) for i in range(1200)])),
        str(_write(folder, "b.jsonl", [b""])),
        str(_write(folder, "c.jsonl", [_line(i) for i in range(1200, 2000)])),
    ]


def cli_records(paths: list[str], schema: str, *options: str) -> list[dict[str, Any]]:
    """The problems of ``ngomodel validate --format json`` (run in process), with their source."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["validate", "--format", "json", "--lines", "--max-problems", "0", "--schema",
              schema, *options, *paths])  # fmt: skip
    report = json.loads(out.getvalue())
    return [{"source": s["source"], **p} for s in report["sources"] for p in s["problems"]]


@pytest.fixture(scope="module")
def reference(files: list[str]) -> list[dict[str, Any]]:
    return cli_records(files, "program")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A local cluster of two worker processes, one thread each."""
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_the_reference_has_every_kind_of_problem(reference: list[dict[str, Any]]) -> None:
    """The test files give problems of every layer, and the empty file its own."""
    codes = {r["code"] for r in reference}
    assert {"unknown_code", "invalid_id", "invalid_json", "invalid_encoding"} <= codes, codes
    assert "empty_document" in {r["code"] for r in reference if r["source"].endswith("b.jsonl")}
    assert len(reference) > 60


def test_bag_on_a_cluster_gives_the_cli_records(
    client: Any, files: list[str], reference: list[dict[str, Any]]
) -> None:
    """On two worker processes, the bag's records are the CLI's, record for record, in order."""
    bag = validate_bag(files, "program", blocksize=64 * 1024)
    assert bag.npartitions > 6
    assert bag.compute() == reference
    assert len(client.scheduler_info()["workers"]) == 2


#: Short records of people, of every kind the reader meets: blank, CRLF, cut off, not UTF-8.
PEOPLE = [b'{"id": "p1", "name": {"en": "Liu"}}', b"", b'{"id": "p 2"}\r', b"  ", b'{"id": "p3"',
          b'{"id": "p\xff"}', b'{"id": "p4", "name": {"en": "Li"}}', b"\t", b"[]"]  # fmt: skip


@pytest.mark.parametrize("blocksize", [1, 2, 3, 5, 8, 13, 40, 10**9])
def test_any_cut_into_ranges_gives_the_cli_records(tmp_path: Path, blocksize: int) -> None:
    """However a file is cut, every line is read once, with its line number in the file."""
    path = str(_write(tmp_path, "x.jsonl", [b"   "] * 4 + PEOPLE * 3))
    expected = cli_records([path], "person")
    assert len(expected) > 12
    assert validate_bag(path, "person", blocksize=blocksize).compute(scheduler="sync") == expected


@pytest.mark.parametrize("blocksize", [1000, 4096])
def test_long_records_cut_into_ranges_give_the_cli_records(tmp_path: Path, blocksize: int) -> None:
    """Records longer than a range are read whole, by the range they start in."""
    lines = [_line(i) for i in range(0, 60)] + [b"", b"\t", _line(331), _line(419)]
    path = str(_write(tmp_path, "x.jsonl", lines))
    expected = cli_records([path], "program")
    assert validate_bag(path, "program", blocksize=blocksize).compute(scheduler="sync") == expected


def test_glob_patterns_are_read_in_sorted_order(
    files: list[str], reference: list[dict[str, Any]]
) -> None:
    """A glob pattern names the files it matches, in sorted order, each by its own name."""
    pattern = str(Path(files[0]).parent / "*.jsonl")
    assert validate_bag(pattern, "program").compute(scheduler="sync") == reference


def test_limits_are_the_cli_limits(tmp_path: Path) -> None:
    """--max-bytes and --max-problems-per-record give the same records through the bag."""
    lines = [_line(50), b'{"id": "' + b"x" * 5000 + b'"}', _line(97), _line(1)]
    path = str(_write(tmp_path, "limits.jsonl", lines))
    expected = cli_records(
        [path], "program", "--max-bytes", "3000", "--max-problems-per-record", "1"
    )
    limits = Limits(max_bytes=3000, max_problems_per_record=1)
    got = validate_bag(path, "program", limits=limits, blocksize=500).compute(scheduler="sync")
    assert got == expected
    assert "too_large" in {r["code"] for r in got}


def test_a_file_of_blank_lines_has_no_records(tmp_path: Path) -> None:
    """A file whose lines are all blank reports ``empty_document`` once, however it is cut."""
    path = str(_write(tmp_path, "blank.jsonl", [b"  "] * 40))
    expected = cli_records([path], "person")
    assert [r["code"] for r in expected] == ["empty_document"]
    assert validate_bag(path, "person", blocksize=5).compute(scheduler="sync") == expected


def test_missing_files_raise_before_any_work(tmp_path: Path) -> None:
    """A missing file, or a pattern that matches nothing, is an error, not an empty report."""
    with pytest.raises(FileNotFoundError):
        validate_bag(str(tmp_path / "none.jsonl"), "person")
    with pytest.raises(FileNotFoundError, match="no file matches"):
        validate_bag(str(tmp_path / "*.jsonl"), "person")
    with pytest.raises(ValueError, match="blocksize"):
        validate_bag(str(tmp_path / "none.jsonl"), "person", blocksize=0)


def test_without_dask_the_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, files: list[str]
) -> None:
    """Without dask installed, validate_bag says which extra to install."""
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ImportError, match=re.escape("ngomodel[dask]")):
        validate_bag(files, "program")


def test_check_line_is_the_cli_for_one_record(tmp_path: Path) -> None:
    """check_line gives a record's problems as the CLI writes them, on the record's line."""
    lines = [_line(1), _line(50)]
    path = str(_write(tmp_path, "one.jsonl", lines))
    assert check_line(path, 2, lines[1], "program") == cli_records([path], "program")
    assert check_line(path, 1, lines[0], "program") == []


def _spark_recipe() -> dict[str, Any]:
    """Run the Python block of docs/distributed.md marked as the Spark partition function."""
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"<!-- spark-partition -->\n```python\n(.*?)```", text, re.DOTALL)
    assert block, "docs/distributed.md lost its Spark partition function"
    namespace: dict[str, Any] = {}
    exec(block.group(1), namespace)  # the documented code, exactly as shown
    return namespace


def test_the_spark_partition_function_gives_the_cli_records(
    files: list[str], reference: list[dict[str, Any]]
) -> None:
    """The documented mapPartitions function, over partitions made by hand as binaryFiles
    makes them ((name, bytes) pairs), gives the CLI's records, partition after partition."""
    check_files = _spark_recipe()["check_files"]
    pairs = [(name, Path(name).read_bytes()) for name in files]
    partitions = [pairs[:2], pairs[2:]]
    got = [record for partition in partitions for record in check_files(iter(partition))]
    assert got == reference


def test_check_lines_reads_a_stream_as_the_cli_does(
    files: list[str], reference: list[dict[str, Any]]
) -> None:
    """check_lines over each file's stream gives the CLI's records, the empty file's too."""
    got = []
    for name in files:
        with open(name, "rb") as stream:
            got.extend(check_lines(name, stream, "program"))
    assert got == reference
