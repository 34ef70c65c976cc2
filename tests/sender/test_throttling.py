"""A provider's 429 throttles the sender as a whole: its channel pauses, the others go on."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.sender.limits import THROTTLE_PAUSE
from storage.crypto import KeyRing
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio
from tests.sender.conftest import MakeSender
from tests.sender.helpers import (
    Outgoing,
    calls_to,
    enqueue_many,
    rows,
    sent_to,
    unfinished,
)

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

CONCURRENCY = 4
# Calls granted before the 429 came back may reach the fake just after it.
IN_FLIGHT_GRACE = 0.1


async def wait_until_done(sessions: async_sessionmaker[AsyncSession], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while await unfinished(sessions):
        assert time.monotonic() < deadline, f"outbox not done: {await rows(sessions)}"
        await asyncio.sleep(0.05)


@pytest.mark.parametrize(
    ("retry_after", "pause"),
    [(None, THROTTLE_PAUSE), (3, 3.0)],
    ids=["no Retry-After", "Retry-After 3"],
)
async def test_a_twilio_429_pauses_sms_while_whatsapp_and_telegram_keep_going(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_twilio: FakeTwilio,
    fake_telegram: FakeTelegram,
    retry_after: int | None,
    pause: float,
) -> None:
    sms = [f"+2547000041{n:02d}" for n in range(8)]
    whatsapp = [f"+2547000042{n:02d}" for n in range(4)]
    chats = [str(4300 + n) for n in range(4)]
    # The SMS rows are the oldest: the first claims, and the first Twilio call, are theirs.
    outgoing = [Outgoing("sms", number) for number in sms]
    outgoing += [Outgoing("whatsapp", n) for n in whatsapp]
    outgoing += [Outgoing("telegram", chat) for chat in chats]
    await enqueue_many(sessions, keyring, outgoing)
    fake_twilio.faults.fail_next("throttle", retry_after=retry_after)
    stop = asyncio.Event()
    task = asyncio.create_task(make_sender(sender_concurrency=CONCURRENCY).run_forever(stop))
    try:
        await wait_until_done(sessions, timeout=pause + 10)
    finally:
        stop.set()
        await task

    sms_calls = calls_to(fake_twilio, *sms)
    (throttled,) = [call for call in sms_calls if call.status_code == 429]
    resumes = throttled.at + pause
    in_flight = [c for c in sms_calls if throttled.at < c.at <= throttled.at + IN_FLIGHT_GRACE]
    inside = [c for c in sms_calls if throttled.at + IN_FLIGHT_GRACE < c.at < resumes]
    assert inside == [], "an SMS call reached Twilio while the sender was throttled"
    assert len(in_flight) < CONCURRENCY
    assert any(call.at >= resumes for call in sms_calls), "the paused rows went after it"
    if pause >= 3:  # a window wide enough for a busy test machine
        # The other channels were not held up by the SMS pause.
        for fake, recipients in ((fake_twilio, whatsapp), (fake_telegram, chats)):
            assert any(throttled.at < call.at < resumes for call in calls_to(fake, *recipients))
    # Nothing lost, nothing doubled, and the 429 spent no attempt.
    assert sorted(p["To"] for p in sent_to(fake_twilio, *sms)) == sorted(sms)
    expected = sorted(f"whatsapp:{n}" for n in whatsapp)
    assert sorted(p["To"] for p in sent_to(fake_twilio, *whatsapp)) == expected
    assert sorted(p["chat_id"] for p in sent_to(fake_telegram, *chats)) == sorted(chats)
    assert {(r.status, r.attempts) for r in (await rows(sessions)).values()} == {("sent", 1)}


async def test_429s_without_retry_after_pause_longer_while_they_keep_coming(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_twilio: FakeTwilio,
) -> None:
    numbers = ["+254700004301", "+254700004302"]
    fake_twilio.faults.fail_next("throttle", n=2)
    await enqueue_many(sessions, keyring, [Outgoing("sms", n) for n in numbers])
    stop = asyncio.Event()
    task = asyncio.create_task(make_sender(sender_concurrency=1).run_forever(stop))
    try:
        await wait_until_done(sessions, timeout=3 * THROTTLE_PAUSE + 10)
    finally:
        stop.set()
        await task
    first, second, *rest = calls_to(fake_twilio, *numbers)
    assert (first.status_code, second.status_code) == (429, 429)
    assert second.at - first.at >= THROTTLE_PAUSE
    # The second 429 came right after the first pause: the next one is twice as long.
    assert rest and all(call.at - second.at >= 2 * THROTTLE_PAUSE for call in rest)
    assert sorted(p["To"] for p in sent_to(fake_twilio, *numbers)) == numbers
