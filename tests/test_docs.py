"""The documentation: it builds without a warning, covers the API, and its examples run."""

from __future__ import annotations

import doctest
import functools
import html
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import ngomodel
from ngomodel import codelists

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# As ``make docs``: -W, warnings are errors; -n (nitpicky), so is a reference to nothing.
SPHINX_OPTIONS = ("-W", "-n", "--keep-going", "-q")
PAGES_WITH_EXAMPLES = sorted(p for p in DOCS.glob("*.md") if ">>> " in p.read_text("utf-8"))


@dataclass(frozen=True)
class Build:
    """The outcome of one Sphinx build of docs/."""

    returncode: int
    output: str
    html: Path


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build the HTML documentation once, as ``make docs`` does, into a temporary folder.

    Other test modules import this fixture and share the session's one build.
    """
    return _build_once(tmp_path_factory.getbasetemp())


@functools.cache
def _build_once(base: Path) -> Build:
    html = base / "docs-build" / "html"
    # Not under coverage (whose subprocess patch reads this variable): a build proves the
    # pages, not the code, and measuring it would make it about twice as slow.
    env = {k: v for k, v in os.environ.items() if k != "COVERAGE_PROCESS_CONFIG"}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", *SPHINX_OPTIONS, "-b", "html", DOCS, html],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(result.returncode, result.stdout + result.stderr, html)


def test_docs_build_with_warnings_as_errors(build: Build) -> None:
    """Sphinx builds the docs with -W -n: no warning, and every cross-reference resolves."""
    assert build.returncode == 0, build.output


def test_api_page_documents_every_export(build: Build) -> None:
    """Every name in ``ngomodel.__all__`` has its own entry (an anchor) on the API page."""
    api = (build.html / "api.html").read_text("utf-8")
    missing = [name for name in ngomodel.__all__ if f'id="ngomodel.{name}"' not in api]
    assert missing == []


def test_codelists_page_lists_every_codelist(build: Build) -> None:
    """The generated table on the codelists page has a row for every shipped codelist."""
    page = (build.html / "codelists.html").read_text("utf-8")
    cell = '<td><p><code class="docutils literal notranslate"><span class="pre">{}</span></code>'
    missing = [name for name in codelists.names() if cell.format(name) not in page]
    assert missing == []


@pytest.mark.parametrize("page", PAGES_WITH_EXAMPLES, ids=lambda page: page.name)
def test_examples_give_the_output_shown(page: Path) -> None:
    """Every ``>>>`` example on a documentation page prints exactly what the page shows."""
    result = doctest.testfile(str(page), module_relative=False, encoding="utf-8")
    assert result.attempted > 0
    assert result.failed == 0


def _table_rows(page: str) -> list[str]:
    """The rows of every table of an HTML page, as their text, cells joined by " | "."""
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, flags=re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
        texts = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells]
        rows.append(" | ".join(texts).replace("\u2019", "'"))  # Sphinx's smart quotes
    return rows


def test_formats_page_maps_every_field_of_every_entity(build: Build) -> None:
    """docs/formats.md, generated from the IATI and Popolo mappings, has a row for every
    field of every entity and for every value the IATI mapping names, each with the IATI
    place and Popolo property the code uses; and every Popolo property that is not read."""
    from ngomodel import iati
    from ngomodel.inspect import fields
    from ngomodel.schema import ENTITIES

    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        import formats_table
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    rows = _table_rows((build.html / "formats.html").read_text("utf-8"))
    firsts = {row.split(" | ")[0] for row in rows}
    expected = {
        f"{cls.__name__}.{field.name}" for cls in ENTITIES.values() for field in fields(cls)
    }
    expected |= {row.field for row in iati.MAPPING}
    assert expected - firsts == set()
    for cls in ENTITIES.values():
        for cells in formats_table.entity_rows(cls):
            assert " | ".join(cells) in rows
    program_title = "Program.title | iati-activity/title/narrative (required) | —"
    assert program_title in rows
    assert "Person.name | —, not exported | person.name" in rows
    unread = [p for p, how in formats_table.popolo_not_imported() if how == "not imported"]
    assert unread
    assert "person.gender | not imported" in rows
    assert all(f"{name} | not imported" in rows for name in unread)
