"""A person talking to the engine over a real database, with a clock the test controls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from i18n.catalog import placeholders, translator
from i18n.sms import to_gsm7
from intake.conversation.engine import ConversationEngine, IncomingText
from intake.conversation.service import converse
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Case


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Person:
    """One person on one channel; `say` returns the bot's replies."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        keyring: KeyRing,
        clock: Clock,
        user: str = "ana",
        channel: str = "simulator",
    ) -> None:
        self.sessions = sessions
        self.engine = ConversationEngine(keyring, clock=clock)
        self.user, self.channel = user, channel
        self.last_state = ""
        self.reference: str | None = None

    async def say(self, text: str, **extra: str) -> list[str]:
        handled = await converse(
            self.sessions, self.engine, IncomingText(self.channel, self.user, text, **extra)
        )
        self.last_state, self.reference = handled.state, handled.reference or self.reference
        return handled.replies

    async def case(self) -> Case:
        async with unit_of_work(self.sessions) as session:
            case = await session.scalar(select(Case).where(Case.reference == self.reference))
        assert case is not None
        return case


def prefix(language: str, message: str) -> str:
    """The fixed start of a message in `language`, up to its first placeholder."""
    marker = "\x00"
    filled = {name: marker for name in placeholders(message)}
    return translator(language).gettext(message, **filled).split(marker, 1)[0].strip()


def has(replies: list[str], language: str, message: str) -> bool:
    """Whether the bot said `message` (in `language`) among `replies`."""
    start = prefix(language, message)
    # On SMS the bot's words arrive in the GSM-7 alphabet ("número" as "numero").
    return any(reply.startswith((start, to_gsm7(start))) for reply in replies)


# A whole English intake about land in Kenya, from the first message to the case.
KENYA_STORY = (
    "Hello, a mining company is taking our land in Kenya",
    "yes",
    "done",
    "yes",
    "Turkana",
    "the mine",
    "1",
    "no",
    "skip",
    "skip",
    "yes",
)


async def open_a_case(person: Person, story: tuple[str, ...] = KENYA_STORY) -> None:
    """Walk `person` through the whole intake until their case exists."""
    for text in story:
        await person.say(text)
    assert person.reference, "the story did not end with a case"
