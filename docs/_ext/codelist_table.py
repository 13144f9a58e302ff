"""A Sphinx directive that renders the table of ngomodel's codelists from the package data.

``codelist-table`` reads :mod:`ngomodel.codelists` and :func:`ngomodel.schema.schema_documents`
while the documentation is built, so the table always matches the installed package:
one row per codelist with its name, its title (linked to its codes on the reference
page), its source (linked when the source has a public page) and version, its number of
codes and whether it is closed, and the schema file that publishes it, if any. Four
columns whose long words may wrap (docs/_static/tables.css) fit a page 420 px wide.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ngomodel import codelists
from ngomodel.schema import schema_documents

_HEADERS = ("Name", "Source", "Codes", "Schema file")


def _cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def _codes_link(name: str, title: str) -> addnodes.pending_xref:
    """A link to the codelist's codes on the reference page (``reference_pages``)."""
    return addnodes.pending_xref(
        "",
        nodes.inline("", title),
        refdomain="std",
        reftype="ref",
        reftarget=f"codelist-{name}",
        refexplicit=True,
        refwarn=True,
    )


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
        group.extend(nodes.colspec(colwidth=1) for _ in _HEADERS)
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
            closed = "closed" if codelist.closed else "open"
            body += _row(
                nodes.entry(
                    "",
                    nodes.paragraph("", "", nodes.literal("", name)),
                    nodes.paragraph("", "", _codes_link(name, codelist.title)),
                ),
                _cell(source, nodes.Text(f", version {codelist.version}")),
                _cell(nodes.Text(f"{len(codelist)}, {closed}")),
                _cell(schema_cell),
            )
        return [table]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``codelist-table`` directive."""
    app.add_directive("codelist-table", CodelistTable)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
