"""Deprecated fields and withdrawn codes: described once, marked in the schemas, warned of.

A deprecated field (``doc(..., deprecated=...)``) and a withdrawn code (a ``status`` of
``withdrawn`` in its codelist) stay valid. ``ngomodel.inspect`` exposes both, the schemas
annotate both ``deprecated`` without changing any verdict, and the warning rules
``deprecated_field`` and ``withdrawn_code`` report every use, wherever it is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

import ngomodel
from ngomodel import (
    Classification,
    Program,
    ValidationError,
    cli,
    codelists,
    from_dict,
    inspect,
    rules,
    schema,
    to_dict,
)
from ngomodel._codes import RegionCode
from ngomodel._model import doc, model
from ngomodel._reference import reference_bytes
from ngomodel._scalars import Text
from ngomodel.strategies import STRATEGIES
from ngomodel.validation import validate_text

from . import ajv

#: The one field deprecated in 1.1, and what replaces it.
PROGRAM_DESCRIPTION_REASON = "Use descriptions with type 1 (general) instead."
MODEL_CLASSES = {cls.__name__: cls for cls in STRATEGIES if inspect.is_model(cls)}


def reference() -> dict[str, Any]:
    """A fresh, mutable copy of the reference dataset as plain JSON values."""
    return json.loads(reference_bytes())  # type: ignore[no-any-return]


def warnings_of(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """(code, path) of every deprecation warning the rules find in a dataset payload."""
    return [
        (p.code, p.path)
        for p in rules.check(from_dict(payload))
        if p.code in ("deprecated_field", "withdrawn_code")
    ]


def csv_withdrawn(name: str) -> tuple[str, ...]:
    """The withdrawn codes of a codelist, read from its CSV file directly."""
    text = files("ngomodel.codelists").joinpath(f"{name}.csv").read_text("utf-8")
    return tuple(
        row["code"] for row in csv.DictReader(text.splitlines()) if row.get("status") == "withdrawn"
    )


# -- the description ------------------------------------------------------------------------


def test_program_description_is_deprecated_in_favour_of_descriptions() -> None:
    """inspect exposes the reason of Program.description, and no other field of Program's."""
    by_name = {field.name: field for field in inspect.fields(Program)}
    assert by_name["description"].deprecated == PROGRAM_DESCRIPTION_REASON
    assert by_name["description"].full_doc == (
        f"What the program does. Deprecated: {PROGRAM_DESCRIPTION_REASON}"
    )
    assert [name for name, field in by_name.items() if field.deprecated] == ["description"]
    assert by_name["descriptions"].deprecated is None


def test_a_deprecated_declaration_reaches_inspect_and_the_docstring() -> None:
    """doc(deprecated=...) sets Field.deprecated and ends the docstring entry with the reason."""

    @model
    class Gadget:
        """A gadget."""

        name: Text = doc("Its name.")
        label: Text | None = doc("Its label.", default=None, deprecated="Use name instead.")

    name, label = inspect.fields(Gadget)
    assert (name.deprecated, label.deprecated) == (None, "Use name instead.")
    assert "    label: Its label. Deprecated: Use name instead." in (Gadget.__doc__ or "")
    assert Gadget(name="a", label="b").label == "b"  # still a field like any other


@pytest.mark.parametrize("name", codelists.names())
def test_code_types_expose_the_withdrawn_codes(name: str) -> None:
    """A codelist's CodeType lists its CSV's withdrawn codes; current ones are the rest."""
    node = inspect.code_type(name)
    assert node.withdrawn == csv_withdrawn(name) == codelists.get(name).withdrawn
    assert set(node.current) | set(node.withdrawn) == set(node.codes)
    assert not set(node.current) & set(node.withdrawn)
    assert node.problems(node.withdrawn[0] if node.withdrawn else node.codes[0]) == []


def test_the_codelists_with_withdrawn_codes() -> None:
    """The four lists with withdrawn codes, and a Literal code type that marks its one."""
    with_withdrawn = {name for name in codelists.names() if codelists.get(name).withdrawn}
    assert with_withdrawn == {
        "organisation_registration_agency",
        "region",
        "sector",
        "sector_category",
    }
    assert inspect.type_info(RegionCode) == inspect.CodeType(
        codes=inspect.code_type("region").codes, codelist="region", withdrawn=("380",)
    )
    assert codelists.get("sector").lookup("11321").withdrawn
    assert not codelists.get("sector").lookup("11320").withdrawn


def test_withdrawn_codes_must_be_codes() -> None:
    """A CodeType refuses withdrawn codes that are not among its codes."""
    with pytest.raises(ValueError, match="'9'"):
        inspect.CodeType(codes=("1", "2"), withdrawn=("9",))


# -- the schemas ----------------------------------------------------------------------------


def deprecated_keys(value: Any, pointer: str = "") -> Iterator[str]:
    """The JSON Pointer of every ``deprecated`` keyword in a schema document."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "deprecated":
                assert item is True, pointer
                yield pointer
            yield from deprecated_keys(item, f"{pointer}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from deprecated_keys(item, f"{pointer}/{index}")


def object_schemas(documents: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(file, pointer, schema) of every object schema of a model class."""
    for path, document in documents.items():
        if document.get("type") == "object":
            yield path, "", document
    for name, sub in documents["types.schema.json"]["$defs"].items():
        if sub.get("type") == "object" and "properties" in sub:
            yield "types.schema.json", f"/$defs/{name}", sub


def test_schemas_say_deprecated_exactly_where_the_description_does() -> None:
    """ "deprecated": true marks each deprecated field's property and each withdrawn code
    annotation, and nothing else, in every file."""
    documents = schema.schema_documents()
    found = {(path, pointer) for path, doc in documents.items() for pointer in deprecated_keys(doc)}
    expected = set()
    for path, pointer, sub in object_schemas(documents):
        cls = MODEL_CLASSES[sub["title"]]
        for field in inspect.fields(cls):
            if field.deprecated is not None:
                expected.add((path, f"{pointer}/properties/{field.name}"))
                assert sub["properties"][field.name]["description"] == field.full_doc
    for name in codelists.names():
        path = f"codelists/{name}.schema.json"
        if path in documents and codelists.get(name).withdrawn:
            expected.add((path, "/then"))
    assert ("program.schema.json", "/properties/description") in expected
    assert ("codelists/sector.schema.json", "/then") in expected
    assert found == expected


@pytest.mark.parametrize("name", ["region", "sector", "sector_category", "country"])
def test_codelist_schemas_keep_every_code_and_annotate_the_withdrawn(name: str) -> None:
    """The enum lists every code, withdrawn ones too; the if names exactly the withdrawn ones."""
    document = schema.schema_documents()[f"codelists/{name}.schema.json"]
    codelist = codelists.get(name)
    assert document["enum"] == [code.code for code in codelist]
    if codelist.withdrawn:
        assert document["if"] == {"enum": list(codelist.withdrawn)}
        assert set(document["then"]) == {"deprecated", "description"}  # asserts nothing
    else:
        assert "if" not in document
        assert "then" not in document


def withdrawn_cases() -> list[tuple[str, dict[str, Any], bool]]:
    """Datasets using withdrawn codes (valid) and near twins with codes no list has."""

    def program(**fields: Any) -> dict[str, Any]:
        data = reference()
        data["programs"][1].update(fields)
        return data

    sector = [{"code": "11321"}]
    return [
        ("withdrawn 5-digit sector", program(sectors=sector), True),
        ("withdrawn 3-digit sector", program(sectors=[{"vocabulary": "2", "code": "920"}]), True),
        ("withdrawn region", program(recipient_regions=[{"code": "380"}]), True),
        ("deprecated description", program(description={"en": "Schools."}), True),
        ("no such 5-digit sector", program(sectors=[{"code": "11329"}]), False),
        ("3-digit code as 5-digit", program(sectors=[{"code": "920"}]), False),
        ("no such region", program(recipient_regions=[{"code": "381"}]), False),
    ]


def loader_accepts(payload: Any) -> bool:
    """The library's verdict on a dataset payload."""
    try:
        from_dict(payload)
    except ValidationError:
        return False
    return True


def test_python_validators_agree_on_withdrawn_codes() -> None:
    """python-jsonschema, jsonschema-rs and the loader accept withdrawn codes, refuse others."""
    documents = schema.schema_documents()
    registry = jsonschema_rs.Registry([(schema.BASE_URI + p, d) for p, d in documents.items()])
    rs = jsonschema_rs.validator_for(documents["dataset.schema.json"], registry=registry)
    python = schema.validator("dataset")
    for description, payload, valid in withdrawn_cases():
        verdicts = (python.is_valid(payload), rs.is_valid(payload), loader_accepts(payload))
        assert verdicts == (valid, valid, valid), description


def test_ajv_agrees_on_withdrawn_codes() -> None:
    """ajv in strict mode compiles the annotated codelists and gives the same verdicts."""
    reason = ajv.available()
    if reason:
        pytest.skip(reason)
    cases = withdrawn_cases()
    assert ajv.verdicts([("dataset", payload) for _, payload, _ in cases]) == [
        valid for _, _, valid in cases
    ]


def test_deprecated_field_loads_and_dumps_as_before() -> None:
    """A program with the deprecated description round-trips exactly, and needs no title."""
    payload = {"id": "p", "description": {"en": "Wells."}}
    program = from_dict(payload, type=Program)
    assert to_dict(program) == payload
    assert json.loads(ngomodel.dumps(program)) == payload
    assert schema.validate(payload, Program) == []


@pytest.mark.parametrize(
    ("payload", "valid"),
    [
        ({"id": "p", "descriptions": [{"type": "1", "text": {"en": "Wells."}}]}, True),
        ({"id": "p", "descriptions": [{"type": "2", "text": {"en": "Water."}}]}, True),
        ({"id": "p", "descriptions": []}, False),
        ({"id": "p"}, False),
    ],
)
def test_descriptions_stand_in_for_a_title(payload: dict[str, Any], valid: bool) -> None:
    """A program with descriptions and no title is valid; an empty list counts as none."""
    assert loader_accepts({"schema_version": "1.1", "programs": [payload]}) is valid
    problems = schema.validate(payload, Program)
    assert (problems == []) is valid
    if not valid:
        assert [(p.path, p.code) for p in problems] == [("", "at_least_one_required")]
        assert "'descriptions'" in problems[0].message


# -- the rules ------------------------------------------------------------------------------


def test_reference_dataset_uses_nothing_deprecated() -> None:
    """The shipped dataset gives no deprecated field and uses no withdrawn code."""
    assert warnings_of(reference()) == []
    assert all(program.description is None for program in ngomodel.reference_dataset().programs)


def test_every_use_is_found_at_its_pointer() -> None:
    """Deprecated fields and withdrawn codes are reported wherever they are, and only where
    the code's vocabulary selects the codelist that withdrew it."""
    data = reference()
    data["organizations"][0]["identifiers"] = [
        {"scheme": "CN-USCI", "identifier": "1"},
        {"scheme": "GB-GOVUK", "identifier": "2"},
    ]
    data["organizations"][1]["sectors"] = [{"code": "15140"}]
    network = data["networks"][1]
    network["focus"] = [{"vocabulary": "2", "code": "230"}, {"vocabulary": "99", "code": "230"}]
    network["scope"]["regions"].append({"code": "380"})
    program = data["programs"][2]
    program["description"] = {"en": "Surgeries."}
    program["sectors"] = [{"code": "12191", "percentage": 50}, {"code": "11322", "percentage": 50}]
    program["recipient_regions"] = [{"code": "380"}, {"vocabulary": "99", "code": "380"}]
    program["transactions"] = [
        {
            "type": "3",
            "date": "2018",
            "amount": "1",
            "currency": "CNY",
            "sectors": [{"vocabulary": "2", "code": "920"}],
            "recipient_region": {"code": "380"},
        }
    ]
    assert sorted(warnings_of(data)) == sorted(
        [
            ("deprecated_field", "/programs/2/description"),
            ("withdrawn_code", "/organizations/0/identifiers/1/scheme"),
            ("withdrawn_code", "/organizations/1/sectors/0/code"),
            ("withdrawn_code", "/networks/1/focus/0/code"),
            ("withdrawn_code", "/networks/1/scope/regions/1/code"),
            ("withdrawn_code", "/programs/2/sectors/1/code"),
            ("withdrawn_code", "/programs/2/recipient_regions/0/code"),
            ("withdrawn_code", "/programs/2/transactions/0/sectors/0/code"),
            ("withdrawn_code", "/programs/2/transactions/0/recipient_region/code"),
        ]
    )
    assert [p for p in rules.check(from_dict(data)) if p.severity == "error"] == []


def test_a_field_at_its_default_is_not_given() -> None:
    """Only a deprecated field that is set counts; the rule reads the description for it."""

    @model
    class Widget:
        """A widget."""

        old: tuple[Classification, ...] = doc("Old.", default=(), deprecated="Use new.")
        new: tuple[Classification, ...] = doc("New.", default=())

    walk = rules._model_walker(Widget)
    assert walk is not None
    for widget, expected in [
        (Widget(), []),
        (Widget(new=(Classification(code="11321"),)), ["/w/new/0/code"]),
        (Widget(old=(Classification(code="11320"),)), ["/w/old"]),
    ]:
        out: list[ngomodel.Problem] = []
        walk(widget, "/w", out)
        assert [p.path for p in out] == expected


def test_messages_say_what_to_use_instead() -> None:
    """A deprecated field's message gives the reason; a withdrawn code's names current ones."""
    data = reference()
    data["programs"][1]["description"] = {"en": "Schools."}
    data["programs"][1]["sectors"] = [{"code": "11321"}]
    field, code = (
        p for p in rules.check(from_dict(data)) if p.code in ("deprecated_field", "withdrawn_code")
    )
    assert field.severity == code.severity == "warning"
    assert field.message == f"the field 'description' is deprecated: {PROGRAM_DESCRIPTION_REASON}"
    assert "'11321' (Lower secondary education) is withdrawn" in code.message
    assert code.message.endswith("such as one of its category 113: 11320, 11330")


# -- validation and the command line -------------------------------------------------------


def deprecated_document() -> bytes:
    """The reference dataset with one deprecated field and one withdrawn code, as JSON text."""
    data = reference()
    data["programs"][1]["description"] = {"en": "Schools."}
    data["programs"][1]["sectors"] = [{"code": "11321"}]
    return json.dumps(data, indent=2).encode()


def test_validate_text_reports_warnings_and_stays_valid() -> None:
    """validate_text keeps a document with deprecations valid, with two located warnings."""
    report = validate_text(deprecated_document())
    assert report.valid
    assert (report.error_count, report.warning_count) == (0, 2)
    assert [(p.code, p.path) for p in report.warnings] == [
        ("deprecated_field", "/programs/1/description"),
        ("withdrawn_code", "/programs/1/sectors/0/code"),
    ]


@pytest.mark.parametrize("form", ["text", "json"])
def test_cli_shows_the_warnings_and_exits_0(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ngomodel validate` prints both warnings and succeeds: warnings do not fail it."""
    path = tmp_path / "data.json"
    path.write_bytes(deprecated_document())
    status = cli.main(["validate", "--format", form, str(path)])
    out = capsys.readouterr().out
    assert status == 0
    if form == "json":
        report = json.loads(out)
        assert (report["valid"], report["warning_count"], report["error_count"]) == (True, 2, 0)
        codes = [p["code"] for source in report["sources"] for p in source["problems"]]
        assert codes == ["deprecated_field", "withdrawn_code"]
    else:
        assert "warning: /programs/1/description: the field 'description' is deprecated" in out
        assert "warning: /programs/1/sectors/0/code: '11321'" in out
        assert out.rstrip().endswith("0 error(s), 2 warning(s)")
