"""Enqueue messages for people, read the outcomes back, run a sender until it is done."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
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

DONE = frozenset({"sent", "failed", "stopped"})


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
            if all(r.status in DONE for r in (await rows(sessions)).values()):
                return time.monotonic() - started
            await asyncio.sleep(0.05)
        raise AssertionError(f"outbox not done after {timeout} s: {await rows(sessions)}")
    finally:
        stop.set()
        await asyncio.gather(*tasks)
