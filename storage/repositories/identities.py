"""Contacts and channel identities, found by blind index."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChannelIdentity, Contact
from storage.vault import Vault


def _index_kind(channel: str) -> str:
    return f"identity:{channel}"


class IdentityRepository:
    def __init__(self, session: AsyncSession, vault: Vault) -> None:
        self.session = session
        self.vault = vault

    async def find(self, channel: str, address: str) -> ChannelIdentity | None:
        """The identity for this address, under any configured master key's index."""
        indexes = self.vault.keyring.blind_indexes(_index_kind(channel), address)
        return await self.session.scalar(
            select(ChannelIdentity).where(
                ChannelIdentity.channel == channel, ChannelIdentity.address_index.in_(indexes)
            )
        )

    async def find_many(
        self, addresses: list[tuple[str, str]]
    ) -> dict[tuple[str, str], ChannelIdentity]:
        """The known identities among many (channel, address) pairs, in one query."""
        by_index: dict[tuple[str, bytes], tuple[str, str]] = {}
        for channel, address in addresses:
            for index in self.vault.keyring.blind_indexes(_index_kind(channel), address):
                by_index[(channel, index)] = (channel, address)
        if not by_index:
            return {}
        rows = await self.session.scalars(
            select(ChannelIdentity).where(
                ChannelIdentity.address_index.in_([index for _, index in by_index])
            )
        )
        return {
            by_index[(row.channel, row.address_index)]: row
            for row in rows
            if (row.channel, row.address_index) in by_index
        }

    async def find_or_create_contact_identity(
        self, channel: str, address: str, *, seen_at: datetime | None = None
    ) -> tuple[ChannelIdentity, bool]:
        """The identity of a person writing from `address`; a new contact the first time."""
        identity = await self.find(channel, address)
        if identity is not None:
            return identity, False
        contact = Contact(id=uuid.uuid4())
        self.session.add(contact)
        await self.session.flush()
        identity = await self._create(channel, address, contact_id=contact.id, staff_id=None)
        identity.last_inbound_at = seen_at
        return identity, True

    async def add_contact_identity(
        self, channel: str, address: str, contact_id: uuid.UUID
    ) -> ChannelIdentity:
        """Another address of a contact, written at the next flush (imports add many)."""
        return await self._add(channel, address, contact_id=contact_id, staff_id=None)

    async def create_staff_identity(
        self, channel: str, address: str, staff_id: uuid.UUID
    ) -> ChannelIdentity:
        """Where a staff member receives alerts; sealed with the system key."""
        return await self._create(channel, address, contact_id=None, staff_id=staff_id)

    async def _create(
        self,
        channel: str,
        address: str,
        *,
        contact_id: uuid.UUID | None,
        staff_id: uuid.UUID | None,
    ) -> ChannelIdentity:
        identity = await self._add(channel, address, contact_id=contact_id, staff_id=staff_id)
        await self.session.flush()
        return identity

    async def _add(
        self,
        channel: str,
        address: str,
        *,
        contact_id: uuid.UUID | None,
        staff_id: uuid.UUID | None,
    ) -> ChannelIdentity:
        identity = ChannelIdentity(
            id=uuid.uuid4(),
            channel=channel,
            contact_id=contact_id,
            staff_id=staff_id,
            address_index=self.vault.keyring.blind_index(_index_kind(channel), address),
        )
        await self.vault.seal_into(identity, "address_enc", address, contact_id=contact_id)
        self.session.add(identity)
        return identity

    async def address_of(self, identity: ChannelIdentity) -> str:
        address = await self.vault.open_from(
            identity, "address_enc", contact_id=identity.contact_id
        )
        assert address is not None  # the column is NOT NULL
        return address

    def reindex(self, identity: ChannelIdentity, address: str) -> bool:
        """Recompute the blind index under the newest key; True if it changed."""
        fresh = self.vault.keyring.blind_index(_index_kind(identity.channel), address)
        if fresh == identity.address_index:
            return False
        identity.address_index = fresh
        return True
