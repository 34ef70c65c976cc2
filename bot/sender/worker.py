"""The sender: claims outbox rows, sends them within the rate limits, records each outcome.

Delivery is at least once. A row is claimed (and prepared) in one transaction, only if
it is pending or its holder's lease ran out; a row that waited long is re-checked before
its send; each accepted part is recorded at once. Only a send whose answer was lost (a
timeout, a sender killed in the middle of a call) can reach a person twice. No
transaction is open during a provider call.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.foreground import Foreground
from bot.logs import log_event
from bot.sender.config import SenderConfig
from bot.sender.db import TRANSIENT, SenderDatabase
from bot.sender.limits import RateLimiter, cost, wait_or_timeout
from bot.sender.outcomes import Verdict
from bot.sender.prepare import Plan, prepare_batch
from bot.sender.record import Accepted, Recorder, provider_ref
from bot.sender.status import TWILIO_CHANNELS, apply_early_statuses
from channels.base import (
    ChannelAdapter,
    ConnectionFailed,
    OutboundMessage,
    SendError,
    SendResult,
)
from storage.crypto import KeyRing
from storage.models import utcnow
from storage.repositories.outbox import Claim, OutboxRepository
from storage.repositories.rate_limits import RateLimitRepository

logger = logging.getLogger("bot.sender")

TIDY_EVERY = 5.0


@dataclass(frozen=True)
class Job:
    """A claimed row, what to do with it, and when it was claimed (monotonic)."""

    claim: Claim
    plan: Plan | Verdict
    claimed_at: float


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
        foreground: Foreground | None = None,
    ) -> None:
        self.db = SenderDatabase(sessions, foreground)
        self.keyring = keyring
        self.adapters = dict(adapters)
        self.config = config
        self.owner = owner or _owner_id()
        self.limiter = RateLimiter(self.db, config)
        self.record = Recorder(self.db, config, self.limiter)

    async def run_once(self) -> int:
        """Claim what is ready (up to the concurrency), send it all; rows handled."""
        jobs = await self._claim(self.config.concurrency)
        never = asyncio.Event()
        await asyncio.gather(*(self._handle(job, never) for job in jobs))
        await self._tidy()
        return len(jobs)

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Send until `stop` is set, then finish the sends in flight and give back the
        rows claimed but not started, so another sender can take them at once."""
        size = self.config.concurrency
        queue: asyncio.Queue[Job | None] = asyncio.Queue()
        taken = asyncio.Event()
        workers = [asyncio.create_task(self._work(queue, taken, stop)) for _ in range(size)]
        log_event(
            logger, logging.INFO, "sender.started", owner=self.owner, channels=sorted(self.adapters)
        )
        tidy_at = time.monotonic() + TIDY_EVERY
        try:
            while not stop.is_set():
                # At most one batch waits behind the sends in flight: a killed sender
                # strands no more rows than it must, and replies are not held back. It is
                # topped up once half of it is taken, so claims come in batches.
                wanted = size - queue.qsize()
                if wanted < max(1, size // 2):
                    taken.clear()
                    await wait_or_timeout(taken, self.config.poll_interval)
                    continue
                jobs = await self._claim(wanted)
                for job in jobs:
                    queue.put_nowait(job)
                if len(jobs) < wanted or time.monotonic() > tidy_at:
                    await self._tidy()
                    tidy_at = time.monotonic() + TIDY_EVERY
                if len(jobs) < wanted:
                    await wait_or_timeout(stop, self.config.poll_interval)
        finally:
            while not queue.empty():
                if (job := queue.get_nowait()) is not None:
                    await self.record.release(job.claim)
            for _ in workers:
                queue.put_nowait(None)
            await asyncio.gather(*workers)
            await self._tidy()
            log_event(logger, logging.INFO, "sender.stopped", owner=self.owner)

    async def aclose(self) -> None:
        """Close the adapters' connection pools."""
        for adapter in self.adapters.values():
            await adapter.aclose()

    async def _work(
        self, queue: asyncio.Queue[Job | None], taken: asyncio.Event, stop: asyncio.Event
    ) -> None:
        while (job := await queue.get()) is not None:
            taken.set()
            await self._handle(job, stop)

    async def _claim(self, limit: int) -> list[Job]:
        async def claim(session: AsyncSession) -> list[Job]:
            channels = list(self.adapters)
            # Channel keys are the channel names (see RateLimiter.limits_for): rows of a
            # channel the provider asked us to pause stay where they are.
            paused = await RateLimitRepository(session).paused(channels, now=time.time())
            claims = await OutboxRepository(session).claim(
                self.owner,
                channels=[channel for channel in channels if channel not in paused],
                limit=limit,
                lease_for=self.config.lease_for,
                now=utcnow(),
            )
            if not claims:
                return []
            plans = await prepare_batch(
                session, self.keyring, claims, self.adapters, self.config, utcnow()
            )
            claimed_at = time.monotonic()
            return [Job(c, plan, claimed_at) for c, plan in zip(claims, plans, strict=True)]

        try:
            return await self.db.run(claim, patience=0)
        except Exception as error:  # the database is down, or a bug: try again next round
            level = logging.WARNING if isinstance(error, TRANSIENT) else logging.ERROR
            log_event(logger, level, "sender.claim_failed", error=type(error).__name__)
            return []

    async def _handle(self, job: Job, stop: asyncio.Event) -> None:
        try:
            await self._send(job, stop)
        except Exception as error:  # a bug or an outage must not take the worker down
            log_event(
                logger,
                logging.ERROR,
                "sender.crashed",
                outbox_id=str(job.claim.id),
                error=type(error).__name__,
            )
            try:
                await self.record.settle(job.claim, Verdict("retry", "internal"))
            except Exception as again:
                # The lease runs out and another attempt takes the row.
                log_event(
                    logger,
                    logging.ERROR,
                    "sender.settle_failed",
                    outbox_id=str(job.claim.id),
                    error=type(again).__name__,
                )

    async def _send(self, job: Job, stop: asyncio.Event) -> None:
        claim, plan = job.claim, job.plan
        if isinstance(plan, Verdict):
            await self.record.settle(claim, plan)
            return
        # A row that waited in the queue: check it is still ours (not sent by another
        # sender) and renew the lease for the wait and the call to come.
        waited = time.monotonic() - job.claimed_at > self.config.max_wait
        if waited and not await self.record.renew(claim):
            log_event(logger, logging.INFO, "sender.lease_lost", outbox_id=str(claim.id))
            return
        adapter = self.adapters[claim.channel]
        limits = self.limiter.limits_for(claim.channel, claim.identity_id)
        done = dict(plan.done)
        for index, outbound in enumerate(plan.parts):
            if index in done:
                continue
            units = cost(claim.channel, outbound.text)
            wait = await self.limiter.acquire(
                limits, units, stop=stop, max_wait=self.config.max_wait
            )
            if wait.outcome == "stopped":
                await self.record.release(claim)
                return
            if wait.grant is None:
                retry_after = wait.ready_at - time.time()
                later = Verdict("retry", "rate_wait", retry_after=retry_after, refund=True)
                await self.record.settle(claim, later)
                return
            try:
                result = await self._call(adapter, outbound)
            except SendError as error:
                await self.record.failed(claim, error)
                return
            finally:
                self.limiter.ended(wait.grant)
            done[index] = provider_ref(claim, result.provider_message_id)
            accepted = Accepted(index, len(plan.parts), result.status)
            if not await self.record.accepted(claim, accepted, done):
                return

    async def _call(self, adapter: ChannelAdapter, outbound: OutboundMessage) -> SendResult:
        """One provider call, bounded: the twilio async client ignores its own timeout."""
        try:
            async with asyncio.timeout(self.config.send_timeout):
                return await adapter.send(outbound)
        except TimeoutError:
            raise ConnectionFailed("timeout", maybe_sent=True) from None

    async def _tidy(self) -> None:
        """When idle, and now and then when busy: write the ends of calls no grant has
        carried, and apply the delivery reports that came before their message's id."""
        channels = [channel for channel in self.adapters if channel in TWILIO_CHANNELS]
        try:
            await self.limiter.flush()
            if channels:
                await self.db.run(
                    lambda session: apply_early_statuses(session, channels=channels), patience=0
                )
        except Exception as error:  # housekeeping must not stop the sending
            # Unwritten ends keep their worst-case slots (slower, never over the limit);
            # the reports wait for the next round.
            level = logging.WARNING if isinstance(error, TRANSIENT) else logging.ERROR
            log_event(logger, level, "sender.tidy_failed", error=type(error).__name__)
