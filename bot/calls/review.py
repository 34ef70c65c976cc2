"""Reviewing a call's applications: reading them with their answers, deciding, exporting.

Only the secretariat and admins review applications; every read and change is written to
the audit trail with ids and field names, never the answers themselves.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.auth.sessions import Staff
from bot.casework.policy import SEES_EVERYTHING, not_found
from storage.models import Application, Call
from storage.repositories.audit import AuditRepository
from storage.repositories.calls import ApplicationRepository
from storage.vault import Vault

# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Reviewed:
    application: Application
    answers: list[str]


def require_reviewer(staff: Staff) -> None:
    """Calls and applications belong to the secretariat (and admins); others get 404."""
    if staff.role not in SEES_EVERYTHING:
        raise not_found("page")


async def audit(
    session: AsyncSession,
    staff: Staff,
    action: str,
    kind: str,
    ident: uuid.UUID | None,
    **data: str,
) -> None:
    await AuditRepository(session).record(
        action,
        actor_type="staff",
        actor_id=staff.actor_id,
        object_type=kind,
        object_id=str(ident) if ident else None,
        **data,
    )


def questions_of(call: Call, language: str) -> list[str]:
    """The call's questions as staff read them: their language, else the first given."""
    for code in (language, "en", *call.questions):
        if call.questions.get(code):
            return list(call.questions[code])
    return []


async def with_answers(
    session: AsyncSession, vault: Vault, applications: Iterable[Application]
) -> list[Reviewed]:
    rows = list(applications)
    await vault.preload_keys([row.contact_id for row in rows])
    repository = ApplicationRepository(session, vault)
    return [Reviewed(row, await repository.answers(row)) for row in rows]


def parse_amount(amount: str, currency: str) -> tuple[Decimal, str] | None:
    """A grant amount and its ISO currency, or None when either is not usable."""
    code = currency.strip().upper()
    try:
        value = Decimal(amount.strip().replace(",", ""))
    except ArithmeticError:
        return None
    if not value.is_finite() or value <= 0 or value >= Decimal("1e12"):
        return None
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        return None
    return value.quantize(Decimal("0.01")), code


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def export_csv(call: Call, reviewed: list[Reviewed], language: str) -> str:
    """One row per application, one column per question (headed by its text)."""
    questions = questions_of(call, language)
    width = max([len(questions), *(len(r.answers) for r in reviewed)])
    headers = [
        "reference",
        "submitted_at",
        "status",
        "language",
        "channel",
        "amount",
        "currency",
        "partner",
        *(f"Q{i + 1} {questions[i]}" if i < len(questions) else f"Q{i + 1}" for i in range(width)),
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_cell(h) for h in headers])
    for item in reviewed:
        row = item.application
        answers = item.answers + [""] * (width - len(item.answers))
        writer.writerow(
            _cell(value)
            for value in (
                row.reference,
                row.submitted_at.isoformat() if row.submitted_at else "",
                row.status,
                row.language,
                row.channel,
                row.amount,
                row.currency,
                row.partner,
                *answers,
            )
        )
    return out.getvalue()
