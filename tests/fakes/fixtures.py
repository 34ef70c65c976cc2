"""pytest fixtures for the provider fakes: one server per xdist worker, reset per test.

Import the ones you use into a conftest:

    from tests.fakes.fixtures import fake_telegram, fake_twilio, webhook_receiver  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.receiver import WebhookReceiver
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio


@pytest.fixture(scope="session")
def fake_telegram_server() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_telegram(fake_telegram_server: FakeTelegram) -> Iterator[FakeTelegram]:
    """The worker's fake Telegram, clean for this test; fails it if scripted faults went unused."""
    fake_telegram_server.reset()
    yield fake_telegram_server
    unused = fake_telegram_server.faults.pending()
    fake_telegram_server.reset()
    assert unused == 0, f"{unused} scripted Telegram fault(s) never used"


@pytest.fixture(scope="session")
def fake_twilio_server() -> Iterator[FakeTwilio]:
    fake = FakeTwilio()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_twilio(fake_twilio_server: FakeTwilio) -> Iterator[FakeTwilio]:
    """The worker's fake Twilio, clean for this test; fails it if scripted faults went unused."""
    fake_twilio_server.reset()
    yield fake_twilio_server
    unused = fake_twilio_server.faults.pending()
    fake_twilio_server.reset()
    assert unused == 0, f"{unused} scripted Twilio fault(s) never used"


@pytest.fixture(scope="session")
def webhook_receiver_server() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture
def webhook_receiver(webhook_receiver_server: WebhookReceiver) -> Iterator[WebhookReceiver]:
    """A loopback endpoint recording the webhooks posted to it during this test."""
    webhook_receiver_server.reset()
    yield webhook_receiver_server
