"""Webhook answers go first: work that can wait steps aside while one is in progress.

A provider waits for our answer (Twilio gives up after 15 s and does not retry a 5xx),
while the conversation behind a message and the sending of replies can run a moment
later. In one process they share one CPU (and on SQLite one writer): without an order,
an answer queues behind them as soon as messages come faster than they are processed.
Work that can wait calls `step_aside` before each transaction: it waits for a moment
with no answer in progress, but never longer than its patience, so a flood slows it down
and never stops it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

from storage.write_gate import urgent_writes

PATIENCE = 0.5


class Foreground:
    def __init__(self) -> None:
        self._answering = 0
        self._quiet = asyncio.Event()
        self._quiet.set()

    @contextlib.contextmanager
    def answering(self) -> Iterator[None]:
        """Around the part of a webhook that comes before its answer."""
        self._answering += 1
        self._quiet.clear()
        try:
            with urgent_writes():
                yield
        finally:
            self._answering -= 1
            if not self._answering:
                self._quiet.set()

    async def step_aside(self, patience: float = PATIENCE) -> None:
        """Wait until no answer is in progress, or `patience` seconds at most."""
        if self._quiet.is_set():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._quiet.wait(), patience)
