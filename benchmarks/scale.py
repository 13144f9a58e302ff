"""A dataset at scale: 10,000 programs and 50,000 memberships, side by side with peak memory.

The seeded benchmark dataset of ``payloads.py`` is scaled to ``--programs`` programs
(organizations, networks, persons, agreements and figures in proportion) with
``--memberships`` memberships, and written once as compact JSON. Each operation of each
library then runs in a fresh process of its own, so that the memory is its own, on that
file, after a warm-up call on a small dataset:

* *load*: the bytes -> validated objects (``ngomodel.loads``, pydantic's
  ``model_validate_json``, msgspec's ``Decoder.decode``, on the dataset models of
  ``peers.py``), with the garbage collector on, as in real use, and again with it
  held for the call (*load, GC held*; ngomodel holds it itself in both);
* *dump*: the loaded objects -> JSON bytes, which must hold the same value for every
  library (defaults omitted);
* *schema*: the parsed file checked against the published JSON Schema
  (``ngomodel.schema.validate``, jsonschema-rs' ``is_valid``; python-jsonschema is
  left out at this size: the side-by-side run shows its rate on the smaller dataset);
* *rules*: ngomodel's semantic rules (``ngomodel.rules.check``) on the loaded
  dataset, which no peer has; shown for what ``ngomodel validate`` adds to a load.

Time is the median of ``--passes`` calls. Memory is read from Linux's
``/proc/self/status``: the peak resident size during the call above the resident size
just before it (the high-water mark is reset before each call), and, for *load*,
what the loaded objects still hold afterwards.

Usage: python benchmarks/scale.py [--programs 10000] [--memberships 50000]
[--passes 3] [--json OUT]
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import payloads

HERE = Path(__file__).resolve().parent

#: The libraries, each run in its own process, and the operations each has.
OPERATIONS: dict[str, tuple[str, ...]] = {
    "ngomodel": ("load", "load, GC held", "dump", "schema", "rules"),
    "pydantic": ("load", "load, GC held", "dump"),
    "msgspec": ("load", "load, GC held", "dump"),
    "jsonschema-rs": ("schema",),
}


def _status(field: str) -> int | None:
    """A size of this process in bytes from /proc/self/status (None off Linux)."""
    try:
        text = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else None


def _reset_peak() -> bool:
    """Reset the resident high-water mark (Linux 4.0 and later); whether it could."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def _measured(call: Callable[[], Any], passes: int, hold_gc: bool) -> tuple[dict[str, Any], Any]:
    """Time *call* over *passes* calls; the memory of the first; its last result."""
    seconds: list[float] = []
    result: Any = None
    memory: dict[str, Any] = {}
    for index in range(passes):
        result = None
        gc.collect()
        before = _status("VmRSS")
        reset = _reset_peak()
        if hold_gc:
            gc.disable()
        start = time.perf_counter()
        try:
            result = call()
        finally:
            seconds.append(time.perf_counter() - start)
            gc.enable()
        if index == 0 and before is not None and reset:
            peak, after = _status("VmHWM"), _status("VmRSS")
            memory = {
                "peak_mib": ((peak or before) - before) / 2**20,
                "held_mib": ((after or before) - before) / 2**20,
            }
    return {"seconds": statistics.median(seconds), "passes": passes, **memory}, result


def child(library: str, operation: str, path: Path, passes: int) -> dict[str, Any]:
    """Run one operation of one library on the file; what it measured."""
    data = path.read_bytes()
    # Each child imports only what its library needs, so that the memory is its own.
    import orjson

    expected = orjson.loads(data)
    load: Callable[[bytes], Any]
    dump: Callable[[Any], bytes]
    schema: Callable[[Any], bool]
    check: Callable[[Any], list[Any]]
    if library == "ngomodel":
        import ngomodel
        import ngomodel.rules
        import ngomodel.schema

        check = ngomodel.rules.check

        def load(raw: bytes) -> Any:
            return ngomodel.loads(raw)

        dump = ngomodel.dumps

        def schema(value: Any) -> bool:
            return not ngomodel.schema.validate(value, "dataset")

    elif library == "pydantic":
        import peers
        import pydantic

        load = peers.PYDANTIC["dataset"].model_validate_json
        adapter = pydantic.TypeAdapter(peers.PYDANTIC["dataset"])

        def dump(obj: Any) -> bytes:
            return adapter.dump_json(obj, exclude_defaults=True)  # type: ignore[no-any-return]

    elif library == "msgspec":
        import msgspec
        import peers

        load = msgspec.json.Decoder(peers.MSGSPEC["dataset"]).decode
        dump = msgspec.json.encode
    else:
        import jsonschema_rs

        import ngomodel
        import ngomodel.schema

        base = ngomodel.schema.BASE_URI
        documents = ngomodel.schema.schema_documents()
        registry = jsonschema_rs.Registry(
            [(f"{base}{name}", document) for name, document in documents.items()]
        )
        schema = jsonschema_rs.validator_for(
            ngomodel.schema.schema_for("dataset"), registry=registry
        ).is_valid

    # A warm-up on a small dataset builds whatever each library builds on first use.
    small = json.dumps(payloads.dataset(scale=payloads.SMALL)).encode()
    if operation == "schema":
        schema(orjson.loads(small))
        row, verdict = _measured(lambda: schema(expected), passes, hold_gc=False)
        return {**row, "valid": bool(verdict)}
    load(small)
    if operation.startswith("load"):
        # ngomodel holds the collector itself while it loads: held in both rows.
        held = operation != "load" or library == "ngomodel"
        row, _ = _measured(lambda: load(data), passes, hold_gc=held)
        return row
    loaded = load(data)
    if operation == "dump":
        row, written = _measured(lambda: dump(loaded), passes, hold_gc=False)
        path.with_name(f"{library}.dump.json").write_bytes(written)  # compared by the parent
        return row
    row, found = _measured(lambda: check(loaded), passes, hold_gc=False)
    return {**row, "errors": sum(p.severity == "error" for p in found)}


def run_child(library: str, operation: str, path: Path, passes: int) -> dict[str, Any]:
    """Run :func:`child` in a fresh process and return what it measured."""
    done = subprocess.run(
        [
            *(sys.executable, __file__, "--child", library, "--operation", operation),
            *("--file", str(path), "--passes", str(passes)),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE,
    )
    if done.returncode != 0:
        raise SystemExit(f"{library} {operation} failed at scale:\n{done.stderr}")
    measured: dict[str, Any] = json.loads(done.stdout)
    return measured


def _faults(results: dict[str, dict[str, Any]], folder: Path) -> list[str]:
    """What any library got wrong: a dump unlike ngomodel's, a wrong verdict, rule errors.

    The dumps are compared as Python values, as the side-by-side run compares them
    (a whole float written as ``2575`` or ``2575.0`` is the same number).
    """
    faults = []
    dumped = {lib: folder / f"{lib}.dump.json" for lib, ops in results.items() if "dump" in ops}
    values = {lib: json.loads(path.read_bytes()) for lib, path in dumped.items()}
    for library, value in values.items():
        if value != values["ngomodel"]:
            faults.append(f"{library} dump: not the value that ngomodel dumps")
    for library, operations in results.items():
        for operation, row in operations.items():
            if row.get("valid") is False:
                faults.append(f"{library} {operation}: called the valid dataset invalid")
            if row.get("errors"):
                faults.append(f"{library} {operation}: {row['errors']} rule errors")
    return faults


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--memberships", type=int, default=50_000)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--child", choices=sorted(OPERATIONS), help=argparse.SUPPRESS)
    parser.add_argument("--operation", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.operation, args.file, args.passes)))
        return 0
    scale = args.programs / payloads.COUNTS["programs"]
    payload = payloads.dataset(scale=scale, counts={"memberships": args.memberships})
    entities = payloads.entity_count(payload)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dataset.json"
        path.write_bytes(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())
        size = path.stat().st_size
        results = {
            library: {op: run_child(library, op, path, args.passes) for op in operations}
            for library, operations in OPERATIONS.items()
        }
        faults = _faults(results, path.parent)
    print(
        f"dataset at scale: {len(payload['programs']):,} programs, "
        f"{len(payload['memberships']):,} memberships, {entities:,} entities, "
        f"{size / 1e6:.1f} MB; each operation in a fresh process; median of {args.passes}"
    )
    print(
        f"{'operation':<14} {'library':<14} {'seconds':>8} {'entities/s':>11} "
        f"{'peak MiB':>9} {'held MiB':>9} {'÷ ngomodel':>10}"
    )
    for operation in dict.fromkeys(op for ops in OPERATIONS.values() for op in ops):
        ours = results["ngomodel"][operation]["seconds"]
        for library, operations in results.items():
            row = operations.get(operation)
            if row is None:
                continue
            held = f"{row['held_mib']:>9.0f}" if operation.startswith("load") else f"{'':>9}"
            print(
                f"{operation:<14} {library:<14} {row['seconds']:>8.3f} "
                f"{entities / row['seconds']:>11,.0f} {row.get('peak_mib', float('nan')):>9.0f} "
                f"{held} {row['seconds'] / ours:>10.2f}"
            )
    print(
        "÷ ngomodel: the library's time over ngomodel's (above 1: ngomodel is faster); "
        "peak: above the resident size before the call; held: what the loaded objects keep"
    )
    for fault in faults:
        print(f"FAULT: {fault}")
    if args.json:
        report = {"entities": entities, "bytes": size, "passes": args.passes, "rows": results}
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
