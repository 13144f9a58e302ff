"""A Sphinx directive that renders the combined mapping of ngomodel, IATI 2.03 and Popolo.

``formats-table`` reads :data:`ngomodel.iati.MAPPING` and the Popolo mapping of
:mod:`ngomodel.popolo` while the documentation is built, so the page always says what
the code does. It writes one table per entity (every field of the entity, then the IATI
rows of the values inside it: ngomodel field | IATI 2.03 place | Popolo property), one
table of the values inside entities that Popolo maps, and the converse: what each format
has that ngomodel does not read.

What IATI has that ngomodel does not read is written from ``ngomodel.iati.NOT_IMPORTED``
(pairs of an XPath and why it is not read); without it, the page says which IATI places
the mapping reads back (its rows that work both ways).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ngomodel import iati, popolo
from ngomodel.inspect import fields
from ngomodel.schema import ENTITIES

#: The classes of values inside entities that Popolo maps field by field.
_POPOLO_VALUES = ("OtherName", "Identifier", "ContactDetail", "Link", "Source")
NOT_EXPORTED = "—, not exported"


def _iati_place(row: Any) -> str:
    """The IATI column of one mapping row: its XPath, or why there is none."""
    if row.iati is None:
        return f"{NOT_EXPORTED} ({row.how})"
    return row.iati + (" (required)" if row.required else "")


def _popolo_place(cls: type, name: str) -> str:
    """The Popolo property of ``cls.name``, or "—"."""
    # The Popolo mapping as data: its table (mapping_table) is rendered from the same.
    mapped = popolo._FIELDS.get(cls, {}).get(name)
    if mapped is None:
        return "—"
    return f"{popolo._POPOLO_KIND[cls]}.{mapped}"


def entity_rows(cls: type) -> Iterator[tuple[str, str, str]]:
    """(ngomodel field, IATI place, Popolo property) for every field of entity *cls*,
    and for each value inside it that the IATI mapping names."""
    prefix = cls.__name__
    by_field = {row.field: row for row in iati.MAPPING}
    for field in fields(cls):
        name = f"{prefix}.{field.name}"
        row = by_field.get(name)
        inner = [r for r in iati.MAPPING if r.field.startswith((f"{name}[]", f"{name}."))]
        if row is not None:
            place = _iati_place(row)
        elif inner:
            place = "per value, in the rows below"
        else:
            place = NOT_EXPORTED
        yield name, place, _popolo_place(cls, field.name)
        for sub in inner:
            yield sub.field, _iati_place(sub), "—"


def other_iati_rows() -> Iterator[tuple[str, str, str]]:
    """The IATI mapping rows of values found in several entities (``Document``) or given
    to the export (its arguments), which no entity's table holds."""
    prefixes = tuple(f"{cls.__name__}." for cls in ENTITIES.values())
    for row in iati.MAPPING:
        if not row.field.startswith(prefixes):
            yield row.field, _iati_place(row), "—"


def value_rows() -> Iterator[tuple[str, str, str]]:
    """(ngomodel field, IATI place, Popolo property) for the values inside entities that
    Popolo maps field by field (their IATI places are in the entities' tables)."""
    classes = {cls.__name__: cls for cls in popolo._FIELDS}
    for name in _POPOLO_VALUES:
        cls = classes[name]
        for field in fields(cls):
            yield f"{name}.{field.name}", "(see the entity)", _popolo_place(cls, field.name)


def popolo_not_imported() -> Iterator[tuple[str, str]]:
    """(Popolo property, what it is read as) for every property of the Popolo objects."""
    for kind, properties in popolo._POPOLO_PROPERTIES.items():
        for name in properties:
            yield f"{kind}.{name}", popolo._imported_as(kind, name)


def iati_read_back() -> Iterator[tuple[str, str]]:
    """(IATI place, ngomodel field) for every mapping row that works both ways or is read."""
    for row in iati.MAPPING:
        if row.iati is not None and row.direction in ("both", "import"):
            yield row.iati, row.field


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], css: str) -> nodes.table:
    table = nodes.table(classes=[css])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in headers)

    def row(cells: Sequence[str], *, literal: bool) -> nodes.row:
        entries = []
        for i, text in enumerate(cells):
            code = literal and (i == 0 or not text.startswith(("—", "(", "per ")))
            inline: nodes.Node = nodes.literal("", text) if code else nodes.Text(text)
            entries.append(nodes.entry("", nodes.paragraph("", "", inline)))
        return nodes.row("", *entries)

    group += nodes.thead("", row(headers, literal=False))
    group += nodes.tbody("", *(row(cells, literal=True) for cells in rows))
    return table


class FormatsTable(SphinxDirective):
    """Insert the combined mapping tables of ngomodel, IATI 2.03 and Popolo."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        for module in (iati, popolo):
            self.env.note_dependency(str(module.__file__))
        headers = ("ngomodel field", "IATI 2.03 place", "Popolo property")
        out: list[nodes.Node] = []
        for cls in ENTITIES.values():
            out.append(nodes.rubric("", cls.__name__))
            out.append(_table(headers, list(entity_rows(cls)), "formats-table"))
        out.append(nodes.rubric("", "Values inside entities"))
        values = [*other_iati_rows(), *value_rows()]
        out.append(_table(headers, values, "formats-table"))
        out.append(nodes.rubric("", "What Popolo has that ngomodel does not read"))
        unread = [(p, how) for p, how in popolo_not_imported() if how == "not imported"]
        out.append(_table(("Popolo property", "read as"), unread, "formats-table"))
        out.append(nodes.rubric("", "What IATI has that ngomodel does not read"))
        hook = getattr(iati, "NOT_IMPORTED", None)
        if hook is not None:
            out.append(_table(("IATI place", "why not read"), list(hook), "formats-table"))
        else:
            out.append(
                nodes.paragraph(
                    "",
                    "The IATI import is not in this version of ngomodel. When it is, this "
                    "table lists every IATI element it leaves out; the IATI places the "
                    "mapping reads back are these:",
                )
            )
            read = list(iati_read_back())
            out.append(_table(("IATI place", "ngomodel field"), read, "formats-table"))
        return out


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``formats-table`` directive."""
    app.add_directive("formats-table", FormatsTable)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
