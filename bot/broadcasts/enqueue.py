"""Turning a broadcast into outbox rows, one page of the audience per transaction.

Each batch locks the broadcast, reads the next page after its cursor, writes a message
(sealed with the person's own key, like every message they receive), a recipient row
and an outbox row for each, and moves the cursor, all in one commit. A batch that dies
leaves nothing; the next one starts from the cursor it did not move, so no contact is
missed and none is written twice (the recipients' primary key would refuse it anyway).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcasts.audience import PAGE_SIZE, Recipient, page
from bot.sender.prepare import ONLY_OUTSIDE_WINDOW
from i18n.sms import for_channel
from storage.crypto import DataKey, KeyRing, associated_data, seal
from storage.db import unit_of_work
from storage.models import Broadcast, utcnow
from storage.ordered_ids import uuid7
from storage.repositories.broadcasts import BroadcastRepository
from storage.vault import Vault


@dataclass(frozen=True)
class BatchResult:
    written: int
    more: bool
    cursor: uuid.UUID | None = None  # the last contact written, when there may be more


def row_templates(broadcast: Broadcast) -> dict[str, dict[str, Any]]:
    """The template an outbox row carries, per language: the broadcast's ContentSid and
    its variables with `{text}` replaced by the text in that language; the sender uses it
    only outside WhatsApp's window."""
    if not broadcast.template:
        return {}
    variables = broadcast.template.get("variables") or {}
    return {
        language: {
            "content_sid": broadcast.template["content_sid"],
            "variables": {str(k): str(v).replace("{text}", text) for k, v in variables.items()},
            "when": ONLY_OUTSIDE_WINDOW,
        }
        for language, text in broadcast.texts.items()
    }


class _Rows:
    """The message and recipient rows of one batch, built in memory for bulk inserts."""

    def __init__(self, broadcast: Broadcast, now: datetime) -> None:
        # Copied: the rows may be finished after the session that read the broadcast.
        self.broadcast_id, self.texts, self.now = broadcast.id, dict(broadcast.texts), now
        self.messages: list[dict[str, Any]] = []
        self.recipients: list[dict[str, Any]] = []
        self._bodies: dict[tuple[str, str], bytes] = {}

    def _body(self, language: str, channel: str) -> bytes:
        key = (language, channel)
        if key not in self._bodies:
            self._bodies[key] = for_channel(self.texts[language], channel).encode()
        return self._bodies[key]

    def add(self, recipient: Recipient, key: DataKey) -> None:
        message_id = uuid7()
        # Strictly increasing times keep the audience's order in the sender's queue.
        at = self.now + timedelta(microseconds=len(self.messages))
        body = self._body(recipient.language, recipient.channel)
        self.messages.append(
            {
                "id": message_id,
                "contact_id": recipient.contact_id,
                "identity_id": recipient.identity_id,
                "channel": recipient.channel,
                "direction": "out",
                "body_enc": seal(key, body, associated_data("messages", "body_enc", message_id)),
                "status": "pending",
                "created_at": at,
                "status_at": at,
            }
        )
        self.recipients.append(
            {
                "broadcast_id": self.broadcast_id,
                "contact_id": recipient.contact_id,
                "message_id": message_id,
                "channel": recipient.channel,
                "language": recipient.language,
            }
        )


@dataclass
class _Prepared:
    """A page read and sealed, not yet written: valid only while the broadcast's cursor
    is still `after`. People without a data key yet get one in the writing transaction."""

    after: uuid.UUID | None
    last: uuid.UUID | None
    rows: _Rows
    keyless: list[Recipient]


async def _prepare(
    session: AsyncSession,
    keyring: KeyRing,
    broadcast: Broadcast,
    after: uuid.UUID | None,
    size: int,
    channels: Collection[str] | None,
) -> _Prepared:
    found = await page(session, broadcast, after, size, with_keys=True, channels=channels)
    rows = _Rows(broadcast, utcnow())
    vault = Vault(session, keyring)  # only unwraps the keys read with the page
    keyless = []
    for recipient in found.recipients:
        if recipient.key_id is None or recipient.wrapped_key is None:
            keyless.append(recipient)  # someone who never wrote and was never imported
            continue
        key = vault.adopt_key(recipient.contact_id, recipient.key_id, recipient.wrapped_key)
        rows.add(recipient, key)
    return _Prepared(after, found.last, rows, keyless)


async def _write(
    session: AsyncSession,
    keyring: KeyRing,
    broadcast_id: uuid.UUID,
    ahead: _Prepared | None,
    size: int,
    channels: Collection[str] | None,
) -> BatchResult:
    """Lock the broadcast and write the page at its cursor: `ahead` when it was read at
    that cursor, else the page read now."""
    repository = BroadcastRepository(session)
    broadcast = await repository.lock(broadcast_id)
    if broadcast is None or broadcast.status != "sending" or broadcast.enqueued_at is not None:
        return BatchResult(0, more=False)
    now = utcnow()
    prepared = ahead
    if prepared is None or prepared.after != broadcast.cursor:
        prepared = await _prepare(session, keyring, broadcast, broadcast.cursor, size, channels)
    if prepared.last is None:
        broadcast.enqueued_at = now
        await session.flush()
        return BatchResult(0, more=False)
    rows = prepared.rows
    if prepared.keyless:
        vault = Vault(session, keyring)
        for recipient in prepared.keyless:
            rows.add(recipient, await vault.contact_key(recipient.contact_id, create=True))
        await session.flush()  # the keys made for them
    await repository.add_recipients(
        broadcast.id,
        rows.messages,
        rows.recipients,
        after=broadcast.cursor,
        last=prepared.last,
        now=now,
        templates=row_templates(broadcast),
    )
    broadcast.cursor = prepared.last
    broadcast.recipients += len(rows.messages)
    await session.flush()
    return BatchResult(len(rows.messages), more=True, cursor=prepared.last)


async def enqueue_batch(
    session: AsyncSession,
    keyring: KeyRing,
    broadcast_id: uuid.UUID,
    size: int = PAGE_SIZE,
    *,
    channels: Collection[str] | None = None,
) -> BatchResult:
    """One page, in the caller's transaction, for contacts reachable on `channels` (the
    configured ones; None: all). Does nothing unless the broadcast is sending (a pause or
    a cancel that committed first stops the enqueue too)."""
    return await _write(session, keyring, broadcast_id, None, size, channels)


async def _read_ahead(
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    broadcast_id: uuid.UUID,
    after: uuid.UUID | None,
    size: int,
    channels: Collection[str] | None,
) -> _Prepared | None:
    """The page after `after`, prepared in a read-only transaction of its own."""
    async with unit_of_work(sessions) as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        if broadcast is None or broadcast.status != "sending":
            return None
        return await _prepare(session, keyring, broadcast, after, size, channels)


def _reads_beside_writes(sessions: async_sessionmaker[AsyncSession]) -> bool:
    """PostgreSQL reads beside a writing transaction; every SQLite transaction here
    begins IMMEDIATE, so a read would only wait for the write."""
    bind = sessions.kw.get("bind")
    return bind is not None and bind.dialect.name == "postgresql"


async def enqueue(
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    broadcast_id: uuid.UUID,
    size: int = PAGE_SIZE,
    stop: asyncio.Event | None = None,
    *,
    channels: Collection[str] | None = None,
) -> int:
    """Enqueue the rest of the audience, one transaction per page, until done or `stop`
    is set (the next run resumes at the cursor); rows written.

    On PostgreSQL the next page is read and sealed while the current one is written (the
    process waited on the server for half the time otherwise); it is written only if the
    cursor it was read at is still the broadcast's, in the transaction that moves it."""
    total = 0
    ahead: _Prepared | None = None
    following: asyncio.Task[_Prepared | None] | None = None
    overlap = _reads_beside_writes(sessions)
    try:
        while stop is None or not stop.is_set():
            if following is not None:
                ahead, following = await following, None
            if overlap and ahead is not None and ahead.last is not None:
                following = asyncio.create_task(
                    _read_ahead(sessions, keyring, broadcast_id, ahead.last, size, channels)
                )
            async with unit_of_work(sessions) as session:
                result = await _write(session, keyring, broadcast_id, ahead, size, channels)
            total += result.written
            if not result.more:
                break
            if overlap and following is None:
                # The page just written was read inside its transaction: read the next.
                following = asyncio.create_task(
                    _read_ahead(sessions, keyring, broadcast_id, result.cursor, size, channels)
                )
    finally:
        if following is not None:  # stopped, or failed: the page read ahead is dropped
            following.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await following
    return total
