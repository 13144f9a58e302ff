"""Side-by-side benchmarks: ngomodel against pydantic, msgspec and the JSON Schema validators.

Everything runs in this one process, every library on the same payloads:

1. **Agreement pre-check.** Every library must accept every valid payload of
   ``payloads.py`` and reject every invalid variant, exactly as ngomodel does; the
   three loaders must also dump the loaded objects to the same JSON values. If any
   verdict differs, the disagreements are printed and the run stops with exit
   status 1: no row may be faster because it checks less.
2. **Timings**, in objects per second, each the median of 5 repeats (``--repeats``):

   * *load*: JSON bytes -> validated objects (``ngomodel.loads(b, type=...)``,
     pydantic ``Model.model_validate_json``, ``msgspec.json.Decoder(Model).decode``);
   * *dump*: objects -> JSON bytes (``ngomodel.dumps``, pydantic
     ``TypeAdapter(Model).dump_json(obj, exclude_defaults=True)``,
     ``msgspec.json.encode``);
   * *schema*: a parsed payload (dict) checked against the published JSON Schema
     (``ngomodel.schema.validate(payload, name)``, whatever engine it uses; python-
     jsonschema's default ``Draft202012Validator(schema, registry=ngomodel.schema.
     registry()).is_valid``; ``jsonschema_rs.validator_for(schema, registry=...)``
     ``.is_valid``). The peers use ``is_valid`` (on a valid payload it walks the same
     schema as ``iter_errors``); ngomodel's ``validate`` returns the list of problems.

   for a representative Program, an Organization and a Dataset of a few thousand
   entities. Each repeat runs a number of iterations sized to take a fixed time
   (one call when a call takes longer); the repeats of the three libraries of a row
   are interleaved, so that load from other processes hits them alike; the garbage
   collector stays on, as in real use, and is run before each repeat.
3. A table: rows (operation, model), columns ngomodel and its two peers in objects per
   second, and the ratios ngomodel/peer (above 1: ngomodel is faster).

Usage: python benchmarks/run.py [--quick] [--json OUT] [--repeats N] [--no-bulk]
[--bulk-records N]

``--quick`` is a smoke run (small dataset, tiny time budget). The run ends with
``benchmarks/bulk.py`` (bulk validation of JSON Lines: in process side by side,
then with the console script, records per second and peak memory), unless
``--no-bulk`` is given; ``--bulk-records`` sets the size of its file.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import msgspec
import payloads
import peers
import pydantic
from pydantic import TypeAdapter

import ngomodel
import ngomodel.schema

HERE = Path(__file__).resolve().parent

#: The model classes of ngomodel, by schema name.
NGOMODEL: dict[str, type] = {
    "program": ngomodel.Program,
    "organization": ngomodel.Organization,
    "dataset": ngomodel.Dataset,
}
LOADERS = ("ngomodel", "pydantic", "msgspec")
VALIDATORS = ("ngomodel", "python-jsonschema", "jsonschema-rs")
#: Pre-check columns: (operation, library).
COLUMNS = tuple(("load", lib) for lib in LOADERS) + tuple(("schema", v) for v in VALIDATORS)
REPEATS = 5
VERSIONED = (
    "ngomodel",
    "pydantic",
    "pydantic-core",
    "msgspec",
    "jsonschema",
    "jsonschema-rs",
    "referencing",
    "cattrs",
    "attrs",
)


def encode(payload: Any) -> bytes:
    """Write a payload as compact UTF-8 JSON, the form every loader reads.

    Text that UTF-8 cannot hold (a lone surrogate) is written as a ``\\u`` escape.
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(payload, separators=(",", ":")).encode("ascii")


class Libraries:
    """Every library under test, set up once: decoders, adapters, compiled validators."""

    def __init__(self) -> None:
        registry = ngomodel.schema.registry()
        base = ngomodel.schema.BASE_URI
        documents = ngomodel.schema.schema_documents()
        rs_registry = jsonschema_rs.Registry(
            [(f"{base}{path}", document) for path, document in documents.items()]
        )
        self.decoders = {n: msgspec.json.Decoder(c) for n, c in peers.MSGSPEC.items()}
        self.adapters = {n: TypeAdapter(c) for n, c in peers.PYDANTIC.items()}
        self.python_jsonschema = {
            n: jsonschema.Draft202012Validator(ngomodel.schema.schema_for(n), registry=registry)
            for n in NGOMODEL
        }
        self.jsonschema_rs = {
            n: jsonschema_rs.validator_for(ngomodel.schema.schema_for(n), registry=rs_registry)
            for n in NGOMODEL
        }

    def load(self, library: str, name: str) -> Callable[[bytes], Any]:
        """Return bytes -> validated object for one library and model."""
        if library == "ngomodel":
            cls = NGOMODEL[name]
            return lambda data: ngomodel.loads(data, type=cls)
        if library == "pydantic":
            return peers.PYDANTIC[name].model_validate_json
        return self.decoders[name].decode

    def dump(self, library: str, name: str) -> Callable[[Any], bytes]:
        """Return object -> JSON bytes for one library and model."""
        if library == "ngomodel":
            return ngomodel.dumps
        if library == "pydantic":
            dump_json = self.adapters[name].dump_json
            return lambda obj: dump_json(obj, exclude_defaults=True)
        return msgspec.json.encode

    def check(self, library: str, name: str) -> Callable[[Any], bool]:
        """Return parsed payload -> whether it is valid, for one schema validator."""
        if library == "ngomodel":
            return lambda payload: not ngomodel.schema.validate(payload, name)
        if library == "python-jsonschema":
            return self.python_jsonschema[name].is_valid
        return self.jsonschema_rs[name].is_valid


_REJECTIONS = (ngomodel.ValidationError, pydantic.ValidationError, msgspec.DecodeError)


@dataclass
class Verdicts:
    """The verdicts of every library on one case of the pre-check.

    ``dumps_agree`` says whether the three loaders' objects dump to equal JSON values
    (compared as Python values, so ``200`` equals ``200.0``: see Differences 5 in
    ``peers.py``); ``None`` when not every loader accepted the payload.
    """

    case: payloads.Case
    verdicts: dict[tuple[str, str], str] = field(default_factory=dict)
    seconds: dict[tuple[str, str], float] = field(default_factory=dict)
    dumps_agree: bool | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def expected(self) -> str:
        return "accept" if self.case.valid else "reject"

    def disagreements(self) -> list[str]:
        """Describe every verdict that differs from ngomodel's expected one."""
        out = [
            f"{self.case.name}: {operation} with {library} gives {verdict}, expected "
            f"{self.expected}"
            for (operation, library), verdict in self.verdicts.items()
            if verdict != self.expected
        ]
        if self.dumps_agree is False:
            out.append(f"{self.case.name}: the loaders dump different JSON values")
        return out + [f"{self.case.name}: {note}" for note in self.notes]


def _describe(error: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(error), error)).strip()


def judge(libs: Libraries, case: payloads.Case) -> Verdicts:
    """Run every library on one case; a crash (an unexpected exception) is a verdict too."""
    found = Verdicts(case)
    data = encode(case.payload)
    loaded: dict[str, Any] = {}
    for library in LOADERS:
        load = libs.load(library, case.schema)
        start = time.perf_counter()
        try:
            loaded[library] = load(data)
            verdict = "accept"
        except _REJECTIONS:
            verdict = "reject"
        except Exception as error:  # noqa: BLE001 - a crash is reported, not raised
            verdict = "crash"
            found.notes.append(f"{library} crashed: {_describe(error)}")
        found.seconds["load", library] = time.perf_counter() - start
        found.verdicts["load", library] = verdict
    for library in VALIDATORS:
        check = libs.check(library, case.schema)
        start = time.perf_counter()
        try:
            verdict = "accept" if check(case.payload) else "reject"
        except Exception as error:  # noqa: BLE001
            verdict = "crash"
            found.notes.append(f"{library} crashed: {_describe(error)}")
        found.seconds["schema", library] = time.perf_counter() - start
        found.verdicts["schema", library] = verdict
    if len(loaded) == len(LOADERS):
        try:
            values = [json.loads(libs.dump(lib, case.schema)(loaded[lib])) for lib in LOADERS]
        except Exception as error:  # noqa: BLE001
            found.dumps_agree = False
            found.notes.append(f"dumping crashed: {_describe(error)}")
        else:
            found.dumps_agree = all(value == values[0] for value in values[1:])
    return found


def precheck(libs: Libraries, cases: Sequence[payloads.Case]) -> list[Verdicts]:
    """Judge every case with every library."""
    return [judge(libs, case) for case in cases]


def print_precheck(rows: Sequence[Verdicts]) -> None:
    """Print the verdict table; a verdict that differs from the expected one is marked !."""
    width = max(len(row.case.name) for row in rows)
    heads = ("ngomodel", "pydantic", "msgspec", "ngo.schema", "jsonschema", "js-rs", "dumps")
    print(
        f"{'case':<{width}}  {'category':<17} {'expect':<6} " + " ".join(f"{h:>10}" for h in heads)
    )
    for row in rows:
        cells = []
        for column in COLUMNS:
            verdict = row.verdicts[column]
            cells.append(verdict if verdict == row.expected else f"!{verdict}")
        dumps = {None: "-", True: "same", False: "!DIFF"}[row.dumps_agree]
        print(
            f"{row.case.name:<{width}}  {row.case.category:<17} {row.expected:<6} "
            + " ".join(f"{c:>10}" for c in [*cells, dumps])
        )


# -- timing ------------------------------------------------------------------------------


@dataclass
class Timing:
    """How fast one library does one operation on one model."""

    iterations: int
    seconds: list[float]

    @property
    def per_second(self) -> float:
        return self.iterations / statistics.median(self.seconds)


def calibrate(fn: Callable[[Any], Any], arg: Any, budget: float, first: float | None) -> int:
    """Return how many calls of *fn(arg)* take about *budget* seconds (at least one).

    Args:
        fn: The operation.
        arg: Its argument.
        budget: Seconds one repeat should take.
        first: Seconds one call is already known to take; a call of half a second or more
            (longer than any warm-up) then runs once per repeat without calibration.

    Returns:
        The number of calls per repeat.
    """
    if first is not None and first >= max(budget, 0.5):
        return 1
    iterations = 1
    while True:  # doubling, as timeit does
        start = time.perf_counter()
        for _ in range(iterations):
            fn(arg)
        elapsed = time.perf_counter() - start
        if elapsed >= budget / 5 or iterations >= 1 << 24:
            break
        iterations *= 2
    return max(1, round(iterations * budget / max(elapsed, 1e-9)))


def measure(
    work: dict[str, tuple[Callable[[Any], Any], Any]],
    budget: float,
    first: dict[str, float] | None = None,
    repeats: int = REPEATS,
    paused: bool = False,
) -> dict[str, Timing]:
    """Time several libraries doing the same operation, interleaving their repeats.

    Repeat 1 of every library runs, then repeat 2 of every library, and so on, so that
    a burst of load from other processes hits all of them alike. When the pre-check
    already timed one call at half a second or more, that call counts as the first of
    the repeats (each repeat of so slow an operation is one call anyway).

    Args:
        work: Library -> (operation, its argument).
        budget: Seconds one repeat should take (at least one call).
        first: Library -> seconds one call is already known to take.
        repeats: How many times each library is timed.
        paused: Whether the garbage collector is held during each repeat, for every
            library (ngomodel holds it itself while it loads and dumps, whatever this
            says; the peers do not).

    Returns:
        Library -> its timing.
    """
    first = first or {}
    counts = {lib: calibrate(fn, arg, budget, first.get(lib)) for lib, (fn, arg) in work.items()}
    seconds: dict[str, list[float]] = {lib: [] for lib in work}
    for lib in work:  # a slow call timed by the pre-check is the first repeat already
        if lib in first and counts[lib] == 1 and first[lib] >= max(budget, 0.5):
            seconds[lib].append(first[lib])
    for _ in range(repeats):
        for lib, (fn, arg) in work.items():
            iterations = counts[lib]
            if len(seconds[lib]) == repeats:
                continue
            gc.collect()
            if paused:
                gc.disable()
            start = time.perf_counter()
            for _ in range(iterations):
                fn(arg)
            seconds[lib].append(time.perf_counter() - start)
            if paused:
                gc.enable()
    return {lib: Timing(counts[lib], seconds[lib]) for lib in work}


@dataclass
class Row:
    """One row of the results: an operation on a model, for three libraries."""

    operation: str
    model: str
    libraries: tuple[str, str, str]
    timings: dict[str, Timing]

    def ratio(self, peer: str) -> float:
        return self.timings[self.libraries[0]].per_second / self.timings[peer].per_second


@dataclass
class Subject:
    """A model under test and its valid payload."""

    name: str
    payload: Any
    data: bytes
    entities: int = 1
    #: Operation -> library -> seconds of one call, when the pre-check timed it.
    seconds: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        if self.name != "dataset":
            return self.name
        return f"dataset ({self.entities} entities, {len(self.data) / 2**20:.1f} MiB)"


def time_subject(
    libs: Libraries, subject: Subject, budget: float, repeats: int = REPEATS
) -> list[Row]:
    """Time load, dump and schema validation of one subject with every library."""
    name = subject.name
    known = subject.seconds
    loads = {lib: (libs.load(lib, name), subject.data) for lib in LOADERS}
    objects = {lib: load(data) for lib, (load, data) in loads.items()}
    dumps = {lib: (libs.dump(lib, name), objects[lib]) for lib in LOADERS}
    checks = {lib: (libs.check(lib, name), subject.payload) for lib in VALIDATORS}
    return [
        Row("load", subject.label, LOADERS, measure(loads, budget, known.get("load"), repeats)),
        Row(
            PAUSED_LOAD,
            subject.label,
            LOADERS,
            measure(loads, budget, known.get("load"), repeats, paused=True),
        ),
        Row("dump", subject.label, LOADERS, measure(dumps, budget, None, repeats)),
        Row(
            PAUSED_DUMP, subject.label, LOADERS, measure(dumps, budget, None, repeats, paused=True)
        ),
        Row(
            "schema",
            subject.label,
            VALIDATORS,
            measure(checks, budget, known.get("schema"), repeats),
        ),
    ]


def _reject(load: Callable[[bytes], Any]) -> Callable[[list[bytes]], int]:
    """Return texts -> how many of them *load* rejects (all of them, for invalid payloads)."""

    def reject_all(texts: list[bytes]) -> int:
        rejected = 0
        for text in texts:
            try:
                load(text)
            except _REJECTIONS:
                rejected += 1
        return rejected

    return reject_all


def time_invalid(
    libs: Libraries, name: str, cases: Sequence[payloads.Case], budget: float, repeats: int
) -> Row:
    """Time the rejection of every invalid variant of one model, by every loader.

    One call rejects all the variants (one thing wrong in each: a code, a pattern, a
    type, a date, a missing or unknown key…); the row counts variants per second.
    ngomodel and pydantic collect every problem with its location, msgspec stops at
    the first.
    """
    texts = [encode(case.payload) for case in cases]
    work = {lib: (_reject(libs.load(lib, name)), texts) for lib in LOADERS}
    for lib, (reject_all, _) in work.items():  # the pre-check showed it; the row relies on it
        assert reject_all(texts) == len(texts), f"{lib} accepted an invalid {name}"
    timings = measure(work, budget, None, repeats)
    for timing in timings.values():  # one call handles every variant
        timing.iterations *= len(texts)
    return Row(REJECT, f"{name} ({len(texts)} invalid variants)", LOADERS, timings)


def _rate(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _ratio(value: float) -> str:
    if value < 10:
        return f"{value:.2f}x"
    return f"{value:.1f}x" if value < 100 else f"{value:,.0f}x"


def print_rows(rows: Sequence[Row]) -> None:
    """Print the results table, one block for the loaders and one for the validators."""
    width = max(len(row.model) for row in rows)
    ops = max(9, *(len(row.operation) for row in rows))
    for libraries in (LOADERS, VALIDATORS):
        a, b, c = libraries
        heads = [a, b, c, f"ngomodel/{b}", f"ngomodel/{c}"]
        sizes = [max(12, len(head)) for head in heads]
        print()
        print(
            f"{'operation':<{ops}} {'model':<{width}} "
            + " ".join(f"{h:>{n}}" for h, n in zip(heads, sizes, strict=True))
        )
        for row in rows:
            if row.libraries != libraries:
                continue
            t = row.timings
            cells = [_rate(t[lib].per_second) for lib in libraries]
            cells += [_ratio(row.ratio(b)), _ratio(row.ratio(c))]
            print(
                f"{row.operation:<{ops}} {row.model:<{width}} "
                + " ".join(f"{x:>{n}}" for x, n in zip(cells, sizes, strict=True))
            )


#: The rows timed with the garbage collector held for every library, and of rejections.
PAUSED_LOAD = "load, GC held"
PAUSED_DUMP = "dump, GC held"
REJECT = "reject"

#: DESIGN.md section 5 and the performance issues: (operation, peer, smallest ratio
#: ngomodel/peer in objects per second). Dumping within 2x of msgspec's time is a ratio
#: of at least 0.5.
TARGETS = (
    ("load", "pydantic", 1.0),
    ("dump", "pydantic", 1.0),
    ("dump", "msgspec", 0.5),
    ("schema", "python-jsonschema", 100.0),
)
#: An invalid record may cost at most this many valid ones (time to reject one invalid
#: variant over time to load the valid payload, with the GC on).
INVALID_COST = 2.0


def invalid_costs(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """For each reject row: what one invalid variant costs, in valid loads, per library."""
    out = []
    for row in rows:
        if row.operation != REJECT:
            continue
        name = row.model.split(" ")[0]
        (load,) = [r for r in rows if r.operation == "load" and r.model == name]
        costs = {
            lib: load.timings[lib].per_second / row.timings[lib].per_second for lib in row.libraries
        }
        out.append(
            {
                "model": name,
                "variants": row.model,
                "valid_loads_per_invalid": costs,
                "target": INVALID_COST,
                "met": costs["ngomodel"] <= INVALID_COST,
            }
        )
    return out


def targets(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """Compare each row with the DESIGN.md section 5 target for its operation."""
    out = []
    for operation, peer, goal in TARGETS:
        for row in rows:
            if row.operation == operation:
                ratio = row.ratio(peer)
                out.append(
                    {
                        "operation": operation,
                        "model": row.model,
                        "peer": peer,
                        "target": goal,
                        "ratio": ratio,
                        "met": ratio >= goal,
                    }
                )
    return out


# -- the run -----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """Facts about the machine and the libraries, for the header."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = {}
    for name in VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "versions": versions,
        "load_average_before": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def peer_differences() -> str:
    """How each peer is set up and what it checks differently: the notes of ``peers.py``."""
    doc = peers.__doc__ or ""
    setup = doc[doc.index("* unknown keys") : doc.index("Differences\n")].rstrip()
    differences = doc[doc.index("Differences\n") :].split("\n", 2)[2].rstrip()
    return (
        "the peers (benchmarks/peers.py), each in its fastest configuration that gives "
        "ngomodel's verdicts:\n"
        + setup
        + "\n\nwhat they check or build differently from ngomodel:\n"
        + differences
    )


def run_bulk(records: int) -> dict[str, Any]:
    """Run benchmarks/bulk.py in its own process and return its results."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bulk.json"
        command = [sys.executable, str(HERE / "bulk.py"), "--records", str(records)]
        done = subprocess.run([*command, "--json", str(out)], capture_output=True, text=True)
        print(done.stdout, end="")
        if done.returncode != 0:
            print(done.stderr, end="", file=sys.stderr)
            raise SystemExit(f"benchmarks/bulk.py failed with exit status {done.returncode}")
        results: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the pre-check and the timings; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the numbers here")
    parser.add_argument("--no-bulk", dest="bulk", action="store_false", help="skip bulk.py")
    parser.add_argument(
        "--repeats", type=int, default=REPEATS, metavar="N", help="timed repeats per row"
    )
    parser.add_argument("--bulk-records", type=int, default=None, metavar="N")
    args = parser.parse_args(argv)
    scale, budget = (0.02, 0.005) if args.quick else (1.0, 0.15)
    started = time.perf_counter()
    facts = machine()

    libs = Libraries()
    cases = payloads.cases(scale)
    valid = [case for case in cases if case.valid]
    timed = {
        "program": valid[0],
        "organization": valid[1],
        "dataset": [case for case in valid if case.schema == "dataset"][-1],
    }
    subjects = {
        name: Subject(
            name,
            case.payload,
            encode(case.payload),
            entities=payloads.entity_count(case.payload) if name == "dataset" else 1,
        )
        for name, case in timed.items()
    }

    print("ngomodel side-by-side benchmarks" + (" (quick smoke run)" if args.quick else ""))
    print(
        f"machine: {facts['cpu']}, {facts['cores']} cores ({facts['usable_cores']} usable), "
        f"{facts['python']}, {facts['platform']}"
    )
    print("versions: " + ", ".join(f"{k} {v}" for k, v in facts["versions"].items()))
    if facts["load_average_before"] is not None:
        print("load average before: " + " ".join(f"{x:.2f}" for x in facts["load_average_before"]))
    print()
    print(peer_differences())
    print()
    print(f"agreement pre-check: {len(cases)} payloads ({sum(c.valid for c in cases)} valid)")
    checked = time.perf_counter()
    rows = precheck(libs, cases)
    print_precheck(rows)
    checked = time.perf_counter() - checked
    problems = [line for row in rows for line in row.disagreements()]
    if problems:
        print()
        print(f"PRE-CHECK FAILED: {len(problems)} disagreement(s); nothing is timed.")
        for line in problems:
            print(f"  {line}")
        return 1
    print(
        f"pre-check passed: all {len(LOADERS) + len(VALIDATORS)} libraries give every verdict "
        f"({checked:.0f} s)."
    )
    for row in rows:  # the pre-check's calls on the timed payloads calibrate the slow rows
        for name, case in timed.items():
            if row.case is case:
                for (operation, library), seconds in row.seconds.items():
                    subjects[name].seconds.setdefault(operation, {})[library] = seconds

    print()
    print(
        f"timings: objects per second, median of {args.repeats} repeats, each repeat sized to "
        f"{budget:g} s (at least one call; for calls of 0.5 s or more, the pre-check's "
        "timed call is the first repeat); GC collected before each repeat and then on, as "
        f"in real use, except in the '{PAUSED_LOAD}' and '{PAUSED_DUMP}' rows, where it is "
        "held during the repeat for every library (ngomodel holds it itself while it loads "
        "and dumps, in every row); the targets below read the rows with the GC on"
    )
    print(
        "schema rows: python-jsonschema (Draft202012Validator, default options) and "
        "jsonschema-rs via .is_valid(payload); ngomodel via ngomodel.schema.validate(payload, "
        "name), which returns the list of problems"
    )
    results: list[Row] = []
    for subject in subjects.values():
        results.extend(time_subject(libs, subject, budget, args.repeats))
    invalid = [case for case in cases if not case.valid]
    for name in ("program", "organization"):
        variants = [case for case in invalid if case.schema == name]
        results.append(time_invalid(libs, name, variants, budget, args.repeats))
    print_rows(results)
    data = subjects["dataset"]
    print()
    print(
        f"program: {len(subjects['program'].data):,} bytes; organization: "
        f"{len(subjects['organization'].data):,} bytes; dataset rows count whole documents "
        f"of {data.entities} entities (entities/s = documents/s x {data.entities})."
    )
    print("ratios are ngomodel/peer: above 1, ngomodel is faster.")
    costs = invalid_costs(results)
    print()
    print(
        "invalid payloads: the time to reject one, in loads of the valid payload by the same "
        "library (ngomodel and pydantic collect every problem, msgspec stops at the first):"
    )
    for item in costs:
        cells = "  ".join(
            f"{lib} {cost:.2f}" for lib, cost in item["valid_loads_per_invalid"].items()
        )
        print(f"  {item['model']:<13} {cells}")
    met = targets(results)
    print()
    print("targets (ngomodel/peer in objects per second at least; invalid cost at most):")
    for item in met:
        mark = "met" if item["met"] else "NOT MET"
        print(
            f"  {item['operation']:<7} {item['model']:<{len(data.label)}} vs {item['peer']:<17} "
            f">= {item['target']:g}: {_ratio(item['ratio']):>8}  {mark}"
        )
    for item in costs:
        mark = "met" if item["met"] else "NOT MET"
        cost = item["valid_loads_per_invalid"]["ngomodel"]
        label = f"{item['model']}, in valid loads"
        print(
            f"  {'invalid':<7} {label:<{len(data.label) + 21}} "
            f"<= {item['target']:g}: {cost:>7.2f}x  {mark}"
        )
    bulk_rows: dict[str, Any] = {}
    if args.bulk:
        print()
        records = args.bulk_records or (2_000 if args.quick else 50_000)
        bulk_rows = run_bulk(records)
    facts["load_average_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    elapsed = time.perf_counter() - started
    print()
    if facts["load_average_after"] is not None:
        print("load average after: " + " ".join(f"{x:.2f}" for x in facts["load_average_after"]))
    print(f"total time: {elapsed:.0f} s")
    if args.json:
        report = {
            "machine": facts,
            "quick": args.quick,
            "repeats": args.repeats,
            "budget_seconds": budget,
            "dataset_entities": data.entities,
            "payload_bytes": {name: len(s.data) for name, s in subjects.items()},
            "precheck": [
                {
                    "case": row.case.name,
                    "category": row.case.category,
                    "schema": row.case.schema,
                    "expected": row.expected,
                    "verdicts": {f"{op} {lib}": v for (op, lib), v in row.verdicts.items()},
                    "dumps_agree": row.dumps_agree,
                }
                for row in rows
            ],
            "results": [
                {
                    "operation": row.operation,
                    "model": row.model,
                    "objects_per_second": {
                        lib: row.timings[lib].per_second for lib in row.libraries
                    },
                    "entities_per_second": (
                        {lib: row.timings[lib].per_second * data.entities for lib in row.libraries}
                        if row.model == data.label
                        else None
                    ),
                    "ratios": {f"ngomodel/{lib}": row.ratio(lib) for lib in row.libraries[1:]},
                    "iterations": {lib: row.timings[lib].iterations for lib in row.libraries},
                    "repeat_seconds": {lib: row.timings[lib].seconds for lib in row.libraries},
                }
                for row in results
            ],
            "targets": met,
            "invalid_costs": costs,
            "bulk": bulk_rows,
            "total_seconds": elapsed,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"numbers written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
