"""A downstream project, as another project would have it: ``examples/network-digest``.

``make test`` builds ngomodel's wheel, and installs it with the ``testing`` extra and the
example project in an environment of their own (``.venv/example``). These tests run the
project's own tests there, check its module with ``mypy --strict`` against the installed
wheel, and check that the demo needs nothing beyond the core dependencies.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.ajv import _on_ci

ROOT = Path(__file__).parent.parent
PROJECT = ROOT / "examples" / "network-digest"
ENVIRONMENT = ROOT / ".venv" / "example"
PYTHON = ENVIRONMENT / "bin" / "python"


@pytest.fixture(scope="module")
def example() -> Path:
    """The example environment's python; skipped (failed under ``CI=true``) when missing."""
    if not (ENVIRONMENT / ".installed").is_file():
        reason = f"{ENVIRONMENT} is not set up: `make test` builds it from the wheel"
        if _on_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return PYTHON


def _run(*command: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("COV_", "COVERAGE"))}
    environment.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=environment,
    )


def test_ngomodel_there_is_the_built_wheel(example: Path) -> None:
    """The example environment has ngomodel from a wheel file, not from this source tree,
    with its licence; the example module is installed too, not read from its folder."""
    code = (
        "import importlib.metadata as m, json, ngomodel, network_digest\n"
        "d = m.distribution('ngomodel')\n"
        "print(json.dumps([ngomodel.__file__, network_digest.__file__,\n"
        "    json.loads(d.read_text('direct_url.json'))['url'],\n"
        "    sorted(str(f) for f in d.files if 'licenses' in str(f))]))\n"
    )
    result = _run(example, "-c", code, cwd=Path("/"))
    assert result.returncode == 0, result.stderr
    module, digest, url, licences = json.loads(result.stdout)
    site = str(ENVIRONMENT / "lib")
    assert module.startswith(site)
    assert digest.startswith(site)
    assert url.startswith("file://")
    assert url.endswith("-py3-none-any.whl")
    assert licences == [f"ngomodel-{_version(example)}.dist-info/licenses/LICENSE"]


def _version(example: Path) -> str:
    result = _run(example, "-c", "import ngomodel; print(ngomodel.__version__)")
    return result.stdout.strip()


def test_the_example_projects_tests_pass(example: Path) -> None:
    """The project's property test (ngomodel's strategies) and its other tests pass, run
    as the project runs them, with the installed module (``--import-mode=importlib``
    keeps the folder off ``sys.path``)."""
    result = _run(
        example.parent / "pytest", "-q", "--import-mode=importlib", "-W", "error", cwd=PROJECT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("4 passed")


def test_the_example_project_is_mypy_strict_clean(example: Path, tmp_path: Path) -> None:
    """``mypy --strict`` (the project's own configuration) finds nothing in the module and
    its test, type-checked against the wheel installed in the example environment."""
    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(
        [
            f"--config-file={PROJECT / 'pyproject.toml'}",
            f"--python-executable={example}",
            f"--cache-dir={tmp_path}",
            "--no-error-summary",
            str(PROJECT / "network_digest.py"),
            str(PROJECT / "test_network_digest.py"),
        ]
    )
    assert (out, err, status) == ("", "", 0)


def test_the_example_command_reports_a_broken_file(example: Path, tmp_path: Path) -> None:
    """The example's command, installed as a script, prints ngomodel's located problems."""
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": "1.1", "networks": [{"id": "n 1"}]}', "utf-8")
    result = _run(example.parent / "network-digest", broken)
    assert result.returncode == 1
    assert f"{broken}: /networks/0/id:" in result.stderr


#: The import names of the core dependencies (pyproject.toml) and of what they import.
CORE = {"attr", "attrs", "cattr", "cattrs", "jsonschema", "jsonschema_specifications"}
CORE |= {"referencing", "rpds", "orjson", "typing_extensions", "ngomodel"}


def test_the_demo_needs_only_the_core_dependencies(example: Path) -> None:
    """``ngomodel demo`` runs where only the core dependencies are installed (and the
    example's own test tools, which it does not import), so the core install that
    ``make demo`` makes is enough. In the development environment jsonschema would also
    import the optional format checkers it finds; here there are none."""
    code = (
        "import sys, contextlib, io\n"
        "from ngomodel import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert cli.main(['demo']) == 0\n"
        "names = {name.split('.')[0] for name in sys.modules}\n"
        "print(' '.join(sorted(names - set(sys.stdlib_module_names))))\n"
    )
    result = _run(example, "-I", "-c", code)
    assert result.returncode == 0, result.stderr
    imported = {name for name in result.stdout.split() if not name.startswith("_")}
    assert imported <= CORE, imported - CORE


def test_make_demo_installs_ngomodel_without_extras() -> None:
    """``make demo`` installs ngomodel alone (``-e .``, no extra), then says how to run
    the installed command."""
    result = _run("make", "--dry-run", "--always-make", "demo")
    assert result.returncode == 0, result.stderr
    installs = [line for line in result.stdout.splitlines() if " pip install " in line]
    assert [line for line in installs if "-e ." in line and "[" not in line]
    assert not [line for line in installs if "[dev]" in line or "'.[" in line]
    assert ".venv/bin/ngomodel validate dataset.json" in result.stdout
