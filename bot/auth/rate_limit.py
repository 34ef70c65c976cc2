"""Per-staff limits on the two requests that are expensive and let data out: free-text
search and exports.

Each staff member has a sliding window per action (`search_limit` searches per
`search_window_minutes`, `export_limit` exports per `export_window_minutes`, in settings).
The count is a row in the database, as the login throttle's is, because Frontdoor runs
several web processes and restarts: a counter in memory would give each process, and each
restart, a fresh budget. It is taken in the request's own transaction (on SQLite a second
one would wait on the write lock the request already holds), so a request that fails is
not counted. A search asked again inside the window (the queue polling its rows, the next
page of the same search) is counted once: what is limited is how many different things
one person looks for, not how long they look at one.

Apply it with one dependency on any route that searches or exports, after the staff
member is known (the console's guard and the API's `api_staff` both put them on
`request.state.staff`):

    @router.get("/export.csv", dependencies=[Depends(EXPORT)])

A refusal raises `RateLimited` (429 with `Retry-After`: JSON in the API, a page in the
console), logged and audited as it is answered, once the request's transaction is over.
"""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass

from fastapi import Request

from bot.auth.sessions import Staff
from bot.deps import DbSession, State
from bot.errors import TooManyRequests
from bot.logs import log_event
from bot.settings import Settings
from bot.state import AppState
from storage.db import unit_of_work
from storage.repositories.audit import AuditRepository
from storage.repositories.staff_limits import StaffLimitRepository

logger = logging.getLogger("frontdoor.security")
MESSAGES = {
    "search": "Too many searches for now: try again in {seconds} seconds.",
    "export": "Too many exports for now: try again in {seconds} seconds.",
}


class RateLimited(TooManyRequests):
    """A staff member over one of their limits (`action`)."""

    def __init__(self, staff: Staff, action: str, retry_after: int) -> None:
        super().__init__(MESSAGES[action].format(seconds=retry_after), retry_after=retry_after)
        self.actor_id = staff.actor_id
        self.action = action

    async def answered(self, request: Request) -> None:
        """Log and audit the refusal, in a transaction of its own: the request's, where
        the limit was checked, has rolled back by now."""
        log_event(logger, logging.WARNING, "rate_limited", staff=self.actor_id, limit=self.action)
        state: AppState = request.app.state.frontdoor
        async with unit_of_work(state.sessions) as session:
            await AuditRepository(session).record(
                "rate_limit.refused",
                actor_type="staff",
                actor_id=self.actor_id,
                limit=self.action,
                retry_after=self.retry_after,
            )


def budget(settings: Settings, action: str) -> tuple[int, float]:
    """(uses, window in seconds) of `action`."""
    if action == "search":
        return settings.search_limit, settings.search_window_minutes * 60
    return settings.export_limit, settings.export_window_minutes * 60


@dataclass(frozen=True)
class StaffLimit:
    """A FastAPI dependency counting the request against the staff member's `action`
    budget. With `param`, only requests carrying that query parameter count, each value
    once per window."""

    action: str
    param: str | None = None

    async def __call__(self, request: Request, db: DbSession, state: State) -> None:
        staff: Staff = request.state.staff
        fingerprint = ""
        if self.param is not None:
            asked = " ".join(request.query_params.get(self.param, "").split()).lower()
            if not asked:
                return
            # A hash, never the words: what staff search for can be personal data.
            fingerprint = hashlib.sha256(asked.encode()).hexdigest()[:16]
        count, window = budget(state.settings, self.action)
        wait = await StaffLimitRepository(db).take(
            staff.id,
            self.action,
            fingerprint,
            count=count,
            window=window,
            now=state.clock().timestamp(),
        )
        if wait > 0:
            raise RateLimited(staff, self.action, max(1, math.ceil(wait)))


SEARCH = StaffLimit("search", param="q")
EXPORT = StaffLimit("export")
