"""Twilio adapter, inbound: signed webhooks (SMS and WhatsApp) and status callbacks."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from channels.base import (
    ContactStopped,
    MalformedRequest,
    OutsideWindow,
    Rejected,
    WebhookRequest,
)
from channels.twilio import TwilioAdapter
from tests.channels.conftest import FROZEN_NOW, MESSAGING_SERVICE_SID, SMS_FROM, WHATSAPP_FROM
from tests.channels.harness import InboundCase, ids, run_inbound, with_auth_variants
from tests.fakes.twilio_api import FakeTwilio
from tests.fakes.twilio_signing import inbound_params, signed_form, status_params

ACCOUNT = FakeTwilio().account_sid
TOKEN = FakeTwilio().auth_token
PUBLIC = "https://frontdoor.example.org/webhooks/twilio/sms"
INTERNAL = "http://10.0.0.5:8000/webhooks/twilio/sms"
PERSON = "+254712345678"
RTL = "ardhi yetu \u202eكلمة\u202c 🏞️👩🏽‍🌾"
SIGNATURE = "X-Twilio-Signature"


def inbound(
    label: str,
    text: str = "hello",
    *,
    signed_url: str = PUBLIC,
    url: str = PUBLIC,
    token: str = TOKEN,
    extra: list[tuple[str, str]] | None = None,
    raw: tuple[bytes, bytes] | None = None,
    **fields,
) -> dict:
    """A signed inbound message; `fields` go to `inbound_params`, `raw` patches the body."""
    params = inbound_params(
        account_sid=ACCOUNT, body=text, **{"sender": PERSON, "to": SMS_FROM, **fields}
    )
    params += extra or []
    body, headers = signed_form(signed_url, params, token)
    if raw is not None:
        assert raw[0] in body, "the patch must apply"
        body = body.replace(*raw)
    sid = dict(params)["MessageSid"]
    return {"label": label, "body": body, "headers": headers, "url": url, "sid": sid}


def case(fields: dict, message: dict | None = None, **expect) -> InboundCase:
    sid = fields.pop("sid")
    if message is not None:
        message = {"external_id": sid, **message}
    return InboundCase(**fields, message=message, **expect)


SMS = {"channel": "sms", "sender": PERSON, "received_at": FROZEN_NOW}
WA = {"channel": "whatsapp", "sender": PERSON}

ACCEPTED = [
    case(
        inbound("SMS", "Habari"),
        {**SMS, "text": "Habari", "display_name": None, "media": (), "opt_out_keyword": None},
    ),
    case(inbound("signed for the public https URL, seen behind a proxy"), {**SMS, "text": "hello"}),
    case(
        inbound("public URL with explicit :443", url=PUBLIC.replace(".org/", ".org:443/")), {**SMS}
    ),
    case(
        inbound(
            "public URL with a query string",
            signed_url=PUBLIC + "?tenant=a&x=%20",
            url=PUBLIC + "?tenant=a&x=%20",
        ),
        {**SMS},
    ),
    case(
        inbound("number in a Messaging Service", messaging_service_sid=MESSAGING_SERVICE_SID),
        {**SMS},
    ),
    case(inbound("1600 characters", "x" * 1600), {**SMS, "text": "x" * 1600}),
    case(inbound("right-to-left override and emoji kept exactly", RTL), {**SMS, "text": RTL}),
    case(inbound("NUL removed", "a\x00b"), {**SMS, "text": "ab"}),
    case(
        inbound("invalid UTF-8 replaced", "ok\ufffd", raw=(b"ok%EF%BF%BD", b"ok%FF")),
        {**SMS, "text": "ok\ufffd"},
    ),
    case(
        inbound(
            "MMS with empty Body and two media",
            "",
            media=[
                ("https://api.twilio.com/m/ME1", "image/jpeg"),
                ("https://api.twilio.com/m/ME2", "audio/ogg"),
            ],
        ),
        {
            **SMS,
            "text": "",
            "media": (
                ("https://api.twilio.com/m/ME1", "image/jpeg"),
                ("https://api.twilio.com/m/ME2", "audio/ogg"),
            ),
        },
    ),
    case(
        inbound("STOP with Advanced Opt-Out", "stop", opt_out_type="STOP"),
        {**SMS, "text": "stop", "opt_out_keyword": "STOP"},
    ),
    case(
        inbound(
            "unknown and repeated parameters are signed and tolerated",
            extra=[("NewField", "1"), ("Repeated", "b"), ("Repeated", "a")],
        ),
        {**SMS},
    ),
    case(
        inbound(
            "WhatsApp with ProfileName and WaId",
            sender=f"whatsapp:{PERSON}",
            to=f"whatsapp:{WHATSAPP_FROM}",
            profile_name="Wanjiru 🌱",
            text="Jambo",
        ),
        {**WA, "display_name": "Wanjiru 🌱", "text": "Jambo"},
    ),
    case(
        inbound(
            "WhatsApp location",
            sender=f"whatsapp:{PERSON}",
            to=f"whatsapp:{WHATSAPP_FROM}",
            text="",
            extra=[("Latitude", "-1.2921"), ("Longitude", "36.8219")],
        ),
        {**WA, "location": (-1.2921, 36.8219)},
    ),
    case(inbound("signed with the secondary token during rotation", token="old-token"), {**SMS}),
]
REFUSED = [
    case(inbound("proxy: internal http URL does not match", url=INTERNAL), status=403),
    case(inbound("another host", url=PUBLIC.replace("frontdoor", "evil")), status=403),
    case(
        inbound("re-encoded query string", signed_url=PUBLIC + "?x=%20", url=PUBLIC + "?x=+"),
        status=403,
    ),
    case(inbound("body altered after signing", "yes", raw=(b"Body=yes", b"Body=no")), status=403),
    case(inbound("empty Body dropped by a framework", "", raw=(b"&Body=&", b"&")), status=403),
    case(inbound("wrong token", token="not-the-token"), status=403),
]
INBOUND = [*with_auth_variants(ACCEPTED, SIGNATURE), *REFUSED]


def _malformed(label: str, params: list[tuple[str, str]]) -> InboundCase:
    body, headers = signed_form(PUBLIC, params, TOKEN)
    return InboundCase(label, body, headers, PUBLIC, status=400)


MALFORMED = with_auth_variants(
    [
        _malformed("no MessageSid", [("From", PERSON), ("Body", "x")]),
        _malformed("no From", [("MessageSid", "SM" + "a" * 32), ("Body", "x")]),
        _malformed("not a form at all", []),
    ],
    SIGNATURE,
)


@pytest.fixture
def sms_rotating() -> TwilioAdapter:
    return TwilioAdapter(
        "sms",
        account_sid=ACCOUNT,
        auth_token=TOKEN,
        secondary_auth_token="old-token",
        from_number=SMS_FROM,
        clock=lambda: FROZEN_NOW,
    )


@pytest.mark.parametrize("case", INBOUND + MALFORMED, ids=ids(INBOUND + MALFORMED))
def test_inbound(sms_rotating: TwilioAdapter, case: InboundCase, log_capture) -> None:
    run_inbound(sms_rotating, case, log_capture)


def test_twilio_documented_test_vector() -> None:
    adapter = TwilioAdapter("sms", account_sid="AC1", auth_token="12345", from_number=SMS_FROM)
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+12349013030",
        "Digits": "1234",
        "From": "+12349013030",
        "To": "+18005551212",
    }
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        SIGNATURE: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
    }
    request = WebhookRequest.build(url, headers, urlencode(params).encode())
    assert adapter.verify(request)
    assert not adapter.verify(WebhookRequest.build(url + "&baz=3", headers, request.body))


def status_request(status: str, error_code: int | None = None, **overrides) -> WebhookRequest:
    params = status_params(
        account_sid=ACCOUNT,
        message_sid="SM" + "b" * 32,
        status=status,
        sender=SMS_FROM,
        to=PERSON,
        error_code=error_code,
    )
    params = [(k, overrides.get(k, v)) for k, v in params if overrides.get(k, v) is not None]
    body, headers = signed_form(PUBLIC, params, TOKEN)
    return WebhookRequest.build(PUBLIC, headers, body)


@pytest.mark.parametrize(
    ("status", "code", "normalised", "error"),
    [
        ("queued", None, "queued", None),
        ("sent", None, "sent", None),
        ("delivered", None, "delivered", None),
        ("read", None, "read", None),
        ("partially_delivered", None, "sent", None),
        ("undelivered", 30003, "undelivered", Rejected),
        ("failed", 21610, "failed", ContactStopped),
        ("failed", 63016, "failed", OutsideWindow),
    ],
)
def test_status_callbacks(sms_rotating, status, code, normalised, error) -> None:
    request = status_request(status, code)
    assert sms_rotating.verify(request)
    (update,) = sms_rotating.parse_status(request)
    assert (update.status, update.error_code) == (normalised, str(code) if code else None)
    assert type(update.error) is error if error else update.error is None


def test_inbound_statuses_are_not_outbound_reports(sms_rotating) -> None:
    assert sms_rotating.parse_status(status_request("received")) == []


def test_status_callback_without_status_is_malformed(sms_rotating) -> None:
    with pytest.raises(MalformedRequest):
        sms_rotating.parse_status(status_request("sent", MessageStatus=None, SmsStatus=None))


def test_status_callback_posted_to_the_message_url_is_parsed_as_status(sms_rotating) -> None:
    result = sms_rotating.parse(status_request("delivered"))
    assert [(s.status, result.messages) for s in result.statuses] == [("delivered", ())]
