"""Outbound messages that failed for good, with their reason, and a re-send button."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import or_, select

from bot.casework.actions import Casework
from bot.casework.policy import visible_clause, visible_queues
from bot.console.render import render
from bot.deps import DbSession, RequestVault, State
from storage.models import Case, Message, OutboxItem

router = APIRouter()
LIMIT = 200


@router.get("/failed", response_class=HTMLResponse)
async def failed(request: Request, db: DbSession) -> Response:
    staff = request.state.staff
    # Staff alerts belong to no case: only those who see every queue see them.
    no_case = Case.id.is_(None) if visible_queues(staff) is None else None
    scope = visible_clause(staff) if no_case is None else or_(visible_clause(staff), no_case)
    rows = await db.execute(
        select(OutboxItem, Message.created_at, Case.reference)
        .join(Message, Message.id == OutboxItem.message_id)
        .outerjoin(Case, Case.id == Message.case_id)
        .where(OutboxItem.status == "failed", scope)
        .order_by(Message.created_at.desc())
        .limit(LIMIT)
    )
    return render(request, "failed.html", rows=rows.all())


@router.post("/failed/{outbox_id}/resend")
async def resend(
    request: Request, outbox_id: uuid.UUID, db: DbSession, vault: RequestVault, state: State
) -> Response:
    work = Casework(db, vault, request.state.staff, state.settings, state.clock())
    case = await work.resend(outbox_id)
    back = f"/console/cases/{case.reference}" if case else "/console/failed"
    return RedirectResponse(back, status_code=303)
