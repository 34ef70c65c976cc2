"""Contacts: the list with filters and a search by phone number, one person's page with
their cases, the CSV upload with its report (secretariat and admin) and the CSV export
(admin). Everyone else sees only the people with a case in their queues."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from bot.auth.rate_limit import EXPORT
from bot.casework.policy import (
    SEES_EVERYTHING,
    require_admin,
    require_contact_manager,
    visible_contact,
)
from bot.console.render import gettext_for, render
from bot.contacts.directory import PHONE_SEARCH, ContactFilters, list_contacts, load_contact
from bot.contacts.rows import CHANNELS
from bot.contacts.transfer import (
    BadContactFile,
    export_response,
    run_import,
    uploaded_file,
)
from bot.deps import DbSession, RequestVault, State
from bot.errors import PayloadTooLarge
from i18n.catalog import SUPPORTED_LANGUAGES
from intake.classification.taxonomy import load_taxonomy

router = APIRouter()
Filter = Annotated[str | None, Query(max_length=64, pattern=r"^[^\x00]*$")]
YES_NO = {"yes": True, "no": False}


def contact_filters(
    language: Filter = None,
    country: Filter = None,
    region: Filter = None,
    channel: Filter = None,
    tag: Filter = None,
    opted_out: Filter = None,
    phone: Filter = None,
) -> ContactFilters:
    return ContactFilters(
        language or None,
        country or None,
        region or None,
        channel or None,
        tag or None,
        YES_NO.get(opted_out or ""),
        phone or None,
    )


Filters = Annotated[ContactFilters, Depends(contact_filters)]
Page = Annotated[int, Query(ge=1, le=100_000)]


@router.get("/contacts", response_class=HTMLResponse, dependencies=[Depends(PHONE_SEARCH)])
async def contacts(
    request: Request, db: DbSession, vault: RequestVault, chosen: Filters, page: Page = 1
) -> Response:
    staff = request.state.staff
    return render(
        request,
        "contacts.html",
        result=await list_contacts(db, vault, staff, chosen, page),
        filters=chosen,
        query=chosen.active(),
        languages=SUPPORTED_LANGUAGES,
        regions=[*(r.id for r in load_taxonomy().regions), "global"],
        channels=CHANNELS,
        manages=staff.role in SEES_EVERYTHING,
    )


@router.get("/contacts/import", response_class=HTMLResponse)
async def import_form(request: Request) -> Response:
    require_contact_manager(request.state.staff)
    return render(request, "contacts_import.html", report=None, error="")


@router.post("/contacts/import", response_class=HTMLResponse)
async def upload(request: Request, db: DbSession, state: State) -> Response:
    staff = request.state.staff
    require_contact_manager(staff)
    _ = gettext_for(request)
    file = (await request.form()).get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        return render(
            request, "contacts_import.html", 422, report=None, error=_("Choose a CSV file.")
        )
    try:
        report = await run_import(db, state, staff, uploaded_file(file), via="console")
    except PayloadTooLarge:
        error = _("The file is larger than 64 MB; split it and import the parts.")
        return render(request, "contacts_import.html", 413, report=None, error=error)
    except BadContactFile:
        error = _(
            "The first line must name the columns (name, phone, telegram, language, "
            "country, channels, tags, consent), with phone or telegram among them."
        )
        return render(request, "contacts_import.html", 400, report=None, error=error)
    problems = [
        (line, _(report.reasons[line][0]) % report.reasons[line][1]) for line, _r in report.problems
    ]
    return render(request, "contacts_import.html", report=report, problems=problems, error="")


@router.get("/contacts/export.csv", dependencies=[Depends(EXPORT)])
async def export(request: Request, db: DbSession, state: State) -> Response:
    staff = request.state.staff
    require_admin(staff)
    return await export_response(db, state, staff, via="console")


@router.get("/contacts/{contact_id}", response_class=HTMLResponse)
async def contact(
    request: Request, contact_id: uuid.UUID, db: DbSession, vault: RequestVault
) -> Response:
    staff = request.state.staff
    found = await visible_contact(db, staff, contact_id)
    return render(request, "contact.html", view=await load_contact(db, vault, staff, found))
