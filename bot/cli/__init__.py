"""The `frontdoor` command line: one module per command group, each with `register()`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module adds its sub-commands through `register(subparsers)`; a handler returns an exit code.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.cli.serve",
    "bot.cli.db",
    "bot.cli.users",
    "bot.cli.keys",
    "bot.cli.sender",
    "bot.cli.chat",
    "bot.cli.demo",
    "bot.cli.classify",
    "bot.cli.telegram",
    "bot.cli.contacts",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every command group registered."""
    parser = argparse.ArgumentParser(
        prog="frontdoor",
        description="Frontdoor: the chat-bot front door of the Community Resource Exchange.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `frontdoor` console script."""
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
