"""Inbound provider deliveries: stored once, whatever the provider retries."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import associated_data
from storage.models import InboundEvent, utcnow
from storage.repositories._dialect import insert_ignoring_conflicts
from storage.vault import Vault


class InboundEventRepository:
    def __init__(self, session: AsyncSession, vault: Vault) -> None:
        self.session = session
        self.vault = vault

    async def record(self, channel: str, external_id: str, payload: str) -> uuid.UUID | None:
        """Store the delivery; its id, or None when this (channel, external_id) was
        already stored. One statement: a webhook answers only once this is done."""
        event_id = uuid.uuid4()
        sealed = self.vault.keyring.seal_system(
            payload, associated_data(InboundEvent.__tablename__, "payload_enc", event_id)
        )
        result = await self.session.execute(
            insert_ignoring_conflicts(
                self.session,
                InboundEvent,
                id=event_id,
                channel=channel,
                external_id=external_id,
                payload_enc=sealed,
                received_at=utcnow(),
            )
        )
        return event_id if result.rowcount else None

    async def payload(self, event: InboundEvent) -> str | None:
        return await self.vault.open_from(event, "payload_enc", contact_id=None)

    async def mark_handled(self, event: InboundEvent) -> None:
        """Done: drop the payload, keep the provider id as the replay defence."""
        event.handled_at = utcnow()
        event.payload_enc = None
        await self.session.flush()

    async def unhandled(self, limit: int = 100) -> list[InboundEvent]:
        rows = await self.session.scalars(
            select(InboundEvent)
            .where(InboundEvent.handled_at.is_(None))
            .order_by(InboundEvent.received_at)
            .limit(limit)
        )
        return list(rows)
