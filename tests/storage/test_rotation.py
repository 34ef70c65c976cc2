"""Key rotation keeps everything readable; a destroyed contact key makes it unreadable."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from storage.crypto import KeyRing, KeyUnavailable
from storage.db import create_engine, session_factory, unit_of_work
from storage.models import Contact, InboundEvent, Message
from storage.repositories.events import InboundEventRepository
from storage.repositories.identities import IdentityRepository
from storage.repositories.messages import MessageRepository
from storage.rotation import rotate_keys
from storage.vault import Vault
from tests.builders import create_person_with_case


async def _read_everything(sessions, keyring: KeyRing) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    async with unit_of_work(sessions) as session:
        vault = Vault(session, keyring)
        identity = await IdentityRepository(session, vault).find("sms", "+237650000001")
        assert identity is not None
        contact = await session.get(Contact, identity.contact_id)
        message = (await session.scalars(select(Message).where(Message.direction == "in"))).one()
        event = (await session.scalars(select(InboundEvent))).one()
        return (
            await vault.open_from(contact, "name_enc", contact_id=contact.id) or "",
            await MessageRepository(session, vault).body_of(message),
            await InboundEventRepository(session, vault).payload(event) or "",
        )


async def test_rotate_then_drop_the_old_key(db_url: str) -> None:
    key1, key2 = ("k1", os.urandom(32)), ("k2", os.urandom(32))
    engine = create_engine(db_url)
    sessions = session_factory(engine)
    async with unit_of_work(sessions) as session:
        await create_person_with_case(session, KeyRing([key1]), name="Ana", body="land taken")
        await InboundEventRepository(session, Vault(session, KeyRing([key1]))).record(
            "sms", "SM1", "raw payload"
        )
    expected = ("Ana", "land taken", "raw payload")

    both = KeyRing([key2, key1])
    assert await _read_everything(sessions, both) == expected
    async with unit_of_work(sessions) as session:
        report = await rotate_keys(session, both)
    assert (report.rewrapped_contact_keys, report.resealed_fields) == (1, 1)
    assert report.reindexed_identities == 1

    assert await _read_everything(sessions, KeyRing([key2])) == expected
    # Everything moved: the old key alone neither finds the person nor opens their data.
    async with unit_of_work(sessions) as session:
        old_vault = Vault(session, KeyRing([key1]))
        assert await IdentityRepository(session, old_vault).find("sms", "+237650000001") is None
        message = (await session.scalars(select(Message).where(Message.direction == "in"))).one()
        with pytest.raises(KeyUnavailable):
            await MessageRepository(session, old_vault).body_of(message)
    await engine.dispose()


async def test_a_destroyed_contact_key_opens_nothing_even_from_a_copy(
    db_url: str, keyring: KeyRing
) -> None:
    engine = create_engine(db_url)
    sessions = session_factory(engine)
    async with unit_of_work(sessions) as session:
        person = await create_person_with_case(session, keyring, body="secret words")
        message = (await session.scalars(select(Message).where(Message.direction == "in"))).one()
        stolen_copy = message.body_enc  # as a backup would hold it
        await Vault(session, keyring).destroy_contact_key(person.contact.id)
    async with unit_of_work(sessions) as session:
        vault = Vault(session, keyring)
        message = (await session.scalars(select(Message).where(Message.direction == "in"))).one()
        assert message.body_enc == stolen_copy
        with pytest.raises(KeyUnavailable):
            await MessageRepository(session, vault).body_of(message)
    await engine.dispose()
