"""Cases: race-free references, creation, and the event trail of every change."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Case, CaseEvent, Counter, utcnow
from storage.repositories._dialect import insert_ignoring_conflicts

REFERENCE_PREFIX = "CRE"
# The event staff corrections leave; labels corrected by a person are not re-guessed.
LABELS_CORRECTED = "labels_corrected"


def format_reference(year: int, number: int) -> str:
    return f"{REFERENCE_PREFIX}-{year}-{number:06d}"


class CaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def next_number(self, name: str) -> int:
        """Increment a named counter atomically: the UPDATE locks the row on PostgreSQL
        and the database on SQLite, so two writers never read the same value."""
        await self.session.execute(
            insert_ignoring_conflicts(self.session, Counter, name=name, value=0)
        )
        return (
            await self.session.execute(
                update(Counter)
                .where(Counter.name == name)
                .values(value=Counter.value + 1)
                .returning(Counter.value)
            )
        ).scalar_one()

    async def allocate_reference(self, now: datetime | None = None) -> str:
        year = (now or utcnow()).year
        return format_reference(year, await self.next_number(f"case:{year}"))

    async def create(
        self, *, actor_type: str = "system", actor_id: str | None = None, **fields: Any
    ) -> Case:
        case = Case(id=uuid.uuid4(), reference=await self.allocate_reference(), **fields)
        self.session.add(case)
        await self.session.flush()
        await self.record_event(
            case,
            "created",
            actor_type=actor_type,
            actor_id=actor_id,
            data={"queue": case.queue, "priority": case.priority},
        )
        return case

    async def by_reference(self, reference: str) -> Case | None:
        return await self.session.scalar(select(Case).where(Case.reference == reference))

    async def labels_corrected(self, case: Case) -> bool:
        """Whether staff corrected this case's labels (the classifier then keeps off)."""
        found = await self.session.scalar(
            select(CaseEvent.id)
            .where(CaseEvent.case_id == case.id, CaseEvent.kind == LABELS_CORRECTED)
            .limit(1)
        )
        return found is not None

    async def record_event(
        self,
        case: Case,
        kind: str,
        *,
        actor_type: str,
        actor_id: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> CaseEvent:
        """Write one change to the trail: who, what, when — ids and values, never content."""
        event = CaseEvent(
            case_id=case.id, kind=kind, actor_type=actor_type, actor_id=actor_id, data=data or {}
        )
        self.session.add(event)
        case.updated_at = utcnow()
        await self.session.flush()
        return event
