"""Short units of work for the sender, retried while the database is briefly unreachable."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.logs import log_event
from storage.db import unit_of_work

T = TypeVar("T")
logger = logging.getLogger(__name__)

# Connection-level failures: the transaction did not happen, or its commit is unknown and
# every sender write is conditional, so running it again is safe.
TRANSIENT = (OperationalError, InterfaceError, OSError)


async def transact(
    sessions: async_sessionmaker[AsyncSession],
    job: Callable[[AsyncSession], Awaitable[T]],
    *,
    patience: float,
) -> T:
    """Run `job` in one unit of work, retrying transient failures for `patience` seconds.

    An outcome that is not recorded sends the row again once its lease runs out, so it is
    worth waiting out a database restart.
    """
    deadline = time.monotonic() + patience
    delay = 0.1
    while True:
        try:
            async with unit_of_work(sessions) as session:
                return await job(session)
        except TRANSIENT as error:
            if time.monotonic() + delay > deadline:
                raise
            log_event(logger, logging.WARNING, "sender.db_retry", error=type(error).__name__)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)
