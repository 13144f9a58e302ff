"""Find the IATI 2.03 XSDs for the tests, and validate against them without the network.

The XSDs are never fetched here: ``make`` extracts them from the pyIATI 0.4.1 source
distribution into ``.venv/iati-xsd/2-03/`` during its set-up, so the tests run with the
network cut off.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Where ``make`` puts them.
XSD_DIR = ROOT / ".venv" / "iati-xsd" / "2-03"
#: The schema of each root element.
SCHEMAS = {
    "iati-activities": "iati-activities-schema.xsd",
    "iati-organisations": "iati-organisations-schema.xsd",
}
FIX = "`make test` extracts them in its set-up step; run `make clean test` to set up again"


def _on_ci() -> bool:
    """Whether this is a CI run (``CI`` set to anything but empty, 0 or false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing() -> str | None:
    """Why the XSDs cannot be used here, or None when they can."""
    for name in (*SCHEMAS.values(), "iati-common.xsd", "xml.xsd"):
        if not (XSD_DIR / name).is_file():
            return f"the IATI 2.03 XSD {name} is not in {XSD_DIR}"
    return None


def available() -> str | None:
    """Return why the XSDs cannot be used (the caller skips), or None when they can.

    Under ``CI=true`` missing XSDs fail the calling test instead: CI must not pass with
    the IATI checks silently skipped.
    """
    reason = _missing()
    if reason is None:
        return None
    if _on_ci():
        pytest.fail(f"{reason}: {FIX}")
    return f"{reason}: {FIX}"


def parser() -> Any:
    """An XML parser that never reaches the network, loads no DTD and resolves no entity."""
    from lxml import etree

    return etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)


XS = "{http://www.w3.org/2001/XMLSchema}"


def _upa_fix(document: Any) -> None:
    """Drop the second ``xsd:any`` of ``documentLinkWithReceipientCountry``, in memory.

    The pyIATI 0.4.1 copy of the organisation XSD ends that type with an ``xsd:any``
    right after the one its base ends with, which libxml2 rejects as a content model that
    is not deterministic; the later 2.03 patch release of the XSD drops it, as done here.
    It only admits elements of other namespaces, which the export never writes.
    """
    for kind in document.getroot().iterfind(f"{XS}complexType"):
        if kind.get("name") != "documentLinkWithReceipientCountry":
            continue
        sequence = kind.find(f"{XS}complexContent/{XS}extension/{XS}sequence")
        if sequence is not None and len(sequence) and sequence[-1].tag == f"{XS}any":
            sequence.remove(sequence[-1])


@functools.cache
def schema(root: str) -> Any:
    """The XMLSchema for a root element (``iati-activities`` or ``iati-organisations``)."""
    from lxml import etree

    document = etree.parse(str(XSD_DIR / SCHEMAS[root]), parser())
    _upa_fix(document)
    return etree.XMLSchema(document)


def errors(xml: bytes) -> list[str]:
    """The XSD errors of an IATI file (none when it is valid), each with its line."""
    from lxml import etree

    document = etree.fromstring(xml, parser())
    checker = schema(document.tag)
    if checker.validate(document.getroottree()):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]
