"""Popolo JSON: what is written, what is read back, and what is reported as left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given

from ngomodel import Dataset, LocalizedText, Person, reference_dataset
from ngomodel.popolo import (
    _FIELDS,
    _POPOLO_KIND,
    _POPOLO_PROPERTIES,
    from_popolo,
    mapping_table,
    to_popolo,
)
from ngomodel.strategies import datasets

DOCS = Path(__file__).parent.parent / "docs" / "popolo.md"

#: A made-up legislature-like document, shaped as the Popolo examples, with only the
#: properties ngomodel holds.
ASSEMBLY: dict[str, Any] = {
    "persons": [
        {
            "id": "person-ada",
            "name": "Ada Okafor",
            "other_names": [{"name": "A. Okafor", "note": "abbreviation", "start_date": "2001"}],
            "identifiers": [{"scheme": "XM-REG", "identifier": "42"}],
            "contact_details": [{"type": "email", "value": "ada@example.org", "label": "Office"}],
            "links": [{"url": "https://example.org/ada", "note": "Profile"}],
            "sources": [{"url": "https://example.org/roll", "note": "Roll of members"}],
        }
    ],
    "organizations": [
        {"id": "org-assembly", "name": "Riverland Assembly", "founding_date": "1990-05"},
        {"id": "org-committee", "name": "Water Committee", "parent_id": "org-assembly"},
        # Networks come after the other organizations, as ngomodel keeps them apart.
        {
            "id": "net-councils",
            "name": "Council of Assemblies",
            "classification": "network",
            "founding_date": "1980",
        },
    ],
    "memberships": [
        {
            "id": "pos-1",
            "person_id": "person-ada",
            "organization_id": "org-assembly",
            "label": "Speaker",
            "role": "chair",
            "post_id": "post-speaker",
            "start_date": "2019-01-15",
        },
        {
            "id": "mem-1",
            "member": {"@type": "Organization", "id": "org-assembly"},
            "organization_id": "net-councils",
            "role": "founding_member",
            "start_date": "1991",
        },
    ],
    "posts": [
        {
            "id": "post-speaker",
            "organization_id": "org-assembly",
            "label": "Speaker of the Assembly",
            "role": "chair",
            "start_date": "1990-05",
        }
    ],
}


def _document(done: Any) -> Any:
    return json.loads(done.unwrap())


def test_the_reference_dataset_goes_to_popolo_and_back_unchanged_where_popolo_holds_it() -> None:
    """ngomodel → Popolo → ngomodel → Popolo gives the same document, and the warnings name
    each kind of value Popolo cannot hold, with its count."""
    written = to_popolo(reference_dataset())
    back = from_popolo(written.unwrap(), language="en")
    assert back.ok, back.problems
    assert _document(to_popolo(back.unwrap())) == _document(written)
    assert {p.code for p in written.problems} == {"not_exported"}
    messages = [p.message for p in written.warnings]
    assert any(m.startswith("Dataset.programs: 5 left out") for m in messages)
    assert any(m.startswith("Network.scope: 1 left out") for m in messages)


@given(datasets(collections={"persons", "networks", "memberships", "positions", "posts"}))
def test_drawn_datasets_keep_every_field_popolo_has_a_place_for(data: Dataset) -> None:
    """A drawn dataset read back from its Popolo document writes the same document: every
    value with a Popolo place came back; and ids, dates and references are the same."""
    language = data.default_language or "en"
    written = to_popolo(data, language=language)
    back = from_popolo(written.unwrap(), language=language)
    assert back.ok, back.problems
    assert to_popolo(back.unwrap(), language=language).unwrap() == written.unwrap()
    read = back.unwrap()
    assert [p.id for p in read.persons] == [p.id for p in data.persons]
    assert [p.identifiers for p in read.persons] == [p.identifiers for p in data.persons]
    assert [(m.member_id, m.network_id, m.role, m.start_date) for m in read.memberships] == [
        (m.member_id, m.network_id, m.role, m.start_date) for m in data.memberships
    ]
    assert [(p.person_id, p.post_id, p.role) for p in read.positions] == [
        (p.person_id, p.post_id, p.role) for p in data.positions
    ]


def test_a_popolo_document_of_supported_properties_comes_back_unchanged() -> None:
    """Popolo → ngomodel → Popolo keeps every supported property, and reports nothing."""
    read = from_popolo(json.dumps(ASSEMBLY), language="en")
    assert read.ok, read.problems
    assert not read.problems
    data = read.unwrap()
    assert [n.id for n in data.networks] == ["net-councils"]
    assert data.positions[0].title == LocalizedText({"en": "Speaker"})
    assert data.memberships[0].member_id == "org-assembly"
    assert _document(to_popolo(data, language="en")) == ASSEMBLY


def test_popolo_properties_without_an_ngomodel_place_are_warned_of_by_kind() -> None:
    """Each unsupported property gives one warning per kind, with its count and the JSON
    Pointer in the Popolo document; the rest is imported."""
    document = json.loads(json.dumps(ASSEMBLY))
    document["persons"][0] |= {"gender": "female", "birth_date": "1970"}
    document["persons"].append({"id": "person-bo", "name": "Bo Lind", "gender": "male"})
    document["persons"][0]["other_names"][0]["note"] = "Maiden name"
    document["events"] = [{"id": "session-1"}]
    read = from_popolo(json.dumps(document), language="en")
    assert read.ok
    found = {p.message.split(":")[0]: p for p in read.warnings}
    assert set(found) == {
        "person.gender",
        "person.birth_date",
        "other_name.note that is not an other_name_type code",
        "the document's events",
    }
    assert found["person.gender"].message.startswith("person.gender: 2 left out")
    assert found["person.gender"].where == "/persons/0/gender"
    assert found["person.gender"].path == ""
    assert {p.code for p in read.warnings} == {"not_imported"}
    assert read.unwrap().persons[0].other_names[0].type is None


def test_values_ngomodel_does_not_allow_are_errors_located_in_the_popolo_document() -> None:
    """A Popolo id that is not an ngomodel id, a bad date and a broken reference are errors
    at their place in the Popolo document, never changed; and there is no dataset."""
    document = json.loads(json.dumps(ASSEMBLY))
    document["persons"][0]["id"] = "person ada"
    document["organizations"][0]["founding_date"] = "1990-13"
    read = from_popolo(json.dumps(document))
    assert read.value is None
    assert {(p.code, p.where) for p in read.errors} == {
        ("invalid_id", "/persons/0/id"),
        ("invalid_date", "/organizations/0/founding_date"),
    }
    document = json.loads(json.dumps(ASSEMBLY))
    document["memberships"][0]["person_id"] = "person-nobody"
    read = from_popolo(json.dumps(document))
    assert [(p.code, p.where) for p in read.errors] == [
        ("unresolved_reference", "/memberships/0/person_id")
    ]


def test_documents_that_are_not_popolo_are_errors_not_tracebacks() -> None:
    """Malformed JSON, a document that is not an object, a membership with no member and a
    list that is not a list each give a located error."""
    assert [p.code for p in from_popolo("{").errors] == ["invalid_json"]
    assert [p.code for p in from_popolo("[]").errors] == ["wrong_type"]
    read = from_popolo('{"memberships": [{"id": "m", "organization_id": "o"}], "posts": 1}')
    assert {(p.code, p.where) for p in read.errors} == {
        ("missing_key", "/memberships/0"),
        ("wrong_type", "/posts"),
    }
    missing = from_popolo('{"persons": [{"id": "p"}]}')
    assert [(p.code, p.where) for p in missing.errors] == [("missing_key", "/persons/0")]


def test_a_text_in_several_languages_is_written_in_one_and_the_others_are_reported() -> None:
    """Popolo names are plain strings: the chosen language is written, and the loss of the
    others is a located warning."""
    person = Person(id="p1", name=LocalizedText({"zh": "李伟", "en": "Li Wei"}))
    data = Dataset(schema_version="1.1", persons=(person,))
    assert _document(to_popolo(data, language="en"))["persons"][0]["name"] == "Li Wei"
    first = to_popolo(data)
    assert _document(first)["persons"][0]["name"] == "李伟"
    assert [(p.code, p.path) for p in first.warnings] == [("not_exported", "/persons/0/name")]


def test_every_popolo_property_mapped_is_one_the_popolo_schemas_define() -> None:
    """The mapping names only properties of the Popolo objects, as the schemas spell them."""
    for cls, fields in _FIELDS.items():
        assert set(fields.values()) <= set(_POPOLO_PROPERTIES[_POPOLO_KIND[cls]]), cls


def test_the_docs_page_shows_the_mapping_table_of_the_code() -> None:
    """docs/popolo.md holds the table mapping_table() makes; regenerate it from the code."""
    assert mapping_table() in DOCS.read_text("utf-8"), (
        "update the table in docs/popolo.md with ngomodel.popolo.mapping_table()"
    )
