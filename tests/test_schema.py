"""The published JSON Schemas: in sync with the classes, standard, offline, accepted everywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
import referencing.exceptions

import ngomodel
from ngomodel import Dataset, Organization, schema
from ngomodel._reference import reference_bytes

from . import ajv

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas" / ngomodel.SCHEMA_VERSION


def reference() -> Any:
    """The reference dataset as plain JSON values."""
    return json.loads(reference_bytes())


def test_checked_in_schemas_match_the_classes() -> None:
    """schemas/ is exactly what the generator writes; the failure names the fix."""
    differences = schema.differences(SCHEMAS)
    assert differences == [], (
        "schemas/ is out of date with the model classes; run `make schemas` and commit:\n"
        + "\n".join(differences)
    )


def test_drift_is_detected(tmp_path: Path) -> None:
    """check() reports a missing, a stale and an extra file."""
    schema.write(tmp_path)
    (tmp_path / "person.schema.json").unlink()
    (tmp_path / "program.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "stray.json").write_text("{}\n", encoding="utf-8")
    assert schema.differences(tmp_path) == [
        "missing: person.schema.json",
        "stale: program.schema.json",
        "extra: stray.json",
    ]


def test_one_file_per_entity_and_root() -> None:
    """schemas/ holds the root, one file per entity, the shared types, the codelists and
    the bundle of them all."""
    top = sorted(p.name for p in SCHEMAS.glob("*.schema.json"))
    assert top == sorted(
        [f"{name}.schema.json" for name in schema.ENTITIES] + ["types.schema.json", schema.BUNDLE]
    )
    assert (SCHEMAS / "codelists" / "country.schema.json").is_file()


@pytest.mark.parametrize("path", sorted(schema.schema_documents()))
def test_every_file_is_valid_2020_12(path: str) -> None:
    """Each file declares draft 2020-12, has an absolute versioned $id, and fits the meta-schema."""
    document = schema.schema_documents()[path]
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"] == f"https://ngomodel.org/schemas/{ngomodel.SCHEMA_VERSION}/{path}"
    jsonschema.Draft202012Validator.check_schema(document)


def test_no_format_is_relied_on() -> None:
    """The schemas carry no `format`, so validators that skip formats lose nothing."""
    text = json.dumps(schema.schema_documents())
    assert '"format"' not in text


@pytest.mark.parametrize("formats", [False, True])
def test_reference_valid_python_jsonschema(formats: bool) -> None:
    """The reference dataset is valid under python-jsonschema, format checking off and on."""
    validator = schema.validator("dataset", formats=formats)
    assert list(validator.iter_errors(reference())) == []


def rs_validator(name: str) -> Any:
    """A jsonschema-rs validator for a named schema, with every document registered."""
    documents = schema.schema_documents()
    registry = jsonschema_rs.Registry([(schema.BASE_URI + p, d) for p, d in documents.items()])
    return jsonschema_rs.validator_for(
        documents[f"{name}.schema.json"], registry=registry, validate_formats=True
    )


def test_reference_valid_jsonschema_rs() -> None:
    """The reference dataset is valid under jsonschema-rs, and a broken copy is not."""
    validator = rs_validator("dataset")
    data = reference()
    assert validator.is_valid(data)
    data["figures"][0]["value"] = -1
    assert not validator.is_valid(data)


def test_ajv_strict_compiles_and_validates() -> None:
    """ajv (Ajv2020, default strict mode, ajv-formats) compiles every schema and agrees."""
    reason = ajv.available()
    if reason:
        pytest.skip(reason)
    data = reference()
    broken = reference()
    broken["programs"][0]["title"]["zh_CN"] = "幸福泉"
    assert ajv.verdicts(
        [
            ("dataset", data),
            ("dataset", broken),
            ("organization", {"id": "a", "name": {"en": "x"}}),
            ("organization", {"id": "a\n", "name": {"en": "x"}}),
        ]
    ) == [True, False, True, False]


def test_registry_is_offline() -> None:
    """A $ref to anything outside the shipped schemas fails instead of being fetched."""
    with pytest.raises(referencing.exceptions.Unresolvable):
        schema.registry().resolver().lookup("https://example.org/elsewhere.json")


def test_validate_reports_like_the_loader() -> None:
    """validate() returns the loader's problem format: pointer, code, message."""
    payload = {"id": "a b", "name": {"en": "", "e_n": "x"}, "colour": 1, "country": "XX"}
    assert [(p.path, p.code) for p in schema.validate(payload, Organization)] == [
        ("/colour", "unknown_key"),
        ("/country", "unknown_code"),
        ("/id", "invalid_id"),
        ("/name/e_n", "invalid_language_tag"),
        ("/name/en", "empty_text"),
    ]
    assert schema.validate(reference(), Dataset) == []


def test_unknown_schema_name() -> None:
    """Asking for a schema that does not exist says which ones do."""
    with pytest.raises(KeyError, match="organization"):
        schema.validator("organisation")
    with pytest.raises(KeyError, match="not a model class"):
        schema.validator(int)


def test_schema_documents_carry_docs() -> None:
    """Titles and descriptions come from the classes' docstrings and field docs."""
    program = schema.schema_documents()["program.schema.json"]
    assert program["title"] == "Program"
    assert program["description"].startswith("What an agreement sets in motion")
    assert program["properties"]["title"]["description"] == "Its name, in one or more languages."
    assert program["additionalProperties"] is False
    assert program["required"] == ["id"]


def test_module_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m ngomodel.schema` writes and checks, with the right exit statuses."""
    assert schema._main(["--write", str(tmp_path)]) == 0
    assert schema._main(["--check", str(tmp_path)]) == 0
    (tmp_path / "dataset.schema.json").write_text("{}", encoding="utf-8")
    assert schema._main(["--check", str(tmp_path)]) == 1
    assert schema._main([]) == 2
    assert "stale: dataset.schema.json" in capsys.readouterr().out
