"""Errors that help: "did you mean" for keys and codes, and the entity a dataset looks like.

The suggestions come from the data (the class's fields, the codelist's codes and names);
the loader and ``schema.validate`` give the same message for the same problem.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ngomodel
from ngomodel import Dataset, Membership, Organization, cli, extensions, rules, schema
from ngomodel._hints import code_message, key_message

ORG = {"id": "org-1", "name": {"en": "A"}}
MEMBERSHIP = {"id": "m-1", "network_id": "net-1", "member_id": "org-1"}


def _both(payload: Any, cls: type) -> list[tuple[str, str, str]]:
    """The (path, code, message) of the loader's problems, checked equal to the schema's."""
    with pytest.raises(ngomodel.ValidationError) as caught:
        ngomodel.from_dict(payload, type=cls)
    loaded = sorted((p.path, p.code, p.message) for p in caught.value.errors)
    validated = sorted((p.path, p.code, p.message) for p in schema.validate(payload, cls))
    assert loaded == validated
    return loaded


def test_a_misspelt_key_suggests_the_field() -> None:
    """A key one letter off a field name is answered with the field name."""
    assert _both({**ORG, "orgnization_type": "22"}, Organization) == [
        (
            "/orgnization_type",
            "unknown_key",
            "unknown key 'orgnization_type'; did you mean 'organization_type'?",
        )
    ]


def test_a_key_close_to_nothing_gets_no_suggestion() -> None:
    """A key like no field is reported as before, with no "did you mean"."""
    assert _both({**ORG, "colour": "red"}, Organization) == [
        ("/colour", "unknown_key", "unknown key 'colour'")
    ]


def test_a_code_close_to_a_code_is_suggested() -> None:
    """``founding-member`` for a membership role suggests ``founding_member``."""
    assert "founding_member" in ngomodel.codelists.get("membership_role")
    payload = {**MEMBERSHIP, "role": "founding-member"}
    assert _both(payload, Membership) == [
        (
            "/role",
            "unknown_code",
            "'founding-member' is not a code of the 'membership_role' codelist; "
            "did you mean 'founding_member'?",
        )
    ]


@pytest.mark.parametrize(
    ("given_value", "suggested"),
    [("Cambodia", "'KH' (Cambodia)"), ("cambodia", "'KH' (Cambodia)"), ("cn", "'CN'")],
)
def test_a_country_given_by_name_or_in_lower_case_is_suggested(
    given_value: str, suggested: str
) -> None:
    """A country's name, or its code in the wrong case, suggests the code."""
    (problem,) = _both({**ORG, "country": given_value}, Organization)
    assert problem[2].endswith(f"; did you mean {suggested}?")


def test_a_code_close_to_nothing_gets_no_suggestion() -> None:
    """``UK`` is neither close to a country code nor to a country's name: no guess."""
    (problem,) = _both({**ORG, "country": "UK"}, Organization)
    assert problem[2] == "'UK' is not a code of the 'country' codelist"


def test_at_most_three_suggestions() -> None:
    """However many codes are close, three at most are named."""
    message = code_message("abcd1", [f"abcd{i}" for i in range(2, 9)], "not-shipped")
    assert message.count("'abcd") == 4  # the value and three suggestions


def test_a_long_value_is_not_compared() -> None:
    """A value far longer than any code or key is not looked at by difflib."""
    assert "did you mean" not in code_message("K" * 10_000 + "H", ["KH"], "country")
    assert "did you mean" not in key_message("x" * 10_000, ["x"])


@given(st.text(max_size=12))
def test_loader_and_schema_agree_on_any_country(value: str) -> None:
    """For any text given as a country, the loader and the schema give one message."""
    payload = {**ORG, "country": value}
    if value in ngomodel.codelists.get("country"):
        return
    _both(payload, Organization)


def test_an_organization_read_as_a_dataset_is_named() -> None:
    """``loads`` without ``type=`` of an organization says which classes it fits."""
    text = json.dumps({**ORG, "organization_type": "22"})
    with pytest.raises(ngomodel.ValidationError) as caught:
        ngomodel.loads(text)
    messages = {p.path: p.message for p in caught.value.errors}
    assert messages["/id"] == (
        "unknown key 'id'; this looks like an Organization or a Network: pass type=Organization"
    )
    assert messages["/name"] == "unknown key 'name'"
    _both(json.loads(text), Dataset)


def test_a_membership_read_as_a_dataset_is_named_a_membership() -> None:
    """Only the classes whose fields hold every key are named."""
    problems = _both(MEMBERSHIP, Dataset)
    hinted = [message for _, _, message in problems if "looks like" in message]
    assert hinted == ["unknown key 'id'; this looks like a Membership: pass type=Membership"]


def test_a_key_of_the_dataset_means_no_entity_is_named() -> None:
    """A payload with any dataset key is a dataset with mistakes, not an entity."""
    payload = {"schema_version": "1.1", "id": "org-1", "name": {"en": "A"}}
    assert not any("looks like" in p[2] for p in _both(payload, Dataset))


def test_keys_that_fit_no_class_name_none() -> None:
    """Keys that are no entity's fields are only unknown keys."""
    problems = _both({"id": "x", "colour": "red"}, Dataset)
    assert not any("looks like" in p[2] for p in problems)


# -- extensions: the suggestions come from the extension's schema and the registry ----------

CHARITY = extensions.charity_register()
REGISTRATION = {"register": "CN-MCA-SO", "number": "1", "status": "registered"}


def _dataset(registration: dict[str, Any], *, declared: str = "charity_register") -> Any:
    """A dataset declaring *declared*, whose organization has one registration."""
    org = {**ORG, "extensions": {"charity_register": {"registrations": [registration]}}}
    uses = [{"name": declared, "version": "1.0"}]
    return {"schema_version": "1.1", "extensions": uses, "organizations": [org]}


def _messages(document: Any) -> dict[str, str]:
    """Path → message of the problems of reading *document* as a dataset."""
    with pytest.raises(ngomodel.ValidationError) as caught:
        ngomodel.from_dict(document)
    return {p.path: p.message for p in caught.value.errors}


WHERE = "/organizations/0/extensions/charity_register/registrations/0"


def test_a_misspelt_key_of_extension_data_suggests_the_schemas_property() -> None:
    """A key one letter off a property of the extension's schema is answered with it."""
    with extensions.using(CHARITY):
        messages = _messages(_dataset({**REGISTRATION, "numbr": "2"}))
    assert messages[f"{WHERE}/numbr"] == "unknown key 'numbr'; did you mean 'number'?"


def test_a_value_close_to_an_enum_of_extension_data_is_suggested() -> None:
    """``registred`` for the status, an ``enum`` of the extension's schema: ``registered``."""
    with extensions.using(CHARITY):
        messages = _messages(_dataset({**REGISTRATION, "status": "registred"}))
    assert messages[f"{WHERE}/status"] == (
        "'registred' is not one of 'registered', 'removed'; did you mean 'registered'?"
    )


def test_a_value_like_no_enum_value_gets_no_suggestion() -> None:
    """``lapsed`` is close to neither status: the message lists them, as before."""
    with extensions.using(CHARITY):
        messages = _messages(_dataset({**REGISTRATION, "status": "lapsed"}))
    assert messages[f"{WHERE}/status"] == "'lapsed' is not one of 'registered', 'removed'"


def test_unevaluated_properties_of_extension_data_are_unknown_keys_with_suggestions() -> None:
    """A schema closed by ``unevaluatedProperties: false`` gets the same "did you mean"
    as one closed by ``additionalProperties: false``, from the properties of its parts."""
    definition = {
        "name": "notes",
        "version": "1.0",
        "title": "Notes",
        "entities": {
            "organization": {
                "type": "object",
                "allOf": [{"properties": {"note": {"type": "string"}}}],
                "properties": {"author": {"type": "string"}},
                "unevaluatedProperties": False,
            }
        },
    }
    notes = extensions.Extension.from_dict(definition)
    members = {"author": "me", "noet": "x", "colour": "red"}
    document = {
        "schema_version": "1.1",
        "extensions": [{"name": "notes", "version": "1.0"}],
        "organizations": [{**ORG, "extensions": {"notes": members}}],
    }
    with extensions.using(notes):
        messages = _messages(document)
    assert messages == {
        "/organizations/0/extensions/notes/colour": "unknown key 'colour'",
        "/organizations/0/extensions/notes/noet": "unknown key 'noet'; did you mean 'note'?",
    }


def test_a_misspelt_extension_name_suggests_the_registered_one() -> None:
    """Data and a declaration under ``charity_registr`` name ``charity_register``."""
    registered = "; did you mean 'charity_register'?"
    org = {**ORG, "extensions": {"charity_registr": {"registrations": [REGISTRATION]}}}
    with extensions.using(CHARITY):
        messages = _messages({**_dataset(REGISTRATION), "organizations": [org]})
        assert messages["/organizations/0/extensions/charity_registr"].endswith(registered)
        declared = _messages(_dataset(REGISTRATION, declared="charity_registr"))
        assert declared["/extensions/0/name"].endswith(registered)
    alone = _messages({**_dataset(REGISTRATION), "organizations": [org]})
    assert "did you mean" not in alone["/organizations/0/extensions/charity_registr"]


def test_undeclared_extension_data_suggests_the_declared_extension() -> None:
    """Data under a name one letter off an extension the dataset declares names it."""
    other = extensions.Extension.from_dict(
        {**CHARITY.to_dict(), "name": "charity_registr", "codes": {}}
    )
    org = {**ORG, "extensions": {"charity_registr": {"registrations": [REGISTRATION]}}}
    with extensions.using(CHARITY, other):
        messages = _messages({**_dataset(REGISTRATION), "organizations": [org]})
    assert messages["/organizations/0/extensions/charity_registr"] == (
        "the dataset does not declare the extension 'charity_registr' in its extensions; "
        "did you mean 'charity_register'?"
    )


def _scheme_warning(uses: list[dict[str, str]]) -> str:
    """The message of the identifier scheme ``CN-MCA-S0`` (a zero for the O)."""
    org = {**ORG, "identifiers": [{"scheme": "CN-MCA-S0", "identifier": "1"}]}
    data = ngomodel.from_dict({"schema_version": "1.1", "extensions": uses, "organizations": [org]})
    (problem,) = [p for p in rules.check(data) if p.code == "unknown_identifier_scheme"]
    return problem.message


def test_a_scheme_close_to_a_code_an_extension_adds_suggests_it() -> None:
    """A register close to one the dataset's extension adds to the open list names it;
    without the extension, it is not suggested."""
    with extensions.using(CHARITY):
        used = _scheme_warning([{"name": "charity_register", "version": "1.0"}])
        unused = _scheme_warning([])
    assert used.endswith("did you mean 'CN-MCA-SO'?")
    assert "CN-MCA-SO" not in unused


def test_a_scheme_close_to_an_org_id_register_suggests_it() -> None:
    """The open list's own codes are suggested too: ``GB-CHX`` names ``GB-CHC``."""
    org = {**ORG, "identifiers": [{"scheme": "GB-CHX", "identifier": "1"}]}
    data = ngomodel.from_dict({"schema_version": "1.1", "organizations": [org]})
    (problem,) = [p for p in rules.check(data) if p.code == "unknown_identifier_scheme"]
    assert "'GB-CHC'" in problem.message.partition("did you mean")[2]


# -- names given on the command line -------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["codelists", "sectr"], "no codelist named 'sectr'; did you mean 'sector'?"),
        (["codelists", "zzz"], "no codelist named 'zzz'; see `ngomodel codelists`"),
        (["schema", "progam"], "no schema named 'progam'; did you mean 'program'?"),
    ],
)
def test_a_misspelt_name_on_the_command_line_is_suggested(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A codelist or schema name one letter off exits 2 naming the right one."""
    assert cli.main(argv) == 2
    assert capsys.readouterr().err.strip() == f"ngomodel: error: {expected}"


@pytest.mark.parametrize("read", [ngomodel.loads, ngomodel.from_dict])
def test_a_type_given_as_a_string_names_the_class(read: Any) -> None:
    """``type="organisation"`` is a programming error: a ``TypeError`` that names the
    class meant, not cattrs' "unsupported type" reported as a problem of the data."""
    data: Any = "{}" if read is ngomodel.loads else {}
    with pytest.raises(TypeError) as caught:
        read(data, type="organisation")
    assert str(caught.value) == (
        "type= takes a model class, not the string 'organisation'; did you mean type=Organization?"
    )
    with pytest.raises(TypeError, match=r"^type= takes a model class, not the string 'zzz'$"):
        read(data, type="zzz")
