"""API v1 over bearer tokens: the contract's shapes, and what each change leaves behind."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import unit_of_work
from storage.models import AuditEntry, CaseEvent, Message, OutboxItem
from tests.staff_world import Staffed, World, close_whatsapp_window


def bearer(world: World, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[who]}"}


async def test_list_filters_and_pages(staffed: Staffed, world: World) -> None:
    client = staffed.client
    everything = (await client.get("/api/v1/cases", headers=bearer(world, "admin"))).json()
    assert everything["total"] == 3 and everything["page"] == 1
    urgent = await client.get(
        "/api/v1/cases", params={"priority": "urgent"}, headers=bearer(world, "admin")
    )
    assert [c["reference"] for c in urgent.json()["items"]] == [world.refs["defenders"]]
    by_country = await client.get(
        "/api/v1/cases", params={"country": "co"}, headers=bearer(world, "admin")
    )
    assert [c["reference"] for c in by_country.json()["items"]] == [world.refs["latam"]]
    by_label = await client.get(
        "/api/v1/cases",
        params={"label": "land_grabbing", "queue": "africa"},
        headers=bearer(world, "admin"),
    )
    assert by_label.json()["total"] == 1
    by_text = await client.get(
        "/api/v1/cases", params={"q": world.refs["latam"][-6:]}, headers=bearer(world, "admin")
    )
    assert [c["reference"] for c in by_text.json()["items"]] == [world.refs["latam"]]


async def test_case_detail_has_the_contract_fields_decrypted(
    staffed: Staffed, world: World
) -> None:
    response = await staffed.client.get(
        f"/api/v1/cases/{world.refs['africa']}", headers=bearer(world, "africa")
    )
    assert response.status_code == 200
    case = response.json()
    for name in (
        "reference",
        "status",
        "priority",
        "queue",
        "assignee",
        "language",
        "channel",
        "country",
        "region",
        "needs",
        "violations",
        "actors",
        "sectors",
        "institutions",
        "risk_signals",
        "risk",
        "evidence",
        "created_at",
        "messages",
    ):
        assert name in case
    assert case["violations"] == ["land_grabbing"]
    assert case["evidence"] == {"land_grabbing": ["land"]}
    assert [(m["direction"], m["body"]) for m in case["messages"]] == [
        ("in", "They are taking our land."),
        ("out", "Reply about: They are taking our land."),
    ]


async def test_reply_is_queued_for_the_sender_and_audited(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    ref = world.refs["africa"]
    response = await staffed.client.post(
        f"/api/v1/cases/{ref}/replies",
        json={"body": "We will call you."},
        headers=bearer(world, "africa"),
    )
    assert response.status_code == 202 and response.json()["status"] == "queued"
    async with unit_of_work(sessions) as session:
        outbox = await session.scalar(
            select(OutboxItem)
            .join(Message, Message.id == OutboxItem.message_id)
            .where(Message.id == uuid.UUID(response.json()["message_id"]))
        )
        assert outbox is not None and outbox.status == "pending"
        kinds = set(await session.scalars(select(CaseEvent.kind)))
        actions = set(await session.scalars(select(AuditEntry.action)))
    assert "replied" in kinds and "case.replied" in actions
    detail = await staffed.client.get(f"/api/v1/cases/{ref}", headers=bearer(world, "africa"))
    assert detail.json()["status"] == "open"
    assert detail.json()["messages"][-1]["body"] == "We will call you."


async def test_notes_patch_and_label_corrections(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    ref, headers = world.refs["africa"], bearer(world, "admin")
    client = staffed.client
    assert (
        await client.post(
            f"/api/v1/cases/{ref}/notes", json={"body": "Call on Monday"}, headers=headers
        )
    ).status_code == 201
    changed = await client.patch(
        f"/api/v1/cases/{ref}",
        json={
            "status": "waiting",
            "priority": "high",
            "assignee": world.emails["africa"],
            "labels": {"violations": ["forced_eviction_displacement"]},
        },
        headers=headers,
    )
    assert changed.status_code == 200
    assert set(changed.json()["changed"]) == {"status", "priority", "assignee", "labels"}
    case = (await client.get(f"/api/v1/cases/{ref}", headers=headers)).json()
    assert (case["status"], case["priority"], case["assignee"]) == (
        "waiting",
        "high",
        world.emails["africa"],
    )
    assert case["violations"] == ["forced_eviction_displacement"]
    assert [n["body"] for n in case["notes"]][-1] == "Call on Monday"
    async with unit_of_work(sessions) as session:
        correction = await session.scalar(
            select(CaseEvent).where(CaseEvent.kind == "labels_corrected")
        )
    assert correction is not None
    assert correction.data["before"]["violations"] == ["land_grabbing"]
    assert correction.data["after"]["violations"] == ["forced_eviction_displacement"]


async def test_bad_changes_are_json_4xx(staffed: Staffed, world: World) -> None:
    ref, headers = world.refs["africa"], bearer(world, "admin")
    client = staffed.client
    for body in (
        {"status": "lost"},
        {"queue": "nowhere"},
        {"labels": {"violations": ["x"]}},
        {"assignee": "nobody@example.org"},
    ):
        response = await client.patch(f"/api/v1/cases/{ref}", json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.json()["error"]["code"] == "invalid_request"
    # A coordinator of another region cannot be given the case.
    response = await client.patch(
        f"/api/v1/cases/{ref}", json={"assignee": world.emails["latam"]}, headers=headers
    )
    assert response.status_code == 422


async def test_no_token_or_a_wrong_one_is_401(staffed: Staffed, world: World) -> None:
    for headers in ({}, {"Authorization": "Bearer fd_wrong"}, {"Authorization": "Basic x"}):
        response = await staffed.client.get("/api/v1/cases", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"


async def test_stats_count_what_the_caller_sees(staffed: Staffed, world: World) -> None:
    everything = (await staffed.client.get("/api/v1/stats", headers=bearer(world, "admin"))).json()
    assert everything["cases"] == 3
    assert everything["by"]["queue"] == {"africa": 1, "latam_caribbean": 1, "defenders": 1}
    assert everything["labels"]["violations"] == {"land_grabbing": 3}
    africa = (await staffed.client.get("/api/v1/stats", headers=bearer(world, "africa"))).json()
    assert africa["cases"] == 1 and africa["by"]["queue"] == {"africa": 1}


async def test_whatsapp_outside_the_window_without_a_template_is_409(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    ref = world.refs["africa"]
    await close_whatsapp_window(sessions, ref, staffed.clock)
    response = await staffed.client.post(
        f"/api/v1/cases/{ref}/replies", json={"body": "Hello"}, headers=bearer(world, "africa")
    )
    assert response.status_code == 409
    assert "24 hours" in response.json()["error"]["message"]


async def test_reply_with_nul_or_empty_body_is_422(staffed: Staffed, world: World) -> None:
    for body in ("", "a\x00b"):
        response = await staffed.client.post(
            f"/api/v1/cases/{world.refs['africa']}/replies",
            json={"body": body},
            headers=bearer(world, "africa"),
        )
        assert response.status_code == 422


async def test_status_transitions_reach_closed(staffed: Staffed, world: World) -> None:
    ref, headers = world.refs["latam"], bearer(world, "latam")
    for status in ("open", "waiting", "referred", "closed"):
        response = await staffed.client.patch(
            f"/api/v1/cases/{ref}", json={"status": status}, headers=headers
        )
        assert response.json() == {"changed": ["status"]}
    assert (await staffed.client.get(f"/api/v1/cases/{ref}", headers=headers)).json()[
        "status"
    ] == "closed"


async def test_free_text_matches_references_numbers_countries_and_labels(
    staffed: Staffed, world: World
) -> None:
    async def found(q: str) -> set[str]:
        response = await staffed.client.get(
            "/api/v1/cases", params={"q": q}, headers=bearer(world, "admin")
        )
        return {case["reference"] for case in response.json()["items"]}

    everything = set(world.refs.values())
    assert await found("land grabbing") == everything
    assert await found("Land_Grabbing") == everything
    assert await found("cm") == {world.refs["africa"]}
    assert await found(world.refs["latam"].lower()) == {world.refs["latam"]}
    assert await found(world.refs["latam"][:-1]) == everything  # a reference's start
    assert await found(str(int(world.refs["latam"][-6:]))) == {world.refs["latam"]}
    assert await found("nothing like this") == set()


async def test_corrected_labels_are_what_the_filter_finds(staffed: Staffed, world: World) -> None:
    ref, headers = world.refs["africa"], bearer(world, "admin")
    await staffed.client.patch(
        f"/api/v1/cases/{ref}",
        json={"labels": {"violations": ["forced_eviction_displacement"]}},
        headers=headers,
    )

    async def labelled(label: str) -> set[str]:
        response = await staffed.client.get(
            "/api/v1/cases", params={"label": label}, headers=headers
        )
        return {case["reference"] for case in response.json()["items"]}

    assert await labelled("forced_eviction_displacement") == {ref}
    assert ref not in await labelled("land_grabbing")
    assert ref in await labelled("legal")  # the other dimensions stay


@pytest.mark.parametrize("page_size", [1, 2, 3])
async def test_pages_keep_pinned_cases_first_without_gaps_or_repeats(
    staffed: Staffed, world: World, page_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.casework.listing

    monkeypatch.setattr(bot.casework.listing, "PAGE_SIZE", page_size)
    headers = bearer(world, "admin")
    await staffed.client.patch(
        f"/api/v1/cases/{world.refs['latam']}", json={"priority": "urgent"}, headers=headers
    )
    seen: list[dict] = []
    for page in range(1, 4 // page_size + 2):
        listed = await staffed.client.get("/api/v1/cases", params={"page": page}, headers=headers)
        if listed.json()["page"] == page:
            seen += listed.json()["items"]
    assert len(seen) == 3 and len({case["reference"] for case in seen}) == 3
    assert [case["priority"] for case in seen] == ["urgent", "urgent", "normal"]


@pytest.mark.parametrize("walk_after", [0, 10_000])
async def test_a_label_finds_the_same_cases_however_the_page_is_read(
    staffed: Staffed, world: World, walk_after: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.casework.listing

    monkeypatch.setattr(bot.casework.listing, "WALK_AFTER", walk_after)
    for params in ({"label": "land_grabbing"}, {"q": "legal"}):
        listed = await staffed.client.get(
            "/api/v1/cases", params=params, headers=bearer(world, "latam")
        )
        assert [case["reference"] for case in listed.json()["items"]] == [world.refs["latam"]]
