"""Security headers on every response of the app (ASVS 3.4, 14.3.2)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
# Swagger UI (only when FRONTDOOR_DOCS_ENABLED) is one inline script and files from a CDN.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
# same-origin, not no-referrer: under no-referrer browsers send `Origin: null` with forms,
# which the CSRF check must refuse.
NO_STORE_PREFIXES = ("/console", "/api/")
HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = [
            (b"content-security-policy", (DOCS_CSP if path == "/docs" else CSP).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"),
        ]
        if path.startswith(NO_STORE_PREFIXES) and not path.startswith("/console/static"):
            headers.append((b"cache-control", b"no-store"))
        if self.https:
            headers.append((b"strict-transport-security", HSTS.encode()))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = list(message.get("headers", []))
                present = {name.lower() for name, _ in existing}
                message["headers"] = existing + [h for h in headers if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)
