"""The queue: filters, counts, urgent cases pinned with how long they have waited, rows
refreshed by polling, and a CSV export of the same list (ids and labels, no content)."""

from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from bot.auth.rate_limit import EXPORT, SEARCH
from bot.auth.sessions import Staff
from bot.casework.listing import CaseFilters, CasePage, list_cases
from bot.casework.policy import visible_queues
from bot.console.render import render
from bot.deps import DbSession
from intake.classification.classifier import LABEL_FIELDS
from intake.classification.taxonomy import load_taxonomy
from storage.models import CASE_STATUSES, PRIORITIES, Queue
from storage.repositories.audit import AuditRepository

router = APIRouter()
CHANNELS = ("telegram", "sms", "whatsapp", "simulator", "terminal")
LANGUAGES = ("en", "fr", "es", "pt")
Filter = Annotated[str | None, Query(max_length=64, pattern=r"^[^\x00]*$")]


def filters(
    status: Filter = None,
    queue: Filter = None,
    priority: Filter = None,
    language: Filter = None,
    channel: Filter = None,
    country: Filter = None,
    label: Filter = None,
    q: Filter = None,
) -> CaseFilters:
    return CaseFilters(
        *(v or None for v in (status, queue, priority, language, channel, country, label, q))
    )


Filters = Annotated[CaseFilters, Depends(filters)]
Page = Annotated[int, Query(ge=1, le=100_000)]


async def _queues(db: DbSession, staff: Staff) -> list[Queue]:
    visible = visible_queues(staff)
    rows = await db.scalars(select(Queue).order_by(Queue.name))
    return [q for q in rows if visible is None or q.id in visible]


def _labels() -> list[tuple[str, str]]:
    taxonomy = load_taxonomy()
    return [(dim, label) for dim in LABEL_FIELDS for label in taxonomy.labels(dim)]


def _context(page: CasePage, chosen: CaseFilters) -> dict[str, object]:
    return {"result": page, "filters": chosen, "query": chosen.active()}


@router.get("/")
async def home() -> Response:
    return RedirectResponse("/console/queue", status_code=303)


@router.get("/queue", response_class=HTMLResponse, dependencies=[Depends(SEARCH)])
async def queue(request: Request, db: DbSession, chosen: Filters, page: Page = 1) -> Response:
    staff: Staff = request.state.staff
    result = await list_cases(db, staff, chosen, page)
    return render(
        request,
        "queue.html",
        **_context(result, chosen),
        queues=await _queues(db, staff),
        statuses=CASE_STATUSES,
        priorities=PRIORITIES,
        channels=CHANNELS,
        languages=LANGUAGES,
        labels=_labels(),
    )


@router.get("/queue/rows", response_class=HTMLResponse, dependencies=[Depends(SEARCH)])
async def rows(request: Request, db: DbSession, chosen: Filters, page: Page = 1) -> Response:
    """The table body alone, for the page's polling."""
    result = await list_cases(db, request.state.staff, chosen, page)
    return render(request, "queue_rows.html", **_context(result, chosen))


@router.get("/queue/export.csv", dependencies=[Depends(EXPORT)])
async def export(request: Request, db: DbSession, chosen: Filters) -> Response:
    staff: Staff = request.state.staff
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "reference",
            "status",
            "priority",
            "queue",
            "country",
            "language",
            "channel",
            "risk",
            "created_at",
            *LABEL_FIELDS,
        ]
    )
    page, pages = 1, 1
    while page <= pages:
        result = await list_cases(db, staff, chosen, page)
        for row in result.rows:
            writer.writerow(
                [
                    row.reference,
                    row.status,
                    row.priority,
                    row.queue,
                    row.country or "",
                    row.language or "",
                    row.channel,
                    row.risk,
                    row.created_at.isoformat(),
                    *(" ".join(row.labels.get(d, [])) for d in LABEL_FIELDS),
                ]
            )
        page, pages = page + 1, result.pages
    await AuditRepository(db).record(
        "cases.exported", actor_type="staff", actor_id=staff.actor_id, **chosen.active()
    )
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="cases.csv"'},
    )
