"""Server-side console sessions, found by the hash of their random id."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import StaffSession, StaffUser

# 256 random bits: far past ASVS 7.2.3's 128.
TOKEN_BYTES = 32


def hash_session_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class StaffSessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self, staff_id: uuid.UUID, stage: str, now: datetime
    ) -> tuple[str, StaffSession]:
        """A new session with a fresh random id; the id is returned once, only its hash kept."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        row = StaffSession(
            id=uuid.uuid4(),
            token_hash=hash_session_token(token),
            staff_id=staff_id,
            stage=stage,
            created_at=now,
            last_seen_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return token, row

    async def find(self, token: str) -> tuple[StaffSession, StaffUser] | None:
        row = (
            await self.session.execute(
                select(StaffSession, StaffUser)
                .join(StaffUser, StaffUser.id == StaffSession.staff_id)
                .where(StaffSession.token_hash == hash_session_token(token))
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def delete(self, row: StaffSession) -> None:
        await self.session.execute(delete(StaffSession).where(StaffSession.id == row.id))

    async def delete_stale(self, *, seen_before: datetime, created_before: datetime) -> int:
        """Forget sessions that can no longer be used (idle, or past their lifetime)."""
        result = await self.session.execute(
            delete(StaffSession).where(
                (StaffSession.last_seen_at < seen_before)
                | (StaffSession.created_at < created_before)
            )
        )
        return result.rowcount or 0

    async def delete_for_staff(self, staff_id: uuid.UUID) -> int:
        """End every session of one account (disabled, or its password changed)."""
        result = await self.session.execute(
            delete(StaffSession).where(StaffSession.staff_id == staff_id)
        )
        return result.rowcount or 0
