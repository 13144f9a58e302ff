"""The people who run organizations, and the posts they hold."""

from __future__ import annotations

from ngomodel._codes import PositionRoleCode
from ngomodel._model import doc, model
from ngomodel._scalars import (
    ExtensionData,
    Id,
    LocalizedText,
    OrganizationId,
    PartialDate,
    PersonId,
    PostId,
    entity_extension_problems,
)
from ngomodel._values import ContactDetail, Identifier, Link, OtherName, Source

__all__ = ["Person", "Position", "Post"]


@model
class Person:
    """A person, such as an official of an organization."""

    id: Id = doc("Identifier of the person, unique in the dataset.")
    name: LocalizedText = doc("The person's name, in one or more languages or scripts.")
    other_names: tuple[OtherName, ...] = doc("Other names and spellings.", default=())
    identifiers: tuple[Identifier, ...] = doc("Identifiers in registers.", default=())
    sources: tuple[Source, ...] = doc("Where these facts come from.", default=())
    contact_details: tuple[ContactDetail, ...] = doc("How to reach the person.", default=())
    links: tuple[Link, ...] = doc("Pages and documents about the person.", default=())
    extensions: ExtensionData = doc(
        "Data of the extensions the dataset declares, by extension name.",
        default=ExtensionData(),
    )

    # Its extension data, checked against the registered extensions.
    __ngomodel_check__ = staticmethod(entity_extension_problems)


@model
class Post:
    """An office in an organization, which people hold in turn (a Popolo post).

    A post exists whether or not anyone holds it: "secretary-general of the network".
    """

    id: Id = doc("Identifier of the post, unique in the dataset.")
    organization_id: OrganizationId = doc("Id of the organization or network it is in.")
    label: LocalizedText = doc("The post's name, as the organization words it.")
    role: PositionRoleCode | None = doc("The kind of post.", default=None)
    start_date: PartialDate | None = doc("When the post was created.", default=None)
    end_date: PartialDate | None = doc("When the post was abolished.", default=None)
    sources: tuple[Source, ...] = doc("Where these facts come from.", default=())
    extensions: ExtensionData = doc(
        "Data of the extensions the dataset declares, by extension name.",
        default=ExtensionData(),
    )

    # Its extension data, checked against the registered extensions.
    __ngomodel_check__ = staticmethod(entity_extension_problems)


@model
class Position:
    """A post a person holds in an organization ("deputy secretary-general")."""

    id: Id = doc("Identifier of the position, unique in the dataset.")
    person_id: PersonId = doc("Id of the person.")
    organization_id: OrganizationId = doc("Id of the organization or network.")
    title: LocalizedText = doc("The post's title, as the organization words it.")
    role: PositionRoleCode | None = doc("The kind of post.", default=None)
    start_date: PartialDate | None = doc("When the person took the post.", default=None)
    end_date: PartialDate | None = doc("When the person left the post.", default=None)
    sources: tuple[Source, ...] = doc("Where these facts come from.", default=())
    post_id: PostId | None = doc("Id of the post held, when the dataset has it.", default=None)
    extensions: ExtensionData = doc(
        "Data of the extensions the dataset declares, by extension name.",
        default=ExtensionData(),
    )

    # Its extension data, checked against the registered extensions.
    __ngomodel_check__ = staticmethod(entity_extension_problems)
