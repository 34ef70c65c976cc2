"""Console sessions: the cookie, the timeouts, and who is behind a request.

A session is a row (see `StaffSessionRepository`); the cookie carries its random id.
It ends at logout, after `console_idle_minutes` without a request, after
`console_absolute_hours` in all, when its account is disabled, and — while the second
factor is still missing — after `PARTIAL_LIFETIME`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from bot.auth.csrf import session_token
from bot.settings import Settings
from storage.models import StaffSession, StaffUser
from storage.repositories.staff import StaffRepository
from storage.repositories.staff_sessions import StaffSessionRepository

COOKIE = "fd_session"
SECURE_COOKIE = "__Host-fd_session"
PARTIAL_LIFETIME = timedelta(minutes=10)
# Writing last_seen_at on every request would make every page a write.
TOUCH_EVERY = timedelta(seconds=30)


def is_https(settings: Settings) -> bool:
    return settings.public_url.lower().startswith("https://")


def cookie_name(settings: Settings) -> str:
    """`__Host-` behind https: the browser then refuses it without Secure, Path=/ and Domain."""
    return SECURE_COOKIE if is_https(settings) else COOKIE


def set_session_cookie(response: Response, settings: Settings, token: str) -> None:
    response.set_cookie(
        cookie_name(settings),
        token,
        httponly=True,
        samesite="strict",
        secure=is_https(settings),
        path="/",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        cookie_name(settings), path="/", secure=is_https(settings), httponly=True, samesite="strict"
    )


@dataclass
class Staff:
    """The signed-in staff member of a request, with the queues they belong to.

    Plain copies of what pages show are taken at once: an error page renders after the
    request's transaction has rolled back, when the rows can no longer be read.
    """

    user: StaffUser
    queues: frozenset[str]
    session: StaffSession | None = None
    csrf: str | None = None
    id: uuid.UUID = field(init=False)
    email: str = field(init=False)
    role: str = field(init=False)
    ui_language: str = field(init=False)
    stage: str = field(init=False)

    def __post_init__(self) -> None:
        self.id, self.email, self.role = self.user.id, self.user.email, self.user.role
        self.ui_language = self.user.ui_language
        self.stage = self.session.stage if self.session is not None else "full"

    @property
    def actor_id(self) -> str:
        return str(self.id)


def lifetimes(settings: Settings) -> tuple[timedelta, timedelta]:
    """(idle, absolute) limits of a full session."""
    return (
        timedelta(minutes=settings.console_idle_minutes),
        timedelta(hours=settings.console_absolute_hours),
    )


def _expired(row: StaffSession, user: StaffUser, settings: Settings, now: datetime) -> bool:
    if user.disabled_at is not None:
        return True
    idle, absolute = lifetimes(settings)
    lifetime = absolute if row.stage == "full" else PARTIAL_LIFETIME
    return now - row.created_at > lifetime or now - row.last_seen_at > idle


async def session_of(
    request: Request, db: AsyncSession, settings: Settings, now: datetime, *, touch: bool = True
) -> tuple[StaffSession, StaffUser, str] | None:
    """The live session the request's cookie names (touched, unless the request is the
    page polling by itself); None (and the row gone) when there is none or it ran out."""
    token = request.cookies.get(cookie_name(settings))
    if not token:
        return None
    repository = StaffSessionRepository(db)
    found = await repository.find(token)
    if found is None:
        return None
    row, user = found
    if _expired(row, user, settings, now):
        await repository.delete(row)
        return None
    if touch and now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
    return row, user, token


async def staff_for(
    db: AsyncSession, user: StaffUser, settings: Settings, row: StaffSession | None, token: str
) -> Staff:
    queues = frozenset(await StaffRepository(db).queue_ids(user))
    secret = settings.secret_key.get_secret_value() if settings.secret_key else ""
    csrf = session_token(secret, token) if row is not None else None
    user.last_active_at = row.last_seen_at if row is not None else user.last_active_at
    return Staff(user=user, queues=queues, session=row, csrf=csrf)
