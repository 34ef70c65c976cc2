"""A person's "erase my data": shred their key, delete their rows, keep no plaintext."""

from __future__ import annotations

import os
import uuid

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Application, Case, ChannelIdentity, Contact, Note
from storage.repositories.audit import AuditRepository
from storage.vault import Vault


async def erase_contact(session: AsyncSession, vault: Vault, contact_id: uuid.UUID) -> None:
    """Destroy the data key (so every copy of their ciphertext is unreadable, backups
    included), then delete their messages, identities, conversation, notes and
    applications.

    Cases stay as anonymous counts for the monitoring figures: labels, country and dates,
    with no link to the person and no evidence.
    """
    case_ids = select(Case.id).where(Case.contact_id == contact_id)
    await session.execute(delete(Note).where(Note.case_id.in_(case_ids)))
    await session.execute(
        update(Case)
        .where(Case.contact_id == contact_id)
        .values(evidence_enc=None, contact_id=None, identity_id=None)
    )
    await session.execute(delete(Application).where(Application.contact_id == contact_id))
    await vault.destroy_contact_key(contact_id)
    await session.execute(delete(Contact).where(Contact.id == contact_id))
    await AuditRepository(session).record(
        "contact_erased", actor_type="contact", object_type="contact", object_id=str(contact_id)
    )
    await session.flush()


async def farewell_identity(
    session: AsyncSession, vault: Vault, channel: str, address: str
) -> ChannelIdentity:
    """Somewhere to send "your data is erased" after the person's identity is gone.

    Sealed with the system key, belongs to nobody, and its index is random, so the
    number cannot be found through it.
    """
    identity = ChannelIdentity(
        id=uuid.uuid4(),
        channel=channel,
        contact_id=None,
        staff_id=None,
        address_index=os.urandom(32),
    )
    await vault.seal_into(identity, "address_enc", address, contact_id=None)
    session.add(identity)
    await session.flush()
    return identity
