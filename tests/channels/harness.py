"""The channel test harness: adapter tests are fixtures plus tables of these cases.

`handle` is the webhook contract the web layer implements (verify before parsing; 403,
400, 200). The harness adds forged- and missing-signature variants of every accepted
inbound case itself, checks that no secret reaches any log record once the adapter's
redaction filter is installed, and that adapter logs never carry a body or a number.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from channels.base import (
    ChannelAdapter,
    MalformedRequest,
    OutboundMessage,
    ParseResult,
    SendError,
    SendResult,
    WebhookRequest,
)
from channels.redaction import RedactingFilter


@dataclass(frozen=True)
class InboundCase:
    """One webhook call and what the web layer must answer and extract."""

    label: str
    body: bytes
    headers: Mapping[str, str]
    url: str
    status: int = 200
    ignored: str | None = None
    message: Mapping[str, Any] | None = None
    events: tuple[tuple[str, str], ...] = ()
    statuses: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class OutboundCase:
    """One send against a running fake, with scripted faults and the expected outcome."""

    label: str
    message: OutboundMessage
    faults: tuple[tuple[str, Mapping[str, float]], ...] = ()
    result: Mapping[str, Any] | None = None
    error: type[SendError] | None = None
    error_attrs: Mapping[str, Any] = field(default_factory=dict)
    request: Mapping[str, Any] = field(default_factory=dict)
    absent: tuple[str, ...] = ()
    max_seconds: float = 1.5
    calls: int = 1


def handle(adapter: ChannelAdapter, request: WebhookRequest) -> tuple[int, ParseResult | None]:
    """The web layer's contract: forged/missing → 403, unparseable → 400, else 200."""
    if not adapter.verify(request):
        return 403, None
    try:
        return 200, adapter.parse(request)
    except MalformedRequest:
        return 400, None


def with_auth_variants(cases: Iterable[InboundCase], header: str) -> list[InboundCase]:
    """Every case, plus a forged- and a missing-signature copy of each signed one."""
    out: list[InboundCase] = []
    for case in cases:
        out.append(case)
        # Malformed bodies get variants too: verification must come before parsing.
        if case.status == 403 or header not in case.headers:
            continue
        forged = {**case.headers, header: case.headers[header][:-2] + "xx"}
        missing = {k: v for k, v in case.headers.items() if k != header}
        common: dict[str, Any] = {"status": 403, "ignored": None, "message": None}
        out.append(replace(case, label=f"{case.label} / forged", headers=forged, **common))
        out.append(replace(case, label=f"{case.label} / unsigned", headers=missing, **common))
    return out


def ids(cases: Iterable[InboundCase | OutboundCase]) -> list[str]:
    return [case.label for case in cases]


@pytest.fixture(name="log_capture")
def log_capture_fixture(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every log record at DEBUG and up, from every library."""
    caplog.set_level(logging.DEBUG)
    return caplog


def _assert_logs_clean(
    adapter: ChannelAdapter, caplog: pytest.LogCaptureFixture, private: Iterable[str]
) -> None:
    redactor = RedactingFilter(adapter.redact_values())
    for record in caplog.records:
        redactor.filter(record)
        rendered = record.getMessage() + (record.exc_text or "")
        for secret in adapter.redact_values():
            assert secret not in rendered, f"secret leaked by {record.name}"
        if record.name.startswith("channels"):
            for value in filter(None, private):
                assert value not in rendered, f"{record.name} logged personal data"


def run_inbound(
    adapter: ChannelAdapter, case: InboundCase, caplog: pytest.LogCaptureFixture
) -> ParseResult | None:
    """Run one inbound case through `handle` and check every expectation it states."""
    request = WebhookRequest.build(case.url, case.headers, case.body)
    status, result = handle(adapter, request)
    assert status == case.status, case.label
    if status != 200:
        return None
    assert result is not None
    assert result.ignored == case.ignored
    if case.message is None:
        assert result.messages == ()
    else:
        (message,) = result.messages
        for name, expected in case.message.items():
            assert getattr(message, name) == expected, f"{case.label}: {name}"
        _assert_logs_clean(adapter, caplog, [message.text, message.sender])
    assert tuple((e.kind, e.sender) for e in result.events) == case.events
    assert tuple((s.provider_message_id, s.status) for s in result.statuses) == case.statuses
    _assert_logs_clean(adapter, caplog, [])
    return result


async def run_outbound(
    adapter: ChannelAdapter, fake: Any, case: OutboundCase, caplog: pytest.LogCaptureFixture
) -> SendResult | SendError:
    """Send through the real client to a running fake; check outcome, timing and request."""
    for kind, options in case.faults:
        fake.faults.fail_next(kind, **options)
    before = len(fake.calls.calls())
    started = time.monotonic()
    outcome: SendResult | SendError
    try:
        outcome = await adapter.send(case.message)
    except SendError as error:
        outcome = error
    elapsed = time.monotonic() - started
    assert elapsed < case.max_seconds, f"{case.label}: send took {elapsed:.2f}s"
    if case.error is not None:
        assert isinstance(outcome, case.error), f"{case.label}: got {outcome!r}"
        assert outcome.retryable == case.error.retryable
    else:
        assert isinstance(outcome, SendResult), f"{case.label}: got {outcome!r}"
        for name, expected in (case.result or {}).items():
            assert getattr(outcome, name) == expected, f"{case.label}: {name}"
    for name, expected in case.error_attrs.items():
        assert getattr(outcome, name) == expected, f"{case.label}: {name}"
    calls = _wait_for_calls(fake, before + case.calls)
    if case.calls:
        sent = calls[-1].params
        for name, expected in case.request.items():
            assert sent.get(name) == expected, f"{case.label}: request {name}"
        for name in case.absent:
            assert name not in sent, f"{case.label}: request has {name}"
    _assert_logs_clean(adapter, caplog, [case.message.text, case.message.to])
    return outcome


def _wait_for_calls(fake: Any, count: int, timeout: float = 2.0) -> list[Any]:
    # A delayed fake answer is recorded when the fake finally responds, after the client
    # gave up: wait for it so it lands in this test, not the next one.
    deadline = time.monotonic() + timeout
    while len(calls := fake.calls.calls()) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(calls) == count, f"expected {count} API calls, fake saw {len(calls)}"
    return calls
