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

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.sender.config import SenderConfig, rate_limit
from bot.sender.db import transact
from i18n.sms import segments
from storage.repositories.rate_limits import Decision, Limit, RateLimitRepository

# Per-chat keys of chats not written to for this long are forgotten.
FORGET_AFTER = 3600.0


@dataclass(frozen=True)
class Wait:
    """`granted`: send now. `stopped`: shutting down. `later`: not before `ready_at`."""

    outcome: Literal["granted", "stopped", "later"]
    ready_at: float = 0.0


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
    def __init__(self, sessions: async_sessionmaker[AsyncSession], config: SenderConfig) -> None:
        self.sessions = sessions
        self.config = config
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def limits_for(self, channel: str, identity_id: uuid.UUID) -> list[Limit]:
        """The channel's limit first, then the chat's when the channel has one."""
        limits = [rate_limit(channel, self.config.channel_rates.get(channel, 1.0))]
        chat_rate = self.config.chat_rates.get(channel)
        if chat_rate is not None:
            limits.append(rate_limit(f"{channel}:chat:{identity_id.hex}", chat_rate))
        return limits

    async def acquire(
        self, limits: Sequence[Limit], weight: int, *, stop: asyncio.Event, max_wait: float
    ) -> Wait:
        """Wait for a slot under every limit, up to `max_wait` seconds."""
        deadline = time.time() + max_wait
        channel = limits[0].key
        while True:
            async with self._locks[channel]:
                while True:
                    decision = await self._try(limits, weight)
                    if decision.granted:
                        return Wait("granted")
                    if decision.ready_at > deadline:
                        return Wait("later", decision.ready_at)
                    if decision.blocked_by != channel:
                        break  # one busy chat must not hold up the others
                    if await wait_or_timeout(stop, decision.ready_at - time.time()):
                        return Wait("stopped")
            if await wait_or_timeout(stop, decision.ready_at - time.time()):
                return Wait("stopped")

    async def pause(self, channel: str, seconds: float) -> None:
        """Nothing goes out on `channel` for `seconds` (the provider's retry_after)."""
        now = time.time()
        await transact(
            self.sessions,
            lambda session: RateLimitRepository(session).pause(
                channel, until=now + seconds, now=now
            ),
            patience=self.config.lease_seconds / 2,
        )

    async def prune(self) -> int:
        now = time.time()
        return await transact(
            self.sessions,
            lambda session: RateLimitRepository(session).prune(before=now - FORGET_AFTER),
            patience=0,
        )

    async def _try(self, limits: Sequence[Limit], weight: int) -> Decision:
        return await transact(
            self.sessions,
            lambda session: RateLimitRepository(session).acquire(limits, weight),
            patience=self.config.lease_seconds / 3,
        )
