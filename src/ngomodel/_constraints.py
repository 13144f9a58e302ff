"""Constraint markers carried in ``typing.Annotated`` field types.

Every rule that a single payload must satisfy is attached to a field's type as
one of these markers. The same marker drives three things, so that they cannot
drift apart:

* the attrs validator that checks objects built in Python,
* the cattrs structure hook that checks JSON loaded by :func:`ngomodel.loads`,
* the JSON Schema fragment written by :mod:`ngomodel.schema`.

A marker's :meth:`check` returns ``None`` when a value passes, or a
``(code, message)`` pair naming the rule it broke.
"""

from __future__ import annotations

import math
import re
from typing import Any

import attrs

from ngomodel.codelists import get

__all__ = [
    "SURROGATE_MESSAGE",
    "Constraint",
    "InCodelist",
    "MinItems",
    "Pattern",
    "Range",
    "lone_surrogate",
]

#: Appended to an anchored pattern so that it ends at the end of the string in every
#: regex dialect: Python's ``$`` also matches before a final newline, ECMAScript's
#: and Rust's do not.
END = r"$(?!\n)"


def lone_surrogate(text: str) -> bool:
    """Whether *text* holds a lone surrogate, so that it is not Unicode text at all.

    JSON can smuggle one in as an escape (``"\\ud800"``); no UTF-8 document can
    carry it, so no model object may hold it.
    """
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


SURROGATE_MESSAGE = "the text holds a lone surrogate, which is not a Unicode character"


class Constraint:
    """Base class of the markers; subclasses implement :meth:`check` and :meth:`schema`."""

    def check(self, value: Any) -> tuple[str, str] | None:  # pragma: no cover - abstract
        """Return ``None`` if *value* passes, else ``(code, message)``."""
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:  # pragma: no cover - abstract
        """Return the JSON Schema keywords that express this constraint."""
        raise NotImplementedError


@attrs.frozen
class InCodelist(Constraint):
    """The value is a code of the named codelist (see :mod:`ngomodel.codelists`).

    Attributes:
        name: The codelist's name, e.g. ``"country"``.
    """

    name: str

    def check(self, value: Any) -> tuple[str, str] | None:
        if value in get(self.name):
            return None
        return ("unknown_code", f"{value!r} is not a code of the {self.name!r} codelist")

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"codelists/{self.name}.schema.json"}


@attrs.frozen
class Pattern(Constraint):
    """The string matches a regular expression, searched as JSON Schema ``pattern`` is.

    The expression reads the same in Python's ``re``, ECMAScript and fancy-regex
    (jsonschema-rs's default engine), and it is applied with :func:`re.search`
    exactly as python-jsonschema applies ``pattern``, so loader and schema agree.

    Attributes:
        name: Name of the string type, used as its ``$defs`` key.
        regex: The expression.
        code: Error code reported when the value does not match.
        explanation: What a matching value looks like, for error messages.
        description: Documentation of the string type, for the schema.
    """

    name: str
    regex: str
    code: str
    explanation: str
    description: str
    _compiled: re.Pattern[str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_compiled", re.compile(self.regex))

    def check(self, value: Any) -> tuple[str, str] | None:
        if self._compiled.search(value) is not None:
            return None
        return (self.code, f"{value!r} is not {self.explanation}")

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.name}"}

    def definition(self) -> dict[str, Any]:
        """Return the ``$defs`` entry for this string type."""
        return {
            "title": self.name,
            "description": self.description,
            "type": "string",
            "pattern": self.regex,
        }


@attrs.frozen
class Range(Constraint):
    """A number lies within inclusive bounds.

    Attributes:
        minimum: The smallest allowed value, or ``None``.
        maximum: The largest allowed value, or ``None``.
    """

    minimum: int | None = None
    maximum: int | None = None

    def check(self, value: Any) -> tuple[str, str] | None:
        if isinstance(value, float) and not math.isfinite(value):
            return ("not_finite", f"{value!r} is not a finite number")
        if self.minimum is not None and value < self.minimum:
            return ("too_small", f"{value!r} is less than the minimum of {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            return ("too_large", f"{value!r} is greater than the maximum of {self.maximum}")
        return None

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


@attrs.frozen
class MinItems(Constraint):
    """A list holds at least *count* items.

    Attributes:
        count: The smallest allowed length.
    """

    count: int

    def check(self, value: Any) -> tuple[str, str] | None:
        if len(value) >= self.count:
            return None
        noun = "item" if self.count == 1 else "items"
        return ("too_few_items", f"expected at least {self.count} {noun}, got {len(value)}")

    def schema(self) -> dict[str, Any]:
        return {"minItems": self.count}
