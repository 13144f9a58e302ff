"""What a downstream project writes, checked by ``mypy --strict`` in tests/test_typing.py.

Not a test module: it is type-checked, and imported once to prove it runs. Every line
here must stay free of type errors (see tests/typing_errors.py for those that must not).
"""

from __future__ import annotations

from typing import Any

import attrs

import ngomodel
from ngomodel import codes

NAME = ngomodel.LocalizedText({"en": "Spring of Happiness"})

# Construction, by keyword.
organization = ngomodel.Organization(id="o1", name=NAME, organization_type="22", country="FR")
network = ngomodel.Network(id="n1", name=NAME, purpose=NAME)
dataset = ngomodel.Dataset(schema_version="1.1", organizations=(organization,), networks=(network,))

# A changed copy, the documented way; the attrs tools accept the model classes.
renamed: ngomodel.Organization = attrs.evolve(organization, name=NAME, country="DE")
field_names: list[str] = [f.name for f in attrs.fields(ngomodel.Organization)]
id_field: attrs.Attribute[str] = attrs.fields(ngomodel.Organization).id
plain: dict[str, Any] = attrs.asdict(organization)

# Reading and writing, typed by type=.
read_back: ngomodel.Organization = ngomodel.loads(
    ngomodel.dumps(organization), type=ngomodel.Organization
)
whole: ngomodel.Dataset = ngomodel.loads(ngomodel.dumps(dataset))
as_dict: dict[str, Any] = ngomodel.to_dict(organization)
date_text: str = ngomodel.to_dict(ngomodel.PartialDate(year=2018))
from_dict: ngomodel.Network = ngomodel.from_dict(ngomodel.to_dict(network), type=ngomodel.Network)

# Codes: a string from a file narrowed without a cast.
cell: str = "60"
kind: codes.OrganisationTypeCode = codes.narrow(cell, codes.OrganisationTypeCode)
country: codes.CountryCode = codes.narrow("DE", codes.CountryCode)
if codes.is_code(cell, codes.OrganisationTypeCode):
    foundation = attrs.evolve(organization, organization_type=cell)


# A subclass of a model class, made with attrs, keeps the fields of its base.
@attrs.frozen
class CharityOrganization(ngomodel.Organization):
    """An organization with its charity number."""

    charity_number: str = ""


charity = CharityOrganization(id="o2", name=NAME, charity_number="1170000")
also_charity: CharityOrganization = attrs.evolve(charity, charity_number="1170001")
as_base: ngomodel.Organization = charity


# ... and a Dataset subclass holds it, typed as the subclass.
@attrs.frozen(kw_only=True)
class CharityDataset(ngomodel.Dataset):
    """A dataset whose organizations are charities."""

    organizations: tuple[CharityOrganization, ...] = ()


charities = CharityDataset(schema_version="1.1", organizations=(charity,))
number: str = charities.organizations[0].charity_number
renumbered: CharityDataset = attrs.evolve(charities, organizations=(also_charity,))
