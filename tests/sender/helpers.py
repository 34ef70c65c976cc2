"""Enqueue messages for people, read the outcomes back, run a sender until it is done."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.sender import Sender
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import (
    PRIORITY_REPLY,
    ChannelIdentity,
    Contact,
    Message,
    OutboxItem,
    OutboxPart,
    utcnow,
)
from storage.repositories.cases import CaseRepository
from storage.repositories.identities import IdentityRepository
from storage.repositories.messages import MessageRepository
from storage.vault import Vault
from tests.fakes.recording import RecordedCall
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio

DONE = frozenset({"sent", "failed", "stopped"})
LONG_TEXT = " ".join(f"word{n}" for n in range(1800))  # about 13,000 characters


@dataclass(frozen=True)
class Outgoing:
    """One message to enqueue."""

    channel: str
    address: str
    body: str = "Hello, we received your message."
    priority: int = PRIORITY_REPLY
    last_inbound_at: datetime | None = None
    template: dict[str, Any] | None = None
    with_case: bool = False


@dataclass(frozen=True)
class Row:
    """An outbox row and its message, as stored."""

    id: uuid.UUID
    status: str
    attempts: int
    last_error: str | None
    provider_id: str | None
    next_attempt_at: datetime | None
    message_status: str
    message_provider_id: str | None
    error_code: str | None
    identity_id: uuid.UUID


async def enqueue_many(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, items: Iterable[Outgoing]
) -> list[uuid.UUID]:
    """Enqueue the messages in one transaction; their outbox ids, in order."""
    ids = []
    async with unit_of_work(sessions) as session:
        vault = Vault(session, keyring)
        identities = IdentityRepository(session, vault)
        messages = MessageRepository(session, vault)
        for item in items:
            identity, _ = await identities.find_or_create_contact_identity(
                item.channel, item.address
            )
            identity.last_inbound_at = item.last_inbound_at or utcnow()
            case_id = None
            if item.with_case:
                assert identity.contact_id is not None
                case = await CaseRepository(session).create(
                    contact_id=identity.contact_id,
                    identity_id=identity.id,
                    channel=item.channel,
                    language="en",
                    country="KE",
                )
                case_id = case.id
            message = await messages.enqueue_outbound(
                identity,
                item.body,
                priority=item.priority,
                template=item.template,
                case_id=case_id,
            )
            outbox_id = await session.scalar(
                select(OutboxItem.id).where(OutboxItem.message_id == message.id)
            )
            assert outbox_id is not None
            ids.append(outbox_id)
    return ids


async def enqueue(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, item: Outgoing
) -> uuid.UUID:
    return (await enqueue_many(sessions, keyring, [item]))[0]


async def rows(sessions: async_sessionmaker[AsyncSession]) -> dict[uuid.UUID, Row]:
    async with unit_of_work(sessions) as session:
        result = await session.execute(
            select(OutboxItem, Message).join(Message, Message.id == OutboxItem.message_id)
        )
        return {
            item.id: Row(
                id=item.id,
                status=item.status,
                attempts=item.attempts,
                last_error=item.last_error,
                provider_id=item.provider_id,
                next_attempt_at=item.next_attempt_at,
                message_status=message.status,
                message_provider_id=message.provider_id,
                error_code=message.error_code,
                identity_id=item.identity_id,
            )
            for item, message in result.all()
        }


async def row(sessions: async_sessionmaker[AsyncSession], outbox_id: uuid.UUID) -> Row:
    return (await rows(sessions))[outbox_id]


async def parts(sessions: async_sessionmaker[AsyncSession], outbox_id: uuid.UUID) -> list[str]:
    """Provider ids of the recorded parts, in order."""
    async with unit_of_work(sessions) as session:
        found = await session.scalars(
            select(OutboxPart.provider_id)
            .where(OutboxPart.outbox_id == outbox_id)
            .order_by(OutboxPart.part)
        )
        return list(found)


async def identity_and_contact(
    sessions: async_sessionmaker[AsyncSession], identity_id: uuid.UUID
) -> tuple[ChannelIdentity, Contact]:
    async with unit_of_work(sessions) as session:
        identity = await session.get(ChannelIdentity, identity_id)
        assert identity is not None and identity.contact_id is not None
        contact = await session.get(Contact, identity.contact_id)
        assert contact is not None
        return identity, contact


async def unfinished(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Rows not yet sent, failed or stopped."""
    async with unit_of_work(sessions) as session:
        count = await session.scalar(
            select(func.count()).select_from(OutboxItem).where(OutboxItem.status.not_in(DONE))
        )
        return count or 0


async def run_until_done(
    senders: Sequence[Sender],
    sessions: async_sessionmaker[AsyncSession],
    *,
    timeout: float = 10.0,
) -> float:
    """Run the senders side by side until every row is sent, failed or stopped; seconds."""
    stop = asyncio.Event()
    tasks = [asyncio.create_task(sender.run_forever(stop)) for sender in senders]
    started = time.monotonic()
    try:
        while time.monotonic() - started < timeout:
            if await unfinished(sessions) == 0:
                return time.monotonic() - started
            await asyncio.sleep(0.05)
        raise AssertionError(f"outbox not done after {timeout} s: {await rows(sessions)}")
    finally:
        stop.set()
        await asyncio.gather(*tasks)


def _recipient(call: RecordedCall) -> str:
    params = call.params
    return str(params.get("chat_id") or params.get("To", "")).removeprefix("whatsapp:")


def calls_to(fake: FakeTelegram | FakeTwilio, *recipients: str) -> list[RecordedCall]:
    """This test's send calls, in arrival order. A fake serves every test of a worker, and
    a call another test left hanging (a delay fault) can be recorded during this one."""
    wanted = set(recipients)
    return [call for call in fake.calls.calls() if _recipient(call) in wanted]


def sent_to(fake: FakeTelegram | FakeTwilio, *recipients: str) -> list[dict[str, Any]]:
    """Parameters of the successful send calls to `recipients`."""
    return [call.params for call in calls_to(fake, *recipients) if call.outcome == "ok"]


async def wait_for_calls(
    fake: FakeTelegram | FakeTwilio, *recipients: str, count: int, timeout: float = 5.0
) -> list[RecordedCall]:
    """Wait until `count` calls to `recipients` are recorded (a delayed call is recorded
    when the fake answers it)."""
    deadline = time.monotonic() + timeout
    while len(calls := calls_to(fake, *recipients)) < count:
        assert time.monotonic() < deadline, f"{len(calls)} of {count} calls arrived"
        await asyncio.sleep(0.05)
    return calls
