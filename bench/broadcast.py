"""Benchmark broadcasts: enqueueing one to 10,000 and 100,000 contacts, and the send rate
of a broadcast at the fake Telegram against the configured limit.

Run: .venv/bin/python bench/broadcast.py [--postgres postgresql+asyncpg://.../empty_db]
                                         [--sizes 10000 100000] [--rate 30] [--seconds 10]

The CPU time printed is the enqueueing process's own (on SQLite that includes the
database's work, done in the process; on PostgreSQL the server's is not counted): on a
shared machine it says what the wall time would be without the other load.

Each size runs in fresh child processes: one fills the database (bulk inserts: contacts
with their data keys and sealed Telegram, WhatsApp or SMS addresses, four languages),
another only enqueues, so its peak RSS (`ru_maxrss`) is the enqueue's alone. Streamed in
pages, the peak should not grow with the audience. The send phase runs `frontdoor
sender` as its own process against the fake Bot API and counts calls per second.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from bot.broadcasts.enqueue import enqueue  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage.crypto import (  # noqa: E402
    DataKey,
    KeyRing,
    associated_data,
    new_data_key_secret,
    seal,
)
from storage.db import create_engine, session_factory, unit_of_work  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    Broadcast,
    ChannelIdentity,
    Contact,
    ContactKey,
    OutboxItem,
    utcnow,
)
from tests.fakes.recording import max_in_window  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402

LANGUAGES = ("en", "fr", "es", "pt")
CHANNELS = ("telegram", "whatsapp", "sms")
FILL_BATCH = 5_000
SECRET = "bench-secret_0123456789"
CHILD_KEY = "BENCH_DATA_KEY"
TEXTS = {
    "en": "A new call for proposals is open until 30 June. Reply APPLY to start.",
    "fr": "Un nouvel appel à propositions est ouvert jusqu'au 30 juin. Répondez POSTULER.",
    "es": "Una nueva convocatoria está abierta hasta el 30 de junio. Responda APLICAR.",
    "pt": "Uma nova chamada está aberta até 30 de junho. Responda CANDIDATAR para começar.",
}


def keyring_of(key: str) -> KeyRing:
    return KeyRing(Settings(data_keys=key, _env_file=None).master_keys)


async def fill(url: str, key: str, size: int, channels: tuple[str, ...]) -> None:
    """`size` opted-in contacts, each with a key and one sealed address."""
    keyring = keyring_of(key)
    engine = create_engine(url)
    sessions = session_factory(engine)
    now = utcnow()
    try:
        for start in range(0, size, FILL_BATCH):
            contacts, keys, identities = [], [], []
            for n in range(start, min(size, start + FILL_BATCH)):
                contact_id, key_id, identity_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
                secret = new_data_key_secret()
                channel = channels[n % len(channels)]
                address = str(10_000_000 + n) if channel == "telegram" else f"+2376{n:08d}"
                contacts.append(
                    {
                        "id": contact_id,
                        "created_at": now,
                        "language": LANGUAGES[n % len(LANGUAGES)],
                        "country": "CM",
                        "region": "africa",
                        "tags": [],
                        "extra": {},
                        "consent_at": now,
                    }
                )
                keys.append(
                    {
                        "id": key_id,
                        "contact_id": contact_id,
                        "created_at": now,
                        "wrapped": keyring.wrap(secret, str(contact_id)),
                    }
                )
                data_key = DataKey(f"c:{key_id.hex}", secret)
                identities.append(
                    {
                        "id": identity_id,
                        "created_at": now,
                        "channel": channel,
                        "contact_id": contact_id,
                        "address_index": keyring.blind_index(f"identity:{channel}", address),
                        "address_enc": seal(
                            data_key,
                            address.encode(),
                            associated_data("channel_identities", "address_enc", identity_id),
                        ),
                    }
                )
            async with unit_of_work(sessions) as session:
                await session.execute(insert(Contact), contacts)
                await session.execute(insert(ContactKey), keys)
                await session.execute(insert(ChannelIdentity), identities)
    finally:
        await engine.dispose()


async def create_broadcast(url: str) -> uuid.UUID:
    engine = create_engine(url)
    try:
        async with unit_of_work(session_factory(engine)) as session:
            broadcast = Broadcast(
                id=uuid.uuid4(),
                name="bench",
                texts=TEXTS,
                fallback_language="en",
                audience={},
                status="sending",
                started_at=utcnow(),
            )
            session.add(broadcast)
        return broadcast.id
    finally:
        await engine.dispose()


async def timed_enqueue(url: str, key: str, broadcast_id: uuid.UUID) -> dict[str, float]:
    engine = create_engine(url)
    try:
        started, cpu = time.perf_counter(), time.process_time()
        written = await enqueue(session_factory(engine), keyring_of(key), broadcast_id)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        await engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return {"written": written, "seconds": took, "cpu_seconds": cpu, "peak_rss_mb": peak}


def child(mode: str, url: str, key: str, size: int, extra: str = "") -> str:
    """Run one phase in a fresh interpreter (the key in its environment, not its command
    line); its last stdout line."""
    command = [sys.executable, __file__, "--child", mode, url, str(size), extra]
    env = os.environ | {CHILD_KEY: key}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench: child {mode} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


async def _reset_postgres(url: str) -> None:
    base = make_url(url)
    name = base.database
    admin = create_async_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await admin.dispose()


def fresh(url: str) -> None:
    if url.startswith("postgresql"):
        asyncio.run(_reset_postgres(url))
    else:
        Path(make_url(url).database or "").unlink(missing_ok=True)
    upgrade(url)


def enqueue_figures(url: str, size: int) -> dict[str, float]:
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    fresh(url)
    child("fill", url, key, size, ",".join(CHANNELS))
    broadcast_id = child("broadcast", url, key, size)
    return json.loads(child("enqueue", url, key, size, broadcast_id))


async def unsent(url: str) -> int:
    engine = create_engine(url)
    try:
        async with unit_of_work(session_factory(engine)) as session:
            count = await session.scalar(
                select(func.count()).select_from(OutboxItem).where(OutboxItem.status != "sent")
            )
            return count or 0
    finally:
        await engine.dispose()


def sender_process(url: str, key: str, fake: FakeTelegram, rate: float, var: str):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDOOR_")}
    env |= {
        "PYTHONPATH": str(ROOT),
        "FRONTDOOR_DATABASE_URL": url,
        "FRONTDOOR_DATA_KEYS": key,
        "FRONTDOOR_VAR_DIR": var,
        "FRONTDOOR_LOG_LEVEL": "ERROR",
        "FRONTDOOR_TELEGRAM_TOKEN": fake.token,
        "FRONTDOOR_TELEGRAM_SECRET": SECRET,
        "FRONTDOOR_TELEGRAM_API_URL": fake.url,
        "FRONTDOOR_TELEGRAM_RATE": str(rate),
        "FRONTDOOR_SENDER_POLL_INTERVAL": "0.1",
    }
    command = [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main())"]
    return subprocess.Popen([*command, "sender"], cwd=ROOT, env=env)


async def send_figures(url: str, rate: float, seconds: float, var: str) -> dict[str, float]:
    """A Telegram-only broadcast of rate x seconds recipients, sent by `frontdoor sender`."""
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    count = int(rate * seconds)
    await fill(url, key, count, ("telegram",))
    broadcast_id = await create_broadcast(url)
    engine = create_engine(url)
    try:
        await enqueue(session_factory(engine), keyring_of(key), broadcast_id)
    finally:
        await engine.dispose()
    fake = FakeTelegram()
    fake.start()
    try:
        sender = sender_process(url, key, fake, rate, var)
        try:
            deadline = time.monotonic() + seconds * 4 + 30
            while await unsent(url):
                if time.monotonic() > deadline:
                    raise SystemExit("bench: broadcast still unsent")
                await asyncio.sleep(0.25)
        finally:
            sender.send_signal(signal.SIGTERM)
            sender.wait(30)
        calls = fake.calls.calls("sendMessage")
    finally:
        fake.stop()
    times = sorted(call.at for call in calls)
    bins = Counter(int(at - times[0]) for at in times)
    per_bin = [bins[index] for index in range(int(times[-1] - times[0]))] or [len(times)]
    print(f"sends per second at the fake: {per_bin}")
    chats = Counter(call.params["chat_id"] for call in calls if call.outcome == "ok")
    return {
        "calls": len(calls),
        "mean_per_s": sum(per_bin) / len(per_bin),
        "max_in_window": max_in_window(calls, 1.0),
        "doubled": sum(n - 1 for n in chats.values() if n > 1),
        "missing": count - len(chats),
    }


def run_child(argv: list[str]) -> None:
    mode, url, size, extra = argv
    key = os.environ[CHILD_KEY]
    if mode == "fill":
        asyncio.run(fill(url, key, int(size), tuple(extra.split(","))))
        print("filled")
    elif mode == "broadcast":
        print(asyncio.run(create_broadcast(url)))
    else:
        print(json.dumps(asyncio.run(timed_enqueue(url, key, uuid.UUID(extra)))))


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        run_child(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="an empty PostgreSQL database (dropped and made)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rate", type=float, default=30.0, help="FRONTDOOR_TELEGRAM_RATE")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the send phase")
    parser.add_argument("--skip-send", action="store_true")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as var:
        databases = {"SQLite": f"sqlite+aiosqlite:///{var}/bench.db"}
        if args.postgres:
            databases["PostgreSQL"] = args.postgres
        for name, url in databases.items():
            peaks = {}
            for size in args.sizes:
                result = enqueue_figures(url, size)
                peaks[size] = result["peak_rss_mb"]
                fast = result["seconds"] < 10
                ok &= fast and result["written"] == size
                print(
                    f"{name}: enqueued {int(result['written']):,} of {size:,} in "
                    f"{result['seconds']:.2f} s ({result['written'] / result['seconds']:,.0f}/s; "
                    f"this process's CPU {result['cpu_seconds']:.2f} s), "
                    f"peak RSS {result['peak_rss_mb']:.0f} MB  "
                    f"[{'PASS' if fast else 'FAIL'} < 10 s]"
                )
            if len(peaks) > 1:
                low, high = min(peaks), max(peaks)
                growth = peaks[high] / peaks[low]
                ok &= growth < 1.25
                print(
                    f"{name}: peak RSS {peaks[low]:.0f} MB for {low:,}, {peaks[high]:.0f} MB "
                    f"for {high:,} (x{growth:.2f})  [{'PASS' if growth < 1.25 else 'FAIL'} flat]"
                )
            if not args.skip_send:
                fresh(url)
                sent = asyncio.run(send_figures(url, args.rate, args.seconds, var))
                ratio = sent["mean_per_s"] / args.rate
                good = ratio >= 0.95 and sent["max_in_window"] <= args.rate
                good &= sent["missing"] == 0 and sent["doubled"] == 0
                ok &= good
                print(
                    f"{name}: broadcast sent at {sent['mean_per_s']:.2f}/s for "
                    f"{args.rate:g}/s configured ({ratio:.1%}), busiest 1-s window "
                    f"{sent['max_in_window']}, missing {sent['missing']}, doubled "
                    f"{sent['doubled']}  [{'PASS' if good else 'FAIL'} 95-100 %]"
                )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
