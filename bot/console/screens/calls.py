"""Calls for proposals (secretariat and admin): the list, and writing or editing a call in
every language. Anyone else is answered "not found"."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from bot.auth.sessions import Staff
from bot.calls.review import audit, require_reviewer
from bot.casework.actions import Invalid
from bot.casework.policy import not_found
from bot.console.call_form import CallForm, read_call_form
from bot.console.i18n import UI_LANGUAGES
from bot.console.render import gettext_for, render
from bot.deps import DbSession, State
from intake.classification.taxonomy import load_taxonomy
from storage.models import Application, Call
from storage.models.calls import CALL_STATUSES
from storage.repositories.calls import CallRepository

router = APIRouter()


def reviewer(request: Request) -> Staff:
    staff: Staff = request.state.staff
    require_reviewer(staff)
    return staff


def _regions() -> list[str]:
    return [region.id for region in load_taxonomy().regions]


async def call_or_404(db: DbSession, call_id: uuid.UUID) -> Call:
    call = await CallRepository(db).get(call_id)
    if call is None:
        raise not_found("call")
    return call


@router.get("/calls", response_class=HTMLResponse)
async def calls(request: Request, db: DbSession) -> Response:
    staff = reviewer(request)
    counts = dict(
        (
            await db.execute(
                select(Application.call_id, func.count())
                .where(Application.reference.is_not(None))
                .group_by(Application.call_id)
            )
        ).all()
    )
    await audit(db, staff, "calls.listed", "call", None)
    return render(
        request,
        "calls.html",
        calls=await CallRepository(db).newest_first(),
        counts=counts,
    )


def _form_page(
    request: Request, form: CallForm, call: Call | None, error: str = "", status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "call_form.html",
        status_code=status,
        form=form,
        call=call,
        error=error,
        languages=UI_LANGUAGES,
        regions=_regions(),
        statuses=CALL_STATUSES,
    )


@router.get("/calls/new", response_class=HTMLResponse)
async def new_call(request: Request) -> Response:
    reviewer(request)
    return _form_page(request, CallForm(), None)


async def _read(request: Request, call: Call | None) -> CallForm | HTMLResponse:
    form = await request.form()
    try:
        return read_call_form(form, set(_regions()))
    except Invalid as error:
        draft = CallForm(
            title={lang: str(form.get(f"title_{lang}", "")) for lang in UI_LANGUAGES},
            questions={
                lang: str(form.get(f"questions_{lang}", "")).splitlines() for lang in UI_LANGUAGES
            },
            regions=[str(r) for r in form.getlist("regions")],
            keywords=[w.strip() for w in str(form.get("keywords", "")).split(",")],
            status=str(form.get("status", "draft")),
        )
        message = gettext_for(request)(error.message)
        return _form_page(request, draft, call, message, status=422)


@router.post("/calls")
async def create_call(request: Request, db: DbSession, state: State) -> Response:
    staff = reviewer(request)
    form = await _read(request, None)
    if isinstance(form, HTMLResponse):
        return form
    call = await CallRepository(db).create(
        **form.fields(), created_by=staff.user.id, updated_at=state.clock()
    )
    await audit(db, staff, "call.created", "call", call.id, status=call.status)
    return RedirectResponse(f"/console/calls/{call.id}", status_code=303)


@router.get("/calls/{call_id}/edit", response_class=HTMLResponse)
async def edit_call(request: Request, call_id: uuid.UUID, db: DbSession) -> Response:
    reviewer(request)
    call = await call_or_404(db, call_id)
    form = CallForm(
        title=dict(call.title),
        questions={lang: list(qs) for lang, qs in call.questions.items()},
        regions=list(call.regions),
        keywords=list(call.keywords),
        opens_at=call.opens_at,
        deadline=call.deadline,
        status=call.status,
    )
    return _form_page(request, form, call)


@router.post("/calls/{call_id}")
async def update_call(
    request: Request, call_id: uuid.UUID, db: DbSession, state: State
) -> Response:
    staff = reviewer(request)
    call = await call_or_404(db, call_id)
    form = await _read(request, call)
    if isinstance(form, HTMLResponse):
        return form
    changed = sorted(name for name, value in form.fields().items() if getattr(call, name) != value)
    for name, value in form.fields().items():
        setattr(call, name, value)
    call.updated_at = state.clock()
    await audit(db, staff, "call.updated", "call", call.id, fields=",".join(changed))
    return RedirectResponse(f"/console/calls/{call.id}", status_code=303)
