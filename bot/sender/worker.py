"""The sender: claims outbox rows, sends them within the rate limits, records each outcome.

Delivery is at least once. Right before each send the lease is renewed, so a row already
sent, or taken over by another sender, is skipped; each accepted part is recorded at once
in its own transaction. Only a send whose answer was lost (a timeout, a sender killed in
the middle of a call) can reach a person twice. No transaction is open during a call.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.logs import log_event
from bot.sender.config import SenderConfig
from bot.sender.db import TRANSIENT, transact
from bot.sender.limits import RateLimiter, cost, wait_or_timeout
from bot.sender.outcomes import Verdict, classify, retry_delay
from bot.sender.prepare import Plan, prepare
from channels.base import ChannelAdapter, SendError, SendResult, Throttled
from storage.crypto import KeyRing
from storage.models import utcnow
from storage.repositories.outbox import Claim, OutboxRepository
from storage.repositories.rate_limits import RateLimitRepository

logger = logging.getLogger(__name__)

PRUNE_EVERY = 600.0


def _owner_id() -> str:
    """Who holds a lease: readable in the database, unique per sender instance."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Sender:
    """Sends the outbox through the channel adapters; several may run at once."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        keyring: KeyRing,
        adapters: Mapping[str, ChannelAdapter],
        config: SenderConfig,
        *,
        owner: str | None = None,
    ) -> None:
        self.sessions = sessions
        self.keyring = keyring
        self.adapters = dict(adapters)
        self.config = config
        self.owner = owner or _owner_id()
        self.limiter = RateLimiter(sessions, config)
        self._rng = random.Random()

    async def run_once(self) -> int:
        """Claim what is ready (up to the concurrency), send it all; rows handled."""
        claims = await self._claim(self.config.concurrency)
        never = asyncio.Event()
        await asyncio.gather(*(self._handle(claim, never) for claim in claims))
        return len(claims)

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Send until `stop` is set, then finish the sends in flight and give back the
        rows claimed but not started, so another sender can take them at once."""
        size = self.config.concurrency
        queue: asyncio.Queue[Claim | None] = asyncio.Queue()
        taken = asyncio.Event()
        workers = [asyncio.create_task(self._work(queue, taken, stop)) for _ in range(size)]
        log_event(
            logger, logging.INFO, "sender.started", owner=self.owner, channels=sorted(self.adapters)
        )
        next_prune = time.monotonic()
        try:
            while not stop.is_set():
                if time.monotonic() >= next_prune:
                    await self._prune()
                    next_prune = time.monotonic() + PRUNE_EVERY
                # At most one batch waits behind the sends in flight: a killed sender
                # strands no more rows than it must, and replies are not held back.
                wanted = size - queue.qsize()
                if wanted <= 0:
                    taken.clear()
                    await wait_or_timeout(taken, self.config.poll_interval)
                    continue
                claims = await self._claim(wanted)
                for claim in claims:
                    queue.put_nowait(claim)
                if len(claims) < wanted:
                    await wait_or_timeout(stop, self.config.poll_interval)
        finally:
            while not queue.empty():
                if (claim := queue.get_nowait()) is not None:
                    await self._release(claim)
            for _ in workers:
                queue.put_nowait(None)
            await asyncio.gather(*workers)
            log_event(logger, logging.INFO, "sender.stopped", owner=self.owner)

    async def aclose(self) -> None:
        """Close the adapters' connection pools."""
        for adapter in self.adapters.values():
            await adapter.aclose()

    async def _work(
        self, queue: asyncio.Queue[Claim | None], taken: asyncio.Event, stop: asyncio.Event
    ) -> None:
        while (claim := await queue.get()) is not None:
            taken.set()
            await self._handle(claim, stop)

    async def _claim(self, limit: int) -> list[Claim]:
        async def job(session: AsyncSession) -> list[Claim]:
            channels = list(self.adapters)
            # Channel keys are the channel names (see RateLimiter.limits_for): rows of a
            # channel the provider asked us to pause stay where they are.
            paused = await RateLimitRepository(session).paused(channels, now=time.time())
            return await OutboxRepository(session).claim(
                self.owner,
                channels=[channel for channel in channels if channel not in paused],
                limit=limit,
                lease_for=self.config.lease_for,
                now=utcnow(),
            )

        try:
            return await transact(self.sessions, job, patience=0)
        except TRANSIENT as error:
            log_event(logger, logging.WARNING, "sender.claim_failed", error=type(error).__name__)
            return []

    async def _handle(self, claim: Claim, stop: asyncio.Event) -> None:
        try:
            await self._send(claim, stop)
        except Exception as error:  # a bug or an outage must not take the worker down
            log_event(
                logger,
                logging.ERROR,
                "sender.crashed",
                outbox_id=str(claim.id),
                error=type(error).__name__,
            )
            try:
                await self._settle(claim, Verdict("retry", "internal"))
            except Exception as again:
                # The lease runs out and another attempt takes the row.
                log_event(
                    logger,
                    logging.ERROR,
                    "sender.settle_failed",
                    outbox_id=str(claim.id),
                    error=type(again).__name__,
                )

    async def _send(self, claim: Claim, stop: asyncio.Event) -> None:
        adapter = self.adapters[claim.channel]
        prepared = await transact(
            self.sessions,
            lambda session: prepare(session, self.keyring, claim, adapter, self.config, utcnow()),
            patience=self.config.lease_seconds / 3,
        )
        if prepared is None:
            log_event(logger, logging.INFO, "sender.lease_lost", outbox_id=str(claim.id))
            return
        if isinstance(prepared, Verdict):
            await self._settle(claim, prepared)
            return
        done = dict(prepared.done)
        limits = self.limiter.limits_for(claim.channel, claim.identity_id)
        for index, outbound in enumerate(prepared.parts):
            if index in done:
                continue
            wait = await self.limiter.acquire(
                limits,
                cost(claim.channel, outbound.text),
                stop=stop,
                max_wait=self.config.max_wait,
            )
            if wait.outcome == "stopped":
                await self._release(claim)
                return
            if wait.outcome == "later":
                retry_after = wait.ready_at - time.time()
                await self._settle(
                    claim, Verdict("retry", "rate_wait", retry_after=retry_after, refund=True)
                )
                return
            try:
                async with asyncio.timeout(self.config.send_timeout):
                    result = await adapter.send(outbound)
            except SendError as error:
                await self._failed(claim, error)
                return
            except TimeoutError:
                await self._settle(claim, Verdict("retry", "timeout"))
                return
            done[index] = result.provider_message_id
            if not await self._accepted(claim, prepared, index, done, result):
                log_event(
                    logger,
                    logging.WARNING,
                    "sender.lease_lost",
                    outbox_id=str(claim.id),
                    provider_id=result.provider_message_id,
                )
                return

    async def _accepted(
        self, claim: Claim, plan: Plan, index: int, done: dict[int, str], result: SendResult
    ) -> bool:
        """Record one accepted part; the last one marks the row sent. False: lease lost."""
        last = len(plan.parts) - 1

        async def job(session: AsyncSession) -> bool:
            outbox = OutboxRepository(session)
            now = utcnow()
            if index < last:
                return await outbox.record_part(
                    claim,
                    index,
                    result.provider_message_id,
                    lease_for=self.config.lease_for,
                    now=now,
                )
            if last > 0 and not await outbox.record_part(
                claim,
                index,
                result.provider_message_id,
                lease_for=self.config.lease_for,
                now=now,
            ):
                return False
            return await outbox.mark_sent(
                claim,
                first_provider_id=done[0],
                last_provider_id=done[last],
                status=result.status,
                now=now,
            )

        held = await transact(self.sessions, job, patience=self.config.lease_seconds / 2)
        if held and index == last:
            log_event(
                logger,
                logging.INFO,
                "sender.sent",
                outbox_id=str(claim.id),
                channel=claim.channel,
                provider_id=done[0],
                parts=last + 1,
                attempts=claim.attempts,
            )
        return held

    async def _failed(self, claim: Claim, error: SendError) -> None:
        if isinstance(error, Throttled) and error.retry_after:
            await self.limiter.pause(claim.channel, error.retry_after)
        await self._settle(claim, classify(error))

    async def _settle(self, claim: Claim, verdict: Verdict) -> None:
        """Write a verdict: reschedule (or give up at the cap), stop, or fail."""
        if (
            verdict.kind == "retry"
            and not verdict.refund
            and (claim.attempts >= self.config.max_attempts)
        ):
            verdict = Verdict("fail", verdict.code, f"gave up after {claim.attempts} attempts")
        now = utcnow()
        delay = retry_delay(verdict, claim.attempts, self.config, self._rng)

        async def job(session: AsyncSession) -> bool:
            outbox = OutboxRepository(session)
            if verdict.kind == "retry":
                return await outbox.reschedule(
                    claim,
                    at=now + timedelta(seconds=delay),
                    code=verdict.code,
                    refund=verdict.refund,
                )
            if verdict.kind == "stop":
                return await outbox.mark_stopped(claim, code=verdict.code, now=now)
            return await outbox.mark_failed(
                claim, code=verdict.code, reason=verdict.reason, now=now
            )

        held = await transact(self.sessions, job, patience=self.config.lease_seconds / 2)
        fields: dict[str, object] = {
            "outbox_id": str(claim.id),
            "code": verdict.code,
            "attempts": claim.attempts,
        }
        if verdict.kind == "retry":
            fields["delay"] = round(delay, 3)
        level = logging.INFO if verdict.kind == "retry" else logging.WARNING
        event = f"sender.{verdict.kind}" if held else "sender.lease_lost"
        log_event(logger, level, event, **fields)

    async def _release(self, claim: Claim) -> None:
        try:
            await transact(
                self.sessions,
                lambda session: OutboxRepository(session).release(claim),
                patience=self.config.lease_seconds / 2,
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

    async def _prune(self) -> None:
        try:
            await self.limiter.prune()
        except TRANSIENT as error:
            log_event(logger, logging.WARNING, "sender.prune_failed", error=type(error).__name__)
