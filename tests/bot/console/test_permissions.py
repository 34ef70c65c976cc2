"""The permission matrix: a coordinator of one region asks for another region's case on
every route that takes an id, in the console and the API. Each answer is the 404 of a
case that does not exist, nothing changes, lists never show it, and each refusal is
logged."""

from __future__ import annotations

import logging
import uuid
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import unit_of_work
from storage.models import Case, CaseEvent, Message, Note, OutboxItem
from tests.staff_world import Staffed, World, csrf_of, sign_in


async def _fail_outbound(sessions: async_sessionmaker[AsyncSession], reference: str) -> str:
    async with unit_of_work(sessions) as session:
        item = await session.scalar(
            select(OutboxItem)
            .join(Message, Message.id == OutboxItem.message_id)
            .join(Case, Case.id == Message.case_id)
            .where(Case.reference == reference)
        )
        item.status, item.last_error = "failed", "rejected: 21610"
        return str(item.id)


async def _changes(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, int, int]:
    async with unit_of_work(sessions) as session:
        return (
            await session.scalar(select(func.count()).select_from(CaseEvent)),
            await session.scalar(select(func.count()).select_from(Note)),
            await session.scalar(select(func.count()).select_from(Message)),
        )


async def test_a_coordinator_gets_404_for_every_id_of_another_region(
    staffed: Staffed,
    world: World,
    sessions: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    other = world.refs["latam"]
    outbox_id = await _fail_outbound(sessions, other)
    page = await sign_in(staffed, world, "africa")
    token = csrf_of(page.text)
    api = {"Authorization": f"Bearer {world.tokens['africa']}"}
    before = await _changes(sessions)
    console_posts = {
        f"/console/cases/{other}/reply": {"body": "hi"},
        f"/console/cases/{other}/notes": {"body": "hi"},
        f"/console/cases/{other}/update": {"status": "closed"},
        f"/console/cases/{other}/labels": {"labels.needs": "funding_grant"},
        f"/console/cases/{other}/referrals": {"partner": "X"},
        f"/console/failed/{outbox_id}/resend": {},
    }
    client = staffed.client
    with caplog.at_level(logging.WARNING, logger="frontdoor.security"):
        for path in (f"/console/cases/{other}", f"/console/cases/{other}/transcript"):
            assert (await client.get(path)).status_code == 404, path
        for path, data in console_posts.items():
            response = await client.post(path, data={**data, "csrf_token": token})
            assert response.status_code == 404, path
        assert (await client.get(f"/api/v1/cases/{other}", headers=api)).status_code == 404
        for method, path, body in (
            ("POST", f"/api/v1/cases/{other}/replies", {"body": "hi"}),
            ("POST", f"/api/v1/cases/{other}/notes", {"body": "hi"}),
            ("PATCH", f"/api/v1/cases/{other}", {"status": "closed"}),
        ):
            response = await client.request(method, path, json=body, headers=api)
            assert response.status_code == 404, path
            assert response.json() == {"error": {"code": "not_found", "message": "No such case."}}
    assert await _changes(sessions) == before
    denied = [r for r in caplog.records if r.getMessage() == "access.denied"]
    assert len(denied) == 12
    assert all(r.fields["staff"] == str(world.ids["africa"]) for r in denied)


async def test_an_unknown_case_answers_exactly_like_a_forbidden_one(
    staffed: Staffed, world: World
) -> None:
    api = {"Authorization": f"Bearer {world.tokens['africa']}"}
    forbidden = await staffed.client.get(f"/api/v1/cases/{world.refs['latam']}", headers=api)
    unknown = await staffed.client.get("/api/v1/cases/CRE-1999-999999", headers=api)
    assert (forbidden.status_code, forbidden.json()) == (unknown.status_code, unknown.json())


async def test_lists_exports_search_and_stats_never_show_another_region(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await _fail_outbound(sessions, world.refs["latam"])
    await sign_in(staffed, world, "africa")
    client, mine, other = staffed.client, world.refs["africa"], world.refs["latam"]
    api = {"Authorization": f"Bearer {world.tokens['africa']}"}
    for path in (
        "/console/queue",
        "/console/queue/rows",
        "/console/queue/export.csv",
        f"/console/queue?q={other}",
        "/console/queue?country=CO",
        "/console/failed",
        "/console/routing",
    ):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert f"/console/cases/{other}" not in response.text, path
        assert f"{other}," not in response.text, path  # the CSV's rows
    assert mine in (await client.get("/console/queue/export.csv")).text
    listed = (await client.get("/api/v1/cases", headers=api)).json()
    assert [c["reference"] for c in listed["items"]] == [mine]
    searched = (await client.get("/api/v1/cases", params={"q": other}, headers=api)).json()
    assert searched == {"items": [], "total": 0, "page": 1}
    stats = (await client.get("/api/v1/stats", headers=api)).json()
    assert stats["cases"] == 1 and "CO" not in stats["by"]["country"]


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("admin", {"africa", "latam", "defenders"}),
        ("secretariat", {"africa", "latam", "defenders"}),
        ("defender", {"defenders"}),
        ("latam", {"latam"}),
    ],
)
async def test_each_role_sees_its_queues(
    staffed: Staffed, world: World, who: str, visible: set[str]
) -> None:
    api = {"Authorization": f"Bearer {world.tokens[who]}"}
    listed = (await staffed.client.get("/api/v1/cases", headers=api)).json()
    assert {c["reference"] for c in listed["items"]} == {world.refs[k] for k in visible}
    for key, reference in world.refs.items():
        response = await staffed.client.get(
            f"/api/v1/cases/{quote(reference, safe='')}", headers=api
        )
        assert response.status_code == (200 if key in visible else 404)


async def test_admin_screens_are_404_for_everyone_else(staffed: Staffed, world: World) -> None:
    page = await sign_in(staffed, world, "secretariat")
    assert (await staffed.client.get("/console/users")).status_code == 404
    response = await staffed.client.post(
        f"/console/users/{world.ids['africa']}/disable", data={"csrf_token": csrf_of(page.text)}
    )
    assert response.status_code == 404


async def test_every_view_and_change_is_audited_without_content(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    from storage.models import AuditEntry

    page = await sign_in(staffed, world, "africa")
    ref = world.refs["africa"]
    await staffed.client.get(f"/console/cases/{ref}")
    await staffed.client.post(
        f"/console/cases/{ref}/notes",
        data={"body": "secret words", "csrf_token": csrf_of(page.text)},
    )
    async with unit_of_work(sessions) as session:
        entries = list(
            await session.scalars(select(AuditEntry).where(AuditEntry.object_type == "case"))
        )
    actions = [e.action for e in entries]
    assert "case.viewed" in actions and "case.noted" in actions
    assert all(e.actor_id == str(world.ids["africa"]) for e in entries)
    assert "secret words" not in repr([(e.action, e.data) for e in entries])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    reference=st.one_of(
        st.from_regex(r"CRE-20[0-9]{2}-[0-9]{6}", fullmatch=True),
        st.text(
            alphabet=st.characters(codec="utf-8", exclude_characters="/"), min_size=1, max_size=30
        ).filter(lambda text: text.strip(". ") != ""),
    )
)
async def test_guessed_references_never_reveal_a_case(
    staffed: Staffed, world: World, reference: str
) -> None:
    api = {"Authorization": f"Bearer {world.tokens['africa']}"}
    response = await staffed.client.get(f"/api/v1/cases/{quote(reference, safe='')}", headers=api)
    if reference == world.refs["africa"]:
        assert response.status_code == 200
    else:
        assert response.status_code in (404, 422)
        assert response.json()["error"]["code"] in ("not_found", "invalid_request")


async def test_contacts_follow_their_cases_queues(
    staffed: Staffed,
    world: World,
    sessions: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with unit_of_work(sessions) as session:
        owners = dict((await session.execute(select(Case.reference, Case.contact_id))).all())
    mine, other = owners[world.refs["africa"]], owners[world.refs["latam"]]
    await sign_in(staffed, world, "africa")
    client, api = staffed.client, {"Authorization": f"Bearer {world.tokens['africa']}"}
    with caplog.at_level(logging.WARNING, logger="frontdoor.security"):
        assert (await client.get(f"/console/contacts/{other}")).status_code == 404
        forbidden = await client.get(f"/api/v1/contacts/{other}", headers=api)
        unknown = await client.get(f"/api/v1/contacts/{uuid.uuid4()}", headers=api)
    assert forbidden.status_code == 404
    assert (
        forbidden.json()
        == unknown.json()
        == {"error": {"code": "not_found", "message": "No such contact."}}
    )
    denied = [r for r in caplog.records if r.getMessage() == "access.denied"]
    assert [(r.fields["object"], r.fields["exists"]) for r in denied] == [
        ("contact", True),
        ("contact", True),
        ("contact", False),
    ]
    assert (await client.get(f"/console/contacts/{mine}")).status_code == 200

    for path in ("/console/contacts", "/console/contacts?phone=%2B573000000002"):
        page = await client.get(path)
        assert page.status_code == 200 and f"/console/contacts/{other}" not in page.text, path
    assert f"/console/contacts/{mine}" in (await client.get("/console/contacts")).text
    listed = (await client.get("/api/v1/contacts", headers=api)).json()
    assert [c["id"] for c in listed["items"]] == [str(mine)]
    searched = await client.get("/api/v1/contacts", params={"phone": "+573000000002"}, headers=api)
    assert searched.json()["total"] == 0
    assert (await client.get("/console/contacts/export.csv")).status_code == 404
    assert (await client.get("/api/v1/contacts/export", headers=api)).status_code == 404
