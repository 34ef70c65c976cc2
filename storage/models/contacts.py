"""People who write to Frontdoor, their data keys and their channel identities."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, CreatedAt, UTCDateTime, UUIDPrimaryKey


class Contact(UUIDPrimaryKey, CreatedAt, Base):
    """A person. Their name is sealed with their own data key."""

    __tablename__ = "contacts"
    # The contact list pages newest first.
    __table_args__ = (Index("ix_contacts_created_at_id", "created_at", "id"),)

    name_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    language: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(32))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ContactKey(CreatedAt, Base):
    """A contact's data key, wrapped by a master key. Deleting the row shreds their data."""

    __tablename__ = "contact_keys"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    contact_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), unique=True
    )
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)


class ChannelIdentity(UUIDPrimaryKey, CreatedAt, Base):
    """An address on one channel (phone number, WhatsApp id, Telegram chat id).

    It belongs to a contact, or to a staff member who receives alerts on it. The address
    is sealed; `address_index` is its blind index, the only way to find it.
    """

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "address_index"),)

    channel: Mapped[str] = mapped_column(String(16))
    address_enc: Mapped[bytes] = mapped_column(LargeBinary)
    address_index: Mapped[bytes] = mapped_column(LargeBinary(32))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
