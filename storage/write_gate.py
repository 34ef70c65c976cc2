"""One SQLite transaction at a time within a process, the urgent ones first.

SQLite has one writer, and every transaction here starts with `BEGIN IMMEDIATE`: two
transactions of one process on two connections take turns through SQLite's busy handler,
which polls with sleeps that grow to 100 ms. A webhook that needs a moment to store its
event then sleeps through the end of the conversation ahead of it, and may lose the race
to the next one: answers took hundreds of milliseconds while the process sat idle. The
gate makes the same turns in the event loop instead: a connection taken from the engine's
pool waits for its turn and gives it back with the connection, so the next transaction
starts as soon as the last one ends, and one marked urgent (a provider waiting for our
answer) goes before the ones that can wait. Other processes still meet the busy handler.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections import deque
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_
from sqlalchemy.util.concurrency import in_greenlet

_urgent: contextvars.ContextVar[bool] = contextvars.ContextVar("urgent_writes", default=False)
# Set on a pooled connection's record while it holds its process's turn.
_HOLDS_TURN = "frontdoor_write_turn"


@contextlib.contextmanager
def urgent_writes() -> Iterator[None]:
    """Transactions started inside go ahead of the others waiting at the gate."""
    token = _urgent.set(True)
    try:
        yield
    finally:
        _urgent.reset(token)


class WriteGate:
    def __init__(self) -> None:
        self._held = False
        self._holder: asyncio.Task[Any] | None = None
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._waiting: deque[asyncio.Future[None]] = deque()

    def holds(self, task: asyncio.Task[Any] | None) -> bool:
        """Whether `task` holds the gate: a second connection it takes meets SQLite's own
        lock, as before, rather than waiting for itself forever."""
        return task is not None and task is self._holder

    async def acquire(self) -> None:
        """Wait for the turn: urgent callers first, each line in arrival order."""
        task = asyncio.current_task()
        if not self._held:
            self._held, self._holder = True, task
            return
        line = self._urgent if _urgent.get() else self._waiting
        turn = asyncio.get_running_loop().create_future()
        line.append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.release()  # handed over just as the wait was cancelled: pass it on
            else:
                line.remove(turn)
            raise
        self._holder = task

    def release(self) -> None:
        """Hand the turn to the first one waiting (still held), or open the gate."""
        self._holder = None
        for line in (self._urgent, self._waiting):
            while line:
                turn = line.popleft()
                if not turn.done():
                    turn.set_result(None)
                    return
        self._held = False


def gate_connections(engine: AsyncEngine) -> None:
    """Make the connections of `engine`'s pool take turns, from checkout to checkin.

    The pool lends a connection for one transaction (a unit of work, a migration, a
    health check) and takes it back at its end, so the turn lasts exactly as long as the
    transaction. Outside the event loop (no greenlet to wait in) a connection goes
    straight on to SQLite's lock.
    """
    gate = WriteGate()

    def checkout(_dbapi: object, record: Any, _proxy: object) -> None:
        if not in_greenlet() or gate.holds(asyncio.current_task()):
            return
        await_(gate.acquire())
        record.info[_HOLDS_TURN] = True

    def checkin(_dbapi: object, record: Any) -> None:
        if record is not None and record.info.pop(_HOLDS_TURN, False):
            gate.release()

    event.listen(engine.sync_engine, "checkout", checkout)
    event.listen(engine.sync_engine, "checkin", checkin)
