"""The provider fakes answer like the real APIs, and the loopback guard holds."""

from __future__ import annotations

import email.utils
import json
import re
import socket
from urllib.parse import urlencode

import httpx
import pytest

from channels.base import ConnectionFailed, OutboundMessage
from channels.telegram import TelegramAdapter
from channels.twilio import TwilioAdapter
from tests.fakes.recording import RecordedCall, max_in_window
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio

TO = "+254712345678"
FROM = "+15005550006"


def twilio_post(fake: FakeTwilio, data: list[tuple[str, str]], auth: tuple[str, str] | None = None):
    url = f"{fake.url}/2010-04-01/Accounts/{fake.account_sid}/Messages.json"
    return httpx.post(
        url,
        content=urlencode(data),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        auth=auth or (fake.account_sid, fake.auth_token),
    )


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        ([("From", FROM), ("Body", "x")], 400, 21604),
        ([("To", TO), ("Body", "x")], 400, 21603),
        ([("To", "0712"), ("From", FROM), ("Body", "x")], 400, 21211),
        ([("To", TO), ("From", FROM)], 400, 21602),
        ([("To", TO), ("From", FROM), ("Body", "x" * 1601)], 400, 21617),
        ([("To", f"whatsapp:{TO}"), ("From", FROM), ("Body", "x")], 400, 21910),
        ([("To", TO), ("From", FROM), ("Body", "x"), ("ContentSid", "HX" + "a" * 32)], 400, 21619),
        ([("To", TO), ("From", FROM), ("ContentSid", "HXnope")], 400, 21655),
        (
            [
                ("To", TO),
                ("From", FROM),
                ("ContentSid", "HX" + "a" * 32),
                ("ContentVariables", "{"),
            ],
            400,
            21656,
        ),
    ],
    ids=[
        "To required",
        "From or MessagingServiceSid required",
        "To must be E.164",
        "Body, MediaUrl or ContentSid required",
        "1600 characters",
        "WhatsApp From with SMS To",
        "Body and ContentSid together",
        "ContentSid shape",
        "ContentVariables must be JSON",
    ],
)
def test_twilio_fake_validates_like_twilio(fake_twilio: FakeTwilio, data, status, code) -> None:
    answer = twilio_post(fake_twilio, data)
    assert answer.status_code == status
    body = answer.json()
    assert body == {
        "code": code,
        "message": body["message"],
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def test_twilio_fake_requires_basic_auth(fake_twilio: FakeTwilio) -> None:
    answer = twilio_post(fake_twilio, [("To", TO)], auth=(fake_twilio.account_sid, "nope"))
    assert (answer.status_code, answer.json()["code"]) == (401, 20003)


def test_twilio_fake_creates_realistic_messages(fake_twilio: FakeTwilio) -> None:
    answer = twilio_post(
        fake_twilio, [("To", TO), ("MessagingServiceSid", "MG" + "1" * 32), ("Body", "ê" * 71)]
    )
    message = answer.json()
    assert answer.status_code == 201
    assert re.fullmatch(r"SM[0-9a-f]{32}", message["sid"])
    assert (message["status"], message["num_segments"], message["from"]) == ("accepted", "2", None)
    assert email.utils.parsedate_to_datetime(message["date_created"]).tzinfo is not None
    fetched = httpx.get(
        f"{fake_twilio.url}{message['uri']}", auth=(fake_twilio.account_sid, fake_twilio.auth_token)
    )
    assert fetched.json()["sid"] == message["sid"]


def test_telegram_fake_speaks_the_bot_api(fake_telegram: FakeTelegram) -> None:
    base = f"{fake_telegram.url}/bot{fake_telegram.token}"
    me = httpx.get(f"{base}/getMe").json()
    sent = httpx.post(f"{base}/sendMessage", json={"chat_id": 42, "text": "123"}).json()
    too_long = httpx.post(f"{base}/sendMessage", data={"chat_id": "42", "text": "🌱" * 2049})
    wrong_token = httpx.post(f"{fake_telegram.url}/bot1:nope/getMe")
    assert me["ok"] and me["result"]["is_bot"]
    assert sent["result"]["text"] == "123" and sent["result"]["chat"]["type"] == "private"
    assert too_long.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message is too long",
    }
    assert wrong_token.status_code == 401


def test_telegram_fake_webhook_round_trip(fake_telegram: FakeTelegram) -> None:
    base = f"{fake_telegram.url}/bot{fake_telegram.token}"
    data = {
        "url": "https://x.example/hook",
        "secret_token": "s_1",
        "allowed_updates": '["message"]',
    }
    assert httpx.post(f"{base}/setWebhook", data=data).json()["result"] is True
    info = httpx.post(f"{base}/getWebhookInfo").json()["result"]
    assert (info["url"], info["allowed_updates"]) == ("https://x.example/hook", ["message"])
    bad = httpx.post(f"{base}/setWebhook", data={"url": "https://x", "secret_token": "no spaces"})
    assert bad.status_code == 400
    assert httpx.post(f"{base}/deleteWebhook").json()["result"] is True
    assert httpx.post(f"{base}/getWebhookInfo").json()["result"]["url"] == ""


def test_per_recipient_faults_and_throttle_payload(fake_telegram: FakeTelegram) -> None:
    base = f"{fake_telegram.url}/bot{fake_telegram.token}"
    fake_telegram.faults.fail_recipient("7", "blocked")
    fake_telegram.faults.fail_next("throttle", retry_after=9)
    throttled = httpx.post(f"{base}/sendMessage", data={"chat_id": "8", "text": "x"}).json()
    blocked = [httpx.post(f"{base}/sendMessage", data={"chat_id": "7", "text": "x"}) for _ in "ab"]
    assert throttled["parameters"] == {"retry_after": 9}
    assert [b.status_code for b in blocked] == [403, 403]
    assert [c.outcome for c in fake_telegram.calls.calls("sendMessage")] == [
        "Too Many Requests: retry after 9",
        "Forbidden: bot was blocked by the user",
        "Forbidden: bot was blocked by the user",
    ]


def test_unknown_fault_kind_is_a_test_error(fake_twilio: FakeTwilio) -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        fake_twilio.faults.fail_next("blocked")


@pytest.mark.parametrize(
    ("times", "expected"),
    [([], 0), ([0.0, 0.5, 0.99, 1.0, 1.5], 3), ([0.0, 1.0, 2.0], 1), ([0.1] * 5, 5)],
    ids=["none", "sliding window", "exactly one second apart", "same instant"],
)
def test_max_in_window(times: list[float], expected: int) -> None:
    calls = [RecordedCall("sendMessage", {}, 200, "ok", at) for at in times]
    assert max_in_window(calls) == expected


def test_loopback_guard_blocks_and_reports_other_hosts(loopback_only: list[str]) -> None:
    with pytest.raises(OSError):
        socket.getaddrinfo("api.telegram.org", 443)
    with pytest.raises(OSError), socket.socket() as sock:
        sock.connect(("192.0.2.1", 443))
    assert loopback_only == ["api.telegram.org", "192.0.2.1"]
    loopback_only.clear()  # reported as expected; keep the teardown check quiet


def test_loopback_guard_lets_loopback_through(fake_telegram: FakeTelegram) -> None:
    for host in ("127.0.0.1", "localhost"):
        url = f"http://{host}:{fake_telegram.url.rsplit(':', 1)[1]}/bot{fake_telegram.token}/getMe"
        assert httpx.get(url).json()["ok"]


def test_json_fields_are_decoded_but_texts_are_not(fake_telegram: FakeTelegram) -> None:
    base = f"{fake_telegram.url}/bot{fake_telegram.token}"
    markup = json.dumps({"inline_keyboard": []})
    httpx.post(f"{base}/sendMessage", data={"chat_id": "5", "text": "42", "reply_markup": markup})
    (params,) = fake_telegram.sent_messages()
    assert params["text"] == "42" and params["reply_markup"] == {"inline_keyboard": []}


@pytest.mark.parametrize("client", ["telegram", "twilio"])
async def test_real_clients_cannot_leave_loopback(client: str, loopback_only: list[str]) -> None:
    if client == "telegram":
        adapter = TelegramAdapter("1:x", "secret", api_url="https://api.telegram.org")
        message = OutboundMessage("telegram", "42", "hi", "outbox-1")
    else:
        adapter = TwilioAdapter("sms", account_sid="AC1", auth_token="t", from_number=FROM)
        message = OutboundMessage("sms", TO, "hi", "outbox-1")
    with pytest.raises(ConnectionFailed):
        await adapter.send(message)
    await adapter.aclose()
    assert loopback_only and set(loopback_only) <= {"api.telegram.org", "api.twilio.com"}
    loopback_only.clear()  # reported as expected; keep the teardown check quiet
