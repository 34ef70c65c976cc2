"""A fake Twilio Messages API over real HTTP on 127.0.0.1, with signed status callbacks.

Point the twilio client at it with `client.api.base_url = fake.url` (what
`TwilioAdapter(api_url=fake.url)` does).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import re
import threading
import time
from dataclasses import dataclass
from email.utils import format_datetime
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from i18n.sms import segments
from tests.fakes.faults import Fault, FaultScript
from tests.fakes.recording import CallLog, RecordedCall
from tests.fakes.server import BackgroundServer
from tests.fakes.twilio_signing import new_sid, signed_form, status_params

FAULT_KINDS = frozenset(
    {"throttle", "server_error", "delay", "stopped", "outside_window", "invalid_to"}
)
MAX_BODY = 1600
_E164 = re.compile(r"\+[1-9]\d{6,14}")
_ERRORS = {
    20003: "Authenticate",
    20404: "The requested resource was not found",
    20429: "Too Many Requests",
    20500: "An internal server error has occurred",
    21211: "Invalid 'To' Phone Number",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21610: "Attempt to send to unsubscribed recipient",
    21617: "The concatenated message body exceeds the 1600 character limit.",
    21619: "A text message body, media url or content SID is required, but not more than one.",
    21655: "The ContentSid is Invalid.",
    21656: "The ContentVariables Parameter is invalid.",
    21910: "Invalid From and To pair. From and To should be of the same channel.",
    63016: (
        "Failed to send freeform message because you are outside the allowed window. "
        "If you are using WhatsApp, please use a Message Template."
    ),
}
_FAULT_ERRORS = {
    "stopped": (400, 21610),
    "outside_window": (400, 63016),
    "invalid_to": (400, 21211),
}


def _error(status: int, code: int) -> JSONResponse:
    # The legacy error body the Messages API still returns (not RFC 9457).
    return JSONResponse(
        {
            "code": code,
            "message": _ERRORS[code],
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
        status_code=status,
    )


def _rfc2822(moment: dt.datetime) -> str:
    return format_datetime(moment)


@dataclass(frozen=True)
class CallbackPlan:
    """The status callbacks posted after a successful create with a `StatusCallback`."""

    statuses: tuple[str, ...] = ("sent", "delivered")
    error_code: int | None = None
    duplicate: bool = False
    reverse: bool = False
    delay: float = 0.0


class FakeTwilio:
    """State, scripted faults, recorded calls and callbacks of one fake Twilio account."""

    def __init__(
        self,
        account_sid: str = "AC" + "0" * 32,
        auth_token: str = "fake-auth-token-0123456789abcdef",
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.calls = CallLog()
        self.callbacks = CallLog()
        self.faults = FaultScript(FAULT_KINDS)
        self._lock = threading.Lock()
        self._messages: dict[str, dict[str, Any]] = {}
        self._plans: dict[str, CallbackPlan] = {}
        self._windows: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.default_plan = CallbackPlan()
        self.enforce_whatsapp_window = False
        base = "/2010-04-01/Accounts/{sid}"
        self._server = BackgroundServer(
            Starlette(
                routes=[
                    Route(base + "/Messages.json", self._create, methods=["POST"]),
                    Route(base + "/Messages/{message_sid}.json", self._fetch, methods=["GET"]),
                ]
            )
        )
        self.url = ""

    def start(self) -> str:
        """Serve on an ephemeral loopback port; returns the base URL."""
        self.url = self._server.start()
        return self.url

    def stop(self) -> None:
        self._server.stop()

    def reset(self) -> None:
        """Forget calls, faults, messages, plans and windows (between tests)."""
        self.calls.clear()
        self.callbacks.clear()
        self.faults.clear()
        with self._lock:
            self._messages.clear()
            self._plans.clear()
            self._windows.clear()
        self.default_plan = CallbackPlan()
        self.enforce_whatsapp_window = False

    def plan_for(self, to: str, plan: CallbackPlan) -> None:
        """Use `plan` for the status callbacks of messages to `to`."""
        with self._lock:
            self._plans[to] = plan

    def open_window(self, to: str) -> None:
        """Record an inbound WhatsApp message from `to` (free text allowed while enforced)."""
        with self._lock:
            self._windows.add(to)

    def message(self, sid: str) -> dict[str, Any]:
        """The stored Message resource as the API would return it now."""
        with self._lock:
            return dict(self._messages[sid])

    def created(self) -> list[dict[str, Any]]:
        """Form fields of every successful create."""
        return [c.params for c in self.calls.calls("Messages.create") if c.outcome == "ok"]

    def _authorised(self, request: Request) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return (
            request.headers.get("authorization") == f"Basic {expected}"
            and request.path_params["sid"] == self.account_sid
        )

    async def _create(self, request: Request) -> JSONResponse:
        arrived = time.monotonic()
        form = await request.form()
        params: dict[str, Any] = {}
        for name, value in form.multi_items():
            if name == "MediaUrl":
                params.setdefault(name, []).append(value)
            else:
                params[name] = value
        if not self._authorised(request):
            response = _error(401, 20003)
        else:
            response = await self._create_checked(params)
        outcome = "ok" if response.status_code == 201 else str(json.loads(response.body)["code"])
        self.calls.record(
            RecordedCall("Messages.create", params, response.status_code, outcome, arrived)
        )
        return response

    async def _create_checked(self, params: dict[str, Any]) -> JSONResponse:
        to = params.get("To", "")
        fault = self.faults.take(to)
        if fault is not None and (answer := await _apply_fault(fault)) is not None:
            return answer
        problem = _validate(params)
        if problem is not None:
            return _error(400, problem)
        sid = new_sid("MM" if params.get("MediaUrl") else "SM")
        now = dt.datetime.now(dt.UTC)
        via_service = "MessagingServiceSid" in params
        body = params.get("Body", "")
        resource = {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": body,
            "date_created": _rfc2822(now),
            "date_sent": None,
            "date_updated": _rfc2822(now),
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": params.get("From"),
            "messaging_service_sid": params.get("MessagingServiceSid"),
            "num_media": str(len(params.get("MediaUrl", []))),
            # Twilio returns num_segments as a string; WhatsApp is always one "segment".
            "num_segments": "1" if to.startswith("whatsapp:") else str(segments(body).segments),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            # With a Messaging Service the create answers `accepted` (sender chosen later).
            "status": "accepted" if via_service else "queued",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"
            },
            "to": to,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }
        with self._lock:
            self._messages[sid] = resource
        if params.get("StatusCallback"):
            plan = self._plan(to, free_form="ContentSid" not in params)
            task = asyncio.create_task(self._post_callbacks(resource, params, plan))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return JSONResponse(resource, status_code=201)

    def _plan(self, to: str, *, free_form: bool) -> CallbackPlan:
        with self._lock:
            if (
                self.enforce_whatsapp_window
                and free_form
                and to.startswith("whatsapp:")
                and to not in self._windows
            ):
                # Real Twilio accepts the create and fails the message asynchronously.
                return CallbackPlan(statuses=("failed",), error_code=63016)
            return self._plans.get(to, self.default_plan)

    async def _post_callbacks(
        self, resource: dict[str, Any], params: dict[str, Any], plan: CallbackPlan
    ) -> None:
        statuses = list(plan.statuses)
        if plan.duplicate:
            statuses = [s for status in statuses for s in (status, status)]
        if plan.reverse:
            statuses.reverse()
        url = params["StatusCallback"]
        async with httpx.AsyncClient(timeout=5.0) as client:
            for status in statuses:
                await asyncio.sleep(plan.delay)
                failed = status in ("failed", "undelivered")
                with self._lock:
                    resource["status"] = status
                    resource["error_code"] = plan.error_code if failed else None
                fields = status_params(
                    account_sid=self.account_sid,
                    message_sid=resource["sid"],
                    status=status,
                    sender=resource["from"] or "",
                    to=resource["to"],
                    error_code=plan.error_code if failed else None,
                    messaging_service_sid=resource["messaging_service_sid"],
                )
                body, headers = signed_form(url, fields, self.auth_token)
                try:
                    answer = await client.post(url, content=body, headers=headers)
                    code, outcome = answer.status_code, "ok"
                except httpx.HTTPError as error:
                    code, outcome = 0, type(error).__name__
                self.callbacks.record(RecordedCall("StatusCallback", dict(fields), code, outcome))

    async def _fetch(self, request: Request) -> JSONResponse:
        if not self._authorised(request):
            return _error(401, 20003)
        with self._lock:
            resource = self._messages.get(request.path_params["message_sid"])
            return JSONResponse(dict(resource)) if resource else _error(404, 20404)


def _validate(params: dict[str, Any]) -> int | None:
    """The Twilio error code for an invalid create, or None."""
    to, sender = params.get("To", ""), params.get("From")
    if not to:
        return 21604
    if not sender and not params.get("MessagingServiceSid"):
        return 21603
    if not _E164.fullmatch(to.removeprefix("whatsapp:")):
        return 21211
    if sender and sender.startswith("whatsapp:") != to.startswith("whatsapp:"):
        return 21910
    has_body = bool(params.get("Body")) or bool(params.get("MediaUrl"))
    content_sid = params.get("ContentSid")
    if not has_body and not content_sid:
        return 21602
    if has_body and content_sid:
        # Twilio would silently prefer the template; refusing catches an adapter sending both.
        return 21619
    if len(params.get("Body", "")) > MAX_BODY:
        return 21617
    if content_sid is not None:
        if not re.fullmatch(r"HX[0-9a-f]{32}", content_sid):
            return 21655
        try:
            variables = json.loads(params.get("ContentVariables", "{}"))
        except ValueError:
            return 21656
        if not isinstance(variables, dict) or not all(
            isinstance(v, str) for v in variables.values()
        ):
            return 21656
    return None


async def _apply_fault(fault: Fault) -> JSONResponse | None:
    """The error answer for a fault, or None when the create should then succeed (delay)."""
    if fault.kind == "delay":
        await asyncio.sleep(fault.delay)
        return None
    if fault.kind == "throttle":
        # REST concurrency limit: 429 with code 20429, never processed; Twilio rarely says
        # when to come back.
        answer = _error(429, 20429)
        if fault.retry_after is not None:
            answer.headers["Retry-After"] = str(fault.retry_after)
        return answer
    if fault.kind == "server_error":
        return _error(fault.status, 20500)
    status, code = _FAULT_ERRORS[fault.kind]
    return _error(status, code)
