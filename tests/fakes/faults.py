"""Scripted failures for the provider fakes: the next N calls, or every call to a recipient."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    """One injected failure.

    Kinds every fake understands: `throttle` (429; Telegram always says `retry_after`
    seconds, 1 unless given; Twilio sends a `Retry-After` header only when given),
    `server_error` (`status`, default 500), `delay` (wait `delay` seconds, then answer
    normally: the message is created even if the client gave up). Provider-specific kinds
    are listed by each fake's `FAULT_KINDS`.
    """

    kind: str
    retry_after: int | None = None
    status: int = 500
    delay: float = 0.0


class FaultScript:
    """Faults consumed by the fake's send endpoint, safe to script from the test thread."""

    def __init__(self, kinds: frozenset[str]) -> None:
        self._kinds = kinds
        self._lock = threading.Lock()
        self._queue: deque[Fault] = deque()
        self._per_recipient: dict[str, Fault] = {}

    def _check(self, fault: Fault) -> Fault:
        if fault.kind not in self._kinds:
            raise ValueError(f"unknown fault {fault.kind!r}; known: {sorted(self._kinds)}")
        return fault

    def fail_next(self, kind: str, n: int = 1, **options: float) -> None:
        """The next `n` send calls fail with this fault, in order after earlier scripts."""
        fault = self._check(Fault(kind, **options))
        with self._lock:
            self._queue.extend([fault] * n)

    def fail_recipient(self, recipient: str, kind: str, **options: float) -> None:
        """Every send to `recipient` fails with this fault until `clear()`."""
        fault = self._check(Fault(kind, **options))
        with self._lock:
            self._per_recipient[recipient] = fault

    def take(self, recipient: str) -> Fault | None:
        """The fault for this call: a per-recipient rule first, else the next queued one."""
        with self._lock:
            if recipient in self._per_recipient:
                return self._per_recipient[recipient]
            return self._queue.popleft() if self._queue else None

    def pending(self) -> int:
        """Queued faults not yet consumed (a test that scripts one expects it used)."""
        with self._lock:
            return len(self._queue)

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()
            self._per_recipient.clear()
