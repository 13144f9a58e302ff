"""The IATI 2.03 mapping, field by field, as data: the export follows it and the docs show it.

Each :class:`MappingRow` names a field of ngomodel's JSON (``Program.title``; ``[]`` marks
each item of a list), its place in IATI 2.03 XML (an XPath from ``iati-activity`` or
``iati-organisation``), how a value is written there, and which way the row works. A row
without an IATI place names a field that IATI cannot hold: the export leaves its values
out and says so in a ``not_exported`` warning.
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["MAPPING", "MappingRow"]

#: The IATI standard version the export writes.
IATI_VERSION = "2.03"
#: The spatial reference system of ``location/point`` (WGS 84, latitude then longitude).
SRS_NAME = "http://www.opengis.net/def/crs/EPSG/0/4326"

Direction = Literal["both", "export", "import"]


@attrs.frozen(kw_only=True)
class MappingRow:
    """One field of ngomodel JSON and its place in IATI 2.03 XML.

    Attributes:
        field: The field, from its entity class: ``Program.recipient_countries[].percentage``
            (``[]`` is each item of a list).
        iati: The XPath of its IATI place, from ``iati-activity`` or ``iati-organisation``;
            ``None`` when IATI has no place for it (the export leaves it out and warns).
        how: How a value is written there (codes as codes, narratives per language, dates,
            money), or why there is no place.
        direction: ``both`` when the row works both ways, ``export`` when only ngomodel →
            IATI does (an id resolved to an identifier), ``import`` when only IATI → ngomodel.
        required: Whether IATI requires the element or attribute: an export that lacks it
            reports an ``iati_required_missing`` error.
    """

    field: str
    iati: str | None
    how: str
    direction: Literal["both", "export", "import"] = "both"
    required: bool = False


_NARRATIVES = "one narrative per language, xml:lang = the language tag, in the data's order"
_DATE = "YYYY-MM-DD; a date known only to the month or year is an iati_date_incomplete error"
_CODE = "the code as it is"
_MONEY = "@value is the exact decimal; @currency, @value-date (IATI requires value-date)"
_ORG = (
    "organization_id: the organization's iati_identifier as @ref, its organization_type as "
    "@type, its name as narratives; otherwise reference as @ref, organization_type as "
    "@type, name as narratives"
)
_NUMBER = "a whole number without a decimal point, else the decimal written out (no exponent)"


def _row(
    field: str,
    iati: str | None,
    how: str,
    direction: Direction = "both",
    *,
    required: bool = False,
) -> MappingRow:
    return MappingRow(field=field, iati=iati, how=how, direction=direction, required=required)


def _none(field: str, why: str) -> MappingRow:
    return MappingRow(field=field, iati=None, how=why, direction="export")


_A = "iati-activity"
_O = "iati-organisation"

#: Every field of a program, organization and network, and its IATI 2.03 place or none.
MAPPING: tuple[MappingRow, ...] = (
    # -- iati-activities ------------------------------------------------------------------
    _row("Dataset.default_language", f"{_A}/@xml:lang", "the language tag"),
    _row("Program.iati_identifier", f"{_A}/iati-identifier", "the text", required=True),
    _row("Program.reporting_organization", f"{_A}/reporting-org", _ORG, "export", required=True),
    _row("Program.title", f"{_A}/title/narrative", _NARRATIVES, required=True),
    _row(
        "Program.description",
        f"{_A}/description[@type='1']/narrative",
        "a general description (type 1), before the descriptions; " + _NARRATIVES,
        "export",
    ),
    _row("Program.descriptions[].type", f"{_A}/description/@type", _CODE),
    _row("Program.descriptions[].text", f"{_A}/description/narrative", _NARRATIVES),
    _row("Program.participants[].organization_id", f"{_A}/participating-org", _ORG, "export"),
    _row("Program.participants[].reference", f"{_A}/participating-org/@ref", "the identifier"),
    _row("Program.participants[].name", f"{_A}/participating-org/narrative", _NARRATIVES),
    _row("Program.participants[].organization_type", f"{_A}/participating-org/@type", _CODE),
    _row(
        "Program.participants[].role",
        f"{_A}/participating-org/@role",
        _CODE + "; IATI requires a role",
        required=True,
    ),
    _none("Program.participants[].description", "participating-org has no description"),
    _none("Program.participants[].country", "participating-org has no country"),
    _row(
        "Program.status", f"{_A}/activity-status/@code", _CODE + " (ActivityStatus)", required=True
    ),
    _row(
        "Program.planned_start",
        f"{_A}/activity-date[@type='1']/@iso-date",
        _DATE + "; IATI requires one activity-date",
        required=True,
    ),
    _row("Program.actual_start", f"{_A}/activity-date[@type='2']/@iso-date", _DATE),
    _row("Program.planned_end", f"{_A}/activity-date[@type='3']/@iso-date", _DATE),
    _row("Program.actual_end", f"{_A}/activity-date[@type='4']/@iso-date", _DATE),
    _row("Program.recipient_countries[].country", f"{_A}/recipient-country/@code", _CODE),
    _row(
        "Program.recipient_countries[].percentage", f"{_A}/recipient-country/@percentage", _NUMBER
    ),
    _row("Program.recipient_regions[].code", f"{_A}/recipient-region/@code", _CODE),
    _row("Program.recipient_regions[].vocabulary", f"{_A}/recipient-region/@vocabulary", _CODE),
    _row("Program.recipient_regions[].percentage", f"{_A}/recipient-region/@percentage", _NUMBER),
    _row("Program.locations[].id", f"{_A}/location/@ref", "the id"),
    _row("Program.locations[].reach", f"{_A}/location/location-reach/@code", _CODE),
    _row("Program.locations[].name", f"{_A}/location/name/narrative", _NARRATIVES),
    _row("Program.locations[].description", f"{_A}/location/description/narrative", _NARRATIVES),
    _none(
        "Program.locations[].admin_areas",
        "administrative needs a code from a vocabulary; ngomodel holds the areas' names",
    ),
    _none("Program.locations[].country", "location has no country in IATI 2.03"),
    _row(
        "Program.locations[].point",
        f"{_A}/location/point/pos",
        "latitude and longitude, space-separated; point/@srsName is WGS 84 (EPSG 4326)",
    ),
    _row("Program.locations[].exactness", f"{_A}/location/exactness/@code", _CODE),
    _row("Program.locations[].location_class", f"{_A}/location/location-class/@code", _CODE),
    _row("Program.locations[].feature_type", f"{_A}/location/feature-designation/@code", _CODE),
    _row("Program.sectors[].vocabulary", f"{_A}/sector/@vocabulary", _CODE),
    _row("Program.sectors[].code", f"{_A}/sector/@code", _CODE),
    _row("Program.sectors[].percentage", f"{_A}/sector/@percentage", _NUMBER),
    _row("Program.policy_markers[].vocabulary", f"{_A}/policy-marker/@vocabulary", _CODE),
    _row("Program.policy_markers[].code", f"{_A}/policy-marker/@code", _CODE),
    _row("Program.policy_markers[].significance", f"{_A}/policy-marker/@significance", _CODE),
    _row("Program.budgets[].type", f"{_A}/budget/@type", _CODE),
    _row("Program.budgets[].status", f"{_A}/budget/@status", _CODE),
    _row(
        "Program.budgets[].period.start",
        f"{_A}/budget/period-start/@iso-date",
        _DATE,
        required=True,
    ),
    _row("Program.budgets[].period.end", f"{_A}/budget/period-end/@iso-date", _DATE, required=True),
    _row("Program.budgets[].value", f"{_A}/budget/value", _MONEY, required=True),
    _row("Program.transactions[].reference", f"{_A}/transaction/@ref", "the text"),
    _row("Program.transactions[].humanitarian", f"{_A}/transaction/@humanitarian", "1 or 0"),
    _row("Program.transactions[].type", f"{_A}/transaction/transaction-type/@code", _CODE),
    _row("Program.transactions[].date", f"{_A}/transaction/transaction-date/@iso-date", _DATE),
    _row("Program.transactions[].amount", f"{_A}/transaction/value", _MONEY),
    _row("Program.transactions[].currency", f"{_A}/transaction/value/@currency", _CODE),
    _row(
        "Program.transactions[].value_date",
        f"{_A}/transaction/value/@value-date",
        _DATE,
        required=True,
    ),
    _row(
        "Program.transactions[].description",
        f"{_A}/transaction/description/narrative",
        _NARRATIVES,
    ),
    _row("Program.transactions[].provider", f"{_A}/transaction/provider-org", _ORG, "export"),
    _row("Program.transactions[].receiver", f"{_A}/transaction/receiver-org", _ORG, "export"),
    _row(
        "Program.transactions[].sectors[].vocabulary", f"{_A}/transaction/sector/@vocabulary", _CODE
    ),
    _row("Program.transactions[].sectors[].code", f"{_A}/transaction/sector/@code", _CODE),
    _none(
        "Program.transactions[].sectors[].percentage",
        "a transaction's sector has no percentage in IATI",
    ),
    _row(
        "Program.transactions[].recipient_country",
        f"{_A}/transaction/recipient-country/@code",
        _CODE,
    ),
    _row(
        "Program.transactions[].recipient_region",
        f"{_A}/transaction/recipient-region",
        "@code and @vocabulary",
    ),
    _none(
        "Program.transactions[].recipient_region.percentage",
        "a transaction's region has no percentage in IATI",
    ),
    _row(
        "Program.related_programs[].iati_identifier",
        f"{_A}/related-activity/@ref",
        "the identifier",
    ),
    _row(
        "Program.related_programs[].program_id",
        f"{_A}/related-activity/@ref",
        "the iati_identifier of that program of the dataset",
        "export",
    ),
    _row("Program.related_programs[].type", f"{_A}/related-activity/@type", _CODE),
    _row("Program.results[].type", f"{_A}/result/@type", _CODE),
    _row("Program.results[].title", f"{_A}/result/title/narrative", _NARRATIVES),
    _row("Program.results[].description", f"{_A}/result/description/narrative", _NARRATIVES),
    _row(
        "Program.results[].indicators[].measure",
        f"{_A}/result/indicator/@measure",
        _CODE,
    ),
    _row(
        "Program.results[].indicators[].ascending",
        f"{_A}/result/indicator/@ascending",
        "1 or 0",
    ),
    _row(
        "Program.results[].indicators[].title",
        f"{_A}/result/indicator/title/narrative",
        _NARRATIVES,
    ),
    _row(
        "Program.results[].indicators[].description",
        f"{_A}/result/indicator/description/narrative",
        _NARRATIVES,
    ),
    _none("Program.results[].indicators[].unit", "IATI indicators have no unit"),
    _row(
        "Program.results[].indicators[].baseline_date",
        f"{_A}/result/indicator/baseline/@year",
        "the year (required by IATI for a baseline), and @iso-date when the day is known",
        required=True,
    ),
    _row(
        "Program.results[].indicators[].baseline",
        f"{_A}/result/indicator/baseline",
        "as a target: @value, location/@ref, comment/narrative",
    ),
    _row(
        "Program.results[].indicators[].periods[].period.start",
        f"{_A}/result/indicator/period/period-start/@iso-date",
        _DATE,
        required=True,
    ),
    _row(
        "Program.results[].indicators[].periods[].period.end",
        f"{_A}/result/indicator/period/period-end/@iso-date",
        _DATE,
        required=True,
    ),
    _row(
        "Program.results[].indicators[].periods[].target.value",
        f"{_A}/result/indicator/period/target/@value",
        _NUMBER,
    ),
    _row(
        "Program.results[].indicators[].periods[].target.location_ids[]",
        f"{_A}/result/indicator/period/target/location/@ref",
        "the location id",
    ),
    _row(
        "Program.results[].indicators[].periods[].target.comment",
        f"{_A}/result/indicator/period/target/comment/narrative",
        _NARRATIVES,
    ),
    _row(
        "Program.results[].indicators[].periods[].actual",
        f"{_A}/result/indicator/period/actual",
        "as the target",
    ),
    _none(
        "IndicatorValue.qualifier",
        "IATI values are exact: a qualifier other than exact is left out",
    ),
    _none(
        "IndicatorValue.disaggregations",
        "IATI dimensions are name/value text; sex, age band and status have no agreed names",
    ),
    _none(
        "Document",
        "document-link requires a format (a MIME type) and a category, which ngomodel "
        "documents do not always have: documents of programs, results and indicators are "
        "left out",
    ),
    _row("Program.default_currency", f"{_A}/@default-currency", _CODE),
    _row("Program.humanitarian", f"{_A}/@humanitarian", "1 or 0"),
    _none("Program.beneficiary_groups", "IATI 2.03 has no element for the people served"),
    _none("Program.agreement_ids", "IATI has no agreements"),
    _none("Program.sources", "IATI has no sources of facts"),
    _none("Program.extensions", "IATI has no place for ngomodel extension data"),
    # -- iati-organisations ---------------------------------------------------------------
    _row(
        "Organization.iati_identifier",
        f"{_O}/organisation-identifier",
        "the text",
        required=True,
    ),
    _row("Organization.name", f"{_O}/name/narrative", _NARRATIVES, required=True),
    _row(
        "reporting_organization (argument)",
        f"{_O}/reporting-org",
        "the organization that publishes the file, given to to_organisations; " + _ORG,
        "export",
        required=True,
    ),
    _none("Organization.other_names", "an IATI organisation has one name"),
    _none("Organization.organization_type", "iati-organisation has no type of its own"),
    _none("Organization.country", "iati-organisation has no country"),
    _none("Organization.founding_date", "iati-organisation has no dates"),
    _none("Organization.dissolution_date", "iati-organisation has no dates"),
    _none("Organization.identifiers", "iati-organisation has one identifier"),
    _none("Organization.sectors", "iati-organisation has no sectors"),
    _none("Organization.description", "iati-organisation has no description"),
    _none("Organization.contact_details", "iati-organisation has no contact details"),
    _none(
        "Organization.links",
        "document-link requires a format and a category, which links do not have",
    ),
    _none("Organization.sources", "IATI has no sources of facts"),
    _none("Organization.parent_id", "iati-organisation has no parent"),
    _none("Organization.extensions", "IATI has no place for ngomodel extension data"),
    _none("Network.scope", "iati-organisation has no scope"),
    _none("Network.focus", "iati-organisation has no sectors"),
    _none("Network.purpose", "iati-organisation has no purpose"),
    # -- the dataset's collections with an IATI home ------------------------------------
    _row("Dataset.programs", "iati-activities/iati-activity", "one activity per program"),
    _row(
        "Dataset.organizations",
        "iati-organisations/iati-organisation",
        "one organisation per organization",
    ),
    _row("Dataset.networks", "iati-organisations/iati-organisation", "one per network", "export"),
    # -- what has no IATI home at all -----------------------------------------------------
    _none("Dataset.title", "an IATI file has no title"),
    _none("Dataset.publisher", "an IATI file names its publisher in reporting-org, by reference"),
    _none("Dataset.created", "generated-datetime is when a file is written: pass generated="),
    _none("Dataset.modified", "IATI has no date of a file's last change"),
    _none("Dataset.license", "an IATI file's licence is in the registry, not in the XML"),
    _none("Dataset.extensions", "IATI has no place for ngomodel's extension declarations"),
    _none("Dataset.memberships", "IATI has no memberships"),
    _none("Dataset.persons", "IATI has no persons"),
    _none("Dataset.positions", "IATI has no positions"),
    _none("Dataset.posts", "IATI has no posts"),
    _none("Dataset.agreements", "IATI has no agreements"),
    _none("Dataset.figures", "IATI has no reported figures"),
)


def left_out(prefix: str) -> tuple[MappingRow, ...]:
    """The rows without an IATI place for the fields directly under *prefix*."""
    return tuple(
        row
        for row in MAPPING
        if row.iati is None
        and row.field.startswith(prefix + ".")
        and "." not in row.field[len(prefix) + 1 :]
        and "[" not in row.field[len(prefix) + 1 :]
    )
