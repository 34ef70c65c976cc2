"""Paging the queue: every page, however deep and however filtered, holds the right cases
in the right order (the page's ids are read first, then its rows)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import unit_of_work
from storage.models import Case, utcnow
from storage.repositories.cases import CaseRepository
from tests.staff_world import Staffed, World

QUEUES = ("africa", "latam_caribbean", "global")
LANGUAGES = ("en", "fr", "pt")


async def _many_cases(sessions: async_sessionmaker[AsyncSession], count: int) -> list[Case]:
    """`count` cases spread over queues, languages, statuses and priorities, each with its
    own latest activity; some share one, so the reference has to break the tie."""
    rng = random.Random(6)
    now = utcnow()
    made = []
    async with unit_of_work(sessions) as session:
        cases = CaseRepository(session)
        for n in range(count):
            case = await cases.create(
                channel="sms",
                queue=rng.choice(QUEUES),
                language=rng.choice(LANGUAGES),
                status=rng.choice(("new", "open", "closed")),
                priority="urgent" if n % 9 == 0 else rng.choice(("normal", "low")),
            )
            case.updated_at = now - timedelta(minutes=rng.randint(0, 40))
            made.append(case)
    return made


def _expected(cases: list[Case], **filters: str) -> list[str]:
    """The contract's order: urgent open cases first, then the latest activity."""
    kept = [c for c in cases if all(getattr(c, k) == v for k, v in filters.items())]

    def pinned(c: Case) -> bool:
        return c.priority == "urgent" and c.status != "closed"

    return [
        c.reference
        for c in sorted(kept, key=lambda c: (pinned(c), c.updated_at, c.reference), reverse=True)
    ]


@pytest.mark.parametrize(
    "filters", [{}, {"queue": "africa"}, {"language": "fr"}, {"queue": "global", "status": "open"}]
)
async def test_every_page_holds_the_next_cases_in_order(
    staffed: Staffed,
    world: World,
    sessions: async_sessionmaker[AsyncSession],
    filters: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import bot.casework.listing

    monkeypatch.setattr(bot.casework.listing, "PAGE_SIZE", 7)
    made = await _many_cases(sessions, 60)
    headers = {"Authorization": f"Bearer {world.tokens['admin']}"}
    seen: list[str] = []
    for page in range(1, 12):
        listed = await staffed.client.get(
            "/api/v1/cases", params={**filters, "page": page}, headers=headers
        )
        body = listed.json()
        if body["page"] != page:  # past the last page: the last one again
            break
        seen += [case["reference"] for case in body["items"]]
    world_cases = [c for c in made if c.reference not in world.refs.values()]
    assert [r for r in seen if r not in world.refs.values()] == _expected(world_cases, **filters)
    assert body["total"] == len(seen)


async def test_a_coordinators_deep_pages_hold_only_their_queue(
    staffed: Staffed,
    world: World,
    sessions: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import bot.casework.listing

    monkeypatch.setattr(bot.casework.listing, "PAGE_SIZE", 4)
    made = await _many_cases(sessions, 40)
    headers = {"Authorization": f"Bearer {world.tokens['latam']}"}
    seen: list[str] = []
    for page in range(1, 20):
        body = (
            await staffed.client.get("/api/v1/cases", params={"page": page}, headers=headers)
        ).json()
        if body["page"] != page:
            break
        seen += [case["reference"] for case in body["items"]]
    assert world.refs["latam"] in seen
    assert [r for r in seen if r != world.refs["latam"]] == _expected(made, queue="latam_caribbean")
