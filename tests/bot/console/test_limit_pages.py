"""The console's side of the search and export limits: a page in the staff member's
language saying how long to wait, and a search counted once however often the page
polls it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from storage.db import unit_of_work
from storage.models import AuditEntry
from tests.bot.auth.test_rate_limit import small_limits
from tests.staff_world import Staffed, World, csrf_of, sign_in, staffed_app


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Staffed]:
    async for staffed in staffed_app(small_limits(settings)):
        yield staffed


async def test_console_exports_are_limited_with_a_page_in_the_staff_members_language(
    app: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    page = await sign_in(app, world, "africa")
    await app.client.post(
        "/console/preferences",
        data={"csrf_token": csrf_of(page.text), "ui_language": "fr", "back": "/console/queue"},
    )
    client = app.client
    for _ in range(2):
        exported = await client.get("/console/queue/export.csv")
        assert exported.status_code == 200 and exported.text.startswith("reference,")
    refused = await client.get("/console/queue/export.csv")
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 3500
    assert "Vous avez fait beaucoup d'exports en peu de temps. Réessayez dans 60 minutes." in (
        refused.text.replace("&#39;", "'")
    )
    async with unit_of_work(sessions) as session:
        refusals = list(
            await session.scalars(
                select(AuditEntry.data).where(AuditEntry.action == "rate_limit.refused")
            )
        )
    assert [data["limit"] for data in refusals] == ["export"]


async def test_console_searches_count_once_however_often_the_page_polls(
    app: Staffed, world: World
) -> None:
    await sign_in(app, world, "africa")
    client = app.client
    for q in ("CM", "legal"):
        assert (await client.get("/console/queue", params={"q": q})).status_code == 200
    for _ in range(5):
        polled = await client.get(
            "/console/queue/rows", params={"q": "legal"}, headers={"X-Console-Poll": "1"}
        )
        assert polled.status_code == 200
    assert (await client.get("/console/queue", params={"q": "land"})).status_code == 200
    refused = await client.get("/console/queue", params={"q": "water"})
    assert refused.status_code == 429
    assert "You have searched a lot in a short time. Try again in 10 minutes." in refused.text
