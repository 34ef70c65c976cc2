"""Turning a broadcast into outbox rows, one page of the audience per transaction.

Each batch locks the broadcast, reads the next page after its cursor, writes a message
(sealed with the person's own key, like every message they receive), a recipient row
and an outbox row for each, and moves the cursor, all in one commit. A batch that dies
leaves nothing; the next one starts from the cursor it did not move, so no contact is
missed and none is written twice (the recipients' primary key would refuse it anyway).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcasts.audience import PAGE_SIZE, Recipient, page
from bot.sender.prepare import ONLY_OUTSIDE_WINDOW
from i18n.sms import for_channel
from storage.crypto import KeyRing, associated_data, seal
from storage.db import unit_of_work
from storage.models import Broadcast, utcnow
from storage.ordered_ids import uuid7
from storage.repositories.broadcasts import BroadcastRepository
from storage.vault import Vault


@dataclass(frozen=True)
class BatchResult:
    written: int
    more: bool


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

    def __init__(self, broadcast: Broadcast, vault: Vault, now: datetime) -> None:
        self.broadcast, self.vault, self.now = broadcast, vault, now
        self.messages: list[dict[str, Any]] = []
        self.recipients: list[dict[str, Any]] = []
        self._bodies: dict[tuple[str, str], bytes] = {}

    def _body(self, language: str, channel: str) -> bytes:
        key = (language, channel)
        if key not in self._bodies:
            self._bodies[key] = for_channel(self.broadcast.texts[language], channel).encode()
        return self._bodies[key]

    async def add(self, recipient: Recipient) -> None:
        if recipient.key_id is not None and recipient.wrapped_key is not None:
            key = self.vault.adopt_key(
                recipient.contact_id, recipient.key_id, recipient.wrapped_key
            )
        else:  # someone who never wrote and was never imported with a key
            key = await self.vault.contact_key(recipient.contact_id, create=True)
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
                "broadcast_id": self.broadcast.id,
                "contact_id": recipient.contact_id,
                "message_id": message_id,
                "channel": recipient.channel,
                "language": recipient.language,
            }
        )


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
    repository = BroadcastRepository(session)
    broadcast = await repository.lock(broadcast_id)
    if broadcast is None or broadcast.status != "sending" or broadcast.enqueued_at is not None:
        return BatchResult(0, more=False)
    now = utcnow()
    found = await page(
        session, broadcast, broadcast.cursor, size, with_keys=True, channels=channels
    )
    recipients, last = found.recipients, found.last
    if last is None:
        broadcast.enqueued_at = now
        await session.flush()
        return BatchResult(0, more=False)
    rows = _Rows(broadcast, Vault(session, keyring), now)
    for recipient in recipients:
        await rows.add(recipient)
    await session.flush()  # keys made for contacts who had none yet
    await repository.add_recipients(
        broadcast.id,
        rows.messages,
        rows.recipients,
        after=broadcast.cursor,
        last=last,
        now=now,
        templates=row_templates(broadcast),
    )
    broadcast.cursor = last
    broadcast.recipients += len(recipients)
    await session.flush()
    return BatchResult(len(recipients), more=True)


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
    is set (the next run resumes at the cursor); rows written."""
    total = 0
    while stop is None or not stop.is_set():
        async with unit_of_work(sessions) as session:
            result = await enqueue_batch(session, keyring, broadcast_id, size, channels=channels)
        total += result.written
        if not result.more:
            break
    return total
