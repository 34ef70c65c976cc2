"""Inbound events: stored once before we answer the provider, then processed once.

`accept` writes each parsed item as an `inbound_events` row (unique per provider id) in
one transaction, or to the spool when the database is down. `process` claims one event
and runs the conversation in the same transaction, so a message is handled exactly once
even if a retry loop and a webhook race for it.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.logs import log_event
from bot.spool import Spool
from bot.state import AppState
from channels.base import ContactEvent, InboundMessage, ParseResult
from intake.conversation.engine import IncomingText
from storage.db import run_with_retries, unit_of_work
from storage.models import Contact, InboundEvent, utcnow
from storage.repositories.events import InboundEventRepository
from storage.repositories.identities import IdentityRepository
from storage.vault import Vault

logger = logging.getLogger("frontdoor.inbound")
# An event is stored a moment before it joins the line: one stored this shortly before
# the oldest in line may be in line too.
IN_LINE_MARGIN = timedelta(seconds=5)
PROVIDER_OPT_OUT = frozenset({"STOP", "START"})


@dataclass(frozen=True)
class EventRecord:
    """What we keep of a delivery until it is handled: the neutral fields, no raw payload."""

    kind: str
    channel: str
    external_id: str
    sender: str
    text: str = ""
    language_hint: str | None = None
    media_count: int = 0
    # Twilio's OptOutType (Advanced Opt-Out): Twilio acted on a word of its own list.
    opt_out_keyword: str | None = None

    @classmethod
    def from_result(cls, result: ParseResult) -> list[EventRecord]:
        records = [cls._message(message) for message in result.messages]
        records += [cls._contact_event(event) for event in result.events]
        return records

    @classmethod
    def _message(cls, message: InboundMessage) -> EventRecord:
        return cls(
            "message",
            message.channel,
            message.external_id,
            message.sender,
            message.text,
            message.language_hint,
            len(message.media),
            message.opt_out_keyword,
        )

    @classmethod
    def _contact_event(cls, event: ContactEvent) -> EventRecord:
        return cls(event.kind, event.channel, f"{event.kind}:{event.external_id}", event.sender)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> EventRecord:
        return cls(**json.loads(raw))


async def process_stored(state: AppState, event_ids: list[uuid.UUID]) -> None:
    """The job a webhook leaves in line (`bot.inbound_queue`) for its new events: the
    service is made when the job runs, so that each job waiting there stays small."""
    await InboundService(state).process_safely(event_ids)


class InboundService:
    def __init__(self, state: AppState) -> None:
        self.state = state
        self.spool = Spool(state.settings.var_dir / "spool", state.keyring)

    async def accept(self, records: list[EventRecord]) -> list[uuid.UUID]:
        """Durably keep the records; the ids of the new ones (empty when spooled)."""
        try:
            return await self._store(records)
        except (SQLAlchemyError, OSError) as error:
            for record in records:
                self.spool.append(record.to_json())
            log_event(
                logger,
                logging.WARNING,
                "inbound_spooled",
                count=len(records),
                error=type(error).__name__,
            )
            return []

    async def _store(self, records: list[EventRecord]) -> list[uuid.UUID]:
        try:
            stored = await self._insert(records)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
            stored = await self._insert(records)  # a connection left from before a restart
        new = [event_id for event_id in stored if event_id is not None]
        if len(new) < len(records):
            log_event(logger, logging.INFO, "inbound_duplicate", count=len(records) - len(new))
        return new

    async def _insert(self, records: list[EventRecord]) -> list[uuid.UUID | None]:
        # Through connections of their own on PostgreSQL (`AppState.answer_sessions`).
        async with unit_of_work(self.state.answer_sessions) as session:
            events = InboundEventRepository(session, Vault(session, self.state.keyring))
            return [await events.record(r.channel, r.external_id, r.to_json()) for r in records]

    async def process(self, event_id: uuid.UUID) -> bool:
        """Handle one stored event; False when it was already handled elsewhere."""
        return await run_with_retries(self.state.sessions, lambda s: self._process(s, event_id))

    async def _process(self, session: AsyncSession, event_id: uuid.UUID) -> bool:
        # Claim first: the row lock (PostgreSQL) or the write lock (SQLite) makes a second
        # claimer wait, then find the event handled and do nothing.
        claimed = await session.execute(
            update(InboundEvent)
            .where(InboundEvent.id == event_id, InboundEvent.handled_at.is_(None))
            .values(handled_at=utcnow())
        )
        if claimed.rowcount == 0:
            return False
        event = await session.get(InboundEvent, event_id)
        assert event is not None
        events = InboundEventRepository(session, Vault(session, self.state.keyring))
        record = EventRecord.from_json(await events.payload(event) or "{}")
        if record.kind == "message":
            incoming = IncomingText(
                record.channel,
                record.sender,
                record.text,
                language_hint=record.language_hint,
                media_count=record.media_count,
            )
            await self.state.conversations.handle(session, incoming)
            if record.opt_out_keyword in PROVIDER_OPT_OUT:
                await self._provider_opt_out(session, record)
        else:
            await self._contact_event(session, record)
        await events.mark_handled(event)
        log_event(
            logger,
            logging.INFO,
            "inbound_handled",
            event_id=str(event_id),
            channel=record.channel,
            kind=record.kind,
        )
        return True

    async def _provider_opt_out(self, session: AsyncSession, record: EventRecord) -> None:
        """Twilio stopped (or resumed) sending to this person on a word our own lists may
        not know: our suppression list follows it."""
        identities = IdentityRepository(session, Vault(session, self.state.keyring))
        identity = await identities.find(record.channel, record.sender)
        contact = await session.get(Contact, identity.contact_id) if identity else None
        if contact is not None:
            stopped = record.opt_out_keyword == "STOP"
            contact.opted_out_at = (contact.opted_out_at or utcnow()) if stopped else None

    async def _contact_event(self, session: AsyncSession, record: EventRecord) -> None:
        identities = IdentityRepository(session, Vault(session, self.state.keyring))
        identity = await identities.find(record.channel, record.sender)
        if identity is not None:
            identity.blocked_at = utcnow() if record.kind == "blocked" else None

    async def process_safely(self, event_ids: list[uuid.UUID]) -> None:
        """Process now; on failure the event stays unhandled for the retry loop."""
        for event_id in event_ids:
            try:
                await self.process(event_id)
            except Exception as error:  # the retry loop will try again; never lose it
                log_event(
                    logger,
                    logging.ERROR,
                    "inbound_processing_failed",
                    event_id=str(event_id),
                    error=type(error).__name__,
                )

    async def replay_spool(self) -> int:
        """Move spooled events into the database, oldest first; stops at the first failure."""
        replayed = 0
        for path, payload in self.spool.pending():
            new = await self._store([EventRecord.from_json(payload)])
            self.spool.remove(path)
            await self.process_safely(new)
            replayed += 1
        return replayed

    async def process_pending(self, limit: int = 100) -> int:
        """Replay the spool, then handle events left unhandled (a crash, a bug fixed since),
        leaving those that may still be in line for their turn (`bot.inbound_queue`)."""
        count = await self.replay_spool()
        unhandled = InboundEvent.handled_at.is_(None)
        if (oldest := self.state.inbound_queue.oldest()) is not None:
            unhandled &= InboundEvent.received_at < oldest - IN_LINE_MARGIN
        async with unit_of_work(self.state.sessions) as session:
            ids = list(
                await session.scalars(
                    select(InboundEvent.id)
                    .where(unhandled)
                    .order_by(InboundEvent.received_at)
                    .limit(limit)
                )
            )
        await self.process_safely(ids)
        return count + len(ids)
