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
import sys
from collections.abc import Iterable
from typing import Any

import attrs

from ngomodel.codelists import get
from ngomodel.errors import brief

__all__ = [
    "FLOAT_MAX",
    "INTEGER_RANGE",
    "NUMBER_RANGE",
    "SAFE_INTEGER",
    "SURROGATE_MESSAGE",
    "Constraint",
    "InCodelist",
    "MinItems",
    "Pattern",
    "Range",
    "lone_surrogate",
    "tightest",
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
        return ("unknown_code", f"{brief(value)} is not a code of the {self.name!r} codelist")

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
        max_length: The most characters (code points, as JSON Schema's ``maxLength``
            counts them) a value may have, or ``None``; checked before the expression.
    """

    name: str
    regex: str
    code: str
    explanation: str
    description: str
    max_length: int | None = None
    _compiled: re.Pattern[str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_compiled", re.compile(self.regex))

    def check(self, value: Any) -> tuple[str, str] | None:
        if self.max_length is not None and len(value) > self.max_length:
            return ("too_long", too_long_message(value, self.max_length))
        if self._compiled.search(value) is not None:
            return None
        return (self.code, f"{brief(value)} is not {self.explanation}")

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.name}"}

    def definition(self) -> dict[str, Any]:
        """Return the ``$defs`` entry for this string type."""
        out: dict[str, Any] = {
            "title": self.name,
            "description": self.description,
            "type": "string",
            "pattern": self.regex,
        }
        if self.max_length is not None:
            out["maxLength"] = self.max_length
        return out


def too_long_message(value: str, max_length: int) -> str:
    """The message for a string longer than *max_length* characters (loader and schema)."""
    return f"{brief(value)} is longer than the maximum of {max_length} characters"


#: The largest integer every JSON reader holds exactly: I-JSON (RFC 7493) and
#: JavaScript's ``Number.MAX_SAFE_INTEGER``. Integer fields stay within plus or minus it.
SAFE_INTEGER = 2**53 - 1
#: The largest finite 64-bit float. Number fields stay within plus or minus it, so that
#: every reader can hold them as a double (a larger JSON number reads as infinity).
FLOAT_MAX = sys.float_info.max


@attrs.frozen
class Range(Constraint):
    """A number lies within inclusive bounds.

    Every integer and number field has one (see :data:`INTEGER_RANGE` and
    :data:`NUMBER_RANGE`), even when its annotation declares none.

    Attributes:
        minimum: The smallest allowed value, or ``None``.
        maximum: The largest allowed value, or ``None``.
    """

    minimum: int | float | None = None
    maximum: int | float | None = None

    def check(self, value: Any) -> tuple[str, str] | None:
        # Python compares an int of any size with a float exactly, so no bound is
        # ever crossed by a rounding: 2**1024 is greater than FLOAT_MAX, as it should be.
        if isinstance(value, float) and not math.isfinite(value):
            return ("not_finite", f"{brief(value)} is not a finite number")
        if self.minimum is not None and value < self.minimum:
            return ("too_small", f"{brief(value)} is less than the minimum of {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            return ("too_large", f"{brief(value)} is greater than the maximum of {self.maximum}")
        return None

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


#: The bounds of every integer field: JSON integers that every reader holds exactly.
INTEGER_RANGE = Range(minimum=-SAFE_INTEGER, maximum=SAFE_INTEGER)
#: The bounds of every number field: numbers a 64-bit float holds.
NUMBER_RANGE = Range(minimum=-FLOAT_MAX, maximum=FLOAT_MAX)


def tightest(ranges: Iterable[Range]) -> Range:
    """Combine ranges into the one range that lies within all of them.

    >>> tightest([Range(minimum=0), INTEGER_RANGE])
    Range(minimum=0, maximum=9007199254740991)
    """
    given = list(ranges)
    minimums = [r.minimum for r in given if r.minimum is not None]
    maximums = [r.maximum for r in given if r.maximum is not None]
    return Range(
        minimum=max(minimums) if minimums else None,
        maximum=min(maximums) if maximums else None,
    )


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
