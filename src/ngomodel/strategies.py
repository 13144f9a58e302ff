"""Hypothesis strategies for every ngomodel class, for property tests here and downstream.

This module needs `hypothesis <https://hypothesis.readthedocs.io>`_ installed; it is
a development dependency of ngomodel (the ``dev`` extra), not a runtime one, so
import it from tests only.

Every model class has a strategy named after it in snake_case (``Organization`` →
:func:`organizations`, ``ReportedFigure`` → :func:`reported_figures`), and
:data:`STRATEGIES` maps each class to its strategy function. Every object drawn is
valid: it satisfies every constraint its class declares, its codes come from the
shipped codelists, and its texts range over many scripts (CJK, Arabic, Hebrew,
Khmer, Myanmar), combining marks and emoji. Optional fields are drawn both absent
and present, lists both empty and not. :func:`datasets` goes further: every id in
a dataset it draws is unique and every reference resolves.

Lists hold at most four items, and lists of nested objects at most two, so that
a test over thousands of examples stays fast.

>>> from hypothesis import given
>>> from hypothesis.strategies import SearchStrategy
>>> from ngomodel import PartialDate, dumps, loads, strategies
>>> isinstance(strategies.partial_dates(), SearchStrategy)
True
>>> strategies.STRATEGIES[PartialDate] is strategies.partial_dates
True
>>> @given(strategies.money())
... def test_money_survives_json(money):
...     assert loads(dumps(money), type=type(money)) == money
>>> test_money_survives_json()
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ngomodel._agreements import Agreement, Party, party_identity
from ngomodel._dataset import SCHEMA_VERSION, Dataset
from ngomodel._figures import ReportedFigure, Share
from ngomodel._organizations import Membership, Network, Organization, Scope
from ngomodel._people import Person, Position
from ngomodel._programs import (
    BeneficiaryGroup,
    Budget,
    Disaggregation,
    Indicator,
    IndicatorPeriod,
    IndicatorValue,
    Participant,
    Program,
    Result,
)
from ngomodel._scalars import ID, TEXT, URL, LocalizedText, PartialDate, ends_before
from ngomodel._values import (
    Classification,
    ContactDetail,
    CountryShare,
    Identifier,
    Link,
    Location,
    Money,
    OtherName,
    Period,
    Point,
    Region,
    Source,
)
from ngomodel.codelists import get

__all__ = [
    "STRATEGIES",
    "agreements",
    "beneficiary_groups",
    "budgets",
    "classifications",
    "codes",
    "contact_details",
    "country_shares",
    "datasets",
    "disaggregations",
    "identifiers",
    "ids",
    "indicator_periods",
    "indicator_values",
    "indicators",
    "language_tags",
    "links",
    "localized_texts",
    "locations",
    "memberships",
    "money",
    "networks",
    "organizations",
    "other_names",
    "parties",
    "partial_dates",
    "participants",
    "periods",
    "persons",
    "points",
    "positions",
    "programs",
    "regions",
    "reported_figures",
    "results",
    "scopes",
    "shares",
    "sources",
    "texts",
]

T = TypeVar("T")

#: The most items in a dataset's collections and in lists of codes, texts or parties.
_MAX = 4
#: The most items in other lists of objects, so that nested objects stay cheap to draw.
_FEW = 2

# -- building blocks --------------------------------------------------------------------

_REAL_TEXTS = (
    "China NGO Network for International Exchanges",
    "Spring of Happiness",
    "Xingfu Quan",
    "幸福泉",
    "中国民间组织国际交流促进会",
    "丝路沿线民间组织合作网络",
    "シルクロード",
    "실크로드",
    "جمعية الهلال الأحمر",
    "شبكة المنظمات غير الحكومية",
    "ארגון לא ממשלתי",
    "ព្រះរាជាណាចក្រកម្ពុជា",
    "မြန်မာနိုင်ငံ",
    "Cafe\u0301 de\u0301veloppement",
    "Z\u0351\u036ba\u0352lgo",
    "Água potável 💧",
    "👩\u200d⚕️ 🏥 🇨🇳🇰🇭",
    "  padded with spaces  ",
    "line one\nline two",
)

#: Combining marks, Hangul, and the marks that join, reverse and select: added to _scripts().
_EXTRA_CHARACTERS = (
    "".join(map(chr, range(0x0300, 0x0370))) + "한국어실크로드" + " \u200d\u200f\u202e\ufe0f"
)


def _scripts() -> SearchStrategy[str]:
    """Characters of many scripts, as one set so that a text of them is drawn in one go.

    U+0590 to U+9FFF runs from Hebrew and Arabic through the Indic scripts, Myanmar
    and Khmer, to kana and the CJK ideographs.
    """
    return st.characters(
        min_codepoint=0x0590, max_codepoint=0x9FFF, include_characters=_EXTRA_CHARACTERS
    )


def _emoji() -> SearchStrategy[str]:
    """Emoji, with the joiner, the variation selector and regional indicators to combine them."""
    return st.characters(
        min_codepoint=0x1F1E6, max_codepoint=0x1FAFF, include_characters=" \u200d\ufe0f\u20e3"
    )


_REAL_IDS = (
    "org-cfpd",
    "network-silk-road",
    "CN-USCI-51100000500019148W",
    "prog-幸福泉",
    "agreement:2018.11",
    "a",
    "é",
    "🙂",
)

_REAL_LANGUAGE_TAGS = (
    "en",
    "zh",
    "zh-Hans",
    "zh-Hant",
    "zh-Latn-pinyin",
    "zh-cmn-Hans-CN",
    "yue-Hant-HK",
    "ar",
    "he",
    "km",
    "my",
    "fr-CA",
    "en-GB",
    "es-419",
    "sr-Latn-RS",
    "de-CH-1996",
    "en-US-x-twain",
    "x-private",
)

_ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"
_ALNUM = _ALPHA + _DIGITS


#: Shapes of generated language tags, after RFC 5646's grammar: ``a`` is a letter of the
#: language subtag, ``e`` of an extended language, ``S`` of a script, ``R`` of a region,
#: ``9`` a digit, ``n`` a letter or digit (variants, extensions, private use), ``s`` an
#: extension's singleton and ``x`` the private-use marker.
_TAG_SHAPES = (
    "aa",
    "aaa",
    "aaaa",
    "aaaaaaaa",
    "aa-eee",
    "aaa-eee-eee-eee",
    "aa-SSSS",
    "aa-RR",
    "aa-999",
    "aaaaa-SSSS-RR",
    "aa-eee-SSSS-999",
    "aa-nnnnn",
    "aa-9nnn",
    "aa-RR-nnnnnnnn-9nnn",
    "aa-s-nn",
    "aa-s-nnnnnnnn-nn-s-nnn",
    "aa-x-n",
    "aaa-SSSS-RR-nnnnn-s-nn-x-nnnnnnnn-n",
    "x-n",
    "x-nnnnnnnn-nn",
)
_SINGLETONS = "".join(c for c in _ALNUM if c not in "xX")
_SHAPE_ALPHABETS = {
    "a": _ALPHA,
    "e": _ALPHA,
    "S": _ALPHA,
    "R": _ALPHA,
    "9": _DIGITS,
    "n": _ALNUM,
    "s": _SINGLETONS,
    "x": "xX",
}


def _fill_tag(shape: str, characters: str) -> str:
    """Fill a shape from _TAG_SHAPES with *characters*, in turn, each mapped into its slot."""
    return "".join(
        slot
        if slot == "-"
        else _SHAPE_ALPHABETS[slot][
            _ALNUM.index(characters[index % len(characters)]) % len(_SHAPE_ALPHABETS[slot])
        ]
        for index, slot in enumerate(shape)
    )


@functools.cache
def _generated_language_tags() -> SearchStrategy[str]:
    """Draw well-formed BCP 47 tags, through every production of the grammar, in any case.

    A shape and a few characters make a tag, so that tags stay cheap: hypothesis gives
    each example a limited amount of randomness, and a dataset holds many tags.
    """
    return st.builds(
        _fill_tag, st.sampled_from(_TAG_SHAPES), st.text(_ALNUM, min_size=1, max_size=8)
    )


@functools.cache
def ids() -> SearchStrategy[str]:
    """Draw identifiers: no white space and none of ``/ & | ?``, in any script.

    Returns:
        A strategy of id strings.
    """
    return st.one_of(
        st.sampled_from(_REAL_IDS),
        st.text(_ALNUM + "-_.:", min_size=1, max_size=16),
        st.text(_scripts(), min_size=1, max_size=16),
        st.text(
            st.characters(codec="utf-8", exclude_categories=["Z", "Cc"], exclude_characters="/&|?"),
            min_size=1,
            max_size=16,
        ),
    ).filter(lambda text: ID.problem(text) is None)


@functools.cache
def texts() -> SearchStrategy[str]:
    """Draw texts with at least one non-space character, in many scripts.

    Returns:
        A strategy of strings: real names, CJK, Arabic, Hebrew, Khmer and Myanmar
        text, combining marks, emoji and arbitrary Unicode (never lone surrogates).
    """
    return st.one_of(
        st.sampled_from(_REAL_TEXTS),
        st.text(_scripts(), min_size=1, max_size=24),
        st.text(_emoji(), min_size=1, max_size=8),
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=24),
    ).filter(lambda text: TEXT.problem(text) is None)


@functools.cache
def language_tags() -> SearchStrategy[str]:
    """Draw well-formed BCP 47 language tags, real ones and ones built by the grammar.

    Returns:
        A strategy of tags such as ``en``, ``zh-Latn-pinyin`` or ``abc-Defg-419-x-1``.
    """
    return st.sampled_from(_REAL_LANGUAGE_TAGS) | _generated_language_tags()


@functools.cache
def codes(codelist_name: str) -> SearchStrategy[str]:
    """Draw codes of one shipped codelist.

    Args:
        codelist_name: A name from :func:`ngomodel.codelists.names`, e.g. ``"country"``.

    Returns:
        A strategy of that codelist's codes.

    Raises:
        KeyError: If there is no codelist of that name.

    >>> from hypothesis.strategies import SearchStrategy
    >>> isinstance(codes("sex"), SearchStrategy)
    True
    """
    return st.sampled_from([code.code for code in get(codelist_name).codes])


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    """Draw ``None`` (the field left out) or a value of *strategy*."""
    return st.none() | strategy


def _several(
    strategy: SearchStrategy[T], *, at_least: int = 0, at_most: int = _FEW, unique: bool = False
) -> SearchStrategy[tuple[T, ...]]:
    """Draw a tuple of *at_least* to *at_most* values of *strategy*."""
    return st.lists(strategy, min_size=at_least, max_size=at_most, unique=unique).map(tuple)


def _builds_with_some(
    target: Callable[..., T],
    choices: Mapping[str, SearchStrategy[Any]],
    **fields: SearchStrategy[Any],
) -> SearchStrategy[T]:
    """Build *target* with at least one of the *choices* given (an AtLeastOneOf rule)."""
    return _builds_choosing(target, choices, fields, _optional)


def _builds_with_one(
    target: Callable[..., T],
    choices: Mapping[str, SearchStrategy[Any]],
    **fields: SearchStrategy[Any],
) -> SearchStrategy[T]:
    """Build *target* with exactly one of the *choices* given (an ExactlyOneOf rule)."""
    return _builds_choosing(target, choices, fields, lambda _: st.none())


def _builds_choosing(
    target: Callable[..., T],
    choices: Mapping[str, SearchStrategy[Any]],
    fields: Mapping[str, SearchStrategy[Any]],
    others: Callable[[SearchStrategy[Any]], SearchStrategy[Any]],
) -> SearchStrategy[T]:
    """Build *target* with one choice given and each other choice drawn from ``others(it)``."""
    return st.one_of(
        *(
            st.builds(
                target,
                **fields,
                **{
                    other: strategy if other == chosen else others(strategy)
                    for other, strategy in choices.items()
                },
            )
            for chosen in choices
        )
    )


@functools.cache
def _counts() -> SearchStrategy[int]:
    """Draw counts: small ones, and now and then ones up to the largest allowed, 2**53 - 1."""
    return st.integers(min_value=0, max_value=10**6) | st.integers(
        min_value=2**53 - 2**20, max_value=2**53 - 1
    )


@functools.cache
def _numbers() -> SearchStrategy[float]:
    """Draw finite floats, and ints (beyond a float's 53-bit precision too)."""
    return st.floats(allow_nan=False, allow_infinity=False) | st.integers(
        min_value=-(2**70), max_value=2**70
    )


@functools.cache
def _between(low: int, high: int) -> SearchStrategy[float]:
    """Draw floats or ints from *low* to *high*, both included."""
    return st.floats(min_value=low, max_value=high) | st.integers(min_value=low, max_value=high)


@functools.cache
def _percentages() -> SearchStrategy[float]:
    """Draw percentages, 0 to 100."""
    return _between(0, 100)


@functools.cache
def _amounts() -> SearchStrategy[Decimal]:
    """Draw exact non-negative amounts, from 40 decimal places to 12 trailing zeros."""
    # Built from strings, which Decimal reads exactly, whatever the context's precision.
    return st.builds(
        lambda digits, exponent: Decimal(f"{digits}E{exponent}"),
        st.integers(min_value=0, max_value=10**40),
        st.integers(min_value=-40, max_value=12),
    ) | st.sampled_from([Decimal("0"), Decimal("0.00"), Decimal("1500.00"), Decimal("0.10")])


def _id_tuples(pool: Sequence[str]) -> SearchStrategy[tuple[str, ...]]:
    """Draw distinct ids from *pool*."""
    if not pool:
        return st.just(())
    return _several(st.sampled_from(pool), unique=True)


@functools.cache
def _any_ids() -> SearchStrategy[tuple[str, ...]]:
    """Draw distinct ids that need not resolve."""
    return _several(ids(), unique=True)


# -- values -----------------------------------------------------------------------------


@functools.cache
def localized_texts() -> SearchStrategy[LocalizedText]:
    """Draw texts in one or two languages.

    Returns:
        A strategy of :class:`~ngomodel.LocalizedText`.
    """
    return st.dictionaries(language_tags(), texts(), min_size=1, max_size=2).map(LocalizedText)


@functools.cache
def partial_dates() -> SearchStrategy[PartialDate]:
    """Draw real dates, years 1 to 9999, known to the year, the month or the day.

    Returns:
        A strategy of :class:`~ngomodel.PartialDate`.
    """
    return st.builds(
        lambda date, precision: PartialDate(
            year=date.year,
            month=date.month if precision > 0 else None,
            day=date.day if precision > 1 else None,
        ),
        st.dates(),
        st.integers(min_value=0, max_value=2),
    )


@functools.cache
def periods() -> SearchStrategy[Period]:
    """Draw periods with a start, an end or both.

    Returns:
        A strategy of :class:`~ngomodel.Period`.
    """
    return _builds_with_some(Period, {"start": partial_dates(), "end": partial_dates()})


@functools.cache
def money() -> SearchStrategy[Money]:
    """Draw exact non-negative amounts, some with many decimal places, in real currencies.

    Returns:
        A strategy of :class:`~ngomodel.Money`.
    """
    return st.builds(Money, amount=_amounts(), currency=codes("currency"))


@functools.cache
def identifiers() -> SearchStrategy[Identifier]:
    """Draw register identifiers, under real org-id.guide prefixes and other schemes.

    Returns:
        A strategy of :class:`~ngomodel.Identifier`.
    """
    return st.builds(
        Identifier,
        scheme=codes("organisation_registration_agency") | ids(),
        identifier=texts(),
    )


@functools.cache
def other_names() -> SearchStrategy[OtherName]:
    """Draw abbreviations, former names, translations and transliterations.

    Returns:
        A strategy of :class:`~ngomodel.OtherName`.
    """
    return st.builds(
        OtherName,
        name=texts(),
        type=_optional(codes("other_name_type")),
        language=_optional(language_tags()),
    )


@functools.cache
def contact_details() -> SearchStrategy[ContactDetail]:
    """Draw means of contact.

    Returns:
        A strategy of :class:`~ngomodel.ContactDetail`.
    """
    return st.builds(
        ContactDetail, type=codes("contact_type"), value=texts(), label=_optional(texts())
    )


@functools.cache
def _urls() -> SearchStrategy[str]:
    """Draw absolute http(s) URLs, Unicode ones included."""
    no_space = st.characters(codec="utf-8", exclude_categories=["Z", "Cc"])
    host = st.characters(codec="utf-8", exclude_categories=["Z", "Cc"], exclude_characters="/?#")
    return st.one_of(
        st.sampled_from(
            [
                "https://www.chinadaily.com.cn/a/201904/30/WS5cc7.html",
                "http://example.org",
                "https://例子.中国/路径?查询=值#片段",
            ]
        ),
        st.builds(
            lambda scheme, name, rest: f"{scheme}://{name}{rest}",
            st.sampled_from(["http", "https"]),
            st.text(host, min_size=1, max_size=12),
            st.text(no_space, max_size=16),
        ),
    ).filter(lambda url: URL.problem(url) is None)


@functools.cache
def links() -> SearchStrategy[Link]:
    """Draw links to pages and documents.

    Returns:
        A strategy of :class:`~ngomodel.Link`.
    """
    return st.builds(
        Link, url=_urls(), type=_optional(codes("link_type")), title=_optional(texts())
    )


@functools.cache
def sources() -> SearchStrategy[Source]:
    """Draw sources: reports, articles, register entries.

    Returns:
        A strategy of :class:`~ngomodel.Source`.
    """
    return st.builds(
        Source,
        title=texts(),
        publisher=_optional(texts()),
        author=_optional(texts()),
        date=_optional(partial_dates()),
        url=_optional(_urls()),
        language=_optional(language_tags()),
    )


def _coded(
    target: Callable[..., T], vocabularies: str, codelists: Mapping[str, str]
) -> SearchStrategy[T]:
    """Build a classification or region: a code of the vocabulary's codelist, or any id."""
    pairs = st.one_of(
        *(st.tuples(st.just(vocab), codes(name)) for vocab, name in codelists.items()),
        st.tuples(
            st.sampled_from([c.code for c in get(vocabularies).codes if c.code not in codelists]),
            ids(),
        ),
    )
    return st.builds(
        lambda pair, percentage: target(vocabulary=pair[0], code=pair[1], percentage=percentage),
        pairs,
        _optional(_percentages()),
    )


@functools.cache
def classifications() -> SearchStrategy[Classification]:
    """Draw sector codes: DAC 5- and 3-digit sectors, and codes of other vocabularies.

    Returns:
        A strategy of :class:`~ngomodel.Classification`.
    """
    return _coded(Classification, "sector_vocabulary", {"1": "sector", "2": "sector_category"})


@functools.cache
def regions() -> SearchStrategy[Region]:
    """Draw regions: OECD DAC and UN M49 regions, and codes of other vocabularies.

    Returns:
        A strategy of :class:`~ngomodel.Region`.
    """
    return _coded(Region, "region_vocabulary", {"1": "region", "2": "m49_region"})


@functools.cache
def country_shares() -> SearchStrategy[CountryShare]:
    """Draw recipient countries with optional shares.

    Returns:
        A strategy of :class:`~ngomodel.CountryShare`.
    """
    return st.builds(CountryShare, country=codes("country"), percentage=_optional(_percentages()))


@functools.cache
def points() -> SearchStrategy[Point]:
    """Draw points on the earth, poles and antimeridian included.

    Returns:
        A strategy of :class:`~ngomodel.Point`.
    """
    return st.builds(Point, latitude=_between(-90, 90), longitude=_between(-180, 180))


def _location(id: SearchStrategy[str]) -> SearchStrategy[Location]:
    """Draw locations with ids from *id*."""
    return st.builds(
        Location,
        id=id,
        name=_optional(localized_texts()),
        country=_optional(codes("country")),
        admin_areas=_several(texts(), at_most=_MAX),
        point=_optional(points()),
        feature_type=_optional(codes("location_type")),
        exactness=_optional(codes("geographic_exactness")),
        description=_optional(localized_texts()),
    )


@functools.cache
def locations() -> SearchStrategy[Location]:
    """Draw places: villages, districts, schools, well sites.

    Returns:
        A strategy of :class:`~ngomodel.Location`.
    """
    return _location(ids())


# -- organizations and people -----------------------------------------------------------
#
# The private builders below take strategies for the ids an object has and refers to:
# the public functions pass ids(), which need not resolve, and datasets() passes ids of
# the dataset's own entities.


@functools.cache
def _organization_fields() -> Mapping[str, SearchStrategy[Any]]:
    """Strategies of an organization's fields, all but its id."""
    return MappingProxyType(
        {
            "name": localized_texts(),
            "other_names": _several(other_names()),
            "organization_type": _optional(codes("organisation_type")),
            "country": _optional(codes("country")),
            "founding_date": _optional(partial_dates()),
            "dissolution_date": _optional(partial_dates()),
            "identifiers": _several(identifiers()),
            "sectors": _several(classifications()),
            "description": _optional(localized_texts()),
            "contact_details": _several(contact_details()),
            "links": _several(links()),
            "sources": _several(sources()),
        }
    )


@functools.cache
def _network_fields() -> Mapping[str, SearchStrategy[Any]]:
    """Strategies of a network's fields, all but its id."""
    return MappingProxyType(
        {
            **_organization_fields(),
            "scope": _optional(scopes()),
            "focus": _several(classifications()),
            "purpose": _optional(localized_texts()),
        }
    )


@functools.cache
def organizations() -> SearchStrategy[Organization]:
    """Draw organizations that are not networks.

    Returns:
        A strategy of :class:`~ngomodel.Organization`.
    """
    return st.builds(Organization, id=ids(), **_organization_fields())


@functools.cache
def networks() -> SearchStrategy[Network]:
    """Draw networks, with every field an organization has and their own.

    Returns:
        A strategy of :class:`~ngomodel.Network`.
    """
    return st.builds(Network, id=ids(), **_network_fields())


@functools.cache
def scopes() -> SearchStrategy[Scope]:
    """Draw the countries and regions a network works in.

    Returns:
        A strategy of :class:`~ngomodel.Scope`.
    """
    return st.builds(
        Scope,
        countries=_several(codes("country"), at_most=_MAX, unique=True),
        regions=_several(regions()),
    )


def _membership(
    id: SearchStrategy[str], member_id: SearchStrategy[str], network_id: SearchStrategy[str]
) -> SearchStrategy[Membership]:
    """Draw memberships with their own id and their references from the given strategies."""
    return st.builds(
        Membership,
        id=id,
        member_id=member_id,
        network_id=network_id,
        role=codes("membership_role"),
        start_date=_optional(partial_dates()),
        end_date=_optional(partial_dates()),
        sources=_several(sources()),
    )


@functools.cache
def memberships() -> SearchStrategy[Membership]:
    """Draw memberships in networks (whose ids need not resolve).

    Returns:
        A strategy of :class:`~ngomodel.Membership`.
    """
    return _membership(ids(), ids(), ids())


@functools.cache
def persons() -> SearchStrategy[Person]:
    """Draw people, their names in one or more languages or scripts.

    Returns:
        A strategy of :class:`~ngomodel.Person`.
    """
    return _person(ids())


def _person(id: SearchStrategy[str]) -> SearchStrategy[Person]:
    """Draw people with ids from *id*."""
    return st.builds(
        Person,
        id=id,
        name=localized_texts(),
        other_names=_several(other_names()),
        identifiers=_several(identifiers()),
        sources=_several(sources()),
    )


def _position(
    id: SearchStrategy[str], person_id: SearchStrategy[str], organization_id: SearchStrategy[str]
) -> SearchStrategy[Position]:
    """Draw posts with their own id and their references from the given strategies."""
    return st.builds(
        Position,
        id=id,
        person_id=person_id,
        organization_id=organization_id,
        title=localized_texts(),
        role=_optional(codes("position_role")),
        start_date=_optional(partial_dates()),
        end_date=_optional(partial_dates()),
        sources=_several(sources()),
    )


@functools.cache
def positions() -> SearchStrategy[Position]:
    """Draw posts people hold in organizations (whose ids need not resolve).

    Returns:
        A strategy of :class:`~ngomodel.Position`.
    """
    return _position(ids(), ids(), ids())


# -- agreements -------------------------------------------------------------------------


def _inline_or_known(
    target: Callable[..., T],
    organization_id: SearchStrategy[str] | None,
    **fields: SearchStrategy[Any],
) -> SearchStrategy[T]:
    """Build a party or participant named by id, described inline, or both.

    With *organization_id* ``None`` (nothing to refer to) it is always inline.
    """
    choices: dict[str, SearchStrategy[Any]] = {
        "name": localized_texts(),
        "description": localized_texts(),
    }
    if organization_id is None:
        fields["organization_id"] = st.none()
    else:
        choices = {"organization_id": organization_id, **choices}
    return _builds_with_some(
        target,
        choices,
        country=_optional(codes("country")),
        organization_type=_optional(codes("organisation_type")),
        **fields,
    )


def _party(organization_id: SearchStrategy[str] | None) -> SearchStrategy[Party]:
    """Draw parties naming an organization from *organization_id*, if any, or described inline."""
    return _inline_or_known(Party, organization_id, role=_optional(codes("party_role")))


@functools.cache
def parties() -> SearchStrategy[Party]:
    """Draw parties to agreements, named by id, described inline, or both.

    Returns:
        A strategy of :class:`~ngomodel.Party`.
    """
    return _party(ids())


def _agreement(
    id: SearchStrategy[str],
    organization_id: SearchStrategy[str] | None,
    network_id: SearchStrategy[str] | None,
    program_ids: SearchStrategy[tuple[str, ...]],
) -> SearchStrategy[Agreement]:
    """Draw agreements with their own id and their references from the given strategies."""
    return st.builds(
        Agreement,
        id=id,
        parties=st.lists(
            _party(organization_id), min_size=2, max_size=3, unique_by=party_identity
        ).map(tuple),
        title=_optional(localized_texts()),
        agreement_type=_optional(codes("agreement_type")),
        date_signed=_optional(partial_dates()),
        period=_optional(periods()),
        program_ids=program_ids,
        network_id=st.none() if network_id is None else _optional(network_id),
        description=_optional(localized_texts()),
        documents=_several(links()),
        sources=_several(sources()),
    )


@functools.cache
def agreements() -> SearchStrategy[Agreement]:
    """Draw agreements between two or three parties (whose ids need not resolve).

    Returns:
        A strategy of :class:`~ngomodel.Agreement`.
    """
    return _agreement(ids(), ids(), ids(), _any_ids())


# -- programs ---------------------------------------------------------------------------


def _participant(organization_id: SearchStrategy[str] | None) -> SearchStrategy[Participant]:
    """Draw participants naming an organization from *organization_id*, if any, or inline."""
    return _inline_or_known(
        Participant, organization_id, role=_optional(codes("organisation_role"))
    )


@functools.cache
def participants() -> SearchStrategy[Participant]:
    """Draw organizations taking part in programs, named by id, described inline, or both.

    Returns:
        A strategy of :class:`~ngomodel.Participant`.
    """
    return _participant(ids())


def _beneficiary_group(
    location_ids: SearchStrategy[tuple[str, ...]],
) -> SearchStrategy[BeneficiaryGroup]:
    """Draw beneficiary groups at locations drawn from *location_ids*."""
    return st.builds(
        BeneficiaryGroup,
        label=localized_texts(),
        categories=_several(codes("beneficiary_category"), at_most=_MAX, unique=True),
        sex=_optional(codes("sex")),
        age_min=_optional(_counts()),
        age_max=_optional(_counts()),
        planned_count=_optional(_counts()),
        reached_count=_optional(_counts()),
        location_ids=location_ids,
    )


@functools.cache
def beneficiary_groups() -> SearchStrategy[BeneficiaryGroup]:
    """Draw groups of people programs serve (whose location ids need not resolve).

    Returns:
        A strategy of :class:`~ngomodel.BeneficiaryGroup`.
    """
    return _beneficiary_group(_any_ids())


@functools.cache
def disaggregations() -> SearchStrategy[Disaggregation]:
    """Draw values for slices by sex, age band and population status.

    Returns:
        A strategy of :class:`~ngomodel.Disaggregation`.
    """
    return _builds_with_some(
        Disaggregation,
        {
            "sex": codes("sex"),
            "age_band": codes("age_band"),
            "population_status": codes("population_status"),
        },
        value=_numbers(),
    )


def _indicator_value(
    location_ids: SearchStrategy[tuple[str, ...]],
) -> SearchStrategy[IndicatorValue]:
    """Draw targets and actuals about locations drawn from *location_ids*."""
    return _builds_with_some(
        IndicatorValue,
        {"value": _numbers(), "comment": localized_texts()},
        qualifier=codes("figure_qualifier"),
        location_ids=location_ids,
        disaggregations=_several(disaggregations()),
    )


@functools.cache
def indicator_values() -> SearchStrategy[IndicatorValue]:
    """Draw targets and actuals (whose location ids need not resolve).

    Returns:
        A strategy of :class:`~ngomodel.IndicatorValue`.
    """
    return _indicator_value(_any_ids())


def _indicator_period(
    location_ids: SearchStrategy[tuple[str, ...]],
) -> SearchStrategy[IndicatorPeriod]:
    """Draw indicator periods whose values are about *location_ids*."""
    value = _indicator_value(location_ids)
    return _builds_with_some(
        IndicatorPeriod, {"target": value, "actual": value}, period=_optional(periods())
    )


@functools.cache
def indicator_periods() -> SearchStrategy[IndicatorPeriod]:
    """Draw what indicators aim for and reach in a period.

    Returns:
        A strategy of :class:`~ngomodel.IndicatorPeriod`.
    """
    return _indicator_period(_any_ids())


def _indicator(location_ids: SearchStrategy[tuple[str, ...]]) -> SearchStrategy[Indicator]:
    """Draw indicators whose values are about *location_ids*."""
    return st.builds(
        Indicator,
        title=localized_texts(),
        measure=codes("indicator_measure"),
        unit=_optional(texts()),
        ascending=_optional(st.booleans()),
        baseline=_optional(_indicator_value(location_ids)),
        baseline_date=_optional(partial_dates()),
        periods=_several(_indicator_period(location_ids)),
    )


@functools.cache
def indicators() -> SearchStrategy[Indicator]:
    """Draw measures of results.

    Returns:
        A strategy of :class:`~ngomodel.Indicator`.
    """
    return _indicator(_any_ids())


def _result(location_ids: SearchStrategy[tuple[str, ...]]) -> SearchStrategy[Result]:
    """Draw results whose indicator values are about *location_ids*."""
    return st.builds(
        Result,
        type=codes("result_type"),
        title=localized_texts(),
        indicators=_several(_indicator(location_ids), at_least=1),
        description=_optional(localized_texts()),
    )


@functools.cache
def results() -> SearchStrategy[Result]:
    """Draw results, each measured by one or two indicators.

    Returns:
        A strategy of :class:`~ngomodel.Result`.
    """
    return _result(_any_ids())


@functools.cache
def budgets() -> SearchStrategy[Budget]:
    """Draw budgets.

    Returns:
        A strategy of :class:`~ngomodel.Budget`.
    """
    return st.builds(
        Budget,
        value=money(),
        type=_optional(codes("budget_type")),
        status=_optional(codes("budget_status")),
        period=_optional(periods()),
    )


@st.composite
def _program(
    draw: st.DrawFn,
    id: SearchStrategy[str],
    places: SearchStrategy[tuple[Location, ...]],
    organization_id: SearchStrategy[str] | None,
    agreement_ids: SearchStrategy[tuple[str, ...]],
) -> Program:
    """Draw a program whose beneficiaries and indicator values are at its own locations."""
    program_locations = draw(places)
    location_ids = _id_tuples([location.id for location in program_locations])
    return draw(
        _builds_with_some(
            Program,
            {"title": localized_texts(), "description": localized_texts()},
            id=id,
            status=_optional(codes("activity_status")),
            planned_start=_optional(partial_dates()),
            actual_start=_optional(partial_dates()),
            planned_end=_optional(partial_dates()),
            actual_end=_optional(partial_dates()),
            participants=_several(_participant(organization_id)),
            recipient_countries=_several(country_shares()),
            recipient_regions=_several(regions()),
            locations=st.just(program_locations),
            sectors=_several(classifications()),
            beneficiary_groups=_several(_beneficiary_group(location_ids)),
            results=_several(_result(location_ids)),
            budgets=_several(budgets()),
            agreement_ids=agreement_ids,
            sources=_several(sources()),
        )
    )


@functools.cache
def programs() -> SearchStrategy[Program]:
    """Draw programs whose beneficiary groups and indicator values are at their locations.

    Participants' and agreements' ids need not resolve.

    Returns:
        A strategy of :class:`~ngomodel.Program`.
    """
    places = st.lists(locations(), max_size=_MAX, unique_by=lambda place: place.id).map(tuple)
    return _program(ids(), places, ids(), _any_ids())


# -- figures ----------------------------------------------------------------------------


@functools.cache
def shares() -> SearchStrategy[Share]:
    """Draw shares of a figure inside or outside one country.

    Returns:
        A strategy of :class:`~ngomodel.Share`.
    """
    country = codes("country")
    return _builds_with_one(
        Share,
        {"located_in": country, "located_outside": country},
        fraction=_between(0, 1),
        qualifier=codes("figure_qualifier"),
    )


def _reported_figure(
    id: SearchStrategy[str], subject_id: SearchStrategy[str]
) -> SearchStrategy[ReportedFigure]:
    """Draw figures with their own id, about a subject drawn from *subject_id*."""
    return st.builds(
        ReportedFigure,
        id=id,
        subject_id=subject_id,
        metric=codes("figure_metric"),
        value=_counts(),
        qualifier=codes("figure_qualifier"),
        share=_optional(shares()),
        as_of=_optional(partial_dates()),
        period=_optional(periods()),
        country=_optional(codes("country")),
        sectors=_several(classifications()),
        description=_optional(localized_texts()),
        sources=_several(sources()),
    )


@functools.cache
def reported_figures() -> SearchStrategy[ReportedFigure]:
    """Draw figures reported about a subject (whose id need not resolve).

    Returns:
        A strategy of :class:`~ngomodel.ReportedFigure`.
    """
    return _reported_figure(ids(), ids())


# -- datasets ---------------------------------------------------------------------------


def _pick(pool: Sequence[str]) -> SearchStrategy[str] | None:
    """Draw one id of *pool*, or ``None`` when there is nothing to pick."""
    return st.sampled_from(pool) if pool else None


@functools.cache
def _dataset_fields() -> Mapping[str, SearchStrategy[Any]]:
    """Strategies of a dataset's descriptive fields, those that are not collections."""
    return MappingProxyType(
        {
            "schema_version": st.just(SCHEMA_VERSION),
            "title": _optional(localized_texts()),
            "publisher": _optional(texts()),
            "created": _optional(partial_dates()),
            "modified": _optional(partial_dates()),
            "default_language": _optional(language_tags()),
            "license": _optional(_urls()),
        }
    )


@st.composite
def _datasets(draw: st.DrawFn) -> Dataset:
    """Draw ids first, unique across the dataset, then the entities that use them."""
    taken: set[str] = set()

    def fresh(most: int = _MAX) -> list[str]:
        count = draw(st.integers(min_value=0, max_value=most))
        new = draw(
            st.lists(
                ids().filter(lambda id: id not in taken),
                min_size=count,
                max_size=count,
                unique=True,
            )
        )
        taken.update(new)
        return new

    organization_ids = fresh()
    network_ids = fresh()
    person_ids = fresh()
    agreement_ids = fresh()
    program_ids = fresh(_FEW)
    subject = _pick(organization_ids + network_ids)
    person = _pick(person_ids)
    network = _pick(network_ids)

    memberships = []
    for index, network_id in enumerate(network_ids):
        # A network's members are organizations and networks drawn before it, so that no
        # loop of memberships arises (the membership_cycle rule).
        members = _pick(organization_ids + network_ids[:index])
        if members is not None:
            memberships += [
                draw(_membership(st.just(id), members, st.just(network_id))) for id in fresh(_FEW)
            ]
    positions = []
    if subject is not None and person is not None:
        positions = [draw(_position(st.just(id), person, subject)) for id in fresh()]
    figures = []
    if subject is not None:
        figures = [draw(_reported_figure(st.just(id), subject)) for id in fresh()]
    programs = []
    for id in program_ids:
        places = tuple(draw(_location(st.just(place))) for place in fresh())
        programs.append(
            draw(_program(st.just(id), st.just(places), subject, _id_tuples(agreement_ids)))
        )
    collections: dict[str, Sequence[Any]] = {
        "organizations": [
            draw(st.builds(Organization, id=st.just(id), **_organization_fields()))
            for id in organization_ids
        ],
        "networks": [
            draw(st.builds(Network, id=st.just(id), **_network_fields())) for id in network_ids
        ],
        "memberships": memberships,
        "persons": [draw(_person(st.just(id))) for id in person_ids],
        "positions": positions,
        "agreements": [
            draw(_agreement(st.just(id), subject, network, _id_tuples(program_ids)))
            for id in agreement_ids
        ],
        "programs": programs,
        "figures": figures,
    }
    dataset = draw(
        st.builds(
            Dataset,
            **_dataset_fields(),
            **{name: st.just(tuple(items)) for name, items in collections.items()},
        )
    )
    return _keeping_the_rules(dataset)


# -- keeping the semantic rules ------------------------------------------------------------
# Drawn entities are valid one by one; across a dataset, the semantic rules of
# ngomodel.rules ask more. What the drawing cannot promise cheaply is put right after it,
# by changes that keep every drawn object valid: dates in order, percentages that add up,
# values that fit their measure, memberships after founding, counts no smaller than lists.

#: Fields that hold the start and the end of one span, wherever they appear.
_SPANS = (
    ("founding_date", "dissolution_date"),
    ("start_date", "end_date"),
    ("planned_start", "planned_end"),
    ("actual_start", "actual_end"),
    ("start", "end"),
)


def _evolve(obj: T, **changes: Any) -> T:
    """``attrs.evolve``, typed: mypy does not see the model decorator's classes as attrs'."""
    return attrs.evolve(obj, **changes)  # type: ignore[misc]


def _in_order(obj: Any) -> Any:
    """*obj* with every start/end pair in it, at every depth, in order (swapped if not)."""
    if isinstance(obj, tuple):
        return tuple(_in_order(item) for item in obj)
    if not attrs.has(type(obj)) or isinstance(obj, PartialDate):
        return obj
    changes = {}
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if isinstance(value, tuple) or (attrs.has(type(value)) and value is not None):
            ordered = _in_order(value)
            if ordered is not value:
                changes[field.name] = ordered
    names = {field.name for field in attrs.fields(type(obj))}
    for start, end in _SPANS:
        if start in names and end in names:
            first = changes.get(start, getattr(obj, start))
            last = changes.get(end, getattr(obj, end))
            if first is not None and last is not None and ends_before(last, first):
                changes[start], changes[end] = last, first
    return _evolve(obj, **changes) if changes else obj


def _shares(count: int) -> list[float]:
    """*count* percentages that add up to 100."""
    each = round(100 / count, 2)
    return [each] * (count - 1) + [round(100 - each * (count - 1), 2)]


def _adding_up(items: tuple[Any, ...], group: Callable[[Any], str]) -> tuple[Any, ...]:
    """Give every item of a group percentages adding up to 100, once one of them has one."""
    groups: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(group(item), []).append(index)
    out = list(items)
    for members in groups.values():
        if any(items[i].percentage is not None for i in members):
            for i, share in zip(members, _shares(len(members)), strict=True):
                out[i] = _evolve(items[i], percentage=share)
    return tuple(out)


def _fitting(value: IndicatorValue | None, measure: str) -> IndicatorValue | None:
    """*value* with its numbers made to fit *measure* (see value_does_not_fit_measure)."""
    if value is None:
        return None
    if measure in ("3", "5"):  # nominal and qualitative measures take words, not numbers
        # Words in place of the number, when there are none yet (value or comment is required).
        comment = value.comment or LocalizedText({"en": _number_in_words(value.value)})
        return _evolve(value, value=None, comment=comment, disaggregations=())

    def fit(number: float) -> float:
        if measure == "2":
            return min(max(number, 0), 100)
        if measure == "4":
            return float(round(number))
        return number

    return _evolve(
        value,
        value=None if value.value is None else fit(value.value),
        disaggregations=tuple(
            _evolve(item, value=fit(item.value)) for item in value.disaggregations
        ),
    )


def _number_in_words(number: float | None) -> str:
    return "no number" if number is None else f"about {number:.3g}"


def _fitting_indicator(indicator: Indicator) -> Indicator:
    measure = indicator.measure
    return _evolve(
        indicator,
        baseline=_fitting(indicator.baseline, measure),
        periods=tuple(
            _evolve(
                period,
                target=_fitting(period.target, measure),
                actual=_fitting(period.actual, measure),
            )
            for period in indicator.periods
        ),
    )


def _keeping_the_program_rules(program: Program) -> Program:
    places = _adding_up(
        (*program.recipient_countries, *program.recipient_regions), lambda _: "places"
    )
    countries = len(program.recipient_countries)
    return _evolve(
        program,
        sectors=_adding_up(program.sectors, lambda sector: sector.vocabulary),
        recipient_countries=places[:countries],
        recipient_regions=places[countries:],
        results=tuple(
            _evolve(result, indicators=tuple(map(_fitting_indicator, result.indicators)))
            for result in program.results
        ),
    )


def _keeping_the_rules(data: Dataset) -> Dataset:
    """Put right, in a drawn dataset, what would break a semantic rule."""
    data = _in_order(data)
    founded = {network.id: network.founding_date for network in data.networks}
    memberships = []
    for membership in data.memberships:
        founding = founded.get(membership.network_id)
        start = membership.start_date
        if founding is not None and start is not None and ends_before(start, founding):
            membership = _evolve(membership, start_date=founding)
            if membership.end_date is not None and ends_before(membership.end_date, founding):
                membership = _evolve(membership, end_date=None)
        memberships.append(membership)
    listed: dict[str, set[str]] = {}
    for membership in memberships:
        listed.setdefault(membership.network_id, set()).add(membership.member_id)
    figures = []
    for figure in data.figures:
        if figure.metric == "member_count":
            at_least = len(listed.get(figure.subject_id, ())) + int(figure.qualifier == "less_than")
            if figure.value < at_least:
                figure = _evolve(figure, value=at_least)
        figures.append(figure)
    return _evolve(
        data,
        organizations=tuple(
            _evolve(org, sectors=_adding_up(org.sectors, lambda c: c.vocabulary))
            for org in data.organizations
        ),
        networks=tuple(
            _evolve(net, sectors=_adding_up(net.sectors, lambda c: c.vocabulary))
            for net in data.networks
        ),
        memberships=tuple(memberships),
        programs=tuple(map(_keeping_the_program_rules, data.programs)),
        figures=tuple(figures),
    )


@functools.cache
def datasets() -> SearchStrategy[Dataset]:
    """Draw datasets that keep every semantic rule of :mod:`ngomodel.rules`.

    ``ngomodel.rules.check`` finds no problem in any of them, warnings included.

    Members, networks, officials, parties, brokers, participants and figure
    subjects name organizations and networks of the dataset; agreements and
    programs name each other; beneficiary groups and indicator values name
    locations of their own program. Ids are unique across the whole dataset,
    locations included. Each collection holds at most four entities, but for
    programs (at most two) and memberships (at most two per network).

    Returns:
        A strategy of :class:`~ngomodel.Dataset`.
    """
    return _datasets()


#: Every model and value class → the function that returns its strategy.
STRATEGIES: dict[type[Any], Callable[[], SearchStrategy[Any]]] = {
    Agreement: agreements,
    BeneficiaryGroup: beneficiary_groups,
    Budget: budgets,
    Classification: classifications,
    ContactDetail: contact_details,
    CountryShare: country_shares,
    Dataset: datasets,
    Disaggregation: disaggregations,
    Identifier: identifiers,
    Indicator: indicators,
    IndicatorPeriod: indicator_periods,
    IndicatorValue: indicator_values,
    Link: links,
    LocalizedText: localized_texts,
    Location: locations,
    Membership: memberships,
    Money: money,
    Network: networks,
    Organization: organizations,
    OtherName: other_names,
    PartialDate: partial_dates,
    Participant: participants,
    Party: parties,
    Period: periods,
    Person: persons,
    Point: points,
    Position: positions,
    Program: programs,
    Region: regions,
    ReportedFigure: reported_figures,
    Result: results,
    Scope: scopes,
    Share: shares,
    Source: sources,
}
