"""Versions of the format side by side: released schemas stay as released, old documents load."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
from referencing.jsonschema import DRAFT202012

import ngomodel
from ngomodel import loads, schema
from ngomodel._reference import reference_bytes

ROOT = Path(__file__).parent.parent
SCHEMAS = ROOT / "schemas"
#: Each released version of the format, with the commit its schemas were released at.
RELEASED = {"1.0": "5558e2e95fafca6bdb9d5c0b9fa1bf6346dd96bb"}
#: What a released version's folder holds beside the files it was released with: files
#: generated later from the released ones, which they leave as they were (the TypeScript
#: declarations, kept up to date by tests/test_typescript.py).
ADDED_AFTER_RELEASE = frozenset({"ngomodel.d.ts"})


def released_files(version: str) -> dict[str, bytes]:
    return {
        p.relative_to(SCHEMAS / version).as_posix(): p.read_bytes()
        for p in sorted((SCHEMAS / version).rglob("*.json"))
    }


@pytest.mark.parametrize("version", sorted(RELEASED))
def test_released_schemas_are_byte_identical_to_their_release(version: str) -> None:
    """schemas/<version>/ holds, byte for byte, the files published at its release, and
    besides them only the files generated from them later (ADDED_AFTER_RELEASE)."""
    need_git()
    commit = RELEASED[version]
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-tree", "-r", "--name-only", commit, "schemas"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.split()
    released = {name.removeprefix("schemas/"): git_show(commit, name) for name in listed}
    assert released_files(version) == released
    folder = SCHEMAS / version
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert present == set(released) | ADDED_AFTER_RELEASE


def test_every_version_is_published_and_the_current_one_is_generated() -> None:
    """One folder per version; each file's $id names its version; the current one is last."""
    versions = sorted(p.name for p in SCHEMAS.iterdir() if p.is_dir())
    assert versions == sorted({*RELEASED, ngomodel.SCHEMA_VERSION})
    assert versions[-1] == ngomodel.SCHEMA_VERSION
    for version in versions:
        for name, text in released_files(version).items():
            if not name.endswith(".schema.json"):
                continue  # codelist data and the map of error codes
            document = json.loads(text)
            assert document["$id"] == f"https://ngomodel.org/schemas/{version}/{name}"
    assert f"https://ngomodel.org/schemas/{ngomodel.SCHEMA_VERSION}/" == schema.BASE_URI


def validator_of(version: str) -> jsonschema.Validator:
    """A validator of datasets against the published files of *version*, offline."""
    base = f"https://ngomodel.org/schemas/{version}/"
    documents = {name: json.loads(text) for name, text in released_files(version).items()}
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (base + name, DRAFT202012.create_resource(doc)) for name, doc in documents.items()
    )
    return jsonschema.Draft202012Validator(documents["dataset.schema.json"], registry=registry)


def need_git() -> None:
    """Skip the test outside a git checkout, where no release commit can be read."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the release commit cannot be read")


def git_show(commit: str, path: str) -> bytes:
    """A file as it was at a commit (the test skips outside a git checkout)."""
    need_git()
    return subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{commit}:{path}"], capture_output=True, check=True
    ).stdout


@pytest.mark.parametrize("version", sorted(RELEASED))
def test_documents_of_a_released_version_still_load(version: str) -> None:
    """The reference dataset as released with a version still validates against that
    version's schemas, and loads, migrated, as the current version."""
    released = git_show(RELEASED[version], "src/ngomodel/data/reference-dataset.json")
    document = json.loads(released)
    assert document["schema_version"] == version
    assert list(validator_of(version).iter_errors(document)) == []
    loaded = loads(json.dumps(document))
    assert loaded.schema_version == ngomodel.SCHEMA_VERSION
    assert json.loads(ngomodel.dumps(loaded)) == ngomodel.migrate(document).document
    assert list(validator_of(ngomodel.SCHEMA_VERSION).iter_errors(ngomodel.to_dict(loaded))) == []


def test_the_reference_dataset_is_of_the_current_version() -> None:
    """The shipped reference dataset is written in the current version, and keeps it."""
    document = json.loads(reference_bytes())
    assert document["schema_version"] == ngomodel.SCHEMA_VERSION
    assert list(validator_of(ngomodel.SCHEMA_VERSION).iter_errors(document)) == []
