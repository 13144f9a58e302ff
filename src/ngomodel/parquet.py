"""Parquet for analysts: a dataset as one Parquet file per entity kind, and back.

:func:`to_parquet` writes a :class:`~ngomodel.Dataset` into a folder, one file per
collection (``organizations.parquet``, ``programs.parquet``…) and ``dataset.parquet``
with the dataset's own fields in one row; :func:`from_parquet` reads such a folder back
into an equal dataset. Each file's Arrow schema is :func:`arrow_schema` of its class,
derived from the field description (:mod:`ngomodel.inspect`), so DuckDB, pandas and
Polars read the files as they are. The rules, one per kind of node:

===========================  =====================================================
ngomodel                     Arrow
===========================  =====================================================
text, code, id               ``string`` (Parquet dictionary-encodes the columns)
partial date                 ``string``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
amount                       ``string``, exactly as in ngomodel JSON (``"1500.00"``):
                             no precision is lost; ``CAST(x AS DECIMAL(38, 2))``
integer, number, boolean     ``int64``, ``double``, ``bool``
multilingual text            ``map<string, string>``: language tag → text
extension data               ``string``: the JSON object, as ngomodel JSON has it
list                         ``list`` of non-null items
object (a model class)       ``struct`` of its fields
optional value               the value's type, nullable; every other field not null
===========================  =====================================================

Every field is a column, in field order, whether or not any row has a value; a
field's description is its Arrow field's ``description`` metadata. The files are
deterministic: the same dataset gives the same bytes (zstd compression, no time
stamps).

>>> import tempfile
>>> from ngomodel import reference_dataset
>>> folder = tempfile.mkdtemp()
>>> written = to_parquet(reference_dataset(), folder)
>>> [path.name for path in written.unwrap()][:3]
['dataset.parquet', 'organizations.parquet', 'networks.parquet']
>>> from_parquet(folder).unwrap() == reference_dataset()
True
"""

from __future__ import annotations

import io
import json
import math
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ngomodel._dataset import Dataset
from ngomodel._json import from_dict, parse_json
from ngomodel._scalars import amount_text
from ngomodel.conversion import Converted
from ngomodel.errors import Problem, ValidationError
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
    fields,
    type_info,
)

__all__ = ["COLLECTIONS", "arrow_schema", "from_parquet", "to_parquet", "to_parquet_files"]

#: The dataset's collections in field order, each written as one file ``<name>.parquet``.
COLLECTIONS: tuple[str, ...] = tuple(
    f.name for f in fields(Dataset) if isinstance(f.type, ListType) and f.name != "extensions"
)
#: The file of the dataset's own fields (title, publisher, extensions…): one row.
_DATASET = "dataset"
#: The fields of :data:`_DATASET`: every field of a dataset but its collections.
_OWN_FIELDS = tuple(f for f in fields(Dataset) if f.name not in COLLECTIONS)
#: The compression of every file: fixed, so the bytes are too.
_COMPRESSION = "zstd"


def _arrow() -> Any:
    """The pyarrow module, or an ImportError that names the extra to install."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as error:  # pragma: no cover - the tests install the extra
        raise ImportError(
            "ngomodel.parquet needs pyarrow: pip install 'ngomodel[parquet]'"
        ) from error
    return pyarrow


def _arrow_type(node: Node) -> Any:
    """The Arrow type of a value of *node* (not null; :class:`OptionalType` is nullability)."""
    pa = _arrow()
    if isinstance(node, OptionalType):
        return _arrow_type(node.item)
    if isinstance(node, (TextType, CodeType, DateType, AmountType, ExtensionDataType)):
        return pa.string()
    if isinstance(node, IntegerType):
        return pa.int64()
    if isinstance(node, NumberType):
        return pa.float64()
    if isinstance(node, BooleanType):
        return pa.bool_()
    if isinstance(node, LocalizedTextType):
        return pa.map_(pa.string(), pa.field("value", pa.string(), nullable=False))
    if isinstance(node, ListType):
        return pa.list_(pa.field("element", _arrow_type(node.item), nullable=False))
    if isinstance(node, ModelType):
        return pa.struct(_arrow_fields(fields(node.cls)))
    raise TypeError(f"no Arrow type for {node!r}")  # pragma: no cover - the node set is closed


def _arrow_fields(described: Iterable[Any]) -> list[Any]:
    pa = _arrow()
    return [
        pa.field(
            f.name,
            _arrow_type(f.type),
            nullable=isinstance(f.type, OptionalType),
            metadata={"description": f.full_doc} if f.doc else None,
        )
        for f in described
    ]


def arrow_schema(cls: type) -> Any:
    """Return the Arrow schema of the Parquet file of one entity kind.

    Args:
        cls: A model class (:class:`~ngomodel.Program`…); for
            :class:`~ngomodel.Dataset`, the schema of ``dataset.parquet``: the
            dataset's own fields, without its collections.

    Returns:
        A ``pyarrow.Schema``: one column per field, in field order.

    Raises:
        ImportError: When pyarrow is not installed (the ``parquet`` extra).

    >>> from ngomodel import Money
    >>> print(arrow_schema(Money).to_string(show_field_metadata=False))
    amount: string not null
    currency: string not null
    value_date: string
    """
    pa = _arrow()
    described = _OWN_FIELDS if cls is Dataset else fields(cls)
    return pa.schema(_arrow_fields(described))


# -- writing ------------------------------------------------------------------------------


class _InexactError(Exception):
    """A whole number of a number field that a double cannot hold exactly."""


def _cell(node: Node, value: Any) -> Any:
    """A value of *node*, as a model object holds it, in the form pyarrow takes."""
    if value is None:
        return None
    if isinstance(node, OptionalType):
        return _cell(node.item, value)
    if isinstance(node, NumberType):
        number = float(value)
        if number != value:  # a whole number beyond 2**53: a double would round it
            raise _InexactError
        return number
    if isinstance(node, AmountType):
        return amount_text(value)
    if isinstance(node, DateType):
        return str(value)
    if isinstance(node, LocalizedTextType):
        return list(value.items())
    if isinstance(node, ExtensionDataType):
        return _json_text(value.to_json())
    if isinstance(node, ListType):
        return [_cell(node.item, item) for item in value]
    if isinstance(node, ModelType):
        return _row(fields(node.cls), value)
    return value


def _inexact(node: Node, value: Any, path: str) -> Iterable[Problem]:
    """The problems of the numbers in *value* that a double cannot hold exactly."""
    if value is None:
        return
    if isinstance(node, OptionalType):
        yield from _inexact(node.item, value, path)
    elif isinstance(node, NumberType) and float(value) != value:
        message = f"{value} is a whole number that a Parquet double cannot hold exactly"
        yield Problem(path=path, code="inexact_number", message=message)
    elif isinstance(node, ListType):
        for index, item in enumerate(value):
            yield from _inexact(node.item, item, f"{path}/{index}")
    elif isinstance(node, ModelType):
        for f in fields(node.cls):
            yield from _inexact(f.type, getattr(value, f.name), f"{path}/{f.name}")


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _row(described: Iterable[Any], obj: Any) -> dict[str, Any]:
    return {f.name: _cell(f.type, getattr(obj, f.name)) for f in described}


def _file(schema: Any, rows: list[dict[str, Any]]) -> bytes:
    pa = _arrow()
    table = pa.Table.from_pylist(rows, schema=schema)
    sink = io.BytesIO()
    pa.parquet.write_table(table, sink, compression=_COMPRESSION, store_schema=True)
    return sink.getvalue()


def _kind(collection: str) -> type:
    (found,) = (f.type for f in fields(Dataset) if f.name == collection)
    assert isinstance(found, ListType)
    assert isinstance(found.item, ModelType)
    return found.item.cls


def to_parquet_files(dataset: Dataset) -> Converted[dict[str, bytes]]:
    """Write a dataset as Parquet files in memory: file name → bytes.

    Args:
        dataset: The dataset.

    Returns:
        ``dataset.parquet`` and one ``<collection>.parquet`` per collection, empty ones
        included, in that order. The one thing Parquet cannot hold is a whole number of
        a number field beyond what a double holds exactly (``2**53 + 1``): it is not
        rounded but an ``inexact_number`` error at its JSON Pointer, and then there are no
        files.

    >>> from ngomodel import reference_dataset
    >>> files = to_parquet_files(reference_dataset()).unwrap()
    >>> files["programs.parquet"][:4]
    b'PAR1'
    """
    try:
        own = [_row(_OWN_FIELDS, dataset)]
        files = {f"{_DATASET}.parquet": _file(arrow_schema(Dataset), own)}
        for collection in COLLECTIONS:
            cls = _kind(collection)
            described = fields(cls)
            rows = [_row(described, entity) for entity in getattr(dataset, collection)]
            files[f"{collection}.parquet"] = _file(arrow_schema(cls), rows)
    except _InexactError:
        return Converted(None, _inexact(type_info(Dataset), dataset, ""))
    return Converted(files)


def to_parquet(dataset: Dataset, folder: str | Path) -> Converted[list[Path]]:
    """Write a dataset into *folder* as Parquet files, one per entity kind.

    Every file is made in memory first and each is then put in place by renaming, so a
    failure leaves no file half written. Other files in *folder* are left alone.

    Args:
        dataset: The dataset.
        folder: The folder; made if it does not exist.

    Returns:
        The paths written: ``dataset.parquet``, then one per collection; or, with an
        error (see :func:`to_parquet_files`), none, and no file is written.

    Raises:
        OSError: When the folder or a file cannot be written.
    """
    made = to_parquet_files(dataset)
    if made.value is None:
        return Converted(None, made.problems)
    files = made.value
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        path = target / name
        part = target / f".{name}.part"
        part.write_bytes(data)
        os.replace(part, path)
        written.append(path)
    return Converted(written)


# -- reading ------------------------------------------------------------------------------


def _whole(number: float) -> bool:
    """Whether *number* is a whole number a double holds exactly (and not ``-0.0``)."""
    negative_zero = number == 0 and math.copysign(1.0, number) < 0
    return number.is_integer() and abs(number) <= 2**53 and not negative_zero


class _Reader:
    """Turns the rows pyarrow reads into ngomodel JSON values, noting what is malformed."""

    def __init__(self) -> None:
        self.errors: list[Problem] = []
        self.where: dict[str, str] = {}  # JSON Pointer of a row → its file and row

    def value(self, node: Node, cell: Any, path: str) -> Any:
        if isinstance(node, OptionalType):
            return self.value(node.item, cell, path)
        if isinstance(node, NumberType) and isinstance(cell, float) and _whole(cell):
            return int(cell)  # as it was most likely given: 200, not 200.0
        if isinstance(node, LocalizedTextType) and isinstance(cell, list):
            return dict(cell)
        if isinstance(node, ExtensionDataType) and isinstance(cell, str):
            try:
                return parse_json(cell)
            except ValidationError as error:
                self.errors.extend(p.within(path) for p in error.errors)
                return None
        if isinstance(node, ListType) and isinstance(cell, list):
            return [self.value(node.item, item, f"{path}/{i}") for i, item in enumerate(cell)]
        if isinstance(node, ModelType) and isinstance(cell, dict):
            return self.record(fields(node.cls), cell, path)
        return cell  # a scalar, or a value of the wrong type that the loader reports

    def record(self, described: Iterable[Any], row: Mapping[str, Any], path: str) -> Any:
        return {
            f.name: self.value(f.type, row[f.name], f"{path}/{f.name}")
            for f in described
            if row.get(f.name) is not None  # null: not known, as an absent key
        }


def _place(where: Mapping[str, str], problem: Problem) -> Problem:
    """*problem*, of the ngomodel JSON read, placed in its Parquet file too."""
    if problem.where is not None:
        return problem
    parts = problem.path.split("/")[1:]
    if parts and parts[0] in COLLECTIONS:
        if len(parts) == 1:  # the collection as a whole: its file
            return attrs.evolve(problem, where=f"{parts[0]}.parquet")
        row, columns = f"/{parts[0]}/{parts[1]}", parts[2:3]
    else:
        row, columns = "", parts[:1]
    place = where.get(row)
    if place is None:
        return problem
    column = f", column {columns[0]}" if columns else ""
    return attrs.evolve(problem, where=f"{place}{column}")


def from_parquet(folder: str | Path) -> Converted[Dataset]:
    """Read a folder of Parquet files, as :func:`to_parquet` writes them, into a dataset.

    Each file is read with the Arrow schema of its kind; a missing file is an empty
    collection (``dataset.parquet`` is needed). A file that cannot be read, or whose
    columns do not match the schema, is an error; so is any value the model does not
    allow and any broken semantic rule. Every problem has its JSON Pointer in the
    dataset's JSON (``path``) and its file, row and column (``where``: ``programs.parquet,
    row 3, column name``; rows count from 0). There is no dataset when there is an error.

    Args:
        folder: The folder.

    Returns:
        The dataset (``None`` when there are errors), and the problems.
    """
    pa = _arrow()
    source = Path(folder)
    reader = _Reader()
    data: dict[str, Any] = {}
    for name, cls in ((_DATASET, Dataset), *((c, _kind(c)) for c in COLLECTIONS)):
        path = source / f"{name}.parquet"
        if name != _DATASET and not path.exists():
            continue
        schema = arrow_schema(cls)
        try:
            columns = pa.parquet.read_schema(path).names
            if columns != schema.names:  # else pyarrow would read a column missing as nulls
                missing = [c for c in schema.names if c not in columns]
                extra = [c for c in columns if c not in schema.names]
                raise ValueError(
                    f"its columns are not those of {cls.__name__}: missing {missing or 'none'}, "
                    f"not of the model {extra or 'none'}, or in another order"
                )
            table = pa.parquet.read_table(path, schema=schema)
        except (OSError, ValueError, pa.ArrowException) as error:
            message = f"cannot read {path.name} as the {name} of a dataset: {error}"
            problem = Problem(path="", code="unreadable_parquet", message=message)
            reader.errors.append(attrs.evolve(problem, where=path.name))
            continue
        rows = table.to_pylist()
        if name == _DATASET:
            if len(rows) != 1:
                message = f"{path.name} has {len(rows)} rows; a dataset has its fields in one"
                problem = Problem(path="", code="unreadable_parquet", message=message)
                reader.errors.append(attrs.evolve(problem, where=path.name))
                continue
            reader.where[""] = f"{path.name}, row 0"
            data |= reader.record(_OWN_FIELDS, rows[0], "")
            continue
        described = fields(cls)
        data[name] = []
        for index, row in enumerate(rows):
            pointer = f"/{name}/{index}"
            reader.where[pointer] = f"{path.name}, row {index}"
            data[name].append(reader.record(described, row, pointer))
    if reader.errors:
        return Converted(None, [_place(reader.where, p) for p in reader.errors])
    try:
        dataset = from_dict(data)
    except ValidationError as error:
        return Converted(None, [_place(reader.where, p) for p in error.errors])
    from ngomodel.rules import check  # the rules import the formats' layer, not the reverse

    ruled = [_place(reader.where, p) for p in check(dataset)]
    if any(p.severity == "error" for p in ruled):
        return Converted(None, ruled)
    return Converted(dataset, ruled)
