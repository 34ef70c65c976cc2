"""The queue: cases a staff member may see, filtered, counted and paged.

Free text (`q`) cannot search what people wrote: bodies are sealed with each person's own
key, so the database never sees them. It matches what is stored in clear instead — the
case reference, the country code and the label ids (e.g. `land_grabbing`) — which is
what coordinators quote to each other.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import ColumnElement, String, and_, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.auth.sessions import Staff
from bot.casework.policy import visible_clause
from storage.models import Case, Message, StaffUser

PAGE_SIZE = 50


@dataclass(frozen=True)
class CaseFilters:
    """The filters of contract.md; empty strings and None mean "any"."""

    status: str | None = None
    queue: str | None = None
    priority: str | None = None
    language: str | None = None
    channel: str | None = None
    country: str | None = None
    label: str | None = None
    q: str | None = None

    def active(self) -> dict[str, str]:
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name))}


@dataclass(frozen=True)
class CaseRow:
    id: uuid.UUID
    reference: str
    status: str
    priority: str
    queue: str
    assignee: str | None
    language: str | None
    channel: str
    country: str | None
    region: str | None
    risk: str
    labels: dict[str, list[str]]
    created_at: datetime
    updated_at: datetime
    last_inbound_at: datetime | None

    @property
    def pinned(self) -> bool:
        return self.priority == "urgent" and self.status != "closed"


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseRow]
    total: int
    page: int
    pages: int
    status_counts: dict[str, int]


def _conditions(filters: CaseFilters, *, with_status: bool = True) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    for name in ("queue", "priority", "language", "channel"):
        value = getattr(filters, name)
        if value:
            where.append(getattr(Case, name) == value)
    if with_status and filters.status:
        where.append(Case.status == filters.status)
    if filters.country:
        where.append(Case.country == filters.country.upper())
    if filters.label:
        where.append(cast(Case.labels, String).contains(f'"{filters.label}"', autoescape=True))
    if filters.q:
        text = filters.q.strip()
        where.append(
            func.lower(Case.reference).contains(text.lower(), autoescape=True)
            | (Case.country == text.upper())
            | cast(Case.labels, String).contains(text.lower(), autoescape=True)
        )
    return where


def _pin() -> ColumnElement[int]:
    return case((and_(Case.priority == "urgent", Case.status != "closed"), 0), else_=1)


async def list_cases(
    session: AsyncSession, staff: Staff, filters: CaseFilters, page: int = 1
) -> CasePage:
    """One page of the queue: urgent open cases pinned first, then the latest activity."""
    scope = [visible_clause(staff), *_conditions(filters)]
    total = await session.scalar(select(func.count()).select_from(Case).where(*scope)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = (
        await session.execute(
            select(Case, StaffUser.email)
            .outerjoin(StaffUser, StaffUser.id == Case.assignee_id)
            .where(*scope)
            .order_by(_pin(), Case.updated_at.desc(), Case.reference)
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    ).all()
    last_inbound = await _last_inbound(session, [c.id for c, _ in rows])
    counted = await session.execute(
        select(Case.status, func.count())
        .where(visible_clause(staff), *_conditions(filters, with_status=False))
        .group_by(Case.status)
    )
    return CasePage(
        rows=[_row(c, email, last_inbound.get(c.id)) for c, email in rows],
        total=total,
        page=page,
        pages=pages,
        status_counts={status: n for status, n in counted.all()},
    )


async def _last_inbound(
    session: AsyncSession, case_ids: list[uuid.UUID]
) -> dict[uuid.UUID, datetime]:
    """When each case last heard from its person: one grouped query for the page only."""
    if not case_ids:
        return {}
    rows = await session.execute(
        select(Message.case_id, func.max(Message.created_at))
        .where(Message.case_id.in_(case_ids), Message.direction == "in")
        .group_by(Message.case_id)
    )
    return {case_id: at for case_id, at in rows.all()}


def _row(c: Case, assignee: str | None, last_inbound: datetime | None) -> CaseRow:
    return CaseRow(
        id=c.id,
        reference=c.reference,
        status=c.status,
        priority=c.priority,
        queue=c.queue,
        assignee=assignee,
        language=c.language,
        channel=c.channel,
        country=c.country,
        region=c.region,
        risk=c.risk,
        labels=c.labels or {},
        created_at=c.created_at,
        updated_at=c.updated_at,
        last_inbound_at=last_inbound,
    )
