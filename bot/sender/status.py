"""Delivery status reports, applied to the message they belong to: forward only.

Providers repeat callbacks and deliver them out of order; a late `sent` after `delivered`
changes nothing, `read` implies `delivered`, and the failure states are final. A report can
also arrive before the sender has recorded the provider id it was answered (Twilio calls
back at once): it is kept, and the sender applies it once the id is known
(`apply_early_statuses`).

The web layer calls `apply_status_update` in its request's unit of work, after verifying
the callback's signature and parsing it with the adapter (`adapter.parse_status`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from channels.base import StatusUpdate, should_advance
from storage.models import Message, utcnow
from storage.repositories.outbox import MAX_CODE
from storage.repositories.statuses import StatusRepository

# One Twilio status URL serves both channels; provider ids are unique across them.
TWILIO_CHANNELS = ("sms", "whatsapp")
# How long a report waits for its message: the send's outcome is recorded within a lease.
KEEP_EARLY = timedelta(hours=1)


class StatusOutcome(StrEnum):
    APPLIED = "applied"
    UNCHANGED = "unchanged"  # a duplicate, or older than what we know
    KEPT = "kept"  # no message has this provider id yet


def _advance(message: Message, status: str, error_code: str | None, now: datetime) -> bool:
    if not should_advance(message.status, status):
        return False
    message.status = status
    message.status_at = now
    if error_code:
        message.error_code = error_code[:MAX_CODE]
    return True


async def apply_status_update(
    session: AsyncSession,
    update: StatusUpdate,
    *,
    channels: Collection[str],
    now: datetime | None = None,
) -> StatusOutcome:
    """Move the message's status forward to `update.status`, keeping its error code."""
    now = now or utcnow()
    statuses = StatusRepository(session)
    message = await statuses.message_for_provider_id(channels, update.provider_message_id)
    if message is None:
        await statuses.park(update.provider_message_id, update.status, update.error_code, now=now)
        return StatusOutcome.KEPT
    applied = _advance(message, update.status, update.error_code, now)
    await session.flush()
    return StatusOutcome.APPLIED if applied else StatusOutcome.UNCHANGED


async def apply_early_statuses(
    session: AsyncSession, *, channels: Collection[str], now: datetime | None = None
) -> int:
    """Apply the kept reports whose message is now known; how many were applied."""
    now = now or utcnow()
    statuses = StatusRepository(session)
    await statuses.forget_before(now - KEEP_EARLY)
    applied = 0
    for report in await statuses.parked():
        message = await statuses.message_for_provider_id(channels, report.provider_id)
        if message is None:
            continue
        applied += _advance(message, report.status, report.error_code, now)
        await statuses.forget(report)
    return applied
