"""What the app's lifespan owns: settings, the engine, the session factory, the keys."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.settings import Settings
from storage.crypto import KeyRing
from storage.db import create_engine, session_factory


@dataclass
class AppState:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    keyring: KeyRing

    @classmethod
    def build(cls, settings: Settings) -> AppState:
        engine = create_engine(settings.database_url)
        return cls(
            settings=settings,
            engine=engine,
            sessions=session_factory(engine),
            keyring=KeyRing(settings.master_keys),
        )

    async def close(self) -> None:
        await self.engine.dispose()
