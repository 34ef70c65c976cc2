"""A broadcast at the provider fakes: every targeted, opted-in contact gets exactly one
message, in their language, on their channel, within each channel's rate; WhatsApp
outside the window gets the broadcast's template; pause and cancel stop the sends."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcasts import control
from bot.broadcasts.audience import CHANNELS, Audience
from bot.broadcasts.progress import progress
from bot.broadcasts.runner import BroadcastRunner
from i18n.sms import for_channel
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Broadcast, OutboxItem, utcnow
from storage.repositories.erasure import erase_contact
from storage.vault import Vault
from tests.bot.broadcasts.people import TEXTS, Someone, a_broadcast, a_staff_member, add_people
from tests.fakes.recording import max_in_window
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio
from tests.sender.conftest import TEMPLATE_SID, MakeSender
from tests.sender.helpers import calls_to, run_until_done, sent_to

LANGUAGES = ("en", "fr", "es", "pt")
RATES = {"telegram_rate": 20.0, "twilio_sms_rate": 10.0, "twilio_whatsapp_rate": 10.0}


def _language(n: int) -> str:
    return LANGUAGES[n % len(LANGUAGES)]


async def test_a_mixed_segment_gets_one_message_each_in_language_and_channel_within_rates(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
    fake_twilio: FakeTwilio,
    long_ago: datetime,
) -> None:
    chats = {f"70{n:02d}": _language(n) for n in range(24)}
    phones = {f"+2376500071{n:02d}": _language(n) for n in range(12)}
    open_window = {f"+2376500072{n:02d}": _language(n) for n in range(6)}
    closed_window = {f"+2376500073{n:02d}": _language(n + 1) for n in range(6)}
    people = [Someone({"telegram": chat}, language=lang) for chat, lang in chats.items()]
    people += [Someone({"sms": phone}, language=lang) for phone, lang in phones.items()]
    people += [
        Someone({"whatsapp": phone, "sms": phone}, language=lang, last_inbound_at=utcnow())
        for phone, lang in open_window.items()
    ]
    people += [
        Someone({"whatsapp": phone}, language=lang, last_inbound_at=long_ago)
        for phone, lang in closed_window.items()
    ]
    left_out = {
        "opted_out": Someone({"telegram": "7901"}, opted_out=True),
        "no_consent": Someone({"sms": "+237650007902"}, consent=False),
        "elsewhere": Someone({"telegram": "7903"}, country="BR", region="latam_caribbean"),
        "erased": Someone({"telegram": "7904"}),
    }
    await add_people(sessions, keyring, people)
    left_ids = await add_people(sessions, keyring, left_out.values())
    async with unit_of_work(sessions) as session:
        await erase_contact(session, Vault(session, keyring), left_ids[-1])
    broadcast_id = await a_broadcast(
        sessions,
        audience=Audience(countries=("CM",)),
        template_sid=TEMPLATE_SID,
        template_variables={"1": "{text}"},
    )
    runner = BroadcastRunner(sessions, keyring, CHANNELS)
    await runner.tick()  # enqueues

    await run_until_done([make_sender(**RATES)], sessions, timeout=30)

    telegram = calls_to(fake_telegram, *chats, "7901", "7903", "7904")
    assert sorted(call.params["chat_id"] for call in telegram) == sorted(chats)
    for call in telegram:
        assert call.params["text"] == TEXTS[chats[str(call.params["chat_id"])]]
    sms = sent_to(fake_twilio, *phones, "+237650007902")
    assert sorted(params["To"] for params in sms) == sorted(phones)
    for params in sms:
        assert params["Body"] == for_channel(TEXTS[phones[params["To"]]], "sms")
    inside = sent_to(fake_twilio, *open_window)
    assert sorted(params["To"] for params in inside) == sorted(f"whatsapp:{p}" for p in open_window)
    for params in inside:
        assert params["Body"] == TEXTS[open_window[params["To"].removeprefix("whatsapp:")]]
        assert "ContentSid" not in params
    outside = sent_to(fake_twilio, *closed_window)
    assert len(outside) == len(closed_window)
    for params in outside:
        language = closed_window[params["To"].removeprefix("whatsapp:")]
        assert params["ContentSid"] == TEMPLATE_SID and "Body" not in params
        assert json.loads(params["ContentVariables"]) == {"1": TEXTS[language]}

    assert max_in_window(telegram, 1.0) <= RATES["telegram_rate"]
    assert max_in_window(calls_to(fake_twilio, *phones), 1.0) <= RATES["twilio_sms_rate"]
    whatsapp = calls_to(fake_twilio, *open_window, *closed_window)
    assert max_in_window(whatsapp, 1.0) <= RATES["twilio_whatsapp_rate"]

    await runner.tick()  # every row has its outcome: done
    async with unit_of_work(sessions) as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None and broadcast.status == "done"
        figures = await progress(session, broadcast)
    total = len(chats) + len(phones) + len(open_window) + len(closed_window)
    assert figures.recipients == total
    assert figures.counts["sent"] + figures.counts["delivered"] == total


async def _sends_after(
    action: str,
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> tuple[list[str], list[str], int]:
    """A Telegram broadcast at 10/s; after a few sends, `action` it. The chats reached
    before, and after the action committed, and the sender's concurrency."""
    chats = [f"71{n:02d}" for n in range(60)]
    await add_people(sessions, keyring, [Someone({"telegram": chat}) for chat in chats])
    broadcast_id = await a_broadcast(sessions)
    staff_id = await a_staff_member(sessions)
    await BroadcastRunner(sessions, keyring, CHANNELS).tick()
    sender = make_sender(telegram_rate=10.0)
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run_forever(stop))
    try:
        while len(calls_to(fake_telegram, *chats)) < 5:
            await asyncio.sleep(0.02)
        async with unit_of_work(sessions) as session:
            await getattr(control, action)(session, broadcast_id, staff_id=staff_id)
        acted_at = time.time()
        await asyncio.sleep(2.0)  # 20 more sends if nothing had stopped them
    finally:
        stop.set()
        await task
    calls = calls_to(fake_telegram, *chats)
    before = [str(c.params["chat_id"]) for c in calls if c.at <= acted_at]
    after = [str(c.params["chat_id"]) for c in calls if c.at > acted_at]
    return before, after, sender.config.concurrency


async def test_pause_stops_further_sends_and_resume_sends_the_rest_once(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    before, after, concurrency = await _sends_after(
        "pause", make_sender, sessions, keyring, fake_telegram
    )
    # Only rows a sender had already claimed may still go (its batch and those in flight).
    assert len(after) <= 2 * concurrency
    async with unit_of_work(sessions) as session:
        paused = list(await session.scalars(select(OutboxItem.status)))
    assert paused.count("paused") == 60 - len(before) - len(after) > 0
    staff_id = await a_staff_member(sessions)
    async with unit_of_work(sessions) as session:
        broadcast_id = await session.scalar(select(Broadcast.id))
        assert broadcast_id is not None
        await control.resume(session, broadcast_id, staff_id=staff_id)
    await run_until_done([make_sender(telegram_rate=100.0)], sessions, timeout=20)
    chats = [str(c.params["chat_id"]) for c in fake_telegram.calls.calls("sendMessage")]
    assert sorted(chats) == sorted(f"71{n:02d}" for n in range(60))


async def test_cancel_stops_further_sends_and_the_rest_end_cancelled(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    before, after, concurrency = await _sends_after(
        "cancel", make_sender, sessions, keyring, fake_telegram
    )
    assert len(after) <= 2 * concurrency
    async with unit_of_work(sessions) as session:
        statuses = list(await session.scalars(select(OutboxItem.status)))
    assert statuses.count("sent") == len(before) + len(after)
    assert statuses.count("cancelled") == 60 - len(before) - len(after)
    assert len(set(before + after)) == len(before + after)
