"""`frontdoor sender` as its own process: killed in the middle and restarted, or drained.

The fake Telegram runs in the test process; the sender subprocess reaches it over
loopback. A high rate limit keeps each run of 1,000 sends to about ten seconds.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.sender import start_sender
from bot.settings import Settings
from bot.state import AppState
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import OutboxItem
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio
from tests.sender.conftest import TELEGRAM_SECRET, provider_settings
from tests.sender.helpers import Outgoing, enqueue_many, run_until_done, sent_to

ROOT = Path(__file__).resolve().parents[2]
# What the `frontdoor` console script runs, without depending on the script's install.
SENDER_COMMAND = [
    sys.executable,
    "-c",
    "from bot.cli import main; raise SystemExit(main())",
    "sender",
]
COUNT = 1000
CHATS = 100
CONCURRENCY = 16


def sender_env(settings: Settings, fake: FakeTelegram) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDOOR_")}
    assert settings.data_keys is not None
    env |= {
        "PYTHONPATH": str(ROOT),
        "FRONTDOOR_DATABASE_URL": settings.database_url,
        "FRONTDOOR_DATA_KEYS": settings.data_keys.get_secret_value(),
        "FRONTDOOR_SECRET_KEY": "test-secret-key-not-for-production",
        "FRONTDOOR_VAR_DIR": str(settings.var_dir),
        "FRONTDOOR_LOG_LEVEL": "WARNING",
        "FRONTDOOR_TELEGRAM_TOKEN": fake.token,
        "FRONTDOOR_TELEGRAM_SECRET": TELEGRAM_SECRET,
        "FRONTDOOR_TELEGRAM_API_URL": fake.url,
        "FRONTDOOR_TELEGRAM_RATE": "5000",
        "FRONTDOOR_TELEGRAM_CHAT_RATE": "1000",
        "FRONTDOOR_SENDER_CONCURRENCY": str(CONCURRENCY),
        "FRONTDOOR_SENDER_LEASE_SECONDS": "4",
        "FRONTDOOR_SENDER_SEND_TIMEOUT": "1",
        "FRONTDOOR_SENDER_POLL_INTERVAL": "0.05",
    }
    return env


def start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            SENDER_COMMAND,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


async def eventually(
    check: Callable[[], bool | Awaitable[bool]], *, timeout: float, what: Callable[[], str]
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        done = check()
        if await done if inspect.isawaitable(done) else done:
            return
        assert time.monotonic() < deadline, f"timed out waiting for {what()}"
        await asyncio.sleep(0.1)


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:]


async def all_sent(sessions: async_sessionmaker[AsyncSession]) -> bool:
    return (await statuses(sessions)).get("sent", 0) == COUNT


def stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


async def kill_midway(
    env: dict[str, str],
    log: Path,
    processes: list[subprocess.Popen[bytes]],
    fake: FakeTelegram,
    chats: list[str],
    expected: int,
) -> None:
    """Start a sender, kill it with SIGKILL once 40 % of `expected` sends reached `fake`,
    and start another in its place (both appended to `processes`, for `stop_all`)."""
    processes.append(start(env, log))
    await eventually(
        lambda: len(sent_to(fake, *chats)) >= expected * 0.4,
        timeout=40,
        what=lambda: f"40 % of the sends: {tail(log)}",
    )
    processes[0].kill()
    assert processes[0].wait(10) == -signal.SIGKILL
    processes.append(start(env, log))


async def statuses(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with unit_of_work(sessions) as session:
        rows = await session.execute(
            select(OutboxItem.status, func.count()).group_by(OutboxItem.status)
        )
        return {status: count for status, count in rows.all()}


async def enqueue_numbered(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, first_chat: int
) -> list[str]:
    """COUNT messages, each with its own number in the text, over CHATS chats."""
    chats = [str(first_chat + n) for n in range(CHATS)]
    await enqueue_many(
        sessions,
        keyring,
        [Outgoing("telegram", chats[n % CHATS], body=f"message {n}") for n in range(COUNT)],
    )
    return chats


def received(fake: FakeTelegram, chats: list[str]) -> Counter[str]:
    """How many times the provider accepted each message."""
    return Counter(params["text"] for params in sent_to(fake, *chats))


async def test_killed_in_the_middle_and_restarted_nothing_is_missing(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
    tmp_path: Path,
) -> None:
    chats = await enqueue_numbered(sessions, keyring, 100_000)
    env = sender_env(settings, fake_telegram)
    log = tmp_path / "sender.log"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        await kill_midway(env, log, processes, fake_telegram, chats, COUNT)
        await eventually(
            lambda: all_sent(sessions), timeout=60, what=lambda: f"every row sent: {tail(log)}"
        )
        processes[1].send_signal(signal.SIGTERM)
        assert processes[1].wait(15) == 0
    finally:
        stop_all(processes)
    counts = received(fake_telegram, chats)
    assert set(counts) == {f"message {n}" for n in range(COUNT)}  # no message missing
    duplicates = sum(count - 1 for count in counts.values())
    assert duplicates <= CONCURRENCY  # at most the sends that were in flight at the kill


async def test_sigterm_drains_without_duplicates(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
    tmp_path: Path,
) -> None:
    chats = await enqueue_numbered(sessions, keyring, 200_000)
    env = sender_env(settings, fake_telegram)
    log = tmp_path / "sender.log"
    processes = [start(env, log)]
    try:
        await eventually(
            lambda: len(sent_to(fake_telegram, *chats)) >= COUNT * 0.3,
            timeout=40,
            what=lambda: f"30 % of the sends: {tail(log)}",
        )
        processes[0].send_signal(signal.SIGTERM)
        assert processes[0].wait(15) == 0
        drained = await statuses(sessions)
        # In-flight sends finished, the other claimed rows were given back at once.
        assert set(drained) <= {"sent", "pending"}
        assert drained["sent"] == len(sent_to(fake_telegram, *chats)) < COUNT
        processes.append(start(env, log))
        await eventually(
            lambda: all_sent(sessions), timeout=60, what=lambda: f"every row sent: {tail(log)}"
        )
        processes[1].send_signal(signal.SIGTERM)
        assert processes[1].wait(15) == 0
    finally:
        stop_all(processes)
    counts = received(fake_telegram, chats)
    assert len(counts) == COUNT and set(counts.values()) == {1}


def test_without_a_configured_channel_the_command_says_so(settings: Settings) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDOOR_")}
    assert settings.data_keys is not None
    env |= {
        "PYTHONPATH": str(ROOT),
        "FRONTDOOR_DATABASE_URL": settings.database_url,
        "FRONTDOOR_DATA_KEYS": settings.data_keys.get_secret_value(),
        "FRONTDOOR_VAR_DIR": str(settings.var_dir),
    }
    done = subprocess.run(
        SENDER_COMMAND,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert "no channel is configured" in done.stderr


async def test_the_web_app_runs_the_sender_in_process_and_stops_it(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
    fake_twilio: FakeTwilio,
) -> None:
    state = AppState.build(provider_settings(settings, fake_telegram, fake_twilio))
    task = start_sender(state)
    assert task is not None
    try:
        await enqueue_many(sessions, keyring, [Outgoing("telegram", "300001")])
        await run_until_done([], sessions)  # no sender of its own: the app's does the work
    finally:
        await task.stop()
        await state.close()
    assert len(sent_to(fake_telegram, "300001")) == 1
