"""The public surface: what ``ngomodel`` exports, and that it is documented."""

from __future__ import annotations

import inspect

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
