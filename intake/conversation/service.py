"""Running the engine in its own unit of work, retried when two messages race."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from intake.conversation.engine import ConversationEngine, Handled, IncomingText
from storage.db import run_with_retries


async def converse(
    sessions: async_sessionmaker[AsyncSession], engine: ConversationEngine, incoming: IncomingText
) -> Handled:
    """Handle one message in one transaction (see `run_with_retries` for the races)."""
    return await run_with_retries(sessions, lambda session: engine.handle(session, incoming))
