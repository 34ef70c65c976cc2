"""Plain data builders for tests: a person, their messages, a case, a note."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import KeyRing
from storage.models import Case, ChannelIdentity, Contact, Note
from storage.repositories.cases import CaseRepository
from storage.repositories.identities import IdentityRepository
from storage.repositories.messages import MessageRepository
from storage.vault import Vault


@dataclass
class Person:
    contact: Contact
    identity: ChannelIdentity
    case: Case


async def create_person_with_case(
    session: AsyncSession,
    keyring: KeyRing,
    *,
    phone: str = "+237650000001",
    name: str = "Test Person",
    body: str = "They are taking our land.",
    note: str = "Called back on Monday.",
) -> Person:
    """A contact on SMS with a name, one message in, one reply out, a case and a note."""
    vault = Vault(session, keyring)
    identity, _ = await IdentityRepository(session, vault).find_or_create_contact_identity(
        "sms", phone
    )
    contact = await session.get(Contact, identity.contact_id)
    assert contact is not None
    await vault.seal_into(contact, "name_enc", name, contact_id=contact.id)
    case = await CaseRepository(session).create(
        contact_id=contact.id, identity_id=identity.id, channel="sms", language="fr", country="CM"
    )
    await vault.seal_into(
        case, "evidence_enc", '{"land_grabbing": ["land"]}', contact_id=contact.id
    )
    messages = MessageRepository(session, vault)
    await messages.record_inbound(identity, body, case_id=case.id)
    await messages.enqueue_outbound(identity, f"Reply about: {body}", case_id=case.id)
    note_row = Note(id=uuid.uuid4(), case_id=case.id)
    await vault.seal_into(note_row, "body_enc", note, contact_id=contact.id)
    session.add(note_row)
    await session.flush()
    return Person(contact=contact, identity=identity, case=case)
