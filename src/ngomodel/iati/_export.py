"""Write a dataset as IATI 2.03 XML, following :data:`ngomodel.iati.MAPPING`."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ngomodel._dataset import Dataset
from ngomodel._organizations import Organization
from ngomodel._programs import Indicator, IndicatorValue, Participant, Program, Transaction
from ngomodel._scalars import ExtensionData, PartialDate, amount_text
from ngomodel._values import OrganizationReference, Period
from ngomodel.conversion import Converted, LeftOut
from ngomodel.errors import Problem
from ngomodel.iati._mapping import IATI_VERSION, MAPPING, SRS_NAME, left_out

try:
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs
except ImportError as error:  # pragma: no cover - the iati extra is installed in the tests
    raise ImportError(
        "ngomodel.iati needs lxml: install it with pip install 'ngomodel[iati]'",
        name=error.name,
    ) from error

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _empty(value: Any, default: Any) -> bool:
    if value is None or value == default:
        return True
    return isinstance(value, (tuple, ExtensionData)) and len(value) == 0


def number_text(value: float) -> str:
    """Write a number for IATI: a whole number plainly, else as a decimal without exponent."""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


def bool_text(value: bool) -> str:
    """Write a boolean as IATI's 1 or 0."""
    return "1" if value else "0"


class _Writer:
    """One export: the problems met and the kinds of values left out."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.problems: list[Problem] = []
        self.left = LeftOut("not_exported", "IATI has no place for it")
        self.reasons: dict[str, str] = {row.field: row.how for row in MAPPING if row.iati is None}
        self.by_id: dict[str, Organization] = {
            o.id: o for o in (*dataset.organizations, *dataset.networks)
        }
        self.programs_by_id = {p.id: p for p in dataset.programs}

    # -- problems -----------------------------------------------------------------------

    def missing(self, pointer: str, where: str, what: str) -> None:
        self.problems.append(
            Problem(
                path=pointer,
                code="iati_required_missing",
                message=f"IATI 2.03 requires {what}, and the data has none",
                where=where,
            )
        )

    def leave(self, kind: str, pointer: str, reason: str | None = None) -> None:
        self.left.add(kind, pointer, reason or self.reasons.get(kind))

    def leave_fields(self, obj: Any, prefix: str, pointer: str) -> None:
        """Leave out, naming them, the non-empty fields of *obj* that IATI has no place for."""
        defaults = {a.name: a.default for a in attrs.fields(type(obj))}
        for row in left_out(prefix):
            name = row.field[len(prefix) + 1 :]
            if not _empty(getattr(obj, name), defaults.get(name)):
                self.leave(row.field, f"{pointer}/{name}")

    # -- values -------------------------------------------------------------------------

    def date(self, date: PartialDate, pointer: str, where: str) -> str | None:
        if date.day is None:
            self.problems.append(
                Problem(
                    path=pointer,
                    code="iati_date_incomplete",
                    message=f"IATI 2.03 needs a whole date (YYYY-MM-DD), and {date} is not one",
                    where=where,
                )
            )
            return None
        return str(date)

    def xml_text(self, text: str, pointer: str, where: str) -> bool:
        """Whether *text* can be written in XML; an ``iati_text_not_xml`` error if not."""
        if _NOT_XML.search(text) is None:
            return True
        self.problems.append(
            Problem(
                path=pointer,
                code="iati_text_not_xml",
                message="the text holds a character XML 1.0 cannot carry (a control character)",
                where=where,
            )
        )
        return False

    def narratives(self, parent: Any, texts: Mapping[str, str], pointer: str) -> None:
        for tag, text in texts.items():
            if not self.xml_text(text, f"{pointer}/{tag}", "narrative"):
                continue
            narrative = etree.SubElement(parent, "narrative")
            narrative.set(XML_LANG, tag)
            narrative.text = text

    def text_element(
        self, parent: Any, tag: str, texts: Mapping[str, str] | None, pointer: str
    ) -> None:
        if texts:
            self.narratives(etree.SubElement(parent, tag), texts, pointer)

    def organization(
        self,
        parent: Any,
        tag: str,
        ref: OrganizationReference | Participant,
        pointer: str,
        where: str,
        *,
        needs_ref_and_type: bool = False,
    ) -> Any:
        known = self.by_id.get(ref.organization_id) if ref.organization_id else None
        reference = ref.reference or (known.iati_identifier if known else None)
        kind = ref.organization_type or (known.organization_type if known else None)
        names = ref.name or (known.name if known else None)
        if needs_ref_and_type:
            if reference is None:
                self.missing(pointer, f"{where}/@ref", "the organisation's IATI identifier")
            if kind is None:
                self.missing(pointer, f"{where}/@type", "the organisation's type")
            if not names:
                self.missing(pointer, f"{where}/narrative", "the organisation's name")
        element = etree.SubElement(parent, tag)
        if reference is not None:
            element.set("ref", reference)
        if kind is not None:
            element.set("type", kind)
        if names:
            self.narratives(element, names, f"{pointer}/name")
        return element

    def money(
        self, parent: Any, amount: Decimal, currency: str, value_date: Any, pointer: str, where: str
    ) -> None:
        value = etree.SubElement(parent, "value")
        value.set("currency", currency)
        if value_date is None:
            self.missing(pointer, f"{where}/value/@value-date", "the value date of an amount")
        else:
            iso = self.date(value_date, f"{pointer}/value_date", f"{where}/value/@value-date")
            if iso is not None:
                value.set("value-date", iso)
        value.text = amount_text(amount)

    def period(self, parent: Any, period: Period | None, pointer: str, where: str) -> None:
        for end, tag in (("start", "period-start"), ("end", "period-end")):
            date = getattr(period, end) if period is not None else None
            if date is None:
                self.missing(pointer, f"{where}/{tag}", f"the {end} of the period")
                continue
            iso = self.date(date, f"{pointer}/period/{end}", f"{where}/{tag}/@iso-date")
            if iso is not None:
                etree.SubElement(parent, tag).set("iso-date", iso)

    # -- activities ---------------------------------------------------------------------

    def activity(self, root: Any, program: Program, pointer: str) -> None:
        w = "iati-activity"
        self.leave_fields(program, "Program", pointer)
        activity = etree.SubElement(root, w)
        if self.dataset.default_language is not None:
            activity.set(XML_LANG, self.dataset.default_language)
        if program.default_currency is not None:
            activity.set("default-currency", program.default_currency)
        if program.humanitarian is not None:
            activity.set("humanitarian", bool_text(program.humanitarian))
        if program.iati_identifier is None:
            self.missing(pointer, f"{w}/iati-identifier", "the activity's IATI identifier")
        else:
            etree.SubElement(activity, "iati-identifier").text = program.iati_identifier
        if program.reporting_organization is None:
            self.missing(pointer, f"{w}/reporting-org", "the reporting organisation")
        else:
            self.organization(
                activity,
                "reporting-org",
                program.reporting_organization,
                f"{pointer}/reporting_organization",
                f"{w}/reporting-org",
                needs_ref_and_type=True,
            )
        if program.title is None:
            self.missing(pointer, f"{w}/title", "a title")
        else:
            self.text_element(activity, "title", program.title, f"{pointer}/title")
        descriptions = [("1", program.description, "description")] if program.description else []
        descriptions += [
            (d.type, d.text, f"descriptions/{i}/text") for i, d in enumerate(program.descriptions)
        ]
        if not descriptions:
            self.missing(pointer, f"{w}/description", "a description")
        for kind, text, name in descriptions:
            description = etree.SubElement(activity, "description")
            description.set("type", kind)
            self.narratives(description, text, f"{pointer}/{name}")
        if not program.participants:
            self.missing(pointer, f"{w}/participating-org", "a participating organisation")
        for i, participant in enumerate(program.participants):
            here = f"{pointer}/participants/{i}"
            self.leave_fields(participant, "Program.participants[]", here)
            element = self.organization(
                activity, "participating-org", participant, here, f"{w}/participating-org"
            )
            if participant.role is None:
                self.missing(here, f"{w}/participating-org/@role", "the organisation's role")
            else:
                element.set("role", participant.role)
        if program.status is None:
            self.missing(pointer, f"{w}/activity-status", "the activity status")
        else:
            etree.SubElement(activity, "activity-status").set("code", program.status)
        dates = (
            ("1", "planned_start", program.planned_start),
            ("2", "actual_start", program.actual_start),
            ("3", "planned_end", program.planned_end),
            ("4", "actual_end", program.actual_end),
        )
        if all(date is None for _, _, date in dates):
            self.missing(pointer, f"{w}/activity-date", "an activity date")
        for kind, name, date in dates:
            if date is None:
                continue
            iso = self.date(
                date, f"{pointer}/{name}", f"{w}/activity-date[@type='{kind}']/@iso-date"
            )
            if iso is not None:
                element = etree.SubElement(activity, "activity-date")
                element.set("type", kind)
                element.set("iso-date", iso)
        for share in program.recipient_countries:
            element = etree.SubElement(activity, "recipient-country")
            element.set("code", share.country)
            if share.percentage is not None:
                element.set("percentage", number_text(share.percentage))
        for region in program.recipient_regions:
            element = etree.SubElement(activity, "recipient-region")
            element.set("code", region.code)
            element.set("vocabulary", region.vocabulary)
            if region.percentage is not None:
                element.set("percentage", number_text(region.percentage))
        for i, location in enumerate(program.locations):
            self.location(activity, location, f"{pointer}/locations/{i}")
        for sector in program.sectors:
            element = etree.SubElement(activity, "sector")
            element.set("vocabulary", sector.vocabulary)
            element.set("code", sector.code)
            if sector.percentage is not None:
                element.set("percentage", number_text(sector.percentage))
        for marker in program.policy_markers:
            element = etree.SubElement(activity, "policy-marker")
            element.set("vocabulary", marker.vocabulary)
            element.set("code", marker.code)
            if marker.significance is not None:
                element.set("significance", marker.significance)
        for i, budget in enumerate(program.budgets):
            here = f"{pointer}/budgets/{i}"
            element = etree.SubElement(activity, "budget")
            if budget.type is not None:
                element.set("type", budget.type)
            if budget.status is not None:
                element.set("status", budget.status)
            self.period(element, budget.period, here, f"{w}/budget")
            self.money(
                element,
                budget.value.amount,
                budget.value.currency,
                budget.value.value_date,
                f"{here}/value",
                f"{w}/budget",
            )
        for i, transaction in enumerate(program.transactions):
            self.transaction(activity, transaction, f"{pointer}/transactions/{i}")
        for i, related in enumerate(program.related_programs):
            here = f"{pointer}/related_programs/{i}"
            ref = related.iati_identifier
            if ref is None and related.program_id in self.programs_by_id:
                ref = self.programs_by_id[related.program_id].iati_identifier
            if ref is None:
                self.missing(
                    here, f"{w}/related-activity/@ref", "the related activity's identifier"
                )
                continue
            element = etree.SubElement(activity, "related-activity")
            element.set("ref", ref)
            element.set("type", related.type)
        for i, result in enumerate(program.results):
            here = f"{pointer}/results/{i}"
            self.leave_fields(result, "Program.results[]", here)
            if result.documents:
                self.leave("Document", f"{here}/documents")
            element = etree.SubElement(activity, "result")
            element.set("type", result.type)
            self.text_element(element, "title", result.title, f"{here}/title")
            self.text_element(element, "description", result.description, f"{here}/description")
            for j, indicator in enumerate(result.indicators):
                self.indicator(element, indicator, f"{here}/indicators/{j}")
        if program.documents:
            self.leave("Document", f"{pointer}/documents")

    def location(self, activity: Any, location: Any, pointer: str) -> None:
        self.leave_fields(location, "Program.locations[]", pointer)
        element = etree.SubElement(activity, "location")
        element.set("ref", location.id)
        if location.reach is not None:
            etree.SubElement(element, "location-reach").set("code", location.reach)
        self.text_element(element, "name", location.name, f"{pointer}/name")
        self.text_element(element, "description", location.description, f"{pointer}/description")
        if location.point is not None:
            point = etree.SubElement(element, "point")
            point.set("srsName", SRS_NAME)
            etree.SubElement(
                point, "pos"
            ).text = (
                f"{number_text(location.point.latitude)} {number_text(location.point.longitude)}"
            )
        for tag, code in (
            ("exactness", location.exactness),
            ("location-class", location.location_class),
            ("feature-designation", location.feature_type),
        ):
            if code is not None:
                etree.SubElement(element, tag).set("code", code)

    def transaction(self, activity: Any, transaction: Transaction, pointer: str) -> None:
        w = "iati-activity/transaction"
        element = etree.SubElement(activity, "transaction")
        if transaction.reference is not None and self.xml_text(
            transaction.reference, f"{pointer}/reference", f"{w}/@ref"
        ):
            element.set("ref", transaction.reference)
        if transaction.humanitarian is not None:
            element.set("humanitarian", bool_text(transaction.humanitarian))
        etree.SubElement(element, "transaction-type").set("code", transaction.type)
        iso = self.date(transaction.date, f"{pointer}/date", f"{w}/transaction-date/@iso-date")
        if iso is not None:
            etree.SubElement(element, "transaction-date").set("iso-date", iso)
        self.money(
            element,
            transaction.amount,
            transaction.currency,
            transaction.value_date,
            pointer,
            w,
        )
        self.text_element(element, "description", transaction.description, f"{pointer}/description")
        for tag, ref, name in (
            ("provider-org", transaction.provider, "provider"),
            ("receiver-org", transaction.receiver, "receiver"),
        ):
            if ref is not None:
                self.organization(element, tag, ref, f"{pointer}/{name}", f"{w}/{tag}")
        for i, sector in enumerate(transaction.sectors):
            if sector.percentage is not None:
                self.leave(
                    "Program.transactions[].sectors[].percentage",
                    f"{pointer}/sectors/{i}/percentage",
                )
            child = etree.SubElement(element, "sector")
            child.set("vocabulary", sector.vocabulary)
            child.set("code", sector.code)
        if transaction.recipient_country is not None:
            etree.SubElement(element, "recipient-country").set(
                "code", transaction.recipient_country
            )
        region = transaction.recipient_region
        if region is not None:
            if region.percentage is not None:
                self.leave(
                    "Program.transactions[].recipient_region.percentage",
                    f"{pointer}/recipient_region/percentage",
                )
            child = etree.SubElement(element, "recipient-region")
            child.set("code", region.code)
            child.set("vocabulary", region.vocabulary)

    def indicator(self, result: Any, indicator: Indicator, pointer: str) -> None:
        w = "iati-activity/result/indicator"
        self.leave_fields(indicator, "Program.results[].indicators[]", pointer)
        if indicator.documents:
            self.leave("Document", f"{pointer}/documents")
        element = etree.SubElement(result, "indicator")
        element.set("measure", indicator.measure)
        if indicator.ascending is not None:
            element.set("ascending", bool_text(indicator.ascending))
        self.text_element(element, "title", indicator.title, f"{pointer}/title")
        self.text_element(element, "description", indicator.description, f"{pointer}/description")
        if indicator.baseline is not None or indicator.baseline_date is not None:
            # A baseline date without a value is written too: IATI's baseline needs only
            # its year, and the date would otherwise be lost.
            baseline = etree.SubElement(element, "baseline")
            if indicator.baseline_date is None:
                self.missing(pointer, f"{w}/baseline/@year", "the year of the baseline")
            else:
                baseline.set("year", str(indicator.baseline_date.year))
                if indicator.baseline_date.day is not None:
                    baseline.set("iso-date", str(indicator.baseline_date))
            if indicator.baseline is not None:
                self.value(baseline, indicator.baseline, f"{pointer}/baseline")
        for i, period in enumerate(indicator.periods):
            here = f"{pointer}/periods/{i}"
            child = etree.SubElement(element, "period")
            self.period(child, period.period, here, f"{w}/period")
            for tag, value in (("target", period.target), ("actual", period.actual)):
                if value is not None:
                    self.value(etree.SubElement(child, tag), value, f"{here}/{tag}")

    def value(self, element: Any, value: IndicatorValue, pointer: str) -> None:
        if value.qualifier != "exact":
            self.leave("IndicatorValue.qualifier", f"{pointer}/qualifier")
        if value.disaggregations:
            self.leave("IndicatorValue.disaggregations", f"{pointer}/disaggregations")
        if value.value is not None:
            element.set("value", number_text(value.value))
        for location_id in value.location_ids:
            etree.SubElement(element, "location").set("ref", location_id)
        self.text_element(element, "comment", value.comment, f"{pointer}/comment")

    # -- organisations ------------------------------------------------------------------

    def organisation(
        self, root: Any, org: Organization, pointer: str, reporting: OrganizationReference | None
    ) -> None:
        w = "iati-organisation"
        self.leave_fields(org, "Organization", pointer)
        if pointer.startswith("/networks/"):
            self.leave_fields(org, "Network", pointer)
        element = etree.SubElement(root, w)
        if self.dataset.default_language is not None:
            element.set(XML_LANG, self.dataset.default_language)
        if org.iati_identifier is None:
            self.missing(pointer, f"{w}/organisation-identifier", "the organisation's identifier")
        else:
            etree.SubElement(element, "organisation-identifier").text = org.iati_identifier
        self.text_element(element, "name", org.name, f"{pointer}/name")
        if reporting is not None:
            self.organization(
                element,
                "reporting-org",
                reporting,
                "",
                f"{w}/reporting-org",
                needs_ref_and_type=True,
            )


def _dataset_left_out(writer: _Writer, dataset: Dataset) -> None:
    """Leave out the dataset's collections IATI has no place for, each item by its pointer."""
    defaults = {a.name: a.default for a in attrs.fields(Dataset)}
    for row in left_out("Dataset"):
        name = row.field.removeprefix("Dataset.")
        value = getattr(dataset, name)
        if _empty(value, defaults.get(name)):
            continue
        if isinstance(value, tuple):
            for i in range(len(value)):
                writer.leave(row.field, f"/{name}/{i}")
        else:
            writer.leave(row.field, f"/{name}")


def _finish(
    writer: _Writer, root: Any, partial: bool, extra: Iterable[Problem] = ()
) -> Converted[bytes]:
    problems = [*writer.problems, *extra, *writer.left.problems()]
    value: bytes | None = None
    if partial or not any(p.severity == "error" for p in problems):
        value = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Converted(value, problems)


def _root(tag: str, generated: datetime.datetime | None) -> Any:
    root = etree.Element(tag)
    root.set("version", IATI_VERSION)
    if generated is not None:
        if generated.tzinfo is None:
            raise ValueError("generated must carry a time zone: IATI datetimes are absolute")
        root.set("generated-datetime", generated.isoformat())
    return root


def to_activities(
    dataset: Dataset, *, partial: bool = False, generated: datetime.datetime | None = None
) -> Converted[bytes]:
    """Write the dataset's programs as an IATI 2.03 ``iati-activities`` file.

    Every field that IATI has a place for is written, in the XSD's order of elements
    (see :data:`MAPPING`). Nothing is invented: where IATI requires a value the data
    lacks, an ``iati_required_missing`` error names the program (``path``) and the IATI
    element it needs (``where``); a date not known to the day is an
    ``iati_date_incomplete`` error. What IATI cannot hold is left out with one
    ``not_exported`` warning per kind, naming how many and where.

    Args:
        dataset: The dataset.
        partial: Write what can be written even when there are errors; such a file may
            not be valid against the IATI XSD.
        generated: The ``generated-datetime`` to write (time-zone aware); none by default,
            so that the same dataset always gives the same bytes.

    Returns:
        The UTF-8 XML with its declaration, or ``None`` with the errors (unless *partial*).

    >>> from ngomodel import from_dict
    >>> program = {"id": "p", "title": {"en": "P"}}
    >>> done = to_activities(from_dict({"schema_version": "1.1", "programs": [program]}))
    >>> done.value is None, sorted({p.where for p in done.errors})[:2]
    (True, ['iati-activity/activity-date', 'iati-activity/activity-status'])
    """
    writer = _Writer(dataset)
    root = _root("iati-activities", generated)
    for i, program in enumerate(dataset.programs):
        writer.activity(root, program, f"/programs/{i}")
    if not dataset.programs:
        writer.missing("/programs", "iati-activities/iati-activity", "at least one activity")
    _dataset_left_out(writer, dataset)
    for kind in ("organizations", "networks"):
        for i, _ in enumerate(getattr(dataset, kind)):
            writer.leave(f"Dataset.{kind}", f"/{kind}/{i}", "to_organisations writes them")
    return _finish(writer, root, partial)


def to_organisations(
    dataset: Dataset,
    *,
    partial: bool = False,
    reporting_organization: OrganizationReference | None = None,
    generated: datetime.datetime | None = None,
) -> Converted[bytes]:
    """Write the dataset's organizations and networks as an IATI 2.03 ``iati-organisations`` file.

    IATI requires each organisation's identifier and name, and the organisation that
    publishes the file (``reporting-org``): the dataset does not say who that is, so it
    is given here, never assumed. Errors, warnings and *partial* work as in
    :func:`to_activities`.

    Args:
        dataset: The dataset.
        partial: Write what can be written even when there are errors; such a file may
            not be valid against the IATI XSD.
        reporting_organization: The organisation that publishes the file: one of the
            dataset (``organization_id``) or one named by its IATI identifier and type.
        generated: The ``generated-datetime`` to write (time-zone aware); none by default.

    Returns:
        The UTF-8 XML with its declaration, or ``None`` with the errors (unless *partial*).

    >>> from ngomodel import from_dict
    >>> org = {"id": "o", "name": {"en": "O"}, "iati_identifier": "XM-DAC-1"}
    >>> done = to_organisations(from_dict({"schema_version": "1.1", "organizations": [org]}))
    >>> [p.where for p in done.errors]
    ['iati-organisation/reporting-org']
    """
    writer = _Writer(dataset)
    root = _root("iati-organisations", generated)
    for kind in ("organizations", "networks"):
        for i, org in enumerate(getattr(dataset, kind)):
            pointer = f"/{kind}/{i}"
            writer.organisation(root, org, pointer, reporting_organization)
            if reporting_organization is None:
                writer.missing(
                    pointer,
                    "iati-organisation/reporting-org",
                    "the organisation that publishes the file (pass reporting_organization)",
                )
    if not (dataset.organizations or dataset.networks):
        writer.missing(
            "/organizations", "iati-organisations/iati-organisation", "at least one organisation"
        )
    _dataset_left_out(writer, dataset)
    for i, _ in enumerate(dataset.programs):
        writer.leave("Dataset.programs", f"/programs/{i}", "to_activities writes them")
    return _finish(writer, root, partial)
