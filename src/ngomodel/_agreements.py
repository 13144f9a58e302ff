"""Cooperation agreements and their parties."""

from __future__ import annotations

from typing import Annotated, Any

from ngomodel._codes import AgreementTypeCode, CountryCode, OrganisationTypeCode, PartyRoleCode
from ngomodel._constraints import MinItems
from ngomodel._model import doc, model
from ngomodel._scalars import (
    ExtensionData,
    GlobalId,
    Id,
    LocalizedText,
    NetworkId,
    OrganizationId,
    PartialDate,
    ProgramId,
    entity_extension_problems,
)
from ngomodel._values import Link, Money, Period, Source
from ngomodel.inspect import AtLeastOneOf

__all__ = ["Agreement", "Party"]


@model
class Party:
    """A party to an agreement: an organization in the dataset, or one described inline.

    A party known to the dataset is named by ``organization_id``. One that is
    not (sources often say only "a local NGO in Cambodia") is described by
    ``name`` and/or ``description``, with its country and type when known.
    """

    organization_id: OrganizationId | None = doc(
        "Id of the organization or network, when it is in the dataset.", default=None
    )
    name: LocalizedText | None = doc(
        "The party's name, when it is not in the dataset.", default=None
    )
    description: LocalizedText | None = doc(
        "Who the party is, when its name is not known.", default=None
    )
    country: CountryCode | None = doc("Where the party is based.", default=None)
    organization_type: OrganisationTypeCode | None = doc(
        "IATI OrganisationType code, e.g. 22 (national NGO) or 60 (foundation).", default=None
    )
    role: PartyRoleCode | None = doc("The party's role in the agreement.", default=None)
    reference: GlobalId | None = doc(
        "Its IATI organisation identifier, when it is not in the dataset.", default=None
    )

    __ngomodel_rules__ = (AtLeastOneOf(("organization_id", "name", "description", "reference")),)


def party_identity(party: Party) -> Any:
    """What makes two parties one party: the same id, or the same inline description.

    The ``duplicate_party`` rule and the strategies that draw distinct parties both
    go by it.
    """
    if party.organization_id is not None:
        return ("id", party.organization_id)
    return (
        "inline",
        party.name,
        party.description,
        party.country,
        party.organization_type,
        party.reference,
    )


@model
class Agreement:
    """A cooperation agreement or memorandum between two or more parties."""

    id: Id = doc("Identifier of the agreement, unique in the dataset.")
    parties: Annotated[tuple[Party, ...], MinItems(2)] = doc("The parties, at least two.")
    title: LocalizedText | None = doc("The agreement's title.", default=None)
    agreement_type: AgreementTypeCode | None = doc("What kind of agreement it is.", default=None)
    date_signed: PartialDate | None = doc("When it was signed.", default=None)
    period: Period | None = doc("The period the agreement covers.", default=None)
    program_ids: tuple[ProgramId, ...] = doc("Ids of the programs it sets in motion.", default=())
    network_id: NetworkId | None = doc("Id of the network that brokered it.", default=None)
    description: LocalizedText | None = doc("What the agreement is about.", default=None)
    documents: tuple[Link, ...] = doc("The agreement's text and related documents.", default=())
    sources: tuple[Source, ...] = doc("Where these facts come from.", default=())
    total_value: Money | None = doc(
        "What the agreement is worth in all, such as a grant's amount awarded.", default=None
    )
    extensions: ExtensionData = doc(
        "Data of the extensions the dataset declares, by extension name.",
        default=ExtensionData(),
    )

    # Its extension data, checked against the registered extensions.
    __ngomodel_check__ = staticmethod(entity_extension_problems)
