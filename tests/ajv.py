"""Run ajv (Node.js) in strict mode over ngomodel's schemas, for the tests; find pyright.

ajv and pyright are never fetched here: ``make`` installs the versions pinned in ``tests/ajv/`` into
``.venv/ajv`` with ``npm ci`` during its set-up, so the tests run with the network cut off.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ngomodel import schema

ROOT = Path(__file__).resolve().parents[1]
RUNNER = Path(__file__).with_name("ajv_runner.mjs")
#: The checked-in manifest: package.json with exact versions and its package-lock.json.
MANIFEST = Path(__file__).with_name("ajv")
#: Where ``make`` installs it.
PREFIX = ROOT / ".venv" / "ajv"
#: What to run when ajv (or pyright) is missing or stale.
FIX = (
    "`make test` installs it in its set-up step (`npm ci` from tests/ajv/ into .venv/ajv, "
    "when npm is on the PATH); if .venv was set up without npm, run `make clean test`"
)


def _on_ci() -> bool:
    """Whether this is a CI run (``CI`` set to anything but empty, 0 or false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing(tool: str = "ajv") -> str | None:
    """Why *tool* (ajv, or another package ``make`` installs with it) cannot run here, or None."""
    if shutil.which("node") is None:
        return f"node is not installed, so {tool} cannot be run"
    if not (PREFIX / "node_modules" / ".package-lock.json").is_file():  # written by npm ci
        return f"{tool} is not installed in {PREFIX}"
    installed = PREFIX / "package-lock.json"
    pinned = (MANIFEST / "package-lock.json").read_bytes()
    if not installed.is_file() or installed.read_bytes() != pinned:
        return f"{tool} in {PREFIX} is not what tests/ajv/package-lock.json pins"
    return None


def available(tool: str = "ajv") -> str | None:
    """Return why *tool* cannot run here (the caller skips), or None when it can.

    Under ``CI=true`` a missing tool fails the calling test instead: CI must not pass
    with its checks silently skipped.
    """
    reason = _missing(tool)
    if reason is None:
        return None
    if _on_ci():
        pytest.fail(f"{reason}: {FIX}", pytrace=False)
    return f"{reason}: {FIX}"


def node() -> str:
    """Return the path of node, for a test that runs plain ECMAScript (no ajv needed).

    Skips the calling test when node is missing; under ``CI=true`` fails it instead.
    """
    found = shutil.which("node")
    if found is None:
        reason = "node is not installed, so no ECMAScript can be run"
        if _on_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return found


def pyright() -> list[str]:
    """Return the command that runs the pinned pyright, for the typing tests.

    Skips the calling test when it is not installed; under ``CI=true`` fails it instead.
    """
    reason = available("pyright")
    if reason:
        pytest.skip(reason)
    return [node(), str(PREFIX / "node_modules" / "pyright" / "index.js")]


def verdicts(cases: list[tuple[str, Any]], documents: dict[str, Any] | None = None) -> list[bool]:
    """Validate each ``(schema, instance)`` with ajv; compile every schema strictly first.

    A schema is an entity's name (its split file) or a full URI, such as the bundle's
    ``$id`` with ``#/$defs/Program``. The schemas are the published ones and the bundle,
    or *documents* (path → schema) when given.
    """
    reason = available()
    if reason:
        raise AssertionError(reason)
    # Node resolves the runner's imports from its own folder, so it runs from PREFIX;
    # copied on every call so that an edited runner needs no reinstall.
    shutil.copy(RUNNER, PREFIX / RUNNER.name)
    payload = {
        "schemas": list(documents.values())
        if documents
        else [*schema.schema_documents().values(), schema.bundle()],
        "cases": [
            {
                "id": name if ":" in name else f"{schema.BASE_URI}{name}.schema.json",
                "instance": instance,
            }
            for name, instance in cases
        ],
    }
    result = subprocess.run(
        ["node", str(PREFIX / RUNNER.name)],
        input=json.dumps(payload).encode(),
        capture_output=True,
        check=False,
    )
    if result.returncode != 0 or result.stderr:
        raise AssertionError(f"ajv failed:\n{result.stderr.decode()}")
    return list(json.loads(result.stdout)["verdicts"])
