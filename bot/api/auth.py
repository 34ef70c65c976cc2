"""Who calls the API: a bearer token (`Authorization: Bearer fd_…`), or the console's
session cookie — with the CSRF header on unsafe methods, since a browser sends cookies
to any site's forms."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, Request
from starlette.exceptions import HTTPException

from bot.auth.csrf import HEADER, SAFE_METHODS, origin_allowed, tokens_match
from bot.auth.sessions import Staff, session_of, staff_for
from bot.deps import DbSession, State
from bot.logs import log_event
from storage.repositories.staff import StaffRepository

logger = logging.getLogger("frontdoor.security")


def _unauthorized() -> HTTPException:
    return HTTPException(
        401, "Sign in, or send a valid token.", headers={"WWW-Authenticate": "Bearer"}
    )


async def api_staff(request: Request, db: DbSession, state: State) -> Staff:
    """The caller, also kept on `request.state.staff` as the console's guard does (the
    rate limits read it there, the same way in both)."""
    staff = await _caller(request, db, state)
    request.state.staff = staff
    return staff


async def _caller(request: Request, db: DbSession, state: State) -> Staff:
    settings = state.settings
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        user = (
            await StaffRepository(db).user_for_token(token.strip())
            if scheme.lower() == "bearer" and token.strip()
            else None
        )
        if user is None:
            log_event(logger, logging.WARNING, "auth.bad_token")
            raise _unauthorized()
        return await staff_for(db, user, settings, None, "")
    found = await session_of(request, db, settings, state.clock())
    if found is None or found[0].stage != "full":
        raise _unauthorized()
    row, user, token = found
    staff = await staff_for(db, user, settings, row, token)
    if request.method not in SAFE_METHODS and not (
        tokens_match(staff.csrf, request.headers.get(HEADER))
        and origin_allowed(request, settings.public_url)
    ):
        log_event(logger, logging.WARNING, "auth.csrf_rejected", staff=staff.actor_id)
        raise HTTPException(403, "Missing or wrong CSRF token.")
    return staff


ApiStaff = Annotated[Staff, Depends(api_staff)]
