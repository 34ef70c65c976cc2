"""Delivery reports: the message a provider id belongs to, and reports kept until it is
known (a provider may call back before the sender has recorded the id it answered)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import EarlyStatus, Message, OutboxItem, OutboxPart
from storage.repositories._dialect import insert_ignoring_conflicts


class StatusRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def message_for_provider_id(
        self, channels: Collection[str], provider_id: str
    ) -> Message | None:
        """The outbound message a provider id belongs to (any part of a split message)."""
        message = await self.session.scalar(
            select(Message).where(Message.channel.in_(channels), Message.provider_id == provider_id)
        )
        if message is not None:
            return message
        return await self.session.scalar(
            select(Message)
            .join(OutboxItem, OutboxItem.message_id == Message.id)
            .join(OutboxPart, OutboxPart.outbox_id == OutboxItem.id)
            .where(OutboxItem.channel.in_(channels), OutboxPart.provider_id == provider_id)
        )

    async def park(
        self, provider_id: str, status: str, error_code: str | None, *, now: datetime
    ) -> None:
        """Keep a report for a provider id no message has yet; a repeat is ignored."""
        await self.session.execute(
            insert_ignoring_conflicts(
                self.session,
                EarlyStatus,
                provider_id=provider_id,
                status=status,
                error_code=error_code,
                received_at=now,
            )
        )

    async def parked(self) -> list[EarlyStatus]:
        """The reports kept, oldest first."""
        rows = await self.session.scalars(select(EarlyStatus).order_by(EarlyStatus.received_at))
        return list(rows)

    async def forget(self, report: EarlyStatus) -> None:
        await self.session.delete(report)
        await self.session.flush()

    async def forget_before(self, before: datetime) -> None:
        """Drop reports no message claimed in time (a send whose outcome was lost)."""
        await self.session.execute(delete(EarlyStatus).where(EarlyStatus.received_at < before))
