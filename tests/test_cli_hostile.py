"""The command line under hostile and careless use: bounded, located, honest exit status.

Most tests call :func:`ngomodel.cli.main` in-process; the ones about signals, pipes and
worker processes run the installed script, since those are what they are about.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ngomodel import cli

from .test_cli import program_line


def main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command in-process: (exit status, standard output, standard error)."""
    try:
        status = cli.main(argv)
    except SystemExit as stop:  # argparse ends usage errors this way
        status = int(stop.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def script(*args: str) -> list[str]:
    """The installed ``ngomodel`` script with *args*."""
    return [str(Path(sys.executable).with_name("ngomodel")), *args]


def invalid_lines(path: Path, count: int) -> Path:
    """Write *count* JSON Lines records, every one invalid as a program."""
    path.write_bytes(b'{"id": "a b"}\n' * count)
    return path


# -- --jobs ---------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["100000", "99999999999999999999", "-1", "two", "3"])
def test_jobs_beyond_the_cores_are_a_usage_error(
    jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs above the cores (or not a number) is a usage error, exit 2, before any work."""
    monkeypatch.setattr(cli, "_cores", lambda: 2)
    status, out, err = main(capsys, "validate", "--jobs", jobs, str(tmp_path))
    assert status == 2
    assert out == ""
    assert "argument --jobs: expected a whole number from 0 (one per core) to 2" in err
    assert "Traceback" not in err


def test_jobs_zero_means_one_per_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 0 asks for one worker per core, and the cores are the limit."""
    monkeypatch.setattr(cli, "_cores", lambda: 3)
    args = cli.build_parser().parse_args(["validate", "--jobs", "0", "x"])
    assert args.jobs == 3


def _children(pid: int) -> set[int]:
    """The process ids of the children of *pid* (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_do_not_outlive_a_killed_parent(tmp_path: Path) -> None:
    """When the parent dies by SIGKILL (no clean-up possible), its workers end by themselves."""
    path = invalid_lines(tmp_path / "many.jsonl", 400_000)
    parent = subprocess.Popen(
        script("validate", "--schema", "program", "--jobs", "2", str(path)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    for _ in range(200):  # wait (at most 20 s) until both workers run
        workers = _children(parent.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.1)
    assert len(workers) >= 2, "the workers never started"
    parent.kill()
    parent.wait()
    for _ in range(100):  # the watch notices within WATCH_INTERVAL; allow 10 s
        if not any(_alive(w) for w in workers):
            break
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


# -- signals and pipes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "status", "message"),
    [(signal.SIGINT, 130, "ngomodel: interrupted"), (signal.SIGTERM, 143, "ngomodel: terminated")],
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_signals_end_the_run_with_one_line(
    tmp_path: Path, signum: int, status: int, message: str, jobs: str
) -> None:
    """SIGINT and SIGTERM end a run with a one-line message and 130 / 143, no traceback."""
    path = invalid_lines(tmp_path / "many.jsonl", 400_000)
    run = subprocess.Popen(
        script("validate", "--schema", "program", "--jobs", jobs, str(path)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert run.stdout is not None
    run.stdout.readline()  # it is under way
    workers = _children(run.pid)
    assert len(workers) == int(jobs) - (jobs == "1")  # --jobs 1 runs in the process itself
    run.send_signal(signum)
    _, err = run.communicate(timeout=60)
    assert run.returncode == status
    assert err.decode().strip() == message
    time.sleep(0.2)  # the pool has joined its workers before exit; let /proc catch up
    assert not any(_alive(w) for w in workers)


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("kind", ["lines", "document"])
def test_closed_pipe_keeps_the_exit_status(tmp_path: Path, fmt: str, jobs: str, kind: str) -> None:
    """When the reader closes the pipe (``| head -1``), invalid data still exits 1."""
    if kind == "lines":
        path = invalid_lines(tmp_path / "bad.jsonl", 5_000)
    else:
        path = tmp_path / "bad.json"
        path.write_text(json.dumps({"schema_version": "1.0", **{f"k{i}": i for i in range(2000)}}))
    run = subprocess.Popen(
        script("validate", "--schema", "program" if kind == "lines" else "dataset",
               "--format", fmt, "--jobs", jobs, str(path)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    assert run.stdout is not None
    assert run.stderr is not None
    run.stdout.readline()
    run.stdout.close()
    err = run.stderr.read()
    run.stderr.close()
    assert run.wait(timeout=120) == 1
    assert err == b""


# -- what is written ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("kind", ["document", "lines"])
def test_lone_surrogate_in_a_key_is_written_escaped(tmp_path: Path, fmt: str, kind: str) -> None:
    """A key holding a lone surrogate is reported, written as a ``\\ud800`` escape."""
    text = b'{"schema_version": "1.0", "\\ud800": 1}'
    path = tmp_path / ("bad.json" if kind == "document" else "bad.jsonl")
    path.write_bytes(text + b"\n")
    result = subprocess.run(
        script("validate", "--format", fmt, str(path)), capture_output=True, check=False
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == b""
    out = result.stdout.decode("utf-8")  # strict: the output is UTF-8 text
    if fmt == "json":
        (problem,) = json.loads(out)["sources"][0]["problems"]
        assert (problem["path"], problem["code"]) == ("/\ud800", "unknown_key")
    else:
        assert out.startswith(f"{path}:1:37: error: /\\ud800: unknown key")


def test_output_is_streamed_and_memory_kept_flat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Problems are written as found, at most --max-problems of them; the summary counts all."""
    path = invalid_lines(tmp_path / "bad.jsonl", 3_000)
    status, out, _ = main(
        capsys, "validate", "--schema", "program", "--max-problems", "50", str(path)
    )
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 51
    assert lines[-1] == (
        "invalid: 3000 record(s) in 1 source(s), 3000 invalid; 3000 error(s), 0 warning(s); "
        "2950 problem(s) not shown"
    )
    status, out, _ = main(
        capsys, "validate", "--schema", "program", "--format", "json", "--max-problems", "0",
        str(path),
    )  # fmt: skip
    report = json.loads(out)
    assert len(report["sources"][0]["problems"]) == 3000
    assert (report["error_count"], report["problems_not_shown"]) == (3000, 0)


def test_problems_per_record_are_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One record with many problems shows --max-problems-per-record of them, and a note."""
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"schema_version": "1.0", **{f"k{i}": i for i in range(500)}}))
    status, out, _ = main(capsys, "validate", "--max-problems-per-record", "3", str(path))
    assert status == 1
    lines = out.splitlines()
    assert [line.split(": ")[2] for line in lines[:3]] == ["/k0", "/k1", "/k10"]
    assert lines[3] == f"{path}:1: note: 497 more problem(s) in this record not shown " + (
        "(see --max-problems-per-record)"
    )
    assert lines[4].endswith("500 error(s), 0 warning(s); 497 problem(s) not shown")


# -- files, folders and standard input ------------------------------------------------


def test_unreadable_subfolder_is_an_io_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder the walk cannot read is reported (exit 2), not skipped in silence."""
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "data.json").write_bytes(b'{"schema_version": "1.0"}')
    (tmp_path / "shut").mkdir()
    scandir = os.scandir

    def refusing(path: Any = ".") -> Any:
        if str(path).endswith("shut"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)  # root reads any folder, so refuse by hand
    status, out, err = main(capsys, "validate", str(tmp_path))
    assert status == 2
    assert err == f"ngomodel: error: {tmp_path / 'shut'}: permission denied\n"
    assert out == (
        "incomplete: 1 record(s) in 1 source(s), 0 invalid; 0 error(s), 0 warning(s); "
        "1 path(s) could not be read\n"
    )


def test_unreadable_file_is_an_io_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that cannot be opened (a folder named as JSON Lines here) gives exit 2."""
    (tmp_path / "d.jsonl").mkdir()
    (tmp_path / "d.jsonl" / "x.json").write_bytes(b'{"schema_version": "1.0"}')
    status, _, err = main(capsys, "validate", "--format", "json", str(tmp_path / "d.jsonl"))
    assert status == 0  # a folder is walked: its one file is valid
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    status, _, err = main(capsys, "validate", str(fifo))
    assert status == 2
    assert err == f"ngomodel: error: {fifo}: not a regular file\n"


def test_symlink_loop_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A symbolic link loop is reported as one, not as a missing file."""
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    status, _, err = main(capsys, "validate", str(tmp_path / "a.json"))
    assert status == 2
    assert err == f"ngomodel: error: {tmp_path / 'a.json'}: too many levels of symbolic links\n"


def test_io_error_goes_on_with_the_other_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After an I/O error the other paths are still checked; JSON output names the error."""
    good = tmp_path / "good.jsonl"
    good.write_bytes(program_line("p1"))
    status, out, err = main(
        capsys, "validate", "--schema", "program", "--format", "json",
        str(tmp_path / "absent.json"), str(good),
    )  # fmt: skip
    assert status == 2
    report = json.loads(out)
    assert (report["records"], report["io_errors"], report["valid"]) == (1, 1, False)
    assert "absent.json: no such file or directory" in err


class _Stdin:
    """A standard input that counts how much is asked of it."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize("lines", [False, True])
def test_standard_input_is_bounded(
    lines: bool, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Standard input is read up to --max-bytes and refused as too_large beyond, located."""
    big = b'{"schema_version": "1.0", "x": "' + b"a" * 5_000 + b'"}\n'
    stdin = _Stdin(big + (b'{"schema_version": "1.0"}\n' if lines else b""))
    monkeypatch.setattr(sys, "stdin", stdin)
    mode = "--lines" if lines else "--document"
    status, out, _ = main(capsys, "validate", mode, "--max-bytes", "1000", "-")
    assert status == 1
    first = out.splitlines()[0]
    what = "-:1:1: error: (root): the record" if lines else "-: error: (root): the document"
    assert first == f"{what} is larger than the limit of 1,000 bytes (see --max-bytes) [too_large]"
    if lines:  # the long line is skipped through, the next one read
        assert out.splitlines()[1].startswith("invalid: 2 record(s)")
    else:
        assert stdin.buffer.tell() == 1001  # not a byte more than the limit and one


def test_file_over_the_limit_is_not_parsed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A document over --max-bytes is reported as too_large and not read further."""
    path = tmp_path / "big.json"
    path.write_bytes(b'{"schema_version": "1.0", "persons": []' + b" " * 2_000 + b"}")
    status, out, _ = main(capsys, "validate", "--max-bytes", "1000", str(path))
    assert status == 1
    assert "the document is larger than the limit of 1,000 bytes" in out
