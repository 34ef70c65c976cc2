"""Console and API timings on a large database: 100,000 cases and 1,000,000 messages.

Builds the database once (SQLite file, or PostgreSQL with --postgres URL), then times
the queue list (plain, filtered, free text), the console's queue page, and a case of 200
messages (API and console page), in-process over ASGI: p50 and p95 of --rounds requests.
A database that already holds cases (`--sqlite FILE` kept from an earlier run, or the
PostgreSQL one) is measured as it is, so code before and after a change meets the same data.

    .venv/bin/python bench/console.py [--cases 100000] [--messages 1000000] [--rounds 40]
    .venv/bin/python bench/console.py --postgres postgresql+asyncpg://postgres@127.0.0.1/bench
    .venv/bin/python bench/console.py --sqlite var/bench.db   # built on the first run only
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, insert, select, text

from bot.app import create_app
from bot.auth.sessions import COOKIE
from bot.settings import Settings
from intake.classification.classifier import LABEL_FIELDS
from intake.classification.taxonomy import load_taxonomy
from storage.crypto import DataKey, KeyRing, associated_data, new_data_key_secret, seal
from storage.db import create_engine, session_factory, unit_of_work
from storage.migrate import upgrade
from storage.models import Case, CaseLabel, ChannelIdentity, Contact, ContactKey, Message
from storage.models.case_labels import label_rows
from storage.repositories.staff import StaffRepository
from storage.repositories.staff_sessions import StaffSessionRepository

QUEUES = [
    "africa",
    "asia_pacific",
    "latam_caribbean",
    "mena",
    "europe_central_asia",
    "global",
    "defenders",
    "secretariat",
]
COUNTRIES = {
    "africa": "CM",
    "asia_pacific": "PH",
    "latam_caribbean": "CO",
    "mena": "EG",
    "europe_central_asia": "UA",
    "global": None,
    "defenders": "MZ",
    "secretariat": "KE",
}
STATUSES = ["new", "open", "waiting", "referred", "closed"]
CONTACTS = 20_000
CHUNK = 5_000
BIG_CASE_MESSAGES = 200


@dataclass
class Target:
    reference_big: str
    admin_token: str
    coordinator_token: str
    session_token: str


def _chunks(rows: list[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


async def _insert(engine, table, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
    async with engine.begin() as connection:
        for chunk in _chunks(rows):
            await connection.execute(insert(table), chunk)


def _labels(rng: random.Random) -> dict[str, list[str]]:
    taxonomy = load_taxonomy()
    return {
        name: rng.sample(
            list(taxonomy.labels(name)), k=min(rng.randint(0, 2), len(taxonomy.labels(name)))
        )
        for name in LABEL_FIELDS
    }


async def build(url: str, keyring: KeyRing, cases: int, messages: int) -> None:
    """Fill an empty, migrated database."""
    rng = random.Random(7)
    engine = create_engine(url)
    now = datetime.now(UTC)
    keys: list[tuple[uuid.UUID, DataKey, uuid.UUID]] = []
    contact_rows, key_rows, identity_rows = [], [], []
    for _ in range(CONTACTS):
        contact_id, key_id, identity_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        secret = new_data_key_secret()
        contact_rows.append({"id": contact_id, "created_at": now, "tags": [], "extra": {}})
        key_rows.append(
            {
                "id": key_id,
                "contact_id": contact_id,
                "created_at": now,
                "wrapped": keyring.wrap(secret, str(contact_id)),
            }
        )
        data_key = DataKey(f"c:{key_id.hex}", secret)
        identity_rows.append(
            {
                "id": identity_id,
                "channel": "sms",
                "contact_id": contact_id,
                "created_at": now,
                "address_index": os.urandom(32),
                "address_enc": seal(
                    data_key,
                    b"+237650000000",
                    associated_data("channel_identities", "address_enc", identity_id),
                ),
            }
        )
        keys.append((contact_id, data_key, identity_id))
    await _insert(engine, Contact, contact_rows)
    await _insert(engine, ContactKey, key_rows)
    await _insert(engine, ChannelIdentity, identity_rows)

    case_rows, case_ids = [], []
    for number in range(1, cases + 1):
        queue = rng.choice(QUEUES)
        contact_id, _, identity_id = keys[number % CONTACTS]
        created = now - timedelta(minutes=rng.randint(0, 525_600))
        case_id = uuid.uuid4()
        case_rows.append(
            {
                "id": case_id,
                "reference": f"CRE-2026-{number:06d}",
                "contact_id": contact_id,
                "identity_id": identity_id,
                "channel": "sms",
                "status": rng.choice(STATUSES),
                "priority": "urgent"
                if rng.random() < 0.01
                else rng.choice(["high", "normal", "low"]),
                "queue": queue,
                "language": rng.choice(["en", "fr", "es", "pt"]),
                "country": COUNTRIES[queue],
                "region": queue,
                "labels": _labels(rng),
                "risk": "none",
                "created_at": created,
                "updated_at": created,
                "routing_rule": "region_of_country",
            }
        )
        case_ids.append((case_id, number % CONTACTS, created))
    await _insert(engine, Case, case_rows)
    # A bulk insert bypasses the ORM's flush listener: write the label rows as it would.
    await _insert(
        engine, CaseLabel, [r for c in case_rows for r in label_rows(c["id"], c["labels"])]
    )

    per_case = max(1, (messages - BIG_CASE_MESSAGES) // max(1, cases - 1))
    message_rows: list[dict] = []
    for index, (case_id, contact_index, created) in enumerate(case_ids):
        count = BIG_CASE_MESSAGES if index == 0 else per_case
        contact_id, data_key, identity_id = keys[contact_index]
        for n in range(count):
            message_id = uuid.uuid4()
            message_rows.append(
                {
                    "id": message_id,
                    "contact_id": contact_id,
                    "identity_id": identity_id,
                    "case_id": case_id,
                    "channel": "sms",
                    "direction": "in" if n % 2 == 0 else "out",
                    "status": "received" if n % 2 == 0 else "delivered",
                    "created_at": created + timedelta(minutes=n),
                    "status_at": created,
                    "body_enc": seal(
                        data_key,
                        f"Message {n} about the mine and our land.".encode(),
                        associated_data("messages", "body_enc", message_id),
                    ),
                }
            )
        if len(message_rows) >= 50_000:
            await _insert(engine, Message, message_rows)
            message_rows = []
    await _insert(engine, Message, message_rows)

    async with unit_of_work(session_factory(engine)) as session:
        staff = StaffRepository(session)
        for queue in QUEUES:
            await staff.ensure_queue(queue)
        await staff.add_user("admin@bench.example", role="admin")
        await staff.add_user("africa@bench.example", role="coordinator", queues=["africa"])
    await engine.dispose()


async def refresh_statistics(url: str) -> None:
    """A database in use has been vacuumed and analysed (autovacuum on PostgreSQL, a
    maintenance job on SQLite): do it now, also after a migration made new indexes."""
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("VACUUM ANALYZE"))
    else:
        # In a transaction that commits: the engine opens each with BEGIN IMMEDIATE, and
        # an ANALYZE under AUTOCOMMIT would be rolled back with it.
        async with engine.begin() as connection:
            await connection.execute(text("ANALYZE"))
    await engine.dispose()


async def built(url: str) -> bool:
    engine = create_engine(url)
    async with engine.connect() as connection:
        found = await connection.scalar(select(func.count()).select_from(Case))
    await engine.dispose()
    return bool(found)


async def sign_in(url: str) -> Target:
    """Fresh tokens and a fresh console session (a kept session would have timed out)."""
    engine = create_engine(url)
    async with unit_of_work(session_factory(engine)) as session:
        staff = StaffRepository(session)
        admin = await staff.by_email("admin@bench.example")
        coordinator = await staff.by_email("africa@bench.example")
        assert admin is not None and coordinator is not None
        sessions = StaffSessionRepository(session)
        target = Target(
            reference_big="CRE-2026-000001",
            admin_token=await staff.issue_token(admin),
            coordinator_token=await staff.issue_token(coordinator),
            session_token=(await sessions.create(admin.id, "full", datetime.now(UTC)))[0],
        )
    await engine.dispose()
    return target


Timings = tuple[list[float], list[float], float]


class DatabaseCpu:
    """CPU seconds used by the PostgreSQL backends serving the bench's database, read from
    /proc (the server runs on this machine); SQLite works inside our own process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.pids: list[int] = []

    async def find(self) -> None:
        if not self.url.startswith("postgresql"):
            return
        engine = create_engine(self.url)
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            self.pids = [pid for (pid,) in rows]
        await engine.dispose()

    def used(self) -> float:
        ticks = 0
        for pid in self.pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")


async def _time(  # type: ignore[no-untyped-def]
    client: httpx.AsyncClient, url: str, rounds: int, database: DatabaseCpu, **kwargs
) -> Timings:
    """Wall time and this process's CPU time (every thread: on SQLite the database works
    inside it) of each request, and the mean CPU time per request of the whole server,
    PostgreSQL's backends included. On a machine others share, the CPU time is what a
    request costs; the wall time adds the waits for a core."""

    async def get() -> None:
        response = await client.get(url, **kwargs)
        assert response.status_code == 200, (url, response.status_code, response.text[:200])

    for _ in range(2):  # warm the caches
        await get()
    await database.find()
    wall, cpu = [], []
    database_before = database.used()
    for _ in range(rounds):
        started, used = time.perf_counter(), time.process_time()
        await get()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    server = sum(cpu) + (database.used() - database_before) * 1000
    return wall, cpu, server / rounds


def _p(timings: list[float], q: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


Result = tuple[str, float, float, float, float]


def _result(name: str, timings: Timings) -> Result:
    wall, cpu, server = timings
    return name, _p(wall, 0.5), _p(wall, 0.95), _p(cpu, 0.5), server


async def measure(url: str, keys: str, target: Target, rounds: int) -> list[Result]:
    settings = Settings(
        database_url=url,
        data_keys=keys,
        secret_key="bench",
        background_enabled=False,
        _env_file=None,
    )
    app = create_app(settings)
    admin = {"Authorization": f"Bearer {target.admin_token}"}
    coordinator = {"Authorization": f"Bearer {target.coordinator_token}"}
    cookies = {COOKIE: target.session_token}
    cases = [
        ("API list, no filter", "/api/v1/cases", admin),
        (
            "API list, status+queue+priority",
            "/api/v1/cases?status=open&queue=africa&priority=normal",
            admin,
        ),
        ("API list, label filter", "/api/v1/cases?label=land_grabbing", admin),
        ("API list, free text (reference)", "/api/v1/cases?q=CRE-2026-00042", admin),
        ("API list, free text (case number)", "/api/v1/cases?q=4217", admin),
        ("API list, free text (label words)", "/api/v1/cases?q=land+grabbing", admin),
        ("API list, free text (country)", "/api/v1/cases?q=co", admin),
        ("API list, coordinator (one queue)", "/api/v1/cases", coordinator),
        ("API list, page 500", "/api/v1/cases?page=500", admin),
        ("API list, page 2000 (the last)", "/api/v1/cases?page=2000", admin),
        ("API list, coordinator page 200", "/api/v1/cases?page=200", coordinator),
        ("API list, language filter, page 400", "/api/v1/cases?language=fr&page=400", admin),
        ("API case, 200 messages", f"/api/v1/cases/{target.reference_big}", admin),
    ]
    results = []
    database = DatabaseCpu(url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for name, path, headers in cases:
                timings = await _time(client, path, rounds, database, headers=headers)
                results.append(_result(name, timings))
            client.cookies.update(cookies)
            for name, path in (
                ("Console queue page", "/console/queue"),
                ("Console queue page, filtered", "/console/queue?status=open&queue=africa"),
                ("Console case page, 200 messages", f"/console/cases/{target.reference_big}"),
            ):
                results.append(_result(name, await _time(client, path, rounds, database)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL database")
    parser.add_argument("--sqlite", metavar="FILE", type=Path, help="keep the SQLite file")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    # A fixed key (bench data only), so a kept database opens on the next run.
    keys = base64.urlsafe_b64encode(hashlib.sha256(b"frontdoor bench").digest()).decode()
    keyring = KeyRing(Settings(data_keys=keys, _env_file=None).master_keys)
    with tempfile.TemporaryDirectory() as scratch:
        sqlite = args.sqlite or Path(scratch) / "bench.db"
        url = args.postgres or f"sqlite+aiosqlite:///{sqlite}"
        upgrade(url)
        if asyncio.run(built(url)):
            print(f"measuring the cases already in {url.split(':', 1)[0]}")
        else:
            started = time.perf_counter()
            asyncio.run(build(url, keyring, args.cases, args.messages))
            print(
                f"built {args.cases:,} cases and {args.messages:,} messages on "
                f"{url.split(':', 1)[0]} in {time.perf_counter() - started:.0f} s"
            )
        asyncio.run(refresh_statistics(url))
        target = asyncio.run(sign_in(url))
        load = os.getloadavg()[0]
        results = asyncio.run(measure(url, keys, target, args.rounds))
    print(f"{'request':<40} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'srv CPU':>8}")
    for name, *figures in results:
        print(f"{name:<40}" + "".join(f" {figure:>8.1f}" for figure in figures))
    print(
        f"(statistics: {args.rounds} requests each, in-process over ASGI; median of all "
        f"p95: {statistics.median(r[2] for r in results):.1f} ms; load average "
        f"{load:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores)\n"
        "(CPU p50: this process, per request; srv CPU: the mean per request with the "
        "database server's backends)"
    )


if __name__ == "__main__":
    main()
