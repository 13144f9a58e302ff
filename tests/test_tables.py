"""Spreadsheets (ngomodel.tables): XLSX and CSV round trips, errors by cell, templates."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from ngomodel import Dataset, dumps, loads, tables
from ngomodel._reference import reference_dataset
from ngomodel.strategies import datasets

from .test_cli import main

openpyxl = pytest.importorskip("openpyxl")


def workbook(data: bytes) -> Any:
    """The openpyxl workbook of *data*."""
    return openpyxl.load_workbook(io.BytesIO(data))


def saved(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cell_of(sheet: Any, header: str, row: int) -> Any:
    """The cell of the column *header* on *row*."""
    for cell in sheet[1]:
        if cell.value == header:
            return sheet.cell(row=row, column=cell.column)
    raise KeyError(header)


def test_reference_round_trips_through_xlsx() -> None:
    """The reference dataset read back from its workbook is the same dataset, no problem."""
    back = tables.from_xlsx(tables.to_xlsx(reference_dataset()).unwrap())
    assert back.problems == ()
    assert back.unwrap() == reference_dataset()


def test_reference_round_trips_through_csv() -> None:
    """The reference dataset read back from its CSV files is the same dataset, no problem."""
    back = tables.from_csv(tables.to_csv(reference_dataset()).unwrap())
    assert back.problems == ()
    assert back.unwrap() == reference_dataset()


def test_written_bytes_are_deterministic() -> None:
    """Two writes of one dataset give equal bytes, with fixed times in the properties."""
    first = tables.to_xlsx(reference_dataset()).unwrap()
    assert first == tables.to_xlsx(reference_dataset()).unwrap()
    assert (
        tables.to_csv(reference_dataset()).unwrap() == tables.to_csv(reference_dataset()).unwrap()
    )
    assert tables.to_template() == tables.to_template()
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml")
    assert b"2000-01-01T00:00:00Z" in core


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(max_size=3))
def test_drawn_datasets_round_trip(dataset: Dataset) -> None:
    """Drawn datasets (empty optional values, several languages, children) come back equal."""
    written = tables.to_xlsx(dataset)
    if written.ok:
        assert tables.from_xlsx(written.unwrap()).unwrap() == dataset
    else:  # a text with a control character, which XLSX cannot hold
        assert {p.code for p in written.problems} == {"xlsx_unwritable"}
    assert tables.from_csv(tables.to_csv(dataset).unwrap()).unwrap() == dataset


def test_control_characters_are_reported_for_xlsx() -> None:
    """A text with a control character is an error at its pointer, not a broken workbook."""
    dataset = loads(
        b'{"schema_version": "1.1", "persons": [{"id": "p1", "name": {"en": "A\\u0001"}}]}'
    )
    (problem,) = tables.to_xlsx(dataset).problems
    assert (problem.path, problem.code) == ("/persons/0/name/en", "xlsx_unwritable")
    assert tables.from_csv(tables.to_csv(dataset).unwrap()).unwrap() == dataset


def test_several_languages_and_many_children() -> None:
    """Each language of a text has its column; many children keep their order."""
    text = (
        '{"schema_version": "1.1", "programs": [{"id": "p1", "title": {"en": "Water",'
        ' "fr": "Eau", "zh": "水"}, "sectors": ['
        + ",".join(f'{{"code": "{code}"}}' for code in ("11110", "12220", "14030", "31120"))
        + '], "scope": null}]}'
    ).replace(', "scope": null', "")
    dataset = loads(text)
    written = tables.to_xlsx(dataset).unwrap()
    headers = [c.value for c in workbook(written)["programs"][1]]
    assert {"title/en", "title/fr", "title/zh"} <= set(headers)
    assert tables.from_xlsx(written).unwrap() == dataset


def test_empty_optional_object_is_kept() -> None:
    """An empty scope (valid, and not the same as none) comes back as an empty scope."""
    dataset = loads(
        b'{"schema_version": "1.1", "networks": [{"id": "n1", "name": {"en": "N"}, "scope": {}}]}'
    )
    assert dataset.networks[0].scope is not None
    assert tables.from_xlsx(tables.to_xlsx(dataset).unwrap()).unwrap() == dataset
    assert tables.from_csv(tables.to_csv(dataset).unwrap()).unwrap() == dataset


def test_amounts_stay_exact() -> None:
    """An amount with more digits than a float holds is written as text and read back exact."""
    text = (
        b'{"schema_version": "1.1", "programs": [{"id": "p1", "title": {"en": "T"},'
        b' "budgets": [{"value":'
        b' {"amount": "12345678901234567890.01", "currency": "USD"}}]}]}'
    )
    dataset = loads(text)
    written = tables.to_xlsx(dataset).unwrap()
    cell = cell_of(workbook(written)["programs.budgets"], "value/amount", 3)
    assert cell.value == "12345678901234567890.01"
    assert tables.from_xlsx(written).unwrap() == dataset


#: Texts a spreadsheet program would take for a formula if they were not marked as text.
FORMULA_LIKE = ["=1+2", "+3", "-4", "@SUM(A1)", '=HYPERLINK("http://example.org")']


def formula_like_dataset() -> Dataset:
    """A dataset whose program titles and description start as formulas do."""
    programs = ",".join(
        f'{{"id": "p{n}", "title": {{"en": {json.dumps(text)}}}}}'
        for n, text in enumerate(FORMULA_LIKE)
    )
    return loads(f'{{"schema_version": "1.1", "programs": [{programs}]}}'.encode())


def test_text_that_looks_like_a_formula_is_a_text_cell_in_xlsx() -> None:
    """A text starting with =, +, - or @ is written as a text cell (never a formula) and
    read back as that text, exactly."""
    written = tables.to_xlsx(formula_like_dataset()).unwrap()
    archive = zipfile.ZipFile(io.BytesIO(written))
    sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets
    assert not any(b"<f>" in archive.read(name) for name in sheets)
    book = workbook(written)
    titles = [cell_of(book["programs"], "title/en", row) for row in range(3, 3 + len(FORMULA_LIKE))]
    assert [(cell.value, cell.data_type) for cell in titles] == [(t, "s") for t in FORMULA_LIKE]
    assert tables.from_xlsx(written).unwrap() == formula_like_dataset()


def test_text_that_looks_like_a_formula_is_kept_as_it_is_in_csv() -> None:
    """CSV holds such a text unchanged (no prefix added) and reads it back exactly."""
    written = tables.to_csv(formula_like_dataset()).unwrap()
    text = zipfile.ZipFile(io.BytesIO(written)).read("programs.csv").decode()
    titles = [row[1] for row in csv.reader(io.StringIO(text))][1:]
    assert titles == FORMULA_LIKE
    assert tables.from_csv(written).unwrap() == formula_like_dataset()


def test_a_formula_cell_is_a_located_error() -> None:
    """A formula in a workbook (in a data cell or a key cell) is an xlsx_formula error at
    its cell, saying it is a formula; its text is never taken as the value."""
    book = workbook(tables.to_xlsx(reference_dataset()).unwrap())
    title = cell_of(book["programs"], "title/en", 3)
    title.value = '="Spring of "&"Happiness"'
    key = cell_of(book["programs.sectors"], "#program_id", 3)
    key.value = "=programs!A3"
    read = tables.from_xlsx(saved(book))
    assert read.value is None
    assert [(p.where, p.code, p.severity) for p in read.problems] == [
        (f"programs!{title.coordinate}", "xlsx_formula", "error"),
        (f"programs.sectors!{key.coordinate}", "xlsx_formula", "error"),
    ]
    assert all("formula" in p.message and "Happiness" not in p.message for p in read.problems)


#: One wrong cell in each of five sheets: (sheet, header, row, wrong value, JSON Pointer).
WRONG = [
    ("organizations", "country", 3, "XX", "/organizations/0/country"),
    ("networks", "founding_date", 4, "2017-13", "/networks/1/founding_date"),
    ("memberships", "role", 3, "boss", "/memberships/0/role"),
    ("programs", "status", 3, "99", "/programs/0/status"),
    ("organizations.sources", "date", 3, "yesterday", "/organizations/0/sources/0/date"),
]


def test_five_wrong_cells_give_five_located_problems() -> None:
    """A wrong cell in each of five sheets gives exactly five errors, each at its cell."""
    book = workbook(tables.to_xlsx(reference_dataset()).unwrap())
    wanted = set()
    for sheet, header, row, value, pointer in WRONG:
        cell = cell_of(book[sheet], header, row)
        cell.value = value
        wanted.add((f"{sheet}!{cell.coordinate}", pointer))
    read = tables.from_xlsx(saved(book))
    assert read.value is None
    assert len(read.problems) == 5
    assert {(p.where, p.path) for p in read.problems} == wanted
    assert all(p.severity == "error" for p in read.problems)


def test_wrong_cells_in_csv_are_located() -> None:
    """A CSV file's wrong cell is reported with its file as the sheet."""
    archive = zipfile.ZipFile(io.BytesIO(tables.to_csv(reference_dataset()).unwrap()))
    files = {name: archive.read(name).decode() for name in archive.namelist()}
    rows = list(csv.reader(io.StringIO(files["programs.csv"])))
    column = rows[0].index("status")
    rows[1][column] = "99"
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    files["programs.csv"] = text.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as changed:
        for name, content in files.items():
            changed.writestr(name, content)
    (problem,) = tables.from_csv(out.getvalue()).problems
    letter = tables._letter(column)
    assert (problem.where, problem.path, problem.code) == (
        f"programs!{letter}2",
        "/programs/0/status",
        "unknown_code",
    )


def test_linking_problems_are_located() -> None:
    """A child row of no parent, a duplicate index and a bad index are each reported."""
    book = workbook(tables.to_template())
    organizations = book["organizations"]
    cell_of(organizations, "id", 3).value = "org-a"
    cell_of(organizations, "name/en", 3).value = "Alpha"
    sources = book["organizations.sources"]
    for row, (owner, index) in enumerate(
        [("org-nobody", 0), ("org-a", 0), ("org-a", 0), ("org-a", "first")], start=3
    ):
        cell_of(sources, "#organization_id", row).value = owner
        cell_of(sources, "#index", row).value = index
        cell_of(sources, "title", row).value = "Report"
    read = tables.from_xlsx(saved(book))
    found = {(p.code, p.where) for p in read.problems}
    assert found == {
        ("unknown_parent", "organizations.sources!A3"),
        ("duplicate_index", "organizations.sources!B5"),
        ("invalid_index", "organizations.sources!B6"),
    }


def test_unknown_sheets_and_columns_are_warnings() -> None:
    """A sheet and a column the layout has no place for are not_imported warnings."""
    book = workbook(tables.to_xlsx(reference_dataset()).unwrap())
    book.create_sheet("notes")["A1"] = "a note"
    programs = book["programs"]
    programs.cell(row=1, column=programs.max_column + 1, value="colour")
    programs.cell(row=3, column=programs.max_column, value="blue")
    read = tables.from_xlsx(saved(book))
    assert read.unwrap() == reference_dataset()
    assert sorted(p.code for p in read.warnings) == ["not_imported", "not_imported"]
    assert {p.where for p in read.warnings} == {
        "notes!A1",
        f"programs!{programs.cell(row=1, column=programs.max_column).coordinate}",
    }


def test_template_has_headers_descriptions_and_drop_downs() -> None:
    """The template opens with headers, a description row and code lists; read back empty."""
    data = tables.to_template(languages=("en", "fr"))
    book = workbook(data)
    programs = book["programs"]
    headers = [c.value for c in programs[1]]
    assert headers[:3] == ["id", "title/en", "title/fr"]
    assert (
        programs.cell(row=2, column=1).value == "Identifier of the program, unique in the dataset."
    )
    status = headers.index("status") + 1
    checks = {str(v.sqref): v for v in programs.data_validations.dataValidation}
    letter = tables._letter(status - 1)
    assert checks[f"{letter}3:{letter}1048576"].formula1.startswith("'_codes'!")
    assert book["_codes"].sheet_state == "hidden"
    assert tables.from_xlsx(data).unwrap() == Dataset(schema_version="1.1")


def test_filled_template_reads_back() -> None:
    """A template with rows filled in below the description row reads as their dataset."""
    book = workbook(tables.to_template())
    organizations = book["organizations"]
    cell_of(organizations, "id", 3).value = "org-a"
    cell_of(organizations, "name/en", 3).value = "Alpha"
    cell_of(organizations, "country", 3).value = "KH"
    sources = book["organizations.sources"]
    cell_of(sources, "#organization_id", 3).value = "org-a"
    cell_of(sources, "#index", 3).value = 0
    cell_of(sources, "title", 3).value = "Annual report"
    cell_of(sources, "date", 3).value = 2020  # a number typed in a date column
    dataset = tables.from_xlsx(saved(book)).unwrap()
    (organization,) = dataset.organizations
    assert organization.name["en"] == "Alpha"
    assert str(organization.sources[0].date) == "2020"


def test_unreadable_input_is_an_error() -> None:
    """Bytes that are no workbook or no zip give one invalid_table error."""
    assert [p.code for p in tables.from_xlsx(b"nope").problems] == ["invalid_table"]
    assert [p.code for p in tables.from_csv(b"nope").problems] == ["invalid_table"]


def test_xlsx_sheet_names_fit() -> None:
    """Every sheet name of the layout fits XLSX's 31 characters, and they are unique."""
    names = [tables._xlsx_name(name) for name in tables._sheet_names()]
    assert all(len(name) <= 31 for name in names)
    assert len(set(names)) == len(names)


def test_convert_to_xlsx_and_back(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`ngomodel convert` writes a workbook and reads it back to the same JSON."""
    source = tmp_path / "data.json"
    source.write_bytes(dumps(reference_dataset()))
    book = tmp_path / "data.xlsx"
    status, _, err = main(capsys, "convert", str(source), "--to", "xlsx", "-o", str(book))
    assert (status, err) == (0, "")
    back = tmp_path / "back.json"
    status, _, err = main(
        capsys, "convert", str(book), "--from", "xlsx", "--to", "json", "-o", str(back)
    )
    assert (status, err) == (0, "")
    assert loads(back.read_bytes()) == reference_dataset()


@pytest.mark.parametrize("source", ["xlsx", "csv"])
def test_convert_tells_a_workbook_and_csv_files_by_their_content(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, source: str
) -> None:
    """Without --from, a zip archive with [Content_Types].xml and xl/ is read as XLSX and
    one of .csv files as CSV, whatever the file is named."""
    written = {"xlsx": tables.to_xlsx, "csv": tables.to_csv}[source](reference_dataset())
    path = tmp_path / "data.bin"
    path.write_bytes(written.unwrap())
    status, out, err = main(capsys, "convert", str(path), "--to", "json")
    assert (status, err) == (0, "")
    assert loads(out.encode()) == reference_dataset()


def test_convert_refuses_a_zip_of_other_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A zip archive of neither a workbook nor CSV files is a usage error (exit 2) that
    says so; a broken one is an invalid_table problem (exit 1); nothing is written."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    path = tmp_path / "other.zip"
    path.write_bytes(out.getvalue())
    status, written, err = main(capsys, "convert", str(path), "--to", "json")
    assert (status, written) == (2, "")
    assert "neither an XLSX workbook nor CSV files" in err
    path.write_bytes(b"PK\x03\x04 and then nothing of a zip archive")
    status, written, err = main(capsys, "convert", str(path), "--to", "json")
    assert (status, written) == (1, "")
    assert "[invalid_table]" in err


def test_convert_reports_cells(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`ngomodel convert` from a workbook with a wrong cell names the cell."""
    book = workbook(tables.to_xlsx(reference_dataset()).unwrap())
    cell_of(book["programs"], "status", 3).value = "99"
    path = tmp_path / "wrong.xlsx"
    path.write_bytes(saved(book))
    status, _, err = main(capsys, "convert", str(path), "--to", "json")
    assert status == 1
    assert f"programs!{cell_of(book['programs'], 'status', 3).coordinate}: " in err


def test_template_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`ngomodel template --to xlsx -o FILE` writes the template."""
    out = tmp_path / "template.xlsx"
    status, _, err = main(capsys, "template", "--to", "xlsx", "-o", str(out))
    assert (status, err) == (0, "")
    assert out.read_bytes() == tables.to_template()
