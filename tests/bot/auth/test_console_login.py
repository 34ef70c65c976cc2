"""Console sign-in as an attacker and a forgetful user would meet it: throttling, session
ids, timeouts with a moved clock, CSRF, second factor, disabled accounts."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.auth.sessions import COOKIE
from storage.db import unit_of_work
from storage.models import StaffSession
from tests.staff_world import PASSWORD, Staffed, World, csrf_of, sign_in, totp_now


async def _password(staffed: Staffed, email: str, password: str):  # type: ignore[no-untyped-def]
    page = await staffed.client.get("/console/login")
    return await staffed.client.post(
        "/console/login",
        data={"csrf_token": csrf_of(page.text), "email": email, "password": password},
    )


async def test_sign_in_needs_password_then_code_and_changes_the_session_id(
    staffed: Staffed, world: World
) -> None:
    client = staffed.client
    assert (await client.get("/console/queue")).headers["location"] == "/console/login"
    response = await _password(staffed, world.emails["africa"], PASSWORD)
    partial = response.cookies[COOKIE]
    # Half signed in: the queue sends you back to the code.
    assert (await client.get("/console/queue")).headers["location"] == "/console/mfa"
    page = await client.get("/console/mfa")
    done = await client.post(
        "/console/mfa",
        data={
            "csrf_token": csrf_of(page.text),
            "code": totp_now(world.secrets["africa"], staffed.clock),
        },
    )
    assert done.status_code == 303
    full = done.cookies[COOKIE]
    assert full != partial
    client.cookies.set(COOKIE, partial)
    assert (await client.get("/console/queue")).headers["location"] == "/console/login"
    client.cookies.set(COOKIE, full)
    assert (await client.get("/console/queue")).status_code == 200


async def test_a_code_works_once_and_a_wrong_code_fails(staffed: Staffed, world: World) -> None:
    await sign_in(staffed, world, "africa")
    staffed.client.cookies.clear()
    await _password(staffed, world.emails["africa"], PASSWORD)
    page = await staffed.client.get("/console/mfa")
    for code in (totp_now(world.secrets["africa"], staffed.clock), "000000"):
        again = await staffed.client.post(
            "/console/mfa", data={"csrf_token": csrf_of(page.text), "code": code}
        )
        assert again.status_code == 401
        assert "Wrong email, password or code." in again.text


async def test_a_recovery_code_signs_in_once(staffed: Staffed, world: World) -> None:
    code = world.recovery["latam"][0]
    for expected in (303, 401):
        staffed.client.cookies.clear()
        await _password(staffed, world.emails["latam"], PASSWORD)
        page = await staffed.client.get("/console/mfa")
        response = await staffed.client.post(
            "/console/mfa", data={"csrf_token": csrf_of(page.text), "code": code.lower()}
        )
        assert response.status_code == expected


async def test_first_login_forces_enrolment_with_a_qr_code(
    settings,
    sessions: async_sessionmaker[AsyncSession],
    keyring,  # type: ignore[no-untyped-def]
) -> None:
    import pyotp

    from tests.staff_world import build_world, staffed_app

    world = await build_world(sessions, keyring, enrolled=False)
    async for staffed in staffed_app(settings):
        response = await _password(staffed, world.emails["africa"], PASSWORD)
        assert response.headers["location"] == "/console/enrol"
        assert (await staffed.client.get("/console/queue")).headers["location"] == "/console/enrol"
        page = await staffed.client.get("/console/enrol")
        assert "<svg" in page.text and "<img" not in page.text
        secret = page.text.split('class="secret">')[1].split("<")[0]
        wrong = await staffed.client.post(
            "/console/enrol", data={"csrf_token": csrf_of(page.text), "code": "123456"}
        )
        assert wrong.status_code == 401
        done = await staffed.client.post(
            "/console/enrol",
            data={
                "csrf_token": csrf_of(page.text),
                "code": pyotp.TOTP(secret).at(staffed.clock.now),
            },
        )
        assert done.status_code == 200 and done.text.count("<code>") == 10
        assert (await staffed.client.get("/console/queue")).status_code == 200


async def test_many_wrong_passwords_are_throttled_then_the_user_gets_in(
    staffed: Staffed, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    email = world.emails["africa"]
    with caplog.at_level(logging.INFO, logger="frontdoor.security"):
        for _ in range(40):
            response = await _password(staffed, email, "guess-" + "x" * 8)
            assert response.status_code == 401
    checked = [r for r in caplog.records if r.getMessage() == "auth.login_failed"]
    throttled = [r for r in caplog.records if r.getMessage() == "auth.throttled"]
    assert len(checked) == 6 and len(throttled) == 34  # after 5 free tries, each waits
    blocked = await _password(staffed, email, PASSWORD)
    assert "Too many failed attempts" in blocked.text
    staffed.clock.advance(seconds=3)
    assert (await _password(staffed, email, PASSWORD)).status_code == 303


async def test_the_account_wait_is_capped_at_a_minute(staffed: Staffed, world: World) -> None:
    email = world.emails["africa"]
    for _ in range(12):  # each failure after its wait: the delay doubles up to the cap
        await _password(staffed, email, "wrong password!")
        staffed.clock.advance(seconds=61)
    staffed.client.cookies.clear()
    assert (await _password(staffed, email, PASSWORD)).status_code == 303


async def test_logout_and_both_timeouts_end_the_session(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    client = staffed.client
    page = await sign_in(staffed, world, "africa")
    await client.post("/console/logout", data={"csrf_token": csrf_of(page.text)})
    assert (await client.get("/console/queue")).headers["location"] == "/console/login"
    async with unit_of_work(sessions) as session:
        assert list(await session.scalars(select(StaffSession))) == []

    staffed.clock.advance(seconds=31)  # a TOTP code works once: wait for the next one
    await sign_in(staffed, world, "africa")
    staffed.clock.advance(minutes=29)
    assert (await client.get("/console/queue")).status_code == 200
    staffed.clock.advance(minutes=31)  # idle for longer than 30 minutes
    assert (await client.get("/console/queue")).status_code == 303

    staffed.clock.advance(seconds=31)  # the TOTP step used above is spent
    await sign_in(staffed, world, "africa")
    for _ in range(12 * 3 + 1):  # busy all day, never idle
        staffed.clock.advance(minutes=20)
        last = await client.get("/console/queue")
    assert last.status_code == 303  # past the 12-hour absolute limit


async def test_polling_does_not_keep_an_idle_session_alive(staffed: Staffed, world: World) -> None:
    await sign_in(staffed, world, "africa")
    for _ in range(4):
        staffed.clock.advance(minutes=10)
        poll = await staffed.client.get("/console/queue/rows", headers={"X-Console-Poll": "1"})
    assert poll.status_code == 401


async def test_unsafe_requests_need_the_csrf_token_and_our_origin(
    staffed: Staffed, world: World
) -> None:
    page = await sign_in(staffed, world, "africa")
    url = f"/console/cases/{world.refs['africa']}/notes"
    assert (await staffed.client.post(url, data={"body": "x"})).status_code == 403
    wrong = await staffed.client.post(url, data={"body": "x", "csrf_token": "0" * 64})
    assert wrong.status_code == 403
    foreign = await staffed.client.post(
        url,
        data={"body": "x", "csrf_token": csrf_of(page.text)},
        headers={"Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403
    ok = await staffed.client.post(url, data={"body": "x", "csrf_token": csrf_of(page.text)})
    assert ok.status_code == 303
    login = await staffed.client.post(
        "/console/login", data={"email": "a@b.c", "password": "x" * 12}
    )
    assert login.status_code == 403


async def test_the_api_accepts_the_session_cookie_with_the_csrf_header(
    staffed: Staffed, world: World
) -> None:
    page = await sign_in(staffed, world, "africa")
    url = f"/api/v1/cases/{world.refs['africa']}/notes"
    assert (await staffed.client.get("/api/v1/cases")).json()["total"] == 1
    assert (await staffed.client.post(url, json={"body": "x"})).status_code == 403
    ok = await staffed.client.post(
        url, json={"body": "x"}, headers={"X-CSRF-Token": csrf_of(page.text)}
    )
    assert ok.status_code == 201


async def test_a_disabled_account_loses_its_sessions_and_tokens(
    settings,
    staffed: Staffed,
    world: World,  # type: ignore[no-untyped-def]
) -> None:
    from tests.staff_world import staffed_app

    await sign_in(staffed, world, "africa")
    assert (await staffed.client.get("/console/queue")).status_code == 200
    async for admin in staffed_app(settings):
        admin.clock.now = staffed.clock.now
        page = await sign_in(admin, world, "admin")
        disabled = await admin.client.post(
            f"/console/users/{world.ids['africa']}/disable",
            data={"csrf_token": csrf_of(page.text)},
        )
        assert disabled.status_code == 303
    assert (await staffed.client.get("/console/queue")).headers["location"] == "/console/login"
    api = await staffed.client.get(
        "/api/v1/cases", headers={"Authorization": f"Bearer {world.tokens['africa']}"}
    )
    assert api.status_code == 401
    refused = await _password(staffed, world.emails["africa"], PASSWORD)
    assert refused.status_code == 401


async def test_signing_in_again_ends_the_browsers_previous_session(
    staffed: Staffed, world: World
) -> None:
    await sign_in(staffed, world, "africa")
    old = staffed.client.cookies[COOKIE]
    staffed.clock.advance(seconds=31)
    await sign_in(staffed, world, "africa")
    assert staffed.client.cookies[COOKIE] != old
    staffed.client.cookies.set(COOKIE, old)
    assert (await staffed.client.get("/console/queue")).headers["location"] == "/console/login"


async def test_sessions_past_their_time_are_deleted_at_the_next_sign_in(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await sign_in(staffed, world, "africa")
    staffed.clock.advance(minutes=31)
    staffed.client.cookies.clear()
    await sign_in(staffed, world, "latam")
    async with unit_of_work(sessions) as session:
        owners = list(await session.scalars(select(StaffSession.staff_id)))
    assert owners == [world.ids["latam"]]
