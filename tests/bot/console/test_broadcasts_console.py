"""Broadcasts in the console: the secretariat writes one in several languages, sees the
preview (recipients, SMS segments and cost), sends, pauses, resumes and cancels it and
watches its progress; anyone else finds nothing there."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcasts.audience import CHANNELS
from bot.broadcasts.runner import BroadcastRunner
from bot.settings import Settings
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Broadcast, StaffUser
from tests.bot.broadcasts.people import Someone, add_people, with_every_channel
from tests.staff_world import Staffed, World, csrf_of, sign_in

FORM = {
    "name": "Water fund <b>2026</b>",
    "text_en": "The water fund is open. Reply APPLY.",
    "text_fr": "Le fonds de l'eau est ouvert. Répondez POSTULER.",
    "fallback_language": "en",
    "countries": "cm",
    "channels": ["sms", "telegram"],
    "variables": "",
}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Every channel has credentials: the preview counts everyone reachable."""
    return with_every_channel(settings)


async def _create(staffed: Staffed, world: World, **change: object) -> tuple[uuid.UUID, str]:
    page = await sign_in(staffed, world, "secretariat")
    csrf = csrf_of(page.text)
    response = await staffed.client.post(
        "/console/broadcasts", data={**FORM, **change, "csrf_token": csrf}
    )
    assert response.status_code == 303, response.text
    return uuid.UUID(response.headers["location"].rsplit("/", 1)[1]), csrf


async def test_write_preview_send_pause_resume_cancel_and_watch_progress(
    staffed: Staffed,
    world: World,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
) -> None:
    await add_people(
        sessions,
        keyring,
        [
            Someone({"sms": "+237650009001"}, language="fr"),
            Someone({"telegram": "9002"}, language="es"),
            Someone({"whatsapp": "+237650009003"}),
        ],
    )
    broadcast_id, csrf = await _create(staffed, world)
    client, page = staffed.client, f"/console/broadcasts/{broadcast_id}"
    detail = await client.get(page)
    assert "Water fund &lt;b&gt;2026&lt;/b&gt;" in detail.text
    assert "<h2>Preview</h2>" in detail.text
    assert "Recipients: 2 — SMS segments: 1" in detail.text
    assert "GSM-7, 1 segments" in detail.text
    listing = await client.get("/console/broadcasts")
    assert f"/console/broadcasts/{broadcast_id}" in listing.text

    for action, status in (("send", "sending"), ("pause", "paused"), ("resume", "sending")):
        response = await client.post(f"{page}/{action}", data={"csrf_token": csrf})
        assert response.status_code == 303, response.text
        if action == "send":
            await BroadcastRunner(staffed.app.state.frontdoor.sessions, keyring, CHANNELS).tick()
        async with unit_of_work(sessions) as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            assert broadcast is not None and broadcast.status == status
    part = await client.get(f"{page}/progress", headers={"X-Console-Poll": "1"})
    assert "<td>2</td>" in part.text  # queued

    refused = await client.post(f"{page}/send", data={"csrf_token": csrf})
    assert refused.status_code == 409
    assert "This cannot be done while the broadcast is sending." in refused.text
    await client.post(f"{page}/cancel", data={"csrf_token": csrf})
    part = await client.get(f"{page}/progress", headers={"X-Console-Poll": "1"})
    assert "cancelled" in part.text


async def test_a_form_that_cannot_go_out_is_shown_again_with_the_reason(
    staffed: Staffed, world: World
) -> None:
    page = await sign_in(staffed, world, "secretariat")
    response = await staffed.client.post(
        "/console/broadcasts",
        data={**FORM, "fallback_language": "pt", "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 422
    assert "Write a text in the fallback language." in response.text
    assert "Le fonds de l&#39;eau est ouvert." in response.text  # kept as typed


async def test_the_screens_speak_the_staff_members_language(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with unit_of_work(sessions) as session:
        user = await session.scalar(
            select(StaffUser).where(StaffUser.email == world.emails["secretariat"])
        )
        assert user is not None
        user.ui_language = "fr"
    broadcast_id, _ = await _create(staffed, world)
    detail = await staffed.client.get(f"/console/broadcasts/{broadcast_id}")
    assert "<h2>Aperçu</h2>" in detail.text and "Destinataires" in detail.text


async def test_without_the_csrf_token_nothing_is_sent(staffed: Staffed, world: World) -> None:
    broadcast_id, _ = await _create(staffed, world)
    response = await staffed.client.post(f"/console/broadcasts/{broadcast_id}/send", data={})
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["africa", "defender"])
async def test_other_roles_find_no_broadcasts(staffed: Staffed, world: World, who: str) -> None:
    page = await sign_in(staffed, world, who)
    assert "/console/broadcasts" not in page.text
    assert (await staffed.client.get("/console/broadcasts")).status_code == 404
    response = await staffed.client.post(
        "/console/broadcasts", data={**FORM, "csrf_token": csrf_of(page.text)}
    )
    assert response.status_code == 404
