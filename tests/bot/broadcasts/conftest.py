"""Broadcast tests run the real sender against the provider fakes."""

from tests.sender.conftest import long_ago, make_sender  # noqa: F401
