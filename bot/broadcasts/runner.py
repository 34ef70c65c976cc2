"""The broadcasts' clock: starts scheduled broadcasts when due, enqueues the ones sending,
and marks them done when every row has its outcome.

It knows the channels with credentials: only contacts reachable on one are enqueued,
and rows left waiting on a channel that was switched off since fail with
`channel_off` instead of holding the broadcast open for ever.

It runs in the web process (`bot/background.py`) and in `frontdoor sender`; several may
run at once, because every step locks the broadcast and re-reads it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcasts.enqueue import enqueue
from bot.logs import log_event
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import utcnow
from storage.repositories.broadcasts import BroadcastRepository

logger = logging.getLogger("bot.broadcasts")
TICK_SECONDS = 1.0
NOT_CONFIGURED = "channel_off"  # fits messages.error_code (16)


class BroadcastRunner:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        keyring: KeyRing,
        channels: Collection[str],
        interval: float = TICK_SECONDS,
    ) -> None:
        self.sessions = sessions
        self.keyring = keyring
        self.channels = frozenset(channels)
        self.interval = interval

    async def tick(self, stop: asyncio.Event | None = None) -> None:
        """One round: start what is due, enqueue what is sending (until `stop`), close
        what is finished."""
        await self._start_due()
        async with unit_of_work(self.sessions) as session:
            sending = [
                (b.id, b.enqueued_at is not None)
                for b in await BroadcastRepository(session).sending()
            ]
        for broadcast_id, enqueued in sending:
            if not enqueued:
                written = await enqueue(
                    self.sessions, self.keyring, broadcast_id, stop=stop, channels=self.channels
                )
                log_event(
                    logger,
                    logging.INFO,
                    "broadcast.enqueued",
                    broadcast_id=str(broadcast_id),
                    rows=written,
                )
            await self._fail_unsendable(broadcast_id)
            await self._finish_if_done(broadcast_id)

    async def run_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.tick(stop)
            except Exception as error:  # the database may be down: try again next round
                log_event(
                    logger, logging.WARNING, "broadcast.tick_failed", error=type(error).__name__
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.interval)

    async def _start_due(self) -> None:
        now = utcnow()
        async with unit_of_work(self.sessions) as session:
            repository = BroadcastRepository(session)
            for broadcast_id in await repository.due(now):
                broadcast = await repository.lock(broadcast_id)
                if broadcast is not None and broadcast.status == "scheduled":
                    broadcast.status, broadcast.started_at = "sending", now
                    log_event(
                        logger, logging.INFO, "broadcast.started", broadcast_id=str(broadcast_id)
                    )
            await session.flush()

    async def _fail_unsendable(self, broadcast_id: uuid.UUID) -> None:
        async with unit_of_work(self.sessions) as session:
            repository = BroadcastRepository(session)
            broadcast = await repository.lock(broadcast_id)
            if broadcast is None or broadcast.status != "sending":
                return
            failed = await repository.fail_unsendable(
                broadcast_id, self.channels, code=NOT_CONFIGURED, now=utcnow()
            )
        if failed:
            log_event(
                logger,
                logging.WARNING,
                "broadcast.unsendable",
                broadcast_id=str(broadcast_id),
                rows=failed,
                reason=NOT_CONFIGURED,
            )

    async def _finish_if_done(self, broadcast_id: uuid.UUID) -> None:
        async with unit_of_work(self.sessions) as session:
            repository = BroadcastRepository(session)
            broadcast = await repository.lock(broadcast_id)
            if (
                broadcast is None
                or broadcast.status != "sending"
                or broadcast.enqueued_at is None
                or await repository.waiting(broadcast_id)
            ):
                return
            broadcast.status, broadcast.finished_at = "done", utcnow()
            await session.flush()
        log_event(logger, logging.INFO, "broadcast.done", broadcast_id=str(broadcast_id))


class RunnerTask:
    """The runner as a task of the current event loop."""

    def __init__(self, runner: BroadcastRunner) -> None:
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(
            runner.run_forever(self._stop), name="frontdoor-broadcasts"
        )

    async def stop(self) -> None:
        """Let the current batch commit (or roll back), then stop."""
        self._stop.set()
        await self._task
