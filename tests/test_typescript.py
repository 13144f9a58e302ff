"""TypeScript declarations: up to date, shaped as the published schemas, and tsc agrees.

tsc runs once per test, never per case: each run compiles a folder of files, and the
cases are told apart by the file and line of each diagnostic. TypeScript comes with
ajv (``tests/ajv/package.json`` pins both), so these tests skip, or fail under
``CI=true``, as the ajv tests do.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
from hypothesis import HealthCheck, given, settings
from referencing.jsonschema import DRAFT202012

import ngomodel
from ngomodel import schema, strategies, typescript
from ngomodel._reference import reference_bytes
from ngomodel.migration import VERSIONS
from tests.test_migration import downgraded

from . import ajv

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
DOCS_PAGE = ROOT / "docs" / "typescript.md"
TSC = ajv.PREFIX / "node_modules" / "typescript" / "bin" / "tsc"
#: ``tsc --strict --noEmit``, for modules that import the declarations as ``./ngomodel.js``.
COMPILER_OPTIONS = {
    "strict": True,
    "noEmit": True,
    "target": "es2022",
    "module": "esnext",
    "moduleResolution": "bundler",
    "types": [],
    "pretty": False,
}


# -- reading the declarations ---------------------------------------------------------------


@dataclass
class Declaration:
    """One exported type of a declaration file, as far as these tests read it."""

    name: str
    #: Property name → (optional, TypeScript type).
    properties: dict[str, tuple[bool, str]] = field(default_factory=dict)
    #: The unions of a class rule: each shape a list of ``readonly key: type`` members.
    unions: list[list[list[str]]] = field(default_factory=list)
    #: The string literals of a code union.
    codes: list[str] = field(default_factory=list)
    #: The whole first line (``export type Id = string;``, ``export interface …``).
    head: str = ""


PROPERTY = re.compile(r"^  readonly (\w+)(\??): (.+);$")
SHAPE = re.compile(r"^  \| \{ (.+) \}$")
CODE = re.compile(r'^  \| ("[^"]*");?$')


def declarations_in(text: str) -> dict[str, Declaration]:
    """The exported types of a generated declaration file, by name."""
    found: dict[str, Declaration] = {}
    current: Declaration | None = None
    for line in text.splitlines():
        head = re.match(r"^export (?:interface|type) (\w+)", line)
        if head:
            assert head.group(1) not in found, f"{head.group(1)} is declared twice"
            current = found[head.group(1)] = Declaration(head.group(1), head=line)
        elif current is not None:
            if line in ("} & (", ") & ("):
                current.unions.append([])
            elif match := PROPERTY.match(line):
                current.properties[match.group(1)] = (match.group(2) == "?", match.group(3))
            elif match := SHAPE.match(line):
                current.unions[-1].append(match.group(1).split("; "))
            elif match := CODE.match(line):
                current.codes.append(json.loads(match.group(1)))
    return found


# -- what the published schemas say -----------------------------------------------------------


def published(version: str) -> dict[str, Any]:
    """The checked-in schema documents of *version*, by path relative to its folder."""
    folder = SCHEMAS / version
    return {
        path.relative_to(folder).as_posix(): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.rglob("*.schema.json"))
    }


def code_type(path: str) -> str:
    """``codelists/m49_region.schema.json`` → ``M49RegionCode``."""
    name = path.removeprefix("codelists/").removesuffix(".schema.json")
    return "".join(part.capitalize() for part in name.split("_")) + "Code"


def expected_type(prop: Mapping[str, Any], documents: Mapping[str, Any]) -> str:
    """The TypeScript type of a property schema, read from the schema alone."""
    if "allOf" in prop and len(prop["allOf"]) == 1:  # a reference beside annotations
        prop = prop["allOf"][0]
    if "$ref" in prop:
        ref = str(prop["$ref"])
        if ref.startswith("codelists/"):
            return code_type(ref)
        if "#/$defs/" in ref:
            return ref.rpartition("/")[2]
        return str(documents[ref]["title"])
    if "enum" in prop:
        return " | ".join(json.dumps(code) for code in prop["enum"])
    kind = prop["type"]
    if kind == "array":
        if prop.get("maxItems") == 0:
            return "readonly []"
        item = expected_type(prop["items"], documents)
        item = f"({item})" if " " in item else item
        least = prop.get("minItems", 0)
        if least:
            return f"readonly [{', '.join([item] * least)}, ...{item}[]]"
        return f"readonly {item}[]"
    return {"integer": "number", "number": "number", "boolean": "boolean"}.get(kind, kind)


def expected_unions(
    body: Mapping[str, Any], documents: Mapping[str, Any]
) -> Iterator[list[list[str]]]:
    """The unions the class rules of an object schema (oneOf, anyOf, allOf) come to."""
    props = body["properties"]

    def given(name: str, alternative: Mapping[str, Any]) -> str:
        prop = {**props[name], **alternative.get("properties", {}).get(name, {})}
        if prop.get("type") == "array":
            prop = {**props[name], "minItems": prop.get("minItems", 0)}
        return f"readonly {name}: {expected_type(prop, documents)}"

    if "oneOf" in body:
        names = [alt["required"][0] for alt in body["oneOf"]]
        yield [
            [given(name, alt)] + [f"readonly {other}?: never" for other in names if other != name]
            for name, alt in zip(names, body["oneOf"], strict=True)
        ]
    if "anyOf" in body:
        yield [[given(alt["required"][0], alt)] for alt in body["anyOf"]]
    if "not" in body:  # since 1.1: the objects a rule refuses, none (or two) of its keys given
        exactly = "anyOf" in body["not"]
        none = body["not"]["anyOf"][0] if exactly else body["not"]
        names = list(none["properties"])
        alts = {
            name: {} if absent is False else {"properties": {name: {"minItems": 1}}}
            for name, absent in none["properties"].items()
        }
        yield [
            [given(name, alts[name])]
            + ([f"readonly {other}?: never" for other in names if other != name] if exactly else [])
            for name in names
        ]
    # Conditions: an allOf (1.0), or an if / else-if chain (since 1.1).
    conditions = list(body.get("allOf", ()))
    link = body
    while "if" in link:
        conditions.append(link)
        link = link.get("else", {})
    if conditions:
        shapes, vocabularies = [], []
        for condition in conditions:
            ((vocabulary, const),) = condition["if"]["properties"].items()
            ((code, ref),) = condition["then"]["properties"].items()
            optional = "" if condition["if"].get("required") else "?"
            codelist = expected_type(ref, documents)
            value = const["const"]
            shapes.append([f"readonly {vocabulary}{optional}: {json.dumps(value)}"])
            shapes[-1].append(f"readonly {code}: {codelist}")
            vocabularies.append(value)
        vocabulary_ref = props[vocabulary].get("$ref") or props[vocabulary]["allOf"][0]["$ref"]
        every = documents[vocabulary_ref]["enum"]
        if set(every) - set(vocabularies):
            listed = " | ".join(json.dumps(v) for v in vocabularies)
            optional = "" if props[vocabulary].get("default") in vocabularies else "?"
            all_codes = expected_type(props[vocabulary], documents)
            shapes.append([f"readonly {vocabulary}{optional}: Exclude<{all_codes}, {listed}>"])
        yield shapes


@pytest.mark.parametrize("version", VERSIONS)
def test_declarations_have_the_shapes_of_the_published_schemas(version: str) -> None:
    """Every object, codelist and constrained string of a version's schemas is declared,
    and nothing else: the same keys in the same order, required where the schema requires
    them, of the type the property schema names, with its class rules as unions and
    every code of every codelist. Read from the published files of the version."""
    documents = published(version)
    declared = declarations_in((SCHEMAS / version / typescript.FILE_NAME).read_text("utf-8"))
    objects = {doc["title"]: doc for path, doc in documents.items() if "properties" in doc}
    objects |= {
        name: body
        for name, body in documents["types.schema.json"]["$defs"].items()
        if "properties" in body
    }
    strings = {
        name
        for name, body in documents["types.schema.json"]["$defs"].items()
        if body.get("type") == "string"
    }
    codes = {code_type(path): doc for path, doc in documents.items() if "codelists/" in path}
    maps = {"LocalizedText", "ExtensionData"} & set(documents["types.schema.json"]["$defs"])
    assert set(declared) == set(objects) | strings | set(codes) | maps
    for name, body in objects.items():
        required = set(body.get("required", ()))
        expected = {
            key: (key not in required, expected_type(prop, documents))
            for key, prop in body["properties"].items()
        }
        assert list(declared[name].properties.items()) == list(expected.items()), name
        assert declared[name].unions == list(expected_unions(body, documents)), name
        assert declared[name].head.startswith(
            "export type" if declared[name].unions else "export interface"
        )
    for name in strings:
        assert declared[name].head == f"export type {name} = string;"
    for name, doc in codes.items():
        assert declared[name].codes == doc["enum"], name
    for name in maps:
        assert declared[name].head == f"export interface {name} {{"


def test_declaration_files_are_up_to_date() -> None:
    """schemas/<version>/ngomodel.d.ts holds what the classes generate, for every version."""
    stale = typescript.differences(SCHEMAS)
    assert stale == [], f"{stale}: regenerate with `python -m ngomodel.typescript --write schemas`"


def test_the_command_writes_and_checks_every_version(tmp_path: Path) -> None:
    """--write writes a file per version (a released one from its published schemas),
    --check finds them up to date and a changed one stale; a wrong call is a usage error."""
    for version in VERSIONS[:-1]:
        shutil.copytree(SCHEMAS / version, tmp_path / version)
    (tmp_path / VERSIONS[0] / typescript.FILE_NAME).unlink()
    assert typescript.differences(tmp_path)[0] == f"missing: {VERSIONS[0]}/ngomodel.d.ts"
    assert typescript._main(["--write", str(tmp_path)]) == 0
    for version in VERSIONS:
        written = (tmp_path / version / typescript.FILE_NAME).read_bytes()
        assert written == (SCHEMAS / version / typescript.FILE_NAME).read_bytes()
    assert typescript._main(["--check", str(tmp_path)]) == 0
    with (tmp_path / VERSIONS[-1] / typescript.FILE_NAME).open("a", encoding="utf-8") as file:
        file.write("// changed by hand\n")
    assert typescript._main(["--check", str(tmp_path)]) == 1
    assert typescript._main(["--write"]) == 2
    with pytest.raises(ValueError, match=r"no version '0\.9'"):
        typescript.declarations("0.9")
    with pytest.raises(FileNotFoundError):
        typescript.declarations(VERSIONS[0], schemas=tmp_path / "nowhere")


def test_the_declarations_of_1_0_say_what_1_0_said() -> None:
    """1.0 has none of what 1.1 added, its own schema_version, and no deprecation yet;
    1.1 marks the deprecated field, and every version marks the withdrawn codes."""
    old = typescript.declarations("1.0")
    new = typescript.declarations("1.1")
    old_program, new_program = (declarations_in(text)["Program"] for text in (old, new))
    assert "descriptions" not in old_program.properties
    assert "descriptions" in new_program.properties
    assert "export interface Post " not in old
    assert "export interface Post " in new
    assert 'readonly schema_version: "1.0";' in old
    assert "@deprecated" not in old
    deprecated = "   * @deprecated Use descriptions with type 1 (general) instead.\n"
    assert f"{deprecated}   */\n  readonly description?: LocalizedText;" in new
    for text in (old, new):
        assert " * - `380`: West Indies, regional (withdrawn)\n" in text


# -- compiling with tsc -----------------------------------------------------------------------


@dataclass(frozen=True)
class Diagnostic:
    """One error tsc reported."""

    file: str
    line: int
    code: str
    message: str


def compile_ts(folder: Path, sources: Mapping[str, str]) -> list[Diagnostic]:
    """Write *sources* (path in *folder* → text) and compile them all in one tsc run.

    Each ``.ts`` file is compiled; ``ngomodel.d.ts`` files are what they import.
    """
    reason = ajv.available()
    if reason:
        pytest.skip(reason)
    for path, text in sources.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    # Whatever imports ajv's types finds them where make installed ajv.
    (folder / "node_modules").symlink_to(ajv.PREFIX / "node_modules")
    config = {
        "compilerOptions": COMPILER_OPTIONS,
        "files": sorted(p for p in sources if p.endswith(".ts") and not p.endswith(".d.ts")),
    }
    (folder / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run(
        ["node", str(TSC), "--project", str(folder / "tsconfig.json")],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    found: list[Diagnostic] = []
    for line in result.stdout.splitlines():
        head = re.match(r"^(\S.*?)\((\d+),\d+\): error (TS\d+): (.*)$", line)
        if head:
            path, number, code, message = head.groups()
            found.append(Diagnostic(path, int(number), code, message))
        elif found and line.startswith(" "):  # the elaboration of the error above
            last = found[-1]
            found[-1] = Diagnostic(last.file, last.line, last.code, f"{last.message}\n{line}")
    if result.returncode != 0 and not found:
        raise AssertionError(f"tsc failed:\n{result.stdout}\n{result.stderr}")
    return found


def typed(value: Any, type_name: str, name: str = "data") -> str:
    """A module that types *value* (plain JSON) as it is written, code literals included."""
    return (
        f'import type {{ {type_name} }} from "./ngomodel.js";\n\n'
        f"export const {name} = {json.dumps(value, indent=1)} as const satisfies {type_name};\n"
    )


def declaration_file(version: str) -> str:
    """The checked-in declaration file of *version* (the drift test keeps it generated)."""
    return (SCHEMAS / version / typescript.FILE_NAME).read_text(encoding="utf-8")


def schema_validator(version: str, name: str) -> jsonschema.Validator:
    """A validator against a published schema of *version*, resolved offline."""
    base = f"https://ngomodel.org/schemas/{version}/"
    documents = published(version)
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (base + path, DRAFT202012.create_resource(doc)) for path, doc in documents.items()
    )
    return jsonschema.Draft202012Validator(documents[f"{name}.schema.json"], registry=registry)


def document_of(version: str) -> dict[str, Any]:
    """The reference dataset as a document of *version* (for 1.0: what 1.1 added left
    out), valid by the published schemas of that version."""
    document: dict[str, Any] = json.loads(reference_bytes())
    if version != ngomodel.SCHEMA_VERSION:
        assert version == "1.0", "a later released version needs its own down-migration"
        document = downgraded(document)
    assert document["schema_version"] == version
    assert list(schema_validator(version, "dataset").iter_errors(document)) == []
    return document


ORGANIZATION = {"id": "org-1", "name": {"en": "Ramunion"}}
PARTY = {"name": {"en": "A domestic NGO"}, "country": "MM"}
FIGURE = {"id": "fig-1", "subject_id": "org-1", "metric": "member_count", "value": 310}


def breaches(version: str) -> list[tuple[str, dict[str, Any], str]]:
    """(entity class, a payload the version's schema rejects, what tsc must say about it)."""
    cases = [
        ("Organization", {**ORGANIZATION, "nickname": "R"}, "'\"nickname\"' does not exist"),
        ("Organization", {**ORGANIZATION, "country": "XX"}, "Type '\"XX\"' is not assignable"),
        ("Organization", {"id": "org-1"}, "Property 'name' is missing"),
        ("Organization", {**ORGANIZATION, "founding_date": 2005}, "Type 'number' is not"),
        ("Organization", {**ORGANIZATION, "country": None}, "Type 'null' is not assignable"),
        ("Organization", {**ORGANIZATION, "identifiers": {}}, "type 'readonly Identifier[]'"),
        (
            "Dataset",
            {"schema_version": version, "networks": [{**ORGANIZATION, "nickname": "R"}]},
            "'\"nickname\"' does not exist",
        ),
        # A class rule each: a code of the wrong codelist for the default vocabulary,
        # neither end of a period, both places of a share, too few parties.
        (
            "Organization",
            {**ORGANIZATION, "sectors": [{"code": "111"}]},
            "Type '{ readonly code: \"111\"; }' is not assignable to type 'Classification'",
        ),
        (
            "Organization",
            {**ORGANIZATION, "sectors": [{"vocabulary": "2", "code": "11130"}]},
            "Type '\"11130\"' is not assignable",
        ),
        (
            "Agreement",
            {"id": "a", "parties": [PARTY, PARTY], "period": {}},
            "Type '{}' is not assignable to type 'Period",
        ),
        (
            "ReportedFigure",
            {**FIGURE, "share": {"fraction": 0.6, "located_in": "CN", "located_outside": "CN"}},
            "is not assignable to type 'undefined'",
        ),
        ("Agreement", {"id": "a", "parties": [PARTY]}, "target requires 2"),
        ("Program", {"id": "p"}, "does not satisfy the expected type 'Program'"),
    ]
    if version == "1.0":
        cases += [
            ("Dataset", {"schema_version": "1.1"}, "Type '\"1.1\"' is not assignable"),
            ("Dataset", {"schema_version": "1.0", "posts": []}, "'\"posts\"' does not exist"),
            (
                "Program",
                {"id": "p", "descriptions": [{"type": "1", "text": {"en": "Wells"}}]},
                "'\"descriptions\"' does not exist",
            ),
            ("Organization", {**ORGANIZATION, "extensions": {}}, "'\"extensions\"' does not exist"),
        ]
    else:
        cases += [
            ("Dataset", {"schema_version": "1.0"}, "Type '\"1.0\"' is not assignable"),
            ("Program", {"id": "p", "descriptions": []}, "the expected type 'Program'"),
            ("Organization", {**ORGANIZATION, "extensions": {"x": {}}}, "type 'never'"),
            ("Dataset", {"schema_version": version, "extensions": [{}]}, "type 'undefined'"),
        ]
    return cases


def docs_snippets() -> list[str]:
    """The TypeScript examples of the documentation page."""
    text = DOCS_PAGE.read_text(encoding="utf-8")
    return re.findall(r"^```ts\n(.*?)^```$", text, flags=re.DOTALL | re.MULTILINE)


@pytest.mark.parametrize("version", VERSIONS)
def test_tsc_types_valid_data_and_rejects_what_the_schemas_reject(
    version: str, tmp_path: Path
) -> None:
    """In one tsc run: the declarations compile under --strict; the reference dataset of
    the version types as written (``as const satisfies Dataset``, codes as literals), and
    so do the documentation's examples (current version); and each breach (an unknown
    key, a code not in its list, a missing key, a wrong type, a broken class rule, what
    the version lacks) fails at its own line, for the reason expected. Each breach is
    also rejected by the version's published schema, so tsc is as strict as the schema."""
    cases = breaches(version)
    for name, payload, _ in cases:
        kind = next(key for key, cls in schema.ENTITIES.items() if cls.__name__ == name)
        assert list(schema_validator(version, kind).iter_errors(payload)), (name, payload)
    lines = [f"import type {{ {', '.join(sorted({name for name, _, _ in cases}))} }} "]
    lines[0] += 'from "./ngomodel.js";'
    lines += [
        f"export const case{i} = {json.dumps(p)} as const satisfies {name};"
        for i, (name, p, _) in enumerate(cases)
    ]
    sources = {
        "ngomodel.d.ts": declaration_file(version),
        "reference.ts": typed(document_of(version), "Dataset"),
        "breaches.ts": "\n".join(lines) + "\n",
    }
    if version == ngomodel.SCHEMA_VERSION:
        snippets = docs_snippets()
        assert snippets
        sources |= {f"docs{i}.ts": text for i, text in enumerate(snippets)}
    found = compile_ts(tmp_path, sources)
    assert [d for d in found if d.file != "breaches.ts"] == []
    by_line = {d.line: d for d in found}  # tsc reports one error per statement here
    assert sorted(by_line) == list(range(2, len(cases) + 2)), found
    for line, (name, payload, expected) in enumerate(cases, start=2):
        assert expected in by_line[line].message, (name, payload, by_line[line])


@settings(
    max_examples=8,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(strategies.datasets(max_size=2))
def _drawn(data: ngomodel.Dataset) -> None:
    """Collects drawn datasets for one tsc run (see the test below)."""
    DRAWN.append(ngomodel.to_dict(data))


DRAWN: list[dict[str, Any]] = []


def test_drawn_datasets_type_check(tmp_path: Path) -> None:
    """Datasets drawn by ngomodel.strategies type as written under the current version's
    declarations, and, written as 1.0 (what 1.1 added left out) where that is valid by the
    1.0 schemas, under 1.0's: every one in a single tsc run."""
    DRAWN.clear()
    _drawn()
    sources: dict[str, str] = {}
    old = schema_validator("1.0", "dataset")
    for version in VERSIONS:
        sources[f"{version}/ngomodel.d.ts"] = declaration_file(version)
    for i, document in enumerate(DRAWN):
        sources[f"{ngomodel.SCHEMA_VERSION}/drawn{i}.ts"] = typed(document, "Dataset")
        earlier = downgraded(document)
        if not list(old.iter_errors(earlier)):
            sources[f"1.0/drawn{i}.ts"] = typed(earlier, "Dataset")
    assert len(DRAWN) == 8
    found = compile_ts(tmp_path, sources)
    assert found == [], "\n\n".join(f"{d}\n{sources[d.file]}" for d in found[:3])
