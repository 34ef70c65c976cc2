"""Rendering console pages in the staff member's language."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from bot.auth.sessions import Staff
from bot.console.i18n import environment, translations, ui_language


def language_of(request: Request) -> str:
    staff: Staff | None = getattr(request.state, "staff", None)
    if staff is not None:
        return ui_language(staff.ui_language)
    return ui_language(request.headers.get("accept-language", "en")[:5])


def gettext_for(request: Request):  # type: ignore[no-untyped-def]
    """The console's gettext in the request's language (for texts made in Python)."""
    return translations(language_of(request)).gettext


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    staff: Staff | None = getattr(request.state, "staff", None)
    language = language_of(request)
    html = (
        environment(language)
        .get_template(template)
        .render(
            request=request,
            staff=staff,
            signed_in=staff is not None and staff.stage == "full",
            csrf=staff.csrf if staff else context.pop("login_csrf", None),
            now=request.app.state.frontdoor.clock(),
            **context,
        )
    )
    return HTMLResponse(html, status_code=status_code)
