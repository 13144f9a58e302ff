"""Queries on a Dataset, answered on the reference dataset's own questions."""

from __future__ import annotations

import pytest

import ngomodel
from ngomodel import Dataset, Network, reference_dataset


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
        data.get("nobody")


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
        schema_version="1.0",
        memberships=(ngomodel.Membership(id="m", member_id="ghost", network_id="also-ghost"),),
    )
    assert data.members_of("also-ghost") == ()
    assert data.networks_of("ghost") == ()


def test_dataset_equality_ignores_index(data: Dataset) -> None:
    """A dataset that has answered queries still equals a fresh copy of itself."""
    fresh = ngomodel.loads(ngomodel.dumps(data))
    assert fresh == data
    assert hash(fresh) == hash(data)
