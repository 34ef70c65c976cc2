"""Secrets are scrubbed from log records, including library records and tracebacks."""

from __future__ import annotations

import logging

import pytest

from channels.redaction import MASK, RedactingFilter
from channels.telegram import TelegramAdapter

TOKEN = "123456:AAE-secret_token"


def test_httpx_request_lines_lose_the_bot_token(caplog: pytest.LogCaptureFixture) -> None:
    caplog.handler.addFilter(
        RedactingFilter(TelegramAdapter(TOKEN, "webhook-secret_1").redact_values())
    )
    logging.getLogger("httpx").warning(
        "HTTP Request: %s %s", "POST", f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    )
    assert TOKEN not in caplog.text
    assert f"/bot{MASK}/sendMessage" in caplog.text


def test_tracebacks_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    caplog.handler.addFilter(RedactingFilter([TOKEN]))
    try:
        raise RuntimeError(f"failed calling /bot{TOKEN}/getMe")
    except RuntimeError:
        logging.getLogger("telegram").exception("request failed")
    assert TOKEN not in caplog.text and MASK in caplog.text


def test_longer_secret_is_masked_whole() -> None:
    redactor = RedactingFilter(["abc", "abcdef"])
    assert redactor.redact("x abcdef y abc") == f"x {MASK} y {MASK}"
