"""A broadcast's life, as staff drive it: write it, send it (now or when scheduled), pause,
resume, cancel. Each step is one transaction on the caller's session and audited.

The broadcast row is locked first, so a step never interleaves with an enqueue batch:
a pause that commits stops the enqueue at its next page, and the outbox rows already
written leave the sender's reach in the same commit.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts.audience import CHANNELS, Audience
from i18n.catalog import SUPPORTED_LANGUAGES
from storage.models import Broadcast, utcnow
from storage.repositories.audit import AuditRepository
from storage.repositories.broadcasts import BroadcastRepository

MAX_NAME = 200
MAX_TEXT = 1600  # one Twilio message; longer texts would go out as several
MAX_FILTER_VALUES = 200
CONTENT_SID = re.compile(r"^HX[0-9a-fA-F]{32}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
# Which status each action starts from.
SENDABLE = ("draft",)
PAUSABLE = ("sending",)
RESUMABLE = ("paused",)
CANCELLABLE = ("draft", "scheduled", "sending", "paused")


class BroadcastInvalid(ValueError):
    """A field of a new broadcast is wrong; `code` names the problem for translation."""

    def __init__(self, field_name: str, code: str) -> None:
        super().__init__(f"{field_name}: {code}")
        self.field = field_name
        self.code = code


class BroadcastConflict(Exception):
    """The action does not apply to the broadcast's current status."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class Draft:
    """What staff write: a text per language, whom it goes to, and when."""

    name: str
    texts: Mapping[str, str]
    fallback_language: str
    audience: Audience = field(default_factory=Audience)
    template_sid: str | None = None
    template_variables: Mapping[str, str] = field(default_factory=dict)
    scheduled_at: datetime | None = None


def _check(draft: Draft) -> None:
    if not draft.name.strip() or len(draft.name) > MAX_NAME:
        raise BroadcastInvalid("name", "length")
    if not draft.texts:
        raise BroadcastInvalid("texts", "missing")
    for language, text in draft.texts.items():
        if language not in SUPPORTED_LANGUAGES:
            raise BroadcastInvalid("texts", "language")
        if not text.strip() or len(text) > MAX_TEXT:
            raise BroadcastInvalid("texts", "length")
    if draft.fallback_language not in draft.texts:
        raise BroadcastInvalid("fallback_language", "no_text")
    audience = draft.audience
    if any(len(values) > MAX_FILTER_VALUES for values in audience.to_dict().values()):
        raise BroadcastInvalid("audience", "too_many")
    if not set(audience.channels) <= set(CHANNELS):
        raise BroadcastInvalid("audience", "channel")
    if not set(audience.languages) <= set(SUPPORTED_LANGUAGES):
        raise BroadcastInvalid("audience", "language")
    if not all(COUNTRY.match(country) for country in audience.countries):
        raise BroadcastInvalid("audience", "country")
    if draft.template_sid and not CONTENT_SID.match(draft.template_sid):
        raise BroadcastInvalid("template", "content_sid")
    if draft.template_variables and not draft.template_sid:
        raise BroadcastInvalid("template", "content_sid")
    if draft.scheduled_at is not None and draft.scheduled_at.tzinfo is None:
        raise BroadcastInvalid("scheduled_at", "timezone")


def _template(draft: Draft) -> dict[str, Any] | None:
    if not draft.template_sid:
        return None
    return {"content_sid": draft.template_sid, "variables": dict(draft.template_variables)}


async def _audit(session: AsyncSession, action: str, broadcast: Broadcast, actor: str) -> None:
    await AuditRepository(session).record(
        f"broadcast_{action}",
        actor_type="staff",
        actor_id=actor,
        object_type="broadcast",
        object_id=str(broadcast.id),
    )


async def create(session: AsyncSession, draft: Draft, *, staff_id: uuid.UUID) -> Broadcast:
    """A new broadcast, as a draft: nothing goes out until it is sent."""
    _check(draft)
    broadcast = Broadcast(
        id=uuid.uuid4(),
        name=draft.name.strip(),
        texts={language: text.strip() for language, text in draft.texts.items()},
        fallback_language=draft.fallback_language,
        audience=draft.audience.to_dict(),
        template=_template(draft),
        status="draft",
        scheduled_at=draft.scheduled_at,
        created_by=staff_id,
        recipients=0,
    )
    session.add(broadcast)
    await session.flush()
    await _audit(session, "created", broadcast, str(staff_id))
    return broadcast


async def _locked(
    session: AsyncSession, broadcast_id: uuid.UUID, allowed: tuple[str, ...]
) -> Broadcast:
    broadcast = await BroadcastRepository(session).lock(broadcast_id)
    if broadcast is None:
        raise LookupError(broadcast_id)
    if broadcast.status not in allowed:
        raise BroadcastConflict(broadcast.status)
    return broadcast


async def send(session: AsyncSession, broadcast_id: uuid.UUID, *, staff_id: uuid.UUID) -> Broadcast:
    """Start now, or at `scheduled_at` when that is still to come (the runner starts it)."""
    broadcast = await _locked(session, broadcast_id, SENDABLE)
    now = utcnow()
    if broadcast.scheduled_at is not None and broadcast.scheduled_at > now:
        broadcast.status = "scheduled"
    else:
        broadcast.status, broadcast.started_at = "sending", now
    await session.flush()
    await _audit(session, "sent", broadcast, str(staff_id))
    return broadcast


async def pause(
    session: AsyncSession, broadcast_id: uuid.UUID, *, staff_id: uuid.UUID
) -> Broadcast:
    """Stop further sends at once; the rows a sender already holds finish."""
    broadcast = await _locked(session, broadcast_id, PAUSABLE)
    broadcast.status = "paused"
    await BroadcastRepository(session).hold(broadcast.id, now=utcnow())
    await session.flush()
    await _audit(session, "paused", broadcast, str(staff_id))
    return broadcast


async def resume(
    session: AsyncSession, broadcast_id: uuid.UUID, *, staff_id: uuid.UUID
) -> Broadcast:
    broadcast = await _locked(session, broadcast_id, RESUMABLE)
    broadcast.status = "sending"
    await BroadcastRepository(session).release(broadcast.id, now=utcnow())
    await session.flush()
    await _audit(session, "resumed", broadcast, str(staff_id))
    return broadcast


async def cancel(
    session: AsyncSession, broadcast_id: uuid.UUID, *, staff_id: uuid.UUID
) -> Broadcast:
    """Nothing more goes out: every row not yet sent ends as cancelled."""
    broadcast = await _locked(session, broadcast_id, CANCELLABLE)
    now = utcnow()
    broadcast.status, broadcast.finished_at = "cancelled", now
    await BroadcastRepository(session).cancel_waiting(broadcast.id, now=now)
    await session.flush()
    await _audit(session, "cancelled", broadcast, str(staff_id))
    return broadcast
