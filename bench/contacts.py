"""Contact list import and export: time, and whether the export streams.

Imports a generated list (the import test's generator: bad lines mixed in) with the same
importer as the CLI, console and API, then reads the whole export as the HTTP response
would send it. For each size it prints lines/s both ways and the export's peak Python
memory (tracemalloc, on a second pass): flat across sizes means the export streams
instead of building the file in memory. The sizes run in one process, each on a fresh
database.

    .venv/bin/python bench/contacts.py [--sizes 2000,10000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import io
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bot.contacts.export import export_csv
from bot.contacts.importer import ContactImporter
from storage.crypto import KeyRing, parse_master_keys
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import Base
from tests.bot.test_contacts_import import generate


async def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} CASCADE"))
    await engine.dispose()


async def measure(url: str, size: int) -> None:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--postgres")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        if args.postgres:
            upgrade(args.postgres)
            asyncio.run(_empty_postgres(args.postgres))
            asyncio.run(measure(args.postgres, size))
            continue
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{folder}/bench.db"
            upgrade(url)
            asyncio.run(measure(url, size))


if __name__ == "__main__":
    main()
