"""Migrations: documents of every published version are read, and upgraded, step by step."""

from __future__ import annotations

import copy
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import ngomodel
from ngomodel import (
    ValidationError,
    from_dict,
    inspect,
    loads,
    migrate,
    rules,
    schema,
    strategies,
    to_dict,
)
from ngomodel.migration import ADDED, VERSIONS, upgrade
from tests.test_versions import RELEASED, SCHEMAS, git_show, validator_of

#: The rules 1.1 added; a 1.0 document is judged by the others.
RULES_ADDED_IN_1_1 = {
    "outside_organization_dates",
    "duplicate_membership",
    "parent_cycle",
    "one_sided_link",
    "post_in_other_organization",
    "transaction_outside_program_dates",
    "mixed_currencies",
    "unknown_identifier_scheme",
    "unknown_source_field",
}


def released_reference(version: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        git_show(RELEASED[version], "src/ngomodel/data/reference-dataset.json")
    )
    return document


def codes(problems: Any) -> list[tuple[str, str]]:
    return [(problem.path, problem.code) for problem in problems]


# -- the steps -----------------------------------------------------------------------------


def test_the_released_1_0_reference_dataset_is_upgraded_change_by_change() -> None:
    """Each general description moves, the version changes; nothing else, in place."""
    old = released_reference("1.0")
    kept = copy.deepcopy(old)
    upgraded = migrate(old)
    assert old == kept  # the document given is left as it was
    assert (upgraded.source, upgraded.target) == ("1.0", "1.1")
    described = [i for i, program in enumerate(old["programs"]) if "description" in program]
    assert described  # the release's programs are described, so the step has work to do
    assert [(c.path, c.code) for c in upgraded.changes] == [
        *((f"/programs/{i}/descriptions/0", "description_moved") for i in described),
        ("/schema_version", "schema_version"),
    ]
    new = upgraded.document
    for i, (before, after) in enumerate(zip(old["programs"], new["programs"], strict=True)):
        if i in described:
            keys = [("descriptions" if key == "description" else key) for key in before]
            assert list(after) == keys  # the same place, the same order
            assert after["descriptions"] == [{"type": "1", "text": before["description"]}]
            assert {k: v for k, v in after.items() if k != "descriptions"} == {
                k: v for k, v in before.items() if k != "description"
            }
        else:
            assert after == before
    assert {k: v for k, v in new.items() if k not in ("programs", "schema_version")} == {
        k: v for k, v in old.items() if k not in ("programs", "schema_version")
    }
    assert list(validator_of("1.1").iter_errors(new)) == []


def test_loading_a_1_0_document_returns_current_objects() -> None:
    """loads and from_dict upgrade on the way: the objects are those of the migrated document."""
    old = released_reference("1.0")
    expected = from_dict(migrate(old).document)
    assert expected.schema_version == ngomodel.SCHEMA_VERSION
    assert loads(json.dumps(old)) == expected
    assert from_dict(old) == expected
    assert rules.check(expected) == []
    # And the round trip at 1.1 is exact.
    assert json.loads(ngomodel.dumps(expected)) == to_dict(expected)
    assert loads(ngomodel.dumps(expected)) == expected


def test_a_current_document_is_given_back_as_it_is() -> None:
    document = json.loads(ngomodel.dumps(ngomodel.reference_dataset()))
    migrated = migrate(document)
    assert migrated.document is document
    assert migrated.changes == ()
    assert (migrated.source, migrated.target) == ("1.1", "1.1")
    assert migrate(released_reference("1.0"), to="1.0").changes == ()


@pytest.mark.parametrize(
    ("document", "to", "problem"),
    [
        pytest.param([], "1.1", ("", "wrong_type"), id="not-an-object"),
        pytest.param({}, "1.1", ("/schema_version", "missing_key"), id="no-version"),
        pytest.param({"schema_version": "2.0"}, "1.1", ("/schema_version", "unknown_version")),
        pytest.param({"schema_version": 1.0}, "1.1", ("/schema_version", "unknown_version")),
        pytest.param({"schema_version": ["1.0"]}, "1.1", ("/schema_version", "unknown_version")),
        pytest.param({"schema_version": "1.1"}, "1.0", ("/schema_version", "cannot_downgrade")),
    ],
)
def test_what_cannot_be_migrated_is_reported(document: Any, to: str, problem: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        migrate(document, to=to)
    assert codes(caught.value.errors) == [problem]
    assert "\n" not in caught.value.errors[0].message


def test_an_unknown_target_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match=r"cannot migrate to '0\.9'"):
        migrate({"schema_version": "1.0"}, to="0.9")


def test_the_versions_are_the_published_ones() -> None:
    assert tuple(sorted(p.name for p in SCHEMAS.iterdir() if p.is_dir())) == VERSIONS
    assert VERSIONS[-1] == ngomodel.SCHEMA_VERSION
    assert set(ADDED) == set(VERSIONS[1:])


# -- a document is read by the rules of its version ----------------------------------------


def test_a_1_0_document_that_uses_1_1_is_refused_with_every_problem() -> None:
    """Each use of what 1.1 added is reported where it is, with the document's other problems."""
    document = {
        "schema_version": "1.0",
        "posts": [],
        "organizations": [{"id": "o", "name": {"en": "O"}, "parent_id": "o", "country": "XX"}],
        "programs": [{"id": "p", "description": {"en": "d"}, "transactions": []}],
    }
    with pytest.raises(ValidationError) as caught:
        loads(json.dumps(document))
    assert codes(caught.value.errors) == [
        ("/posts", "not_in_version"),
        ("/organizations/0/parent_id", "not_in_version"),
        ("/programs/0/transactions", "not_in_version"),
        ("/organizations/0/country", "unknown_code"),
    ]
    message = caught.value.errors[0].message
    assert message == (
        "'posts' was added in version 1.1, and the document is of version 1.0: "
        'write "schema_version": "1.1" to use it'
    )


def unknown_keys_by_schema(document: dict[str, Any], version: str) -> set[str]:
    """The pointers of the keys *version*'s published schemas do not allow."""
    found = set()
    pending = list(validator_of(version).iter_errors(document))
    while pending:
        error = pending.pop()
        pending += error.context or []
        if error.validator == "additionalProperties":
            path = "".join(f"/{part}" for part in error.absolute_path)
            allowed = error.schema.get("properties", {})  # type: ignore[union-attr]
            found |= {f"{path}/{key}" for key in error.instance if key not in allowed}
    return found


@settings(max_examples=max(10, settings.default.max_examples // 5), deadline=None)
@given(strategies.datasets(max_size=1))
def test_the_loader_and_the_1_0_schemas_agree_on_what_1_0_lacks(data: ngomodel.Dataset) -> None:
    """A 1.1 dataset relabelled 1.0: refused exactly where the 1.0 schemas refuse a key."""
    document = {**to_dict(data), "schema_version": "1.0"}
    problems, _ = upgrade(document, "1.1")
    assert all(problem.code == "not_in_version" for problem in problems)
    assert {problem.path for problem in problems} == unknown_keys_by_schema(document, "1.0")


def test_the_table_of_added_fields_is_the_difference_of_the_published_schemas() -> None:
    """ADDED["1.1"] lists, class by class, the properties schemas/1.1 has and 1.0 lacks."""

    def properties(version: str) -> dict[str, set[str]]:
        out = {}
        for path in (SCHEMAS / version).glob("*.schema.json"):
            if path.name == schema.BUNDLE:
                continue  # the same definitions again
            document = json.loads(path.read_text())
            if path.name == "types.schema.json":
                for name, definition in document["$defs"].items():
                    if "properties" in definition:  # an object: a model class
                        out[name] = set(definition["properties"])
            else:
                out[document["title"]] = set(document["properties"])
        return out

    old, new = properties("1.0"), properties("1.1")
    assert set(old) <= set(new)
    added = {name: new[name] - old[name] for name in old if new[name] != old[name]}
    table = {}
    for name in old:
        cls = getattr(ngomodel, name)
        table[name] = {n for base in cls.__mro__ for n in ADDED["1.1"].get(base, ())}
    assert {name: fields for name, fields in table.items() if fields} == added
    assert all(not old[name] & added.get(name, set()) for name in old)


# -- a valid document stays valid ----------------------------------------------------------


def downgraded(document: dict[str, Any]) -> dict[str, Any]:
    """A 1.1 document written as 1.0: what 1.1 added left out, a general description moved."""
    out = copy.deepcopy(document)
    out["schema_version"] = "1.0"
    stack: list[tuple[inspect.Node, Any]] = [(inspect.type_info(ngomodel.Dataset), out)]
    while stack:
        node, value = stack.pop()
        while isinstance(node, (inspect.OptionalType, inspect.ListType)):
            if isinstance(node, inspect.ListType):
                stack += [(node.item, item) for item in value]
                break
            node = node.item
        if not isinstance(node, inspect.ModelType) or not isinstance(value, dict):
            continue
        if node.cls is ngomodel.Program:
            general = [d for d in value.get("descriptions", ()) if d["type"] == "1"]
            if general and "description" not in value:
                value["description"] = general[0]["text"]
        added = {n for base in node.cls.__mro__ for n in ADDED["1.1"].get(base, ())}
        for key in added & set(value):
            del value[key]
        stack += [(f.type, value[f.name]) for f in node.fields if f.name in value]
    return out


@settings(max_examples=max(20, settings.default.max_examples // 2), deadline=None)
@given(
    st.one_of(
        strategies.datasets(max_size=2),
        strategies.rule_breaking_datasets(rules=RULES_ADDED_IN_1_1).map(lambda drawn: drawn[0]),
    )
)
def test_a_valid_1_0_document_migrates_to_a_valid_document(data: ngomodel.Dataset) -> None:
    """Documents drawn at 1.0 (valid by the 1.0 schemas and rules) upgrade to valid 1.1."""
    old = downgraded(to_dict(data))
    assume(not list(validator_of("1.0").iter_errors(old)))
    upgraded = migrate(old)
    assert list(validator_of("1.1").iter_errors(upgraded.document)) == []
    loaded = from_dict(upgraded.document)
    found = rules.check(loaded)
    assume(not [p for p in found if p.severity == "error" and p.code not in RULES_ADDED_IN_1_1])
    assert [p for p in found if p.severity == "error"] == []


def test_a_rule_1_1_added_makes_no_valid_1_0_document_invalid() -> None:
    """A position before its organization was founded was valid in 1.0: now it warns."""
    document = {
        "schema_version": "1.0",
        "organizations": [{"id": "o", "name": {"en": "O"}, "founding_date": "2010"}],
        "persons": [{"id": "p", "name": {"en": "P"}}],
        "positions": [
            {
                "id": "x",
                "person_id": "p",
                "organization_id": "o",
                "title": {"en": "Chair"},
                "start_date": "2009",
            }
        ],
    }
    assert list(validator_of("1.0").iter_errors(document)) == []
    found = rules.check(loads(json.dumps(document)))
    assert [(p.path, p.code, p.severity) for p in found] == [
        ("/positions/0/start_date", "outside_organization_dates", "warning")
    ]


# -- the schema changelog in the docs ------------------------------------------------------


def published(version: str) -> tuple[dict[str, set[str]], set[str]]:
    """Each object's properties, and every file, definition and codelist, of *version*."""
    objects: dict[str, set[str]] = {}
    names = set()
    for path in sorted((SCHEMAS / version).rglob("*.schema.json")):
        if path.name == schema.BUNDLE:
            continue  # the same definitions again
        document = json.loads(path.read_text("utf-8"))
        if path.parent.name == "codelists":
            names.add(f"codelists {path.name.removesuffix('.schema.json')}")
        elif path.name == "types.schema.json":
            for name, definition in document["$defs"].items():
                names.add(f"types.schema.json: {name}")
                if "properties" in definition:
                    objects[name] = set(definition["properties"])
        else:
            names.add(path.name)
            objects[document["title"]] = set(document["properties"])
    return objects, names


def table(page: str, header: str) -> list[list[str]]:
    """The rows of the table under *header* (its first line), as lists of cells."""
    lines = page[page.index(header) :].splitlines()[2:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def deprecated(version: str) -> tuple[set[str], set[str]]:
    """The deprecated properties (``Class.name``) and the codelists marking withdrawn codes."""
    properties, marked = set(), set()
    for path in (SCHEMAS / version).rglob("*.schema.json"):
        if path.name == schema.BUNDLE:
            continue  # the same definitions again
        document = json.loads(path.read_text("utf-8"))
        if path.parent.name == "codelists":
            if document.get("then", {}).get("deprecated"):
                marked.add(path.name.removesuffix(".schema.json"))
            continue
        objects = document["$defs"] if path.name == "types.schema.json" else {"": document}
        for name, definition in objects.items():
            for key, prop in definition.get("properties", {}).items():
                if prop.get("deprecated"):
                    properties.add(f"{definition.get('title', name)}.{key}")
    return properties, marked


def test_the_schema_changelog_lists_exactly_the_differences() -> None:
    """docs/versions.md's tables: every property, file, definition and codelist added,
    every property deprecated and every codelist that marks withdrawn codes."""
    page = (Path(__file__).parent.parent / "docs" / "versions.md").read_text("utf-8")
    said_properties = {
        (r[0], r[1]): set(re.findall(r"`([^`]+)`", r[2]))
        for r in table(page, "| Version | Schema object |")
    }
    said_new = {r[0]: r[1] for r in table(page, "| Version | New schema files")}
    said_deprecated = {
        r[0]: (set(re.findall(r"`(\w+\.\w+)`", r[1])), set(re.findall(r"`(\w+)`", r[2])))
        for r in table(page, "| Version | Deprecated properties |")
    }
    properties: dict[tuple[str, str], set[str]] = {}
    new: dict[str, set[str]] = {}
    for before, after in itertools.pairwise(VERSIONS):
        (old, old_names), (now, names) = published(before), published(after)
        assert old_names <= names  # nothing removed
        assert all(old[name] <= now[name] for name in old)
        properties |= {(after, n): now[n] - old[n] for n in old if now[n] != old[n]}
        new[after] = names - old_names
        then, since = deprecated(before), deprecated(after)
        changed = (since[0] - then[0], since[1] - then[1])
        assert said_deprecated.get(after, (set(), set())) == changed
    assert said_properties == properties
    for version, added in new.items():
        text = said_new[version]
        listed = set(re.findall(r"`([^`]+\.schema\.json)`(?!:)", text))
        listed |= {f"types.schema.json: {n}" for n in re.findall(r"`([A-Z]\w+)`", text)}
        listed |= {f"codelists {n}" for n in re.findall(r"`([a-z_]+)`", text)}
        assert listed == added
