"""The ``ngomodel`` command, run as users run it: the installed console script."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``ngomodel`` script (or ``python -m ngomodel``)."""
    script = shutil.which("ngomodel")
    command = [script] if script else [sys.executable, "-m", "ngomodel"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, encoding="utf-8", check=False
    )


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
    assert result.stderr == ""


def test_python_dash_m() -> None:
    """``python -m ngomodel`` is the same command."""
    result = subprocess.run(
        [sys.executable, "-m", "ngomodel", "demo"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "Programs (5):" in result.stdout


@pytest.mark.parametrize("args", [(), ("nonsense",)])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    """A missing or unknown command is a usage error: exit status 2, no traceback."""
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "usage: ngomodel" in result.stderr
