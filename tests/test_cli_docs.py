"""The command-line page: it documents every command and option, and shows true outputs."""

from __future__ import annotations

import argparse
import html
import json
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ngomodel import cli

from .test_docs import Build

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))
from cli_reference import run_in_process

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples" / "cli"
#: The runs the page must show: the two report formats and the JSON Lines walk-through.
REQUIRED_RUNS = {
    "validate invalid.json",
    "validate --format json invalid.json",
    "validate --schema program records.jsonl --jobs 2",
}


@dataclass(frozen=True)
class Built:
    """The built command-line page and the search index of the same build."""

    page: str
    search_index: dict[str, Any]


@pytest.fixture(scope="module")
def built(build: Build) -> Built:
    """The command-line page and the search index of the session's one build of the docs
    (see tests/test_docs.py), as ``make docs`` builds them."""
    assert build.returncode == 0, build.output
    out = build.html
    index = (out / "searchindex.js").read_text("utf-8")
    body = index[index.index("(") + 1 : index.rindex(")")]
    return Built((out / "cli.html").read_text("utf-8"), json.loads(body))


def text_of(fragment: str) -> str:
    """The text of an HTML fragment, its white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def command_section(page: str, name: str) -> str:
    """The HTML of the page's section on ``ngomodel NAME``."""
    start = page.index(f'<section id="ngomodel-{name}">')
    end = page.find('<section id="ngomodel-', start + 1)
    return page[start : end if end != -1 else len(page)]


def subcommands() -> dict[str, argparse.ArgumentParser]:
    """The commands of ``ngomodel``, read from its parser."""
    (action,) = (
        a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    return dict(action.choices)


def run(argv: list[str], folder: Path = EXAMPLES) -> tuple[str, int]:
    """Run ``ngomodel`` in-process in *folder*, as the page's build does: what it wrote
    (both streams) and its status."""
    return run_in_process(argv, folder)


def shown_runs(page: str) -> dict[str, tuple[str, int]]:
    """Each console session the page shows: its command, then what was printed and the status."""
    runs = {}
    for block in re.findall(r"<pre>(.*?)</pre>", page, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", block))
        match = re.fullmatch(r"\$ ngomodel (.*?)\n(.*)\$ echo \$\?\n(\d+)\n?", text, re.S)
        if match:
            runs[match[1]] = (match[2], int(match[3]))
    return runs


def test_every_command_and_option_is_on_the_page(built: Built) -> None:
    """Every command has a section listing each of its arguments with its help, default
    and choices, as the parser has them."""
    commands = subcommands()
    assert set(commands) >= {"validate", "demo", "schema", "codelists", "migrate"}
    for name, parser in commands.items():
        section = command_section(built.page, name)
        text = text_of(section)
        assert parser.description is not None
        assert text_of(parser.description) in text
        for action in parser._actions:
            for option in action.option_strings:
                assert f'<span class="pre">{html.escape(option)}</span>' in section, option
            if not action.option_strings:
                assert (action.metavar or action.dest) in text
            assert action.help is not None
            assert text_of(action.help % vars(action)) in text
            if action.choices is not None:
                *most, last = [str(choice) for choice in action.choices]
                if most:
                    assert f"One of: {', '.join(most)} or {last}." in text
                else:  # one choice is not a choice between several
                    assert f"Only: {last}." in text
            if action.nargs != 0 and action.default not in (None, [], argparse.SUPPRESS):
                assert f"Default: {action.default}." in text, (name, action.dest)


def test_the_commands_own_options_are_on_the_page(built: Built) -> None:
    """The options of ``ngomodel`` itself (``--version``), before any command, are listed
    with their help above the commands' sections."""
    parser = cli.build_parser()
    start = built.page.index('<section id="commands">')
    top = built.page[start : built.page.index('<section id="ngomodel-', start)]
    options = [o for action in parser._actions for o in action.option_strings]
    assert "--version" in options
    for action in parser._actions:
        for option in action.option_strings:
            assert f'<span class="pre">{html.escape(option)}</span>' in top, option
            assert action.help is not None
            assert text_of(action.help) in text_of(top), option


def test_shown_outputs_are_what_the_command_prints(built: Built) -> None:
    """Every run on the page shows exactly what ``ngomodel`` prints now, and its status."""
    runs = shown_runs(built.page)
    assert set(runs) >= REQUIRED_RUNS
    for command, (shown, status) in runs.items():
        argv = shlex.split(command)
        if "--jobs" in argv:  # the report is the same for any --jobs (test_cli.py)
            at = argv.index("--jobs") + 1
            argv[at] = str(min(int(argv[at]), cli._cores()))
        assert run(argv) == (shown, status), command


def test_exit_statuses_stated_match_the_code(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exit-status table states what the command returns in each case, and no more."""
    rows = re.findall(r"<tr[^>]*><td><p>(\d+)</p></td>\s*<td><p>(.*?)</p></td>", built.page)
    stated = {int(status): text_of(meaning) for status, meaning in rows}
    valid = tmp_path / "valid.jsonl"
    valid.write_text('{"id": "program-wells", "title": {"en": "Wells"}}\n', encoding="utf-8")

    def interrupted(error: BaseException) -> int:
        def stop(_: argparse.Namespace) -> int:
            raise error

        with monkeypatch.context() as patch:
            patch.setattr(cli, "_codelists", stop)
            return run(["codelists"])[1]

    seen = {
        "Success": run(["validate", "--schema", "program", str(valid)])[1],
        "Invalid": run(["validate", "invalid.json"])[1],
        "Usage": run(["validate", "--jobs", "-1", "invalid.json"])[1],
        "input/output error": run(["validate", "missing.json"])[1],
        "Ctrl-C": interrupted(KeyboardInterrupt()),
        "SIGTERM": interrupted(cli._Terminated()),
    }
    assert set(stated) == set(seen.values()) == {0, 1, 2, 130, 143}
    for words, status in seen.items():
        assert words in stated[status], (words, status)


def resolve(document: Any, pointer: str) -> Any:
    """The value at a JSON Pointer (without ``~`` escapes) in *document*."""
    for key in pointer.split("/")[1:]:
        document = document[int(key)] if isinstance(document, list) else document[key]
    return document


def test_problem_positions_point_at_the_value(built: Built) -> None:
    """In the example files, each problem's line and column are where its value is written
    (for a JSON Lines record, within the record's line): opening the file there finds it."""
    for name, schema in [("invalid.json", "dataset"), ("records.jsonl", "program")]:
        output, status = run(["validate", "--format", "json", "--schema", schema, name])
        assert status == 1
        text = (EXAMPLES / name).read_text("utf-8")
        lines = text.splitlines()
        (source,) = json.loads(output)["sources"]
        assert source["problems"]
        for problem in source["problems"]:
            line = lines[problem["line"] - 1]
            assert 1 <= problem["column"] <= len(line), problem
            if problem["code"] == "invalid_json":
                continue
            document = json.loads(line if name.endswith(".jsonl") else text)
            value = json.dumps(resolve(document, problem["path"]), ensure_ascii=False)
            assert line[problem["column"] - 1 :].startswith(value), problem


def test_search_finds_jsonl(built: Built) -> None:
    """A search for "jsonl" in the built documentation finds the command-line page."""
    index = built.search_index
    found = index["terms"]["jsonl"]
    found = found if isinstance(found, list) else [found]
    assert "cli" in {index["docnames"][number] for number in found}
