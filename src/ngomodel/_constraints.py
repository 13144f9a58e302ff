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
    "LINE_FEED",
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

#: Ends every anchored pattern. Python's ``$`` matches at the end of the string and also
#: before a final line feed; ECMAScript's, the Rust ``regex`` crate's and RE2's only at the
#: end. Taking any run of line feeds before ``$``, a pattern gives the same verdict in all
#: four; a type whose values hold no line feed refuses them apart (:data:`LINE_FEED`).
END = r"\n*$"
#: The expression that finds a line feed. A type that refuses line feeds (a
#: :class:`Pattern` without ``line_feeds``) says ``"not": {"type": "string", "pattern":
#: LINE_FEED}`` beside its ``pattern`` in the schema; the loader checks the same.
LINE_FEED = r"\n"


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

    The expression is portable: it compiles, and gives the same verdict on every string,
    in Python's ``re`` (python-jsonschema), ECMAScript with the ``u`` flag (ajv), the Rust
    ``regex`` crate (jsonschema-rs with ``RegexOptions``, pydantic) and RE2. So it has no
    look-around, no backreference, no ``\\s``, ``\\d`` or ``\\w`` (whose meanings differ),
    no ``\\u`` or ``\\x{…}`` escape (a character outside ASCII is written as itself), and
    an anchored one ends in ``\\n*$``, which takes trailing line feeds. Unless
    *line_feeds* is true, a value holds no line feed at all, which the schema says with
    ``"not": {"type": "string", "pattern": LINE_FEED}``. :meth:`problem` gives the
    schema's verdict: no line feed where none is allowed, then the expression applied
    with :func:`re.search`, as python-jsonschema applies ``pattern``.

    Attributes:
        name: Name of the string type, used as its ``$defs`` key.
        regex: The expression.
        code: Error code reported when the value does not match.
        explanation: What a matching value looks like, for error messages.
        description: Documentation of the string type, for the schema.
        max_length: The most characters (code points, as JSON Schema's ``maxLength``
            counts them) a value may have, or ``None``; checked before the expression.
        line_feeds: Whether a value may hold a line feed (``"\\n"``).
    """

    name: str
    regex: str
    code: str
    explanation: str
    description: str
    max_length: int | None = None
    line_feeds: bool = False
    _compiled: re.Pattern[str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_compiled", re.compile(self.regex))

    def matches(self, text: str) -> bool:
        """Whether *text* holds no line feed (unless allowed) and the expression finds a match.

        >>> from ngomodel._scalars import ID
        >>> ID.matches("org-1"), ID.matches("org-1\\n"), ID.matches("org 1")
        (True, False, False)
        """
        return (self.line_feeds or "\n" not in text) and self._compiled.search(text) is not None

    def problem(self, text: str) -> Problem | None:
        """Return what is wrong with *text* (too long, or not matching), or ``None``."""
        if self.max_length is not None and len(text) > self.max_length:
            return Problem(
                path="", code="too_long", message=too_long_message(text, self.max_length)
            )
        if self.matches(text):
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
