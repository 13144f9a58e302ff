"""Extensions: declared, validated data that the core model does not define.

Objects are closed: a key the model does not define is an error. Data of a project's
own (a charity register's numbers, a network's own member categories…) goes in an
*extension*: a name, a version and a JSON Schema for its members on each kind of
entity, and optionally codes it adds to open codelists. An extension is defined in a
JSON file (see ``docs/extensions.md``) and registered, here or with ``--extension FILE``
on the command line.

A dataset lists the extensions it uses in ``extensions``; every entity keeps its
extension data under its own ``extensions`` key, by extension name. When a
:class:`~ngomodel.Dataset` is built (by the loader or in Python), extension data must
be declared by the dataset, of an extension registered in this version, and valid by
its schema; every problem is reported at its JSON Pointer. The data is kept on the
objects (:class:`~ngomodel.ExtensionData`) and written back as it was.

>>> import ngomodel
>>> from ngomodel import extensions
>>> charity = extensions.charity_register()
>>> extensions.register(charity)
>>> data = ngomodel.loads('''{
...   "schema_version": "1.1",
...   "extensions": [{"name": "charity_register", "version": "1.0"}],
...   "organizations": [{
...     "id": "org-cfpd", "name": {"en": "China Foundation for Peace and Development"},
...     "extensions": {"charity_register": {"registrations": [
...       {"register": "CN-USCI", "number": "53100000500019148W", "status": "registered"}]}}
...   }]
... }''')
>>> data.organizations[0].extensions["charity_register"]["registrations"][0]["number"]
'53100000500019148W'
>>> extensions.unregister("charity_register")
"""

from __future__ import annotations

import contextlib
import functools
import json
import threading
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
import jsonschema

from ngomodel import codelists
from ngomodel._agreements import Agreement
from ngomodel._constraints import LINE_FEED
from ngomodel._figures import ReportedFigure
from ngomodel._hints import did_you_mean
from ngomodel._organizations import Membership, Network, Organization
from ngomodel._people import Person, Position, Post
from ngomodel._programs import Program
from ngomodel._scalars import EXTENSION_NAME, TEXT, frozen_json, plain_json
from ngomodel.errors import Problem, ValidationError, brief, escape_pointer

__all__ = [
    "KINDS",
    "Extension",
    "charity_register",
    "dataset_problems",
    "entity_problems",
    "get",
    "register",
    "registered",
    "schema_documents",
    "unregister",
    "using",
]

#: Entity kind → its class and its collection in a dataset, where extension data goes.
KINDS: Mapping[str, tuple[type, str]] = MappingProxyType(
    {
        "organization": (Organization, "organizations"),
        "network": (Network, "networks"),
        "membership": (Membership, "memberships"),
        "person": (Person, "persons"),
        "position": (Position, "positions"),
        "post": (Post, "posts"),
        "agreement": (Agreement, "agreements"),
        "program": (Program, "programs"),
        "reported-figure": (ReportedFigure, "figures"),
    }
)
#: Entity class → its kind.
_KIND_OF = {cls: kind for kind, (cls, _) in KINDS.items()}


@attrs.frozen(eq=False)
class Extension:
    """An extension: the data it allows on each kind of entity, and the codes it adds.

    Build one with :meth:`from_dict` or :meth:`load`, which check the definition.
    Extensions compare and hash by identity.

    Attributes:
        name: Its name, as datasets and entities name it (``charity_register``).
        version: Its version (``1.0``); a dataset declares the version it uses.
        title: A short title.
        description: What it is for.
        schemas: Entity kind (a key of :data:`KINDS`) → the JSON Schema (draft
            2020-12) of the extension's members on entities of that kind.
        codes: Open codelist name → the codes the extension adds to it.
    """

    name: str
    version: str
    title: str
    description: str
    schemas: Mapping[str, Mapping[str, Any]]
    codes: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_dict(cls, data: Any) -> Extension:
        """Check a definition (as a JSON file holds it) and build the extension.

        Args:
            data: ``{"name", "version", "title", "description"?, "entities", "codes"?}``
                where ``entities`` maps entity kinds to JSON Schemas and ``codes`` maps
                open codelists to lists of codes.

        Returns:
            The extension.

        Raises:
            ValidationError: With every problem of the definition, at its pointer.
        """
        problems = _definition_problems(data)
        if problems:
            raise ValidationError(problems)
        return cls(
            name=data["name"],
            version=data["version"],
            title=data["title"],
            description=data.get("description", ""),
            schemas=MappingProxyType({k: frozen_json(v) for k, v in data["entities"].items()}),
            codes=MappingProxyType({k: tuple(v) for k, v in data.get("codes", {}).items()}),
        )

    @classmethod
    def load(cls, path: str | Path) -> Extension:
        """Read and check a definition file (strict JSON, as :func:`ngomodel.loads` reads).

        Args:
            path: The file.

        Returns:
            The extension.

        Raises:
            ValidationError: For malformed JSON or a definition with problems.
            OSError: If the file cannot be read.
        """
        from ngomodel._json import parse_json

        return cls.from_dict(parse_json(Path(path).read_bytes()))

    def to_dict(self) -> dict[str, Any]:
        """Return the definition as plain JSON values, as :meth:`from_dict` reads it."""
        out: dict[str, Any] = {"name": self.name, "version": self.version, "title": self.title}
        if self.description:
            out["description"] = self.description
        out["entities"] = {kind: plain_json(schema) for kind, schema in self.schemas.items()}
        if self.codes:
            out["codes"] = {name: list(codes) for name, codes in self.codes.items()}
        return out


@functools.cache
def _definition_validator() -> jsonschema.Validator:
    """A validator of extension definitions; each entity's schema is checked on its own."""
    open_lists = [name for name in codelists.names() if not codelists.get(name).closed]
    codes = {"type": "array", "minItems": 1, "uniqueItems": True}
    codes["items"] = {"type": "string", "minLength": 1}
    return jsonschema.Draft202012Validator(
        {
            "type": "object",
            "properties": {
                "name": {
                    "type": "string",
                    "pattern": EXTENSION_NAME.regex,
                    "not": {"type": "string", "pattern": LINE_FEED},
                },
                "version": {"type": "string", "pattern": r"^[0-9]+\.[0-9]+$"},
                "title": {"type": "string", "pattern": TEXT.regex},
                "description": {"type": "string"},
                "entities": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"enum": list(KINDS)},
                    "additionalProperties": {"type": "object"},
                },
                "codes": {
                    "type": "object",
                    "propertyNames": {"enum": open_lists},
                    "additionalProperties": codes,
                },
            },
            "required": ["name", "version", "title", "entities"],
            "additionalProperties": False,
        }
    )


def _definition_problems(data: Any) -> list[Problem]:
    """Every problem of an extension definition, at its JSON Pointer."""
    from ngomodel._json import json_problems  # the JSON reader imports the models

    problems = json_problems(data)
    if problems:
        return problems
    for error in _definition_validator().iter_errors(data):
        problems += _data_problems(error, "")
    problems.sort(key=lambda problem: problem.path)
    for kind, schema in data.get("entities", {}).items() if not problems else ():
        problems += _schema_problems(schema, f"/entities/{escape_pointer(kind)}")
    return problems


def _schema_problems(schema: dict[str, Any], where: str) -> list[Problem]:
    """The problems of an extension's schema: valid in draft 2020-12, with no ``$id``, and
    references only within itself, so that nothing is ever fetched."""
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        path = where + "".join(f"/{escape_pointer(str(p))}" for p in error.absolute_path)
        return [Problem(path=path, code="invalid_schema", message=_short(error.message))]
    problems = []
    stack: list[tuple[Any, str]] = [(schema, where)]
    while stack:
        node, path = stack.pop()
        if isinstance(node, list):
            stack += [(item, f"{path}/{index}") for index, item in enumerate(node)]
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            here = f"{path}/{escape_pointer(key)}"
            if key in ("$id", "$schema"):
                message = f"{key} is ngomodel's to give, not the extension's"
                problems.append(Problem(path=here, code="unknown_key", message=message))
            elif key in ("$ref", "$dynamicRef") and not str(value).startswith("#"):
                message = f"{brief(value)} refers outside the schema: only '#…' may"
                problems.append(Problem(path=here, code="external_reference", message=message))
            else:
                stack.append((value, here))
    return problems


def _short(message: str, length: int = 200) -> str:
    return message if len(message) <= length else message[: length - 3] + "..."


# -- the registry ------------------------------------------------------------------------

_REGISTERED: dict[str, Extension] = {}
_LOCK = threading.Lock()


def register(extension: Extension) -> None:
    """Register an extension, so that datasets that declare it can be built and read.

    Args:
        extension: The extension.

    Raises:
        ValueError: If another extension of that name is registered already.
    """
    with _LOCK:
        known = _REGISTERED.get(extension.name)
        if known is not None and known is not extension:
            raise ValueError(f"another extension named {extension.name!r} is registered")
        _REGISTERED[extension.name] = extension


def unregister(name: str) -> None:
    """Forget the extension of that name (nothing happens if there is none)."""
    with _LOCK:
        _REGISTERED.pop(name, None)


def get(name: str) -> Extension | None:
    """Return the registered extension of that name, or ``None``."""
    return _REGISTERED.get(name)


def registered() -> tuple[Extension, ...]:
    """Return the registered extensions, by name."""
    return tuple(extension for _, extension in sorted(_REGISTERED.items()))


@contextlib.contextmanager
def using(*extensions: Extension) -> Iterator[None]:
    """Register extensions for the duration of a ``with`` block (for tests, say).

    Args:
        extensions: The extensions; those registered already stay registered after.

    Raises:
        ValueError: If another extension of one of their names is registered.
    """
    added = [e for e in extensions if get(e.name) is not e]
    for extension in added:
        register(extension)
    try:
        yield
    finally:
        for extension in added:
            unregister(extension.name)


@functools.cache
def charity_register() -> Extension:
    """Return the example extension shipped with ngomodel: charity register entries.

    ``charity_register`` 1.0 records an organization's or a network's registrations
    with charity and social-organization registers (register, number, status, dates)
    and adds the Ministry of Civil Affairs' social-organization register of China,
    which org-id.guide does not list, to the ``organisation_registration_agency`` list.

    Returns:
        The extension (not registered: pass it to :func:`register`).
    """
    text = resources.files("ngomodel").joinpath("data/charity-register.extension.json")
    return Extension.from_dict(json.loads(text.read_bytes()))


# -- checking a dataset's extension data -----------------------------------------------------


@functools.lru_cache(maxsize=256)
def _validator(extension: Extension, kind: str) -> jsonschema.Validator:
    return jsonschema.Draft202012Validator(plain_json(extension.schemas[kind]))


def _data_problems(error: jsonschema.ValidationError, base: str) -> list[Problem]:
    """The problems of one error of an extension's schema, under *base*."""
    from ngomodel.schema import problems_from_error  # it imports the models

    return [attrs.evolve(p, path=base + p.path) for p in problems_from_error(error)]


def _unregistered_message(name: str) -> str:
    """The message of an extension *name* that no registered extension has."""
    return (
        f"no extension named {name!r} is registered: register it "
        "(ngomodel.extensions.register, or --extension FILE)"
    ) + did_you_mean(name, _REGISTERED)


def entity_problems(entity: Any) -> list[Problem]:
    """Check an entity's extension data against the registered extensions (run whenever
    one is built, alone or in a dataset).

    Args:
        entity: An object of an entity class (see :data:`KINDS`).

    Returns:
        ``unknown_extension`` for data under a name no extension is registered under,
        ``extension_not_for_kind`` for an extension without data for this kind of
        entity, and what the extension's schema finds, each at its pointer within the
        entity. Whether the dataset declares the extension is the dataset's to check.
    """
    kind = next(_KIND_OF[cls] for cls in type(entity).__mro__ if cls in _KIND_OF)
    problems: list[Problem] = []
    for name, members in entity.extensions.items():
        where = f"/extensions/{name}"
        extension = get(name)
        if extension is None:
            message = _unregistered_message(name)
            problems.append(Problem(path=where, code="unknown_extension", message=message))
        elif kind not in extension.schemas:
            kinds = ", ".join(extension.schemas)
            message = f"the extension {name!r} has data only for: {kinds}"
            problems.append(Problem(path=where, code="extension_not_for_kind", message=message))
        else:
            errors = _validator(extension, kind).iter_errors(plain_json(members))
            for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
                problems += _data_problems(error, where)
    return problems


def dataset_problems(data: Any) -> list[Problem]:
    """Check a dataset's extensions and extension data (run whenever one is built).

    Args:
        data: A :class:`~ngomodel.Dataset`.

    Returns:
        ``duplicate_extension``, ``unknown_extension`` and ``unknown_extension_version``
        for the declarations; ``undeclared_extension`` for entity data of an extension the
        dataset does not declare. Each entity checks its data against the registered
        extensions itself (:func:`entity_problems`).
    """
    declared: dict[str, Extension | None] = {}
    problems: list[Problem] = []
    for index, use in enumerate(data.extensions):
        where = f"/extensions/{index}"
        extension = get(use.name)
        if use.name in declared:
            message = f"the extension {use.name!r} is declared more than once"
            problems.append(Problem(path=where, code="duplicate_extension", message=message))
        elif extension is None:
            message = _unregistered_message(use.name)
            problems.append(
                Problem(path=f"{where}/name", code="unknown_extension", message=message)
            )
        elif extension.version != use.version:
            message = (
                f"the extension {use.name!r} registered is version {extension.version}, "
                f"not {use.version}"
            )
            problems.append(
                Problem(path=f"{where}/version", code="unknown_extension_version", message=message)
            )
            extension = None
        declared.setdefault(use.name, extension)
    for _, collection in KINDS.values():
        for index, entity in enumerate(getattr(data, collection)):
            for name in entity.extensions:
                if name not in declared:
                    where = f"/{collection}/{index}/extensions/{name}"
                    message = (
                        f"the dataset does not declare the extension {name!r} in its extensions"
                    ) + did_you_mean(name, declared)
                    problems.append(
                        Problem(path=where, code="undeclared_extension", message=message)
                    )
    return problems


# -- schemas with extensions ---------------------------------------------------------------


def schema_documents(*extensions: Extension) -> dict[str, dict[str, Any]]:
    """Return the schema documents of the format with these extensions, for integrators.

    The core documents (:func:`ngomodel.schema.schema_documents`), with each entity's
    ``extensions`` allowing exactly these extensions' members, each checked by its
    schema (``extensions/<name>/<kind>.schema.json``), and the dataset allowing an
    extension's data only when it declares that extension, at its version.

    Args:
        extensions: The extensions.

    Returns:
        Relative path → schema document, as :func:`ngomodel.schema.schema_documents`.
    """
    from ngomodel import schema

    documents = schema.schema_documents()
    for kind in KINDS:
        document = documents[f"{kind}.schema.json"]
        allowed = {}
        for extension in extensions:
            if kind in extension.schemas:
                path = f"extensions/{extension.name}/{kind}.schema.json"
                body = plain_json(extension.schemas[kind])
                documents[path] = {"$schema": schema.DIALECT, "$id": schema.BASE_URI + path, **body}
                allowed[extension.name] = {"$ref": path}
        prop = document["properties"]["extensions"]
        description = prop.get("description")
        prop.clear()
        if description:
            prop["description"] = description
        prop |= {"type": "object", "properties": allowed, "additionalProperties": False}
    dataset = documents["dataset.schema.json"]
    uses = dataset["properties"]["extensions"]
    del uses["maxItems"]  # the core schemas allow no extension; these allow those given
    names = {"name": {"enum": [extension.name for extension in extensions]}}
    uses["items"] = {"allOf": [uses["items"], {"type": "object", "properties": names}]}
    conditions = dataset.setdefault("allOf", [])
    for extension in extensions:
        name, version = extension.name, extension.version
        declared = {"type": "object", "properties": {"name": {"const": name}}, "required": ["name"]}
        at_version = {"type": "object", "properties": {"version": {"const": version}}}
        uses = {"type": "array", "items": {"type": "object", "if": declared, "then": at_version}}
        conditions.append({"properties": {"extensions": uses}})  # declared at its version
        unused = {
            KINDS[kind][1]: {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"extensions": {"type": "object", "properties": {name: False}}},
                },
            }
            for kind in extension.schemas
        }
        anywhere = {"type": "array", "contains": declared}
        conditions.append(  # its data only when it is declared
            {
                "if": {"not": {"required": ["extensions"], "properties": {"extensions": anywhere}}},
                "then": {"properties": unused},
            }
        )
    return dict(sorted(documents.items()))
