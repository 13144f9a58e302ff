"""The IATI import: 2.01 to 2.03 files read into a dataset, nothing dropped silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ngomodel import LocalizedText, PartialDate
from ngomodel.iati import NOT_IMPORTED, from_iati, iati_id, iati_identifier_of

pytest.importorskip("lxml.etree")

DATA = Path(__file__).parent / "data"


def _activities(body: str, version: str = "2.03", lang: str = "") -> bytes:
    root_lang = f' xml:lang="{lang}"' if lang else ""
    return (
        f'<iati-activities version="{version}"{root_lang}>\n{body}\n</iati-activities>'
    ).encode()


MINIMAL = """<iati-activity>
  <iati-identifier>XM-1</iati-identifier>
  <title><narrative>T</narrative></title>
</iati-activity>"""


def test_every_supported_element_is_read() -> None:
    """The test file, which holds every element of the mapping, is read whole, no warning."""
    done = from_iati((DATA / "iati-activities-203.xml").read_bytes())
    assert done.problems == ()
    program = done.unwrap().programs[0]
    assert program.id == "XM-DAC-41114-PROJECT%2F00012"
    assert program.iati_identifier == "XM-DAC-41114-PROJECT/00012"
    assert program.title == LocalizedText({"en": "Clean water for Takeo", "km": "ទឹកស្អាត"})
    assert program.reporting_organization is not None
    assert program.reporting_organization.name == LocalizedText(
        {"en": "Example Agency", "fr": "Agence exemple"}
    )
    assert [d.type for d in program.descriptions] == ["1", "2"]
    assert program.planned_start == PartialDate(year=2020, month=1, day=1)
    assert program.actual_end is None
    transaction = program.transactions[0]
    assert (str(transaction.amount), transaction.currency) == ("50000.50", "EUR")
    assert program.budgets[0].value.value_date == PartialDate(year=2020, month=1, day=1)
    assert program.locations[0].point is not None
    assert program.locations[0].point.latitude == 10.99
    indicator = program.results[0].indicators[0]
    assert indicator.baseline_date == PartialDate(year=2019, month=12, day=31)
    assert indicator.periods[0].actual is not None
    assert indicator.periods[0].actual.value == 18.5
    assert done.unwrap().default_language == "en"


@pytest.mark.parametrize("version", ["2.01", "2.02", "2.03"])
def test_versions_2_are_read(version: str) -> None:
    """IATI 2.01, 2.02 and 2.03 files are read."""
    assert from_iati(_activities(MINIMAL, version)).ok


@pytest.mark.parametrize("version", ["1.05", "1.04", None, "2.04"])
def test_other_versions_are_refused_with_a_located_error(version: str | None) -> None:
    """A 1.x file (or one without a version) is refused: one error at the root's @version."""
    attribute = f' version="{version}"' if version else ""
    xml = f"<iati-activities{attribute}>\n{MINIMAL}</iati-activities>".encode()
    done = from_iati(xml)
    assert done.value is None
    assert [(p.code, p.where, p.line) for p in done.errors] == [
        ("iati_version_unsupported", "/iati-activities/@version", 1)
    ]


def test_other_root_is_refused() -> None:
    """An XML file that is not IATI gives iati_root_unknown."""
    done = from_iati(b"<html><body/></html>")
    assert [(p.code, p.where) for p in done.errors] == [("iati_root_unknown", "/html")]


def test_broken_xml_is_a_located_error_not_a_traceback() -> None:
    """Bad XML gives the safe reader's located error, and no dataset."""
    done = from_iati(b'<iati-activities version="2.03"><iati-activity>')
    assert done.value is None
    assert [p.code for p in done.errors] == ["invalid_xml"]


def test_narrative_languages_are_inherited_as_iati_says() -> None:
    """A narrative's language is its own, else its activity's, else the file's, else given."""
    body = """<iati-activity xml:lang="fr"><iati-identifier>XM-1</iati-identifier>
      <title><narrative>Puits</narrative><narrative xml:lang="en">Wells</narrative></title>
    </iati-activity>
    <iati-activity><iati-identifier>XM-2</iati-identifier>
      <title><narrative>Wells</narrative></title></iati-activity>"""
    first, second = from_iati(_activities(body, lang="es")).unwrap().programs
    assert first.title == LocalizedText({"fr": "Puits", "en": "Wells"})
    assert second.title == LocalizedText({"es": "Wells"})
    alone = from_iati(_activities(MINIMAL), language="pt").unwrap().programs[0]
    assert alone.title == LocalizedText({"pt": "T"})
    assert from_iati(_activities(MINIMAL)).unwrap().programs[0].title == LocalizedText({"und": "T"})


def test_code_not_in_codelist_is_located_by_xpath_line_and_pointer() -> None:
    """A code ngomodel's codelist lacks is an error at its attribute, line and JSON Pointer."""
    body = """<iati-activity><iati-identifier>XM-1</iati-identifier>
  <activity-status code="77"/>
</iati-activity>"""
    done = from_iati(_activities(body))
    assert done.value is None
    (error,) = done.errors
    assert (error.path, error.where, error.line) == (
        "/programs/0/status",
        "/iati-activities/iati-activity[1]/activity-status[1]/@code",
        3,
    )


def test_bad_amount_and_date_are_located() -> None:
    """An amount or date the model refuses is an error in the XML, never a traceback."""
    body = """<iati-activity default-currency="EUR"><iati-identifier>XM-1</iati-identifier>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2020-13-01"/>
    <value value-date="2020-01-01">1,000</value></transaction>
</iati-activity>"""
    done = from_iati(_activities(body))
    assert done.value is None
    assert sorted((p.path, p.where) for p in done.errors) == [
        (
            "/programs/0/transactions/0/amount",
            "/iati-activities/iati-activity[1]/transaction[1]/value[1]",
        ),
        (
            "/programs/0/transactions/0/date",
            "/iati-activities/iati-activity[1]/transaction[1]/transaction-date[1]/@iso-date",
        ),
    ]


def test_missing_identifier_is_an_error() -> None:
    """An activity without iati-identifier cannot be given an id: a located error."""
    done = from_iati(_activities("<iati-activity><title/></iati-activity>"))
    assert [(p.code, p.where) for p in done.errors] == [
        ("iati_required_missing", "/iati-activities/iati-activity[1]")
    ]


def test_one_warning_per_kind_not_imported_with_count_and_where() -> None:
    """Each kind of element or attribute not read is one not_imported warning, counted."""
    markers = "".join(f'<capital-spend percentage="{i}"/>' for i in range(7))
    body = f"""<iati-activity hierarchy="1"><iati-identifier>XM-1</iati-identifier><title/>
  <description><narrative>D</narrative></description>{markers}<default-aid-type code="C01"/>
  <participating-org role="4" crs-channel-code="1"><narrative>N</narrative></participating-org>
</iati-activity>"""
    done = from_iati(_activities(body))
    assert done.ok
    by_kind = {p.message.split(":")[0]: p for p in done.warnings}
    assert set(by_kind) == {
        "iati-activity/@hierarchy",
        "iati-activity/capital-spend",
        "iati-activity/default-aid-type",
        "iati-activity/participating-org/@crs-channel-code",
    }
    spend = by_kind["iati-activity/capital-spend"]
    assert spend.code == "not_imported"
    assert spend.where == "/iati-activities/iati-activity[1]/capital-spend[1]"
    assert spend.path == "/programs/0"
    assert ": 7 left out (" in spend.message
    assert spend.message.endswith(" and 2 more")
    assert spend.line == 3


def test_what_the_model_cannot_hold_is_left_out_with_a_warning() -> None:
    """An unnamed organisation, a location without ref, an empty narrative: warned, not read."""
    body = """<iati-activity><iati-identifier>XM-1</iati-identifier>
  <title><narrative>T</narrative><narrative> </narrative></title>
  <participating-org role="4"/>
  <location><name><narrative>X</narrative></name></location>
</iati-activity>"""
    done = from_iati(_activities(body))
    program = done.unwrap().programs[0]
    assert (program.participants, program.locations) == ((), ())
    kinds = sorted(p.message.split(":")[0] for p in done.warnings)
    assert kinds == [
        "iati-activity/location (without @ref)",
        "iati-activity/participating-org (without @ref or a narrative)",
        "iati-activity/title/narrative (empty)",
    ]


def test_organisation_file_gives_organizations() -> None:
    """iati-organisation becomes an Organization with its identifier and names."""
    xml = b"""<iati-organisations version="2.03"><iati-organisation xml:lang="en"
      last-updated-datetime="2020-01-01T00:00:00Z">
      <organisation-identifier>GB-CHC-202918</organisation-identifier>
      <name><narrative>Oxfam GB</narrative></name>
      <reporting-org ref="GB-CHC-202918" type="21"><narrative>Oxfam GB</narrative></reporting-org>
    </iati-organisation></iati-organisations>"""
    done = from_iati(xml)
    (org,) = done.unwrap().organizations
    assert (org.id, org.iati_identifier, org.name) == (
        "GB-CHC-202918",
        "GB-CHC-202918",
        LocalizedText({"en": "Oxfam GB"}),
    )
    assert {p.message.split(":")[0] for p in done.warnings} == {
        "iati-organisation/@last-updated-datetime",
        "iati-organisation/reporting-org",
    }


def test_duplicate_identifiers_are_a_located_error() -> None:
    """Two activities with one identifier would be two programs with one id: an error."""
    done = from_iati(_activities(MINIMAL + MINIMAL))
    assert done.value is None
    assert {p.code for p in done.errors} == {"duplicate_id"}
    assert all(p.where for p in done.errors)


@given(st.text(st.characters(blacklist_categories=("Cs", "Zs", "Cc")), min_size=1))
def test_id_rule_reverses(identifier: str) -> None:
    """iati_id is reversible and gives ids without / & | ?."""
    made = iati_id(identifier)
    assert not set(made) & set("/&|?")
    assert iati_identifier_of(made) == identifier


def _holding(place: str) -> tuple[bytes, str]:
    """A file with one value at *place* (an NOT_IMPORTED XPath), and the warning kind."""
    kind = place.removesuffix(" (without @ref)")
    root, *steps = kind.split("/")
    inner = ""
    for step in reversed(steps):
        if step.startswith("@"):
            continue
        inner = f'<{step} ref="R" type="1" code="1">{inner}</{step}>'
    attribute = f' {steps[-1][1:]}="1"' if steps[-1].startswith("@") else ""
    if attribute and len(steps) > 1:
        # The attribute of an element inside the activity: put it on that element.
        inner = inner.replace(f"<{steps[-2]} ", f"<{steps[-2]}{attribute} ", 1)
        attribute = ""
    if root == "iati-organisation":
        return (
            f'<iati-organisations version="2.03"><iati-organisation{attribute}>'
            "<organisation-identifier>XM-1</organisation-identifier>"
            f"{inner}</iati-organisation></iati-organisations>"
        ).encode(), place
    if kind != place:  # a location without @ref
        inner = "<location><name><narrative>X</narrative></name></location>"
    return _activities(
        f"<iati-activity{attribute}><iati-identifier>XM-1</iati-identifier>{inner}</iati-activity>"
    ), place


@pytest.mark.parametrize("place", [place for place, _ in NOT_IMPORTED])
def test_each_place_not_imported_is_reported_with_its_reason(place: str) -> None:
    """NOT_IMPORTED (the docs' table) is true: each place gives its not_imported warning."""
    xml, kind = _holding(place)
    done = from_iati(xml)
    reasons = {p.message.split(":")[0]: p.message for p in done.warnings}
    assert kind in reasons, (kind, [p.message for p in done.problems])
    assert f"({dict(NOT_IMPORTED)[place]})" in reasons[kind]


def test_an_xml_problem_prints_its_line_without_a_column() -> None:
    """An XML element has a line but no column: neither text form shows "column None"."""
    from ngomodel.validation import problem_line

    done = from_iati(_activities(MINIMAL.replace("<title>", "<fss/><title>")))
    (warning,) = done.warnings
    assert str(warning).startswith(f"line {warning.line}: /iati-activities/")
    assert problem_line("a.xml", warning).startswith(f"a.xml:{warning.line}: warning: ")
