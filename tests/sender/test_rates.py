"""Rate limits as the provider sees them: never more than the limit in any one second."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from i18n.sms import segments
from storage.crypto import KeyRing
from storage.db import create_engine, session_factory
from tests.fakes.recording import RecordedCall, max_in_window
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio
from tests.sender.conftest import MakeSender
from tests.sender.helpers import Outgoing, calls_to, enqueue_many, run_until_done


def max_segments_in_window(calls: list[RecordedCall], window: float = 1.0) -> int:
    weighted = [(call.at, segments(call.params["Body"]).segments) for call in calls]
    return max(
        sum(w for at, w in weighted if start <= at < start + window) for start, _ in weighted
    )


async def test_the_channel_rate_holds_in_every_second_and_across_a_restart(
    db_url: str,
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    batches = [[Outgoing("telegram", str(1000 + 12 * b + n)) for n in range(12)] for b in (0, 1)]
    await enqueue_many(sessions, keyring, batches[0])
    await run_until_done([make_sender(telegram_rate=10.0)], sessions)
    await enqueue_many(sessions, keyring, batches[1])
    # A new sender on a new engine, as after a restart: only the database remembers.
    engine = create_engine(db_url)
    try:
        restarted = make_sender(on=session_factory(engine), telegram_rate=10.0)
        await run_until_done([restarted], sessions)
    finally:
        await engine.dispose()
    calls = calls_to(fake_telegram, *(item.address for batch in batches for item in batch))
    assert len(calls) == 24
    assert max_in_window(calls, 1.0) <= 10


async def test_one_chat_gets_no_more_than_its_own_rate(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    await enqueue_many(sessions, keyring, [Outgoing("telegram", "2000")] * 4)
    await run_until_done([make_sender(telegram_chat_rate=2.0)], sessions)
    calls = calls_to(fake_telegram, "2000")
    assert len(calls) == 4
    assert max_in_window(calls, 1.0) <= 2


async def test_the_sms_rate_counts_segments(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_twilio: FakeTwilio,
) -> None:
    two_segments = "Your case is registered. " * 8
    assert segments(two_segments).segments == 2
    numbers = [f"+2547000040{n:02}" for n in range(4)]
    await enqueue_many(
        sessions, keyring, [Outgoing("sms", number, body=two_segments) for number in numbers]
    )
    await run_until_done([make_sender(twilio_sms_rate=4.0)], sessions)
    calls = calls_to(fake_twilio, *numbers)
    assert len(calls) == 4
    assert max_segments_in_window(calls) <= 4
