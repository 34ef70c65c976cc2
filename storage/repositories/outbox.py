"""The outbox after enqueue: claimed with a lease, then sent, retried, failed or stopped.

Several senders may run at once. A claim is one conditional UPDATE (with `FOR UPDATE SKIP
LOCKED` on PostgreSQL, so senders skip each other's rows instead of queueing behind them;
SQLite serialises writers with `BEGIN IMMEDIATE`). Every later change is conditional on
still holding the lease, so a sender whose lease ran out never overwrites the outcome of
the sender that took the row over.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from storage.models import ChannelIdentity, Contact, Message, OutboxItem, OutboxPart

# Short enough for a console column; provider texts can be long.
MAX_REASON = 200
MAX_CODE = 16


@dataclass(frozen=True)
class Claim:
    """A row this sender holds the lease on; `attempts` already counts this attempt."""

    id: uuid.UUID
    owner: str
    message_id: uuid.UUID
    identity_id: uuid.UUID
    channel: str
    priority: int
    attempts: int
    template: dict[str, Any] | None


def _ready(now: datetime) -> ColumnElement[bool]:
    """Rows a sender may take: due pending rows, and rows whose holder's lease ran out."""
    return or_(
        and_(
            OutboxItem.status == "pending",
            or_(OutboxItem.next_attempt_at.is_(None), OutboxItem.next_attempt_at <= now),
        ),
        and_(OutboxItem.status == "leased", OutboxItem.lease_expires_at < now),
    )


def _first_in_line() -> ColumnElement[bool]:
    """No unfinished row to the same person comes before this one in sending order
    (priority, then time written): each person gets their messages one at a time and in
    order, replies before a broadcast that is still waiting."""
    ahead = aliased(OutboxItem)
    return ~exists().where(
        ahead.identity_id == OutboxItem.identity_id,
        ahead.status.in_(("pending", "leased")),
        or_(
            ahead.priority < OutboxItem.priority,
            and_(ahead.priority == OutboxItem.priority, ahead.created_at < OutboxItem.created_at),
            and_(
                ahead.priority == OutboxItem.priority,
                ahead.created_at == OutboxItem.created_at,
                ahead.id < OutboxItem.id,
            ),
        ),
    )


def _held(claim: Claim) -> ColumnElement[bool]:
    return and_(
        OutboxItem.id == claim.id,
        OutboxItem.status == "leased",
        OutboxItem.lease_owner == claim.owner,
    )


def _code(code: str) -> str:
    return code[:MAX_CODE]


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(
        self,
        owner: str,
        *,
        channels: list[str],
        limit: int,
        lease_for: timedelta,
        now: datetime,
    ) -> list[Claim]:
        """Lease up to `limit` ready rows, replies before alerts before bulk, oldest first,
        and at most the next one for each person (see `_first_in_line`)."""
        if not channels or limit < 1:
            return []
        candidates = (
            select(OutboxItem.id)
            .where(_ready(now), OutboxItem.channel.in_(channels), _first_in_line())
            .order_by(OutboxItem.priority, OutboxItem.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)  # SQLite renders no FOR UPDATE
            # Evaluated once: as a plain IN subquery PostgreSQL may run it again and take
            # more than `limit` rows.
            .cte("candidates")
            .prefix_with("MATERIALIZED")
        )
        statement = (
            update(OutboxItem)
            # Re-checked after the lock: a row another sender just took is not ready.
            .where(OutboxItem.id.in_(select(candidates.c.id)), _ready(now))
            .values(
                status="leased",
                lease_owner=owner,
                lease_expires_at=now + lease_for,
                attempts=OutboxItem.attempts + 1,
            )
            .returning(
                OutboxItem.id,
                OutboxItem.message_id,
                OutboxItem.identity_id,
                OutboxItem.channel,
                OutboxItem.priority,
                OutboxItem.attempts,
                OutboxItem.template,
                OutboxItem.created_at,
            )
            .execution_options(synchronize_session=False)
        )
        rows = (await self.session.execute(statement)).all()
        # RETURNING does not keep the subquery's order.
        rows.sort(key=lambda row: (row.priority, row.created_at))
        return [
            Claim(
                id=row.id,
                owner=owner,
                message_id=row.message_id,
                identity_id=row.identity_id,
                channel=row.channel,
                priority=row.priority,
                attempts=row.attempts,
                template=row.template,
            )
            for row in rows
        ]

    async def renew(self, claim: Claim, *, lease_for: timedelta, now: datetime) -> bool:
        """Extend the lease; False when it was lost (reclaimed, sent, or the row is gone).

        Before sending a row that waited since its claim, this is the "was it already
        sent?" check.
        """
        result = await self.session.execute(
            update(OutboxItem)
            .where(_held(claim))
            .values(lease_expires_at=now + lease_for)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def sent_parts(self, claim: Claim) -> dict[int, str]:
        """Provider ids of the parts already accepted, by part number."""
        rows = await self.session.execute(
            select(OutboxPart.part, OutboxPart.provider_id).where(OutboxPart.outbox_id == claim.id)
        )
        return {row.part: row.provider_id for row in rows}

    async def record_part(
        self,
        claim: Claim,
        part: int,
        provider_id: str,
        *,
        lease_for: timedelta,
        now: datetime,
    ) -> bool:
        """Remember an accepted part (and extend the lease); False when the lease was lost."""
        if not await self.renew(claim, lease_for=lease_for, now=now):
            return False
        self.session.add(
            OutboxPart(outbox_id=claim.id, part=part, provider_id=provider_id, sent_at=now)
        )
        await self.session.flush()
        return True

    async def mark_sent(
        self,
        claim: Claim,
        *,
        first_provider_id: str,
        last_provider_id: str,
        status: str,
        now: datetime,
    ) -> bool:
        """Done: the message carries the first part's provider id, the outbox row the last."""
        result = await self.session.execute(
            update(OutboxItem)
            .where(_held(claim))
            .values(
                status="sent",
                provider_id=last_provider_id,
                sent_at=now,
                lease_owner=None,
                lease_expires_at=None,
                last_error=None,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return False
        await self._set_message(
            claim, status=status, provider_id=first_provider_id, error_code=None, now=now
        )
        return True

    async def reschedule(
        self,
        claim: Claim,
        *,
        at: datetime,
        code: str,
        refund: bool = False,
    ) -> bool:
        """Back to pending until `at`. `refund` when nothing was attempted (throttled)."""
        values: dict[str, Any] = {
            "status": "pending",
            "next_attempt_at": at,
            "lease_owner": None,
            "lease_expires_at": None,
            "last_error": code,
        }
        if refund:
            values["attempts"] = OutboxItem.attempts - 1
        result = await self.session.execute(
            update(OutboxItem)
            .where(_held(claim))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def release(self, claim: Claim) -> bool:
        """Give an unsent row back at once (shutdown): this claim does not count as an attempt."""
        result = await self.session.execute(
            update(OutboxItem)
            .where(_held(claim))
            .values(
                status="pending",
                attempts=OutboxItem.attempts - 1,
                lease_owner=None,
                lease_expires_at=None,
            )
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def mark_failed(self, claim: Claim, *, code: str, reason: str, now: datetime) -> bool:
        """Permanent failure, kept for staff to read and re-send (`requeue`)."""
        error = f"{code}: {reason}" if reason else code
        if not await self._finish(claim, "failed", error[:MAX_REASON]):
            return False
        await self._set_message(claim, status="failed", error_code=code, now=now)
        return True

    async def mark_stopped(
        self, claim: Claim, *, code: str, now: datetime, opt_out: bool = True
    ) -> bool:
        """Never send this row. With `opt_out` (the provider says the person blocked us or
        unsubscribed) also block the identity and opt the contact out of broadcasts."""
        if not await self._finish(claim, "stopped", code):
            return False
        await self._set_message(claim, status="stopped", error_code=code, now=now)
        if not opt_out:
            return True
        identity = await self.session.get(ChannelIdentity, claim.identity_id)
        if identity is not None:
            identity.blocked_at = identity.blocked_at or now
            if identity.contact_id is not None:
                contact = await self.session.get(Contact, identity.contact_id)
                if contact is not None:
                    contact.opted_out_at = contact.opted_out_at or now
        await self.session.flush()
        return True

    async def requeue(self, outbox_id: uuid.UUID, *, now: datetime) -> bool:
        """Staff re-send of a failed row: a fresh start, with its attempts reset."""
        item = await self.session.get(OutboxItem, outbox_id, with_for_update=True)
        if item is None or item.status != "failed":
            return False
        item.status, item.attempts, item.next_attempt_at = "pending", 0, now
        item.last_error = None
        message = await self.session.get(Message, item.message_id)
        if message is not None:
            message.status, message.error_code, message.status_at = "pending", None, now
        await self.session.flush()
        return True

    async def _finish(self, claim: Claim, status: str, error: str) -> bool:
        result = await self.session.execute(
            update(OutboxItem)
            .where(_held(claim))
            .values(status=status, last_error=error, lease_owner=None, lease_expires_at=None)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def _set_message(
        self,
        claim: Claim,
        *,
        status: str,
        error_code: str | None,
        now: datetime,
        provider_id: str | None = None,
    ) -> None:
        values: dict[str, Any] = {
            "status": status,
            "status_at": now,
            "error_code": _code(error_code) if error_code else None,
        }
        if provider_id is not None:
            values["provider_id"] = provider_id
        await self.session.execute(
            update(Message)
            .where(Message.id == claim.message_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
