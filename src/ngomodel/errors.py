"""The error type for invalid data, and the record of one problem.

Every layer that can find a problem with data (the JSON reader, the loader,
the constructors of the model classes, schema validation) reports it as a
:class:`Problem` with a JSON Pointer (RFC 6901) path, a stable code and a
message, and raises all the problems it found together in one
:class:`ValidationError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import attrs

__all__ = ["Problem", "Severity", "ValidationError", "escape_pointer"]

#: How serious a problem is; ``error`` makes data invalid, ``warning`` does not.
Severity = Literal["error", "warning"]


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
    """

    path: str
    code: str
    message: str
    severity: Severity = "error"
    line: int | None = None
    column: int | None = None

    def within(self, segment: str) -> Problem:
        """Return this problem as seen from the parent of the value it is about.

        Args:
            segment: The key or index of the value inside its parent (unescaped).

        Returns:
            A copy whose path starts with ``/segment``.

        >>> Problem(path="/0", code="c", message="m").within("names").path
        '/names/0'
        """
        return attrs.evolve(self, path=f"/{escape_pointer(segment)}{self.path}")

    def __str__(self) -> str:
        where = "" if self.line is None else f"line {self.line}, column {self.column}: "
        return f"{where}{self.path or '/'}: {self.message} [{self.code}]"


class ValidationError(ValueError):
    """Invalid data: carries every problem found, not just the first.

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
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''} found"
        return "\n".join([head, *(f"  {p}" for p in self.errors)])

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.errors,))
