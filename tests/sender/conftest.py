"""The sender against the provider fakes: real adapters, real databases, fast settings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.sender import Sender, build_sender
from bot.settings import Settings
from storage.crypto import KeyRing
from tests.fakes.receiver import WebhookReceiver
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio

TELEGRAM_SECRET = "webhook-secret_0123456789"
SMS_FROM = "+15005550006"
WHATSAPP_FROM = "+14155238886"
TEMPLATE_SID = "HX" + "ab" * 16

# Fast enough that retries, leases and timeouts play out within a test.
FAST = {
    "sender_concurrency": 4,
    "sender_send_timeout": 2.0,
    "sender_lease_seconds": 10.0,
    "sender_max_attempts": 3,
    "sender_retry_base": 0.05,
    "sender_retry_cap": 0.2,
    "sender_poll_interval": 0.02,
    "telegram_rate": 500.0,
    "telegram_chat_rate": 500.0,
    "twilio_sms_rate": 500.0,
    "twilio_whatsapp_rate": 500.0,
}


def provider_settings(
    settings: Settings, telegram: FakeTelegram, twilio: FakeTwilio, **overrides: object
) -> Settings:
    """`settings` with both fakes as providers and the fast sender settings."""
    values: dict[str, object] = {
        "telegram_token": telegram.token,
        "telegram_secret": TELEGRAM_SECRET,
        "telegram_api_url": telegram.url,
        "twilio_account_sid": twilio.account_sid,
        "twilio_auth_token": twilio.auth_token,
        "twilio_sms_from": SMS_FROM,
        "twilio_whatsapp_from": WHATSAPP_FROM,
        "twilio_api_url": twilio.url,
        **FAST,
        **overrides,
    }
    return Settings(_env_file=None, **(settings.model_dump() | values))  # validated


MakeSender = Callable[..., Sender]


@pytest.fixture
async def make_sender(
    settings: Settings,
    fake_telegram: FakeTelegram,
    fake_twilio: FakeTwilio,
    webhook_receiver: WebhookReceiver,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
) -> AsyncIterator[MakeSender]:
    """Build senders on the fakes (settings overridable, Twilio status callbacks to the
    receiver); closed after the test."""
    built: list[Sender] = []

    def make(*, on: async_sessionmaker[AsyncSession] | None = None, **overrides: object) -> Sender:
        overrides.setdefault("public_url", webhook_receiver.url)
        configured = provider_settings(settings, fake_telegram, fake_twilio, **overrides)
        sender = build_sender(configured, on or sessions, keyring)
        assert sender is not None
        built.append(sender)
        return sender

    yield make
    for sender in built:
        await sender.aclose()


@pytest.fixture
def long_ago() -> datetime:
    """Outside WhatsApp's 24-hour window."""
    return datetime.now().astimezone() - timedelta(days=2)
