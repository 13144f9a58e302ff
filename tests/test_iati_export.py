"""The IATI 2.03 export: XSD-valid, nothing invented, nothing dropped silently."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ngomodel
from ngomodel import Dataset, LocalizedText, Organization, PartialDate, Program, strategies
from ngomodel._scalars import amount_text
from ngomodel.iati import MAPPING, to_activities, to_organisations
from ngomodel.iati._export import bool_text, number_text
from ngomodel.iati._mapping import IATI_VERSION, SRS_NAME
from ngomodel.inspect import fields as fields_of
from tests import iati_xsd

etree = pytest.importorskip("lxml.etree")


@pytest.fixture(scope="module", autouse=True)
def _xsds() -> None:
    reason = iati_xsd.available()
    if reason is not None:
        pytest.skip(reason)


REPORTER = ngomodel.OrganizationReference(
    reference="XM-EXAMPLE-1", organization_type="21", name=LocalizedText({"en": "Publisher"})
)

#: What the reference dataset lacks for IATI 2.03: (JSON Pointer, IATI element).
REFERENCE_MISSING = [
    ("/programs/0", "iati-activity/iati-identifier"),
    ("/programs/0", "iati-activity/reporting-org"),
    ("/programs/0", "iati-activity/participating-org"),
    ("/programs/0", "iati-activity/activity-status"),
    ("/programs/0", "iati-activity/activity-date"),
    (
        "/programs/0/results/0/indicators/0/periods/0",
        "iati-activity/result/indicator/period/period-start",
    ),
    (
        "/programs/0/results/0/indicators/0/periods/0",
        "iati-activity/result/indicator/period/period-end",
    ),
    ("/programs/1", "iati-activity/iati-identifier"),
    ("/programs/1", "iati-activity/reporting-org"),
    ("/programs/1", "iati-activity/title"),
    ("/programs/1/participants/0", "iati-activity/participating-org/@role"),
    ("/programs/1/participants/1", "iati-activity/participating-org/@role"),
    ("/programs/1", "iati-activity/activity-status"),
    ("/programs/1", "iati-activity/activity-date"),
    ("/programs/2", "iati-activity/iati-identifier"),
    ("/programs/2", "iati-activity/reporting-org"),
    ("/programs/2", "iati-activity/title"),
    ("/programs/2", "iati-activity/activity-status"),
    ("/programs/2", "iati-activity/activity-date"),
    ("/programs/3", "iati-activity/iati-identifier"),
    ("/programs/3", "iati-activity/reporting-org"),
    ("/programs/3", "iati-activity/title"),
    ("/programs/3/participants/0", "iati-activity/participating-org/@role"),
    ("/programs/3", "iati-activity/activity-status"),
    ("/programs/3", "iati-activity/activity-date"),
    ("/programs/4", "iati-activity/iati-identifier"),
    ("/programs/4", "iati-activity/reporting-org"),
    ("/programs/4", "iati-activity/title"),
    ("/programs/4/participants/0", "iati-activity/participating-org/@role"),
    ("/programs/4", "iati-activity/activity-status"),
    ("/programs/4", "iati-activity/activity-date"),
]


# -- completing a dataset with what IATI requires (test data, never the export's job) ----


def _day(date: PartialDate) -> PartialDate:
    return PartialDate(year=date.year, month=date.month or 1, day=date.day or 1)


def _complete(value: Any) -> Any:
    """The value with every date made whole and every value IATI requires added."""
    if isinstance(value, PartialDate):
        return _day(value)
    if isinstance(value, tuple):
        return tuple(_complete(item) for item in value)
    if not attrs.has(type(value)):
        return value
    changes = {
        a.name: _complete(getattr(value, a.name))
        for a in attrs.fields(type(value))
        if a.init and not a.name.startswith("_")
    }
    day = PartialDate(year=2020, month=1, day=1)
    if isinstance(value, ngomodel.Period):
        changes["start"] = changes["start"] or changes["end"]
        changes["end"] = changes["end"] or changes["start"]
    if isinstance(value, ngomodel.Money | ngomodel.Transaction) and value.value_date is None:
        changes["value_date"] = day
    if isinstance(value, ngomodel.Budget | ngomodel.IndicatorPeriod) and value.period is None:
        changes["period"] = ngomodel.Period(start=day, end=day)
    if isinstance(value, ngomodel.Participant) and value.role is None:
        changes["role"] = "1"
    if isinstance(value, ngomodel.Indicator) and changes["baseline_date"] is None:
        changes["baseline_date"] = day
    if isinstance(value, ngomodel.RelatedProgram) and value.iati_identifier is None:
        changes["iati_identifier"] = "XM-EXAMPLE-related"
    if isinstance(value, ngomodel.OrganizationReference):
        changes["reference"] = changes["reference"] or "XM-EXAMPLE-org"
        changes["organization_type"] = changes["organization_type"] or "21"
        changes["name"] = changes["name"] or LocalizedText({"en": "Org"})
    if isinstance(value, Program):
        changes["iati_identifier"] = changes["iati_identifier"] or f"XM-EXAMPLE-{value.id}"
        changes["reporting_organization"] = changes["reporting_organization"] or REPORTER
        changes["title"] = changes["title"] or LocalizedText({"en": "Title"})
        changes["status"] = changes["status"] or "2"
        # Not after a planned end: the rules would then refuse the dataset read back.
        changes["planned_start"] = changes["planned_start"] or changes["planned_end"] or day
        if not value.participants:
            changes["participants"] = (ngomodel.Participant(reference="XM-EXAMPLE-p", role="4"),)
        if not (value.descriptions or value.description):
            changes["descriptions"] = (
                ngomodel.Description(type="1", text=LocalizedText({"en": "Text"})),
            )
    if isinstance(value, Organization) and value.iati_identifier is None:
        changes["iati_identifier"] = f"XM-EXAMPLE-{value.id}"
    return attrs.evolve(value, **changes)


def complete(dataset: Dataset) -> Dataset:
    """The dataset with the values IATI 2.03 requires added to its programs and organizations."""
    return attrs.evolve(
        dataset,
        programs=_complete(dataset.programs),
        organizations=_complete(dataset.organizations),
        networks=_complete(dataset.networks),
    )


# -- what the dataset holds, written as IATI writes it ---------------------------------


def _texts(value: Any, found: set[str]) -> None:
    if isinstance(value, bool):
        found.add(bool_text(value))
    elif isinstance(value, str):
        found.add(value)
    elif isinstance(value, Decimal):
        found.add(amount_text(value))
    elif isinstance(value, int | float):
        found.add(number_text(value))
    elif isinstance(value, PartialDate):
        found.update((str(value), str(value.year)))
    elif isinstance(value, ngomodel.Point):
        found.add(f"{number_text(value.latitude)} {number_text(value.longitude)}")
    elif isinstance(value, tuple):
        for item in value:
            _texts(item, found)
    elif isinstance(value, LocalizedText):
        for tag, text in value.items():
            found.update((tag, text))
    elif attrs.has(type(value)):
        for a in attrs.fields(type(value)):
            if not a.name.startswith("_"):
                _texts(getattr(value, a.name), found)


#: The fixed codes the mapping writes: the version, WGS 84, the activity-date types.
FIXED = {IATI_VERSION, SRS_NAME, "1", "2", "3", "4"}


def written(xml: bytes) -> set[str]:
    """Every attribute value and text of the XML."""
    found = set()
    for element in etree.fromstring(xml).iter():
        found.update(element.attrib.values())
        if element.text and element.text.strip():
            found.add(element.text)
    return found


def _resolve(pointer: str, dataset: Dataset) -> Any:
    value: Any = dataset
    for part in pointer.strip("/").split("/"):
        value = value[int(part)] if part.isdigit() else getattr(value, part)
    return value


def _assert_warnings_accurate(problems: Any, dataset: Dataset) -> None:
    for problem in problems:
        if problem.severity != "warning":
            continue
        assert problem.code == "not_exported"
        places = problem.message.rsplit("): ", 1)[1].split(" and ")[0].split(", ")
        assert places[0] == problem.path
        for pointer in places:
            value = _resolve(pointer, dataset)
            assert value not in (None, (), "exact"), (pointer, problem.message)


# -- tests ----------------------------------------------------------------------------


def test_reference_dataset_reports_exactly_what_iati_needs() -> None:
    """The reference dataset exports nothing invented: the values it lacks are listed, located."""
    done = to_activities(ngomodel.reference_dataset())
    assert done.value is None
    assert [(p.path, p.where) for p in done.errors] == REFERENCE_MISSING
    assert {p.code for p in done.errors} == {"iati_required_missing"}


def test_reference_dataset_warns_of_what_iati_cannot_hold() -> None:
    """Each kind of value left out is one warning, with its count and JSON Pointers."""
    dataset = ngomodel.reference_dataset()
    done = to_activities(dataset, partial=True)
    kinds = [p.message.split(": ", 1)[0] for p in done.warnings]
    assert len(kinds) == len(set(kinds))
    assert "Program.sources" in kinds
    assert "Dataset.memberships" in kinds
    _assert_warnings_accurate(done.problems, dataset)


def test_completed_reference_dataset_is_xsd_valid() -> None:
    """Completed with the values IATI requires, the reference dataset exports XSD-valid."""
    dataset = complete(ngomodel.reference_dataset())
    done = to_activities(dataset)
    assert done.ok, done.errors
    assert iati_xsd.errors(done.unwrap()) == []
    assert written(done.unwrap()) <= _allowed(dataset)
    orgs = to_organisations(dataset, reporting_organization=REPORTER)
    assert orgs.ok, orgs.errors
    assert iati_xsd.errors(orgs.unwrap()) == []


def test_partial_export_writes_what_it_can() -> None:
    """partial=True gives the bytes along with the errors."""
    done = to_activities(ngomodel.reference_dataset(), partial=True)
    assert done.value is not None
    assert done.errors
    assert b"Spring of Happiness" in done.value


def test_incomplete_date_is_an_error_not_a_guess() -> None:
    """A date known only to the month is reported, not widened to a day."""
    program = _complete(ngomodel.reference_dataset().programs[0])
    program = attrs.evolve(program, planned_start=PartialDate(year=2019, month=4))
    done = to_activities(Dataset(schema_version="1.1", programs=(program,)))
    assert [(p.code, p.path) for p in done.errors] == [
        ("iati_date_incomplete", "/programs/0/planned_start")
    ]


def test_organisations_need_a_reporting_organisation() -> None:
    """Who publishes an organisation file is never assumed."""
    dataset = complete(ngomodel.reference_dataset())
    done = to_organisations(dataset)
    assert done.value is None
    assert {p.where for p in done.errors} == {"iati-organisation/reporting-org"}


def test_export_is_deterministic_and_without_clock() -> None:
    """The same dataset gives the same bytes; generated-datetime only when passed."""
    dataset = complete(ngomodel.reference_dataset())
    first = to_activities(dataset).unwrap()
    assert first == to_activities(dataset).unwrap()
    assert b"generated-datetime" not in first
    assert first.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    when = datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.timezone.utc)
    stamped = to_activities(dataset, generated=when).unwrap()
    assert b'generated-datetime="2024-05-01T12:00:00+00:00"' in stamped
    assert iati_xsd.errors(stamped) == []


def test_xsds_load_without_network() -> None:
    """The XSDs import each other by relative paths: they load with the network refused."""
    for root in iati_xsd.SCHEMAS:
        assert iati_xsd.schema(root) is not None


def test_every_field_of_the_dataset_is_in_the_mapping() -> None:
    """Every field of the dataset has a row: its IATI place, or why it has none, so that
    an export reports each one it leaves out (the format version is the file's own)."""
    rows = {row.field for row in MAPPING if row.field.startswith("Dataset.")}
    expected = {f"Dataset.{f.name}" for f in fields_of(ngomodel.Dataset)}
    assert expected - {"Dataset.schema_version"} <= rows


def test_the_datasets_own_fields_left_out_are_reported() -> None:
    """The title, publisher and creation date of the reference dataset have no IATI place:
    each export names them, with why."""
    data = ngomodel.reference_dataset()
    for done in (to_activities(data, partial=True), to_organisations(data, partial=True)):
        reported = {p.path: p.message for p in done.warnings}
        assert reported["/title"].startswith("Dataset.title: 1 left out (an IATI file has no")
        assert reported["/publisher"].startswith("Dataset.publisher: 1 left out")
        assert reported["/created"].startswith("Dataset.created: 1 left out")


def test_every_field_is_in_the_mapping() -> None:
    """Every field of a program, organization and network has a row: a place, or none."""
    fields = {
        row.field.split("[]")[0].split(".")[1]
        for row in MAPPING
        if row.field.startswith("Program.")
    }
    # The id names the program inside the dataset only; documents are rows of their own.
    assert {f.name for f in fields_of(Program)} - {"id", "documents"} <= fields
    assert any(row.field == "Document" and row.iati is None for row in MAPPING)
    org_fields = {
        row.field.split(".")[1]
        for row in MAPPING
        if row.field.startswith(("Organization.", "Network."))
    }
    assert {f.name for f in fields_of(ngomodel.Network)} - {"id"} <= org_fields


def _allowed(dataset: Dataset) -> set[str]:
    found = set(FIXED)
    _texts(dataset, found)
    return found


@settings(deadline=None, max_examples=30)
@given(strategies.datasets(max_size=2), st.booleans())
def test_drawn_datasets_export_valid_and_invent_nothing(dataset: Dataset, fill: bool) -> None:
    """Every export without errors is XSD-valid and writes only what the dataset holds."""
    if fill:
        dataset = complete(dataset)
    for done in (
        to_activities(dataset),
        to_organisations(dataset, reporting_organization=REPORTER),
    ):
        _assert_warnings_accurate(done.problems, dataset)
        if not done.ok:
            continue
        xml = done.unwrap()
        assert iati_xsd.errors(xml) == []
        extra = _allowed(dataset) | {"XM-EXAMPLE-1", "21", "Publisher", "en"}
        assert written(xml) <= extra


def test_text_xml_cannot_carry_is_a_located_error() -> None:
    """A control character in a name is an iati_text_not_xml error, never a traceback."""
    dataset = complete(ngomodel.reference_dataset())
    program = attrs.evolve(dataset.programs[0], title=LocalizedText({"en": "a\x1fb"}))
    done = to_activities(attrs.evolve(dataset, programs=(program,)))
    assert [(p.code, p.path) for p in done.errors] == [
        ("iati_text_not_xml", "/programs/0/title/en")
    ]


def test_docs_carry_the_mapping_table() -> None:
    """docs/iati.md shows the mapping exactly as MAPPING holds it."""
    from tests.iati_docs import mapping_table

    page = (iati_xsd.ROOT / "docs" / "iati.md").read_text(encoding="utf-8")
    assert mapping_table() in page, "regenerate the table in docs/iati.md from MAPPING"
