"""Users, queues and memberships (admin only). Disabling an account ends its sessions
and revokes its API tokens at once."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import delete, select, update

from bot.auth.sessions import Staff
from bot.casework.actions import Invalid
from bot.casework.policy import not_found, require_admin
from bot.console.i18n import UI_LANGUAGES
from bot.console.render import render
from bot.deps import DbSession, State
from storage.models import ROLES, ApiToken, Queue, QueueMembership, StaffUser
from storage.repositories.audit import AuditRepository
from storage.repositories.staff import StaffError, StaffRepository
from storage.repositories.staff_sessions import StaffSessionRepository

router = APIRouter()
MIN_PASSWORD = 12
Short = Annotated[str, Form(max_length=254)]


def _admin(request: Request) -> Staff:
    staff: Staff = request.state.staff
    require_admin(staff)
    return staff


async def _audit(db: DbSession, staff: Staff, action: str, user_id: uuid.UUID, **data: str) -> None:
    await AuditRepository(db).record(
        action,
        actor_type="staff",
        actor_id=staff.actor_id,
        object_type="staff",
        object_id=str(user_id),
        **data,
    )


@router.get("/users", response_class=HTMLResponse)
async def users(request: Request, db: DbSession) -> Response:
    _admin(request)
    accounts = list(await db.scalars(select(StaffUser).order_by(StaffUser.email)))
    memberships: dict[uuid.UUID, set[str]] = {}
    for staff_id, queue_id in (
        await db.execute(select(QueueMembership.staff_id, QueueMembership.queue_id))
    ).all():
        memberships.setdefault(staff_id, set()).add(queue_id)
    return render(
        request,
        "users.html",
        accounts=accounts,
        memberships=memberships,
        roles=ROLES,
        queues=list(await db.scalars(select(Queue).order_by(Queue.id))),
        ui_languages=UI_LANGUAGES,
    )


@router.post("/users")
async def add_user(
    request: Request,
    db: DbSession,
    email: Short,
    role: Short,
    password: Short,
    display_name: Short = "",
    ui_language: Short = "en",
) -> Response:
    staff = _admin(request)
    if len(password) < MIN_PASSWORD:
        raise Invalid("The password must have at least 12 characters.")
    form = await request.form()
    try:
        user = await StaffRepository(db).add_user(
            email,
            role=role,
            password=password,
            display_name=display_name,
            queues=[str(q) for q in form.getlist("queues")],
            languages=[str(lang) for lang in form.getlist("languages")],
        )
    except StaffError:
        raise Invalid("This account could not be created (is the email already used?).") from None
    user.ui_language = ui_language if ui_language in UI_LANGUAGES else "en"
    await _audit(db, staff, "staff.created", user.id, role=role)
    return RedirectResponse("/console/users", status_code=303)


async def _account(db: DbSession, user_id: uuid.UUID) -> StaffUser:
    user = await db.get(StaffUser, user_id)
    if user is None:
        raise not_found("account")
    return user


@router.post("/users/{user_id}/queues")
async def set_queues(request: Request, user_id: uuid.UUID, db: DbSession) -> Response:
    staff = _admin(request)
    user = await _account(db, user_id)
    known = set(await db.scalars(select(Queue.id)))
    chosen = {str(q) for q in (await request.form()).getlist("queues")} & known
    await db.execute(delete(QueueMembership).where(QueueMembership.staff_id == user.id))
    db.add_all(QueueMembership(staff_id=user.id, queue_id=q) for q in sorted(chosen))
    await _audit(db, staff, "staff.queues_set", user.id, queues=",".join(sorted(chosen)))
    return RedirectResponse("/console/users", status_code=303)


@router.post("/users/{user_id}/disable")
async def disable(request: Request, user_id: uuid.UUID, db: DbSession, state: State) -> Response:
    staff = _admin(request)
    user = await _account(db, user_id)
    if user.id == staff.user.id:
        raise Invalid("You cannot disable your own account.")
    user.disabled_at = state.clock()
    await StaffSessionRepository(db).delete_for_staff(user.id)
    await db.execute(
        update(ApiToken)
        .where(ApiToken.staff_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=state.clock())
    )
    await _audit(db, staff, "staff.disabled", user.id)
    return RedirectResponse("/console/users", status_code=303)


@router.post("/users/{user_id}/enable")
async def enable(request: Request, user_id: uuid.UUID, db: DbSession) -> Response:
    staff = _admin(request)
    user = await _account(db, user_id)
    user.disabled_at = None
    await _audit(db, staff, "staff.enabled", user.id)
    return RedirectResponse("/console/users", status_code=303)


@router.post("/queues")
async def add_queue(
    request: Request,
    db: DbSession,
    queue_id: Annotated[str, Form(pattern=r"^[a-z0-9_]{1,32}$")],
    name: Short,
) -> Response:
    staff = _admin(request)
    await StaffRepository(db).ensure_queue(queue_id, name.strip() or None)
    await AuditRepository(db).record(
        "queue.created",
        actor_type="staff",
        actor_id=staff.actor_id,
        object_type="queue",
        object_id=queue_id,
    )
    return RedirectResponse("/console/users", status_code=303)
