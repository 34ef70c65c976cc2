"""The real server, end to end: a Telegram update and a Twilio SMS each become a
conversation whose replies reach the fake provider in the person's language, through the
outbox and the in-process sender; Twilio's signed status callbacks then mark them delivered."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.settings import Settings
from i18n.sms import segments
from storage.db import create_engine, session_factory, unit_of_work
from storage.models import Message
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import message_update
from tests.fakes.twilio_api import FakeTwilio
from tests.fakes.twilio_signing import inbound_params, signed_form
from tests.live_server import live_server

SECRET = "webhook-secret_0123456789"
SMS_FROM = "+15005550006"


@dataclass
class Server:
    url: str
    settings: Settings


@pytest.fixture
def server(
    settings: Settings, fake_telegram: FakeTelegram, fake_twilio: FakeTwilio, tmp_path: Path
) -> Iterator[Server]:
    """`frontdoor serve` with its in-process sender, wired to the fake providers."""
    providers = {
        "FRONTDOOR_TELEGRAM_TOKEN": fake_telegram.token,
        "FRONTDOOR_TELEGRAM_SECRET": SECRET,
        "FRONTDOOR_TELEGRAM_API_URL": fake_telegram.url,
        "FRONTDOOR_TELEGRAM_CHAT_RATE": "50",
        "FRONTDOOR_TWILIO_ACCOUNT_SID": fake_twilio.account_sid,
        "FRONTDOOR_TWILIO_AUTH_TOKEN": fake_twilio.auth_token,
        "FRONTDOOR_TWILIO_SMS_FROM": SMS_FROM,
        "FRONTDOOR_TWILIO_SMS_RATE": "50",
        "FRONTDOOR_TWILIO_API_URL": fake_twilio.url,
        "FRONTDOOR_SENDER_POLL_INTERVAL": "0.05",
    }
    with live_server(settings, tmp_path, providers) as running:
        yield Server(running.url, settings)


async def _wait_for(predicate, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not await predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def _outbound_statuses(settings: Settings) -> list[str]:
    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(session_factory(engine)) as session:
            return list(
                await session.scalars(select(Message.status).where(Message.direction == "out"))
            )
    finally:
        await engine.dispose()


async def test_telegram_in_portuguese_gets_portuguese_replies(
    server: Server, fake_telegram: FakeTelegram
) -> None:
    update = message_update(update_id=91, text="Olá, a mineradora está tomando nossas terras")
    update["message"]["from"]["language_code"] = "pt-BR"
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{server.url}/webhooks/telegram",
            content=json.dumps(update).encode(),
            headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
    assert response.status_code == 200

    async def three_sent() -> bool:
        return len(fake_telegram.sent_messages()) >= 3

    await _wait_for(three_sent)
    sent = fake_telegram.sent_messages()
    assert len(sent) == 3
    assert sent[0]["text"].startswith("Olá")
    assert {str(message["chat_id"]) for message in sent} == {str(update["message"]["chat"]["id"])}


async def test_an_sms_in_french_gets_french_replies_then_delivery_receipts(
    server: Server, fake_twilio: FakeTwilio
) -> None:
    sender = "+237650000123"
    params = inbound_params(
        account_sid=fake_twilio.account_sid,
        sender=sender,
        to=SMS_FROM,
        body="Bonjour, la société minière prend nos terres",
    )
    content, headers = signed_form(
        f"{server.url}/webhooks/twilio/sms", params, fake_twilio.auth_token
    )
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{server.url}/webhooks/twilio/sms", content=content, headers=headers
        )
    assert response.status_code == 200

    async def all_delivered() -> bool:
        statuses = await _outbound_statuses(server.settings)
        return len(statuses) == 3 and set(statuses) == {"delivered"}

    await _wait_for(all_delivered)
    created = fake_twilio.created()
    assert len(created) == 3
    assert {message["To"] for message in created} == {sender}
    assert created[0]["Body"].startswith("Bonjour")
    assert all(segments(message["Body"]).encoding == "GSM-7" for message in created)
