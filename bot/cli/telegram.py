"""`frontdoor telegram set-webhook`: point Telegram at our webhook, with the secret token."""

from __future__ import annotations

import argparse
import asyncio

from bot.cli._common import CommandFailed, guarded, settings_or_fail
from channels.base import SendError
from channels.registry import build_adapters
from channels.telegram import TelegramAdapter

WEBHOOK_PATH = "/webhooks/telegram"


@guarded
def set_webhook(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    adapter = build_adapters(settings).get("telegram")
    if not isinstance(adapter, TelegramAdapter):
        raise CommandFailed("set FRONTDOOR_TELEGRAM_TOKEN and FRONTDOOR_TELEGRAM_SECRET first")
    url = f"{settings.public_url}{WEBHOOK_PATH}"

    async def register() -> None:
        try:
            await adapter.set_webhook(url, drop_pending_updates=args.drop_pending_updates)
        except SendError as error:
            raise CommandFailed(
                f"Telegram refused the webhook: {error.reason or error.code}"
            ) from None
        finally:
            await adapter.aclose()

    asyncio.run(register())
    print(f"Telegram will post updates to {url}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("telegram", help="Telegram bot settings")
    commands = parser.add_subparsers(dest="telegram_command", metavar="COMMAND", required=True)
    webhook = commands.add_parser(
        "set-webhook",
        help="register FRONTDOOR_PUBLIC_URL/webhooks/telegram with the secret token",
        description="Register the webhook (HTTPS public URL) with FRONTDOOR_TELEGRAM_SECRET.",
    )
    webhook.add_argument(
        "--drop-pending-updates",
        action="store_true",
        help="discard updates Telegram kept while no webhook answered",
    )
    webhook.set_defaults(handler=set_webhook)
