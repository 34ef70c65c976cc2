"""Calls for proposals and the applications people send to them by chat."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, CreatedAt, UTCDateTime, UUIDPrimaryKey, utcnow

# A draft is not offered to people yet; a closed call refuses new answers before its deadline.
CALL_STATUSES = ("draft", "published", "closed")
# Accepted in every language, whatever the call's own keywords add.
DEFAULT_CALL_KEYWORDS = ("APPLY", "POSTULER", "APLICAR", "CANDIDATAR")
# `in_progress` while the person is still answering; the rest is the review's path.
APPLICATION_STATUSES = (
    "in_progress",
    "received",
    "under_review",
    "shortlisted",
    "awarded",
    "declined",
    "referred",
)
REVIEW_STATUSES = APPLICATION_STATUSES[1:]


class Call(UUIDPrimaryKey, CreatedAt, Base):
    """A call for proposals, written by the secretariat once per language.

    Its text is the organisation's, not a person's, so nothing here is sealed.
    """

    __tablename__ = "calls"

    title: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    questions: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=lambda: list(DEFAULT_CALL_KEYWORDS))
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    status: Mapped[str] = mapped_column(String(16), default="published")
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Application(UUIDPrimaryKey, CreatedAt, Base):
    """One person's application to one call. The answers are the person's own words,
    sealed with their key; `question_index` is where a paused application resumes."""

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("call_id", "contact_id"),
        Index("ix_applications_call_id_status", "call_id", "status"),
    )

    call_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    contact_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    identity_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("channel_identities.id", ondelete="SET NULL")
    )
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    answers_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    question_index: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="in_progress")
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    partner: Mapped[str | None] = mapped_column(String(200))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
