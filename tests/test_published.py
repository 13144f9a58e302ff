"""What integrators get besides the split schemas: the bundle, examples, codelist data and
the map of error codes, each checked against the library, plus what code generators make
of the schemas."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jsonschema
import pytest
from hypothesis import given

from ngomodel import codelists, from_dict, schema, to_dict
from ngomodel.errors import escape_pointer
from ngomodel.strategies import STRATEGIES

from . import ajv
from .mutations import mutations
from .properties import RECORD_CLASSES, examples
from .test_schema_agreement import all_digits

ROOT = Path(__file__).resolve().parents[1]
CURRENT = ROOT / "schemas" / schema.BASE_URI.rstrip("/").rpartition("/")[2]
BUNDLE_ID = schema.BASE_URI + schema.BUNDLE


@pytest.fixture(scope="module")
def bundle() -> dict[str, Any]:
    return json.loads((CURRENT / schema.BUNDLE).read_text("utf-8"))


def refs(node: Any) -> list[str]:
    """Every ``$ref`` in a schema, depth first."""
    if isinstance(node, list):
        return [ref for item in node for ref in refs(item)]
    if not isinstance(node, dict):
        return []
    here = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
    return here + [ref for value in node.values() for ref in refs(value)]


def resolve(document: dict[str, Any], pointer: str) -> Any:
    node: Any = document
    for part in pointer.lstrip("/").split("/") if pointer else ():
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


# -- the bundle --------------------------------------------------------------------------


def test_the_bundle_is_one_self_contained_resource(bundle: dict[str, Any]) -> None:
    """One $id, none inside; every $ref points into the file and resolves there; every
    split document is in it once, under its title."""
    assert bundle["$id"] == BUNDLE_ID
    assert bundle["$ref"] == "#/$defs/Dataset"
    text = json.dumps(bundle["$defs"])
    assert '"$id"' not in text
    assert '"$schema"' not in text
    found = refs(bundle)
    assert found
    assert all(ref.startswith("#/$defs/") for ref in found)
    for ref in set(found):
        resolve(bundle, ref[1:])  # a KeyError names a dangling reference
    documents = schema.schema_documents()
    titles = {doc["title"] for path, doc in documents.items() if path != "types.schema.json"}
    types = set(documents["types.schema.json"]["$defs"])
    assert set(bundle["$defs"]) == titles | types
    assert len(titles | types) == len(titles) + len(types)


def test_the_bundle_validates_as_the_split_files(bundle: dict[str, Any]) -> None:
    """The reference dataset is valid under the bundle; one broken date is not, and
    python-jsonschema locates it where the split files do."""
    dataset = json.loads((ROOT / "src/ngomodel/data/reference-dataset.json").read_text("utf-8"))
    assert list(jsonschema.Draft202012Validator(bundle).iter_errors(dataset)) == []
    dataset["organizations"][0]["founding_date"] = "2019-02-30"
    (error,) = jsonschema.Draft202012Validator(bundle).iter_errors(dataset)
    assert [(p.path, p.code) for p in schema.problems_from_error(error)] == [
        ("/organizations/0/founding_date", "invalid_date")
    ]


# -- examples ----------------------------------------------------------------------------


def test_every_definition_has_a_valid_example(bundle: dict[str, Any]) -> None:
    """Every entity, shared type and codelist carries an example that its own definition
    accepts, and that the library loads (a model class) or accepts (a code)."""
    classes = {cls.__name__: cls for cls in RECORD_CLASSES}
    for name, definition in bundle["$defs"].items():
        assert definition.get("examples"), name
        validator = jsonschema.Draft202012Validator({**bundle, "$ref": f"#/$defs/{name}"})
        for example in definition["examples"]:
            assert list(validator.iter_errors(example)) == [], (name, example)
            if name in classes:
                assert to_dict(from_dict(example, type=classes[name])) == example
    assert set(classes) <= set(bundle["$defs"])


# -- codelists as data -------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", sorted(p.name for p in (CURRENT / "codelists").glob("*.schema.json"))
)
def test_codelist_data_beside_its_schema(path: str) -> None:
    """``<name>.json`` and ``<name>.csv`` hold the schema's codes in its order, with the
    library's names, statuses and provenance; the withdrawn ones are those the schema marks
    deprecated; the schema points at them."""
    name = path.removesuffix(".schema.json")
    document = json.loads((CURRENT / "codelists" / path).read_text("utf-8"))
    data = json.loads((CURRENT / "codelists" / f"{name}.json").read_text("utf-8"))
    rows = list(csv.DictReader(io.StringIO((CURRENT / "codelists" / f"{name}.csv").read_text())))
    codelist = codelists.get(name)
    assert [c["code"] for c in data["codes"]] == document["enum"] == [r["code"] for r in rows]
    assert [c["name"] for c in data["codes"]] == [c.name for c in codelist.codes]
    assert [r["name"] for r in rows] == [c.name for c in codelist.codes]
    for key in ("title", "source", "version", "url", "closed"):
        assert data[key] == getattr(codelist, key)
    withdrawn = [c["code"] for c in data["codes"] if c["status"] == "withdrawn"]
    assert withdrawn == [r["code"] for r in rows if r["status"] == "withdrawn"]
    assert withdrawn == list(codelist.withdrawn) == document.get("if", {}).get("enum", [])
    assert {c["status"] for c in data["codes"]} <= {"active", "withdrawn"}
    assert f"codelists/{name}.json" in document["$comment"]
    assert data["schema"] == document["$id"]


# -- error codes -------------------------------------------------------------------------


@functools.cache
def published_documents() -> dict[str, Any]:
    """Every published document, split files and bundle, by its ``$id``."""
    documents = {schema.BASE_URI + path: doc for path, doc in schema.schema_documents().items()}
    documents[BUNDLE_ID] = schema.bundle()
    return documents


def keyword_location(root: dict[str, Any], base: str, error: jsonschema.ValidationError) -> str:
    """Where in the published files the failing keyword stands, relative to BASE_URI.

    python-jsonschema gives the path it took through the schema, leaving out each ``$ref``
    it followed; this follows it through the documents, taking a ``$ref`` wherever the
    path goes on to a keyword its schema lacks, as a validator that reports absolute
    keyword locations would.
    """
    documents = published_documents()
    node: Any = root
    pointer = ""
    for part in error.schema_path:
        while isinstance(node, dict) and part not in node and "$ref" in node:
            target, _, fragment = urljoin(base, node["$ref"]).partition("#")
            base, pointer = target, fragment
            node = resolve(documents[base], fragment)
        node = node[part]
        pointer += f"/{escape_pointer(str(part))}"
    return f"{base.removeprefix(schema.BASE_URI)}#{pointer}"


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_the_map_of_error_codes_words_each_failure_as_the_library(cls: type) -> None:
    """For every error python-jsonschema finds in mutated payloads, with the split files
    and with the bundle, ``error-codes.json`` gives the code that ngomodel gives it."""
    published = json.loads((CURRENT / schema.ERROR_CODES).read_text("utf-8"))
    assert published["locations"] == schema.error_codes()
    codes, defaults = published["locations"], published["keywords"]
    roots = [
        (schema.schema_for(cls), schema.validator(cls)),
        *[
            (doc, jsonschema.Draft202012Validator(doc))
            for doc in [{**schema.bundle(), "$ref": f"#/$defs/{cls.__name__}"}]
        ],
    ]
    seen: set[str] = set()

    @examples(15 if cls.__name__ in ("Dataset", "Program", "Agreement") else 40)
    @given(STRATEGIES[cls]().map(to_dict).flatmap(mutations))
    def check(case: tuple[str, Any]) -> None:
        _, payload = case
        for root, validator in roots:
            base = root.get("$id", schema.BASE_URI)
            with all_digits():  # python-jsonschema words an integer of any length
                errors = list(validator.iter_errors(payload))
            for error in errors:
                location = keyword_location(root, base, error)
                expected = {p.code for p in schema.problems_from_error(error)}
                code = codes.get(location, defaults.get(str(error.validator), "invalid"))
                if error.instance is None and error.validator in published["null"]["keywords"]:
                    code = published["null"]["code"]
                assert expected <= {code}, (location, expected, code)
                seen.add(location)

    check()
    assert seen


# -- code generators ---------------------------------------------------------------------


def test_json_schema_to_typescript_makes_one_closed_type_per_definition(
    bundle: dict[str, Any], tmp_path: Path
) -> None:
    """json-schema-to-typescript, run over the bundle as it is, declares each definition
    once, under its title, and leaves every object closed (no index signature) but the
    two that are maps: LocalizedText and ExtensionData."""
    reason = ajv.available()
    if reason:
        pytest.skip(reason)
    source = tmp_path / "bundle.schema.json"
    source.write_text(json.dumps(bundle), "utf-8")
    result = subprocess.run(
        [
            str(ajv.PREFIX / "node_modules/.bin/json2ts"),
            "-i",
            str(source),
            "--unreachableDefinitions",
            "--additionalProperties",
            "true",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    declared = re.findall(r"^export (?:type|interface) (\w+)", result.stdout, re.MULTILINE)
    assert sorted(declared) == sorted({*bundle["$defs"], "NgomodelDocument"})
    blocks = re.split(r"^export ", result.stdout, flags=re.MULTILINE)
    opened = sorted(
        re.match(r"(?:type|interface) (\w+)", block).group(1)  # type: ignore[union-attr]
        for block in blocks[1:]
        if "[k: string]" in block
    )
    assert opened == ["ExtensionData", "LocalizedText"]


#: The options docs/integrators.md recommends for datamodel-code-generator.
DATAMODEL_OPTIONS = [
    "--input-file-type",
    "jsonschema",
    "--output-model-type",
    "pydantic_v2.BaseModel",
    "--enum-field-as-literal",
    "all",
    "--formatters",
    "builtin",
]


def test_datamodel_code_generator_names_each_model_by_its_title(tmp_path: Path) -> None:
    """datamodel-code-generator, with the options the integrator's guide recommends, makes
    one pydantic model per definition, named by its title, with codes as literals (no
    ``field_10`` members) and closed objects; the models load the reference dataset and
    refuse an unknown key and an unknown code."""
    import importlib.util
    import sys

    import pydantic

    assert " ".join(DATAMODEL_OPTIONS) in (ROOT / "docs/integrators.md").read_text("utf-8")
    output = tmp_path / "ngomodel_models.py"
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("datamodel-codegen")),
            "--input",
            str(CURRENT / schema.BUNDLE),
            "--output",
            str(output),
            *DATAMODEL_OPTIONS,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    code = output.read_text("utf-8")
    assert "field_" not in code
    bundle = json.loads((CURRENT / schema.BUNDLE).read_text("utf-8"))
    declared = set(re.findall(r"^class (\w+)\(", code, re.MULTILINE))
    assert declared == {*bundle["$defs"], "NgomodelDocument"}
    spec = importlib.util.spec_from_file_location(output.stem, output)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[output.stem] = module  # pydantic resolves generic models through it
    try:
        spec.loader.exec_module(module)
        dataset = json.loads((ROOT / "src/ngomodel/data/reference-dataset.json").read_text())
        module.Dataset.model_validate(dataset)
        organization = dataset["organizations"][0]
        for broken in ({**organization, "colour": "blue"}, {**organization, "country": "XX"}):
            with pytest.raises(pydantic.ValidationError):
                module.Organization.model_validate(broken)
    finally:
        del sys.modules[output.stem]
