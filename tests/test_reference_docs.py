"""The generated reference pages: every entity, field, codelist and code is on them, and
their examples run.

The pages are written by ``docs/_ext/reference_pages.py`` when the docs are built; these
tests read the text it generates (tests/test_docs.py builds the HTML with ``-W``).
"""

from __future__ import annotations

import doctest
import re
import sys
from pathlib import Path

import pytest

from ngomodel import codelists, inspect, schema

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import reference_pages  # noqa: E402 - a docs extension, importable once docs/_ext is on the path

PAGES = reference_pages.pages()
ALL_TEXT = "\n".join(PAGES.values())


def _class_text(cls: type) -> str:
    """The section of one class: from its label to the next label."""
    text = ALL_TEXT[ALL_TEXT.index(f"({reference_pages.class_label(cls)})=") :]
    following = re.search(r"\n\([\w-]+\)=", text[1:])
    return text if following is None else text[: following.start() + 1]


def test_every_entity_has_its_page() -> None:
    """Each entity of ``schema.ENTITIES`` has a page that starts with its label and name."""
    for name, cls in schema.ENTITIES.items():
        assert PAGES[f"{name}.md"].startswith(f"(entity-{name})=\n# {cls.__name__}\n")


@pytest.mark.parametrize("cls", reference_pages._classes(), ids=lambda cls: cls.__name__)
def test_every_field_has_a_row(cls: type) -> None:
    """Each class (entity or shared record) has a row for every field of the description,
    in declaration order, and its rules in words."""
    text = _class_text(cls)
    keys = re.findall(r"^\* - `(\w+)`$", text, flags=re.MULTILINE)
    assert keys == [field.name for field in inspect.fields(cls)]
    for rule in inspect.ModelType(cls).rules:
        named = getattr(rule, "fields", None) or (rule.field,)
        assert all(f"`{name}`" in text.split("Rules", 1)[1] for name in named)


def test_every_record_is_documented_once() -> None:
    """The records page has one section for every non-entity class the entities use."""
    records = PAGES["records.md"]
    every = {cls.__name__ for cls in reference_pages._classes()}
    labelled = set(re.findall(r"^\((?:entity|record)-([\w-]+)\)=$", ALL_TEXT, re.MULTILINE))
    assert len(labelled) == len(every)
    for cls in reference_pages.records():
        assert records.count(f"(record-{cls.__name__})=") == 1


def test_every_link_target_exists() -> None:
    """Every ``{ref}`` on the pages names a label the pages define (Sphinx checks it too)."""
    labels = set(re.findall(r"^\(([\w-]+)\)=$", ALL_TEXT, flags=re.MULTILINE))
    targets = set(re.findall(r"\{ref\}`[^`<]*<([\w-]+)>`", ALL_TEXT))
    assert targets <= labels


def test_deprecated_fields_say_what_to_use() -> None:
    """A deprecated field's row carries its deprecation and reason."""
    deprecated = [
        (cls, field)
        for cls in reference_pages._classes()
        for field in inspect.fields(cls)
        if field.deprecated is not None
    ]
    for cls, field in deprecated:
        assert f"**Deprecated:** {reference_pages._text(field.deprecated)}" in _class_text(cls)


@pytest.mark.parametrize("name", codelists.names())
def test_every_code_is_listed(name: str) -> None:
    """Each codelist has its section, and each of its codes a row with its name and status."""
    codelist = codelists.get(name)
    text = PAGES["codelists.md"]
    assert f"(codelist-{name})=\n## {name}\n" in text
    if len(codelist) > reference_pages.LONG_LIST:
        text = PAGES[f"codelists/{name}.md"]
    for code in codelist:
        row = (
            f"* - {reference_pages._code(code.code)}\n  - {reference_pages._text(code.name)}\n"
            f"  - {'withdrawn' if code.withdrawn else 'active'}\n"
        )
        assert row in text, code


def test_codelist_uses_are_named() -> None:
    """Each coded field of the model is named under its codelist's "Used by"."""
    uses = reference_pages.codelist_uses()
    assert set(uses) <= set(codelists.names())
    assert uses["country"]
    assert uses["sector"]
    conditional = [use for use in uses["sector"] if use.condition]
    assert conditional, "the sector list is selected by a vocabulary"
    text = PAGES["codelists.md"]
    for name, found in uses.items():
        section = text.split(f"(codelist-{name})=", 1)[1].split("\n(codelist-", 1)[0]
        for use in found:
            assert f"{use.cls.__name__} <" in section
            assert f"`{use.field}`" in section


@pytest.mark.parametrize("page", sorted(p for p in PAGES if ">>> " in PAGES[p]))
def test_examples_run(page: str) -> None:
    """Every ``>>>`` example on a generated page prints what the page shows."""
    parser = doctest.DocTestParser()
    test = parser.get_doctest(PAGES[page], {}, page, page, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_every_class_has_a_python_example() -> None:
    """Each entity and record builds its example with its constructor, Organization and
    Network included."""
    for cls in reference_pages._classes():
        variable = "dataset" if cls.__name__ == "Dataset" else reference_pages._snake(cls.__name__)
        assert f">>> {variable} = {cls.__name__}(" in _class_text(cls)
