"""Contact list import and export: time, and whether the export streams.

Imports a generated list (the import test's generator: bad lines mixed in) with the same
importer as the CLI, console and API, then reads the whole export as the HTTP response
would send it. For each size it prints lines/s both ways and the export's peak Python
memory (tracemalloc, on a second pass): flat across sizes means the export streams
instead of building the file in memory. The sizes run in one process, each on a fresh
database. With --list N, N more contacts (bare rows, no addresses) are added after the
last size and the contact list is timed as secretariat (everyone) and as a coordinator
(people with a case in their queue): p50 / p95 of 20 requests' server-side work.

    .venv/bin/python bench/contacts.py [--sizes 2000,10000] [--list 100000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import io
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text

from bot.contacts.directory import ContactFilters, list_contacts
from bot.contacts.export import export_csv
from bot.contacts.importer import ContactImporter
from storage.crypto import KeyRing, parse_master_keys
from storage.db import create_engine, session_factory, unit_of_work
from storage.migrate import upgrade
from storage.models import Base, Case, Contact
from storage.vault import Vault
from tests.bot.test_contacts_import import generate


async def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} CASCADE"))
    await engine.dispose()


async def _add_bare_contacts(sessions, count: int) -> None:  # type: ignore[no-untyped-def]
    """`count` contacts without addresses, one in ten with a case in the africa queue."""
    draw, start = random.Random(7), datetime(2025, 1, 1, tzinfo=UTC)
    for first in range(0, count, 10_000):
        contacts, cases = [], []
        for n in range(first, min(first + 10_000, count)):
            country = draw.choice(["KE", "CM", "CO", "MZ", "PH"])
            contact_id = uuid.uuid4()
            contacts.append(
                {
                    "id": contact_id,
                    "created_at": start + timedelta(minutes=n),
                    "language": draw.choice(["en", "fr", "es", "pt"]),
                    "country": country,
                    "region": "africa" if country in ("KE", "CM", "MZ") else "other",
                    "tags": ["pilot", country.lower()] if n % 3 else ["pilot"],
                    "extra": {},
                }
            )
            if n % 10 == 0:
                cases.append(
                    {
                        "id": uuid.uuid4(),
                        "reference": f"CRE-2025-{n:06d}",
                        "contact_id": contact_id,
                        "channel": "sms",
                        "queue": "africa" if n % 20 == 0 else "latam_caribbean",
                        "labels": {},
                    }
                )
        async with unit_of_work(sessions) as session:
            await session.execute(insert(Contact), contacts)
            await session.execute(insert(Case), cases)
    async with unit_of_work(sessions) as session:
        await session.execute(text("ANALYZE"))  # as autovacuum / a long-lived database would


async def time_lists(sessions, keyring: KeyRing, total: int) -> None:  # type: ignore[no-untyped-def]
    everyone = SimpleNamespace(role="secretariat", queues=frozenset())
    africa = SimpleNamespace(role="coordinator", queues=frozenset({"africa"}))
    cases = [
        ("secretariat, page 1", everyone, ContactFilters(), 1),
        ("secretariat, language + country", everyone, ContactFilters("fr", "CM"), 1),
        ("secretariat, tag", everyone, ContactFilters(tag="ke"), 1),
        ("secretariat, phone", everyone, ContactFilters(phone="+254712345678"), 1),
        ("secretariat, page 100", everyone, ContactFilters(), 100),
        ("coordinator, page 1", africa, ContactFilters(), 1),
    ]
    print(f"contact list over {total:,} contacts (ms, p50 / p95):")
    for label, staff, chosen, page in cases:
        spent = []
        for _ in range(20):
            async with unit_of_work(sessions) as session:
                started = time.perf_counter()
                await list_contacts(session, Vault(session, keyring), staff, chosen, page)
                spent.append((time.perf_counter() - started) * 1000)
        spent.sort()
        print(f"  {label:34} {statistics.median(spent):6.1f} / {spent[18]:6.1f}")


async def measure(url: str, size: int, extra: int = 0) -> None:
    keyring = KeyRing(parse_master_keys(base64.urlsafe_b64encode(os.urandom(32)).decode()))
    engine = create_engine(url)
    sessions = session_factory(engine)
    data, _bad, good = generate(size)
    started = time.perf_counter()
    report = await ContactImporter(sessions, keyring).run(io.BytesIO(data))
    imported = time.perf_counter() - started
    assert report.created == good, (report.created, good)  # at most 10,000 distinct numbers

    started = time.perf_counter()
    lines = total = 0
    async for chunk in export_csv(sessions, keyring):
        lines += chunk.count("\n")
        total += len(chunk)
    exported = time.perf_counter() - started
    tracemalloc.start()  # a second pass: tracing slows it down
    async for _chunk in export_csv(sessions, keyring):
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    await engine.dispose()
    print(
        f"{size:>7,} lines: import {imported:6.1f} s ({size / imported:,.0f} lines/s), "
        f"{good:,} contacts; export {exported:5.1f} s ({(lines - 1) / exported:,.0f} lines/s, "
        f"{total / 1e6:.1f} MB of CSV), export peak Python memory {peak / 1e6:.1f} MB"
    )
    if extra:
        engine = create_engine(url)
        sessions = session_factory(engine)
        await _add_bare_contacts(sessions, extra)
        await time_lists(sessions, keyring, good + extra)
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--list", type=int, default=0)
    parser.add_argument("--postgres")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        extra = args.list if size == sizes[-1] else 0
        if args.postgres:
            upgrade(args.postgres)
            asyncio.run(_empty_postgres(args.postgres))
            asyncio.run(measure(args.postgres, size, extra))
            continue
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{folder}/bench.db"
            upgrade(url)
            asyncio.run(measure(url, size, extra))


if __name__ == "__main__":
    main()
