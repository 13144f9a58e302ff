"""The small records shared by the entities: periods, money, names, places, sources, links."""

from __future__ import annotations

from typing import Annotated

from ngomodel._codes import (
    ContactTypeCode,
    CountryCode,
    CurrencyCode,
    DocumentCategoryCode,
    GeographicExactnessCode,
    GeographicLocationClassCode,
    GeographicLocationReachCode,
    LinkTypeCode,
    LocationTypeCode,
    OrganisationTypeCode,
    OtherNameTypeCode,
    RegionVocabularyCode,
    SectorVocabularyCode,
    SourceBasisCode,
)
from ngomodel._constraints import Range
from ngomodel._model import doc, model
from ngomodel._scalars import (
    Amount,
    GlobalId,
    Id,
    LanguageTag,
    LocalizedText,
    OrganizationId,
    PartialDate,
    Percentage,
    Text,
    Url,
)
from ngomodel.inspect import AtLeastOneOf, CodeDependsOn

__all__ = [
    "Classification",
    "ContactDetail",
    "CountryShare",
    "Document",
    "Identifier",
    "Link",
    "Location",
    "Money",
    "OrganizationReference",
    "OtherName",
    "Period",
    "Point",
    "Region",
    "Source",
]


# -- small records ----------------------------------------------------------------------


@model
class Period:
    """A span of time; either end may be unknown, but not both."""

    start: PartialDate | None = doc("When the period began.", default=None)
    end: PartialDate | None = doc("When the period ended.", default=None)

    __ngomodel_rules__ = (AtLeastOneOf(("start", "end")),)


@model
class Money:
    """An exact amount of money in one currency."""

    amount: Amount = doc("The amount: an exact decimal, written as a string on the wire.")
    currency: CurrencyCode = doc("ISO 4217 alphabetic currency code.")
    value_date: PartialDate | None = doc(
        "The date whose exchange rate converts the amount to other currencies.", default=None
    )


@model
class Identifier:
    """An identifier of an entity in some register."""

    scheme: Id = doc("The register, as an org-id.guide prefix such as CN-USCI where one exists.")
    identifier: Text = doc("The entity's identifier in that register.")


@model
class OtherName:
    """Another name of an organization or a person: an abbreviation, a former name…"""

    name: Text = doc("The name.")
    type: OtherNameTypeCode | None = doc("What kind of name it is.", default=None)
    language: LanguageTag | None = doc("The language the name is in.", default=None)
    start_date: PartialDate | None = doc("When the name came into use.", default=None)
    end_date: PartialDate | None = doc("When the name went out of use.", default=None)


@model
class ContactDetail:
    """A means of contact."""

    type: ContactTypeCode = doc("The medium of contact (email, phone, …).")
    value: Text = doc("The address, number or handle.")
    label: Text | None = doc("What this contact is for.", default=None)


@model
class Link:
    """A link to a page or document about an entity."""

    url: Url = doc("Where the page or document is.")
    type: LinkTypeCode | None = doc("What kind of page or document it is.", default=None)
    title: Text | None = doc("Its title.", default=None)


@model
class Source:
    """Where a fact comes from: a report, an article, a register entry."""

    title: Text = doc("The title of the source.")
    publisher: Text | None = doc("Who published it.", default=None)
    author: Text | None = doc("Who wrote it.", default=None)
    date: PartialDate | None = doc("When it was published.", default=None)
    url: Url | None = doc("Where it can be read.", default=None)
    language: LanguageTag | None = doc("The language it is written in.", default=None)
    basis: SourceBasisCode | None = doc(
        "Whether the source states the values it backs (reported), or an editor inferred "
        "or estimated them from it.",
        default=None,
    )
    fields: tuple[Id, ...] = doc(
        "The fields of the entity that this source backs; all of them when omitted.",
        default=(),
    )


@model
class Classification:
    """A sector code from a vocabulary, with the share of the work in it.

    With vocabulary ``1`` (DAC 5-digit) the code must be a DAC 5-digit sector,
    with vocabulary ``2`` (DAC 3-digit) a DAC 3-digit category.
    """

    vocabulary: SectorVocabularyCode = doc(
        "IATI SectorVocabulary code; 1 (OECD DAC 5-digit) when omitted.", default="1"
    )
    code: Id = doc("The sector code within the vocabulary.")
    percentage: Percentage | None = doc(
        "Share of the work in this sector, from 0 to 100.", default=None
    )

    __ngomodel_rules__ = (
        CodeDependsOn("code", "vocabulary", (("1", "sector"), ("2", "sector_category"))),
    )


@model
class Region:
    """A supranational region from a vocabulary, with an optional share.

    With vocabulary ``1`` the code must be an OECD DAC region, with vocabulary
    ``2`` a UN M49 region.
    """

    vocabulary: RegionVocabularyCode = doc(
        "IATI RegionVocabulary code; 1 (OECD DAC) when omitted.", default="1"
    )
    code: Id = doc("The region code within the vocabulary.")
    percentage: Percentage | None = doc(
        "Share of the work in this region, from 0 to 100.", default=None
    )

    __ngomodel_rules__ = (
        CodeDependsOn("code", "vocabulary", (("1", "region"), ("2", "m49_region"))),
    )


@model
class CountryShare:
    """A country that benefits from a program, with an optional share."""

    country: CountryCode = doc("ISO 3166-1 alpha-2 country code.")
    percentage: Percentage | None = doc(
        "Share of the work in this country, from 0 to 100.", default=None
    )


@model
class Point:
    """A point on the earth (WGS 84)."""

    latitude: Annotated[float, Range(minimum=-90, maximum=90)] = doc(
        "Degrees north, from -90 to 90."
    )
    longitude: Annotated[float, Range(minimum=-180, maximum=180)] = doc(
        "Degrees east, from -180 to 180."
    )


@model
class Location:
    """A place where a program works: a village, a district, a school, a well site."""

    id: Id = doc("Identifier of the location, unique in the dataset.")
    name: LocalizedText | None = doc("The place's name.", default=None)
    country: CountryCode | None = doc("ISO 3166-1 alpha-2 country code.", default=None)
    admin_areas: tuple[Text, ...] = doc(
        "Administrative areas, from the largest to the smallest.", default=()
    )
    point: Point | None = doc("Coordinates of the place.", default=None)
    feature_type: LocationTypeCode | None = doc(
        "What is at the place (IATI LocationType), e.g. WLL (well) or SCH (school).",
        default=None,
    )
    exactness: GeographicExactnessCode | None = doc(
        "Whether the location is exact (1) or approximate (2).", default=None
    )
    description: LocalizedText | None = doc("A description of the place.", default=None)
    reach: GeographicLocationReachCode | None = doc(
        "IATI GeographicLocationReach: 1 where the work happens, 2 where the people served live.",
        default=None,
    )
    location_class: GeographicLocationClassCode | None = doc(
        "IATI GeographicLocationClass: 1 administrative region, 2 populated place, 3 "
        "structure, 4 other topographical feature.",
        default=None,
    )


@model
class Document:
    """A document about a program, a result or an indicator (IATI document-link)."""

    url: Url = doc("Where the document is.")
    title: LocalizedText | None = doc("Its title.", default=None)
    category: DocumentCategoryCode | None = doc(
        "IATI DocumentCategory, e.g. A01 (pre- and post-project impact appraisal).", default=None
    )
    language: LanguageTag | None = doc("The language it is written in.", default=None)
    date: PartialDate | None = doc("When it was published.", default=None)
    description: LocalizedText | None = doc("What the document is about.", default=None)


@model
class OrganizationReference:
    """An organization named where it acts: one in the dataset, or one known only by name.

    An organization of the dataset is named by ``organization_id``; another one by
    its IATI organisation identifier (``reference``) and/or its ``name``.
    """

    organization_id: OrganizationId | None = doc(
        "Id of the organization or network, when it is in the dataset.", default=None
    )
    reference: GlobalId | None = doc(
        "Its IATI organisation identifier, such as GB-CHC-202918.", default=None
    )
    name: LocalizedText | None = doc("Its name, when it is not in the dataset.", default=None)
    organization_type: OrganisationTypeCode | None = doc(
        "IATI OrganisationType code, e.g. 22 (national NGO) or 60 (foundation).", default=None
    )

    __ngomodel_rules__ = (AtLeastOneOf(("organization_id", "reference", "name")),)
