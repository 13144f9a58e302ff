"""The document root that integrators exchange, and the questions one asks of it."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, Literal, TypeAlias, TypeVar, overload

import attrs

from ngomodel._agreements import Agreement
from ngomodel._figures import ReportedFigure
from ngomodel._model import doc, model
from ngomodel._organizations import Membership, Network, Organization
from ngomodel._people import Person, Position, Post
from ngomodel._programs import Program
from ngomodel._scalars import ExtensionName, LanguageTag, LocalizedText, PartialDate, Text, Url

__all__ = ["SCHEMA_VERSION", "Dataset", "Entity", "ExtensionUse"]

#: The version of the data format this release writes (it reads every earlier one too).
SCHEMA_VERSION = "1.1"

T = TypeVar("T")

#: Anything in a dataset that has an id.
Entity: TypeAlias = (
    Organization
    | Network
    | Membership
    | Person
    | Position
    | Agreement
    | Program
    | ReportedFigure
    | Post
)


class _Index:
    """Look-up tables over a dataset, each built the first time a query needs it.

    Every query then costs the size of its answer, not a scan of the dataset, so
    asking it of every organization in turn stays linear in the dataset's size.
    """

    def __init__(self, data: Dataset) -> None:
        # The collections, not the dataset: no reference cycle keeps a dataset alive.
        self.collections: tuple[tuple[Entity, ...], ...] = (
            data.organizations,
            data.networks,
            data.memberships,
            data.persons,
            data.positions,
            data.agreements,
            data.programs,
            data.figures,
            data.posts,
        )
        self.memberships = data.memberships
        self.positions = data.positions
        self.agreements = data.agreements
        self.programs = data.programs
        self.figures = data.figures

    @functools.cached_property
    def by_id(self) -> dict[str, Any]:
        by_id: dict[str, Any] = {}
        for collection in self.collections:  # in the order of Dataset.entities()
            for entity in collection:
                by_id.setdefault(entity.id, entity)
        return by_id

    @functools.cached_property
    def memberships_by_member(self) -> dict[str, tuple[Membership, ...]]:
        return _group((m.member_id, m) for m in self.memberships)

    @functools.cached_property
    def memberships_by_network(self) -> dict[str, tuple[Membership, ...]]:
        return _group((m.network_id, m) for m in self.memberships)

    @functools.cached_property
    def positions_by_organization(self) -> dict[str, tuple[Position, ...]]:
        return _group((p.organization_id, p) for p in self.positions)

    @functools.cached_property
    def figures_by_subject(self) -> dict[str, tuple[ReportedFigure, ...]]:
        return _group((f.subject_id, f) for f in self.figures)

    @functools.cached_property
    def agreements_by_organization(self) -> dict[str, tuple[Agreement, ...]]:
        return _group_once(
            (a, [a.network_id, *(p.organization_id for p in a.parties)]) for a in self.agreements
        )

    @functools.cached_property
    def agreements_by_id(self) -> dict[str, tuple[Agreement, ...]]:
        return _group((a.id, a) for a in self.agreements)

    @functools.cached_property
    def programs_by_participant(self) -> dict[str, tuple[Program, ...]]:
        return _group_once((p, [x.organization_id for x in p.participants]) for p in self.programs)

    @functools.cached_property
    def programs_by_country(self) -> dict[str, tuple[Program, ...]]:
        return _group_once(
            (
                p,
                [*(c.country for c in p.recipient_countries), *(x.country for x in p.locations)],
            )
            for p in self.programs
        )

    @functools.cached_property
    def programs_by_sector_prefix(self) -> dict[str, tuple[Program, ...]]:
        # Every prefix of every DAC code, the empty one included, as programs_in_sector
        # matches: the total work is the total length of the codes.
        return _group_once(
            (
                p,
                [
                    s.code[:length]
                    for s in p.sectors
                    if s.vocabulary in ("1", "2")
                    for length in range(len(s.code) + 1)
                ],
            )
            for p in self.programs
        )

    @functools.cached_property
    def program_positions_by_id(self) -> dict[str, tuple[int, ...]]:
        return _group((p.id, i) for i, p in enumerate(self.programs))

    @functools.cached_property
    def program_positions_by_agreement(self) -> dict[str, tuple[int, ...]]:
        return _group_once((i, p.agreement_ids) for i, p in enumerate(self.programs))


def a_or_an(noun: str) -> str:
    """Put the indefinite article before a noun: "an Organization", "a Network"."""
    return f"{'an' if noun[:1] in 'AEIOUaeiou' else 'a'} {noun}"


def _group(pairs: Iterable[tuple[str, T]]) -> dict[str, tuple[T, ...]]:
    groups: dict[str, list[T]] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return {key: tuple(values) for key, values in groups.items()}


def _group_once(items: Iterable[tuple[T, Iterable[str | None]]]) -> dict[str, tuple[T, ...]]:
    """Group items under each of their keys, once per key however often it repeats."""
    return _group(
        (key, item) for item, keys in items for key in dict.fromkeys(keys) if key is not None
    )


@model
class ExtensionUse:
    """An extension a dataset uses: its name and version (see :mod:`ngomodel.extensions`)."""

    name: ExtensionName = doc("The extension's name, such as charity_register.")
    version: Text = doc("The version of the extension the data is written for, such as 1.0.")


def _extension_problems(data: Any) -> list[Any]:
    from ngomodel.extensions import dataset_problems

    return dataset_problems(data)


@model
class Dataset:
    """A document of facts about NGO cooperation networks: the unit integrators exchange.

    Besides holding the collections, a dataset answers the questions users ask
    of it: look-ups by id, members of a network, networks of an organization,
    its agreements, officials and programs, and the figures reported about it.
    """

    schema_version: Literal["1.1"] = doc(
        "The version of the data format the document is written for. Objects are always of "
        "the current version: documents of earlier ones are upgraded as they are read "
        "(see ngomodel.migration)."
    )
    title: LocalizedText | None = doc("The dataset's title.", default=None)
    publisher: Text | None = doc("Who publishes the dataset.", default=None)
    created: PartialDate | None = doc("When the dataset was first made.", default=None)
    modified: PartialDate | None = doc("When the dataset was last changed.", default=None)
    default_language: LanguageTag | None = doc(
        "The language of texts, unless they say otherwise.", default=None
    )
    license: Url | None = doc("URL of the licence the data is published under.", default=None)
    organizations: tuple[Organization, ...] = doc(
        "Organizations that are not networks.", default=()
    )
    networks: tuple[Network, ...] = doc("Networks.", default=())
    memberships: tuple[Membership, ...] = doc(
        "Memberships of organizations in networks.", default=()
    )
    persons: tuple[Person, ...] = doc("People.", default=())
    positions: tuple[Position, ...] = doc("Posts people hold in organizations.", default=())
    agreements: tuple[Agreement, ...] = doc("Cooperation agreements.", default=())
    programs: tuple[Program, ...] = doc("Programs.", default=())
    figures: tuple[ReportedFigure, ...] = doc(
        "Figures reported about organizations and networks.", default=()
    )
    posts: tuple[Post, ...] = doc(
        "Offices in organizations, which people hold in turn.", default=()
    )
    extensions: tuple[ExtensionUse, ...] = doc(
        "The extensions whose data the dataset's entities carry.", default=()
    )
    _index: _Index | None = attrs.field(init=False, default=None, eq=False, repr=False, hash=False)

    __ngomodel_check__ = staticmethod(_extension_problems)

    # -- look-ups ------------------------------------------------------------------------

    def entities(self) -> Iterator[Entity]:
        """Yield every entity that has an id, collection by collection."""
        yield from self.organizations
        yield from self.networks
        yield from self.memberships
        yield from self.persons
        yield from self.positions
        yield from self.agreements
        yield from self.programs
        yield from self.figures
        yield from self.posts

    def _indexed(self) -> _Index:
        index = self._index
        if index is None:
            index = _Index(self)
            object.__setattr__(self, "_index", index)
        return index

    def entity(self, id: str) -> Entity:
        """Return the entity with this id, whatever its kind.

        Args:
            id: The id.

        Returns:
            The entity (the first one, should ids repeat).

        Raises:
            KeyError: When no entity has this id.

        >>> from ngomodel import reference_dataset
        >>> reference_dataset().entity("org-cca").name["en"]
        'China Charity Alliance'
        """
        return self._indexed().by_id[id]  # type: ignore[no-any-return]

    @overload
    def get(self, id: str) -> Entity | None: ...
    @overload
    def get(self, id: str, default: T) -> Entity | T: ...

    def get(self, id: str, default: object = None) -> object:
        """Return the entity with this id, or *default* if none has it, as ``dict.get`` does.

        Args:
            id: The id.
            default: What to return when no entity has this id.

        Returns:
            The entity (the first one, should ids repeat), or *default*.

        >>> from ngomodel import reference_dataset
        >>> data = reference_dataset()
        >>> data.get("org-cca").country
        'CN'
        >>> data.get("org-nobody") is None
        True
        """
        return self._indexed().by_id.get(id, default)

    def __contains__(self, id: object) -> bool:
        """Whether an entity of any kind has this id: ``"org-cca" in data``."""
        return id in self._indexed().by_id

    def _typed(self, id: str, kind: type[Any]) -> Any:
        entity = self.entity(id)
        if not isinstance(entity, kind):
            raise KeyError(
                f"{id!r} is {a_or_an(type(entity).__name__)}, not {a_or_an(kind.__name__)}"
            )
        return entity

    def organization(self, id: str) -> Organization:
        """Return the organization (or network) with this id; ``KeyError`` if none."""
        return self._typed(id, Organization)  # type: ignore[no-any-return]

    def network(self, id: str) -> Network:
        """Return the network with this id; ``KeyError`` if none."""
        return self._typed(id, Network)  # type: ignore[no-any-return]

    def person(self, id: str) -> Person:
        """Return the person with this id; ``KeyError`` if none."""
        return self._typed(id, Person)  # type: ignore[no-any-return]

    def agreement(self, id: str) -> Agreement:
        """Return the agreement with this id; ``KeyError`` if none."""
        return self._typed(id, Agreement)  # type: ignore[no-any-return]

    def program(self, id: str) -> Program:
        """Return the program with this id; ``KeyError`` if none."""
        return self._typed(id, Program)  # type: ignore[no-any-return]

    # -- relations -----------------------------------------------------------------------

    def members_of(self, network_id: str) -> tuple[Organization, ...]:
        """Return the organizations listed as members of a network, in membership order.

        Members whose id does not resolve are left out (the semantic rules report them),
        and so is the network itself should it be listed as its own member: the
        ``membership_cycle`` rule reports that, and no network is a member of itself.
        """
        by_id = self._indexed().by_id
        memberships = self._indexed().memberships_by_network.get(network_id, ())
        return tuple(
            by_id[m.member_id]
            for m in memberships
            if m.member_id != network_id and isinstance(by_id.get(m.member_id), Organization)
        )

    def networks_of(self, organization_id: str) -> tuple[Network, ...]:
        """Return the networks an organization is listed as a member of.

        A network listed as its own member is left out, as in :meth:`members_of`.
        """
        by_id = self._indexed().by_id
        memberships = self._indexed().memberships_by_member.get(organization_id, ())
        return tuple(
            by_id[m.network_id]
            for m in memberships
            if m.network_id != organization_id and isinstance(by_id.get(m.network_id), Network)
        )

    def memberships_of(self, organization_id: str) -> tuple[Membership, ...]:
        """Return the memberships an organization holds, as listed (its own included)."""
        return self._indexed().memberships_by_member.get(organization_id, ())

    def agreements_of(self, organization_id: str) -> tuple[Agreement, ...]:
        """Return the agreements an organization is a party to, or that a network brokered."""
        return self._indexed().agreements_by_organization.get(organization_id, ())

    def officials_of(self, organization_id: str) -> tuple[tuple[Person, Position], ...]:
        """Return ``(person, position)`` for every post held in an organization."""
        by_id = self._indexed().by_id
        return tuple(
            (by_id[p.person_id], p)
            for p in self._indexed().positions_by_organization.get(organization_id, ())
            if isinstance(by_id.get(p.person_id), Person)
        )

    def figures_about(
        self, subject_id: str, metric: str | None = None
    ) -> tuple[ReportedFigure, ...]:
        """Return the figures reported about a subject, optionally of one metric."""
        figures = self._indexed().figures_by_subject.get(subject_id, ())
        return tuple(f for f in figures if metric is None or f.metric == metric)

    def programs_of(self, organization_id: str) -> tuple[Program, ...]:
        """Return the programs an organization takes part in."""
        return self._indexed().programs_by_participant.get(organization_id, ())

    def programs_in_country(self, country: str) -> tuple[Program, ...]:
        """Return the programs that benefit a country or work at a location in it."""
        return self._indexed().programs_by_country.get(country, ())

    def programs_in_sector(self, code: str) -> tuple[Program, ...]:
        """Return the programs in a DAC sector.

        A 3-digit category code also matches the 5-digit sectors inside it.
        """
        return self._indexed().programs_by_sector_prefix.get(code, ())

    def programs_of_agreement(self, agreement_id: str) -> tuple[Program, ...]:
        """Return the programs an agreement sets in motion (named on either side)."""
        index = self._indexed()
        found = set(index.program_positions_by_agreement.get(agreement_id, ()))
        for agreement in index.agreements_by_id.get(agreement_id, ()):
            for program_id in agreement.program_ids:
                found.update(index.program_positions_by_id.get(program_id, ()))
        return tuple(index.programs[i] for i in sorted(found))
