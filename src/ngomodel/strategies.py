"""Hypothesis strategies for every ngomodel class, for property tests here and downstream.

Import it from tests only: it needs hypothesis, a development dependency (the ``dev``
extra). Each model class has a strategy named after it (``ReportedFigure`` →
:func:`reported_figures`), listed in :data:`STRATEGIES`, derived from
:func:`ngomodel.inspect.type_info`: every field is drawn, optional ones absent and
present, lists empty and not, so that a new field is drawn with no change here. Only the
alphabets (texts in many scripts, with combining marks and emoji; ids; language tags;
URLs; numbers), the class rules and the datasets are written by hand. Every object is
valid and keeps each rule of :mod:`ngomodel.rules` that holds within one entity (dates in
order, percentages adding up, distinct parties, fitting values, one currency, places of
its own…); it refers to other entities by any ids. :func:`datasets` keep every rule,
:func:`rule_breaking_datasets` break one. Lists hold at most four values and two objects
(one in nested objects and in datasets), so that tests stay fast.

>>> from hypothesis import given
>>> from ngomodel import PartialDate, dumps, loads, strategies
>>> strategies.STRATEGIES[PartialDate] is strategies.partial_dates
True
>>> @given(strategies.money())
... def test_money_survives_json(money):
...     assert loads(dumps(money), type=type(money)) == money
>>> test_money_survives_json()
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import ngomodel
from ngomodel import Dataset, Indicator, IndicatorValue, LocalizedText, PartialDate, Program
from ngomodel import inspect as ins
from ngomodel._scalars import GLOBAL_ID, ID, LANGUAGE_TAG, TEXT, URL, ends_before
from ngomodel.rules import RULES

_T = TypeVar("_T")
#: (key, ids) pairs, which reach every depth: the ids a reference of a kind
#: (``"organization"``…) names, or under ``"fields"`` the fields a source may back.
_Pools = tuple[tuple[str, tuple[str, ...]], ...]
#: The most items in lists of codes, texts and ids, and by default in lists of objects.
_MAX, _FEW = 4, 2

# -- alphabets --------------------------------------------------------------------------

_REAL_TEXTS: tuple[str, ...] = (
    "China NGO Network for International Exchanges",
    "Spring of Happiness",
)
_REAL_TEXTS += ("Xingfu Quan", "幸福泉", "中国民间组织国际交流促进会", "丝路沿线民间组织合作网络")
_REAL_TEXTS += ("シルクロード", "실크로드", "جمعية الهلال الأحمر", "شبكة المنظمات غير الحكومية")
_REAL_TEXTS += ("ארגון לא ממשלתי", "ព្រះរាជាណាចក្រកម្ពុជា", "မြန်မာနိုင်ငံ", "Água potável 💧")
_REAL_TEXTS += ("Cafe\u0301 de\u0301veloppement", "Z\u0351\u036ba\u0352lgo", "👩\u200d⚕️ 🏥 🇨🇳🇰🇭")
_REAL_TEXTS += ("  padded with spaces  ", "line one\nline two")
_REAL_IDS: tuple[str, ...] = (
    "org-cfpd",
    "network-silk-road",
    "CN-USCI-51100000500019148W",
    "prog-幸福泉",
    "é",
    "🙂",
)
_REAL_TAGS: tuple[str, ...] = (
    "en",
    "zh",
    "zh-Hans",
    "zh-Hant",
    "zh-Latn-pinyin",
    "zh-cmn-Hans-CN",
    "yue-Hant-HK",
)
_REAL_TAGS += ("ar", "he", "km", "my", "fr-CA", "en-GB", "es-419", "sr-Latn-RS", "de-CH-1996")
_REAL_TAGS += ("en-US-x-twain", "x-private")
_REAL_URLS: tuple[str, ...] = (
    "https://www.chinadaily.com.cn/a/201904/30/WS5cc7.html",
    "http://example.org",
)
_REAL_URLS += ("https://例子.中国/路径?查询=值#片段",)
#: U+0590 to U+9FFF runs from Hebrew and Arabic through the Indic scripts, Myanmar and
#: Khmer to kana and CJK; combining marks, Hangul, and marks that join, reverse and select
#: are added. One set, so that a text of them is drawn in one go.
_MARKS = "".join(map(chr, range(0x0300, 0x0370))) + "한국어 \u200d\u200f\u202e\ufe0f"
_SCRIPTS = st.characters(min_codepoint=0x0590, max_codepoint=0x9FFF, include_characters=_MARKS)
#: Emoji, with the joiner, the variation selector and regional indicators to combine them.
_EMOJI = st.characters(
    min_codepoint=0x1F1E6, max_codepoint=0x1FAFF, include_characters=" \u200d\ufe0f"
)
_NO_SPACE = st.characters(codec="utf-8", exclude_categories=["Z", "Cc"])
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#: RFC 5646's grammar, each part at most once, so that built tags stay short; in any case.
_TAG = r"(?:[a-z]{2,3}(?:-[a-z]{3})?|[a-z]{4,8})(?:-[a-z]{4})?(?:-[a-z]{2}|-[0-9]{3})?"
_TAG += r"(?:-[a-z0-9]{5,8}|-[0-9][a-z0-9]{3})?(?:-[0-9a-wyz]-[a-z0-9]{2,8})?"
_TAG += r"(?:-x-[a-z0-9]{1,8})?|x-[a-z0-9]{1,8}"


@functools.cache
def ids() -> SearchStrategy[str]:
    """Draw identifiers: no white space and none of ``/ & | ?``, in any script.

    Returns:
        A strategy of ids: real ones, ASCII ones, ones in many scripts, and any.
    """
    return st.one_of(
        st.sampled_from(_REAL_IDS),
        st.text(_ALNUM + "-_.:", min_size=1, max_size=16),
        st.text(_SCRIPTS, min_size=1, max_size=12),
        st.text(_NO_SPACE, min_size=1, max_size=12),
    ).filter(lambda text: ID.problem(text) is None)


@functools.cache
def texts() -> SearchStrategy[str]:
    """Draw texts with at least one non-space character, in many scripts.

    Returns:
        A strategy of real names; CJK, Arabic, Hebrew, Khmer and Myanmar text; combining
        marks; emoji; and any Unicode text (never lone surrogates).
    """
    return st.one_of(
        st.sampled_from(_REAL_TEXTS),
        st.text(_SCRIPTS, min_size=1, max_size=12),
        st.text(_EMOJI, min_size=1, max_size=6),
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=12),
    ).filter(lambda text: TEXT.problem(text) is None)


@functools.cache
def language_tags() -> SearchStrategy[str]:
    """Draw well-formed BCP 47 language tags: real ones, and ones built by the grammar.

    Returns:
        A strategy of tags such as ``en``, ``zh-Latn-pinyin`` or ``abc-Defg-419-x-1``.
    """
    built = st.from_regex(re.compile(_TAG, re.IGNORECASE), fullmatch=True)
    return st.sampled_from(_REAL_TAGS) | built


@functools.cache
def _urls() -> SearchStrategy[str]:
    """Draw absolute http(s) URLs, Unicode ones included."""
    host = st.characters(codec="utf-8", exclude_categories=["Z", "Cc"], exclude_characters="/?#")
    parts = st.sampled_from(["http", "https"]), st.text(host, min_size=1, max_size=12)
    built = st.builds("{}://{}{}".format, *parts, st.text(_NO_SPACE, max_size=16))
    return st.sampled_from(_REAL_URLS) | built.filter(lambda url: URL.problem(url) is None)


@functools.cache
def codes(codelist_name: str) -> SearchStrategy[str]:
    """Draw codes of one shipped codelist.

    Args:
        codelist_name: A name from :func:`ngomodel.codelists.names`, e.g. ``"country"``.

    Returns:
        A strategy of that codelist's current codes (withdrawn ones are left out).

    Raises:
        KeyError: If there is no codelist of that name.
    """
    return st.sampled_from(ins.code_type(codelist_name).current)


def _numbers(node: ins.IntegerType | ins.NumberType | ins.AmountType) -> SearchStrategy[Any]:
    """Draw numbers near zero and near the bounds, and exact amounts of many places."""
    if isinstance(node, ins.AmountType):  # from strings, which Decimal reads exactly
        sign = st.sampled_from(["", "-"] if node.minimum is None else [""])
        built = st.builds("{}{}E{}".format, sign, st.integers(0, 10**40), st.integers(-40, 12))
        return built.map(Decimal) | st.sampled_from([Decimal("0"), Decimal("1500.00")])
    low, high = node.minimum, node.maximum
    assert low is not None  # every number field has bounds
    assert high is not None
    if isinstance(node, ins.NumberType):  # floats, and ints beyond a float's precision too
        whole = st.integers(max(math.ceil(low), -(2**70)), min(math.floor(high), 2**70))
        return st.floats(low, high, allow_nan=False, allow_infinity=False) | whole
    low, high = int(low), int(high)
    middle = st.integers(max(low, min(high, -(10**6))), min(high, max(low, 10**6)))
    return middle | st.integers(low, min(high, low + 2**20)) | st.integers(high - 2**20, high)


def _partial_date(date: Any, known: int) -> PartialDate:
    month, day = (date.month if known else None), (date.day if known > 1 else None)
    return PartialDate(year=date.year, month=month, day=day)


_BY_CLASS: dict[type[Any], Callable[[], SearchStrategy[Any]]] = {}


def _per_class(
    cls: type[_T], strategy: Callable[[], SearchStrategy[_T]] | None = None
) -> Callable[[], SearchStrategy[_T]]:
    """Make the public strategy function of *cls*: named after it, documented, built once."""

    def draw() -> SearchStrategy[_T]:
        target: Any = cls  # a type is hashable, and so a key of _model's cache
        return _model(target) if strategy is None else strategy()

    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()
    draw.__name__ = draw.__qualname__ = re.sub("(?<![aeiou])ys$", "ies", f"{snake}s")
    draw.__name__ = draw.__qualname__ = draw.__name__.replace("moneys", "money")
    draw.__name__ = draw.__qualname__ = draw.__name__.replace("datas", "data")
    draw.__annotations__ = {"return": SearchStrategy[cls]}  # type: ignore[valid-type]
    what = (cls.__doc__ or "").strip().splitlines()[0]
    draw.__doc__ = f"""Draw objects of :class:`~ngomodel.{cls.__name__}`: {what}

    Returns:
        A strategy of :class:`~ngomodel.{cls.__name__}`.
    """
    _BY_CLASS[cls] = made = functools.cache(draw)
    return made


localized_texts = _per_class(
    LocalizedText,
    lambda: st.dictionaries(language_tags(), texts(), min_size=1, max_size=2).map(LocalizedText),
)
partial_dates = _per_class(
    PartialDate,
    lambda: st.builds(_partial_date, st.dates(), st.integers(min_value=0, max_value=2)),
)
#: The strategy of each pattern's strings; a pattern not listed is drawn from its regex.
_PATTERNED = {ID: ids, GLOBAL_ID: ids, TEXT: texts, LANGUAGE_TAG: language_tags, URL: _urls}
_SIMPLE = {ins.BooleanType: st.booleans, ins.DateType: partial_dates}
_SIMPLE[ins.LocalizedTextType] = localized_texts
#: JSON values, as extension members hold them: scalars, and arrays and objects of them.
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=5), inner, max_size=2)
    ),
    max_leaves=4,
)
extension_data = _per_class(
    ngomodel.ExtensionData,
    lambda: st.dictionaries(
        st.from_regex(r"\A[a-z][a-z0-9_]{0,8}\Z"),
        st.dictionaries(st.text(max_size=5), _JSON, max_size=2),
        min_size=1,
        max_size=1,
    ).map(ngomodel.ExtensionData),
)
_SIMPLE[ins.ExtensionDataType] = extension_data
#: Fields with an alphabet of their own: unknown_identifier_scheme warns of other schemes.
_ALPHABETS: dict[tuple[type, str], str] = {
    (ngomodel.Identifier, "scheme"): "organisation_registration_agency"
}
_PARTY = ins.ModelType(ngomodel.Party)


# -- derivation from ngomodel.inspect -------------------------------------------------------


def _node(node: ins.Node, pools: _Pools, least: int = 0, few: int = _FEW) -> Any:
    """Derive the strategy of the values of *node*: lists of *least* to *few* objects."""
    if isinstance(node, ins.OptionalType):
        return st.none() | _node(node.item, pools, few=few)
    if isinstance(node, ins.ListType):
        item, least = node.item, max(least, node.min_items)
        if item == ins.CodeType(()):  # references with no id to name
            return st.nothing() if least else st.just(())
        most = max(least + 1, few if isinstance(item, ins.ModelType) else _MAX)
        # Equal parties are one (duplicate_party); the same code twice says nothing more.
        unique: dict[str, Any] = {"unique_by": ngomodel._agreements.party_identity}
        unique = unique if item == _PARTY else {}
        unique = {"unique": True} if isinstance(item, ins.CodeType) else unique
        items = st.lists(_node(item, pools, few=few), min_size=least, max_size=most, **unique)
        return items.map(tuple)
    if isinstance(node, ins.ModelType):  # nested objects hold one object a list, to stay cheap
        return _model(node.cls, pools, 1)
    if isinstance(node, ins.TextType) and node.pattern in _PATTERNED:
        return _PATTERNED[node.pattern]()
    if isinstance(node, ins.TextType) and node.pattern is not None:
        pattern = node.pattern
        return st.from_regex(pattern.regex).filter(lambda text: pattern.problem(text) is None)
    if isinstance(node, ins.TextType):
        return st.text(st.characters(codec="utf-8"))
    if isinstance(node, ins.CodeType):  # a reference with no id to name is drawn empty
        return st.sampled_from(node.current) if node.current else st.nothing()
    if isinstance(node, (ins.IntegerType, ins.NumberType, ins.AmountType)):
        return _numbers(node)
    return _SIMPLE[type(node)]()


def _replaced(node: ins.Node, inner: ins.Node) -> ins.Node:
    """*node* with *inner* in place of its innermost node (inside optional values, lists)."""
    if isinstance(node, (ins.OptionalType, ins.ListType)):
        return attrs.evolve(node, item=_replaced(node.item, inner))
    return inner


def _info(cls: type) -> ins.ModelType:
    info = ins.type_info(cls)
    assert isinstance(info, ins.ModelType)
    return info


def _inner(node: ins.Node) -> ins.Node:
    while isinstance(node, (ins.OptionalType, ins.ListType)):
        node = node.item
    return node


def _key(cls: type, field: ins.Field) -> str:
    """The pool a field draws from: its reference kind, ``"fields"`` for a source's, or ""."""
    node = _inner(field.type)
    if isinstance(node, ins.TextType) and node.refers_to is not None:
        return node.refers_to
    return "fields" if (cls, field.name) == (ngomodel.Source, "fields") else ""


@functools.cache
def _keys(cls: Any) -> frozenset[str]:
    """The pool keys that fields of *cls*, or of classes nested in it, draw from."""
    found = {_key(cls, field) for field in _info(cls).fields} - {""}
    for node in (_inner(field.type) for field in _info(cls).fields):
        found |= _keys(node.cls) if isinstance(node, ins.ModelType) else set()
    return frozenset(found)


@functools.lru_cache(maxsize=1024)
def _fields(cls: Any, pools: _Pools, omit: frozenset[str], few: int) -> Any:
    """Derive the strategy of keyword arguments for *cls*, all fields but those in *omit*.

    Optional fields are drawn absent and present, fields with a default at it and not,
    and the class rules (``ExactlyOneOf``, ``AtLeastOneOf``, ``CodeDependsOn``) are kept.
    """
    fields, present, drawn = _info(cls).fields, {}, {}
    if any(field.name == "sources" for field in fields):  # unknown_source_field
        pools = (*(p for p in pools if p[0] != "fields"), ("fields", tuple(f.name for f in fields)))
    # Left at their defaults: deprecated fields, which warn, and extension data, which only
    # a dataset that declares a registered extension may hold (see extension_data()).
    omit |= {f.name for f in fields if f.deprecated or isinstance(f.type, ins.ExtensionDataType)}
    for field in (f for f in fields if f.name not in omit):
        name, node, pool = field.name, field.type, dict(pools).get(_key(cls, field))
        if pool is not None or (cls, name) in _ALPHABETS:  # ids from a pool, as codes are
            inner = ins.code_type(_ALPHABETS[cls, name]) if pool is None else ins.CodeType(pool)
            node = _replaced(node, inner)
        item = node.item if isinstance(node, ins.OptionalType) else node
        present[name], drawn[name] = _node(item, pools, 1, few), _node(node, pools, few=few)
        if not field.required and field.default not in (None, ()):  # left out on the wire
            drawn[name] = st.just(field.default) | drawn[name]
    parts = []
    for rule in _info(cls).rules:
        if isinstance(rule, (ins.ExactlyOneOf, ins.AtLeastOneOf)):
            names = [name for name in rule.fields if name in drawn]
            others = {name: drawn.pop(name) for name in names}
            if isinstance(rule, ins.ExactlyOneOf):
                others = dict.fromkeys(names, st.none())
            one = [{n: present[n] if n == c else others[n] for n in names} for c in names]
            parts.append(st.one_of([st.fixed_dictionaries(f) for f in one]))
        elif isinstance(rule, ins.CodeDependsOn) and rule.field in drawn:
            # A code of the codelist the vocabulary selects, or any id for other vocabularies.
            del drawn[rule.field], drawn[rule.vocabulary_field]
            vocabulary = next(f.type for f in fields if f.name == rule.vocabulary_field)
            assert isinstance(vocabulary, ins.CodeType)
            rest = [code for code in vocabulary.current if code not in dict(rule.codelists)]
            pairs = [(st.just(code), codes(name)) for code, name in rule.codelists]
            pairs += [(st.sampled_from(rest), ids())] if rest else []
            keys = rule.vocabulary_field, rule.field
            parts.append(
                st.one_of([st.fixed_dictionaries(dict(zip(keys, p, strict=True))) for p in pairs])
            )
    parts.append(st.fixed_dictionaries(drawn))
    return st.tuples(*parts).map(lambda dicts: {k: v for d in dicts for k, v in d.items()})


def _build(cls: Any, kwargs: Mapping[str, Any]) -> Any:
    """Build an object of *cls* and put right what would break a rule within it."""
    return _keeping_entity_rules(cls(**kwargs))


@functools.lru_cache(maxsize=1024)
def _model(cls: Any, pools: _Pools = (), few: int = _FEW) -> SearchStrategy[Any]:
    """Derive the strategy of the objects of *cls*, their references drawn from *pools*."""
    pools = tuple(pool for pool in pools if pool[0] in _keys(cls))
    if cls is Program and "location" not in dict(pools):
        return _program(pools, few)
    return _fields(cls, pools, frozenset(), few).map(functools.partial(_build, cls))  # type: ignore[no-any-return]


def _entity(draw: st.DrawFn, cls: Any, pools: _Pools = (), few: int = 1, **fixed: Any) -> Any:
    """Draw an object of *cls* with the *fixed* field values (such as its id)."""
    pools = tuple(pool for pool in pools if pool[0] in _keys(cls))
    return _build(cls, {**draw(_fields(cls, pools, frozenset(fixed), few)), **fixed})


@st.composite
def _program(draw: st.DrawFn, pools: _Pools, few: int) -> Any:
    """Draw a program whose beneficiaries and indicator values are at its own locations."""
    places = st.lists(_model(ngomodel.Location, (), few), max_size=few, unique_by=lambda p: p.id)
    drawn = draw(places)
    here = tuple(place.id for place in drawn)
    id = draw(ids().filter(lambda id: id not in here))  # duplicate_id
    return _entity(draw, Program, (*pools, ("location", here)), few, id=id, locations=tuple(drawn))


# -- keeping the rules within one entity -----------------------------------------------------
# What drawing cannot promise cheaply is put right after it, by changes that keep the
# object valid. Nested objects were put right when they were drawn.

#: Fields that hold the start and the end of one span, wherever they appear.
_SPANS = [("founding_date", "dissolution_date"), ("start_date", "end_date"), ("start", "end")]
_SPANS += [("planned_start", "planned_end"), ("actual_start", "actual_end")]


def _evolve(obj: _T, **changes: Any) -> _T:
    """``attrs.evolve``, typed: mypy does not see the model decorator's classes as attrs'."""
    return attrs.evolve(obj, **changes) if changes else obj  # type: ignore[misc]


def _adding_up(items: tuple[Any, ...], group: Callable[[Any], str]) -> tuple[Any, ...]:
    """Give every item of a group percentages adding up to 100, once one of them has one."""
    groups: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(group(item), []).append(index)
    out = list(items)
    for members in (m for m in groups.values() if any(items[i].percentage is not None for i in m)):
        each = round(100 / len(members), 2)
        for i in members:
            rest = round(100 - each * (len(members) - 1), 2)
            out[i] = _evolve(items[i], percentage=rest if i == members[-1] else each)
    return tuple(out)


def _fitting(value: IndicatorValue | None, measure: str) -> IndicatorValue | None:
    """*value* with its numbers made to fit *measure*: 0 to 100, whole ranks, or words."""
    if value is None or measure in ("3", "5"):  # nominal, qualitative: words, not numbers
        words = value and (value.comment or LocalizedText({"en": f"about {value.value}"}))
        return value and _evolve(value, value=None, comment=words, disaggregations=())

    def fit(number: float) -> float:
        if measure == "2":
            return min(max(number, 0), 100)
        return round(number) if measure == "4" else number

    items = tuple(_evolve(d, value=fit(d.value)) for d in value.disaggregations)
    return _evolve(value, value=value.value and fit(value.value), disaggregations=items)


def _keeping_entity_rules(obj: _T) -> _T:
    """*obj* with its spans in order, its percentages adding up, its values fitting…"""
    changes: dict[str, Any] = {}
    for start, end in _SPANS:
        first, last = getattr(obj, start, None), getattr(obj, end, None)
        if isinstance(first, PartialDate) and isinstance(last, PartialDate):
            changes |= {start: last, end: first} if ends_before(last, first) else {}
    if isinstance(obj, ngomodel.Membership) and obj.member_id == obj.network_id:
        changes["network_id"] = f"{obj.network_id}-"  # membership_cycle
    if isinstance(obj, ngomodel.Organization) and obj.parent_id == obj.id:
        changes["parent_id"] = None  # parent_cycle
    if isinstance(obj, (ngomodel.Organization, Program)):
        changes["sectors"] = _adding_up(obj.sectors, lambda sector: sector.vocabulary)
    if isinstance(obj, Indicator):
        measure = obj.measure
        changes["baseline"] = _fitting(obj.baseline, measure)
        changes["periods"] = tuple(
            _evolve(p, target=_fitting(p.target, measure), actual=_fitting(p.actual, measure))
            for p in obj.periods
        )
    if isinstance(obj, Program):
        program = _evolve(obj, **changes)
        count = len(obj.recipient_countries)
        places = _adding_up((*obj.recipient_countries, *obj.recipient_regions), lambda _: "")
        changes |= {"recipient_countries": places[:count], "recipient_regions": places[count:]}
        begin = program.actual_start or program.planned_start
        finish = program.actual_end or program.planned_end
        if begin and finish and ends_before(finish, begin):  # an actual date, a planned one
            changes["planned_end" if program.actual_start else "planned_start"] = None
            begin, finish = (begin, None) if program.actual_start else (None, finish)
        money = [b.value.currency for b in obj.budgets] + [t.currency for t in obj.transactions]
        currency = obj.default_currency or (money[0] if money else None)  # mixed_currencies
        changes["budgets"] = tuple(
            _evolve(b, value=_evolve(b.value, currency=currency)) for b in obj.budgets
        )
        dates = [t.date for t in obj.transactions]  # transaction_outside_program_dates
        dates = [begin if begin and ends_before(d, begin) else d for d in dates]
        dates = [finish if finish and ends_before(finish, d) else d for d in dates]
        changes["transactions"] = tuple(
            _evolve(t, date=d, currency=currency)
            for t, d in zip(obj.transactions, dates, strict=True)
        )
    return _evolve(obj, **{k: v for k, v in changes.items() if v != getattr(obj, k)})


# -- datasets ---------------------------------------------------------------------------

#: Each collection, after those its entities' required references name.
_NEEDS: dict[str, set[str]] = {"organizations": set(), "networks": set(), "persons": set()}
_NEEDS |= {"memberships": {"organizations", "networks"}, "posts": {"organizations"}}
_NEEDS |= {"positions": {"organizations", "persons"}, "figures": {"organizations"}}
_NEEDS |= {"agreements": set(), "programs": set()}


def _fresh(draw: st.DrawFn, taken: set[str], count: int) -> tuple[str, ...]:
    """Draw *count* ids that are not *taken* yet, and take them."""
    free = ids().filter(lambda id: id not in taken)
    new = draw(st.lists(free, min_size=count, max_size=count, unique=True))
    taken.update(new)
    return tuple(new)


@st.composite
def _dataset(draw: st.DrawFn, least: int, most: int, filled: frozenset[str]) -> Dataset:
    """Draw ids first, unique across the dataset, then the entities that name them."""
    taken: set[str] = set()
    made: dict[str, tuple[str, ...]] = {}
    for name, needs in _NEEDS.items():
        ready = name in filled and all(made[need] for need in needs)
        made[name] = _fresh(draw, taken, draw(st.integers(least, most)) if ready else 0)
    orgs, nets = made["organizations"], made["networks"]
    kinds = {"organization": orgs + nets, "network": nets, "person": made["persons"]}
    kinds |= {"post": made["posts"], "agreement": made["agreements"], "program": made["programs"]}
    out: dict[str, list[Any]] = {name: [] for name in _NEEDS}
    for k, id in enumerate(orgs + nets):  # parents drawn before, so that no loop arises
        name = "organizations" if k < len(orgs) else "networks"
        out[name].append(
            _entity(draw, _CLASSES[name], (("organization", (orgs + nets)[:k]),), id=id)
        )
    for name in ("persons", "posts", "positions", "agreements", "figures"):
        out[name] = [_entity(draw, _CLASSES[name], (*kinds.items(),), id=id) for id in made[name]]
    for id in made["programs"]:
        places = _fresh(draw, taken, draw(st.integers(0, _FEW)))
        located = tuple(_entity(draw, ngomodel.Location, id=place) for place in places)
        pools = (*kinds.items(), ("location", places))
        out["programs"].append(_entity(draw, Program, pools, id=id, locations=located))
    # A network's members are organizations and networks drawn before it, so that no loop
    # of memberships arises (membership_cycle), each pair once (duplicate_membership).
    pairs = [(member, n) for i, n in enumerate(nets) for member in orgs + nets[:i]]
    count = min(len(pairs), len(made["memberships"]))
    chosen = st.lists(
        st.sampled_from(pairs or [("", "")]), min_size=count, max_size=count, unique=True
    )
    for id, (member, network) in zip(made["memberships"], draw(chosen), strict=False):
        pools = (("organization", (member,)), ("network", (network,)))
        out["memberships"].append(_entity(draw, ngomodel.Membership, pools, id=id))
    fields = draw(_fields(Dataset, (), frozenset({*_NEEDS, "extensions"}), _FEW))
    fields |= {name: tuple(entities) for name, entities in out.items()}
    return _keeping_dataset_rules(Dataset(**fields))


def _within(item: _T, life: Any) -> _T:
    """*item* with dates outside an organization's *life* given that life instead."""
    founded, dissolved = (life.founding_date, life.dissolution_date) if life else (None, None)
    start, end = item.start_date, item.end_date  # type: ignore[attr-defined]
    outside = bool(start and founded and ends_before(start, founded))
    outside |= bool(dissolved and any(d and ends_before(dissolved, d) for d in (start, end)))
    return _evolve(item, start_date=founded, end_date=dissolved) if outside else item


def _keeping_dataset_rules(data: Dataset) -> Dataset:
    """Put right what would break a rule across entities."""
    orgs = {org.id: org for org in (*data.organizations, *data.networks)}
    posts = {post.id: post.organization_id for post in data.posts}
    positions = [  # post_in_other_organization
        _evolve(p, organization_id=posts.get(p.post_id or "", p.organization_id))
        for p in data.positions
    ]
    members = Counter(m.network_id for m in data.memberships)  # each pair once, so counted
    figures = [  # more_members_listed_than_reported
        _evolve(f, value=max(f.value, members[f.subject_id] + (f.qualifier == "less_than")))
        if f.metric == "member_count"
        else f
        for f in data.figures
    ]
    return _evolve(
        data,
        positions=tuple(_within(p, orgs.get(p.organization_id)) for p in positions),
        posts=tuple(_within(p, orgs.get(p.organization_id)) for p in data.posts),
        memberships=tuple(_within(m, orgs.get(m.network_id)) for m in data.memberships),
        figures=tuple(figures),
        programs=tuple(  # one_sided_link: a program names the agreements that name it
            _evolve(p, agreement_ids=tuple(a.id for a in data.agreements if p.id in a.program_ids))
            for p in data.programs
        ),
    )


def datasets(
    *, min_size: int = 0, max_size: int = 2, collections: Collection[str] | None = None
) -> SearchStrategy[Dataset]:
    """Draw datasets that keep every rule of :mod:`ngomodel.rules`.

    :func:`ngomodel.rules.check` finds no problem in them, warnings included, and they
    load back equal from their JSON. Ids are unique, and each reference names an entity
    of its kind. An entity's lists of objects hold at most one item, to keep them quick.

    Args:
        min_size: The fewest entities in each collection filled.
        max_size: The most entities in each collection.
        collections: The collections to fill, by field name (``"organizations"``…), or
            ``None`` for all. Memberships fill organizations and networks too, positions
            organizations and persons, posts and figures organizations. The rest are empty.

    Returns:
        A strategy of :class:`~ngomodel.Dataset`.

    Raises:
        ValueError: For an unknown collection, or unless ``0 <= min_size <= max_size``.

    >>> from hypothesis import given
    >>> @given(datasets(min_size=1, collections={"positions"}))
    ... def test_officials(data):
    ...     assert data.persons and data.organizations and not data.programs
    >>> test_officials()
    """
    chosen = set(_NEEDS if collections is None else collections)
    if not chosen <= set(_NEEDS) or not 0 <= min_size <= max_size:
        unknown = ", ".join(sorted(chosen - set(_NEEDS))) or "none"
        raise ValueError(f"unknown collections: {unknown}; sizes {min_size} to {max_size}")
    return _datasets(min_size, max_size, frozenset(chosen.union(*(_NEEDS[c] for c in chosen))))


_datasets = functools.cache(_dataset)


# -- datasets that break a rule ------------------------------------------------------------
# Entities of fresh ids (a to e) are added to a drawn dataset, with the values written
# here: they name only each other, and break the rule, and no other one.

_WORDS = LocalizedText({"en": "words"})
_EARLY, _LATE = PartialDate(year=2001), PartialDate(year=2020)
_MISFIT = Indicator(title=_WORDS, measure="2", baseline=IndicatorValue(value=150))
_SPENT = ngomodel.Transaction(type="3", date=_EARLY, amount=Decimal(1), currency="USD")
#: What the words of _BREAKING stand for, besides the ids a to e and plain texts.
_VALUES: dict[str, Any] = {"-": None, "()": (), "0": 0, "early": _EARLY, "late": _LATE}
_VALUES |= {"same": (ngomodel.Party(name=_WORDS),) * 2, "spent": (_SPENT,)}
_VALUES |= {"half": (ngomodel.Classification(code="11110", percentage=50),)}
_VALUES |= {"misfit": (ngomodel.Result(type="1", title=_WORDS, indicators=(_MISFIT,)),)}
_VALUES |= {"unknown": (ngomodel.Identifier(scheme="no-register", identifier="1"),)}
_VALUES |= {"no_field": (ngomodel.Source(title="a source", fields=("no_such_field",)),)}
_VALUES |= {"words": _WORDS, "withdrawn": (ngomodel.Classification(code="11321"),)}
_SHORT = {"lifeless": "founding_date=- dissolution_date=-", "spanless": "start_date=- end_date=-"}
_SHORT["undated"] = "planned_start=- planned_end=- actual_start=- actual_end=- locations=()"
_BREAKING = {
    "duplicate_id": "Organization id=a; Organization id=a",
    "unresolved_reference": "ReportedFigure id=a subject_id=b",
    "end_before_start": "Organization id=a founding_date=late dissolution_date=early",
    "membership_before_founding": "Network id=a founding_date=late dissolution_date=-; "
    "Organization id=b; Membership id=c member_id=b network_id=a start_date=early end_date=-",
    "membership_cycle": "Network id=a; Membership id=b member_id=a network_id=a spanless",
    "duplicate_party": "Agreement id=a parties=same",
    "percentages_do_not_sum_to_100": "Organization id=a sectors=half",
    "value_does_not_fit_measure": "Program id=a undated results=misfit",
    "more_members_listed_than_reported": "Network id=a lifeless; Organization id=b; "
    "Membership id=c member_id=b network_id=a spanless; "
    "ReportedFigure id=d subject_id=a metric=member_count qualifier=exact value=0",
    "outside_organization_dates": "Organization id=a founding_date=late dissolution_date=-; "
    "Post id=b organization_id=a start_date=early end_date=-",
    "duplicate_membership": "Network id=a lifeless; Organization id=b; "
    "Membership id=c member_id=b network_id=a role=member spanless; "
    "Membership id=d member_id=b network_id=a role=member spanless",
    "parent_cycle": "Organization id=a parent_id=a",
    "one_sided_link": "Agreement id=a program_ids=(b); Program id=b undated",
    "post_in_other_organization": "Organization id=a lifeless; Organization id=b lifeless; "
    "Person id=c; Post id=d organization_id=a; "
    "Position id=e person_id=c organization_id=b post_id=d",
    "transaction_outside_program_dates": "Program id=a undated actual_start=late "
    "budgets=() default_currency=- transactions=spent",
    "mixed_currencies": "Program id=a undated budgets=() default_currency=EUR transactions=spent",
    "unknown_identifier_scheme": "Organization id=a identifiers=unknown",
    "unknown_source_field": "Organization id=a sources=no_field",
    "deprecated_field": "Program id=a undated description=words",
    "withdrawn_code": "Organization id=a sectors=withdrawn",
}


@st.composite
def _broken(draw: st.DrawFn, codes: tuple[str, ...]) -> tuple[Dataset, str]:
    data = draw(datasets(max_size=1))
    taken = {e.id for e in data.entities()} | {p.id for g in data.programs for p in g.locations}
    code, fresh = draw(st.sampled_from(codes)), _fresh(draw, taken, 5)
    known = _VALUES | dict(zip("abcde", fresh, strict=True))
    known |= {f"({letter})": (id,) for letter, id in zip("abcde", fresh, strict=True)}
    nothing = tuple((kind, ()) for kind in (*_KINDS, "location"))
    added: dict[str, tuple[Any, ...]] = {}
    for part in _BREAKING[code].split(";"):
        name, *pairs = " ".join(_SHORT.get(word, word) for word in part.split()).split()
        given = {f: known.get(v, v) for f, _, v in (p.partition("=") for p in pairs)}
        cls = getattr(ngomodel, name)
        obj = _evolve(_entity(draw, cls, nothing, **given), **given)  # unless put right
        collection = next(key for key, value in _CLASSES.items() if value is cls)
        added[collection] = (*added.get(collection, getattr(data, collection)), obj)
    return _evolve(data, **added), code


def rule_breaking_datasets(
    *, rules: Collection[str] | None = None
) -> SearchStrategy[tuple[Dataset, str]]:
    """Draw datasets that break one rule of :mod:`ngomodel.rules`, for negative tests.

    Each is a dataset :func:`datasets` draws, with entities added that break one rule of
    *rules* and no other: :func:`ngomodel.rules.check` finds problems of its code only.

    Args:
        rules: Codes of :data:`ngomodel.rules.RULES` to break, or ``None`` for all.

    Returns:
        A strategy of (dataset, code of the rule it breaks) pairs.

    Raises:
        ValueError: For a code that names no rule, or none at all.

    >>> from hypothesis import given
    >>> from ngomodel.rules import check
    >>> @given(rule_breaking_datasets(rules={"membership_cycle", "duplicate_party"}))
    ... def test_check_finds_the_breach(drawn):
    ...     data, code = drawn
    ...     assert {problem.code for problem in check(data)} == {code}
    >>> test_check_finds_the_breach()
    """
    chosen = tuple(rule.code for rule in RULES if rules is None or rule.code in rules)
    if not chosen or len(chosen) != len(set(chosen if rules is None else rules)):
        raise ValueError(f"not every one of these is the code of a rule: {sorted(rules or ())}")
    return _rule_breaking(chosen)


_rule_breaking = functools.cache(_broken)


# -- a strategy per class -----------------------------------------------------------------

#: Dataset collection → the class of its entities; the kinds of entity references name.
_CLASSES: dict[str, type] = {
    f.name: _inner(f.type).cls  # type: ignore[attr-defined]
    for f in _info(Dataset).fields
    if isinstance(f.type, ins.ListType) and f.name != "extensions"
}
_KINDS = ("organization", "network", "person", "post", "agreement", "program")
agreements = _per_class(ngomodel.Agreement)
beneficiary_groups = _per_class(ngomodel.BeneficiaryGroup)
budgets = _per_class(ngomodel.Budget)
classifications = _per_class(ngomodel.Classification)
contact_details = _per_class(ngomodel.ContactDetail)
country_shares = _per_class(ngomodel.CountryShare)
descriptions = _per_class(ngomodel.Description)
dimensions = _per_class(ngomodel.Dimension)
disaggregations = _per_class(ngomodel.Disaggregation)
documents = _per_class(ngomodel.Document)
identifiers = _per_class(ngomodel.Identifier)
indicators = _per_class(Indicator)
indicator_periods = _per_class(ngomodel.IndicatorPeriod)
indicator_values = _per_class(ngomodel.IndicatorValue)
extension_uses = _per_class(ngomodel.ExtensionUse)
links = _per_class(ngomodel.Link)
locations = _per_class(ngomodel.Location)
memberships = _per_class(ngomodel.Membership)
money = _per_class(ngomodel.Money)
networks = _per_class(ngomodel.Network)
organizations = _per_class(ngomodel.Organization)
organization_references = _per_class(ngomodel.OrganizationReference)
other_names = _per_class(ngomodel.OtherName)
participants = _per_class(ngomodel.Participant)
parties = _per_class(ngomodel.Party)
periods = _per_class(ngomodel.Period)
persons = _per_class(ngomodel.Person)
points = _per_class(ngomodel.Point)
policy_markers = _per_class(ngomodel.PolicyMarker)
positions = _per_class(ngomodel.Position)
posts = _per_class(ngomodel.Post)
programs = _per_class(Program)
regions = _per_class(ngomodel.Region)
related_programs = _per_class(ngomodel.RelatedProgram)
reported_figures = _per_class(ngomodel.ReportedFigure)
results = _per_class(ngomodel.Result)
scopes = _per_class(ngomodel.Scope)
shares = _per_class(ngomodel.Share)
sources = _per_class(ngomodel.Source)
transactions = _per_class(ngomodel.Transaction)

#: Every model and value class → the function that returns its strategy (read-only).
STRATEGIES: Mapping[type[Any], Callable[[], SearchStrategy[Any]]] = MappingProxyType(
    {**_BY_CLASS, Dataset: datasets}
)
__all__ = ["STRATEGIES", "codes", "ids", "language_tags", "rule_breaking_datasets", "texts"]
__all__ = sorted([*__all__, *(function.__name__ for function in STRATEGIES.values())])
