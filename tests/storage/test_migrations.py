"""The schema is the migrations: they build it from empty and round-trip on both databases."""

from __future__ import annotations

import asyncio

from alembic import command
from sqlalchemy import inspect

from storage.db import create_engine
from storage.migrate import alembic_config, downgrade, upgrade
from storage.models import Base


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


def test_upgrade_builds_every_table_and_matches_the_models(db_url: str) -> None:
    assert set(Base.metadata.tables) <= asyncio.run(_tables(db_url))
    # Fails when a model changed without a migration.
    command.check(alembic_config(db_url))


def test_downgrade_to_empty_and_upgrade_again(db_url: str) -> None:
    downgrade(db_url, "base")
    assert asyncio.run(_tables(db_url)) <= {"alembic_version"}
    upgrade(db_url)
    assert set(Base.metadata.tables) <= asyncio.run(_tables(db_url))
