"""A fake Telegram Bot API: the subset Frontdoor uses, over real HTTP on 127.0.0.1.

Point python-telegram-bot at it with `Bot(token, base_url=f"{fake.url}/bot{{token}}")`
(what `TelegramAdapter(api_url=fake.url)` does).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import threading
import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fakes.faults import Fault, FaultScript
from tests.fakes.recording import CallLog, RecordedCall
from tests.fakes.server import BackgroundServer

FAULT_KINDS = frozenset(
    {"throttle", "server_error", "delay", "blocked", "deactivated", "chat_not_found"}
)
MAX_TEXT_LENGTH = 4096
# Fields Telegram defines as objects/arrays: PTB JSON-encodes them inside form fields.
# Every other field is kept as sent (a text of "123" must stay a string).
_JSON_FIELDS = frozenset(
    {"reply_markup", "allowed_updates", "link_preview_options", "reply_parameters", "entities"}
)
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_FAULT_ANSWERS = {
    "blocked": (403, "Forbidden: bot was blocked by the user"),
    "deactivated": (403, "Forbidden: user is deactivated"),
    "chat_not_found": (400, "Bad Request: chat not found"),
}


def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=code)


def _ok(result: Any) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})


def _utf16_length(text: str) -> int:
    # Telegram counts message length in UTF-16 code units.
    return len(text.encode("utf-16-le")) // 2


class FakeTelegram:
    """State, scripted faults and recorded calls of one fake bot."""

    def __init__(self, token: str = "123456:TEST-token_abcdefghijklmnopqrstuvwxyz") -> None:
        self.token = token
        self.bot_user = {
            "id": int(token.split(":")[0]),
            "is_bot": True,
            "first_name": "Frontdoor",
            "username": "frontdoor_test_bot",
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.calls = CallLog()
        self.faults = FaultScript(FAULT_KINDS)
        self._lock = threading.Lock()
        self._message_ids = itertools.count(1)
        self.webhook: dict[str, Any] = {}
        route = Route("/bot{token}/{method}", self._dispatch, methods=["GET", "POST"])
        self._server = BackgroundServer(Starlette(routes=[route]))
        self.url = ""

    def start(self) -> str:
        """Serve on an ephemeral loopback port; returns the base URL."""
        self.url = self._server.start()
        return self.url

    def stop(self) -> None:
        self._server.stop()

    def reset(self) -> None:
        """Forget calls, faults and webhook state (between tests sharing one server)."""
        self.calls.clear()
        self.faults.clear()
        with self._lock:
            self.webhook = {}
            self._message_ids = itertools.count(1)

    def sent_messages(self) -> list[dict[str, Any]]:
        """Parameters of every successful `sendMessage`."""
        return [c.params for c in self.calls.calls("sendMessage") if c.outcome == "ok"]

    async def _dispatch(self, request: Request) -> JSONResponse:
        arrived = time.monotonic()
        if request.path_params["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.path_params["method"]
        params = await _read_params(request)
        handler = {
            "getMe": self._get_me,
            "sendMessage": self._send_message,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
        }.get(method)
        if handler is None:
            response = _error(404, "Not Found")
        else:
            response = await handler(params)
        outcome = "ok" if response.status_code == 200 else json.loads(response.body)["description"]
        self.calls.record(RecordedCall(method, params, response.status_code, outcome, arrived))
        return response

    async def _get_me(self, params: dict[str, Any]) -> JSONResponse:
        return _ok(self.bot_user)

    async def _send_message(self, params: dict[str, Any]) -> JSONResponse:
        chat_id = str(params.get("chat_id", ""))
        text = params.get("text", "")
        fault = self.faults.take(chat_id)
        if fault is not None and (answer := await _apply_fault(fault)) is not None:
            return answer
        if not chat_id:
            return _error(400, "Bad Request: chat_id is empty")
        if not re.fullmatch(r"-?\d+|@\w+", chat_id):
            return _error(400, "Bad Request: chat not found")
        if not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if _utf16_length(text) > MAX_TEXT_LENGTH:
            return _error(400, "Bad Request: message is too long")
        numeric = int(chat_id) if chat_id.lstrip("-").isdigit() else 0
        chat = {"id": numeric, "type": "private" if numeric > 0 else "group"}
        if numeric > 0:
            chat["first_name"] = "Test"
        return _ok(
            {
                "message_id": next(self._message_ids),
                "from": self.bot_user,
                "chat": chat,
                "date": int(time.time()),
                "text": text,
            }
        )

    async def _set_webhook(self, params: dict[str, Any]) -> JSONResponse:
        url = params.get("url", "")
        secret = params.get("secret_token")
        if url and not url.startswith("https://"):
            return _error(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
            return _error(400, "Bad Request: secret token contains unallowed characters")
        with self._lock:
            self.webhook = {
                "url": url,
                "secret_token": secret,
                "allowed_updates": params.get("allowed_updates"),
                "max_connections": int(params.get("max_connections", 40)),
            }
        return _ok(True)

    async def _delete_webhook(self, params: dict[str, Any]) -> JSONResponse:
        with self._lock:
            self.webhook = {}
        return _ok(True)

    async def _get_webhook_info(self, params: dict[str, Any]) -> JSONResponse:
        with self._lock:
            hook = dict(self.webhook)
        info: dict[str, Any] = {
            "url": hook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }
        if hook.get("url"):
            info["max_connections"] = hook["max_connections"]
            if hook.get("allowed_updates") is not None:
                info["allowed_updates"] = hook["allowed_updates"]
        return _ok(info)


async def _read_params(request: Request) -> dict[str, Any]:
    """Query, form, multipart or JSON, like the real Bot API accepts."""
    params: dict[str, Any] = dict(request.query_params)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        body = await request.body()
        params.update(json.loads(body) if body else {})
        return params
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        for name, value in form.items():
            if isinstance(value, str):
                params[name] = json.loads(value) if name in _JSON_FIELDS else value
    return params


async def _apply_fault(fault: Fault) -> JSONResponse | None:
    """The error answer for a fault, or None when the call should then succeed (delay)."""
    if fault.kind == "delay":
        await asyncio.sleep(fault.delay)
        return None
    if fault.kind == "throttle":
        retry_after = fault.retry_after or 1
        return _error(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )
    if fault.kind == "server_error":
        return _error(fault.status, "Internal Server Error")
    code, description = _FAULT_ANSWERS[fault.kind]
    return _error(code, description)
