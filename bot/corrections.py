"""Staff corrections as labelled examples, to score the current classifier against them.

A correction is a `labels_corrected` case event; the case's labels then hold what staff
decided. The text is what the person wrote, opened with their key — so a person who
erased their data drops out, as they should.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from intake.classification.evaluation import Example
from storage.crypto import KeyRing, KeyUnavailable
from storage.db import unit_of_work
from storage.models import Case, CaseEvent, Message
from storage.repositories.cases import LABELS_CORRECTED
from storage.repositories.messages import MessageRepository
from storage.vault import Vault


async def _example(session: AsyncSession, vault: Vault, case: Case) -> Example | None:
    if case.contact_id is None:
        return None
    rows = await session.scalars(
        select(Message)
        .where(Message.case_id == case.id, Message.direction == "in")
        .order_by(Message.created_at)
    )
    messages = MessageRepository(session, vault)
    try:
        text = "\n".join([await messages.body_of(row) for row in rows])
    except KeyUnavailable:
        return None
    return Example(text, case.language, case.labels, case.risk, case.country)


async def corrected_examples(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> list[Example]:
    """Every case staff corrected, as an example with the corrected labels."""
    async with unit_of_work(sessions) as session:
        corrected = select(CaseEvent.case_id).where(CaseEvent.kind == LABELS_CORRECTED)
        cases = await session.scalars(select(Case).where(Case.id.in_(corrected)))
        vault = Vault(session, keyring)
        examples = [await _example(session, vault, case) for case in cases]
    return [example for example in examples if example is not None]
