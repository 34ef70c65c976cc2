"""The case: transcript with delivery status, reply with canned replies, notes, labels
with evidence (correctable), assignment, status, priority, queue, referrals, history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.datastructures import FormData

from bot.auth.sessions import Staff
from bot.casework.actions import Casework
from bot.casework.detail import load_case_view, transcript
from bot.casework.policy import can_see, visible_case
from bot.console.canned import canned_replies
from bot.console.render import gettext_for, render
from bot.deps import DbSession, RequestVault, State
from bot.errors import AppError
from intake.classification.classifier import LABEL_FIELDS
from intake.classification.taxonomy import load_taxonomy
from storage.models import CASE_STATUSES, PRIORITIES, Case, Queue, QueueMembership, StaffUser

router = APIRouter()
Reference = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,20}$")]
Text = Annotated[str, Form(max_length=4000)]
Choice = Annotated[str, Form(max_length=254)]


def _back(reference: str) -> RedirectResponse:
    return RedirectResponse(f"/console/cases/{reference}", status_code=303)


async def _assignable(db: DbSession, case: Case) -> list[StaffUser]:
    """Active staff who can see the case, so it never lands on someone who can't."""
    users = list(
        await db.scalars(
            select(StaffUser).where(StaffUser.disabled_at.is_(None)).order_by(StaffUser.email)
        )
    )
    memberships = await db.execute(select(QueueMembership.staff_id, QueueMembership.queue_id))
    queues: dict[object, set[str]] = {}
    for staff_id, queue_id in memberships.all():
        queues.setdefault(staff_id, set()).add(queue_id)
    return [u for u in users if can_see(Staff(u, frozenset(queues.get(u.id, ()))), case)]


async def _page(
    request: Request,
    db: DbSession,
    vault: RequestVault,
    case: Case,
    status: int = 200,
    error: str = "",
    draft: str = "",
) -> Response:
    taxonomy = load_taxonomy()
    return render(
        request,
        "case.html",
        status_code=status,
        view=await load_case_view(db, vault, case),
        statuses=CASE_STATUSES,
        priorities=PRIORITIES,
        queues=list(await db.scalars(select(Queue).order_by(Queue.name))),
        assignable=await _assignable(db, case),
        dimensions=[(d, taxonomy.labels(d)) for d in LABEL_FIELDS],
        canned=canned_replies(case.language),
        error=error,
        draft=draft,
    )


@router.get("/cases/{reference}", response_class=HTMLResponse)
async def case_page(
    request: Request, reference: Reference, db: DbSession, vault: RequestVault
) -> Response:
    return await _page(request, db, vault, await visible_case(db, request.state.staff, reference))


@router.get("/cases/{reference}/transcript", response_class=HTMLResponse)
async def case_transcript(
    request: Request, reference: Reference, db: DbSession, vault: RequestVault
) -> Response:
    """The transcript alone, for the page's polling (new messages, delivery status)."""
    case = await visible_case(db, request.state.staff, reference, action=None)
    return render(request, "transcript.html", messages=await transcript(db, vault, case), case=case)


def _work(request: Request, db: DbSession, vault: RequestVault, state: State) -> Casework:
    return Casework(db, vault, request.state.staff, state.settings, state.clock())


@router.post("/cases/{reference}/reply", response_class=HTMLResponse)
async def reply(
    request: Request,
    reference: Reference,
    body: Text,
    db: DbSession,
    vault: RequestVault,
    state: State,
) -> Response:
    case = await visible_case(db, request.state.staff, reference, action="case.reply")
    try:
        await _work(request, db, vault, state).reply(case, body)
    except AppError as error:
        # Say why on the case itself, with the draft back in the reply box.
        message = gettext_for(request)(error.message)
        return await _page(request, db, vault, case, error.status_code, message, draft=body)
    return _back(reference)


@router.post("/cases/{reference}/notes")
async def note(
    request: Request,
    reference: Reference,
    body: Text,
    db: DbSession,
    vault: RequestVault,
    state: State,
) -> Response:
    case = await visible_case(db, request.state.staff, reference, action="case.note")
    await _work(request, db, vault, state).note(case, body)
    return _back(reference)


@router.post("/cases/{reference}/update")
async def update(
    request: Request,
    reference: Reference,
    db: DbSession,
    vault: RequestVault,
    state: State,
    status: Choice = "",
    priority: Choice = "",
    queue: Choice = "",
    assignee: Choice = "",
) -> Response:
    case = await visible_case(db, request.state.staff, reference, action="case.update")
    await _work(request, db, vault, state).update(
        case,
        status=status or None,
        priority=priority or None,
        queue=queue or None,
        assignee=assignee if assignee not in ("", "-") else None,
        unassign=assignee == "-",
    )
    if not can_see(request.state.staff, case):
        return RedirectResponse("/console/queue", status_code=303)  # handed to another queue
    return _back(reference)


def _chosen_labels(form: FormData) -> dict[str, list[str]]:
    return {d: [str(v) for v in form.getlist(f"labels.{d}")] for d in LABEL_FIELDS}


@router.post("/cases/{reference}/labels")
async def labels(
    request: Request, reference: Reference, db: DbSession, vault: RequestVault, state: State
) -> Response:
    case = await visible_case(db, request.state.staff, reference, action="case.labels")
    await _work(request, db, vault, state).correct_labels(
        case, _chosen_labels(await request.form())
    )
    return _back(reference)


@router.post("/cases/{reference}/referrals")
async def refer(
    request: Request,
    reference: Reference,
    partner: Annotated[str, Form(max_length=200)],
    db: DbSession,
    vault: RequestVault,
    state: State,
) -> Response:
    case = await visible_case(db, request.state.staff, reference, action="case.refer")
    await _work(request, db, vault, state).refer(case, partner)
    return _back(reference)
