"""What a conversion between ngomodel and another format gives: a result and its problems.

Converting never invents a value and never drops one silently. Each reader and writer
of another format (IATI XML, Popolo JSON) returns a
:class:`Converted`: the result, and every :class:`~ngomodel.errors.Problem` met on the
way. An error is something the target needs and the source lacks, or a source that
cannot be read; the result is then ``None`` unless a partial result was asked for. A
warning names what the target cannot hold, or what was not read, and was left out.

>>> from ngomodel.errors import Problem
>>> left_out = Problem(path="/programs/0/sectors", code="not_exported", message="left out",
...                    severity="warning")
>>> done = Converted(b"<x/>", (left_out,))
>>> done.ok, len(done.warnings)
(True, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

import attrs

from ngomodel.errors import Problem, ValidationError

__all__ = ["Converted"]

_T = TypeVar("_T")


def _problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """The problems as a tuple, whatever iterable they came in."""
    return tuple(problems)


@attrs.frozen
class Converted(Generic[_T]):
    """The result of a conversion, with every problem met on the way.

    Attributes:
        value: The converted document or dataset; ``None`` when an error stopped the
            conversion (nothing should be written): there is then at least one error.
        problems: The errors and warnings, each located: ``path`` is the JSON Pointer of
            the value in ngomodel's JSON, ``where`` the place in the other format (an
            XPath for XML), and ``line`` and ``column`` where a source file has them.
    """

    value: _T | None
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_problems)

    def __attrs_post_init__(self) -> None:
        if self.value is None and not self.errors:
            raise ValueError("a conversion without a value must say why, with an error")

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems of severity ``warning``: what was left out, and why."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        """Whether there is a value and no error."""
        return self.value is not None and not self.errors

    def unwrap(self) -> _T:
        """Return the value, or raise when there is none or an error was found.

        Raises:
            ValidationError: With the errors, when the conversion did not succeed.

        >>> Converted(1).unwrap()
        1
        """
        if self.value is None or self.errors:
            raise ValidationError(self.errors)
        return self.value
