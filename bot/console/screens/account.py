"""Login (password, then the second factor or its enrolment), logout, and the staff
member's language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from bot.auth import mfa
from bot.auth.csrf import LOGIN_COOKIE, new_login_token
from bot.auth.login import Attempt, Login
from bot.auth.sessions import (
    Staff,
    clear_session_cookie,
    cookie_name,
    is_https,
    lifetimes,
    set_session_cookie,
)
from bot.console.i18n import UI_LANGUAGES
from bot.console.render import gettext_for, render
from bot.deps import DbSession, RequestVault, State
from storage.models import StaffSession, StaffUser

router = APIRouter()
Field = Annotated[str, Form(max_length=256)]


def _login_page(request: Request, token: str, status: int = 200, error: str = "") -> Response:
    response = render(request, "login.html", status_code=status, login_csrf=token, error=error)
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        path="/console/login",
        secure=is_https(request.app.state.frontdoor.settings),
    )
    return response


def _refused(request: Request, attempt: Attempt) -> str:
    _ = gettext_for(request)
    if attempt.outcome == "throttled":
        return _("Too many failed attempts. Wait %(seconds)s seconds and try again.") % {
            "seconds": max(1, round(attempt.wait_seconds))
        }
    return _("Wrong email, password or code.")


def _flow(request: Request, db: DbSession, vault: RequestVault, state: State) -> Login:
    address = request.client.host if request.client else "unknown"
    return Login(db, vault, state.clock(), address, lifetimes(state.settings))


def _signed(request: Request) -> tuple[StaffSession, StaffUser]:
    """The session and account the guard found (at any login stage on these routes)."""
    staff: Staff = request.state.staff
    assert staff.session is not None
    return staff.session, staff.user


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request) -> Response:
    return _login_page(request, new_login_token())


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    email: Field,
    password: Field,
    db: DbSession,
    vault: RequestVault,
    state: State,
) -> Response:
    flow = _flow(request, db, vault, state)
    attempt = await flow.password(email, password)
    if attempt.outcome != "ok" or attempt.user is None:
        return _login_page(request, new_login_token(), 401, _refused(request, attempt))
    # Whatever session this browser had before ends here: the new one gets a new id.
    token = await flow.start(
        attempt.user, previous=request.cookies.get(cookie_name(state.settings))
    )
    step = "/console/mfa" if attempt.user.totp_secret_enc else "/console/enrol"
    response = RedirectResponse(step, status_code=303)
    set_session_cookie(response, state.settings, token)
    response.delete_cookie(LOGIN_COOKIE, path="/console/login")
    return response


@router.get("/mfa", response_class=HTMLResponse)
async def mfa_form(request: Request) -> Response:
    return render(request, "mfa.html")


@router.post("/mfa", response_class=HTMLResponse)
async def mfa_check(
    request: Request, code: Field, db: DbSession, vault: RequestVault, state: State
) -> Response:
    row, user = _signed(request)
    flow = _flow(request, db, vault, state)
    attempt = await flow.second_factor(row, user, code)
    if attempt.outcome != "ok":
        return render(request, "mfa.html", status_code=401, error=_refused(request, attempt))
    token = await flow.finish(row, user)
    response = RedirectResponse("/console/queue", status_code=303)
    set_session_cookie(response, state.settings, token)
    return response


async def _enrol_page(
    request: Request,
    flow: Login,
    row: StaffSession,
    user: StaffUser,
    status: int = 200,
    error: str = "",
) -> Response:
    secret = await flow.enrolment_secret(row)
    uri = mfa.provisioning_uri(secret, user.email)
    return render(
        request,
        "enrol.html",
        status_code=status,
        qr=Markup(mfa.qr_svg(uri)),
        secret=secret,
        error=error,
    )


@router.get("/enrol", response_class=HTMLResponse)
async def enrol_form(
    request: Request, db: DbSession, vault: RequestVault, state: State
) -> Response:
    row, user = _signed(request)
    flow = _flow(request, db, vault, state)
    return await _enrol_page(request, flow, row, user)


@router.post("/enrol", response_class=HTMLResponse)
async def enrol(
    request: Request, code: Field, db: DbSession, vault: RequestVault, state: State
) -> Response:
    row, user = _signed(request)
    flow = _flow(request, db, vault, state)
    codes = await flow.enrol(row, user, code)
    if codes is None:
        _ = gettext_for(request)
        return await _enrol_page(
            request, flow, row, user, 401, _("That code did not match. Try the next one.")
        )
    token = await flow.finish(row, user)
    response = render(request, "recovery.html", codes=codes)
    set_session_cookie(response, state.settings, token)
    return response


@router.post("/logout")
async def logout(request: Request, db: DbSession, vault: RequestVault, state: State) -> Response:
    row, user = _signed(request)
    await _flow(request, db, vault, state).logout(row, user)
    response = RedirectResponse("/console/login", status_code=303)
    clear_session_cookie(response, state.settings)
    return response


@router.post("/preferences")
async def preferences(
    request: Request, ui_language: Annotated[str, Form(max_length=8)], back: Field = ""
) -> Response:
    """Change the console's language; back to the page it was changed on."""
    staff: Staff = request.state.staff
    if ui_language in UI_LANGUAGES:
        staff.user.ui_language = ui_language
    # Only a path inside the console: never an open redirect.
    target = back if back.startswith("/console/") and "//" not in back else "/console/queue"
    return RedirectResponse(target, status_code=303)
