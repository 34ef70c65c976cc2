"""The console's answer to a staff member over their search or export limit: a page in
their language saying how long to wait, with `Retry-After` (see bot/auth/rate_limit.py)."""

from __future__ import annotations

import math

from fastapi import Request
from fastapi.responses import HTMLResponse

from bot.auth.rate_limit import RateLimited
from bot.console.i18n import translations
from bot.console.render import language_of, render


async def rate_limited(request: Request, error: Exception) -> HTMLResponse:
    assert isinstance(error, RateLimited)
    await error.answered(request)
    ngettext = translations(language_of(request)).ngettext
    minutes = max(1, math.ceil(error.retry_after / 60))
    if error.action == "export":
        message = ngettext(
            "You have exported a lot in a short time. Try again in %(num)s minute.",
            "You have exported a lot in a short time. Try again in %(num)s minutes.",
            minutes,
        )
    else:
        message = ngettext(
            "You have searched a lot in a short time. Try again in %(num)s minute.",
            "You have searched a lot in a short time. Try again in %(num)s minutes.",
            minutes,
        )
    response = render(request, "error.html", status_code=429, message=message % {"num": minutes})
    response.headers.update(error.headers)
    return response
