"""The scalar value types: constrained strings and numbers, amounts, partial dates, texts.

They come before the model machinery (:mod:`ngomodel.inspect` reads them), so
nothing here is a model class; the small records built from them live in
:mod:`ngomodel._values`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Annotated, Any

import attrs

from ngomodel._constraints import END, SURROGATE_MESSAGE, Pattern, Range, Refers, lone_surrogate
from ngomodel.errors import Problem, ValidationError, brief

__all__ = [
    "AMOUNT",
    "DATE",
    "ID",
    "GLOBAL_ID",
    "LANGUAGE_TAG",
    "SIGNED_AMOUNT",
    "TEXT",
    "URL",
    "AgreementId",
    "Amount",
    "ExtensionData",
    "ExtensionName",
    "Count",
    "Fraction",
    "GlobalId",
    "Id",
    "LanguageTag",
    "LocationId",
    "NetworkId",
    "OrganizationId",
    "LocalizedText",
    "PartialDate",
    "Percentage",
    "PersonId",
    "PostId",
    "ProgramId",
    "SignedAmount",
    "Text",
    "Url",
    "amount_text",
    "ends_before",
    "entity_extension_problems",
    "extension_data_problems",
    "frozen_json",
    "localized_problems",
    "plain_json",
    "plain_length",
]

# -- constrained strings and numbers ----------------------------------------------------

#: White space as Unicode defines it, spelled out: ``\s`` differs between the engines, so
#: the patterns never use it. The characters outside ASCII are the characters themselves,
#: not ``\u`` escapes, which RE2 and the Rust ``regex`` crate do not read.
WHITE_SPACE = r"\t\n\v\f\r " + "\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

ID = Pattern(
    name="Id",
    regex=rf"^[^{WHITE_SPACE}/&|?]+" + END,
    code="invalid_id",
    explanation="an id (one or more characters, none of them white space or / & | ?)",
    description="An identifier: no white space and none of the characters / & | ?.",
)
TEXT = Pattern(
    name="Text",
    regex=rf"[^{WHITE_SPACE}]",
    code="empty_text",
    explanation="a text with at least one non-space character",
    description="Text with at least one character that is not white space.",
    line_feeds=True,
)
LANGUAGE_TAG = Pattern(
    name="LanguageTag",
    regex=(
        r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
        r"(?:-[A-Za-z]{4})?"
        r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
        r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
        r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
        r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"
        r"|[Xx](?:-[A-Za-z0-9]{1,8})+)" + END
    ),
    code="invalid_language_tag",
    explanation="a well-formed BCP 47 language tag such as 'en', 'zh-Hans' or 'zh-Latn-pinyin'",
    description="A well-formed BCP 47 (RFC 5646) language tag.",
)
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
#: The years 0001 to 9999: four digits, not all of them zero.
_YEAR = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
#: The two-digit numbers that four divides, but not 00.
_FOURS = r"(?:0[48]|[2468][048]|[13579][26])"
#: The leap years from 0001 to 9999: those that four divides but not 100, and those that
#: 400 divides (0000 is no year).
_LEAP_YEAR = rf"(?:[0-9]{{2}}{_FOURS}|{_FOURS}00)"
DATE = Pattern(
    name="PartialDate",
    regex=rf"^(?:{_YEAR}(?:-(?:0[1-9]|1[0-2])|-{_MONTH_DAY})?|{_LEAP_YEAR}-02-29)" + END,
    code="invalid_date",
    explanation="a real date written YYYY, YYYY-MM or YYYY-MM-DD (years 0001 to 9999)",
    description=(
        "A calendar date, as precise as the source: a year (YYYY), a month (YYYY-MM) or a "
        "day (YYYY-MM-DD). Only dates that exist are allowed."
    ),
)
URL = Pattern(
    name="Url",
    # One host character, then any run without white space: the same strings as a run
    # of host characters followed by such a run, but with no run that a backtracking
    # engine (re, ECMAScript) can split between two quantifiers, so a near
    # miss takes linear time instead of quadratic (tests/test_patterns.py).
    regex=rf"^https?://[^{WHITE_SPACE}/?#][^{WHITE_SPACE}]*" + END,
    code="invalid_url",
    explanation="an http or https URL without white space",
    description="An absolute http or https URL, without white space.",
)
AMOUNT = Pattern(
    name="Amount",
    regex=r"^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?" + END,
    code="invalid_amount",
    explanation="a non-negative decimal number written as a string, such as '1500.00'",
    description=(
        "A non-negative exact decimal amount written as a JSON string (digits, optionally "
        "a point and more digits), so that it never passes through a binary float; at "
        "most 100 characters."
    ),
    max_length=100,
)

SIGNED_AMOUNT = Pattern(
    name="SignedAmount",
    regex=r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?" + END,
    code="invalid_amount",
    explanation="a decimal number written as a string, such as '1500.00' or '-858096'",
    description=(
        "An exact decimal amount that may be negative (a reversal or a de-commitment), "
        "written as a JSON string: an optional minus sign, digits, optionally a point and "
        "more digits; at most 101 characters."
    ),
    max_length=101,
)
GLOBAL_ID = Pattern(
    name="GlobalId",
    regex=rf"^[^{WHITE_SPACE}]+" + END,
    code="invalid_global_id",
    explanation="a global identifier (one or more characters, none of them white space)",
    description=(
        "A globally unique identifier given by a registry or a publisher, such as an IATI "
        "activity identifier (GB-CHC-202918-UK-PRJ/1) or organisation identifier "
        "(GB-CHC-202918): no white space, at most 200 characters."
    ),
    max_length=200,
)

EXTENSION_NAME = Pattern(
    name="ExtensionName",
    regex=r"^[a-z][a-z0-9_]{0,63}" + END,
    code="invalid_extension_name",
    explanation="an extension name (a lower-case letter, then up to 63 lower-case letters, "
    "digits or underscores)",
    description="The name of an extension: a lower-case letter, then up to 63 lower-case "
    "letters, digits or underscores, such as charity_register.",
)

#: An identifier of an entity: no white space and none of ``/ & | ?``.
Id = Annotated[str, ID]
#: The name of an extension, such as ``charity_register``.
ExtensionName = Annotated[str, EXTENSION_NAME]
#: The id of an organization or a network of the same dataset.
OrganizationId = Annotated[str, ID, Refers("organization")]
#: The id of a network of the same dataset.
NetworkId = Annotated[str, ID, Refers("network")]
#: The id of a person of the same dataset.
PersonId = Annotated[str, ID, Refers("person")]
#: The id of an agreement of the same dataset.
AgreementId = Annotated[str, ID, Refers("agreement")]
#: The id of a program of the same dataset.
ProgramId = Annotated[str, ID, Refers("program")]
#: The id of a post of the same dataset.
PostId = Annotated[str, ID, Refers("post")]
#: A globally unique identifier, such as an IATI activity or organisation identifier.
GlobalId = Annotated[str, GLOBAL_ID]
#: The id of a location of the same program.
LocationId = Annotated[str, ID, Refers("location")]
#: Text with at least one character that is not white space.
Text = Annotated[str, TEXT]
#: A well-formed BCP 47 language tag.
LanguageTag = Annotated[str, LANGUAGE_TAG]
#: An absolute http(s) URL.
Url = Annotated[str, URL]
#: A whole number of things, zero or more.
Count = Annotated[int, Range(minimum=0)]
#: A percentage from 0 to 100.
Percentage = Annotated[float, Range(minimum=0, maximum=100)]
#: A fraction from 0 to 1.
Fraction = Annotated[float, Range(minimum=0, maximum=1)]


def plain_length(value: Decimal) -> int:
    """How many characters ``format(value, "f")`` writes for a finite Decimal.

    Counted from the sign, the digits and the exponent, never by writing it out,
    which for an exponent of a billion would take gigabytes.
    """
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # a finite Decimal's exponent is a number
    if exponent >= 0:
        length = 1 if not any(digits) else len(digits) + exponent  # zero is written "0"
    else:
        places = -exponent
        length = max(len(digits) - places, 1) + 1 + places  # integer part, point, fraction
    return length + sign


def amount_text(value: Decimal) -> str:
    """Write an amount as it goes on the wire: ``format(value, "f")``, never an exponent."""
    return format(value, "f")


#: An exact, non-negative decimal amount; a JSON string on the wire.
Amount = Annotated[Decimal, AMOUNT, Range(minimum=0)]
#: An exact decimal amount that may be negative; a JSON string on the wire.
SignedAmount = Annotated[Decimal, SIGNED_AMOUNT]


# -- partial dates ----------------------------------------------------------------------

_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@attrs.frozen(kw_only=True)
class PartialDate:
    """A date known to the year, the month or the day, as sources often give it.

    On the wire it is a string: ``"2005"``, ``"2019-04"`` or ``"2019-04-30"``.

    Attributes:
        year: The year, 1 to 9999.
        month: The month, 1 to 12, or ``None`` when only the year is known.
        day: The day of the month, or ``None`` when it is not known.

    >>> PartialDate.parse("2019-04")
    PartialDate(year=2019, month=4, day=None)
    >>> str(PartialDate(year=2005))
    '2005'
    """

    year: int
    month: int | None = None
    day: int | None = None
    #: The wire form, kept once built (it is asked for on every dump).
    _text: str = attrs.field(init=False, eq=False, hash=False, repr=False, default="")

    def __attrs_post_init__(self) -> None:
        for name in ("year", "month", "day"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise ValidationError(
                    [Problem(path="", code="invalid_date", message=f"{name} must be an int")]
                )
        if self.day is not None and self.month is None:
            raise ValidationError(
                [Problem(path="", code="invalid_date", message="a day needs a month")]
            )
        if not 0 <= self.year <= 9999:  # not written out: it may have too many digits to write
            raise ValidationError(
                [Problem(path="", code="invalid_date", message="the year is not from 1 to 9999")]
            )
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        found = DATE.problem(text)
        if found is not None:
            raise ValidationError([found])
        object.__setattr__(self, "_text", text)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        Args:
            text: The date as written on the wire.

        Returns:
            The partial date.

        Raises:
            ValidationError: When *text* is not a real date in one of those forms.

        >>> PartialDate.parse("2019-02-29")
        Traceback (most recent call last):
        ...
        ngomodel.errors.ValidationError: 1 problem found
          (root): '2019-02-29' is not a real date written YYYY, YYYY-MM or YYYY-MM-DD (years 0001 to 9999) [invalid_date]
        """  # noqa: E501
        found = DATE.problem(text)
        if found is not None:
            raise ValidationError([found])
        match = _DATE_RE.fullmatch(text)
        assert match is not None  # the pattern above admits only these forms
        year, month, day = match.groups()
        return cls(
            year=int(year),
            month=None if month is None else int(month),
            day=None if day is None else int(day),
        )

    @classmethod
    def from_date(cls, date: datetime.date) -> PartialDate:
        """Return the day a :class:`datetime.date` is, as a partial date known to the day.

        A :class:`datetime.datetime` is a date too: its date is taken, as it is written in
        its own time zone, and its time is dropped.

        Args:
            date: The date.

        Returns:
            The partial date, with year, month and day.

        Raises:
            TypeError: When *date* is not a date (text is read by :meth:`parse`).

        >>> import datetime
        >>> PartialDate.from_date(datetime.date(2019, 4, 30))
        PartialDate(year=2019, month=4, day=30)
        >>> str(PartialDate.from_date(datetime.datetime(2005, 1, 2, 10, 30)))
        '2005-01-02'
        """
        if not isinstance(date, datetime.date):
            raise TypeError(
                f"expected a datetime.date, got {type(date).__name__}: PartialDate.parse reads text"
            )
        return cls(year=date.year, month=date.month, day=date.day)

    def __str__(self) -> str:
        return self._text

    @property
    def earliest(self) -> datetime.date:
        """The first day this partial date may mean.

        >>> PartialDate.parse("2018").earliest
        datetime.date(2018, 1, 1)
        """
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> datetime.date:
        """The last day this partial date may mean.

        >>> PartialDate.parse("2016-02").latest
        datetime.date(2016, 2, 29)
        """
        if self.day is not None:
            return self.earliest
        if self.month is None:
            return datetime.date(self.year, 12, 31)
        if self.month == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, self.month + 1, 1) - datetime.timedelta(days=1)


def ends_before(end: PartialDate, start: PartialDate) -> bool:
    """Whether *end* certainly falls before *start*, partial dates taken as intervals.

    The dates are compared as (year, month, day) with the unknown parts at their
    extremes: the same order as ``end.latest < start.earliest`` (no month has more
    than 31 days), without building :class:`datetime.date` objects, which cannot
    hold a year past 9999 should one be planted.

    >>> ends_before(PartialDate.parse("2018"), PartialDate.parse("2019-05"))
    True
    >>> ends_before(PartialDate.parse("2018"), PartialDate.parse("2018-05"))
    False
    """
    latest = (end.year, end.month or 12, end.day or 31)
    return latest < (start.year, start.month or 1, start.day or 1)


# -- localized text ---------------------------------------------------------------------


class LocalizedText(Mapping[str, str]):
    """Text in one or more languages: BCP 47 language tag → non-empty text.

    Immutable and hashable; it keeps the order it was given in, and compares
    equal to any mapping with the same entries. On the wire it is a JSON object.

    >>> title = LocalizedText({"zh": "幸福泉", "en": "Spring of Happiness"})
    >>> title["en"]
    'Spring of Happiness'
    >>> title.text("fr", "en")
    'Spring of Happiness'
    """

    __slots__ = ("_texts",)
    _texts: dict[str, str]

    def __init__(self, texts: Mapping[str, str]) -> None:
        """Check and store the entries.

        Args:
            texts: Language tag → text; at least one entry.

        Raises:
            ValidationError: For a malformed tag, an empty text, a non-string, or no entry.
        """
        problems = localized_problems(texts)
        if problems:
            raise ValidationError(problems)
        object.__setattr__(self, "_texts", dict(texts))

    @classmethod
    def _checked(cls, texts: dict[str, str]) -> LocalizedText:
        """Wrap entries the loader has already checked (a copy is kept)."""
        obj = cls.__new__(cls)
        object.__setattr__(obj, "_texts", dict(texts))
        return obj

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("LocalizedText is immutable")

    def __getitem__(self, tag: str) -> str:
        return self._texts[tag]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __hash__(self) -> int:
        return hash(frozenset(self._texts.items()))

    def __repr__(self) -> str:
        return f"LocalizedText({self._texts!r})"

    def __reduce__(self) -> tuple[type[LocalizedText], tuple[dict[str, str]]]:
        return (type(self), (dict(self._texts),))

    def text(self, *preferred: str) -> str:
        """Return the text in the first preferred language present, else the first entry.

        Args:
            *preferred: Language tags, most wanted first.

        Returns:
            The chosen text.
        """
        for tag in preferred:
            if tag in self._texts:
                return self._texts[tag]
        return next(iter(self._texts.values()))


def localized_problems(texts: Any) -> list[Problem]:
    if not isinstance(texts, Mapping):
        return [
            Problem(
                path="",
                code="wrong_type",
                message=f"expected an object of language tag → text, got {type(texts).__name__}",
            )
        ]
    if not texts:
        return [Problem(path="", code="too_few_items", message="expected at least one language")]
    problems: list[Problem] = []
    for tag, text in texts.items():
        if not isinstance(tag, str):
            problems.append(
                Problem(
                    path="", code="wrong_type", message=f"language tag {brief(tag)} is not a string"
                )
            )
            continue
        found = LANGUAGE_TAG.problem(tag)
        if found is not None:
            problems.append(found.within(tag))
            continue
        if not isinstance(text, str):
            problems.append(
                Problem(
                    path="",
                    code="wrong_type",
                    message=f"expected a string, got {type(text).__name__}",
                ).within(tag)
            )
            continue
        found = TEXT.problem(text)
        if found is None and lone_surrogate(text):
            found = Problem(path="", code="invalid_encoding", message=SURROGATE_MESSAGE)
        if found is not None:
            problems.append(found.within(tag))
    return problems


def frozen_json(value: Any) -> Any:
    """Plain JSON made read-only: objects as read-only mappings, arrays as tuples."""
    if isinstance(value, dict):
        return MappingProxyType({key: frozen_json(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(frozen_json(item) for item in value)
    return value


def plain_json(value: Any, scalar: Callable[[Any], Any] = lambda item: item) -> Any:
    """Read-only JSON back to plain JSON: ``dict``, ``list``, and each *scalar* (item)."""
    if isinstance(value, Mapping):
        return {key: plain_json(item, scalar) for key, item in value.items()}
    if isinstance(value, tuple):
        return [plain_json(item, scalar) for item in value]
    return scalar(value)


class ExtensionData(Mapping[str, Mapping[str, Any]]):
    """The data of extensions on an entity: extension name → its members, a JSON object.

    Immutable and hashable: objects are read-only mappings and arrays tuples. What an
    extension's members may be is checked against the extension's schema when the
    entity is part of a :class:`~ngomodel.Dataset` that declares the extension (see
    :mod:`ngomodel.extensions`). On the wire it is a JSON object, written back as given.

    >>> data = ExtensionData({"charity_register": {"number": "1170000", "years": [2019]}})
    >>> data["charity_register"]["years"]
    (2019,)
    >>> data.to_json()
    {'charity_register': {'number': '1170000', 'years': [2019]}}
    """

    __slots__ = ("_data",)
    _data: Mapping[str, Mapping[str, Any]]

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        """Check and store the data (a deep, read-only copy).

        Args:
            data: Extension name → a JSON object (a ``dict`` of plain JSON values).

        Raises:
            ValidationError: For a malformed name, or a value that is not a JSON object
                of plain JSON values.
        """
        empty = data is None or (isinstance(data, Mapping) and not data)
        problems = [] if empty else extension_data_problems(data)
        if problems:
            raise ValidationError(problems)
        object.__setattr__(self, "_data", frozen_json(dict(data or {})))

    @classmethod
    def _checked(cls, data: dict[str, Any]) -> ExtensionData:
        """Wrap plain JSON data the loader has already checked."""
        obj = cls.__new__(cls)
        object.__setattr__(obj, "_data", frozen_json(data))
        return obj

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("ExtensionData is immutable")

    def __getitem__(self, name: str) -> Mapping[str, Any]:
        return self._data[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ExtensionData):  # the common case, and cheap when empty
            return self._data == other._data
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(frozenset(self._data))

    def __repr__(self) -> str:
        return f"ExtensionData({self.to_json()!r})"

    def __reduce__(self) -> tuple[type[ExtensionData], tuple[dict[str, Any]]]:
        return (type(self), (self.to_json(),))

    def to_json(self) -> dict[str, Any]:
        """Return the data as plain JSON values: a new ``dict``, with lists for arrays."""
        return plain_json(self._data)  # type: ignore[no-any-return]


def entity_extension_problems(entity: Any) -> list[Problem]:
    """An entity's check of its extension data against the registered extensions (the
    ``__ngomodel_check__`` of every entity class; see
    :func:`ngomodel.extensions.entity_problems`)."""
    if not entity.extensions:
        return []
    from ngomodel.extensions import entity_problems  # it imports the entity classes

    return entity_problems(entity)


def extension_data_problems(data: Any) -> list[Problem]:
    """The problems of extension data: names, and members that are JSON objects."""
    from ngomodel._json import json_problems  # the JSON reader's check, imported late

    if not isinstance(data, Mapping):
        message = f"expected an object of extension name → members, got {type(data).__name__}"
        return [Problem(path="", code="wrong_type", message=message)]
    problems: list[Problem] = []
    for name, members in data.items():
        if not isinstance(name, str):
            message = f"extension name {brief(name)} is not a string"
            problems.append(Problem(path="", code="wrong_type", message=message))
            continue
        found = EXTENSION_NAME.problem(name)
        if found is not None:
            problems.append(found.within(name))
        elif type(members) is not dict:
            message = f"expected a JSON object of the extension's members, got {brief(members)}"
            problems.append(Problem(path="", code="wrong_type", message=message).within(name))
        else:
            problems += [p.within(name) for p in json_problems(members)]
    return problems
