"""Read documents of every published version: upgrade a plain document, step by step.

Each version of the format is published and stays published (``schemas/1.0/``,
``schemas/1.1/``…); the classes always describe the current one,
:data:`~ngomodel.SCHEMA_VERSION`. :func:`migrate` upgrades a plain JSON document one
version at a time (1.0 → 1.1 → …) and reports each change it makes, so that
:func:`~ngomodel.loads` and :func:`~ngomodel.from_dict` read a document of any version
in :data:`~ngomodel.migration.VERSIONS` and return current objects.

A document is read by the rules of the version it names: a ``"1.0"`` document that uses
what 1.1 added is refused (``not_in_version``) rather than read as if it said 1.1.
A version only adds to the one before it, and never makes a valid document invalid: a
migration of a valid document gives a valid document.

>>> from ngomodel import migrate
>>> old = {"schema_version": "1.0",
...        "programs": [{"id": "p1", "description": {"en": "Wells for six villages"}}]}
>>> upgraded = migrate(old, to="1.1")
>>> upgraded.document["programs"]
[{'id': 'p1', 'descriptions': [{'type': '1', 'text': {'en': 'Wells for six villages'}}]}]
>>> for change in upgraded.changes:
...     print(change.path, change.code)
/programs/0/descriptions/0 description_moved
/schema_version schema_version
>>> old["programs"][0]["description"]  # the document given is never changed
{'en': 'Wells for six villages'}
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from ngomodel import inspect as ins
from ngomodel._agreements import Agreement, Party
from ngomodel._dataset import SCHEMA_VERSION, Dataset
from ngomodel._figures import ReportedFigure
from ngomodel._organizations import Membership, Organization
from ngomodel._people import Person, Position
from ngomodel._programs import Disaggregation, Indicator, Participant, Program, Result
from ngomodel._values import Location, Money, OtherName, Source
from ngomodel.errors import Problem, ValidationError, brief, escape_pointer, json_kind

__all__ = ["ADDED", "VERSIONS", "Change", "Migration", "migrate", "upgrade"]

#: Every version of the format that ngomodel reads, oldest first; the last is current.
VERSIONS: tuple[str, ...] = ("1.0", "1.1")

#: Version → the fields it added, by class; what is not listed here was in 1.0. A
#: document of an earlier version may not use them. (Subclasses, such as ``Network``,
#: add what their base class added; classes new in a version are reached only through
#: the fields that version added.) ``tests/test_versions.py`` proves the table equal to
#: the difference between the published schemas.
ADDED: Mapping[str, Mapping[type, tuple[str, ...]]] = {
    "1.1": {
        Dataset: ("posts", "extensions"),
        Organization: ("iati_identifier", "parent_id", "extensions"),
        Membership: ("extensions",),
        Person: ("contact_details", "links", "extensions"),
        Position: ("post_id", "extensions"),
        Agreement: ("total_value", "extensions"),
        ReportedFigure: ("extensions",),
        Program: (
            *("iati_identifier", "reporting_organization", "default_currency"),
            *("humanitarian", "descriptions", "transactions", "documents"),
            *("related_programs", "policy_markers", "extensions"),
        ),
        Participant: ("reference",),
        Party: ("reference",),
        Result: ("documents",),
        Indicator: ("description", "documents"),
        Disaggregation: ("dimensions",),
        Location: ("location_class", "reach"),
        Money: ("value_date",),
        OtherName: ("start_date", "end_date"),
        Source: ("basis", "fields"),
    },
}


@attrs.frozen
class Change:
    """One change a migration made to a document.

    Attributes:
        path: JSON Pointer (RFC 6901) of the changed value in the upgraded document.
        code: What kind of change it is, stable across releases (``schema_version``,
            ``description_moved``…).
        message: What changed and why, for people.
    """

    path: str
    code: str
    message: str


@attrs.frozen
class Migration:
    """A document upgraded to a version, and the changes that took it there.

    Attributes:
        document: The upgraded plain JSON document; the one given is left as it was.
        changes: Each change made, step by step, oldest version first.
        source: The version the document was written for.
        target: The version it is written for now.
    """

    document: dict[str, Any]
    changes: tuple[Change, ...]
    source: str
    target: str


#: One step: the document at one version → (its problems, the next version's document,
#: the changes made). The document is copied where it changes, never changed in place.
_Step = Callable[[dict[str, Any]], tuple[list[Problem], dict[str, Any], list[Change]]]


def migrate(document: Any, to: str = SCHEMA_VERSION) -> Migration:
    """Upgrade a plain JSON document, one version at a time, to version *to*.

    Only what a version asks for changes: the rest of the document, key order included,
    stays as it was, and nothing but the changed values is copied. The upgraded
    document is not checked further: :func:`~ngomodel.from_dict` does that.

    Args:
        document: A dataset as plain JSON values (as :func:`json.loads` gives).
        to: The version to upgrade to, one of :data:`~ngomodel.migration.VERSIONS`; the
            current one by default.

    Returns:
        The upgraded document and the changes made. A document already at *to* comes
        back as it is, with no changes.

    Raises:
        ValidationError: With every problem found, each at its JSON Pointer: the
            document is not an object, names no version, names one ngomodel does not
            read (``unknown_version``) or one later than *to* (``cannot_downgrade``),
            or uses what its version does not have (``not_in_version``).
        ValueError: If *to* is not one of :data:`~ngomodel.migration.VERSIONS`.
    """
    problems, upgraded = upgrade(document, to)
    if problems:
        raise ValidationError(problems)
    assert upgraded is not None
    return upgraded


def upgrade(document: Any, to: str) -> tuple[list[Problem], Migration | None]:
    """Migrate *document*, returning the problems found rather than raising them.

    For readers that report every problem: with ``not_in_version`` problems only,
    the document is still upgraded (keeping what its version did not have), so that
    the rest of it can be checked too.

    Args:
        document: A dataset as plain JSON values.
        to: The version to upgrade to, one of :data:`~ngomodel.migration.VERSIONS`.

    Returns:
        The problems found, and the migration, or ``None`` if the document's version
        cannot be told or upgraded.

    Raises:
        ValueError: If *to* is not one of :data:`~ngomodel.migration.VERSIONS`.
    """
    if to not in VERSIONS:
        raise ValueError(f"cannot migrate to {to!r}: ngomodel reads {', '.join(VERSIONS)}")
    source, problem = _version_of(document)
    if problem is None and VERSIONS.index(source) > VERSIONS.index(to):
        message = f"the document is of version {source}, later than {to}: it cannot be downgraded"
        problem = Problem(path="/schema_version", code="cannot_downgrade", message=message)
    if problem is not None:
        return [problem], None
    problems: list[Problem] = []
    changes: list[Change] = []
    for version in VERSIONS[VERSIONS.index(source) : VERSIONS.index(to)]:
        found, document, made = _STEPS[version](document)
        problems += found
        changes += made
    return problems, Migration(document, tuple(changes), source, to)


def _version_of(document: Any) -> tuple[str, Problem | None]:
    """The version a document names, or the problem with it."""
    if not isinstance(document, dict):
        message = f"expected a dataset, a JSON object, got {json_kind(document)}"
        return "", Problem(path="", code="wrong_type", message=message)
    if "schema_version" not in document:
        message = "a dataset names the version of the format it is written for"
        return "", Problem(path="/schema_version", code="missing_key", message=message)
    version = document["schema_version"]
    if version not in VERSIONS or not isinstance(version, str):
        message = f"{brief(version)} is not a version ngomodel reads: {', '.join(VERSIONS)}"
        return "", Problem(path="/schema_version", code="unknown_version", message=message)
    return version, None


def _objects(node: ins.Node, value: Any, path: str) -> Iterator[tuple[type, dict[str, Any], str]]:
    """Yield (class, object, path) for every object of a model class in *value*.

    Guided by the description, and only where *value* has the shape it describes: what
    does not is for the loader to report.
    """
    if isinstance(node, ins.OptionalType):
        yield from _objects(node.item, value, path)
    elif isinstance(node, ins.ListType) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _objects(node.item, item, f"{path}/{index}")
    elif isinstance(node, ins.ModelType) and isinstance(value, dict):
        yield node.cls, value, path
        for field in node.fields:
            if field.name in value:
                yield from _objects(field.type, value[field.name], f"{path}/{field.name}")


def _unknown_to(version: str, document: dict[str, Any]) -> list[Problem]:
    """Report what *document* uses that *version* added, though it names an earlier one."""
    problems: list[Problem] = []
    added = ADDED[version]
    for cls, value, path in _objects(ins.type_info(Dataset), document, ""):
        if any(f"{path}/".startswith(f"{problem.path}/") for problem in problems):
            continue  # inside what was reported: said once, at its top
        names = {name for base in cls.__mro__ for name in added.get(base, ())}
        for key in (key for key in value if key in names):
            message = (
                f"{key!r} was added in version {version}, and the document is of version "
                f'{document["schema_version"]}: write "schema_version": "{version}" '
                "to use it"
            )
            where = f"{path}/{escape_pointer(key)}"
            problems.append(Problem(path=where, code="not_in_version", message=message))
    return problems


def _to_1_1(document: dict[str, Any]) -> tuple[list[Problem], dict[str, Any], list[Change]]:
    """1.0 → 1.1: a program's description becomes its general description (type 1)."""
    problems = _unknown_to("1.1", document)
    document, changes = dict(document), []
    programs = document.get("programs")
    if isinstance(programs, list) and not problems:
        programs = document["programs"] = list(programs)
        for index, program in enumerate(programs):
            if isinstance(program, dict) and "description" in program:
                programs[index] = {  # in the place of the description, keys in order
                    ("descriptions" if key == "description" else key): (
                        [{"type": "1", "text": value}] if key == "description" else value
                    )
                    for key, value in program.items()
                }
                message = (
                    "the program's description became its general description (type 1) "
                    "in descriptions: description is deprecated in 1.1"
                )
                path = f"/programs/{index}/descriptions/0"
                changes.append(Change(path, "description_moved", message))
    document["schema_version"] = "1.1"
    message = "the document is now of version 1.1, which only adds to 1.0"
    changes.append(Change("/schema_version", "schema_version", message))
    return problems, document, changes


#: The version a step upgrades from → the step to the next version.
_STEPS: dict[str, _Step] = {"1.0": _to_1_1}
