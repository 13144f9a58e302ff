"""The fast path of the loader: one generated function per model class.

The reference loader (:mod:`ngomodel.converter`, built on cattrs) checks a
payload field by field and collects every problem with its path. That is what a
user wants to see for invalid data, but valid data needs none of that
bookkeeping. So each model class also gets a function generated from the very
same analysis (:func:`ngomodel._model.field_infos` and the constraint markers),
straight-line code that either returns the object or gives up at the first
thing it does not like, by raising :class:`Reject`.

The fast path is only ever an optimisation of the reference path: the loader
tries it first and, when it gives up, runs the reference path on the same data.
It must therefore never accept what the reference path rejects, nor build a
different object; the test suite checks both over generated valid and mutated
invalid payloads. Problems are always reported by the reference path, so error
reports are the same whichever path ran.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from ngomodel import codelists
from ngomodel._codegen import CodeGen
from ngomodel._constraints import InCodelist, MinItems, Pattern, Range, lone_surrogate
from ngomodel._model import TypeInfo, field_infos
from ngomodel._values import AMOUNT, DATE, LANGUAGE_TAG, TEXT, LocalizedText, PartialDate

__all__ = ["Reject", "loader_for"]


class Reject(Exception):
    """The fast path gives up on a payload; the reference path will judge it."""


_MISSING = object()
_LOADERS: dict[type, Callable[[Any], Any]] = {}


_new = object.__new__
_set = object.__setattr__


def _date(text: str) -> PartialDate:
    """Build a PartialDate from text that already matched the (calendar-exact) pattern."""
    date = _new(PartialDate)
    _set(date, "year", int(text[:4]))
    _set(date, "month", int(text[5:7]) if len(text) > 4 else None)
    _set(date, "day", int(text[8:10]) if len(text) > 7 else None)
    _set(date, "_text", text)
    return date


def _rules(obj: Any) -> Any:
    """Apply the class rules of *obj*; reject it if it breaks one."""
    for rule in type(obj).__ngomodel_rules__:
        for _ in rule.check(obj):
            raise Reject
    return obj


def _localized(value: Any) -> LocalizedText:
    if type(value) is not dict or not value:
        raise Reject
    tag, text = LANGUAGE_TAG._compiled.search, TEXT._compiled.search
    for key, item in value.items():
        if type(item) is not str or tag(key) is None or text(item) is None:
            raise Reject
        if not item.isascii() and lone_surrogate(item):
            raise Reject
    return LocalizedText._checked(value)


class _Compiler(CodeGen):
    """Writes the source of one class's loader, with its constants in a namespace."""

    def __init__(self) -> None:
        super().__init__(
            {
                "Reject": Reject,
                "MISSING": _MISSING,
                "isfinite": math.isfinite,
                "Decimal": Decimal,
                "date": _date,
                "localized": _localized,
                "AMOUNT": AMOUNT._compiled.search,
                "DATE": DATE._compiled.search,
                "new": _new,
                "set": _set,
                "rules": _rules,
                "lone": lone_surrogate,
            }
        )

    def check(self, info: TypeInfo, lines: list[str], pad: str) -> None:
        """Append lines that check `v` against *info* and leave the converted value in `v`."""
        if info.optional:
            lines.append(f"{pad}if v is None: raise Reject")
        base = info.base
        if base is str:
            lines.append(f"{pad}if type(v) is not str: raise Reject")
            lines.append(f"{pad}if not v.isascii() and lone(v): raise Reject")
            if info.literals is not None:
                allowed = self.constant(frozenset(info.literals))
                lines.append(f"{pad}if v not in {allowed}: raise Reject")
        elif base is bool:
            lines.append(f"{pad}if type(v) is not bool: raise Reject")
        elif base is int:
            lines.append(f"{pad}if type(v) is not int:")
            lines.append(
                f"{pad}    if type(v) is float and isfinite(v) and v.is_integer(): v = int(v)"
            )
            lines.append(f"{pad}    else: raise Reject")
        elif base is float:
            lines.append(f"{pad}if type(v) is float:")
            lines.append(f"{pad}    if not isfinite(v): raise Reject")
            lines.append(f"{pad}elif type(v) is not int: raise Reject")
        elif base is Decimal:
            lines.append(f"{pad}if type(v) is not str or AMOUNT(v) is None: raise Reject")
            lines.append(f"{pad}v = Decimal(v)")
            return
        elif base is PartialDate:
            lines.append(f"{pad}if type(v) is not str or DATE(v) is None: raise Reject")
            lines.append(f"{pad}v = date(v)")
            return
        elif base is LocalizedText:
            lines.append(f"{pad}v = localized(v)")
            return
        elif base is tuple:
            assert info.item is not None
            item = self.constant(self.item_function(info.item))
            lines.append(f"{pad}if type(v) is not list: raise Reject")
            lines.append(f"{pad}v = tuple([{item}(x) for x in v])")
        else:
            lines.append(f"{pad}v = {self.constant(loader_for(base))}(v)")
            return
        for constraint in info.constraints:
            if isinstance(constraint, InCodelist):
                codes = self.constant(frozenset(c.code for c in codelists.get(constraint.name)))
                lines.append(f"{pad}if v not in {codes}: raise Reject")
            elif isinstance(constraint, Pattern):
                search = self.constant(constraint._compiled.search)
                lines.append(f"{pad}if {search}(v) is None: raise Reject")
            elif isinstance(constraint, Range):
                if constraint.minimum is not None:
                    lines.append(f"{pad}if v < {constraint.minimum!r}: raise Reject")
                if constraint.maximum is not None:
                    lines.append(f"{pad}if v > {constraint.maximum!r}: raise Reject")
            elif isinstance(constraint, MinItems):
                lines.append(f"{pad}if len(v) < {constraint.count}: raise Reject")
            else:  # pragma: no cover - a new marker must be taught to the fast path
                raise TypeError(f"the fast path does not know {constraint!r}")

    def item_function(self, info: TypeInfo) -> Callable[[Any], Any]:
        if attrs.has(info.base) and info.base is not PartialDate and not info.constraints:
            return loader_for(info.base)
        lines = ["def item(v):"]
        self.check(info, lines, "    ")
        lines.append("    return v")
        return self.build(lines, "item", "fast loader item")


def _compile(cls: type) -> Callable[[Any], Any]:
    """Generate the loader of *cls*: it builds the object without running ``__init__``.

    Every field is checked here, as the reference path's hooks check it, so the
    constructor's own check would only repeat the work; the class rules, which
    look at the finished object, run at the end.
    """
    compiler = _Compiler()
    fields = field_infos(cls)
    keys = compiler.constant(frozenset(name for name, _ in fields))
    target = compiler.constant(cls)
    lines = [
        "def load(d):",
        "    if type(d) is not dict: raise Reject",
        f"    if not d.keys() <= {keys}: raise Reject",
        f"    o = new({target})",
    ]
    defaults = {a.name: a.default for a in attrs.fields(cls)}
    for name, info in fields:
        default = defaults[name]
        lines.append(f"    v = d.get({name!r}, MISSING)")
        if default is attrs.NOTHING:
            lines.append("    if v is MISSING: raise Reject")
            compiler.check(info, lines, "    ")
        else:
            lines.append("    if v is MISSING:")
            lines.append(f"        v = {compiler.constant(default)}")
            lines.append("    else:")
            compiler.check(info, lines, "        ")
        lines.append(f"    set(o, {name!r}, v)")
    for attribute in attrs.fields(cls):
        if not attribute.init:  # e.g. a lazily built index: starts at its default
            lines.append(f"    set(o, {attribute.name!r}, {compiler.constant(attribute.default)})")
    if getattr(cls, "__ngomodel_rules__", ()):
        lines.append("    rules(o)")
    lines.append("    return o")
    return compiler.build(lines, "load", f"fast loader {cls.__name__}")


def loader_for(cls: type) -> Callable[[Any], Any]:
    """Return the fast-path loader of a model class, generating it on first use.

    Args:
        cls: A model class.

    Returns:
        A function of the plain JSON value that returns the object or raises
        :class:`Reject` (or :class:`~ngomodel.ValidationError`, from a class rule).
    """
    loader = _LOADERS.get(cls)
    if loader is None:
        # A placeholder that defers to the finished loader lets classes nest themselves.
        _LOADERS[cls] = lambda value: _LOADERS[cls](value)
        try:
            loader = _compile(cls)
        except BaseException:
            del _LOADERS[cls]  # leave no placeholder behind to call itself
            raise
        _LOADERS[cls] = loader
    return loader
