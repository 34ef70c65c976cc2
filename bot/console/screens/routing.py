"""The routing rules in force (read-only), and which rule routed each recent case."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from bot.casework.policy import visible_clause
from bot.console.render import render
from bot.deps import DbSession, State
from intake.routing import default_rules
from storage.models import Case

router = APIRouter()
RECENT = 50


@router.get("/routing", response_class=HTMLResponse)
async def routing(request: Request, db: DbSession, state: State) -> Response:
    rules = (state.conversations.settings.rules or default_rules()).rules
    recent = await db.execute(
        select(Case.reference, Case.queue, Case.priority, Case.routing_rule, Case.created_at)
        .where(visible_clause(request.state.staff))
        .order_by(Case.created_at.desc())
        .limit(RECENT)
    )
    conditions = {rule.name: [c.model_dump(exclude_none=True) for c in rule.when] for rule in rules}
    return render(request, "routing.html", rules=rules, conditions=conditions, recent=recent.all())
