"""The benchmarks compare like with like: peer models agree with ngomodel, and the run works."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import ngomodel
from ngomodel import rules

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _bench(name: str) -> ModuleType:
    """Import a module of benchmarks/ (they import each other by their plain names)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


def run_script(name: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run a script of benchmarks/ in a fresh process; it must exit 0 within *timeout* s."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / name), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


payloads = _bench("payloads")
peers = _bench("peers")
run = _bench("run")

CASES = payloads.cases(scale=payloads.SMALL)


@pytest.fixture(scope="module")
def libs() -> Any:
    return run.Libraries()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_library_gives_ngomodels_verdict(libs: Any, case: Any) -> None:
    """pydantic, msgspec and both schema validators accept or reject each case as ngomodel does."""
    verdicts = run.judge(libs, case)
    assert verdicts.verdicts["load", "ngomodel"] == verdicts.expected
    assert verdicts.disagreements() == []


def test_invalid_variants_cover_every_kind_of_rule() -> None:
    """The pre-check has invalid variants of each kind the brief names, for every model."""
    invalid = [case for case in CASES if not case.valid]
    kinds = {case.category for case in invalid}
    assert {
        "wrong type",
        "unknown key",
        "missing key",
        "unknown code",
        "broken pattern",
        "out of range",
        "impossible date",
        "null for optional",
        "class rule",
        "too few items",
    } <= kinds
    assert {case.schema for case in invalid} == {"program", "organization", "dataset"}


def test_precheck_reports_a_disagreement(libs: Any) -> None:
    """A case whose expected verdict is wrong makes the pre-check fail (it is not a formality)."""
    wrong = payloads.Case("program: claimed invalid", "test", "program", payloads.program(), False)
    found = run.judge(libs, wrong).disagreements()
    assert len(found) == len(run.COLUMNS)


def test_generated_dataset_resolves_and_passes_the_semantic_rules() -> None:
    """The generated dataset loads and breaks none of ngomodel's cross-object rules."""
    data = payloads.dataset(scale=0.05)
    dataset = ngomodel.loads(json.dumps(data), type=ngomodel.Dataset)
    assert rules.check(dataset) == []
    assert len(list(dataset.entities())) == payloads.entity_count(data)


def test_payloads_are_deterministic() -> None:
    """The same seed gives the same payloads; another seed gives others."""
    assert payloads.dataset(scale=0.02) == payloads.dataset(scale=0.02)
    assert payloads.dataset(scale=0.02) != payloads.dataset(scale=0.02, seed=1)


def test_full_dataset_has_the_advertised_size() -> None:
    """At scale 1 the dataset holds the entity counts of payloads.COUNTS."""
    data = payloads.dataset()
    assert {name: len(data[name]) for name in payloads.COUNTS} == payloads.COUNTS


def test_peers_read_counts_and_amounts_as_ngomodel_does(libs: Any) -> None:
    """A whole float in an integer field becomes an int, and amounts become Decimals."""
    program = payloads.program()
    program["beneficiary_groups"][0]["planned_count"] = 60000.0
    data = run.encode(program)
    for library in run.LOADERS:
        loaded = libs.load(library, "program")(data)
        count = loaded.beneficiary_groups[0].planned_count
        assert type(count) is int
        assert count == 60000
        assert loaded.budgets[0].value.amount == Decimal("125000.00")
        assert isinstance(loaded.budgets[0].value.amount, Decimal)


def test_peers_omit_defaults_when_dumping(libs: Any) -> None:
    """Every loader dumps the representative program without defaults, to the same bytes' values."""
    data = run.encode(payloads.program())
    dumped = [
        json.loads(libs.dump(lib, "program")(libs.load(lib, "program")(data)))
        for lib in run.LOADERS
    ]
    assert "vocabulary" not in dumped[0]["sectors"][0]
    assert dumped[1] == dumped[0]
    assert dumped[2] == dumped[0]


def test_quick_run_exits_zero(tmp_path: Path) -> None:
    """`benchmarks/run.py --quick` passes its pre-check and writes every row to --json."""
    out = tmp_path / "bench.json"
    quick = ("--quick", "--no-bulk", "--repeats", "3")
    done = run_script("run.py", *quick, "--json", str(out), timeout=120)
    assert "pre-check passed" in done.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    rows = {(row["operation"], row["model"].split()[0]) for row in report["results"]}
    assert rows == {
        (operation, model)
        for operation in ("load", "load, GC held", "dump", "dump, GC held", "schema")
        for model in ("program", "organization", "dataset")
    } | {("reject", "program"), ("reject", "organization")}
    assert report["repeats"] == 3
    costs = {item["model"]: item["valid_loads_per_invalid"] for item in report["invalid_costs"]}
    assert set(costs) == {"program", "organization"}
    assert all(cost > 0 for by_library in costs.values() for cost in by_library.values())
    assert "what they check or build differently from ngomodel" in done.stdout
    for row in report["results"]:
        assert all(rate > 0 for rate in row["objects_per_second"].values())
        assert all(len(times) == 3 for times in row["repeat_seconds"].values())


def test_bulk_run_compares_the_libraries_on_the_same_lines(tmp_path: Path) -> None:
    """`benchmarks/bulk.py` times all three libraries, which find the same invalid lines."""
    out = tmp_path / "bulk.json"
    run_script("bulk.py", "--records", "400", "--json", str(out))
    report = json.loads(out.read_text(encoding="utf-8"))
    side = report["in_process"]
    assert (side["records"], side["invalid"]) == (100, 2)  # lines 1 and 51 of 100
    assert set(side["records_per_second"]) == {"ngomodel", "pydantic", "msgspec"}
    scripted = report["console_script"]
    assert [(row["records"], row["jobs"]) for row in scripted] == [
        (100, 1),
        (100, 2),
        (400, 1),
        (400, 2),
    ]
    assert all(row["exit"] == 1 for row in scripted)  # the file holds invalid records


def test_scale_run_measures_every_library_in_its_own_process(tmp_path: Path) -> None:
    """`benchmarks/scale.py` on a small dataset: every row, memory read, no fault."""
    out = tmp_path / "scale.json"
    sizes = ("--programs", "150", "--memberships", "200", "--passes", "1")
    done = run_script("scale.py", *sizes, "--json", str(out))
    assert "FAULT" not in done.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    scale = _bench("scale")
    assert {lib: tuple(ops) for lib, ops in report["rows"].items()} == scale.OPERATIONS
    assert "150 programs, 200 memberships" in done.stdout
    for operations in report["rows"].values():
        for row in operations.values():
            assert row["seconds"] > 0
            assert row["passes"] == 1
            if sys.platform == "linux":
                assert row["peak_mib"] >= 0
    assert report["rows"]["ngomodel"]["load"]["held_mib"] > 0  # the objects take room


def test_scale_run_reports_a_dump_that_differs_and_a_wrong_verdict(tmp_path: Path) -> None:
    """The scale run's fault check is not a formality: it catches what is wrong."""
    scale = _bench("scale")
    for library, text in (("ngomodel", "[1, 2.0]"), ("pydantic", "[1.0, 2]"), ("msgspec", "[1]")):
        (tmp_path / f"{library}.dump.json").write_text(text, encoding="utf-8")
    results = {
        "ngomodel": {"dump": {}, "rules": {"errors": 0}},
        "pydantic": {"dump": {}},
        "msgspec": {"dump": {}},
        "jsonschema-rs": {"schema": {"valid": False}},
    }
    assert scale._faults(results, tmp_path) == [
        "msgspec dump: not the value that ngomodel dumps",
        "jsonschema-rs schema: called the valid dataset invalid",
    ]
