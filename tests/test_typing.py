"""The typing experience of a downstream project, pinned: ``mypy --strict`` on example code.

tests/typing_example.py must type-check clean; every line of tests/typing_errors.py that
ends in ``# E: code`` must get that error code, and no other line an error. mypy runs in
process with its cache in a temporary folder; pyright is not run here (see the report).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api")

HERE = Path(__file__).parent
#: The error code each marked line of typing_errors.py must get.
EXPECTED = re.compile(r"#\s*E:\s*([a-z-]+)\s*$")
REPORTED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$")


def _mypy(path: Path, cache: Path) -> tuple[str, int]:
    """Run ``mypy --strict`` on *path* alone, as a downstream project would, with no config."""
    out, err, status = api.run(
        [
            "--strict",
            "--config-file=",
            "--no-error-summary",
            "--show-error-codes",
            "--no-pretty",
            f"--cache-dir={cache}",
            str(path),
        ]
    )
    assert not err, err
    return out, status


def test_the_example_type_checks(tmp_path: Path) -> None:
    """Construction, attrs.evolve/fields/asdict, loads with type=, to_dict, the code types and
    their narrowing, and an attrs subclass of a model class all pass ``mypy --strict``."""
    out, status = _mypy(HERE / "typing_example.py", tmp_path)
    assert (status, out) == (0, "")


def test_the_example_runs() -> None:
    """The example is real code: it imports and runs without an error."""
    importlib.import_module("tests.typing_example")


def test_the_mistakes_are_caught(tmp_path: Path) -> None:
    """A wrong field name (constructor and evolve), a wrong field type, a string that is not a
    code, a code of the wrong codelist and a wrong ``type=`` are each a mypy error."""
    path = HERE / "typing_errors.py"
    expected = {
        number: match.group(1)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if (match := EXPECTED.search(line))
    }
    assert len(expected) >= 8
    out, _ = _mypy(path, tmp_path)
    reported: dict[int, set[str]] = {}
    for line in out.splitlines():
        if match := REPORTED.match(line):
            reported.setdefault(int(match["line"]), set()).add(match["code"])
    assert set(reported) == set(expected), out
    for number, code in expected.items():
        assert code in reported[number], (number, out)
