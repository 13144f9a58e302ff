"""Sphinx directives that document the ``ngomodel`` command from the command itself.

``ngomodel-cli-reference`` reads the parser :func:`ngomodel.cli.build_parser` returns, so
the page says what ``--help`` says: the options of the command itself (``--version``),
then one section per command with its usage, description, every argument and option
(with its help text, default, choices, and the options it excludes), and its examples.

``ngomodel-run`` runs one command line in-process, with :func:`ngomodel.cli.main`, in a
folder of example files, and shows what it printed (standard output and standard error,
in the order written) and its exit status, as a console session::

    ```{ngomodel-run} validate --format json invalid.json
    :status: 1
    ```

``:status:`` is the exit status the page's text expects; any other is a build warning.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import os
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ngomodel import cli

logger = logging.getLogger(__name__)

#: Where ``ngomodel-run`` runs, relative to the documentation's source folder.
EXAMPLES = "examples/cli"
#: The width usage lines are wrapped at, whatever the terminal of the build.
_WIDTH = 80


# -- the parser -----------------------------------------------------------------------------


def subcommands(parser: argparse.ArgumentParser) -> dict[str, tuple[str, argparse.ArgumentParser]]:
    """Each command of *parser*, in order: its name, its one-line help and its parser."""
    found: dict[str, tuple[str, argparse.ArgumentParser]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, command in action.choices.items():
                found[name] = (helps.get(name, ""), command)
    return found


def usage(parser: argparse.ArgumentParser) -> str:
    """The usage line(s) ``--help`` starts with, wrapped at a fixed width."""
    formatter = argparse.HelpFormatter(parser.prog, width=_WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip().removeprefix("usage: ")


def invocation(action: argparse.Action) -> list[str]:
    """How an argument is written, in each of its forms: ``PATH [PATH ...]``, ``--jobs N``,
    ``--output FILE`` and ``-o FILE``."""
    formatter = argparse.HelpFormatter("ngomodel", width=_WIDTH)
    if not action.option_strings:
        return [formatter._format_args(action, action.metavar or action.dest)]
    if action.nargs == 0:
        return list(action.option_strings)
    if action.metavar is None and action.choices is not None:
        # The choices are listed below the option, where they can wrap, not in braces.
        action = copy.copy(action)
        action.choices = None
    argument = formatter._format_args(action, action.dest.upper())
    return [f"{option} {argument}" for option in action.option_strings]


def help_text(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """The help of *action* as ``--help`` prints it (``%(default)s`` and the like filled in)."""
    return parser._get_formatter()._expand_help(action) if action.help else ""


def shown_default(action: argparse.Action) -> str | None:
    """The default worth stating: not for flags, absent values or empty lists."""
    if action.nargs == 0 or action.default in (None, argparse.SUPPRESS, []):
        return None
    return str(action.default)


def excluded(parser: argparse.ArgumentParser, action: argparse.Action) -> list[str]:
    """The options that cannot be given with *action* (its mutually exclusive group)."""
    for group in parser._mutually_exclusive_groups:
        if action in group._group_actions:
            return [
                other.option_strings[0] for other in group._group_actions if other is not action
            ]
    return []


# -- docutils nodes ---------------------------------------------------------------------------


def _between(items: list[nodes.Node], separator: str) -> list[nodes.Node]:
    """*items* with a *separator* text between each two."""
    result: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            result.append(nodes.Text(separator))
        result.append(item)
    return result


def _literals(texts: list[str]) -> list[nodes.Node]:
    """``a``, ``b`` and ``c``, each as a literal."""
    result: list[nodes.Node] = []
    for index, text in enumerate(texts):
        if index:
            result.append(nodes.Text(" or " if index == len(texts) - 1 else ", "))
        result.append(nodes.literal("", text))
    return result


#: An option or a flag in a help text (``--jobs``, ``-o``), shown as code.
_OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def _prose(text: str) -> nodes.paragraph:
    """A paragraph of the parser's text, as ``--help`` prints it, its options as code.

    Not "smart": ``--in-place`` must not become an en dash, nor ``'`` a curly quote.
    """
    paragraph = nodes.paragraph()
    paragraph["support_smartquotes"] = False
    for index, piece in enumerate(_OPTION.split(text)):
        if piece:
            paragraph += nodes.literal("", piece) if index % 2 else nodes.Text(piece)
    return paragraph


def _console(text: str) -> nodes.literal_block:
    block = nodes.literal_block(text, text)
    block["language"] = "console"
    return block


def _arguments(parser: argparse.ArgumentParser) -> nodes.definition_list:
    """One entry per argument: how it is written, then its help, default, choices."""
    entries = nodes.definition_list(classes=["ngomodel-cli-arguments"])
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        definition = nodes.definition()
        definition += _prose(help_text(parser, action))
        details: list[nodes.Node] = []
        default = shown_default(action)
        if default is not None:
            details += [nodes.Text("Default: "), nodes.literal("", default), nodes.Text(". ")]
        if action.choices is not None:
            choices = [str(choice) for choice in action.choices]
            lead = "One of: " if len(choices) > 1 else "Only: "
            details += [nodes.Text(lead), *_literals(choices), nodes.Text(". ")]
        if isinstance(action, argparse._AppendAction):
            details.append(nodes.Text("May be given more than once. "))
        others = excluded(parser, action)
        if others:
            details += [nodes.Text("Not with "), *_literals(others), nodes.Text(".")]
        if details:
            definition += nodes.paragraph("", "", *details)
        forms = [nodes.literal("", form) for form in invocation(action)]
        term = nodes.term("", "", *_between(forms, ", "))
        entries += nodes.definition_list_item("", term, definition)
    return entries


class CliReference(SphinxDirective):
    """Insert one section per ``ngomodel`` command, read from the argument parser."""

    has_content = False

    def section(self, title: str, *children: nodes.Node) -> nodes.section:
        section = nodes.section()
        section += nodes.title("", "", nodes.literal("", title))
        # An explicit target, so that pages can refer to it: {ref}`ngomodel-validate`.
        section["names"].append(nodes.make_id(title))
        self.state.document.note_explicit_target(section, section)
        section.extend(children)
        return section

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(cli.__file__)
        parser = cli.build_parser()
        commands = subcommands(parser)
        listing = nodes.definition_list(classes=["ngomodel-cli-commands"])
        for name, (summary, _) in commands.items():
            term = nodes.term("", "", nodes.literal("", name))
            listing += nodes.definition_list_item("", term, nodes.definition("", _prose(summary)))
        result: list[nodes.Node] = [
            _prose(parser.description or ""),
            _console(usage(parser)),
            _arguments(parser),
            listing,
            _prose(parser.epilog or ""),
        ]
        for _, command in commands.values():
            children: list[nodes.Node] = [
                _prose(command.description or ""),
                _console(usage(command)),
                _arguments(command),
            ]
            if command.epilog:
                children.append(_console(command.epilog))
            result.append(self.section(command.prog, *children))
        return result


# -- runs -------------------------------------------------------------------------------------


def run_in_process(argv: list[str], folder: Path) -> tuple[str, int]:
    """Run ``ngomodel`` with *argv* in *folder*: what it wrote (both streams) and its status."""
    written = io.StringIO()
    previous = Path.cwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(written), contextlib.redirect_stderr(written):
            try:
                status = cli.main(argv)
            except SystemExit as stop:  # argparse ends a usage error this way
                status = stop.code if isinstance(stop.code, int) else 1
    finally:
        os.chdir(previous)
    return written.getvalue(), status


def _runnable(argv: list[str]) -> list[str]:
    """*argv*, with ``--jobs`` lowered to the cores of this machine if it has fewer.

    ``--jobs`` allows at most one worker per core; the report is the same whatever the
    number of workers (tests/test_cli.py proves it), so a build on a smaller machine
    shows what the page's command prints.
    """
    if "--jobs" not in argv:
        return argv
    at = argv.index("--jobs") + 1
    if at < len(argv) and argv[at].isdigit() and int(argv[at]) > cli._cores():
        return [*argv[:at], str(cli._cores()), *argv[at + 1 :]]
    return argv


def session(command: str, output: str, status: int) -> str:
    """A console session: the command, what it printed, and its exit status."""
    return f"$ ngomodel {command}\n{output}$ echo $?\n{status}"


class CliRun(SphinxDirective):
    """Run an ``ngomodel`` command line in the examples folder and show its output."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"status": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        command = self.arguments[0]
        argv = shlex.split(command)
        folder = Path(self.env.srcdir) / EXAMPLES
        for name in argv:
            if (folder / name).is_file():
                self.env.note_dependency(str(folder / name))
        self.env.note_dependency(cli.__file__)
        output, status = run_in_process(_runnable(argv), folder)
        expected = self.options.get("status")
        if expected is not None and status != expected:
            logger.warning(
                "`ngomodel %s` exited with status %s, not %s:\n%s",
                command,
                status,
                expected,
                output,
                location=self.get_location(),
            )
        return [_console(session(command, output, status))]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``ngomodel-cli-reference`` and ``ngomodel-run`` directives."""
    app.add_directive("ngomodel-cli-reference", CliReference)
    app.add_directive("ngomodel-run", CliRun)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
