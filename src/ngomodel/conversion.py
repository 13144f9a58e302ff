"""What a conversion between ngomodel and another format gives: a result and its problems.

Converting never invents a value and never drops one silently. Each reader and writer
of another format (IATI XML, Popolo JSON) returns a
:class:`Converted`: the result, and every :class:`~ngomodel.errors.Problem` met on the
way. An error is something the target needs and the source lacks, or a source that
cannot be read; the result is then ``None`` unless a partial result was asked for. A
warning names what the target cannot hold, or what was not read, and was left out.

What is left out is reported the same way by every format: one warning per *kind* of
value (a field, an element, a property), with how many there were, why, and the first
few places. :class:`LeftOut` collects them during a conversion and :func:`left_out`
writes one such warning.

>>> from ngomodel.errors import Problem
>>> left_out = Problem(path="/programs/0/sectors", code="not_exported", message="left out",
...                    severity="warning")
>>> done = Converted(b"<x/>", (left_out,))
>>> done.ok, len(done.warnings)
(True, 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

import attrs

from ngomodel.errors import Problem, ValidationError

__all__ = ["SHOWN_PLACES", "Converted", "LeftOut", "left_out"]

#: How many places a left-out warning names before it says how many more there are.
SHOWN_PLACES = 5

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


def left_out(
    code: str,
    kind: str,
    places: Sequence[str],
    reason: str,
    *,
    in_source: bool = False,
    count: int | None = None,
) -> Problem:
    """Return the one warning that reports every value of one kind left out.

    The message has one shape for every format, ``KIND: COUNT left out (REASON):
    PLACE, PLACE… and N more``: the count of values, why they were left out, and the
    first :data:`SHOWN_PLACES` places, in the order they were met.

    Args:
        code: The problem code: ``not_exported`` when writing another format,
            ``not_imported`` when reading one.
        kind: What was left out, in the terms of the side that has it: an ngomodel
            field (``Program.agreement_ids``) for an export, the other format's element
            or property (``person.gender``, an XPath) for an import.
        places: Where each value left out is, at least one: JSON Pointers in ngomodel's
            JSON for an export; places in the source document (JSON Pointers in Popolo,
            XPaths in XML) for an import.
        reason: Why it was left out (``IATI has no agreements``).
        in_source: Whether *places* are places in the other format's document (an
            import): the first is then the warning's ``where`` and its ``path`` is
            ``""``. Otherwise the first place is the ``path``.
        count: How many values were left out, when *places* holds only the first few
            (at least the first :data:`SHOWN_PLACES`); by default, ``len(places)``.

    Returns:
        The warning, located at the first place.

    Raises:
        ValueError: When *places* is empty (nothing was left out), or *count* is less
            than the places given.

    >>> warning = left_out("not_exported", "Dataset.figures", ["/figures/0", "/figures/1"],
    ...                    "Popolo has no place for it")
    >>> print(warning)
    /figures/0: Dataset.figures: 2 left out (Popolo has no place for it): /figures/0, /figures/1 [not_exported]
    """  # noqa: E501
    if not places:
        raise ValueError("a left-out warning needs at least one place")
    total = len(places) if count is None else count
    if total < len(places):
        raise ValueError(f"{len(places)} places given for a count of {total}")
    shown = ", ".join(places[:SHOWN_PLACES])
    hidden = total - min(len(places), SHOWN_PLACES)
    more = f" and {hidden} more" if hidden > 0 else ""
    return Problem(
        path="" if in_source else places[0],
        code=code,
        message=f"{kind}: {total} left out ({reason}): {shown}{more}",
        severity="warning",
        where=places[0] if in_source else None,
    )


class LeftOut:
    """Collects what one conversion leaves out, and reports it as one warning per kind.

    A reader or writer makes one, calls :meth:`add` for every value it cannot carry,
    and puts :meth:`problems` among the problems of its :class:`Converted`. Each kind
    gives one :func:`left_out` warning, in the order the kinds were first met. Only the
    first :data:`SHOWN_PLACES` places of a kind are kept, with a count of the rest, so
    memory does not grow with the size of the source (a streamed import keeps one).

    Args:
        code: ``not_exported`` for a writer of another format, ``not_imported`` for a
            reader of one (the code of every warning).
        reason: Why a value is left out, for the kinds :meth:`add` gives no reason of
            their own (``Popolo has no place for it``).
        in_source: Whether the places added are places in the other format's document
            (a reader's: XPaths, Popolo JSON Pointers), rather than JSON Pointers in
            ngomodel's JSON; see :func:`left_out`.

    >>> left = LeftOut("not_imported", "ngomodel has no place for it", in_source=True)
    >>> for i in range(7):
    ...     left.add("iati-activity/conditions", f"/iati-activities/iati-activity[{i + 1}]/conditions")
    >>> left.add("iati-activity/fss", "/iati-activities/iati-activity[1]/fss", "not modelled")
    >>> [p.message for p in left.problems()]  # doctest: +NORMALIZE_WHITESPACE
    ['iati-activity/conditions: 7 left out (ngomodel has no place for it):
      /iati-activities/iati-activity[1]/conditions, /iati-activities/iati-activity[2]/conditions,
      /iati-activities/iati-activity[3]/conditions, /iati-activities/iati-activity[4]/conditions,
      /iati-activities/iati-activity[5]/conditions and 2 more',
     'iati-activity/fss: 1 left out (not modelled): /iati-activities/iati-activity[1]/fss']
    >>> left.problems()[1].where, left.count
    ('/iati-activities/iati-activity[1]/fss', 8)
    """  # noqa: E501

    def __init__(self, code: str, reason: str, *, in_source: bool = False) -> None:
        self.code = code
        self.reason = reason
        self.in_source = in_source
        #: kind -> its first places (at most SHOWN_PLACES), and how many in all
        self._places: dict[str, list[str]] = {}
        self._counts: dict[str, int] = {}
        self._reasons: dict[str, str] = {}

    def add(self, kind: str, place: str, reason: str | None = None) -> None:
        """Record one value of *kind* left out at *place*, and why if not the usual reason.

        Args:
            kind: What was left out (see :func:`left_out`).
            place: Where the value is.
            reason: Why values of this kind are left out, when not the collector's
                *reason*; the first reason given for a kind is kept.
        """
        shown = self._places.setdefault(kind, [])
        if len(shown) < SHOWN_PLACES:
            shown.append(place)
        self._counts[kind] = self._counts.get(kind, 0) + 1
        if reason is not None:
            self._reasons.setdefault(kind, reason)

    @property
    def count(self) -> int:
        """How many values were left out, of every kind."""
        return sum(self._counts.values())

    def problems(self) -> list[Problem]:
        """Return one warning per kind of value left out, in the order kinds were met."""
        return [
            left_out(
                self.code,
                kind,
                places,
                self._reasons.get(kind, self.reason),
                in_source=self.in_source,
                count=self._counts[kind],
            )
            for kind, places in self._places.items()
        ]
