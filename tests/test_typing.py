"""The typing experience of a downstream project, pinned: mypy and pyright on example code.

tests/typing_example.py must run and type-check clean under ``mypy --strict`` (without and
with ngomodel's plugin, :mod:`ngomodel.mypy`) and pyright's strict mode. In
tests/typing_errors.py a line ending in ``# E: mypy[code] mypy+plugin[code] pyright[rule]``
must get exactly those errors from those checkers (the code for mypy without the plugin,
for mypy with it, the rule for pyright), and no other line an error: the checkers differ
(pyright cannot check the names given to ``attrs.evolve``, mypy without the plugin takes
every field as optional), so each line names what each checker must report.

Both checkers read the ngomodel being tested (the one ``import ngomodel`` finds), not
whatever the environment installed, and neither reaches the network: mypy runs in process
with its cache in a temporary folder, pyright is the pinned npm package ``make`` installs
into .venv/ajv (skipped when missing, failed under ``CI=true``, see tests/ajv.py).
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ngomodel
from tests import ajv

api = pytest.importorskip("mypy.api")

HERE = Path(__file__).parent
EXAMPLE = HERE / "typing_example.py"
ERRORS = HERE / "typing_errors.py"
#: The marker of a line that must be an error, and each checker's code in it.
MARKER = re.compile(r"#\s*E:(?P<codes>(?:\s*[a-z+]+\[[A-Za-z-]+\])+)\s*$")
CODE = re.compile(r"(?P<checker>[a-z+]+)\[(?P<code>[A-Za-z-]+)\]")
#: The checkers a marker names: mypy without and with ngomodel's plugin, and pyright.
CHECKERS = {"mypy", "mypy+plugin", "pyright"}
REPORTED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$")


def expected(path: Path, checker: str) -> dict[int, str]:
    """Return ``{line number: code}`` for the lines *checker* must report in *path*."""
    out: dict[int, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if match := MARKER.search(line):
            codes = {m["checker"]: m["code"] for m in CODE.finditer(match["codes"])}
            assert set(codes) <= CHECKERS, (number, line)
            if checker in codes:
                out[number] = codes[checker]
    return out


def _package_path(tmp_path: Path) -> Path:
    """Return a folder holding only the ngomodel under test, for the checkers' search path."""
    folder = tmp_path / "path"
    folder.mkdir()
    (folder / "ngomodel").symlink_to(Path(ngomodel.__file__).parent, target_is_directory=True)
    return folder


def mypy(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, plugin: bool = False
) -> dict[int, set[str]]:
    """Run ``mypy --strict`` on *path* alone; return the codes of each line.

    Its configuration names nothing but, with *plugin*, ngomodel's plugin, which mypy
    imports in this process: the ngomodel under test.
    """
    monkeypatch.setenv("MYPYPATH", str(_package_path(tmp_path)))
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n" + ("plugins = ngomodel.mypy\n" if plugin else ""), "utf-8")
    started = time.perf_counter()
    out, err, _ = api.run(
        [
            "--strict",
            f"--config-file={config}",
            "--no-error-summary",
            "--show-error-codes",
            "--no-pretty",
            f"--cache-dir={tmp_path / 'cache'}",
            str(path),
        ]
    )
    print(f"mypy (plugin: {plugin}) on {path.name}: {time.perf_counter() - started:.1f} s")
    assert not err, err
    reported: dict[int, set[str]] = {}
    for line in out.splitlines():
        match = REPORTED.match(line)
        assert match, out  # every line is an error in the expected form
        assert Path(match["file"]).resolve() == path.resolve(), out
        reported.setdefault(int(match["line"]), set()).add(match["code"])
    return reported


def pyright(path: Path, tmp_path: Path) -> dict[int, set[str]]:
    """Run pyright in strict mode on *path* alone; return the rules of each line's errors."""
    command = ajv.pyright()
    config = tmp_path / "pyrightconfig.json"
    config.write_text(
        json.dumps(
            {
                "typeCheckingMode": "strict",
                "pythonVersion": "3.10",
                "extraPaths": [str(_package_path(tmp_path))],
            }
        ),
        encoding="utf-8",
    )
    started = time.perf_counter()
    result = subprocess.run(
        [*command, "--outputjson", "-p", str(config), "--pythonpath", sys.executable, str(path)],
        capture_output=True,
        check=False,
        text=True,
    )
    print(f"pyright on {path.name}: {time.perf_counter() - started:.1f} s")
    assert result.returncode in (0, 1), result.stderr or result.stdout  # 1: errors found
    report = json.loads(result.stdout)
    assert report["summary"]["filesAnalyzed"] == 1, report
    reported: dict[int, set[str]] = {}
    for diagnostic in report["generalDiagnostics"]:
        if diagnostic["severity"] == "error":
            assert Path(diagnostic["file"]).resolve() == path.resolve(), diagnostic
            line = diagnostic["range"]["start"]["line"] + 1
            reported.setdefault(line, set()).add(diagnostic.get("rule", diagnostic["message"]))
    return reported


def test_the_example_runs() -> None:
    """The example is real code: it imports and runs without an error."""
    importlib.import_module("tests.typing_example")


def test_the_example_type_checks_with_mypy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Construction, attrs.evolve/fields/asdict, loads with type=, to_dict, the code types and
    their narrowing, and attrs subclasses of model classes (in a Dataset subclass too) all
    pass ``mypy --strict``."""
    assert mypy(EXAMPLE, tmp_path, monkeypatch) == {}


def test_the_example_type_checks_with_mypy_and_the_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ngomodel's plugin the example passes ``mypy --strict`` too: a subclass made with
    ``@attrs.frozen`` may take its own fields by position, as attrs lets it."""
    assert mypy(EXAMPLE, tmp_path, monkeypatch, plugin=True) == {}


def test_the_example_type_checks_with_pyright(tmp_path: Path) -> None:
    """The same example passes pyright's strict mode."""
    assert pyright(EXAMPLE, tmp_path) == {}


def _assert_reported(reported: dict[int, set[str]], want: dict[int, str]) -> None:
    """Assert that exactly the lines of *want* were reported, each with its code."""
    assert set(reported) == set(want), reported
    for number, code in want.items():
        assert code in reported[number], (number, reported[number])


def test_mypy_catches_the_mistakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong field name (constructor and evolve), a wrong field type, a string that is not a
    code, a code of the wrong codelist and a wrong ``type=`` are each a mypy error."""
    want = expected(ERRORS, "mypy")
    assert len(want) >= 8
    _assert_reported(mypy(ERRORS, tmp_path, monkeypatch), want)


def test_mypy_with_the_plugin_catches_the_mistakes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ngomodel's plugin mypy also reports a missing required field and fields given by
    position, of the model classes and of a subclass made with attrs: the lines that
    without it only pyright reports."""
    want = expected(ERRORS, "mypy+plugin")
    plugin_only = set(want) - set(expected(ERRORS, "mypy"))
    assert len(plugin_only) >= 3
    assert plugin_only <= set(expected(ERRORS, "pyright"))
    _assert_reported(mypy(ERRORS, tmp_path, monkeypatch, plugin=True), want)


def test_the_plugin_does_nothing_under_a_mypy_it_does_not_fit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under a mypy without the internals the plugin uses (simulated: one taken away), mypy
    runs as without the plugin, and the plugin says so once on standard error."""
    attrs_plugin = importlib.import_module("mypy.plugins.attrs")
    monkeypatch.delattr(attrs_plugin, "attr_attrib_makers")
    _assert_reported(mypy(ERRORS, tmp_path, monkeypatch, plugin=True), expected(ERRORS, "mypy"))
    message = capsys.readouterr().err.splitlines()
    assert len(message) == 1, message
    assert message[0].startswith("ngomodel.mypy: mypy "), message
    assert "attr_attrib_makers" in message[0], message


def test_pyright_catches_the_mistakes(tmp_path: Path) -> None:
    """The mistakes pyright can see are each a pyright error, a missing required field too."""
    want = expected(ERRORS, "pyright")
    assert len(want) >= 8
    _assert_reported(pyright(ERRORS, tmp_path), want)


def test_a_missing_pyright_is_named_under_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Under ``CI=true`` a missing pyright fails the typing tests with a message that names
    pyright (not ajv), and says how to install it."""
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(ajv, "PREFIX", tmp_path)  # nothing installed there
    with pytest.raises(pytest.fail.Exception) as failure:
        ajv.pyright()
    message = str(failure.value)
    assert message.startswith(f"pyright is not installed in {tmp_path}: "), message
    assert "ajv cannot" not in message
    assert "make test" in message


def test_the_markers_are_read() -> None:
    """A marker names a code per checker; a line without one expects nothing."""
    path = HERE / "typing_errors.py"
    lines = path.read_text(encoding="utf-8").splitlines()
    marked = [n for n, line in enumerate(lines, 1) if "  # E:" in line]
    assert set().union(*(expected(path, checker) for checker in CHECKERS)) == set(marked)
