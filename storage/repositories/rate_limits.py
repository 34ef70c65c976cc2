"""Send-rate state shared by every sender process, so limits hold across restarts.

One row per key (a channel) keeps its recent sends as slots `[expires_at, weight, token,
scope]` in epoch seconds; `scope` is "" for the channel's own limit, or names a narrower
limit inside it (one chat), so a send is checked against both with one row lock. A send is
granted only when every limit's live weight plus its own fits. While the call is in
flight its slots are held for the worst case (`hold`, the send timeout); once the call is
over, they are settled to expire one period after the call ended (with the next grant, or
by `settle`). The provider received the request before we got its answer, so the next send
in that slot reaches it at least one period later: no span of `period` seconds at the
provider ever holds more than `count` units, whatever the network jitter.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import RateLimitState
from storage.repositories._dialect import insert_ignoring_conflicts

# How soon to ask again when the slot in the way belongs to a call still in flight: its
# recorded expiry is then only the worst case.
IN_FLIGHT_POLL = 0.02

Clock = Callable[[], float]
Slot = list  # [expires_at, weight, token, scope]


@dataclass(frozen=True)
class Limit:
    """At most `count` units in any `period` seconds under `key`, or, with a `scope`,
    under that part of it (one chat of a channel)."""

    key: str
    count: int
    period: float
    scope: str = ""

    def span(self, weight: int) -> float:
        """How long a send holds its slot after the call. A send heavier than the whole
        limit (a long SMS on a slow number) goes when the limit is idle, then holds it for
        proportionally longer."""
        return self.period * max(1.0, weight / self.count)


@dataclass
class State:
    """One key's row, read under its lock."""

    key: str
    slots: list[Slot]
    paused_until: float


@dataclass(frozen=True)
class Ended:
    """The call of grant `token` ended at `at`: its slots free up one span later."""

    limits: tuple[Limit, ...]
    token: str
    weight: int
    at: float


@dataclass(frozen=True)
class Decision:
    """Granted (settle `token` once the call is over), or not before `ready_at` because of
    `blocked_by`."""

    granted: bool
    ready_at: float
    blocked_by: Limit | None = None
    token: str = ""


def _hint(slot: Slot, now: float) -> float:
    expires, _, token, _ = slot
    return min(expires, now + IN_FLIGHT_POLL) if token else expires


def _ready_at(state: State, limit: Limit, weight: int, now: float) -> float:
    """When `weight` more units may fit under `limit`: now, or when enough slots free up."""
    ready = max(now, state.paused_until)
    live = sorted(
        (slot for slot in state.slots if slot[3] == limit.scope and slot[0] > ready),
        key=lambda slot: _hint(slot, now),
    )
    used = sum(slot[1] for slot in live)
    index = 0
    while used and used + weight > limit.count:
        slot = live[index]
        used, ready, index = used - slot[1], max(ready, _hint(slot, now)), index + 1
    return ready


def _settle(states: dict[str, State], ended: Sequence[Ended], now: float) -> None:
    """Drop expired slots, and give the slots of ended calls their real expiry."""
    tokens = {e.token for e in ended}
    for key, state in states.items():
        # Replaced rather than updated: a slot pruned meanwhile comes back, the call did
        # happen.
        state.slots = [s for s in state.slots if s[0] > now and s[2] not in tokens]
        state.slots += [
            [e.at + limit.span(e.weight), e.weight, "", limit.scope]
            for e in ended
            for limit in e.limits
            if limit.key == key and e.at + limit.span(e.weight) > now
        ]


class RateLimitRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def acquire(
        self,
        limits: Sequence[Limit],
        weight: int,
        *,
        hold: float,
        ended: Sequence[Ended] = (),
        clock: Clock = time.time,
    ) -> Decision:
        """Take `weight` units under every limit at once, or none of them.

        `hold` is the longest the call can take; `ended` are calls over since the last
        write, settled on the way. The time is read after the rows are locked: a grant
        stamped before a wait for another sender's lock would be early.
        """
        keys = {limit.key for limit in [*limits, *(x for e in ended for x in e.limits)]}
        states = await self._locked(keys, clock())
        now = clock()
        _settle(states, ended, now)
        waits = [(_ready_at(states[limit.key], limit, weight, now), limit) for limit in limits]
        ready_at, blocked_by = max(waits, key=lambda wait: wait[0])
        if ready_at > now:
            if ended:
                await self._save(states.values(), now)
            return Decision(False, ready_at, blocked_by)
        token = secrets.token_hex(8)
        for key, state in states.items():
            state.slots += [
                [now + limit.span(weight) + hold, weight, token, limit.scope]
                for limit in limits
                if limit.key == key
            ]
        await self._save(states.values(), now)
        return Decision(True, now, token=token)

    async def settle(self, ended: Sequence[Ended], *, clock: Clock = time.time) -> None:
        """Write the calls that are over (when no grant is coming to carry them)."""
        states = await self._locked({limit.key for e in ended for limit in e.limits}, clock())
        now = clock()
        _settle(states, ended, now)
        await self._save(states.values(), now)

    async def pause(self, key: str, *, until: float, now: float) -> None:
        """Nothing under `key` before `until` (the provider said to retry after)."""
        state = (await self._locked({key}, now))[key]
        state.paused_until = max(state.paused_until, until)
        await self._save([state], now)

    async def paused(self, keys: Sequence[str], *, now: float) -> dict[str, float]:
        """The keys paused at `now`, with the time each pause ends."""
        rows = await self.session.execute(
            select(RateLimitState.key, RateLimitState.paused_until).where(
                RateLimitState.key.in_(keys), RateLimitState.paused_until > now
            )
        )
        return {row.key: row.paused_until for row in rows}

    async def _locked(self, keys: set[str], now: float) -> dict[str, State]:
        """The keys' rows, created if missing, locked in key order (two senders asking for
        overlapping keys cannot deadlock) until the transaction ends."""
        ordered = sorted(keys)
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

    async def _select_for_update(self, keys: list[str]) -> dict[str, State]:
        rows = await self.session.execute(
            select(RateLimitState.key, RateLimitState.slots, RateLimitState.paused_until)
            .where(RateLimitState.key.in_(keys))
            .order_by(RateLimitState.key)
            .with_for_update()
        )
        return {row.key: State(row.key, row.slots, row.paused_until) for row in rows}

    async def _save(self, states: Iterable[State], now: float) -> None:
        await self.session.execute(
            update(RateLimitState),
            [
                {
                    "key": state.key,
                    "slots": state.slots,
                    "paused_until": state.paused_until,
                    "updated_at": now,
                }
                for state in states
            ],
        )
