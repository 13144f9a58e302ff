"""Parquet for analysts: writing and reading a dataset of 10,000 programs, in records/s.

The dataset is the reference dataset with its programs copied, under new ids, up to the
number asked for. In the same run it is written and read as Parquet
(``ngomodel.parquet.to_parquet_files`` and ``from_parquet``, every check included) and as
ngomodel JSON (``ngomodel.dumps`` and ``ngomodel.loads``), so the rates stand side by side.
A record is one entity of the dataset. Each figure is the best of a few repeats.

Usage: python benchmarks/parquet_io.py [--programs 10000] [--repeat 3] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

import ngomodel
from ngomodel.parquet import from_parquet, to_parquet_files


def dataset(programs: int) -> ngomodel.Dataset:
    """The reference dataset, its programs copied under new ids up to *programs* (those
    without locations, whose ids would be used twice)."""
    base = ngomodel.reference_dataset()
    models = [p for p in base.programs if not p.locations]
    copies = [
        attrs.evolve(models[n % len(models)], id=f"program-copy-{n}")
        for n in range(programs - len(base.programs))
    ]
    return attrs.evolve(base, programs=(*base.programs, *copies))


def best(work: Callable[[], Any], repeat: int) -> float:
    """The fewest seconds *work* takes, of *repeat* runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    data = dataset(args.programs)
    records = sum(1 for _ in data.entities())
    files = to_parquet_files(data).unwrap()
    text = ngomodel.dumps(data)
    with tempfile.TemporaryDirectory() as folder:
        for name, content in files.items():
            Path(folder, name).write_bytes(content)
        assert from_parquet(folder).unwrap() == data
        seconds = {
            "parquet write": best(lambda: to_parquet_files(data).unwrap(), args.repeat),
            "parquet read": best(lambda: from_parquet(folder).unwrap(), args.repeat),
            "json dumps": best(lambda: ngomodel.dumps(data), args.repeat),
            "json loads": best(lambda: ngomodel.loads(text), args.repeat),
        }
    size = {
        "parquet": sum(len(c) for c in files.values()),
        "json": len(text),
    }
    print(
        f"{args.programs:,} programs, {records:,} records; Parquet {size['parquet']:,} bytes, "
        f"JSON {size['json']:,} bytes"
    )
    print(f"{'':16}{'seconds':>10}{'records/s':>12}")
    results = []
    for name, took in seconds.items():
        print(f"{name:16}{took:10.3f}{records / took:12,.0f}")
        results.append({"case": name, "seconds": took, "records_per_second": records / took})
    if args.json is not None:
        args.json.write_text(json.dumps({"records": records, "bytes": size, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
