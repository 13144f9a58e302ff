"""``ngomodel migrate``: upgraded files written whole or not at all, inputs kept unless asked."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

import ngomodel
from ngomodel import cli
from tests.test_cli import SCRIPT, main
from tests.test_migration import released_reference


def expected_bytes(document: dict[str, Any]) -> bytes:
    """What the command writes for *document*: its migration, as indented UTF-8 JSON."""
    upgraded = ngomodel.migrate(document).document
    return (json.dumps(upgraded, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@pytest.fixture
def old(tmp_path: Path) -> Path:
    """The reference dataset as released with 1.0, in a file."""
    path = tmp_path / "old.json"
    path.write_text(json.dumps(released_reference("1.0"), ensure_ascii=False), "utf-8")
    return path


def test_migrate_writes_the_upgraded_file_and_reports_each_change(
    old: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = old.read_bytes()
    status, out, err = main(capsys, "migrate", str(old), "--output", str(tmp_path / "new.json"))
    assert (status, out) == (0, "")
    written = (tmp_path / "new.json").read_bytes()
    assert written == expected_bytes(json.loads(before))
    assert old.read_bytes() == before
    changes = ngomodel.migrate(json.loads(before)).changes
    assert err.splitlines() == [f"{old}: {c.path}: {c.message} [{c.code}]" for c in changes]
    assert ngomodel.loads(written) == ngomodel.loads(before)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.json", "old.json"]  # no leftovers
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o666 & ~mask


def test_migrate_writes_to_standard_output_without_an_output(
    old: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = main(capsys, "migrate", str(old))
    assert status == 0
    assert out.encode("utf-8") == expected_bytes(json.loads(old.read_bytes()))


def test_migrate_replaces_the_input_only_when_asked(
    old: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = old.read_bytes()
    status, _, err = main(capsys, "migrate", str(old), "--output", str(old))
    assert status == 2
    assert "is the input: use --in-place to replace it" in err
    assert old.read_bytes() == before
    old.chmod(0o640)
    status, _, _ = main(capsys, "migrate", "--in-place", str(old))
    assert status == 0
    assert old.read_bytes() == expected_bytes(json.loads(before))
    assert old.stat().st_mode & 0o777 == 0o640  # the file keeps its mode


def test_migrate_writes_nothing_when_one_document_is_invalid(
    old: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": "1.0", "posts": [], "persons": [{"id": "x"}]}))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    status, _, err = main(capsys, "migrate", str(old), str(bad), "--output-dir", str(out_dir))
    assert status == 1
    assert list(out_dir.iterdir()) == []
    assert err.splitlines() == [
        f"{bad}:1:36: error: /posts: 'posts' was added in version 1.1, and the document is "
        'of version 1.0: write "schema_version": "1.1" to use it [not_in_version]',
        f"{bad}:1:52: error: /persons/0/name: required key 'name' is missing [missing_key]",
        "ngomodel: nothing written: a document is invalid",
    ]
    status, _, _ = main(capsys, "migrate", str(old), "--output-dir", str(out_dir))
    assert status == 0
    assert [p.name for p in out_dir.iterdir()] == ["old.json"]


def test_migrate_cannot_go_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    current = tmp_path / "current.json"
    current.write_bytes(ngomodel.dumps(ngomodel.reference_dataset()))
    status, out, err = main(capsys, "migrate", str(current), "--to", "1.0")
    assert (status, out) == (1, "")
    assert "/schema_version: the document is of version 1.1, later than 1.0" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["a.json", "b.json"], "give one input with --output or standard output"),
        (["a.json", "b.json", "-o", "c.json"], "give one input with --output or standard output"),
        (["-", "--in-place"], "--in-place needs files, not standard input"),
        (["a.json", "--output-dir", "no-such-folder"], "no-such-folder: no such folder"),
        (["missing.json"], "missing.json: no such file or directory"),
    ],
)
def test_migrate_usage_errors(
    argv: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = main(capsys, "migrate", *argv)
    assert (status, out) == (2, "")
    assert err == f"ngomodel: error: {message}\n"


class Stop(BaseException):
    """Stands for the process being stopped at one point of its work."""


def test_an_interrupted_migrate_leaves_each_file_complete_or_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped at each file operation in turn, the outputs are whole or absent."""
    document = released_reference("1.0")
    inputs = []
    for name in ("a", "b", "c"):
        path = tmp_path / "in" / f"{name}.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(document), "utf-8")
        inputs.append(path)
    originals = {path: path.read_bytes() for path in inputs}
    expected = expected_bytes(document)
    calls = {"count": 0, "stop_at": -1}

    def stopping(function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls["count"] += 1
            if calls["count"] == calls["stop_at"]:
                raise Stop
            return function(*args, **kwargs)

        return wrapper

    for name in ("open", "fdopen", "fsync", "replace", "unlink"):
        monkeypatch.setattr(cli.os, name, stopping(getattr(os, name)))
    operations = None
    for stop_at in range(1, 100):
        out = tmp_path / f"out-{stop_at}"
        out.mkdir()
        stopped = False
        for target in (out, tmp_path / "in"):
            argv = ["migrate", "--output-dir", str(out), *map(str, inputs)]
            if target != out:
                argv = ["migrate", "--in-place", *map(str, inputs)]
            calls.update(count=0, stop_at=stop_at)
            try:
                cli.main(argv)
            except Stop:
                stopped = True
            for path in target.iterdir():  # every file is whole, the old or the new
                if not path.name.startswith(".ngomodel-"):  # not the one being written
                    assert path.read_bytes() in (expected, originals.get(path)), path
            for path in inputs:
                path.write_bytes(originals[path])
        if not stopped:  # no operation was left to stop at
            operations = stop_at - 1
            break
    assert operations is not None
    assert operations >= 3 * len(inputs)  # each file opened, synced and renamed at least


def test_a_killed_migrate_leaves_each_file_complete_or_absent(tmp_path: Path) -> None:
    """SIGKILL at any moment: the output is absent or whole, the input untouched."""
    big = released_reference("1.0")
    organization = big["organizations"][0]
    big["organizations"] += [  # long enough to be caught in the middle
        {**organization, "id": f"copy-{index}"} for index in range(3000)
    ]
    source = tmp_path / "big.json"
    source.write_text(json.dumps(big), "utf-8")
    original = source.read_bytes()
    expected = expected_bytes(big)
    assert ngomodel.rules.check(ngomodel.loads(original)) == []  # valid, so it is written
    target = tmp_path / "new.json"
    killed = 0
    for delay in (0.1, 0.2, 0.3, 0.4, 0.5, 60):
        target.unlink(missing_ok=True)
        process = subprocess.Popen(
            [SCRIPT, "migrate", str(source), "--output", str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
            killed += 1
        assert source.read_bytes() == original
        assert not target.exists() or target.read_bytes() == expected
    assert killed  # some run was stopped before its end
    assert target.read_bytes() == expected  # and the last one ran to it
