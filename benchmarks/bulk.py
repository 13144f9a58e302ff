"""Bulk validation of JSON Lines: records per second and peak memory, side by side.

Generates a JSON Lines file of compact programs (one in 50 invalid), then, in
this one run:

1. **In process, side by side.** Each library reads the file line by line and
   validates every record: ngomodel's ``validate_record`` (as the console script
   does it, every problem collected for an invalid line), pydantic's
   ``model_validate_json`` and msgspec's ``Decoder.decode`` on the equivalent
   models of ``peers.py``. Each must find the same invalid lines; the median of 3
   passes is reported, with the ratios ngomodel/peer.
2. **The console script.** ``ngomodel validate --jobs 1`` and ``--jobs 2`` on the
   file and on a quarter of it: wall time, records per second and the peak
   resident memory of the largest process, which shows whether memory stays flat
   as the file grows.

Usage: python benchmarks/bulk.py [--records N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import peers
import pydantic

from ngomodel.validation import validate_record

PROGRAM: dict[str, Any] = {
    "id": "program-0",
    "title": {"zh": "幸福泉", "zh-Latn-pinyin": "Xingfu Quan", "en": "Spring of Happiness"},
    "descriptions": [
        {"type": "1", "text": {"en": "Drilling deep wells in the arid regions of Cambodia."}}
    ],
    "status": "2",
    "planned_start": "2018",
    "participants": [{"organization_id": "org-1", "role": "4"}],
    "recipient_countries": [{"country": "KH", "percentage": 100}],
    "locations": [{"id": "loc-0", "name": {"en": "Arid regions"}, "country": "KH"}],
    "sectors": [{"code": "14031"}],
    "results": [
        {
            "type": "1",
            "title": {"en": "Deep wells drilled"},
            "indicators": [
                {
                    "title": {"en": "Deep wells drilled"},
                    "measure": "1",
                    "unit": "wells",
                    "periods": [{"target": {"value": 200, "location_ids": ["loc-0"]}}],
                }
            ],
        }
    ],
    "budgets": [{"value": {"amount": "125000.00", "currency": "USD"}}],
}


def write_programs(path: Path, count: int) -> int:
    """Write *count* programs, one line each; every 50th is invalid. Return the size in bytes."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            program = dict(PROGRAM, id=f"program-{i}")
            if i % 50 == 0:
                program["status"] = "99"  # not an ActivityStatus code
            out.write(json.dumps(program, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
    return path.stat().st_size


def _ngomodel(line: bytes) -> bool:
    # Valid means no error: a warning (the deprecated `description`) leaves a record valid.
    return validate_record(line, "program").errors == 0


def _pydantic(line: bytes) -> bool:
    try:
        peers.PYDANTIC["program"].model_validate_json(line)
    except pydantic.ValidationError:
        return False
    return True


_DECODER = msgspec.json.Decoder(peers.MSGSPEC["program"])


def _msgspec(line: bytes) -> bool:
    try:
        _DECODER.decode(line)
    except msgspec.ValidationError:
        return False
    return True


VALIDATORS: dict[str, Callable[[bytes], bool]] = {
    "ngomodel": _ngomodel,
    "pydantic": _pydantic,
    "msgspec": _msgspec,
}


def in_process(path: Path, count: int, passes: int = 3) -> dict[str, Any]:
    """Validate every line of *path* (*count* records) with each library, passes interleaved.

    Returns records per second (median of *passes*) by library, and the line
    numbers each found invalid; raises SystemExit if the libraries disagree.
    """
    seconds: dict[str, list[float]] = {name: [] for name in VALIDATORS}
    invalid: dict[str, list[int]] = {}
    for _ in range(passes):
        for name, valid in VALIDATORS.items():
            start = time.perf_counter()
            with path.open("rb") as lines:
                bad = [number for number, line in enumerate(lines, 1) if not valid(line)]
            seconds[name].append(time.perf_counter() - start)
            invalid[name] = bad
    if len({tuple(bad) for bad in invalid.values()}) != 1:
        counts = {name: len(bad) for name, bad in invalid.items()}
        raise SystemExit(f"the libraries disagree on which lines are invalid: {counts}")
    rates = {name: count / statistics.median(times) for name, times in seconds.items()}
    return {"records": count, "invalid": len(invalid["ngomodel"]), "records_per_second": rates}


def measure(path: Path, jobs: int) -> dict[str, Any]:
    """Run `ngomodel validate` in a fresh process; return time, rate and peak memory."""
    script = shutil.which("ngomodel") or str(Path(sys.executable).with_name("ngomodel"))
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(done.returncode, seconds, peak)\n"
    )
    command = [script, "validate", "--schema", "program", "--jobs", str(jobs), str(path)]
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    status, seconds, peak_kib = int(out[0]), float(out[1]), int(out[2])
    return {"jobs": jobs, "exit": status, "seconds": seconds, "peak_mib": peak_kib / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        quarter = Path(tmp) / "programs-quarter.jsonl"
        write_programs(quarter, args.records // 4)
        side = in_process(quarter, args.records // 4)
        for count in (args.records // 4, args.records):
            path = Path(tmp) / f"programs-{count}.jsonl"
            size = write_programs(path, count)
            for jobs in (1, 2):
                row = measure(path, jobs)
                row.update(records=count, mib=size / 2**20)
                row["records_per_second"] = count / row["seconds"]
                rows.append(row)
    print(
        f"bulk validation of JSON Lines (cores: {os.cpu_count()}, Python {sys.version.split()[0]})"
    )
    rates = side["records_per_second"]
    print(
        f"in process, one core, {side['records']} records ({side['invalid']} invalid, the same "
        "lines for every library), median of 3 passes:"
    )
    print(f"{'library':>9} {'records/s':>10} {'ngomodel/library':>17}")
    for name, rate in rates.items():
        print(f"{name:>9} {rate:>10.0f} {rates['ngomodel'] / rate:>16.2f}x")
    print("the console script, `ngomodel validate --schema program`:")
    print(f"{'records':>9} {'MiB':>7} {'jobs':>4} {'seconds':>8} {'records/s':>10} {'peak MiB':>9}")
    for row in rows:
        print(
            f"{row['records']:>9} {row['mib']:>7.1f} {row['jobs']:>4} {row['seconds']:>8.1f} "
            f"{row['records_per_second']:>10.0f} {row['peak_mib']:>9.1f}"
        )
    if args.json:
        result = {"in_process": side, "console_script": rows}
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
