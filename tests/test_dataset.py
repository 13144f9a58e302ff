"""Queries on a Dataset, answered on the reference dataset's own questions."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import ngomodel
from ngomodel import Dataset, Membership, Network, reference_dataset
from ngomodel.strategies import datasets


@pytest.fixture(scope="module")
def data() -> Dataset:
    """The reference dataset."""
    return reference_dataset()


def test_networks_a_member_belongs_to(data: Dataset) -> None:
    """Which networks was the China Charity Alliance a member of? The Silk Road network."""
    assert [n.id for n in data.networks_of("org-cca")] == ["network-silk-road"]
    assert data.networks_of("network-cnie") == ()


def test_members_of_network(data: Dataset) -> None:
    """The Silk Road network's listed members are the four the report names."""
    names = [m.name["en"] for m in data.members_of("network-silk-road")]
    assert names == [
        "China Foundation for Peace and Development",
        "China Charity Alliance",
        "China Family Planning Association",
        "Ramunion",
    ]
    assert [m.network_id for m in data.memberships_of("org-cfpa")] == ["network-silk-road"]


def test_programs_targeting_cambodia(data: Dataset) -> None:
    """Which programs target Cambodia? Xingfu Quan."""
    assert [p.id for p in data.programs_in_country("KH")] == ["program-xingfu-quan"]
    assert [p.id for p in data.programs_in_country("MM")] == ["program-myanmar-schools"]
    assert data.programs_in_country("FR") == ()


def test_reported_member_count(data: Dataset) -> None:
    """How many members does the Silk Road network report? 310, more than half abroad."""
    (figure,) = data.figures_about("network-silk-road", "member_count")
    assert figure.value == 310
    assert figure.share is not None
    assert (figure.share.qualifier, figure.share.fraction) == ("more_than", 0.5)
    assert figure.share.located_outside == "CN"
    assert [f.value for f in data.figures_about("network-cnie")] == [265, 20, 11]


def test_xingfu_quan(data: Dataset) -> None:
    """Xingfu Quan carries its three names and a target of 200 wells in Cambodia."""
    program = data.program("program-xingfu-quan")
    assert program.title == {
        "zh": "幸福泉",
        "zh-Latn-pinyin": "Xingfu Quan",
        "en": "Spring of Happiness",
    }
    indicator = program.results[0].indicators[0]
    target = indicator.periods[0].target
    assert target is not None
    assert (target.value, indicator.unit) == (200, "wells")
    assert program.locations[0].country == "KH"
    assert [p.id for p in data.programs_of_agreement("agreement-xingfu-quan")] == [program.id]


def test_officials(data: Dataset) -> None:
    """Liu Kaiyang is the deputy secretary-general of the China NGO network."""
    ((person, position),) = data.officials_of("network-cnie")
    assert person.name["en"] == "Liu Kaiyang"
    assert position.role == "deputy_secretary_general"


def test_programs_by_sector_and_organization(data: Dataset) -> None:
    """Programs are found by DAC sector (5-digit or its 3-digit category) and by participant."""
    assert [p.id for p in data.programs_in_sector("14031")] == ["program-xingfu-quan"]
    assert [p.id for p in data.programs_in_sector("140")] == ["program-xingfu-quan"]
    assert [p.id for p in data.programs_of("org-cca")] == ["program-cataract-surgeries"]


def test_agreements_of(data: Dataset) -> None:
    """Agreements are found by party; the reference agreement names no party by id."""
    assert data.agreements_of("org-cfpd") == ()
    agreement = data.agreement("agreement-xingfu-quan")
    assert len(agreement.parties) == 2
    assert agreement.parties[1].country == "KH"


def test_lookups(data: Dataset) -> None:
    """Look-ups by id return the right kind, and say so when the kind is wrong."""
    assert isinstance(data.organization("network-cnie"), Network)
    assert data.network("network-cnie").founding_date == ngomodel.PartialDate(year=2005)
    assert data.person("person-liu-kaiyang").id == "person-liu-kaiyang"
    with pytest.raises(KeyError, match="not a Network"):
        data.network("org-cca")
    with pytest.raises(KeyError):
        data.entity("nobody")
    assert data.entity("org-cca") is data.get("org-cca")


def test_unknowns_stay_absent(data: Dataset) -> None:
    """What the report does not say is absent, not invented."""
    assert data.organization("network-silk-road").country is None
    youth = data.program("program-youth-sex-education")
    assert youth.recipient_countries == ()
    assert youth.title is None
    assert data.person("person-liu-kaiyang").name == {"en": "Liu Kaiyang"}


def test_unresolved_references_are_skipped() -> None:
    """Queries skip memberships whose ids do not resolve (the semantic rules report them)."""
    data = Dataset(
        schema_version="1.1",
        memberships=(ngomodel.Membership(id="m", member_id="ghost", network_id="also-ghost"),),
    )
    assert data.members_of("also-ghost") == ()
    assert data.networks_of("ghost") == ()


def test_dataset_equality_ignores_index(data: Dataset) -> None:
    """A dataset that has answered queries still equals a fresh copy of itself."""
    fresh = ngomodel.loads(ngomodel.dumps(data))
    assert fresh == data
    assert hash(fresh) == hash(data)


def test_a_network_is_not_its_own_member(data: Dataset) -> None:
    """A network listed as its own member is left out of its members and of its networks."""
    itself = Membership(id="m-self", member_id="network-silk-road", network_id="network-silk-road")
    looped = attrs.evolve(data, memberships=(*data.memberships, itself))
    assert looped.members_of("network-silk-road") == data.members_of("network-silk-road")
    assert looped.networks_of("network-silk-road") == ()
    assert looped.memberships_of("network-silk-road") == (itself,)


def test_networks_in_networks(data: Dataset) -> None:
    """A network that is a member of another is among its members, and has it as its network."""
    inside = Membership(id="m-in", member_id="network-cnie", network_id="network-silk-road")
    nested = attrs.evolve(data, memberships=(*data.memberships, inside))
    assert nested.members_of("network-silk-road")[-1] is data.network("network-cnie")
    assert [n.id for n in nested.networks_of("network-cnie")] == ["network-silk-road"]
    assert nested.members_of("network-cnie") == ()


def test_each_answer_lists_an_entity_once(data: Dataset) -> None:
    """An organization named twice in an agreement or a program finds it once, in order."""
    agreement = data.agreements[0]
    party = attrs.evolve(agreement.parties[0], organization_id="network-cnie")
    twice = attrs.evolve(agreement, network_id="network-cnie", parties=(party, party))
    program = data.programs[1]
    participant = attrs.evolve(program.participants[0], organization_id="network-cnie")
    doubled = attrs.evolve(program, participants=(participant, participant))
    changed = attrs.evolve(
        data, agreements=(twice,), programs=(data.programs[0], doubled, *data.programs[2:])
    )
    assert changed.agreements_of("network-cnie") == (twice,)
    assert changed.programs_of("network-cnie") == (doubled,)


def test_programs_of_agreement_are_found_from_either_side(data: Dataset) -> None:
    """An agreement's programs are those it lists and those that list it, in program order."""
    listed, listing = data.programs[2], data.programs[3]
    agreement = attrs.evolve(data.agreements[0], id="agreement-new", program_ids=(listed.id,))
    listing = attrs.evolve(listing, agreement_ids=("agreement-new",))
    changed = attrs.evolve(
        data,
        agreements=(*data.agreements, agreement),
        programs=(*data.programs[:3], listing, *data.programs[4:]),
    )
    assert changed.programs_of_agreement("agreement-new") == (listed, listing)


@settings(
    max_examples=max(10, settings.default.max_examples // 5),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(datasets())
def test_indexed_queries_answer_as_their_definitions(dataset: Dataset) -> None:
    """Each query, answered from an index, equals its definition as a scan of the dataset."""
    org_ids = [e.id for e in dataset.entities()] + ["nobody"]
    for id in org_ids:
        assert dataset.agreements_of(id) == tuple(
            a
            for a in dataset.agreements
            if a.network_id == id or any(p.organization_id == id for p in a.parties)
        )
        assert dataset.programs_of(id) == tuple(
            p for p in dataset.programs if any(x.organization_id == id for x in p.participants)
        )
        listed = {i for a in dataset.agreements if a.id == id for i in a.program_ids}
        assert dataset.programs_of_agreement(id) == tuple(
            p for p in dataset.programs if p.id in listed or id in p.agreement_ids
        )
    countries = {c.country for p in dataset.programs for c in p.recipient_countries}
    countries |= {loc.country for p in dataset.programs for loc in p.locations if loc.country}
    for country in [*sorted(countries), "FR"]:
        assert dataset.programs_in_country(country) == tuple(
            p
            for p in dataset.programs
            if any(c.country == country for c in p.recipient_countries)
            or any(loc.country == country for loc in p.locations)
        )
    codes = {s.code[:n] for p in dataset.programs for s in p.sectors for n in (0, 3, 5)}
    for code in [*sorted(codes), "99999"]:
        assert dataset.programs_in_sector(code) == tuple(
            p
            for p in dataset.programs
            if any(s.vocabulary in ("1", "2") and s.code[: len(code)] == code for s in p.sectors)
        )


def test_a_subclass_inside_a_dataset_is_refused_never_dropped() -> None:
    """A subclass in a field of its base class would lose its own fields on the way out:
    it is refused, with them named, wherever it is put, by the constructor and the loader."""

    @attrs.frozen
    class CharityOrganization(ngomodel.Organization):
        charity_number: str = ""

    name = ngomodel.LocalizedText({"en": "Spring of Happiness"})
    charity = CharityOrganization(id="o", name=name, charity_number="1170000")
    network = Network(id="n", name=name, purpose=name)
    for collection, value, lost in [
        ("organizations", charity, "charity_number"),
        ("organizations", network, "scope, focus, purpose"),
    ]:
        with pytest.raises(ngomodel.ValidationError) as caught:
            Dataset(schema_version="1.1", **{collection: (value,)})
        (problem,) = caught.value.errors
        assert (problem.path, problem.code) == (f"/{collection}/0", "subclass_not_kept")
        assert problem.message.endswith(f"losing its own fields ({lost})")

    # Subclasses of value classes nested deeper are refused the same way.
    @attrs.frozen
    class TaggedSource(ngomodel.Source):
        pass

    with pytest.raises(ngomodel.ValidationError) as caught:
        ngomodel.Organization(id="o", name=name, sources=(TaggedSource(title="t"),))
    assert [(p.path, p.code) for p in caught.value.errors] == [("/sources/0", "subclass_not_kept")]
    assert caught.value.errors[0].message == (
        "an object of class TaggedSource here would be written as class Source and read back as one"
    )
    # A subclass on its own is the class it is: written and read back as itself.
    assert ngomodel.loads(ngomodel.dumps(charity), type=CharityOrganization) == charity
