"""Per-request id, an access log line without query strings, and request metrics."""

from __future__ import annotations

import logging
import time
import uuid

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.logs import log_event, request_id_var

logger = logging.getLogger("frontdoor.http")

REQUESTS = Counter(
    "frontdoor_http_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
LATENCY = Histogram(
    "frontdoor_http_request_seconds", "Time to answer an HTTP request", ["method", "route"]
)


def _route_of(scope: Scope) -> str:
    # The route template (/api/v1/cases/{reference}), never the concrete path with ids.
    route = scope.get("route")
    return getattr(route, "path", "unmatched")


class RequestContextMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware), so streaming responses are not buffered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:16]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_of(scope)
            REQUESTS.labels(scope["method"], route, str(status)).inc()
            LATENCY.labels(scope["method"], route).observe(elapsed)
            log_event(
                logger,
                logging.INFO,
                "http_request",
                method=scope["method"],
                route=route,
                status=status,
                ms=round(elapsed * 1000, 1),
            )
            request_id_var.reset(token)
