"""Twilio adapter, outbound: the real twilio client against the fake Messages API."""

from __future__ import annotations

import json

import pytest

from channels.base import (
    ConnectionFailed,
    ContactStopped,
    OutboundMessage,
    OutsideWindow,
    ProviderUnavailable,
    Rejected,
    Template,
    Throttled,
    WebhookRequest,
    should_advance,
)
from channels.twilio import TwilioAdapter, retry_after_seconds
from tests.channels.conftest import (
    FAKE_DELAY,
    FROZEN_NOW,
    MESSAGING_SERVICE_SID,
    SMS_FROM,
    WHATSAPP_FROM,
)
from tests.channels.harness import OutboundCase, ids, run_outbound
from tests.fakes.receiver import WebhookReceiver
from tests.fakes.twilio_api import CallbackPlan, FakeTwilio

PERSON = "+254712345678"
TEMPLATE = Template("HX" + "c" * 32, {"1": "Amina", "2": "FD-2026-001"})


def out(
    label: str,
    text: str = "Asante, tumepokea ujumbe wako.",
    *,
    channel: str = "sms",
    template: Template | None = None,
    **expect,
) -> OutboundCase:
    message = OutboundMessage(channel, PERSON, text, "outbox-7", template=template)
    return OutboundCase(label, message, **expect)


SMS_CASES = [
    out(
        "success",
        result={"status": "queued", "segments": 1},
        request={"To": PERSON, "From": SMS_FROM, "Body": "Asante, tumepokea ujumbe wako."},
        absent=("MessagingServiceSid", "ContentSid"),
    ),
    out("161 GSM-7 characters are two segments", "a" * 161, result={"segments": 2}),
    out("an extension character counts twice", "€" * 80 + "a", result={"segments": 2}),
    out("one emoji makes it UCS-2", "a" * 70 + "🌱", result={"segments": 2}),
    out("1600 characters", "b" * 1600, result={"segments": 11}),
    out("1601 characters refused before any call", "b" * 1601, error=Rejected, calls=0),
    out("empty text refused", "", error=Rejected, calls=0),
    out(
        "429 / 20429",
        faults=(("throttle", {}),),
        error=Throttled,
        error_attrs={"code": "20429", "retry_after": None},
    ),
    out(
        "429 with Retry-After",
        faults=(("throttle", {"retry_after": 30}),),
        error=Throttled,
        error_attrs={"code": "20429", "retry_after": 30.0},
    ),
    out(
        "500",
        faults=(("server_error", {}),),
        error=ProviderUnavailable,
        error_attrs={"maybe_sent": True, "code": "20500"},
    ),
    out("503", faults=(("server_error", {"status": 503}),), error=ProviderUnavailable),
    out(
        "timeout: fake answers after the client gave up",
        faults=(("delay", {"delay": FAKE_DELAY}),),
        error=ConnectionFailed,
        error_attrs={"maybe_sent": True},
        max_seconds=FAKE_DELAY,
    ),
    out(
        "unsubscribed (21610)",
        faults=(("stopped", {}),),
        error=ContactStopped,
        error_attrs={"code": "21610"},
    ),
    out(
        "invalid number (21211), reason kept for staff",
        error=Rejected,
        faults=(("invalid_to", {}),),
        error_attrs={"code": "21211", "reason": "Invalid 'To' Phone Number"},
    ),
]
SERVICE_CASES = [
    out(
        "Messaging Service instead of From",
        result={"status": "accepted"},
        request={"MessagingServiceSid": MESSAGING_SERVICE_SID},
        absent=("From",),
    ),
]
WHATSAPP_CASES = [
    out(
        "free text",
        channel="whatsapp",
        result={"status": "queued", "segments": 1},
        request={"To": f"whatsapp:{PERSON}", "From": f"whatsapp:{WHATSAPP_FROM}"},
    ),
    out(
        "template",
        "",
        channel="whatsapp",
        template=TEMPLATE,
        request={
            "ContentSid": TEMPLATE.content_sid,
            "ContentVariables": json.dumps(dict(TEMPLATE.variables)),
        },
        absent=("Body",),
    ),
    out(
        "outside the 24-hour window (63016)",
        channel="whatsapp",
        faults=(("outside_window", {}),),
        error=OutsideWindow,
        error_attrs={"code": "63016"},
    ),
]
OUTBOUND = (
    [("sms", c) for c in SMS_CASES]
    + [("sms_service", c) for c in SERVICE_CASES]
    + [("whatsapp", c) for c in WHATSAPP_CASES]
)


@pytest.fixture
def adapters(sms, sms_service, whatsapp) -> dict[str, TwilioAdapter]:
    return {"sms": sms, "sms_service": sms_service, "whatsapp": whatsapp}


@pytest.mark.parametrize(("adapter", "case"), OUTBOUND, ids=ids(c for _, c in OUTBOUND))
async def test_outbound(
    adapters: dict[str, TwilioAdapter],
    fake_twilio: FakeTwilio,
    adapter: str,
    case: OutboundCase,
    log_capture,
) -> None:
    await run_outbound(adapters[adapter], fake_twilio, case, log_capture)


async def test_wrong_credentials_are_a_permanent_configuration_error(
    fake_twilio: FakeTwilio,
) -> None:
    adapter = TwilioAdapter(
        "sms",
        account_sid=fake_twilio.account_sid,
        auth_token="wrong",
        from_number=SMS_FROM,
        api_url=fake_twilio.url,
        timeout=1,
    )
    with pytest.raises(Rejected) as caught:
        await adapter.send(OutboundMessage("sms", PERSON, "hi", "outbox-8"))
    await adapter.aclose()
    assert caught.value.code == "20003"


async def test_connection_refused_is_not_sent() -> None:
    adapter = TwilioAdapter(
        "sms",
        account_sid="AC1",
        auth_token="t",
        from_number=SMS_FROM,
        api_url="http://127.0.0.1:9",
        timeout=1,
    )
    with pytest.raises(ConnectionFailed) as caught:
        await adapter.send(OutboundMessage("sms", PERSON, "hi", "outbox-9"))
    await adapter.aclose()
    assert caught.value.maybe_sent is False


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("Thu, 26 Nov 2026 04:31:30 GMT", 90.0),
        ("Thu, 26 Nov 2026 04:29:00 GMT", 0.0),
        ("soon", None),
        ("", None),
    ],
    ids=["seconds", "HTTP date", "date gone by", "garbage", "empty"],
)
def test_retry_after_is_seconds_or_an_http_date(header: str, seconds: float | None) -> None:
    assert retry_after_seconds({"Retry-After": header}, now=FROZEN_NOW) == seconds


def _fold(adapter: TwilioAdapter, receiver: WebhookReceiver, count: int) -> tuple[str, int]:
    """Verify and parse `count` callbacks; return the final status and how many applied."""
    current, applied, seen = None, 0, set()
    for hook in receiver.wait_for(count):
        request = WebhookRequest.build(hook.url, hook.headers, hook.body)
        assert adapter.verify(request)
        for update in adapter.parse_status(request):
            if update.dedupe_key in seen:
                continue
            seen.add(update.dedupe_key)
            if should_advance(current, update.status):
                current, applied = update.status, applied + 1
    return current, applied


@pytest.mark.parametrize(
    ("plan", "count", "final", "applied"),
    [
        (CallbackPlan(), 2, "delivered", 2),
        (CallbackPlan(duplicate=True), 4, "delivered", 2),
        (CallbackPlan(reverse=True), 2, "delivered", 1),
        (CallbackPlan(("sent", "delivered", "read"), reverse=True, duplicate=True), 6, "read", 1),
        (
            CallbackPlan(("sent", "undelivered"), error_code=30003, reverse=True),
            2,
            "undelivered",
            1,
        ),
    ],
    ids=["in order", "duplicated", "reordered", "read first, duplicated", "failure first"],
)
async def test_signed_status_callbacks_never_move_backwards(
    sms: TwilioAdapter,
    fake_twilio: FakeTwilio,
    webhook_receiver: WebhookReceiver,
    plan: CallbackPlan,
    count: int,
    final: str,
    applied: int,
) -> None:
    fake_twilio.default_plan = plan
    callback = f"{webhook_receiver.url}/webhooks/twilio/status"
    result = await sms.send(
        OutboundMessage("sms", PERSON, "hi", "outbox-10", status_callback_url=callback)
    )
    assert fake_twilio.created()[-1]["StatusCallback"] == callback
    assert _fold(sms, webhook_receiver, count) == (final, applied)
    assert fake_twilio.message(result.provider_message_id)["sid"] == result.provider_message_id


async def test_whatsapp_free_text_outside_the_window_fails_by_callback(
    whatsapp: TwilioAdapter,
    fake_twilio: FakeTwilio,
    webhook_receiver: WebhookReceiver,
) -> None:
    fake_twilio.enforce_whatsapp_window = True
    callback = f"{webhook_receiver.url}/webhooks/twilio/status"
    await whatsapp.send(
        OutboundMessage("whatsapp", PERSON, "hi", "o-11", status_callback_url=callback)
    )
    (hook,) = webhook_receiver.wait_for(1)
    (update,) = whatsapp.parse_status(WebhookRequest.build(hook.url, hook.headers, hook.body))
    assert (update.status, update.error_code, type(update.error)) == (
        "failed",
        "63016",
        OutsideWindow,
    )


async def test_whatsapp_template_is_allowed_outside_the_window(
    whatsapp: TwilioAdapter,
    fake_twilio: FakeTwilio,
    webhook_receiver: WebhookReceiver,
) -> None:
    fake_twilio.enforce_whatsapp_window = True
    callback = f"{webhook_receiver.url}/webhooks/twilio/status"
    await whatsapp.send(
        OutboundMessage(
            "whatsapp", PERSON, "", "o-12", template=TEMPLATE, status_callback_url=callback
        )
    )
    statuses = [
        WebhookRequest.build(h.url, h.headers, h.body) for h in webhook_receiver.wait_for(2)
    ]
    assert [whatsapp.parse_status(r)[0].status for r in statuses] == ["sent", "delivered"]
