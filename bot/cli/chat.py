"""`frontdoor chat`: talk to the bot in the terminal, through the same engine and database."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from bot.cli._common import guarded, settings_or_fail
from bot.state import AppState
from intake.conversation.engine import IncomingText
from intake.conversation.service import converse


async def _chat(state: AppState, user: str, language: str | None) -> None:
    loop = asyncio.get_running_loop()
    print("Frontdoor chat. Write a message; an empty line or Ctrl-D ends.", file=sys.stderr)
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line or not line.strip():
            return
        handled = await converse(
            state.sessions,
            state.conversations,
            IncomingText("terminal", user, line.rstrip("\n"), language_hint=language),
        )
        for reply in handled.replies:
            print(f"bot> {reply}", flush=True)


@guarded
def chat(args: argparse.Namespace) -> int:
    settings = settings_or_fail()

    async def run() -> None:
        state = AppState.build(settings)
        try:
            await _chat(state, args.user, args.language)
        finally:
            await state.close()

    asyncio.run(run())
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "chat",
        help="talk to the bot in the terminal",
        description="Talk to the bot as a community member would; one line is one message.",
    )
    parser.add_argument("--language", metavar="L", help="language hint (en, fr, es, pt)")
    parser.add_argument(
        "--user",
        default=f"terminal-{getpass.getuser()}",
        help="who you are in the conversation (default: your login)",
    )
    parser.set_defaults(handler=chat)
