"""Who in the queue takes a case: someone who speaks its language, least loaded, longest idle."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Candidate:
    staff_id: uuid.UUID
    languages: tuple[str, ...]
    open_cases: int
    last_active_at: datetime | None


@dataclass(frozen=True)
class Assignment:
    staff_id: uuid.UUID
    speaks_language: bool


def choose_assignee(candidates: Sequence[Candidate], language: str | None) -> Assignment | None:
    """A member who speaks `language`, with the fewest open cases, ties to the one idle
    longest. When nobody speaks it, the least loaded member all the same (flagged), so no
    case waits unassigned; None only for an empty queue."""
    if not candidates:
        return None
    speakers = [c for c in candidates if language and language in c.languages]
    pool = speakers or list(candidates)
    chosen = min(pool, key=lambda c: (c.open_cases, c.last_active_at or NEVER, str(c.staff_id)))
    return Assignment(chosen.staff_id, bool(speakers))
