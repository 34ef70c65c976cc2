"""SQLite's planner gets statistics of the tables as they are: without them, deep pages
of the queue under a filter read every row."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import insert, text

from storage.db import create_engine, refresh_statistics
from storage.models import Contact


async def test_refreshing_statistics_records_every_indexed_table_that_has_rows(
    tmp_path: Path, sqlite_template: Path
) -> None:
    shutil.copy(sqlite_template, tmp_path / "stats.db")
    url = f"sqlite+aiosqlite:///{tmp_path / 'stats.db'}"
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(Contact), [{"language": "fr", "tags": [], "extra": {}} for _ in range(300)]
            )
        await refresh_statistics(engine)
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT tbl, stat FROM sqlite_stat1"))).all()
    finally:
        await engine.dispose()
    counted = {table: stat.split()[0] for table, stat in rows}
    assert counted["contacts"] == "300"


async def test_postgresql_statistics_of_the_outbox_are_refreshed(
    postgres_worker_url: str,
) -> None:
    """The outbox fills by a broadcast faster than autovacuum analyses it."""
    engine = create_engine(postgres_worker_url)
    try:
        await refresh_statistics(engine)
        async with engine.connect() as connection:
            analysed = await connection.scalar(
                text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'outbox'")
            )
    finally:
        await engine.dispose()
    assert analysed is not None
