"""Dask against ``ngomodel validate``: the same invalid records, and records per second.

Writes N programs (200,000 by default; one in 50 invalid, as benchmarks/bulk.py writes
them) into 4 JSON Lines files, then validates them four ways:

- Dask (``ngomodel.distributed.validate_bag``) on a local cluster of 1 and of 2 worker
  processes, one thread each, the cluster started before the clock starts;
- ``ngomodel validate --format json --max-problems 0 --jobs 1`` and ``--jobs 2``.

Each run's invalid records, the ``(source, line)`` of its error problems, must be the
same set (and the Dask records the command's, record for record); the script exits 1
otherwise. It prints the wall time and records per second of each, side by side.

Usage: python scripts/dask_200k.py [--records N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster

from ngomodel.distributed import validate_bag

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bulk import write_programs  # benchmarks/ is not a package

FILES = 4


def cli(paths: list[str], jobs: int) -> tuple[float, list[dict[str, Any]]]:
    """Run ``ngomodel validate`` on *paths*; return its wall time and its report records."""
    command = [sys.executable, "-m", "ngomodel", "validate", "--format", "json", "--schema",
               "program", "--max-problems", "0", "--jobs", str(jobs), *paths]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"ngomodel validate failed: {done.stderr.decode()}")
    report = json.loads(done.stdout)
    return seconds, [{"source": s["source"], **p} for s in report["sources"] for p in s["problems"]]


def dask_run(paths: list[str], workers: int) -> tuple[float, list[dict[str, Any]]]:
    """Validate *paths* on a local cluster of *workers* processes; time the computation."""
    with (
        LocalCluster(
            n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        start = time.perf_counter()
        records = validate_bag(paths, "program", blocksize=8 * 2**20).compute()
        return time.perf_counter() - start, records


def invalid(records: list[dict[str, Any]]) -> set[tuple[str, int]]:
    return {(r["source"], r["line"]) for r in records if r["severity"] == "error"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for part in range(FILES):
            path = Path(folder) / f"programs-{part}.jsonl"
            write_programs(path, args.records // FILES)
            paths.append(str(path))
        count = args.records // FILES * FILES
        runs = {
            "ngomodel validate --jobs 1": cli(paths, 1),
            "ngomodel validate --jobs 2": cli(paths, 2),
            "dask, 1 worker": dask_run(paths, 1),
            "dask, 2 workers": dask_run(paths, 2),
        }
    reference = runs["ngomodel validate --jobs 1"][1]
    expected = invalid(reference)
    figures = {}
    print(f"{count:,} programs in {FILES} files, {len(expected):,} invalid")
    ok = True
    for name, (seconds, records) in runs.items():
        same = invalid(records) == expected and records == reference
        ok = ok and same
        figures[name] = {"seconds": round(seconds, 2), "records_per_second": round(count / seconds)}
        print(
            f"  {name:28} {seconds:7.2f} s  {count / seconds:9,.0f} records/s  "
            f"{'same invalid records' if same else 'DIFFERENT RECORDS'}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
