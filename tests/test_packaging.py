"""The built wheel and sdist: the schemas, the codelists, the reference dataset, the licence."""

from __future__ import annotations

import email.message
import email.parser
import subprocess
import sys
import tarfile
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


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> tarfile.TarFile:
    """Build the source distribution from this checkout, offline, with the installed hatchling."""
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from hatchling.build import build_sdist; build_sdist(sys.argv[1])",
            str(out),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("ngomodel-*.tar.gz")
    return tarfile.open(path)


def _metadata(wheel: zipfile.ZipFile) -> email.message.Message:
    (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    return email.parser.Parser().parsestr(wheel.read(name).decode("utf-8"))


def test_wheel_carries_the_licence(wheel: zipfile.ZipFile) -> None:
    """The wheel ships the LICENSE file, byte for byte, and its metadata names it and the
    SPDX expression of the licence (MIT)."""
    (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
    assert wheel.read(name) == (ROOT / "LICENSE").read_bytes()
    metadata = _metadata(wheel)
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_sdist_carries_the_licence(sdist: tarfile.TarFile) -> None:
    """The source distribution ships the LICENSE file at its root, byte for byte."""
    (member,) = [m for m in sdist.getmembers() if m.name.endswith("/LICENSE")]
    assert member.name.count("/") == 1
    extracted = sdist.extractfile(member)
    assert extracted is not None
    assert extracted.read() == (ROOT / "LICENSE").read_bytes()
