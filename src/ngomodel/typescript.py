"""TypeScript declarations of every version of the wire format, generated from the classes.

For each version of the format this module writes one declaration file,
``schemas/<version>/ngomodel.d.ts``, beside that version's JSON Schema files. It
walks the same description the schemas are generated from (:mod:`ngomodel.inspect`),
so the declarations and the schemas describe the same JSON: the same keys (a key
is a field's name), the same required keys, the same codes. The declarations
have no runtime part: a program validates a payload with the schemas (ajv, for
instance), and the types say what it then holds.

How the description reads in TypeScript:

* A model class is an exported ``interface`` named after it (the schema's
  ``title``), or an exported ``type`` when a class rule adds a union (below).
  Every property is ``readonly`` (the models are frozen), an optional one is
  ``key?:``, and each carries its field's documentation; a deprecated field gets
  ``@deprecated`` and its reason. Objects are closed: an interface lists its keys
  only, so TypeScript rejects an unknown key in an object literal.
* A list is a ``readonly T[]``; one of at least ``n`` items a tuple such as
  ``readonly [T, T, ...T[]]``. ``Dataset.extensions`` is ``readonly []``, and
  ``ExtensionData`` an object that can hold no key, because the published schemas
  know no extension and allow none.
* A code is a union of string literals. Each codelist a field uses is an exported
  type named after it (``country`` → ``CountryCode``), documented with its title,
  source and version and the name of every code. A withdrawn code stays in the
  union, since it is still valid; TypeScript cannot mark one member of a union
  deprecated, so the documentation says which codes are withdrawn.
* A constrained string (``Id``, ``Text``, ``LanguageTag``, ``Url``, ``Amount``,
  ``SignedAmount``, ``PartialDate``, …) is an exported alias of ``string``,
  documented with what its pattern allows and a link to its schema; an integer or a
  number is a ``number`` whose property documentation gives its bounds;
  ``LocalizedText`` is an object of language tag → text.

TypeScript cannot check a pattern, a number's bounds, an object's least number of
keys (a ``LocalizedText`` has at least one language) or any rule across objects,
so those stay documentation, to be checked by the schemas and the semantic rules.

The class rules are types wherever TypeScript says them without a blow-up, and
each is also described in the documentation of its class:

* :class:`~ngomodel.inspect.ExactlyOneOf` is a union of one shape per field, each
  with that field required and the others ``?: never``.
* :class:`~ngomodel.inspect.AtLeastOneOf` is a union of one shape per field, each
  with that field required (a list field: with at least one item). One shape per
  field, not per combination, so the union grows with the number of fields only.
* :class:`~ngomodel.inspect.CodeDependsOn` is a union of one shape per vocabulary
  that selects a codelist (the code field typed with that codelist), and one for
  every other vocabulary. The shape of the field's default vocabulary leaves the
  vocabulary key optional, as the wire format does.

A class with a rule is ``{ …its fields… } & (shape | shape | …)``: its fields
once, each with its documentation, and the shapes that only narrow them.

The current version is generated from the classes alone. A released version is
generated from the same classes, without the fields that later versions added
(:data:`ngomodel.migration.ADDED`), and from what its own published schema files
say where a later version could have changed it: the codes of each codelist (the
``enum`` of its file), a fixed set of values (``schema_version``), which fields
are deprecated, and the documentation of fields and classes. A codelist's
withdrawn codes are facts about the codelist, not about a version of the format,
so they are marked in every version that has them. The test suite compares
every declaration with its version's published schema, key by key and code by
code.

>>> text = declarations()
>>> print(text.splitlines()[0])
// ngomodel.d.ts: TypeScript declarations of version 1.1 of the ngomodel data format.
>>> print(next(line for line in text.splitlines() if "readonly currency:" in line))
  readonly currency: CurrencyCode;
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

import attrs

from ngomodel import codelists, schema
from ngomodel._constraints import FLOAT_MAX, SAFE_INTEGER
from ngomodel._dataset import SCHEMA_VERSION, Dataset
from ngomodel._generated import write_or_check
from ngomodel._scalars import DATE, EXTENSION_NAME, LANGUAGE_TAG, TEXT
from ngomodel.inspect import (
    AmountType,
    AtLeastOneOf,
    BooleanType,
    ClassRule,
    CodeDependsOn,
    CodeType,
    DateType,
    ExactlyOneOf,
    ExtensionDataType,
    Field,
    IntegerType,
    ListType,
    LocalizedTextType,
    ModelType,
    Node,
    NumberType,
    OptionalType,
    Pattern,
    TextType,
)
from ngomodel.migration import ADDED, VERSIONS

__all__ = ["FILE_NAME", "declarations", "differences", "write"]

#: The name of the declaration file in each version's folder.
FILE_NAME = "ngomodel.d.ts"

#: The command that rewrites the files, named in their header and by ``--check``.
_COMMAND = "python -m ngomodel.typescript --write schemas"

#: Lists of at least this many items are written ``readonly T[]``, not as a tuple.
_LONGEST_TUPLE = 4
#: The width the documentation is wrapped to (the lines of a long code list are kept).
_WIDTH = 96
#: What ``*/`` becomes inside a comment, which it would end.
_CLOSE = "*\\/"


def _base_uri(version: str) -> str:
    """The start of every ``$id`` of *version*."""
    return schema.BASE_URI.removesuffix(f"{SCHEMA_VERSION}/") + f"{version}/"


def _literal(value: str) -> str:
    """A string as a TypeScript string literal (JSON's escapes are TypeScript's)."""
    return json.dumps(value, ensure_ascii=False)


def _comment(paragraphs: Iterable[str | tuple[str, ...]], indent: str = "") -> list[str]:
    """A JSDoc comment of *paragraphs*: a string is wrapped, a tuple of lines kept as it is."""
    lines = [f"{indent}/**"]
    for paragraph in paragraphs:
        if not paragraph:
            continue
        if len(lines) > 1:
            lines.append(f"{indent} *")
        if isinstance(paragraph, str):
            paragraph = tuple(
                textwrap.wrap(
                    paragraph,
                    width=_WIDTH - len(indent) - 3,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
        # "*/" would end the comment early; "*\/" reads the same in a rendered doc.
        lines.extend(f"{indent} * {line}".replace("*/", _CLOSE).rstrip() for line in paragraph)
    lines.append(f"{indent} */")
    return lines


def _number(value: float) -> str:
    """A bound as written in the documentation: whole numbers without a point."""
    if isinstance(value, int) or (value.is_integer() and abs(value) <= SAFE_INTEGER):
        return str(int(value))
    return repr(value)


def _bounds(node: IntegerType | NumberType) -> str:
    """What TypeScript cannot check about a number, in words."""
    low, high = node.minimum, node.maximum
    if isinstance(node, IntegerType):
        return f"An integer from {_number(low or 0)} to {_number(high or 0)}."
    if low == -FLOAT_MAX and high == FLOAT_MAX:
        return "A finite number (a 64-bit float)."
    if low is not None and high is not None:
        return f"A number from {_number(low)} to {_number(high)}."
    if low is not None:  # pragma: no cover - every number of the format has both bounds
        return f"A number of at least {_number(low)}."
    return f"A number of at most {_number(high or 0)}."  # pragma: no cover - as above


@attrs.frozen
class _Version:
    """One version of the format, as the declarations see it.

    Attributes:
        name: The version, such as ``"1.0"``.
        documents: Its schema documents, by path relative to the version's base URI:
            the published files of a released version, the generated ones of the
            current version.
    """

    name: str
    documents: Mapping[str, Any]

    @property
    def current(self) -> bool:
        return self.name == SCHEMA_VERSION

    def later_additions(self, cls: type) -> frozenset[str]:
        """The fields of *cls* (and its bases) that versions after this one added."""
        later = VERSIONS[VERSIONS.index(self.name) + 1 :]
        return frozenset(
            name
            for version in later
            for base in cls.__mro__
            for name in ADDED.get(version, {}).get(base, ())
        )

    def fields(self, cls: type) -> tuple[Field, ...]:
        added = self.later_additions(cls)
        return tuple(f for f in ModelType(cls).fields if f.name not in added)

    def rules(self, cls: type) -> tuple[ClassRule, ...]:
        """The class rules, over the fields of this version (a rule on none is dropped)."""
        names = {f.name for f in self.fields(cls)}
        out: list[ClassRule] = []
        for rule in ModelType(cls).rules:
            if isinstance(rule, (ExactlyOneOf, AtLeastOneOf)):
                kept = tuple(name for name in rule.fields if name in names)
                if kept:
                    out.append(type(rule)(kept))
            elif isinstance(rule, CodeDependsOn):
                if {rule.field, rule.vocabulary_field} <= names:
                    out.append(rule)
            else:  # pragma: no cover - the description has these three kinds only
                raise TypeError(f"no TypeScript for the class rule {rule!r}")
        return tuple(out)

    def object_schema(self, cls: type) -> Mapping[str, Any]:
        """The schema of a model class in this version's documents."""
        for name, entity in schema.ENTITIES.items():
            if entity is cls:
                return self.documents[f"{name}.schema.json"]  # type: ignore[no-any-return]
        return self.documents["types.schema.json"]["$defs"][cls.__name__]  # type: ignore[no-any-return]

    def property_schema(self, cls: type, field: str) -> Mapping[str, Any]:
        return self.object_schema(cls)["properties"][field]  # type: ignore[no-any-return]

    def doc(self, cls: type, field: Field) -> tuple[str, str | None]:
        """A field's documentation and deprecation reason, as this version has them."""
        if self.current:
            return field.doc, field.deprecated
        published = self.property_schema(cls, field.name)
        text = str(published.get("description", ""))
        if not published.get("deprecated"):
            return text, None
        # The published description ends with the reason, as inspect.full_doc writes it.
        text, _, reason = text.partition(" Deprecated: ")
        return text, reason or field.deprecated or "Deprecated."

    def codes(self, node: CodeType, cls: type, field: str) -> tuple[str, ...]:
        """The codes of a fixed set of values (no codelist) in this version."""
        if self.current:
            return node.codes
        published = self.property_schema(cls, field)
        published = published.get("items", published)
        return tuple(published["enum"])

    def codelist_codes(self, name: str) -> tuple[str, ...]:
        """The codes of a codelist in this version."""
        if self.current:
            return tuple(code.code for code in codelists.get(name))
        return tuple(self.documents[f"codelists/{name}.schema.json"]["enum"])

    def see(self, cls: type) -> str:
        """The ``$id`` (with a JSON Pointer, for a shared record) of a class's schema."""
        for name, entity in schema.ENTITIES.items():
            if entity is cls:
                return f"{_base_uri(self.name)}{name}.schema.json"
        return f"{_base_uri(self.name)}types.schema.json#/$defs/{cls.__name__}"


class _Writer:
    """Builds the declarations of one version: walks the classes from ``Dataset``."""

    def __init__(self, version: _Version) -> None:
        self.version = version
        self.classes: dict[type, None] = {}
        self.codelists: set[str] = set()
        self.patterns: dict[str, Pattern] = {}
        self.localized_text = False
        self.extension_data = False

    # -- what a node is in TypeScript ---------------------------------------------------

    def expr(self, node: Node, cls: type, field: str, leaf: str | None = None) -> str:
        """The TypeScript type of *node*; *leaf* replaces the innermost code or text."""
        if isinstance(node, OptionalType):
            return self.expr(node.item, cls, field, leaf)
        if leaf is not None and isinstance(node, (CodeType, TextType)):
            return leaf
        if isinstance(node, ListType):
            item = self.expr(node.item, cls, field, leaf)
            if " " in item:  # a union of literals
                item = f"({item})"
            if 0 < node.min_items < _LONGEST_TUPLE:
                return f"readonly [{', '.join([item] * node.min_items)}, ...{item}[]]"
            return f"readonly {item}[]"
        if isinstance(node, CodeType):
            if node.codelist is None:
                return " | ".join(map(_literal, self.version.codes(node, cls, field)))
            self.codelists.add(node.codelist)
            return schema.codelist_title(node.codelist)
        if isinstance(node, TextType):
            return "string" if node.pattern is None else self.pattern(node.pattern)
        if isinstance(node, (IntegerType, NumberType)):
            return "number"
        if isinstance(node, BooleanType):
            return "boolean"
        if isinstance(node, AmountType):
            return self.pattern(node.pattern)
        if isinstance(node, DateType):
            return self.pattern(DATE)
        if isinstance(node, LocalizedTextType):
            self.localized_text = True
            self.pattern(LANGUAGE_TAG)
            self.pattern(TEXT)
            return "LocalizedText"
        if isinstance(node, ExtensionDataType):
            self.extension_data = True
            self.pattern(EXTENSION_NAME)
            return "ExtensionData"
        assert isinstance(node, ModelType), node
        self.classes.setdefault(node.cls)
        return node.cls.__name__

    def pattern(self, pattern: Pattern) -> str:
        self.patterns[pattern.name] = pattern
        return pattern.name

    # -- a model class --------------------------------------------------------------------

    def field_lines(self, cls: type, field: Field) -> list[str]:
        """The documented property of one field."""
        node = field.type
        text, deprecated = self.version.doc(cls, field)
        notes = [text]
        if cls is Dataset and field.name == "extensions":
            # The published schemas know no extension, as the loader knows none until one
            # is registered: schema.py gives this list "maxItems": 0.
            self.expr(node, cls, field.name)  # ExtensionUse is still declared
            kind = "readonly []"
            notes.append("These declarations, as the published schemas, know no extension.")
        else:
            kind = self.expr(node, cls, field.name)
        inner = node.item if isinstance(node, OptionalType) else node
        if isinstance(inner, ListType):
            if inner.min_items:
                noun = "item" if inner.min_items == 1 else "items"
                notes.append(f"At least {inner.min_items} {noun}.")
            inner = inner.item
        if isinstance(inner, (IntegerType, NumberType)):
            notes.append(_bounds(inner))
        if isinstance(field.default, str):
            notes.append(f"@default {_literal(field.default)}")
        if deprecated is not None:
            notes.append(f"@deprecated {deprecated}")
        optional = "" if field.required else "?"
        return [*_comment(notes, "  "), f"  readonly {field.name}{optional}: {kind};"]

    def given(self, cls: type, field: Field, non_empty: bool = False) -> str:
        """A rule shape's member that gives *field* (*non_empty*: a list with an item)."""
        node = field.type.item if isinstance(field.type, OptionalType) else field.type
        if non_empty and isinstance(node, ListType) and not node.min_items:
            node = ListType(node.item, min_items=1)
        return f"readonly {field.name}: {self.expr(node, cls, field.name)}"

    def rule(
        self, cls: type, fields: Mapping[str, Field], rule: ClassRule
    ) -> tuple[str, list[str]]:
        """A class rule: what it says, in words, and the shapes of the union that says it."""
        names = [f"`{name}`" for name in getattr(rule, "fields", ())]
        listing = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)
        if isinstance(rule, ExactlyOneOf):
            shapes = [
                "; ".join(
                    [self.given(cls, fields[name])]
                    + [f"readonly {other}?: never" for other in rule.fields if other != name]
                )
                for name in rule.fields
            ]
            words = (
                f"Exactly one of {listing} is given: the type is a union of one shape per key, "
                "each giving that key and none of the others."
            )
            return words, shapes
        if isinstance(rule, AtLeastOneOf):
            shapes = [self.given(cls, fields[name], non_empty=True) for name in rule.fields]
            lists = [f"`{n}`" for n in rule.fields if isinstance(fields[n].type, ListType)]
            non_empty = f" ({' and '.join(lists)} with at least one item)" if lists else ""
            words = (
                f"At least one of {listing} is given{non_empty}: the type is a union of one "
                "shape per key, each giving that key."
            )
            return words, shapes
        assert isinstance(rule, CodeDependsOn), rule
        vocabulary, coded = fields[rule.vocabulary_field], fields[rule.field]
        node = (
            vocabulary.type.item if isinstance(vocabulary.type, OptionalType) else vocabulary.type
        )
        assert isinstance(node, CodeType), node
        if node.codelist is None:
            codes = self.version.codes(node, cls, vocabulary.name)
        else:
            codes = self.version.codelist_codes(node.codelist)
        # The vocabulary a value without the key has: its shape leaves the key optional.
        default = None if vocabulary.required else vocabulary.default
        listed = [code for code, _ in rule.codelists]
        shapes, cases = [], []
        for code, name in rule.codelists:
            self.codelists.add(name)
            key = f"{vocabulary.name}{'?' if code == default else ''}"
            leaf = self.expr(coded.type, cls, coded.name, schema.codelist_title(name))
            value = f"{coded.name}{'' if coded.required else '?'}: {leaf}"
            shapes.append(f"readonly {key}: {_literal(code)}; readonly {value}")
            absent = (
                f" (the default, when `{vocabulary.name}` is absent)" if code == default else ""
            )
            cases.append(f"with {_literal(code)}{absent} it is a code of `{name}` ({leaf})")
        others = [code for code in codes if code not in listed]
        if others:
            key = f"{vocabulary.name}{'' if default in listed else '?'}"
            everything = self.expr(vocabulary.type, cls, vocabulary.name)
            excluded = " | ".join(map(_literal, listed))
            shapes.append(f"readonly {key}: Exclude<{everything}, {excluded}>")
            cases.append(f"with any other, any {self.expr(coded.type, cls, coded.name)}")
        words = (
            f"The codes `{coded.name}` takes depend on `{vocabulary.name}`: "
            f"{'; '.join(cases)}. The type is a union of one shape per vocabulary that selects "
            f"a codelist{', and one for the others' if others else ''}."
        )
        return words, shapes

    def model(self, cls: type) -> list[str]:
        """The declaration of a model class."""
        fields = {field.name: field for field in self.version.fields(cls)}
        rules = [self.rule(cls, fields, rule) for rule in self.version.rules(cls)]
        notes = [str(self.version.object_schema(cls).get("description", ""))]
        notes += [words for words, _ in rules]
        notes.append(f"@see {self.version.see(cls)}")
        body = [line for field in fields.values() for line in self.field_lines(cls, field)]
        name = cls.__name__
        if not rules:
            return [*_comment(notes), f"export interface {name} {{", *body, "}"]
        lines = [*_comment(notes), f"export type {name} = {{", *body, "}"]
        for _, shapes in rules:
            lines[-1] += " & ("
            lines += [f"  | {{ {shape} }}" for shape in shapes]
            lines.append(")")
        lines[-1] += ";"
        return lines

    # -- the named types that are not classes ---------------------------------------------

    def codelist(self, name: str) -> list[str]:
        """The declaration of a codelist's codes."""
        codelist = codelists.get(name)
        codes = self.version.codelist_codes(name)
        withdrawn = [code for code in codelist.withdrawn if code in codes]
        known = {code.code: code.name for code in codelist}
        entries = tuple(
            f"- `{code}`: {known.get(code, '')}{' (withdrawn)' if code in withdrawn else ''}"
            for code in codes
        )
        notes: list[str | tuple[str, ...]] = [
            f"A code of the `{name}` codelist: {codelist.title}. {codelist.description}",
            f"Source: {codelist.source}, version {codelist.version}"
            + (f" ({codelist.url})." if codelist.url else "."),
            entries,
        ]
        if withdrawn:
            notes.append(
                f"Withdrawn: {', '.join(withdrawn)}. A withdrawn code is still valid, but no "
                "longer to be used: use a current code instead (ngomodel's rule "
                "`withdrawn_code` warns of it). TypeScript cannot mark one member of a union "
                "deprecated, so only this documentation says so."
            )
        notes.append(f"@see {_base_uri(self.version.name)}codelists/{name}.schema.json")
        members = [f"  | {_literal(code)}" for code in codes]
        members[-1] += ";"
        return [*_comment(notes), f"export type {schema.codelist_title(name)} =", *members]

    def pattern_alias(self, pattern: Pattern) -> list[str]:
        """The declaration of a constrained string."""
        length = f", at most {pattern.max_length} characters" if pattern.max_length else ""
        # The pattern itself is left to the schema the link names: each version's schema
        # has its own spelling of it, and it holds white space no comment shows.
        notes: list[str | tuple[str, ...]] = [
            pattern.description,
            f"TypeScript does not check it; the schemas do, with a pattern{length}.",
            f"@see {_base_uri(self.version.name)}types.schema.json#/$defs/{pattern.name}",
        ]
        return [*_comment(notes), f"export type {pattern.name} = string;"]

    def shared(self, title: str, declaration: list[str], note: str) -> list[str]:
        described = self.version.documents["types.schema.json"]["$defs"][title]
        see = f"@see {_base_uri(self.version.name)}types.schema.json#/$defs/{title}"
        return [*_comment([str(described["description"]), note, see]), *declaration]

    # -- the file -----------------------------------------------------------------------

    def text(self) -> str:
        """The whole declaration file."""
        self.classes.setdefault(Dataset)
        models: dict[type, list[str]] = {}
        while len(models) < len(self.classes):  # declaring a class finds more of them
            for cls in [c for c in self.classes if c not in models]:
                models[cls] = self.model(cls)
        entities = [cls for cls in schema.ENTITIES.values() if cls in models]
        records = sorted((cls for cls in models if cls not in entities), key=lambda c: c.__name__)
        sections: list[tuple[str, list[list[str]]]] = [
            ("The document root and the entities", [models[cls] for cls in entities]),
            ("Records and value types shared by the entities", []),
            ("Constrained strings", []),
            ("Codelists", []),
        ]
        shared = sections[1][1]
        shared += [models[cls] for cls in records]
        if self.localized_text:
            shared.append(
                self.shared(
                    "LocalizedText",
                    [
                        "export interface LocalizedText {",
                        "  readonly [tag: LanguageTag]: Text;",
                        "}",
                    ],
                    "TypeScript does not check that there is at least one language.",
                )
            )
        if self.extension_data:
            shared.append(
                self.shared(
                    "ExtensionData",
                    [
                        "export interface ExtensionData {",
                        "  readonly [extension: ExtensionName]: never;",
                        "}",
                    ],
                    "Here the type allows only an empty object, as the schemas do.",
                )
            )
        sections[2][1].extend(self.pattern_alias(p) for _, p in sorted(self.patterns.items()))
        sections[3][1].extend(self.codelist(name) for name in sorted(self.codelists))
        names = [
            *(cls.__name__ for cls in models),
            *self.patterns,
            *(schema.codelist_title(name) for name in self.codelists),
            *(["LocalizedText"] if self.localized_text else []),
            *(["ExtensionData"] if self.extension_data else []),
        ]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:  # pragma: no cover - a class named like a codelist type, say
            raise ValueError(f"declared more than once: {', '.join(twice)}")
        out = self.header()
        for title, blocks in sections:
            out += ["", f"// -- {title} ".ljust(_WIDTH, "-")]
            for block in blocks:
                out += ["", *block]
        return "\n".join(out) + "\n"

    def header(self) -> list[str]:
        """The comment at the top: what the file is, for which version, and how it is made."""
        version = self.version.name
        paragraphs = [
            f"{FILE_NAME}: TypeScript declarations of version {version} of the ngomodel data "
            "format.",
            "Generated by ngomodel (ngomodel.typescript) from its model classes: do not edit "
            f"by hand. Regenerate with: {_COMMAND}",
            "The types describe the JSON that the JSON Schema files of this version accept "
            f"(the files whose $id starts with {_base_uri(version)}), with the same keys, the "
            "same required keys and the same codes. TypeScript cannot check patterns, number "
            "bounds or rules across objects: validate payloads with the schemas, then type "
            "them with these declarations.",
        ]
        if not self.version.current:
            paragraphs.append(
                f"Version {version} is released: its JSON Schema files never change. These "
                "declarations were generated later, from the current classes without what "
                f"later versions added, and from the codes, deprecations and texts of the "
                f"published {version} schemas."
            )
        out: list[str] = []
        for paragraph in paragraphs:
            out += ["//"] if out else []
            out += [f"// {line}" for line in textwrap.wrap(paragraph, _WIDTH - 3)]
        return out


def _schemas_root() -> Path:
    """The folder holding a folder of schema files per version: in the installed
    package (a wheel ships them) or, in a source checkout, ``schemas/``."""
    shipped = files("ngomodel").joinpath("schemas")
    if shipped.is_dir():
        return Path(str(shipped))
    return Path(__file__).resolve().parents[2] / "schemas"


def _published(folder: Path) -> dict[str, Any]:
    """The schema documents in a version's folder, by path relative to it."""
    documents = {
        path.relative_to(folder).as_posix(): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.rglob("*.schema.json"))
    }
    if not documents:
        raise FileNotFoundError(f"no published schema files in {folder}")
    return documents


def declarations(version: str = SCHEMA_VERSION, *, schemas: str | Path | None = None) -> str:
    """Return the TypeScript declaration file of a version of the format.

    Args:
        version: One of :data:`ngomodel.migration.VERSIONS`; the current one by default.
        schemas: For a released version, the folder that holds a folder of published
            schema files per version (read for that version's codes, deprecations and
            texts); by default the package's own copy, or ``schemas/`` in a source
            checkout. Not read for the current version.

    Returns:
        The text of ``ngomodel.d.ts``.

    Raises:
        ValueError: For a version ngomodel does not know.
        FileNotFoundError: For a released version whose published files are not found.

    >>> text = declarations("1.0")
    >>> "export interface Post " in text, 'readonly schema_version: "1.0";' in text
    (False, True)
    """
    if version not in VERSIONS:
        raise ValueError(f"no version {version!r}: ngomodel knows {', '.join(VERSIONS)}")
    if version == SCHEMA_VERSION:
        documents: Mapping[str, Any] = schema.schema_documents()
    else:
        documents = _published(Path(schemas or _schemas_root()) / version)
    return _Writer(_Version(version, documents)).text()


def write(directory: str | Path) -> list[Path]:
    """Write the declaration file of every version into its folder under *directory*.

    Args:
        directory: The folder of a folder per version, usually ``schemas/``; a released
            version's published schema files are read from it.

    Returns:
        The files written.
    """
    root = Path(directory)
    written = []
    for version in VERSIONS:
        target = root / version / FILE_NAME
        text = declarations(version, schemas=root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        written.append(target)
    return written


def differences(directory: str | Path) -> list[str]:
    """Compare the declaration files under *directory* with what the classes generate.

    Args:
        directory: The folder of a folder per version, usually ``schemas/``.

    Returns:
        One line per missing or stale file; empty when every file is up to date.
    """
    root = Path(directory)
    out = []
    for version in VERSIONS:
        path = root / version / FILE_NAME
        if not path.is_file():
            out.append(f"missing: {version}/{FILE_NAME}")
        elif path.read_text(encoding="utf-8") != declarations(version, schemas=root):
            out.append(f"stale: {version}/{FILE_NAME}")
    return out


def _main(argv: list[str] | None = None) -> int:
    hint = f"regenerate with: {_COMMAND}"
    return write_or_check(argv, "ngomodel.typescript", write, differences, hint)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
