"""Security headers on every response of the app; cookies locked down behind https."""

from __future__ import annotations

import httpx
import pytest

from bot.app import create_app
from bot.settings import Settings
from tests.staff_world import PASSWORD, Staffed, World, csrf_of, sign_in, staffed_app

PATHS = [
    ("GET", "/healthz"),
    ("GET", "/no/such/page"),
    ("POST", "/webhooks/telegram"),
    ("GET", "/api/v1/cases"),
    ("GET", "/console/login"),
    ("GET", "/console/queue"),
    ("GET", "/console/static/console.css"),
    ("GET", "/openapi.json"),
    ("GET", "/metrics"),
]


@pytest.mark.parametrize(("method", "path"), PATHS)
async def test_every_response_carries_the_security_headers(
    app_client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await app_client.request(method, path)
    csp = response.headers["content-security-policy"]
    for part in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert part in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    if path.startswith(("/console/login", "/console/queue", "/api/")):
        assert response.headers["cache-control"] == "no-store"


async def test_signed_in_pages_are_not_stored(staffed: Staffed, world: World) -> None:
    page = await sign_in(staffed, world, "africa")
    assert page.headers["cache-control"] == "no-store"
    assert '<script src="/console/static/console.js"' in page.text
    assert "<script>" not in page.text and " on" + "click=" not in page.text


async def test_behind_https_cookies_are_host_only_secure_and_hsts_is_sent(
    settings: Settings, world: World
) -> None:
    secure = settings.model_copy(update={"public_url": "https://frontdoor.example"})
    async for staffed in staffed_app(secure):
        staffed.client.base_url = httpx.URL("https://frontdoor.example")
        page = await staffed.client.get("/console/login")
        assert "max-age=31536000" in page.headers["strict-transport-security"]
        response = await staffed.client.post(
            "/console/login",
            data={
                "csrf_token": csrf_of(page.text),
                "email": world.emails["africa"],
                "password": PASSWORD,
            },
        )
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("__Host-fd_session=")
        for flag in ("HttpOnly", "Secure", "Path=/", "SameSite=strict"):
            assert flag.lower() in cookie.lower()


async def test_docs_and_schema_can_be_switched_off(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"docs_enabled": False}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/docs")).status_code == 404
            assert (await client.get("/openapi.json")).status_code == 404
