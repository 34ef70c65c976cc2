"""People for broadcast tests: contacts with consent (or not), languages, tags and one or
more addresses, written the way the contact import writes them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcasts import control
from bot.broadcasts.audience import Audience
from bot.settings import Settings
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Contact, StaffUser, utcnow
from storage.repositories.identities import IdentityRepository
from storage.vault import Vault

TEXTS = {
    "en": "The call for proposals is open until 30 June. Reply APPLY to start.",
    "fr": "L'appel à propositions est ouvert jusqu'au 30 juin. Répondez POSTULER.",
    "es": "La convocatoria está abierta hasta el 30 de junio. Responda APLICAR.",
    "pt": "A chamada está aberta até 30 de junho. Responda CANDIDATAR para começar.",
}


@dataclass
class Someone:
    """One contact to create; `addresses` maps channel to address."""

    addresses: dict[str, str]
    language: str | None = "en"
    country: str | None = "CM"
    region: str | None = "africa"
    tags: list[str] = field(default_factory=list)
    consent: bool = True
    opted_out: bool = False
    blocked: frozenset[str] = frozenset()
    last_inbound_at: datetime | None = None


async def add_people(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, people: Iterable[Someone]
) -> list[uuid.UUID]:
    """The contacts' ids, in order."""
    ids = []
    now = utcnow()
    async with unit_of_work(sessions) as session:
        vault = Vault(session, keyring)
        identities = IdentityRepository(session, vault)
        for person in people:
            contact = Contact(
                id=uuid.uuid4(),
                language=person.language,
                country=person.country,
                region=person.region,
                tags=person.tags,
                consent_at=now if person.consent else None,
                opted_out_at=now if person.opted_out else None,
            )
            session.add(contact)
            vault.create_contact_key(contact.id)
            await session.flush()
            for channel, address in person.addresses.items():
                identity = await identities.add_contact_identity(channel, address, contact.id)
                identity.last_inbound_at = person.last_inbound_at
                if channel in person.blocked:
                    identity.blocked_at = now
            await session.flush()
            ids.append(contact.id)
    return ids


async def a_staff_member(sessions: async_sessionmaker[AsyncSession]) -> uuid.UUID:
    async with unit_of_work(sessions) as session:
        user = StaffUser(id=uuid.uuid4(), email=f"{uuid.uuid4().hex}@example.org", role="admin")
        session.add(user)
    return user.id


async def a_broadcast(
    sessions: async_sessionmaker[AsyncSession],
    *,
    texts: dict[str, str] | None = None,
    fallback: str = "en",
    audience: Audience | None = None,
    template_sid: str | None = None,
    template_variables: dict[str, str] | None = None,
    send: bool = True,
) -> uuid.UUID:
    """A broadcast written by a staff member, sent (status `sending`) unless told not to."""
    staff_id = await a_staff_member(sessions)
    draft = control.Draft(
        name="Call for proposals 2026",
        texts=texts or TEXTS,
        fallback_language=fallback,
        audience=audience or Audience(),
        template_sid=template_sid,
        template_variables=template_variables or {},
    )
    async with unit_of_work(sessions) as session:
        broadcast = await control.create(session, draft, staff_id=staff_id)
        if send:
            await control.send(session, broadcast.id, staff_id=staff_id)
    return broadcast.id


def with_every_channel(settings: Settings) -> Settings:
    """`settings` with credentials for Telegram, SMS and WhatsApp, so that every contact
    is reachable (nothing is sent: these apps run no sender)."""
    return settings.model_copy(
        update={
            "telegram_token": SecretStr("123:broadcast-tests"),
            "telegram_secret": SecretStr("broadcast-tests-secret"),
            "twilio_account_sid": "AC" + "0" * 32,
            "twilio_auth_token": SecretStr("broadcast-tests-token"),
            "twilio_sms_from": "+15550000000",
            "twilio_whatsapp_from": "+15550000001",
        }
    )
