"""A call's applications (secretariat and admin): the list with answers, filtered by
status; one application; review decisions; and the CSV for the grant working groups."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.auth.rate_limit import EXPORT
from bot.calls.review import (
    audit,
    export_csv,
    parse_amount,
    questions_of,
    with_answers,
)
from bot.casework.actions import Invalid
from bot.casework.policy import not_found
from bot.console.names import N_
from bot.console.render import language_of, render
from bot.console.screens.calls import call_or_404, reviewer
from bot.deps import DbSession, RequestVault
from storage.models import Application, Call
from storage.models.calls import REVIEW_STATUSES
from storage.repositories.calls import ApplicationRepository

router = APIRouter()
Reference = Annotated[str, Path(pattern=r"^APP-\d{4}-\d{6}$")]
Short = Annotated[str, Form(max_length=200)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
# Each row carries every answer of an application: fewer rows than the case queue's 50.
PAGE_SIZE = 25
STATUS_NAMES = {
    "received": N_("Received"),
    "under_review": N_("Under review"),
    "shortlisted": N_("Shortlisted"),
    "awarded": N_("Awarded"),
    "declined": N_("Declined"),
    "referred": N_("Referred to a partner"),
}


@router.get("/calls/{call_id}", response_class=HTMLResponse)
async def call_applications(
    request: Request,
    call_id: uuid.UUID,
    db: DbSession,
    vault: RequestVault,
    status: str = "",
    page: PageNumber = 1,
) -> Response:
    staff = reviewer(request)
    call = await call_or_404(db, call_id)
    chosen = status if status in REVIEW_STATUSES else ""
    result = await ApplicationRepository(db, vault).page_of_call(
        call.id, chosen or None, page, PAGE_SIZE
    )
    await audit(db, staff, "call.viewed", "call", call.id, status=chosen, page=str(result.page))
    return render(
        request,
        "call.html",
        call=call,
        questions=questions_of(call, language_of(request)),
        reviewed=await with_answers(db, vault, result.rows),
        result=result,
        query={"status": chosen} if chosen else {},
        status=chosen,
        statuses=STATUS_NAMES,
    )


@router.get("/calls/{call_id}/applications.csv", dependencies=[Depends(EXPORT)])
async def export(
    request: Request, call_id: uuid.UUID, db: DbSession, vault: RequestVault
) -> Response:
    staff = reviewer(request)
    call = await call_or_404(db, call_id)
    rows = await ApplicationRepository(db, vault).of_call(call.id)
    body = export_csv(call, await with_answers(db, vault, rows), language_of(request))
    await audit(db, staff, "call.exported", "call", call.id, rows=str(len(rows)))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="applications-{call.id}.csv"',
            "Cache-Control": "no-store",
        },
    )


async def _application(db: DbSession, vault: RequestVault, reference: str) -> Application:
    application = await ApplicationRepository(db, vault).by_reference(reference)
    if application is None:
        raise not_found("application")
    return application


@router.get("/applications/{reference}", response_class=HTMLResponse)
async def application_view(
    request: Request, reference: Reference, db: DbSession, vault: RequestVault
) -> Response:
    staff = reviewer(request)
    application = await _application(db, vault, reference)
    call = await db.get(Call, application.call_id)
    assert call is not None
    [reviewed] = await with_answers(db, vault, [application])
    await audit(db, staff, "application.viewed", "application", application.id)
    return render(
        request,
        "application.html",
        call=call,
        item=reviewed,
        questions=questions_of(call, language_of(request)),
        statuses=STATUS_NAMES,
    )


@router.post("/applications/{reference}/status")
async def decide(
    request: Request,
    reference: Reference,
    db: DbSession,
    vault: RequestVault,
    status: Short,
    amount: Short = "",
    currency: Short = "",
    partner: Short = "",
) -> Response:
    staff = reviewer(request)
    application = await _application(db, vault, reference)
    if status not in REVIEW_STATUSES:
        raise Invalid("Choose a status from the list.")
    grant = None
    if status == "awarded":
        grant = parse_amount(amount, currency)
        if grant is None:
            raise Invalid("An award needs an amount and a three-letter currency (e.g. USD).")
    if status == "referred" and not partner.strip():
        raise Invalid("A referral needs the partner organisation.")
    await ApplicationRepository(db, vault).decide(
        application,
        status,
        staff_id=staff.user.id,
        amount=grant[0] if grant else None,
        currency=grant[1] if grant else None,
        partner=partner.strip() or None,
    )
    await audit(
        db, staff, "application.status_changed", "application", application.id, status=status
    )
    return RedirectResponse(f"/console/applications/{reference}", status_code=303)
