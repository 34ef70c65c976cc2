"""Delivery status reports move a message's status forward only."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.sender import (
    TWILIO_CHANNELS,
    StatusOutcome,
    apply_early_statuses,
    apply_status_update,
)
from channels.base import StatusUpdate, WebhookRequest
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import EarlyStatus, utcnow
from storage.repositories.outbox import OutboxRepository
from tests.fakes.receiver import WebhookReceiver
from tests.fakes.twilio_api import CallbackPlan, FakeTwilio
from tests.sender.conftest import MakeSender
from tests.sender.helpers import LONG_TEXT, Outgoing, enqueue, parts, row, run_until_done


async def apply(
    sessions: async_sessionmaker[AsyncSession], sid: str, status: str, code: str | None = None
) -> StatusOutcome:
    async with unit_of_work(sessions) as session:
        update = StatusUpdate(sid, status, error_code=code)
        return await apply_status_update(session, update, channels=TWILIO_CHANNELS)


async def test_a_status_never_moves_backwards_and_repeats_change_nothing(
    make_sender: MakeSender, sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("sms", "+254700006001"))
    await run_until_done([make_sender()], sessions)
    sid = (await row(sessions, outbox_id)).message_provider_id
    assert sid is not None and (await row(sessions, outbox_id)).message_status == "queued"
    steps = [
        ("sent", StatusOutcome.APPLIED),
        ("sent", StatusOutcome.UNCHANGED),
        ("queued", StatusOutcome.UNCHANGED),
        ("read", StatusOutcome.APPLIED),
        ("delivered", StatusOutcome.UNCHANGED),  # read implies delivered
        ("sent", StatusOutcome.UNCHANGED),
    ]
    assert [await apply(sessions, sid, status) for status, _ in steps] == [o for _, o in steps]
    assert (await row(sessions, outbox_id)).message_status == "read"


async def test_a_failure_is_final_and_keeps_its_code(
    make_sender: MakeSender, sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("sms", "+254700006002"))
    await run_until_done([make_sender()], sessions)
    sid = (await row(sessions, outbox_id)).message_provider_id
    assert sid is not None
    assert await apply(sessions, sid, "undelivered", "30003") is StatusOutcome.APPLIED
    assert await apply(sessions, sid, "delivered") is StatusOutcome.UNCHANGED
    stored = await row(sessions, outbox_id)
    assert (stored.message_status, stored.error_code) == ("undelivered", "30003")


async def test_a_report_on_any_part_of_a_split_message_reaches_it(
    make_sender: MakeSender, sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    body = LONG_TEXT[:4000]
    outbox_id = await enqueue(sessions, keyring, Outgoing("sms", "+254700006003", body=body))
    await run_until_done([make_sender()], sessions)
    *_, last = await parts(sessions, outbox_id)
    assert await apply(sessions, last, "delivered") is StatusOutcome.APPLIED
    assert (await row(sessions, outbox_id)).message_status == "delivered"


async def test_callbacks_duplicated_and_out_of_order_end_at_the_latest_status(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_twilio: FakeTwilio,
    webhook_receiver: WebhookReceiver,
) -> None:
    number = "+254700006004"
    fake_twilio.plan_for(
        number, CallbackPlan(statuses=("sent", "delivered"), duplicate=True, reverse=True)
    )
    outbox_id = await enqueue(sessions, keyring, Outgoing("sms", number))
    sender = make_sender()
    await run_until_done([sender], sessions)
    sid = (await row(sessions, outbox_id)).message_provider_id
    assert sid is not None
    adapter = sender.adapters["sms"]
    applied = []
    for _ in range(50):
        received = [
            WebhookRequest.build(hook.url, hook.headers, hook.body)
            for hook in webhook_receiver.received()
        ]
        mine = [r for r in received if ("MessageSid", sid) in r.form]
        if len(mine) == 4:
            break
        await asyncio.sleep(0.05)
    for request in mine:
        assert adapter.verify(request)
        for update in adapter.parse_status(request):
            applied.append(
                (update.status, await apply(sessions, update.provider_message_id, update.status))
            )
    assert applied == [
        ("delivered", StatusOutcome.APPLIED),
        ("delivered", StatusOutcome.UNCHANGED),
        ("sent", StatusOutcome.UNCHANGED),
        ("sent", StatusOutcome.UNCHANGED),
    ]
    assert (await row(sessions, outbox_id)).message_status == "delivered"


async def test_a_report_that_comes_before_the_send_is_recorded_is_kept_until_it_is(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    sid = "SM" + "7" * 32
    assert await apply(sessions, sid, "delivered") is StatusOutcome.KEPT
    assert await apply(sessions, sid, "delivered") is StatusOutcome.KEPT  # a repeat
    assert await apply(sessions, sid, "sent") is StatusOutcome.KEPT
    outbox_id = await enqueue(sessions, keyring, Outgoing("sms", "+254700006005"))
    async with unit_of_work(sessions) as session:
        outbox = OutboxRepository(session)
        [claim] = await outbox.claim(
            "sender", channels=["sms"], limit=1, lease_for=timedelta(seconds=30), now=utcnow()
        )
        await outbox.mark_sent(
            claim, first_provider_id=sid, last_provider_id=sid, status="queued", now=utcnow()
        )
    async with unit_of_work(sessions) as session:
        assert await apply_early_statuses(session, channels=TWILIO_CHANNELS) == 1
    assert (await row(sessions, outbox_id)).message_status == "delivered"
    async with unit_of_work(sessions) as session:
        assert await session.scalar(select(func.count()).select_from(EarlyStatus)) == 0
