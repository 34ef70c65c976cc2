"""`frontdoor db upgrade`: apply the migrations to the configured database."""

from __future__ import annotations

import argparse
import asyncio

from bot.cli._common import check_database, guarded, safe_url, settings_or_fail
from storage.db import create_engine, refresh_statistics
from storage.migrate import upgrade


@guarded
def db_upgrade(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    check_database(settings)
    upgrade(settings.database_url, args.revision)
    asyncio.run(_analyse(settings.database_url))
    print(f"database {safe_url(settings.database_url)} is at {args.revision}")
    return 0


async def _analyse(url: str) -> None:
    """A database brought up to date starts with fresh planner statistics."""
    engine = create_engine(url)
    try:
        await refresh_statistics(engine)
    finally:
        await engine.dispose()


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="database maintenance")
    commands = parser.add_subparsers(dest="db_command", metavar="COMMAND", required=True)
    up = commands.add_parser(
        "upgrade",
        help="apply the migrations",
        description="Apply the Alembic migrations (default: all).",
    )
    up.add_argument("revision", nargs="?", default="head", help="target revision (default: head)")
    up.set_defaults(handler=db_upgrade)
