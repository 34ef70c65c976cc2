"""The app answers operators and clients in JSON, with a request id, and never a traceback."""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import APIRouter

from bot.app import create_app
from bot.settings import Settings


async def test_health_and_readiness(app_client: httpx.AsyncClient) -> None:
    assert (await app_client.get("/healthz")).json() == {"status": "ok"}
    ready = await app_client.get("/readyz")
    assert ready.status_code == 200
    assert ready.headers["x-request-id"]


async def test_readiness_fails_when_the_database_is_unreachable(settings: Settings) -> None:
    broken = settings.model_copy(
        update={"database_url": "postgresql+asyncpg://postgres@127.0.0.1:1/nowhere"}
    )
    app = create_app(broken)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"


async def test_metrics_are_prometheus_text(app_client: httpx.AsyncClient) -> None:
    await app_client.get("/healthz")
    response = await app_client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    assert (
        'frontdoor_http_requests_total{method="GET",route="/healthz",status="200"}' in response.text
    )


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [("GET", "/no/such/page", 404, "not_found"), ("POST", "/healthz", 405, "method_not_allowed")],
)
async def test_errors_are_json(
    app_client: httpx.AsyncClient, method: str, path: str, status: int, code: str
) -> None:
    response = await app_client.request(method, path)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


async def test_a_crash_is_a_json_500_without_traceback(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings)
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret detail +237650000001")

    app.include_router(router)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            with caplog.at_level(logging.INFO):
                response = await client.get("/boom")
    assert response.status_code == 500
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-request-id"]
    assert response.json() == {
        "error": {"code": "internal_error", "message": "Something went wrong on our side."}
    }
    assert "secret detail" not in response.text
    assert "237650000001" not in caplog.text


def test_docs_can_be_switched_off(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"docs_enabled": False}))
    assert app.openapi_url is None and app.docs_url is None
