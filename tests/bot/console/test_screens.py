"""What a coordinator sees and does in the console, screen by screen."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import unit_of_work
from storage.models import Case, Connection, Message, OutboxItem
from tests.staff_world import Staffed, World, close_whatsapp_window, csrf_of, sign_in


async def test_urgent_cases_are_pinned_with_how_long_they_waited(
    staffed: Staffed, world: World
) -> None:
    staffed.clock.advance(hours=3)
    page = await sign_in(staffed, world, "admin")
    rows = page.text.split("<tbody")[1]
    assert rows.index(world.refs["defenders"]) < rows.index(world.refs["africa"])
    assert "waiting 3 hr" in rows
    assert 'class="pinned p-urgent"' in rows


async def test_filters_counts_and_polled_rows(staffed: Staffed, world: World) -> None:
    await sign_in(staffed, world, "admin")
    page = await staffed.client.get("/console/queue", params={"queue": "latam_caribbean"})
    assert world.refs["latam"] in page.text and world.refs["africa"] not in page.text
    assert "1 case" in page.text and "New <b>1</b>" in page.text
    rows = await staffed.client.get("/console/queue/rows", params={"priority": "urgent"})
    assert rows.text.strip().startswith("<tr") and world.refs["defenders"] in rows.text
    empty = await staffed.client.get("/console/queue", params={"status": "closed"})
    assert "No case matches these filters." in empty.text


async def test_the_console_speaks_the_staff_members_language(
    staffed: Staffed, world: World
) -> None:
    page = await sign_in(staffed, world, "africa")
    await staffed.client.post(
        "/console/preferences",
        data={"csrf_token": csrf_of(page.text), "ui_language": "fr", "back": "/console/queue"},
    )
    page = await staffed.client.get("/console/queue")
    assert '<html lang="fr">' in page.text and "Tous les statuts" in page.text
    case = await staffed.client.get(f"/console/cases/{world.refs['africa']}")
    assert "Répondre à la personne" in case.text
    assert re.search(r"<time>\d{2}/\d{2}/\d{4} \d{2}:\d{2}</time>", case.text)  # 26/11/2026 09:00


async def test_a_case_is_handled_from_the_page(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    ref = world.refs["africa"]
    page = await sign_in(staffed, world, "admin")
    token = csrf_of(page.text)
    client = staffed.client
    url = f"/console/cases/{ref}"
    await client.post(f"{url}/reply", data={"csrf_token": token, "body": "We are on it."})
    await client.post(f"{url}/notes", data={"csrf_token": token, "body": "Call Monday."})
    await client.post(f"{url}/referrals", data={"csrf_token": token, "partner": "Legal Aid"})
    await client.post(
        f"{url}/update",
        data={
            "csrf_token": token,
            "status": "waiting",
            "priority": "high",
            "queue": "africa",
            "assignee": world.emails["africa"],
        },
    )
    await client.post(
        f"{url}/labels",
        data={"csrf_token": token, "labels.violations": ["forced_eviction_displacement"]},
    )
    case = (await client.get(url)).text
    assert "We are on it." in case and "waiting to send" in case
    assert "Call Monday." in case and "Legal Aid" in case
    assert '<option value="waiting" selected>' in case
    assert f'<option value="{world.emails["africa"]}" selected>' in case
    assert "forced eviction displacement" in case
    for event in ("Reply sent", "Note added", "Referred to a partner", "Labels corrected"):
        assert event in case
    async with unit_of_work(sessions) as session:
        row = await session.scalar(select(Case).where(Case.reference == ref))
        assert (row.status, row.priority) == ("waiting", "high")
        assert await session.scalar(select(Connection.partner)) == "Legal Aid"
    await client.post(f"{url}/update", data={"csrf_token": token, "status": "closed"})
    assert '<option value="closed" selected>' in (await client.get(url)).text


async def test_a_failed_message_is_listed_and_sent_again(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with unit_of_work(sessions) as session:
        item = await session.scalar(select(OutboxItem))
        item.status, item.last_error = "failed", "rejected: unreachable [number]"
        message = await session.get(Message, item.message_id)
        message.status = "failed"
        outbox_id = item.id
    page = await sign_in(staffed, world, "admin")
    failed = await staffed.client.get("/console/failed")
    assert "rejected: unreachable [number]" in failed.text
    resent = await staffed.client.post(
        f"/console/failed/{outbox_id}/resend", data={"csrf_token": csrf_of(page.text)}
    )
    assert resent.status_code == 303
    async with unit_of_work(sessions) as session:
        assert (await session.get(OutboxItem, outbox_id)).status == "pending"
    assert "Nothing failed." in (await staffed.client.get("/console/failed")).text


async def test_whatsapp_outside_its_window_explains_and_keeps_the_draft(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    ref = world.refs["africa"]
    await close_whatsapp_window(sessions, ref, staffed.clock)
    page = await sign_in(staffed, world, "africa")
    response = await staffed.client.post(
        f"/console/cases/{ref}/reply", data={"csrf_token": csrf_of(page.text), "body": "Hello!"}
    )
    assert response.status_code == 409
    assert "24 hours" in response.text and ">Hello!</textarea>" in response.text


async def test_admin_manages_accounts_and_queues(staffed: Staffed, world: World) -> None:
    page = await sign_in(staffed, world, "admin")
    token = csrf_of(page.text)
    client = staffed.client
    await client.post(
        "/console/queues", data={"csrf_token": token, "queue_id": "mekong", "name": "Mekong"}
    )
    created = await client.post(
        "/console/users",
        data={
            "csrf_token": token,
            "email": "new@example.org",
            "role": "coordinator",
            "password": "a long first password",
            "queues": ["mekong", "africa"],
            "languages": ["fr"],
        },
    )
    assert created.status_code == 303
    users = (await client.get("/console/users")).text
    assert "new@example.org" in users and "no second step yet" in users
    short = await client.post(
        "/console/users",
        data={
            "csrf_token": token,
            "email": "x@example.org",
            "role": "coordinator",
            "password": "short",
        },
    )
    assert short.status_code == 422 and "at least 12 characters" in short.text


async def test_routing_rules_are_shown_with_the_rule_of_each_case(
    staffed: Staffed, world: World
) -> None:
    await sign_in(staffed, world, "admin")
    page = await staffed.client.get("/console/routing")
    for rule in ("people_at_risk", "funding_during_open_call", "region_of_country"):
        assert f"<code>{rule}</code>" in page.text
    assert world.refs["africa"] in page.text
