"""Routing through a real conversation: a death threat in Portuguese reaches the defenders
on duty at once; a land case in Cameroon reaches the Africa coordinator who speaks French."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from i18n import messages as m
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Case, CaseEvent, Message, OutboxItem, StaffUser
from storage.repositories.identities import IdentityRepository
from storage.repositories.messages import MessageRepository
from storage.repositories.staff import StaffRepository
from storage.vault import Vault
from tests.intake.conversation_harness import Clock, Person, has, open_a_case


@pytest.fixture
async def staff(sessions: async_sessionmaker[AsyncSession], keyring: KeyRing) -> dict[str, str]:
    """Two Africa coordinators (one speaks French), defenders staff on and off duty."""
    async with unit_of_work(sessions) as session:
        repository = StaffRepository(session)
        identities = IdentityRepository(session, Vault(session, keyring))
        people = {
            "africa-en": await repository.add_user(
                "en@x.org", role="coordinator", queues=["africa"], languages=["en"]
            ),
            "africa-fr": await repository.add_user(
                "fr@x.org", role="coordinator", queues=["africa"], languages=["fr", "en"]
            ),
            "on-duty": await repository.add_user(
                "duty@x.org", role="defenders", queues=["defenders"], languages=["pt"]
            ),
            "off-duty": await repository.add_user(
                "off@x.org", role="defenders", queues=["defenders"], languages=["en"]
            ),
        }
        people["on-duty"].on_duty, people["on-duty"].ui_language = True, "pt"
        await identities.create_staff_identity("telegram", "5550001", people["on-duty"].id)
        await identities.create_staff_identity("telegram", "5550002", people["off-duty"].id)
        return {name: str(user.id) for name, user in people.items()}


async def test_a_death_threat_reaches_the_defenders_on_duty_at_once(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, staff: dict[str, str]
) -> None:
    person = Person(sessions, keyring, Clock(), user="+258840000002", channel="sms")
    await person.say("Olá, estão ameaçando de morte o nosso líder por causa da mina")
    replies = await person.say("sim")  # consent given: the danger in the first message counts
    assert has(replies, "pt", m.CASE_CREATED_URGENT)
    assert has(replies, "pt", m.SAFETY_GUIDANCE)
    case = await person.case()
    assert (case.queue, case.priority, case.risk) == ("defenders", "urgent", "urgent")
    assert case.routing_rule == "people_at_risk"
    assert str(case.assignee_id) == staff["on-duty"]
    async with unit_of_work(sessions) as session:
        alerts = (await session.scalars(select(OutboxItem).where(OutboxItem.priority == 10))).all()
        assert len(alerts) == 1  # the on-duty member only
        message = await session.get(Message, alerts[0].message_id)
        body = await MessageRepository(session, Vault(session, keyring)).body_of(message)
        assert case.reference in body and "mina" not in body and "morte" not in body
        assert body.startswith("O caso urgente")


async def test_a_land_case_in_cameroon_goes_to_the_french_speaking_africa_coordinator(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, staff: dict[str, str]
) -> None:
    person = Person(sessions, keyring, Clock(), user="cm-land")
    for text in (
        "Bonjour, une entreprise minière prend nos terres au Cameroun",
        "oui",
        "fini",
        "oui",
        "Lomié",
        "une société minière",
        "1",
        "non",
        "passer",
        "passer",
        "oui",
    ):
        await person.say(text)
    case = await person.case()
    assert (case.queue, case.region, case.country) == ("africa", "africa", "CM")
    assert case.routing_rule == "region_of_country"
    assert str(case.assignee_id) == staff["africa-fr"]
    async with unit_of_work(sessions) as session:
        kinds = set(
            await session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id))
        )
    assert {"created", "assigned"} <= kinds


async def test_a_later_message_raises_the_case_to_urgent_and_reroutes_it(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, staff: dict[str, str]
) -> None:
    person = Person(sessions, keyring, Clock(), user="later")
    await open_a_case(person)
    assert (await person.case()).queue == "africa"
    replies = await person.say("this morning the police arrested my brother")
    assert has(replies, "en", m.SAFETY_GUIDANCE)
    case = await person.case()
    assert (case.queue, case.priority, case.risk) == ("defenders", "urgent", "urgent")
    async with unit_of_work(sessions) as session:
        events = (
            await session.scalars(
                select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "rerouted")
            )
        ).all()
        assert events and events[0].data["from"]["queue"] == "africa"
        assert (await session.get(StaffUser, case.assignee_id)).role == "defenders"
        assert await session.scalar(select(Case.id).where(Case.reference == case.reference))
