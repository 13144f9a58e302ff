"""Popolo JSON: persons, organizations, memberships and posts, in and out.

`Popolo <https://www.popoloproject.com/>`_ describes people, the organizations they
belong to, their memberships and the posts they hold. :func:`to_popolo` writes a
dataset as one Popolo JSON document, ``{"persons", "organizations", "memberships",
"posts"}``; :func:`from_popolo` reads one back. Both return a
:class:`~ngomodel.conversion.Converted`: nothing is invented, and whatever one side has
no place for is reported as a ``not_exported`` or ``not_imported`` warning, one per kind
of value, with its count and where it is. :func:`mapping_table` is the table of what
goes where (``docs/popolo.md`` shows it).

The rules:

* Networks are Popolo organizations with ``"classification": "network"``; a Popolo
  organization with that classification is read as a network.
* A :class:`~ngomodel.Position` is a Popolo membership of a person (``person_id``); a
  :class:`~ngomodel.Membership` is a Popolo membership of an organization
  (``"member": {"@type": "Organization", "id": ...}``) in a network.
* Popolo names, labels and notes are plain strings, in one language. The export writes
  each text in *language* (the dataset's ``default_language`` unless given) where the
  text has it, else its first language, and reports the other languages it leaves out.
  The import tags each string with *language* (``und``, undetermined, unless given).
* Popolo ids are kept as they are: an id that is not an ngomodel id is an error, never
  changed. So is any other value the model does not allow (a date, a code).
* ``null`` in a Popolo document means the value is not known, as an absent key does.

>>> import json
>>> from ngomodel import reference_dataset
>>> done = to_popolo(reference_dataset())
>>> sorted(json.loads(done.unwrap()))
['memberships', 'organizations', 'persons', 'posts']
>>> back = from_popolo(done.unwrap(), language="en")
>>> back.ok, back.unwrap().organization("org-cca").name["en"]
(True, 'China Charity Alliance')
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from ngomodel._dataset import Dataset
from ngomodel._json import from_dict, parse_json
from ngomodel._organizations import Membership, Network, Organization
from ngomodel._people import Person, Position, Post
from ngomodel._scalars import LocalizedText, PartialDate
from ngomodel._values import ContactDetail, Identifier, Link, OtherName, Source
from ngomodel.conversion import Converted, LeftOut
from ngomodel.errors import Problem, ValidationError, escape_pointer
from ngomodel.inspect import CodeType, ListType, LocalizedTextType, ModelType, OptionalType
from ngomodel.inspect import fields as model_fields

__all__ = ["from_popolo", "mapping_table", "to_popolo"]

_T = TypeVar("_T")

#: The language tag of Popolo text when none is given: "undetermined" (BCP 47).
_UNDETERMINED = "und"

#: The classification that marks a Popolo organization as a network.
_NETWORK = "network"

#: The Popolo collections, and the ngomodel collections each is written from.
_COLLECTIONS = ("persons", "organizations", "memberships", "posts")

#: ngomodel class → {its field: the Popolo property that holds it}. A field not listed has
#: no place in Popolo. The Popolo object each class becomes is in _POPOLO_KIND.
_FIELDS: dict[type, dict[str, str]] = {
    Person: {
        "id": "id",
        "name": "name",
        "other_names": "other_names",
        "identifiers": "identifiers",
        "sources": "sources",
        "contact_details": "contact_details",
        "links": "links",
    },
    Organization: {
        "id": "id",
        "name": "name",
        "other_names": "other_names",
        "founding_date": "founding_date",
        "dissolution_date": "dissolution_date",
        "identifiers": "identifiers",
        "contact_details": "contact_details",
        "links": "links",
        "sources": "sources",
        "parent_id": "parent_id",
    },
    Membership: {
        "id": "id",
        "member_id": "member",
        "network_id": "organization_id",
        "role": "role",
        "start_date": "start_date",
        "end_date": "end_date",
        "sources": "sources",
    },
    Position: {
        "id": "id",
        "person_id": "person_id",
        "organization_id": "organization_id",
        "title": "label",
        "role": "role",
        "start_date": "start_date",
        "end_date": "end_date",
        "sources": "sources",
        "post_id": "post_id",
    },
    Post: {
        "id": "id",
        "organization_id": "organization_id",
        "label": "label",
        "role": "role",
        "start_date": "start_date",
        "end_date": "end_date",
        "sources": "sources",
    },
    OtherName: {
        "name": "name",
        "type": "note",
        "start_date": "start_date",
        "end_date": "end_date",
    },
    Identifier: {"scheme": "scheme", "identifier": "identifier"},
    ContactDetail: {"type": "type", "value": "value", "label": "label"},
    Link: {"url": "url", "title": "note"},
    Source: {"url": "url", "title": "note"},
}
_FIELDS[Network] = _FIELDS[Organization]

#: The Popolo object each class is written as.
_POPOLO_KIND: dict[type, str] = {
    Person: "person",
    Organization: "organization",
    Network: "organization",
    Membership: "membership",
    Position: "membership",
    Post: "post",
    OtherName: "other_name",
    Identifier: "identifier",
    ContactDetail: "contact_detail",
    Link: "link",
    Source: "link",
}

#: Why a mapped value may still be changed or lost on the way, by class and field.
_NOTES: dict[tuple[type, str], str] = {
    (Person, "name"): "one language",
    (Organization, "name"): "one language",
    (Membership, "member_id"): '`{"@type": "Organization", "id": ...}`',
    (Membership, "role"): "always written, `member` included",
    (Position, "title"): "one language",
    (Position, "role"): "a `position_role` code, or the import fails",
    (Post, "label"): "one language",
    (OtherName, "type"): "read only if the note is an `other_name_type` code",
    (Source, "url"): "a source without a URL is not written (a Popolo link needs one)",
    (Source, "title"): "required by ngomodel: a Popolo source without a note is an error",
    (Identifier, "scheme"): "required by ngomodel: an identifier without one is an error",
}

#: The properties of the Popolo objects, from the Popolo JSON Schemas.
_POPOLO_PROPERTIES: dict[str, tuple[str, ...]] = {
    "person": (
        *("id", "name", "other_names", "identifiers", "family_name", "given_name"),
        *("additional_name", "honorific_prefix", "honorific_suffix", "patronymic_name"),
        *("sort_name", "email", "gender", "birth_date", "death_date", "image", "summary"),
        *("biography", "national_identity", "contact_details", "links", "memberships"),
        *("created_at", "updated_at", "sources"),
    ),
    "organization": (
        *("id", "name", "other_names", "identifiers", "classification", "parent_id"),
        *("parent", "area_id", "area", "founding_date", "dissolution_date", "image"),
        *("contact_details", "links", "memberships", "posts", "created_at", "updated_at"),
        "sources",
    ),
    "membership": (
        *("id", "label", "role", "member", "person_id", "person", "organization_id"),
        *("organization", "post_id", "post", "on_behalf_of_id", "on_behalf_of", "area_id"),
        *("area", "start_date", "end_date", "contact_details", "links", "created_at"),
        *("updated_at", "sources"),
    ),
    "post": (
        *("id", "label", "other_label", "role", "organization_id", "organization"),
        *("area_id", "area", "start_date", "end_date", "contact_details", "links"),
        *("memberships", "created_at", "updated_at", "sources"),
    ),
    "other_name": (
        *("name", "family_name", "given_name", "additional_name", "honorific_prefix"),
        *("honorific_suffix", "patronymic_name", "start_date", "end_date", "note"),
    ),
    "identifier": ("identifier", "scheme"),
    "contact_detail": ("label", "type", "value", "note"),
    "link": ("url", "note"),
}

#: Popolo properties read otherwise than through _FIELDS.
_READ_SPECIALLY: dict[str, tuple[str, ...]] = {
    "organization": ("classification",),
    "membership": ("member", "person_id", "label"),
}

#: The ngomodel JSON key of each model collection, in the order the import fills them.
_NGO_COLLECTIONS: dict[type, str] = {
    Organization: "organizations",
    Network: "networks",
    Membership: "memberships",
    Person: "persons",
    Position: "positions",
    Post: "posts",
}

# -- export -----------------------------------------------------------------------------


def to_popolo(dataset: Dataset, *, language: str | None = None) -> Converted[bytes]:
    """Write a dataset as a Popolo JSON document, with a warning for what it leaves out.

    Persons, organizations and networks, memberships and positions (as Popolo
    memberships) and posts are written; what Popolo has no place for (programs,
    agreements, figures, a network's scope, a text's other languages…) is reported, one
    ``not_exported`` warning per kind with its count and the JSON Pointers of the values.

    Args:
        dataset: The dataset.
        language: The language to write texts in, where a text has it; the dataset's
            ``default_language`` when not given. A text without it is written in its
            first language.

    Returns:
        The UTF-8 JSON document (indented), and the warnings.

    >>> from ngomodel import Dataset, LocalizedText, Person
    >>> person = Person(id="p1", name=LocalizedText({"en": "Li Wei", "zh": "李伟"}))
    >>> done = to_popolo(Dataset(schema_version="1.1", persons=(person,)), language="en")
    >>> json.loads(done.unwrap())["persons"]
    [{'id': 'p1', 'name': 'Li Wei'}]
    >>> print(done.warnings[0].message)
    other languages of texts (a Popolo text has one): 1 left out (Popolo has no place for it): /persons/0/name
    """  # noqa: E501
    chosen = language or dataset.default_language
    left = LeftOut("not_exported", "Popolo has no place for it")
    document: dict[str, list[Any]] = {name: [] for name in _COLLECTIONS}
    sources: list[tuple[str, type, tuple[Any, ...]]] = [
        ("persons", Person, dataset.persons),
        ("organizations", Organization, dataset.organizations),
        ("organizations", Network, dataset.networks),
        ("memberships", Position, dataset.positions),
        ("memberships", Membership, dataset.memberships),
        ("posts", Post, dataset.posts),
    ]
    for target, cls, items in sources:
        key = _NGO_COLLECTIONS[cls]
        for index, item in enumerate(items):
            written = _export(item, f"/{key}/{index}", chosen, left)
            if cls is Network:
                written["classification"] = _NETWORK
            document[target].append(written)
    for field in model_fields(Dataset):
        value = getattr(dataset, field.name)
        if field.name in _NGO_COLLECTIONS.values() or field.name == "schema_version":
            continue
        if isinstance(value, tuple):
            for index in range(len(value)):
                left.add(f"Dataset.{field.name}", f"/{field.name}/{index}")
        elif value is not None:
            left.add(f"Dataset.{field.name}", f"/{field.name}")
    warnings = left.problems()
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return _done(text.encode("utf-8"), warnings)


def _export(obj: Any, path: str, language: str | None, left: LeftOut) -> dict[str, Any]:
    """The Popolo object of a model object; what it cannot hold is added to *left*."""
    cls = type(obj)
    mapped = _FIELDS[cls]
    out: dict[str, Any] = {}
    for field in model_fields(cls):
        value = getattr(obj, field.name)
        here = f"{path}/{field.name}"
        if value is None or value == () or (field.name == "extensions" and not value):
            continue
        name = mapped.get(field.name)
        if name is None:
            left.add(f"{cls.__name__}.{field.name}", here)
        elif isinstance(value, LocalizedText):
            out[name] = value.text(*([language] if language else []))
            if len(value) > 1:
                left.add("other languages of texts (a Popolo text has one)", here)
            if language and language not in value and len(value) == 1:
                left.add(f"the language of texts not in {language!r}", here)
        elif isinstance(value, PartialDate):
            out[name] = str(value)
        elif isinstance(value, tuple):
            items = []
            for index, item in enumerate(value):
                if isinstance(item, Source) and item.url is None:
                    left.add("sources without a URL", f"{here}/{index}")
                    continue
                items.append(_export(item, f"{here}/{index}", language, left))
            if items:
                out[name] = items
        elif cls is Membership and field.name == "member_id":
            out[name] = {"@type": "Organization", "id": value}
        else:
            out[name] = value
    return out


# -- import -----------------------------------------------------------------------------


class _Reader:
    """Builds ngomodel JSON from a Popolo document, remembering where each value came from."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.left = LeftOut("not_imported", "ngomodel has no place for it", in_source=True)
        self.errors: list[Problem] = []
        #: ngomodel JSON Pointer → Popolo JSON Pointer, for every object and value read.
        self.origin: dict[str, str] = {}

    def error(self, where: str, code: str, message: str) -> None:
        self.errors.append(Problem(path="", code=code, message=message, where=where))

    def record(self, cls: type, raw: Any, where: str, path: str) -> dict[str, Any] | None:
        """The ngomodel JSON of one Popolo object read as *cls*, or ``None`` if not an object."""
        if not isinstance(raw, dict):
            self.error(where, "wrong_type", f"expected a Popolo {_POPOLO_KIND[cls]} object")
            return None
        self.origin[path] = where
        kind = _POPOLO_KIND[cls]
        by_property = {popolo: name for name, popolo in _FIELDS[cls].items()}
        special = _READ_SPECIALLY.get(kind, ())
        types = {field.name: field.type for field in model_fields(cls)}
        out: dict[str, Any] = {}
        for key, value in raw.items():
            here = f"{where}/{escape_pointer(key)}"
            name = by_property.get(key)
            if value is None or (key in special and name is None):
                continue
            if name is None:
                self.left.add(f"{kind}.{key}", here)
                continue
            target = f"{path}/{name}"
            self.origin[target] = here
            node = types[name]
            node = node.item if isinstance(node, OptionalType) else node
            if isinstance(node, LocalizedTextType):
                out[name] = {self.language: value}
            elif isinstance(node, ListType) and isinstance(node.item, ModelType):
                out[name] = self.records(node.item.cls, value, here, target)
            elif cls is OtherName and isinstance(node, CodeType) and node.problems(value):
                # A free-text note is kept only when it is one of the model's codes.
                self.left.add(f"{kind}.{key} that is not an other_name_type code", here)
            elif cls is Membership and name == "member_id":
                continue  # read by the membership, which decides what it is
            else:
                out[name] = value
        return out

    def records(self, cls: type, raw: Any, where: str, path: str) -> Any:
        """The ngomodel JSON of a Popolo list of *cls* objects."""
        if not isinstance(raw, list):
            self.error(where, "wrong_type", f"expected a list of Popolo {_POPOLO_KIND[cls]}s")
            return []
        out: list[dict[str, Any]] = []
        for index, item in enumerate(raw):
            read = self.record(cls, item, f"{where}/{index}", f"{path}/{len(out)}")
            if read is not None:
                out.append(read)
        return out

    def membership(self, raw: Any, where: str, built: dict[str, list[Any]]) -> None:
        """Read one Popolo membership as a position or as a membership in a network."""
        if not isinstance(raw, dict):
            self.error(where, "wrong_type", "expected a Popolo membership object")
            return
        member = raw.get("member")
        member_kind = member.get("@type") if isinstance(member, dict) else None
        if member is not None and not isinstance(member, dict):
            self.error(f"{where}/member", "wrong_type", "expected an object with @type and id")
            return
        if isinstance(member, dict):
            for key in member:
                if key not in ("@type", "id"):
                    self.left.add(f"membership.member.{key}", f"{where}/member/{key}")
        if raw.get("person_id") is not None or member_kind == "Person":
            path = f"/positions/{len(built['positions'])}"
            from_member = raw.get("person_id") is None
            if from_member and isinstance(member, dict):
                raw = {**raw, "person_id": member.get("id")}
            read = self.record(Position, raw, where, path)
            if read is not None:
                if from_member:
                    self.origin[f"{path}/person_id"] = f"{where}/member/id"
                built["positions"].append(read)
        elif member_kind == "Organization":
            path = f"/memberships/{len(built['memberships'])}"
            read = self.record(Membership, raw, where, path)
            if read is not None:
                read["member_id"] = member.get("id") if isinstance(member, dict) else None
                self.origin[f"{path}/member_id"] = f"{where}/member/id"
                if raw.get("label") is not None:
                    self.left.add("membership.label of an organization", f"{where}/label")
                built["memberships"].append(read)
        else:
            self.error(
                where,
                "missing_key",
                'a membership needs a person_id, or a member with "@type" Person or Organization',
            )

    def where(self, path: str) -> str:
        """The Popolo place of an ngomodel JSON Pointer: that of its nearest known parent."""
        while path and path not in self.origin:
            path = path.rpartition("/")[0]
        return self.origin.get(path, "")


def from_popolo(data: bytes | str, *, language: str = _UNDETERMINED) -> Converted[Dataset]:
    """Read a Popolo JSON document into a dataset, with a warning for what it leaves out.

    Persons, organizations (networks when classified ``network``), memberships (of a
    person: positions; of an organization: memberships in a network) and posts are read.
    Each Popolo property the model has no place for gives a ``not_imported`` warning per
    kind, with its count and the JSON Pointers in the Popolo document (``where``). A
    value the model does not allow, an id included, is an error located the same way,
    and so is a broken semantic rule: there is then no dataset.

    Args:
        data: The Popolo JSON text.
        language: The language tag of the document's texts; ``und`` (undetermined)
            when not given.

    Returns:
        The dataset (``None`` when there are errors), and the problems.

    >>> text = '{"persons": [{"id": "p1", "name": "Amina Yusuf", "gender": "female"}]}'
    >>> done = from_popolo(text, language="en")
    >>> done.unwrap().person("p1").name
    LocalizedText({'en': 'Amina Yusuf'})
    >>> print(done.warnings[0])
    /persons/0/gender: person.gender: 1 left out (ngomodel has no place for it): /persons/0/gender [not_imported]
    """  # noqa: E501
    try:
        document = parse_json(data)
    except ValidationError as error:
        return _read(None, tuple(error.errors))
    if not isinstance(document, dict):
        found = Problem(path="", code="wrong_type", message="expected a Popolo JSON object")
        return _read(None, (found,))
    reader = _Reader(language)
    built: dict[str, list[Any]] = {key: [] for key in _NGO_COLLECTIONS.values()}
    for key, value in document.items():
        where = f"/{escape_pointer(key)}"
        if key not in _COLLECTIONS:
            reader.left.add(f"the document's {key}", where)
        elif not isinstance(value, list):
            reader.error(where, "wrong_type", f"expected a list of Popolo {key}")
        elif key == "memberships":
            for index, item in enumerate(value):
                reader.membership(item, f"{where}/{index}", built)
        else:
            for index, item in enumerate(value):
                _read_entity(reader, key, item, f"{where}/{index}", built)
    warnings = reader.left.problems()
    if reader.errors:
        return _read(None, (*reader.errors, *warnings))
    ngo: dict[str, Any] = {"schema_version": "1.1"}
    ngo |= {key: items for key, items in built.items() if items}
    try:
        dataset = from_dict(ngo)
    except ValidationError as error:
        located = [_located(problem, reader) for problem in error.errors]
        return _read(None, (*located, *warnings))
    from ngomodel.rules import check  # the rules import the formats' layer, not the reverse

    ruled = [_located(problem, reader) for problem in check(dataset)]
    if any(problem.severity == "error" for problem in ruled):
        return _read(None, (*ruled, *warnings))
    return _read(dataset, (*ruled, *warnings))


def _read(dataset: Dataset | None, problems: Iterable[Problem]) -> Converted[Dataset]:
    """The result of an import."""
    return _done(dataset, problems)


def _done(value: _T | None, problems: Iterable[Problem]) -> Converted[_T]:
    """A result and its problems."""
    # mypy's attrs plugin types the tuple converter of Converted.problems as taking
    # Iterable[_T_co] (the tuple's own type variable), which no argument matches.
    return Converted(value, problems)


def _read_entity(
    reader: _Reader, key: str, raw: Any, where: str, built: dict[str, list[Any]]
) -> None:
    """Read one Popolo person, organization or post into its ngomodel collection."""
    cls: type = {"persons": Person, "organizations": Organization, "posts": Post}[key]
    if cls is Organization and isinstance(raw, dict):
        classification = raw.get("classification")
        if classification == _NETWORK:
            cls = Network
        elif classification is not None:
            reader.left.add(
                "organization.classification other than network", f"{where}/classification"
            )
    collection = _NGO_COLLECTIONS[cls]
    read = reader.record(cls, raw, where, f"/{collection}/{len(built[collection])}")
    if read is not None:
        built[collection].append(read)


def _located(problem: Problem, reader: _Reader) -> Problem:
    """*problem*, of the ngomodel JSON built, placed in the Popolo document too."""
    import attrs

    return attrs.evolve(problem, where=reader.where(problem.path))


# -- the mapping table ------------------------------------------------------------------


def _rows() -> Iterator[tuple[str, str, str]]:
    """(ngomodel field, Popolo property, note) for every field of the classes converted."""
    for cls in (
        Person,
        Organization,
        Network,
        Membership,
        Position,
        Post,
        OtherName,
        Identifier,
        ContactDetail,
        Link,
        Source,
    ):
        kind = _POPOLO_KIND[cls]
        for field in model_fields(cls):
            popolo = _FIELDS[cls].get(field.name)
            shown = f"`{kind}.{popolo}`" if popolo else "—"
            owner = Organization if cls is Network else cls
            note = _NOTES.get((owner, field.name), "" if popolo else "not exported")
            yield f"`{cls.__name__}.{field.name}`", shown, note
        if cls is Network:
            yield "(a network)", "`organization.classification`", "`network`"


def mapping_table() -> str:
    """Return the mapping between ngomodel and Popolo as two Markdown tables.

    The first gives, for every field of the classes converted, the Popolo property that
    holds it ("—" and *not exported* when there is none); the second, for every
    property of the Popolo objects read, whether it is imported.

    Returns:
        The Markdown text of both tables.

    >>> print(mapping_table().splitlines()[2])
    | `Person.id` | `person.id` |  |
    """
    lines = ["| ngomodel field | Popolo property | note |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in _rows()]
    lines += ["", "| Popolo property | imported as |", "|---|---|"]
    for kind, properties in _POPOLO_PROPERTIES.items():
        for name in properties:
            lines.append(f"| `{kind}.{name}` | {_imported_as(kind, name)} |")
    return "\n".join(lines) + "\n"


def _imported_as(kind: str, name: str) -> str:
    """What the Popolo property *kind.name* is read as, or "not imported"."""
    found = [
        f"`{cls.__name__}.{field}`"
        for cls, fields in _FIELDS.items()
        if _POPOLO_KIND[cls] == kind and cls is not Network
        for field, popolo in fields.items()
        if popolo == name
    ]
    if kind == "organization" and name == "classification":
        found.append("a `Network` when `network`")
    if kind == "membership" and name == "member":
        found.append("`Position.person_id` when `@type` is `Person`")
    return ", ".join(found) or "not imported"
