"""Cases, their events and notes, and the counters that number them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, CreatedAt, UTCDateTime, UUIDPrimaryKey, utcnow

CASE_STATUSES = ("new", "open", "waiting", "referred", "closed")
PRIORITIES = ("urgent", "high", "normal", "low")
RISK_LEVELS = ("urgent", "elevated", "none")
ACTIVITY_FILTERS = ("priority", "status", "language", "channel", "country")


class Case(UUIDPrimaryKey, CreatedAt, Base):
    """A classified, routed request. Labels are ids (filterable); their evidence is words
    from the person's messages, so it is sealed with the contact's key."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_queue_status_priority", "queue", "status", "priority"),
        # The console's queue: pinned urgent cases, then by latest activity per queue/status.
        Index("ix_cases_priority_status", "priority", "status"),
        # The queue's order with every column a list filters on: a page's ids, however
        # deep, are counted off the index alone (bot/casework/listing.py).
        Index("ix_cases_activity", "updated_at", "reference", "queue", *ACTIVITY_FILTERS, "id"),
        Index(
            "ix_cases_queue_activity", "queue", "updated_at", "reference", *ACTIVITY_FILTERS, "id"
        ),
        Index("ix_cases_status_updated_at", "status", "updated_at"),
        Index("ix_cases_queue_status_updated_at", "queue", "status", "updated_at"),
        Index("ix_cases_country_status_priority", "country", "status", "priority"),
        # Counting by status, and the pinned cases, under a language or channel filter.
        Index("ix_cases_language_status_priority", "language", "status", "priority"),
        Index("ix_cases_channel_status_priority", "channel", "status", "priority"),
        # Counting a label's cases by status joins on id: this answers it from the index.
        Index("ix_cases_id_queue_status", "id", "queue", "status"),
    )

    reference: Mapped[str] = mapped_column(String(20), unique=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    identity_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("channel_identities.id", ondelete="SET NULL")
    )
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="new")
    priority: Mapped[str] = mapped_column(String(16), default="normal")
    queue: Mapped[str] = mapped_column(String(32), default="global")
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL"), index=True
    )
    language: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(32))
    labels: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    evidence_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    risk: Mapped[str] = mapped_column(String(16), default="none")
    routing_rule: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CaseEvent(UUIDPrimaryKey, Base):
    """Every change to a case: who, what, when. Never the content."""

    __tablename__ = "case_events"

    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_type: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Note(UUIDPrimaryKey, CreatedAt, Base):
    """An internal note by staff; sealed with the case's contact key."""

    __tablename__ = "notes"

    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    body_enc: Mapped[bytes] = mapped_column(LargeBinary)


class Counter(Base):
    """Named sequences (one per year for case references), incremented atomically."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(UUIDPrimaryKey, Base):
    """Who saw or did what, when (UTC). Ids and kinds only, never content."""

    __tablename__ = "audit_log"

    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_type: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    request_id: Mapped[str | None] = mapped_column(String(64))
