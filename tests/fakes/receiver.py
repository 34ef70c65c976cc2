"""A loopback HTTP endpoint that records the webhooks a fake posts (e.g. status callbacks)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes.server import BackgroundServer


@dataclass(frozen=True)
class ReceivedWebhook:
    """One request as received: the URL the sender used, headers and raw body."""

    url: str
    headers: dict[str, str]
    body: bytes


class WebhookReceiver:
    """Answers `status_code` to any POST and keeps every request, in arrival order."""

    def __init__(self, status_code: int = 200) -> None:
        self.status_code = status_code
        self._received: list[ReceivedWebhook] = []
        self._condition = threading.Condition()
        self._server = BackgroundServer(
            Starlette(routes=[Route("/{path:path}", self._receive, methods=["POST"])])
        )
        self.url = ""

    def start(self) -> str:
        self.url = self._server.start()
        return self.url

    def stop(self) -> None:
        self._server.stop()

    def reset(self) -> None:
        with self._condition:
            self._received.clear()

    def received(self) -> list[ReceivedWebhook]:
        with self._condition:
            return list(self._received)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedWebhook]:
        """Block until `count` requests arrived (or fail after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while len(self._received) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(self._received)} of {count} webhooks arrived")
                self._condition.wait(remaining)
            return list(self._received)

    async def _receive(self, request: Request) -> Response:
        url = f"{self.url}{request.url.path}"
        if request.url.query:
            url += f"?{request.url.query}"
        item = ReceivedWebhook(url, dict(request.headers), await request.body())
        with self._condition:
            self._received.append(item)
            self._condition.notify_all()
        return Response(status_code=self.status_code)
