"""API v1 broadcasts: create (with its preview), send, read the progress, pause, resume,
cancel; the secretariat and admins only; JSON errors for what cannot be done."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcasts.audience import CHANNELS
from bot.broadcasts.runner import BroadcastRunner
from bot.settings import Settings
from storage.crypto import KeyRing
from tests.bot.broadcasts.people import Someone, add_people, with_every_channel
from tests.staff_world import Staffed, World

BODY: dict[str, Any] = {
    "name": "Call for proposals",
    "texts": {
        "en": "The call is open. Reply APPLY.",
        "fr": "L'appel est ouvert. Répondez POSTULER ✅",
    },
    "fallback_language": "en",
    "audience": {"countries": ["CM"], "channels": ["sms", "telegram"]},
    "template": {"content_sid": "HX" + "0a" * 16, "variables": {"1": "{text}"}},
}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Every channel has credentials: the preview counts everyone reachable."""
    return with_every_channel(settings)


def bearer(world: World, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[who]}"}


async def _people(sessions: async_sessionmaker[AsyncSession], keyring: KeyRing) -> None:
    await add_people(
        sessions,
        keyring,
        [
            Someone({"sms": "+237650008001"}, language="fr"),
            Someone({"sms": "+237650008002"}, language="en"),
            Someone({"sms": "+237650008003"}, language="pt"),  # no text: English
            Someone({"telegram": "8004"}, language="fr"),
            Someone({"whatsapp": "+237650008005"}, language="fr"),  # not on these channels
            Someone({"telegram": "8006"}, language="fr", opted_out=True),
        ],
    )


async def test_create_previews_then_send_progress_pause_resume_cancel(
    staffed: Staffed,
    world: World,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
) -> None:
    await _people(sessions, keyring)
    client, headers = staffed.client, bearer(world, "secretariat")
    created = await client.post("/api/v1/broadcasts", json=BODY, headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "draft"
    preview = body["preview"]
    assert preview["recipients"] == 4
    assert preview["by_channel"] == {"sms": 3, "telegram": 1}
    assert preview["by_language"] == {"en": 2, "fr": 2}
    # The check mark keeps French in UCS-2 (accents alone would have gone to GSM-7).
    assert preview["sms"]["fr"]["encoding"] == "UCS-2"
    assert preview["sms"]["en"] == {"encoding": "GSM-7", "segments": 1, "characters": 30}
    assert preview["sms_segments"] == 3  # one segment each, fr fits in 70 UCS-2 characters
    assert preview["estimated_cost"] == pytest.approx(3 * preview["price_per_segment"])

    broadcast = f"/api/v1/broadcasts/{body['id']}"
    sent = await client.post(f"{broadcast}/send", headers=headers)
    assert sent.status_code == 202 and sent.json()["status"] == "sending"
    await BroadcastRunner(staffed.app.state.frontdoor.sessions, keyring, CHANNELS).tick()
    read = (await client.get(broadcast, headers=headers)).json()
    assert read["progress"]["recipients"] == 4 and read["progress"]["queued"] == 4

    paused = await client.post(f"{broadcast}/pause", headers=headers)
    assert paused.json()["progress"]["paused"] == 4
    again = await client.post(f"{broadcast}/pause", headers=headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    resumed = await client.post(f"{broadcast}/resume", headers=headers)
    assert resumed.json()["status"] == "sending"
    cancelled = await client.post(f"{broadcast}/cancel", headers=headers)
    assert cancelled.json()["progress"]["cancelled"] == 4
    assert cancelled.json()["status"] == "cancelled"


async def test_a_scheduled_broadcast_waits_for_its_time(
    staffed: Staffed, world: World, keyring: KeyRing
) -> None:
    client, headers = staffed.client, bearer(world, "admin")
    body = BODY | {"scheduled_at": "2999-01-01T09:00:00+01:00"}
    created = (await client.post("/api/v1/broadcasts", json=body, headers=headers)).json()
    assert created["scheduled_at"].startswith("2999-01-01T08:00:00")
    sent = await client.post(f"/api/v1/broadcasts/{created['id']}/send", headers=headers)
    assert sent.json()["status"] == "scheduled"
    await BroadcastRunner(staffed.app.state.frontdoor.sessions, keyring, CHANNELS).tick()
    read = await client.get(f"/api/v1/broadcasts/{created['id']}", headers=headers)
    assert read.json()["status"] == "scheduled"


@pytest.mark.parametrize("who", ["africa", "defender"])
async def test_other_roles_find_no_broadcasts(staffed: Staffed, world: World, who: str) -> None:
    client = staffed.client
    created = await client.post("/api/v1/broadcasts", json=BODY, headers=bearer(world, who))
    assert created.status_code == 404
    assert created.json()["error"]["code"] == "not_found"
    listed = await client.get("/api/v1/broadcasts", headers=bearer(world, who))
    assert listed.status_code == 404


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"fallback_language": "es"}, "fallback_language"),
        ({"texts": {}}, "texts"),
        ({"template": {"content_sid": "HX1"}}, "template"),
        ({"audience": {"channels": ["fax"]}}, "audience"),
        ({"scheduled_at": "2026-01-01T09:00:00"}, "scheduled_at"),
    ],
)
async def test_a_broadcast_that_cannot_go_out_is_a_json_422(
    staffed: Staffed, world: World, change: dict[str, Any], where: str
) -> None:
    response = await staffed.client.post(
        "/api/v1/broadcasts", json=BODY | change, headers=bearer(world, "admin")
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and where in error["message"]
