"""Where stored inbound events wait between their 2xx and their processing.

A webhook answers as soon as its event is stored; the conversation runs afterwards, here.
Only a few run at once (one on SQLite): each holds a database connection for its whole
transaction, and the webhooks storing new events need connections too. Each first waits
for a moment with no webhook answer in progress (`bot.foreground`). One sender's events
run one after the other, in the order they were stored, as they did when each ran inside
its request. An event that never gets its turn (a crash, a shutdown) stays unhandled in
the database, and the background retry loop takes it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.foreground import Foreground
from storage.models import utcnow

# SQLite writes one transaction at a time: more jobs at once would only wait for its lock,
# and take CPU from the answers meanwhile.
SQLITE_CONCURRENCY = 1
CONCURRENCY = 4
# How long a stopping app lets the jobs in line finish.
DRAIN_SECONDS = 5.0


class InboundQueue:
    def __init__(self, foreground: Foreground, concurrency: int = CONCURRENCY) -> None:
        self.foreground = foreground
        self._slots = asyncio.Semaphore(concurrency)
        # The last job of each sender: the next one starts after it.
        self._tails: dict[str, asyncio.Task[None]] = {}
        self._joined: dict[asyncio.Task[None], datetime] = {}

    def submit(self, key: str, job: Callable[[], Awaitable[None]]) -> asyncio.Task[None]:
        """Run `job` after the jobs already submitted under `key`; its task."""
        previous = self._tails.get(key)
        task = asyncio.create_task(self._run(previous, job))
        self._tails[key] = task
        self._joined[task] = utcnow()
        task.add_done_callback(lambda done: self._forget(key, done))
        return task

    def oldest(self) -> datetime | None:
        """When the longest-waiting job joined; None when the line is empty."""
        return min(self._joined.values(), default=None)

    async def idle(self) -> None:
        """Wait until every job submitted so far is done."""
        await asyncio.gather(*self._joined, return_exceptions=True)

    async def drain(self, timeout: float) -> None:
        """Let the jobs in line finish for up to `timeout` seconds, then cancel the rest:
        their events stay unhandled for the retry loop of the next start."""
        tasks = list(self._joined)
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _run(
        self, previous: asyncio.Task[None] | None, job: Callable[[], Awaitable[None]]
    ) -> None:
        if previous is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(previous)
        async with self._slots:
            await self.foreground.step_aside()
            await job()

    def _forget(self, key: str, task: asyncio.Task[None]) -> None:
        self._joined.pop(task, None)
        if self._tails.get(key) is task:
            del self._tails[key]
