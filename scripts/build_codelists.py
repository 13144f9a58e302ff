"""Build ngomodel's codelist data and the generated ``ngomodel._codes`` module.

A maintainer tool; it is not shipped with the package. It reads

* the IATI 2.03 codelist XML files in ``--reference`` (codes and English names only;
  IATI's description texts are not copied),
* ISO 3166-1 alpha-2 countries and ISO 4217 currencies from ``pycountry``,
* ngomodel's own codelists, defined as data in this script,

and writes, deterministically (UTF-8, LF line endings):

* ``src/ngomodel/codelists/<name>.csv``: one file per codelist, header ``code,name``
  plus further columns where the source has them (``category``, ``status``) or, for
  ngomodel's own lists, a ``description`` written for ngomodel;
* ``src/ngomodel/codelists/index.json``: provenance and metadata of every codelist;
* ``src/ngomodel/_codes.py``: one ``typing.Annotated`` type alias per codelist,
  formatted with ``ruff format``.

Usage::

    python scripts/build_codelists.py [--reference DIR] [--check]

``--check`` writes nothing and exits with status 1 when any output is out of date.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "iati-codelists"
PACKAGE = ROOT / "src" / "ngomodel"
DATA_DIR = PACKAGE / "codelists"
CODES_MODULE = PACKAGE / "_codes.py"

#: Lists with at most this many codes become ``Literal`` types in ``_codes.py``.
LITERAL_LIMIT = 60
LINE_LENGTH = 100
IATI_VERSION = "2.03"
IATI_URL = "https://iatistandard.org/en/iati-standard/203/codelists/{}/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass
class Codelist:
    """One codelist as it will be written."""

    name: str
    title: str
    description: str
    source: str
    version: str
    url: str | None
    closed: bool
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)

    def index_entry(self) -> dict[str, object]:
        """Return this list's entry in ``index.json``."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "source": self.source,
            "version": self.version,
            "url": self.url,
            "closed": self.closed,
        }


# --------------------------------------------------------------------------------------
# IATI codelists
# --------------------------------------------------------------------------------------

#: ngomodel name -> (IATI codelist name, description in ngomodel's own words).
IATI_LISTS: dict[str, tuple[str, str]] = {
    "activity_date_type": (
        "ActivityDateType",
        "Which of a program's dates is meant: planned or actual, start or end.",
    ),
    "activity_status": (
        "ActivityStatus",
        "The stage of its life cycle a program is in, from pipeline to closed.",
    ),
    "budget_status": (
        "BudgetStatus",
        "Whether a budget figure is only indicative or formally committed.",
    ),
    "budget_type": (
        "BudgetType",
        "Whether a budget is the original one or a later revision of it.",
    ),
    "description_type": (
        "DescriptionType",
        "What a piece of descriptive text about a program is about.",
    ),
    "document_category": (
        "DocumentCategory",
        "The kind of document linked to a program or an organisation.",
    ),
    "geographic_exactness": (
        "GeographicExactness",
        "Whether a location's coordinates are exact or only approximate.",
    ),
    "geographic_location_class": (
        "GeographicLocationClass",
        "The broad class of a location, such as a populated place or a structure.",
    ),
    "geographic_location_reach": (
        "GeographicLocationReach",
        "Whether a location is where the work happens or where the people served live.",
    ),
    "geographic_vocabulary": (
        "GeographicVocabulary",
        "The gazetteer or boundary dataset that a location or admin-area code comes from.",
    ),
    "indicator_measure": (
        "IndicatorMeasure",
        "How an indicator's values are expressed, such as counts or percentages.",
    ),
    "location_type": (
        "LocationType",
        (
            "The feature type of a location, such as a well, school or hospital, "
            "with its feature class as category."
        ),
    ),
    "organisation_registration_agency": (
        "OrganisationRegistrationAgency",
        (
            "Registers that issue organisation identifiers, as org-id.guide prefixes, "
            "with the country they cover as category."
        ),
    ),
    "organisation_role": (
        "OrganisationRole",
        "The part an organisation plays in a program, such as funding or implementing.",
    ),
    "organisation_type": (
        "OrganisationType",
        "The kind of organisation, such as government body, NGO or foundation.",
    ),
    "region": (
        "Region",
        "Supranational regions as used in OECD DAC reporting.",
    ),
    "region_vocabulary": (
        "RegionVocabulary",
        "The classification that a region code belongs to.",
    ),
    "related_activity_type": (
        "RelatedActivityType",
        "How a program relates to another one: parent, child, sibling, co-funded or third party.",
    ),
    "result_type": (
        "ResultType",
        "The level of a program result: output, outcome, impact or other.",
    ),
    "sector": (
        "Sector",
        "OECD DAC 5-digit purpose codes, with their 3-digit sector as category.",
    ),
    "sector_category": (
        "SectorCategory",
        "OECD DAC 3-digit sector codes that group the 5-digit purpose codes.",
    ),
    "sector_vocabulary": (
        "SectorVocabulary",
        "The classification that a sector code belongs to.",
    ),
}


#: IATI 2.03 codelists that the reference folder does not hold, transcribed here (codes
#: and English names only): name -> (IATI codelist name, title, description, rows).
IATI_TRANSCRIBED: dict[str, tuple[str, str, str, list[tuple[str, str]]]] = {
    "transaction_type": (
        "TransactionType",
        "Transaction Type",
        "The kind of money flow a transaction records: funds in, commitments, payments out.",
        [
            ("1", "Incoming Funds"),
            ("2", "Outgoing Commitment"),
            ("3", "Disbursement"),
            ("4", "Expenditure"),
            ("5", "Interest Payment"),
            ("6", "Loan Repayment"),
            ("7", "Reimbursement"),
            ("8", "Purchase of Equity"),
            ("9", "Sale of Equity"),
            ("10", "Credit Guarantee"),
            ("11", "Incoming Commitment"),
            ("12", "Outgoing Pledge"),
            ("13", "Incoming Pledge"),
        ],
    ),
    "policy_marker": (
        "PolicyMarker",
        "Policy Marker",
        "OECD DAC policy objectives that a program may address.",
        [
            ("1", "Gender Equality"),
            ("2", "Aid to Environment"),
            ("3", "Participatory Development/Good Governance"),
            ("4", "Trade Development"),
            ("5", "Aid Targeting the Objectives of the Convention on Biological Diversity"),
            (
                "6",
                "Aid Targeting the Objectives of the Framework Convention on Climate Change"
                " - Mitigation",
            ),
            (
                "7",
                "Aid Targeting the Objectives of the Framework Convention on Climate Change"
                " - Adaptation",
            ),
            ("8", "Aid Targeting the Objectives of the Convention to Combat Desertification"),
            ("9", "Reproductive, Maternal, Newborn and Child Health (RMNCH)"),
            ("10", "Disaster Risk Reduction (DRR)"),
            ("11", "Disability"),
            ("12", "Nutrition"),
        ],
    ),
    "policy_marker_vocabulary": (
        "PolicyMarkerVocabulary",
        "Policy Marker Vocabulary",
        "The classification a policy marker code belongs to.",
        [
            ("1", "OECD DAC CRS"),
            ("99", "Reporting Organisation"),
        ],
    ),
    "policy_significance": (
        "PolicySignificance",
        "Policy Significance",
        "How much a policy objective matters to a program, from not targeted to its main aim.",
        [
            ("0", "not targeted"),
            ("1", "significant objective"),
            ("2", "principal objective"),
            ("3", "principal objective AND in support of an action programme"),
            ("4", "Explicit primary objective"),
        ],
    ),
}


def read_transcribed() -> list[Codelist]:
    """Build the IATI lists transcribed in :data:`IATI_TRANSCRIBED`."""
    return [
        Codelist(
            name=name,
            title=title,
            description=description,
            source=f"IATI Standard {IATI_VERSION} codelist {iati_name} (transcribed)",
            version=IATI_VERSION,
            url=IATI_URL.format(iati_name.lower()),
            closed=True,
            columns=("code", "name"),
            rows=[tuple(row) for row in rows],
        )
        for name, (iati_name, title, description, rows) in IATI_TRANSCRIBED.items()
    ]


def _english(parent: ET.Element | None) -> str:
    """Return the whitespace-normalised English narrative below *parent*."""
    if parent is None:
        return ""
    for narrative in parent.findall("narrative"):
        if narrative.get(XML_LANG, "en") == "en":
            return " ".join((narrative.text or "").split())
    return ""


def _sort_key(codes: Iterable[str]) -> Callable[[tuple[str, ...]], tuple[int, str]]:
    """Sort numerically when every code is a number, else by the code string."""
    numeric = all(code.isdigit() for code in codes)
    if numeric:
        return lambda row: (int(row[0]), row[0])
    return lambda row: (0, row[0])


def read_iati(reference: Path, name: str, iati_name: str, description: str) -> Codelist:
    """Read one IATI codelist XML file."""
    path = reference / f"{iati_name}.xml"
    root = ET.parse(path).getroot()
    if root.get("name") != iati_name:
        raise SystemExit(f"{path}: expected codelist {iati_name!r}, found {root.get('name')!r}")
    version = root.get("version") or IATI_VERSION
    items = root.findall("codelist-items/codelist-item")
    has_category = any(item.find("category") is not None for item in items)
    has_status = any(item.get("status") is not None for item in items)
    columns: tuple[str, ...] = ("code", "name")
    if has_category:
        columns += ("category",)
    if has_status:
        columns += ("status",)
    rows: list[tuple[str, ...]] = []
    for item in items:
        code = (item.findtext("code") or "").strip()
        label = _english(item.find("name"))
        if not code or not label:
            raise SystemExit(f"{path}: item without code or English name: {code!r}")
        row: tuple[str, ...] = (code, label)
        if has_category:
            row += ((item.findtext("category") or "").strip(),)
        if has_status:
            row += (item.get("status", "active"),)
        rows.append(row)
    rows.sort(key=_sort_key(row[0] for row in rows))
    title = _english(root.find("metadata/name")) or iati_name
    return Codelist(
        name=name,
        title=title,
        description=description,
        source=f"IATI Standard {IATI_VERSION} codelist {iati_name}",
        version=version,
        url=IATI_URL.format(iati_name.lower()),
        closed=root.get("complete") == "1",
        columns=columns,
        rows=rows,
    )


# --------------------------------------------------------------------------------------
# ISO codelists via pycountry
# --------------------------------------------------------------------------------------


def read_iso() -> list[Codelist]:
    """Build the ``country`` and ``currency`` lists from pycountry."""
    version = importlib.metadata.version("pycountry")
    countries: list[tuple[str, ...]] = sorted(
        (str(c.alpha_2), str(c.name)) for c in pycountry.countries
    )
    currencies: list[tuple[str, ...]] = sorted(
        (str(c.alpha_3), str(c.name)) for c in pycountry.currencies
    )
    return [
        Codelist(
            name="country",
            title="Country",
            description="Current countries and territories by their ISO 3166-1 alpha-2 code.",
            source=f"ISO 3166-1 via pycountry {version}",
            version=version,
            url="https://www.iso.org/iso-3166-country-codes.html",
            closed=True,
            columns=("code", "name"),
            rows=countries,
        ),
        Codelist(
            name="currency",
            title="Currency",
            description="Currencies and funds by their ISO 4217 alphabetic code.",
            source=f"ISO 4217 via pycountry {version}",
            version=version,
            url="https://www.iso.org/iso-4217-currency-codes.html",
            closed=True,
            columns=("code", "name"),
            rows=currencies,
        ),
    ]


# --------------------------------------------------------------------------------------
# ngomodel's own codelists
# --------------------------------------------------------------------------------------

#: name -> (title, description, [(code, name, description), ...]); codes keep this order.
OWN_LISTS: dict[str, tuple[str, str, list[tuple[str, str, str]]]] = {
    "source_basis": (
        "Source Basis",
        "Whether a source states the values it backs, or an editor inferred or estimated them.",
        [
            ("reported", "Reported", "The source states the values."),
            (
                "inferred",
                "Inferred",
                "An editor derived the values from what the source says, such as a sector "
                "code from a description of the work.",
            ),
            (
                "estimated",
                "Estimated",
                "An editor estimated the values, such as a count from a photograph.",
            ),
        ],
    ),
    "membership_role": (
        "Membership Role",
        "The standing an organisation has within a network it belongs to.",
        [
            ("member", "Member", "A full member of the network."),
            (
                "founding_member",
                "Founding member",
                "A member that took part in setting up the network.",
            ),
            (
                "council_member",
                "Council member",
                "A member holding a seat on the network's council or governing assembly.",
            ),
            (
                "executive_member",
                "Executive member",
                "A member sitting on the network's executive body or standing committee.",
            ),
            (
                "associate_member",
                "Associate member",
                "A member with fewer rights than a full member, for example without a vote.",
            ),
            (
                "observer",
                "Observer",
                "An organisation that follows the network's work without full membership.",
            ),
            (
                "secretariat",
                "Secretariat",
                "The organisation that hosts or runs the network's secretariat.",
            ),
            ("chair", "Chair", "The member organisation that presides over the network."),
        ],
    ),
    "position_role": (
        "Position Role",
        "The kind of post a person holds in an organisation or network.",
        [
            ("president", "President", "The highest office holder of the organisation."),
            ("vice_president", "Vice-president", "A deputy to the president."),
            ("chair", "Chair", "The person presiding over a board, council or committee."),
            ("vice_chair", "Vice-chair", "A deputy to the chair."),
            (
                "secretary_general",
                "Secretary-general",
                "The head of the organisation's secretariat.",
            ),
            (
                "deputy_secretary_general",
                "Deputy secretary-general",
                "A deputy to the secretary-general.",
            ),
            (
                "executive_director",
                "Executive director",
                "The person leading day-to-day management.",
            ),
            ("director", "Director", "The head of the organisation or of one of its units."),
            ("deputy_director", "Deputy director", "A deputy to a director."),
            ("board_member", "Board member", "A member of the board or governing council."),
            ("spokesperson", "Spokesperson", "The person who speaks for the organisation."),
            ("staff", "Staff", "An employee without one of the offices above."),
        ],
    ),
    "agreement_type": (
        "Agreement Type",
        "The kind of agreement that parties sign with each other.",
        [
            (
                "cooperation_agreement",
                "Cooperation agreement",
                "An agreement to work together on shared aims.",
            ),
            (
                "memorandum_of_understanding",
                "Memorandum of understanding",
                "A statement of shared intent, usually not legally binding.",
            ),
            (
                "framework_agreement",
                "Framework agreement",
                "An agreement setting the terms for later, more specific agreements.",
            ),
            (
                "grant_agreement",
                "Grant agreement",
                "An agreement under which one party gives funds to another.",
            ),
            (
                "partnership_agreement",
                "Partnership agreement",
                "An agreement establishing a lasting partnership between the parties.",
            ),
            (
                "letter_of_intent",
                "Letter of intent",
                "A preliminary written declaration that the parties mean to cooperate.",
            ),
        ],
    ),
    "party_role": (
        "Party Role",
        "The part a party plays in an agreement.",
        [
            ("signatory", "Signatory", "A party that signs the agreement."),
            ("lead", "Lead", "The party that leads the cooperation."),
            ("partner", "Partner", "A party taking part in the cooperation."),
            ("funder", "Funder", "A party that provides the money."),
            ("implementer", "Implementer", "A party that carries out the work."),
            ("broker", "Broker", "A party that brought the other parties together."),
            ("witness", "Witness", "A party that attends or attests the signing."),
        ],
    ),
    "beneficiary_category": (
        "Beneficiary Category",
        "The kinds of people that a program sets out to serve.",
        [
            ("children", "Children", "People below the age of adulthood."),
            ("youth", "Youth", "Adolescents and young adults."),
            ("women", "Women", "Women and girls as a target group."),
            ("elderly", "Elderly", "Older people."),
            ("students", "Students", "Pupils and students in education."),
            ("patients", "Patients", "People receiving medical care."),
            (
                "persons_with_disabilities",
                "Persons with disabilities",
                "People with a physical, mental, intellectual or sensory impairment.",
            ),
            (
                "vulnerable_groups",
                "Vulnerable groups",
                "People described as vulnerable or in need without a more specific group.",
            ),
            (
                "disaster_affected",
                "Disaster-affected people",
                "People affected by a natural or man-made disaster.",
            ),
            (
                "rural_communities",
                "Rural communities",
                "Inhabitants of villages and the countryside.",
            ),
            ("farmers", "Farmers", "People who make their living from farming."),
            ("refugees", "Refugees", "People who have fled their country."),
            ("health_workers", "Health workers", "Doctors, nurses and other health staff."),
            ("teachers", "Teachers", "Teachers and other educators."),
            (
                "general_population",
                "General population",
                "Everyone in an area, without a particular target group.",
            ),
        ],
    ),
    "sex": (
        "Sex",
        "The sex by which figures about people are broken down.",
        [
            ("female", "Female", "Female persons."),
            ("male", "Male", "Male persons."),
            ("other", "Other", "Persons reported as neither female nor male."),
        ],
    ),
    "age_band": (
        "Age Band",
        "Age ranges, in completed years, by which figures about people are broken down.",
        [
            ("0-4", "0 to 4 years", "Young children below school age."),
            ("5-14", "5 to 14 years", "Children of school age."),
            ("15-24", "15 to 24 years", "Adolescents and young adults."),
            ("25-64", "25 to 64 years", "Adults of working age."),
            ("65+", "65 years and over", "Older people."),
        ],
    ),
    "population_status": (
        "Population Status",
        "The displacement status by which figures about people are broken down.",
        [
            ("refugees", "Refugees", "People who have fled across an international border."),
            (
                "internally_displaced",
                "Internally displaced persons",
                "People forced from their homes who stay within their own country.",
            ),
            (
                "returnees",
                "Returnees",
                "Formerly displaced people who have gone back to where they came from.",
            ),
            (
                "host_community",
                "Host community",
                "Residents of areas that take in displaced people.",
            ),
            ("stateless", "Stateless persons", "People whom no state treats as its nationals."),
            ("non_displaced", "Non-displaced", "People who have not been displaced."),
        ],
    ),
    "figure_metric": (
        "Figure Metric",
        "What an aggregate figure that a source reports about a subject counts.",
        [
            ("member_count", "Number of members", "How many members a network has."),
            (
                "active_member_count",
                "Number of active members",
                "How many of a network's members are active.",
            ),
            (
                "agreement_count",
                "Number of agreements",
                "How many agreements the subject has signed or brokered.",
            ),
            (
                "program_count",
                "Number of programs",
                "How many programs the subject runs or has run.",
            ),
            ("partner_count", "Number of partners", "How many partner organisations it has."),
            (
                "country_count",
                "Number of countries",
                "In how many countries the subject works or has members.",
            ),
            (
                "beneficiary_count",
                "Number of beneficiaries",
                "How many people the subject's work has reached.",
            ),
            ("staff_count", "Number of staff", "How many paid staff the subject employs."),
            ("volunteer_count", "Number of volunteers", "How many volunteers work with it."),
            ("project_count", "Number of projects", "How many projects the subject carries out."),
        ],
    ),
    "figure_qualifier": (
        "Figure Qualifier",
        "How a reported figure relates to the true value.",
        [
            ("exact", "Exact", "The figure is the true value."),
            ("approximately", "Approximately", "The true value is close to the figure."),
            ("at_least", "At least", "The true value is the figure or more."),
            ("more_than", "More than", "The true value is greater than the figure."),
            ("at_most", "At most", "The true value is the figure or less."),
            ("less_than", "Less than", "The true value is smaller than the figure."),
        ],
    ),
    "contact_type": (
        "Contact Type",
        "The channel through which an organisation or person can be reached.",
        [
            ("email", "Email", "An email address."),
            ("phone", "Phone", "A telephone number."),
            ("fax", "Fax", "A fax number."),
            ("website", "Website", "A web address."),
            ("address", "Postal address", "A postal or street address."),
            ("social_media", "Social media", "An account on a social media platform."),
        ],
    ),
    "link_type": (
        "Link Type",
        "What a link to an outside resource points at.",
        [
            ("website", "Website", "The subject's own website."),
            ("report", "Report", "A report by or about the subject."),
            ("news", "News", "A news article about the subject."),
            ("social_media", "Social media", "A social media account or post."),
            (
                "registry_entry",
                "Registry entry",
                "The subject's entry in an official or public register.",
            ),
            ("document", "Document", "Any other document."),
        ],
    ),
    "other_name_type": (
        "Other Name Type",
        "What kind of name an alternative name of an organisation or person is.",
        [
            ("abbreviation", "Abbreviation", "A short form or acronym of the name."),
            ("former_name", "Former name", "A name that was used before and no longer is."),
            ("alternate_name", "Alternate name", "Another name in use at the same time."),
            ("translation", "Translation", "The name rendered in another language."),
            ("transliteration", "Transliteration", "The name written in another script."),
        ],
    ),
}

#: UN M49 geographic regions (the world, continents and sub-regions): code -> name.
M49_REGIONS: list[tuple[str, str]] = [
    ("001", "World"),
    ("002", "Africa"),
    ("005", "South America"),
    ("009", "Oceania"),
    ("011", "Western Africa"),
    ("013", "Central America"),
    ("014", "Eastern Africa"),
    ("015", "Northern Africa"),
    ("017", "Middle Africa"),
    ("018", "Southern Africa"),
    ("019", "Americas"),
    ("021", "Northern America"),
    ("029", "Caribbean"),
    ("030", "Eastern Asia"),
    ("034", "Southern Asia"),
    ("035", "South-eastern Asia"),
    ("039", "Southern Europe"),
    ("053", "Australia and New Zealand"),
    ("054", "Melanesia"),
    ("057", "Micronesia"),
    ("061", "Polynesia"),
    ("142", "Asia"),
    ("143", "Central Asia"),
    ("145", "Western Asia"),
    ("150", "Europe"),
    ("151", "Eastern Europe"),
    ("154", "Northern Europe"),
    ("155", "Western Europe"),
    ("202", "Sub-Saharan Africa"),
    ("419", "Latin America and the Caribbean"),
]


def read_m49() -> Codelist:
    """Build the UN M49 geographic region list (IATI RegionVocabulary 2)."""
    return Codelist(
        name="m49_region",
        title="UN M49 Region",
        description="Geographic regions of the UN M49 standard, used with region vocabulary 2.",
        source="UN Statistics Division, Standard country or area codes for statistical use (M49)",
        version="2024",
        url="https://unstats.un.org/unsd/methodology/m49/",
        closed=True,
        columns=("code", "name"),
        rows=list(M49_REGIONS),
    )


def read_own() -> list[Codelist]:
    """Build ngomodel's own lists."""
    return [
        Codelist(
            name=name,
            title=title,
            description=description,
            source="ngomodel",
            version="1",
            url=None,
            closed=True,
            columns=("code", "name", "description"),
            rows=[tuple(row) for row in rows],
        )
        for name, (title, description, rows) in OWN_LISTS.items()
    ]


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def render_csv(codelist: Codelist) -> str:
    """Return the CSV text of one codelist."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(codelist.columns)
    writer.writerows(codelist.rows)
    return out.getvalue()


def render_index(codelists: Sequence[Codelist]) -> str:
    """Return the text of ``index.json``."""
    entries = [c.index_entry() for c in sorted(codelists, key=lambda c: c.name)]
    return json.dumps(entries, indent=2, ensure_ascii=False) + "\n"


def alias_name(name: str) -> str:
    """``organisation_type`` -> ``OrganisationTypeCode``."""
    return "".join(part.capitalize() for part in name.split("_")) + "Code"


CODES_HEADER = '''\
# Generated by scripts/build_codelists.py from src/ngomodel/codelists/*.csv.
# Do not edit this file by hand: change the script and run it again.
"""Type aliases for codelist-valued fields, one per codelist of :mod:`ngomodel.codelists`.

Each alias is ``Annotated[..., InCodelist(name)]``. Lists of at most {limit} codes
use a ``Literal`` of every code, in codelist order; longer lists use ``str``.
"""

from typing import Annotated, Literal, TypeAlias

from ngomodel._constraints import InCodelist
'''


def render_codes(codelists: Sequence[Codelist]) -> str:
    """Return the source of ``ngomodel._codes``, formatted with ruff."""
    ordered = sorted(codelists, key=lambda c: c.name)
    aliases = sorted(alias_name(c.name) for c in ordered)
    lines = [
        CODES_HEADER.format(limit=LITERAL_LIMIT),
        "__all__ = [",
        *(f'    "{alias}",' for alias in aliases),
        "]",
        "",
    ]
    for codelist in ordered:
        codes = [row[0] for row in codelist.rows]
        if len(codes) <= LITERAL_LIMIT:
            values = ", ".join(json.dumps(code) for code in codes)
            inner = f"Literal[{values}]"
        else:
            inner = "str"
        annotated = f'Annotated[{inner}, InCodelist("{codelist.name}")]'
        lines += [
            f"#: A code of the ``{codelist.name}`` codelist ({len(codes)} codes).",
            f"{alias_name(codelist.name)}: TypeAlias = {annotated}",
            "",
        ]
    return ruff_format("\n".join(lines))


def _ruff() -> list[str]:
    local = Path(sys.executable).parent / ("ruff.exe" if os.name == "nt" else "ruff")
    if local.exists():
        return [str(local)]
    found = shutil.which("ruff")
    if found:
        return [found]
    return [sys.executable, "-m", "ruff"]


def ruff_format(source: str) -> str:
    """Format *source* with ``ruff format`` (line length 100)."""
    command = [
        *_ruff(),
        "format",
        "--line-length",
        str(LINE_LENGTH),
        "--stdin-filename",
        str(CODES_MODULE),
        "-",
    ]
    result = subprocess.run(
        command, input=source, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"ruff format failed:\n{result.stderr}")
    return result.stdout.replace("\r\n", "\n")


def build(reference: Path) -> dict[Path, str]:
    """Return every output file's path and content."""
    if not reference.is_dir():
        raise SystemExit(f"reference folder not found: {reference}")
    codelists = [
        read_iati(reference, name, iati_name, description)
        for name, (iati_name, description) in IATI_LISTS.items()
    ]
    codelists += read_transcribed()
    codelists += read_iso()
    codelists += read_own()
    codelists.append(read_m49())
    names = [c.name for c in codelists]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate codelist names")
    for codelist in codelists:
        codes = [row[0] for row in codelist.rows]
        if len(set(codes)) != len(codes) or not all(codes):
            raise SystemExit(f"{codelist.name}: empty or duplicate codes")
    outputs = {DATA_DIR / f"{c.name}.csv": render_csv(c) for c in codelists}
    outputs[DATA_DIR / "index.json"] = render_index(codelists)
    outputs[CODES_MODULE] = render_codes(codelists)
    return outputs


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line tool; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--reference",
        type=Path,
        default=DEFAULT_REFERENCE,
        help=f"folder holding the IATI codelist XML files (default: {DEFAULT_REFERENCE})",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any output is stale"
    )
    args = parser.parse_args(argv)
    outputs = build(args.reference)
    stale_csvs = sorted(set(DATA_DIR.glob("*.csv")) - set(outputs))

    changed = [
        path
        for path, text in outputs.items()
        if not path.exists() or path.read_bytes() != text.encode("utf-8")
    ]
    if args.check:
        for path in [*changed, *stale_csvs]:
            print(f"out of date: {path.relative_to(ROOT)}")
        if changed or stale_csvs:
            print("run: python scripts/build_codelists.py")
            return 1
        return 0

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for path in changed:
        path.write_bytes(outputs[path].encode("utf-8"))
        print(f"wrote {path.relative_to(ROOT)}")
    for path in stale_csvs:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    print(f"{len(outputs) - 2} codelists; {len(changed)} file(s) changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
