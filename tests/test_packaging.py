"""The built wheel: it carries the schemas, the codelists and the reference dataset."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """Build the wheel from this checkout, offline, with the installed hatchling."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("ngomodel-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_schemas_identical_to_checked_in(wheel: zipfile.ZipFile) -> None:
    """Every file of schemas/ (the JSON Schema files, the bundle, codelist data, the map of
    error codes and the TypeScript declarations) is in the wheel under ngomodel/schemas/,
    byte for byte."""
    files = sorted(p for p in (ROOT / "schemas").rglob("*") if p.is_file())
    assert any(p.name == "ngomodel.d.ts" for p in files)
    assert files
    for path in files:
        name = "ngomodel/schemas/" + path.relative_to(ROOT / "schemas").as_posix()
        assert wheel.read(name) == path.read_bytes(), name
    shipped = [n for n in wheel.namelist() if n.startswith("ngomodel/schemas/")]
    assert len(shipped) == len(files)


def test_wheel_has_package_data(wheel: zipfile.ZipFile) -> None:
    """The codelist CSVs with their index, py.typed and the reference dataset are shipped."""
    names = set(wheel.namelist())
    csvs = sorted((ROOT / "src/ngomodel/codelists").glob("*.csv"))
    assert csvs
    for path in csvs:
        assert f"ngomodel/codelists/{path.name}" in names
    for name in ("codelists/index.json", "py.typed", "data/reference-dataset.json"):
        assert f"ngomodel/{name}" in names
