"""Semantic rules: each one fires on a dataset that breaks it, and only there."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from ngomodel import from_dict, rules
from ngomodel._reference import reference_bytes

Mutation = Callable[[dict[str, Any]], object]


def reference() -> dict[str, Any]:
    """A fresh, mutable copy of the reference dataset as plain JSON values."""
    return json.loads(reference_bytes())  # type: ignore[no-any-return]


def found(mutate: Mutation | None = None) -> list[tuple[str, str, str]]:
    """Apply *mutate* to the reference dataset; return (code, severity, path) of each breach."""
    data = reference()
    if mutate is not None:
        mutate(data)
    return [(p.code, p.severity, p.path) for p in rules.check(from_dict(data))]


def test_reference_breaks_no_rule() -> None:
    """The reference dataset satisfies every rule."""
    assert found() == []


def add_membership(data: dict[str, Any], **fields: Any) -> None:
    """Append a membership of Ramunion in the Silk Road network, with extra fields."""
    data["memberships"].append(
        {"id": "m-extra", "member_id": "org-ramunion", "network_id": "network-silk-road", **fields}
    )


CASES: list[tuple[str, Mutation, Mutation, list[tuple[str, str, str]]]] = [
    (
        "duplicate_id",
        lambda d: d["persons"].append({"id": "org-cca", "name": {"en": "Somebody"}}),
        lambda d: d["persons"].append({"id": "person-2", "name": {"en": "Somebody"}}),
        [("duplicate_id", "error", "/persons/1/id")],
    ),
    (
        "duplicate_location_id",
        lambda d: d["programs"][0]["locations"].append({"id": "org-cca"}),
        lambda d: d["programs"][0]["locations"].append({"id": "loc-2"}),
        [("duplicate_id", "error", "/programs/0/locations/1/id")],
    ),
    (
        "unresolved_reference",
        lambda d: d["memberships"][0].__setitem__("member_id", "org-nobody"),
        lambda d: d["memberships"][0].__setitem__("member_id", "network-cnie"),
        [("unresolved_reference", "error", "/memberships/0/member_id")],
    ),
    (
        "reference_of_wrong_kind",
        lambda d: d["memberships"][0].__setitem__("network_id", "org-cca"),
        lambda d: d["memberships"][0].__setitem__("network_id", "network-cnie"),
        [("unresolved_reference", "error", "/memberships/0/network_id")],
    ),
    (
        "unresolved_location",
        lambda d: d["programs"][0]["results"][0]["indicators"][0]["periods"][0]["target"][
            "location_ids"
        ].append("loc-missing"),
        lambda d: d["programs"][0]["results"][0]["indicators"][0]["periods"][0]["target"][
            "location_ids"
        ].append("location-cambodia-arid-regions"),
        [
            (
                "unresolved_reference",
                "error",
                "/programs/0/results/0/indicators/0/periods/0/target/location_ids/1",
            )
        ],
    ),
    (
        "end_before_start",
        lambda d: d["figures"][1]["period"].__setitem__("end", "2017-12"),
        lambda d: d["figures"][1]["period"].__setitem__("end", "2018-05"),
        [("end_before_start", "error", "/figures/1/period/end")],
    ),
    (
        "dissolved_before_founded",
        lambda d: d["networks"][0].__setitem__("dissolution_date", "2004-12-31"),
        lambda d: d["networks"][0].__setitem__("dissolution_date", "2005-01"),
        [("end_before_start", "error", "/networks/0/dissolution_date")],
    ),
    (
        "membership_before_founding",
        lambda d: add_membership(d, start_date="2016"),
        lambda d: add_membership(d, start_date="2017-06"),
        [("membership_before_founding", "error", "/memberships/4/start_date")],
    ),
    (
        "duplicate_party",
        lambda d: d["agreements"][0]["parties"].__setitem__(1, d["agreements"][0]["parties"][0]),
        lambda d: d["agreements"][0]["parties"][1].__setitem__("role", "partner"),
        [("duplicate_party", "error", "/agreements/0/parties/1")],
    ),
    (
        "sector_percentages",
        lambda d: d["programs"][0]["sectors"].extend(
            [{"code": "14030", "percentage": 50}, {"code": "14032", "percentage": 40}]
        ),
        lambda d: d["programs"][0]["sectors"].__setitem__(
            slice(None), [{"code": "14031", "percentage": 60}, {"code": "14032", "percentage": 40}]
        ),
        [("percentages_do_not_sum_to_100", "error", "/programs/0/sectors")],
    ),
    (
        "country_percentages",
        lambda d: d["programs"][0]["recipient_countries"].__setitem__(
            slice(None), [{"country": "KH", "percentage": 70}, {"country": "LA", "percentage": 20}]
        ),
        lambda d: d["programs"][0]["recipient_countries"].__setitem__(
            slice(None), [{"country": "KH", "percentage": 70}, {"country": "LA", "percentage": 30}]
        ),
        [("percentages_do_not_sum_to_100", "error", "/programs/0")],
    ),
    (
        "value_does_not_fit_measure",
        lambda d: d["programs"][0]["results"][0]["indicators"][0].__setitem__("measure", "2"),
        lambda d: d["programs"][0]["results"][0]["indicators"][0].__setitem__("measure", "4"),
        [
            (
                "value_does_not_fit_measure",
                "error",
                "/programs/0/results/0/indicators/0/periods/0/target/value",
            )
        ],
    ),
    (
        "more_members_listed_than_reported",
        lambda d: d["figures"][3].__setitem__("value", 3),
        lambda d: d["figures"][3].update(value=3, qualifier="more_than"),
        [("more_members_listed_than_reported", "warning", "/figures/3/value")],
    ),
]


@pytest.mark.parametrize(
    ("breaks", "keeps", "expected"),
    [pytest.param(b, k, e, id=name) for name, b, k, e in CASES],
)
def test_rule(breaks: Mutation, keeps: Mutation, expected: list[tuple[str, str, str]]) -> None:
    """Breaking the rule gives its code and path; a near twin that keeps it gives nothing."""
    assert found(breaks) == expected
    assert found(keeps) == []


def test_partial_dates_compare_as_intervals() -> None:
    """2018 and 2018-05 overlap, so an end of 2018 after a start of 2018-05 is no breach."""

    def overlap(d: dict[str, Any]) -> None:
        d["figures"][1]["period"] = {"start": "2018-05", "end": "2018"}

    assert found(overlap) == []


@pytest.mark.parametrize("measure", ["3", "5"])
def test_words_only_measures(measure: str) -> None:
    """Nominal and qualitative indicators take their values in words, not numbers."""

    def mutate(d: dict[str, Any]) -> None:
        d["programs"][0]["results"][0]["indicators"][0]["measure"] = measure

    assert [code for code, _, _ in found(mutate)] == ["value_does_not_fit_measure"]


def test_every_rule_has_a_test() -> None:
    """Each rule in RULES is exercised by a case above, and codes are unique."""
    codes = [rule.code for rule in rules.RULES]
    assert len(codes) == len(set(codes))
    tested = {code for _, _, _, expected in CASES for code, _, _ in expected}
    assert tested == set(codes)
