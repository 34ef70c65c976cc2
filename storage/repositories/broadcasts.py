"""Broadcasts in the database: the audience read in pages, recipients written in bulk,
and the outbox rows of a broadcast held, released or cancelled together."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Table,
    Uuid,
    and_,
    bindparam,
    case,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import ColumnElement

from storage.models import (
    PRIORITY_BULK,
    Broadcast,
    BroadcastRecipient,
    ChannelIdentity,
    Contact,
    ContactKey,
    Message,
    OutboxItem,
)
from storage.models.base import UTCDateTime

# Outbox rows of a broadcast that have not reached their outcome yet.
WAITING = ("pending", "leased", "paused")
# The outbox columns a broadcast's batch writes (the rest keep their defaults).
OUTBOX_COLUMNS = [
    "id",
    "created_at",
    "message_id",
    "identity_id",
    "channel",
    "priority",
    "status",
    "attempts",
    "next_attempt_at",
    "template",
    "broadcast_id",
]


@dataclass(frozen=True, slots=True)
class AudienceRow:
    """An opted-in contact and one of their usable addresses (None when they have none),
    with their wrapped data key when asked for."""

    contact_id: uuid.UUID
    language: str | None
    tags: list[str]
    identity_id: uuid.UUID | None
    channel: str | None
    last_inbound_at: datetime | None
    key_id: uuid.UUID | None = None
    wrapped_key: bytes | None = None


@dataclass(frozen=True, slots=True)
class Tally:
    """Outbox rows of a broadcast counted by their status and their message's status."""

    outbox_status: str
    message_status: str
    error: str | None
    count: int


def _opted_in() -> ColumnElement[bool]:
    """Consent given and not withdrawn. Erased contacts have no row at all."""
    return and_(Contact.consent_at.is_not(None), Contact.opted_out_at.is_(None))


def _reclaimable(now: datetime) -> ColumnElement[bool]:
    """Rows no sender is working on: waiting, or leased by a sender that died."""
    return or_(
        OutboxItem.status == "pending",
        and_(OutboxItem.status == "leased", OutboxItem.lease_expires_at < now),
    )


class BroadcastRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, broadcast_id: uuid.UUID) -> Broadcast | None:
        """The broadcast, locked for this transaction on PostgreSQL (SQLite's writers are
        already one at a time): enqueueing and pausing never interleave."""
        return await self.session.get(
            Broadcast, broadcast_id, with_for_update=True, populate_existing=True
        )

    async def audience_page(
        self,
        after: uuid.UUID | None,
        limit: int,
        *,
        regions: Sequence[str] = (),
        countries: Sequence[str] = (),
        languages: Sequence[str] = (),
        channels: Sequence[str] = (),
        with_tags: bool = False,
        with_keys: bool = False,
    ) -> list[AudienceRow]:
        """The next `limit` opted-in contacts in id order that match the filters the
        database can apply (tags are JSON: the caller matches them), each with their
        unblocked addresses on `channels` (one row per address; one row with no address
        for a contact who has none, so the last row is always the last contact read).

        Two queries, the second by a list of ids: a plan that needs no statistics, so a
        broadcast right after a large import is as fast as any other."""
        columns = [Contact.id, Contact.language] + ([Contact.tags] if with_tags else [])
        contacts = select(*columns).where(_opted_in())
        if after is not None:
            contacts = contacts.where(Contact.id > after)
        if regions:
            contacts = contacts.where(Contact.region.in_(regions))
        if countries:
            contacts = contacts.where(Contact.country.in_(countries))
        if languages:
            contacts = contacts.where(Contact.language.in_(languages))
        page = (await self.session.execute(contacts.order_by(Contact.id).limit(limit))).all()
        if not page:
            return []
        query = select(
            ChannelIdentity.contact_id,
            ChannelIdentity.id,
            ChannelIdentity.channel,
            ChannelIdentity.last_inbound_at,
        ).where(
            ChannelIdentity.contact_id.in_([row.id for row in page]),
            ChannelIdentity.blocked_at.is_(None),
        )
        if channels:
            query = query.where(ChannelIdentity.channel.in_(channels))
        if with_keys:
            query = query.add_columns(ContactKey.id, ContactKey.wrapped).outerjoin(
                ContactKey, ContactKey.contact_id == ChannelIdentity.contact_id
            )
        addresses: dict[uuid.UUID, list[Any]] = {}
        for address in await self.session.execute(query):
            addresses.setdefault(address[0], []).append(address)
        rows = []
        for contact in page:
            tags = (contact.tags or []) if with_tags else []
            for address in addresses.get(contact.id) or [None]:
                rows.append(
                    AudienceRow(
                        contact_id=contact.id,
                        language=contact.language,
                        tags=tags,
                        identity_id=address[1] if address else None,
                        channel=address[2] if address else None,
                        last_inbound_at=address[3] if address else None,
                        key_id=address[4] if address and with_keys else None,
                        wrapped_key=address[5] if address and with_keys else None,
                    )
                )
        return rows

    async def add_recipients(
        self,
        broadcast_id: uuid.UUID,
        messages: list[dict[str, Any]],
        recipients: list[dict[str, Any]],
        *,
        after: uuid.UUID | None,
        last: uuid.UUID,
        now: datetime,
        templates: Mapping[str, dict[str, Any]],
    ) -> None:
        """Write one batch: a message, a recipient and an outbox row per contact
        (`messages[i]` and `recipients[i]` are the same person's). A contact enqueued
        twice for one broadcast breaks the recipients' primary key, and the whole batch
        rolls back.

        The batch's recipients are those of contacts in (`after`, `last`]. Each outbox
        row takes its message's id (they are in different tables), so the time-ordered
        message ids keep the outbox's primary key append-only too. WhatsApp rows carry
        `templates[language]`.
        """
        if not messages:
            return
        connection = await self.session.connection()
        if connection.dialect.name == "postgresql":
            await self._copy_batch(connection, broadcast_id, messages, recipients, now, templates)
            return
        await self._insert_many(Message.__table__, messages)
        await self._insert_many(BroadcastRecipient.__table__, recipients)
        await self._outbox_from_messages(broadcast_id, after, last, now, templates)

    async def _copy_batch(
        self,
        connection: AsyncConnection,
        broadcast_id: uuid.UUID,
        messages: list[dict[str, Any]],
        recipients: list[dict[str, Any]],
        now: datetime,
        templates: Mapping[str, dict[str, Any]],
    ) -> None:
        """PostgreSQL: the three tables by binary COPY on the session's own connection
        (so in its transaction), the outbox rows built from the messages here. An INSERT
        of 5,000 rows from arrays spent most of the batch's time waiting on the server;
        COPY takes them as one stream with no statement to plan."""
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        for table, rows in (
            (Message.__table__, messages),
            (BroadcastRecipient.__table__, recipients),
        ):
            columns = list(rows[0])
            await raw.copy_records_to_table(
                table.name, columns=columns, records=[tuple(row.values()) for row in rows]
            )
        encoded = {language: json.dumps(value) for language, value in templates.items()}
        outbox = [
            (
                message["id"],
                message["created_at"],
                message["id"],
                message["identity_id"],
                message["channel"],
                PRIORITY_BULK,
                "pending",
                0,
                now,
                encoded.get(recipient["language"]) if message["channel"] == "whatsapp" else None,
                broadcast_id,
            )
            for message, recipient in zip(messages, recipients, strict=True)
        ]
        await raw.copy_records_to_table(
            OutboxItem.__tablename__, columns=OUTBOX_COLUMNS, records=outbox
        )

    async def _outbox_from_messages(
        self,
        broadcast_id: uuid.UUID,
        after: uuid.UUID | None,
        last: uuid.UUID,
        now: datetime,
        templates: Mapping[str, dict[str, Any]],
    ) -> None:
        """SQLite: the messages' outbox rows from the batch's messages with one INSERT … SELECT
        (no per-row work in Python)."""
        recipient = BroadcastRecipient
        template: Any = null()
        if templates:
            template = case(
                *(
                    (
                        and_(Message.channel == "whatsapp", recipient.language == language),
                        bindparam(f"template_{n}", value, type_=JSON),
                    )
                    for n, (language, value) in enumerate(sorted(templates.items()))
                ),
                else_=null(),
            )
        batch = [recipient.broadcast_id == broadcast_id, recipient.contact_id <= last]
        if after is not None:
            batch.append(recipient.contact_id > after)
        rows = (
            select(
                Message.id,
                Message.created_at,
                Message.id,
                Message.identity_id,
                Message.channel,
                literal(PRIORITY_BULK),
                literal("pending"),
                literal(0),
                literal(now, UTCDateTime()),
                template,
                literal(broadcast_id, Uuid()),
            )
            .join(recipient, recipient.message_id == Message.id)
            .where(*batch)
        )
        await self.session.execute(insert(OutboxItem.__table__).from_select(OUTBOX_COLUMNS, rows))

    async def due(self, now: datetime) -> list[uuid.UUID]:
        """Scheduled broadcasts whose time has come."""
        rows = await self.session.scalars(
            select(Broadcast.id).where(
                Broadcast.status == "scheduled", Broadcast.scheduled_at <= now
            )
        )
        return list(rows)

    async def sending(self) -> list[Broadcast]:
        rows = await self.session.scalars(select(Broadcast).where(Broadcast.status == "sending"))
        return list(rows)

    async def hold(self, broadcast_id: uuid.UUID, *, now: datetime) -> int:
        """Pause: the rows no sender holds leave the sender's reach (it claims only
        `pending` rows); rows already claimed finish their send."""
        return await self._move(
            broadcast_id,
            _reclaimable(now),
            status="paused",
            lease_owner=None,
            lease_expires_at=None,
        )

    async def release(self, broadcast_id: uuid.UUID, *, now: datetime) -> int:
        """Resume: the paused rows are ready again."""
        return await self._move(
            broadcast_id, OutboxItem.status == "paused", status="pending", next_attempt_at=now
        )

    async def cancel_waiting(self, broadcast_id: uuid.UUID, *, now: datetime) -> int:
        """Cancel every row not yet sent and not held by a sender; their messages say so
        (with the providers' spelling, `canceled`, which no delivery report overrides)."""
        waiting = or_(_reclaimable(now), OutboxItem.status == "paused")
        cancelled = select(OutboxItem.message_id).where(
            OutboxItem.broadcast_id == broadcast_id, waiting
        )
        await self.session.execute(
            update(Message)
            .where(Message.id.in_(cancelled))
            .values(status="canceled", status_at=now)
            .execution_options(synchronize_session=False)
        )
        return await self._move(
            broadcast_id, waiting, status="cancelled", lease_owner=None, lease_expires_at=None
        )

    async def fail_unsendable(
        self, broadcast_id: uuid.UUID, channels: Collection[str], *, code: str, now: datetime
    ) -> int:
        """Fail the waiting rows on a channel outside `channels` (its credentials were
        removed after they were enqueued): no sender would ever take them, and the
        broadcast could never finish. Their messages carry `code` for progress."""
        unsendable = and_(_reclaimable(now), OutboxItem.channel.not_in(list(channels)))
        failed = select(OutboxItem.message_id).where(
            OutboxItem.broadcast_id == broadcast_id, unsendable
        )
        await self.session.execute(
            update(Message)
            .where(Message.id.in_(failed))
            .values(status="failed", error_code=code, status_at=now)
            .execution_options(synchronize_session=False)
        )
        return await self._move(
            broadcast_id,
            unsendable,
            status="failed",
            last_error=code,
            lease_owner=None,
            lease_expires_at=None,
        )

    async def waiting(self, broadcast_id: uuid.UUID) -> int:
        """Rows of the broadcast that have not reached an outcome."""
        count = await self.session.scalar(
            select(func.count())
            .select_from(OutboxItem)
            .where(OutboxItem.broadcast_id == broadcast_id, OutboxItem.status.in_(WAITING))
        )
        return count or 0

    async def tallies(self, broadcast_id: uuid.UUID) -> list[Tally]:
        """Counts for progress and failures, in one grouped query."""
        error = func.coalesce(Message.error_code, OutboxItem.last_error)
        rows = await self.session.execute(
            select(OutboxItem.status, Message.status, error, func.count())
            .join(Message, Message.id == OutboxItem.message_id)
            .where(OutboxItem.broadcast_id == broadcast_id)
            .group_by(OutboxItem.status, Message.status, error)
        )
        return [Tally(row[0], row[1], row[2], row[3]) for row in rows]

    async def recipients_by(self, broadcast_id: uuid.UUID) -> dict[tuple[str, str], int]:
        """Recipients enqueued per (channel, language)."""
        rows = await self.session.execute(
            select(BroadcastRecipient.channel, BroadcastRecipient.language, func.count())
            .where(BroadcastRecipient.broadcast_id == broadcast_id)
            .group_by(BroadcastRecipient.channel, BroadcastRecipient.language)
        )
        return {(row[0], row[1]): row[2] for row in rows}

    async def listing(self, limit: int = 100) -> list[Broadcast]:
        rows = await self.session.scalars(
            select(Broadcast).order_by(Broadcast.created_at.desc()).limit(limit)
        )
        return list(rows)

    async def _insert_many(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """SQLite: one executemany with the values converted once by each column's own type:
        the same rows SQLAlchemy would write, without its per-row bookkeeping (half the
        time of a broadcast's enqueue went there)."""
        connection = await self.session.connection()
        dialect = connection.dialect
        columns = list(rows[0])
        compiled = insert(table).compile(dialect=dialect, column_keys=columns)
        order = compiled.positiontup or []
        converters = [
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order
        ]
        pairs = list(zip(order, converters, strict=True))
        parameters = [
            tuple(convert(row[name]) if convert else row[name] for name, convert in pairs)
            for row in rows
        ]
        await connection.exec_driver_sql(compiled.string, parameters)

    async def _move(
        self, broadcast_id: uuid.UUID, where: ColumnElement[bool], **values: Any
    ) -> int:
        result = await self.session.execute(
            update(OutboxItem)
            .where(OutboxItem.broadcast_id == broadcast_id, where)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount
