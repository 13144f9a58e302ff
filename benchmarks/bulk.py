"""Bulk validation of JSON Lines with ``ngomodel validate``: records per second and peak memory.

Generates a JSON Lines file of programs (one in 50 invalid), then runs the real
console script on it with ``--jobs 1`` and ``--jobs 2``, one after the other in
this one run, and reports wall time, records per second and the peak resident
memory of the largest process. Running the same on a quarter of the file shows
whether memory stays flat as the file grows.

Usage: python benchmarks/bulk.py [--records N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PROGRAM: dict[str, Any] = {
    "id": "program-0",
    "title": {"zh": "幸福泉", "zh-Latn-pinyin": "Xingfu Quan", "en": "Spring of Happiness"},
    "description": {"en": "Drilling deep wells in the arid regions of Cambodia."},
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
    print(f"{'records':>9} {'MiB':>7} {'jobs':>4} {'seconds':>8} {'records/s':>10} {'peak MiB':>9}")
    for row in rows:
        print(
            f"{row['records']:>9} {row['mib']:>7.1f} {row['jobs']:>4} {row['seconds']:>8.1f} "
            f"{row['records_per_second']:>10.0f} {row['peak_mib']:>9.1f}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
