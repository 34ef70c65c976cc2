"""The audit trail: who saw or did what, when. Ids only, never content."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        action: str,
        *,
        actor_type: str,
        actor_id: str | None = None,
        object_type: str | None = None,
        object_id: str | None = None,
        request_id: str | None = None,
        **data: Any,
    ) -> None:
        self.session.add(
            AuditEntry(
                action=action,
                actor_type=actor_type,
                actor_id=actor_id,
                object_type=object_type,
                object_id=object_id,
                request_id=request_id,
                data=data,
            )
        )
        await self.session.flush()
