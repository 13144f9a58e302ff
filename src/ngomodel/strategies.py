"""Hypothesis strategies for every ngomodel class, for property tests here and downstream.

Import it from tests only: it needs hypothesis, which the ``testing`` extra installs
(``pip install 'ngomodel[testing]'``).

Each model class has a strategy named after it (``ReportedFigure`` → :func:`reported_figures`),
listed in :data:`STRATEGIES`, derived from :func:`ngomodel.inspect.type_info`: every field is
drawn, optional ones absent and present, lists empty and not, so that a new field is drawn with
no change here. Only the alphabets (texts in many scripts, with combining marks and emoji; ids;
language tags; numbers), the class rules and the datasets are written by hand. Every object
is valid and keeps each rule of :mod:`ngomodel.rules` that holds within one entity (dates in
order, percentages adding up, distinct parties, fitting values, one currency, places of its
own…); it refers to other entities by any ids. :func:`datasets` keep every rule,
:func:`rule_breaking_datasets` break one. Lists stay short (four values, two objects), for speed.

>>> from hypothesis import given
>>> from ngomodel import dumps, loads, strategies
>>> @given(strategies.money())
... def test_money_survives_json(money):
...     assert loads(dumps(money), type=type(money)) == money
>>> test_money_survives_json()
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as error:
    raise ImportError(
        "ngomodel.strategies needs hypothesis: install it with pip install 'ngomodel[testing]'",
        name=error.name,
    ) from error

import ngomodel
from ngomodel import Dataset, Indicator, IndicatorValue, LocalizedText, PartialDate, Program
from ngomodel import inspect as ins
from ngomodel._constraints import END
from ngomodel._scalars import GLOBAL_ID, ID, LANGUAGE_TAG, TEXT, ExtensionData, ends_before
from ngomodel.rules import RULES

_T = TypeVar("_T")
_Function = Callable[[], st.SearchStrategy[_T]]
#: (key, ids) pairs reaching every depth: ids a reference may name, or an ``_OWN`` field's codes.
_Pools = tuple[tuple[str, tuple[str, ...]], ...]
#: The most items in lists of codes, texts and ids, and by default in lists of objects.
_MAX, _FEW = 4, 2

_REAL_TEXTS = ["China NGO Network for International Exchanges", "Spring of Happiness"]
_REAL_TEXTS += ["Xingfu Quan", "幸福泉", "中国民间组织国际交流促进会", "丝路沿线民间组织合作网络"]
_REAL_TEXTS += ["シルクロード", "실크로드", "جمعية الهلال الأحمر", "شبكة المنظمات غير الحكومية"]
_REAL_TEXTS += ["ארגון לא ממשלתי", "ព្រះរាជាណាចក្រកម្ពុជា", "မြန်မာနိုင်ငံ", "Água potável 💧"]
_REAL_TEXTS += ["Cafe\u0301 de\u0301veloppement", "Z\u0351\u036ba\u0352lgo", "👩\u200d⚕️ 🏥 🇨🇳🇰🇭"]
_REAL_TEXTS += ["  padded with spaces  ", "line one\nline two"]
_REAL_IDS = ["org-cfpd", "network-silk-road", "CN-USCI-51100000500019148W", "prog-幸福泉"]
_REAL_IDS += ["é", "🙂"]
_REAL_TAGS = ["en", "zh", "zh-Hans", "zh-Hant", "zh-Latn-pinyin", "zh-cmn-Hans-CN", "yue-Hant-HK"]
_REAL_TAGS += ["ar", "he", "km", "my", "fr-CA", "en-GB", "es-419", "sr-Latn-RS", "de-CH-1996"]
_REAL_TAGS += ["en-US-x-twain", "x-private"]
_JOINERS = " \u200d\ufe0f"  # a space, the zero-width joiner and the emoji variation selector
#: U+0590 to U+9FFF (Hebrew and Arabic through the Indic scripts, Myanmar and Khmer to kana and
#: CJK), with combining marks, Hangul and marks that join, reverse and select: one set, one draw.
_MARKS = "".join(map(chr, range(0x0300, 0x0370))) + "한국어\u200f\u202e" + _JOINERS
_SCRIPTS = st.characters(min_codepoint=0x0590, max_codepoint=0x9FFF, include_characters=_MARKS)
#: Emoji, with the joiner, the variation selector and regional indicators to combine them.
_EMOJI = st.characters(min_codepoint=0x1F1E6, max_codepoint=0x1FAFF, include_characters=_JOINERS)
_NO_SPACE = st.characters(codec="utf-8", exclude_categories=["Z", "Cc"])
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#: RFC 5646's grammar, each part at most once, so that built tags stay short; in any case.
_TAG = r"(?:[a-z]{2,3}(?:-[a-z]{3})?|[a-z]{4,8})(?:-[a-z]{4})?(?:-[a-z]{2}|-[0-9]{3})?"
_TAG += r"(?:-[a-z0-9]{5,8}|-[0-9][a-z0-9]{3})?(?:-[0-9a-wyz]-[a-z0-9]{2,8})?"
_TAG += r"(?:-x-[a-z0-9]{1,8})?|x-[a-z0-9]{1,8}"
#: Extension data: one extension's members, any JSON values under any keys.
_KEY, _NAME = st.text(max_size=4), st.from_regex(r"\A[a-z][a-z0-9_]{0,8}\Z")
_LEAF = st.none() | st.booleans() | st.integers() | st.floats(-1e300, 1e300) | st.text(max_size=8)
_JSON = st.recursive(_LEAF, lambda j: st.lists(j, max_size=2) | st.dictionaries(_KEY, j))


@functools.cache
def ids() -> st.SearchStrategy[str]:
    """Draw identifiers: no white space and none of ``/ & | ?``, in any script.

    Returns:
        A strategy of ids: real ones, ASCII ones, ones in many scripts, and any.
    """
    alphabets = (_ALNUM + "-_.:", 16), (_SCRIPTS, 12), (_NO_SPACE, 12)  # each with its longest
    built = [st.text(chars, min_size=1, max_size=most) for chars, most in alphabets]
    return st.one_of(st.sampled_from(_REAL_IDS), *built).filter(lambda t: ID.problem(t) is None)


@functools.cache
def texts() -> st.SearchStrategy[str]:
    """Draw texts with at least one non-space character, in many scripts.

    Returns:
        A strategy of real names; CJK, Arabic, Hebrew, Khmer and Myanmar text; combining
        marks; emoji; and any Unicode text (never lone surrogates).
    """
    alphabets = (_SCRIPTS, 12), (_EMOJI, 6), (st.characters(codec="utf-8"), 12)
    built = [st.text(chars, min_size=1, max_size=most) for chars, most in alphabets]
    return st.one_of(st.sampled_from(_REAL_TEXTS), *built).filter(lambda t: TEXT.problem(t) is None)


@functools.cache
def language_tags() -> st.SearchStrategy[str]:
    """Draw well-formed BCP 47 language tags: real ones, and ones built by the grammar.

    Returns:
        A strategy of tags such as ``en``, ``zh-Latn-pinyin`` or ``abc-Defg-419-x-1``.
    """
    return st.sampled_from(_REAL_TAGS) | st.from_regex(re.compile(_TAG, re.I), fullmatch=True)


@functools.cache
def codes(codelist_name: str) -> st.SearchStrategy[str]:
    """Draw codes of one shipped codelist.

    Args:
        codelist_name: A name from :func:`ngomodel.codelists.names`, e.g. ``"country"``.

    Returns:
        A strategy of that codelist's codes.

    Raises:
        KeyError: If there is no codelist of that name.
    """
    return st.sampled_from(ins.code_type(codelist_name).current)


#: The strategy of each pattern's strings; a pattern not listed is drawn from its regex.
_PATTERNED = {ID: ids, GLOBAL_ID: ids, TEXT: texts, LANGUAGE_TAG: language_tags}
#: Fields drawn from pools of their own (unknown_source_field, unknown_identifier_scheme).
_OWN = {(ngomodel.Source, "fields"): "fields", (ngomodel.Identifier, "scheme"): "scheme"}
_SCHEMES = ins.code_type("organisation_registration_agency").current


def _node(node: ins.Node, pools: _Pools, least: int = 0, few: int = _FEW, key: str = "") -> Any:
    """Derive the strategy of *node*: lists of *least* to *few* objects, ids from *key*'s pool."""
    pool = dict(pools, scheme=_SCHEMES).get(key)
    if isinstance(node, ins.OptionalType):
        return st.none() | _node(node.item, pools, few=few, key=key)
    if isinstance(node, ins.ListType):
        item, least = node.item, max(least, node.min_items)
        if pool == ():  # references with no id to name
            return st.nothing() if least else st.just(())
        most = max(least + 1, few if isinstance(item, ins.ModelType) else _MAX)
        # Equal parties are one (duplicate_party); the same code twice says nothing more.
        by = ngomodel._agreements.party_identity if item == ins.ModelType(ngomodel.Party) else None
        each = _node(item, pools, few=few, key=key)
        unique = pool is not None or isinstance(item, ins.CodeType)
        return st.lists(each, min_size=least, max_size=most, unique=unique, unique_by=by).map(tuple)
    if pool is not None:  # an empty pool has no id to name
        return st.sampled_from(pool) if pool else st.nothing()
    if isinstance(node, ins.ModelType):  # nested objects hold one object a list, to stay cheap
        return st.composite(lambda draw: _entity(draw, node.cls, pools))()
    if isinstance(node, ins.TextType) and node.pattern in _PATTERNED:
        return _PATTERNED[node.pattern]()
    if isinstance(node, ins.TextType):  # of a pattern of its own, or any
        regex = "" if node.pattern is None else node.pattern.regex
        # An anchored pattern takes the trailing line feeds its type refuses (END): the
        # strings are drawn to match it without them, whole.
        anchored = regex.endswith(END)
        drawn = st.from_regex(regex.removesuffix(END), fullmatch=anchored)
        return drawn.filter(lambda text: not node.problems(text))
    if isinstance(node, ins.CodeType):  # withdrawn codes warn (withdrawn_code)
        return st.sampled_from(node.current)
    if isinstance(node, ins.AmountType):  # exact, of many places: from strings, read exactly
        sign = st.sampled_from(["", "-"] if node.minimum is None else [""])
        built = st.builds("{}{}E{}".format, sign, st.integers(0, 10**40), st.integers(-40, 12))
        return built.map(Decimal) | st.sampled_from([Decimal("0"), Decimal("1500.00")])
    if isinstance(node, (ins.IntegerType, ins.NumberType)):  # near zero and near the bounds
        low, high = node.minimum, node.maximum
        assert low is not None  # every number field has bounds
        assert high is not None
        if isinstance(node, ins.NumberType):  # floats, and ints beyond a float's precision too
            whole = st.integers(max(math.ceil(low), -(2**70)), min(math.floor(high), 2**70))
            return st.floats(low, high, allow_nan=False, allow_infinity=False) | whole
        low, high = int(low), int(high)
        middle = st.integers(max(low, min(high, -(10**6))), min(high, max(low, 10**6)))
        return middle | st.integers(low, min(high, low + 2**20)) | st.integers(high - 2**20, high)
    if isinstance(node, ins.ExtensionDataType):  # one extension's members: any JSON values
        return st.builds(lambda n, m: ExtensionData({n: m}), _NAME, st.dictionaries(_KEY, _JSON))
    if isinstance(node, ins.LocalizedTextType):
        return st.dictionaries(language_tags(), texts(), min_size=1, max_size=2).map(LocalizedText)
    if isinstance(node, ins.DateType):
        wire = st.builds(lambda d, n: d.isoformat()[:n], st.dates(), st.sampled_from([4, 7, 10]))
        return wire.map(PartialDate.parse)  # YYYY, YYYY-MM or YYYY-MM-DD
    return st.booleans()


def _inner(node: ins.Node) -> ins.Node:
    while isinstance(node, (ins.OptionalType, ins.ListType)):
        node = node.item
    return node


def _key(cls: type, field: ins.Field) -> str:
    """The pool a field draws from: its own, the kind of entity it refers to, or none ("")."""
    return _OWN.get((cls, field.name)) or getattr(_inner(field.type), "refers_to", None) or ""


@functools.cache
def _keys(cls: Any) -> frozenset[str]:
    """The pool keys that fields of *cls*, or of classes nested in it, draw from."""
    nodes = [_inner(field.type) for field in ins.fields(cls)]
    nested = [_keys(node.cls) for node in nodes if isinstance(node, ins.ModelType)]
    return frozenset({_key(cls, field) for field in ins.fields(cls)}.union(*nested) - {""})


@functools.lru_cache(maxsize=1024)
def _fields(cls: Any, pools: _Pools, omit: frozenset[str], few: int) -> st.SearchStrategy[Any]:
    """Derive the keyword arguments for *cls*, but those in *omit*, keeping its class rules."""
    fields, given, drawn = ins.fields(cls), {}, {}  # a field's values when given, and as drawn
    if any(field.name == "sources" for field in fields):  # what its sources may back
        pools = tuple(dict(pools, fields=tuple(f.name for f in fields)).items())
    # Left out: deprecated fields warn; extension data needs a declared, registered extension.
    omit = omit.union(f.name for f in fields if f.deprecated or f.name == "extensions")
    for field in (field for field in fields if field.name not in omit):
        name, node, key = field.name, field.type, _key(cls, field)
        item = node.item if isinstance(node, ins.OptionalType) else node
        given[name], drawn[name] = _node(item, pools, 1, few, key), _node(node, pools, 0, few, key)
        if not field.required and field.default not in (None, ()):  # left out on the wire
            drawn[name] = st.just(field.default) | drawn[name]
    choices: list[dict[str, Any]] = [{}]  # values of the fields that class rules tie together
    for rule in ins.ModelType(cls).rules:
        options: list[dict[str, Any]] = [{}]  # none unless the rule's fields are drawn here
        if isinstance(rule, (ins.ExactlyOneOf, ins.AtLeastOneOf)):
            names = [name for name in rule.fields if name in drawn]
            absent = dict.fromkeys(names, st.none()) if isinstance(rule, ins.ExactlyOneOf) else {}
            options = [absent | {name: given[name]} for name in names]  # each in turn given
        elif isinstance(rule, ins.CodeDependsOn) and rule.field in drawn:
            # A code of the codelist the vocabulary selects, or any id for other vocabularies.
            code, vocabulary = rule.field, rule.vocabulary_field
            node = next(f.type for f in fields if f.name == vocabulary)
            assert isinstance(node, ins.CodeType)
            rest = [v for v in node.current if v not in dict(rule.codelists)]
            options = [{vocabulary: st.just(v), code: codes(name)} for v, name in rule.codelists]
            options += [{vocabulary: st.sampled_from(rest), code: ids()}] if rest else []
        choices = [choice | option for choice in choices for option in options]
    return st.one_of([st.fixed_dictionaries(drawn | choice) for choice in choices])


def _entity(draw: st.DrawFn, cls: Any, pools: _Pools = (), few: int = 1, **fixed: Any) -> Any:
    """Draw an object of *cls* with the *fixed* field values (such as its id)."""
    if cls is Program and "location" not in dict(pools):  # at places of its own
        taken: set[str] = set()
        return _program(draw, pools, taken, few, id=_fresh(draw, taken, 1)[0])
    pools = tuple(pool for pool in pools if pool[0] in _keys(cls))
    return _keeping_entity_rules(cls(**draw(_fields(cls, pools, frozenset(fixed), few)), **fixed))


def _program(draw: st.DrawFn, pools: _Pools, taken: set[str], few: int = 1, **fixed: Any) -> Any:
    """Draw a program at places of fresh ids, where its beneficiaries and values are."""
    places = _fresh(draw, taken, draw(st.integers(0, _FEW)))
    located = tuple(_entity(draw, ngomodel.Location, few=few, id=place) for place in places)
    return _entity(draw, Program, (*pools, ("location", places)), few, locations=located, **fixed)


# What drawing cannot promise cheaply is put right after it (nested objects as they are drawn).
#: Dates in order wherever they appear; a program's across too, so that it ends after it starts.
_SPANS = [("founding_date", "dissolution_date"), ("start_date", "end_date"), ("start", "end")]
_SPANS += [("planned_start", "planned_end"), ("actual_start", "actual_end")]
_SPANS += [("actual_start", "planned_end"), ("planned_start", "actual_end")]


def _evolve(obj: _T, **changes: Any) -> _T:
    """``attrs.evolve``, typed: mypy does not see the model decorator's classes as attrs'."""
    return attrs.evolve(obj, **changes) if changes else obj  # type: ignore[misc]


def _adding_up(items: tuple[Any, ...], group: Callable[[Any], str]) -> tuple[Any, ...]:
    """Give every item of a group percentages adding up to 100, once one of them has one."""
    out = list(items)
    for key in {group(item) for item in items if item.percentage is not None}:
        members = [i for i, item in enumerate(items) if group(item) == key]
        each = round(100 / len(members), 2)
        last = round(100 - each * (len(members) - 1), 2)
        for i in members:
            out[i] = _evolve(items[i], percentage=last if i == members[-1] else each)
    return tuple(out)


def _fitting(value: IndicatorValue | None, measure: str) -> IndicatorValue | None:
    """*value* with its numbers made to fit *measure*: 0 to 100, whole ranks, or words."""
    if value is None or measure in ("3", "5"):  # nominal, qualitative: words, not numbers
        words = value and (value.comment or LocalizedText({"en": f"about {value.value}"}))
        return value and _evolve(value, value=None, comment=words, disaggregations=())

    def fit(number: float) -> float:  # a percentage, a whole rank, or any number
        return {"2": min(max(number, 0), 100), "4": round(number)}.get(measure, number)

    items = tuple(_evolve(d, value=fit(d.value)) for d in value.disaggregations)
    return _evolve(value, value=value.value and fit(value.value), disaggregations=items)


def _keeping_entity_rules(obj: _T) -> _T:
    """*obj* with its spans in order, its percentages adding up, its values fitting…"""
    for start, end in _SPANS:
        first, last = getattr(obj, start, None), getattr(obj, end, None)
        if isinstance(first, PartialDate) and isinstance(last, PartialDate):
            obj = _evolve(obj, **({start: last, end: first} if ends_before(last, first) else {}))
    changes: dict[str, Any] = {}
    if isinstance(obj, ngomodel.Membership) and obj.member_id == obj.network_id:
        changes["network_id"] = f"{obj.network_id}-"  # membership_cycle
    if isinstance(obj, ngomodel.Organization) and obj.parent_id == obj.id:
        changes["parent_id"] = None  # parent_cycle
    if isinstance(obj, (ngomodel.Organization, Program)):
        changes["sectors"] = _adding_up(obj.sectors, lambda sector: sector.vocabulary)
    if isinstance(obj, Indicator):
        fit = functools.partial(_fitting, measure=obj.measure)
        periods = (_evolve(p, target=fit(p.target), actual=fit(p.actual)) for p in obj.periods)
        changes |= {"baseline": fit(obj.baseline), "periods": tuple(periods)}
    if isinstance(obj, Program):
        count = len(obj.recipient_countries)
        places = _adding_up((*obj.recipient_countries, *obj.recipient_regions), lambda _: "")
        changes |= {"recipient_countries": places[:count], "recipient_regions": places[count:]}
        begin, finish = obj.actual_start or obj.planned_start, obj.actual_end or obj.planned_end
        money = [b.value.currency for b in obj.budgets] + [t.currency for t in obj.transactions]
        currency = obj.default_currency or (money[0] if money else None)  # mixed_currencies
        budgets = tuple(_evolve(b, value=_evolve(b.value, currency=currency)) for b in obj.budgets)
        transactions = []
        for t in obj.transactions:  # transaction_outside_program_dates
            date = begin if begin and ends_before(t.date, begin) else t.date
            date = finish if finish and ends_before(finish, date) else date
            transactions.append(_evolve(t, date=date, currency=currency))
        changes |= {"budgets": budgets, "transactions": tuple(transactions)}
    return _evolve(obj, **{k: v for k, v in changes.items() if v != getattr(obj, k)})


#: Each collection, after those its entities' required references name.
_NEEDS: dict[str, set[str]] = {"organizations": set(), "networks": set(), "persons": set()}
_NEEDS |= {"memberships": {"organizations", "networks"}, "posts": {"organizations"}}
_NEEDS |= {"positions": {"organizations", "persons"}, "figures": {"organizations"}}
_NEEDS |= {"agreements": set(), "programs": set()}
#: Dataset collection → the class of its entities; the kinds of entity references name.
_CLASSES = {f.name: _inner(f.type).cls for f in ins.fields(Dataset) if f.name in _NEEDS}  # type: ignore[attr-defined]
_KINDS = ("organization", "network", "person", "post", "agreement", "program")


def _fresh(draw: st.DrawFn, taken: set[str], count: int) -> tuple[str, ...]:
    """Draw *count* ids that are not *taken* yet, and take them."""
    free = ids().filter(lambda id: id not in taken)
    new = draw(st.lists(free, min_size=count, max_size=count, unique=True))
    taken.update(new)
    return tuple(new)


@functools.cache
@st.composite
def _datasets(draw: st.DrawFn, least: int, most: int, filled: frozenset[str]) -> Dataset:
    """Draw ids first, unique across the dataset, then the entities that name them."""
    taken: set[str] = set()
    made: dict[str, tuple[str, ...]] = {}
    for name, needs in _NEEDS.items():
        ready = name in filled and all(made[need] for need in needs)
        made[name] = _fresh(draw, taken, draw(st.integers(least, most)) if ready else 0)
    orgs, nets = made["organizations"], made["networks"]
    pools = tuple(({k: made[f"{k}s"] for k in _KINDS} | {"organization": orgs + nets}).items())
    out: dict[str, list[Any]] = {name: [] for name in _NEEDS}
    everyone = orgs + nets  # parents are drawn before their children, so that no loop arises
    for k, id in enumerate(everyone):
        name = "organizations" if k < len(orgs) else "networks"
        out[name].append(_entity(draw, _CLASSES[name], (("organization", everyone[:k]),), id=id))
    for name in ("persons", "posts", "positions", "agreements", "figures"):
        out[name] = [_entity(draw, _CLASSES[name], pools, id=id) for id in made[name]]
    for id in made["programs"]:  # one_sided_link: a program names the agreements that name it
        named = tuple(a.id for a in out["agreements"] if id in a.program_ids)
        out["programs"].append(_program(draw, pools, taken, id=id, agreement_ids=named))
    # Members drawn before their network (membership_cycle), each pair once (duplicate_membership).
    pairs = draw(st.permutations([(m, n) for i, n in enumerate(nets) for m in orgs + nets[:i]]))
    for id, (member, network) in zip(made["memberships"], pairs, strict=False):
        pools = (("organization", (member,)), ("network", (network,)))
        out["memberships"].append(_entity(draw, ngomodel.Membership, pools, id=id))
    fields = draw(_fields(Dataset, (), frozenset(_NEEDS), _FEW))
    return _keeping_dataset_rules(Dataset(**fields | {k: tuple(v) for k, v in out.items()}))


def _within(item: _T, life: ngomodel.Organization) -> _T:
    """*item* with dates outside an organization's *life* given that life instead."""
    founded, dissolved = life.founding_date, life.dissolution_date
    start, end = item.start_date, item.end_date  # type: ignore[attr-defined]
    outside = bool(start and founded and ends_before(start, founded))
    outside |= bool(dissolved and any(d and ends_before(dissolved, d) for d in (start, end)))
    return _evolve(item, start_date=founded, end_date=dissolved) if outside else item


def _keeping_dataset_rules(data: Dataset) -> Dataset:
    """*data* with what would break a rule across entities put right."""
    posts: dict[str | None, str] = {post.id: post.organization_id for post in data.posts}
    positions = [  # post_in_other_organization
        _evolve(p, organization_id=posts.get(p.post_id, p.organization_id)) for p in data.positions
    ]
    listed = data.members_of  # each member once, as memberships are distinct pairs
    figures = [  # more_members_listed_than_reported
        _evolve(f, value=max(f.value, len(listed(f.subject_id)) + (f.qualifier == "less_than")))
        if f.metric == "member_count"
        else f
        for f in data.figures
    ]
    return _evolve(
        data,
        positions=tuple(_within(p, data.organization(p.organization_id)) for p in positions),
        posts=tuple(_within(p, data.organization(p.organization_id)) for p in data.posts),
        memberships=tuple(_within(m, data.network(m.network_id)) for m in data.memberships),
        figures=tuple(figures),
    )


def datasets(
    *, min_size: int = 0, max_size: int = 2, collections: Collection[str] | None = None
) -> st.SearchStrategy[Dataset]:
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


# Entities of fresh ids (a to e), naming only each other, that break one rule and no other one:
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


def rule_breaking_datasets(
    *, rules: Collection[str] | None = None
) -> st.SearchStrategy[tuple[Dataset, str]]:
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

    @st.composite
    def breaking(draw: st.DrawFn) -> tuple[Dataset, str]:
        data = draw(datasets(max_size=1))
        taken = {e.id for e in data.entities()} | {p.id for g in data.programs for p in g.locations}
        code = draw(st.sampled_from(chosen))
        fresh = dict(zip("abcde", _fresh(draw, taken, 5), strict=True))
        known = _VALUES | fresh | {f"({letter})": (id,) for letter, id in fresh.items()}
        nothing = tuple((kind, ()) for kind in (*_KINDS, "location"))
        added: dict[str, tuple[Any, ...]] = {}
        for part in _BREAKING[code].split(";"):
            name, *pairs = " ".join(_SHORT.get(word, word) for word in part.split()).split()
            given = {f: known.get(v, v) for f, _, v in (p.partition("=") for p in pairs)}
            collection, cls = next((k, c) for k, c in _CLASSES.items() if c.__name__ == name)
            obj = _evolve(_entity(draw, cls, nothing, **given), **given)  # unless put right
            added[collection] = (*added.get(collection, getattr(data, collection)), obj)
        return _evolve(data, **added), code

    return breaking()


_BY_CLASS: dict[type[Any], _Function[Any]] = {}


def _per_class(cls: type[_T], strategy: _Function[_T] | None = None) -> _Function[_T]:
    """Make the public strategy function of *cls*: named after it, documented, built once."""
    draw = strategy or (lambda: st.composite(lambda d: _entity(d, cls, (), _FEW))())
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()
    plural = re.sub("(?<![aeiou])ys$", "ies", f"{snake}s").replace("moneys", "money")
    plural = plural.replace("datas", "data")
    draw.__name__ = draw.__qualname__ = plural
    draw.__annotations__ = {"return": st.SearchStrategy[cls]}  # type: ignore[valid-type]
    what, name = (cls.__doc__ or "").strip().splitlines()[0], f":class:`~ngomodel.{cls.__name__}`"
    draw.__doc__ = f"Draw objects of {name}: {what}\n\nReturns:\n    A strategy of {name}.\n"
    return _BY_CLASS.setdefault(cls, functools.cache(draw))


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
extension_data = _per_class(ExtensionData, lambda: _node(ins.ExtensionDataType(), ()))
extension_uses = _per_class(ngomodel.ExtensionUse)
links = _per_class(ngomodel.Link)
localized_texts = _per_class(LocalizedText, lambda: _node(ins.LocalizedTextType(), ()))
locations = _per_class(ngomodel.Location)
memberships = _per_class(ngomodel.Membership)
money = _per_class(ngomodel.Money)
networks = _per_class(ngomodel.Network)
organizations = _per_class(ngomodel.Organization)
organization_references = _per_class(ngomodel.OrganizationReference)
other_names = _per_class(ngomodel.OtherName)
participants = _per_class(ngomodel.Participant)
parties = _per_class(ngomodel.Party)
partial_dates = _per_class(PartialDate, lambda: _node(ins.DateType(), ()))
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

_BY_CLASS[Dataset] = datasets
#: Every model and value class → the function that returns its strategy (read-only).
STRATEGIES: Mapping[type[Any], Callable[[], st.SearchStrategy[Any]]] = MappingProxyType(_BY_CLASS)
__all__ = ["STRATEGIES", "codes", "ids", "language_tags", "rule_breaking_datasets", "texts"]
__all__ = sorted([*__all__, *(function.__name__ for function in STRATEGIES.values())])
