"""Extensions: declared, schema-checked data on every entity, kept and written back exactly."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
import referencing
from hypothesis import given
from hypothesis import strategies as st
from referencing.jsonschema import DRAFT202012

import ngomodel
from ngomodel import (
    ExtensionData,
    Organization,
    Person,
    ValidationError,
    dumps,
    extensions,
    from_dict,
    loads,
    rules,
    strategies,
    to_dict,
)
from ngomodel import schema as core_schema
from ngomodel.extensions import KINDS, Extension

from . import ajv
from .properties import examples

CHARITY = extensions.charity_register()
#: An extension that allows any members on every kind of entity.
ANYTHING = Extension.from_dict(
    {
        "name": "anything",
        "version": "2.3",
        "title": "Anything",
        "entities": {kind: {"type": "object"} for kind in KINDS},
    }
)
REGISTRATION = {"register": "GB-CHC", "number": "1170000", "status": "registered"}


@pytest.fixture(autouse=True)
def registered() -> Iterator[None]:
    with extensions.using(CHARITY, ANYTHING):
        yield


def reference_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(dumps(ngomodel.reference_dataset()))
    return document


def declaring(*names: str) -> dict[str, Any]:
    """The reference dataset, declaring these extensions at their registered versions."""
    document = reference_document()
    versions = {CHARITY.name: CHARITY.version, ANYTHING.name: ANYTHING.version}
    document["extensions"] = [{"name": name, "version": versions[name]} for name in names]
    return document


def problems_of(document: dict[str, Any]) -> list[tuple[str, str]]:
    """The loader's problems, and the constructor's: the two must agree."""
    found = []
    for read in (lambda: loads(json.dumps(document)), lambda: from_dict(document)):
        try:
            read()
        except ValidationError as error:
            found.append([(p.path, p.code) for p in error.errors])
        else:
            found.append([])
    assert found[0] == found[1]
    return found[0]


def located(payload: dict[str, Any], cls: type) -> list[tuple[str, str]]:
    """The loader's problems with an entity read on its own."""
    try:
        loads(json.dumps(payload), type=cls)
    except ValidationError as error:
        return [(p.path, p.code) for p in error.errors]
    return []


# -- definitions -----------------------------------------------------------------------------


def test_the_shipped_example_is_a_valid_definition_that_round_trips() -> None:
    assert (CHARITY.name, CHARITY.version) == ("charity_register", "1.0")
    assert set(CHARITY.schemas) == {"organization", "network"}
    assert CHARITY.codes == {"organisation_registration_agency": ("CN-MCA-SO",)}
    again = Extension.from_dict(CHARITY.to_dict())
    assert again.to_dict() == CHARITY.to_dict()
    assert json.loads(json.dumps(CHARITY.to_dict())) == CHARITY.to_dict()


def test_a_definition_file_is_read_strictly(tmp_path: Path) -> None:
    path = tmp_path / "charity.json"
    path.write_text(json.dumps(CHARITY.to_dict()), "utf-8")
    assert Extension.load(path).to_dict() == CHARITY.to_dict()
    path.write_text('{"name": "a", "name": "b"}', "utf-8")
    with pytest.raises(ValidationError) as caught:
        Extension.load(path)
    assert [p.code for p in caught.value.errors] == ["duplicate_key"]


def definition(**changes: Any) -> dict[str, Any]:
    out = CHARITY.to_dict()
    for key, value in changes.items():
        if value is None:
            del out[key]
        else:
            out[key] = value
    return out


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param([], [("", "wrong_type")], id="not-an-object"),
        pytest.param(definition(name=None), [("/name", "missing_key")], id="no-name"),
        pytest.param(
            definition(name="Charity"), [("/name", "invalid_extension_name")], id="bad-name"
        ),
        pytest.param(definition(version="one"), [("/version", "invalid")], id="bad-version"),
        pytest.param(definition(colour="red"), [("/colour", "unknown_key")], id="unknown-key"),
        pytest.param(definition(entities={}), [("/entities", "too_few_items")], id="no-kinds"),
        pytest.param(
            definition(entities={"village": {}}), [("/entities/village", "unknown_code")], id="kind"
        ),
        pytest.param(
            definition(codes={"membership_role": ["honorary_member"]}),
            [("/codes/membership_role", "unknown_code")],
            id="closed-codelist",
        ),
        pytest.param(
            definition(entities={"person": {"type": "object", "$id": "https://x.org/s"}}),
            [("/entities/person/$id", "unknown_key")],
            id="own-id",
        ),
        pytest.param(
            definition(entities={"person": {"$ref": "https://example.org/s.json"}}),
            [("/entities/person/$ref", "external_reference")],
            id="external-ref",
        ),
        pytest.param(
            definition(entities={"person": {"type": "thing"}}),
            [("/entities/person/type", "invalid_schema")],
            id="invalid-schema",
        ),
    ],
)
def test_a_bad_definition_is_refused_with_every_problem_located(
    data: Any, expected: list[tuple[str, str]]
) -> None:
    with pytest.raises(ValidationError) as caught:
        Extension.from_dict(data)
    assert [(p.path, p.code) for p in caught.value.errors] == expected


def test_the_registry_keeps_one_extension_a_name() -> None:
    other = Extension.from_dict(definition(version="2.0"))
    with pytest.raises(ValueError, match="another extension named 'charity_register'"):
        extensions.register(other)
    assert extensions.get("charity_register") is CHARITY
    assert extensions.registered() == (ANYTHING, CHARITY)
    extensions.unregister("anything")
    assert extensions.get("anything") is None


# -- data on entities ---------------------------------------------------------------------


def test_declared_extension_data_is_kept_and_written_back_exactly() -> None:
    document = declaring("charity_register", "anything")
    members = {"registrations": [REGISTRATION, {**REGISTRATION, "register": "CN-MCA-SO"}]}
    document["networks"][0]["extensions"] = {"charity_register": members}
    odd = {"n": 10**30, "x": -0.0, "u": "\u00e9\U0001f600", "deep": [[{"a": None}]], "t": True}
    document["programs"][0]["extensions"] = {"anything": odd}
    data = loads(json.dumps(document))
    assert data.networks[0].extensions["charity_register"]["registrations"][1]["register"] == (
        "CN-MCA-SO"
    )
    assert json.loads(dumps(data)) == document
    assert to_dict(data) == document
    assert from_dict(document) == data
    assert data.programs[0].extensions.to_json()["anything"] == odd


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            lambda d: d["organizations"][0].update(extensions={"charity_register": {}}),
            [("/organizations/0/extensions/charity_register/registrations", "missing_key")],
            id="missing-member",
        ),
        pytest.param(
            lambda d: d["organizations"][0].update(
                extensions={"charity_register": {"registrations": [{**REGISTRATION, "x": 1}]}}
            ),
            [("/organizations/0/extensions/charity_register/registrations/0/x", "unknown_key")],
            id="unknown-member",
        ),
        pytest.param(
            lambda d: d["organizations"][0].update(
                extensions={
                    "charity_register": {
                        "registrations": [{**REGISTRATION, "status": "gone", "number": 5}]
                    }
                }
            ),
            [
                (
                    "/organizations/0/extensions/charity_register/registrations/0/number",
                    "wrong_type",
                ),
                (
                    "/organizations/0/extensions/charity_register/registrations/0/status",
                    "unknown_code",
                ),
            ],
            id="wrong-values",
        ),
        pytest.param(
            lambda d: d["persons"][0].update(extensions={"charity_register": {}}),
            [("/persons/0/extensions/charity_register", "extension_not_for_kind")],
            id="wrong-kind",
        ),
        pytest.param(
            lambda d: d["persons"][0].update(extensions={"other": {}}),
            # No extension "other" is registered, which the person finds before the
            # dataset could find it undeclared.
            [("/persons/0/extensions/other", "unknown_extension")],
            id="unregistered",
        ),
        pytest.param(
            lambda d: d["persons"][0].update(extensions={"anything": {"x": 1}}),
            [("/persons/0/extensions/anything", "undeclared_extension")],
            id="undeclared",
        ),
        pytest.param(
            lambda d: d["extensions"].append({"name": "unheard_of", "version": "1.0"}),
            [("/extensions/1/name", "unknown_extension")],
            id="unknown",
        ),
        pytest.param(
            lambda d: d["extensions"][0].update(version="9.9"),
            [("/extensions/0/version", "unknown_extension_version")],
            id="other-version",
        ),
        pytest.param(
            lambda d: d["extensions"].append(dict(d["extensions"][0])),
            [("/extensions/1", "duplicate_extension")],
            id="twice",
        ),
        pytest.param(
            lambda d: d["persons"][0].update(extensions={"charity_register": []}),
            [("/persons/0/extensions/charity_register", "wrong_type")],
            id="not-an-object",
        ),
        pytest.param(
            lambda d: d["persons"][0].update(extensions={"Bad-Name": {}}),
            [("/persons/0/extensions/Bad-Name", "invalid_extension_name")],
            id="bad-name",
        ),
        pytest.param(
            lambda d: d["memberships"][0].update(extensions={}),
            [],
            id="empty-is-none",
        ),
    ],
)
def test_extension_data_problems_are_located(change: Any, expected: list[tuple[str, str]]) -> None:
    document = declaring("charity_register")
    change(document)
    assert problems_of(document) == expected


def test_without_the_extension_registered_its_data_cannot_be_read() -> None:
    document = declaring("charity_register")
    document["organizations"][0]["extensions"] = {
        "charity_register": {"registrations": [REGISTRATION]}
    }
    extensions.unregister("charity_register")
    # The organization finds it first; its declaration is checked once the entities are sound.
    assert problems_of(document) == [
        ("/organizations/0/extensions/charity_register", "unknown_extension")
    ]
    del document["organizations"][0]["extensions"]
    assert problems_of(document) == [("/extensions/0/name", "unknown_extension")]


def test_an_entity_alone_is_checked_against_the_registered_extensions() -> None:
    """An entity read on its own (``--schema organization``) checks its extension data as
    in a dataset, and gets the verdict of the schemas for that entity: the published ones,
    which know no extension, and those generated with the extension."""
    data = {"registrations": [REGISTRATION]}
    entity = {"id": "org-1", "name": {"en": "Ramunion"}, "extensions": {"charity_register": data}}
    extensions.unregister("charity_register")
    refused = [("/extensions/charity_register", "unknown_extension")]
    assert located(entity, Organization) == refused
    assert [(p.path, p.code) for p in core_schema.validate(entity, "organization")] == refused
    extensions.register(CHARITY)
    assert located(entity, Organization) == []
    person = {"id": "p-1", "name": {"en": "Liu Kaiyang"}, "extensions": {"charity_register": {}}}
    assert located(person, Person) == [("/extensions/charity_register", "extension_not_for_kind")]
    broken = {**entity, "extensions": {"charity_register": {"registrations": "none"}}}
    assert located(broken, Organization) == [
        ("/extensions/charity_register/registrations", "wrong_type")
    ]


def test_an_extension_adds_registers_to_the_open_codelist() -> None:
    """CN-MCA-SO is unknown to org-id.guide; a dataset that uses the extension knows it."""
    document = reference_document()
    document["organizations"][0]["identifiers"] = [{"scheme": "CN-MCA-SO", "identifier": "1"}]
    warned = [p.code for p in rules.check(from_dict(document))]
    assert warned == ["unknown_identifier_scheme"]
    document["extensions"] = [{"name": "charity_register", "version": "1.0"}]
    assert rules.check(from_dict(document)) == []


def json_members() -> st.SearchStrategy[dict[str, Any]]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
    values = st.recursive(
        scalars.filter(lambda v: v not in (float("inf"), float("-inf"))),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=8,
    )
    return st.dictionaries(st.text(max_size=6), values, max_size=3)


@examples(60)
@given(strategies.datasets(max_size=2), st.data())
def test_drawn_extension_data_round_trips_exactly(
    data: ngomodel.Dataset, draw: st.DataObject
) -> None:
    """Any JSON members on any entity: dumps and loads, to_dict and from_dict, give them back."""
    document = to_dict(data)
    document["extensions"] = [{"name": "anything", "version": "2.3"}]
    for kind, (_, collection) in KINDS.items():
        for entity in document.get(collection, ()):
            if draw.draw(st.booleans(), label=f"{kind} has data"):
                entity["extensions"] = {"anything": draw.draw(json_members(), label="members")}
    loaded = loads(dumps(from_dict(document)))
    assert to_dict(loaded) == document
    assert loads(json.dumps(document)) == loaded == from_dict(copy.deepcopy(document))


@examples(60)
@given(strategies.extension_data())
def test_extension_data_on_its_own_is_immutable_and_plain_json(value: ExtensionData) -> None:
    plain = value.to_json()
    assert ExtensionData(plain) == value
    assert hash(ExtensionData(plain)) == hash(value)
    assert json.loads(json.dumps(plain)) == plain
    with pytest.raises(AttributeError):
        value._data = {}  # type: ignore[misc]


# -- the schemas with extensions, and three validators besides the loader -------------------


def registry_of(documents: dict[str, dict[str, Any]]) -> referencing.Registry[Any]:
    return referencing.Registry().with_resources(
        (core_schema.BASE_URI + path, DRAFT202012.create_resource(doc))
        for path, doc in documents.items()
    )


CASES: dict[str, tuple[Any, bool]] = {}


def case(name: str, valid: bool) -> Any:
    def add(change: Any) -> Any:
        document = declaring("charity_register")
        change(document)
        CASES[name] = (document, valid)
        return change

    return add


case("declared-valid", True)(
    lambda d: d["organizations"][0].update(
        extensions={"charity_register": {"registrations": [REGISTRATION]}}
    )
)
case("declared-on-a-network", True)(
    lambda d: d["networks"][0].update(
        extensions={"charity_register": {"registrations": [REGISTRATION, REGISTRATION]}}
    )
)
case("declared-but-unused", True)(lambda d: None)
case("undeclared", False)(
    lambda d: (
        d.pop("extensions"),
        d["organizations"][0].update(
            extensions={"charity_register": {"registrations": [REGISTRATION]}}
        ),
    )
)
case("other-version", False)(
    lambda d: (
        d["extensions"][0].update(version="2.0"),
        d["organizations"][0].update(
            extensions={"charity_register": {"registrations": [REGISTRATION]}}
        ),
    )
)
case("invalid-member", False)(
    lambda d: d["organizations"][0].update(
        extensions={"charity_register": {"registrations": [{**REGISTRATION, "status": "?"}]}}
    )
)
case("no-registrations", False)(
    lambda d: d["organizations"][0].update(extensions={"charity_register": {"registrations": []}})
)
case("wrong-kind", False)(
    lambda d: d["persons"][0].update(extensions={"charity_register": {"registrations": []}})
)
case("unknown-name", False)(lambda d: d["persons"][0].update(extensions={"nobody": {}}))
case("declared-unknown", False)(
    lambda d: d["extensions"].append({"name": "nobody", "version": "1.0"})
)
case("not-an-object", False)(
    lambda d: d["organizations"][0].update(extensions={"charity_register": "x"})
)


@pytest.fixture(scope="module")
def extended() -> dict[str, dict[str, Any]]:
    return extensions.schema_documents(CHARITY)


def test_the_schemas_with_an_extension_are_valid_and_refer_only_to_themselves(
    extended: dict[str, dict[str, Any]],
) -> None:
    for path, document in extended.items():
        jsonschema.Draft202012Validator.check_schema(document)
        assert document["$id"] == core_schema.BASE_URI + path
    assert "extensions/charity_register/organization.schema.json" in extended
    assert "extensions/charity_register/person.schema.json" not in extended
    assert extended["person.schema.json"]["properties"]["extensions"]["properties"] == {}


@pytest.mark.parametrize("name", sorted(CASES))
def test_validators_agree_with_the_loader_on_extension_data(
    name: str, extended: dict[str, dict[str, Any]]
) -> None:
    """python-jsonschema, jsonschema-rs and the loader give each document the same verdict."""
    with extensions.using(CHARITY):
        extensions.unregister("anything")
        document, valid = CASES[name]
        assert (problems_of(document) == []) is valid
    registry = registry_of(extended)
    root = extended["dataset.schema.json"]
    python = jsonschema.Draft202012Validator(root, registry=registry).is_valid(document)
    rs_registry = jsonschema_rs.Registry(
        [(core_schema.BASE_URI + path, doc) for path, doc in extended.items()]
    )
    rust = jsonschema_rs.validator_for(root, registry=rs_registry).is_valid(document)
    assert (python, rust) == (valid, valid)


def test_ajv_agrees_with_the_loader_on_extension_data(extended: dict[str, dict[str, Any]]) -> None:
    """ajv, in strict mode, compiles the schemas with the extension and agrees on every case."""
    reason = ajv.available()
    if reason:
        pytest.skip(reason)
    names = sorted(CASES)
    verdicts = ajv.verdicts([("dataset", CASES[name][0]) for name in names], documents=extended)
    assert dict(zip(names, verdicts, strict=True)) == {name: CASES[name][1] for name in names}


def test_the_published_schemas_allow_no_extension_as_the_loader_knows_none() -> None:
    """With no extension registered, the loader refuses every declaration and all extension
    data; the published schemas, which know no extension, refuse the same documents."""
    extensions.unregister("charity_register")
    extensions.unregister("anything")
    for name, (document, _) in sorted(CASES.items()):
        assert problems_of(document) != [], name  # each declares an extension, or has data
        assert core_schema.validate(document) != [], name
    plain = reference_document()
    assert problems_of(plain) == []
    assert core_schema.validate(plain) == []


# -- the command line ----------------------------------------------------------------------


def test_validate_reads_extensions_given_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .test_cli import main

    extensions.unregister("charity_register")
    definition_file = tmp_path / "charity.json"
    definition_file.write_text(json.dumps(CHARITY.to_dict()), "utf-8")
    document, _ = CASES["invalid-member"]
    lines = tmp_path / "data.jsonl"
    good, _ = CASES["declared-valid"]
    lines.write_text(json.dumps(good) + "\n" + json.dumps(document) + "\n", "utf-8")
    status, out, _ = main(capsys, "validate", str(lines))
    assert status == 1
    assert out.count("[unknown_extension]") == 2
    argv = ["validate", "--extension", str(definition_file), "--jobs", "2", str(lines)]
    status, out, _ = main(capsys, *argv)
    assert status == 1
    assert out.count("[unknown_extension]") == 0
    assert "2:" in out
    assert "/organizations/0/extensions/charity_register/registrations/0/status" in out
    assert extensions.get("charity_register") is None  # registered for the run only


def test_schema_writes_the_schemas_with_extensions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .test_cli import main

    extensions.unregister("charity_register")
    definition_file = tmp_path / "charity.json"
    definition_file.write_text(json.dumps(CHARITY.to_dict()), "utf-8")
    out_dir = tmp_path / "schemas"
    status, _, _ = main(
        capsys, "schema", "--extension", str(definition_file), "--write", str(out_dir)
    )
    assert status == 0
    written = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.json")}
    assert written == {*extensions.schema_documents(CHARITY), core_schema.BUNDLE}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**CHARITY.to_dict(), "name": "Bad"}), "utf-8")
    status, _, err = main(capsys, "validate", "--extension", str(bad), str(definition_file))
    assert status == 2
    assert err.startswith("ngomodel: error: invalid extension definition\n")
    assert f"{bad}: /name: " in err
