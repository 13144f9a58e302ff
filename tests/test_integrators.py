"""The integrator's guide, docs/integrators.md, and its OpenAPI example: every snippet runs.

The snippets are taken from the page itself, by the language of their fenced block, so
the page and the tests cannot drift apart: every ``python`` and ``js`` block runs as it
stands, in a folder that holds a copy of ``schemas/``, the reference dataset as
``dataset.json`` and a broken copy as ``invalid.json``, and prints exactly the ``text``
block that follows it (nothing, when none does; ``...`` in a shown output stands for any
text, as in doctest). Every ``console`` block is run by bash, one command after another,
and gives exactly the session shown. Everything Python runs here, check-jsonschema
included, runs with the network cut off (a ``sitecustomize`` that refuses every
connection), and with ngomodel laid out as the wheel installs it, schemas inside.
"""

from __future__ import annotations

import doctest
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import openapi_spec_validator
import pytest
from markdown_it import MarkdownIt
from referencing.exceptions import PointerToNowhere

import ngomodel
from ngomodel import schema
from tests import ajv

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "integrators.md"
OPENAPI = ROOT / "docs" / "examples" / "openapi.json"
#: Where the bundle sits in the OpenAPI example, as keys from the document's root.
BUNDLE_AT = ("components", "requestBodies", "Dataset", "content", "application/json", "schema")
#: What fixes a stale OpenAPI example.
REFRESH = "run `python scripts/build_openapi_example.py` (`make schemas` runs it too)"
#: Languages whose blocks run; ``text`` blocks are their outputs, ``json`` the OpenAPI excerpt.
RUN = ("python", "js", "console")
CHECKED = ("text", "json")
#: Installed as ``sitecustomize`` for every Python process a snippet starts.
OFFLINE = '''"""Cut the network off: any connection or name look-up raises."""
import socket


def _refuse(*args, **kwargs):
    raise OSError("network access refused: this run must stay offline")


socket.socket.connect = socket.socket.connect_ex = socket.socket.sendto = _refuse
socket.create_connection = socket.getaddrinfo = _refuse
'''
#: Runs Python snippets in one process, each in a namespace of its own; prints their outputs.
PYTHON_RUNNER = """
import contextlib, io, json, sys, traceback
outputs = []
for snippet in json.load(sys.stdin):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(snippet["code"], snippet["name"], "exec"), {"__name__": "__main__"})
        except BaseException:
            traceback.print_exc(file=out)
    outputs.append(out.getvalue())
sys.stdout.write(json.dumps(outputs))
"""


@dataclass(frozen=True)
class Block:
    """A fenced code block of the guide."""

    language: str
    code: str
    #: The line of its opening fence (1-based).
    line: int
    #: The ``text`` block right after it (blank lines apart), if any.
    output: str | None = None

    @property
    def name(self) -> str:
        return f"{GUIDE.name}:{self.line}"


def blocks(text: str) -> list[Block]:
    """Every fenced block of a page, each runnable one with the output shown after it."""
    lines = text.splitlines()
    fences = [token for token in MarkdownIt("commonmark").parse(text) if token.type == "fence"]
    out: list[Block] = []
    for index, fence in enumerate(fences):
        assert fence.map is not None
        following = fences[index + 1] if index + 1 < len(fences) else None
        output = None
        if following is not None and following.info.strip() == "text":
            assert following.map is not None
            gap = lines[fence.map[1] : following.map[0]]
            if not any(line.strip() for line in gap):
                output = following.content
        out.append(Block(fence.info.strip(), fence.content, fence.map[0] + 1, output))
    return out


BLOCKS = blocks(GUIDE.read_text("utf-8"))


def runnable(language: str) -> list[Block]:
    """The guide's blocks in one language."""
    return [block for block in BLOCKS if block.language == language]


def differences(ran: list[tuple[Block, str]]) -> str:
    """Each block whose output is not what the page shows after it, with the difference."""
    checker = doctest.OutputChecker()
    out = []
    for block, got in ran:
        want = block.output or ""
        if not checker.check_output(want, got, doctest.ELLIPSIS):
            example = doctest.Example(source=block.code, want=want)
            difference = checker.output_difference(example, got, doctest.ELLIPSIS)
            out.append(f"the {block.language} block at {block.name}: {difference}")
    return "\n".join(out)


def broken(dataset: dict[str, Any]) -> dict[str, Any]:
    """The dataset of ``invalid.json``, as the guide describes it: two mistakes in a program."""
    copy: dict[str, Any] = json.loads(json.dumps(dataset))
    copy["programs"][0]["actual_start"] = "2019-13"
    copy["programs"][0]["colour"] = "blue"
    return copy


@dataclass(frozen=True)
class Folder:
    """Where the snippets run, and the environment they run in."""

    path: Path
    env: dict[str, str]


def _installed_package(base: Path) -> Path:
    """A folder to put on ``sys.path`` whose ``ngomodel`` is laid out as the wheel installs it.

    That is the package under test itself when it was installed from a wheel; from a source
    tree, a copy of it with ``schemas/`` inside (tests/test_packaging.py proves the wheel
    holds them there).
    """
    package = Path(ngomodel.__file__).parent
    if (package / "schemas").is_dir():
        return package.parent
    site = base / "site"
    shutil.copytree(package, site / "ngomodel", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "schemas", site / "ngomodel" / "schemas")
    return site


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Folder:
    """A folder with the files the guide uses, and an environment without network."""
    base = tmp_path_factory.mktemp("integrators")
    work = base / "work"
    work.mkdir()
    shutil.copytree(ROOT / "schemas", work / "schemas")
    reference = files("ngomodel") / "data" / "reference-dataset.json"
    text = reference.read_text(encoding="utf-8")
    (work / "dataset.json").write_text(text, encoding="utf-8")
    invalid = json.dumps(broken(json.loads(text)), indent=2, ensure_ascii=False) + "\n"
    (work / "invalid.json").write_text(invalid, encoding="utf-8")
    shutil.copy(OPENAPI, work / "openapi.json")
    modules = ajv.PREFIX / "node_modules"
    if modules.is_dir():  # so that the snippets' imports of ajv resolve from the folder
        (work / "node_modules").symlink_to(modules, target_is_directory=True)
    offline = base / "offline"
    offline.mkdir()
    (offline / "sitecustomize.py").write_text(OFFLINE, encoding="utf-8")
    site = _installed_package(base)
    # Not under coverage (whose subprocess patch reads this variable): the snippets prove
    # the page, not the code, and a copied package is not the measured one.
    env = {k: v for k, v in os.environ.items() if k != "COVERAGE_PROCESS_CONFIG"}
    env["PYTHONPATH"] = os.pathsep.join([str(offline), str(site)])
    # The console scripts installed beside this interpreter: check-jsonschema, ngomodel.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return Folder(work, env)


# -- the page ----------------------------------------------------------------------------


def node(runner: Path, payload: dict[str, Any], folder: Folder) -> Any:
    """Run a Node.js *runner* in the folder, *payload* as JSON on its standard input, and
    return what it writes as JSON; it must succeed and write nothing to standard error."""
    result = subprocess.run(
        ["node", str(runner)],
        input=json.dumps(payload),
        cwd=folder.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_every_block_is_run_or_checked() -> None:
    """Each fenced block is a snippet that runs, its output, or the OpenAPI excerpt."""
    outputs = {block.line for block in BLOCKS if block.language in RUN and block.output}
    for block in BLOCKS:
        assert block.language in RUN + CHECKED, f"{block.name}: no test runs {block.language!r}"
        if block.language == "text":
            assert any(b.output == block.code for b in BLOCKS if b.line in outputs), (
                f"{block.name}: a text block follows no snippet"
            )
    assert {block.language for block in BLOCKS} >= {*RUN, *CHECKED}


def test_check_jsonschema_is_given_the_bundle_and_no_other_flag() -> None:
    """Every check-jsonschema command on the page names the bundle and a file, nothing else."""
    commands = [
        shlex.split(line.removeprefix("$ "))
        for block in runnable("console")
        for line in block.code.splitlines()
        if line.startswith("$ check-jsonschema")
    ]
    assert commands
    for command in commands:
        assert command[:3] == ["check-jsonschema", "--schemafile", "schemas/1.1/bundle.schema.json"]
        assert len(command) == 4
        assert not command[3].startswith("-")


# -- the snippets ------------------------------------------------------------------------


def test_python_snippets_print_what_the_page_shows(folder: Folder) -> None:
    """Every Python snippet runs offline, with ngomodel installed, and prints its output."""
    snippets = runnable("python")
    assert snippets
    result = subprocess.run(
        [sys.executable, "-c", PYTHON_RUNNER],
        input=json.dumps([{"code": b.code, "name": b.name} for b in snippets]),
        cwd=folder.path,
        env=folder.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    difference = differences(list(zip(snippets, json.loads(result.stdout), strict=True)))
    assert not difference, difference


def test_javascript_snippets_print_what_the_page_shows(folder: Folder) -> None:
    """Every JavaScript snippet runs under node with the pinned ajv, and prints its output."""
    reason = ajv.available()
    if reason:
        pytest.skip(reason)
    snippets = runnable("js")
    assert snippets
    paths = []
    for index, block in enumerate(snippets):
        path = folder.path / f"snippet-{index}.mjs"
        path.write_text(f"// {block.name}\n{block.code}", encoding="utf-8")
        paths.append(str(path))
    outputs = node(Path(__file__).with_name("snippets_runner.mjs"), {"files": paths}, folder)[
        "outputs"
    ]
    difference = differences(list(zip(snippets, outputs, strict=True)))
    assert not difference, difference


def _session(block: Block) -> str:
    """A bash script that replays a console block: each command echoed, then run.

    The echo keeps the exit status of the command before it, for an ``echo $?`` to show.
    """
    commands = [line.removeprefix("$ ") for line in block.code.splitlines() if line[:2] == "$ "]
    assert commands, f"{block.name}: a console block with no command"
    return "status=0\n" + "".join(
        f"echo {shlex.quote('$ ' + command)}\n(exit $status)\n{command}\nstatus=$?\n"
        for command in commands
    )


@pytest.mark.parametrize("block", runnable("console"), ids=lambda block: block.name)
def test_shell_sessions_give_what_the_page_shows(folder: Folder, block: Block) -> None:
    """Each console session, replayed by bash offline, gives the output the page shows."""
    result = subprocess.run(
        ["bash", "-c", _session(block)],
        cwd=folder.path,
        env=folder.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
        timeout=120,
    )
    session = Block(block.language, block.code, block.line, output=block.code)
    difference = differences([(session, result.stdout)])
    assert not difference, difference


def test_the_network_is_cut_off_for_the_snippets(folder: Folder) -> None:
    """The guard bites: check-jsonschema given a schema's URL, not its file, cannot fetch it.

    So the sessions above, which pass, fetched nothing.
    """
    result = subprocess.run(
        [
            "check-jsonschema",
            "--no-cache",
            "--schemafile",
            f"{schema.BASE_URI}{schema.BUNDLE}",
            "dataset.json",
        ],
        cwd=folder.path,
        env=folder.env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode != 0
    assert "network access refused" in result.stdout + result.stderr


# -- the OpenAPI example -------------------------------------------------------------------


def _openapi() -> dict[str, Any]:
    return json.loads(OPENAPI.read_text("utf-8"))  # type: ignore[no-any-return]


def _at(document: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        document = document[key]
    return document


def test_openapi_example_embeds_the_current_bundle() -> None:
    """The bundle in the OpenAPI example is schema.bundle(), exactly; the file as written."""
    text = OPENAPI.read_text("utf-8")
    document = json.loads(text)
    assert _at(document, BUNDLE_AT) == schema.bundle(), f"the example is stale: {REFRESH}"
    rendered = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert text == rendered, f"the example is not written as the script writes it: {REFRESH}"


def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access refused: this test must stay offline")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_openapi_example_lints_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    """openapi-spec-validator finds nothing wrong with the example, offline, as OpenAPI 3.1."""
    _no_network(monkeypatch)
    document = _openapi()
    assert document["openapi"].startswith("3.1.")
    openapi_spec_validator.validate(document, cls=openapi_spec_validator.OpenAPIV31SpecValidator)


def test_openapi_spec_validator_still_misreads_a_bundle_in_components_schemas(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Why the bundle is a request body's schema: under components/schemas it fails the lint.

    openapi-spec-validator resolves the bundle's ``#/$defs/Dataset`` against the OpenAPI
    document instead of the bundle's ``$id``. Should a release get it right, the guide can
    put the bundle under components/schemas, the place OpenAPI users look first.
    """
    _no_network(monkeypatch)
    document = _openapi()
    document["components"]["schemas"]["ngomodel"] = _at(document, BUNDLE_AT)
    _at(document, BUNDLE_AT[:-1])["schema"] = {"$ref": "#/components/schemas/ngomodel"}
    try:
        openapi_spec_validator.validate(document)
    except PointerToNowhere as error:
        misread = str(error)
    else:
        misread = ""
    assert "/$defs/Dataset" in misread, (
        "openapi-spec-validator now resolves references in an embedded schema against its "
        "$id: docs/integrators.md and docs/examples/openapi.json can move the bundle to "
        "components/schemas"
    )


def _is_excerpt(shown: Any, actual: Any) -> bool:
    """Whether *shown* is *actual* with keys left out, and ``{"…": …}`` for a whole object."""
    if isinstance(shown, dict) and list(shown) == ["…"]:
        return isinstance(actual, dict) and len(actual) > 0
    if isinstance(shown, dict):
        return isinstance(actual, dict) and all(
            key in actual and _is_excerpt(value, actual[key]) for key, value in shown.items()
        )
    if isinstance(shown, list):
        return (
            isinstance(actual, list)
            and len(shown) == len(actual)
            and all(_is_excerpt(s, a) for s, a in zip(shown, actual, strict=True))
        )
    return bool(shown == actual)


def test_the_page_shows_the_openapi_example_as_it_is() -> None:
    """The OpenAPI excerpt on the page is the example file, keys left out, the bundle cut."""
    (excerpt,) = runnable("json")
    shown = json.loads(excerpt.code)
    assert _is_excerpt(shown, _openapi()), f"{excerpt.name} differs from {OPENAPI.name}"
    assert _at(shown, BUNDLE_AT)["$id"] == f"{schema.BASE_URI}{schema.BUNDLE}"


def _keyed(error: dict[str, Any]) -> tuple[str, str]:
    """An ajv error as (JSON Pointer, code), a missing or unknown key located at the key."""
    params = error["params"]
    key = params.get("missingProperty", params.get("additionalProperty"))
    path = error["instancePath"]
    if error["keyword"] in ("required", "additionalProperties"):
        path = f"{path}/{key.replace('~', '~0').replace('/', '~1')}"
    return path, error["code"]


def test_openapi_request_bodies_validate_in_ajv(folder: Folder) -> None:
    """ajv (strict) validates request bodies against the operations' schemas in the example.

    A valid program and dataset pass; broken ones fail, and each error, mapped to a code with
    error-codes.json, is what ngomodel.schema.validate reports, at the same place.
    """
    reason = ajv.available()
    if reason:
        pytest.skip(reason)
    dataset = json.loads((folder.path / "dataset.json").read_text("utf-8"))
    program = dataset["programs"][0]
    bad_program = {
        **program,
        "id": "program 1",
        "actual_start": "2019-13",
        "participants": [{"role": "1"}],
        "beneficiary_groups": [{"categories": ["children"]}],
        "recipient_countries": [{"country": "XX"}],
        "colour": "blue",
    }
    cases = [
        ("/programs", program),
        ("/programs", bad_program),
        ("/datasets", dataset),
        ("/datasets", broken(dataset)),
    ]
    runner = folder.path / "openapi_runner.mjs"
    shutil.copy(Path(__file__).with_name(runner.name), runner)
    payload = {
        "api": str(folder.path / "openapi.json"),
        "codes": str(folder.path / "schemas" / "1.1" / schema.ERROR_CODES),
        "cases": [{"path": path, "method": "post", "instance": body} for path, body in cases],
    }
    results = node(runner, payload, folder)["results"]
    assert [r["valid"] for r in results] == [True, False, True, False]
    for (path, body), found in zip(cases, results, strict=True):
        name = "program" if path == "/programs" else "dataset"
        expected = {(p.path, p.code) for p in schema.validate(body, name)}
        assert {_keyed(error) for error in found["errors"]} == expected, path
    assert {error["code"] for error in results[1]["errors"]} >= {
        "invalid_id",
        "invalid_date",
        "at_least_one_required",
        "missing_key",
        "unknown_code",
        "unknown_key",
    }
