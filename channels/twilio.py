"""Twilio adapter: one class, two variants (`sms` and `whatsapp`, addressed `whatsapp:+...`)."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator, Mapping
from email.utils import parsedate_to_datetime
from typing import Any, Literal

import aiohttp
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.request_validator import SIGNATURE_HEADER, RequestValidator
from twilio.rest import Client

from channels.base import (
    ConnectionFailed,
    ContactStopped,
    InboundMessage,
    MalformedRequest,
    OutboundMessage,
    OutsideWindow,
    ParseResult,
    ProviderUnavailable,
    Rejected,
    SendError,
    SendResult,
    StatusUpdate,
    Throttled,
    WebhookRequest,
    sanitize_text,
)

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 1600
WHATSAPP_PREFIX = "whatsapp:"
# TwiML that says "received, no reply": replies go through the outbox, never inline. A
# text/plain "OK" would be sent back to the person as an SMS.
EMPTY_TWIML = b'<?xml version="1.0" encoding="UTF-8"?><Response/>'

_STATUSES = {
    "accepted": "accepted",
    "scheduled": "scheduled",
    "queued": "queued",
    "sending": "sending",
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "undelivered": "undelivered",
    "failed": "failed",
    "canceled": "canceled",
    # Some recipients of a multi-part message got it: we cannot say it was delivered.
    "partially_delivered": "sent",
}
_THROTTLE_CODES = frozenset({20429, 21611, 30001, 63018})
_STOP_CODES = frozenset({21610})
_WINDOW_CODES = frozenset({63016})


def classify_error(code: int | None, http_status: int | None, reason: str = "") -> SendError:
    """Map a Twilio error code (from a create call or a status callback) to the taxonomy."""
    label = str(code if code is not None else http_status)
    if code in _STOP_CODES:
        return ContactStopped(label, reason)
    if code in _WINDOW_CODES:
        return OutsideWindow(label, reason)
    if http_status == 429 or code in _THROTTLE_CODES:
        # 20429 means "never processed": safe to retry. A Retry-After, when Twilio sends
        # one, is read where the answer's headers are (`_BoundedAsyncHttpClient`).
        return Throttled(label, reason)
    if http_status is not None and http_status >= 500:
        # After a 5xx the message may exist: the sender must not assume it was not sent.
        return ProviderUnavailable(label, reason, maybe_sent=True)
    return Rejected(label, reason)


class _BoundedAsyncHttpClient(AsyncTwilioHttpClient):
    """twilio 9.x's async client ignores its own `timeout` (upstream issue 925): without a
    per-call timeout a request can hang forever. This applies it as aiohttp's total timeout.

    `max_retries` stays unset on purpose: aiohttp_retry would re-POST a create after a 5xx
    and could send the message twice.

    A 429 is classified here: twilio's exceptions keep no headers, so its `Retry-After`
    would be lost on the way up.
    """

    async def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        if auth is not None:
            # aiohttp deprecates the BasicAuth object twilio builds; send the header instead.
            credentials = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            headers = {**(headers or {}), "Authorization": f"Basic {credentials}"}
        response = await super().request(
            method, url, params, data, headers, None, timeout or self.timeout, allow_redirects
        )
        if response.status_code == 429:
            raise _throttled(response)
        return response


def _throttled(response: Response) -> Throttled:
    """A 429 answer as the taxonomy's `Throttled`, with Twilio's code when it gave one."""
    try:
        payload = json.loads(response.text)
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        payload = {}
    code = payload.get("code")
    return Throttled(
        str(code) if isinstance(code, int) else "429",
        str(payload.get("message") or ""),
        retry_after=retry_after_seconds(response.headers or {}),
    )


def retry_after_seconds(headers: Mapping[str, str], now: dt.datetime | None = None) -> float | None:
    """`Retry-After` as seconds from now (it is either seconds or an HTTP date), or None."""
    value = headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


class _FormParams:
    """The multi-dict shape `RequestValidator` expects: repeated names keep every value."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._values: dict[str, list[str]] = {}
        for name, value in pairs:
            self._values.setdefault(name, []).append(value)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __bool__(self) -> bool:
        return bool(self._values)

    def getall(self, name: str) -> list[str]:
        return self._values[name]

    def first(self, name: str) -> str | None:
        values = self._values.get(name)
        return values[0] if values else None


class TwilioAdapter:
    """The `sms` or `whatsapp` channel through Twilio Programmable Messaging."""

    max_text_length = MAX_TEXT_LENGTH
    ack_content_type = "text/xml"
    ack_body = EMPTY_TWIML

    def __init__(
        self,
        channel: Literal["sms", "whatsapp"],
        *,
        account_sid: str,
        auth_token: str,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        api_url: str = "https://api.twilio.com",
        timeout: float = 10.0,
        secondary_auth_token: str | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        if channel not in ("sms", "whatsapp"):
            raise ValueError(f"unknown Twilio channel {channel!r}")
        if not account_sid or not auth_token:
            raise ValueError("a Twilio account SID and auth token are required")
        if not from_number and not messaging_service_sid:
            raise ValueError("a sender number or a Messaging Service SID is required")
        self.name = channel
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._secondary_auth_token = secondary_auth_token
        self._from = _address(channel, from_number) if from_number else None
        self._messaging_service_sid = messaging_service_sid
        self._api_url = api_url.rstrip("/")
        self._timeout = timeout
        self._clock = clock
        # Both tokens are accepted during an auth-token rotation.
        self._validators = [RequestValidator(auth_token)]
        if secondary_auth_token:
            self._validators.append(RequestValidator(secondary_auth_token))
        self._http: _BoundedAsyncHttpClient | None = None
        self._client: Client | None = None

    def _get_client(self) -> Client:
        # aiohttp sessions must be created inside the running loop: build on first send.
        if self._client is None:
            self._http = _BoundedAsyncHttpClient(timeout=self._timeout)
            # environment={} keeps TWILIO_EDGE/TWILIO_REGION from rewriting the host name.
            client = Client(
                self._account_sid, self._auth_token, http_client=self._http, environment={}
            )
            client.api.base_url = self._api_url
            self._client = client
        return self._client

    def verify(self, request: WebhookRequest) -> bool:
        """`X-Twilio-Signature` over the public URL and every form field, per Twilio's helper."""
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            return False
        params = _FormParams(request.form)
        return any(v.validate(request.url, params, signature) for v in self._validators)

    def parse(self, request: WebhookRequest) -> ParseResult:
        """An inbound message (or, if Twilio posts one here, a status report)."""
        params = _FormParams(request.form)
        if params.first("MessageStatus") is not None and params.first("Body") is None:
            return ParseResult(statuses=tuple(self.parse_status(request)))
        sid, sender = params.first("MessageSid"), params.first("From")
        if not sid or not sender:
            raise MalformedRequest("MessageSid and From are required")
        # The channel comes from the address, not from the route: a WhatsApp sender wired to
        # the SMS URL by mistake still gets answered on WhatsApp.
        channel = "whatsapp" if sender.startswith(WHATSAPP_PREFIX) else "sms"
        opt_out = params.first("OptOutType")
        inbound = InboundMessage(
            channel=channel,
            external_id=sid,
            sender=sender.removeprefix(WHATSAPP_PREFIX),
            text=sanitize_text(params.first("Body") or ""),
            received_at=self._clock(),
            display_name=_optional_text(params.first("ProfileName")),
            media=_media(params),
            location=_location(params),
            opt_out_keyword=opt_out.upper() if opt_out else None,
        )
        return ParseResult(messages=(inbound,))

    def parse_status(self, request: WebhookRequest) -> list[StatusUpdate]:
        """A signed status callback: one status for one message."""
        params = _FormParams(request.form)
        sid = params.first("MessageSid") or params.first("SmsSid")
        raw = params.first("MessageStatus") or params.first("SmsStatus")
        if not sid or not raw:
            raise MalformedRequest("MessageSid and MessageStatus are required")
        status = _STATUSES.get(raw.lower())
        if status is None:
            # `receiving`/`received` belong to inbound messages; nothing to record.
            return []
        code = params.first("ErrorCode") or None
        error = None
        if code and status in ("failed", "undelivered"):
            error = classify_error(int(code) if code.isdigit() else None, None, code)
        return [StatusUpdate(sid, status, error_code=code, error=error)]

    async def send(self, message: OutboundMessage) -> SendResult:
        """Create a Message; a template goes as ContentSid + ContentVariables (JSON)."""
        kwargs = self._create_kwargs(message)
        try:
            created = await self._get_client().messages.create_async(**kwargs)
        except Throttled as error:
            mapped = error
        except (TwilioRestException, TwilioServiceException) as error:
            mapped = classify_error(error.code, error.status, _reason(error))
        except aiohttp.ClientError as error:
            mapped = _connection_error(error)
        except TimeoutError as error:
            # aiohttp's total timeout: the request may already be at Twilio.
            mapped = ConnectionFailed("timeout", type(error).__name__, maybe_sent=True)
        except TwilioException as error:
            mapped = Rejected("twilio", type(error).__name__)
        else:
            segments = created.num_segments
            return SendResult(
                provider_message_id=created.sid,
                status=_STATUSES.get(created.status, "queued"),
                segments=int(segments) if segments and str(segments).isdigit() else None,
            )
        logger.warning(
            "twilio.send_failed",
            extra={"outbox_id": message.idempotency_key, "error": str(mapped)},
        )
        raise mapped

    def _create_kwargs(self, message: OutboundMessage) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"to": _address(self.name, message.to)}
        if self._messaging_service_sid and (self.name == "sms" or self._from is None):
            kwargs["messaging_service_sid"] = self._messaging_service_sid
        else:
            kwargs["from_"] = self._from
        if message.template is not None:
            kwargs["content_sid"] = message.template.content_sid
            kwargs["content_variables"] = json.dumps(
                dict(message.template.variables), ensure_ascii=False
            )
        elif not message.text:
            raise Rejected("empty", "message text is empty")
        elif len(message.text) > MAX_TEXT_LENGTH:
            raise Rejected("21617", "message is too long; split it first")
        else:
            kwargs["body"] = message.text
        if message.status_callback_url:
            kwargs["status_callback"] = message.status_callback_url
        return kwargs

    async def aclose(self) -> None:
        """Close the aiohttp session."""
        if self._http is not None:
            await self._http.close()
        self._http = None
        self._client = None

    def redact_values(self) -> tuple[str, ...]:
        """Auth tokens sign webhooks and authenticate API calls."""
        return tuple(t for t in (self._auth_token, self._secondary_auth_token) if t)


def _address(channel: str, number: str) -> str:
    if channel == "whatsapp" and not number.startswith(WHATSAPP_PREFIX):
        return WHATSAPP_PREFIX + number
    return number


def _optional_text(value: str | None) -> str | None:
    return sanitize_text(value) if value else None


def _media(params: _FormParams) -> tuple[tuple[str, str], ...]:
    # Lenient: trust the MediaUrl{N} fields present rather than NumMedia alone.
    items = []
    index = 0
    while (url := params.first(f"MediaUrl{index}")) is not None:
        content_type = params.first(f"MediaContentType{index}") or "application/octet-stream"
        items.append((url, content_type))
        index += 1
    return tuple(items)


def _location(params: _FormParams) -> tuple[float, float] | None:
    latitude, longitude = params.first("Latitude"), params.first("Longitude")
    if not latitude or not longitude:
        return None
    try:
        return (float(latitude), float(longitude))
    except ValueError:
        return None


def _reason(error: TwilioRestException | TwilioServiceException) -> str:
    if isinstance(error, TwilioServiceException):
        return error.detail or error.title
    # The client prefixes every create failure with the same words; keep Twilio's own text.
    return error.msg.removeprefix("Unable to create record: ")


def _connection_error(error: aiohttp.ClientError) -> ConnectionFailed:
    # Connector errors (refused, DNS, connect timeout) happen before any byte is sent;
    # a dropped connection or read timeout after sending leaves the outcome unknown.
    not_sent = isinstance(error, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError)
    label = "timeout" if isinstance(error, asyncio.TimeoutError) else "network"
    return ConnectionFailed(label, type(error).__name__, maybe_sent=not not_sent)
