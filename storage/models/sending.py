"""What the sender must remember across restarts: parts already sent, and send rates."""

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
    """The recent sends under one rate-limit key (a channel, or one chat).

    `slots` holds `[expires_at, weight]` pairs in epoch seconds: a send occupies `weight`
    of the key's capacity until `expires_at`. Kept in the database so that a restarted
    sender, or a second one, sees what was just sent and does not burst.
    """

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(96), primary_key=True)
    slots: Mapped[list[list[float]]] = mapped_column(JSON, default=list)
    paused_until: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[float] = mapped_column(Float, default=0.0, index=True)
