"""How far a broadcast has gone, from its outbox rows and their delivery reports.

Every recipient is in exactly one bucket: queued (waiting for the sender, or being sent),
paused, sent (accepted by the provider, no delivery report yet), delivered (or read),
failed (the sender gave up, or the provider reported it undelivered), opted out (the
person stopped broadcasts or blocked us before their turn) and cancelled.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from channels.base import TERMINAL_FAILURES
from storage.models import Broadcast
from storage.repositories.broadcasts import BroadcastRepository, Tally

BUCKETS = ("queued", "paused", "sent", "delivered", "failed", "opted_out", "cancelled")
DELIVERED = frozenset({"delivered", "read"})
UNKNOWN_REASON = "unknown"


@dataclass(frozen=True)
class Progress:
    status: str
    recipients: int
    counts: dict[str, int]
    failures: list[tuple[str, int]] = field(default_factory=list)
    enqueued: bool = False

    @property
    def done(self) -> int:
        """Recipients whose message reached an outcome."""
        return self.recipients - self.counts["queued"] - self.counts["paused"]

    def to_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "recipients": self.recipients,
            "enqueued": self.enqueued,
            **self.counts,
            "failures": [{"reason": reason, "count": count} for reason, count in self.failures],
        }


def _bucket(tally: Tally) -> str:
    outbox = tally.outbox_status
    if outbox in ("pending", "leased"):
        return "queued"
    if outbox in ("paused", "cancelled", "failed"):
        return outbox
    if outbox == "stopped":
        return "opted_out"
    if tally.message_status in DELIVERED:
        return "delivered"
    if tally.message_status in TERMINAL_FAILURES:
        return "failed"
    return "sent"


def _reason(error: str | None) -> str:
    """A failure's code (`code: provider text` keeps only the code, which is not personal)."""
    return (error or UNKNOWN_REASON).split(":", 1)[0].strip() or UNKNOWN_REASON


def summarise(broadcast: Broadcast, tallies: list[Tally]) -> Progress:
    counts = dict.fromkeys(BUCKETS, 0)
    failures: Counter[str] = Counter()
    for tally in tallies:
        bucket = _bucket(tally)
        counts[bucket] += tally.count
        if bucket == "failed":
            failures[_reason(tally.error)] += tally.count
    return Progress(
        status=broadcast.status,
        recipients=broadcast.recipients,
        counts=counts,
        failures=failures.most_common(),
        enqueued=broadcast.enqueued_at is not None,
    )


async def progress(session: AsyncSession, broadcast: Broadcast) -> Progress:
    return summarise(broadcast, await BroadcastRepository(session).tallies(broadcast.id))
