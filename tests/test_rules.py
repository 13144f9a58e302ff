"""Semantic rules: each one fires on a dataset that breaks it, and only there."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ngomodel import (
    Dataset,
    Membership,
    PartialDate,
    Problem,
    from_dict,
    reference_dataset,
    rules,
)
from ngomodel._reference import reference_bytes
from ngomodel.strategies import datasets

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
    """Append a membership of CNIE in the Silk Road network, with extra fields."""
    data["memberships"].append(
        {"id": "m-extra", "member_id": "network-cnie", "network_id": "network-silk-road", **fields}
    )


def add_post(data: dict[str, Any], **fields: Any) -> None:
    """Append a post in CNIE (founded 2005), with extra fields."""
    post = {"id": "post-sg", "organization_id": "network-cnie", "label": {"en": "Secretary"}}
    data.setdefault("posts", []).append({**post, **fields})


def add_transaction(data: dict[str, Any], program: int = 0, **fields: Any) -> None:
    """Append a disbursement to a program, with extra fields."""
    transaction = {"type": "3", "date": "2019-03", "amount": "100", "currency": "CNY"}
    data["programs"][program].setdefault("transactions", []).append({**transaction, **fields})


def set_parents(data: dict[str, Any], *pairs: tuple[int, str]) -> None:
    """Give organizations (by index) a parent."""
    for index, parent in pairs:
        data["organizations"][index]["parent_id"] = parent


def add_memberships(data: dict[str, Any], *pairs: tuple[str, str]) -> None:
    """Append a membership for each (member, network) pair."""
    for member_id, network_id in pairs:
        data["memberships"].append(
            {
                "id": f"m-{member_id}-in-{network_id}",
                "member_id": member_id,
                "network_id": network_id,
            }
        )


CNIE, SILK_ROAD = "network-cnie", "network-silk-road"

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
        "membership_cycle",
        lambda d: add_memberships(d, (CNIE, SILK_ROAD), (SILK_ROAD, CNIE)),
        lambda d: add_memberships(d, (CNIE, SILK_ROAD)),
        [("membership_cycle", "error", "/memberships/4/member_id")],
    ),
    (
        "self_membership",
        lambda d: add_memberships(d, (SILK_ROAD, SILK_ROAD)),
        lambda d: add_memberships(d, (CNIE, SILK_ROAD)),
        [("membership_cycle", "error", "/memberships/4/member_id")],
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
    (
        "position_before_founding",
        lambda d: d["positions"][0].__setitem__("start_date", "1990"),
        lambda d: d["positions"][0].__setitem__("start_date", "2005-06"),
        [("outside_organization_dates", "warning", "/positions/0/start_date")],
    ),
    (
        "post_after_dissolution",
        lambda d: (
            d["networks"][0].__setitem__("dissolution_date", "2006"),
            add_post(d, start_date="2005", end_date="2020"),
        ),
        lambda d: (
            d["networks"][0].__setitem__("dissolution_date", "2006"),
            add_post(d, start_date="2005", end_date="2006-03"),
        ),
        [("outside_organization_dates", "warning", "/posts/0/end_date")],
    ),
    (
        "membership_after_dissolution",
        lambda d: (
            d["networks"][1].__setitem__("dissolution_date", "2019"),
            add_membership(d, start_date="2020-01"),
        ),
        lambda d: (
            d["networks"][1].__setitem__("dissolution_date", "2019"),
            add_membership(d, start_date="2019-12"),
        ),
        [("outside_organization_dates", "warning", "/memberships/4/start_date")],
    ),
    (
        "duplicate_membership",
        lambda d: add_memberships(d, ("org-cfpd", SILK_ROAD)),
        lambda d: (
            d["memberships"][0].__setitem__("end_date", "2018"),
            add_membership(d, member_id="org-cfpd", start_date="2019"),
        ),
        [("duplicate_membership", "warning", "/memberships/4")],
    ),
    (
        "parent_cycle",
        lambda d: set_parents(d, (0, "org-cca"), (1, "org-cfpd")),
        lambda d: set_parents(d, (0, "org-cca"), (1, "network-cnie")),
        [("parent_cycle", "error", "/organizations/0/parent_id")],
    ),
    (
        "own_parent",
        lambda d: set_parents(d, (2, "org-cfpa")),
        lambda d: set_parents(d, (2, "org-cca")),
        [("parent_cycle", "error", "/organizations/2/parent_id")],
    ),
    (
        "one_sided_agreement",
        lambda d: d["programs"][0].__setitem__("agreement_ids", []),
        lambda d: d["programs"][1].__setitem__("agreement_ids", []),
        [("one_sided_link", "warning", "/agreements/0/program_ids/0")],
    ),
    (
        "one_sided_program",
        lambda d: d["agreements"][0].__setitem__("program_ids", []),
        lambda d: (
            d["agreements"][0]["program_ids"].append("program-xingfu-quan")
            or d["agreements"][0].__setitem__("program_ids", ["program-xingfu-quan"])
        ),
        [("one_sided_link", "warning", "/programs/0/agreement_ids/0")],
    ),
    (
        "post_in_other_organization",
        lambda d: (
            add_post(d, organization_id="network-silk-road"),
            d["positions"][0].__setitem__("post_id", "post-sg"),
        ),
        lambda d: (add_post(d), d["positions"][0].__setitem__("post_id", "post-sg")),
        [("post_in_other_organization", "error", "/positions/0/post_id")],
    ),
    (
        "transaction_outside_program_dates",
        lambda d: (
            d["programs"][0].__setitem__("actual_start", "2018-10"),
            add_transaction(d, date="2017-05"),
        ),
        lambda d: (
            d["programs"][0].__setitem__("actual_start", "2018-10"),
            add_transaction(d, date="2018"),
        ),
        [("transaction_outside_program_dates", "warning", "/programs/0/transactions/0/date")],
    ),
    (
        "mixed_currencies",
        lambda d: (add_transaction(d), add_transaction(d, currency="USD")),
        lambda d: (add_transaction(d), add_transaction(d, amount="-20")),
        [("mixed_currencies", "warning", "/programs/0/transactions/1/currency")],
    ),
    (
        "unknown_identifier_scheme",
        lambda d: d["organizations"][0].__setitem__(
            "identifiers", [{"scheme": "XX-NOWHERE", "identifier": "1"}]
        ),
        lambda d: d["organizations"][0].__setitem__(
            "identifiers", [{"scheme": "CN-USCI", "identifier": "1"}]
        ),
        [("unknown_identifier_scheme", "warning", "/organizations/0/identifiers/0/scheme")],
    ),
    (
        "unknown_source_field",
        lambda d: d["organizations"][1]["sources"][1]["fields"].append("colour"),
        lambda d: d["organizations"][1]["sources"][1]["fields"].append("founding_date"),
        [("unknown_source_field", "error", "/organizations/1/sources/1/fields/1")],
    ),
    (
        "deprecated_field",
        lambda d: d["programs"][1].__setitem__("description", {"en": "Schools."}),
        lambda d: d["programs"][1]["descriptions"].append({"type": "2", "text": {"en": "S."}}),
        [("deprecated_field", "warning", "/programs/1/description")],
    ),
    (
        "withdrawn_code",
        lambda d: d["programs"][1]["sectors"][0].__setitem__("code", "11321"),
        lambda d: d["programs"][1]["sectors"][0].__setitem__("code", "11320"),
        [("withdrawn_code", "warning", "/programs/1/sectors/0/code")],
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


# -- loops of memberships ------------------------------------------------------------------


def memberships(*pairs: tuple[str, str]) -> Dataset:
    """A dataset of nothing but memberships of the given (member, network) pairs."""
    return Dataset(
        schema_version="1.1",
        memberships=tuple(
            Membership(id=f"m{i}", member_id=member, network_id=network)
            for i, (member, network) in enumerate(pairs)
        ),
    )


def loop_problems(data: Dataset) -> list[Problem]:
    """Run the membership_cycle rule alone (the ids need not resolve)."""
    (rule,) = [rule for rule in rules.RULES if rule.code == "membership_cycle"]
    return list(rule.find(data))


def test_loop_is_named_in_order() -> None:
    """A loop of three networks is reported once, at its first membership, naming it in order."""
    (problem,) = loop_problems(memberships(("x", "a"), ("a", "b"), ("b", "c"), ("c", "a")))
    assert (problem.path, problem.severity) == ("/memberships/1/member_id", "error")
    assert "'a' → 'b' → 'c' → 'a'" in problem.message
    assert "more network" not in problem.message


def test_a_loop_counts_the_networks_it_does_not_name() -> None:
    """One network more in the same tangle of loops is counted, in the singular."""
    (problem,) = loop_problems(memberships(("a", "b"), ("b", "a"), ("b", "c"), ("c", "b")))
    assert problem.message.endswith("; 1 more network is in loops with these")


def test_tangled_loops_are_reported_once() -> None:
    """Loops that share networks are one problem, which counts the networks it does not name."""
    (problem,) = loop_problems(
        memberships(("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("d", "b"))
    )
    assert problem.path == "/memberships/0/member_id"
    assert "'a' → 'b' → 'a'" in problem.message
    assert "2 more networks are in loops with these" in problem.message


def test_separate_loops_and_self_memberships_are_each_reported() -> None:
    """Two unconnected loops give two problems; a self-membership gives its own, besides."""
    found = loop_problems(
        memberships(("a", "b"), ("b", "a"), ("c", "c"), ("d", "e"), ("e", "d"), ("a", "a"))
    )
    assert [p.path for p in found] == [
        "/memberships/0/member_id",
        "/memberships/2/member_id",
        "/memberships/3/member_id",
        "/memberships/5/member_id",
    ]
    assert found[1].message == "'c' is listed as a member of itself"


def test_chains_without_a_loop_pass() -> None:
    """Networks in networks in networks, and two members of one network, are no loop."""
    assert (
        loop_problems(memberships(("a", "b"), ("b", "c"), ("a", "c"), ("d", "c"), ("a", "b"))) == []
    )


def test_long_loop_needs_no_recursion_and_is_shortened() -> None:
    """A loop through 100,000 networks is found without recursion and named in a short message."""
    size = 100_000
    assert size > 10 * sys.getrecursionlimit()
    chain = memberships(*[(f"n{i}", f"n{i + 1}") for i in range(size)])
    assert loop_problems(chain) == []
    closing = Membership(id="closing", member_id=f"n{size}", network_id="n0")
    (problem,) = loop_problems(attrs.evolve(chain, memberships=(*chain.memberships, closing)))
    assert problem.path == "/memberships/0/member_id"
    assert problem.message == (
        "a loop of memberships makes each network in it a member of itself: "
        "'n0' → 'n1' → 'n2' → 'n3' → 'n4' → … 99,995 more … → 'n100000' → 'n0' "
        "(each → reads 'is a member of')"
    )


# -- numbers of any size ---------------------------------------------------------------------

#: Numbers past any float's range or precision; every one of them is a whole number.
HUGE: dict[str, float] = {
    "1e400": 10**400,
    "-1e400": -(10**400),
    "1e4000": 10**4000,
    "1e5000": 10**5000,
    "-1e5000": -(10**5000),
    "1e308": 1e308,
    "-1e308": -1e308,
}


def with_target(value: float, measure: str) -> Dataset:
    """The reference dataset with Xingfu Quan's target and its measure replaced.

    The value is planted past the constructors, as code that builds objects its own
    way could, so the rules cannot count on any check of its size.
    """
    data = reference_dataset()
    program = data.programs[0]
    result = program.results[0]
    indicator = result.indicators[0]
    period = indicator.periods[0]
    assert period.target is not None
    target = attrs.evolve(period.target)
    object.__setattr__(target, "value", value)
    indicator = attrs.evolve(
        indicator, measure=measure, periods=(attrs.evolve(period, target=target),)
    )
    program = attrs.evolve(program, results=(attrs.evolve(result, indicators=(indicator,)),))
    return attrs.evolve(data, programs=(program, *data.programs[1:]))


def assert_brief(problems: list[Problem]) -> None:
    """No message writes out a number of more than 20 digits."""
    for problem in problems:
        assert not re.search("[0-9]{21,}", problem.message), problem.message


@pytest.mark.parametrize("value", HUGE.values(), ids=HUGE.keys())
@pytest.mark.parametrize("measure", ["1", "2", "3", "4", "5"])
def test_huge_indicator_values(measure: str, value: float) -> None:
    """Huge values break no rule but the measure's own, and messages give their size."""
    found = rules.check(with_target(value, measure))
    assert_brief(found)
    path = "/programs/0/results/0/indicators/0/periods/0/target/value"
    # Units take any number and ordinal ranks any whole one.
    expected = [] if measure in ("1", "4") else [("value_does_not_fit_measure", path)]
    assert [(p.code, p.path) for p in found] == expected
    if found and isinstance(value, int):
        assert "integer of" in found[0].message


def test_huge_integers_are_described_by_their_digits() -> None:
    """An integer too long for str() is named by its number of digits, and its sign."""
    (problem,) = rules.check(with_target(-(10**5000), "2"))
    assert problem.message == "a negative integer of 5001 digits is not a percentage from 0 to 100"


def test_short_numbers_are_written_exactly() -> None:
    """A value just past 100 is written as given, not rounded to 100 as :g would."""
    (problem,) = rules.check(with_target(100.0000001, "2"))
    assert problem.message == "100.0000001 is not a percentage from 0 to 100"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (2.5, "2.5 is not a whole rank, as an ordinal measure needs"),
        (-0.25, "-0.25 is not a whole rank, as an ordinal measure needs"),
    ],
)
def test_an_ordinal_value_is_a_whole_rank(value: float, message: str) -> None:
    """An ordinal measure (4) takes whole ranks: 3 and 3.0 fit, 2.5 does not."""
    assert rules.check(with_target(3, "4")) == []
    assert rules.check(with_target(3.0, "4")) == []
    (problem,) = rules.check(with_target(value, "4"))
    assert (problem.code, problem.message) == ("value_does_not_fit_measure", message)


def with_sector_percentages(*percentages: float | None) -> Dataset:
    """The reference dataset with Xingfu Quan's sectors given these percentages (planted)."""
    data = reference_dataset()
    program = data.programs[0]
    sectors = []
    for percentage in percentages:
        sector = attrs.evolve(program.sectors[0])
        object.__setattr__(sector, "percentage", percentage)
        sectors.append(sector)
    program = attrs.evolve(program, sectors=tuple(sectors))
    return attrs.evolve(data, programs=(program, *data.programs[1:]))


@pytest.mark.parametrize(
    ("percentages", "total"),
    [
        ((10**400, 100 - 10**400), None),
        ((10**400, 0.5), "about an integer of 401 digits"),
        ((10**5000, 1), "an integer of 5001 digits"),
        ((1e308, 1e308), "an integer of 309 digits"),
        ((float("inf"), float("-inf")), "nan"),
        ((float("nan"), 50), "nan"),
        ((2**60 + 100, -(2**60)), None),
        ((50.5, 49.5), None),
        ((60.0, 30), "90"),
    ],
    ids=[
        "huge-ints-cancel",
        "huge-int-and-half",
        "int-of-5001-digits",
        "float-overflow",
        "infinities",
        "nan",
        "past-float-precision",
        "fractions",
        "short-of-100",
    ],
)
def test_percentages_of_any_size_are_added_exactly(
    percentages: tuple[float, ...], total: str | None
) -> None:
    """Percentages are added exactly, past the float range and precision, without raising."""
    found = rules.check(with_sector_percentages(*percentages))
    assert_brief(found)
    if total is None:
        assert found == []
    else:
        (problem,) = found
        assert problem.code == "percentages_do_not_sum_to_100"
        assert f"add up to {total}, not 100" in problem.message


@pytest.mark.parametrize(
    "value",
    [10**5000, -(10**5000), float("nan"), float("-inf")],
    ids=["1e5000", "-1e5000", "nan", "-inf"],
)
def test_huge_member_counts(value: float) -> None:
    """A reported member count of any size is compared without raising and written briefly."""
    data = reference_dataset()
    figure = attrs.evolve(data.figures[3])
    object.__setattr__(figure, "value", value)
    found = rules.check(attrs.evolve(data, figures=(*data.figures[:3], figure)))
    assert_brief(found)
    # Four members are listed: more than a negative count allows, and NaN allows anything.
    expected = ["more_members_listed_than_reported"] if value < 4 else []
    assert [p.code for p in found] == expected
    if value == -(10**5000):
        assert "reported a negative integer of 5001 digits (exact)" in found[0].message


def test_years_past_9999_are_compared() -> None:
    """A year no datetime.date can hold, planted in a date, is still compared, not raised on."""
    data = reference_dataset()
    late = PartialDate(year=2019)
    object.__setattr__(late, "year", 10**400)
    network = attrs.evolve(
        data.networks[1], founding_date=late, dissolution_date=PartialDate(year=2020)
    )
    found = rules.check(attrs.evolve(data, networks=(data.networks[0], network)))
    assert [(p.code, p.path) for p in found] == [
        ("end_before_start", "/networks/1/dissolution_date")
    ]


# -- every rule is total -------------------------------------------------------------------

#: Numbers of every size and kind: floats with NaN, infinities and extremes, integers of
#: up to 5,001 digits, and sums of the two kinds' extremes.
WIDE_NUMBERS = st.one_of(
    st.floats(),
    st.integers(),
    st.builds(
        lambda sign, digits, offset: sign * 10**digits + offset,
        st.sampled_from([1, -1]),
        st.integers(min_value=15, max_value=5000),
        st.integers(min_value=-3, max_value=3),
    ),
    st.sampled_from([0, 100, 100.0, 2**53 + 1, 1e308, -1e308, 5e-324]),
)


def numbers_in(obj: object) -> Iterator[tuple[object, str]]:
    """Yield (object, attribute name) for every number held anywhere inside *obj*."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
        elif attrs.has(type(item)):
            for field in attrs.fields(type(item)):
                value = getattr(item, field.name)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    yield item, field.name
                else:
                    stack.append(value)


@settings(
    max_examples=max(10, settings.default.max_examples // 4),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(datasets(), st.data())
def test_no_number_makes_a_rule_raise(dataset: Dataset, data: st.DataObject) -> None:
    """With every number in a drawn dataset replaced by a wide one, check() returns Problems."""
    for holder, name in list(numbers_in(dataset)):
        object.__setattr__(holder, name, data.draw(WIDE_NUMBERS))
    found = rules.check(dataset)
    assert isinstance(found, list)
    assert all(isinstance(problem, Problem) for problem in found)
    assert_brief(found)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(datasets())
def test_drawn_datasets_keep_every_rule(data: Dataset) -> None:
    """Every dataset the public strategy draws passes every semantic rule, warnings included."""
    assert rules.check(data) == []


@pytest.mark.parametrize(
    ("percentages", "message"),
    [
        ((100.0, None), "add up to 100, but 1 of 2 has no percentage: give each one, or none"),
        ((100.0, None, None), "add up to 100, but 2 of 3 have no percentage: give each one"),
        ((60.0, None), "add up to 60, not 100; 1 without a percentage"),
    ],
)
def test_a_sum_of_100_with_some_missing_says_what_is_wrong(
    percentages: tuple[float | None, ...], message: str
) -> None:
    """When the given percentages make 100, the message says the missing ones are the
    problem, not "add up to 100, not 100" (as it said of IATI files with a country at 100 %
    and a region without a percentage)."""
    (problem,) = rules.check(with_sector_percentages(*percentages))
    assert problem.code == "percentages_do_not_sum_to_100"
    assert message in problem.message
