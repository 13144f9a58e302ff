"""Spreadsheets: a dataset as XLSX workbooks and CSV files, in and out, and templates.

A dataset becomes one sheet per kind of entity, laid out from the field description
(:mod:`ngomodel.inspect`), so every field has its column and nothing is dropped:

* The sheet ``dataset`` has one row: the dataset's own fields (``title/en``,
  ``publisher``…). The sheets ``organizations``, ``networks``, ``programs``… have one
  row per entity, in the dataset's order.
* A field's column is its path below the row's object, as in a JSON Pointer:
  ``name/en``, ``reporting_organization/organization_id``, ``total_value/amount``.
  Localized text has one column per language present (``title/en``, ``title/fr``);
  extension data is one column of JSON text.
* A list of objects or values is a child sheet, named by its path with dots
  (``programs.sectors``, ``programs.results.indicators``). Its columns starting with
  ``#`` link each row to its parent: ``#program_id`` (the id of the entity it belongs
  to), ``#results_index`` (the place of the item above it in its own list) and
  ``#index`` (its own place, from 0; the items of one parent are read in the order of
  their indexes). A list of plain values (``sources.fields``) has one ``value`` column.
  XLSX sheet names are at most 31 characters: a longer path keeps its first and last
  names and the initials of the others (``programs.r.i.p.t.d.dimensions``).
* Codes are written as codes, dates as their partial-date text (``2019``,
  ``2019-04``, ``2019-04-30``), amounts as their exact decimal text (never a
  floating-point number), integers, numbers and booleans as such. An empty cell is an
  absent value. An optional object with nothing in it (an empty ``scope``) has a
  column of its own (``scope``) holding ``TRUE``.
* An XLSX workbook has a second row describing each column (the field's
  description); the data starts on row 3. CSV files have the header row only. The CSV
  files of a dataset travel as one zip archive, ``<sheet>.csv`` each.

Reading back gives the same dataset. Every problem is located twice: ``path`` is the
JSON Pointer in ngomodel's JSON and ``where`` the cell, ``Sheet!B7`` (for CSV, the file
name without ``.csv`` is the sheet). All cells are read and checked before anything is
reported, so one wrong cell never hides another. Sheets and columns the layout has no
place for are reported as ``not_imported`` warnings.

>>> from ngomodel import reference_dataset
>>> written = to_xlsx(reference_dataset())
>>> back = from_xlsx(written.unwrap())
>>> back.ok, back.unwrap() == reference_dataset()
(True, True)

Needs the ``tables`` extra (openpyxl) for XLSX; CSV needs nothing more.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ngomodel._dataset import SCHEMA_VERSION, Dataset
from ngomodel._json import from_dict, to_dict
from ngomodel.conversion import Converted, LeftOut
from ngomodel.errors import Problem, ValidationError, escape_pointer
from ngomodel.inspect import (
    AmountType,
    BooleanType,
    CodeType,
    DateType,
    ExtensionDataType,
    IntegerType,
    ListType,
    LocalizedTextType,
    ModelType,
    Node,
    NumberType,
    OptionalType,
    TextType,
)
from ngomodel.inspect import fields as model_fields

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.workbook import Workbook  # type: ignore[import-untyped]

__all__ = ["from_csv", "from_xlsx", "to_csv", "to_template", "to_xlsx"]

_T = TypeVar("_T")

#: The sheet of the dataset's own fields.
_DATASET_SHEET = "dataset"
#: The hidden sheet of the codes a template's drop-down lists offer.
_CODES_SHEET = "_codes"
#: The longest sheet name XLSX allows.
_SHEET_NAME_LIMIT = 31
#: The first row of data in a workbook: row 1 has the headers, row 2 the descriptions.
_XLSX_FIRST_ROW = 3
#: The time written in a workbook's properties and in every zip entry, so that the same
#: dataset always gives the same bytes.
_FIXED_TIME = datetime.datetime(2000, 1, 1)
#: The header of a list of plain values' one column.
_VALUE = "value"
#: The header of a child sheet's own place in its list.
_INDEX = "#index"


def _openpyxl() -> Any:
    """The openpyxl module, or an ImportError that names the extra to install."""
    try:
        import openpyxl  # type: ignore[import-untyped]  # openpyxl ships no types
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(
            "XLSX needs openpyxl: pip install 'ngomodel[tables]'", name=error.name
        ) from error
    return openpyxl


# -- the layout -------------------------------------------------------------------------


@attrs.frozen
class _Column:
    """A column of values: *steps* below the row's object lead to its value.

    For localized text, *node* is a LocalizedTextType and the language is the last step,
    added per language found; for an empty optional object, *node* is ``None``.
    """

    steps: tuple[str, ...]
    node: Node | None
    doc: str

    @property
    def header(self) -> str:
        return "/".join(self.steps) if self.steps else _VALUE


@attrs.frozen
class _Sheet:
    """One sheet of the layout: the rows of one list (or the dataset's one row)."""

    name: str
    item: Node
    columns: tuple[_Column, ...]
    keys: tuple[str, ...]  # the ancestors' key headers, then #index if indexed
    indexed: bool
    parent: str | None  # the name of the parent sheet
    steps: tuple[str, ...]  # from the parent's row object to this list
    identified: bool  # rows of a top-level list whose items have an id: the id is the key
    doc: str

    @property
    def child_key(self) -> str | None:
        """The key header this sheet's rows give their children's rows."""
        if self.identified:
            return f"#{self.name.removesuffix('s')}_id"
        if self.indexed:
            return f"#{self.steps[-1]}_index"
        return None


def _unwrapped(node: Node) -> tuple[Node, bool]:
    if isinstance(node, OptionalType):
        return node.item, True
    return node, False


def _may_be_empty(cls: type) -> bool:
    """Whether an object of *cls* with nothing in it is valid (an empty Scope)."""
    try:
        from_dict({}, cls)
    except ValidationError:
        return False
    return True


@functools.cache
def _layout() -> tuple[_Sheet, ...]:
    """Every sheet, parents before their children, from the field description."""
    sheets: list[_Sheet] = []

    def inline(
        cls: type, prefix: tuple[str, ...], columns: list[_Column], lists: list[Any]
    ) -> None:
        for field in model_fields(cls):
            node, optional = _unwrapped(field.type)
            steps = (*prefix, field.name)
            if isinstance(node, ListType):
                lists.append((steps, node, field.doc))
            elif isinstance(node, ModelType):
                if optional and _may_be_empty(node.cls):
                    columns.append(_Column(steps, None, f"TRUE for an empty {field.name}."))
                inline(node.cls, steps, columns, lists)
            else:
                columns.append(_Column(steps, node, field.doc))

    def add(
        name: str,
        item: Node,
        keys: tuple[str, ...],
        parent: _Sheet | None,
        steps: tuple[str, ...],
        doc: str,
    ) -> None:
        identified = (
            parent is not None
            and parent.name == _DATASET_SHEET
            and isinstance(item, ModelType)
            and any(f.name == "id" for f in model_fields(item.cls))
        )
        indexed = parent is not None and not identified
        columns: list[_Column] = []
        lists: list[Any] = []
        if isinstance(item, ModelType):
            inline(item.cls, (), columns, lists)
        else:
            columns.append(_Column((), item, doc))
        own = (*keys, _INDEX) if indexed else keys
        sheet = _Sheet(name, item, tuple(columns), own, indexed, parent.name if parent else None,
                       steps, identified, doc)  # fmt: skip
        headers = [*own, *(c.header for c in columns)]
        assert len(set(headers)) == len(headers), f"{name}: a header twice"
        sheets.append(sheet)
        child_key = sheet.child_key
        below = keys if child_key is None else (*keys, child_key)
        for list_steps, node, list_doc in lists:
            child = list_steps[-1] if name == _DATASET_SHEET else f"{name}.{'.'.join(list_steps)}"
            add(child, node.item, below, sheet, list_steps, list_doc)

    add(_DATASET_SHEET, ModelType(Dataset), (), None, (), "The dataset's own fields.")
    return tuple(sheets)


@functools.cache
def _sheets_by_name() -> dict[str, _Sheet]:
    return {sheet.name: sheet for sheet in _layout()}


def _xlsx_name(name: str) -> str:
    """The sheet name of *name* in a workbook: at most 31 characters."""
    if len(name) <= _SHEET_NAME_LIMIT:
        return name
    first, *middle, last = name.split(".")
    return ".".join([first, *(part[0] for part in middle), last])[:_SHEET_NAME_LIMIT]


@functools.cache
def _by_xlsx_name() -> dict[str, _Sheet]:
    found = {_xlsx_name(sheet.name): sheet for sheet in _layout()}
    assert len(found) == len(_layout()), "two sheets with one XLSX name"
    return found


# -- writing ----------------------------------------------------------------------------


#: A sheet's rows as written: the headers, then the values (None for an empty cell).
_Table = tuple[list[str], list[list[Any]]]


#: The characters an XLSX cell cannot hold as they are: the control characters but tab and
#: line feed (a carriage return is read back as nothing).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def _tables(
    dataset: Dataset, languages: Sequence[str] = (), unwritable: list[str] | None = None
) -> dict[str, _Table]:
    """The rows of every sheet, by full sheet name; a child sheet without rows is left out."""
    rows: dict[str, list[tuple[list[Any], Any, str]]] = {s.name: [] for s in _layout()}

    def collect(sheet: _Sheet, obj: Any, keys: list[Any], pointer: str) -> None:
        rows[sheet.name].append((keys, obj, pointer))
        below = keys
        if sheet.identified:
            below = [*keys, obj.get("id")]
        for child in _layout():
            if child.parent != sheet.name:
                continue
            items = _at(obj, child.steps)
            base = pointer + "".join(f"/{escape_pointer(s)}" for s in child.steps)
            for index, item in enumerate(items or ()):
                own = [*below, index] if child.indexed else below
                collect(child, item, own, f"{base}/{index}")

    collect(_layout()[0], to_dict(dataset), [], "")
    out: dict[str, _Table] = {}
    for sheet in _layout():
        found = rows[sheet.name]
        if not found and sheet.parent not in (None, _DATASET_SHEET):
            continue
        columns = _expanded(sheet, (obj for _, obj, _ in found), languages)
        headers = [*sheet.keys, *(header for header, _ in columns)]
        table = [
            [*keys, *(_cell(column, steps, obj) for _, (column, steps) in columns)]
            for keys, obj, _ in found
        ]
        if unwritable is not None:
            for _, obj, pointer in found:
                for _, (column, steps) in columns:
                    value = _cell(column, steps, obj)
                    if isinstance(value, str) and _ILLEGAL.search(value):
                        here = pointer + "".join(f"/{escape_pointer(s)}" for s in steps)
                        unwritable.append(here)
        out[sheet.name] = (headers, table)
    return out


def _expanded(
    sheet: _Sheet, objects: Iterable[Any], languages: Sequence[str]
) -> list[tuple[str, tuple[_Column, tuple[str, ...]]]]:
    """The value columns of *sheet*, each localized text once per language found."""
    found: dict[tuple[str, ...], set[str]] = {}
    localized = [c for c in sheet.columns if isinstance(c.node, LocalizedTextType)]
    for obj in objects:
        for column in localized:
            text = _at(obj, column.steps)
            if isinstance(text, dict):
                found.setdefault(column.steps, set()).update(text)
    out: list[tuple[str, tuple[_Column, tuple[str, ...]]]] = []
    for column in sheet.columns:
        if isinstance(column.node, LocalizedTextType):
            tags = sorted(found.get(column.steps, set()) | set(languages))
            for tag in tags:
                steps = (*column.steps, tag)
                out.append(("/".join(steps), (column, steps)))
        else:
            out.append((column.header, (column, column.steps)))
    return out


def _at(obj: Any, steps: Sequence[str]) -> Any:
    for step in steps:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(step)
    return obj


def _cell(column: _Column, steps: tuple[str, ...], obj: Any) -> Any:
    value = _at(obj, steps)
    if column.node is None:  # an optional object: marked only when it is there and empty
        return True if value == {} else None
    if isinstance(column.node, ExtensionDataType):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else None
    return value


def _deterministic_zip(data: bytes) -> bytes:
    """*data*, a zip archive, with every entry's time fixed and nothing else changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _workbook(tables: dict[str, _Table], *, template: bool) -> Workbook:
    openpyxl = _openpyxl()
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    docs = _docs()
    bold, italic = Font(bold=True), Font(italic=True)
    for name, (headers, rows) in tables.items():
        sheet = workbook.create_sheet(_xlsx_name(name))
        sheet.append(headers)
        sheet.append([docs[name].get(_base_header(name, h), "") for h in headers])
        for cell in sheet[1]:
            cell.font = bold
        for cell in sheet[2]:
            cell.font = italic
        # Cells are addressed by number: sheet[sheet.max_row] scans every cell each time.
        for number, row in enumerate(rows, start=_XLSX_FIRST_ROW):
            sheet.append(row)
            for position, value in enumerate(row, start=1):
                if isinstance(value, str):  # text, never a formula, whatever it starts with
                    sheet.cell(row=number, column=position).data_type = "s"
        sheet.freeze_panes = "A3"
    if template:
        _validations(workbook, tables)
    workbook.properties.creator = "ngomodel"
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    return workbook


def _saved(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    text = out.getvalue()
    return _deterministic_zip(_fixed_core(text))


def _fixed_core(data: bytes) -> bytes:
    """*data* with the modified time openpyxl writes at saving replaced by the fixed one."""
    out = io.BytesIO()
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp,
                                 content)  # fmt: skip
            target.writestr(info, content)
    return out.getvalue()


def _base_header(sheet: str, header: str) -> str:
    """The header of the layout's column that *header* of *sheet* belongs to."""
    docs = _docs()[sheet]
    if header in docs:
        return header
    return header.rpartition("/")[0]  # a language column of localized text


@functools.cache
def _docs() -> dict[str, dict[str, str]]:
    """Sheet name → header → the description shown in row 2."""
    out: dict[str, dict[str, str]] = {}
    for sheet in _layout():
        docs: dict[str, str] = {}
        for key in sheet.keys:
            if key == _INDEX:
                docs[key] = "The item's place in its list, from 0."
            elif key.endswith("_id"):
                docs[key] = f"The id of the {key[1:].removesuffix('_id')} the row belongs to."
            else:
                docs[key] = f"The place of the {key[1:].removesuffix('_index')} item, from 0."
        for column in sheet.columns:
            docs[column.header] = column.doc or sheet.doc
        out[sheet.name] = docs
    return out


def _validations(workbook: Workbook, tables: dict[str, _Table]) -> None:
    """Drop-down lists of codes, from a hidden sheet of every codelist used."""
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    codes = workbook.create_sheet(_CODES_SHEET)
    codes.sheet_state = "hidden"
    lists: dict[tuple[str, ...], str] = {}
    for name, (headers, _) in tables.items():
        sheet = workbook[_xlsx_name(name)]
        by_header = {c.header: c for c in _sheets_by_name()[name].columns}
        for position, header in enumerate(headers, start=1):
            column = by_header.get(header)
            if column is None or not isinstance(column.node, CodeType):
                continue
            allowed = column.node.current
            if allowed not in lists:
                at = get_column_letter(len(lists) + 1)
                codes.cell(row=1, column=len(lists) + 1, value=column.node.codelist or header)
                for row, code in enumerate(allowed, start=2):
                    codes.cell(row=row, column=len(lists) + 1, value=code).data_type = "s"
                lists[allowed] = f"'{_CODES_SHEET}'!${at}$2:${at}${len(allowed) + 1}"
            letter = get_column_letter(position)
            check = DataValidation(
                type="list", formula1=lists[allowed], allow_blank=True, showErrorMessage=True
            )
            check.error = f"Choose a code of the list ({column.node.codelist or header})."
            check.add(f"{letter}{_XLSX_FIRST_ROW}:{letter}1048576")
            sheet.add_data_validation(check)


def to_xlsx(dataset: Dataset) -> Converted[bytes]:
    """Write a dataset as an XLSX workbook: one sheet per kind and per list.

    The layout is described in :mod:`ngomodel.tables`. The same dataset always gives
    the same bytes. A text is a text cell, never a formula, whatever it starts with.

    Args:
        dataset: The dataset.

    Returns:
        The workbook's bytes; or, when a text holds a control character other than tab
        and line breaks (which XLSX cannot hold), an ``xlsx_unwritable`` error at each.

    Raises:
        ImportError: Without the ``tables`` extra (openpyxl).

    >>> from ngomodel import reference_dataset
    >>> data = to_xlsx(reference_dataset()).unwrap()
    >>> data[:2], data == to_xlsx(reference_dataset()).unwrap()
    (b'PK', True)
    """
    unwritable: list[str] = []
    tables = _tables(dataset, unwritable=unwritable)
    if unwritable:
        message = "a control character, which an XLSX cell cannot hold (CSV can)"
        found = [Problem(path=here, code="xlsx_unwritable", message=message) for here in unwritable]
        return _done(None, found)
    return _done(_saved(_workbook(tables, template=False)), ())


def to_template(languages: Sequence[str] = ("en",)) -> bytes:
    """Return an empty XLSX workbook for a data editor to fill in and read with :func:`from_xlsx`.

    Every sheet of the layout, with its headers, a row of descriptions, and drop-down
    lists of the codes of each coded column (from the codelists, on a hidden ``_codes``
    sheet).

    Args:
        languages: The languages of the columns of localized text (``title/en``…).

    Returns:
        The workbook's bytes.

    Raises:
        ImportError: Without the ``tables`` extra (openpyxl).

    >>> back = from_xlsx(to_template())
    >>> back.ok, back.unwrap().organizations
    (True, ())
    """
    tables: dict[str, _Table] = {}
    for sheet in _layout():
        columns = _expanded(sheet, (), languages)
        tables[sheet.name] = ([*sheet.keys, *(h for h, _ in columns)], [])
    headers, _ = tables[_DATASET_SHEET]
    # The one row of the dataset sheet: the format version, which a dataset must say.
    tables[_DATASET_SHEET] = (headers, [[SCHEMA_VERSION]])
    return _saved(_workbook(tables, template=True))


def to_csv(dataset: Dataset) -> Converted[bytes]:
    """Write a dataset as CSV files, one per sheet of the layout, in one zip archive.

    Each file is ``<sheet>.csv`` (``programs.csv``, ``programs.sectors.csv``), UTF-8,
    with the header row and then the data: no description row. The same dataset always
    gives the same bytes. Every text is written as it is: one starting with ``=``,
    ``+``, ``-`` or ``@`` too, which a spreadsheet program opening the file directly may
    take for a formula (CSV cannot mark a value as text; XLSX can, and does).

    Args:
        dataset: The dataset.

    Returns:
        The zip archive's bytes.

    >>> import io, zipfile
    >>> from ngomodel import reference_dataset
    >>> data = to_csv(reference_dataset()).unwrap()
    >>> zipfile.ZipFile(io.BytesIO(data)).namelist()[:3]
    ['dataset.csv', 'organizations.csv', 'organizations.sources.csv']
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, (headers, rows) in _tables(dataset).items():
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")  # RFC 4180; quotes \r and \n
            writer.writerow(headers)
            writer.writerows([[_csv_text(value) for value in row] for row in rows])
            archive.writestr(f"{name}.csv", text.getvalue().encode("utf-8", "surrogatepass"))
    return _done(_deterministic_zip(out.getvalue()), ())


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return repr(value)
    return str(value)


# -- reading ----------------------------------------------------------------------------


@attrs.define
class _Row:
    """One row read: its object, keys and where each of its values came from."""

    sheet: _Sheet
    number: int
    obj: dict[str, Any]
    keys: dict[str, tuple[Any, str]]  # key header → (value, cell)
    cells: dict[str, str]  # pointer below the row's object → cell
    first: str  # the row's first cell


class _Reader:
    """Turns the rows of every sheet into ngomodel JSON, remembering each value's cell."""

    def __init__(self) -> None:
        self.errors: list[Problem] = []
        self.left = LeftOut("not_imported", "ngomodel has no place for it", in_source=True)
        self.origin: dict[str, str] = {}
        self.rows: dict[str, list[_Row]] = {}
        self.formulas: set[str] = set()  # the cells holding a formula

    def error(self, where: str, code: str, message: str) -> None:
        if where in self.formulas:  # the cell's one problem is that it holds a formula
            return
        self.errors.append(Problem(path="", code=code, message=message, where=where))

    def formula(self, where: str) -> None:
        """Report the formula of a cell, which is then read as empty."""
        message = "the cell holds a formula, which ngomodel does not compute: write its value"
        self.errors.append(Problem(path="", code="xlsx_formula", message=message, where=where))
        self.formulas.add(where)

    def sheet(self, title: str, sheet: _Sheet, grid: list[tuple[int, list[Any]]]) -> None:
        """Read the rows of one sheet: *grid* is (row number, cells), the header row first."""
        if not grid:
            self.rows[sheet.name] = []
            return
        from_letter = _letter
        header_number, headers = grid[0]
        known = {c.header: c for c in sheet.columns}
        localized = {c.header: c for c in sheet.columns if isinstance(c.node, LocalizedTextType)}
        plan: list[tuple[int, str, _Column | None, tuple[str, ...]]] = []
        seen: set[str] = set()
        for position, header in enumerate(headers):
            place = f"{title}!{from_letter(position)}{header_number}"
            if header is None or header == "":
                continue
            header = str(header)
            if header in seen:
                self.error(place, "duplicate_column", f"the column {header} is there twice")
                continue
            seen.add(header)
            base, _, tag = header.rpartition("/")
            if header in sheet.keys:
                plan.append((position, header, None, ()))
            elif header in known and not isinstance(known[header].node, LocalizedTextType):
                plan.append((position, header, known[header], known[header].steps))
            elif base in localized and tag:
                plan.append((position, header, localized[base], (*localized[base].steps, tag)))
            else:
                self.left.add(f"the column {header} of {sheet.name}", place)
        for key in sheet.keys:
            if key not in seen:
                self.error(f"{title}!A{header_number}", "missing_key",
                           f"the sheet has no {key} column, which links its rows")  # fmt: skip
        rows = grid[1:]
        docs = _docs()[sheet.name]
        if rows and rows[0][0] == header_number + 1 and _describes(rows[0][1], headers, docs):
            rows = rows[1:]
        out: list[_Row] = []
        for number, cells in rows:
            if all(_empty(value) for value in cells):
                continue
            row = _Row(sheet, number, {}, {}, {}, f"{title}!A{number}")
            for position, header, column, steps in plan:
                value = cells[position] if position < len(cells) else None
                place = f"{title}!{from_letter(position)}{number}"
                if column is None:
                    row.keys[header] = (None if _empty(value) else value, place)
                    continue
                pointer = "".join(f"/{escape_pointer(s)}" for s in steps)
                row.cells.setdefault(pointer, place)
                if len(steps) > 1:  # the object holding it: its first cell
                    for depth in range(1, len(steps)):
                        parent = "".join(f"/{escape_pointer(s)}" for s in steps[:depth])
                        row.cells.setdefault(parent, place)
                if _empty(value):
                    continue
                self.put(row, column, steps, value, place)
            out.append(row)
        self.rows[sheet.name] = out

    def put(self, row: _Row, column: _Column, steps: tuple[str, ...], value: Any,
            place: str) -> None:  # fmt: skip
        """Put the value of one cell into the row's object."""
        if column.node is None:
            if _truth(value) is True:
                _make(row.obj, steps)
            elif _truth(value) is None:
                self.error(place, "wrong_type", f"expected TRUE or nothing, got {value!r}")
            return
        if isinstance(column.node, ExtensionDataType):
            try:
                value = json.loads(value) if isinstance(value, str) else value
            except ValueError as error:
                self.error(place, "invalid_json", f"extension data that is not JSON: {error}")
                return
        else:
            value = _typed(column.node, value)
        if not steps:  # the one value of a list of plain values
            row.obj[""] = value
            return
        holder = _make(row.obj, steps[:-1])
        holder[steps[-1]] = value

    def keyed(self, row: _Row, header: str, *, index: bool) -> Any:
        """The value of a key cell, or ``None`` after an error when it is not usable."""
        value, place = row.keys.get(header, (None, row.first))
        if not index:
            if value is None:
                self.error(place, "missing_key", f"{header} is empty: the row belongs nowhere")
            return None if value is None else str(value)
        found = _typed(IntegerType(minimum=0), value) if value is not None else None
        if not isinstance(found, int) or isinstance(found, bool) or found < 0:
            shown = "empty" if value is None else f"{value!r}, not a place from 0"
            self.error(place, "invalid_index", f"{header} is {shown}")
            return None
        return found

    def assemble(self) -> dict[str, Any]:
        """The ngomodel JSON of every row read, and the origin of each of its values."""
        dataset_rows = self.rows.get(_DATASET_SHEET, [])
        for extra in dataset_rows[1:]:
            self.error(extra.first, "extra_row", "the dataset sheet has one row; this is another")
        root: dict[str, Any] = dataset_rows[0].obj if dataset_rows else {}
        if dataset_rows:
            self.located(dataset_rows[0], "")
        # key tuple → (object, pointer) of every row with children, by sheet.
        parents: dict[str, dict[tuple[Any, ...], tuple[dict[str, Any], str]]] = {
            _DATASET_SHEET: {(): (root, "")}
        }
        for sheet in _layout()[1:]:
            assert sheet.parent is not None
            above = parents.get(sheet.parent, {})
            mine: dict[tuple[Any, ...], tuple[dict[str, Any], str]] = {}
            parents[sheet.name] = mine
            groups: dict[tuple[Any, ...], list[tuple[int, _Row]]] = {}
            for row in self.rows.get(sheet.name, []):
                linking = sheet.keys[:-1] if sheet.indexed else sheet.keys
                key: list[Any] = []
                usable = True
                for header in linking:
                    found = self.keyed(row, header, index=header.endswith("_index"))
                    usable = usable and found is not None
                    key.append(found)
                own = self.keyed(row, _INDEX, index=True) if sheet.indexed else 0
                if not usable or own is None:
                    continue
                if tuple(key) not in above:
                    value, place = row.keys[linking[-1]] if linking else (None, row.first)
                    self.error(place, "unknown_parent",
                               f"no row of {sheet.parent} has {', '.join(linking)} "
                               f"{', '.join(str(k) for k in key)}")  # fmt: skip
                    continue
                groups.setdefault(tuple(key), []).append((own, row))
            for linked, items in groups.items():
                parent, pointer = above[linked]
                if sheet.indexed:
                    items.sort(key=lambda item: item[0])
                    taken: dict[int, _Row] = {}
                    kept = []
                    for own, row in items:
                        if own in taken:
                            place = row.keys[_INDEX][1]
                            self.error(place, "duplicate_index",
                                       f"another row of the same parent has #index {own} "
                                       f"(row {taken[own].number})")  # fmt: skip
                            continue
                        taken[own] = row
                        kept.append((own, row))
                    items = kept
                target = _make(parent, sheet.steps[:-1])
                listed = target.setdefault(sheet.steps[-1], [])
                base = pointer + "".join(f"/{escape_pointer(s)}" for s in sheet.steps)
                for own, row in items:
                    here = f"{base}/{len(listed)}"
                    value = row.obj if isinstance(sheet.item, ModelType) else row.obj.get("")
                    listed.append(value)
                    self.located(row, here)
                    child_key = (*linked, row.obj.get("id") if sheet.identified else own)
                    if sheet.child_key is not None:
                        mine.setdefault(child_key, (row.obj, here))
        return root

    def located(self, row: _Row, pointer: str) -> None:
        self.origin.setdefault(pointer, row.first)
        for below, place in row.cells.items():
            self.origin.setdefault(pointer + below, place)

    def where(self, path: str) -> str:
        while path and path not in self.origin:
            path = path.rpartition("/")[0]
        return self.origin.get(path, "")


def _letter(position: int) -> str:
    """The column letter of the 0-based *position*."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _truth(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().upper() in ("TRUE", "FALSE"):
        return value.strip().upper() == "TRUE"
    return None


def _make(obj: dict[str, Any], steps: Sequence[str]) -> dict[str, Any]:
    for step in steps:
        obj = obj.setdefault(step, {})
    return obj


def _describes(cells: list[Any], headers: list[Any], docs: dict[str, str]) -> bool:
    """Whether *cells* is the description row of a workbook with these *headers*."""
    shown = 0
    for position, value in enumerate(cells):
        if _empty(value):
            continue
        header = headers[position] if position < len(headers) else None
        header = "" if header is None else str(header)
        wanted = docs.get(header, docs.get(header.rpartition("/")[0]))
        if value != wanted:
            return False
        shown += 1
    return shown > 0


_INTEGER = re.compile(r"-?[0-9]+")


def _typed(node: Node, value: Any) -> Any:
    """The wire value of a cell for *node*; a value it cannot be is kept, for the loader."""
    if isinstance(node, LocalizedTextType | TextType | CodeType | DateType):
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        midnight = isinstance(value, datetime.datetime) and value.time() == datetime.time()
        if isinstance(node, DateType) and midnight:
            return value.date().isoformat()
        return value
    if isinstance(node, AmountType):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(Decimal(repr(value))) if isinstance(value, float) else str(value)
        return value
    if isinstance(node, IntegerType | NumberType) and isinstance(value, str):
        text = value.strip()
        if _INTEGER.fullmatch(text):
            return int(text)
        if isinstance(node, NumberType):
            try:
                return float(text)
            except ValueError:
                return value
        return value
    if isinstance(node, IntegerType) and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(node, BooleanType):
        found = _truth(value)
        return value if found is None else found
    return value


def _read(reader: _Reader) -> Converted[Dataset]:
    """The dataset of the rows read, or the problems, each at its cell."""
    built = reader.assemble()
    warnings = reader.left.problems()
    if reader.errors:
        return _done(None, (*_placed(reader.errors, reader), *warnings))
    try:
        dataset = from_dict(built)
    except ValidationError as error:
        return _done(None, (*_placed(error.errors, reader), *warnings))
    from ngomodel.rules import check  # the rules import the formats' layer, not the reverse

    ruled = _placed(check(dataset), reader)
    if any(problem.severity == "error" for problem in ruled):
        return _done(None, (*ruled, *warnings))
    return _done(dataset, (*ruled, *warnings))


def _placed(problems: Iterable[Problem], reader: _Reader) -> list[Problem]:
    out = []
    for problem in problems:
        if problem.where is None:
            problem = attrs.evolve(problem, where=reader.where(problem.path))
        out.append(problem)
    return out


def _unreadable(what: str, error: Exception) -> Converted[Dataset]:
    found = Problem(path="", code="invalid_table", message=f"not {what}: {error}")
    return _done(None, (found,))


def from_xlsx(data: bytes) -> Converted[Dataset]:
    """Read a dataset from an XLSX workbook written by :func:`to_xlsx` or filled in
    from :func:`to_template`.

    Every cell is read and checked; each problem names its cell (``where``, such as
    ``programs!C5``) and its JSON Pointer (``path``). Sheets and columns of no use are
    ``not_imported`` warnings. The description row (row 2) is skipped when it is there.
    Formulas are not computed: a cell holding one is an ``xlsx_formula`` error (its text is
    not taken as its value). A text written by :func:`to_xlsx` is a text cell, whatever it
    starts with (``=``, ``+``, ``-``, ``@``), and is read as that text.

    Args:
        data: The workbook's bytes.

    Returns:
        The dataset (``None`` when there are errors), and the problems.

    Raises:
        ImportError: Without the ``tables`` extra (openpyxl).

    >>> from ngomodel import reference_dataset
    >>> from_xlsx(b"not a workbook").errors[0].code
    'invalid_table'
    """
    openpyxl = _openpyxl()
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        return _unreadable("an XLSX workbook", error)
    reader = _Reader()
    try:
        layout = _by_xlsx_name()
        for title in workbook.sheetnames:
            sheet = layout.get(title)
            if sheet is None:
                if title != _CODES_SHEET:
                    reader.left.add(f"the sheet {title}", f"{title}!A1")
                continue
            reader.sheet(title, sheet, _values(reader, title, workbook[title]))
    finally:
        workbook.close()
    return _read(reader)


def _values(reader: _Reader, title: str, sheet: Any) -> list[tuple[int, list[Any]]]:
    """The (row number, values) of a worksheet; a formula is an error at its cell, and empty.

    A formula is not its value: ngomodel does not compute it, and its text (``=A1+1``)
    taken as the value would be a wrong value read silently.
    """
    grid = []
    for number, cells in enumerate(sheet.iter_rows(), 1):
        values: list[Any] = []
        for position, cell in enumerate(cells):
            if cell.data_type == "f":
                reader.formula(f"{title}!{_letter(position)}{number}")
                values.append(None)
            else:
                values.append(cell.value)
        grid.append((number, values))
    return grid


def from_csv(data: bytes) -> Converted[Dataset]:
    """Read a dataset from a zip archive of CSV files, as :func:`to_csv` writes.

    Each file ``<sheet>.csv`` is UTF-8 with a header row. Problems are located as for
    :func:`from_xlsx`, the sheet being the file name without ``.csv``.

    Args:
        data: The zip archive's bytes.

    Returns:
        The dataset (``None`` when there are errors), and the problems.

    >>> from ngomodel import reference_dataset
    >>> back = from_csv(to_csv(reference_dataset()).unwrap())
    >>> back.unwrap() == reference_dataset()
    True
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        return _unreadable("a zip archive of CSV files", error)
    reader = _Reader()
    layout = _sheets_by_name()
    with archive:
        for name in archive.namelist():
            title = name.removesuffix(".csv")
            sheet = layout.get(title) if name.endswith(".csv") else None
            if sheet is None:
                reader.left.add(f"the file {name}", f"{title}!A1")
                continue
            try:
                text = archive.read(name).decode("utf-8-sig")
            except (UnicodeDecodeError, zipfile.BadZipFile, OSError) as error:
                reader.error(f"{title}!A1", "invalid_table", f"{name} cannot be read: {error}")
                continue
            grid = [
                (n, list(cells))
                for n, cells in enumerate(csv.reader(io.StringIO(text, newline="")), 1)
            ]
            reader.sheet(title, sheet, grid)
    return _read(reader)


def _done(value: _T | None, problems: Iterable[Problem]) -> Converted[_T]:
    """A result and its problems."""
    return Converted(value, problems)


def _sheet_names() -> Iterator[str]:
    """The full names of the layout's sheets, parents first (for the docs and tests)."""
    return (sheet.name for sheet in _layout())
