"""The case view: transcript, notes, labels with their evidence, history and referrals,
opened with the person's key — or marked erased when they erased their data."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import KeyUnavailable
from storage.models import (
    Case,
    CaseEvent,
    Connection,
    Contact,
    Message,
    Note,
    OutboxItem,
    StaffUser,
)
from storage.models.base import Base
from storage.vault import Vault


@dataclass(frozen=True)
class Entry:
    """One message of the transcript; `body` is None once the person erased their data."""

    id: uuid.UUID
    direction: str
    body: str | None
    at: datetime
    status: str
    error_code: str | None
    outbox_id: uuid.UUID | None = None
    outbox_failed: bool = False


@dataclass(frozen=True)
class NoteView:
    body: str | None
    at: datetime
    author: str | None


@dataclass(frozen=True)
class EventView:
    kind: str
    at: datetime
    actor: str
    data: dict[str, Any]


@dataclass
class CaseView:
    case: Case
    assignee: str | None
    contact_name: str | None
    erased: bool
    evidence: dict[str, list[str]]
    messages: list[Entry] = field(default_factory=list)
    notes: list[NoteView] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)
    connections: list[tuple[str, datetime]] = field(default_factory=list)


async def _open(vault: Vault, row: Base, column: str, contact_id: uuid.UUID | None) -> str | None:
    try:
        return await vault.open_from(row, column, contact_id=contact_id)
    except KeyUnavailable:
        return None


async def transcript(session: AsyncSession, vault: Vault, case: Case) -> list[Entry]:
    rows = await session.execute(
        select(Message, OutboxItem.id, OutboxItem.status)
        .outerjoin(OutboxItem, OutboxItem.message_id == Message.id)
        .where(Message.case_id == case.id)
        .order_by(Message.created_at, Message.id)
    )
    return [
        Entry(
            id=message.id,
            direction=message.direction,
            body=await _open(vault, message, "body_enc", message.contact_id),
            at=message.created_at,
            status=message.status,
            error_code=message.error_code,
            outbox_id=outbox_id,
            outbox_failed=outbox_status == "failed",
        )
        for message, outbox_id, outbox_status in rows.all()
    ]


async def _emails(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(select(StaffUser.id, StaffUser.email).where(StaffUser.id.in_(ids)))
    return {staff_id: email for staff_id, email in rows.all()}


async def load_case_view(session: AsyncSession, vault: Vault, case: Case) -> CaseView:
    contact = await session.get(Contact, case.contact_id) if case.contact_id else None
    name = await _open(vault, contact, "name_enc", contact.id) if contact else None
    evidence_text = await _open(vault, case, "evidence_enc", case.contact_id)
    notes = list(
        await session.scalars(select(Note).where(Note.case_id == case.id).order_by(Note.created_at))
    )
    events = list(
        await session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at)
        )
    )
    connections = await session.execute(
        select(Connection.partner, Connection.created_at)
        .where(Connection.case_id == case.id)
        .order_by(Connection.created_at)
    )
    staff_ids = {n.author_id for n in notes if n.author_id}
    staff_ids |= {uuid.UUID(e.actor_id) for e in events if e.actor_type == "staff" and e.actor_id}
    if case.assignee_id:
        staff_ids.add(case.assignee_id)
    emails = await _emails(session, staff_ids)
    return CaseView(
        case=case,
        assignee=emails.get(case.assignee_id) if case.assignee_id else None,
        contact_name=name,
        erased=case.contact_id is None,
        evidence=json.loads(evidence_text) if evidence_text else {},
        messages=await transcript(session, vault, case),
        notes=[
            NoteView(
                await _open(vault, n, "body_enc", case.contact_id),
                n.created_at,
                emails.get(n.author_id) if n.author_id else None,
            )
            for n in notes
        ],
        events=[
            EventView(
                e.kind,
                e.at,
                emails.get(uuid.UUID(e.actor_id), "staff")
                if e.actor_type == "staff" and e.actor_id
                else e.actor_type,
                e.data or {},
            )
            for e in events
        ],
        connections=[(partner, at) for partner, at in connections.all()],
    )
