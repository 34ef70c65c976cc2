"""A small world of staff and cases for console and API tests: one coordinator per
region, defenders and secretariat staff, an admin, and a case in each of their queues."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import pyotp
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import create_app
from bot.auth import mfa
from bot.settings import Settings
from storage.crypto import KeyRing
from storage.db import create_engine, session_factory, unit_of_work
from storage.models import Case, ChannelIdentity, StaffSecondFactor, StaffUser
from storage.repositories.staff import StaffRepository
from storage.vault import Vault
from tests.builders import create_person_with_case

PASSWORD = "correct horse battery staple"
QUEUES = ("defenders", "secretariat", "africa", "latam_caribbean", "asia_pacific", "global")
# key: (email, role, queues)
STAFF = {
    "admin": ("admin@example.org", "admin", ()),
    "secretariat": ("secretariat@example.org", "secretariat", ("secretariat",)),
    "africa": ("africa@example.org", "coordinator", ("africa",)),
    "latam": ("latam@example.org", "coordinator", ("latam_caribbean",)),
    "defender": ("defender@example.org", "defenders", ()),
}
# key: (queue, country, priority, phone)
CASES = {
    "africa": ("africa", "CM", "normal", "+237650000001"),
    "latam": ("latam_caribbean", "CO", "normal", "+573000000002"),
    "defenders": ("defenders", "MZ", "urgent", "+258840000003"),
}


class Clock:
    """The app's clock, moved by tests."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class World:
    emails: dict[str, str] = field(default_factory=dict)
    ids: dict[str, uuid.UUID] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)
    recovery: dict[str, list[str]] = field(default_factory=dict)


async def enrol(session: AsyncSession, vault: Vault, user_id: uuid.UUID) -> tuple[str, list[str]]:
    """Give an account a second factor, as the enrolment page does."""
    user = await session.get(StaffUser, user_id)
    secret = mfa.new_secret()
    await vault.seal_into(user, "totp_secret_enc", secret, contact_id=None)
    codes = mfa.new_recovery_codes()
    session.add(
        StaffSecondFactor(
            staff_id=user_id, recovery_hashes=[mfa.hash_recovery_code(c) for c in codes]
        )
    )
    await session.flush()
    return secret, codes


async def build_world(
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    *,
    body: str = "They are taking our land.",
    name: str = "Test Person",
    enrolled: bool = True,
) -> World:
    world = World()
    async with unit_of_work(sessions) as session:
        vault = Vault(session, keyring)
        staff = StaffRepository(session)
        for queue in QUEUES:
            await staff.ensure_queue(queue)
        for key, (email, role, queues) in STAFF.items():
            user = await staff.add_user(
                email, role=role, password=PASSWORD, queues=queues, languages=["en", "fr"]
            )
            world.emails[key], world.ids[key] = email, user.id
            world.tokens[key] = await staff.issue_token(user)
            if enrolled:
                world.secrets[key], world.recovery[key] = await enrol(session, vault, user.id)
        for key, (queue, country, priority, phone) in CASES.items():
            person = await create_person_with_case(
                session, keyring, phone=phone, name=name, body=body
            )
            person.case.queue, person.case.country, person.case.priority = queue, country, priority
            person.case.labels = {"needs": ["legal"], "violations": ["land_grabbing"]}
            world.refs[key] = person.case.reference
    return world


def totp_now(secret: str, clock: Clock, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(clock.now + timedelta(seconds=30 * offset_steps))


@dataclass
class Staffed:
    app: FastAPI
    client: httpx.AsyncClient
    clock: Clock


async def staffed_app(settings: Settings) -> AsyncIterator[Staffed]:
    """The real app with a movable clock, reached over ASGI."""
    app = create_app(settings)
    clock = Clock()
    async with app.router.lifespan_context(app):
        app.state.frontdoor.clock = clock
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield Staffed(app, client, clock)


CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF_FIELD.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


async def sign_in(staffed: Staffed, world: World, who: str) -> httpx.Response:
    """Password then TOTP through the console's forms; returns the queue page."""
    client = staffed.client
    page = await client.get("/console/login")
    response = await client.post(
        "/console/login",
        data={"csrf_token": csrf_of(page.text), "email": world.emails[who], "password": PASSWORD},
    )
    assert response.status_code == 303 and response.headers["location"] == "/console/mfa"
    page = await client.get("/console/mfa")
    code = totp_now(world.secrets[who], staffed.clock)
    response = await client.post(
        "/console/mfa", data={"csrf_token": csrf_of(page.text), "code": code}
    )
    assert response.status_code == 303, response.text
    return await client.get("/console/queue")


def build_world_now(settings: Settings, keyring: KeyRing) -> World:
    """`build_world` on its own engine, for tests that start a server of their own."""

    async def build() -> World:
        engine = create_engine(settings.database_url)
        try:
            return await build_world(session_factory(engine), keyring)
        finally:
            await engine.dispose()

    return asyncio.run(build())


async def close_whatsapp_window(
    sessions: async_sessionmaker[AsyncSession], reference: str, clock: Clock
) -> None:
    """Move the case to WhatsApp, with the person's last message long past 24 hours."""
    async with unit_of_work(sessions) as session:
        case = await session.scalar(select(Case).where(Case.reference == reference))
        assert case is not None and case.identity_id is not None
        identity = await session.get(ChannelIdentity, case.identity_id)
        assert identity is not None
        identity.channel = case.channel = "whatsapp"
        identity.last_inbound_at = clock.now - timedelta(days=3)
