"""Compare two IATI files element by element, restricted to what ngomodel supports.

Each tree is put in a canonical form: only the elements and attributes that
:data:`ngomodel.iati.MAPPING` gives a place to, narratives with the language they have
(their own ``xml:lang``, else the activity's, else the file's), IATI's defaults written
out (description type 1, vocabulary 1), numbers compared as numbers, and the children of
each element sorted, since IATI 2.01 allowed any order and the export writes the XSD's.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ngomodel.iati import MAPPING

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Parts of organisations and money the mapping describes in words, not XPaths.
_IMPLIED = (
    "reporting-org/@ref",
    "reporting-org/@type",
    "reporting-org/narrative",
    "participating-org/@ref",
    "participating-org/@type",
    "participating-org/narrative",
    "transaction/provider-org/@ref",
    "transaction/provider-org/@type",
    "transaction/provider-org/narrative",
    "transaction/receiver-org/@ref",
    "transaction/receiver-org/@type",
    "transaction/receiver-org/narrative",
    "budget/value/@currency",
    "budget/value/@value-date",
    "transaction/recipient-region/@code",
    "transaction/recipient-region/@vocabulary",
    "result/indicator/baseline/@value",
    "result/indicator/baseline/@iso-date",
    "result/indicator/baseline/location/@ref",
    "result/indicator/baseline/comment/narrative",
    "result/indicator/period/actual/@value",
    "result/indicator/period/actual/location/@ref",
    "result/indicator/period/actual/comment/narrative",
    "location/point/@srsName",
)
#: Defaults IATI gives an attribute left out.
_DEFAULTS = {
    "iati-activity/description/@type": "1",
    "iati-activity/sector/@vocabulary": "1",
    "iati-activity/transaction/sector/@vocabulary": "1",
    "iati-activity/policy-marker/@vocabulary": "1",
    "iati-activity/recipient-region/@vocabulary": "1",
    "iati-activity/transaction/recipient-region/@vocabulary": "1",
}
_NUMERIC = ("@percentage", "@value", "value")


def _supported() -> tuple[set[str], set[str]]:
    elements: set[str] = set()
    attributes: set[str] = set()
    paths = [re.sub(r"\[[^]]*\]", "", row.iati) for row in MAPPING if row.iati is not None]
    paths += [f"iati-activity/{p}" for p in _IMPLIED]
    for path in paths:
        steps = path.split("/")
        if steps[-1].startswith("@"):
            attributes.add(path)
            steps = steps[:-1]
        for i in range(1, len(steps) + 1):
            elements.add("/".join(steps[:i]))
    return elements, attributes


ELEMENTS, ATTRIBUTES = _supported()
# The activity's language is compared where it matters: as each narrative's language.
ATTRIBUTES.discard("iati-activity/@xml:lang")


def _local(tag: Any) -> str:
    return tag.split("}")[-1] if isinstance(tag, str) else ""


def _value(kind: str, text: str) -> str:
    if kind.endswith(_NUMERIC):
        try:
            return str(Decimal(text.strip()).normalize())
        except InvalidOperation:
            return text
    return text


def canonical(element: Any, kind: str, language: str | None, currency: str | None = None) -> Any:
    """The canonical form of an element (see the module's docstring)."""
    language = element.get(XML_LANG) or language
    currency = element.get("default-currency") or currency

    attributes = []
    for name, value in element.attrib.items():
        key = f"{kind}/@{'xml:lang' if name == XML_LANG else name}"
        if key in ATTRIBUTES:
            attributes.append((key, _value(key, value)))
    if _local(element.tag) == "value" and currency and element.get("currency") is None:
        attributes.append((f"{kind}/@currency", currency))
    for key, default in _DEFAULTS.items():
        if key.rsplit("/@", 1)[0] == kind and key not in dict(attributes):
            attributes.append((key, default))
    text = (element.text or "").strip()
    if _local(element.tag) == "narrative":
        attributes.append(("xml:lang", language or "und"))
        text = element.text or ""
    children = []
    for sub in element:
        sub_kind = f"{kind}/{_local(sub.tag)}"
        if sub_kind in ELEMENTS:
            children.append(canonical(sub, sub_kind, language, currency))
    return (kind, tuple(sorted(attributes)), _value(kind, text), tuple(sorted(children, key=repr)))


def activities(root: Any) -> list[Any]:
    """The canonical form of each activity (or organisation) of an IATI file, in order."""
    language = root.get(XML_LANG)
    return [
        canonical(child, _local(child.tag), language)
        for child in root
        if _local(child.tag) in ("iati-activity", "iati-organisation")
    ]


def differences(first: Any, second: Any) -> list[str]:
    """The activities whose canonical forms differ, shown side by side (empty when none)."""
    a, b = activities(first), activities(second)
    found = [f"{len(a)} activities against {len(b)}"] if len(a) != len(b) else []
    found += [f"{x!r}\n  !=\n{y!r}" for x, y in zip(a, b, strict=False) if x != y]
    return found
