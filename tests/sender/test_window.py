"""WhatsApp's 24-hour window: free text inside it, the approved template outside it."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Case
from tests.fakes.twilio_api import FakeTwilio
from tests.sender.conftest import TEMPLATE_SID, MakeSender
from tests.sender.helpers import Outgoing, calls_to, enqueue, row, run_until_done, sent_to

TO = "+254700005900"
TEMPLATE = {"whatsapp_template_sid": TEMPLATE_SID}


async def test_inside_the_window_free_text_goes(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_twilio: FakeTwilio,
) -> None:
    await enqueue(sessions, keyring, Outgoing("whatsapp", TO, body="Your case is open."))
    await run_until_done([make_sender(**TEMPLATE)], sessions)
    [created] = sent_to(fake_twilio, TO)
    assert (created["To"], created["Body"]) == (f"whatsapp:{TO}", "Your case is open.")
    assert "ContentSid" not in created


async def test_outside_the_window_the_configured_template_goes(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_twilio: FakeTwilio,
    long_ago: datetime,
) -> None:
    outbox_id = await enqueue(
        sessions, keyring, Outgoing("whatsapp", TO, last_inbound_at=long_ago, with_case=True)
    )
    sender = make_sender(**TEMPLATE, whatsapp_template_variables={"1": "case_reference"})
    await run_until_done([sender], sessions)
    async with unit_of_work(sessions) as session:
        [reference] = (await session.scalars(select(Case.reference))).all()
    [created] = sent_to(fake_twilio, TO)
    assert created["ContentSid"] == TEMPLATE_SID and "Body" not in created
    assert json.loads(created["ContentVariables"]) == {"1": reference}
    assert (await row(sessions, outbox_id)).status == "sent"


async def test_outside_the_window_without_a_template_fails_with_a_reason(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_twilio: FakeTwilio,
    long_ago: datetime,
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("whatsapp", TO, last_inbound_at=long_ago))
    await run_until_done([make_sender()], sessions)
    assert calls_to(fake_twilio, TO) == []
    stored = await row(sessions, outbox_id)
    assert (stored.status, stored.message_status, stored.error_code) == (
        "failed",
        "failed",
        "outside_window",
    )
    assert "no template is configured" in (stored.last_error or "")


async def test_a_row_with_its_own_template_sends_it_even_inside_the_window(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_twilio: FakeTwilio,
) -> None:
    own = {"content_sid": "HX" + "cd" * 16, "variables": {"1": "Ana"}}
    await enqueue(sessions, keyring, Outgoing("whatsapp", TO, template=own))
    await run_until_done([make_sender(**TEMPLATE)], sessions)
    [created] = sent_to(fake_twilio, TO)
    assert created["ContentSid"] == own["content_sid"]
    assert json.loads(created["ContentVariables"]) == {"1": "Ana"}


async def test_the_providers_window_error_is_permanent(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_twilio: FakeTwilio,
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("whatsapp", TO))
    fake_twilio.faults.fail_next("outside_window")
    await run_until_done([make_sender()], sessions)
    stored = await row(sessions, outbox_id)
    assert (stored.status, stored.attempts, stored.error_code) == ("failed", 1, "63016")


async def test_a_stored_template_without_a_content_sid_fails_for_staff(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_twilio: FakeTwilio,
) -> None:
    outbox_id = await enqueue(
        sessions, keyring, Outgoing("whatsapp", TO, template={"variables": {"1": "Ana"}})
    )
    await run_until_done([make_sender()], sessions)
    assert calls_to(fake_twilio, TO) == []
    assert (await row(sessions, outbox_id)).error_code == "bad_template"
