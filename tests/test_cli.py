"""The ``ngomodel`` command, run as users run it: the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ngomodel._reference import reference_bytes
from ngomodel.validation import read_records


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``ngomodel`` script (or ``python -m ngomodel``)."""
    script = shutil.which("ngomodel")
    command = [script] if script else [sys.executable, "-m", "ngomodel"]
    result = subprocess.run(
        [*command, *args], input=stdin, capture_output=True, check=False, timeout=300
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8"),
        result.stderr.decode("utf-8"),
    )


def reference() -> dict[str, Any]:
    """The reference dataset as plain JSON values."""
    return json.loads(reference_bytes())  # type: ignore[no-any-return]


def program_line(id: str, **extra: Any) -> bytes:
    """One JSON Lines record: a small program."""
    return json.dumps({"id": id, "title": {"en": f"Program {id}"}, **extra}).encode() + b"\n"


def test_demo_prints_summary() -> None:
    """``ngomodel demo`` validates the reference dataset and summarises it."""
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


@pytest.mark.parametrize(
    "args", [(), ("nonsense",), ("validate",), ("validate", "--jobs", "-1", "x")]
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    """A missing or unknown command or argument is a usage error: exit 2, no traceback."""
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "usage: ngomodel" in result.stderr


@pytest.mark.parametrize("command", ["validate", "demo", "schema", "codelists"])
def test_help_has_an_example(command: str) -> None:
    """Every command has help text with an example."""
    result = run(command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout
    assert f"ngomodel {command}" in result.stdout


def test_validate_reference(tmp_path: Path) -> None:
    """The reference dataset validates: exit 0."""
    path = tmp_path / "reference.json"
    path.write_bytes(reference_bytes())
    result = run("validate", str(path))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("valid: 1 record(s)")


def test_validate_reports_location(tmp_path: Path) -> None:
    """An invalid document is reported with file, line, column, pointer and code."""
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


def test_semantic_rules_run(tmp_path: Path) -> None:
    """Semantic rule breaches are reported by code, warnings do not fail the run."""
    data = reference()
    data["figures"][3]["value"] = 3
    path = tmp_path / "warn.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 0
    assert "warning: /figures/3/value" in result.stdout
    data["memberships"][0]["member_id"] = "org-nobody"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "[unresolved_reference]" in result.stdout


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
def test_hostile_documents(tmp_path: Path, content: bytes, code: str) -> None:
    """Hostile input gets exit 1 and a located message with its code, never a traceback."""
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    result = run("validate", str(path))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert f"[{code}]" in result.stdout
    assert result.stdout.startswith(str(path))


def test_hostile_lines_keep_valid_lines_valid(tmp_path: Path) -> None:
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
    result = run("validate", "--schema", "program", "--format", "json", str(path))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["records"], report["invalid_records"]) == (7, 4)
    problems = report["sources"][0]["problems"]
    assert [(p["line"], p["code"]) for p in problems] == [
        (2, "invalid_encoding"),
        (3, "duplicate_key"),
        (4, "invalid_json"),
        (7, "invalid_number"),
    ]


def test_huge_single_line(tmp_path: Path) -> None:
    """A 100 MB single-line record is read and validated when --max-bytes allows it."""
    path = tmp_path / "huge.jsonl"
    title = "x" * 100_000_000
    path.write_text(json.dumps({"id": "p", "title": {"en": title}}) + "\n", encoding="utf-8")
    result = run("validate", "--schema", "program", "--max-bytes", "100000100", str(path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "valid: 1 record(s)" in result.stdout


def test_empty_directory_is_usage_error(tmp_path: Path) -> None:
    """A directory with no JSON files is an I/O error: exit 2 with a message."""
    (tmp_path / "notes.txt").write_text("no json here", encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.returncode == 2
    assert "no .json, .jsonl or .ndjson files" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_is_usage_error(tmp_path: Path) -> None:
    """A path that does not exist: exit 2, said plainly."""
    result = run("validate", str(tmp_path / "absent.json"))
    assert result.returncode == 2
    absent = tmp_path / "absent.json"
    assert result.stderr == f"ngomodel: error: {absent}: no such file or directory\n"


def test_directories_are_walked(tmp_path: Path) -> None:
    """A directory is walked recursively for .json, .jsonl and .ndjson files."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "data.json").write_bytes(reference_bytes())
    (tmp_path / "a" / "more.ndjson").write_bytes(reference_bytes().replace(b"\n", b"") + b"\n")
    result = run("validate", "--format", "json", str(tmp_path))
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert [s["records"] for s in report["sources"]] == [1, 1]


def test_stdin() -> None:
    """``-`` reads standard input."""
    result = run("validate", "-", stdin=reference_bytes())
    assert result.returncode == 0


def test_json_format_fields(tmp_path: Path) -> None:
    """--format json parses and carries path, code, severity and message for each problem."""
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"schema_version": "1.0", "persons": [{"id": "a b", "name": {}}]}')
    result = run("validate", "--format", "json", str(path))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    problems = report["sources"][0]["problems"]
    assert {(p["path"], p["code"], p["severity"]) for p in problems} == {
        ("/persons/0/id", "invalid_id", "error"),
        ("/persons/0/name", "too_few_items", "error"),
    }
    assert all(p["message"] and p["line"] == 1 for p in problems)


def test_jobs_give_the_same_report(tmp_path: Path) -> None:
    """--jobs 2 gives exactly the report --jobs 1 gives, in the same order."""
    lines = []
    for i in range(1500):
        extra = {"status": "9"} if i % 7 == 0 else {}
        lines.append(program_line(f"p{i}", **extra))
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"".join(lines))
    one = run("validate", "--schema", "program", "--format", "json", "--jobs", "1", str(path))
    two = run("validate", "--schema", "program", "--format", "json", "--jobs", "2", str(path))
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert json.loads(one.stdout)["invalid_records"] == 215


def test_schema_command(tmp_path: Path) -> None:
    """`ngomodel schema` prints, writes and checks the schemas."""
    printed = run("schema", "program")
    assert json.loads(printed.stdout)["title"] == "Program"
    assert run("schema", "--write", str(tmp_path)).returncode == 0
    assert run("schema", "--check", str(tmp_path)).returncode == 0
    (tmp_path / "person.schema.json").unlink()
    checked = run("schema", "--check", str(tmp_path))
    assert checked.returncode == 1
    assert "missing: person.schema.json" in checked.stdout
    assert run("schema", "nothing").returncode == 2


def test_codelists_command() -> None:
    """`ngomodel codelists` lists the codelists and prints one."""
    listing = run("codelists")
    assert "organisation_type" in listing.stdout
    one = run("codelists", "sex")
    assert one.stdout.splitlines()[-3:] == ["female\tFemale", "male\tMale", "other\tOther"]
    assert run("codelists", "nothing").returncode == 2


def test_progress_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, JSON Lines reading goes through a progress bar yet yields every line."""
    from ngomodel import cli

    class Terminal:
        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> int:
            return len(text)

        def flush(self) -> None:
            pass

    path = tmp_path / "lines.jsonl"
    path.write_bytes(program_line("a") + program_line("b"))
    monkeypatch.setattr(cli.sys, "stderr", Terminal())
    with path.open("rb") as stream:
        records = cli._progress(read_records(stream, 1000), stream, str(path))
        assert list(records) == [(1, program_line("a")), (2, program_line("b"))]
