"""The monitoring figures of the spec, over the cases a staff member may see."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.auth.sessions import Staff
from bot.casework.policy import visible_clause
from intake.classification.classifier import LABEL_FIELDS
from storage.models import Case, CaseEvent, Connection

BREAKDOWNS = ("status", "queue", "region", "country", "language", "channel", "priority", "risk")


@dataclass
class Figures:
    cases: int = 0
    connections: int = 0
    countries: int = 0
    by: dict[str, dict[str, int]] = field(default_factory=dict)
    labels: dict[str, dict[str, int]] = field(default_factory=dict)
    first_response_hours: dict[str, float | int | None] = field(default_factory=dict)


async def _count_by(session: AsyncSession, staff: Staff, column: Any) -> dict[str, int]:
    rows = await session.execute(
        select(column, func.count()).where(visible_clause(staff)).group_by(column)
    )
    return {str(value) if value is not None else "unknown": n for value, n in rows.all()}


async def figures(session: AsyncSession, staff: Staff) -> Figures:
    result = Figures()
    for name in BREAKDOWNS:
        result.by[name] = await _count_by(session, staff, getattr(Case, name))
    result.cases = sum(result.by["status"].values())
    result.countries = len([c for c in result.by["country"] if c != "unknown"])
    result.connections = (
        await session.scalar(
            select(func.count())
            .select_from(Connection)
            .join(Case, Case.id == Connection.case_id)
            .where(visible_clause(staff))
        )
        or 0
    )
    counters = {name: Counter[str]() for name in LABEL_FIELDS}
    for (labels,) in (
        await session.execute(select(Case.labels).where(visible_clause(staff)))
    ).all():
        for name in LABEL_FIELDS:
            counters[name].update((labels or {}).get(name, []))
    result.labels = {name: dict(counter.most_common()) for name, counter in counters.items()}
    result.first_response_hours = await _first_responses(session, staff)
    return result


async def _first_responses(session: AsyncSession, staff: Staff) -> dict[str, float | int | None]:
    """Hours from a case's creation to the first staff reply: median and 90th percentile."""
    first_reply = (
        select(CaseEvent.case_id, func.min(CaseEvent.at).label("at"))
        .where(CaseEvent.kind == "replied")
        .group_by(CaseEvent.case_id)
        .subquery()
    )
    rows = await session.execute(
        select(Case.created_at, first_reply.c.at)
        .join(first_reply, first_reply.c.case_id == Case.id)
        .where(visible_clause(staff))
    )
    hours = sorted(
        (replied - created).total_seconds() / 3600
        for created, replied in rows.all()
        if replied is not None and created is not None
    )
    if not hours:
        return {"answered": 0, "median": None, "p90": None}
    p90 = hours[min(len(hours) - 1, round(0.9 * (len(hours) - 1)))]
    return {
        "answered": len(hours),
        "median": round(statistics.median(hours), 2),
        "p90": round(p90, 2),
    }
