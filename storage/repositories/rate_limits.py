"""Send-rate state shared by every sender process, so limits hold across restarts.

Each key (a channel, or one chat on a channel) keeps its recent sends as `[expires_at,
weight]` slots in epoch seconds. A send is granted only when the key's live weight plus its
own fits under the limit, so no span of `period` seconds ever holds more than `count` units;
a token bucket would let a full bucket burst on top of its refill. Rows are locked in key
order, so two senders asking for overlapping keys cannot deadlock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import RateLimitState
from storage.repositories._dialect import insert_ignoring_conflicts


@dataclass(frozen=True)
class Limit:
    """At most `count` units in any `period` seconds under `key`."""

    key: str
    count: int
    period: float


@dataclass(frozen=True)
class Decision:
    """Granted, or not before `ready_at` (epoch seconds) because of `blocked_by`."""

    granted: bool
    ready_at: float
    blocked_by: str | None = None


def _ready_at(state: RateLimitState, limit: Limit, weight: int, now: float) -> float:
    """When `weight` more units fit under `limit`: now, or when enough slots expire.

    A send heavier than the whole limit (a long SMS on a slow number) goes when the key is
    idle and then holds it for proportionally longer (see `_slot`).
    """
    ready = max(now, state.paused_until)
    live = sorted((expires, w) for expires, w in state.slots if expires > ready)
    used = sum(w for _, w in live)
    index = 0
    while used and used + weight > limit.count:
        expires, w = live[index]
        used, ready, index = used - w, expires, index + 1
    return ready


def _slot(limit: Limit, weight: int, now: float) -> list[float]:
    return [now + limit.period * max(1.0, weight / limit.count), float(weight)]


class RateLimitRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def acquire(
        self, limits: Sequence[Limit], weight: int, *, clock: Callable[[], float] = time.time
    ) -> Decision:
        """Take `weight` units under every limit at once, or none of them.

        The time is read after the rows are locked: a grant stamped before a wait for
        another sender's lock would expire too early.
        """
        states = await self._locked([limit.key for limit in limits], clock())
        now = clock()
        waits = {limit.key: _ready_at(states[limit.key], limit, weight, now) for limit in limits}
        blocked_by = max(waits, key=lambda key: waits[key])
        if waits[blocked_by] > now:
            return Decision(False, waits[blocked_by], blocked_by)
        for limit in limits:
            state = states[limit.key]
            live = [slot for slot in state.slots if slot[0] > now]
            state.slots = [*live, _slot(limit, weight, now)]
            state.updated_at = now
        await self.session.flush()
        return Decision(True, now)

    async def pause(self, key: str, *, until: float, now: float) -> None:
        """Nothing under `key` before `until` (the provider said to retry after)."""
        state = (await self._locked([key], now))[key]
        state.paused_until = max(state.paused_until, until)
        state.updated_at = now
        await self.session.flush()

    async def paused(self, keys: Sequence[str], *, now: float) -> dict[str, float]:
        """The keys paused at `now`, with the time each pause ends."""
        rows = await self.session.execute(
            select(RateLimitState.key, RateLimitState.paused_until).where(
                RateLimitState.key.in_(keys), RateLimitState.paused_until > now
            )
        )
        return {row.key: row.paused_until for row in rows}

    async def prune(self, *, before: float) -> int:
        """Forget keys unused since `before` (per-chat keys would otherwise pile up)."""
        result = await self.session.execute(
            delete(RateLimitState).where(
                RateLimitState.updated_at < before, RateLimitState.paused_until < before
            )
        )
        return result.rowcount or 0

    async def _locked(self, keys: list[str], now: float) -> dict[str, RateLimitState]:
        """The keys' rows, created if missing, locked until the transaction ends."""
        ordered = sorted(set(keys))
        states = await self._select_for_update(ordered)
        missing = [key for key in ordered if key not in states]
        if missing:
            for key in missing:
                await self.session.execute(
                    insert_ignoring_conflicts(
                        self.session,
                        RateLimitState,
                        key=key,
                        slots=[],
                        paused_until=0.0,
                        updated_at=now,
                    )
                )
            states.update(await self._select_for_update(missing))
        return states

    async def _select_for_update(self, keys: list[str]) -> dict[str, RateLimitState]:
        rows = await self.session.scalars(
            select(RateLimitState)
            .where(RateLimitState.key.in_(keys))
            .order_by(RateLimitState.key)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return {row.key: row for row in rows}
