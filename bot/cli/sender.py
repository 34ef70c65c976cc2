"""`frontdoor sender`: the outbound sender alone (run several against PostgreSQL)."""

from __future__ import annotations

import argparse
import asyncio
import signal

from bot.broadcasts.runner import BroadcastRunner
from bot.cli._common import CommandFailed, check_database, guarded, settings_or_fail
from bot.logs import configure_logging
from bot.sender import build_sender
from bot.sender.service import redact_adapter_secrets
from bot.settings import Settings
from bot.state import AppState


async def _run(settings: Settings) -> None:
    state = AppState.build(settings)
    try:
        sender = build_sender(settings, state.sessions, state.keyring)
        if sender is None:
            raise CommandFailed(
                "no channel is configured: set FRONTDOOR_TELEGRAM_TOKEN and "
                "FRONTDOOR_TELEGRAM_SECRET, or the FRONTDOOR_TWILIO_* settings"
            )
        redact_adapter_secrets(sender)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        # The first SIGTERM drains: sends in flight finish, claimed rows go back.
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        # Scheduled broadcasts start, and enqueue, with only this process running.
        broadcasts = BroadcastRunner(state.sessions, state.keyring, sender.adapters)
        try:
            await asyncio.gather(sender.run_forever(stop), broadcasts.run_forever(stop))
        finally:
            await sender.aclose()
    finally:
        await state.close()


@guarded
def sender(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    configure_logging(settings.log_level)
    check_database(settings)
    asyncio.run(_run(settings))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sender",
        help="send the outbox (alone; several may run against PostgreSQL)",
        description="Send queued messages through the configured channels until SIGTERM.",
    )
    parser.set_defaults(handler=sender)
