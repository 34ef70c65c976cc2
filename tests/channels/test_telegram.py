"""Telegram adapter: inbound and outbound tables against the fake Bot API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from telegram.error import RetryAfter

from channels.base import (
    ConnectionFailed,
    ContactStopped,
    OutboundMessage,
    ProviderUnavailable,
    Rejected,
    Throttled,
)
from channels.telegram import SECRET_HEADER, TelegramAdapter, map_error
from tests.channels.conftest import FAKE_DELAY, TELEGRAM_SECRET
from tests.channels.harness import (
    InboundCase,
    OutboundCase,
    ids,
    run_inbound,
    run_outbound,
    with_auth_variants,
)
from tests.fakes import telegram_updates as tu
from tests.fakes.telegram_api import FakeTelegram

# PTB itself reads the deprecated int `retry_after` when it raises RetryAfter.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

URL = "https://frontdoor.example.org/webhooks/telegram"
SENT_AT = dt.datetime.fromtimestamp(tu.DATE, dt.UTC)
RTL = "نحن \u202eحقوق\u202c 🏞️👩🏽‍🌾"
CHAT = str(tu.private_chat()["id"])


def inbound(label: str, update: dict | bytes, **expect) -> InboundCase:
    body, headers = tu.webhook(update, TELEGRAM_SECRET)
    return InboundCase(label=label, body=body, headers=headers, url=URL, **expect)


def message(**fields) -> dict:
    return {"external_id": "10000", "channel": "telegram", "sender": CHAT, **fields}


ACCEPTED = [
    inbound(
        "text",
        tu.message_update(),
        message=message(
            text="Bonjour",
            received_at=SENT_AT,
            language_hint="fr",
            display_name="Amina Diallo",
            media=(),
        ),
    ),
    inbound(
        "4096 characters", tu.message_update(text="é" * 4096), message=message(text="é" * 4096)
    ),
    inbound(
        "right-to-left override and emoji kept exactly",
        tu.message_update(text=RTL),
        message=message(text=RTL),
    ),
    inbound("NUL removed", tu.message_update(text="a\x00b"), message=message(text="ab")),
    inbound(
        "invalid UTF-8 replaced",
        tu.webhook(tu.message_update(text="XX"), None)[0].replace(b"XX", b"ok\xff\xfe"),
        message=message(text="ok\ufffd\ufffd"),
    ),
    inbound(
        "lone surrogate escape replaced",
        json.dumps(tu.message_update(text="A")).replace('"A"', '"A\\ud800"').encode(),
        message=message(text="A\ufffd"),
    ),
    inbound(
        "photo with caption",
        tu.message_update(
            text=None,
            caption="our river",
            photo=[
                {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 90},
                {"file_id": "large", "file_unique_id": "l", "width": 800, "height": 800},
            ],
        ),
        message=message(text="our river", media=(("telegram:file/large", "image/jpeg"),)),
    ),
    inbound(
        "voice note",
        tu.message_update(
            text=None,
            voice={"file_id": "v1", "file_unique_id": "v", "duration": 3, "mime_type": "audio/ogg"},
        ),
        message=message(text="", media=(("telegram:file/v1", "audio/ogg"),)),
    ),
    inbound(
        "location",
        tu.message_update(text=None, location={"latitude": -1.29, "longitude": 36.82}),
        message=message(location=(-1.29, 36.82)),
    ),
    inbound(
        "no language_code",
        tu.message_update(**{"from": tu.user(language_code=None)}),
        message=message(language_hint=None),
    ),
    inbound("edited message ignored", tu.other_update("edited_message"), ignored="edited_message"),
    inbound("callback query ignored", tu.other_update("callback_query"), ignored="callback_query"),
    inbound("poll ignored", tu.other_update("poll"), ignored="poll"),
    inbound(
        "group message ignored",
        tu.message_update(chat={"id": -100123, "type": "supergroup", "title": "g"}),
        ignored="non_private_chat",
    ),
    inbound(
        "user blocked the bot", tu.member_update("member", "kicked"), events=(("blocked", CHAT),)
    ),
    inbound(
        "user restarted the bot",
        tu.member_update("kicked", "member"),
        events=(("unblocked", CHAT),),
    ),
    inbound(
        "bot removed from a group ignored",
        tu.member_update("member", "left", chat={"id": -5, "type": "group", "title": "g"}),
        ignored="my_chat_member",
    ),
    inbound("not JSON", b"{not json", status=400),
    inbound("JSON but not an update", b"[1, 2]", status=400),
    inbound("update_id not an integer", {"update_id": "7", "message": {}}, status=400),
    inbound(
        "message missing required fields", {"update_id": 8, "message": {"text": "x"}}, status=400
    ),
]
REFUSED = [
    InboundCase("wrong secret", *tu.webhook(tu.message_update(), "other-secret"), URL, status=403),
]
INBOUND = [*with_auth_variants(ACCEPTED, SECRET_HEADER), *REFUSED]


@pytest.mark.parametrize("case", INBOUND, ids=ids(INBOUND))
def test_inbound(telegram: TelegramAdapter, case: InboundCase, log_capture) -> None:
    run_inbound(telegram, case, log_capture)


def out(label: str, text: str = "Merci, nous avons reçu votre message.", **expect) -> OutboundCase:
    return OutboundCase(label, OutboundMessage("telegram", CHAT, text, "outbox-1"), **expect)


OUTBOUND = [
    out(
        "success",
        result={"provider_message_id": "1", "status": "sent"},
        request={"chat_id": CHAT, "text": "Merci, nous avons reçu votre message."},
        absent=("parse_mode",),
    ),
    out(
        "markup-looking text is sent verbatim, without parse_mode",
        text="*not bold* <b>x</b>",
        request={"text": "*not bold* <b>x</b>"},
        absent=("parse_mode",),
    ),
    out("4096 characters", text="a" * 4096, request={"text": "a" * 4096}),
    out(
        "429 with retry_after",
        faults=(("throttle", {"retry_after": 7}),),
        error=Throttled,
        error_attrs={"retry_after": 7.0, "code": "429"},
    ),
    out(
        "500",
        faults=(("server_error", {}),),
        error=ProviderUnavailable,
        error_attrs={"maybe_sent": True},
    ),
    out(
        "timeout: fake answers after the client gave up",
        faults=(("delay", {"delay": FAKE_DELAY}),),
        error=ConnectionFailed,
        error_attrs={"maybe_sent": True},
        max_seconds=FAKE_DELAY,
    ),
    out(
        "blocked by the user",
        faults=(("blocked", {}),),
        error=ContactStopped,
        error_attrs={"code": "403"},
    ),
    out("user deactivated", faults=(("deactivated", {}),), error=ContactStopped),
    out("chat not found", faults=(("chat_not_found", {}),), error=Rejected),
    out(
        "too long is refused before any call",
        text="a" * 4097,
        error=Rejected,
        error_attrs={"code": "too_long"},
        calls=0,
    ),
    out("astral characters count twice", text="🏞" * 2049, error=Rejected, calls=0),
    out("empty text refused", text="", error=Rejected, calls=0),
]


@pytest.mark.parametrize("case", OUTBOUND, ids=ids(OUTBOUND))
async def test_outbound(
    telegram: TelegramAdapter, fake_telegram: FakeTelegram, case: OutboundCase, log_capture
) -> None:
    await run_outbound(telegram, fake_telegram, case, log_capture)


async def test_nothing_reaches_the_api_before_the_first_send(
    telegram: TelegramAdapter, fake_telegram: FakeTelegram
) -> None:
    await telegram.send(OutboundMessage("telegram", CHAT, "hi", "outbox-2"))
    assert [c.method for c in fake_telegram.calls.calls()] == ["sendMessage"]


async def test_connection_refused_is_not_sent() -> None:
    adapter = TelegramAdapter("1:x", "s", api_url="http://127.0.0.1:9", connect_timeout=0.2)
    with pytest.raises(ConnectionFailed) as caught:
        await adapter.send(OutboundMessage("telegram", CHAT, "hi", "outbox-3"))
    await adapter.aclose()
    assert caught.value.maybe_sent is False


async def test_set_webhook_registers_url_secret_and_update_types(
    telegram: TelegramAdapter, fake_telegram: FakeTelegram
) -> None:
    assert await telegram.set_webhook("https://frontdoor.example.org/webhooks/telegram")
    assert fake_telegram.webhook == {
        "url": "https://frontdoor.example.org/webhooks/telegram",
        "secret_token": TELEGRAM_SECRET,
        "allowed_updates": ["message", "my_chat_member"],
        "max_connections": 40,
    }


async def test_set_webhook_rejects_plain_http(telegram: TelegramAdapter) -> None:
    with pytest.raises(Rejected):
        await telegram.set_webhook("http://frontdoor.example.org/webhooks/telegram")


@pytest.mark.parametrize(
    "retry_after", [5, dt.timedelta(seconds=5)], ids=["int", "timedelta (PTB_TIMEDELTA=1)"]
)
def test_retry_after_accepts_int_and_timedelta(retry_after) -> None:
    mapped = map_error(RetryAfter(retry_after))
    assert isinstance(mapped, Throttled) and mapped.retry_after == 5.0


def test_redact_values_are_the_token_and_the_secret(telegram: TelegramAdapter) -> None:
    assert set(telegram.redact_values()) == {FakeTelegram().token, TELEGRAM_SECRET}
