"""Where stored inbound events wait between their 2xx and their processing.

A webhook answers as soon as its event is stored; the conversation runs afterwards, here.
Only a few run at once (one on SQLite): each holds a database connection for its whole
transaction, and the webhooks storing new events need connections too. Each first waits
for a moment with no webhook answer in progress (`bot.foreground`). One sender's events
run one after the other, in the order they were stored, as they did when each ran inside
its request. An event that never gets its turn (a crash, a shutdown) stays unhandled in
the database, and the background retry loop takes it.

Under a flood thousands of jobs wait here. Each waits as one small entry in its sender's
line, run by one of a few workers: not as a task of its own, whose coroutine, context
and closures (about 35 objects a job, 120,000 in `bench/inbound.py`) every full pass of
the garbage collector walked while webhook answers waited for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.foreground import Foreground
from bot.logs import log_event
from storage.models import utcnow

logger = logging.getLogger("frontdoor.inbound")

# SQLite writes one transaction at a time: more jobs at once would only wait for its lock,
# and take CPU from the answers meanwhile.
SQLITE_CONCURRENCY = 1
CONCURRENCY = 4
# How long a stopping app lets the jobs in line finish.
DRAIN_SECONDS = 5.0

Job = Callable[[], Awaitable[None]]


class InboundQueue:
    def __init__(self, foreground: Foreground, concurrency: int = CONCURRENCY) -> None:
        self.foreground = foreground
        self._concurrency = concurrency
        # Each sender's jobs not started yet, oldest first, with when each joined.
        self._lines: dict[str, deque[tuple[datetime, Job]]] = {}
        # Senders whose next job may start (none of theirs is running), in turn order.
        self._ready: deque[str] = deque()
        # Senders with a job running, and when that job joined.
        self._running: dict[str, datetime] = {}
        self._workers: set[asyncio.Task[None]] = set()
        self._empty = asyncio.Event()
        self._empty.set()

    def submit(self, key: str, job: Job) -> None:
        """Run `job` after the jobs already submitted under `key`."""
        line = self._lines.get(key)
        if line is None:
            line = self._lines[key] = deque()
            if key not in self._running:
                self._ready.append(key)
        line.append((utcnow(), job))
        self._empty.clear()
        if len(self._workers) < min(self._concurrency, len(self._ready)):
            self._workers.add(asyncio.create_task(self._work()))

    def oldest(self) -> datetime | None:
        """When the longest-waiting job joined; None when the line is empty."""
        heads = (line[0][0] for line in self._lines.values())
        return min((*heads, *self._running.values()), default=None)

    async def idle(self) -> None:
        """Wait until every job submitted so far, and any submitted meanwhile, is done."""
        await self._empty.wait()

    async def drain(self, timeout: float) -> None:
        """Let the jobs in line finish for up to `timeout` seconds, then cancel the rest:
        their events stay unhandled for the retry loop of the next start."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._empty.wait(), timeout)
        self._lines.clear()
        self._ready.clear()
        workers = list(self._workers)
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        self._running.clear()
        self._empty.set()

    async def _work(self) -> None:
        try:
            await self._run_ready()
        finally:
            # Here, not in a done callback: a job submitted between this worker's last
            # look and that callback would find it still counted and wait for nobody.
            self._workers.discard(asyncio.current_task())  # type: ignore[arg-type]

    async def _run_ready(self) -> None:
        while self._ready:
            key = self._ready.popleft()
            line = self._lines[key]
            joined, job = line.popleft()
            if not line:
                del self._lines[key]
            self._running[key] = joined
            try:
                await self.foreground.step_aside()
                await job()
            except Exception as error:  # the event stays unhandled for the retry loop
                log_event(logger, logging.ERROR, "inbound_job_failed", error=type(error).__name__)
            finally:
                del self._running[key]
            if key in self._lines:
                self._ready.append(key)
            elif not self._lines and not self._running:
                self._empty.set()
