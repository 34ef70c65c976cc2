"""Cross-site request forgery: a token tied to the session, and an Origin check.

The token is an HMAC of the session id under the secret key, so it needs no storage and
changes whenever the session does. Before login there is no session: the login form uses
a random value in a cookie that the form must echo (double submit).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request

LOGIN_COOKIE = "fd_login_csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def session_token(secret_key: str, session_id: str) -> str:
    return hmac.new(secret_key.encode(), f"csrf|{session_id}".encode(), hashlib.sha256).hexdigest()


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected or "", given or "")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def origin_allowed(request: Request, public_url: str) -> bool:
    """A browser names the page a form came from; it must be ours. No Origin (and no
    Referer) is allowed: non-browser clients send none, and they need the token anyway."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed or claimed == "null":
        return claimed is None
    return _origin(claimed) in {_origin(public_url), _origin(str(request.base_url))}
