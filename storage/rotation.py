"""`frontdoor keys rotate`: move everything onto the newest master key.

Contact data keys are re-wrapped (their ciphertexts stay as they are), system-sealed
fields are re-sealed, and blind indexes are recomputed, so the older master keys can
then be dropped from FRONTDOOR_DATA_KEYS.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import LargeBinary, Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import KeyRing, associated_data, key_id_of
from storage.models import Base, ChannelIdentity, ContactKey
from storage.repositories.identities import IdentityRepository
from storage.vault import Vault

SYSTEM_KEY_PREFIX = "s:"


@dataclass
class RotationReport:
    rewrapped_contact_keys: int = 0
    resealed_fields: int = 0
    reindexed_identities: int = 0


def _sealed_columns() -> list[tuple[Table, str]]:
    return [
        (table, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.name.endswith("_enc") and isinstance(column.type, LargeBinary)
    ]


async def _rewrap_contact_keys(session: AsyncSession, keyring: KeyRing) -> int:
    count = 0
    for row in await session.scalars(select(ContactKey)):
        if keyring.needs_rewrap(row.wrapped):
            owner = str(row.contact_id)
            row.wrapped = keyring.wrap(keyring.unwrap(row.wrapped, owner), owner)
            count += 1
    await session.flush()
    return count


async def _reseal_system_fields(session: AsyncSession, keyring: KeyRing) -> int:
    count = 0
    current = f"{SYSTEM_KEY_PREFIX}{keyring.primary_id}"
    for table, column in _sealed_columns():
        rows = await session.execute(
            select(table.c.id, table.c[column]).where(table.c[column].is_not(None))
        )
        for row_id, blob in rows.all():
            key_id = key_id_of(blob)
            if not key_id.startswith(SYSTEM_KEY_PREFIX) or key_id == current:
                continue
            aad = associated_data(table.name, column, row_id)
            fresh = keyring.seal_system(keyring.open_system(blob, aad), aad)
            await session.execute(update(table).where(table.c.id == row_id).values({column: fresh}))
            count += 1
    return count


async def _reindex_identities(session: AsyncSession, keyring: KeyRing) -> int:
    identities = IdentityRepository(session, Vault(session, keyring))
    count = 0
    for identity in await session.scalars(select(ChannelIdentity)):
        if identities.reindex(identity, await identities.address_of(identity)):
            count += 1
    await session.flush()
    return count


async def rotate_keys(session: AsyncSession, keyring: KeyRing) -> RotationReport:
    """Re-wrap, re-seal and re-index under the newest master key, in one transaction."""
    return RotationReport(
        rewrapped_contact_keys=await _rewrap_contact_keys(session, keyring),
        resealed_fields=await _reseal_system_fields(session, keyring),
        reindexed_identities=await _reindex_identities(session, keyring),
    )
