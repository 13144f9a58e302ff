"""Parquet for analysts: the files, their Arrow schemas, the round trip and the docs page."""

from __future__ import annotations

import os
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas
import polars
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given
from markdown_it import MarkdownIt

from ngomodel import Dataset, Money, Program, from_dict, reference_dataset
from ngomodel.parquet import COLLECTIONS, arrow_schema, from_parquet, to_parquet, to_parquet_files
from ngomodel.strategies import datasets

DOCS = Path(__file__).parent.parent / "docs" / "analysts.md"


def _written(dataset: Dataset) -> Path:
    folder = Path(tempfile.mkdtemp())
    to_parquet(dataset, folder).unwrap()
    return folder


def test_reference_dataset_round_trips(tmp_path: Path) -> None:
    """The reference dataset, written and read back, is the same dataset, without problems."""
    written = to_parquet(reference_dataset(), tmp_path)
    assert written.problems == ()
    names = [path.name for path in written.unwrap()]
    assert names == ["dataset.parquet", *(f"{c}.parquet" for c in COLLECTIONS)]
    read = from_parquet(tmp_path)
    assert read.problems == ()
    assert read.unwrap() == reference_dataset()


@given(datasets(max_size=2))
def test_drawn_datasets_round_trip(dataset: Dataset) -> None:
    """Every drawn dataset, written as Parquet and read back, is equal to itself; or, when
    a number is a whole number that a double cannot hold, nothing is written and each such
    number is an error at its place."""
    written = to_parquet_files(dataset)
    if written.errors:
        assert written.value is None
        for problem in written.errors:
            assert problem.code == "inexact_number"
            number = int(problem.message.split()[0])
            assert float(number) != number
        return
    files = written.unwrap()
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            Path(folder, name).write_bytes(data)
        read = from_parquet(folder)
        assert read.errors == ()
        assert read.unwrap() == dataset


def test_files_are_deterministic() -> None:
    """The same dataset gives the same bytes, file for file, each time; zstd compressed."""
    first = to_parquet_files(reference_dataset()).unwrap()
    again = to_parquet_files(reference_dataset()).unwrap()
    assert first == again
    meta = pq.ParquetFile(pa.BufferReader(first["programs.parquet"])).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"


def test_arrow_schema_follows_the_field_description() -> None:
    """Amounts and dates are strings, multilingual text a map, objects structs, lists lists;
    only optional fields are nullable; each field's description is in its metadata."""
    money = arrow_schema(Money)
    assert [(f.name, str(f.type), f.nullable) for f in money] == [
        ("amount", "string", False),
        ("currency", "string", False),
        ("value_date", "string", True),
    ]
    assert money.field("amount").metadata[b"description"]
    program = arrow_schema(Program)
    assert program.field("title").type == pa.map_(
        pa.string(), pa.field("value", pa.string(), nullable=False)
    )
    assert pa.types.is_list(program.field("budgets").type)
    assert pa.types.is_struct(program.field("budgets").type.value_type)
    assert program.field("humanitarian").type == pa.bool_()
    assert arrow_schema(Dataset).names[0] == "schema_version"
    assert "programs" not in arrow_schema(Dataset).names


def test_files_read_as_they_are_by_duckdb_pandas_and_polars() -> None:
    """Every file opens in DuckDB, pandas and Polars with one row per entity, and the
    nested values come out as each tool's own maps, lists and structs."""
    data = reference_dataset()
    folder = _written(data)
    for name in ("dataset", *COLLECTIONS):
        path = str(folder / f"{name}.parquet")
        rows = 1 if name == "dataset" else len(getattr(data, name))
        assert duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchall() == [(rows,)]
        assert len(pandas.read_parquet(path)) == rows
        assert polars.read_parquet(path).height == rows
    networks = str(folder / "networks.parquet")
    names = duckdb.sql(f"SELECT name['en'] FROM '{networks}' ORDER BY id").fetchall()
    assert names == [(n.name["en"],) for n in sorted(data.networks, key=lambda n: n.id)]
    assert polars.read_parquet(networks)["name"].to_list()[0] == dict(data.networks[0].name)
    assert list(pandas.read_parquet(networks)["name"][0]) == list(data.networks[0].name.items())


def test_amounts_keep_every_digit() -> None:
    """An amount is the exact decimal string of ngomodel JSON, trailing zeros included,
    even beyond what a DECIMAL(38) holds."""
    amount = "123456789012345678901234567890123456789.10"
    budget = {"value": {"amount": amount, "currency": "USD"}, "period": {"start": "2019"}}
    program = from_dict(
        {"id": "program-x", "title": {"en": "X"}, "budgets": [budget]}, type=Program
    )
    data = Dataset(schema_version="1.1", programs=(program,))
    folder = _written(data)
    found = duckdb.sql(
        f"SELECT b.value.amount FROM '{folder / 'programs.parquet'}', unnest(budgets) AS u(b)"
    ).fetchall()
    assert found == [(amount,)]
    assert from_parquet(folder).unwrap().programs[0].budgets[0].value.amount == Decimal(amount)


def test_missing_collection_is_empty_and_missing_dataset_file_is_an_error(
    tmp_path: Path,
) -> None:
    """A collection's file left out reads as no entities; without dataset.parquet there is
    no dataset, and the error names the file."""
    to_parquet(reference_dataset(), tmp_path).unwrap()
    (tmp_path / "figures.parquet").unlink()
    read = from_parquet(tmp_path)
    assert read.unwrap().figures == ()
    (tmp_path / "dataset.parquet").unlink()
    read = from_parquet(tmp_path)
    assert read.value is None
    assert [(p.code, p.where) for p in read.errors] == [("unreadable_parquet", "dataset.parquet")]


def test_a_wrong_value_is_located_by_file_row_and_column(tmp_path: Path) -> None:
    """A value the model does not allow is an error with its JSON Pointer and its file,
    row and column; every wrong value is reported, and there is no dataset."""
    to_parquet(reference_dataset(), tmp_path).unwrap()
    path = tmp_path / "programs.parquet"
    table = pq.read_table(path)
    statuses = table.column("status").to_pylist()
    statuses[1] = "not-a-status"
    statuses[3] = "neither"
    index = table.schema.get_field_index("status")
    table = table.set_column(index, table.schema.field(index), pa.array(statuses, pa.string()))
    pq.write_table(table, path)
    read = from_parquet(tmp_path)
    assert read.value is None
    found = [(p.path, p.where) for p in read.errors]
    assert found == [
        ("/programs/1/status", "programs.parquet, row 1, column status"),
        ("/programs/3/status", "programs.parquet, row 3, column status"),
    ]


def test_a_number_a_double_cannot_hold_is_an_error() -> None:
    """A whole number beyond what a double holds exactly is not rounded: nothing is
    written, and the error names its place."""
    indicator = {"title": {"en": "Wells"}, "measure": "1", "baseline": {"value": 2**60 + 1}}
    result = {"type": "1", "title": {"en": "Water"}, "indicators": [indicator]}
    program = {"id": "program-x", "title": {"en": "X"}, "results": [result]}
    data = from_dict({"schema_version": "1.1", "programs": [program]})
    written = to_parquet_files(data)
    assert written.value is None
    assert [(p.path, p.code) for p in written.errors] == [
        ("/programs/0/results/0/indicators/0/baseline/value", "inexact_number")
    ]


def test_a_file_of_another_shape_is_an_error(tmp_path: Path) -> None:
    """A file whose columns are not those of its kind cannot be read: an error naming it."""
    to_parquet(reference_dataset(), tmp_path).unwrap()
    pq.write_table(pa.table({"id": ["x"]}), tmp_path / "posts.parquet")
    read = from_parquet(tmp_path)
    assert read.value is None
    assert [(p.code, p.where) for p in read.errors] == [("unreadable_parquet", "posts.parquet")]
    assert "organization_id" in read.errors[0].message


def test_a_broken_rule_is_an_error(tmp_path: Path) -> None:
    """A dataset that breaks a semantic rule (a membership in a network that is not there)
    is not read; the problem is placed in the memberships file."""
    to_parquet(reference_dataset(), tmp_path).unwrap()
    path = tmp_path / "memberships.parquet"
    table = pq.read_table(path)
    index = table.schema.get_field_index("network_id")
    ids = ["network-nowhere", *table.column(index).to_pylist()[1:]]
    table = table.set_column(index, table.schema.field(index), pa.array(ids, pa.string()))
    pq.write_table(table, path)
    read = from_parquet(tmp_path)
    assert read.value is None
    assert [(p.code, p.where) for p in read.errors] == [
        ("unresolved_reference", "memberships.parquet, row 0, column network_id")
    ]


def _blocks() -> list[tuple[str, str]]:
    """The page's ``sql`` blocks, each with the ``text`` block that follows it."""
    tokens = [t for t in MarkdownIt().parse(DOCS.read_text(encoding="utf-8")) if t.type == "fence"]
    pairs = []
    for token, after in zip(tokens, [*tokens[1:], None], strict=True):
        if token.info.strip() == "sql":
            assert after is not None, token.content
            assert after.info.strip() == "text", token.content
            pairs.append((token.content, after.content))
    return pairs


def test_analysts_page_answers_run_in_duckdb() -> None:
    """Every SQL block of docs/analysts.md, run by DuckDB in a folder of the reference
    dataset's files, prints exactly the rows shown after it (values joined by `` | ``)."""
    blocks = _blocks()
    assert len(blocks) >= 4
    folder = _written(reference_dataset())
    here = os.getcwd()
    os.chdir(folder)
    try:
        for sql, shown in blocks:
            rows = duckdb.connect().sql(sql).fetchall()
            printed = "".join(" | ".join(str(v) for v in row) + "\n" for row in rows)
            assert printed == shown, sql
    finally:
        os.chdir(here)


def test_analysts_page_answers_the_reports_questions() -> None:
    """The page asks the report's two questions, with the answers the dataset gives."""
    text = DOCS.read_text(encoding="utf-8")
    assert re.search(r"networks does the China Charity Alliance belong to", text)
    assert re.search(r"[Pp]rograms in Cambodia", text)
    data = reference_dataset()
    cca = next(o.id for o in data.organizations if o.name["en"] == "China Charity Alliance")
    networks = [data.entity(m.network_id) for m in data.memberships if m.member_id == cca]
    answers = dict(_blocks())
    assert any(
        all(n.name["en"] in shown for n in networks) and "China Charity Alliance" in sql
        for sql, shown in answers.items()
    )
