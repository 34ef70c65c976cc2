"""Failed-login counters per key, kept in the database so every web process sees them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import LoginThrottle


class LoginThrottleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key: str) -> LoginThrottle | None:
        return await self.session.get(LoginThrottle, key, with_for_update=True)

    async def record_failure(
        self, key: str, now: datetime, *, forget_after: timedelta
    ) -> LoginThrottle:
        """Count one more failure; a key quiet for `forget_after` starts again from zero."""
        row = await self.get(key)
        if row is None:
            row = LoginThrottle(key=key, failures=0, last_failure_at=now)
            self.session.add(row)
        elif now - row.last_failure_at > forget_after:
            row.failures, row.blocked_until = 0, None
        row.failures += 1
        row.last_failure_at = now
        await self.session.flush()
        return row

    async def clear(self, key: str) -> None:
        await self.session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))
