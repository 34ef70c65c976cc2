"""A coordinator works a case from arrival to closing in a real browser: Debian's
chromium driven by Playwright, against `frontdoor serve` with the fake Twilio as the
SMS provider. Screenshots of the queue and the case go to test-artifacts/."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select

from bot.settings import Settings
from storage.crypto import KeyRing
from storage.db import create_engine, session_factory, unit_of_work
from storage.models import Case, StaffUser
from tests.fakes.twilio_api import FakeTwilio
from tests.live_server import LiveServer, live_server
from tests.staff_world import PASSWORD, World, build_world_now

CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = "browser tests need /usr/bin/chromium (run `make browser`)"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SMS_FROM = "+15005550006"
REPLY = "Hello from your coordinator: we will call you tomorrow."

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)


async def _case(settings: Settings, reference: str) -> tuple[Case, str | None]:
    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(session_factory(engine)) as session:
            case = await session.scalar(select(Case).where(Case.reference == reference))
            assert case is not None
            email = await session.scalar(
                select(StaffUser.email).where(StaffUser.id == case.assignee_id)
            )
            return case, email
    finally:
        await engine.dispose()


@pytest.fixture
def server(
    settings: Settings, keyring: KeyRing, fake_twilio: FakeTwilio, tmp_path: Path
) -> Iterator[tuple[LiveServer, World]]:
    world = build_world_now(settings, keyring)
    environment = {
        "FRONTDOOR_TWILIO_ACCOUNT_SID": fake_twilio.account_sid,
        "FRONTDOOR_TWILIO_AUTH_TOKEN": fake_twilio.auth_token,
        "FRONTDOOR_TWILIO_SMS_FROM": SMS_FROM,
        "FRONTDOOR_TWILIO_SMS_RATE": "50",
        "FRONTDOOR_TWILIO_API_URL": fake_twilio.url,
        "FRONTDOOR_SENDER_POLL_INTERVAL": "0.05",
    }
    with live_server(settings, tmp_path, environment) as live:
        yield live, world


def _wait_for(predicate, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_coordinator_handles_a_case_from_arrival_to_closing(
    server: tuple[LiveServer, World], settings: Settings, fake_twilio: FakeTwilio
) -> None:
    from playwright.sync_api import expect, sync_playwright

    live, world = server
    reference = world.refs["africa"]
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.set_default_timeout(15_000)

        page.goto(f"{live.url}/console/queue")
        expect(page).to_have_url(f"{live.url}/console/login")
        page.get_by_label("Email").fill(world.emails["africa"])  # a regional coordinator
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Continue").click()
        expect(page).to_have_url(f"{live.url}/console/mfa")
        page.get_by_label("Code").fill(pyotp.TOTP(world.secrets["africa"]).now())
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(f"{live.url}/console/queue")

        rows = page.locator("#rows tr")
        expect(rows).to_have_count(1)  # only their region's case: not the urgent defenders one
        expect(rows.first).to_contain_text(reference)
        page.locator("select[name=status]").select_option("closed")
        page.get_by_role("button", name="Filter").click()
        expect(rows.first).to_contain_text("No case matches these filters.")
        page.locator("select[name=status]").select_option("new")
        page.get_by_role("button", name="Filter").click()
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(reference)
        page.screenshot(path=str(ARTIFACTS / "console-queue.png"), full_page=True)

        page.get_by_role("link", name=reference).click()
        expect(page.locator("h1")).to_contain_text(reference)
        # The case is in French: so are its canned replies.
        page.locator("select[data-fill]").select_option(label="Bien reçu")
        expect(page.locator("#reply-body")).to_have_value(
            "Nous avons lu votre message. Un coordinateur étudie votre dossier et vous "
            "réécrira bientôt."
        )
        page.locator("#reply-body").fill(REPLY)
        page.get_by_role("button", name="Send").click()

        _wait_for(lambda: any(m.get("Body") == REPLY for m in fake_twilio.created()))
        sent = next(m for m in fake_twilio.created() if m.get("Body") == REPLY)
        assert sent["To"] == "+237650000001"
        mine = page.locator("li.msg.out", has_text=REPLY)
        expect(mine.locator(".mstatus")).to_have_text("delivered", timeout=20_000)

        page.locator("#note-body").fill("Called the community leader; follow up Monday.")
        page.get_by_role("button", name="Add note").click()
        expect(page.locator(".notes")).to_contain_text("follow up Monday")

        page.locator("select[name=assignee]").select_option(world.emails["secretariat"])
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator("select[name=assignee]")).to_have_value(world.emails["secretariat"])
        page.locator("select[name=status]").select_option("closed")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator("h1 .status")).to_have_text("Closed")
        page.screenshot(path=str(ARTIFACTS / "console-case.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})  # a phone
        page.screenshot(path=str(ARTIFACTS / "console-case-phone.png"))
        page.goto(f"{live.url}/console/queue")
        page.screenshot(path=str(ARTIFACTS / "console-queue-phone.png"))
        browser.close()

    case, assignee = asyncio.run(_case(settings, reference))
    assert (case.status, assignee) == ("closed", world.emails["secretariat"])
