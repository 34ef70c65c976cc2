"""Broadcast tests run the real sender against the provider fakes."""

from tests.fakes.fixtures import (  # noqa: F401
    fake_telegram_fixture,
    fake_telegram_server_fixture,
    fake_twilio_fixture,
    fake_twilio_server_fixture,
    webhook_receiver_fixture,
    webhook_receiver_server_fixture,
)
from tests.sender.conftest import long_ago, make_sender  # noqa: F401
