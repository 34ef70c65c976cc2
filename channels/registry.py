"""Build the enabled adapters from settings: a channel without credentials is simply absent."""

from __future__ import annotations

from typing import Protocol

from pydantic import SecretStr

from channels.base import ChannelAdapter
from channels.telegram import TelegramAdapter
from channels.twilio import TwilioAdapter


class ChannelSettings(Protocol):
    """The fields of `bot.settings.Settings` this module reads."""

    telegram_token: SecretStr | None
    telegram_secret: SecretStr | None
    telegram_api_url: str
    twilio_account_sid: str | None
    twilio_auth_token: SecretStr | None
    twilio_sms_from: str | None
    twilio_whatsapp_from: str | None
    twilio_messaging_service_sid: str | None
    twilio_api_url: str


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""


def build_adapters(settings: ChannelSettings) -> dict[str, ChannelAdapter]:
    """Adapters keyed by channel name, for every channel whose credentials are configured."""
    adapters: dict[str, ChannelAdapter] = {}
    token, secret = _secret(settings.telegram_token), _secret(settings.telegram_secret)
    if token and secret:
        adapters["telegram"] = TelegramAdapter(token, secret, api_url=settings.telegram_api_url)
    sid, auth_token = settings.twilio_account_sid, _secret(settings.twilio_auth_token)
    if not (sid and auth_token):
        return adapters
    service = settings.twilio_messaging_service_sid
    if settings.twilio_sms_from or service:
        adapters["sms"] = TwilioAdapter(
            "sms",
            account_sid=sid,
            auth_token=auth_token,
            from_number=settings.twilio_sms_from,
            messaging_service_sid=service,
            api_url=settings.twilio_api_url,
        )
    if settings.twilio_whatsapp_from:
        adapters["whatsapp"] = TwilioAdapter(
            "whatsapp",
            account_sid=sid,
            auth_token=auth_token,
            from_number=settings.twilio_whatsapp_from,
            api_url=settings.twilio_api_url,
        )
    return adapters
