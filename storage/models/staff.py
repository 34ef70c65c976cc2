"""Staff accounts, queues, memberships and API tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, CreatedAt, UTCDateTime, UUIDPrimaryKey

ROLES = ("admin", "secretariat", "coordinator", "defenders")


class StaffUser(UUIDPrimaryKey, CreatedAt, Base):
    """A console account. The TOTP secret is sealed with the system key."""

    __tablename__ = "staff_users"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    totp_secret_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    ui_language: Mapped[str] = mapped_column(String(16), default="en")
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Queue(CreatedAt, Base):
    """A work queue: `defenders`, `secretariat`, `global`, or one per region."""

    __tablename__ = "queues"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))


class QueueMembership(Base):
    __tablename__ = "queue_memberships"

    staff_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True
    )
    queue_id: Mapped[str] = mapped_column(
        ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True
    )


class ApiToken(UUIDPrimaryKey, CreatedAt, Base):
    """A bearer token, stored as its SHA-256: tokens are 256 random bits, so a fast hash
    is enough and lookups stay one indexed query."""

    __tablename__ = "api_tokens"

    staff_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
