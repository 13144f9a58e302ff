"""The error type for invalid data, and the record of one problem.

Every layer that can find a problem with data (the JSON reader, the loader,
the constructors of the model classes, schema validation) reports it as a
:class:`Problem` with a JSON Pointer (RFC 6901) path, a stable code and a
message, and raises all the problems it found together in one
:class:`ValidationError`.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Iterable
from typing import Any, Literal

import attrs

__all__ = [
    "BRIEF_LENGTH",
    "SHOWN_PROBLEMS",
    "Problem",
    "Severity",
    "ValidationError",
    "brief",
    "escape_pointer",
    "json_kind",
]

#: How serious a problem is; ``error`` makes data invalid, ``warning`` does not.
Severity = Literal["error", "warning"]

#: The longest rendering of a value in a message, in characters.
BRIEF_LENGTH = 60
#: Integers up to this many digits are written out in messages; longer ones are described.
_SHORT_DIGITS = 20
_SHORT_BOUND = 10**_SHORT_DIGITS
#: How many problems the text of a :class:`ValidationError` lists (``errors`` keeps them all).
SHOWN_PROBLEMS = 20
#: Paths longer than this are shortened in the text of a problem (``path`` keeps all of it).
_SHOWN_PATH = 200
#: How the text shows the whole document's path, ``""``: no JSON Pointer looks like it.
_ROOT_SHOWN = "(root)"


def _digit_count(magnitude: int) -> str:
    """Count the decimal digits of a non-negative integer of any size, cheaply.

    Writing an integer out is quadratic in its length (Python refuses beyond 4,300
    digits), and a power of ten to compare it with costs seconds at millions of
    digits; the bit length bounds the count to one of two neighbours, which are
    told apart by one comparison when that is cheap, and called "about" when not.
    """
    bits = magnitude.bit_length()
    low = int((bits - 1) * math.log10(2)) + 1  # 2**(bits-1) <= magnitude
    high = int(bits * math.log10(2)) + 1  # magnitude < 2**bits
    if low == high:
        return str(low)
    if bits <= 100_000:
        return str(low + (magnitude >= 10**low))
    return f"about {high}"


class _Brief(reprlib.Repr):
    """reprlib with ngomodel's rule for integers, and nothing long built first."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 2
        self.maxstring = BRIEF_LENGTH
        self.maxother = BRIEF_LENGTH
        for name in ("maxtuple", "maxlist", "maxdict", "maxset", "maxfrozenset", "maxdeque"):
            setattr(self, name, 4)

    def repr_int(self, x: int, level: int) -> str:
        return brief(x)

    def repr_instance(self, x: Any, level: int) -> str:
        try:
            return _cut(repr(x))
        except Exception:  # noqa: BLE001 - any value at all must be renderable
            return f"<{_cut(type(x).__name__)} object>"


_BRIEF = _Brief()


def brief(value: Any) -> str:
    """Render any value for a message: short, never raising, never slow.

    Strings are cut before they are quoted, so a 100 MB string costs no more than a
    short one. Integers of more than 20 digits are described by their length (an
    integer of over 4,300 digits cannot even be written out by ``repr``). Other
    values go through :mod:`reprlib`; a ``__repr__`` that raises is not called twice.

    Args:
        value: Anything.

    Returns:
        At most about 60 characters.

    >>> brief("Spring of Happiness")
    "'Spring of Happiness'"
    >>> brief("x" * 10**8)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (100000000 characters)"
    >>> brief(-(10**5000)), brief(2**53)
    ('a negative integer of 5001 digits', '9007199254740992')
    """
    # A subclass of str or int is read through the base class's own methods: its
    # __repr__, __len__ or __getitem__ may be anything.
    if isinstance(value, str):
        size = str.__len__(value)
        if size <= BRIEF_LENGTH:
            text = repr(str.__str__(value))
            if len(text) <= BRIEF_LENGTH + 2:
                return text
        text = repr(str.__getitem__(value, slice(BRIEF_LENGTH)))[: BRIEF_LENGTH - 3]
        return f"{text}... ({size} characters)"
    if isinstance(value, int) and not isinstance(value, bool):
        number = int.__int__(value)
        if -_SHORT_BOUND < number < _SHORT_BOUND:
            return str(number)
        sign = "a negative" if number < 0 else "an"
        return f"{sign} integer of {_digit_count(abs(number))} digits"
    try:
        text = _BRIEF.repr(value)
    except Exception:  # noqa: BLE001 - any value at all must be renderable
        return f"<{_cut(type(value).__name__)} object>"
    return _cut(text)


def _cut(text: str, length: int = BRIEF_LENGTH) -> str:
    """Cut *text* to about *length* characters, marking the cut."""
    return text if len(text) <= length else text[: length - 3] + "..."


def escape_pointer(segment: str) -> str:
    """Escape one JSON Pointer reference token (RFC 6901, section 4).

    Args:
        segment: A key or an index as text.

    Returns:
        The token with ``~`` and ``/`` escaped.

    >>> escape_pointer("a/b~c")
    'a~1b~0c'
    """
    return segment.replace("~", "~0").replace("/", "~1")


@attrs.frozen(kw_only=True)
class Problem:
    """One problem found in a payload or an object.

    Attributes:
        path: JSON Pointer to the offending value; ``""`` is the whole document.
        code: A stable, machine-readable code such as ``wrong_type`` or ``unknown_key``.
        message: A sentence for people.
        severity: ``error`` or ``warning``.
        line: For problems found in a file, the line (from 1) where it can be had.
        column: For problems found in a file, the column (from 1) where it can be had.
        where: For problems found in a source that is not ngomodel JSON, where in it, in
            that format's own terms: an XPath for IATI XML. ``path`` is then the JSON
            Pointer of the value in ngomodel's JSON (``""`` when it has none), and the
            reports for people show ``where`` in its place.
    """

    path: str
    code: str
    message: str
    severity: Severity = "error"
    line: int | None = None
    column: int | None = None
    where: str | None = None

    def within(self, segment: str) -> Problem:
        """Return this problem as seen from the parent of the value it is about.

        Args:
            segment: The key or index of the value inside its parent (unescaped).

        Returns:
            A copy whose path starts with ``/segment``.

        >>> Problem(path="/0", code="c", message="m").within("names").path
        '/names/0'
        """
        # Every field but the path, as attrs.evolve would copy them, without its cost
        # (an invalid record's problems are moved up once per level they pass).
        return type(self)(
            path=f"/{escape_pointer(segment)}{self.path}",
            code=self.code,
            message=self.message,
            severity=self.severity,
            line=self.line,
            column=self.column,
            where=self.where,
        )

    @property
    def shown_path(self) -> str:
        """The path as reports for people show it, the whole document as ``(root)``.

        Any other path is shown as the JSON Pointer it is. The whole document's pointer is
        ``""``, which a line of text cannot show; ``/`` is the pointer of the key ``""``.

        A problem of a source in another format shows where it is in that format's terms.

        >>> Problem(path="", code="c", message="m", where="/iati-activity[2]").shown_path
        '/iati-activity[2]'
        >>> Problem(path="", code="c", message="m").shown_path
        '(root)'
        >>> Problem(path="/names/0", code="c", message="m").shown_path
        '/names/0'
        """
        if self.where is not None:
            return self.where
        return self.path or _ROOT_SHOWN

    def __str__(self) -> str:
        where = "" if self.line is None else f"line {self.line}: "
        if self.line is not None and self.column is not None:  # XML elements have no column
            where = f"line {self.line}, column {self.column}: "
        path = self.shown_path
        if len(path) > _SHOWN_PATH:  # a key can be any length; the text stays readable
            half = _SHOWN_PATH // 2
            path = f"{path[:half]}...{path[-half:]}"
        return f"{where}{path}: {self.message} [{self.code}]"


def json_kind(value: Any) -> str:
    """Name the JSON kind of a value, as messages call it: ``"integer"``, ``"array"``…

    >>> json_kind(True), json_kind(2.5), json_kind(None)
    ('boolean', 'number', 'null')
    """
    return _JSON_KINDS.get(type(value), type(value).__name__)


_JSON_KINDS = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    dict: "object",
    list: "array",
    tuple: "array",
    type(None): "null",
}


class ValidationError(ValueError):
    """Invalid data: carries every problem found, not just the first.

    Its text lists the first 20 problems and counts the rest; ``errors`` holds
    them all.

    Attributes:
        errors: The problems, in the order they were found.

    >>> from ngomodel import loads, Source
    >>> try:
    ...     loads('{"title": ""}', type=Source)
    ... except ValidationError as error:
    ...     print(error.errors[0])
    /title: '' is not a text with at least one non-space character [empty_text]
    """

    errors: tuple[Problem, ...]

    def __init__(self, errors: Iterable[Problem]) -> None:
        self.errors = tuple(errors)
        super().__init__()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.errors!r})"

    def __str__(self) -> str:
        # Written when asked for: a caller that reads ``errors`` (the bulk validator
        # meets thousands of invalid records) never pays for the text.
        return self._summary()

    def _summary(self) -> str:
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''} found"
        lines = [head, *(f"  {p}" for p in self.errors[:SHOWN_PROBLEMS])]
        if count > SHOWN_PROBLEMS:
            lines.append(f"  ... and {count - SHOWN_PROBLEMS} more")
        return "\n".join(lines)

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.errors,))
