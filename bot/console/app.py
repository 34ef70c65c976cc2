"""The triage console: its own FastAPI app, mounted at /console, behind one guard."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from bot.auth.rate_limit import RateLimited
from bot.console.guard import POLL_HEADER, CsrfRejected, LoginRequired, console_guard
from bot.console.limited import rate_limited
from bot.console.render import gettext_for, render
from bot.console.screens import (
    account,
    admin,
    applications,
    broadcasts,
    calls,
    case,
    contacts,
    outbox,
    queue,
    routing,
)
from bot.errors import AppError
from bot.logs import log_event

logger = logging.getLogger("frontdoor.console")
PREFIX = "/console"


async def _login_required(request: Request, error: Exception) -> Response:
    assert isinstance(error, LoginRequired)
    if POLL_HEADER in request.headers:
        return Response(status_code=401)  # the page's script reloads into the login
    return RedirectResponse(f"{PREFIX}{error.to}", status_code=303)


def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status, message=message)


async def _csrf(request: Request, _: Exception) -> HTMLResponse:
    _ = gettext_for(request)
    return _error_page(request, 403, _("This form has expired. Go back, reload and try again."))


async def _app_error(request: Request, error: Exception) -> HTMLResponse:
    assert isinstance(error, AppError)
    _ = gettext_for(request)
    message = _("This page does not exist.") if error.status_code == 404 else _(error.message)
    return _error_page(request, error.status_code, message)


async def _http_error(request: Request, error: Exception) -> HTMLResponse:
    assert isinstance(error, HTTPException)
    _ = gettext_for(request)
    message = _("This page does not exist.") if error.status_code == 404 else _("Not allowed.")
    return _error_page(request, error.status_code, message)


async def _invalid(request: Request, _: Exception) -> HTMLResponse:
    return _error_page(request, 422, gettext_for(request)("Some fields are missing or invalid."))


async def _crash(request: Request, error: Exception) -> HTMLResponse:
    log_event(logger, logging.ERROR, "console_error", error=type(error).__name__)
    return HTMLResponse("Something went wrong on our side.", status_code=500)


def build_console() -> FastAPI:
    console = FastAPI(
        docs_url=None, redoc_url=None, openapi_url=None, dependencies=[Depends(console_guard)]
    )
    for module in (
        account,
        queue,
        case,
        outbox,
        admin,
        routing,
        contacts,
        calls,
        applications,
        broadcasts,
    ):
        console.include_router(module.router)
    console.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    console.add_exception_handler(LoginRequired, _login_required)
    console.add_exception_handler(CsrfRejected, _csrf)
    console.add_exception_handler(RateLimited, rate_limited)
    console.add_exception_handler(AppError, _app_error)
    console.add_exception_handler(HTTPException, _http_error)
    console.add_exception_handler(RequestValidationError, _invalid)
    console.add_exception_handler(Exception, _crash)
    return console
