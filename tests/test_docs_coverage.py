"""The docs are complete: every public name is in them, and every error code, with an example."""

from __future__ import annotations

import ast
import doctest
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.util.inventory import InventoryFile

from ngomodel import _scalars, rules, schema
from ngomodel.inspect import Pattern
from tests.test_exported_members import PUBLIC_MODULES

from .test_docs import Build

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "ngomodel"
ERRORS_PAGE = ROOT / "docs" / "errors.md"

# -- every public name is in the built docs -----------------------------------------------


@pytest.fixture(scope="module")
def documented(build: Build) -> set[str]:
    """Return the full names of the Python objects the built docs document.

    The names come from the object inventory, ``objects.inv``: what every ``{py:…}``
    reference, and other projects' intersphinx, resolve against. The docs are the
    session's one build (see tests/test_docs.py).
    """
    assert build.returncode == 0, build.output
    with (build.html / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    return {
        name for role, entries in inventory.items() if role.startswith("py:") for name in entries
    }


def test_the_public_modules_are_all_listed() -> None:
    """Every module of the package without a leading underscore is a listed public module,
    so the next test cannot miss one."""
    found = {
        f"ngomodel.{path.stem}"
        for path in SOURCE.glob("*.py")
        if not path.stem.startswith("_") and path.stem != "__main__"
    }
    found |= {f"ngomodel.{path.parent.name}" for path in SOURCE.glob("*/__init__.py")}
    assert found == set(PUBLIC_MODULES)


@pytest.mark.parametrize("module_name", ["ngomodel", *PUBLIC_MODULES])
def test_every_public_name_is_in_the_docs(module_name: str, documented: set[str]) -> None:
    """Every name in the ``__all__`` of ``ngomodel`` and of each public module is documented
    under that module's name in the built docs."""
    module = importlib.import_module(module_name)
    missing = [name for name in module.__all__ if f"{module_name}.{name}" not in documented]
    assert missing == []


# -- every error code is on the error-code page, with an example ---------------------------

#: Snake-case words: what a code looks like.
_CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
#: Functions whose first argument is a code: Problem itself, and the helpers that make one.
_MAKERS = {"Problem", "_problem", "_fail", "LeftOut", "left_out"}
#: Methods whose second argument is a code: a format reader's ``error(where, code, message)``.
_PLACED_MAKERS = {"error"}


def _strings(node: ast.AST | None) -> Iterator[str]:
    """The snake-case string constants in *node*, such as both codes of a conditional."""
    for child in ast.walk(node) if node is not None else ():
        value = child.value if isinstance(child, ast.Constant) else None
        if isinstance(value, str) and _CODE.fullmatch(value):
            yield value


def _codes_in(tree: ast.AST) -> Iterator[str]:
    """The codes one module can report, wherever its source writes one.

    A code is written as ``code=`` to ``Problem``, ``Pattern`` or ``Rule``; as the first
    argument of ``Problem`` or a helper that makes one; as the second argument of a
    format reader's ``error(where, code, message)``; assigned to a variable ``code``;
    or returned first in a ``(code, message)`` pair by a function so annotated.
    """
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in {"Problem", "Pattern", "Rule"}:
                for keyword in node.keywords:
                    if keyword.arg == "code":
                        yield from _strings(keyword.value)
            if name in _MAKERS and node.args:
                yield from _strings(node.args[0])
            if name in _PLACED_MAKERS and len(node.args) > 1:
                yield from _strings(node.args[1])
        elif isinstance(node, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
                yield from _strings(node.value)
        elif isinstance(node, ast.FunctionDef) and node.returns is not None:
            if ast.unparse(node.returns) != "tuple[str, str]":
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and isinstance(inner.value, ast.Tuple):
                    yield from _strings(inner.value.elts[0])


def reportable_codes() -> set[str]:
    """Every code the library can report, found by a scan of its source."""
    codes: set[str] = set()
    for path in sorted(SOURCE.rglob("*.py")):
        codes.update(_codes_in(ast.parse(path.read_text("utf-8"))))
    # The map of schema keywords to codes is data, not calls.
    return codes | set(schema.KEYWORD_CODES.values())


def page_sections() -> dict[str, str]:
    """The sections of the error-code page, by the code each is headed with."""
    parts = re.split(r"^### `([a-z0-9_]+)`\n", ERRORS_PAGE.read_text("utf-8"), flags=re.M)
    return {
        code: re.split(r"^## ", text, flags=re.M)[0]
        for code, text in zip(parts[1::2], parts[2::2], strict=True)
    }


def test_the_scan_finds_the_codes_the_library_lists_itself() -> None:
    """The source scan finds the code of every rule, pattern and schema location, so that it
    is not blind to a way of writing a code."""
    listed = {rule.code for rule in rules.RULES}
    listed |= {pattern.code for pattern in vars(_scalars).values() if isinstance(pattern, Pattern)}
    listed |= set(schema.error_codes().values())
    assert listed <= reportable_codes(), listed - reportable_codes()


def test_the_error_page_lists_exactly_the_codes_the_library_reports() -> None:
    """docs/errors.md has a section for every code the source can report, and for no other:
    a new code fails this test until it is documented."""
    assert set(page_sections()) == reportable_codes()


def test_every_code_has_an_example_that_reports_it() -> None:
    """Each code's section has a ``>>>`` example whose output shows that code (the examples
    run in tests/test_docs.py)."""
    parser = doctest.DocTestParser()
    without = [
        code
        for code, text in page_sections().items()
        if not any(
            f"[{code}]" in example.want or f"'{code}'" in example.want
            for example in parser.get_examples(text)
        )
    ]
    assert without == []


def test_every_code_states_the_severity_it_has() -> None:
    """Each section opens with the code's severity: a rule's own, ``warning`` for what a
    conversion leaves out, and ``error`` for every other code."""
    severity = {rule.code: rule.severity for rule in rules.RULES}
    severity |= {"not_exported": "warning", "not_imported": "warning"}
    stated = {code: text.strip().partition(".*")[0] for code, text in page_sections().items()}
    expected = {code: "*" + severity.get(code, "error") for code in stated}
    assert stated == expected


# -- the guides' code that is not a doctest is Python at least ---------------------------


@pytest.mark.parametrize("page", ["property-testing.md", "why.md"])
def test_the_guides_listings_are_python(page: str) -> None:
    """Every ``python`` listing on a guide that is not a ``>>>`` example (those run in
    tests/test_docs.py) is valid Python, as a reader would paste it."""
    text = (ROOT / "docs" / page).read_text("utf-8")
    listings = re.findall(r"^```python\n(.*?)^```", text, flags=re.M | re.S)
    for listing in listings:
        if not listing.startswith(">>>"):
            ast.parse(listing)


def test_the_measured_figures_on_why_are_the_readmes() -> None:
    """Every figure docs/why.md gives (a count with a thousands separator, a decimal, a
    ratio) is one README.md's Performance section records: none is made up or left stale."""
    readme = (ROOT / "README.md").read_text("utf-8")
    performance = readme[readme.index("## Performance") :]
    performance = performance[: performance.index("\n## ", 1)]
    why = (ROOT / "docs" / "why.md").read_text("utf-8")
    figures = why[why.index("## What it costs") :]
    cited = set(re.findall(r"\d[\d,]*\.\d+×?|\d{1,3}(?:,\d{3})+|\d+×|\d+\.\d+–\d+\.\d+×", figures))
    assert cited, "no figure found: the pattern no longer matches the page"
    assert sorted(f for f in cited if f not in performance) == []
