"""Benchmark the sender against the fake Telegram: the rate it achieves against the rate it
is allowed, and what a burst of 429s does.

Run: .venv/bin/python bench/send.py [--rate 30] [--seconds 10] [--burst 5]
                                     [--database-url postgresql+asyncpg://.../empty_db]

`frontdoor sender` runs as its own process, as deployed, against a fake Bot API on
127.0.0.1 that records when each call arrives. Two phases, one sender:

1. steady: rate x seconds messages to distinct chats. Achieved rate = mean calls per
   one-second bin (full bins only), and the most calls in any sliding one-second window.
2. burst: as many messages again, the first `--burst` calls answered 429 with
   retry_after. Every message must be accepted exactly once, no window above the limit,
   and no call may arrive while a retry_after runs (beyond calls already in flight).

The database is a fresh SQLite file unless --database-url names an empty one (migrated
here).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bot.settings import Settings  # noqa: E402
from storage.crypto import KeyRing  # noqa: E402
from storage.db import create_engine, session_factory, unit_of_work  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import OutboxItem  # noqa: E402
from tests.fakes.recording import RecordedCall, max_in_window  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402
from tests.sender.helpers import Outgoing, enqueue_many  # noqa: E402

SECRET = "bench-secret_0123456789"
# The fake answers a 429 and the sender reads it; calls already on the wire by then are
# not "inside" the pause.
IN_FLIGHT_GRACE = 0.1


@dataclass(frozen=True)
class Figures:
    calls: int
    accepted: int
    mean_per_bin: float
    min_per_bin: int
    max_in_window: int
    doubled: int
    missing: int
    inside_pause: int


def figures(calls: list[RecordedCall], texts: list[str], retry_after: float) -> Figures:
    times = sorted(call.at for call in calls)
    start = times[0]
    bins = Counter(int(at - start) for at in times)
    full = range(int(times[-1] - start))  # the last bin is partial
    per_bin = [bins[index] for index in full] or [len(times)]
    accepted = Counter(call.params["text"] for call in calls if call.outcome == "ok")
    pauses = [call.at for call in calls if call.status_code == 429]
    inside = [
        call
        for call in calls
        if any(at + IN_FLIGHT_GRACE < call.at < at + retry_after for at in pauses)
    ]
    return Figures(
        calls=len(calls),
        accepted=sum(accepted.values()),
        mean_per_bin=sum(per_bin) / len(per_bin),
        min_per_bin=min(per_bin),
        max_in_window=max_in_window(calls, 1.0),
        doubled=sum(count - 1 for count in accepted.values() if count > 1),
        missing=len(set(texts) - set(accepted)),
        inside_pause=len(inside),
    )


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


async def enqueue(url: str, keyring: KeyRing, first: int, count: int) -> list[str]:
    texts = [f"bench message {first + n}" for n in range(count)]
    engine = create_engine(url)
    try:
        items = [Outgoing("telegram", str(first + n), body=text) for n, text in enumerate(texts)]
        await enqueue_many(session_factory(engine), keyring, items)
    finally:
        await engine.dispose()
    return texts


async def wait_until_sent(url: str, timeout: float) -> float:
    started = time.monotonic()
    while await unsent(url):
        if time.monotonic() - started > timeout:
            raise SystemExit(f"bench: rows still unsent after {timeout:.0f} s")
        await asyncio.sleep(0.25)
    return time.monotonic() - started


def sender_process(url: str, key: str, fake: FakeTelegram, args: argparse.Namespace, var: str):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDOOR_")}
    env |= {
        "PYTHONPATH": str(ROOT),
        "FRONTDOOR_DATABASE_URL": url,
        "FRONTDOOR_DATA_KEYS": key,
        "FRONTDOOR_VAR_DIR": var,
        "FRONTDOOR_LOG_LEVEL": "ERROR",  # the 429s are expected
        "FRONTDOOR_TELEGRAM_TOKEN": fake.token,
        "FRONTDOOR_TELEGRAM_SECRET": SECRET,
        "FRONTDOOR_TELEGRAM_API_URL": fake.url,
        "FRONTDOOR_TELEGRAM_RATE": str(args.rate),
        "FRONTDOOR_SENDER_CONCURRENCY": str(args.concurrency),
        "FRONTDOOR_SENDER_POLL_INTERVAL": "0.1",
    }
    command = [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main())"]
    return subprocess.Popen([*command, "sender"], cwd=ROOT, env=env)


async def bench(args: argparse.Namespace, url: str, var: str) -> tuple[Figures, Figures]:
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    keyring = KeyRing(Settings(data_keys=key, _env_file=None).master_keys)
    count = int(args.rate * args.seconds)
    fake = FakeTelegram()
    fake.start()
    try:
        steady_texts = await enqueue(url, keyring, 1_000_000, count)
        sender = sender_process(url, key, fake, args, var)
        try:
            took = await wait_until_sent(url, timeout=args.seconds * 4 + 30)
            print(f"steady: {count} messages sent in {took:.1f} s")
            steady = fake.calls.calls("sendMessage")
            fake.calls.clear()
            fake.faults.fail_next("throttle", n=args.burst, retry_after=args.retry_after)
            burst_texts = await enqueue(url, keyring, 2_000_000, count)
            took = await wait_until_sent(url, timeout=args.seconds * 4 + 30)
            print(f"burst:  {count} messages sent in {took:.1f} s, {args.burst} x 429 injected")
            burst = fake.calls.calls("sendMessage")
        finally:
            sender.send_signal(signal.SIGTERM)
            sender.wait(30)
    finally:
        fake.stop()
    return (
        figures(steady, steady_texts, args.retry_after),
        figures(burst, burst_texts, args.retry_after),
    )


def report(name: str, result: Figures, rate: float) -> bool:
    ratio = result.mean_per_bin / rate
    checks = {f"achieved >= 95 % of {rate:g}/s": ratio >= 0.95} if name == "steady" else {}
    checks |= {
        f"never above {rate:g} in any 1-s window": result.max_in_window <= rate,
        "nothing lost": result.missing == 0,
        "nothing doubled": result.doubled == 0,
        "no call inside a retry_after": result.inside_pause == 0,
    }
    print(
        f"\n{name}: {result.calls} calls, {result.accepted} accepted; "
        f"mean {result.mean_per_bin:.2f}/s per full second ({ratio:.1%} of the limit), "
        f"slowest second {result.min_per_bin}, busiest 1-s window {result.max_in_window}; "
        f"lost {result.missing}, doubled {result.doubled}, "
        f"calls inside a retry_after {result.inside_pause}"
    )
    for label, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {label}")
    return all(checks.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=30.0, help="FRONTDOOR_TELEGRAM_RATE")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--burst", type=int, default=5, help="429s injected in phase 2")
    parser.add_argument("--retry-after", type=int, default=1, help="retry_after of each 429")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", help="an empty database (default: temporary SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        url = args.database_url or f"sqlite+aiosqlite:///{var}/bench.db"
        upgrade(url)
        steady, burst = asyncio.run(bench(args, url, var))
    ok = report("steady", steady, args.rate) & report("burst", burst, args.rate)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
