"""Label rows follow `Case.labels` through every ORM write, and the migration that made
them filled them in for the cases that already existed."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import create_engine, unit_of_work
from storage.migrate import downgrade, upgrade
from storage.models import Case, CaseLabel
from storage.repositories.cases import CaseRepository

BEFORE_LABEL_ROWS = "ac427beca660"


async def _labels(sessions: async_sessionmaker[AsyncSession], case_id: uuid.UUID) -> set[str]:
    async with unit_of_work(sessions) as session:
        rows = await session.scalars(select(CaseLabel.label).where(CaseLabel.case_id == case_id))
        return set(rows)


async def test_rows_follow_new_and_changed_labels(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        case = await CaseRepository(session).create(
            channel="sms", labels={"needs": ["legal"], "violations": ["land_grabbing"]}
        )
    assert await _labels(sessions, case.id) == {"legal", "land_grabbing"}
    async with unit_of_work(sessions) as session:
        stored = await session.get(Case, case.id)
        stored.labels = {"needs": ["funding_grant"]}
    assert await _labels(sessions, case.id) == {"funding_grant"}
    async with unit_of_work(sessions) as session:
        stored = await session.get(Case, case.id)
        stored.status = "open"  # other changes leave the rows alone
    assert await _labels(sessions, case.id) == {"funding_grant"}


def test_the_migration_fills_rows_for_existing_cases(db_url: str) -> None:
    downgrade(db_url, BEFORE_LABEL_ROWS)
    case_id = uuid.uuid4()

    async def insert() -> None:
        engine = create_engine(db_url)
        try:
            async with engine.begin() as connection:
                await connection.execute(
                    Case.__table__.insert().values(
                        id=case_id,
                        reference="CRE-2026-000001",
                        channel="sms",
                        labels={"needs": ["legal"], "sectors": ["mining"]},
                    )
                )
        finally:
            await engine.dispose()

    async def rows() -> set[str]:
        engine = create_engine(db_url)
        try:
            async with engine.connect() as connection:
                found = await connection.execute(text("SELECT label FROM case_labels"))
                return {label for (label,) in found}
        finally:
            await engine.dispose()

    asyncio.run(insert())
    upgrade(db_url)
    assert asyncio.run(rows()) == {"legal", "mining"}
