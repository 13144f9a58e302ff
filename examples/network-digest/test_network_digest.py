"""The project's property test, on datasets drawn by ngomodel's strategies."""

from __future__ import annotations

import ngomodel
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ngomodel import strategies

import network_digest


@settings(max_examples=50, deadline=None)
@given(strategies.datasets())
def test_a_digest_per_network_naming_exactly_its_members(data: ngomodel.Dataset) -> None:
    """Every network gets one digest; its members are the dataset's members of it, and
    its countries those of its members' programs."""
    found = network_digest.digests(data)
    assert [each.network_id for each in found] == [network.id for network in data.networks]
    for each in found:
        listed = {
            m.member_id
            for m in data.memberships
            if m.network_id == each.network_id
            and m.member_id != each.network_id
            and isinstance(data.get(m.member_id), ngomodel.Organization)  # networks too
        }
        assert set(each.member_ids) == listed
        assert list(each.member_ids) == sorted(listed)
        assert list(each.countries) == sorted(set(each.countries))


@given(strategies.organizations(), st.sampled_from(["10", " 22 ", "90"]))
def test_retyped_survives_json(organization: ngomodel.Organization, cell: str) -> None:
    """A retyped organization has the code, and reads back equal from its JSON."""
    changed = network_digest.retyped(organization, cell)
    assert changed.organization_type == cell.strip()
    assert ngomodel.loads(ngomodel.dumps(changed), type=ngomodel.Organization) == changed


def test_a_cell_that_is_no_code_is_refused() -> None:
    organization = ngomodel.reference_dataset().organization("org-cca")
    with pytest.raises(ngomodel.ValidationError, match="organisation_type"):
        network_digest.retyped(organization, "charity")


def test_the_reference_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    assert network_digest.main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(ngomodel.reference_dataset().networks)
