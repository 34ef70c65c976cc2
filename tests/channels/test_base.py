"""The provider-neutral contract: requests, text hygiene, status ranks, send errors."""

from __future__ import annotations

import functools

import pytest

from channels.base import (
    ChannelAdapter,
    ConnectionFailed,
    ContactStopped,
    Headers,
    OutsideWindow,
    ProviderUnavailable,
    Rejected,
    StatusUpdate,
    Throttled,
    WebhookRequest,
    parse_form,
    public_request_url,
    sanitize_text,
    should_advance,
)
from channels.telegram import TelegramAdapter
from channels.twilio import TwilioAdapter


def test_headers_are_case_insensitive() -> None:
    headers = Headers({"X-Twilio-Signature": "abc"})
    assert headers["x-twilio-signature"] == headers.get("X-TWILIO-SIGNATURE") == "abc"
    assert "X-Twilio-Signature" in headers and len(headers) == 1
    plain = WebhookRequest("u", {"X-Telegram-Bot-Api-Secret-Token": "s"}, b"")  # type: ignore[arg-type]
    assert plain.headers["x-telegram-bot-api-secret-token"] == "s"


@pytest.mark.parametrize(
    ("base", "path", "query", "url"),
    [
        (
            "https://fd.example.org",
            "/webhooks/twilio/sms",
            "",
            "https://fd.example.org/webhooks/twilio/sms",
        ),
        (
            "https://fd.example.org/",
            "/webhooks/x",
            "a=1&b=%20",
            "https://fd.example.org/webhooks/x?a=1&b=%20",
        ),
        (
            "https://example.org/frontdoor",
            "/webhooks/x",
            "",
            "https://example.org/frontdoor/webhooks/x",
        ),
    ],
    ids=["plain", "raw query kept", "path prefix stripped by the proxy"],
)
def test_public_request_url(base: str, path: str, query: str, url: str) -> None:
    assert public_request_url(base, path, query) == url


def test_form_keeps_blank_and_repeated_fields_and_replaces_invalid_utf8() -> None:
    assert parse_form(b"Body=&A=1&A=2&T=%FF%C3%A9") == [
        ("Body", ""),
        ("A", "1"),
        ("A", "2"),
        ("T", "\ufffdé"),
    ]


def test_build_parses_only_form_bodies() -> None:
    form = WebhookRequest.build(
        "u", {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, b"a=1"
    )
    json_request = WebhookRequest.build("u", {"Content-Type": "application/json"}, b'{"a":1}')
    assert (form.form, json_request.form) == ([("a", "1")], [])


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x00b", "ab"),
        ("x\ud800y", "x\ufffdy"),
        ("\u202eevil\u202c \u2066iso\u2069 a\u200bb", "\u202eevil\u202c \u2066iso\u2069 a\u200bb"),
        ("👩🏽‍🌾🇰🇪", "👩🏽‍🌾🇰🇪"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ],
    ids=[
        "NUL",
        "lone surrogate",
        "bidi and zero-width kept",
        "emoji sequences kept",
        "markup kept",
    ],
)
def test_sanitize_text(raw: str, clean: str) -> None:
    assert sanitize_text(raw) == clean


def _fold(statuses: list[str]) -> str | None:
    def step(current: str | None, new: str) -> str | None:
        return new if should_advance(current, new) else current

    return functools.reduce(step, statuses, None)


@pytest.mark.parametrize(
    ("arrivals", "final"),
    [
        (["queued", "sent", "delivered"], "delivered"),
        (["delivered", "sent"], "delivered"),
        (["sent", "sent", "delivered", "delivered"], "delivered"),
        (["read", "delivered", "sent"], "read"),
        (["accepted", "scheduled", "queued"], "queued"),
        (["sent", "undelivered", "delivered"], "undelivered"),
        (["failed", "sent"], "failed"),
        (["delivered", "failed"], "failed"),
        (["canceled", "queued"], "canceled"),
        (["sent", "receiving"], "sent"),
    ],
    ids=[
        "in order",
        "late sent after delivered",
        "duplicates",
        "read implies delivered",
        "accepted/scheduled below queued",
        "terminal undelivered",
        "terminal failed",
        "failure outranks delivered",
        "terminal canceled",
        "unknown ignored",
    ],
)
def test_status_never_moves_backwards(arrivals: list[str], final: str) -> None:
    assert _fold(arrivals) == final


def test_status_update_rank_and_dedupe_key() -> None:
    update = StatusUpdate("SM1", "read")
    assert update.rank > StatusUpdate("SM1", "delivered").rank
    assert update.dedupe_key == ("SM1", "read")


@pytest.mark.parametrize(
    ("error", "retryable"),
    [
        (Throttled("429", retry_after=3), True),
        (ConnectionFailed("timeout", maybe_sent=True), True),
        (ProviderUnavailable("500"), True),
        (ContactStopped("21610"), False),
        (OutsideWindow("63016"), False),
        (Rejected("21211"), False),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, bool) else str(value),
)
def test_send_errors_say_whether_to_retry_and_never_print_the_reason(error, retryable) -> None:
    error.reason = "Invalid 'To' Phone Number: +254712345678"
    assert error.retryable is retryable
    assert "+254" not in str(error) and "+254" not in repr(error)


def test_adapters_satisfy_the_protocol() -> None:
    telegram = TelegramAdapter("1:x", "secret")
    sms = TwilioAdapter("sms", account_sid="AC1", auth_token="t", from_number="+15005550006")
    assert isinstance(telegram, ChannelAdapter) and isinstance(sms, ChannelAdapter)
    assert (telegram.max_text_length, sms.max_text_length) == (4096, 1600)
