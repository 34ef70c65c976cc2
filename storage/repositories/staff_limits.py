"""Sliding-window counts of what each staff member did lately (searches, exports), kept in
the database so every web process and a restart see the same count."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import StaffRateLimit
from storage.repositories._dialect import insert_ignoring_conflicts


class StaffLimitRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def take(
        self,
        staff_id: uuid.UUID,
        action: str,
        fingerprint: str,
        *,
        count: int,
        window: float,
        now: float,
    ) -> float:
        """Count one use of `action`, unless `fingerprint` (when given) was already counted
        inside the window. Returns 0 when the use is allowed, else the seconds until one
        more fits; a refused use is not counted, so waiting out the window always works."""
        row = await self._locked(staff_id, action)
        hits = [hit for hit in row.hits if float(hit[0]) > now - window]
        if fingerprint and any(hit[1] == fingerprint for hit in hits):
            wait = 0.0
        elif len(hits) >= count:
            wait = float(hits[-count][0]) + window - now
        else:
            hits.append([now, fingerprint])
            wait = 0.0
        row.hits = hits
        await self.session.flush()
        return wait

    async def _locked(self, staff_id: uuid.UUID, action: str) -> StaffRateLimit:
        """The row, created if missing, locked until the transaction ends (two requests of
        one person cannot both take the last use)."""
        key = (staff_id, action)
        row = await self.session.get(StaffRateLimit, key, with_for_update=True)
        if row is None:
            await self.session.execute(
                insert_ignoring_conflicts(
                    self.session, StaffRateLimit, staff_id=staff_id, action=action, hits=[]
                )
            )
            row = await self.session.get(StaffRateLimit, key, with_for_update=True)
        assert row is not None
        return row
