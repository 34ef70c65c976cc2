"""Scrub adapter secrets from log records before any handler writes them.

The Telegram token is part of every Bot API URL, and httpx logs request URLs at INFO;
install `RedactingFilter(adapter.redact_values())` on the log handlers at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

MASK = "[redacted]"


class RedactingFilter(logging.Filter):
    """Replaces every occurrence of the given secrets in a record's message and traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret containing another is masked whole.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True
