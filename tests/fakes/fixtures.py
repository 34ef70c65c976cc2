"""pytest fixtures for the provider fakes: one server per xdist worker, reset per test.

tests/conftest.py loads this module as a plugin, so any test can ask for `fake_telegram`,
`fake_twilio` or `webhook_receiver` by name.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.receiver import WebhookReceiver
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio


@pytest.fixture(scope="session", name="fake_telegram_server")
def fake_telegram_server_fixture() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(name="fake_telegram")
def fake_telegram_fixture(fake_telegram_server: FakeTelegram) -> Iterator[FakeTelegram]:
    """The worker's fake Telegram, clean for this test; fails it if scripted faults went unused."""
    fake_telegram_server.reset()
    yield fake_telegram_server
    unused = fake_telegram_server.faults.pending()
    fake_telegram_server.reset()
    assert unused == 0, f"{unused} scripted Telegram fault(s) never used"


@pytest.fixture(scope="session", name="fake_twilio_server")
def fake_twilio_server_fixture() -> Iterator[FakeTwilio]:
    fake = FakeTwilio()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(name="fake_twilio")
def fake_twilio_fixture(fake_twilio_server: FakeTwilio) -> Iterator[FakeTwilio]:
    """The worker's fake Twilio, clean for this test; fails it if scripted faults went unused."""
    fake_twilio_server.reset()
    yield fake_twilio_server
    unused = fake_twilio_server.faults.pending()
    fake_twilio_server.reset()
    assert unused == 0, f"{unused} scripted Twilio fault(s) never used"


@pytest.fixture(scope="session", name="webhook_receiver_server")
def webhook_receiver_server_fixture() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture(name="webhook_receiver")
def webhook_receiver_fixture(webhook_receiver_server: WebhookReceiver) -> Iterator[WebhookReceiver]:
    """A loopback endpoint recording the webhooks posted to it during this test."""
    webhook_receiver_server.reset()
    yield webhook_receiver_server
