"""`frontdoor demo`: load demo queues, staff accounts and cases."""

from __future__ import annotations

import argparse
import asyncio

from bot.cli._common import check_database, guarded, settings_or_fail
from bot.demo import DEMO_PASSWORD, STAFF, load_demo
from bot.state import AppState


@guarded
def demo(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    check_database(settings)

    async def run():  # type: ignore[no-untyped-def]
        state = AppState.build(settings)
        try:
            return await load_demo(state, if_empty=args.if_empty)
        finally:
            await state.close()

    report = asyncio.run(run())
    if report.created:
        print(f"demo data loaded: cases {', '.join(report.references)}")
    print(f"console demo login: {STAFF[0][0]} / {DEMO_PASSWORD}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="load demo users, queues and cases",
        description="Load demo queues, staff accounts and cases in four languages.",
    )
    parser.add_argument(
        "--if-empty",
        action="store_true",
        help="do nothing if staff accounts already exist (used by make run)",
    )
    parser.set_defaults(handler=demo)
