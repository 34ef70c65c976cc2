"""Work the web process does in the background: replaying the spool and retrying
unhandled inbound events, the broadcasts' clock, keeping SQLite's query statistics
fresh, and (unless told not to) the sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.broadcasts.runner import BroadcastRunner, RunnerTask
from bot.inbound import InboundService
from bot.logs import log_event
from bot.sender.service import SenderTask, start_sender
from bot.state import AppState
from storage.db import refresh_statistics

logger = logging.getLogger("frontdoor.background")
RETRY_INTERVAL_SECONDS = 10.0
# Tables grow from empty, and the outbox by a whole broadcast at once: statistics taken
# a few minutes ago can already mislead the planner. Sampled, so each refresh is quick.
STATISTICS_INTERVAL_SECONDS = 300.0


async def _retry_inbound(service: InboundService, interval: float) -> None:
    while True:
        try:
            await service.process_pending()
        except Exception as error:  # the database may be down: try again next round
            log_event(logger, logging.WARNING, "inbound_retry_failed", error=type(error).__name__)
        await asyncio.sleep(interval)


async def _refresh_statistics(state: AppState, interval: float) -> None:
    while True:
        try:
            await refresh_statistics(state.engine)
        except Exception as error:  # busy or down: the planner keeps the last statistics
            log_event(logger, logging.WARNING, "statistics_failed", error=type(error).__name__)
        await asyncio.sleep(interval)


class Background:
    """Starts with the app's lifespan and stops with it."""

    def __init__(self, state: AppState, interval: float = RETRY_INTERVAL_SECONDS) -> None:
        self.state = state
        self.interval = interval
        self._retry: asyncio.Task[None] | None = None
        self._statistics: asyncio.Task[None] | None = None
        self._sender: SenderTask | None = None
        self._broadcasts: RunnerTask | None = None

    def start(self) -> None:
        service = InboundService(self.state)
        self._retry = asyncio.create_task(_retry_inbound(service, self.interval))
        self._statistics = asyncio.create_task(
            _refresh_statistics(self.state, STATISTICS_INTERVAL_SECONDS)
        )
        self._broadcasts = RunnerTask(
            BroadcastRunner(self.state.sessions, self.state.keyring, self.state.adapters)
        )
        if self.state.settings.sender_enabled:
            self._sender = start_sender(self.state)

    async def stop(self) -> None:
        for task in (self._retry, self._statistics):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._broadcasts is not None:
            await self._broadcasts.stop()
        if self._sender is not None:
            await self._sender.stop()
