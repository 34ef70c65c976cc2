"""SQLite transactions of one process take turns in the event loop, urgent ones first:
a webhook storing its event waits for the transaction in progress, not behind every
conversation queued, and never through SQLite's sleeping busy handler."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import OperationalError

from storage.db import create_engine, session_factory, unit_of_work
from storage.models import Contact
from storage.write_gate import WriteGate, urgent_writes


@contextlib.asynccontextmanager
async def _turn(gate: WriteGate) -> AsyncIterator[None]:
    await gate.acquire()
    try:
        yield
    finally:
        gate.release()


async def _hold(gate: WriteGate, order: list[str], name: str, release: asyncio.Event) -> None:
    async with _turn(gate):
        order.append(name)
        await release.wait()


async def _take(gate: WriteGate, order: list[str], name: str, *, urgent: bool = False) -> None:
    if urgent:
        with urgent_writes():
            async with _turn(gate):
                order.append(name)
    else:
        async with _turn(gate):
            order.append(name)


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_an_urgent_turn_goes_before_the_ones_already_waiting() -> None:
    gate, order, release = WriteGate(), [], asyncio.Event()
    holder = asyncio.create_task(_hold(gate, order, "holder", release))
    await _settle()
    waiting = [asyncio.create_task(_take(gate, order, f"job{i}")) for i in range(3)]
    await _settle()
    webhook = asyncio.create_task(_take(gate, order, "webhook", urgent=True))
    await _settle()
    assert order == ["holder"]  # everyone else waits for the turn in progress
    release.set()
    await asyncio.gather(holder, webhook, *waiting)
    assert order == ["holder", "webhook", "job0", "job1", "job2"]


async def test_a_waiter_cancelled_in_line_does_not_block_the_gate() -> None:
    gate, order, release = WriteGate(), [], asyncio.Event()
    holder = asyncio.create_task(_hold(gate, order, "holder", release))
    await _settle()
    gone = asyncio.create_task(_take(gate, order, "gone"))
    later = asyncio.create_task(_take(gate, order, "later"))
    await _settle()
    gone.cancel()
    await _settle()
    release.set()
    await asyncio.wait_for(asyncio.gather(holder, later), timeout=2)
    assert gone.cancelled()
    assert order == ["holder", "later"]


async def test_a_waiter_cancelled_as_its_turn_came_passes_the_turn_on() -> None:
    gate, order = WriteGate(), []
    line: list[asyncio.Task[None]] = []

    async def holder() -> None:
        async with _turn(gate):
            order.append("holder")
            await _settle()
        # The turn is now `unlucky`'s, which has not run yet: cancel it right there.
        line[0].cancel()

    first = asyncio.create_task(holder())
    await asyncio.sleep(0)
    line += [asyncio.create_task(_take(gate, order, name)) for name in ("unlucky", "later")]
    await asyncio.wait_for(asyncio.gather(first, line[1]), timeout=2)
    assert line[0].cancelled()
    assert order == ["holder", "later"]


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    shutil.copy(sqlite_template, tmp_path / "gate.db")
    return f"sqlite+aiosqlite:///{tmp_path / 'gate.db'}"


async def test_a_webhook_write_waits_for_one_transaction_not_for_the_line(sqlite_url: str) -> None:
    """Ten slow transactions are queued; the urgent one runs right after the first."""
    engine = create_engine(sqlite_url)
    sessions = session_factory(engine)
    order: list[str] = []

    async def conversation(name: str) -> None:
        async with unit_of_work(sessions) as session:
            session.add(Contact(language="fr", tags=[], extra={}))
            await session.flush()
            await asyncio.sleep(0.05)  # a conversation's work inside its transaction
            order.append(name)

    async def webhook() -> float:
        started = time.monotonic()
        with urgent_writes():
            async with unit_of_work(sessions) as session:
                await session.execute(insert(Contact).values(language="en", tags=[], extra={}))
                order.append("webhook")
        return time.monotonic() - started

    try:
        queued = [asyncio.create_task(conversation(f"c{i}")) for i in range(10)]
        await asyncio.sleep(0.01)
        waited = await webhook()
        await asyncio.gather(*queued)
        async with unit_of_work(sessions) as session:
            stored = await session.scalar(select(func.count()).select_from(Contact))
    finally:
        await engine.dispose()
    assert order[:2] == ["c0", "webhook"]
    assert stored == 11  # nothing failed with "database is locked"
    # One 50 ms transaction ahead of it, not ten (and no busy-handler sleeps).
    assert waited < 0.4


async def test_a_unit_of_work_opened_inside_another_does_not_wait_for_itself(
    sqlite_url: str,
) -> None:
    """The inner one meets SQLite's own lock (as it did before the gate) instead of
    hanging: the busy timeout turns it into an error the caller sees."""
    engine = create_engine(sqlite_url)
    sessions = session_factory(engine)

    async def nested() -> str:
        async with unit_of_work(sessions) as outer:
            await outer.execute(select(func.count()).select_from(Contact))
            try:
                async with unit_of_work(sessions) as inner:
                    await inner.execute(select(func.count()).select_from(Contact))
            except OperationalError:
                return "locked"
            return "inner ran"

    try:
        outcome = await asyncio.wait_for(nested(), timeout=30)
    finally:
        await engine.dispose()
    assert outcome == "locked"


async def test_a_streamed_transaction_after_the_request_committed_is_not_held_up(
    sqlite_url: str,
) -> None:
    """A request's session that has committed holds no turn, even while still open: a
    response streamed from another task can use the database (the contacts export)."""
    engine = create_engine(sqlite_url)
    sessions = session_factory(engine)

    async def streamed() -> int | None:
        async with unit_of_work(sessions) as session:
            return await session.scalar(select(func.count()).select_from(Contact))

    try:
        async with unit_of_work(sessions) as request:
            request.add(Contact(language="pt", tags=[], extra={}))
            await request.commit()
            counted = await asyncio.wait_for(asyncio.create_task(streamed()), timeout=10)
    finally:
        await engine.dispose()
    assert counted == 1
