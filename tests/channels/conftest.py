"""Adapters wired to the per-worker provider fakes, with short timeouts so tests stay fast."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from channels.telegram import TelegramAdapter
from channels.twilio import TwilioAdapter
from tests.channels.harness import log_capture_fixture  # noqa: F401
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio

# Short enough to keep the timeout cases fast; fakes delay beyond it.
CLIENT_TIMEOUT = 0.25
FAKE_DELAY = 0.75
TELEGRAM_SECRET = "webhook-secret_0123456789"
SMS_FROM = "+15005550006"
WHATSAPP_FROM = "+14155238886"
MESSAGING_SERVICE_SID = "MG" + "1" * 32
FROZEN_NOW = dt.datetime(2026, 11, 26, 4, 30, tzinfo=dt.UTC)


@pytest.fixture
async def telegram(fake_telegram: FakeTelegram) -> AsyncIterator[TelegramAdapter]:
    adapter = TelegramAdapter(
        fake_telegram.token,
        TELEGRAM_SECRET,
        api_url=fake_telegram.url,
        connect_timeout=CLIENT_TIMEOUT,
        read_timeout=CLIENT_TIMEOUT,
        write_timeout=CLIENT_TIMEOUT,
        pool_timeout=CLIENT_TIMEOUT,
    )
    yield adapter
    await adapter.aclose()


def _twilio(fake: FakeTwilio, channel: str, **options: str) -> TwilioAdapter:
    return TwilioAdapter(
        channel,  # type: ignore[arg-type]
        account_sid=fake.account_sid,
        auth_token=fake.auth_token,
        api_url=fake.url,
        timeout=CLIENT_TIMEOUT,
        clock=lambda: FROZEN_NOW,
        **options,
    )


@pytest.fixture
async def sms(fake_twilio: FakeTwilio) -> AsyncIterator[TwilioAdapter]:
    adapter = _twilio(fake_twilio, "sms", from_number=SMS_FROM)
    yield adapter
    await adapter.aclose()


@pytest.fixture
async def sms_service(fake_twilio: FakeTwilio) -> AsyncIterator[TwilioAdapter]:
    adapter = _twilio(fake_twilio, "sms", messaging_service_sid=MESSAGING_SERVICE_SID)
    yield adapter
    await adapter.aclose()


@pytest.fixture
async def whatsapp(fake_twilio: FakeTwilio) -> AsyncIterator[TwilioAdapter]:
    adapter = _twilio(fake_twilio, "whatsapp", from_number=WHATSAPP_FROM)
    yield adapter
    await adapter.aclose()
