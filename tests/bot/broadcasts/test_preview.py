"""A broadcast's preview: recipients per channel and language, and what its SMS cost —
GSM-7 where the bot's conversion allows it, UCS-2 otherwise, in billed segments."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcasts.audience import CHANNELS
from bot.broadcasts.preview import preview, sms_cost
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Broadcast
from tests.bot.broadcasts.people import Someone, a_broadcast, add_people


@pytest.mark.parametrize(
    ("text", "encoding", "count"),
    [
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),  # 153 per part once split
        ("€" * 80, "GSM-7", 1),  # extension characters count twice
        ("Répondez à l'appel « POSTULER » – merci", "GSM-7", 1),  # accents and quotes convert
        ("Ответьте APPLY", "UCS-2", 1),
        ("a" * 69 + "✅", "UCS-2", 1),
        ("a" * 70 + "✅", "UCS-2", 2),  # 67 per part once split
    ],
)
def test_sms_segments_per_text(text: str, encoding: str, count: int) -> None:
    cost = sms_cost(text)
    assert (cost.encoding, cost.segments) == (encoding, count)


async def test_recipients_per_channel_and_language_and_the_estimated_cost(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    await add_people(
        sessions,
        keyring,
        [
            Someone({"sms": "+237650006001"}, language="fr"),
            Someone({"sms": "+237650006002"}, language="fr"),
            Someone({"sms": "+237650006003"}, language="en"),
            Someone({"telegram": "6004"}, language="fr"),
            Someone({"sms": "+237650006005"}, language="fr", opted_out=True),
        ],
    )
    texts = {"en": "Short news.", "fr": "Nouvelles ✅ " + "x" * 70}  # fr: UCS-2, 2 segments
    broadcast_id = await a_broadcast(sessions, texts=texts, send=False)
    async with unit_of_work(sessions) as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None
        found = await preview(session, broadcast, 0.05, CHANNELS)
    assert found.recipients == 4 and found.unreachable == 0
    assert dict(found.by_channel_language) == {
        ("sms", "fr"): 2,
        ("sms", "en"): 1,
        ("telegram", "fr"): 1,
    }
    assert found.sms["fr"].encoding == "UCS-2" and found.sms["fr"].segments == 2
    assert found.sms_segments == 2 * 2 + 1
    assert found.estimated_cost == pytest.approx(0.25)
