"""Right types and links in the docs: nitpicky mode, offline intersphinx, rendered overloads.

The build is the one ``tests/test_docs.py`` makes (``-W -n``, as ``make docs``); the
other projects' inventories are the ones ``docs/_ext/offline_inventories.py`` writes.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.util.inventory import InventoryFile

from tests.test_docs import SPHINX_OPTIONS, Build

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))
from offline_inventories import NAMES, PROJECTS, _write_inventories, inventory, location

ROOT = Path(__file__).resolve().parents[1]

# Each project's documented address form for an object: the page its docs put it on,
# then the anchor Sphinx gives it (its full dotted name, or module-<name> for a module).
ADDRESS_FORMS = {
    "python": r"https://docs\.python\.org/3/library/(?P<page>[a-z_.]+)\.html#(module-)?(?P<anchor>[\w.]+)",
    "attrs": r"https://www\.attrs\.org/en/stable/api\.html#(?P<anchor>attrs\.\w+)",
    "cattrs": r"https://catt\.rs/en/stable/cattrs\.html#(?P<anchor>cattrs\.\w+)",
    "hypothesis": (
        r"https://hypothesis\.readthedocs\.io/en/latest/reference/\w+\.html"
        r"#(?P<anchor>hypothesis\.[\w.]+)"
    ),
    "jsonschema": (
        r"https://python-jsonschema\.readthedocs\.io/en/stable/api/jsonschema/(?P<page>\w+)/"
        r"#(?P<anchor>jsonschema\.[\w.]+)"
    ),
    "referencing": r"https://referencing\.readthedocs\.io/en/stable/api/#(?P<anchor>referencing\.\w+)",
}


def _address(project: str, name: str, page: str) -> str:
    """The full address the docs link *name* to."""
    return PROJECTS[project][1] + location(name, page)


def _entry(api: str, name: str) -> str:
    """The text of the API page's entry for ``ngomodel.<name>``, tags removed."""
    start = api.index(f'id="ngomodel.{name}"')
    text = re.sub(r"<[^>]+>", "", api[start : api.index("</dl>", start)])
    return re.sub(r"\s+", " ", html.unescape(text))


def test_nitpicky_build_is_clean(build: Build) -> None:
    """The docs build with -W -n: no warning, and no reference that resolves nowhere."""
    assert "reference target not found" not in build.output
    assert build.returncode == 0, build.output


def test_make_docs_runs_sphinx_nitpicky() -> None:
    """``make docs`` builds with warnings as errors and nitpicky mode, as the tests do."""
    makefile = (ROOT / "Makefile").read_text("utf-8")
    recipe = re.search(r"^docs:.*\n\t(.*)$", makefile, re.MULTILINE)
    assert recipe is not None
    assert {"-W", "-n"} <= set(SPHINX_OPTIONS) <= set(recipe.group(1).split())


@pytest.mark.parametrize(("project", "role", "name", "page"), NAMES, ids=[n[2] for n in NAMES])
def test_external_address_has_the_projects_documented_form(
    project: str, role: str, name: str, page: str
) -> None:
    """Each external name links to its project's docs, at the page and anchor they use."""
    address = _address(project, name, page)
    match = re.fullmatch(ADDRESS_FORMS[project], address)
    assert match is not None, address
    anchor = match["anchor"]
    # The anchor names the same object: the name itself, or (for a name annotations spell
    # by its defining module) the public name with the same last part.
    assert anchor == name or anchor.rpartition(".")[2] == name.rpartition(".")[2]
    if project == "python":
        # The standard library's page for an object is its module's page.
        assert name == match["page"] or name.startswith(match["page"] + ".")
    if project == "jsonschema":
        assert anchor.startswith(f"jsonschema.{match['page']}.")


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_inventory_reads_back_as_the_table(project: str) -> None:
    """Sphinx reads each written inventory back to exactly the table's names and addresses."""
    base = PROJECTS[project][1]
    read = InventoryFile.loads(inventory(project), uri=base).data
    found = {(role, name, item.uri) for role, items in read.items() for name, item in items.items()}
    expected = {
        (role, name, _address(key, name, page)) for key, role, name, page in NAMES if key == project
    }
    assert expected
    assert found == expected


def test_intersphinx_reads_local_files_only(tmp_path: Path) -> None:
    """Every intersphinx location is a written local file: nothing is fetched while building."""
    app = SimpleNamespace(doctreedir=tmp_path)
    config = SimpleNamespace(intersphinx_mapping={})
    _write_inventories(app, config)  # a stand-in for the build and its configuration
    assert set(config.intersphinx_mapping) == set(PROJECTS)
    for project, (base, inventory_file) in config.intersphinx_mapping.items():
        assert base == PROJECTS[project][1]
        assert "://" not in inventory_file
        assert Path(inventory_file).read_bytes() == inventory(project)


def test_every_listed_external_name_is_linked(build: Build) -> None:
    """The pages link every address in the table: no entry outlives the reference it served."""
    pages = "".join(page.read_text("utf-8") for page in build.html.rglob("*.html"))
    linked = set(re.findall(r'href="([^"]+)"', pages))
    listed = {_address(project, name, page) for project, _role, name, page in NAMES}
    assert sorted(listed - linked) == []


@pytest.mark.parametrize(
    ("name", "argument"),
    [("loads", "data: str | bytes | bytearray"), ("from_dict", "data: Any")],
)
def test_api_page_shows_the_overloads(build: Build, name: str, argument: str) -> None:
    """``loads``/``from_dict`` show one signature an overload, typed, and no ``Any`` result."""
    entry = _entry((build.html / "api.html").read_text("utf-8"), name)
    assert f"ngomodel.{name}({argument}) → Dataset" in entry
    assert f"ngomodel.{name}({argument}, type: type[T]) → T" in entry
    assert "Return type" not in entry
    assert "type[Any]" not in entry
