"""Broadcasts (secretariat and admin): the list, writing one, its preview, sending,
pausing, resuming and cancelling it, and its progress refreshed while it goes out.
Anyone else is answered "not found"."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.auth.sessions import Staff
from bot.broadcasts import control
from bot.broadcasts.audience import CHANNELS, Audience
from bot.broadcasts.preview import preview, sms_cost
from bot.broadcasts.progress import BUCKETS, progress
from bot.casework.policy import SEES_EVERYTHING, not_found
from bot.console.broadcast_form import BroadcastForm, draft_of, problem, read_form
from bot.console.i18n import UI_LANGUAGES
from bot.console.names import N_
from bot.console.render import gettext_for, render
from bot.deps import DbSession, State
from bot.errors import Conflict
from intake.classification.taxonomy import load_taxonomy
from storage.models import Broadcast
from storage.repositories.broadcasts import BroadcastRepository

router = APIRouter()
ACTIONS = {
    "send": control.send,
    "pause": control.pause,
    "resume": control.resume,
    "cancel": control.cancel,
}
STATUS = {
    "draft": N_("draft"),
    "scheduled": N_("scheduled"),
    "sending": N_("sending"),
    "paused": N_("paused"),
    "cancelled": N_("cancelled"),
    "done": N_("done"),
}
BUCKET = {
    "queued": N_("queued"),
    "paused": N_("paused"),
    "sent": N_("sent"),
    "delivered": N_("delivered"),
    "failed": N_("failed"),
    "opted_out": N_("opted out"),
    "cancelled": N_("cancelled"),
}
NOT_NOW = N_("This cannot be done while the broadcast is %(status)s.")


def broadcaster(request: Request) -> Staff:
    staff: Staff = request.state.staff
    if staff.role not in SEES_EVERYTHING:
        raise not_found("page")
    return staff


async def _found(db: DbSession, broadcast_id: uuid.UUID) -> Broadcast:
    broadcast = await db.get(Broadcast, broadcast_id)
    if broadcast is None:
        raise not_found("broadcast")
    return broadcast


def _form_page(
    request: Request, form: BroadcastForm, error: str = "", status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "broadcast_form.html",
        status_code=status,
        form=form,
        error=error,
        languages=UI_LANGUAGES,
        channels=CHANNELS,
        regions=[region.id for region in load_taxonomy().regions],
    )


@router.get("/broadcasts", response_class=HTMLResponse)
async def broadcasts(request: Request, db: DbSession) -> Response:
    broadcaster(request)
    rows = await BroadcastRepository(db).listing()
    return render(request, "broadcasts.html", broadcasts=rows, statuses=STATUS)


@router.get("/broadcasts/new", response_class=HTMLResponse)
async def new(request: Request) -> Response:
    broadcaster(request)
    return _form_page(request, BroadcastForm())


@router.post("/broadcasts")
async def create(request: Request, db: DbSession) -> Response:
    staff = broadcaster(request)
    form = read_form(await request.form())
    try:
        broadcast = await control.create(db, draft_of(form), staff_id=staff.id)
    except control.BroadcastInvalid as error:
        return _form_page(request, form, gettext_for(request)(problem(error)), status=422)
    return RedirectResponse(f"/console/broadcasts/{broadcast.id}", status_code=303)


async def _progress_context(db: DbSession, broadcast: Broadcast) -> dict[str, Any]:
    return {
        "broadcast": broadcast,
        "progress": await progress(db, broadcast),
        "buckets": BUCKETS,
        "bucket_names": BUCKET,
        "statuses": STATUS,
    }


@router.get("/broadcasts/{broadcast_id}", response_class=HTMLResponse)
async def detail(
    request: Request, broadcast_id: uuid.UUID, db: DbSession, state: State
) -> Response:
    broadcaster(request)
    broadcast = await _found(db, broadcast_id)
    price = state.settings.sms_price_per_segment
    # Before sending, the audience as it is now; after, who it was enqueued for.
    ahead = (
        await preview(db, broadcast, price, state.adapters) if broadcast.status == "draft" else None
    )
    enqueued = await BroadcastRepository(db).recipients_by(broadcast.id)
    return render(
        request,
        "broadcast.html",
        audience=Audience.of(broadcast.audience),
        preview=ahead,
        enqueued=enqueued,
        sms={language: sms_cost(text) for language, text in broadcast.texts.items()},
        **await _progress_context(db, broadcast),
    )


@router.get("/broadcasts/{broadcast_id}/progress", response_class=HTMLResponse)
async def progress_part(request: Request, broadcast_id: uuid.UUID, db: DbSession) -> Response:
    """The progress alone, for the page's polling."""
    broadcaster(request)
    broadcast = await _found(db, broadcast_id)
    return render(request, "broadcast_progress.html", **await _progress_context(db, broadcast))


@router.post("/broadcasts/{broadcast_id}/{action}")
async def act(request: Request, broadcast_id: uuid.UUID, action: str, db: DbSession) -> Response:
    staff = broadcaster(request)
    if action not in ACTIONS:
        raise not_found("page")
    await _found(db, broadcast_id)
    try:
        await ACTIONS[action](db, broadcast_id, staff_id=staff.id)
    except control.BroadcastConflict as error:
        _ = gettext_for(request)
        raise Conflict(_(NOT_NOW) % {"status": _(STATUS[error.status])}) from None
    return RedirectResponse(f"/console/broadcasts/{broadcast_id}", status_code=303)
