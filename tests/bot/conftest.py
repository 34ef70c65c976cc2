from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from storage.crypto import KeyRing
from tests.staff_world import Staffed, World, build_world, staffed_app


@pytest.fixture
async def world(sessions: async_sessionmaker[AsyncSession], keyring: KeyRing) -> World:
    return await build_world(sessions, keyring)


@pytest.fixture
async def staffed(settings: Settings) -> AsyncIterator[Staffed]:
    async for staffed in staffed_app(settings):
        yield staffed
