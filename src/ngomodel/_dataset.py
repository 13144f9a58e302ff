"""The document root that integrators exchange, and the questions one asks of it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any, Literal, TypeAlias

import attrs

from ngomodel._agreements import Agreement
from ngomodel._figures import ReportedFigure
from ngomodel._model import doc, model
from ngomodel._organizations import Membership, Network, Organization
from ngomodel._people import Person, Position
from ngomodel._programs import Program
from ngomodel._values import LanguageTag, LocalizedText, PartialDate, Text, Url

__all__ = ["SCHEMA_VERSION", "Dataset", "Entity"]

#: The version of the data format this release reads and writes.
SCHEMA_VERSION = "1.0"

#: Anything in a dataset that has an id.
Entity: TypeAlias = (
    Organization | Network | Membership | Person | Position | Agreement | Program | ReportedFigure
)


@attrs.frozen
class _Index:
    by_id: dict[str, Any]
    memberships_by_member: dict[str, tuple[Membership, ...]]
    memberships_by_network: dict[str, tuple[Membership, ...]]
    positions_by_organization: dict[str, tuple[Position, ...]]
    figures_by_subject: dict[str, tuple[ReportedFigure, ...]]


def _a(noun: str) -> str:
    """Put the indefinite article before a noun: "an Organization", "a Network"."""
    return f"{'an' if noun[:1] in 'AEIOUaeiou' else 'a'} {noun}"


def _group(pairs: Iterator[tuple[str, Any]]) -> dict[str, tuple[Any, ...]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return {key: tuple(values) for key, values in groups.items()}


@model
class Dataset:
    """A document of facts about NGO cooperation networks: the unit integrators exchange.

    Besides holding the collections, a dataset answers the questions users ask
    of it: look-ups by id, members of a network, networks of an organization,
    its agreements, officials and programs, and the figures reported about it.

    Attributes:
        schema_version: The version of the data format, ``"1.0"``.
        title: The dataset's title.
        publisher: Who publishes the dataset.
        created: When it was first made.
        modified: When it was last changed.
        default_language: The language of texts, unless they say otherwise.
        license: The URL of the licence the data is published under.
        organizations: Organizations that are not networks.
        networks: Networks.
        memberships: Memberships of organizations in networks.
        persons: People.
        positions: Posts people hold in organizations.
        agreements: Cooperation agreements.
        programs: Programs.
        figures: Figures reported about organizations and networks.
    """

    schema_version: Literal["1.0"] = doc("The version of the data format.")
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
    _index: _Index | None = attrs.field(init=False, default=None, eq=False, repr=False, hash=False)

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

    def _idx(self) -> _Index:
        index = self._index
        if index is None:
            by_id: dict[str, Any] = {}
            for entity in self.entities():
                by_id.setdefault(entity.id, entity)
            index = _Index(
                by_id=by_id,
                memberships_by_member=_group((m.member_id, m) for m in self.memberships),
                memberships_by_network=_group((m.network_id, m) for m in self.memberships),
                positions_by_organization=_group((p.organization_id, p) for p in self.positions),
                figures_by_subject=_group((f.subject_id, f) for f in self.figures),
            )
            object.__setattr__(self, "_index", index)
        return index

    def get(self, id: str) -> Entity:
        """Return the entity with this id.

        Args:
            id: The id.

        Returns:
            The entity (the first one, should ids repeat).

        Raises:
            KeyError: When no entity has this id.
        """
        return self._idx().by_id[id]  # type: ignore[no-any-return]

    def _typed(self, id: str, kind: type[Any]) -> Any:
        entity = self.get(id)
        if not isinstance(entity, kind):
            raise KeyError(f"{id!r} is {_a(type(entity).__name__)}, not {_a(kind.__name__)}")
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

        Members whose id does not resolve are left out (the semantic rules report them).
        """
        by_id = self._idx().by_id
        memberships = self._idx().memberships_by_network.get(network_id, ())
        return tuple(
            by_id[m.member_id]
            for m in memberships
            if isinstance(by_id.get(m.member_id), Organization)
        )

    def networks_of(self, organization_id: str) -> tuple[Network, ...]:
        """Return the networks an organization is listed as a member of."""
        by_id = self._idx().by_id
        memberships = self._idx().memberships_by_member.get(organization_id, ())
        return tuple(
            by_id[m.network_id] for m in memberships if isinstance(by_id.get(m.network_id), Network)
        )

    def memberships_of(self, organization_id: str) -> tuple[Membership, ...]:
        """Return the memberships an organization holds."""
        return self._idx().memberships_by_member.get(organization_id, ())

    def agreements_of(self, organization_id: str) -> tuple[Agreement, ...]:
        """Return the agreements an organization is a party to, or that a network brokered."""
        return tuple(
            a
            for a in self.agreements
            if a.network_id == organization_id
            or any(p.organization_id == organization_id for p in a.parties)
        )

    def officials_of(self, organization_id: str) -> tuple[tuple[Person, Position], ...]:
        """Return ``(person, position)`` for every post held in an organization."""
        by_id = self._idx().by_id
        return tuple(
            (by_id[p.person_id], p)
            for p in self._idx().positions_by_organization.get(organization_id, ())
            if isinstance(by_id.get(p.person_id), Person)
        )

    def figures_about(
        self, subject_id: str, metric: str | None = None
    ) -> tuple[ReportedFigure, ...]:
        """Return the figures reported about a subject, optionally of one metric."""
        figures = self._idx().figures_by_subject.get(subject_id, ())
        return tuple(f for f in figures if metric is None or f.metric == metric)

    def programs_of(self, organization_id: str) -> tuple[Program, ...]:
        """Return the programs an organization takes part in."""
        return tuple(
            p
            for p in self.programs
            if any(x.organization_id == organization_id for x in p.participants)
        )

    def programs_in_country(self, country: str) -> tuple[Program, ...]:
        """Return the programs that benefit a country or work at a location in it."""
        return tuple(
            p
            for p in self.programs
            if any(c.country == country for c in p.recipient_countries)
            or any(loc.country == country for loc in p.locations)
        )

    def programs_in_sector(self, code: str) -> tuple[Program, ...]:
        """Return the programs in a DAC sector.

        A 3-digit category code also matches the 5-digit sectors inside it.
        """
        return tuple(
            p
            for p in self.programs
            if any(s.vocabulary in ("1", "2") and s.code[: len(code)] == code for s in p.sectors)
        )

    def programs_of_agreement(self, agreement_id: str) -> tuple[Program, ...]:
        """Return the programs an agreement sets in motion (named on either side)."""
        listed: set[str] = set()
        for agreement in self.agreements:
            if agreement.id == agreement_id:
                listed.update(agreement.program_ids)
        return tuple(p for p in self.programs if p.id in listed or agreement_id in p.agreement_ids)
