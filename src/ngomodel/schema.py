"""JSON Schema (draft 2020-12) for the wire format, generated from the model classes.

The classes are the one source of truth. This module walks their fields, the
constraint markers in their annotations, their class rules and their
documentation, and writes:

* one schema per entity (``organization.schema.json``, ``network.schema.json``,
  ``membership.schema.json``, ``person.schema.json``, ``position.schema.json``,
  ``post.schema.json``, ``agreement.schema.json``, ``program.schema.json``,
  ``reported-figure.schema.json``) and one for the document root
  (``dataset.schema.json``);
* ``types.schema.json``, whose ``$defs`` hold the shared value types and
  records (``LocalizedText``, ``PartialDate``, ``Source``, ``Party``, …) and the
  constrained strings (``Id``, ``GlobalId``, ``Text``, ``LanguageTag``, ``Url``,
  ``Amount``, ``SignedAmount``, ``ExtensionName``);
* ``codelists/<name>.schema.json``, one ``enum`` per codelist, with the codelist as
  data beside it (``<name>.json`` and ``<name>.csv``: see :func:`codelist_title`);
* ``bundle.schema.json``, all of them in one self-contained document (:func:`bundle`);
* ``error-codes.json``, ngomodel's error code for each schema location
  (:func:`error_codes`);
* ``ngomodel.d.ts``, the TypeScript declarations of :mod:`ngomodel.typescript`.

Every definition carries ``examples`` (from the reference dataset, or made-up values
said to be so in a ``$comment``). A class rule is a ``not`` of the objects it refuses,
and a class's vocabulary conditions one ``if`` / ``else`` chain, so that code generators
keep the objects closed and ajv's strict mode compiles them; a ``$ref`` with annotations
beside it stands in a one-item ``allOf``.

Deprecation is marked with the standard ``deprecated`` annotation, which no
validator turns into an error: a deprecated field's property schema has
``"deprecated": true`` (and its description says what to use instead), and a
codelist with withdrawn codes annotates them with an ``if`` / ``then`` whose
``then`` asserts nothing: ``{"enum": [every code], "if": {"enum": [withdrawn
codes]}, "then": {"deprecated": true, "description": …}}``. The rules
``deprecated_field`` and ``withdrawn_code`` of :mod:`ngomodel.rules` report
their use as warnings.

Every file has an absolute, versioned ``$id`` under :data:`BASE_URI`; ``$ref``
between files is relative, and :func:`registry` resolves them all offline.
Only standard keywords are used, and every string rule is a ``pattern`` that
compiles, and gives the same verdict on every string, in Python's ``re``,
ECMAScript (with the ``u`` flag, as ajv compiles it), the Rust ``regex`` crate
(jsonschema-rs with ``RegexOptions``, pydantic) and RE2: no look-around, no
backreference, no ``\\s``, ``\\d``, ``\\w`` or ``\\u``. An anchored pattern takes
trailing line feeds (Python's ``$`` also matches before a final one and the
others' do not), so a type whose values hold no line feed refuses them with a
``not`` of a string with the pattern ``\\n``. No ``format`` is relied on. So
python-jsonschema, jsonschema-rs (with either regex engine) and ajv in strict
mode give the verdict the library gives.

What JSON Schema cannot say, and the schemas therefore leave to the dataset's
semantic rules, is every rule that looks across objects:

* references (``member_id``, ``program_ids``, ``location_ids``, …) resolve to an
  entity of the right kind;
* ids are unique across the dataset;
* end dates are not before start dates (partial dates compared as intervals);
* a membership starts no earlier than its network was founded;
* an agreement's parties are distinct;
* sector and country/region percentages add up to 100 per vocabulary;
* indicator values fit their measure;
* a network's listed members do not outnumber its reported member count (a warning).

Nor can a schema see how JSON text was written, so these belong to the first,
well-formed-JSON layer of :mod:`ngomodel.validation`: no key is repeated within
an object, and no string holds a lone surrogate (JSON can write one only as an
escape such as ``\\ud800``, and it is not Unicode text).

The numbers in the schemas are those every JSON reader holds: an ``integer``
lies within plus or minus 2**53 - 1 (``minimum`` / ``maximum``
9007199254740991, as I-JSON, RFC 7493, recommends), a ``number`` within the
64-bit float range (plus or minus 1.7976931348623157e+308), unless the field
has narrower bounds. An ``Amount`` string has at most 100 characters.

:func:`validate` takes Python values, which can be what no JSON text gives (a
tuple, a set, a ``Decimal``, NaN, a key that is not a string, an enum member,
nesting without end). Those are reported as the loader reports them (see
:func:`~ngomodel.from_dict`), before any schema is consulted.
"""

from __future__ import annotations

import csv
import functools
import inspect
import io
import json
import re
import types
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jsonschema
import referencing
from referencing.jsonschema import DRAFT202012

from ngomodel import codelists
from ngomodel._agreements import Agreement
from ngomodel._constraints import LINE_FEED, Pattern, too_long_message
from ngomodel._dataset import SCHEMA_VERSION, Dataset
from ngomodel._examples import codelist_example, example, made_up
from ngomodel._figures import ReportedFigure
from ngomodel._generated import write_or_check
from ngomodel._hints import (
    code_message,
    did_you_mean,
    enum_message,
    key_message,
    with_likely_entity,
)
from ngomodel._json import json_problems, surely_plain
from ngomodel._organizations import Membership, Network, Organization
from ngomodel._people import Person, Position, Post
from ngomodel._programs import Program
from ngomodel._scalars import (
    AMOUNT,
    DATE,
    EXTENSION_NAME,
    GLOBAL_ID,
    ID,
    LANGUAGE_TAG,
    SIGNED_AMOUNT,
    TEXT,
    URL,
    ExtensionData,
)
from ngomodel.errors import Problem, brief, escape_pointer, json_kind
from ngomodel.inspect import (
    AmountType,
    AtLeastOneOf,
    BooleanType,
    CodeDependsOn,
    CodeType,
    DateType,
    ExactlyOneOf,
    ExtensionDataType,
    IntegerType,
    ListType,
    LocalizedTextType,
    ModelType,
    Node,
    NumberType,
    OptionalType,
    TextType,
    is_model,
)

__all__ = [
    "BASE_URI",
    "BUNDLE",
    "DIALECT",
    "ENTITIES",
    "ERROR_CODES",
    "KEYWORD_CODES",
    "bundle",
    "codelist_title",
    "differences",
    "error_codes",
    "problems_from_error",
    "registry",
    "schema_documents",
    "schema_for",
    "validate",
    "validator",
    "write",
]

#: The JSON Schema dialect of every file.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Where the schemas of this version of the format live; every ``$id`` starts with it.
BASE_URI = f"https://ngomodel.org/schemas/{SCHEMA_VERSION}/"

#: Schema name → class, for the document root and every entity.
ENTITIES: Mapping[str, type] = {
    "dataset": Dataset,
    "organization": Organization,
    "network": Network,
    "membership": Membership,
    "person": Person,
    "position": Position,
    "agreement": Agreement,
    "program": Program,
    "reported-figure": ReportedFigure,
    "post": Post,
}

#: The file name of the bundle, every schema of the version in one file (see :func:`bundle`).
BUNDLE = "bundle.schema.json"
#: The file name of the map from schema locations to error codes (see :func:`error_codes`).
ERROR_CODES = "error-codes.json"

_TYPES_FILE = "types.schema.json"
_FILE_OF = {cls: f"{name}.schema.json" for name, cls in ENTITIES.items()}
_PATTERNS = (ID, GLOBAL_ID, TEXT, LANGUAGE_TAG, URL, AMOUNT, SIGNED_AMOUNT, EXTENSION_NAME)


def _summary(cls: type) -> tuple[str, str]:
    """Return the docstring's first line, and the prose after it up to the sections."""
    lines = inspect.cleandoc(cls.__doc__ or "").splitlines()
    title = lines[0] if lines else cls.__name__
    body: list[str] = []
    for line in lines[1:]:
        if line.strip() in ("Attributes:", "Args:", "Returns:") or line.startswith(">>>"):
            break
        body.append(line)
    text = " ".join(" ".join(body).split())
    text = re.sub(r":(?:class|func|data):`~?(?:[\w.]+\.)?(\w+)`", r"\1", text)
    return title, text.replace("``", "")


class _Generator:
    """Builds the schema documents; ``prefix`` is the relative path from one file to the base."""

    def __init__(self) -> None:
        self.types: dict[str, Any] = {}
        self.codelists: set[str] = set()

    def ref_class(self, cls: type, here: str) -> dict[str, Any]:
        if cls in _FILE_OF:
            target = _FILE_OF[cls]
            return {"$ref": target if here != target else "#"}
        name = cls.__name__
        if name not in self.types:
            self.types[name] = {}  # placeholder against recursion
            self.types[name] = self.object_schema(cls, _TYPES_FILE)
        return self.ref_type(name, here)

    def ref_type(self, name: str, here: str) -> dict[str, Any]:
        if here == _TYPES_FILE:
            return {"$ref": f"#/$defs/{name}"}
        return {"$ref": f"{_TYPES_FILE}#/$defs/{name}"}

    def value_schema(self, node: Node, here: str) -> dict[str, Any]:
        if isinstance(node, OptionalType):  # optional: the key is not required
            node = node.item
        if isinstance(node, CodeType):
            if node.codelist is None:
                return {"enum": list(node.codes)}
            self.codelists.add(node.codelist)
            return {"$ref": f"codelists/{node.codelist}.schema.json"}
        if isinstance(node, ListType):
            out: dict[str, Any] = {"type": "array", "items": self.value_schema(node.item, here)}
            if node.min_items:
                out["minItems"] = node.min_items
            return out
        if isinstance(node, TextType):
            if node.pattern is not None:
                return self.ref_type(node.pattern.name, here)
            return {"type": "string"}
        if isinstance(node, (IntegerType, NumberType)):
            out = {"type": "integer" if isinstance(node, IntegerType) else "number"}
            if node.minimum is not None:
                out["minimum"] = node.minimum
            if node.maximum is not None:
                out["maximum"] = node.maximum
            return out
        if isinstance(node, BooleanType):
            return {"type": "boolean"}
        if isinstance(node, AmountType):
            return self.ref_type(node.pattern.name, here)
        if isinstance(node, DateType):
            return self.ref_type(DATE.name, here)
        if isinstance(node, LocalizedTextType):
            return self.ref_type("LocalizedText", here)
        if isinstance(node, ExtensionDataType):
            return self.ref_type("ExtensionData", here)
        assert isinstance(node, ModelType), node
        return self.ref_class(node.cls, here)

    def object_schema(self, cls: type, here: str) -> dict[str, Any]:
        title, description = _summary(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        model = ModelType(cls)
        defaults = {field.name: field.default for field in model.fields}
        for field in model.fields:
            prop: dict[str, Any] = {}
            if field.doc:
                prop["description"] = field.full_doc
            if field.deprecated is not None:
                prop["deprecated"] = True
            value = self.value_schema(field.type, here)
            if "$ref" in value and prop:
                # Beside its own annotations a reference goes in an allOf: code generators
                # then make one type of each definition instead of one per use.
                value = {"allOf": [value]}
            prop.update(value)
            if cls is Dataset and field.name == "extensions":
                # The published schemas know no extension, as the loader knows none until
                # one is registered: ngomodel.extensions.schema_documents allows those given.
                prop["maxItems"] = 0
            if field.required:
                required.append(field.name)
            elif field.default not in (None, ()) and not isinstance(field.default, ExtensionData):
                prop["default"] = field.default
                if "$ref" in prop:
                    prop["allOf"] = [{"$ref": prop.pop("$ref")}]
            properties[field.name] = prop
        out: dict[str, Any] = {"title": cls.__name__, "description": title}
        if description:
            out["description"] = f"{title} {description}"
        out["type"] = "object"
        out["properties"] = properties
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        conditions: list[dict[str, Any]] = []
        for rule in model.rules:
            if isinstance(rule, (ExactlyOneOf, AtLeastOneOf)):
                out["not"] = _refused(rule, model)
            elif isinstance(rule, CodeDependsOn):
                default = defaults[rule.vocabulary_field]
                for vocabulary, name in rule.codelists:
                    self.codelists.add(name)
                    condition: dict[str, Any] = {
                        "properties": {rule.vocabulary_field: {"const": vocabulary}}
                    }
                    if vocabulary != default:
                        condition["required"] = [rule.vocabulary_field]
                    conditions.append(
                        {
                            "if": condition,
                            "then": {
                                "properties": {
                                    rule.field: {"$ref": f"codelists/{name}.schema.json"}
                                }
                            },
                        }
                    )
        # The conditions exclude each other (each names another vocabulary), so they make
        # one if / else-if chain: code generators pass over it, as over no allOf.
        chain: dict[str, Any] = {}
        for condition in reversed(conditions):
            chain = {**condition, "else": chain} if chain else condition
        out.update(chain)
        if made_up(cls.__name__):
            out["$comment"] = (
                f"The example is made up: the reference dataset holds no {cls.__name__}."
            )
        out["examples"] = [example(cls.__name__)]
        return out


def _refused(rule: ExactlyOneOf | AtLeastOneOf, model: ModelType) -> dict[str, Any]:
    """The ``not`` of a class rule: the schema of the objects the rule refuses.

    At least one of the fields must be given, so an object in which each is absent (or,
    for a list, empty) is refused; exactly one, so also one in which two are given. The
    rule is a ``not`` rather than an ``anyOf`` / ``oneOf`` of ``required`` alternatives:
    code generators read those as open objects, and ajv's strict mode refuses a
    ``required`` key that its own schema does not define.
    """
    # A list is given when it has an item for AtLeastOneOf, and when present at all for
    # ExactlyOneOf, as the rules themselves read them.
    lists = {f.name for f in model.fields if isinstance(f.type, ListType)}
    if isinstance(rule, ExactlyOneOf):
        lists = set()
    names = ", ".join(rule.fields)
    none: dict[str, Any] = {
        "properties": {
            name: {"type": "array", "maxItems": 0} if name in lists else False
            for name in rule.fields
        }
    }
    if isinstance(rule, AtLeastOneOf):
        return {"description": f"Refused: none of {names} is given.", **none}
    pairs = [
        {"properties": {a: True, b: True}, "required": [a, b]}
        for i, a in enumerate(rule.fields)
        for b in rule.fields[i + 1 :]
    ]
    return {
        "description": f"Refused: none, or more than one, of {names} is given.",
        "anyOf": [none, *pairs],
    }


#: What a type that refuses line feeds is not: a string with one. (Without "type" a value
#: that is no string would match it, and fail "not" beside failing "type".)
_LINE_FEED_STRING = {"type": "string", "pattern": LINE_FEED}
#: Why a type refuses line feeds apart from its pattern, in its ``$defs`` entry.
_LINE_FEED_COMMENT = (
    "The pattern ends in \\n*$ so that it gives the same verdict in every regex engine: "
    "Python's $ also matches before a final line feed, the others' do not. \"not\" refuses "
    "line feeds, which no value of this type holds."
)


def _pattern_schema(pattern: Pattern) -> dict[str, Any]:
    """Return the ``$defs`` entry of a constrained string type."""
    out: dict[str, Any] = {
        "title": pattern.name,
        "description": pattern.description,
        "type": "string",
        "pattern": pattern.regex,
    }
    if not pattern.line_feeds:
        out["not"] = dict(_LINE_FEED_STRING)
        out["$comment"] = _LINE_FEED_COMMENT
    if pattern.max_length is not None:
        out["maxLength"] = pattern.max_length
    return out


def _localized_text_schema() -> dict[str, Any]:
    return {
        "title": "LocalizedText",
        "description": "Text in one or more languages: BCP 47 language tag → non-empty text.",
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"$ref": f"#/$defs/{LANGUAGE_TAG.name}"},
        "additionalProperties": {"$ref": f"#/$defs/{TEXT.name}"},
    }


def _extension_data_schema() -> dict[str, Any]:
    return {
        "title": "ExtensionData",
        "description": "Data of extensions: extension name → the extension's members, "
        "for the extensions the dataset declares. These schemas know no extension, so they "
        "allow none; schemas generated with extensions (ngomodel schema --extension FILE) "
        "allow theirs and check their members.",
        "type": "object",
        "propertyNames": {"$ref": f"#/$defs/{EXTENSION_NAME.name}"},
        "additionalProperties": {"type": "object"},
        "maxProperties": 0,
    }


def codelist_title(name: str) -> str:
    """The ``title`` of a codelist's schema, also its name in the bundle's ``$defs``.

    >>> codelist_title("organisation_type")
    'OrganisationTypeCode'
    """
    return "".join(part[:1].upper() + part[1:] for part in name.split("_")) + "Code"


def _codelist_schema(name: str) -> dict[str, Any]:
    """The schema of a codelist: an ``enum`` of every code, withdrawn ones marked.

    A withdrawn code is still valid, so the ``enum`` lists it; a code in the
    ``if`` (the withdrawn ones) gets the ``then`` annotations, ``deprecated`` and
    a description. ``then`` asserts nothing, so the verdict is the ``enum``'s alone,
    in every validator.
    """
    codelist = codelists.get(name)
    names = "; ".join(
        f"{c.code}: {c.name}{' (withdrawn)' if c.withdrawn else ''}" for c in codelist.codes
    )
    description = f"{codelist.description} Source: {codelist.source}, version {codelist.version}."
    if len(codelist) <= 60:
        description += f" Codes: {names}."
    out: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"{BASE_URI}codelists/{name}.schema.json",
        "$comment": f"Every code with its name, description and status: {BASE_URI}codelists/"
        f"{name}.json (and {name}.csv).",
        "title": codelist_title(name),
        "description": f"{codelist.title}: {description}",
        "type": "string",
        "enum": [c.code for c in codelist.codes],
        "examples": [codelist_example(name)],
    }
    withdrawn = codelist.withdrawn
    if withdrawn:
        out["if"] = {"enum": list(withdrawn)}
        out["then"] = {
            "deprecated": True,
            "description": "A withdrawn code: still valid, but no longer to be used; use a "
            f"current code of the list instead. Withdrawn: {', '.join(withdrawn)}.",
        }
    return out


@functools.cache
def _documents() -> dict[str, dict[str, Any]]:
    generator = _Generator()
    out: dict[str, dict[str, Any]] = {}
    for cls in ENTITIES.values():
        file = _FILE_OF[cls]
        body = generator.object_schema(cls, file)
        out[file] = {"$schema": DIALECT, "$id": f"{BASE_URI}{file}", **body}
    defs: dict[str, Any] = {}
    for pattern in (*_PATTERNS, DATE):
        defs[pattern.name] = _pattern_schema(pattern)
    defs["LocalizedText"] = _localized_text_schema()
    defs["ExtensionData"] = _extension_data_schema()
    for name in defs:
        if made_up(name):
            defs[name]["$comment"] = (
                f"{defs[name].get('$comment', '')} The example is made up: the reference "
                f"dataset holds no {name}."
            ).lstrip()
        defs[name]["examples"] = [example(name)]
    defs.update(generator.types)
    out[_TYPES_FILE] = {
        "$schema": DIALECT,
        "$id": f"{BASE_URI}{_TYPES_FILE}",
        "title": "ngomodel shared types",
        "description": "Value types, records and constrained strings shared by the entities.",
        "$defs": dict(sorted(defs.items())),
    }
    for name in sorted(generator.codelists):
        out[f"codelists/{name}.schema.json"] = _codelist_schema(name)
    return dict(sorted(out.items()))


def schema_documents() -> dict[str, dict[str, Any]]:
    """Return every schema document, keyed by its path relative to :data:`BASE_URI`.

    Returns:
        Relative path (``"program.schema.json"``, ``"codelists/sex.schema.json"``, …)
        → a fresh copy of the schema.

    >>> docs = schema_documents()
    >>> docs["dataset.schema.json"]["$id"]
    'https://ngomodel.org/schemas/1.1/dataset.schema.json'
    """
    return json.loads(json.dumps(_documents()))  # type: ignore[no-any-return]


def bundle(documents: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """Return every schema of the version in one self-contained document.

    The bundle has one ``$id`` (:data:`BASE_URI` + :data:`BUNDLE`) and no other: each
    entity schema, shared type and codelist is a ``$defs`` entry, named by its ``title``
    (``Program``, ``PartialDate``, ``CountryCode``, …), and every ``$ref`` points inside
    the file. Its root validates a whole dataset; ``<$id>#/$defs/Program`` validates a
    program. So any validator loads it with no registry, and nothing is ever fetched.

    Args:
        documents: The split documents to bundle (relative path → schema), as
            :func:`schema_documents` (the default) or
            :func:`ngomodel.extensions.schema_documents` gives them.

    Returns:
        The bundle, a fresh copy.

    >>> whole = bundle()
    >>> whole["$ref"], whole["$defs"]["Program"]["title"]
    ('#/$defs/Dataset', 'Program')
    """
    documents = _documents() if documents is None else documents
    # Each core document is a $defs entry named by its title, an extension's member schema
    # by its path (extensions/x/program.schema.json → extensions.x.program), whatever title
    # it has; the types' definitions keep their names. A name used twice is refused.
    keys = {
        str(document["$id"]): None
        if path == _TYPES_FILE
        else path.removesuffix(".schema.json").replace("/", ".")
        if path.startswith("extensions/")
        else str(document["title"])
        for path, document in documents.items()
    }
    names = [key for key in keys.values() if key is not None]
    names += list(documents[_TYPES_FILE]["$defs"])
    clashes = sorted({name for name in names if names.count(name) > 1})
    if clashes:
        raise ValueError(f"two schemas would have the same name in the bundle: {clashes}")

    def local(node: Any, base: str) -> Any:
        if isinstance(node, list):
            return [local(item, base) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: local(value, base) for key, value in node.items()}
        if isinstance(node.get("$ref"), str):
            target, _, fragment = urljoin(base, node["$ref"]).partition("#")
            key = keys[target]  # a reference outside the documents fails loudly here
            out["$ref"] = f"#{fragment}" if key is None else f"#/$defs/{key}{fragment}"
        return out

    defs: dict[str, Any] = {}
    for path, document in documents.items():
        base = str(document["$id"])
        if path == _TYPES_FILE:
            defs.update({name: local(d, base) for name, d in document["$defs"].items()})
        else:
            body = {k: v for k, v in document.items() if k not in ("$schema", "$id")}
            defs[str(keys[base])] = local(body, base)
    dataset = documents[_FILE_OF[Dataset]]
    return {
        "$schema": DIALECT,
        "$id": f"{BASE_URI}{BUNDLE}",
        "title": "ngomodel document",
        "description": f"Every schema of version {SCHEMA_VERSION} of the ngomodel format in "
        "one file: the root validates a dataset, and each entity, shared type and codelist "
        f"is a $defs entry ({BASE_URI}{BUNDLE}#/$defs/Program validates a program). "
        + str(dataset["description"]),
        "$ref": "#/$defs/Dataset",
        "$defs": dict(sorted(defs.items())),
    }


#: The code each failing keyword gets wherever :func:`error_codes` names no other.
KEYWORD_CODES: Mapping[str, str] = {
    "type": "wrong_type",
    "required": "missing_key",
    "additionalProperties": "unknown_key",
    "enum": "unknown_code",
    "const": "unknown_code",
    "minimum": "too_small",
    "maximum": "too_large",
    "maxLength": "too_long",
    "minItems": "too_few_items",
    "minProperties": "too_few_items",
}
#: Keywords whose subschemas are where errors come from (``not`` and ``if`` fail as a
#: whole; the keywords inside them never report).
_DESCEND = (
    "$defs",
    "properties",
    "items",
    "additionalProperties",
    "propertyNames",
    "then",
    "else",
)


def error_codes(documents: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, str]:
    """Map each schema location whose failure has its own code to ngomodel's error code.

    A validator reports where in the schema a keyword failed; this says what ngomodel
    calls that failure, so that a sender can explain a validator's error in the library's
    words. Locations are written relative to :data:`BASE_URI`, in both the split files and
    the bundle (``"types.schema.json#/$defs/PartialDate/pattern"`` and
    ``"bundle.schema.json#/$defs/PartialDate/pattern"``); a failing keyword at any other
    location has the code :data:`KEYWORD_CODES` gives it.

    Args:
        documents: The split documents, as :func:`schema_documents` gives them (default).

    Returns:
        Location → code, sorted by location.

    >>> error_codes()["bundle.schema.json#/$defs/PartialDate/pattern"]
    'invalid_date'
    """
    documents = _documents() if documents is None else documents
    patterns = {p.name: p for p in (*_PATTERNS, DATE)}
    found: dict[str, str] = {}

    def walk(node: Any, where: str) -> None:
        if not isinstance(node, dict):
            return
        for keyword, value in node.items():
            here = f"{where}/{escape_pointer(keyword)}"
            code = None
            if keyword in ("pattern", "not") and where.rpartition("/")[2] in patterns:
                code = patterns[where.rpartition("/")[2]].code
            elif keyword == "not" and _refused_names(value):
                code = "exactly_one_required" if "anyOf" in value else "at_least_one_required"
            elif keyword == "enum" and where.endswith(f"/properties/{_VERSION_KEY}"):
                code = "unknown_version"
            elif keyword in ("maxItems", "maxProperties") and value == 0:
                code = "unknown_extension"  # the published schemas know no extension
            if code is not None:
                found[here] = code
            if keyword in _DESCEND and isinstance(value, dict):
                if keyword in ("$defs", "properties"):
                    for name, sub in value.items():
                        walk(sub, f"{here}/{escape_pointer(name)}")
                else:
                    walk(value, here)
            elif keyword == "allOf" and isinstance(value, list):
                for index, sub in enumerate(value):
                    walk(sub, f"{here}/{index}")

    for path, document in documents.items():
        walk(document, f"{path}#")
    walk(bundle(documents), f"{BUNDLE}#")
    return dict(sorted(found.items()))


def _codelist_files(name: str) -> dict[str, str]:
    """The codelist data published beside its schema: ``<name>.json`` and ``<name>.csv``."""
    codelist = codelists.get(name)
    extra = [k for c in codelist.codes for k in c.extra if k not in ("description", "status")]
    columns = ["code", "name", "description", "status", *dict.fromkeys(extra)]
    rows = [
        {
            "code": c.code,
            "name": c.name,
            "description": c.extra.get("description", ""),
            "status": "withdrawn" if c.withdrawn else "active",
            **{k: v for k, v in c.extra.items() if k not in ("description", "status")},
        }
        for c in codelist.codes
    ]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = {
        "name": codelist.name,
        "title": codelist.title,
        "description": codelist.description,
        "source": codelist.source,
        "version": codelist.version,
        "url": codelist.url,
        "closed": codelist.closed,
        "schema": f"{BASE_URI}codelists/{name}.schema.json",
        "codes": [{k: v for k, v in row.items() if v != ""} for row in rows],
    }
    return {f"codelists/{name}.json": _render(data), f"codelists/{name}.csv": text.getvalue()}


@functools.cache
def _published() -> dict[str, str]:
    """Every file of the current version's folder: relative path → its text."""
    from ngomodel import typescript  # it reads the schemas

    documents = _documents()
    out = {path: _render(document) for path, document in documents.items()}
    out[BUNDLE] = _render(bundle())
    for path in documents:
        if path.startswith("codelists/"):
            out.update(_codelist_files(path.removeprefix("codelists/").partition(".")[0]))
    out[ERROR_CODES] = _render(
        {
            "description": "ngomodel's error code for each schema location whose failure has "
            "its own code (relative to the $id base, in the split files and in the bundle); a "
            "failing keyword anywhere else has the code 'keywords' gives it, except that a "
            "null failing 'type' or 'enum' is 'null_value'.",
            "base": BASE_URI,
            "keywords": dict(KEYWORD_CODES),
            "null": {"keywords": ["type", "enum"], "code": "null_value"},
            "locations": error_codes(),
        }
    )
    out[typescript.FILE_NAME] = typescript.declarations()
    return dict(sorted(out.items()))


def _escaped(match: re.Match[str]) -> str:
    """A character outside ASCII as a JSON escape if it is invisible, else as itself."""
    char = match.group()
    if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp", "Zs"):
        return char
    return json.dumps(char)[1:-1]  # ensure_ascii: "\\uXXXX", a surrogate pair above U+FFFF


def _render(document: Mapping[str, Any]) -> str:
    """Return a schema document as the text written to disk (stable, indented, UTF-8).

    Characters outside ASCII are written as themselves, but the invisible ones (white
    space, format and control characters, as in a pattern's white-space class) as JSON
    ``\\u`` escapes, so that a reader sees them. Outside strings JSON text holds no such
    character, so the escaping touches strings only.
    """
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return re.sub(r"[^\x00-\x7f]", _escaped, text) + "\n"


@functools.cache
def registry() -> referencing.Registry[Any]:
    """Return a registry holding every schema, so that ``$ref`` resolves offline.

    The registry has no retriever: a reference to anything outside it fails
    instead of being fetched from the network.

    Returns:
        A :class:`referencing.Registry`.
    """
    resources = [
        (f"{BASE_URI}{path}", DRAFT202012.create_resource(document))
        for path, document in _documents().items()
    ]
    return referencing.Registry().with_resources(resources).crawl()


def schema_for(name: str | type) -> dict[str, Any]:
    """Return the schema a payload of an entity, the dataset or any model class must satisfy.

    Args:
        name: A schema name from :data:`ENTITIES` (``"program"``, ``"dataset"``, …), an
            entity class, or any other model class (``Money``, ``Source``, …), whose
            schema is a ``$ref`` into ``types.schema.json``.

    Returns:
        The schema (entities and the dataset: their whole document).

    Raises:
        KeyError: For a name or class that has no schema.

    >>> from ngomodel import Money
    >>> schema_for(Money)["$ref"]
    'https://ngomodel.org/schemas/1.1/types.schema.json#/$defs/Money'
    """
    documents = _documents()
    if isinstance(name, str):
        if name not in ENTITIES:
            hint = did_you_mean(name, ENTITIES)
            raise KeyError(f"no schema named {name!r}{hint or f'; use one of {list(ENTITIES)}'}")
        return documents[_FILE_OF[ENTITIES[name]]]
    if name in _FILE_OF:
        return documents[_FILE_OF[name]]
    if name.__name__ in documents[_TYPES_FILE]["$defs"] and is_model(name):
        return {"$schema": DIALECT, "$ref": f"{BASE_URI}{_TYPES_FILE}#/$defs/{name.__name__}"}
    raise KeyError(f"{name.__name__} is not a model class with a schema")


def validator(name: str | type = "dataset", *, formats: bool = False) -> jsonschema.Validator:
    """Return a ready python-jsonschema validator for an entity, the dataset or a model class.

    Args:
        name: What :func:`schema_for` accepts.
        formats: Whether to turn on format checking (the schemas rely on none).

    Returns:
        A :class:`jsonschema.protocols.Validator` for draft 2020-12.

    Raises:
        KeyError: For a name that has no schema.
    """
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER if formats else None
    return jsonschema.Draft202012Validator(
        schema_for(name), registry=registry(), format_checker=checker
    )


_PATTERN_BY_REGEX = {p.regex: p for p in (*_PATTERNS, DATE)}
#: The longest message taken from python-jsonschema as it words it (a fallback only).
_LONGEST_MESSAGE = 200


def _pointer(parts: Iterable[str | int]) -> str:
    return "".join(f"/{escape_pointer(str(part))}" for part in parts)


#: The key of a dataset that names its version.
_VERSION_KEY = "schema_version"
#: What a class rule's ``not`` asks of a field to find it not given (see :func:`_refused`).
_ABSENT = (False, {"type": "array", "maxItems": 0})


def _refused_names(refused: Mapping[str, Any]) -> tuple[str, ...]:
    """The field names of a class rule's ``not`` (see :func:`_refused`), or none.

    Recognised by its shape: properties that are each absent (a ``false`` schema, or an
    empty list), alone or as the first alternative of an ``anyOf``.
    """
    alternatives = refused.get("anyOf")
    none = alternatives[0] if isinstance(alternatives, list) and alternatives else refused
    properties = none.get("properties") if isinstance(none, dict) else None
    if not isinstance(properties, dict) or not properties:
        return ()
    if any(value not in _ABSENT for value in properties.values()):
        return ()
    return tuple(properties)


def _message(error: jsonschema.ValidationError) -> tuple[str, str]:
    """Return (code, message) for an error, worded as the loader words it.

    python-jsonschema's own messages quote the whole offending value (a whole
    object, for ``oneOf``); these quote at most a short part of it.
    """
    keyword = str(error.validator)
    instance: Any = error.instance
    value: Any = error.validator_value
    subschema: Any = error.schema
    found: Problem | None = None
    if keyword == "pattern" or (keyword == "not" and value == _LINE_FEED_STRING):
        # A line feed that "not" refuses breaks the type as its pattern does: the pattern
        # beside the "not" names the type.
        pattern = _PATTERN_BY_REGEX.get(str(subschema.get("pattern")))
        if pattern is not None:
            found = pattern.problem(instance)
    elif keyword == "maxLength":
        return "too_long", too_long_message(instance, value)
    elif keyword == "minimum":
        found = NumberType(minimum=value).bounds_problem(instance)
    elif keyword == "maximum":
        found = NumberType(maximum=value).bounds_problem(instance)
    elif keyword == "minItems":
        found = ListType(TextType(), min_items=value).length_problem(len(instance))
    elif keyword == "minProperties" and subschema.get("title") == "LocalizedText":
        return "too_few_items", "expected at least one language"
    elif keyword == "not" and isinstance(value, dict) and _refused_names(value):
        # The refused objects of the class rules ExactlyOneOf and AtLeastOneOf.
        names = _refused_names(value)
        given = instance if isinstance(instance, dict) else {}
        # A list reaches the class rule as the tuple the loader would make of it.
        values = {name: given.get(name) for name in names}
        seen = types.SimpleNamespace(**{k: () if v == [] else v for k, v in values.items()})
        rule = ExactlyOneOf(names) if "anyOf" in value else AtLeastOneOf(names)
        found = next(iter(rule.problems(seen)), None)
    elif keyword == "enum" and list(error.absolute_path) == [_VERSION_KEY]:
        return (
            "unknown_version",
            f"{brief(instance)} is not version {SCHEMA_VERSION}, which these schemas are for "
            "(a document of an earlier version is upgraded by ngomodel migrate)",
        )
    elif keyword == "enum":
        schema_id = str(subschema.get("$id", ""))
        match = re.search(r"codelists/([\w-]+)\.schema\.json$", schema_id)
        if match:
            return (
                "unknown_code",
                code_message(instance, value, match.group(1)),
            )
        return "unknown_code", enum_message(instance, value)
    elif keyword == "type":
        return "wrong_type", f"expected {value}, got {json_kind(instance)}"
    if found is not None:
        return found.code, found.message
    message = error.message
    if len(message) > _LONGEST_MESSAGE:
        message = message[: _LONGEST_MESSAGE - 3] + "..."
    return KEYWORD_CODES.get(keyword, "invalid"), message


def _property_names(subschema: Any) -> set[str]:
    """The keys a schema names in ``properties``, its own and those of the subschemas it
    applies in place (``allOf``, ``anyOf``, ``oneOf``, ``if``/``then``/``else``,
    ``dependentSchemas``): the keys its ``unevaluatedProperties`` may be a near miss of.
    What a ``$ref`` names is not looked up: an error does not carry its resolver.
    """
    names: set[str] = set()
    stack = [subschema]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        properties = node.get("properties")
        names.update(properties if isinstance(properties, dict) else ())
        for keyword in ("allOf", "anyOf", "oneOf"):
            found = node.get(keyword)
            stack += found if isinstance(found, list) else []
        stack += [node.get(keyword) for keyword in ("if", "then", "else")]
        dependent = node.get("dependentSchemas")
        stack += list(dependent.values()) if isinstance(dependent, dict) else []
    return names


def problems_from_error(error: jsonschema.ValidationError) -> list[Problem]:
    """Word a python-jsonschema error as the loader words its problems.

    Works for any schema: keywords of the published schemas get the loader's codes and
    messages, others a code from the keyword and python-jsonschema's own message, shortened.

    Args:
        error: An error from a validator's ``iter_errors``.

    Returns:
        The problems, each at its JSON Pointer within the validated instance.
    """
    path = _pointer(error.absolute_path)
    keyword = error.validator
    instance: Any = error.instance
    value: Any = error.validator_value
    subschema: Any = error.schema
    if keyword == "required":
        return [
            Problem(
                path=f"{path}/{escape_pointer(key)}",
                code="missing_key",
                message=f"required key {key!r} is missing",
            )
            for key in value
            if isinstance(instance, dict) and key not in instance
        ]
    if keyword == "additionalProperties":
        allowed = subschema.get("properties", {})
        return [
            Problem(
                path=f"{path}/{escape_pointer(key)}",
                code="unknown_key",
                message=key_message(key, allowed),
            )
            for key in sorted(instance)
            if key not in allowed
        ]
    if keyword == "unevaluatedProperties" and value is False and isinstance(instance, dict):
        # python-jsonschema names the keys nothing evaluated in its message, as reprs.
        unexpected = [key for key in sorted(instance) if repr(key) in error.message]
        allowed = _property_names(subschema)
        return [
            Problem(
                path=f"{path}/{escape_pointer(key)}",
                code="unknown_key",
                message=key_message(key, allowed),
            )
            for key in unexpected
        ] or [Problem(path=path, code="unknown_key", message=error.message)]
    if keyword in ("maxItems", "maxProperties") and value == 0:
        # Extension data or declarations, which these schemas allow none of: each is
        # reported where the loader reports it, at the extension's name.
        names = (
            [f"{path}/{escape_pointer(str(key))}" for key in instance]
            if isinstance(instance, dict)
            else [f"{path}/{index}/name" for index in range(len(instance))]
        )
        message = (
            "these schemas know no extension: register it (ngomodel.extensions.register, or "
            "--extension FILE), and validate with the schemas generated with it"
        )
        return [Problem(path=name, code="unknown_extension", message=message) for name in names]
    if instance is None and keyword in ("type", "enum"):
        return [
            Problem(
                path=path,
                code="null_value",
                message="expected a value, got null (omit an optional key instead)",
            )
        ]
    code, message = _message(error)
    if "propertyNames" in error.schema_path:
        # A bad key is reported at the key itself, as the loader reports it.
        path = f"{path}/{escape_pointer(str(instance))}"
    return [Problem(path=path, code=code, message=message)]


@functools.cache
def _compiled(name: str | type) -> Any:
    """A jsonschema-rs validator for *name*, or None when the ``fast`` extra is absent.

    Its patterns run in the Rust ``regex`` crate (``RegexOptions``), which matches in
    linear time and so has no backtracking limit to give up at.
    """
    try:
        import jsonschema_rs
    except ImportError:
        return None
    rs_registry = jsonschema_rs.Registry(
        [(f"{BASE_URI}{path}", document) for path, document in _documents().items()]
    )
    return jsonschema_rs.validator_for(
        schema_for(name), registry=rs_registry, pattern_options=jsonschema_rs.RegexOptions()
    )


class _LongInt(int):
    """An integer too long to write out, as python-jsonschema is given it: it words its
    errors with ``repr``, which Python refuses for an int of over 4,300 digits."""

    def __repr__(self) -> str:
        return brief(self)

    __str__ = __repr__


#: Integers at least this large (in magnitude) reach python-jsonschema as a _LongInt:
#: below every limit Python may be set to (640 digits at the least).
_LONG = 10**600


def _shielded(value: Any) -> Any:
    """A copy of plain JSON data with every very long integer made a _LongInt.

    Recursive: :func:`json_problems` has already bounded the nesting.
    """
    kind = type(value)
    if kind is dict:
        return {key: _shielded(item) for key, item in value.items()}
    if kind is list:
        return [_shielded(item) for item in value]
    if kind is int and not -_LONG < value < _LONG:
        return _LongInt(value)
    return value


def _fast_verdict(fast: Any, payload: Any) -> bool:
    """Whether jsonschema-rs finds *payload* valid; False also when it cannot tell."""
    try:
        return bool(fast.is_valid(payload))
    except Exception:  # noqa: BLE001 - e.g. a lone surrogate or a set: judged by the slow path
        return False


def validate(payload: Any, name: str | type = "dataset", *, formats: bool = False) -> list[Problem]:
    """Validate plain JSON values against a published schema.

    Problems are reported in the library's own format: a JSON Pointer path (a
    missing or unknown key is located at the key itself), a stable code and a
    message, sorted by path.

    Python values that are not JSON data (a tuple, a set, a ``Decimal``, NaN or
    an infinity, a key that is not a string, a subclass such as an enum member,
    nesting deeper than 256 levels) are reported as the loader reports them,
    and alone: no schema is asked about such a payload.

    With the ``fast`` extra installed (``pip install ngomodel[fast]``), a
    compiled validator (jsonschema-rs) gives the verdict first; only a payload
    it finds invalid goes through python-jsonschema, which words the problems.
    Its yes is taken only for a payload that is surely plain JSON with integers
    of at most 64 bits: jsonschema-rs reads the Python values leniently (tuples
    as arrays, a ``Decimal`` or an enum member as the number or string it
    holds, an integer of over 4,300 digits as something in range). So the
    reports are the same either way, and valid payloads are checked two orders
    of magnitude faster.

    Args:
        payload: The parsed JSON.
        name: The schema: a name from :data:`ENTITIES` or the class.
        formats: Whether to turn on format checking.

    Returns:
        The problems; an empty list for a valid payload.

    >>> validate({"id": "org-1", "name": {"en": "Ramunion"}}, "organization")
    []
    >>> [(p.path, p.code) for p in validate({"id": "a b"}, "organization")]
    [('/id', 'invalid_id'), ('/name', 'missing_key')]
    >>> [(p.path, p.code) for p in validate({"id": ("a",), 1: "x"}, "organization")]
    [('', 'invalid_key'), ('/id', 'wrong_type')]
    """
    fast = None if formats else _compiled(name)
    if fast is not None and _fast_verdict(fast, payload) and surely_plain(payload):
        return []
    not_json = json_problems(payload)
    if not_json:
        return sorted(not_json, key=lambda p: (p.path, p.code))
    found: dict[tuple[str, str], Problem] = {}
    for error in validator(name, formats=formats).iter_errors(_shielded(payload)):
        for problem in problems_from_error(error):
            # One value can break several keywords (a null breaks "type" and "enum"): once each.
            found.setdefault((problem.path, problem.code), problem)
    problems = sorted(found.values(), key=lambda p: (p.path, p.code))
    cls = ENTITIES.get(name) if isinstance(name, str) else name
    if isinstance(cls, type) and issubclass(cls, Dataset):
        problems = with_likely_entity(problems, payload, cls)
    return problems


def _files(documents: Mapping[str, Mapping[str, Any]] | None) -> dict[str, str]:
    """The files to write: what is published, or *documents* and their bundle."""
    if documents is None:
        return _published()
    out = {path: _render(document) for path, document in documents.items()}
    out[BUNDLE] = _render(bundle(documents))
    return out


def write(
    directory: str | Path, documents: Mapping[str, Mapping[str, Any]] | None = None
) -> list[Path]:
    """Write the schemas of the current version under *directory* (what ``make schemas`` does).

    Args:
        directory: The folder, usually ``schemas/1.1``.
        documents: Relative path → document, as :func:`ngomodel.extensions.schema_documents`
            gives them with extensions: those are written with their bundle. By default,
            every published file: the schemas, the bundle, each codelist's data as JSON and
            CSV, the map of error codes (:data:`ERROR_CODES`) and the TypeScript
            declarations (:mod:`ngomodel.typescript`).

    Returns:
        The files written.
    """
    root = Path(directory)
    written = []
    for path, text in _files(documents).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        written.append(target)
    return written


def differences(directory: str | Path) -> list[str]:
    """Compare a folder of schemas with what the classes generate.

    Args:
        directory: The folder, usually ``schemas/1.1``.

    Returns:
        One line per difference (missing, stale or extra file); empty when in sync.
    """
    root = Path(directory)
    expected = _published()
    found = {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.suffix in (".json", ".csv", ".ts")
    }
    out = [f"missing: {path}" for path in expected if path not in found]
    out += [
        f"stale: {path}" for path in expected if path in found and found[path] != expected[path]
    ]
    out += [f"extra: {path}" for path in found if path not in expected]
    return out


def _main(argv: list[str] | None = None) -> int:
    return write_or_check(argv, "ngomodel.schema", write, differences)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
