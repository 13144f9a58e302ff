"""Convert IATI files IATI → ngomodel → IATI and count what was kept and left out.

A maintainer's tool for checking the IATI mapping on real publishers' files, which are
not kept in the repository. For each file given it prints: the activities and
organisations read, the IATI elements and attributes of the file by kind, how many of
each the import reported as not imported, the errors, and whether the file written back
is valid against the IATI 2.03 XSD (from the development set-up, `.venv/iati-xsd/`) and
holds the same supported elements (compared as the tests compare them).

    .venv/bin/python scripts/iati_real_files.py FILE.xml [FILE.xml ...]
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import iati_compare, iati_xsd

from ngomodel.iati import from_iati, to_activities, to_organisations

#: The kind and the count of a left-out warning: ``KIND: COUNT left out (REASON): …``.
_LEFT_OUT = re.compile(r"^(.*?): (\d+) left out \(")


def _kinds(root: etree._Element) -> collections.Counter[str]:
    """Each element and attribute of the file by kind (its path without positions)."""
    found: collections.Counter[str] = collections.Counter()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        path = "/".join(
            e.tag for e in reversed([element, *element.iterancestors()]) if isinstance(e.tag, str)
        )
        found[path] += 1
        for name in element.attrib:
            found[f"{path}/@{name.split('}')[-1]}"] += 1
    return found


def report(path: Path) -> None:
    data = path.read_bytes()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    kinds = _kinds(root)
    read = from_iati(data)
    left_out: dict[str, int] = {}
    for problem in read.warnings:
        found = _LEFT_OUT.match(problem.message)
        if problem.code == "not_imported" and found:
            left_out[found.group(1)] = int(found.group(2))
    print(f"== {path.name}: IATI {root.get('version')}, {len(data):,} bytes")
    print(f"   elements and attributes: {sum(kinds.values()):,} in {len(kinds)} kinds")
    print(f"   not imported: {sum(left_out.values()):,} in {len(left_out)} kinds")
    for kind, count in sorted(left_out.items(), key=lambda item: -item[1]):
        print(f"     {count:5}  {kind}")
    print(f"   errors: {len(read.errors)}")
    for problem in read.errors[:10]:
        print(f"     {problem}")
    if read.value is None:
        return
    dataset = read.value
    print(f"   read: {len(dataset.programs)} programs, {len(dataset.organizations)} organizations")
    writer = to_activities if root.tag == "iati-activities" else to_organisations
    back = writer(dataset, partial=True)
    print(f"   written back: {len(back.errors)} errors, {len(back.warnings)} warnings")
    if back.value is not None:
        invalid = iati_xsd.errors(back.value)
        print(f"   XSD 2.03: {'valid' if not invalid else f'{len(invalid)} errors'}")
        for line in invalid[:5]:
            print(f"     {line}")
        if root.tag == "iati-activities":
            again = etree.fromstring(back.value)
            differences = iati_compare.differences(root, again)
            print(f"   supported elements compared: {len(differences)} differences")
            for line in differences[:10]:
                print(f"     {line}")


def main() -> None:
    for name in sys.argv[1:]:
        report(Path(name))


if __name__ == "__main__":
    main()
