"""Send errors decide what happens next: retry later, stop for good, or fail for staff."""

from __future__ import annotations

import itertools
import logging

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import PRIORITY_BULK, Contact, utcnow
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio
from tests.sender.conftest import MakeSender
from tests.sender.helpers import (
    Outgoing,
    calls_to,
    enqueue,
    enqueue_many,
    identity_and_contact,
    row,
    rows,
    run_until_done,
    sent_to,
    wait_for_calls,
)

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


async def test_a_429_pauses_the_channel_for_retry_after(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    chats = ["3100", "3101", "3102"]
    ids = await enqueue_many(sessions, keyring, [Outgoing("telegram", chat) for chat in chats])
    fake_telegram.faults.fail_next("throttle", retry_after=1)
    # One at a time: a send already on the wire when the 429 comes back is not held.
    await run_until_done([make_sender(sender_concurrency=1)], sessions)
    throttled, *after = calls_to(fake_telegram, *chats)
    assert throttled.status_code == 429
    assert all(call.at >= throttled.at + 1.0 for call in after)
    assert sorted(c["chat_id"] for c in sent_to(fake_telegram, *chats)) == chats
    # Throttling is not the message's fault: no attempt is spent on it.
    assert {(await row(sessions, i)).attempts for i in ids} == {1}


async def test_server_errors_are_retried_until_sent(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_twilio: FakeTwilio,
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("sms", "+254700003201"))
    fake_twilio.faults.fail_next("server_error", n=2, status=503)
    await run_until_done([make_sender()], sessions)
    stored = await row(sessions, outbox_id)
    assert (stored.status, stored.attempts, stored.message_status) == ("sent", 3, "queued")
    assert [c.status_code for c in calls_to(fake_twilio, "+254700003201")] == [503, 503, 201]


async def test_server_errors_fail_at_the_attempt_cap_with_backoff(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("telegram", "3301"))
    fake_telegram.faults.fail_recipient("3301", "server_error")
    await run_until_done([make_sender(sender_retry_base=0.1, sender_retry_cap=1.0)], sessions)
    calls = calls_to(fake_telegram, "3301")
    assert len(calls) == 3
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(calls)]
    assert gaps[0] >= 0.05 and gaps[1] >= 0.1  # at least half the doubling ceiling
    stored = await row(sessions, outbox_id)
    assert (stored.status, stored.message_status, stored.error_code) == ("failed", "failed", "5xx")
    assert stored.last_error == "5xx: gave up after 3 attempts"


async def test_timeouts_are_retried_then_failed(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("telegram", "3401"))
    fake_telegram.faults.fail_next("delay", n=3, delay=1.0)
    await run_until_done([make_sender(sender_send_timeout=0.3)], sessions)
    await wait_for_calls(fake_telegram, "3401", count=3)  # each did reach the provider
    stored = await row(sessions, outbox_id)
    assert (stored.status, stored.attempts, stored.error_code) == ("failed", 3, "timeout")


@pytest.mark.parametrize(
    ("channel", "address", "fault", "code"),
    [("telegram", "3501", "blocked", "403"), ("sms", "+254700003501", "stopped", "21610")],
)
async def test_a_stopped_contact_is_opted_out_and_never_retried(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
    fake_twilio: FakeTwilio,
    channel: str,
    address: str,
    fault: str,
    code: str,
) -> None:
    fake = fake_telegram if channel == "telegram" else fake_twilio
    first, second = await enqueue_many(
        sessions, keyring, [Outgoing(channel, address), Outgoing(channel, address)]
    )
    fake.faults.fail_recipient(address, fault)
    await run_until_done([make_sender(sender_concurrency=1)], sessions)
    assert len(calls_to(fake, address)) == 1  # the second is stopped without a call
    for outbox_id, expected in ((first, code), (second, "blocked")):
        stored = await row(sessions, outbox_id)
        assert (stored.status, stored.attempts, stored.error_code) == ("stopped", 1, expected)
    identity, contact = await identity_and_contact(sessions, stored.identity_id)
    assert identity.blocked_at is not None and contact.opted_out_at is not None


async def test_a_rejected_message_fails_for_staff_with_the_reason(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("telegram", "3601"))
    fake_telegram.faults.fail_next("chat_not_found")
    await run_until_done([make_sender()], sessions)
    stored = await row(sessions, outbox_id)
    assert (stored.status, stored.attempts, stored.error_code) == ("failed", 1, "400")
    assert stored.last_error == "400: Chat not found"


async def test_broadcasts_skip_opted_out_people_but_replies_still_reach_them(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    bulk, reply, later = await enqueue_many(
        sessions,
        keyring,
        [
            Outgoing("telegram", "3701", priority=PRIORITY_BULK),
            Outgoing("telegram", "3701"),
            Outgoing("telegram", "3701", priority=PRIORITY_BULK),
        ],
    )
    _, contact = await identity_and_contact(sessions, (await row(sessions, bulk)).identity_id)
    async with unit_of_work(sessions) as session:
        stored_contact = await session.get(Contact, contact.id)
        assert stored_contact is not None
        stored_contact.opted_out_at = utcnow()
    await run_until_done([make_sender()], sessions)
    statuses = [(await row(sessions, outbox_id)).status for outbox_id in (bulk, reply, later)]
    assert statuses == ["stopped", "sent", "stopped"]
    assert len(sent_to(fake_telegram, "3701")) == 1
    # A broadcast opt-out is not a block: the identity stays reachable.
    identity, _ = await identity_and_contact(sessions, (await row(sessions, bulk)).identity_id)
    assert identity.blocked_at is None


async def test_logs_carry_ids_and_codes_never_bodies_or_numbers(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_twilio: FakeTwilio,
    caplog: pytest.LogCaptureFixture,
) -> None:
    number, body = "+254799123456", "Our secret meeting is at the river"
    ids = await enqueue_many(
        sessions,
        keyring,
        [Outgoing("sms", number, body=body), Outgoing("sms", "+254799123457", body=body)],
    )
    fake_twilio.faults.fail_next("invalid_to")
    fake_twilio.faults.fail_next("server_error")
    caplog.set_level(logging.DEBUG)
    await run_until_done([make_sender(sender_concurrency=1)], sessions)
    assert {r.status for r in (await rows(sessions)).values()} == {"failed", "sent"}
    logged = " ".join(
        f"{record.getMessage()} {getattr(record, 'fields', '')} {record.__dict__}"
        for record in caplog.records
    )
    assert str(ids[0]) in logged and "21211" in logged
    for secret in (number, number[1:], "799123456", "secret meeting"):
        assert secret not in logged
