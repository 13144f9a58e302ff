"""Spreadsheets: writing and reading a 10,000-program dataset as XLSX and as CSV files.

The dataset is the seeded benchmark dataset of ``payloads.py`` scaled to 10,000 programs
(with organizations, networks, memberships and the rest in proportion). In this one run,
side by side, the same dataset is:

* written by ``ngomodel.tables.to_xlsx`` and ``to_csv`` (one sheet or file per kind and
  per list), and by ``ngomodel.dumps`` (ngomodel JSON);
* read back by ``ngomodel.tables.from_xlsx`` and ``from_csv`` (every cell typed, the
  dataset loaded and the semantic rules checked) and by ``ngomodel.loads`` (the dataset
  loaded; the rules are not part of ``loads``, so ``loads`` + ``rules.check`` is shown too).

Every read must give back the dataset written, before anything is reported. Records are
the dataset's entities (things with an id, child rows not counted); the best of
``--passes`` runs is reported.

Usage: python benchmarks/tables_bench.py [--programs 10000] [--passes 1] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import payloads

from ngomodel import Dataset, dumps, from_dict, loads, rules, tables


def timed(function: Callable[[], Any], passes: int) -> tuple[float, Any]:
    """The best time of *passes* calls of *function*, and its last result."""
    best, result = float("inf"), None
    for _ in range(passes):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--passes", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    payload = payloads.dataset(scale=args.programs / payloads.COUNTS["programs"])
    dataset = from_dict(payload, Dataset)
    records = payloads.entity_count(payload)

    def loads_and_rules(text: bytes) -> Dataset:
        loaded = loads(text)
        assert not [p for p in rules.check(loaded) if p.severity == "error"]
        return loaded

    rows: list[dict[str, Any]] = []
    for name, write, read in (
        ("XLSX", lambda: tables.to_xlsx(dataset).unwrap(), tables.from_xlsx),
        ("CSV (zip)", lambda: tables.to_csv(dataset).unwrap(), tables.from_csv),
        ("ngomodel JSON", lambda: dumps(dataset), None),
    ):
        write_seconds, data = timed(write, args.passes)
        if read is None:
            read_seconds, back = timed(lambda data=data: loads(data), args.passes)
            assert back == dataset, f"{name}: not the dataset written"
            checked, back = timed(lambda data=data: loads_and_rules(data), args.passes)
        else:
            read_seconds, converted = timed(lambda read=read, data=data: read(data), args.passes)
            assert converted.unwrap() == dataset, f"{name}: not the dataset written"
            checked = read_seconds
        rows.append(
            {
                "format": name,
                "bytes": len(data),
                "write_seconds": write_seconds,
                "read_seconds": read_seconds,
                "read_and_rules_seconds": checked,
                "write_records_per_second": records / write_seconds,
                "read_records_per_second": records / read_seconds,
                "read_and_rules_records_per_second": records / checked,
            }
        )
    print(
        f"spreadsheets: {len(dataset.programs):,} programs, {records:,} records "
        f"(entities), best of {args.passes} (Python {sys.version.split()[0]}):"
    )
    header = ("format", 14), ("MB", 6), ("write rec/s", 12), ("read rec/s", 11)
    print(" ".join(f"{name:>{width}}" for name, width in header), f"{'read+rules rec/s':>16}")
    for row in rows:
        print(
            f"{row['format']:>14} {row['bytes'] / 1e6:>6.1f} "
            f"{row['write_records_per_second']:>12,.0f} {row['read_records_per_second']:>11,.0f} "
            f"{row['read_and_rules_records_per_second']:>16,.0f}"
        )
    print("(XLSX and CSV reading always checks the rules; ngomodel JSON's loads does not.)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
