"""The sender's units of work: short, after the webhook answers in progress, and retried
while the database is briefly unreachable."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.foreground import Foreground
from bot.logs import log_event
from storage.db import unit_of_work

T = TypeVar("T")
logger = logging.getLogger("bot.sender")

# Connection-level failures: the transaction did not happen, or its commit is unknown and
# every sender write is conditional, so running it again is safe.
TRANSIENT = (OperationalError, InterfaceError, OSError)


class SenderDatabase:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], foreground: Foreground | None = None
    ) -> None:
        self.sessions = sessions
        # Inside the web app: webhook answers go before each of our transactions. (On
        # SQLite, `unit_of_work` also makes them take turns: `storage.write_gate`.)
        self.foreground = foreground

    async def run(self, job: Callable[[AsyncSession], Awaitable[T]], *, patience: float) -> T:
        """Run `job` in one unit of work, retrying transient failures for `patience` s.

        An outcome that is not recorded sends the row again once its lease runs out, so
        it is worth waiting out a database restart.
        """
        deadline = time.monotonic() + patience
        delay = 0.1
        while True:
            if self.foreground is not None:
                await self.foreground.step_aside()
            try:
                async with unit_of_work(self.sessions) as session:
                    return await job(session)
            except TRANSIENT as error:
                if time.monotonic() + delay > deadline:
                    raise
                log_event(logger, logging.WARNING, "sender.db_retry", error=type(error).__name__)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
