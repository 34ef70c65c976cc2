"""Calls for proposals and their applications: which calls are open, and each person's
application with its answers sealed under their own key."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from storage.models import Application, Call, ChannelIdentity, utcnow
from storage.paging import page_bounds
from storage.repositories.cases import CaseRepository
from storage.vault import Vault

REFERENCE_PREFIX = "APP"


def format_application_reference(year: int, number: int) -> str:
    return f"{REFERENCE_PREFIX}-{year}-{number:06d}"


def open_clause(at: datetime) -> ColumnElement[bool]:
    """Calls that take applications at `at`: published, opened, deadline not passed."""
    return and_(
        Call.status == "published",
        or_(Call.opens_at.is_(None), Call.opens_at <= at),
        Call.deadline > at,
    )


class CallRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, **fields: Any) -> Call:
        call = Call(id=uuid.uuid4(), **fields)
        self.session.add(call)
        await self.session.flush()
        return call

    async def get(self, call_id: uuid.UUID) -> Call | None:
        return await self.session.get(Call, call_id)

    async def newest_first(self) -> Sequence[Call]:
        return (await self.session.scalars(select(Call).order_by(Call.deadline.desc()))).all()

    async def offered(self) -> Sequence[Call]:
        """Calls people may name by keyword: every call but drafts (a closed or past call
        is still named, so the bot can say it is closed)."""
        return (await self.session.scalars(select(Call).where(Call.status != "draft"))).all()

    async def any_open(self, at: datetime) -> bool:
        """Whether some call took applications at `at` (routing's `open_call`)."""
        return bool(await self.session.scalar(select(exists().where(open_clause(at)))))


@dataclass(frozen=True)
class ApplicationPage:
    """A page of applications, shaped like the console's other paged lists."""

    rows: list[Application]
    total: int
    page: int
    pages: int


class ApplicationRepository:
    def __init__(self, session: AsyncSession, vault: Vault) -> None:
        self.session = session
        self.vault = vault

    async def of_contact(self, call_id: uuid.UUID, contact_id: uuid.UUID) -> Application | None:
        return await self.session.scalar(
            select(Application).where(
                Application.call_id == call_id, Application.contact_id == contact_id
            )
        )

    async def start(self, call: Call, identity: ChannelIdentity, language: str) -> Application:
        assert identity.contact_id is not None
        application = Application(
            id=uuid.uuid4(),
            call_id=call.id,
            contact_id=identity.contact_id,
            identity_id=identity.id,
            channel=identity.channel,
            language=language,
        )
        self.session.add(application)
        await self.session.flush()
        return application

    async def answers(self, application: Application) -> list[str]:
        raw = await self.vault.open_from(
            application, "answers_enc", contact_id=application.contact_id
        )
        return list(json.loads(raw)) if raw else []

    async def save_answers(
        self, application: Application, answers: list[str], *, language: str, now: datetime
    ) -> None:
        """Keep what the person answered so far; the next question is the one after."""
        await self.vault.seal_into(
            application,
            "answers_enc",
            json.dumps(answers, ensure_ascii=False),
            contact_id=application.contact_id,
        )
        application.question_index = len(answers)
        application.language = language
        application.updated_at = now
        await self.session.flush()

    async def submit(self, application: Application, now: datetime) -> str:
        """Number the application (from the same counters as case references) and mark
        it received."""
        number = await CaseRepository(self.session).next_number(f"application:{now.year}")
        application.reference = format_application_reference(now.year, number)
        application.status = "received"
        application.submitted_at = application.updated_at = now
        await self.session.flush()
        return application.reference

    async def by_reference(self, reference: str) -> Application | None:
        return await self.session.scalar(
            select(Application).where(Application.reference == reference)
        )

    @staticmethod
    def _of_call(call_id: uuid.UUID, status: str | None) -> list[ColumnElement[bool]]:
        where = [Application.call_id == call_id, Application.reference.is_not(None)]
        if status:
            where.append(Application.status == status)
        return where

    async def of_call(self, call_id: uuid.UUID, status: str | None = None) -> list[Application]:
        """A call's submitted applications (or those in `status`), oldest first."""
        query = select(Application).where(*self._of_call(call_id, status))
        return list(await self.session.scalars(query.order_by(Application.submitted_at)))

    async def page_of_call(
        self, call_id: uuid.UUID, status: str | None, page: int, size: int
    ) -> ApplicationPage:
        """One page of what `of_call` lists (the last one when asked past it): a popular
        call gathers thousands, more than one page can show."""
        where = self._of_call(call_id, status)
        total = await self.session.scalar(
            select(func.count()).select_from(Application).where(*where)
        )
        page, pages = page_bounds(page, total or 0, size)
        rows = await self.session.scalars(
            select(Application)
            .where(*where)
            .order_by(Application.submitted_at, Application.id)
            .limit(size)
            .offset((page - 1) * size)
        )
        return ApplicationPage(list(rows), total or 0, page, pages)

    async def decide(
        self,
        application: Application,
        status: str,
        *,
        staff_id: uuid.UUID,
        amount: Decimal | None = None,
        currency: str | None = None,
        partner: str | None = None,
    ) -> None:
        """A review decision: the amount stays only on an award, the partner on a referral."""
        application.status = status
        application.amount = amount if status == "awarded" else None
        application.currency = currency if status == "awarded" else None
        application.partner = partner if status == "referred" else None
        application.decided_by = staff_id
        application.updated_at = utcnow()
        await self.session.flush()
