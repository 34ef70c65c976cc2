"""Staff accounts, queue memberships and API tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ROLES, ApiToken, Queue, QueueMembership, StaffUser, utcnow

# OWASP's minimum for Argon2id: 19 MiB, two passes, one lane.
PASSWORD_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
TOKEN_PREFIX = "fd_"


class StaffError(ValueError):
    """A staff operation that cannot be done as asked (unknown role, duplicate email…)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class StaffRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_email(self, email: str) -> StaffUser | None:
        return await self.session.scalar(
            select(StaffUser).where(StaffUser.email == email.strip().lower())
        )

    async def ensure_queue(self, queue_id: str, name: str | None = None) -> Queue:
        queue = await self.session.get(Queue, queue_id)
        if queue is None:
            queue = Queue(id=queue_id, name=name or queue_id.replace("_", " ").title())
            self.session.add(queue)
            await self.session.flush()
        return queue

    async def add_user(
        self,
        email: str,
        *,
        role: str,
        password: str | None = None,
        queues: Iterable[str] = (),
        languages: Iterable[str] = (),
        display_name: str = "",
    ) -> StaffUser:
        if role not in ROLES:
            raise StaffError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
        if await self.by_email(email) is not None:
            raise StaffError(f"an account for {email.strip().lower()} already exists")
        user = StaffUser(
            id=uuid.uuid4(),
            email=email.strip().lower(),
            role=role,
            display_name=display_name,
            languages=list(languages),
            password_hash=PASSWORD_HASHER.hash(password) if password else None,
        )
        self.session.add(user)
        await self.session.flush()
        for queue_id in queues:
            await self.ensure_queue(queue_id)
            self.session.add(QueueMembership(staff_id=user.id, queue_id=queue_id))
        await self.session.flush()
        return user

    @staticmethod
    def verify_password(user: StaffUser, password: str) -> bool:
        if not user.password_hash:
            return False
        try:
            return PASSWORD_HASHER.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    async def queue_ids(self, user: StaffUser) -> list[str]:
        rows = await self.session.scalars(
            select(QueueMembership.queue_id).where(QueueMembership.staff_id == user.id)
        )
        return sorted(rows)

    async def issue_token(self, user: StaffUser) -> str:
        """A new bearer token; only its hash is stored, so it is shown once."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.session.add(ApiToken(staff_id=user.id, token_hash=hash_token(token)))
        await self.session.flush()
        return token

    async def user_for_token(self, token: str) -> StaffUser | None:
        row = await self.session.scalar(
            select(ApiToken).where(
                ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None)
            )
        )
        if row is None:
            return None
        user = await self.session.get(StaffUser, row.staff_id)
        if user is None or user.disabled_at is not None:
            return None
        row.last_used_at = utcnow()
        return user
