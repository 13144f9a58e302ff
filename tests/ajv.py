"""Run ajv (Node.js) in strict mode over ngomodel's schemas, for the tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from ngomodel import schema

RUNNER = Path(__file__).with_name("ajv_runner.mjs")
#: ajv is installed once per virtual environment, from the npm registry.
PREFIX = Path(__file__).resolve().parents[1] / ".venv" / "ajv"


def available() -> str | None:
    """Return why ajv cannot run here, or None when it can."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        return "npm and node are not installed, so ajv cannot be run"
    return None


def install() -> None:
    """Install ajv and ajv-formats under PREFIX unless already there."""
    if (PREFIX / "node_modules" / "ajv-formats").is_dir():
        return
    PREFIX.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(PREFIX),
            "--no-audit",
            "--no-fund",
            "--silent",
            "ajv@8",
            "ajv-formats@3",
        ],
        check=True,
        capture_output=True,
    )
    shutil.copy(RUNNER, PREFIX / RUNNER.name)


def verdicts(cases: list[tuple[str, Any]]) -> list[bool]:
    """Validate each ``(schema name, instance)`` with ajv; compile every schema strictly first."""
    install()
    shutil.copy(RUNNER, PREFIX / RUNNER.name)
    payload = {
        "schemas": list(schema.schema_documents().values()),
        "cases": [
            {"id": f"{schema.BASE_URI}{name}.schema.json", "instance": instance}
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
