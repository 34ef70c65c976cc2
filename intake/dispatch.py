"""Putting a routed case in someone's hands: assignment within its queue, and the alert
that tells the defenders staff on duty that an urgent case is waiting."""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from i18n import messages as m
from i18n.catalog import translator
from i18n.sms import for_channel
from intake.routing import Candidate, choose_assignee
from storage.models import (
    PRIORITY_ALERT,
    Case,
    ChannelIdentity,
    QueueMembership,
    StaffUser,
)
from storage.repositories.cases import CaseRepository
from storage.repositories.messages import MessageRepository
from storage.vault import Vault

logger = logging.getLogger("frontdoor.dispatch")
ALERTED_ROLES = ("defenders",)


async def _candidates(session: AsyncSession, queue: str) -> list[Candidate]:
    open_cases = (
        select(Case.assignee_id, func.count().label("n"))
        .where(Case.status != "closed", Case.assignee_id.is_not(None))
        .group_by(Case.assignee_id)
        .subquery()
    )
    rows = await session.execute(
        select(StaffUser, func.coalesce(open_cases.c.n, 0))
        .join(QueueMembership, QueueMembership.staff_id == StaffUser.id)
        .outerjoin(open_cases, open_cases.c.assignee_id == StaffUser.id)
        .where(QueueMembership.queue_id == queue, StaffUser.disabled_at.is_(None))
    )
    return [
        Candidate(user.id, tuple(user.languages), int(count), user.last_active_at)
        for user, count in rows.all()
    ]


async def assign(session: AsyncSession, case: Case) -> None:
    """Give the case to a member of its queue (see `choose_assignee`); record who and why."""
    choice = choose_assignee(await _candidates(session, case.queue), case.language)
    if choice is None or choice.staff_id == case.assignee_id:
        return
    case.assignee_id = choice.staff_id
    await CaseRepository(session).record_event(
        case,
        "assigned",
        actor_type="system",
        data={"assignee": str(choice.staff_id), "speaks_language": choice.speaks_language},
    )


async def alert_on_duty(session: AsyncSession, vault: Vault, case: Case) -> int:
    """Tell every defenders staff member on duty, on their own channel and in their own
    language, that urgent case `reference` waits — the reference only, never content."""
    rows = await session.execute(
        select(StaffUser, ChannelIdentity)
        .join(ChannelIdentity, ChannelIdentity.staff_id == StaffUser.id)
        .where(
            StaffUser.on_duty.is_(True),
            StaffUser.disabled_at.is_(None),
            StaffUser.role.in_(ALERTED_ROLES),
        )
    )
    messages = MessageRepository(session, vault)
    sent = 0
    for user, identity in rows.all():
        text = for_channel(
            translator(user.ui_language).gettext(m.ALERT_URGENT_CASE, reference=case.reference),
            identity.channel,
        )
        await messages.enqueue_outbound(identity, text, priority=PRIORITY_ALERT)
        sent += 1
    await CaseRepository(session).record_event(
        case, "alerted", actor_type="system", data={"recipients": sent}
    )
    return sent
