"""Sphinx configuration for the ngomodel documentation.

Build with ``make docs``, which runs
``sphinx-build -W -n --keep-going -q -b html docs docs/_build/html``: every warning is an
error, and so is every cross-reference that leads nowhere (nitpicky mode). Nothing is
fetched from the network while building.
"""

from __future__ import annotations

import inspect
import sys
import types
import typing
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer

# The local extensions, each drawing a part of the pages from the package: the codelist
# table, the command-line page (from the argument parser), the entity diagram, and the
# reference pages written at build time.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "ngomodel"
author = "The ngomodel developers"
copyright = "the ngomodel developers"
release = installed_version("ngomodel")
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "myst_parser",
    "codelist_table",
    "formats_table",
    "cli_reference",
    "entity_diagram",
    "reference_pages",
    # intersphinx to Python, attrs, cattrs, hypothesis…, from inventories written offline.
    "offline_inventories",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
# examples/ holds files the pages offer for download (the OpenAPI example), not pages.
exclude_patterns = ["_build", "examples"]
language = "en"

# -- MyST ---------------------------------------------------------------------------------

myst_heading_anchors = 3

# -- autodoc and napoleon -----------------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "description"
# Only parameters the docstring documents get their types; model classes list their
# fields under "Attributes:", so their constructor parameters are not listed twice.
autodoc_typehints_description_target = "documented"
# mypy documents its plugin interface in prose only: no page has an anchor for the class
# that ngomodel.mypy.plugin returns, so the one reference to it stays plain text.
nitpick_ignore = [("py:class", "mypy.plugin.Plugin")]

napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
# "Attributes:" become one field list per class rather than one indexed object per
# attribute: fields named like builtins (``type``) would otherwise make every ``type``
# in a type annotation an ambiguous cross-reference.
napoleon_use_ivar = True

# Show ``LocalizedText`` rather than ``ngomodel._values.LocalizedText`` wherever a
# reference resolves: the classes live in private modules and are documented under
# their public names.
python_use_unqualified_type_names = True

# -- HTML ---------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"ngomodel {release}"
html_static_path = ["_static"]
# Tables that wrap their cells to fit the page, from a phone's width to a wide screen.
html_css_files = ["tables.css"]


# -- data re-exported from private modules --------------------------------------------------


def _comment_in_home_module(name: str, obj: Any) -> list[str]:
    """Return the ``#:`` comment that documents *obj* where ngomodel defines it."""
    short = name.rpartition(".")[2]
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("ngomodel") or getattr(module, short, None) is not obj:
            continue
        comment = ModuleAnalyzer.for_module(module_name).find_attr_docs().get(("", short))
        if comment:
            return list(comment)
    return []


def _document_reexported_data(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Document data such as ``ngomodel.SCHEMA_VERSION`` by the comment where it is defined.

    autodoc looks for a ``#:`` comment only in the module being documented, and falls
    back to the docstring of the value's type (``str``, a union), which says nothing
    about ngomodel. A union alias also gets the list of its member classes.
    """
    if what != "data" or not name.startswith("ngomodel."):
        return
    inherited = inspect.cleandoc(type(obj).__doc__ or "")
    if lines and "\n".join(lines).strip() != inherited.strip():
        return
    lines[:] = _comment_in_home_module(name, obj)
    if isinstance(obj, types.UnionType):
        targets = (f"{arg.__module__}.{arg.__qualname__}" for arg in obj.__args__)
        members = ", ".join(f":class:`~{target}`" for target in targets)
        lines += ["", f"One of {members}."]


# -- overloaded functions -------------------------------------------------------------------


def _overloads_show_the_types(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, args: str, retann: str
) -> None:
    """Leave the types of an overloaded function to its overload signatures.

    The signatures show each overload (``loads(data, type: type[T]) -> T``); the
    parameter list would otherwise repeat the implementation's types (``type[Any]``,
    "Return type: Any"). The overloads are read from the source, as autodoc reads them
    (``typing.get_overloads`` is new in Python 3.11).
    """
    module = getattr(obj, "__module__", None) or ""
    if what not in {"function", "method"} or not module.startswith("ngomodel"):
        return
    analyzer = ModuleAnalyzer.for_module(module)
    analyzer.analyze()
    if obj.__qualname__ in analyzer.overloads:
        # Where autodoc keeps the recorded types: Sphinx 8.2 and later, then earlier.
        current = getattr(app.env, "current_document", None)
        if current is not None:
            current.autodoc_annotations.pop(name, None)
        else:
            app.env.temp_data.get("annotations", {}).pop(name, None)


def _type_variable_as_text(
    app: Sphinx, env: Any, node: Any, contnode: nodes.TextElement
) -> nodes.TextElement | None:
    """Show a type variable of ngomodel's signatures (``T``) as text: it has no page."""
    module, _, attribute = node.get("reftarget", "").rpartition(".")
    if node.get("refdomain") != "py" or not module.startswith("ngomodel"):
        return None
    if isinstance(getattr(sys.modules.get(module), attribute, None), typing.TypeVar):
        return contnode
    return None


def setup(app: Sphinx) -> None:
    """Connect the fix-ups above; the docstring one runs before napoleon reads it."""
    app.connect("autodoc-process-docstring", _document_reexported_data, priority=400)
    # After autodoc records the types, which Sphinx before 9 does on this event too.
    app.connect("autodoc-process-signature", _overloads_show_the_types, priority=600)
    app.connect("missing-reference", _type_variable_as_text)
