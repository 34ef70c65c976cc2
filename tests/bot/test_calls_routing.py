"""Routing's `open_call`, through the simulator: a request for funding goes to the
secretariat while a call for proposals is open, and to the region's queue otherwise."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import create_app
from bot.settings import Settings
from storage.db import unit_of_work
from storage.models import Case, utcnow
from storage.repositories.calls import CallRepository

# A land story in Kenya whose person asks for funding (5 on the support menu).
FUNDING_STORY = (
    "Hello, a mining company is taking our land in Kenya",
    "yes",
    "done",
    "yes",
    "Turkana",
    "the mine",
    "5",
    "no",
    "skip",
    "skip",
    "yes",
)


@pytest.fixture
async def simulator(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    application = create_app(settings.model_copy(update={"simulator": True}))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            yield client


@pytest.mark.parametrize(
    ("deadline_in_days", "queue", "rule"),
    [(30, "secretariat", "funding_during_open_call"), (-1, "africa", "region_of_country")],
)
async def test_funding_goes_to_the_secretariat_while_a_call_is_open(
    simulator: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    deadline_in_days: int,
    queue: str,
    rule: str,
) -> None:
    async with unit_of_work(sessions) as session:
        await CallRepository(session).create(
            title={"en": "Water fund"},
            questions={"en": ["Who are you?"]},
            deadline=utcnow() + timedelta(days=deadline_in_days),
        )
    for text in FUNDING_STORY:
        response = await simulator.post("/simulator/messages", json={"user": "f", "text": text})
        assert response.status_code == 200, response.text
    async with unit_of_work(sessions) as session:
        case = (await session.scalars(select(Case))).one()
    assert "funding_grant" in case.labels["needs"]
    assert (case.queue, case.routing_rule) == (queue, rule)
