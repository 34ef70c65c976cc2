"""Who sees what: the one place that decides which cases a staff member can reach.

Admin and secretariat see every queue; defenders staff see the `defenders` queue and any
queue they belong to; coordinators only the queues they belong to. Every route that takes
an id goes through `visible_case` (or filters with `visible_clause`): a case outside the
caller's queues is answered exactly like a case that does not exist (404), and the
refusal is logged with ids only. Contacts follow their cases: admin and secretariat see
every contact, anyone else only people with a case they may see (`visible_contact`,
`contact_clause`).
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import ColumnElement, exists, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.auth.sessions import Staff
from bot.errors import NotFound
from bot.logs import log_event
from storage.models import Case, Contact
from storage.repositories.audit import AuditRepository

logger = logging.getLogger("frontdoor.security")
SEES_EVERYTHING = frozenset({"admin", "secretariat"})
ADMIN_ROLES = frozenset({"admin"})


def visible_queues(staff: Staff) -> frozenset[str] | None:
    """The queues whose cases `staff` may see; None for every queue."""
    if staff.role in SEES_EVERYTHING:
        return None
    if staff.role == "defenders":
        return staff.queues | {"defenders"}
    return staff.queues


def visible_clause(staff: Staff) -> ColumnElement[bool]:
    """A WHERE clause on `Case` keeping only what `staff` may see."""
    queues = visible_queues(staff)
    return true() if queues is None else Case.queue.in_(sorted(queues))


def can_see(staff: Staff, case: Case) -> bool:
    queues = visible_queues(staff)
    return queues is None or case.queue in queues


def not_found(kind: str = "case") -> NotFound:
    return NotFound(f"No such {kind}.")


async def deny(session: AsyncSession, staff: Staff, kind: str, ident: str) -> NotFound:
    """Log a refused id (security log, ids only) and give the 404 to raise."""
    found = False
    if kind == "case":
        found = bool(await session.scalar(select(exists().where(Case.reference == ident))))
    elif kind == "contact":
        found = bool(await session.scalar(select(exists().where(Contact.id == uuid.UUID(ident)))))
    log_event(
        logger,
        logging.WARNING,
        "access.denied",
        staff=staff.actor_id,
        object=kind,
        id=ident,
        exists=found,
    )
    return not_found(kind)


async def visible_case(
    session: AsyncSession, staff: Staff, reference: str, *, action: str | None = "case.viewed"
) -> Case:
    """The case with this reference if `staff` may see it, audited as `action` (None for
    the page refreshing itself, already audited when it was opened); else 404."""
    case = await session.scalar(
        select(Case).where(Case.reference == reference, visible_clause(staff))
    )
    if case is None:
        raise await deny(session, staff, "case", reference)
    if action is not None:
        await audit(session, staff, action, case)
    return case


async def audit(session: AsyncSession, staff: Staff, action: str, case: Case, **data: str) -> None:
    """Who saw or changed which case, when: ids and field names, never content."""
    await AuditRepository(session).record(
        action,
        actor_type="staff",
        actor_id=staff.actor_id,
        object_type="case",
        object_id=str(case.id),
        **data,
    )


def require_admin(staff: Staff) -> None:
    if staff.role not in ADMIN_ROLES:
        raise not_found("page")


def require_contact_manager(staff: Staff) -> None:
    """Importing the contact list belongs to the secretariat (and admins)."""
    if staff.role not in SEES_EVERYTHING:
        raise not_found("page")


def contact_clause(staff: Staff) -> ColumnElement[bool]:
    """A WHERE clause on `Contact`: people with at least one case `staff` may see (read
    from the cases of those queues, through their index, not probed contact by contact)."""
    if visible_queues(staff) is None:
        return true()
    return Contact.id.in_(select(Case.contact_id).where(visible_clause(staff)))


async def visible_contact(
    session: AsyncSession, staff: Staff, contact_id: uuid.UUID, *, action: str = "contact.viewed"
) -> Contact:
    """The contact if `staff` may see them, audited as `action`; else 404, logged."""
    contact = await session.scalar(
        select(Contact).where(Contact.id == contact_id, contact_clause(staff))
    )
    if contact is None:
        raise await deny(session, staff, "contact", str(contact_id))
    await AuditRepository(session).record(
        action,
        actor_type="staff",
        actor_id=staff.actor_id,
        object_type="contact",
        object_id=str(contact.id),
    )
    return contact
