"""Rate-limit state in the database: every window under the limit, across restarts."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import create_engine, session_factory, unit_of_work
from storage.repositories.rate_limits import (
    IN_FLIGHT_POLL,
    Decision,
    Ended,
    Limit,
    RateLimitRepository,
)

_keys = itertools.count()
HOLD = 20.0  # the worst case a call is in flight


async def acquire(
    sessions: async_sessionmaker[AsyncSession], limits: Sequence[Limit], at: float, weight: int = 1
) -> Decision:
    """Ask for a slot at `at`; when granted, the call takes no time (settled at once)."""
    async with unit_of_work(sessions) as session:
        repository = RateLimitRepository(session)
        decision = await repository.acquire(limits, weight, hold=HOLD, clock=lambda: at)
        if decision.granted:
            ended = Ended(tuple(limits), decision.token, weight, at)
            await repository.settle([ended], clock=lambda: at)
        return decision


async def test_no_more_than_count_in_any_period(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    limit = Limit("telegram", 3, 1.0)
    assert [(await acquire(sessions, [limit], 100.0)).granted for _ in range(3)] == [True] * 3
    refused = await acquire(sessions, [limit], 100.5)
    assert (refused.granted, refused.ready_at, refused.blocked_by) == (False, 101.0, limit)
    assert (await acquire(sessions, [limit], 101.0)).granted


async def test_every_limit_or_none_and_a_busy_chat_does_not_spend_the_channel(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    channel = Limit("telegram", 2, 1.0)

    def chat(name: str) -> list[Limit]:
        return [channel, Limit("telegram", 1, 1.0, scope=f"chat:{name}")]

    assert (await acquire(sessions, chat("a"), 10.0)).granted
    busy = await acquire(sessions, chat("a"), 10.1)
    assert (busy.granted, busy.blocked_by, busy.ready_at) == (False, chat("a")[1], 11.0)
    # The refused request took nothing: the channel still has one slot for another chat.
    assert (await acquire(sessions, chat("b"), 10.2)).granted
    full = await acquire(sessions, chat("c"), 10.3)
    assert (full.granted, full.blocked_by) == (False, channel)


async def test_a_pause_holds_the_key_and_a_heavy_send_holds_it_longer(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    limit = Limit("sms", 1, 1.0)
    async with unit_of_work(sessions) as session:
        await RateLimitRepository(session).pause("sms", until=50.0, now=40.0)
    async with unit_of_work(sessions) as session:
        assert await RateLimitRepository(session).paused(["sms", "telegram"], now=45.0) == {
            "sms": 50.0
        }
    assert (await acquire(sessions, [limit], 45.0)).ready_at == 50.0
    # Three segments on a one-segment-a-second number: sent at once, then nothing for 3 s.
    assert (await acquire(sessions, [limit], 50.0, weight=3)).granted
    assert (await acquire(sessions, [limit], 51.0)).ready_at == 53.0


async def test_a_slot_is_held_while_its_call_is_in_flight(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    limit = Limit("telegram", 1, 1.0)
    async with unit_of_work(sessions) as session:
        grant = await RateLimitRepository(session).acquire([limit], 1, hold=HOLD, clock=lambda: 0)
    # The call is slow: one period after the grant the slot is still taken; ask again soon.
    waiting = await acquire(sessions, [limit], 1.5)
    assert not waiting.granted and waiting.ready_at == 1.5 + IN_FLIGHT_POLL
    # The call ends at 2.0; the next grant writes that (here a refused one, at 2.5).
    ended = Ended((limit,), grant.token, 1, 2.0)
    async with unit_of_work(sessions) as session:
        refused = await RateLimitRepository(session).acquire(
            [limit], 1, hold=HOLD, ended=[ended], clock=lambda: 2.5
        )
    # The provider had the request before we had its answer: one period after that.
    assert refused.ready_at == 3.0
    assert (await acquire(sessions, [limit], 3.0)).granted


async def test_the_state_outlives_the_process(db_url: str) -> None:
    limit = Limit("whatsapp", 1, 60.0)
    for attempt in range(2):  # a fresh engine each time, as after a restart
        engine = create_engine(db_url)
        try:
            decision = await acquire(session_factory(engine), [limit], 1000.0 + attempt)
        finally:
            await engine.dispose()
        assert decision.granted is (attempt == 0)


def _max_in_any_period(sends: list[tuple[float, int]], period: float) -> int:
    return max(
        sum(weight for at, weight in sends if start <= at < start + period) for start, _ in sends
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    count=st.integers(1, 5),
    requests=st.lists(
        st.tuples(st.floats(0, 3, allow_nan=False), st.integers(1, 5)), min_size=1, max_size=25
    ),
)
def test_granted_sends_never_exceed_the_limit(
    db_url: str, count: int, requests: list[tuple[float, int]]
) -> None:
    limit = Limit(f"key-{next(_keys)}", count, 1.0)

    async def run() -> list[tuple[float, int]]:
        engine = create_engine(db_url)
        sessions = session_factory(engine)
        granted: list[tuple[float, int]] = []
        clock = 0.0  # one clock, never going back, as for senders on one host
        try:
            for at, weight in sorted(requests):
                weight = min(weight, count)
                clock = max(clock, at)
                decision = await acquire(sessions, [limit], clock, weight)
                while not decision.granted:
                    clock = decision.ready_at
                    decision = await acquire(sessions, [limit], clock, weight)
                granted.append((clock, weight))
        finally:
            await engine.dispose()
        return granted

    granted = asyncio.run(run())
    assert _max_in_any_period(granted, 1.0) <= count
