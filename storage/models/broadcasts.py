"""Broadcasts: one announcement, a text per language, sent in bulk to a chosen audience.

The texts are kept in clear on purpose: they are the secretariat's public announcement,
written to be sent to thousands of people, not anyone's personal data; staff read them in
every list. What each person received is their own message row, sealed with their key
like every other message, so erasing them erases it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, CreatedAt, UTCDateTime, UUIDPrimaryKey

# draft -> scheduled -> sending <-> paused -> done; any but done -> cancelled.
BROADCAST_STATUSES = ("draft", "scheduled", "sending", "paused", "cancelled", "done")
AUDIENCE_FIELDS = ("regions", "countries", "languages", "channels", "tags")


class Broadcast(UUIDPrimaryKey, CreatedAt, Base):
    """An announcement and how far its sending has gone.

    `audience` holds one list per field of `AUDIENCE_FIELDS` (an empty list means "any").
    `template` is the approved WhatsApp template (`content_sid`, `variables`) used for
    recipients outside the 24-hour window. Enqueueing walks the audience in contact id
    order; `cursor` is the last contact enqueued, written in each batch's transaction, so
    an interrupted enqueue resumes exactly where it stopped.
    """

    __tablename__ = "broadcasts"
    __table_args__ = (Index("ix_broadcasts_status_scheduled_at", "status", "scheduled_at"),)

    name: Mapped[str] = mapped_column(String(200))
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    fallback_language: Mapped[str] = mapped_column(String(16))
    audience: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    template: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    cursor: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    recipients: Mapped[int] = mapped_column(Integer, default=0)


class BroadcastRecipient(Base):
    """One contact a broadcast was enqueued for: the primary key makes "at most one
    message per contact per broadcast" a rule of the database, not of the code."""

    __tablename__ = "broadcast_recipients"
    __table_args__ = (
        Index("ix_broadcast_recipients_broadcast_language", "broadcast_id", "language"),
    )

    broadcast_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    message_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), unique=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(16))
