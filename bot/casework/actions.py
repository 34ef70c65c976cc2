"""What staff do to a case: reply through the person's channel, note, assign, move,
change status or priority, correct labels, refer to a partner, re-send a failed message.

Each change writes a case event and an audit entry (ids and field names, never content);
the caller's unit of work commits them with the change.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.auth.sessions import Staff
from bot.casework.policy import audit, can_see, deny, visible_queues
from bot.errors import AppError, Conflict
from bot.sender.prepare import window_open
from bot.settings import Settings
from intake.classification.classifier import LABEL_FIELDS
from intake.classification.taxonomy import load_taxonomy
from intake.conversation.engine import LOCAL_CHANNELS
from storage.models import (
    CASE_STATUSES,
    PRIORITIES,
    Case,
    ChannelIdentity,
    Connection,
    Message,
    Note,
    OutboxItem,
    Queue,
    StaffUser,
)
from storage.repositories.cases import LABELS_CORRECTED, CaseRepository
from storage.repositories.messages import MessageRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.staff import StaffRepository
from storage.vault import Vault

MAX_BODY = 4000


class Invalid(AppError):
    status_code = 422
    code = "invalid_request"


def _text(value: str, what: str, limit: int = MAX_BODY) -> str:
    text = value.strip()
    if not text:
        raise Invalid(f"The {what} is empty.")
    if len(text) > limit:
        raise Invalid(f"The {what} is longer than {limit} characters.")
    return text


class Casework:
    """One staff member's changes within one unit of work."""

    def __init__(
        self, session: AsyncSession, vault: Vault, staff: Staff, settings: Settings, now: datetime
    ) -> None:
        self.session = session
        self.vault = vault
        self.staff = staff
        self.settings = settings
        self.now = now
        self.cases = CaseRepository(session)

    async def _event(self, case: Case, kind: str, **data: object) -> None:
        await self.cases.record_event(
            case, kind, actor_type="staff", actor_id=self.staff.actor_id, data=dict(data)
        )
        await audit(self.session, self.staff, f"case.{kind}", case)

    async def reply(self, case: Case, body: str) -> Message:
        """Queue a reply on the channel the person used (shown at once on local channels)."""
        text = _text(body, "reply")
        identity = (
            await self.session.get(ChannelIdentity, case.identity_id) if case.identity_id else None
        )
        if identity is None or identity.contact_id is None:
            raise Conflict("This person erased their data; there is no one to reply to.")
        if identity.blocked_at is not None:
            raise Conflict("This person stopped receiving messages on this channel.")
        if (
            identity.channel == "whatsapp"
            and not window_open(identity, self.now)
            and not self.settings.whatsapp_template_sid
        ):
            raise Conflict(
                "WhatsApp allows free text only within 24 hours of the person's last "
                "message, and no approved template is configured "
                "(FRONTDOOR_WHATSAPP_TEMPLATE_SID)."
            )
        messages = MessageRepository(self.session, self.vault)
        if identity.channel in LOCAL_CHANNELS:
            message = await messages.record_local_outbound(identity, text, case_id=case.id)
        else:
            message = await messages.enqueue_outbound(identity, text, case_id=case.id)
        if case.status == "new":
            case.status = "open"
        await self._event(case, "replied", message=str(message.id))
        return message

    async def note(self, case: Case, body: str) -> Note:
        note = Note(id=uuid.uuid4(), case_id=case.id, author_id=self.staff.user.id)
        await self.vault.seal_into(
            note, "body_enc", _text(body, "note"), contact_id=case.contact_id
        )
        self.session.add(note)
        await self.session.flush()
        await self._event(case, "noted", note=str(note.id))
        return note

    async def update(
        self,
        case: Case,
        *,
        status: str | None = None,
        priority: str | None = None,
        queue: str | None = None,
        assignee: str | None = None,
        unassign: bool = False,
    ) -> list[str]:
        """Apply the fields given; returns the names of those that changed."""
        changed: list[str] = []
        if status is not None and status != case.status:
            if status not in CASE_STATUSES:
                raise Invalid(f"Unknown status {status!r}.")
            before, case.status = case.status, status
            case.closed_at = self.now if status == "closed" else None
            await self._event(case, "status_changed", **{"from": before, "to": status})
            changed.append("status")
        if priority is not None and priority != case.priority:
            if priority not in PRIORITIES:
                raise Invalid(f"Unknown priority {priority!r}.")
            before, case.priority = case.priority, priority
            await self._event(case, "priority_changed", **{"from": before, "to": priority})
            changed.append("priority")
        if queue is not None and queue != case.queue:
            if await self.session.get(Queue, queue) is None:
                raise Invalid(f"Unknown queue {queue!r}.")
            before, case.queue = case.queue, queue
            await self._event(case, "moved", **{"from": before, "to": queue})
            changed.append("queue")
        if unassign or assignee is not None:
            user = await self._assignee(case, assignee) if assignee else None
            new_id = user.id if user else None
            if new_id != case.assignee_id:
                case.assignee_id = new_id
                await self._event(case, "assigned", assignee=str(new_id) if new_id else None)
                changed.append("assignee")
        return changed

    async def _assignee(self, case: Case, email: str) -> StaffUser:
        user = await StaffRepository(self.session).by_email(email)
        if user is None or user.disabled_at is not None:
            raise Invalid("No active staff account has this email.")
        member = Staff(
            user=user, queues=frozenset(await StaffRepository(self.session).queue_ids(user))
        )
        if not can_see(member, case):
            raise Invalid("This staff member does not work on the case's queue.")
        return user

    async def correct_labels(self, case: Case, labels: dict[str, list[str]]) -> None:
        """Replace labels per dimension; the event keeps the classifier's labels and the
        correction, so the classifier can be scored against staff corrections later."""
        taxonomy = load_taxonomy()
        corrected = dict(case.labels or {})
        for dimension, ids in labels.items():
            if dimension not in LABEL_FIELDS:
                raise Invalid(f"Unknown label dimension {dimension!r}.")
            unknown = set(ids) - set(taxonomy.labels(dimension))
            if unknown:
                raise Invalid(f"Unknown {dimension} label(s): {', '.join(sorted(unknown))}.")
            known = set(ids)
            corrected[dimension] = [i for i in taxonomy.labels(dimension) if i in known]
        if corrected == case.labels:
            return
        before = case.labels or {}
        case.labels = corrected
        await self._event(case, LABELS_CORRECTED, before=before, after=corrected)

    async def refer(self, case: Case, partner: str) -> Connection:
        connection = Connection(
            case_id=case.id, partner=_text(partner, "partner", 200), staff_id=self.staff.user.id
        )
        self.session.add(connection)
        await self.session.flush()
        await self._event(case, "referred", connection=str(connection.id))
        if case.status != "closed":
            case.status = "referred"
        return connection

    async def resend(self, outbox_id: uuid.UUID) -> Case | None:
        """Re-send a failed message of a case the staff member sees (staff alerts: admin)."""
        row = await self.session.execute(
            select(OutboxItem, Case)
            .join(Message, Message.id == OutboxItem.message_id)
            .outerjoin(Case, Case.id == Message.case_id)
            .where(OutboxItem.id == outbox_id)
        )
        found = row.first()
        if found is None:
            raise await deny(self.session, self.staff, "message", str(outbox_id))
        _, case = found
        allowed = can_see(self.staff, case) if case else visible_queues(self.staff) is None
        if not allowed:
            raise await deny(self.session, self.staff, "message", str(outbox_id))
        if not await OutboxRepository(self.session).requeue(outbox_id, now=self.now):
            raise Conflict("This message is not waiting for a re-send.")
        if case is not None:
            await self._event(case, "resent", message=str(found[0].message_id))
        return case
