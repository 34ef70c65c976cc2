"""API v1 contact routes: the list (with a search by phone number), one person, the CSV
import (secretariat and admin) and the CSV export (admin). A contact the caller may not
see, like a route their role may not use, is a 404."""

from __future__ import annotations

import uuid
from typing import IO, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from starlette.datastructures import UploadFile

from bot.api.auth import ApiStaff, api_staff
from bot.api.contact_schemas import (
    AddressOut,
    ContactCase,
    ContactDetail,
    ContactList,
    ContactSummary,
    ImportResult,
)
from bot.api.schemas import Channel, ErrorBody
from bot.auth.rate_limit import EXPORT
from bot.casework.policy import require_admin, require_contact_manager, visible_contact
from bot.contacts.directory import PHONE_SEARCH, ContactFilters, list_contacts, load_contact
from bot.contacts.transfer import (
    export_response,
    refuse_announced_excess,
    run_import,
    spool,
    uploaded_file,
)
from bot.deps import DbSession, RequestVault, State
from bot.errors import AppError

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 413, 415, 422, 429)
}
router = APIRouter(
    prefix="/api/v1", tags=["contacts"], dependencies=[Depends(api_staff)], responses=ERRORS
)
CSV_TYPES = ("text/csv", "application/csv")
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        "text/csv": {"schema": {"type": "string"}},
    },
}
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "name, phone, telegram, language, country, channels, tags, consent",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


def unsupported() -> AppError:
    return AppError(
        "Send the CSV as multipart/form-data (field `file`) or as a text/csv body.",
        code="unsupported_media_type",
        status_code=415,
    )


def contact_filters(
    language: Annotated[str | None, Query(pattern=r"^[A-Za-z-]{2,16}$")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    region: Annotated[str | None, Query(pattern=r"^[a-z_]{1,32}$")] = None,
    channel: Channel | None = None,
    tag: Annotated[str | None, Query(max_length=64, pattern=r"^[^\x00]+$")] = None,
    opted_out: bool | None = None,
    phone: Annotated[
        str | None, Query(max_length=32, pattern=r"^[0-9+() .-]+$", description="exact")
    ] = None,
) -> ContactFilters:
    return ContactFilters(language, country, region, channel, tag, opted_out, phone)


Filters = Annotated[ContactFilters, Depends(contact_filters)]


@router.get("/contacts", response_model=ContactList, dependencies=[Depends(PHONE_SEARCH)])
async def contacts(
    db: DbSession,
    vault: RequestVault,
    staff: ApiStaff,
    chosen: Filters,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> ContactList:
    """Contacts the caller may see, newest first. `phone` finds a number exactly (a
    national number needs `country`); phone searches count against the caller's search
    budget (429 with `Retry-After` past it)."""
    result = await list_contacts(db, vault, staff, chosen, page)
    return ContactList(
        items=[ContactSummary.model_validate(row) for row in result.rows],
        total=result.total,
        page=result.page,
    )


@router.post(
    "/contacts/import", response_model=ImportResult, openapi_extra={"requestBody": UPLOAD_BODY}
)
async def import_contacts(
    request: Request, db: DbSession, staff: ApiStaff, state: State
) -> ImportResult:
    """Import a contact list: good lines in, every other line named with its reason."""
    require_contact_manager(staff)
    refuse_announced_excess(request.headers.get("content-length"))
    kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    file: IO[bytes]
    if kind == "multipart/form-data":
        upload = (await request.form()).get("file")
        if not isinstance(upload, UploadFile):
            raise AppError("The form needs a `file` part.", code="invalid_request", status_code=422)
        file = uploaded_file(upload)
    elif kind in CSV_TYPES:
        file = await spool(request.stream())
    else:
        raise unsupported()
    report = await run_import(db, state, staff, file, via="api")
    return ImportResult.model_validate(report.to_dict())


@router.get(
    "/contacts/export",
    response_class=StreamingResponse,
    responses=CSV_RESPONSE,
    dependencies=[Depends(EXPORT)],
)
async def export_contacts(db: DbSession, staff: ApiStaff, state: State) -> StreamingResponse:
    """Every contact as CSV, in the columns the import reads (admin only)."""
    require_admin(staff)
    return await export_response(db, state, staff, via="api")


@router.get("/contacts/{contact_id}", response_model=ContactDetail)
async def contact(
    contact_id: uuid.UUID, db: DbSession, vault: RequestVault, staff: ApiStaff
) -> ContactDetail:
    found = await visible_contact(db, staff, contact_id)
    view = await load_contact(db, vault, staff, found)
    return ContactDetail(
        **ContactSummary.model_validate(view.row).model_dump(),
        addresses=[
            AddressOut(channel=a.channel, address=a.shown, blocked=a.blocked)
            for a in view.addresses
        ],
        cases=[ContactCase.model_validate(case) for case in view.cases],
    )
