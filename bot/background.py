"""Work the web process does in the background: replaying the spool and retrying
unhandled inbound events, the broadcasts' clock, and (unless told not to) the sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.broadcasts.runner import BroadcastRunner, RunnerTask
from bot.inbound import InboundService
from bot.logs import log_event
from bot.sender.service import SenderTask, start_sender
from bot.state import AppState

logger = logging.getLogger("frontdoor.background")
RETRY_INTERVAL_SECONDS = 10.0


async def _retry_inbound(service: InboundService, interval: float) -> None:
    while True:
        try:
            await service.process_pending()
        except Exception as error:  # the database may be down: try again next round
            log_event(logger, logging.WARNING, "inbound_retry_failed", error=type(error).__name__)
        await asyncio.sleep(interval)


class Background:
    """Starts with the app's lifespan and stops with it."""

    def __init__(self, state: AppState, interval: float = RETRY_INTERVAL_SECONDS) -> None:
        self.state = state
        self.interval = interval
        self._retry: asyncio.Task[None] | None = None
        self._sender: SenderTask | None = None
        self._broadcasts: RunnerTask | None = None

    def start(self) -> None:
        service = InboundService(self.state)
        self._retry = asyncio.create_task(_retry_inbound(service, self.interval))
        self._broadcasts = RunnerTask(BroadcastRunner(self.state.sessions, self.state.keyring))
        if self.state.settings.sender_enabled:
            self._sender = start_sender(self.state)

    async def stop(self) -> None:
        if self._retry is not None:
            self._retry.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._retry
        if self._broadcasts is not None:
            await self._broadcasts.stop()
        if self._sender is not None:
            await self._sender.stop()
