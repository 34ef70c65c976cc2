"""A broadcast sent by `frontdoor sender` as its own process, which also enqueues it:
killed with SIGKILL in the middle and restarted, no recipient is missing and at most
the sends in flight at the kill are doubled."""

from __future__ import annotations

import signal
import subprocess
from collections import Counter
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Broadcast
from tests.bot.broadcasts.people import TEXTS, Someone, a_broadcast, add_people
from tests.fakes.telegram_api import FakeTelegram
from tests.sender.helpers import sent_to
from tests.sender.test_process import (
    CONCURRENCY,
    eventually,
    kill_midway,
    sender_env,
    statuses,
    stop_all,
    tail,
)

RECIPIENTS = 600


async def test_killed_mid_broadcast_and_restarted_every_recipient_gets_it(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
    tmp_path: Path,
) -> None:
    chats = [str(600_000 + n) for n in range(RECIPIENTS)]
    languages = ("en", "fr", "es", "pt")
    await add_people(
        sessions,
        keyring,
        [Someone({"telegram": chat}, language=languages[n % 4]) for n, chat in enumerate(chats)],
    )
    broadcast_id = await a_broadcast(sessions)  # sending: the process enqueues it
    env = sender_env(settings, fake_telegram) | {"FRONTDOOR_TELEGRAM_RATE": "300"}
    log = tmp_path / "sender.log"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        await kill_midway(env, log, processes, fake_telegram, chats, RECIPIENTS)

        async def done() -> bool:
            async with unit_of_work(sessions) as session:
                broadcast = await session.get(Broadcast, broadcast_id)
                return broadcast is not None and broadcast.status == "done"

        await eventually(done, timeout=60, what=lambda: f"the broadcast done: {tail(log)}")
        processes[1].send_signal(signal.SIGTERM)
        assert processes[1].wait(15) == 0
    finally:
        stop_all(processes)
    assert await statuses(sessions) == {"sent": RECIPIENTS}
    calls = sent_to(fake_telegram, *chats)
    counts = Counter(str(params["chat_id"]) for params in calls)
    assert set(counts) == set(chats)  # nobody missing
    assert sum(n - 1 for n in counts.values()) <= CONCURRENCY
    for params in calls:
        language = languages[chats.index(str(params["chat_id"])) % 4]
        assert params["text"] == TEXTS[language]
