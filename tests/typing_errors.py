"""Lines that mypy and pyright must reject, each with the error each checker must give.

tests/test_typing.py runs each checker on the whole file and expects each line ending in
``# E: mypy[code] mypy+plugin[code] pyright[rule]`` to get that error code from mypy, that
code from mypy with ngomodel's plugin (:mod:`ngomodel.mypy`) and that pyright rule, and no
other line an error. A checker left out of a marker must not report that line: pyright
cannot check the names given to ``attrs.evolve``, and mypy without the plugin (its attrs
plugin does not know ``doc()`` as a field maker) takes every field as having a default and
as one that may be given by position (so it also rejects the one correct line at the end,
which gives a subclass's own field by position). It is never imported.
"""

import attrs

from ngomodel import Dataset, LocalizedText, Network, Organization, codes, loads, to_dict

NAME = LocalizedText({"en": "x"})
organization = Organization(id="o", name=NAME)

# Field names, types and presence.
Organization(id="o", name=NAME, nam=NAME)  # E: mypy[call-arg] mypy+plugin[call-arg] pyright[reportCallIssue]
Organization(id="o")  # E: mypy+plugin[call-arg] pyright[reportCallIssue]
Organization("o", NAME)  # E: mypy+plugin[call-arg] pyright[reportCallIssue]
Organization(id="o", name="x")  # E: mypy[arg-type] mypy+plugin[arg-type] pyright[reportArgumentType]
organization.name = NAME  # E: mypy[misc] mypy+plugin[misc] pyright[reportAttributeAccessIssue]

# A changed copy.
attrs.evolve(organization, nme=NAME)  # E: mypy[call-arg] mypy+plugin[call-arg]
attrs.evolve(organization, country=3)  # E: mypy[arg-type] mypy+plugin[arg-type]
nameless: str = attrs.fields(Organization).nam.name  # E: mypy[attr-defined] mypy+plugin[attr-defined]

# Codes.
Organization(
    id="o",
    name=NAME,
    organization_type="99",  # E: mypy[arg-type] mypy+plugin[arg-type] pyright[reportArgumentType]
)
kind: codes.OrganisationTypeCode = "99"  # E: mypy[assignment] mypy+plugin[assignment] pyright[reportAssignmentType]
wrong = codes.narrow("FR", codes.CountryCode)
narrowed: codes.OrganisationTypeCode = wrong  # E: mypy[assignment] mypy+plugin[assignment] pyright[reportAssignmentType]

# Reading and writing.
net: Network = loads("{}", type=Organization)  # E: mypy[assignment] mypy+plugin[assignment] pyright[reportAssignmentType]
text: str = to_dict(organization)  # E: mypy[assignment] mypy+plugin[assignment] pyright[reportAssignmentType]


# A subclass made with attrs, in a Dataset subclass.
@attrs.frozen
class CharityOrganization(Organization):
    """An organization with its charity number."""

    charity_number: str = ""


@attrs.frozen(kw_only=True)
class CharityDataset(Dataset):
    """A dataset whose organizations are charities."""

    organizations: tuple[CharityOrganization, ...] = ()


CharityDataset(
    schema_version="1.1",
    organizations=(organization,),  # E: mypy[arg-type] mypy+plugin[arg-type] pyright[reportArgumentType]
)
CharityOrganization(id="o", name=NAME, charity_no="1")  # E: mypy[call-arg] mypy+plugin[call-arg] pyright[reportCallIssue]
# Its inherited fields stay required and keyword-only.
CharityOrganization(id="o", charity_number="1")  # E: mypy+plugin[call-arg] pyright[reportCallIssue]
CharityOrganization("1", "o", name=NAME)  # E: mypy[misc] mypy+plugin[call-arg] pyright[reportCallIssue]
# Its own fields follow attrs' usual rules: given by position, before the inherited ones (mypy
# without the plugin takes the inherited ones as positional too).
CharityOrganization("1", id="o", name=NAME)  # E: mypy[misc]
