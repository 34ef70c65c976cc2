"""What the app's lifespan owns: settings, the engine, the session factory, the keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.foreground import Foreground
from bot.inbound_queue import CONCURRENCY, DRAIN_SECONDS, SQLITE_CONCURRENCY, InboundQueue
from bot.settings import Settings
from channels.base import ChannelAdapter
from channels.registry import build_adapters
from intake.conversation.engine import ConversationEngine, IntakeSettings
from intake.routing import load_rules
from storage.crypto import KeyRing
from storage.db import create_engine, is_sqlite, session_factory
from storage.models import utcnow


def intake_settings(settings: Settings) -> IntakeSettings:
    """The conversation's settings: routing rules and emergency contacts per country."""
    contacts = dict(settings.emergency_contacts)
    default = contacts.pop("*", None)
    return IntakeSettings(
        rules=load_rules(settings.routing_file),
        emergency_contacts=contacts,
        **({"default_emergency_contacts": default} if default else {}),
    )


# Connections kept for storing inbound events on PostgreSQL, apart from the pool the
# conversations, the sender and the console share: when those held every connection (slow
# queries on a table planned while empty), webhook answers queued for one and took seconds.
ANSWER_POOL_SIZE = 4
ANSWER_POOL_OVERFLOW = 4


@dataclass
class AppState:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    keyring: KeyRing
    conversations: ConversationEngine
    adapters: dict[str, ChannelAdapter]
    # Where a webhook stores its events before answering: its own pool on PostgreSQL, the
    # same engine on SQLite (whose write gate already puts answers first).
    answer_engine: AsyncEngine
    answer_sessions: async_sessionmaker[AsyncSession]
    # What the console's session timeouts read; tests replace it to move time.
    clock: Callable[[], datetime] = field(default=utcnow)
    # Webhook answers go before the work that can wait (`bot.foreground`), such as the
    # stored inbound events waiting for their processing, after their webhook's 2xx.
    foreground: Foreground = field(init=False)
    inbound_queue: InboundQueue = field(init=False)

    def __post_init__(self) -> None:
        self.foreground = Foreground()
        sqlite = is_sqlite(self.settings.database_url)
        self.inbound_queue = InboundQueue(
            self.foreground, concurrency=SQLITE_CONCURRENCY if sqlite else CONCURRENCY
        )

    @classmethod
    def build(cls, settings: Settings) -> AppState:
        engine = create_engine(settings.database_url)
        keyring = KeyRing(settings.master_keys)
        sessions = session_factory(engine)
        answer_engine, answer_sessions = engine, sessions
        if not is_sqlite(settings.database_url):
            answer_engine = create_engine(
                settings.database_url,
                pool_size=ANSWER_POOL_SIZE,
                max_overflow=ANSWER_POOL_OVERFLOW,
                autocommit=True,
            )
            answer_sessions = session_factory(answer_engine)
        return cls(
            settings=settings,
            engine=engine,
            sessions=sessions,
            answer_engine=answer_engine,
            answer_sessions=answer_sessions,
            keyring=keyring,
            conversations=ConversationEngine(keyring, intake_settings(settings)),
            adapters=build_adapters(settings),
        )

    async def close(self) -> None:
        await self.inbound_queue.drain(DRAIN_SECONDS)
        for adapter in self.adapters.values():
            await adapter.aclose()
        await self.engine.dispose()
        if self.answer_engine is not self.engine:
            await self.answer_engine.dispose()
