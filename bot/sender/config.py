"""The sender's settings, resolved once: retries, leases, rate limits and the template."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType

from bot.settings import ConfigurationError, Settings
from storage.repositories.rate_limits import Limit

# Where a WhatsApp template variable can take its value from.
TEMPLATE_SOURCES = frozenset({"text", "case_reference"})
# channels.md: Twilio releases 1 segment/s from a US/Canada long code, 10/s elsewhere.
NANP_LONG_CODE_RATE = 1.0
OTHER_SMS_RATE = 10.0


@dataclass(frozen=True)
class TemplateConfig:
    """The approved template sent outside WhatsApp's window; `variables` maps each
    template variable to a source in `TEMPLATE_SOURCES`."""

    content_sid: str
    variables: Mapping[str, str]


def _frozen(values: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(values))


@dataclass(frozen=True)
class SenderConfig:
    concurrency: int = 8
    send_timeout: float = 20.0
    lease_seconds: float = 90.0
    max_attempts: int = 8
    retry_base: float = 2.0
    retry_cap: float = 900.0
    poll_interval: float = 0.5
    # Units per second for the whole channel (SMS counts segments), and per chat.
    channel_rates: Mapping[str, float] = field(default_factory=lambda: _frozen({}))
    chat_rates: Mapping[str, float] = field(default_factory=lambda: _frozen({}))
    whatsapp_template: TemplateConfig | None = None
    status_callback_url: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> SenderConfig:
        sms_rate = settings.twilio_sms_rate
        if sms_rate is None:
            nanp = (settings.twilio_sms_from or "").startswith("+1")
            sms_rate = NANP_LONG_CODE_RATE if nanp else OTHER_SMS_RATE
        if settings.sender_send_timeout > settings.sender_lease_seconds / 4:
            raise ConfigurationError(
                "invalid setting FRONTDOOR_SENDER_SEND_TIMEOUT: at most a quarter of "
                "FRONTDOOR_SENDER_LEASE_SECONDS, so a send always ends inside its lease"
            )
        return cls(
            concurrency=settings.sender_concurrency,
            send_timeout=settings.sender_send_timeout,
            lease_seconds=settings.sender_lease_seconds,
            max_attempts=settings.sender_max_attempts,
            retry_base=settings.sender_retry_base,
            retry_cap=settings.sender_retry_cap,
            poll_interval=settings.sender_poll_interval,
            channel_rates=_frozen(
                {
                    "telegram": settings.telegram_rate,
                    "sms": sms_rate,
                    "whatsapp": settings.twilio_whatsapp_rate,
                }
            ),
            chat_rates=_frozen({"telegram": settings.telegram_chat_rate}),
            whatsapp_template=_template(settings),
            status_callback_url=f"{settings.public_url}/webhooks/twilio/status",
        )

    @property
    def lease_for(self) -> timedelta:
        return timedelta(seconds=self.lease_seconds)

    @property
    def max_wait(self) -> float:
        """How long a claimed row may wait (in the queue, or for a rate slot) before it is
        re-checked or put back: with the call's timeout, well inside the lease."""
        return self.lease_seconds / 4


def _template(settings: Settings) -> TemplateConfig | None:
    unknown = set(settings.whatsapp_template_variables.values()) - TEMPLATE_SOURCES
    if unknown:
        raise ConfigurationError(
            "invalid setting FRONTDOOR_WHATSAPP_TEMPLATE_VARIABLES: unknown source "
            f"{sorted(unknown)[0]!r}; use one of {sorted(TEMPLATE_SOURCES)}"
        )
    if not settings.whatsapp_template_sid:
        return None
    return TemplateConfig(
        settings.whatsapp_template_sid, MappingProxyType(settings.whatsapp_template_variables)
    )


def rate_limit(key: str, rate: float, scope: str = "") -> Limit:
    """A limit of `rate` units/s as whole units per period: 30/s is 30 per second, 0.5/s is
    1 per two seconds."""
    count = max(1, math.floor(rate))
    return Limit(key, count, count / rate, scope)
