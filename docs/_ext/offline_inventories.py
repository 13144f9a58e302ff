"""Intersphinx inventories, written while the docs build, for the other projects' names.

intersphinx links a name such as :class:`pathlib.Path` to the page of the project that
documents it, by reading that project's inventory (``objects.inv``), which it normally
downloads. The docs build may not use the network, so this extension writes small
inventories instead, listing exactly the names ngomodel's pages and docstrings refer to,
each with its address in that project's documentation, and points
``intersphinx_mapping`` at them. The links go to the real pages; nothing is fetched.

A name missing from :data:`NAMES` fails the nitpicky build (``make docs`` runs Sphinx
with ``-n``) as an unresolved reference: add it, with its address.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

#: Key → (project name, the base address of its documentation). The key is what
#: ``:external+key:`` roles and the test name the project by.
PROJECTS = {
    "python": ("Python", "https://docs.python.org/3/"),
    "attrs": ("attrs", "https://www.attrs.org/en/stable/"),
    "cattrs": ("cattrs", "https://catt.rs/en/stable/"),
    "hypothesis": ("Hypothesis", "https://hypothesis.readthedocs.io/en/latest/"),
    "jsonschema": ("jsonschema", "https://python-jsonschema.readthedocs.io/en/stable/"),
    "referencing": ("referencing", "https://referencing.readthedocs.io/en/stable/"),
}

# fmt: off
#: Every external name the docs refer to: (project, role, name as our pages and type
#: annotations write it, its page under the project's base address). The anchor on the
#: page is the name, unless the page says ``#anchor``: a module's (``module-reprlib``), or
#: the public name of a class that annotations spell by its defining module
#: (``cattrs.converters.Converter`` is documented as ``cattrs.Converter``).
NAMES: tuple[tuple[str, str, str, str], ...] = (
    ("python",      "py:class",    "collections.abc.Callable",   "library/collections.abc.html"),
    ("python",      "py:class",    "collections.abc.Collection", "library/collections.abc.html"),
    ("python",      "py:class",    "collections.abc.Iterable",   "library/collections.abc.html"),
    ("python",      "py:class",    "collections.abc.Iterator",   "library/collections.abc.html"),
    ("python",      "py:class",    "collections.abc.Mapping",    "library/collections.abc.html"),
    ("python",      "py:class",    "collections.abc.Sequence",   "library/collections.abc.html"),
    ("python",      "py:class",    "datetime.date",              "library/datetime.html"),
    ("python",      "py:class",    "datetime.datetime",          "library/datetime.html"),
    ("python",      "py:class",    "decimal.Decimal",            "library/decimal.html"),
    ("python",      "py:function", "json.loads",                 "library/json.html"),
    ("python",      "py:class",    "pathlib.Path",               "library/pathlib.html"),
    ("python",      "py:function", "re.search",                  "library/re.html"),
    ("python",      "py:module",   "reprlib",
                                   "library/reprlib.html#module-reprlib"),
    ("attrs",       "py:function", "attrs.evolve",               "api.html"),
    ("cattrs",      "py:class",    "cattrs.converters.Converter", "cattrs.html#cattrs.Converter"),
    ("hypothesis",  "py:class",    "hypothesis.strategies.SearchStrategy",
                                   "reference/strategies.html"),
    ("jsonschema",  "py:class",    "jsonschema.exceptions.ValidationError",
                                   "api/jsonschema/exceptions/"),
    ("jsonschema",  "py:class",    "jsonschema.protocols.Validator", "api/jsonschema/protocols/"),
    ("referencing", "py:class",    "referencing.Registry",       "api/"),
    ("referencing", "py:class",    "referencing._core.Registry", "api/#referencing.Registry"),
)
# fmt: on


def location(name: str, page: str) -> str:
    """Return where *name* is, relative to its project's base address: page and anchor."""
    return page if "#" in page else f"{page}#{name}"


def inventory(project: str) -> bytes:
    """Return the ``objects.inv`` (version 2) listing the names of *project* in :data:`NAMES`."""
    title = PROJECTS[project][0]
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {title}\n"
        "# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    # One line an object: name, domain:role, priority, address, shown name ("-": the name).
    lines = "".join(
        f"{name} {role} 1 {location(name, page)} -\n"
        for key, role, name, page in NAMES
        if key == project
    )
    return header.encode() + zlib.compress(lines.encode())


def _write_inventories(app: Sphinx, config: Config) -> None:
    """Write one inventory a project next to the build's doctrees and map intersphinx to it."""
    folder = Path(app.doctreedir) / "offline-inventories"
    folder.mkdir(parents=True, exist_ok=True)
    for project, (_title, base) in PROJECTS.items():
        path = folder / f"{project}.inv"
        data = inventory(project)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
        config.intersphinx_mapping[project] = (base, str(path))


def setup(app: Sphinx) -> dict[str, Any]:
    """Write the inventories before intersphinx checks its mapping (priority 800)."""
    app.setup_extension("sphinx.ext.intersphinx")
    app.connect("config-inited", _write_inventories, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
