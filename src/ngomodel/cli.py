"""The ``ngomodel`` command line (also ``python -m ngomodel``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ngomodel._reference import reference_dataset
from ngomodel._summary import summarize

__all__ = ["main"]


def _demo(_: argparse.Namespace) -> int:
    dataset = reference_dataset()
    print(summarize(dataset))
    print()
    print(
        f"The reference dataset loaded and validated: {sum(1 for _ in dataset.entities())} "
        "entities, no problems."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``ngomodel`` command."""
    parser = argparse.ArgumentParser(
        prog="ngomodel",
        description="Work with data about NGO cooperation networks.",
        epilog="Example: ngomodel demo",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="load, validate and summarise the reference dataset",
        description="Load the reference dataset shipped with ngomodel, validate it and "
        "print a summary.",
        epilog="Example: ngomodel demo",
    )
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` by default.

    Returns:
        The exit status: 0 success, 1 invalid data, 2 usage or I/O error.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    status: int = args.run(args)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
