"""Time-ordered UUIDs (the UUIDv7 layout) for rows written in bulk.

Random UUIDs land all over a primary key's B-tree, so each insert touches another page;
ids that grow with time are appended at its end. A broadcast writes a hundred thousand
messages and outbox rows at once, and on SQLite this keeps the enqueue linear.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last = (0, 0)


def uuid7() -> uuid.UUID:
    """48 bits of Unix milliseconds, then a counter within the millisecond (12 bits, so
    ids of one process strictly increase), then 62 random bits."""
    global _last
    with _lock:
        millis = time.time_ns() // 1_000_000
        previous, counter = _last
        if millis <= previous:
            millis, counter = previous, counter + 1
            if counter > 0xFFF:
                millis, counter = previous + 1, 0
        else:
            counter = 0
        _last = (millis, counter)
    random_bits = int.from_bytes(os.urandom(8)) & ((1 << 62) - 1)
    value = (millis << 80) | (0x7 << 76) | (counter << 64) | (0b10 << 62) | random_bits
    return uuid.UUID(int=value)
