"""The queue: cases a staff member may see, filtered, counted and paged.

Free text (`q`) cannot search what people wrote: bodies are sealed with each person's own
key, so the database never sees them. It matches what is stored in clear and what
coordinators quote to each other, each through an index: a case reference or its start
(`CRE-2026-0004`), a case number alone (`421`), a country code (`CM`), or a label id
(`land_grabbing`, or `land grabbing`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from bot.auth.sessions import Staff
from bot.casework.policy import visible_clause
from intake.classification.classifier import LABEL_FIELDS
from intake.classification.taxonomy import load_taxonomy
from storage.models import Case, CaseLabel, Message, StaffUser, utcnow
from storage.paging import page_bounds
from storage.repositories.cases import REFERENCE_PREFIX, format_reference

PAGE_SIZE = 50
# A bare case number is looked up in this many years of references, the latest first.
REFERENCE_YEARS = 5
# Past this many matches a page is found faster by walking cases newest first than by
# reading every match and sorting it.
WALK_AFTER = 2000
# Latest activity first; both keys descend, so the activity indexes are read backwards.
ORDER = (Case.updated_at.desc(), Case.reference.desc())


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


def _conditions(
    filters: CaseFilters, *, with_status: bool = True, walk: bool = False
) -> list[ColumnElement[bool]]:
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
        where.append(_labelled(filters.label, walk))
    if filters.q:
        where.append(_text(filters.q, walk))
    return where


def _labelled(label: str, walk: bool = False) -> ColumnElement[bool]:
    """Cases carrying `label`. With `walk` (many do), tested case by case, so a page can
    walk the activity index and stop after 50; else read from the label's index."""
    if walk:
        return exists().where(CaseLabel.case_id == Case.id, CaseLabel.label == label)
    return Case.id.in_(select(CaseLabel.case_id).where(CaseLabel.label == label))


def _text(q: str, walk: bool = False) -> ColumnElement[bool]:
    """What free text matches (see the module's docstring), each part through an index."""
    text = " ".join(q.split())
    upper = text.upper()
    on_case: list[ColumnElement[bool]] = []
    if upper.startswith(f"{REFERENCE_PREFIX}-"):
        # A range on the unique index: LIKE 'CRE-…%' would not use it on SQLite.
        on_case.append(and_(Case.reference >= upper, Case.reference < upper + "~"))
    if text.isdigit() and len(text) <= 6:
        this_year = utcnow().year
        years = range(this_year - REFERENCE_YEARS + 1, this_year + 1)
        on_case.append(Case.reference.in_([format_reference(y, int(text)) for y in years]))
    if len(text) == 2 and text.isalpha():
        on_case.append(Case.country == upper)
    label = text.lower().replace(" ", "_").replace("-", "_")
    # Only real ids: a word no case can carry would still make the planner expect many.
    if label not in known_labels():
        return or_(*on_case) if on_case else false()
    if not on_case:
        return _labelled(label, walk)
    # Both kinds: a union of what each index finds, never an OR that reads every case.
    found = union(
        select(CaseLabel.case_id).where(CaseLabel.label == label),
        select(Case.id).where(or_(*on_case)),
    )
    return Case.id.in_(found)


@cache
def known_labels() -> frozenset[str]:
    taxonomy = load_taxonomy()
    return frozenset(label for name in LABEL_FIELDS for label in taxonomy.labels(name))


def _pinned() -> ColumnElement[bool]:
    return and_(Case.priority == "urgent", Case.status != "closed")


async def _pinned_ids(session: AsyncSession, scope: list[ColumnElement[bool]]) -> list[uuid.UUID]:
    """Every pinned case in scope, latest activity first. Urgent open cases are few, so
    they are read whole through the priority index and sorted here: asked for in order
    with a limit, the databases walk the whole activity index to find them."""
    rows = await session.execute(
        select(Case.id, Case.updated_at, Case.reference).where(*scope, _pinned())
    )
    ordered = sorted(rows.all(), key=lambda row: (row.updated_at, row.reference), reverse=True)
    return [row.id for row in ordered]


async def _page_ids(
    session: AsyncSession, where: list[ColumnElement[bool]], offset: int, limit: int
) -> list[uuid.UUID]:
    """The ids of one slice, counted off an activity index that holds the order and every
    column a filter names (`ix_cases_activity`, `ix_cases_queue_activity`): the rows
    skipped on the way to a deep page are never read from the table."""
    if limit <= 0:
        return []
    found = await session.scalars(
        select(Case.id).where(*where).order_by(*ORDER).limit(limit).offset(offset)
    )
    return list(found)


async def _load(session: AsyncSession, ids: list[uuid.UUID]) -> list[tuple[Case, str | None]]:
    """The page's rows, in the order of `ids`."""
    if not ids:
        return []
    rows = await session.execute(
        select(Case, StaffUser.email)
        .outerjoin(StaffUser, StaffUser.id == Case.assignee_id)
        .where(Case.id.in_(ids))
    )
    by_id = {case.id: (case, email) for case, email in rows.all()}
    return [by_id[case_id] for case_id in ids if case_id in by_id]


async def list_cases(
    session: AsyncSession, staff: Staff, filters: CaseFilters, page: int = 1
) -> CasePage:
    """One page of the queue: urgent open cases pinned first, then the latest activity.

    The page's ids are found first — the pinned few, then the rest from an activity index
    with the offset skipped in the index alone — and only then are its rows loaded, so a
    deep page costs about what the first does.
    """
    counted = await session.execute(
        select(Case.status, func.count())
        .where(visible_clause(staff), *_conditions(filters, with_status=False))
        .group_by(Case.status)
    )
    status_counts = {status: n for status, n in counted.all()}
    total = status_counts.get(filters.status, 0) if filters.status else sum(status_counts.values())
    page, pages = page_bounds(page, total, PAGE_SIZE)
    scope = [visible_clause(staff), *_conditions(filters, walk=total > WALK_AFTER)]
    start = (page - 1) * PAGE_SIZE
    pinned = await _pinned_ids(session, scope)
    ids = pinned[start : start + PAGE_SIZE]
    ids += await _page_ids(
        session, [*scope, ~_pinned()], max(0, start - len(pinned)), PAGE_SIZE - len(ids)
    )
    rows = await _load(session, ids)
    last_inbound = await _last_inbound(session, ids)
    return CasePage(
        rows=[_row(c, email, last_inbound.get(c.id)) for c, email in rows],
        total=total,
        page=page,
        pages=pages,
        status_counts=status_counts,
    )


async def _last_inbound(
    session: AsyncSession, case_ids: list[uuid.UUID]
) -> dict[uuid.UUID, datetime]:
    """When each case last heard from its person, for the page's cases only.

    One correlated max() per case: both databases answer it from the end of the
    (case_id, created_at) index, where a grouped IN query can make PostgreSQL scan
    every message.
    """
    if not case_ids:
        return {}
    latest = (
        select(func.max(Message.created_at))
        .where(Message.case_id == Case.id, Message.direction == "in")
        .correlate(Case)
        .scalar_subquery()
    )
    rows = await session.execute(select(Case.id, latest).where(Case.id.in_(case_ids)))
    return {case_id: at for case_id, at in rows.all() if at is not None}


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
