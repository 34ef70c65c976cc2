"""Sealing and opening fields within one unit of work.

A `Vault` knows the key ring and a session, unwraps each contact's data key once, and
binds every ciphertext to its table, column and row id.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import (
    DataKey,
    KeyRing,
    KeyUnavailable,
    associated_data,
    new_data_key_secret,
    open_sealed,
    seal,
)
from storage.models import ContactKey
from storage.models.base import Base


def _aad(row: Base, column: str) -> bytes:
    return associated_data(row.__tablename__, column, row.id)  # type: ignore[attr-defined]


class Vault:
    """Per-contact encryption for one session; staff and system data use the system key."""

    def __init__(self, session: AsyncSession, keyring: KeyRing) -> None:
        self.session = session
        self.keyring = keyring
        self._keys: dict[uuid.UUID, DataKey] = {}

    async def contact_key(self, contact_id: uuid.UUID, *, create: bool = False) -> DataKey:
        """The contact's data key; created (and wrapped) on first use when `create`."""
        if contact_id in self._keys:
            return self._keys[contact_id]
        await self.preload_keys([contact_id])
        if contact_id in self._keys:
            return self._keys[contact_id]
        if not create:
            raise KeyUnavailable("this contact's data key does not exist (erased?)")
        key = self.create_contact_key(contact_id)
        await self.session.flush()
        return key

    def create_contact_key(self, contact_id: uuid.UUID) -> DataKey:
        """A key for a contact that has none yet (a new contact); written at the next flush."""
        row = ContactKey(id=uuid.uuid4(), contact_id=contact_id)
        secret = new_data_key_secret()
        row.wrapped = self.keyring.wrap(secret, str(contact_id))
        self.session.add(row)
        key = DataKey(f"c:{row.id.hex}", secret)
        self._keys[contact_id] = key
        return key

    async def preload_keys(self, contact_ids: list[uuid.UUID]) -> None:
        """Unwrap many contacts' keys with one query (imports, lists)."""
        wanted = [cid for cid in contact_ids if cid not in self._keys]
        if not wanted:
            return
        for row in await self.session.scalars(
            select(ContactKey).where(ContactKey.contact_id.in_(wanted))
        ):
            self.adopt_key(row.contact_id, row.id, row.wrapped)

    def adopt_key(self, contact_id: uuid.UUID, key_id: uuid.UUID, wrapped: bytes) -> DataKey:
        """Unwrap a `contact_keys` row read by another query (a broadcast reads each
        recipient's key with their address, thousands at a time)."""
        if contact_id not in self._keys:
            secret = self.keyring.unwrap(wrapped, str(contact_id))
            self._keys[contact_id] = DataKey(f"c:{key_id.hex}", secret)
        return self._keys[contact_id]

    async def seal_into(
        self, row: Base, column: str, value: str | None, *, contact_id: uuid.UUID | None
    ) -> None:
        """Seal `value` into `row.column`, with the contact's key or the system key."""
        if value is None:
            setattr(row, column, None)
            return
        if contact_id is None:
            setattr(row, column, self.keyring.seal_system(value, _aad(row, column)))
            return
        key = await self.contact_key(contact_id, create=True)
        setattr(row, column, seal(key, value.encode(), _aad(row, column)))

    async def open_from(
        self, row: Base, column: str, *, contact_id: uuid.UUID | None
    ) -> str | None:
        """Open `row.column`; raises KeyUnavailable once the contact has been erased."""
        blob = getattr(row, column)
        if blob is None:
            return None
        if contact_id is None:
            return self.keyring.open_system(blob, _aad(row, column))
        key = await self.contact_key(contact_id)
        return open_sealed(key, blob, _aad(row, column)).decode()

    async def destroy_contact_key(self, contact_id: uuid.UUID) -> None:
        """Crypto-shred: after this no copy of the contact's ciphertext can be opened."""
        await self.session.execute(delete(ContactKey).where(ContactKey.contact_id == contact_id))
        self._keys.pop(contact_id, None)
