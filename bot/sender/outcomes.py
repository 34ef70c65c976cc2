"""What a failed send means for its row: retry later, stop for good, or fail for staff."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Literal

from bot.sender.config import SenderConfig
from channels.base import ContactStopped, SendError, Throttled

# Provider texts can quote the number ("The 'To' number +1415... is not valid").
_NUMBER = re.compile(r"\+?\d[\d ().-]{4,}\d")
MAX_REASON = 160


@dataclass(frozen=True)
class Verdict:
    """`retry` goes back to pending, `stop` records an opt-out, `fail` waits for staff.

    `refund` when the provider took nothing (throttled, or we never called it): the
    attempt does not count towards the cap. `opt_out` when the provider says the person
    stopped us: recorded on the identity and the contact.
    """

    kind: Literal["retry", "stop", "fail"]
    code: str
    reason: str = ""
    retry_after: float | None = None
    refund: bool = False
    opt_out: bool = False


def safe_reason(text: str) -> str:
    """A provider's reason, fit to keep for staff: numbers masked, one short line."""
    return " ".join(_NUMBER.sub("[number]", text).split())[:MAX_REASON]


def classify(error: SendError) -> Verdict:
    """The taxonomy decides: throttled and transient errors retry, stopped contacts
    stop, the rest (outside the window, rejected) fail permanently."""
    if isinstance(error, Throttled):
        return Verdict("retry", error.code, retry_after=error.retry_after, refund=True)
    if error.retryable:
        return Verdict("retry", error.code)
    if isinstance(error, ContactStopped):
        return Verdict("stop", error.code, opt_out=True)
    return Verdict("fail", error.code, safe_reason(error.reason))


def retry_delay(verdict: Verdict, attempts: int, config: SenderConfig, rng: random.Random) -> float:
    """Exponential backoff with jitter and a cap, never sooner than the provider asked."""
    ceiling = min(config.retry_cap, config.retry_base * 2 ** max(0, attempts - 1))
    return max(rng.uniform(ceiling / 2, ceiling), verdict.retry_after or 0.0)
