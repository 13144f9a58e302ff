"""One-pass validation: the rules that judge one entity run on a lone entity, and a dataset
with field errors still gets its rules, so that one run reports both."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ngomodel import Dataset, cli, reference_dataset, rules, strategies, to_dict
from ngomodel import _json as loader
from ngomodel.errors import Problem
from ngomodel.validation import validate_lines, validate_record, validate_text

#: A program whose planned end is before its planned start.
LATE_START = {
    "id": "p1",
    "title": {"en": "Wells"},
    "status": "2",
    "planned_start": "2020-05",
    "planned_end": "2019",
    "agreement_ids": ["no-such-agreement"],  # not in the record: not an error there
}


def codes(problems: Any) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in problems]


def reference_json() -> dict[str, Any]:
    return to_dict(reference_dataset())


# -- a lone entity ---------------------------------------------------------------------------


def test_a_lone_program_gets_the_rules_of_one_entity() -> None:
    """validate_record with an entity schema reports end_before_start at the entity's own path,
    and no unresolved_reference for an agreement the record cannot hold."""
    result = validate_record(json.dumps(LATE_START), "program")
    assert codes(result.problems) == [("/planned_end", "end_before_start")]
    assert result.errors == 1
    assert result.problems[0].line == 1


def test_json_lines_of_programs_report_the_rule_on_its_line() -> None:
    """Each JSON Lines record is checked by the rules of one entity, located on its line."""
    good = dict(LATE_START, id="p0", planned_end="2021")
    lines = f"{json.dumps(good)}\n{json.dumps(LATE_START)}\n".encode()
    report = validate_lines(io.BytesIO(lines), "program")
    assert report.invalid_records == 1
    assert [(p.line, p.path, p.code) for p in report.problems] == [
        (2, "/planned_end", "end_before_start")
    ]


def test_the_command_line_checks_a_lone_program(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ngomodel validate --schema program` calls a program that ends before it starts invalid."""
    path = tmp_path / "programs.jsonl"
    path.write_text(json.dumps(LATE_START) + "\n", "utf-8")
    status = cli.main(["validate", "--schema", "program", str(path)])
    out = capsys.readouterr().out
    assert status == 1
    assert "/planned_end" in out
    assert "[end_before_start]" in out


def test_scopes_follow_what_each_rule_reads() -> None:
    """Rules about references between entities need the dataset; the others judge one entity."""
    scope = {rule.code: rule.scope for rule in rules.RULES}
    for code in ("duplicate_id", "unresolved_reference", "membership_cycle", "one_sided_link"):
        assert scope[code] == "dataset"
    for code in ("end_before_start", "mixed_currencies", "withdrawn_code", "duplicate_party"):
        assert scope[code] == "entity"


def rebased(problem: Problem, base: str) -> Problem | None:
    """*problem* with its path relative to *base*, or None when it lies elsewhere."""
    if problem.path == base or problem.path.startswith(base + "/"):
        return Problem(
            path=problem.path[len(base) :],
            code=problem.code,
            message=problem.message,
            severity=problem.severity,
        )
    return None


def assert_check_entity_agrees(data: Dataset) -> None:
    entity_codes = {rule.code for rule in rules.RULES if rule.scope == "entity"}
    found = [p for p in rules.check(data) if p.code in entity_codes]
    for name in (
        "organizations",
        "networks",
        "memberships",
        "persons",
        "positions",
        "agreements",
        "programs",
        "figures",
        "posts",
    ):
        for index, entity in enumerate(getattr(data, name)):
            base = f"/{name}/{index}"
            expected = [q for p in found if (q := rebased(p, base)) is not None]
            assert sorted(rules.check_entity(entity)) == sorted(expected), base


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(
        strategies.datasets(max_size=2),
        strategies.rule_breaking_datasets().map(lambda drawn: drawn[0]),
    )
)
def test_check_entity_finds_what_check_finds_in_the_entity(data: Dataset) -> None:
    """On drawn datasets, valid and rule-breaking, check_entity on each entity gives exactly
    the problems of the entity-scoped rules that check gives in it, rebased."""
    assert_check_entity_agrees(data)


def test_check_entity_on_the_reference_entities() -> None:
    """The reference dataset's entities keep every rule on their own."""
    assert all(rules.check_entity(entity) == [] for entity in reference_dataset().entities())


# -- a dataset with field errors -------------------------------------------------------------


def broken_dataset() -> dict[str, Any]:
    """The reference dataset with one field error and one unresolved reference."""
    data = reference_json()
    data["organizations"][1]["founding_date"] = "20x"  # a field error
    data["memberships"][0]["member_id"] = "nobody"  # an unresolved reference
    return data


def test_field_errors_and_rule_problems_in_one_report() -> None:
    """A dataset with a field error and an unresolved reference reports both, field errors
    first, at paths into the document."""
    report = validate_text(json.dumps(broken_dataset(), indent=1))
    assert codes(report.problems) == [
        ("/organizations/1/founding_date", "invalid_date"),
        ("/memberships/0/member_id", "unresolved_reference"),
    ]
    assert all(p.line is not None for p in report.problems)


def test_a_reference_to_an_entity_that_did_not_load_is_not_unresolved() -> None:
    """org-cca fails to load (its date), yet the references to it are not reported."""
    data = broken_dataset()
    cca = data["organizations"][1]["id"]
    assert any(cca in json.dumps(m) for m in data["memberships"][1:])
    report = validate_text(json.dumps(data))
    assert [p for p in report.problems if cca in p.message] == []


def test_rule_problems_keep_the_positions_of_the_document() -> None:
    """With entities before them that did not load, problems are at their own index, and a
    duplicate of the id of an entity that did not load is a duplicate still."""
    data = reference_json()
    first, second = data["memberships"][0], data["memberships"][1]
    first["start_date"] = "20x"  # fails: the memberships after it move up in what loaded
    second["member_id"] = "nobody"
    data["organizations"][0]["founding_date"] = "20x"
    data["organizations"].append({"id": data["organizations"][0]["id"], "name": {"en": "Twin"}})
    report = validate_text(json.dumps(data))
    assert codes(report.problems) == [
        ("/organizations/0/founding_date", "invalid_date"),
        ("/memberships/0/start_date", "invalid_date"),
        ("/organizations/4/id", "duplicate_id"),
        ("/memberships/1/member_id", "unresolved_reference"),
    ]
    assert report.problems[2].message.endswith("already used at /organizations/0/id")


def test_duplicate_membership_names_the_other_by_its_place_in_the_document() -> None:
    """The message of duplicate_membership names the earlier membership by its own index."""
    data = reference_json()
    twin = dict(data["memberships"][1], id="membership-twin")
    data["memberships"] = [
        {**data["memberships"][0], "start_date": "20x"},
        *data["memberships"][1:],
        twin,
    ]
    report = validate_text(json.dumps(data))
    (problem,) = [p for p in report.problems if p.code == "duplicate_membership"]
    assert problem.path == f"/memberships/{len(data['memberships']) - 1}"
    assert problem.message.endswith("by membership 1")


def test_no_cause_is_reported_twice() -> None:
    """However the document breaks, no two problems share a path and a code."""
    data = broken_dataset()
    data["organizations"][2]["id"] = "bad id"  # a field error at an id
    data["organizations"][3]["id"] = "bad id"
    data["programs"][0]["agreement_ids"] = ["nothing"]
    report = validate_text(json.dumps(data), limits=None)
    counted = Counter(codes(report.problems))
    assert counted
    assert max(counted.values()) == 1
    assert ("/organizations/3/id", "duplicate_id") not in counted  # two bad ids: one cause


@pytest.mark.parametrize(
    "unsound",
    [
        {"schema_version": "1.1", "programs": {"id": "p"}},  # a collection that is no list
        [1, 2],  # no object
        {"schema_version": "1.1", "title": 3, "memberships": [{"id": "m"}]},  # the top
    ],
)
def test_an_unsound_document_gets_its_field_errors_alone(unsound: Any) -> None:
    """When the document or its lists are not sound, the field errors are the report."""
    report = validate_text(json.dumps(unsound))
    assert not report.valid
    assert all(p.code != "unresolved_reference" for p in report.problems)


def test_dataset_level_checks_leave_the_field_errors_alone() -> None:
    """An undeclared extension fails the dataset as a whole: no rule problems are added."""
    data = broken_dataset()
    data["extensions"] = [{"name": "no_such_extension", "version": "1.0"}]
    report = validate_text(json.dumps(data))
    assert "unresolved_reference" not in {p.code for p in report.problems}


def test_the_rule_pass_is_the_same_whichever_loader_ran(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the fast loader turned off, the report is the same."""
    text = json.dumps(broken_dataset())
    fast = validate_text(text)
    monkeypatch.setattr(loader, "_fast", lambda data, type: loader._REJECTED)
    assert validate_text(text) == fast


def test_the_rules_table_says_which_rules_run_alone() -> None:
    """The table of ngomodel.rules' docstring marks a rule *alone* exactly when it runs on one
    entity, and docs/errors.md lists the same rules."""
    table = re.findall(r"^``([a-z0-9_]+)``\s+\w+\s+(yes|no)\s", rules.__doc__ or "", flags=re.M)
    assert dict(table) == {
        rule.code: "yes" if rule.scope == "entity" else "no" for rule in rules.RULES
    }
    page = (Path(__file__).parents[1] / "docs" / "errors.md").read_text("utf-8")
    (listed,) = re.findall(r"^On one entity alone, .*?:(.*?)\.$", page, flags=re.M | re.S)
    alone = {rule.code for rule in rules.RULES if rule.scope == "entity"}
    assert set(re.findall(r"`([a-z0-9_]+)`", listed)) == alone
