"""The transcript (messages in and out) and the outbox that sends them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, CreatedAt, UTCDateTime, UUIDPrimaryKey

# Outbox priorities: lower goes first, so replies to people never wait behind a broadcast.
PRIORITY_REPLY = 0
PRIORITY_ALERT = 10
PRIORITY_BULK = 50


class Message(UUIDPrimaryKey, CreatedAt, Base):
    """One message of a conversation, in or out; the body is sealed.

    Staff alerts have no contact: their body is sealed with the system key.
    """

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("channel", "provider_id"),
        Index("ix_messages_case_id_created_at", "case_id", "created_at"),
    )

    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    identity_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("channel_identities.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(3))
    body_enc: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16))
    provider_id: Mapped[str | None] = mapped_column(String(64))
    error_code: Mapped[str | None] = mapped_column(String(16))
    status_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


UNFINISHED = text("status IN ('pending', 'leased')")


class OutboxItem(UUIDPrimaryKey, CreatedAt, Base):
    """A message waiting to be sent: claimed by a sender with a lease, sent at most once
    per successful claim, retried on transient errors."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_ready", "status", "priority", "next_attempt_at"),
        # A person's unfinished rows in sending order: the claim skips a row while one of
        # theirs is ahead of it, and looks that up for every ready row. Without it
        # PostgreSQL, planning from statistics taken while the outbox was empty, read the
        # whole ready index for each: 0.9 s a claim with 4,500 rows waiting.
        Index(
            "ix_outbox_identity_unfinished",
            "identity_id",
            "priority",
            "created_at",
            postgresql_where=UNFINISHED,
            sqlite_where=UNFINISHED,
        ),
        # A broadcast's progress, and pausing or cancelling its waiting rows.
        Index("ix_outbox_broadcast_id_status", "broadcast_id", "status"),
    )

    message_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), unique=True
    )
    identity_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("channel_identities.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(Integer, default=PRIORITY_REPLY)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    provider_id: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    template: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    broadcast_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="SET NULL")
    )
