"""API v1 broadcasts: write one (the answer carries its preview), send it now or at its
scheduled time, follow its progress, pause, resume or cancel it. Secretariat and admin
only: for anyone else these routes do not exist (404), like a case they may not see."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from bot.api.auth import ApiStaff, api_staff
from bot.api.broadcast_schemas import (
    BroadcastCreated,
    BroadcastIn,
    BroadcastOut,
    PreviewOut,
)
from bot.api.schemas import ErrorBody
from bot.auth.sessions import Staff
from bot.broadcasts import control
from bot.broadcasts.audience import Audience
from bot.broadcasts.preview import preview
from bot.broadcasts.progress import progress
from bot.casework.policy import SEES_EVERYTHING, not_found
from bot.deps import DbSession, State
from bot.errors import AppError, Conflict
from storage.models import Broadcast
from storage.repositories.broadcasts import BroadcastRepository

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (401, 403, 404, 409, 422)
}


def broadcaster(staff: ApiStaff) -> Staff:
    """Broadcasts belong to the secretariat (and admins)."""
    if staff.role not in SEES_EVERYTHING:
        raise not_found("page")
    return staff


Broadcaster = Annotated[Staff, Depends(broadcaster)]
Action = Callable[..., Awaitable[Broadcast]]
router = APIRouter(
    prefix="/api/v1/broadcasts",
    tags=["broadcasts"],
    dependencies=[Depends(api_staff)],
    responses=ERRORS,
)


async def _found(db: DbSession, broadcast_id: uuid.UUID) -> Broadcast:
    broadcast = await db.get(Broadcast, broadcast_id)
    if broadcast is None:
        raise not_found("broadcast")
    return broadcast


async def _out(db: DbSession, broadcast: Broadcast) -> dict[str, Any]:
    return {
        "id": str(broadcast.id),
        "name": broadcast.name,
        "status": broadcast.status,
        "texts": broadcast.texts,
        "fallback_language": broadcast.fallback_language,
        "audience": broadcast.audience,
        "template": broadcast.template,
        "scheduled_at": broadcast.scheduled_at,
        "started_at": broadcast.started_at,
        "finished_at": broadcast.finished_at,
        "created_at": broadcast.created_at,
        "progress": (await progress(db, broadcast)).to_dict(),
    }


def _invalid(error: control.BroadcastInvalid) -> AppError:
    return AppError(str(error), code="invalid_request", status_code=422)


def _conflict(error: control.BroadcastConflict) -> Conflict:
    return Conflict(f"not possible while the broadcast is {error.status}")


@router.post("", response_model=BroadcastCreated, status_code=201)
async def create(
    payload: BroadcastIn, db: DbSession, staff: Broadcaster, state: State
) -> dict[str, Any]:
    """Write a broadcast as a draft; nothing is sent until `send`. The answer carries the
    preview: recipients per channel and language, SMS segments and estimated cost."""
    template = payload.template
    draft = control.Draft(
        name=payload.name,
        texts=dict(payload.texts),
        fallback_language=payload.fallback_language,
        audience=Audience.of(payload.audience.model_dump()),
        template_sid=template.content_sid if template else None,
        template_variables=dict(template.variables) if template else {},
        scheduled_at=payload.scheduled_at,
    )
    try:
        broadcast = await control.create(db, draft, staff_id=staff.id)
    except control.BroadcastInvalid as error:
        raise _invalid(error) from None
    found = await preview(db, broadcast, state.settings.sms_price_per_segment, state.adapters)
    return await _out(db, broadcast) | {"preview": found.to_dict()}


@router.get("", response_model=list[BroadcastOut])
async def listing(db: DbSession, staff: Broadcaster) -> list[dict[str, Any]]:
    """The latest broadcasts, newest first."""
    return [await _out(db, b) for b in await BroadcastRepository(db).listing()]


@router.get("/{broadcast_id}", response_model=BroadcastOut)
async def read(broadcast_id: uuid.UUID, db: DbSession, staff: Broadcaster) -> dict[str, Any]:
    """Status and progress: queued, sent, delivered, failed (by reason), opted out."""
    return await _out(db, await _found(db, broadcast_id))


@router.get("/{broadcast_id}/preview", response_model=PreviewOut)
async def read_preview(
    broadcast_id: uuid.UUID, db: DbSession, staff: Broadcaster, state: State
) -> dict[str, Any]:
    """The audience as it is now (contacts change until the broadcast is sent)."""
    broadcast = await _found(db, broadcast_id)
    return (
        await preview(db, broadcast, state.settings.sms_price_per_segment, state.adapters)
    ).to_dict()


async def _act(db: DbSession, broadcast_id: uuid.UUID, staff: Staff, action: Action) -> Broadcast:
    await _found(db, broadcast_id)
    try:
        return await action(db, broadcast_id, staff_id=staff.id)
    except control.BroadcastConflict as error:
        raise _conflict(error) from None


@router.post("/{broadcast_id}/send", response_model=BroadcastOut, status_code=202)
async def send(broadcast_id: uuid.UUID, db: DbSession, staff: Broadcaster) -> dict[str, Any]:
    """Start now, or at `scheduled_at` when that is still to come."""
    return await _out(db, await _act(db, broadcast_id, staff, control.send))


@router.post("/{broadcast_id}/pause", response_model=BroadcastOut)
async def pause(broadcast_id: uuid.UUID, db: DbSession, staff: Broadcaster) -> dict[str, Any]:
    """Stop further sends at once; messages a sender already holds finish."""
    return await _out(db, await _act(db, broadcast_id, staff, control.pause))


@router.post("/{broadcast_id}/resume", response_model=BroadcastOut)
async def resume(broadcast_id: uuid.UUID, db: DbSession, staff: Broadcaster) -> dict[str, Any]:
    return await _out(db, await _act(db, broadcast_id, staff, control.resume))


@router.post("/{broadcast_id}/cancel", response_model=BroadcastOut)
async def cancel(broadcast_id: uuid.UUID, db: DbSession, staff: Broadcaster) -> dict[str, Any]:
    """Nothing more goes out; what was not sent ends as cancelled."""
    return await _out(db, await _act(db, broadcast_id, staff, control.cancel))
