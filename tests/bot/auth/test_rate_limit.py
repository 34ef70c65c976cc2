"""Each staff member's limits on free-text search and exports: 429 with `Retry-After` past
them in the JSON error format, audited, shared by every process, and free again once the
window has moved on. The console's side: tests/bot/console/test_limit_pages.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from storage.db import unit_of_work
from storage.models import AuditEntry
from tests.staff_world import Staffed, World, staffed_app


def small_limits(settings: Settings) -> Settings:
    """Three searches in ten minutes, two exports an hour."""
    return settings.model_copy(
        update={
            "search_limit": 3,
            "search_window_minutes": 10,
            "export_limit": 2,
            "export_window_minutes": 60,
        }
    )


@pytest.fixture
def limited(settings: Settings) -> Settings:
    return small_limits(settings)


@pytest.fixture
async def app(limited: Settings) -> AsyncIterator[Staffed]:
    async for staffed in staffed_app(limited):
        yield staffed


def bearer(world: World, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[who]}"}


async def _search(app: Staffed, world: World, who: str, q: str | None, page: int = 1) -> int:
    params = {"page": page} | ({"q": q} if q is not None else {})
    response = await app.client.get("/api/v1/cases", params=params, headers=bearer(world, who))
    return response.status_code


async def _refusals(sessions: async_sessionmaker[AsyncSession]) -> list[AuditEntry]:
    async with unit_of_work(sessions) as session:
        return list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "rate_limit.refused")
            )
        )


async def test_searches_past_the_limit_get_429_with_retry_after_until_the_window_moves(
    app: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    for q in ("CM", "land grabbing", "CRE-2026"):
        assert await _search(app, world, "africa", q) == 200
    # The same searches again, another page of one, and lists without free text: free.
    assert await _search(app, world, "africa", "cm") == 200
    assert await _search(app, world, "africa", "  land   grabbing ", page=2) == 200
    assert await _search(app, world, "africa", None) == 200
    refused = await app.client.get(
        "/api/v1/cases", params={"q": "legal"}, headers=bearer(world, "africa")
    )
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert 590 <= int(refused.headers["retry-after"]) <= 600
    # Someone else has their own budget.
    assert await _search(app, world, "latam", "legal") == 200
    [entry] = await _refusals(sessions)
    assert entry.actor_id == str(world.ids["africa"])
    assert entry.data == {"limit": "search", "retry_after": int(refused.headers["retry-after"])}
    assert "legal" not in str(entry.data)

    app.clock.advance(minutes=10, seconds=1)
    assert await _search(app, world, "africa", "legal") == 200


async def test_the_limit_holds_across_processes(
    app: Staffed, limited: Settings, world: World
) -> None:
    for q in ("CM", "CO", "MZ"):
        assert await _search(app, world, "africa", q) == 200
    async for other in staffed_app(limited):  # a second web process on the same database
        other.clock.now = app.clock.now
        assert await _search(other, world, "africa", "KE") == 429
