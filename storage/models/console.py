"""What the console keeps about staff sign-ins and casework beyond the case itself:
server-side sessions, login throttles, second factors, referrals to partners, and the
limits on searches and exports."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, CreatedAt, UTCDateTime, UUIDPrimaryKey, utcnow

SESSION_STAGES = ("password", "enrol", "full")


class StaffSession(UUIDPrimaryKey, CreatedAt, Base):
    """A signed-in browser. Only the SHA-256 of its random id is stored, so a copy of the
    table opens no session. `stage` is how far the login got (password, then the second
    factor or its enrolment)."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(16))
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pending_totp_enc: Mapped[bytes | None] = mapped_column(LargeBinary)


class LoginThrottle(Base):
    """Failed logins under one key (an account, or an address): each failure past the
    free ones doubles the wait before the next try, up to a cap."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StaffSecondFactor(Base):
    """A staff member's TOTP bookkeeping: the last time step used (a code works once) and
    the SHA-256 of each unused recovery code."""

    __tablename__ = "staff_second_factors"

    staff_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True
    )
    last_step: Mapped[int] = mapped_column(Integer, default=0)
    recovery_hashes: Mapped[list[str]] = mapped_column(JSON, default=list)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Connection(UUIDPrimaryKey, CreatedAt, Base):
    """A referral of a case to a partner organisation: a "connection" in the figures."""

    __tablename__ = "connections"

    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    partner: Mapped[str] = mapped_column(String(200))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )


class StaffRateLimit(Base):
    """One staff member's recent uses of a limited action (free-text search, export).

    `hits` holds `[epoch seconds, fingerprint]` pairs inside the window, oldest first; the
    fingerprint is a short hash of what was asked, never the words, so the same search
    asked again (the page polling, the next page) is not counted twice. Kept in the
    database so the limit holds across every web process and restart.
    """

    __tablename__ = "staff_rate_limits"

    staff_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True
    )
    action: Mapped[str] = mapped_column(String(32), primary_key=True)
    hits: Mapped[list[list[float | str]]] = mapped_column(JSON, default=list)
