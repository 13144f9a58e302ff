"""Constraint markers carried in ``typing.Annotated`` field types.

Every rule that a single value must satisfy is attached to a field's type as one
of these markers. They are declarations only: :func:`ngomodel.inspect.type_info`
reads them into the description of the field's type, and every consumer (the
constructors' check, both loaders, the dumpers, the schema generator, the
strategies) works from that description, never from the markers themselves.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

import attrs

from ngomodel.errors import Problem, brief

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
    "Refers",
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
    """Base class of the markers: what :func:`ngomodel.inspect.type_info` reads."""


@attrs.frozen
class InCodelist(Constraint):
    """The value is a code of the named codelist (see :mod:`ngomodel.codelists`).

    Attributes:
        name: The codelist's name, e.g. ``"country"``.
    """

    name: str


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

    def problem(self, text: str) -> Problem | None:
        """Return what is wrong with *text* (too long, or not matching), or ``None``."""
        if self.max_length is not None and len(text) > self.max_length:
            return Problem(
                path="", code="too_long", message=too_long_message(text, self.max_length)
            )
        if self._compiled.search(text) is not None:
            return None
        return Problem(path="", code=self.code, message=f"{brief(text)} is not {self.explanation}")


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
class Refers(Constraint):
    """The id names an entity of the given kind elsewhere in the same dataset.

    Attributes:
        kind: The kind of entity: ``"organization"`` (an organization or a network),
            ``"network"``, ``"person"``, ``"agreement"``, ``"program"``, or
            ``"location"`` (a location of the same program).
    """

    kind: str


@attrs.frozen
class MinItems(Constraint):
    """A list holds at least *count* items.

    Attributes:
        count: The smallest allowed length.
    """

    count: int
