"""Refresh the bundle embedded in the OpenAPI example, ``docs/examples/openapi.json``.

A maintainer tool; it is not shipped with the package. The example is written by hand,
except for one part: the schema of its reusable request body ``Dataset``, which is
ngomodel's bundle (:func:`ngomodel.schema.bundle`) verbatim. This script puts the
current bundle there and writes the file back (two-space indent, UTF-8, LF line
endings); ``make schemas`` runs it after regenerating the schemas, and a test fails
while the two differ.

Usage::

    python scripts/build_openapi_example.py [--check]

``--check`` writes nothing and exits with status 1 when the file is out of date.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ngomodel import schema

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "openapi.json"
#: Where the bundle sits in the example, as keys from the document's root.
BUNDLE_AT = ("components", "requestBodies", "Dataset", "content", "application/json", "schema")


def refreshed(document: dict[str, Any]) -> dict[str, Any]:
    """Return *document* with the current bundle at :data:`BUNDLE_AT`."""
    node = document
    for key in BUNDLE_AT[:-1]:
        node = node[key]
    node[BUNDLE_AT[-1]] = schema.bundle()
    return document


def render(document: dict[str, Any]) -> str:
    """The text of the example as it is written to disk."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Refresh the example, or with ``--check`` only say whether it is out of date."""
    parser = argparse.ArgumentParser(description="Refresh the bundle in " + str(EXAMPLE.name))
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    current = EXAMPLE.read_text(encoding="utf-8")
    text = render(refreshed(json.loads(current)))
    if text == current:
        print(f"{EXAMPLE.relative_to(ROOT)} is up to date")
        return 0
    if args.check:
        script = Path(__file__).resolve().relative_to(ROOT)
        print(f"{EXAMPLE.relative_to(ROOT)} is out of date: run python {script}")
        return 1
    EXAMPLE.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {EXAMPLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
