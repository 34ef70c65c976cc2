"""Delivery status reports, applied to the message they belong to: forward only.

Providers repeat callbacks and deliver them out of order; a late `sent` after `delivered`
changes nothing, `read` implies `delivered`, and the failure states are final. The web
layer calls `apply_status_update` in its request's unit of work, after verifying the
callback's signature and parsing it with the adapter (`adapter.parse_status`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from channels.base import StatusUpdate, should_advance
from storage.models import utcnow
from storage.repositories.outbox import MAX_CODE, OutboxRepository

# One Twilio status URL serves both channels; provider ids are unique across them.
TWILIO_CHANNELS = ("sms", "whatsapp")


class StatusOutcome(StrEnum):
    APPLIED = "applied"
    UNCHANGED = "unchanged"  # a duplicate, or older than what we know
    UNKNOWN = "unknown"  # no message has this provider id


async def apply_status_update(
    session: AsyncSession,
    update: StatusUpdate,
    *,
    channels: Collection[str],
    now: datetime | None = None,
) -> StatusOutcome:
    """Move the message's status forward to `update.status`, keeping its error code."""
    message = await OutboxRepository(session).message_for_provider_id(
        channels, update.provider_message_id
    )
    if message is None:
        return StatusOutcome.UNKNOWN
    if not should_advance(message.status, update.status):
        return StatusOutcome.UNCHANGED
    message.status = update.status
    message.status_at = now or utcnow()
    if update.error_code:
        message.error_code = update.error_code[:MAX_CODE]
    await session.flush()
    return StatusOutcome.APPLIED
