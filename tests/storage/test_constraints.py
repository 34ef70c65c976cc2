"""What the database itself guarantees: no duplicate events, no shared case references."""

from __future__ import annotations

import asyncio
import re

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from storage.crypto import KeyRing
from storage.db import create_engine, session_factory, unit_of_work
from storage.models import InboundEvent
from storage.repositories.cases import CaseRepository
from storage.repositories.events import InboundEventRepository
from storage.vault import Vault


async def test_duplicate_inbound_event_is_refused_by_the_database(
    db_url: str, keyring: KeyRing
) -> None:
    engine = create_engine(db_url)
    sessions = session_factory(engine)
    async with unit_of_work(sessions) as session:
        events = InboundEventRepository(session, Vault(session, keyring))
        assert await events.record("telegram", "1001", "{}") is not None
        assert await events.record("telegram", "1001", "{}") is None
        assert await events.record("sms", "1001", "{}") is not None
    with pytest.raises(IntegrityError):
        async with unit_of_work(sessions) as session:
            await session.execute(
                insert(InboundEvent).values(channel="telegram", external_id="1001")
            )
    await engine.dispose()


async def test_concurrent_case_creations_never_share_a_reference(db_url: str) -> None:
    engine = create_engine(db_url)
    sessions = session_factory(engine)

    async def create_one() -> str:
        async with unit_of_work(sessions) as session:
            return (await CaseRepository(session).create(channel="sms")).reference

    references = await asyncio.gather(*(create_one() for _ in range(40)))
    await engine.dispose()
    assert len(set(references)) == 40
    assert all(re.fullmatch(r"CRE-\d{4}-\d{6}", ref) for ref in references)
    assert sorted(int(ref[-6:]) for ref in references) == list(range(1, 41))
