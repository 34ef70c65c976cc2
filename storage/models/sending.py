"""What the sender must remember across restarts: parts already sent, send rates, and
delivery reports that came early."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class OutboxPart(Base):
    """One part of a long outbox message that the provider accepted.

    Written as soon as the part is accepted, so a sender that dies in the middle of a
    split message resumes after the last part instead of sending the earlier ones again.
    """

    __tablename__ = "outbox_parts"

    outbox_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[str] = mapped_column(String(64), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RateLimitState(Base):
    """The recent sends under one rate-limit key (a channel, with its chats inside).

    `slots` holds `[expires_at, weight, token, scope]` in epoch seconds: a send occupies
    `weight` of the capacity of `scope` ("" for the whole key, else one chat) until
    `expires_at`; `token` is set while its call is in flight. Kept in the database so that
    a restarted sender, or a second one, sees what was just sent and does not burst.
    """

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(96), primary_key=True)
    slots: Mapped[list[list[float]]] = mapped_column(JSON, default=list)
    paused_until: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[float] = mapped_column(Float, default=0.0, index=True)


class EarlyStatus(Base):
    """A delivery report that arrived before its message's provider id was recorded.

    A provider may call back as soon as it accepts a message, before the sender has
    committed the id it answered; the report waits here and is applied once it has.
    """

    __tablename__ = "early_statuses"

    provider_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    error_code: Mapped[str | None] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
