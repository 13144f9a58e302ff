"""Value types shared by the entities: text, dates, money, places, sources, links."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Annotated, Any

import attrs

from ngomodel._codes import (
    ContactTypeCode,
    CountryCode,
    CurrencyCode,
    GeographicExactnessCode,
    LinkTypeCode,
    LocationTypeCode,
    OtherNameTypeCode,
    RegionVocabularyCode,
    SectorVocabularyCode,
)
from ngomodel._constraints import (
    END,
    SURROGATE_MESSAGE,
    Constraint,
    Pattern,
    Range,
    lone_surrogate,
)
from ngomodel._model import AtLeastOneOf, CodeDependsOn, doc, model
from ngomodel.errors import Problem, ValidationError, brief

__all__ = [
    "Amount",
    "Classification",
    "ContactDetail",
    "Count",
    "CountryShare",
    "Fraction",
    "Id",
    "Identifier",
    "LanguageTag",
    "Link",
    "LocalizedText",
    "Location",
    "Money",
    "OtherName",
    "PartialDate",
    "Percentage",
    "Period",
    "Point",
    "Region",
    "Source",
    "Text",
    "Url",
]

# -- constrained strings and numbers ----------------------------------------------------

#: White space as Unicode defines it, spelled out: ``\s`` differs between Python,
#: ECMAScript and fancy-regex, so the patterns never use it.
WHITE_SPACE = r"\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

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
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
DATE = Pattern(
    name="PartialDate",
    regex=(
        r"^(?!0000)(?:[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?"
        rf"|[0-9]{{4}}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)" + END
    ),
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
    # engine (re, ECMAScript, fancy-regex) can split between two quantifiers, so a near
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

#: An identifier of an entity: no white space and none of ``/ & | ?``.
Id = Annotated[str, ID]
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


class _PlainDecimal(Constraint):
    """A finite, non-negative :class:`~decimal.Decimal` that dumps to the ``Amount`` pattern.

    Written out in full (``format(value, "f")``, as it is dumped) it must fit the
    ``Amount`` string's length limit: ``Decimal("1E+999999999999")`` is a valid
    Decimal, but its thousand billion digits could never be written, nor read back.
    """

    def check(self, value: Any) -> tuple[str, str] | None:
        if not value.is_finite() or value.is_signed():
            return ("invalid_amount", f"{brief(value)} is not a finite, non-negative amount")
        length = _plain_length(value)
        limit = AMOUNT.max_length
        if limit is not None and length > limit:
            return (
                "too_long",
                f"the amount written out is {length} characters long, more than the "
                f"maximum of {limit}",
            )
        return None

    def schema(self) -> dict[str, Any]:
        return AMOUNT.schema()


def _plain_length(value: Decimal) -> int:
    """How many characters ``format(value, "f")`` writes for a finite, non-negative Decimal.

    Counted from the digits and the exponent, never by writing it out, which for an
    exponent of a billion would take gigabytes.
    """
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # a finite Decimal's exponent is a number
    if exponent >= 0:
        return 1 if not any(digits) else len(digits) + exponent  # zero is written "0"
    places = -exponent
    return max(len(digits) - places, 1) + 1 + places  # integer part, point, fraction


#: An exact, non-negative decimal amount; a JSON string on the wire.
Amount = Annotated[Decimal, _PlainDecimal()]


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
        found = DATE.check(text)
        if found is not None:
            raise ValidationError([Problem(path="", code=found[0], message=found[1])])
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
          /: '2019-02-29' is not a real date written YYYY, YYYY-MM or YYYY-MM-DD (years 0001 to 9999) [invalid_date]
        """  # noqa: E501
        found = DATE.check(text)
        if found is not None:
            raise ValidationError([Problem(path="", code=found[0], message=found[1])])
        match = _DATE_RE.fullmatch(text)
        assert match is not None  # the pattern above admits only these forms
        year, month, day = match.groups()
        return cls(
            year=int(year),
            month=None if month is None else int(month),
            day=None if day is None else int(day),
        )

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
        problems = _localized_problems(texts)
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


def _localized_problems(texts: Any) -> list[Problem]:
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
        found = LANGUAGE_TAG.check(tag)
        if found is not None:
            problems.append(Problem(path="", code=found[0], message=found[1]).within(tag))
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
        found = TEXT.check(text)
        if found is None and lone_surrogate(text):
            found = ("invalid_encoding", SURROGATE_MESSAGE)
        if found is not None:
            problems.append(Problem(path="", code=found[0], message=found[1]).within(tag))
    return problems


# -- small records ----------------------------------------------------------------------


@model
class Period:
    """A span of time; either end may be unknown, but not both."""

    start: PartialDate | None = doc("When the period began.", default=None)
    end: PartialDate | None = doc("When the period ended.", default=None)

    __ngomodel_rules__ = (AtLeastOneOf(("start", "end")),)


@model
class Money:
    """An exact amount of money in one currency."""

    amount: Amount = doc("The amount: an exact decimal, written as a string on the wire.")
    currency: CurrencyCode = doc("ISO 4217 alphabetic currency code.")


@model
class Identifier:
    """An identifier of an entity in some register."""

    scheme: Id = doc("The register, as an org-id.guide prefix such as CN-USCI where one exists.")
    identifier: Text = doc("The entity's identifier in that register.")


@model
class OtherName:
    """Another name of an organization or a person: an abbreviation, a former name…"""

    name: Text = doc("The name.")
    type: OtherNameTypeCode | None = doc("What kind of name it is.", default=None)
    language: LanguageTag | None = doc("The language the name is in.", default=None)


@model
class ContactDetail:
    """A means of contact."""

    type: ContactTypeCode = doc("The medium of contact (email, phone, …).")
    value: Text = doc("The address, number or handle.")
    label: Text | None = doc("What this contact is for.", default=None)


@model
class Link:
    """A link to a page or document about an entity."""

    url: Url = doc("Where the page or document is.")
    type: LinkTypeCode | None = doc("What kind of page or document it is.", default=None)
    title: Text | None = doc("Its title.", default=None)


@model
class Source:
    """Where a fact comes from: a report, an article, a register entry."""

    title: Text = doc("The title of the source.")
    publisher: Text | None = doc("Who published it.", default=None)
    author: Text | None = doc("Who wrote it.", default=None)
    date: PartialDate | None = doc("When it was published.", default=None)
    url: Url | None = doc("Where it can be read.", default=None)
    language: LanguageTag | None = doc("The language it is written in.", default=None)


@model
class Classification:
    """A sector code from a vocabulary, with the share of the work in it.

    With vocabulary ``1`` (DAC 5-digit) the code must be a DAC 5-digit sector,
    with vocabulary ``2`` (DAC 3-digit) a DAC 3-digit category.
    """

    vocabulary: SectorVocabularyCode = doc(
        "IATI SectorVocabulary code; 1 (OECD DAC 5-digit) when omitted.", default="1"
    )
    code: Id = doc("The sector code within the vocabulary.")
    percentage: Percentage | None = doc(
        "Share of the work in this sector, from 0 to 100.", default=None
    )

    __ngomodel_rules__ = (
        CodeDependsOn("code", "vocabulary", (("1", "sector"), ("2", "sector_category"))),
    )


@model
class Region:
    """A supranational region from a vocabulary, with an optional share.

    With vocabulary ``1`` the code must be an OECD DAC region, with vocabulary
    ``2`` a UN M49 region.
    """

    vocabulary: RegionVocabularyCode = doc(
        "IATI RegionVocabulary code; 1 (OECD DAC) when omitted.", default="1"
    )
    code: Id = doc("The region code within the vocabulary.")
    percentage: Percentage | None = doc(
        "Share of the work in this region, from 0 to 100.", default=None
    )

    __ngomodel_rules__ = (
        CodeDependsOn("code", "vocabulary", (("1", "region"), ("2", "m49_region"))),
    )


@model
class CountryShare:
    """A country that benefits from a program, with an optional share."""

    country: CountryCode = doc("ISO 3166-1 alpha-2 country code.")
    percentage: Percentage | None = doc(
        "Share of the work in this country, from 0 to 100.", default=None
    )


@model
class Point:
    """A point on the earth (WGS 84)."""

    latitude: Annotated[float, Range(minimum=-90, maximum=90)] = doc(
        "Degrees north, from -90 to 90."
    )
    longitude: Annotated[float, Range(minimum=-180, maximum=180)] = doc(
        "Degrees east, from -180 to 180."
    )


@model
class Location:
    """A place where a program works: a village, a district, a school, a well site."""

    id: Id = doc("Identifier of the location, unique in the dataset.")
    name: LocalizedText | None = doc("The place's name.", default=None)
    country: CountryCode | None = doc("ISO 3166-1 alpha-2 country code.", default=None)
    admin_areas: tuple[Text, ...] = doc(
        "Administrative areas, from the largest to the smallest.", default=()
    )
    point: Point | None = doc("Coordinates of the place.", default=None)
    feature_type: LocationTypeCode | None = doc(
        "What is at the place (IATI LocationType), e.g. WLL (well) or SCH (school).",
        default=None,
    )
    exactness: GeographicExactnessCode | None = doc(
        "Whether the location is exact (1) or approximate (2).", default=None
    )
    description: LocalizedText | None = doc("A description of the place.", default=None)
