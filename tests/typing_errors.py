"""Lines that ``mypy --strict`` must reject, each with the error code it must give.

tests/test_typing.py runs mypy on the whole file and expects each line ending in
``# E: code`` to get that code, and no other line an error. It is never imported.
"""

import attrs

import ngomodel
from ngomodel import codes

NAME = ngomodel.LocalizedText({"en": "x"})
organization = ngomodel.Organization(id="o", name=NAME)

ngomodel.Organization(id="o", nam=NAME)  # E: call-arg
attrs.evolve(organization, nme=NAME)  # E: call-arg
attrs.evolve(organization, country=3)  # E: arg-type
ngomodel.Organization(id="o", name=NAME, organization_type="99")  # E: arg-type
kind: codes.OrganisationTypeCode = "99"  # E: assignment
narrowed: codes.OrganisationTypeCode = codes.narrow("FR", codes.CountryCode)  # E: arg-type
loaded: ngomodel.Network = ngomodel.loads("{}", type=ngomodel.Organization)  # E: assignment
text: str = ngomodel.to_dict(organization)  # E: assignment
