"""The provider-neutral contract every channel adapter implements.

The web layer and the sender only ever see these types, so intake and storage never import
a provider SDK. Nothing here imports a web framework either: the web layer turns its own
request object into a `WebhookRequest` (see `WebhookRequest.build`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import ClassVar, Literal, Protocol, runtime_checkable
from urllib.parse import parse_qsl

ChannelName = Literal["telegram", "sms", "whatsapp"]

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class Headers(Mapping[str, str]):
    """Read-only, case-insensitive header mapping (HTTP header names are case-insensitive)."""

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._items = {name.lower(): value for name, value in (items or {}).items()}

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({sorted(self._items)})"


def public_request_url(public_base: str, path: str, query: str = "") -> str:
    """The URL a provider called: configured public base + raw path + raw query.

    Twilio signs the exact URL it was configured with; behind a TLS proxy the app sees
    `http://internal-host/...`, so the scheme and host must come from configuration, and the
    query string must be passed through undecoded (re-encoding breaks the signature).
    """
    url = public_base.rstrip("/") + "/" + path.lstrip("/")
    return f"{url}?{query}" if query else url


def parse_form(body: bytes) -> list[tuple[str, str]]:
    """Decode an `application/x-www-form-urlencoded` body, keeping blank and repeated fields.

    Twilio signs every field, including an empty `Body` (media-only MMS) and repeated names,
    so dropping either (as some frameworks do) breaks signature validation.
    """
    return parse_qsl(
        body.decode("ascii", errors="replace"),
        keep_blank_values=True,
        encoding="utf-8",
        errors="replace",
    )


@dataclass(frozen=True)
class WebhookRequest:
    """One provider webhook call, as the web layer received it."""

    url: str
    headers: Headers
    body: bytes
    form: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not isinstance(self.headers, Headers):
            object.__setattr__(self, "headers", Headers(self.headers))

    @classmethod
    def build(cls, url: str, headers: Mapping[str, str], body: bytes) -> WebhookRequest:
        """Build a request, parsing `body` into `form` when it is form-encoded."""
        wrapped = Headers(headers)
        content_type = wrapped.get("content-type", "").split(";")[0].strip().lower()
        form = parse_form(body) if content_type == "application/x-www-form-urlencoded" else []
        return cls(url=url, headers=wrapped, body=body, form=form)


def sanitize_text(text: str) -> str:
    """Make provider text storable without changing what the person wrote.

    Invalid UTF-8 arrives as U+FFFD (decoders use errors="replace"); lone surrogates (legal in
    JSON `\\ud800` escapes, illegal in UTF-8 and in PostgreSQL) become U+FFFD too, and NUL
    is dropped because PostgreSQL text rejects it. Everything else, including bidi controls
    such as U+202E and emoji sequences, is kept exactly: rendering decides how to show them.
    """
    return _LONE_SURROGATE.sub("\ufffd", text).replace("\x00", "")


@dataclass(frozen=True)
class InboundMessage:
    """A message a person sent us, in provider-neutral form."""

    channel: ChannelName
    external_id: str
    sender: str
    text: str
    received_at: datetime
    language_hint: str | None = None
    display_name: str | None = None
    media: tuple[tuple[str, str], ...] = ()
    location: tuple[float, float] | None = None
    opt_out_keyword: str | None = None


@dataclass(frozen=True)
class ContactEvent:
    """A change in whether we may write to someone, reported by the provider."""

    channel: ChannelName
    external_id: str
    sender: str
    kind: Literal["blocked", "unblocked"]
    occurred_at: datetime


class DeliveryStatus(IntEnum):
    """Outbound message states, ordered so that a higher value never moves back to a lower.

    Provider callbacks arrive duplicated and out of order; `read` implies `delivered`; the
    three failure states are terminal and outrank everything.
    """

    ACCEPTED = 0
    SCHEDULED = 0
    QUEUED = 1
    SENDING = 2
    SENT = 3
    DELIVERED = 4
    READ = 5
    UNDELIVERED = 6
    FAILED = 6
    CANCELED = 6


# IntEnum aliases collapse equal values, so the names are kept separately.
_STATUS_NAMES = frozenset(
    {
        "accepted",
        "scheduled",
        "queued",
        "sending",
        "sent",
        "delivered",
        "read",
        "undelivered",
        "failed",
        "canceled",
    }
)
TERMINAL_FAILURES = frozenset({"undelivered", "failed", "canceled"})


def status_rank(status: str) -> int:
    """Rank of a normalised status (see `DeliveryStatus`); unknown statuses rank lowest."""
    if status not in _STATUS_NAMES:
        return -1
    return int(DeliveryStatus[status.upper()])


def should_advance(current: str | None, new: str) -> bool:
    """Whether a stored status `current` should be replaced by `new` (never backwards)."""
    if new not in _STATUS_NAMES:
        return False
    if current is None:
        return True
    if current in TERMINAL_FAILURES:
        return False
    return status_rank(new) > status_rank(current)


class SendError(Exception):
    """A send that did not succeed; subclasses tell the sender what to do next.

    `reason` is the provider's own text and may contain the recipient's number: show it to
    staff, never log it. `str(error)` therefore carries only the class and code.
    """

    retryable: ClassVar[bool] = False

    def __init__(self, code: str, reason: str = "", *, maybe_sent: bool = False) -> None:
        super().__init__(code)
        self.code = code
        self.reason = reason
        self.maybe_sent = maybe_sent

    def __str__(self) -> str:
        return f"{type(self).__name__}(code={self.code})"


class Throttled(SendError):
    """The provider asked us to slow down; nothing was sent."""

    retryable = True

    def __init__(self, code: str, reason: str = "", *, retry_after: float | None = None) -> None:
        super().__init__(code, reason)
        self.retry_after = retry_after


class ConnectionFailed(SendError):
    """No answer. `maybe_sent` is True when the request may have reached the provider."""

    retryable = True


class ProviderUnavailable(SendError):
    """The provider answered 5xx; the message may or may not exist."""

    retryable = True


class ContactStopped(SendError):
    """The person blocked the bot or opted out: record it and never retry."""


class OutsideWindow(SendError):
    """WhatsApp free text outside the 24-hour window: only an approved template may go."""


class Rejected(SendError):
    """The provider refused this message for good (bad number, too long, bad template)."""


class MalformedRequest(ValueError):
    """A verified webhook body that cannot be parsed; the web layer answers 400."""


@dataclass(frozen=True)
class StatusUpdate:
    """A delivery status report for a message we sent."""

    provider_message_id: str
    status: str
    error_code: str | None = None
    error: SendError | None = None

    @property
    def rank(self) -> int:
        """Rank of `status` (see `status_rank`)."""
        return status_rank(self.status)

    @property
    def dedupe_key(self) -> tuple[str, str]:
        """Providers repeat callbacks; one (message, status) pair is one event."""
        return (self.provider_message_id, self.status)


@dataclass(frozen=True)
class ParseResult:
    """What a verified webhook contained; `ignored` says why nothing was extracted."""

    messages: tuple[InboundMessage, ...] = ()
    statuses: tuple[StatusUpdate, ...] = ()
    events: tuple[ContactEvent, ...] = ()
    ignored: str | None = None


@dataclass(frozen=True)
class Template:
    """An approved provider template (WhatsApp outside the 24-hour window)."""

    content_sid: str
    variables: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OutboundMessage:
    """One message to send; `idempotency_key` is the outbox row id, used to correlate logs."""

    channel: ChannelName
    to: str
    text: str
    idempotency_key: str
    template: Template | None = None
    status_callback_url: str | None = None


@dataclass(frozen=True)
class SendResult:
    """The provider accepted the message."""

    provider_message_id: str
    status: str
    segments: int | None = None


@runtime_checkable
class ChannelAdapter(Protocol):
    """One provider channel: verify and parse webhooks, send messages."""

    name: ChannelName
    max_text_length: int
    ack_content_type: str
    ack_body: bytes

    def verify(self, request: WebhookRequest) -> bool:
        """Whether the request really comes from the provider (checked before parsing)."""
        ...

    def parse(self, request: WebhookRequest) -> ParseResult:
        """Extract messages/events; raises `MalformedRequest` for unparseable bodies."""
        ...

    def parse_status(self, request: WebhookRequest) -> list[StatusUpdate]:
        """Extract delivery status reports from a status callback."""
        ...

    async def send(self, message: OutboundMessage) -> SendResult:
        """Send one message; raises a `SendError` subclass on failure."""
        ...

    async def aclose(self) -> None:
        """Release network resources."""
        ...

    def redact_values(self) -> tuple[str, ...]:
        """Secrets that must never appear in logs."""
        ...
