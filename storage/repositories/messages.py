"""The transcript and the outbox: an outbound message and its send job are one write."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PRIORITY_REPLY, ChannelIdentity, Message, OutboxItem, utcnow
from storage.vault import Vault


class MessageRepository:
    def __init__(self, session: AsyncSession, vault: Vault) -> None:
        self.session = session
        self.vault = vault
        self._last_at: datetime | None = None

    def _next_at(self) -> datetime:
        """Now, but strictly after the previous message of this unit of work: replies
        written together keep their order in the transcript and in the outbox."""
        now = utcnow()
        if self._last_at is not None and now <= self._last_at:
            now = self._last_at + timedelta(microseconds=1)
        self._last_at = now
        return now

    async def record_inbound(
        self,
        identity: ChannelIdentity,
        body: str,
        *,
        case_id: uuid.UUID | None = None,
        provider_id: str | None = None,
    ) -> Message:
        """Keep what the person wrote, sealed with their key. Writing to us again also
        means they unblocked us (Telegram), so sending is allowed again."""
        identity.last_inbound_at = utcnow()
        identity.blocked_at = None
        return await self._add(
            identity, "in", body, status="received", case_id=case_id, provider_id=provider_id
        )

    async def enqueue_outbound(
        self,
        identity: ChannelIdentity,
        body: str,
        *,
        case_id: uuid.UUID | None = None,
        priority: int = PRIORITY_REPLY,
        template: dict[str, Any] | None = None,
        broadcast_id: uuid.UUID | None = None,
    ) -> Message:
        """Write the message and its outbox row in the caller's transaction, so a reply
        exists exactly when the state change that produced it does."""
        message = await self._add(identity, "out", body, status="pending", case_id=case_id)
        self.session.add(
            OutboxItem(
                created_at=message.created_at,
                message_id=message.id,
                identity_id=identity.id,
                channel=identity.channel,
                priority=priority,
                template=template,
                broadcast_id=broadcast_id,
                next_attempt_at=utcnow(),
            )
        )
        await self.session.flush()
        return message

    async def record_local_outbound(
        self, identity: ChannelIdentity, body: str, *, case_id: uuid.UUID | None = None
    ) -> Message:
        """A reply on a local channel (simulator, terminal): shown at once, nothing to send."""
        return await self._add(identity, "out", body, status="delivered", case_id=case_id)

    async def body_of(self, message: Message) -> str:
        body = await self.vault.open_from(message, "body_enc", contact_id=message.contact_id)
        assert body is not None  # the column is NOT NULL
        return body

    async def for_case(self, case_id: uuid.UUID) -> list[Message]:
        rows = await self.session.scalars(
            select(Message).where(Message.case_id == case_id).order_by(Message.created_at)
        )
        return list(rows)

    async def _add(
        self,
        identity: ChannelIdentity,
        direction: str,
        body: str,
        *,
        status: str,
        case_id: uuid.UUID | None,
        provider_id: str | None = None,
    ) -> Message:
        message = Message(
            id=uuid.uuid4(),
            contact_id=identity.contact_id,
            identity_id=identity.id,
            case_id=case_id,
            channel=identity.channel,
            direction=direction,
            status=status,
            provider_id=provider_id,
            created_at=(at := self._next_at()),
            status_at=at,
        )
        await self.vault.seal_into(message, "body_enc", body, contact_id=identity.contact_id)
        self.session.add(message)
        await self.session.flush()
        return message
