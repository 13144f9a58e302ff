"""Organizations, the networks they form, and their memberships."""

from __future__ import annotations

from ngomodel._codes import CountryCode, MembershipRoleCode, OrganisationTypeCode
from ngomodel._model import doc, model
from ngomodel._scalars import (
    ExtensionData,
    GlobalId,
    Id,
    LocalizedText,
    NetworkId,
    OrganizationId,
    PartialDate,
    entity_extension_problems,
)
from ngomodel._values import (
    Classification,
    ContactDetail,
    Identifier,
    Link,
    OtherName,
    Region,
    Source,
)

__all__ = ["Membership", "Network", "Organization", "Scope"]


@model
class Organization:
    """An NGO, foundation, association, rescue team, government body or company."""

    id: Id = doc("Identifier of the organization, unique in the dataset.")
    name: LocalizedText = doc("The organization's name, in one or more languages.")
    other_names: tuple[OtherName, ...] = doc(
        "Abbreviations, former and alternate names.", default=()
    )
    organization_type: OrganisationTypeCode | None = doc(
        "IATI OrganisationType code, e.g. 22 (national NGO) or 60 (foundation).", default=None
    )
    country: CountryCode | None = doc(
        "Country where it is based (ISO 3166-1 alpha-2).", default=None
    )
    founding_date: PartialDate | None = doc("When it was founded.", default=None)
    dissolution_date: PartialDate | None = doc("When it was dissolved.", default=None)
    identifiers: tuple[Identifier, ...] = doc("Its identifiers in registers.", default=())
    sectors: tuple[Classification, ...] = doc("The sectors it works in.", default=())
    description: LocalizedText | None = doc("What it is and does.", default=None)
    contact_details: tuple[ContactDetail, ...] = doc("How to reach it.", default=())
    links: tuple[Link, ...] = doc("Pages and documents about it.", default=())
    sources: tuple[Source, ...] = doc("Where these facts come from.", default=())
    iati_identifier: GlobalId | None = doc(
        "Its IATI organisation identifier, such as GB-CHC-202918.", default=None
    )
    parent_id: OrganizationId | None = doc(
        "Id of the organization it is part of, for a department or a country office.",
        default=None,
    )
    extensions: ExtensionData = doc(
        "Data of the extensions the dataset declares, by extension name.",
        default=ExtensionData(),
    )

    # Its extension data, checked against the registered extensions.
    __ngomodel_check__ = staticmethod(entity_extension_problems)


@model
class Scope:
    """Where a network works: countries and regions (UN M49 ``001`` is the world)."""

    countries: tuple[CountryCode, ...] = doc("Countries, ISO 3166-1 alpha-2.", default=())
    regions: tuple[Region, ...] = doc(
        "Supranational regions; UN M49 region 001 is the whole world.", default=()
    )


@model
class Network(Organization):
    """An organization whose members are organizations (an umbrella network).

    A network is an :class:`Organization` in every respect: it can sign
    agreements, employ officials and itself be a member of another network.
    """

    scope: Scope | None = doc("Where the network works.", default=None)
    focus: tuple[Classification, ...] = doc(
        "The sectors in which it coordinates its members' work.", default=()
    )
    purpose: LocalizedText | None = doc("What the network is for, as it states it.", default=None)


@model
class Membership:
    """An organization's membership in a network."""

    id: Id = doc("Identifier of the membership, unique in the dataset.")
    member_id: OrganizationId = doc("Id of the member organization or network.")
    network_id: NetworkId = doc("Id of the network the member belongs to.")
    role: MembershipRoleCode = doc(
        "The member's standing in the network; member when omitted.", default="member"
    )
    start_date: PartialDate | None = doc("When the membership began.", default=None)
    end_date: PartialDate | None = doc("When the membership ended.", default=None)
    sources: tuple[Source, ...] = doc("Where these facts come from.", default=())
    extensions: ExtensionData = doc(
        "Data of the extensions the dataset declares, by extension name.",
        default=ExtensionData(),
    )

    # Its extension data, checked against the registered extensions.
    __ngomodel_check__ = staticmethod(entity_extension_problems)
