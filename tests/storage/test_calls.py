"""Calls and applications in storage: when a call is open, numbered references, answers
sealed with the person's key, and erasure taking the applications with the person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Application, Call
from storage.repositories.calls import ApplicationRepository, CallRepository
from storage.repositories.erasure import erase_contact
from storage.repositories.identities import IdentityRepository
from storage.vault import Vault

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


async def _call(session: AsyncSession, **fields: object) -> Call:
    values: dict[str, object] = {
        "title": {"en": "Community grants"},
        "questions": {"en": ["Who are you?", "What will you do?"]},
        "deadline": NOW + timedelta(days=10),
        **fields,
    }
    return await CallRepository(session).create(**values)


async def test_a_call_is_open_between_its_opening_and_its_deadline(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        calls = CallRepository(session)
        assert not await calls.any_open(NOW)
        call = await _call(session, opens_at=NOW - timedelta(days=1))
        assert call.keywords == ["APPLY", "POSTULER", "APLICAR", "CANDIDATAR"]
        assert await calls.any_open(NOW)
        assert not await calls.any_open(NOW - timedelta(days=2))  # not opened yet
        assert not await calls.any_open(call.deadline)  # the deadline itself is past
        call.status = "draft"
        assert not await calls.any_open(NOW)
        call.status = "closed"
        assert not await calls.any_open(NOW)
        assert [c.id for c in await calls.offered()] == [call.id]


async def test_answers_are_sealed_and_references_count_per_year(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    async with unit_of_work(sessions) as session:
        vault = Vault(session, keyring)
        identities = IdentityRepository(session, vault)
        applications = ApplicationRepository(session, vault)
        call = await _call(session)
        references = []
        for phone in ("+5511900000001", "+5511900000002"):
            identity, _ = await identities.find_or_create_contact_identity("sms", phone)
            application = await applications.start(call, identity, "pt")
            await applications.save_answers(
                application, ["Associação de pescadores"], language="pt", now=NOW
            )
            assert application.question_index == 1
            assert b"pescadores" not in (application.answers_enc or b"")
            assert await applications.answers(application) == ["Associação de pescadores"]
            references.append(await applications.submit(application, NOW))
        assert references == ["APP-2026-000001", "APP-2026-000002"]
        found = await applications.by_reference("APP-2026-000002")
        assert found is not None and found.status == "received"
        assert [a.reference for a in await applications.of_call(call.id)] == references


async def test_erasing_a_person_deletes_their_applications(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    async with unit_of_work(sessions) as session:
        vault = Vault(session, keyring)
        call = await _call(session)
        identity, _ = await IdentityRepository(session, vault).find_or_create_contact_identity(
            "telegram", "4242"
        )
        other, _ = await IdentityRepository(session, vault).find_or_create_contact_identity(
            "telegram", "4343"
        )
        for who in (identity, other):
            application = await ApplicationRepository(session, vault).start(call, who, "fr")
            await ApplicationRepository(session, vault).save_answers(
                application, ["Nous"], language="fr", now=NOW
            )
        assert identity.contact_id is not None
        await erase_contact(session, vault, identity.contact_id)
    async with unit_of_work(sessions) as session:
        left = await session.scalars(select(Application.contact_id))
        assert list(left) == [other.contact_id]
        assert await session.scalar(select(func.count()).select_from(Call)) == 1
