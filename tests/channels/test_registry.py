"""Only channels with credentials get an adapter."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from channels.registry import build_adapters
from channels.telegram import TelegramAdapter
from channels.twilio import TwilioAdapter

TWILIO = {"twilio_account_sid": "AC" + "0" * 32, "twilio_auth_token": "token"}


@pytest.mark.parametrize(
    ("values", "enabled"),
    [
        ({}, []),
        ({"telegram_token": "1:x"}, []),
        ({"telegram_token": "1:x", "telegram_secret": "s"}, ["telegram"]),
        (TWILIO, []),
        ({**TWILIO, "twilio_sms_from": "+15005550006"}, ["sms"]),
        ({**TWILIO, "twilio_messaging_service_sid": "MG" + "1" * 32}, ["sms"]),
        ({**TWILIO, "twilio_whatsapp_from": "whatsapp:+14155238886"}, ["whatsapp"]),
        ({"twilio_sms_from": "+15005550006"}, []),
    ],
    ids=[
        "nothing configured",
        "Telegram without a webhook secret stays off",
        "Telegram",
        "Twilio credentials without a sender",
        "SMS from a number",
        "SMS through a Messaging Service",
        "WhatsApp",
        "a sender without credentials",
    ],
)
def test_enabled_channels(values: dict, enabled: list[str]) -> None:
    settings = Settings(_env_file=None, **values)
    adapters = build_adapters(settings)
    assert sorted(adapters) == enabled
    for name, adapter in adapters.items():
        assert adapter.name == name
        assert isinstance(adapter, TelegramAdapter if name == "telegram" else TwilioAdapter)
