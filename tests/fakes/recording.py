"""Thread-safe record of the calls a fake received, with the send-rate measurement."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RecordedCall:
    """One API call as the fake saw it; `at` is `time.monotonic()` on arrival."""

    method: str
    params: dict[str, Any]
    status_code: int
    outcome: str
    at: float = field(default_factory=time.monotonic)


class CallLog:
    """Append-only call list shared between the server thread and the test."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[RecordedCall] = []

    def record(self, call: RecordedCall) -> None:
        with self._lock:
            self._calls.append(call)

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """A snapshot, optionally only calls of one API method."""
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()


def max_in_window(calls: Iterable[RecordedCall], window: float = 1.0) -> int:
    """The largest number of calls whose arrival times fall in any `window`-second span."""
    times = sorted(call.at for call in calls)
    best, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best
