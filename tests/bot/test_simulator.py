"""The web simulator: the chat page and its JSON endpoint, through the real engine."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.app import create_app
from bot.settings import Settings


@pytest.fixture
async def simulator(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    application = create_app(settings.model_copy(update={"simulator": True}))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            yield client


async def _say(client: httpx.AsyncClient, user: str, text: str) -> list[str]:
    response = await client.post("/simulator/messages", json={"user": user, "text": text})
    assert response.status_code == 200, response.text
    return response.json()["replies"]


async def test_the_french_land_case_of_the_readme(simulator: httpx.AsyncClient) -> None:
    """The done-when of the intake issue, as a new user would live it."""
    user = "readme-fr"
    first = await _say(
        simulator, user, "Bonjour, une entreprise minière prend nos terres au Cameroun"
    )
    assert first[0].startswith("Bonjour")
    for answer in ("oui", "c'est tout"):
        replies = await _say(simulator, user, answer)
    assert "Cameroun" in replies[-1]  # the country it spotted, to confirm
    for answer in ("oui", "Lomié", "une société minière", "1", "non", "passer", "passer"):
        replies = await _say(simulator, user, answer)
    assert "Cameroun" in replies[-1]  # the summary
    done = await _say(simulator, user, "oui")
    reference = next(word.strip(".") for word in done[0].split() if word.startswith("CRE-"))
    status = await _say(simulator, user, "statut")
    assert reference in status[0]


async def test_the_page_is_served_with_its_script(simulator: httpx.AsyncClient) -> None:
    page = await simulator.get("/simulator")
    assert page.status_code == 200
    assert '<script src="/static/simulator.js"' in page.text
    script = await simulator.get("/static/simulator.js")
    assert "textContent" in script.text and "innerHTML" not in script.text.replace(
        "never innerHTML", ""
    )


@pytest.mark.parametrize("body", [{}, {"user": "", "text": "hi"}, {"user": "x"}])
async def test_bad_requests_are_json_422(simulator: httpx.AsyncClient, body: dict) -> None:
    response = await simulator.post("/simulator/messages", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


async def test_the_simulator_is_off_unless_enabled(app_client: httpx.AsyncClient) -> None:
    response = await app_client.post("/simulator/messages", json={"user": "a", "text": "hi"})
    assert response.status_code == 404
    assert (await app_client.get("/simulator")).status_code == 404
