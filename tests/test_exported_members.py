"""The public surface: what ``ngomodel`` exports, and that it is documented."""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
from pathlib import Path
from typing import Any

import pytest

import ngomodel


def test_all_is_sorted_and_complete() -> None:
    """``__all__`` is sorted and names exactly the public objects of the package."""
    assert ngomodel.__all__ == sorted(ngomodel.__all__)
    public = {
        name
        for name, value in vars(ngomodel).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public == set(ngomodel.__all__)


def test_exports_come_from_their_home() -> None:
    """Every exported class and function lives in an ngomodel module."""
    for name in ngomodel.__all__:
        value = getattr(ngomodel, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__.startswith("ngomodel."), name


def test_everything_public_is_documented() -> None:
    """Every exported class and function has a docstring; model classes list Attributes."""
    for name in ngomodel.__all__:
        value = getattr(ngomodel, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), name
        if inspect.isclass(value) and hasattr(value, "__attrs_attrs__"):
            assert "Attributes:" in (value.__doc__ or ""), name


#: The public modules: each is documented with ``automodule`` in docs/api.md.
PUBLIC_MODULES = (
    "ngomodel.cli",
    "ngomodel.codelists",
    "ngomodel.codes",
    "ngomodel.conversion",
    "ngomodel.converter",
    "ngomodel.distributed",
    "ngomodel.errors",
    "ngomodel.extensions",
    "ngomodel.iati",
    "ngomodel.inspect",
    "ngomodel.migration",
    "ngomodel.mypy",
    "ngomodel.parquet",
    "ngomodel.popolo",
    "ngomodel.rules",
    "ngomodel.schema",
    "ngomodel.strategies",
    "ngomodel.tables",
    "ngomodel.typescript",
    "ngomodel.validation",
)


def _defined_names(module: Any) -> set[str]:
    """The public names a module defines at its top level (functions, classes, constants)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {name for name in names if not name.startswith("_")}


def _isort_style(name: str) -> tuple[int, str]:
    """The order ruff keeps ``__all__`` in: constants, then classes, then the rest."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_public_modules_export_exactly_what_they_define(name: str) -> None:
    """A public module's ``__all__`` is sorted and names every public name it defines.

    A name defined without an underscore but left out of ``__all__`` would be public
    in fact and undocumented (autodoc renders ``__all__``). A name in ``__all__`` that
    the module does not define must come from a private module (as ``Pattern`` comes
    to ``ngomodel.inspect``): a public module's names are documented in one place.
    """
    module = importlib.import_module(name)
    assert list(module.__all__) == sorted(module.__all__, key=_isort_style)
    defined = _defined_names(module)
    assert defined <= set(module.__all__), defined - set(module.__all__)
    for member in set(module.__all__) - defined:
        if not hasattr(getattr(module, member), "__module__"):
            continue  # data such as ngomodel.iati.MAPPING: documented by py:data in api.md
        home = getattr(module, member).__module__
        if home in ("typing", "builtins"):  # a type alias: its home is where it is defined
            home = next(m for m in ("ngomodel._codes",) if member in vars(sys.modules[m]))
        # A private module: ngomodel._codes, or one inside a public package (ngomodel.iati._export).
        private = home.startswith("ngomodel.") and home.split(".")[-1].startswith("_")
        assert private, f"{name}.{member} is documented in {home}"


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_public_modules_are_documented(name: str) -> None:
    """Every public module has its page section, and every name it exports a docstring."""
    api = (Path(__file__).parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    assert f".. automodule:: {name}\n" in api
    module = importlib.import_module(name)
    for member in module.__all__:
        value = getattr(module, member)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), f"{name}.{member}"
