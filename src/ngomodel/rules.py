"""Semantic rules: what a dataset must satisfy beyond what its schema can say.

Each rule looks across objects, has a stable code and a severity, and reports
every breach as a :class:`~ngomodel.Problem` located by a JSON Pointer into the
dataset's JSON. Run them all with :func:`check`:

>>> from ngomodel import reference_dataset
>>> check(reference_dataset())
[]

The rules, in the order they run; *alone* says whether the rule also runs on one entity
on its own (:func:`check_entity`), or needs the whole dataset:

======================================  ========  =====  ===========================================
code                                    severity  alone  rule
======================================  ========  =====  ===========================================
``duplicate_id``                        error     no     ids are unique across the dataset
``unresolved_reference``                error     no     references name entities of the right kind
``end_before_start``                    error     yes    no period or date pair ends before it
                                                         starts
``membership_before_founding``          error     no     no membership starts before the network
                                                         does
``membership_cycle``                    error     no     no network is, even indirectly, its own
                                                         member
``duplicate_party``                     error     yes    an agreement's parties are distinct
``percentages_do_not_sum_to_100``       error     yes    given percentages add up to 100 per
                                                         vocabulary
``value_does_not_fit_measure``          error     yes    indicator values fit the indicator's
                                                         measure
``more_members_listed_than_reported``   warning   no     listed members do not outnumber a reported
                                                         count
``outside_organization_dates``          warning   no     positions and posts lie within their
                                                         organization's life; no membership starts
                                                         after its network was dissolved
``duplicate_membership``                warning   no     no membership is held twice at once
``parent_cycle``                        error     no     no organization is, even indirectly, its
                                                         own parent
``one_sided_link``                      warning   no     an agreement and a program name each other
                                                         both ways
``post_in_other_organization``          error     no     a position's post is in its organization
``transaction_outside_program_dates``   warning   yes    transactions fall within the program's
                                                         dates
``mixed_currencies``                    warning   yes    a program's money is in one currency
``unknown_identifier_scheme``           warning   no     identifier schemes are org-id.guide
                                                         registers (or the dataset's extensions')
``unknown_source_field``                error     yes    a source backs fields its entity has
``deprecated_field``                    warning   yes    no deprecated field is given
``withdrawn_code``                      warning   yes    no withdrawn code is used
======================================  ========  =====  ===========================================

Partial dates are compared as the intervals they stand for: ``2018`` ends
before ``2019-05`` starts, but ``2018`` and ``2018-05`` overlap, so neither is
before the other and no rule fires.

Every rule takes time in proportion to the size of the dataset, and none raises
on a number of any size: integers too long to write out (Python refuses to turn
one of over 4,300 digits into text) appear in messages by their number of digits.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from ngomodel import codelists, extensions
from ngomodel._agreements import Agreement, party_identity
from ngomodel._dataset import Dataset, Entity, a_or_an
from ngomodel._figures import ReportedFigure
from ngomodel._hints import code_hint
from ngomodel._organizations import Membership, Network, Organization
from ngomodel._people import Person, Position, Post
from ngomodel._programs import Indicator, IndicatorValue, Program
from ngomodel._scalars import PartialDate, ends_before
from ngomodel._values import Classification, Period
from ngomodel.errors import Problem, Severity, brief
from ngomodel.inspect import (
    CodeDependsOn,
    CodeType,
    ListType,
    ModelType,
    Node,
    OptionalType,
    TextType,
    code_type,
)

__all__ = ["RULES", "Rule", "check", "check_entity"]

_Finder = Callable[[Dataset], Iterator[Problem]]
#: Finds the breaches of a rule in one entity, its paths below a base path.
_EntityFinder = Callable[[Any, str], Iterable[Problem]]


@attrs.frozen(kw_only=True)
class Rule:
    """A semantic rule.

    Attributes:
        code: The stable code its problems carry.
        severity: ``error`` (the dataset is invalid) or ``warning``.
        summary: What the rule requires, in one line.
        find: The function that finds its breaches in a dataset.
        entities: For a rule that can judge one entity on its own, the entity classes it
            reads, each with the function that finds its breaches in one entity of that
            class (``finder(entity, base_path)``); empty for a rule that needs the whole
            dataset, such as one about references between entities.
    """

    code: str
    severity: Severity
    summary: str
    find: _Finder = attrs.field(repr=False)
    entities: Mapping[type, _EntityFinder] = attrs.field(
        factory=dict, repr=False, eq=False, hash=False
    )

    @property
    def scope(self) -> str:
        """``"entity"`` when the rule runs on one entity alone too, else ``"dataset"``."""
        return "entity" if self.entities else "dataset"


def _problem(rule: str, severity: Severity, path: str, message: str) -> Problem:
    return Problem(path=path, code=rule, message=message, severity=severity)


def _collections(data: Dataset) -> Iterator[tuple[str, tuple[Any, ...]]]:
    for name in (
        "organizations",
        "networks",
        "memberships",
        "persons",
        "positions",
        "agreements",
        "programs",
        "figures",
        "posts",
    ):
        yield name, getattr(data, name)


#: Every entity class, as the collections of a dataset hold them.
_ENTITY_CLASSES = (
    Organization,
    Network,
    Membership,
    Person,
    Position,
    Agreement,
    Program,
    ReportedFigure,
    Post,
)


def _finder(table: Mapping[type, _EntityFinder], cls: type) -> _EntityFinder | None:
    """The finder *table* has for *cls*, or for its nearest base class (a user's subclass)."""
    for base in cls.__mro__:
        found = table.get(base)
        if found is not None:
            return found
    return None


def _in_each(table: Mapping[type, _EntityFinder]) -> _Finder:
    """The dataset finder of a rule that judges each entity on its own: *table*'s finder on
    each entity of the dataset, in dataset order."""

    def find(data: Dataset) -> Iterator[Problem]:
        for name, items in _collections(data):
            for i, item in enumerate(items):
                finder = _finder(table, type(item))
                if finder is not None:
                    yield from finder(item, f"/{name}/{i}")

    return find


# -- numbers ------------------------------------------------------------------------------
# Fields typed float hold whatever JSON gave: a Python int of any size, or a float. An int
# beyond 2**1024 cannot become a float (OverflowError), and one of over 4,300 digits cannot
# become text (ValueError), so no rule converts or prints a number without these helpers.

#: Integers up to this size convert to a float exactly.
_FLOAT_EXACT = 2**53


def _number(value: float | Fraction) -> str:
    """Write a number for a message: in full when it is short, by its size when not.

    >>> _number(200), _number(12.5), _number(100.0), _number(-(10**5000))
    ('200', '12.5', '100', 'a negative integer of 5001 digits')
    """
    if isinstance(value, Fraction) and value.denominator == 1:
        value = value.numerator
    if isinstance(value, int):
        return brief(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) <= _FLOAT_EXACT:
            return str(int(value))
        # The shortest text that reads back as this float ('1e+308', 'nan', 'inf'), unlike
        # :g, which would write 100.0000001 as '100' in a message about not being 100.
        return repr(value)
    try:
        return _number(float(value))
    except OverflowError:  # a fraction beyond the float range: say its whole part
        return f"about {brief(int(value))}"


def _total(numbers: Sequence[float]) -> float | Fraction:
    """Add numbers of any size and mix exactly, with no overflow.

    Returns:
        The sum rounded to a float (as :func:`math.fsum` gives it) when every number
        is a float or an integer a float holds exactly and the sum stays within the
        float range; else the exact sum as a fraction; ``nan`` or an infinity when a
        number is one of those (``inf`` plus ``-inf`` is ``nan``).
    """
    if all(isinstance(n, float) or -_FLOAT_EXACT <= n <= _FLOAT_EXACT for n in numbers):
        try:
            return math.fsum(numbers)
        except (OverflowError, ValueError):  # past the float range, or inf + -inf
            pass
    special = [n for n in numbers if isinstance(n, float) and not math.isfinite(n)]
    if special:
        return sum(special)
    return sum(map(Fraction, numbers), Fraction(0))


def _is_100(total: float | Fraction) -> bool:
    """Whether a sum is 100, to the tolerance float arithmetic needs."""
    if isinstance(total, Fraction):
        # Only a sum near 100 converts to a float; it gives what fsum would have.
        return abs(total - 100) < 1 and math.isclose(float(total), 100, abs_tol=1e-9)
    return math.isclose(total, 100, abs_tol=1e-9)


def _is_whole(value: float) -> bool:
    """Whether a number is a whole number (``float(value)`` overflows on a huge int)."""
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


# -- ids ---------------------------------------------------------------------------------


def _all_ids(data: Dataset) -> Iterator[tuple[str, str]]:
    """Yield (path, id) for every id in the dataset, entities and program locations."""
    for name, items in _collections(data):
        for index, item in enumerate(items):
            yield f"/{name}/{index}/id", item.id
    for index, program in enumerate(data.programs):
        for loc_index, location in enumerate(program.locations):
            yield f"/programs/{index}/locations/{loc_index}/id", location.id


def _duplicate_ids(data: Dataset) -> Iterator[Problem]:
    return _duplicates(_all_ids(data))


def _duplicates(ids: Iterable[tuple[str, str]]) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for path, id in ids:
        if id in first:
            yield _problem(
                "duplicate_id", "error", path, f"id {brief(id)} is already used at {first[id]}"
            )
        else:
            first[id] = path


# -- references --------------------------------------------------------------------------


#: Entity kind (as :attr:`ngomodel.inspect.TextType.refers_to` names it) → the classes an
#: id of that kind may name, and those words for a message.
_KINDS: Mapping[str, tuple[type, str]] = {
    "organization": (Organization, "an organization or network"),
    "network": (Network, "a network"),
    "person": (Person, "a person"),
    "agreement": (Agreement, "an agreement"),
    "program": (Program, "a program"),
    "post": (Post, "a post"),
}


def _holds_references(node: Node, seen: set[type]) -> bool:
    """Whether a value of *node* is, or holds, an id of another entity."""
    while isinstance(node, (OptionalType, ListType)):
        node = node.item
    if isinstance(node, TextType):
        return node.refers_to is not None
    if isinstance(node, ModelType) and node.cls not in seen:
        seen.add(node.cls)
        return any(_holds_references(field.type, seen) for field in node.fields)
    return False


#: A function that appends (path, id, kind) for every reference in a value at a path.
_Extractor = Callable[[Any, str, list[tuple[str, str, str]]], None]
_EXTRACTORS: dict[type, _Extractor] = {}


def _nothing(value: Any, path: str, out: list[tuple[str, str, str]]) -> None:
    return None


def _extractor(node: Node) -> _Extractor:
    """Build, from the description, the function that finds the references in a value."""
    if isinstance(node, OptionalType):
        inner = _extractor(node.item)

        def optional(value: Any, path: str, out: list[tuple[str, str, str]]) -> None:
            if value is not None:
                inner(value, path, out)

        return optional
    if isinstance(node, ListType):
        item = _extractor(node.item)

        def each(value: Any, path: str, out: list[tuple[str, str, str]]) -> None:
            for index, x in enumerate(value):
                item(x, f"{path}/{index}", out)

        return each
    if isinstance(node, TextType) and node.refers_to is not None:
        kind = node.refers_to

        def reference(value: Any, path: str, out: list[tuple[str, str, str]]) -> None:
            out.append((path, value, kind))

        return reference
    if isinstance(node, ModelType):
        return _model_extractor(node.cls)
    return _nothing


def _model_extractor(cls: type) -> _Extractor:
    """The extractor of a model class: its fields that are, or hold, references."""
    found = _EXTRACTORS.get(cls)
    if found is not None:
        return found
    _EXTRACTORS[cls] = lambda value, path, out: _EXTRACTORS[cls](value, path, out)  # recursion
    fields = [
        (f.name, _extractor(f.type))
        for f in ModelType(cls).fields
        if _holds_references(f.type, {cls})
    ]

    def model(value: Any, path: str, out: list[tuple[str, str, str]]) -> None:
        for name, extract in fields:
            extract(getattr(value, name), f"{path}/{name}", out)

    _EXTRACTORS[cls] = model
    return model


def _unresolved(data: Dataset, elsewhere: frozenset[str] = frozenset()) -> Iterator[Problem]:
    """The unresolved references; an id in *elsewhere* names an entity that is not in *data*
    but is not missing either (it did not load)."""
    by_id: dict[str, Any] = {}
    for _, items in _collections(data):
        for item in items:
            by_id.setdefault(item.id, item)
    for name, items in _collections(data):
        for index, item in enumerate(items):
            base = f"/{name}/{index}"
            locations: set[str] | None = None
            found: list[tuple[str, str, str]] = []
            _model_extractor(type(item))(item, base, found)
            for path, id, kind in found:
                if kind == "location":
                    if locations is None:  # a location of the same program
                        locations = {place.id for place in getattr(item, "locations", ())}
                    if id not in locations:
                        message = f"{brief(id)} is not a location of this program"
                        yield _problem("unresolved_reference", "error", path, message)
                    continue
                target = by_id.get(id)
                allowed, what = _KINDS[kind]
                if id in elsewhere:
                    continue
                if target is None:
                    message = f"no entity has id {brief(id)}"
                    yield _problem("unresolved_reference", "error", path, message)
                elif not isinstance(target, allowed):
                    message = f"{brief(id)} is {a_or_an(type(target).__name__)}, not {what}"
                    yield _problem("unresolved_reference", "error", path, message)


# -- dates -------------------------------------------------------------------------------


def _before(end: PartialDate | None, start: PartialDate | None) -> bool:
    """Whether *end* certainly falls before *start* (partial dates as intervals)."""
    return end is not None and start is not None and ends_before(end, start)


#: (path, start name, end name, start, end): one start/end pair of an entity.
_Pair = tuple[str, str, str, Any, Any]


def _organization_pairs(org: Organization, base: str) -> Iterator[_Pair]:
    yield base, "founding_date", "dissolution_date", org.founding_date, org.dissolution_date


def _span_pairs(item: Membership | Position | Post, base: str) -> Iterator[_Pair]:
    yield base, "start_date", "end_date", item.start_date, item.end_date


def _period_pair(path: str, period: Period | None) -> Iterator[_Pair]:
    if period is not None:
        yield path, "start", "end", period.start, period.end


def _period_pairs(item: Agreement | ReportedFigure, base: str) -> Iterator[_Pair]:
    return _period_pair(f"{base}/period", item.period)


def _program_pairs(program: Program, base: str) -> Iterator[_Pair]:
    yield base, "planned_start", "planned_end", program.planned_start, program.planned_end
    yield base, "actual_start", "actual_end", program.actual_start, program.actual_end
    if program.budgets:
        for j, budget in enumerate(program.budgets):
            yield from _period_pair(f"{base}/budgets/{j}/period", budget.period)
    if program.results:
        for path, indicator in _indicators(program, base):
            for k, period in enumerate(indicator.periods):
                yield from _period_pair(f"{path}/periods/{k}/period", period.period)


def _ends_before_start(pairs: Callable[[Any, str], Iterator[_Pair]]) -> _EntityFinder:
    """The end_before_start finder of a class whose start/end pairs *pairs* yields."""

    def find(entity: Any, base: str) -> Iterator[Problem]:
        for path, start_name, end_name, start, end in pairs(entity, base):
            if _before(end, start):
                yield _problem(
                    "end_before_start",
                    "error",
                    f"{path}/{end_name}",
                    f"{end_name} {end} is before {start_name} {start}",
                )

    return find


_END_BEFORE_START: Mapping[type, _EntityFinder] = {
    Organization: _ends_before_start(_organization_pairs),
    Membership: _ends_before_start(_span_pairs),
    Position: _ends_before_start(_span_pairs),
    Post: _ends_before_start(_span_pairs),
    Agreement: _ends_before_start(_period_pairs),
    ReportedFigure: _ends_before_start(_period_pairs),
    Program: _ends_before_start(_program_pairs),
}


def _membership_before_founding(data: Dataset) -> Iterator[Problem]:
    networks = {n.id: n for n in data.networks}
    for i, membership in enumerate(data.memberships):
        network = networks.get(membership.network_id)
        if network is not None and _before(membership.start_date, network.founding_date):
            yield _problem(
                "membership_before_founding",
                "error",
                f"/memberships/{i}/start_date",
                f"the membership starts ({membership.start_date}) before the network "
                f"{brief(network.id)} was founded ({network.founding_date})",
            )


def _organization_spans(data: Dataset) -> Iterator[tuple[str, Any, Any, str, str]]:
    """Yield (path, start, end, organization id, what) for what lies within an organization."""
    for i, position in enumerate(data.positions):
        path, org = f"/positions/{i}", position.organization_id
        yield path, position.start_date, position.end_date, org, "the position"
    for i, post in enumerate(data.posts):
        yield f"/posts/{i}", post.start_date, post.end_date, post.organization_id, "the post"


def _outside_organization_dates(data: Dataset) -> Iterator[Problem]:
    orgs: dict[str, Organization] = {}
    for each in (*data.organizations, *data.networks):
        orgs.setdefault(each.id, each)
    for path, start, end, org_id, what in _organization_spans(data):
        org = orgs.get(org_id)
        if org is None:
            continue
        founded, dissolved = org.founding_date, org.dissolution_date
        name = brief(org.id)
        if start is not None and founded is not None and ends_before(start, founded):
            message = f"{what} starts ({start}) before {name} was founded ({founded})"
            yield _problem("outside_organization_dates", "warning", f"{path}/start_date", message)
        if end is not None and dissolved is not None and ends_before(dissolved, end):
            message = f"{what} ends ({end}) after {name} was dissolved ({dissolved})"
            yield _problem("outside_organization_dates", "warning", f"{path}/end_date", message)
    networks = {n.id: n for n in data.networks}
    for i, membership in enumerate(data.memberships):
        network = networks.get(membership.network_id)
        start = membership.start_date
        if network is None or start is None or network.dissolution_date is None:
            continue
        if ends_before(network.dissolution_date, start):
            message = (
                f"the membership starts ({start}) after the network {brief(network.id)} "
                f"was dissolved ({network.dissolution_date})"
            )
            path = f"/memberships/{i}/start_date"
            yield _problem("outside_organization_dates", "warning", path, message)


def _overlap(a: tuple[Any, Any], b: tuple[Any, Any]) -> bool:
    """Whether two (start, end) spans may overlap; an unknown end runs on, unknown start back."""
    return not _before(a[1], b[0]) and not _before(b[1], a[0])


def _duplicate_memberships(data: Dataset) -> Iterator[Problem]:
    seen: dict[tuple[str, str, str], list[tuple[int, tuple[Any, Any]]]] = {}
    for i, m in enumerate(data.memberships):
        span = (m.start_date, m.end_date)
        earlier = seen.setdefault((m.member_id, m.network_id, m.role), [])
        twin = next((j for j, other in earlier if _overlap(span, other)), None)
        if twin is not None:
            message = (
                f"{brief(m.member_id)} is already a {m.role} of {brief(m.network_id)} "
                f"at this time, by membership {twin}"
            )
            yield _problem("duplicate_membership", "warning", f"/memberships/{i}", message)
        earlier.append((i, span))


# -- links both ways ----------------------------------------------------------------------


def _one_sided_links(data: Dataset) -> Iterator[Problem]:
    """An agreement and a program that name each other must both do so."""
    yield from _unanswered("agreements", data.agreements, "program_ids", data.programs)
    yield from _unanswered("programs", data.programs, "agreement_ids", data.agreements)


def _unanswered(
    name: str, items: Sequence[Any], links: str, others: Sequence[Any]
) -> Iterator[Problem]:
    """Yield a problem for each of *items*' *links* to one of *others* that does not link back.

    The two sides of the link are ``program_ids`` on an agreement and ``agreement_ids``
    on a program: each names the other's field, so *back* is the other one.
    """
    back = "agreement_ids" if links == "program_ids" else "program_ids"
    by_id = {other.id: other for other in others}
    kind = links.removesuffix("_ids")
    for i, item in enumerate(items):
        for j, other_id in enumerate(getattr(item, links)):
            other = by_id.get(other_id)
            if other is not None and item.id not in getattr(other, back):
                message = (
                    f"the {name[:-1]} names {kind} {brief(other_id)}, which does not name "
                    f"it among its {back}"
                )
                path = f"/{name}/{i}/{links}/{j}"
                yield _problem("one_sided_link", "warning", path, message)


def _posts_elsewhere(data: Dataset) -> Iterator[Problem]:
    """A position's post is in the position's own organization."""
    posts = {p.id: p for p in data.posts}
    for i, position in enumerate(data.positions):
        post = None if position.post_id is None else posts.get(position.post_id)
        if post is not None and post.organization_id != position.organization_id:
            message = (
                f"the post {brief(post.id)} is in {brief(post.organization_id)}, not in "
                f"{brief(position.organization_id)} as the position says"
            )
            yield _problem(
                "post_in_other_organization", "error", f"/positions/{i}/post_id", message
            )


# -- money ---------------------------------------------------------------------------------


def _transactions_outside_program_dates(program: Program, base: str) -> Iterable[Problem]:
    if not program.transactions:
        return ()
    return _transactions_outside(program, base)


def _transactions_outside(program: Program, base: str) -> Iterator[Problem]:
    start = program.actual_start or program.planned_start
    end = program.actual_end or program.planned_end
    for j, transaction in enumerate(program.transactions):
        date = transaction.date
        path = f"{base}/transactions/{j}/date"
        if _before(date, start):
            message = f"the transaction ({date}) is before the program starts ({start})"
            yield _problem("transaction_outside_program_dates", "warning", path, message)
        elif _before(end, date):
            message = f"the transaction ({date}) is after the program ends ({end})"
            yield _problem("transaction_outside_program_dates", "warning", path, message)


def _mixed_currencies(program: Program, base: str) -> Iterable[Problem]:
    if not (program.budgets or program.transactions):
        return ()
    return _other_currencies(program, base)


def _other_currencies(program: Program, base: str) -> Iterator[Problem]:
    money = [
        (f"budgets/{j}/value/currency", b.value.currency) for j, b in enumerate(program.budgets)
    ]
    money += [
        (f"transactions/{j}/currency", t.currency) for j, t in enumerate(program.transactions)
    ]
    expected = program.default_currency or money[0][1]
    for where, currency in money:
        if currency != expected:
            said = "its default currency" if program.default_currency else "its first amount"
            message = f"{currency} is not {expected}, {said}: a program keeps to one currency"
            yield _problem("mixed_currencies", "warning", f"{base}/{where}", message)


# -- identifiers ---------------------------------------------------------------------------


#: The open codelist of identifier schemes: org-id.guide's registers.
_SCHEMES = "organisation_registration_agency"


def _identifier_schemes(data: Dataset) -> Iterator[tuple[str, str]]:
    """Yield (path, scheme) for every identifier of an organization or network."""
    # Only organizations: the list names registers of organizations, not of people.
    for name in ("organizations", "networks"):
        for i, item in enumerate(getattr(data, name)):
            for j, identifier in enumerate(item.identifiers):
                yield f"/{name}/{i}/identifiers/{j}/scheme", identifier.scheme


def _unknown_schemes(data: Dataset) -> Iterator[Problem]:
    known = {code.code for code in codelists.get(_SCHEMES)}
    for use in data.extensions:  # and the registers the dataset's extensions add
        extension = extensions.get(use.name)
        known.update(extension.codes.get(_SCHEMES, ()) if extension else ())
    suggested = sorted(known)  # the extensions' registers are suggested as org-id.guide's
    for path, scheme in _identifier_schemes(data):
        if scheme not in known:
            message = (
                f"{brief(scheme)} is not a register of the "
                "organisation_registration_agency codelist (org-id.guide); the list "
                "is open, so check the prefix"
            ) + code_hint(scheme, suggested, _SCHEMES)
            yield _problem("unknown_identifier_scheme", "warning", path, message)


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(field.name for field in ModelType(cls).fields)


def _unknown_source_fields(entity: Any, base: str) -> Iterable[Problem]:
    if not getattr(entity, "sources", ()):
        return ()
    return _unknown_fields_of_sources(entity, base)


def _unknown_fields_of_sources(entity: Any, base: str) -> Iterator[Problem]:
    sources = entity.sources
    fields = _field_names(type(entity))  # type: ignore[arg-type]  # a class is hashable
    for j, source in enumerate(sources):
        for k, field in enumerate(source.fields):
            if field not in fields:
                kind = a_or_an(type(entity).__name__)
                message = f"{brief(field)} is not a field of {kind}"
                path = f"{base}/sources/{j}/fields/{k}"
                yield _problem("unknown_source_field", "error", path, message)


# -- deprecation ---------------------------------------------------------------------------
# What is deprecated is read from the description: the fields declared with
# ``doc(..., deprecated=...)``, and the withdrawn codes of code fields and of the codelists
# that a CodeDependsOn rule selects. One walker per class, built from the description,
# visits only the fields that are deprecated or can hold such a code, however deep.

#: A function that appends the deprecation problems of a value at a path.
_Walker = Callable[[Any, str, list[Problem]], None]
_WALKERS: dict[type, _Walker | None] = {}
#: How many current codes a withdrawn code's message suggests at most.
_SUGGESTED = 5


def _skip(value: Any, path: str, out: list[Problem]) -> None:
    return None


def _withdrawn(path: str, code: str, name: str | None) -> Problem:
    """The problem of a withdrawn *code* of codelist *name*, suggesting current codes."""
    if name is None:  # a fixed set of codes of its own: no codelist to say more from
        message = f"{brief(code)} is withdrawn: use a current code instead"
        return _problem("withdrawn_code", "warning", path, message)
    codelist = codelists.get(name)
    entry = codelist.lookup(code)
    message = (
        f"{brief(code)} ({entry.name}) is withdrawn from the {name!r} codelist: still "
        "valid, but no longer to be used; use a current code instead"
    )
    category = entry.extra.get("category")
    if category:
        others = [
            c.code
            for c in codelist
            if c.extra.get("category") == category and not c.withdrawn and c.code != code
        ]
        if others:
            shown = ", ".join(others[:_SUGGESTED]) + (", …" if len(others) > _SUGGESTED else "")
            message += f", such as one of its category {category}: {shown}"
    return _problem("withdrawn_code", "warning", path, message)


def _walk_optional(inner: _Walker, value: Any, path: str, out: list[Problem]) -> None:
    if value is not None:
        inner(value, path, out)


def _walk_each(inner: _Walker, value: Any, path: str, out: list[Problem]) -> None:
    for index, item in enumerate(value):
        inner(item, f"{path}/{index}", out)


def _walker(node: Node) -> _Walker | None:
    """Build, from the description, the function that finds deprecated fields and withdrawn
    codes in a value of *node*; ``None`` when no value of *node* can hold either."""
    if isinstance(node, (OptionalType, ListType)):
        inner = _walker(node.item)
        if inner is None:
            return None
        return functools.partial(
            _walk_optional if isinstance(node, OptionalType) else _walk_each, inner
        )
    if isinstance(node, CodeType) and node.withdrawn:
        withdrawn, name = frozenset(node.withdrawn), node.codelist

        def code(value: Any, path: str, out: list[Problem]) -> None:
            if value in withdrawn:
                out.append(_withdrawn(path, value, name))

        return code
    if isinstance(node, ModelType):
        return _model_walker(node.cls)
    return None


def _model_walker(cls: type) -> _Walker | None:
    """The walker of a model class, or ``None`` when nothing in it can be deprecated."""
    if cls in _WALKERS:
        return _WALKERS[cls]
    _WALKERS[cls] = lambda value, path, out: (_WALKERS[cls] or _skip)(value, path, out)  # recursion
    info = ModelType(cls)
    deprecated = [(f.name, f.default, f.deprecated) for f in info.fields if f.deprecated]
    inner = [(f.name, walk) for f in info.fields if (walk := _walker(f.type)) is not None]
    # A code whose codelist its vocabulary selects: vocabulary → the walker of that codelist.
    selected = []
    for rule in info.rules:
        if isinstance(rule, CodeDependsOn):
            walkers = {vocabulary: _walker(code_type(name)) for vocabulary, name in rule.codelists}
            by_vocabulary = {k: walk for k, walk in walkers.items() if walk is not None}
            if by_vocabulary:
                selected.append((rule.vocabulary_field, rule.field, by_vocabulary))
    if not (deprecated or inner or selected):
        _WALKERS[cls] = None
        return None

    def model(value: Any, path: str, out: list[Problem]) -> None:
        for name, default, reason in deprecated:
            if getattr(value, name) != default:  # given: a field at its default is left out
                message = f"the field {name!r} is deprecated: {reason}"
                out.append(_problem("deprecated_field", "warning", f"{path}/{name}", message))
        for name, walk in inner:
            walk(getattr(value, name), f"{path}/{name}", out)
        for vocabulary_field, name, by_vocabulary in selected:
            chosen = by_vocabulary.get(getattr(value, vocabulary_field))
            if chosen is not None:
                chosen(getattr(value, name), f"{path}/{name}", out)

    _WALKERS[cls] = model
    return model


def _deprecations(data: Dataset) -> list[Problem]:
    """Every deprecated field given and every withdrawn code used, as the description says."""
    out: list[Problem] = []
    walk = _model_walker(Dataset)
    if walk is not None:
        walk(data, "", out)
    return out


def _deprecated_fields(data: Dataset) -> Iterator[Problem]:
    return (p for p in _deprecations(data) if p.code == "deprecated_field")


def _withdrawn_codes(data: Dataset) -> Iterator[Problem]:
    yield from (p for p in _deprecations(data) if p.code == "withdrawn_code")
    yield from _withdrawn_schemes(_identifier_schemes(data))


@functools.cache
def _withdrawn_registers() -> frozenset[str]:
    return frozenset(code_type(_SCHEMES).withdrawn)


def _withdrawn_schemes(schemes: Iterable[tuple[str, str]]) -> Iterator[Problem]:
    # Identifier schemes are drawn from an open list that the description does not name
    # (see unknown_identifier_scheme); its withdrawn registers are withdrawn codes too.
    withdrawn = _withdrawn_registers()
    for path, scheme in schemes:
        if scheme in withdrawn:
            yield _withdrawn(path, scheme, _SCHEMES)


#: The entity, base path and problems of the last call of _entity_deprecations: the two
#: rules it serves ask about the same entity in turn, and the walk is then made once.
_LAST_WALK: list[Any] = [None, None, []]


def _entity_deprecations(entity: Any, base: str) -> list[Problem]:
    """The deprecated fields and withdrawn codes of one entity, as its description says."""
    last = _LAST_WALK
    if last[0] is entity and last[1] == base:
        found: list[Problem] = last[2]
        return found
    out: list[Problem] = []
    walk = _model_walker(type(entity))
    if walk is not None:
        walk(entity, base, out)
    _LAST_WALK[:] = [entity, base, out]
    return out


def _deprecated_fields_in(entity: Any, base: str) -> Iterable[Problem]:
    return [p for p in _entity_deprecations(entity, base) if p.code == "deprecated_field"]


def _withdrawn_codes_in(entity: Any, base: str) -> Iterable[Problem]:
    found = [p for p in _entity_deprecations(entity, base) if p.code == "withdrawn_code"]
    if isinstance(entity, Organization) and entity.identifiers:
        found += _withdrawn_schemes(
            (f"{base}/identifiers/{j}/scheme", identifier.scheme)
            for j, identifier in enumerate(entity.identifiers)
        )
    return found


# -- membership loops ---------------------------------------------------------------------
# Memberships are edges member → network. A network is a member of itself, directly or
# through other networks, exactly when it lies on a cycle of these edges. Listing every
# cycle could take exponential time, so the rule reports each strongly connected group
# of ids once, naming one cycle through it, and each self-membership on its own.

#: How many ids of a loop a message names before it leaves out the middle.
_LOOP_HEAD, _LOOP_TAIL = 5, 2


def _components(successors: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Number every node by its strongly connected component.

    Tarjan's algorithm, with an explicit stack in place of recursion so that a chain of
    any length fits: linear in the number of nodes and edges.

    Args:
        successors: Each node's successors; nodes that only appear as successors count too.

    Returns:
        Node → component number; two nodes share a number when each reaches the other.
    """
    order: dict[str, int] = {}  # the order nodes are first reached in
    low: dict[str, int] = {}  # the earliest node on the stack a node's subtree reaches
    component: dict[str, int] = {}
    stack: list[str] = []
    for root in successors:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack.append(root)
        work = [(root, iter(successors.get(root, ())))]
        while work:
            node, rest = work[-1]
            for nxt in rest:
                if nxt not in order:
                    order[nxt] = low[nxt] = len(order)
                    stack.append(nxt)
                    work.append((nxt, iter(successors.get(nxt, ()))))
                    break
                if nxt not in component:  # reached, not yet placed: still on the stack
                    low[node] = min(low[node], order[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == order[node]:
                    while True:
                        member = stack.pop()
                        component[member] = order[node]
                        if member == node:
                            break
    return component


def _loop(
    successors: Mapping[str, Sequence[str]], component: Mapping[str, int], start: str, end: str
) -> list[str]:
    """Return a shortest path from *start* to *end* inside their component (breadth first)."""
    inside = component[start]
    came_from: dict[str, str] = {start: start}
    frontier = [start]
    while end not in came_from:
        following = []
        for node in frontier:
            for nxt in successors.get(node, ()):
                if nxt not in came_from and component.get(nxt) == inside:
                    came_from[nxt] = node
                    following.append(nxt)
        frontier = following
    path = [end]
    while path[-1] != start:
        path.append(came_from[path[-1]])
    return path[::-1]


def _chain(ids: Sequence[str]) -> str:
    """Write ids joined by arrows, leaving out the middle of a long chain."""
    shown = [brief(id) for id in ids]
    if len(shown) > _LOOP_HEAD + _LOOP_TAIL + 1:
        left_out = len(shown) - _LOOP_HEAD - _LOOP_TAIL
        shown[_LOOP_HEAD:-_LOOP_TAIL] = [f"… {left_out:,} more …"]
    return " → ".join(shown)


def _membership_cycles(data: Dataset) -> Iterator[Problem]:
    successors: dict[str, list[str]] = {}
    for membership in data.memberships:
        successors.setdefault(membership.member_id, []).append(membership.network_id)
    component = _components(successors)
    sizes = Counter(component.values())
    reported: set[int] = set()
    for i, membership in enumerate(data.memberships):
        member, network = membership.member_id, membership.network_id
        path = f"/memberships/{i}/member_id"
        if member == network:
            message = f"{brief(member)} is listed as a member of itself"
            yield _problem("membership_cycle", "error", path, message)
            continue
        group = component[member]
        if group != component[network] or group in reported:
            continue
        # Reported at the group's first membership in dataset order, through which the
        # loop named runs: neither the place nor the loop depends on dict order.
        reported.add(group)
        loop = [member, *_loop(successors, component, network, member)]
        others = sizes[group] - (len(loop) - 1)
        rest = ""
        if others:
            many = "networks are" if others > 1 else "network is"
            rest = f"; {others:,} more {many} in loops with these"
        message = (
            "a loop of memberships makes each network in it a member of itself: "
            f"{_chain(loop)} (each → reads 'is a member of'){rest}"
        )
        yield _problem("membership_cycle", "error", path, message)


def _parent_cycles(data: Dataset) -> Iterator[Problem]:
    successors: dict[str, list[str]] = {}
    orgs = [
        (f"/{name}/{i}", org)
        for name in ("organizations", "networks")
        for i, org in enumerate(getattr(data, name))
    ]
    for _, org in orgs:
        if org.parent_id is not None:
            successors.setdefault(org.id, []).append(org.parent_id)
    component = _components(successors)
    reported: set[int] = set()
    for path, org in orgs:
        parent = org.parent_id
        if parent is None:
            continue
        if parent == org.id:
            message = f"{brief(org.id)} is named as its own parent"
            yield _problem("parent_cycle", "error", f"{path}/parent_id", message)
            continue
        group = component[org.id]
        if group != component.get(parent) or group in reported:
            continue
        reported.add(group)
        loop = [org.id, *_loop(successors, component, parent, org.id)]
        message = (
            "a loop of parents makes each organization in it part of itself: "
            f"{_chain(loop)} (each → reads 'is part of')"
        )
        yield _problem("parent_cycle", "error", f"{path}/parent_id", message)


# -- agreements ---------------------------------------------------------------------------


def _duplicate_parties(agreement: Agreement, base: str) -> Iterator[Problem]:
    seen: dict[Any, int] = {}
    for j, party in enumerate(agreement.parties):
        key = party_identity(party)
        if key in seen:
            yield _problem(
                "duplicate_party",
                "error",
                f"{base}/parties/{j}",
                f"this party is the same as party {seen[key]}; an agreement needs "
                "at least two distinct parties",
            )
        else:
            seen[key] = j


# -- percentages ---------------------------------------------------------------------------


def _sum_problems(path: str, groups: dict[str, list[float | None]], what: str) -> Iterator[Problem]:
    for vocabulary, percentages in groups.items():
        given = [p for p in percentages if p is not None]
        if not given:
            continue
        total = _total(given)
        if len(given) != len(percentages) or not _is_100(total):
            missing = len(percentages) - len(given)
            label = f" (vocabulary {vocabulary})" if vocabulary else ""
            if _is_100(total):  # the sum is right; what is wrong is the ones without
                message = (
                    f"the {what}{label} percentages add up to 100, but {missing} of "
                    f"{len(percentages)} {'has' if missing == 1 else 'have'} no percentage: "
                    "give each one, or none"
                )
            else:
                detail = f"; {missing} without a percentage" if missing else ""
                message = (
                    f"the {what}{label} percentages add up to {_number(total)}, not 100{detail}"
                )
            yield _problem("percentages_do_not_sum_to_100", "error", path, message)


def _by_vocabulary(items: Iterable[Classification]) -> dict[str, list[float | None]]:
    groups: dict[str, list[float | None]] = {}
    for item in items:
        groups.setdefault(item.vocabulary, []).append(item.percentage)
    return groups


def _any_percentage(items: Iterable[Any]) -> bool:
    return any(item.percentage is not None for item in items)


def _organization_percentages(org: Organization, base: str) -> Iterable[Problem]:
    if not _any_percentage(org.sectors):
        return ()
    return _sum_problems(f"{base}/sectors", _by_vocabulary(org.sectors), "sector")


def _program_percentages(program: Program, base: str) -> Iterable[Problem]:
    if not (
        _any_percentage(program.sectors)
        or _any_percentage(program.recipient_countries)
        or _any_percentage(program.recipient_regions)
    ):
        return ()
    return _program_sums(program, base)


def _program_sums(program: Program, base: str) -> Iterator[Problem]:
    if _any_percentage(program.sectors):
        yield from _sum_problems(f"{base}/sectors", _by_vocabulary(program.sectors), "sector")
    if _any_percentage(program.recipient_countries) or _any_percentage(program.recipient_regions):
        places = [c.percentage for c in program.recipient_countries]
        places += [r.percentage for r in program.recipient_regions]
        yield from _sum_problems(base, {"": places}, "recipient country and region")


# -- indicators ------------------------------------------------------------------------------


def _indicators(program: Program, base: str) -> Iterator[tuple[str, Indicator]]:
    for i, result in enumerate(program.results):
        for j, indicator in enumerate(result.indicators):
            yield f"{base}/results/{i}/indicators/{j}", indicator


def _indicator_values(
    program: Program, base: str
) -> Iterator[tuple[str, Indicator, IndicatorValue]]:
    """Yield (path, indicator, value) for every baseline, target and actual value."""
    for path, indicator in _indicators(program, base):
        if indicator.baseline is not None:
            yield f"{path}/baseline", indicator, indicator.baseline
        for k, period in enumerate(indicator.periods):
            for name in ("target", "actual"):
                value = getattr(period, name)
                if value is not None:
                    yield f"{path}/periods/{k}/{name}", indicator, value


def _misfit(measure: str, value: float) -> str | None:
    # Python compares ints and floats exactly, whatever their size, so only the
    # conversions and the texts need care.
    if measure == "2" and not 0 <= value <= 100:
        return f"{_number(value)} is not a percentage from 0 to 100"
    if measure == "4" and not _is_whole(value):
        return f"{_number(value)} is not a whole rank, as an ordinal measure needs"
    if measure in ("3", "5"):
        kind = "nominal" if measure == "3" else "qualitative"
        return (
            f"a {kind} measure takes its value in words (comment), not a number ({_number(value)})"
        )
    return None


def _measure_fit(program: Program, base: str) -> Iterable[Problem]:
    # The finders of one entity return at once when there is nothing to look at: a lone
    # entity is checked in microseconds, and most have no results, transactions, sources…
    if not program.results:
        return ()
    return _measure_misfits(program, base)


def _measure_misfits(program: Program, base: str) -> Iterator[Problem]:
    for value_path, indicator, value in _indicator_values(program, base):
        numbers = [(f"{value_path}/value", value.value)]
        numbers += [
            (f"{value_path}/disaggregations/{d}/value", item.value)
            for d, item in enumerate(value.disaggregations)
        ]
        for number_path, number in numbers:
            why = None if number is None else _misfit(indicator.measure, number)
            if why is not None:
                yield _problem("value_does_not_fit_measure", "error", number_path, why)


# -- reported figures ---------------------------------------------------------------------

_UPPER_BOUNDS = {"exact", "approximately", "at_most", "less_than"}


def _members_vs_reported(data: Dataset) -> Iterator[Problem]:
    members: dict[str, set[str]] = {}
    for membership in data.memberships:
        members.setdefault(membership.network_id, set()).add(membership.member_id)
    for i, figure in enumerate(data.figures):
        if figure.metric != "member_count" or figure.qualifier not in _UPPER_BOUNDS:
            continue
        count = len(members.get(figure.subject_id, ()))
        limit = figure.value - 1 if figure.qualifier == "less_than" else figure.value
        if count > limit:
            yield _problem(
                "more_members_listed_than_reported",
                "warning",
                f"/figures/{i}/value",
                f"{count} members of {brief(figure.subject_id)} are listed, more than the "
                f"reported {_number(figure.value)} ({figure.qualifier})",
            )


_PERCENTAGES: Mapping[type, _EntityFinder] = {
    Organization: _organization_percentages,
    Program: _program_percentages,
}


def _for_every_entity(finder: _EntityFinder) -> Mapping[type, _EntityFinder]:
    return dict.fromkeys(_ENTITY_CLASSES, finder)


#: Every semantic rule, in the order :func:`check` runs them.
RULES: tuple[Rule, ...] = (
    Rule(
        code="duplicate_id",
        severity="error",
        summary="Ids are unique across the dataset (entities and program locations).",
        find=_duplicate_ids,
    ),
    Rule(
        code="unresolved_reference",
        severity="error",
        summary="Every reference names an entity of the right kind in the dataset.",
        find=_unresolved,
    ),
    Rule(
        code="end_before_start",
        severity="error",
        summary="No period or start/end date pair ends before it starts.",
        find=_in_each(_END_BEFORE_START),
        entities=_END_BEFORE_START,
    ),
    Rule(
        code="membership_before_founding",
        severity="error",
        summary="No membership starts before its network was founded.",
        find=_membership_before_founding,
    ),
    Rule(
        code="membership_cycle",
        severity="error",
        summary="No network is a member of itself, directly or through other networks.",
        find=_membership_cycles,
    ),
    Rule(
        code="duplicate_party",
        severity="error",
        summary="An agreement's parties are distinct.",
        find=_in_each({Agreement: _duplicate_parties}),
        entities={Agreement: _duplicate_parties},
    ),
    Rule(
        code="percentages_do_not_sum_to_100",
        severity="error",
        summary="Sector percentages (per vocabulary) and recipient country and region "
        "percentages, when given, add up to 100.",
        find=_in_each(_PERCENTAGES),
        entities=_PERCENTAGES,
    ),
    Rule(
        code="value_does_not_fit_measure",
        severity="error",
        summary="Indicator values fit the measure: 0 to 100 for percentages, whole ranks "
        "for ordinal measures, no number for nominal and qualitative ones.",
        find=_in_each({Program: _measure_fit}),
        entities={Program: _measure_fit},
    ),
    Rule(
        code="more_members_listed_than_reported",
        severity="warning",
        summary="A network's listed members do not outnumber its reported member count.",
        find=_members_vs_reported,
    ),
    Rule(
        code="outside_organization_dates",
        severity="warning",
        summary="Positions and posts lie within their organization's life, and no "
        "membership starts after its network was dissolved.",
        find=_outside_organization_dates,
    ),
    Rule(
        code="duplicate_membership",
        severity="warning",
        summary="No organization holds the same membership of a network twice at once.",
        find=_duplicate_memberships,
    ),
    Rule(
        code="parent_cycle",
        severity="error",
        summary="No organization is, even indirectly, its own parent.",
        find=_parent_cycles,
    ),
    Rule(
        code="one_sided_link",
        severity="warning",
        summary="An agreement and a program that name each other both do so.",
        find=_one_sided_links,
    ),
    Rule(
        code="post_in_other_organization",
        severity="error",
        summary="A position's post is in the position's organization.",
        find=_posts_elsewhere,
    ),
    Rule(
        code="transaction_outside_program_dates",
        severity="warning",
        summary="A program's transactions fall within its dates.",
        find=_in_each({Program: _transactions_outside_program_dates}),
        entities={Program: _transactions_outside_program_dates},
    ),
    Rule(
        code="mixed_currencies",
        severity="warning",
        summary="A program's budgets and transactions keep to one currency, its default "
        "currency when it states one.",
        find=_in_each({Program: _mixed_currencies}),
        entities={Program: _mixed_currencies},
    ),
    Rule(
        code="unknown_identifier_scheme",
        severity="warning",
        summary="An organization's identifier schemes are registers of the org-id.guide list.",
        find=_unknown_schemes,
    ),
    Rule(
        code="unknown_source_field",
        severity="error",
        summary="The fields a source says it backs are fields of its entity.",
        find=_in_each(_for_every_entity(_unknown_source_fields)),
        entities=_for_every_entity(_unknown_source_fields),
    ),
    Rule(
        code="deprecated_field",
        severity="warning",
        summary="No deprecated field is given; the message says what to use instead.",
        find=_deprecated_fields,
        entities=_for_every_entity(_deprecated_fields_in),
    ),
    Rule(
        code="withdrawn_code",
        severity="warning",
        summary="No withdrawn code of a codelist is used, in a coded field or an identifier "
        "scheme; the message suggests current codes.",
        find=_withdrawn_codes,
        entities=_for_every_entity(_withdrawn_codes_in),
    ),
)


def check(data: Dataset) -> list[Problem]:
    """Run every semantic rule on a dataset.

    Args:
        data: The dataset (already valid field by field, as every model object is).

    Returns:
        Every breach, errors and warnings, rule by rule in :data:`RULES` order.
    """
    return [problem for rule in RULES for problem in rule.find(data)]


#: Entity class → the finders of the rules that judge one entity of it on its own.
_ENTITY_FINDERS: dict[type, tuple[_EntityFinder, ...]] = {}


def _finders_of(cls: type) -> tuple[_EntityFinder, ...]:
    found = _ENTITY_FINDERS.get(cls)
    if found is None:
        found = tuple(
            finder for rule in RULES if (finder := _finder(rule.entities, cls)) is not None
        )
        _ENTITY_FINDERS[cls] = found
    return found


def check_entity(entity: Entity) -> list[Problem]:
    """Run on one entity, alone, every semantic rule that can judge it without a dataset.

    Those are the rules whose :attr:`Rule.scope` is ``"entity"``, such as
    ``end_before_start``: a rule about the entities an entity names
    (``unresolved_reference``…) needs the dataset, and does not run. Each rule finds in
    the entity exactly what :func:`check` finds in it within any dataset.

    Args:
        entity: An organization, network, membership, person, position, agreement,
            program, reported figure or post.

    Returns:
        Every breach, rule by rule in :data:`RULES` order, with JSON Pointers into the
        entity's own JSON (``/planned_end``, not ``/programs/0/planned_end``).

    >>> from ngomodel import Program, loads
    >>> program = loads('{"id": "p1", "title": {"en": "Wells"}, "status": "2", '
    ...                 '"planned_start": "2020", "planned_end": "2019"}', type=Program)
    >>> [(p.path, p.code) for p in check_entity(program)]
    [('/planned_end', 'end_before_start')]
    """
    out: list[Problem] = []
    for finder in _finders_of(type(entity)):
        out.extend(finder(entity, ""))
    return out


def _rebased(problem: Problem, positions: Mapping[str, Sequence[int]]) -> Problem:
    """*problem* with the index of its entity in its collection replaced from *positions*."""
    parts = problem.path.split("/", 3)  # "", collection, index, rest
    if len(parts) < 3 or parts[1] not in positions:
        return problem
    parts[2] = str(positions[parts[1]][int(parts[2])])
    return attrs.evolve(problem, path="/".join(parts))


def _check_what_loaded(
    data: Dataset, positions: Mapping[str, Sequence[int]], failed: Mapping[str, str]
) -> list[Problem]:
    """Run every rule on the entities of a dataset that loaded, where others did not.

    Every problem is one :func:`check` would report on a dataset whose entities that did
    not load are sound: a reference to one of them is not unresolved, and an id that
    one of them has too is a duplicate.

    Args:
        data: The entities that loaded, each collection in its order in the document.
        positions: Collection name → the index in the document of each of its entities
            in *data*.
        failed: The path of the id (``/programs/3/id``) → the id of each entity that did
            not load but whose id is sound, in document order.

    Returns:
        The problems, rule by rule in :data:`RULES` order, at paths into the document.
    """
    out: list[Problem] = []
    for rule in RULES:
        if rule.code == "duplicate_id":
            out.extend(_duplicates(_ids_in_document(data, positions, failed)))
            continue
        if rule.code == "unresolved_reference":
            found: Iterable[Problem] = _unresolved(data, frozenset(failed.values()))
        else:
            found = rule.find(data)
        for problem in found:
            problem = _rebased(problem, positions)
            if rule.code == "duplicate_membership":  # the message names the other by index
                head, _, twin = problem.message.rpartition(" ")
                twin = str(positions["memberships"][int(twin)])
                problem = attrs.evolve(problem, message=f"{head} {twin}")
            out.append(problem)
    return out


def _ids_in_document(
    data: Dataset, positions: Mapping[str, Sequence[int]], failed: Mapping[str, str]
) -> Iterator[tuple[str, str]]:
    """(path, id) of every id, as :func:`_all_ids` yields them, those that failed included."""
    pairs = [
        (name, positions[name][i], item.id)
        for name, items in _collections(data)
        for i, item in enumerate(items)
    ]
    for path, id in failed.items():
        _, name, place, _ = path.split("/")
        pairs.append((name, int(place), id))
    order = {name: n for n, (name, _) in enumerate(_collections(data))}
    for name, index, id in sorted(pairs, key=lambda pair: (order[pair[0]], pair[1])):
        yield f"/{name}/{index}/id", id
    for i, program in enumerate(data.programs):
        base = f"/programs/{positions['programs'][i]}"
        for j, location in enumerate(program.locations):
            yield f"{base}/locations/{j}/id", location.id
