"""Benchmark inbound webhooks: signed Twilio SMS from distinct senders against
`frontdoor serve` (the in-process sender replying to a fake Twilio), compared in the same
run with a bare FastAPI endpoint that checks the signature and inserts one row.

Run: .venv/bin/python bench/inbound.py [--postgres postgresql+asyncpg://user@host/db]
                                       [--closed-seconds 10] [--open-seconds 30]

For each database (a fresh SQLite file; with --postgres also a scratch database made on
that server and dropped afterwards), each server runs as a real subprocess on loopback,
and the load generator (bench/inbound_load.py, httpx) as another:

1. closed loop, 32 clients: requests per second. Target: Frontdoor >= 50 % of baseline.
2. open loop, 100 requests/s offered for 30 s: p50 and p99 latency from when each request
   was due. Target: Frontdoor p99 < 100 ms.
3. afterwards: every MessageSid answered 2xx is stored exactly once, each was handled once
   (one inbound message per sender), and each sender got a reply at the fake Twilio.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from bot.settings import Settings  # noqa: E402
from storage.db import create_engine, session_factory, unit_of_work  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import InboundEvent, Message  # noqa: E402
from tests.fakes.twilio_api import FakeTwilio  # noqa: E402
from tests.live_server import free_port, live_server  # noqa: E402

SMS_FROM = "+15005550006"
CONCURRENCY = 32
OFFERED_RATE = 100.0
# Every person's first reply, after the load: the sender and the status callbacks
# share the server's one process with the conversations still in line.
REPLY_TIMEOUT = 900.0
START_TIMEOUT = 30.0


@dataclass(frozen=True)
class Phase:
    """One load run as the generator saw it: timed requests, and every sid answered."""

    requests: int
    failures: Counter[int]  # HTTP status (0: no answer) -> requests, for every non-2xx
    elapsed: float
    latencies: list[float]
    answered: dict[str, str]  # sid -> sender, for every 2xx (warm-up included)

    @property
    def failed(self) -> int:
        return sum(self.failures.values())

    @property
    def rps(self) -> float:
        return self.requests / self.elapsed

    def percentile(self, q: float) -> float:
        cut = statistics.quantiles(self.latencies, n=1000, method="inclusive")
        return cut[round(q * 1000) - 1] * 1000


def run_load(url: str, fake: FakeTwilio, first: int, mode: list[str]) -> Phase:
    command = [
        sys.executable,
        str(ROOT / "bench" / "inbound_load.py"),
        url,
        "--token",
        fake.auth_token,
        "--account-sid",
        fake.account_sid,
        "--to",
        SMS_FROM,
        "--first",
        str(first),
        *mode,
    ]
    output = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
    timed, warmup = output["results"], output["warmup"]
    return Phase(
        requests=len(timed),
        failures=Counter(status for _, _, status, _ in timed if not 200 <= status < 300),
        elapsed=output["elapsed"],
        latencies=[seconds for *_, seconds in timed],
        answered={sid: sender for sid, sender, status, _ in timed + warmup if status == 200},
    )


def phases(url: str, fake: FakeTwilio, first: int, args: argparse.Namespace) -> list[Phase]:
    closed = ["--closed", str(CONCURRENCY), "--seconds", str(args.closed_seconds)]
    offered = ["--open", str(OFFERED_RATE), "--seconds", str(args.open_seconds)]
    return [run_load(url, fake, first, closed), run_load(url, fake, first + 1_000_000, offered)]


@contextlib.contextmanager
def baseline_server(database_url: str, fake: FakeTwilio, workdir: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "BENCH_DATABASE_URL": database_url,
        "BENCH_AUTH_TOKEN": fake.auth_token,
        "BENCH_PUBLIC_URL": url,
    }
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(ROOT / "bench")]
    command += ["inbound_baseline:app", "--port", str(port), "--no-access-log"]
    with (workdir / "baseline.log").open("wb") as log:
        process = subprocess.Popen(command, env=env, cwd=workdir, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/openapi.json", timeout=1).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"bench: the baseline did not start; see {workdir}/baseline.log")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


@contextlib.contextmanager
def scratch_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server of `server_url`, dropped afterwards."""
    base = make_url(server_url)
    name = f"{base.database}_inbound_bench"
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'

    async def admin(*statements: str) -> None:
        engine = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                for statement in statements:
                    await connection.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(admin(drop, f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(admin(drop))


async def baseline_stored(database_url: str) -> Counter[str]:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT message_sid FROM bench_baseline_events"))
            return Counter(row.message_sid for row in rows)
    finally:
        await engine.dispose()


@dataclass(frozen=True)
class Stored:
    events: Counter[str]  # external id -> rows
    unhandled: int
    inbound_per_identity: Counter[int]  # messages per sender -> how many senders


async def frontdoor_stored(database_url: str) -> Stored:
    engine = create_engine(database_url)
    try:
        async with unit_of_work(session_factory(engine)) as session:
            events = Counter(
                await session.scalars(
                    select(InboundEvent.external_id).where(InboundEvent.channel == "sms")
                )
            )
            unhandled = await session.scalar(
                select(func.count())
                .select_from(InboundEvent)
                .where(InboundEvent.handled_at.is_(None))
            )
            per_identity = await session.execute(
                select(func.count())
                .select_from(Message)
                .where(Message.direction == "in", Message.channel == "sms")
                .group_by(Message.identity_id)
            )
            return Stored(events, unhandled or 0, Counter(count for (count,) in per_identity))
    finally:
        await engine.dispose()


def frontdoor_settings(database_url: str, var: Path) -> Settings:
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    return Settings(
        database_url=database_url,
        data_keys=key,
        secret_key=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        var_dir=var,
        _env_file=None,
    )


def frontdoor_env(fake: FakeTwilio) -> dict[str, str]:
    return {
        "FRONTDOOR_LOG_LEVEL": "WARNING",
        "FRONTDOOR_TWILIO_ACCOUNT_SID": fake.account_sid,
        "FRONTDOOR_TWILIO_AUTH_TOKEN": fake.auth_token,
        "FRONTDOOR_TWILIO_SMS_FROM": SMS_FROM,
        "FRONTDOOR_TWILIO_API_URL": fake.url,
        # The fake releases at once; a real long code would take 1 segment/s.
        "FRONTDOOR_TWILIO_SMS_RATE": "1000",
    }


def wait_for_replies(fake: FakeTwilio, senders: set[str]) -> tuple[set[str], float]:
    """The senders still without a reply once every one has one (or the time is up), and
    how long that took."""
    started = time.monotonic()
    while True:
        missing = senders - {params["To"] for params in fake.created()}
        waited = time.monotonic() - started
        if not missing or waited > REPLY_TIMEOUT:
            return missing, waited
        time.sleep(0.5)


@dataclass(frozen=True)
class Result:
    database: str
    baseline: list[Phase]
    frontdoor: list[Phase]
    baseline_lost: int
    baseline_doubled: int
    lost: int
    doubled: int
    unhandled: int
    handled_twice: int
    unanswered: int
    drained: float


def bench_database(
    name: str, database_url: str, baseline_url: str, args: argparse.Namespace, workdir: Path
) -> Result:
    fake = FakeTwilio()
    fake.start()
    try:
        print(f"[{name}] baseline ...", flush=True)
        with baseline_server(baseline_url, fake, workdir) as url:
            baseline = phases(url, fake, 10_000_000, args)
        stored_baseline = asyncio.run(baseline_stored(baseline_url))
        print(f"[{name}] frontdoor serve ...", flush=True)
        upgrade(database_url)
        settings = frontdoor_settings(database_url, workdir / "var")
        with live_server(settings, workdir, frontdoor_env(fake)) as server:
            frontdoor = phases(server.url, fake, 20_000_000, args)
            answered = {sid: s for phase in frontdoor for sid, s in phase.answered.items()}
            unanswered, drained = wait_for_replies(fake, set(answered.values()))
            stored = asyncio.run(frontdoor_stored(database_url))
    finally:
        fake.stop()
    baseline_answered = {sid for phase in baseline for sid in phase.answered}
    return Result(
        database=name,
        baseline=baseline,
        frontdoor=frontdoor,
        baseline_lost=len(baseline_answered - set(stored_baseline)),
        baseline_doubled=sum(n - 1 for n in stored_baseline.values() if n > 1),
        lost=len(set(answered) - set(stored.events)),
        doubled=sum(n - 1 for n in stored.events.values() if n > 1),
        unhandled=stored.unhandled,
        handled_twice=sum(n for count, n in stored.inbound_per_identity.items() if count > 1),
        unanswered=len(unanswered),
        drained=drained,
    )


def report(result: Result) -> bool:
    (b_closed, b_open), (f_closed, f_open) = result.baseline, result.frontdoor
    ratio = f_closed.rps / b_closed.rps
    print(f"\n{result.database}")
    print(f"  {'':10} {'closed loop (32)':>22} {'open loop, 100/s offered':>34}")
    for label, closed, opened in (("baseline", b_closed, b_open), ("frontdoor", f_closed, f_open)):
        print(
            f"  {label:10} {closed.rps:8.1f} req/s ({closed.failed} failed)"
            f"   p50 {opened.percentile(0.5):6.1f} ms  p99 {opened.percentile(0.99):6.1f} ms"
            f"  ({opened.requests} sent in {opened.elapsed:.1f} s, {opened.failed} failed)"
        )
        for phase in (closed, opened):
            if phase.failures:
                print(f"  {'':10} failed answers by status: {dict(phase.failures)}")
    print(
        f"  baseline: lost {result.baseline_lost}, duplicated {result.baseline_doubled}; "
        f"frontdoor: lost {result.lost}, duplicated {result.doubled}, unhandled "
        f"{result.unhandled}, handled twice {result.handled_twice}, without a reply "
        f"{result.unanswered} (every first reply at the fake {result.drained:.0f} s after "
        "the load)"
    )
    checks = {
        f"closed loop >= 50 % of baseline ({ratio:.0%})": ratio >= 0.5,
        "open loop p99 < 100 ms": f_open.percentile(0.99) < 100,
        "no request failed": f_closed.failed + f_open.failed == 0,
        "zero lost or duplicated": result.lost + result.doubled == 0,
        "each handled once, each got its reply": (
            result.unhandled + result.handled_twice + result.unanswered == 0
        ),
    }
    for label, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {label}")
    return all(checks.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="an empty PostgreSQL database (asyncpg URL)")
    parser.add_argument("--closed-seconds", type=float, default=10.0)
    parser.add_argument("--open-seconds", type=float, default=30.0)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in ("sqlite", "postgresql") if args.postgres else ("sqlite",):
            workdir = work / name
            workdir.mkdir()
            if name == "sqlite":
                url = f"sqlite+aiosqlite:///{workdir}/frontdoor.db"
                baseline_url = f"sqlite+aiosqlite:///{workdir}/baseline.db"
                results.append(bench_database(name, url, baseline_url, args, workdir))
                continue
            with scratch_database(args.postgres) as url:
                # The baseline's one table sits beside Frontdoor's in the scratch database.
                results.append(bench_database(name, url, url, args, workdir))
    ok = [report(result) for result in results]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
