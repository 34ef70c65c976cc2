"""Running the sender: as its own process (`frontdoor sender`) or inside the web app.

In the web app's lifespan:

    sender = start_sender(state) if settings.sender_enabled else None
    ...
    if sender is not None:
        await sender.stop()
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.foreground import Foreground
from bot.logs import log_event
from bot.sender.config import SenderConfig
from bot.sender.worker import Sender
from bot.settings import Settings
from bot.state import AppState
from channels.redaction import RedactingFilter
from channels.registry import build_adapters
from storage.crypto import KeyRing

logger = logging.getLogger(__name__)


def build_sender(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    foreground: Foreground | None = None,
) -> Sender | None:
    """A sender for every channel with credentials; None when no channel has any."""
    config = SenderConfig.from_settings(settings)
    adapters = build_adapters(settings)
    if not adapters:
        return None
    return Sender(sessions, keyring, adapters, config, foreground=foreground)


def redact_adapter_secrets(sender: Sender) -> None:
    """Mask the adapters' tokens in every log line (Telegram's is in each API URL)."""
    secrets = [value for adapter in sender.adapters.values() for value in adapter.redact_values()]
    redactor = RedactingFilter(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)


class SenderTask:
    """A sender running as a task of the current event loop, stopped by draining."""

    def __init__(self, sender: Sender) -> None:
        self.sender = sender
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(sender.run_forever(self._stop), name="frontdoor-sender")

    async def stop(self) -> None:
        """Finish the sends in flight, give back the other claimed rows, close the pools."""
        self._stop.set()
        try:
            await self._task
        finally:
            await self.sender.aclose()


def start_sender(state: AppState) -> SenderTask | None:
    """Start the in-process sender on the app's engine (call inside the running loop);
    None when no channel is configured."""
    sender = build_sender(state.settings, state.sessions, state.keyring, state.foreground)
    if sender is None:
        log_event(logger, logging.INFO, "sender.idle", reason="no channel configured")
        return None
    redact_adapter_secrets(sender)
    return SenderTask(sender)
