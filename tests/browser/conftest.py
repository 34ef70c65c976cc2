from tests.fakes.fixtures import (  # noqa: F401
    fake_twilio_fixture,
    fake_twilio_server_fixture,
)
