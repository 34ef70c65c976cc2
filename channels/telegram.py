"""Telegram Bot API adapter (python-telegram-bot 22): webhook in, `sendMessage` out.

Logging: PTB logs every call's parameters (chat id and text) at DEBUG on `telegram.*`, and
httpx logs request URLs (which embed the token) at INFO; keep `telegram` above DEBUG and
install `channels.redaction.RedactingFilter(adapter.redact_values())` on log handlers.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import warnings
from collections.abc import Sequence
from typing import Any

import httpx
from telegram import Bot, Update
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import HTTPXRequest

from channels.base import (
    ConnectionFailed,
    ContactEvent,
    ContactStopped,
    InboundMessage,
    MalformedRequest,
    OutboundMessage,
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
from channels.splitting import utf16_length

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_TEXT_LENGTH = 4096
# The updates Frontdoor acts on; `my_chat_member` tells us when someone blocks the bot.
ALLOWED_UPDATES = ("message", "my_chat_member")


class TelegramAdapter:
    """The `telegram` channel: one bot token, one webhook secret."""

    name = "telegram"
    max_text_length = MAX_TEXT_LENGTH
    # An empty 200: a JSON body with a "method" field would be executed as an API call.
    ack_content_type = "text/plain"
    ack_body = b""

    def __init__(
        self,
        token: str,
        secret: str,
        *,
        api_url: str = "https://api.telegram.org",
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
        write_timeout: float = 10.0,
        pool_timeout: float = 1.0,
        connection_pool_size: int = 64,
    ) -> None:
        if not token or not secret:
            raise ValueError("a Telegram token and webhook secret are both required")
        self._token = token
        self._secret = secret
        self._base_url = api_url.rstrip("/") + "/bot{token}"
        self._timeouts = {
            "connect_timeout": connect_timeout,
            "read_timeout": read_timeout,
            "write_timeout": write_timeout,
            "pool_timeout": pool_timeout,
        }
        self._pool_size = connection_pool_size
        self._request: HTTPXRequest | None = None
        self._bot: Bot | None = None

    def _get_bot(self) -> Bot:
        # Built on first use, inside the running loop that will use it; no getMe round trip.
        if self._bot is None:
            self._request = HTTPXRequest(connection_pool_size=self._pool_size, **self._timeouts)
            self._bot = Bot(
                self._token,
                base_url=self._base_url,
                request=self._request,
                get_updates_request=self._request,
            )
        return self._bot

    def verify(self, request: WebhookRequest) -> bool:
        """The secret-token header must equal our secret (constant-time compare)."""
        supplied = request.headers.get(SECRET_HEADER)
        if supplied is None:
            return False
        return hmac.compare_digest(supplied.encode(), self._secret.encode())

    def parse(self, request: WebhookRequest) -> ParseResult:
        """One update per webhook call: a private-chat message, a block event, or ignored."""
        data = _decode_json(request.body)
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            raise MalformedRequest("not a Telegram update")
        kind = next((key for key in data if key != "update_id"), "empty")
        if kind not in ("message", "my_chat_member"):
            # Decided before de_json: an update type we ignore must get its 200 even when
            # a newer Bot API shape would trip PTB, or Telegram re-sends it for a day.
            return ParseResult(ignored=kind)
        try:
            update = Update.de_json(data, None)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise MalformedRequest("unparseable Telegram update") from error
        external_id = str(update.update_id)
        if update.message is not None:
            return _parse_message(update, external_id)
        if update.my_chat_member is not None:
            return _parse_member_change(update, external_id)
        return ParseResult(ignored=kind)

    def parse_status(self, request: WebhookRequest) -> list[StatusUpdate]:
        """Telegram sends no delivery callbacks: a successful send is final (`sent`)."""
        return []

    async def send(self, message: OutboundMessage) -> SendResult:
        """Send plain text (no parse_mode: user-supplied text must not be parsed as markup)."""
        if not message.text:
            raise Rejected("empty", "message text is empty")
        if utf16_length(message.text) > MAX_TEXT_LENGTH:
            raise Rejected("too_long", "message is too long; split it first")
        bot = self._get_bot()
        try:
            sent = await bot.send_message(chat_id=message.to, text=message.text, **self._timeouts)
        except TelegramError as error:
            mapped = map_error(error)
            logger.warning(
                "telegram.send_failed",
                extra={"outbox_id": message.idempotency_key, "error": str(mapped)},
            )
            raise mapped from error
        return SendResult(provider_message_id=str(sent.message_id), status="sent")

    async def set_webhook(
        self,
        url: str,
        *,
        allowed_updates: Sequence[str] = ALLOWED_UPDATES,
        max_connections: int = 40,
        drop_pending_updates: bool = False,
    ) -> bool:
        """Register `url` as the webhook, with our secret echoed back in `SECRET_HEADER`."""
        try:
            return await self._get_bot().set_webhook(
                url=url,
                secret_token=self._secret,
                allowed_updates=list(allowed_updates),
                max_connections=max_connections,
                drop_pending_updates=drop_pending_updates,
                **self._timeouts,
            )
        except TelegramError as error:
            raise map_error(error) from error

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        if self._request is not None:
            await self._request.shutdown()
        self._request = None
        self._bot = None

    def redact_values(self) -> tuple[str, ...]:
        """The token appears in every API URL (httpx logs those at INFO), the secret in headers."""
        return (self._token, self._secret)


def _decode_json(body: bytes) -> Any:
    # Invalid UTF-8 is replaced rather than refused: a 4xx would make Telegram re-deliver
    # the same bytes for 24 hours, and the person's message would be lost anyway.
    try:
        return json.loads(body.decode("utf-8", errors="replace"))
    except ValueError as error:
        raise MalformedRequest("body is not JSON") from error


def _parse_message(update: Update, external_id: str) -> ParseResult:
    msg = update.message
    assert msg is not None
    if msg.chat.type != "private":
        # A bot added to a group would turn every group message into a case; intake is 1:1.
        return ParseResult(ignored="non_private_chat")
    user = msg.from_user
    media: list[tuple[str, str]] = []
    # Telegram gives file ids, not URLs (a download URL embeds the bot token).
    if msg.photo:
        media.append((f"telegram:file/{msg.photo[-1].file_id}", "image/jpeg"))
    for attachment in (msg.voice, msg.audio, msg.video, msg.document):
        if attachment is not None:
            content_type = attachment.mime_type or "application/octet-stream"
            media.append((f"telegram:file/{attachment.file_id}", content_type))
    location = (msg.location.latitude, msg.location.longitude) if msg.location else None
    inbound = InboundMessage(
        channel="telegram",
        external_id=external_id,
        sender=str(msg.chat.id),
        text=sanitize_text(msg.text or msg.caption or ""),
        received_at=msg.date.astimezone(dt.UTC),
        language_hint=user.language_code if user else None,
        display_name=sanitize_text(user.full_name) if user else None,
        media=tuple(media),
        location=location,
    )
    return ParseResult(messages=(inbound,))


def _parse_member_change(update: Update, external_id: str) -> ParseResult:
    change = update.my_chat_member
    assert change is not None
    if change.chat.type != "private":
        return ParseResult(ignored="my_chat_member")
    # In a private chat the bot is "kicked" exactly when the user blocks it, and becomes a
    # "member" again when they press Start/Restart.
    old, new = change.old_chat_member.status, change.new_chat_member.status
    if new == "kicked":
        kind = "blocked"
    elif old == "kicked" and new == "member":
        kind = "unblocked"
    else:
        return ParseResult(ignored="my_chat_member")
    event = ContactEvent(
        channel="telegram",
        external_id=external_id,
        sender=str(change.chat.id),
        kind=kind,
        occurred_at=change.date.astimezone(dt.UTC),
    )
    return ParseResult(events=(event,))


def _retry_after_seconds(error: RetryAfter) -> float:
    # PTB 22.2+ returns an int with a deprecation warning, or a timedelta when
    # PTB_TIMEDELTA=1 is set; accept both without the warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return float(value)


def map_error(error: TelegramError) -> SendError:
    """Translate a PTB exception into the send-error taxonomy."""
    reason = error.message
    if isinstance(error, RetryAfter):
        return Throttled("429", reason, retry_after=_retry_after_seconds(error))
    if isinstance(error, Forbidden):
        # Blocked, deactivated, never started the bot, kicked from group: all permanent.
        return ContactStopped("403", reason)
    if isinstance(error, ChatMigrated):
        return Rejected("chat_migrated", f"group moved to {error.new_chat_id}")
    if isinstance(error, TimedOut):
        # PTB folds every httpx timeout into TimedOut; the cause says whether bytes left.
        cause = error.__cause__
        maybe_sent = not isinstance(cause, httpx.PoolTimeout | httpx.ConnectTimeout)
        return ConnectionFailed("timeout", reason, maybe_sent=maybe_sent)
    if isinstance(error, BadRequest):
        return Rejected("400", reason)
    if isinstance(error, InvalidToken | Conflict):
        return Rejected("config", reason)
    if isinstance(error, NetworkError):
        cause = error.__cause__
        if cause is None:
            # An HTTP answer PTB had no special class for: in practice 5xx from Telegram.
            return ProviderUnavailable("5xx", reason, maybe_sent=True)
        return ConnectionFailed(
            "network", reason, maybe_sent=not isinstance(cause, httpx.ConnectError)
        )
    return Rejected("telegram", reason)
