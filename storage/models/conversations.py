"""Conversation state per channel identity, and the raw inbound events."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, CreatedAt, UTCDateTime, UUIDPrimaryKey, utcnow


class Conversation(UUIDPrimaryKey, CreatedAt, Base):
    """Where one identity is in the intake conversation. Persisted, so any process can
    continue it; `version` lets two concurrent messages detect each other."""

    __tablename__ = "conversations"

    identity_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("channel_identities.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[str] = mapped_column(String(32))
    answers_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    language: Mapped[str | None] = mapped_column(String(16))
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InboundEvent(UUIDPrimaryKey, Base):
    """A provider delivery, stored before we answer 2xx; the unique key refuses repeats.

    The payload is sealed with the system key and dropped once handled: only the
    provider's id stays, as the replay defence.
    """

    __tablename__ = "inbound_events"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    payload_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    identity_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("channel_identities.id", ondelete="SET NULL")
    )
