"""Read IATI 2.01, 2.02 and 2.03 XML into a dataset, following :data:`ngomodel.iati.MAPPING`.

The file is read one ``iati-activity`` (or ``iati-organisation``) at a time through the
safe reader of :mod:`ngomodel._xml`. Each is turned into ngomodel JSON, keeping where each
value came from (its XPath and line); the JSON is then loaded as any other, so codes,
dates, amounts and ids are checked by the model itself, and each error is placed back in
the XML. Every element and attribute the reader does not take is reported, one
``not_imported`` warning per kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import attrs

from ngomodel._dataset import Dataset, a_or_an
from ngomodel._json import from_dict
from ngomodel._organizations import Organization
from ngomodel._programs import Program
from ngomodel._xml import Child, Element, XmlReader
from ngomodel.conversion import Converted, LeftOut
from ngomodel.errors import Problem, ValidationError, brief

# The rules that an import checks, entity by entity and on the ids it keeps: the
# private helpers are shared so that the checks say exactly what check() says.
from ngomodel.rules import _KINDS, RULES, _duplicates, _model_extractor, check_entity
from ngomodel.rules import _problem as _rule_problem

__all__ = [
    "NOT_IMPORTED",
    "STREAM_DATASET_RULES",
    "IatiStream",
    "from_iati",
    "iati_id",
    "iati_identifier_of",
    "iter_from_iati",
]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The IATI versions read.
VERSIONS = ("2.01", "2.02", "2.03")
#: The language of a narrative whose file says none (BCP 47 "undetermined").
UNDETERMINED = "und"
#: The spatial reference system read for ``location/point`` (WGS 84), as the export writes it.
_WGS84 = ("http://www.opengis.net/def/crs/EPSG/0/4326",)
#: The characters an ngomodel id cannot hold, and ``%`` (escaped so the rule reverses).
_ESCAPED = re.compile(r"[%/&|?]")
_UNESCAPED = re.compile(r"%(25|2F|26|7C|3F)")
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
#: A whole number, as IATI writes one: digits with an optional sign.
_WHOLE = re.compile(r"[+-]?[0-9]+\Z")
_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}
_DATE_TYPES = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}

_NO_PLACE = "ngomodel has no place for it"
_CODE_ONLY = "an activity-wide default code, which ngomodel does not model"
#: The IATI 2.03 places ngomodel does not read, each with why: importing a file that
#: has one reports it in a ``not_imported`` warning (a test checks each is). Inside the
#: elements read, any attribute or element not in :data:`MAPPING` is reported the same
#: way; these are the ones met in publishers' files.
NOT_IMPORTED: tuple[tuple[str, str], ...] = (
    ("iati-activity/@last-updated-datetime", "ngomodel keeps no publication metadata"),
    ("iati-activity/@hierarchy", "ngomodel has no activity hierarchy"),
    ("iati-activity/@linked-data-uri", _NO_PLACE),
    ("iati-activity/@budget-not-provided", _NO_PLACE),
    ("iati-activity/other-identifier", "ngomodel keeps one identifier per program"),
    ("iati-activity/contact-info", "programs have no contact details in ngomodel"),
    ("iati-activity/activity-scope", _NO_PLACE),
    ("iati-activity/tag", _NO_PLACE),
    ("iati-activity/country-budget-items", _NO_PLACE),
    ("iati-activity/humanitarian-scope", _NO_PLACE),
    ("iati-activity/collaboration-type", _CODE_ONLY),
    ("iati-activity/default-flow-type", _CODE_ONLY),
    ("iati-activity/default-finance-type", _CODE_ONLY),
    ("iati-activity/default-aid-type", _CODE_ONLY),
    ("iati-activity/default-tied-status", _CODE_ONLY),
    ("iati-activity/planned-disbursement", "ngomodel has budgets and transactions only"),
    ("iati-activity/capital-spend", _NO_PLACE),
    ("iati-activity/document-link", "ngomodel links documents as sources, which IATI lacks"),
    ("iati-activity/legacy-data", _NO_PLACE),
    ("iati-activity/conditions", _NO_PLACE),
    ("iati-activity/crs-add", _NO_PLACE),
    ("iati-activity/fss", _NO_PLACE),
    (
        "iati-activity/location (without @ref)",
        "an ngomodel location needs an id, and IATI's ref is optional",
    ),
    ("iati-activity/participating-org/@activity-id", _NO_PLACE),
    ("iati-activity/participating-org/@crs-channel-code", _NO_PLACE),
    ("iati-activity/transaction/disbursement-channel", _NO_PLACE),
    ("iati-activity/transaction/flow-type", _NO_PLACE),
    ("iati-activity/transaction/finance-type", _NO_PLACE),
    ("iati-activity/transaction/aid-type", _NO_PLACE),
    ("iati-activity/transaction/tied-status", _NO_PLACE),
    ("iati-activity/result/@aggregation-status", _NO_PLACE),
    ("iati-activity/result/document-link", _NO_PLACE),
    ("iati-organisation/@last-updated-datetime", "ngomodel keeps no publication metadata"),
    ("iati-organisation/reporting-org", "an organization does not report on itself"),
    ("iati-organisation/total-budget", "ngomodel has no organisation budgets"),
    ("iati-organisation/recipient-org-budget", "ngomodel has no organisation budgets"),
    ("iati-organisation/recipient-region-budget", "ngomodel has no organisation budgets"),
    ("iati-organisation/recipient-country-budget", "ngomodel has no organisation budgets"),
    ("iati-organisation/total-expenditure", "ngomodel has no organisation budgets"),
    ("iati-organisation/document-link", _NO_PLACE),
)
_WHY = dict(NOT_IMPORTED)
_RULE_INDEX = {rule.code: index for index, rule in enumerate(RULES)}


def iati_id(identifier: str) -> str:
    """The ngomodel id made from an IATI identifier: ``% / & | ?`` percent-encoded.

    Every other character is kept, so the id reads as the identifier and turns back into
    it (:func:`iati_identifier_of`); the identifier itself is kept too, as
    ``iati_identifier``, which the export writes.

    >>> iati_id("GB-CHC-202918-UK-PRJ/1")
    'GB-CHC-202918-UK-PRJ%2F1'
    """
    return _ESCAPED.sub(lambda m: f"%{ord(m.group()):02X}", identifier)


def iati_identifier_of(id_: str) -> str:
    """The IATI identifier an id was made from by :func:`iati_id`.

    >>> iati_identifier_of("GB-CHC-202918-UK-PRJ%2F1")
    'GB-CHC-202918-UK-PRJ/1'
    """
    return _UNESCAPED.sub(lambda m: chr(int(m.group(1), 16)), id_)


def _local(element: Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return "node()"
    if tag[:1] != "{":
        return tag
    local = tag[tag.index("}") + 1 :]
    return f"{element.prefix}:{local}" if element.prefix else local


def _attr_name(name: str) -> str:
    return "xml:lang" if name == XML_LANG else name


def _number(text: str) -> int | float | str:
    """A number: a whole one read exactly (``9007199254740993`` stays itself, which a float
    would round), any other as a float; the text as it is when it is not one, or is a whole
    number too long to read (the model says so)."""
    stripped = text.strip()
    if not _NUMBER.match(stripped):
        return text
    if _WHOLE.match(stripped):
        try:
            return int(stripped)
        except ValueError:  # past Python's limit on the digits of an int read from text
            return text
    return float(stripped)


def _boolean(text: str) -> bool | str:
    return _BOOLEANS.get(text.strip(), text)


class _Activity:
    """What is known while one child of the root is read: its XPaths and what was taken."""

    def __init__(self, child: Child) -> None:
        self.child = child
        self.paths: dict[Any, str] = {}
        self.kinds: dict[Any, str] = {}
        self.used: dict[Any, set[str]] = {}
        self._walk(child.element, child.where, _local(child.element))

    def _walk(self, element: Element, where: str, kind: str) -> None:
        self.paths[element] = where
        self.kinds[element] = kind
        counts: dict[str, int] = {}
        for sub in element:
            name = _local(sub)
            counts[name] = counts.get(name, 0) + 1
            self._walk(sub, f"{where}/{name}[{counts[name]}]", f"{kind}/{name}")


class _Reader:
    """One import: the problems met, what was left out, and where each value came from."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.problems: list[Problem] = []
        self.left = LeftOut("not_imported", "ngomodel has no place for it", in_source=True)
        #: kind -> (JSON Pointer of the entity, line) of the first one left out, which
        #: its warning names besides the XPath.
        self.first: dict[str, tuple[str, int | None]] = {}
        #: JSON Pointer -> (XPath, line)
        self.origin: dict[str, tuple[str, int | None]] = {}
        self.activity: _Activity
        self.entity = ""
        self.default_lang: str | None = None
        #: The root element's name, attributes and line, once read.
        self.root_kind = ""
        self.root_attributes: dict[str, str] = {}
        self.root_line: int | None = None
        #: The xml:lang of each activity or organisation (None where it has none).
        self.languages: set[str | None] = set()

    # -- bookkeeping --------------------------------------------------------------------

    def where(self, element: Element, attribute: str | None = None) -> str:
        path = self.activity.paths[element]
        return f"{path}/@{_attr_name(attribute)}" if attribute else path

    def place(self, pointer: str, element: Element, attribute: str | None = None) -> None:
        self.origin[pointer] = (self.where(element, attribute), element.sourceline)

    def use(self, element: Element, *attributes: str) -> None:
        self.activity.used.setdefault(element, set()).update(attributes)

    def attr(self, element: Element, name: str, pointer: str | None = None) -> str | None:
        value: str | None = element.get(name)
        if value is not None:
            self.use(element, name)
            if pointer is not None:
                self.place(pointer, element, name)
        return value

    def leave(self, kind: str, element: Element, why: str, attribute: str | None = None) -> None:
        self.left.add(kind, self.where(element, attribute), why)
        self.first.setdefault(kind, (self.entity, element.sourceline))

    def error(self, element: Element | None, code: str, message: str, where: str = "") -> None:
        self.problems.append(
            Problem(
                path=self.entity,
                code=code,
                message=message,
                where=self.where(element) if element is not None else where,
                line=element.sourceline if element is not None else None,
            )
        )

    def children(self, element: Element, name: str) -> list[Element]:
        found = [sub for sub in element if _local(sub) == name]
        for sub in found:
            self.use(sub)
        return found

    def child(self, element: Element, name: str) -> Element | None:
        found = self.children(element, name)
        for extra in found[1:]:
            self.leave(
                f"{self.activity.kinds[extra]} (a second one)",
                extra,
                "ngomodel holds one",
            )
        return found[0] if found else None

    def unused(self) -> None:
        """Leave out, naming them, the elements, attributes and texts no rule took."""
        self._unused(self.activity.child.element)

    def _unused(self, element: Element) -> None:
        kind = self.activity.kinds[element]
        taken = self.activity.used.get(element)
        if taken is None:
            self.leave(kind, element, _WHY.get(kind, _NO_PLACE))
            return
        for name in element.attrib:
            if name not in taken:
                left = f"{kind}/@{_attr_name(name)}"
                self.leave(left, element, _WHY.get(left, _NO_PLACE), name)
        if element.text and element.text.strip() and "#text" not in taken:
            self.leave(f"{kind}/text()", element, _NO_PLACE)
        for sub in element:
            self._unused(sub)

    def warnings(self) -> list[Problem]:
        """One ``not_imported`` warning per kind, with the entity and line of its first."""
        return [
            attrs.evolve(problem, path=path, line=line)
            for (path, line), problem in zip(self.first.values(), self.left.problems(), strict=True)
        ]

    # -- values -------------------------------------------------------------------------

    def text(self, element: Element, pointer: str) -> str | None:
        """The text of an element (an identifier, an amount), without surrounding space."""
        self.use(element, "#text")
        self.place(pointer, element)
        text = (element.text or "").strip()
        return text or None

    def narratives(self, element: Element | None, pointer: str) -> dict[str, str] | None:
        """The narratives of an element, by language (inherited as IATI specifies)."""
        if element is None:
            return None
        self.place(pointer, element)
        texts: dict[str, str] = {}
        for narrative in self.children(element, "narrative"):
            self.use(narrative, XML_LANG, "#text")
            language = narrative.get(XML_LANG) or self.default_lang or self.language
            text = narrative.text or ""
            if not text.strip():
                self.leave(
                    f"{self.activity.kinds[narrative]} (empty)", narrative, "it holds no text"
                )
            elif language in texts:
                self.leave(
                    f"{self.activity.kinds[narrative]} (a second in one language)",
                    narrative,
                    "ngomodel holds one text per language",
                )
            else:
                texts[language] = text
                self.place(f"{pointer}/{language}", narrative)
        return texts or None

    def put(
        self,
        record: dict[str, Any],
        key: str,
        pointer: str,
        element: Element | None,
        attribute: str,
        read: Callable[[str], float | bool | str] | None = None,
    ) -> None:
        """Set ``record[key]`` from an attribute of *element*, when it has one."""
        if element is None:
            return
        value = self.attr(element, attribute, f"{pointer}/{key}")
        if value is not None:
            record[key] = read(value) if read is not None else value

    def texts_into(
        self, record: dict[str, Any], key: str, element: Element, name: str, pointer: str
    ) -> None:
        texts = self.narratives(self.child(element, name), f"{pointer}/{key}")
        if texts is not None:
            record[key] = texts

    def code_of(
        self, element: Element, name: str, record: dict[str, Any], key: str, p: str
    ) -> None:
        self.put(record, key, p, self.child(element, name), "code")

    def organization(self, element: Element, pointer: str) -> dict[str, Any]:
        self.place(pointer, element)
        record: dict[str, Any] = {}
        self.put(record, "reference", pointer, element, "ref")
        self.put(record, "organization_type", pointer, element, "type")
        texts = self.narratives(element, f"{pointer}/name")
        if texts is not None:
            record["name"] = texts
        return record

    def named(self, element: Element, record: dict[str, Any]) -> bool:
        """Whether an organisation element names one; if not, it is left out, and said so."""
        if "reference" in record or "name" in record:
            return True
        self.leave(
            f"{self.activity.kinds[element]} (without @ref or a narrative)",
            element,
            "an ngomodel organization reference names the organization",
        )
        self._mark_all(element)
        return False

    def money(
        self, parent: Element, pointer: str, currency: str | None
    ) -> tuple[dict[str, Any], Any | None]:
        value = self.child(parent, "value")
        record: dict[str, Any] = {}
        if value is None:
            return record, None
        self.place(pointer, value)
        amount = self.text(value, f"{pointer}/amount")
        if amount is not None:
            record["amount"] = amount
        self.put(record, "currency", pointer, value, "currency")
        if "currency" not in record and currency is not None:
            record["currency"] = currency
            self.origin[f"{pointer}/currency"] = (
                self.where(self.activity.child.element, "default-currency"),
                self.activity.child.element.sourceline,
            )
        self.put(record, "value_date", pointer, value, "value-date")
        return record, value

    def period(self, element: Element, record: dict[str, Any], pointer: str) -> None:
        found: dict[str, Any] = {}
        for tag, key in (("period-start", "start"), ("period-end", "end")):
            self.put(found, key, f"{pointer}/period", self.child(element, tag), "iso-date")
        if found:
            record["period"] = found

    # -- activities ---------------------------------------------------------------------

    def program(self, root_lang: str | None, pointer: str) -> dict[str, Any] | None:
        element = self.activity.child.element
        record = self.identified(element, root_lang, pointer, "iati-identifier", "activity")
        if record is None:
            return None
        self.put(record, "default_currency", pointer, element, "default-currency")
        self.put(record, "humanitarian", pointer, element, "humanitarian", _boolean)
        reporting = self.child(element, "reporting-org")
        if reporting is not None:
            record["reporting_organization"] = self.organization(
                reporting, f"{pointer}/reporting_organization"
            )
        self.texts_into(record, "title", element, "title", pointer)
        descriptions: list[dict[str, Any]] = []
        for description in self.children(element, "description"):
            here = f"{pointer}/descriptions/{len(descriptions)}"
            self.place(here, description)
            item: dict[str, Any] = {"type": self.attr(description, "type", f"{here}/type") or "1"}
            texts = self.narratives(description, f"{here}/text")
            if texts is None:
                continue
            item["text"] = texts
            descriptions.append(item)
        if descriptions:
            record["descriptions"] = descriptions
        participants: list[dict[str, Any]] = []
        for org in self.children(element, "participating-org"):
            here = f"{pointer}/participants/{len(participants)}"
            item = self.organization(org, here)
            self.put(item, "role", here, org, "role")
            if self.named(org, item):
                participants.append(item)
        if participants:
            record["participants"] = participants
        self.code_of(element, "activity-status", record, "status", pointer)
        for date in self.children(element, "activity-date"):
            key = _DATE_TYPES.get(date.get("type", ""))
            if key is None or key in record:
                self.leave(
                    f"{self.activity.kinds[date]}[@type='{date.get('type')}']"
                    + (" (a second one)" if key else ""),
                    date,
                    "ngomodel holds one date of each of the types 1 to 4",
                )
                continue
            self.use(date, "type")
            self.put(record, key, pointer, date, "iso-date")
        self.shares(element, record, pointer)
        locations: list[dict[str, Any]] = []
        for location in self.children(element, "location"):
            found = self.location(location, f"{pointer}/locations/{len(locations)}")
            if found is not None:
                locations.append(found)
        if locations:
            record["locations"] = locations
        self.classifications(element, "sector", record, "sectors", pointer, percentage=True)
        markers: list[dict[str, Any]] = []
        for marker in self.children(element, "policy-marker"):
            here = f"{pointer}/policy_markers/{len(markers)}"
            self.place(here, marker)
            item = {"vocabulary": self.attr(marker, "vocabulary", f"{here}/vocabulary") or "1"}
            self.put(item, "code", here, marker, "code")
            self.put(item, "significance", here, marker, "significance")
            markers.append(item)
        if markers:
            record["policy_markers"] = markers
        budgets: list[dict[str, Any]] = []
        for budget in self.children(element, "budget"):
            here = f"{pointer}/budgets/{len(budgets)}"
            self.place(here, budget)
            item = {}
            self.put(item, "type", here, budget, "type")
            self.put(item, "status", here, budget, "status")
            self.period(budget, item, here)
            item["value"], _ = self.money(budget, f"{here}/value", record.get("default_currency"))
            budgets.append(item)
        if budgets:
            record["budgets"] = budgets
        transactions: list[dict[str, Any]] = []
        for transaction in self.children(element, "transaction"):
            here = f"{pointer}/transactions/{len(transactions)}"
            transactions.append(self.transaction(transaction, here, record))
        if transactions:
            record["transactions"] = transactions
        related: list[dict[str, Any]] = []
        for activity in self.children(element, "related-activity"):
            here = f"{pointer}/related_programs/{len(related)}"
            self.place(here, activity)
            item = {}
            self.put(item, "iati_identifier", here, activity, "ref")
            self.put(item, "type", here, activity, "type")
            related.append(item)
        if related:
            record["related_programs"] = related
        results: list[dict[str, Any]] = []
        for result in self.children(element, "result"):
            results.append(self.result(result, f"{pointer}/results/{len(results)}"))
        if results:
            record["results"] = results
        return record

    def shares(self, element: Element, record: dict[str, Any], pointer: str) -> None:
        countries: list[dict[str, Any]] = []
        for country in self.children(element, "recipient-country"):
            here = f"{pointer}/recipient_countries/{len(countries)}"
            self.place(here, country)
            item: dict[str, Any] = {}
            self.put(item, "country", here, country, "code")
            self.put(item, "percentage", here, country, "percentage", _number)
            countries.append(item)
        if countries:
            record["recipient_countries"] = countries
        regions: list[dict[str, Any]] = []
        for region in self.children(element, "recipient-region"):
            here = f"{pointer}/recipient_regions/{len(regions)}"
            regions.append(self.region(region, here, percentage=True))
        if regions:
            record["recipient_regions"] = regions

    def region(self, region: Element, here: str, *, percentage: bool) -> dict[str, Any]:
        self.place(here, region)
        item: dict[str, Any] = {}
        self.put(item, "code", here, region, "code")
        # IATI's default vocabulary when none is given: 1, the OECD DAC regions.
        item["vocabulary"] = self.attr(region, "vocabulary", f"{here}/vocabulary") or "1"
        if percentage:
            self.put(item, "percentage", here, region, "percentage", _number)
        return item

    def classifications(
        self,
        element: Element,
        tag: str,
        record: dict[str, Any],
        key: str,
        pointer: str,
        *,
        percentage: bool,
    ) -> None:
        items: list[dict[str, Any]] = []
        for sector in self.children(element, tag):
            here = f"{pointer}/{key}/{len(items)}"
            self.place(here, sector)
            # IATI's default vocabulary when none is given: 1, the OECD DAC 5-digit codes.
            item: dict[str, Any] = {
                "vocabulary": self.attr(sector, "vocabulary", f"{here}/vocabulary") or "1"
            }
            self.put(item, "code", here, sector, "code")
            if percentage:
                self.put(item, "percentage", here, sector, "percentage", _number)
            items.append(item)
        if items:
            record[key] = items

    def location(self, element: Element, pointer: str) -> dict[str, Any] | None:
        ref = element.get("ref")
        if ref is None:
            self.leave(
                f"{self.activity.kinds[element]} (without @ref)",
                element,
                _WHY["iati-activity/location (without @ref)"],
            )
            # Its parts are not reported one by one: the location is.
            self._mark_all(element)
            return None
        self.place(pointer, element)
        record: dict[str, Any] = {}
        self.put(record, "id", pointer, element, "ref")
        self.code_of(element, "location-reach", record, "reach", pointer)
        self.texts_into(record, "name", element, "name", pointer)
        self.texts_into(record, "description", element, "description", pointer)
        point = self.child(element, "point")
        if point is not None:
            srs = self.attr(point, "srsName")
            pos = self.child(point, "pos")
            if srs not in _WGS84 and srs is not None:
                self.leave(
                    f"{self.activity.kinds[point]} (not WGS 84)",
                    point,
                    "ngomodel points are WGS 84",
                )
            elif pos is not None:
                text = self.text(pos, f"{pointer}/point")
                parts = (text or "").split()
                if len(parts) == 2:
                    record["point"] = {
                        "latitude": _number(parts[0]),
                        "longitude": _number(parts[1]),
                    }
                else:
                    record["point"] = text or ""
        self.code_of(element, "exactness", record, "exactness", pointer)
        self.code_of(element, "location-class", record, "location_class", pointer)
        self.code_of(element, "feature-designation", record, "feature_type", pointer)
        return record

    def _mark_all(self, element: Element) -> None:
        for sub in element.iter():
            self.use(sub, *sub.attrib, "#text")

    def transaction(
        self, element: Element, pointer: str, program: dict[str, Any]
    ) -> dict[str, Any]:
        self.place(pointer, element)
        record: dict[str, Any] = {}
        self.put(record, "reference", pointer, element, "ref")
        self.put(record, "humanitarian", pointer, element, "humanitarian", _boolean)
        self.code_of(element, "transaction-type", record, "type", pointer)
        self.put(record, "date", pointer, self.child(element, "transaction-date"), "iso-date")
        money, _ = self.money(element, pointer, program.get("default_currency"))
        record.update(money)
        self.texts_into(record, "description", element, "description", pointer)
        for tag, key in (("provider-org", "provider"), ("receiver-org", "receiver")):
            org = self.child(element, tag)
            if org is not None:
                found = self.organization(org, f"{pointer}/{key}")
                if self.named(org, found):
                    record[key] = found
        self.classifications(element, "sector", record, "sectors", pointer, percentage=False)
        country = self.child(element, "recipient-country")
        self.put(record, "recipient_country", pointer, country, "code")
        region = self.child(element, "recipient-region")
        if region is not None:
            record["recipient_region"] = self.region(
                region, f"{pointer}/recipient_region", percentage=False
            )
        return record

    def result(self, element: Element, pointer: str) -> dict[str, Any]:
        self.place(pointer, element)
        record: dict[str, Any] = {}
        self.put(record, "type", pointer, element, "type")
        self.texts_into(record, "title", element, "title", pointer)
        self.texts_into(record, "description", element, "description", pointer)
        indicators: list[dict[str, Any]] = []
        for indicator in self.children(element, "indicator"):
            indicators.append(self.indicator(indicator, f"{pointer}/indicators/{len(indicators)}"))
        if indicators:
            record["indicators"] = indicators
        return record

    def indicator(self, element: Element, pointer: str) -> dict[str, Any]:
        self.place(pointer, element)
        record: dict[str, Any] = {}
        self.put(record, "measure", pointer, element, "measure")
        self.put(record, "ascending", pointer, element, "ascending", _boolean)
        self.texts_into(record, "title", element, "title", pointer)
        self.texts_into(record, "description", element, "description", pointer)
        baseline = self.child(element, "baseline")
        if baseline is not None:
            self.put(record, "baseline_date", pointer, baseline, "year")
            self.put(record, "baseline_date", pointer, baseline, "iso-date")
            # A baseline with only its year (or date) holds no value: the date is all.
            value = self.value(baseline, f"{pointer}/baseline")
            if value:
                record["baseline"] = value
        periods: list[dict[str, Any]] = []
        for period in self.children(element, "period"):
            here = f"{pointer}/periods/{len(periods)}"
            self.place(here, period)
            item: dict[str, Any] = {}
            self.period(period, item, here)
            for tag in ("target", "actual"):
                found = self.child(period, tag)
                if found is not None:
                    item[tag] = self.value(found, f"{here}/{tag}")
            periods.append(item)
        if periods:
            record["periods"] = periods
        return record

    def value(self, element: Element, pointer: str) -> dict[str, Any]:
        self.place(pointer, element)
        record: dict[str, Any] = {}
        self.put(record, "value", pointer, element, "value", _number)
        ids: list[str] = []
        for location in self.children(element, "location"):
            ref = self.attr(location, "ref", f"{pointer}/location_ids/{len(ids)}")
            if ref is not None:
                ids.append(ref)
        if ids:
            record["location_ids"] = ids
        self.texts_into(record, "comment", element, "comment", pointer)
        return record

    # -- organisations ------------------------------------------------------------------

    def organisation(self, root_lang: str | None, pointer: str) -> dict[str, Any] | None:
        element = self.activity.child.element
        record = self.identified(
            element, root_lang, pointer, "organisation-identifier", "organisation"
        )
        if record is None:
            return None
        self.texts_into(record, "name", element, "name", pointer)
        return record

    def identified(
        self, element: Element, root_lang: str | None, pointer: str, tag: str, what: str
    ) -> dict[str, Any] | None:
        """Begin reading an activity or organisation: it is the entity at *pointer*, its
        language is its own or the file's, and its record starts with the id and identifier
        from its *tag* element; ``None``, with the error, when it has none."""
        self.entity = pointer
        self.use(element)
        self.place(pointer, element)
        self.default_lang = self.attr(element, XML_LANG) or root_lang
        identifier_element = self.child(element, tag)
        identifier = (
            self.text(identifier_element, f"{pointer}/iati_identifier")
            if identifier_element is not None
            else None
        )
        if identifier is None:
            self.error(
                identifier_element if identifier_element is not None else element,
                "iati_required_missing",
                f"IATI requires the {what}'s identifier ({tag}), and the {what} has none: "
                "it cannot be given an id",
            )
            return None
        self.origin[f"{pointer}/id"] = self.origin[f"{pointer}/iati_identifier"]
        return {"id": iati_id(identifier), "iati_identifier": identifier}

    def locate(self, problem: Problem) -> Problem:
        """*problem*, of the ngomodel JSON built, placed in the XML too."""
        where, line = self.origin_of(problem.path) or (problem.where or "", problem.line)
        return attrs.evolve(problem, where=where or None, line=line)

    def origin_of(self, pointer: str) -> tuple[str, int | None] | None:
        """The XPath and line of the value at *pointer*, or of the nearest one holding it."""
        while pointer and pointer not in self.origin:
            pointer = pointer.rpartition("/")[0]
        return self.origin.get(pointer)


def _root_problem(root: Element) -> Problem | None:
    """Why the root element is not that of an IATI file ngomodel reads, if it is not."""
    kind = _local(root)
    if kind not in ("iati-activities", "iati-organisations"):
        return Problem(
            path="",
            code="iati_root_unknown",
            message=f"the root element is {kind}: an IATI file's is iati-activities or "
            "iati-organisations",
            where=f"/{kind}",
            line=root.sourceline,
        )
    version = root.get("version")
    if version in VERSIONS:
        return None
    said = "does not say its IATI version (@version)" if version is None else f"is IATI {version}"
    return Problem(
        path="",
        code="iati_version_unsupported",
        message=(
            f"the file {said}: ngomodel reads IATI {', '.join(VERSIONS)} (a 1.x file can be "
            "upgraded to 2.x with the IATI tools first)"
        ),
        where=f"/{kind}/@version",
        line=root.sourceline,
    )


def _done(value: Dataset | None, problems: Iterable[Problem]) -> Converted[Dataset]:
    # mypy's attrs plugin types the tuple converter of Converted.problems as taking
    # Iterable[_T_co] (the tuple's own type variable), which no argument matches.
    return Converted(value, problems)


def _records(
    reader: _Reader, source: bytes | IO[bytes]
) -> Iterator[tuple[str, str, dict[str, Any] | None]]:
    """Yield (collection, JSON Pointer, ngomodel JSON) per activity or organisation.

    The JSON is ``None`` for one that cannot be read (its errors are in reader.problems);
    the problems of the file as a whole go to reader.problems too.
    """
    xml = XmlReader(source)
    counts = {"programs": 0, "organizations": 0}
    checked = False
    for child in xml:
        root = xml.root
        if root is None:  # set before the first child is given: not reached
            continue
        if not checked:
            checked = True
            problem = _root_problem(root)
            if problem is not None:
                reader.problems.append(problem)
                return
            reader.root_kind = _local(root)
            reader.root_attributes = {_attr_name(k): v for k, v in root.attrib.items()}
            reader.root_line = root.sourceline
        kind = reader.root_kind
        expected = "iati-activity" if kind == "iati-activities" else "iati-organisation"
        reader.activity = _Activity(child)
        if _local(child.element) != expected:
            reader.entity = ""
            reader.leave(f"{kind}/{_local(child.element)}", child.element, "not IATI content")
            continue
        root_lang = root.get(XML_LANG)
        reader.languages.add(child.element.get(XML_LANG))
        if kind == "iati-activities":
            pointer = f"/programs/{counts['programs']}"
            record = reader.program(root_lang, pointer)
            collection = "programs"
        else:
            pointer = f"/organizations/{counts['organizations']}"
            record = reader.organisation(root_lang, pointer)
            collection = "organizations"
        reader.unused()
        if record is not None:
            counts[collection] += 1
        yield collection, pointer, record
    reader.problems.extend(xml.problems)
    if not checked and xml.root is not None and not xml.problems:
        problem = _root_problem(xml.root)
        if problem is not None:
            reader.problems.append(problem)


#: The rules of the whole dataset that an import can break, checked by :class:`IatiStream`
#: on the ids and references it keeps. The others read fields an IATI import never
#: fills (memberships, parents, agreements, posts, identifier schemes); a test checks.
STREAM_DATASET_RULES = ("duplicate_id", "unresolved_reference")


def _rebase(problem: Problem, pointer: str) -> Problem:
    return attrs.evolve(problem, path=f"{pointer}{problem.path}")


class IatiStream:
    """The entities of an IATI file, read and checked one at a time (:func:`iter_from_iati`).

    Iterating gives, per activity (program) or organisation (organization) in file
    order, a :class:`~ngomodel.conversion.Converted` of the entity alone: its value
    ``None`` with the errors when it cannot be read or loaded, else the entity with the
    problems of the semantic rules that judge one entity
    (:func:`ngomodel.rules.check_entity`), at paths in the dataset
    (``/programs/3/planned_end``) and located in the XML. The XML is read as a stream,
    one entity at a time, so memory does not grow with their number: what is kept is
    what the checks of the whole dataset need (each id and each reference, with where
    it is) and one warning per kind of element left out.

    Once iterated, ``problems`` holds the problems of the file as a whole: XML that
    cannot be read (found wherever it is, perhaps after the last entity), the rules of
    the whole dataset that an import can break (:data:`STREAM_DATASET_RULES`:
    ``duplicate_id``, ``unresolved_reference``), then the ``not_imported`` warnings.

    Attributes:
        collection: ``programs`` or ``organizations`` (the kind of file), once read.
        default_language: The file's ``xml:lang``, else the one every entity has, else
            ``None``; known once every entity is read.
        problems: The problems of the file as a whole, once every entity is read.
    """

    def __init__(self, data: bytes | IO[bytes], *, language: str = UNDETERMINED) -> None:
        self._data = data
        self._reader = _Reader(language)
        self._started = False
        self.collection = "programs"
        self.default_language: str | None = None
        self.problems: list[Problem] = []
        #: (path, id) of each entity, then of each program location, for duplicate ids
        self._ids: list[tuple[str, str]] = []
        self._location_ids: list[tuple[str, str]] = []
        #: id -> the class of its first entity; (path, id, kind, bad location) per reference
        self._classes: dict[str, type] = {}
        self._references: list[tuple[str, str, str, bool]] = []
        #: JSON Pointer -> (XPath, line) of each id and reference kept
        self._origin: dict[str, tuple[str | None, int | None]] = {}

    def __iter__(self) -> Iterator[Converted[Program | Organization]]:
        if self._started:
            raise RuntimeError("an IatiStream reads its source once")
        self._started = True
        reader = self._reader
        for collection, pointer, record in _records(reader, self._data):
            self.collection = collection
            if record is None:
                errors = [reader.locate(p) for p in reader.problems]
                reader.problems.clear()
                yield Converted(None, errors)
            else:
                yield self._load(collection, pointer, record)
            reader.origin.clear()
        self._finish()

    def _keep(self, path: str) -> None:
        where, line = self._reader.origin_of(path) or ("", None)
        self._origin[path] = (where or None, line)

    def _load(
        self, collection: str, pointer: str, record: dict[str, Any]
    ) -> Converted[Program | Organization]:
        reader = self._reader
        cls: type[Program | Organization] = Program if collection == "programs" else Organization
        try:
            entity = from_dict(record, type=cls)
        except ValidationError as error:
            return Converted(None, [reader.locate(_rebase(p, pointer)) for p in error.errors])
        self._ids.append((f"{pointer}/id", entity.id))
        self._keep(f"{pointer}/id")
        self._classes.setdefault(entity.id, cls)
        if isinstance(entity, Program):
            for index, place in enumerate(entity.locations):
                path = f"{pointer}/locations/{index}/id"
                self._location_ids.append((path, place.id))
                self._keep(path)
        found: list[tuple[str, str, str]] = []
        _model_extractor(cls)(entity, pointer, found)
        locations = {place.id for place in getattr(entity, "locations", ())}
        for path, id_, kind in found:
            self._references.append((path, id_, kind, kind == "location" and id_ not in locations))
            self._keep(path)
        ruled = [reader.locate(_rebase(p, pointer)) for p in check_entity(entity)]
        return Converted(entity, ruled)

    def _located(self, problem: Problem) -> Problem:
        where, line = self._origin.get(problem.path, (None, None))
        return attrs.evolve(problem, where=where, line=line)

    def _unresolved(self) -> Iterator[Problem]:
        for path, id_, kind, bad_location in self._references:
            if kind == "location":
                if bad_location:
                    message = f"{brief(id_)} is not a location of this program"
                    yield _rule_problem("unresolved_reference", "error", path, message)
                continue
            target = self._classes.get(id_)
            allowed, what = _KINDS[kind]
            if target is None:
                message = f"no entity has id {brief(id_)}"
                yield _rule_problem("unresolved_reference", "error", path, message)
            elif not issubclass(target, allowed):
                message = f"{brief(id_)} is {a_or_an(target.__name__)}, not {what}"
                yield _rule_problem("unresolved_reference", "error", path, message)

    def _finish(self) -> None:
        reader = self._reader
        kind = reader.root_kind
        for name in reader.root_attributes:
            if name not in ("version", "xml:lang"):
                reader.left.add(f"{kind}/@{name}", f"/{kind}/@{name}")
                reader.first.setdefault(f"{kind}/@{name}", ("", reader.root_line))
        read = [reader.locate(p) if p.path else p for p in reader.problems]
        ruled = [*_duplicates([*self._ids, *self._location_ids]), *self._unresolved()]
        # The dataset's default language: the file's, else the one all its entities share.
        default = reader.root_attributes.get("xml:lang")
        if default is None and len(reader.languages) == 1:
            default = next(iter(reader.languages))
        self.default_language = default
        self.problems = [*read, *map(self._located, ruled), *reader.warnings()]


def iter_from_iati(data: bytes | IO[bytes], *, language: str = UNDETERMINED) -> IatiStream:
    """Read an IATI file one activity or organisation at a time, memory flat.

    The streaming form of :func:`from_iati`, for files of any size: iterate over what it
    returns for each entity as a :class:`~ngomodel.conversion.Converted`, then read its
    ``problems`` (those of the file as a whole) and ``default_language``; see
    :class:`IatiStream`. :func:`from_iati` is built on it.

    Args:
        data: The XML, as bytes or a binary stream (read as it is needed).
        language: The language tag of narratives for which the file gives none.

    Returns:
        The stream of entities.

    >>> xml = b'''<iati-activities version="2.03" xml:lang="en">
    ...   <iati-activity><iati-identifier>XM-1</iati-identifier>
    ...     <title><narrative>Wells</narrative></title></iati-activity>
    ...   <iati-activity><iati-identifier>XM-1</iati-identifier>
    ...     <title><narrative>Pumps</narrative></title></iati-activity>
    ... </iati-activities>'''
    >>> stream = iter_from_iati(xml)
    >>> [done.unwrap().id for done in stream]
    ['XM-1', 'XM-1']
    >>> [(p.path, p.code, p.where) for p in stream.problems]
    [('/programs/1/id', 'duplicate_id', '/iati-activities/iati-activity[2]/iati-identifier[1]')]
    """
    return IatiStream(data, language=language)


def _rule_order(problem: Problem) -> int:
    return _RULE_INDEX.get(problem.code, len(_RULE_INDEX))


def gather(
    stream: IatiStream, keep: Callable[[Program | Organization], None]
) -> tuple[bool, list[Problem]]:
    """Run *stream*, giving each entity loaded to *keep*; say whether it failed, and why.

    The problems are those :func:`from_iati` reports, in its order: when an entity or
    the file cannot be read or loaded, those errors and the warnings; else the problems
    of the semantic rules, rule by rule as :func:`ngomodel.rules.check` gives them, and
    the warnings. *keep* is not called after the first entity that fails.
    """
    failed: list[Problem] = []
    ruled: list[Problem] = []
    for done in stream:
        if done.value is None:
            failed.extend(done.problems)
        else:
            ruled.extend(done.problems)
            if not failed:
                keep(done.value)
    at_end = stream.problems
    read = [p for p in at_end if p.severity == "error" and p.code not in _RULE_INDEX]
    warnings = [p for p in at_end if p.code == "not_imported"]
    if failed or read:
        return True, [*failed, *read, *warnings]
    dataset_wide = [p for p in at_end if p.code in _RULE_INDEX]
    ordered = sorted([*dataset_wide, *ruled], key=_rule_order)
    return any(p.severity == "error" for p in ordered), [*ordered, *warnings]


def from_iati(data: bytes | IO[bytes], *, language: str = UNDETERMINED) -> Converted[Dataset]:
    """Read an IATI 2.01, 2.02 or 2.03 activity or organisation file into a dataset.

    Activities become programs, organisations organizations; each is given the id
    :func:`iati_id` makes from its IATI identifier, which it keeps as
    ``iati_identifier``. Every element the model holds is read (see :data:`MAPPING`),
    narratives in all their languages: a narrative without ``xml:lang`` is in the
    activity's language, else the file's, else *language*. The values are then checked
    as any ngomodel JSON is (codes against the codelists, dates, amounts), and each
    error is located in the XML: ``where`` (XPath), ``line``, and ``path`` (the JSON
    Pointer in the dataset). Each kind of element or attribute the model has no place
    for gives one ``not_imported`` warning with its count and where.

    Args:
        data: The XML, as bytes or a binary stream.
        language: The language tag of narratives for which the file gives none.

    Returns:
        The dataset (``None`` when there are errors), and the problems.

    >>> xml = b'''<iati-activities version="2.03"><iati-activity xml:lang="en">
    ...   <iati-identifier>XM-1/A</iati-identifier><title><narrative>Wells</narrative></title>
    ...   <capital-spend percentage="10"/></iati-activity></iati-activities>'''
    >>> done = from_iati(xml)
    >>> program = done.unwrap().programs[0]
    >>> program.id, program.iati_identifier, program.title
    ('XM-1%2FA', 'XM-1/A', LocalizedText({'en': 'Wells'}))
    >>> print(done.warnings[0].message)
    iati-activity/capital-spend: 1 left out (ngomodel has no place for it): /iati-activities/iati-activity[1]/capital-spend[1]
    """  # noqa: E501
    stream = iter_from_iati(data, language=language)
    entities: list[Program | Organization] = []
    failed, problems = gather(stream, entities.append)
    if failed:
        return _done(None, problems)
    ngo: dict[str, Any] = {stream.collection: tuple(entities)} if entities else {}
    dataset = Dataset(schema_version="1.1", default_language=stream.default_language, **ngo)
    return _done(dataset, problems)
