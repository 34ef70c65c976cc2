"""Rate limits for the sender: per channel and per chat, held in the database.

The state lives in `rate_limits` (see `storage.repositories.rate_limits`), so a restarted
sender or a second one sees the sends just made. Within one process, the workers of a
channel take turns on a lock, so only one of them polls the database for the next slot.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.sender.config import SenderConfig, rate_limit
from bot.sender.db import SenderDatabase
from i18n.sms import segments
from storage.repositories.rate_limits import Decision, Ended, Limit, RateLimitRepository

# How long beyond the call's timeout a slot is held at worst, until its end is written.
SETTLE_GRACE = 1.0
# A 429 without a retry_after (Twilio's usual): the channel pauses this long, twice as
# long for each 429 that follows a pause within THROTTLE_MEMORY seconds, up to the cap.
THROTTLE_PAUSE = 1.0
MAX_THROTTLE_PAUSE = 60.0
THROTTLE_MEMORY = 60.0


@dataclass(frozen=True)
class Grant:
    """A slot taken under `limits`: report `RateLimiter.ended` when the call is over."""

    limits: tuple[Limit, ...]
    token: str
    weight: int


@dataclass(frozen=True)
class Wait:
    """`granted`: send now. `stopped`: shutting down. `later`: not before `ready_at`."""

    outcome: Literal["granted", "stopped", "later"]
    ready_at: float = 0.0
    grant: Grant | None = None


def cost(channel: str, text: str) -> int:
    """Units a send takes: SMS is throttled per segment, the others per message."""
    return segments(text).segments if channel == "sms" else 1


async def wait_or_timeout(event: asyncio.Event, seconds: float) -> bool:
    """Wait up to `seconds` for `event`; True when it is set."""
    if event.is_set():
        return True
    try:
        await asyncio.wait_for(event.wait(), timeout=max(0.0, seconds))
    except TimeoutError:
        return False
    return True


class RateLimiter:
    def __init__(self, db: SenderDatabase, config: SenderConfig) -> None:
        self.db = db
        self.config = config
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        # Calls over but not yet written, by key: they ride along with the key's next
        # grant (one write, one lock of the busy row, instead of two), or `flush`.
        self._ended: defaultdict[str, list[Ended]] = defaultdict(list)
        # Pauses this process knows of, by key (epoch seconds), set before they are
        # written: no worker of ours starts a call in between. Other senders read them
        # from the database.
        self._paused: dict[str, float] = {}
        self._streak: defaultdict[str, int] = defaultdict(int)

    def limits_for(self, channel: str, identity_id: uuid.UUID) -> list[Limit]:
        """The channel's limit, and the chat's inside it when the channel has one. The
        key is the channel's name."""
        limits = [rate_limit(channel, self.config.channel_rates.get(channel, 1.0))]
        chat_rate = self.config.chat_rates.get(channel)
        if chat_rate is not None:
            limits.append(rate_limit(channel, chat_rate, scope=f"chat:{identity_id.hex}"))
        return limits

    async def acquire(
        self, limits: Sequence[Limit], weight: int, *, stop: asyncio.Event, max_wait: float
    ) -> Wait:
        """Wait for a slot under every limit, up to `max_wait` seconds."""
        deadline = time.time() + max_wait
        channel = limits[0].key
        while True:
            # A throttled channel holds no worker: its row waits in the outbox for the
            # pause to end, and the worker serves the other channels meanwhile.
            if (paused := self._paused.get(channel, 0.0)) > time.time():
                return Wait("later", paused)
            async with self._locks[channel]:
                while True:
                    decision = await self._try(limits, weight)
                    grant = Grant(tuple(limits), decision.token, weight)
                    if (
                        decision.granted
                        and (paused := self._paused.get(channel, 0.0)) > time.time()
                    ):
                        # Throttled while this grant was being written: no call is
                        # made, and its slot is let go as if it had been.
                        self.ended(grant)
                        return Wait("later", paused)
                    if decision.granted:
                        return Wait("granted", grant=grant)
                    if decision.ready_at > deadline:
                        return Wait("later", decision.ready_at)
                    if decision.blocked_by is not None and decision.blocked_by.scope:
                        break  # one busy chat must not hold up the others
                    if await wait_or_timeout(stop, decision.ready_at - time.time()):
                        return Wait("stopped")
            if await wait_or_timeout(stop, decision.ready_at - time.time()):
                return Wait("stopped")

    def ended(self, grant: Grant) -> None:
        """The call of `grant` is over. Until written, its slot keeps its worst case:
        slower, never over the limit."""
        ended = Ended(grant.limits, grant.token, grant.weight, time.time())
        self._ended[grant.limits[0].key].append(ended)

    async def flush(self) -> None:
        """Write the ended calls no grant has carried (idle, or shutting down)."""
        ended = [e for key in list(self._ended) for e in self._ended.pop(key)]
        if ended:
            await self.db.run(
                lambda session: RateLimitRepository(session).settle(ended),
                patience=self.config.lease_seconds / 4,
            )

    async def throttled(self, channel: str, retry_after: float | None) -> float:
        """The provider throttled `channel` (its sender as a whole, not one message):
        nothing more goes out on it until the pause ends. Seconds until then.

        Without a retry_after the pause grows while 429s keep coming. A 429 inside a
        pause comes from a call already in flight, and does not lengthen it. Telegram's
        429 does not say whether the bot's 30/s or one chat's limit was hit; each chat is
        already held to its own rate, so it pauses the bot, as PTB's rate limiter does.
        """
        now = time.time()
        until = self._paused.get(channel, 0.0)
        if retry_after:
            seconds = retry_after
        elif until > now:
            seconds = until - now
        else:
            streak = self._streak[channel] + 1 if now - until < THROTTLE_MEMORY else 1
            self._streak[channel] = streak
            seconds = min(MAX_THROTTLE_PAUSE, THROTTLE_PAUSE * 2 ** (streak - 1))
        self._paused[channel] = max(until, now + seconds)
        await self.db.run(
            lambda session: RateLimitRepository(session).pause(
                channel, until=now + seconds, now=now
            ),
            patience=self.config.lease_seconds / 2,
        )
        return seconds

    async def _try(self, limits: Sequence[Limit], weight: int) -> Decision:
        ended = self._ended.pop(limits[0].key, [])
        return await self.db.run(
            lambda session: RateLimitRepository(session).acquire(
                limits, weight, hold=self.config.send_timeout + SETTLE_GRACE, ended=ended
            ),
            patience=self.config.lease_seconds / 4,
        )
