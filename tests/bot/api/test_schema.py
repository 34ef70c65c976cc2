"""schemathesis over API v1 on a running server: whatever it sends, no 5xx, and every
answer matches the OpenAPI schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bot.settings import Settings
from storage.crypto import KeyRing
from tests.live_server import LiveServer, live_server
from tests.staff_world import World, build_world_now


@pytest.fixture
def api_server(
    settings: Settings, keyring: KeyRing, tmp_path: Path
) -> Iterator[tuple[LiveServer, World]]:
    world = build_world_now(settings, keyring)
    with live_server(settings, tmp_path, {"FRONTDOOR_BACKGROUND_ENABLED": "false"}) as server:
        yield server, world


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_the_api_answers_every_request_within_its_schema(
    api_server: tuple[LiveServer, World],
) -> None:
    server, world = api_server
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json").include(
        path_regex="^/api/v1/"
    )
    headers = {"Authorization": f"Bearer {world.tokens['admin']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 18

    for operation in operations:

        @given(case=operation.as_strategy(), real=st.booleans())
        @hypothesis_settings(
            max_examples=25, deadline=None, suppress_health_check=list(HealthCheck)
        )
        def call(case, real: bool) -> None:  # type: ignore[no-untyped-def]
            if real and case.path_parameters and "reference" in case.path_parameters:
                case.path_parameters["reference"] = world.refs["africa"]  # a case that exists
            case.call_and_validate(base_url=server.url, headers=headers, checks=CHECKS)

        call()
