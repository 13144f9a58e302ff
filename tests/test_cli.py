"""The ``ngomodel`` command.

Most tests call :func:`ngomodel.cli.main` in-process, which runs exactly what the console
script runs after argument parsing; a few run the installed script and ``python -m ngomodel``
in a subprocess, as users do: the script exists, one validation end to end, the 100 MB record.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ngomodel import cli
from ngomodel._reference import reference_bytes
from ngomodel.validation import read_records

#: The console script pip installed next to this interpreter.
SCRIPT = Path(sys.executable).with_name("ngomodel")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``ngomodel`` script in a subprocess."""
    result = subprocess.run([SCRIPT, *args], capture_output=True, check=False, timeout=300)
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8"),
        result.stderr.decode("utf-8"),
    )


def main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command in-process: (exit status, standard output, standard error)."""
    try:
        status = cli.main(argv)
    except SystemExit as stop:  # argparse ends usage errors and --help this way
        status = int(stop.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def reference() -> dict[str, Any]:
    """The reference dataset as plain JSON values."""
    return json.loads(reference_bytes())  # type: ignore[no-any-return]


def program_line(id: str, **extra: Any) -> bytes:
    """One JSON Lines record: a small program."""
    return json.dumps({"id": id, "title": {"en": f"Program {id}"}, **extra}).encode() + b"\n"


# -- the installed script and python -m, in subprocesses ----------------------------------


def test_demo_prints_summary() -> None:
    """The installed ``ngomodel demo`` script validates the reference dataset and summarises it."""
    assert SCRIPT.is_file()
    result = run("demo")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Network: China NGO Network for International Exchanges (founded 2005)" in out
    assert "265 (number of members)" in out
    assert "幸福泉 / Xingfu Quan / Spring of Happiness [Cambodia]" in out
    assert "target: 200 wells" in out
    assert "more than 50% of them outside China" in out
    assert "Liu Kaiyang, Deputy Secretary-General" in out
    assert "valid, 0 problem(s)" in out
    assert result.stderr == ""


def test_python_dash_m() -> None:
    """``python -m ngomodel`` is the same command."""
    result = subprocess.run(
        [sys.executable, "-m", "ngomodel", "demo"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "Programs (5):" in result.stdout


def test_validate_reports_location(tmp_path: Path) -> None:
    """The script reports an invalid document with file, line, column, pointer and code."""
    data = reference()
    data["persons"][0]["id"] = "liu kaiyang"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 1
    line = next(x for x in result.stdout.splitlines() if "invalid_id" in x)
    location, severity, pointer, *_ = line.split(": ")
    file, row, column = location.rsplit(":", 2)
    text_line = path.read_text(encoding="utf-8").splitlines()[int(row) - 1]
    assert (file, severity, pointer) == (str(path), "error", "/persons/0/id")
    assert text_line[int(column) - 1 :].startswith('"liu kaiyang"')


def test_huge_single_line(tmp_path: Path) -> None:
    """A 100 MB single-line record is read and validated when --max-bytes allows it."""
    # In a subprocess, so that the memory it takes is given back when it ends.
    path = tmp_path / "huge.jsonl"
    title = "x" * 100_000_000
    path.write_text(json.dumps({"id": "p", "title": {"en": title}}) + "\n", encoding="utf-8")
    result = run("validate", "--schema", "program", "--max-bytes", "100000100", str(path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "valid: 1 record(s)" in result.stdout


# -- in-process ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [(), ("nonsense",), ("validate",), ("validate", "--jobs", "-1", "x")]
)
def test_usage_errors_exit_2(args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    """A missing or unknown command or argument is a usage error: exit 2, no traceback."""
    status, _, err = main(capsys, *args)
    assert status == 2
    assert "Traceback" not in err
    assert "usage: ngomodel" in err


@pytest.mark.parametrize("command", ["validate", "demo", "schema", "codelists"])
def test_help_has_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Every command has help text with an example."""
    status, out, _ = main(capsys, command, "--help")
    assert status == 0
    assert "Example" in out
    assert f"ngomodel {command}" in out


def test_validate_reference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The reference dataset validates: exit 0."""
    path = tmp_path / "reference.json"
    path.write_bytes(reference_bytes())
    status, out, _ = main(capsys, "validate", str(path))
    assert status == 0, out
    assert out.startswith("valid: 1 record(s)")


def test_semantic_rules_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Semantic rule breaches are reported by code, warnings do not fail the run."""
    data = reference()
    data["figures"][3]["value"] = 3
    path = tmp_path / "warn.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    status, out, _ = main(capsys, "validate", str(path))
    assert status == 0
    assert "warning: /figures/3/value" in out
    data["memberships"][0]["member_id"] = "org-nobody"
    path.write_text(json.dumps(data), encoding="utf-8")
    status, out, _ = main(capsys, "validate", str(path))
    assert status == 1
    assert "[unresolved_reference]" in out


HOSTILE = [
    pytest.param(b"\xff\xfe\x00{}", "invalid_encoding", id="invalid-utf8"),
    pytest.param(b"\xef\xbb\xbf" + reference_bytes(), "invalid_encoding", id="bom"),
    pytest.param(reference_bytes()[:200], "invalid_json", id="truncated"),
    pytest.param(b'{"schema_version": "1.0", "x": NaN}', "invalid_number", id="nan"),
    pytest.param(b'{"schema_version": "1.0", "x": Infinity}', "invalid_number", id="infinity"),
    pytest.param(b'{"schema_version": "1.0", "x": 1e999}', "invalid_number", id="float-overflow"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, "too_deep", id="deep-nesting"),
    pytest.param(b'{"schema_version": "1.0", "schema_version": "1.0"}', "duplicate_key", id="dup"),
    pytest.param(b"", "empty_document", id="empty-file"),
]


@pytest.mark.parametrize(("content", "code"), HOSTILE)
def test_hostile_documents(
    tmp_path: Path, content: bytes, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hostile input gets exit 1 and a located message with its code, never a traceback."""
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    status, out, err = main(capsys, "validate", str(path))
    assert status == 1, err
    assert "Traceback" not in err + out
    assert f"[{code}]" in out
    assert out.startswith(str(path))


def test_hostile_lines_keep_valid_lines_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a JSON Lines file, each hostile line is reported at its line; the others pass."""
    lines = [
        program_line("p1"),
        b"\xff\xfe broken\n",
        b'{"id": "p3", "title": {"en": "x"}, "id": "p3"}\n',
        b"{truncated\n",
        b"\n",
        program_line("p6"),
        b'{"id": "p7", "title": {"en": NaN}}\n',
        program_line("p8"),
    ]
    path = tmp_path / "programs.jsonl"
    path.write_bytes(b"".join(lines))
    status, out, _ = main(capsys, "validate", "--schema", "program", "--format", "json", str(path))
    assert status == 1
    report = json.loads(out)
    assert (report["records"], report["invalid_records"]) == (7, 4)
    problems = report["sources"][0]["problems"]
    assert [(p["line"], p["code"]) for p in problems] == [
        (2, "invalid_encoding"),
        (3, "duplicate_key"),
        (4, "invalid_json"),
        (7, "invalid_number"),
    ]


def test_empty_directory_is_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory with no JSON files is an I/O error: exit 2 with a message."""
    (tmp_path / "notes.txt").write_text("no json here", encoding="utf-8")
    status, _, err = main(capsys, "validate", str(tmp_path))
    assert status == 2
    assert "no .json, .jsonl or .ndjson files" in err
    assert "Traceback" not in err


def test_missing_file_is_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist: exit 2, said plainly."""
    absent = tmp_path / "absent.json"
    status, _, err = main(capsys, "validate", str(absent))
    assert status == 2
    assert err == f"ngomodel: error: {absent}: no such file or directory\n"


def test_directories_are_walked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory is walked recursively for .json, .jsonl and .ndjson files."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "data.json").write_bytes(reference_bytes())
    (tmp_path / "a" / "more.ndjson").write_bytes(reference_bytes().replace(b"\n", b"") + b"\n")
    status, out, _ = main(capsys, "validate", "--format", "json", str(tmp_path))
    assert status == 0, out
    report = json.loads(out)
    assert [s["records"] for s in report["sources"]] == [1, 1]


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``-`` reads standard input."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(reference_bytes())))
    status, out, _ = main(capsys, "validate", "-")
    assert status == 0, out


def test_json_format_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json parses and carries path, code, severity and message for each problem."""
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"schema_version": "1.0", "persons": [{"id": "a b", "name": {}}]}')
    status, out, _ = main(capsys, "validate", "--format", "json", str(path))
    assert status == 1
    report = json.loads(out)
    assert report["valid"] is False
    problems = report["sources"][0]["problems"]
    assert {(p["path"], p["code"], p["severity"]) for p in problems} == {
        ("/persons/0/id", "invalid_id", "error"),
        ("/persons/0/name", "too_few_items", "error"),
    }
    assert all(p["message"] and p["line"] == 1 for p in problems)


def test_jobs_give_the_same_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--jobs 2 (two worker processes) gives exactly the report --jobs 1 gives, in order."""
    lines = []
    for i in range(1500):
        extra = {"status": "9"} if i % 7 == 0 else {}
        lines.append(program_line(f"p{i}", **extra))
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"".join(lines))
    options = ("validate", "--schema", "program", "--format", "json")
    one = main(capsys, *options, "--jobs", "1", str(path))
    two = main(capsys, *options, "--jobs", "2", str(path))
    assert one[0] == two[0] == 1
    assert one[1] == two[1]
    assert json.loads(one[1])["invalid_records"] == 215


def test_schema_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ngomodel schema` prints, writes and checks the schemas."""
    status, printed, _ = main(capsys, "schema", "program")
    assert status == 0
    assert json.loads(printed)["title"] == "Program"
    assert main(capsys, "schema", "--write", str(tmp_path))[0] == 0
    assert main(capsys, "schema", "--check", str(tmp_path))[0] == 0
    (tmp_path / "person.schema.json").unlink()
    status, out, _ = main(capsys, "schema", "--check", str(tmp_path))
    assert status == 1
    assert "missing: person.schema.json" in out
    assert main(capsys, "schema", "nothing")[0] == 2


def test_codelists_command(capsys: pytest.CaptureFixture[str]) -> None:
    """`ngomodel codelists` lists the codelists and prints one."""
    _, listing, _ = main(capsys, "codelists")
    assert "organisation_type" in listing
    _, one, _ = main(capsys, "codelists", "sex")
    assert one.splitlines()[-3:] == ["female\tFemale", "male\tMale", "other\tOther"]
    assert main(capsys, "codelists", "nothing")[0] == 2


def test_progress_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, JSON Lines reading goes through a progress bar yet yields every line."""

    class Terminal:
        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> int:
            return len(text)

        def flush(self) -> None:
            pass

    path = tmp_path / "lines.jsonl"
    path.write_bytes(program_line("a") + program_line("b"))
    monkeypatch.setattr(sys, "stderr", Terminal())
    with path.open("rb") as stream:
        records = cli._progress(read_records(stream, 1000), stream, str(path))
        assert list(records) == [(1, program_line("a")[:-1]), (2, program_line("b")[:-1])]
