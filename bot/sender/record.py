"""Recording what happened to a claimed row: one short transaction per outcome.

Every write is conditional on the lease (see `storage.repositories.outbox`).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.logs import log_event
from bot.sender.config import SenderConfig
from bot.sender.db import TRANSIENT, SenderDatabase
from bot.sender.limits import RateLimiter
from bot.sender.outcomes import Verdict, classify, retry_delay
from channels.base import SendError, Throttled
from storage.models import utcnow
from storage.repositories.outbox import Claim, OutboxRepository

logger = logging.getLogger("bot.sender")

# Telegram numbers messages per chat: its ids are unique only together with the chat.
PER_CHAT_IDS = frozenset({"telegram"})


@dataclass(frozen=True)
class Accepted:
    """Part `index` of `count` was accepted with `status`."""

    index: int
    count: int
    status: str


def provider_ref(claim: Claim, provider_id: str) -> str:
    """The provider id as stored: unique per channel, as `messages` requires.

    Telegram's are qualified with the identity (not the chat id: that would be the
    person's id in clear). Twilio SIDs are global; status callbacks look them up as is.
    """
    if claim.channel in PER_CHAT_IDS:
        return f"{claim.identity_id.hex}:{provider_id}"
    return provider_id


class Recorder:
    def __init__(
        self,
        db: SenderDatabase,
        config: SenderConfig,
        limiter: RateLimiter,
    ) -> None:
        self.db = db
        self.config = config
        self.limiter = limiter
        self._rng = random.Random()

    async def renew(self, claim: Claim) -> bool:
        """Extend the lease of a row that waited; False when it is no longer ours."""
        return await self.db.run(
            lambda session: OutboxRepository(session).renew(
                claim, lease_for=self.config.lease_for, now=utcnow()
            ),
            patience=self.config.lease_seconds / 4,
        )

    async def accepted(self, claim: Claim, accepted: Accepted, done: Mapping[int, str]) -> bool:
        """Record one accepted part; the last one marks the row sent. False: lease lost."""
        index, last = accepted.index, accepted.count - 1

        async def job(session: AsyncSession) -> bool:
            outbox = OutboxRepository(session)
            now = utcnow()
            held = True
            if last > 0:
                held = await outbox.record_part(
                    claim, index, done[index], lease_for=self.config.lease_for, now=now
                )
            if held and index == last:
                held = await outbox.mark_sent(
                    claim,
                    first_provider_id=done[0],
                    last_provider_id=done[last],
                    status=accepted.status,
                    now=now,
                )
            return held

        held = await self.db.run(job, patience=self.config.lease_seconds / 2)
        if not held:
            log_event(
                logger,
                logging.WARNING,
                "sender.lease_lost",
                outbox_id=str(claim.id),
                provider_id=done[index],
            )
        elif index == last:
            log_event(
                logger,
                logging.INFO,
                "sender.sent",
                outbox_id=str(claim.id),
                channel=claim.channel,
                provider_id=done[0],
                parts=accepted.count,
                attempts=claim.attempts,
            )
        return held

    async def failed(self, claim: Claim, error: SendError) -> None:
        """A send error: its verdict. A 429 pauses the whole channel, and the row waits
        at least as long."""
        verdict = classify(error)
        if isinstance(error, Throttled):
            pause = await self.limiter.throttled(claim.channel, error.retry_after)
            verdict = replace(verdict, retry_after=pause)
        await self.settle(claim, verdict)

    async def settle(self, claim: Claim, verdict: Verdict) -> None:
        """Write a verdict: reschedule (or give up at the cap), stop, or fail."""
        spent = verdict.kind == "retry" and not verdict.refund
        if spent and claim.attempts >= self.config.max_attempts:
            verdict = Verdict("fail", verdict.code, f"gave up after {claim.attempts} attempts")
        now = utcnow()
        delay = retry_delay(verdict, claim.attempts, self.config, self._rng)

        async def job(session: AsyncSession) -> bool:
            outbox = OutboxRepository(session)
            if verdict.kind == "retry":
                held = await outbox.reschedule(
                    claim,
                    at=now + timedelta(seconds=delay),
                    code=verdict.code,
                    refund=verdict.refund,
                )
            elif verdict.kind == "stop":
                held = await outbox.mark_stopped(
                    claim, code=verdict.code, now=now, opt_out=verdict.opt_out
                )
            else:
                held = await outbox.mark_failed(
                    claim, code=verdict.code, reason=verdict.reason, now=now
                )
            return held

        held = await self.db.run(job, patience=self.config.lease_seconds / 2)
        fields: dict[str, object] = {
            "outbox_id": str(claim.id),
            "code": verdict.code,
            "attempts": claim.attempts,
        }
        if verdict.kind == "retry":
            fields["delay"] = round(delay, 3)
        level = logging.INFO if verdict.kind == "retry" else logging.WARNING
        log_event(
            logger, level, f"sender.{verdict.kind}" if held else "sender.lease_lost", **fields
        )

    async def release(self, claim: Claim) -> None:
        """Give back a row that was not sent (shutting down)."""
        try:
            await self.db.run(
                lambda session: OutboxRepository(session).release(claim),
                patience=self.config.lease_seconds / 4,
            )
        except TRANSIENT as error:
            # The lease runs out instead; nothing was sent.
            log_event(
                logger,
                logging.WARNING,
                "sender.release_failed",
                outbox_id=str(claim.id),
                error=type(error).__name__,
            )
            return
        log_event(logger, logging.INFO, "sender.released", outbox_id=str(claim.id))
