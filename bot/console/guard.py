"""The console's one guard: every route needs a signed-in staff member with the second
factor done, except the few steps of login itself; every unsafe method needs the CSRF
token and a same-origin `Origin`. New routes are protected unless listed here."""

from __future__ import annotations

import logging

from fastapi import Request

from bot.auth.csrf import FIELD, LOGIN_COOKIE, SAFE_METHODS, origin_allowed, tokens_match
from bot.auth.sessions import session_of, staff_for
from bot.deps import DbSession, State
from bot.logs import log_event

logger = logging.getLogger("frontdoor.security")
# Route paths (inside the console) open before login, and before the second factor.
PUBLIC = frozenset({"/login"})
PARTIAL = {"password": frozenset({"/mfa", "/logout"}), "enrol": frozenset({"/enrol", "/logout"})}
NEXT_STEP = {"password": "/mfa", "enrol": "/enrol"}
# Requests the page makes by itself (polling) do not count as activity for the idle timeout.
POLL_HEADER = "x-console-poll"


class LoginRequired(Exception):
    """Send the browser to the login step it is at (`to`)."""

    def __init__(self, to: str = "/login") -> None:
        self.to = to


class CsrfRejected(Exception):
    """A state-changing request without our token, or from another site."""


async def _check_csrf(request: Request, expected: str | None, public_url: str) -> None:
    form = await request.form()
    given = form.get(FIELD)
    if not (
        origin_allowed(request, public_url)
        and tokens_match(expected, given if isinstance(given, str) else None)
    ):
        log_event(logger, logging.WARNING, "auth.csrf_rejected", route=request.scope["route"].path)
        raise CsrfRejected


async def console_guard(request: Request, db: DbSession, state: State) -> None:
    route = request.scope["route"].path
    unsafe = request.method not in SAFE_METHODS
    settings = state.settings
    if route in PUBLIC:
        if unsafe:
            await _check_csrf(request, request.cookies.get(LOGIN_COOKIE), settings.public_url)
        return
    found = await session_of(
        request, db, settings, state.clock(), touch=POLL_HEADER not in request.headers
    )
    if found is None:
        raise LoginRequired()
    row, user, token = found
    if row.stage != "full" and route not in PARTIAL.get(row.stage, ()):
        raise LoginRequired(NEXT_STEP.get(row.stage, "/login"))
    staff = await staff_for(db, user, settings, row, token)
    request.state.staff = staff
    if unsafe:
        await _check_csrf(request, staff.csrf, settings.public_url)
