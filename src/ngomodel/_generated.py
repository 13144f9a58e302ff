"""The command of a module that writes generated files: ``--write DIR`` or ``--check DIR``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def write_or_check(
    argv: list[str] | None,
    module: str,
    write: Callable[[str], list[Path]],
    differences: Callable[[str], list[str]],
    hint: str | None = None,
) -> int:
    """Run ``python -m <module> --write DIR | --check DIR``.

    ``--write`` prints each file written; ``--check`` prints each difference (and *hint*,
    on standard error, when there is one) and exits 1 if there is any.
    """
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in ("--write", "--check"):
        print(f"usage: python -m {module} --write DIR | --check DIR", file=sys.stderr)
        return 2
    if args[0] == "--write":
        for path in write(args[1]):
            print(path)
        return 0
    problems = differences(args[1])
    for line in problems:
        print(line)
    if problems and hint:
        print(hint, file=sys.stderr)
    return 1 if problems else 0
