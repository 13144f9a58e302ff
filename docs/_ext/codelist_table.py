"""A Sphinx directive that renders the table of ngomodel's codelists from the package data.

``codelist-table`` reads :mod:`ngomodel.codelists` and :func:`ngomodel.schema.schema_documents`
while the documentation is built, so the table always matches the installed package:
one row per codelist with its name, title, source (linked when the source has a public
page), version, number of codes, and the schema file that publishes it, if any.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ngomodel import codelists
from ngomodel.schema import schema_documents

_HEADERS = ("Name", "Title", "Source", "Version", "Codes", "Schema file")
_WIDTHS = (22, 22, 34, 8, 6, 30)


def _cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def _row(*cells: nodes.entry) -> nodes.row:
    return nodes.row("", *cells)


class CodelistTable(SphinxDirective):
    """Insert the table of every codelist shipped with ngomodel."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        index = files("ngomodel.codelists").joinpath("index.json")
        self.env.note_dependency(str(index))
        published = set(schema_documents())

        table = nodes.table(classes=["codelist-table"])
        group = nodes.tgroup(cols=len(_HEADERS))
        table += group
        group.extend(nodes.colspec(colwidth=width) for width in _WIDTHS)
        group += nodes.thead("", _row(*(_cell(nodes.Text(h)) for h in _HEADERS)))
        body = nodes.tbody()
        group += body
        for name in codelists.names():
            codelist = codelists.get(name)
            source: nodes.Node = nodes.Text(codelist.source)
            if codelist.url:
                source = nodes.reference("", codelist.source, refuri=codelist.url)
            schema_file = f"codelists/{name}.schema.json"
            schema_cell = (
                nodes.literal("", schema_file) if schema_file in published else nodes.Text("—")
            )
            body += _row(
                _cell(nodes.literal("", name)),
                _cell(nodes.Text(codelist.title)),
                _cell(source),
                _cell(nodes.Text(codelist.version)),
                _cell(nodes.Text(str(len(codelist)))),
                _cell(schema_cell),
            )
        return [table]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``codelist-table`` directive."""
    app.add_directive("codelist-table", CodelistTable)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
