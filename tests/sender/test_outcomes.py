"""What the sender makes of settings and send errors (no database, no network)."""

from __future__ import annotations

import random

import pytest

from bot.sender.config import SenderConfig, rate_limit
from bot.sender.outcomes import Verdict, classify, retry_delay, safe_reason
from bot.settings import ConfigurationError, Settings
from channels.base import (
    ConnectionFailed,
    ContactStopped,
    OutsideWindow,
    ProviderUnavailable,
    Rejected,
    Throttled,
)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (Throttled("429", retry_after=3.0), Verdict("retry", "429", retry_after=3.0, refund=True)),
        (ConnectionFailed("timeout", maybe_sent=True), Verdict("retry", "timeout")),
        (ProviderUnavailable("503"), Verdict("retry", "503")),
        (ContactStopped("21610", "unsubscribed"), Verdict("stop", "21610", opt_out=True)),
        (
            OutsideWindow("63016", "outside the window"),
            Verdict("fail", "63016", "outside the window"),
        ),
        (
            Rejected("21211", "The 'To' number +1 415 555 0100 is not valid"),
            Verdict("fail", "21211", "The 'To' number [number] is not valid"),
        ),
    ],
)
def test_the_taxonomy_decides_the_verdict(error: Exception, expected: Verdict) -> None:
    assert classify(error) == expected  # type: ignore[arg-type]


def test_reasons_kept_for_staff_are_short_and_carry_no_numbers() -> None:
    assert safe_reason("chat 123456789 not found\n\n" + "x" * 500).startswith("chat [number] not")
    assert len(safe_reason("x" * 500)) == 160


def test_backoff_doubles_with_jitter_up_to_the_cap_and_honours_retry_after() -> None:
    config = SenderConfig(retry_base=2.0, retry_cap=30.0)
    rng = random.Random(7)
    retry = Verdict("retry", "503")
    for attempts, ceiling in [(1, 2.0), (2, 4.0), (3, 8.0), (4, 16.0), (5, 30.0), (9, 30.0)]:
        delays = [retry_delay(retry, attempts, config, rng) for _ in range(50)]
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(set(delays)) > 1  # jittered: retries of many rows do not line up
    throttled = Verdict("retry", "429", retry_after=45.0, refund=True)
    assert retry_delay(throttled, 1, config, rng) == 45.0


def test_rates_become_whole_sends_per_period() -> None:
    assert (rate_limit("t", 30.0).count, rate_limit("t", 30.0).period) == (30, 1.0)
    assert (rate_limit("t", 0.5).count, rate_limit("t", 0.5).period) == (1, 2.0)
    assert rate_limit("t", 1.5).count == 1 and rate_limit("t", 1.5).period == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("sms_from", "rate"), [("+15005550006", 1.0), ("+237650000001", 10.0), (None, 10.0)]
)
def test_the_sms_rate_defaults_by_the_senders_country(sms_from: str | None, rate: float) -> None:
    settings = Settings(_env_file=None, twilio_sms_from=sms_from)
    assert SenderConfig.from_settings(settings).channel_rates["sms"] == rate
    explicit = Settings(_env_file=None, twilio_sms_from=sms_from, twilio_sms_rate=3.0)
    assert SenderConfig.from_settings(explicit).channel_rates["sms"] == 3.0


def test_a_template_variable_needs_a_known_source() -> None:
    settings = Settings(
        _env_file=None,
        whatsapp_template_sid="HX" + "0" * 32,
        whatsapp_template_variables={"1": "phone"},
    )
    with pytest.raises(ConfigurationError, match="unknown source 'phone'"):
        SenderConfig.from_settings(settings)
