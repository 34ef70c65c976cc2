"""The console's preview on an install with no channel credentials: nobody can be
reached, and it says so instead of promising recipients."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.crypto import KeyRing
from tests.bot.broadcasts.people import Someone, a_broadcast, add_people
from tests.staff_world import Staffed, World, sign_in


async def test_the_preview_says_how_many_people_are_on_a_channel_that_is_off(
    staffed: Staffed,
    world: World,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
) -> None:
    assert not staffed.app.state.frontdoor.adapters  # the test settings configure none
    await add_people(
        sessions,
        keyring,
        [Someone({"sms": "+237650009101"}), Someone({"telegram": "9102"}, language="fr")],
    )
    broadcast_id = await a_broadcast(sessions, send=False)
    await sign_in(staffed, world, "secretariat")
    detail = await staffed.client.get(f"/console/broadcasts/{broadcast_id}")
    assert detail.status_code == 200
    assert "Recipients: 0 — SMS segments: 0" in detail.text
    assert "2 targeted people cannot be reached: their channel is not configured." in detail.text
