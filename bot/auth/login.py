"""The steps of a console login: password, then the second factor (or its enrolment the
first time), each ending in a session with a new id."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.auth import mfa
from bot.auth.throttle import LoginThrottle
from bot.logs import log_event
from storage.models import StaffSecondFactor, StaffSession, StaffUser
from storage.repositories.audit import AuditRepository
from storage.repositories.staff import PASSWORD_HASHER, StaffRepository
from storage.repositories.staff_sessions import StaffSessionRepository
from storage.vault import Vault

logger = logging.getLogger("frontdoor.security")


@dataclass(frozen=True)
class Attempt:
    outcome: Literal["ok", "wrong", "throttled"]
    user: StaffUser | None = None
    wait_seconds: float = 0.0


@cache
def _dummy_hash() -> str:
    return PASSWORD_HASHER.hash("not a password anyone has")


class Login:
    """One request's part of a login, in the request's unit of work."""

    def __init__(
        self,
        db: AsyncSession,
        vault: Vault,
        now: datetime,
        address: str,
        lifetimes: tuple[timedelta, timedelta] | None = None,
    ) -> None:
        self.db = db
        self.vault = vault
        self.now = now
        self.address = address
        self.throttle = LoginThrottle(db, now)
        self.sessions = StaffSessionRepository(db)
        # (idle, absolute): sessions past either are deleted at each sign-in.
        self.lifetimes = lifetimes

    async def _throttled(self, account: str) -> Attempt | None:
        wait = await self.throttle.wait_seconds(account, self.address)
        if wait <= 0:
            return None
        log_event(logger, logging.WARNING, "auth.throttled", wait=round(wait))
        return Attempt("throttled", wait_seconds=wait)

    async def _failed(self, account: str, event: str, user: StaffUser | None) -> Attempt:
        await self.throttle.failed(account, self.address)
        log_event(logger, logging.WARNING, event, staff=str(user.id) if user else None)
        return Attempt("wrong")

    async def password(self, email: str, password: str) -> Attempt:
        """Check the password; unknown accounts cost the same time as known ones."""
        blocked = await self._throttled(email)
        if blocked:
            return blocked
        user = await StaffRepository(self.db).by_email(email)
        if user is None:
            StaffRepository.verify_password(StaffUser(password_hash=_dummy_hash()), password)
            return await self._failed(email, "auth.login_failed", None)
        if not StaffRepository.verify_password(user, password) or user.disabled_at is not None:
            return await self._failed(email, "auth.login_failed", user)
        return Attempt("ok", user)

    async def start(self, user: StaffUser, previous: str | None = None) -> str:
        """A partial session after the password: the second factor, or its enrolment, next.
        The browser's `previous` session, if any, ends."""
        if previous:
            found = await self.sessions.find(previous)
            if found is not None:
                await self.sessions.delete(found[0])
        if self.lifetimes is not None:
            idle, absolute = self.lifetimes
            await self.sessions.delete_stale(
                seen_before=self.now - idle, created_before=self.now - absolute
            )
        stage = "password" if user.totp_secret_enc else "enrol"
        token, row = await self.sessions.create(user.id, stage, self.now)
        if stage == "enrol":
            # Made here, so that showing the enrolment page (a GET) changes nothing.
            await self.vault.seal_into(row, "pending_totp_enc", mfa.new_secret(), contact_id=None)
        log_event(logger, logging.INFO, "auth.password_ok", staff=str(user.id), next=stage)
        return token

    async def second_factor(self, row: StaffSession, user: StaffUser, code: str) -> Attempt:
        """A TOTP code (each works once) or an unused recovery code."""
        blocked = await self._throttled(user.email)
        if blocked:
            return blocked
        factor = await self.db.get(StaffSecondFactor, user.id, with_for_update=True)
        secret = await self.vault.open_from(user, "totp_secret_enc", contact_id=None)
        if factor is None or secret is None:
            return await self._failed(user.email, "auth.second_factor_failed", user)
        step = mfa.matching_step(secret, code, last_step=factor.last_step, now=self.now)
        if step is not None:
            factor.last_step = step
            return Attempt("ok", user)
        hashed = mfa.hash_recovery_code(code)
        if hashed in factor.recovery_hashes:
            factor.recovery_hashes = [h for h in factor.recovery_hashes if h != hashed]
            log_event(logger, logging.INFO, "auth.recovery_code_used", staff=str(user.id))
            return Attempt("ok", user)
        return await self._failed(user.email, "auth.second_factor_failed", user)

    async def enrolment_secret(self, row: StaffSession) -> str:
        """The secret being enrolled in this session (made with it, kept sealed)."""
        secret = await self.vault.open_from(row, "pending_totp_enc", contact_id=None)
        assert secret is not None  # only sessions at the "enrol" stage reach this
        return secret

    async def enrol(self, row: StaffSession, user: StaffUser, code: str) -> list[str] | None:
        """Confirm the new authenticator with a code; returns the recovery codes to show."""
        secret = await self.enrolment_secret(row)
        step = mfa.matching_step(secret, code, last_step=0, now=self.now)
        if step is None:
            await self._failed(user.email, "auth.enrolment_failed", user)
            return None
        await self.vault.seal_into(user, "totp_secret_enc", secret, contact_id=None)
        codes = mfa.new_recovery_codes()
        factor = await self.db.get(StaffSecondFactor, user.id)
        if factor is None:
            factor = StaffSecondFactor(staff_id=user.id)
            self.db.add(factor)
        factor.last_step = step
        factor.recovery_hashes = [mfa.hash_recovery_code(c) for c in codes]
        factor.enrolled_at = self.now
        log_event(logger, logging.INFO, "auth.enrolled", staff=str(user.id))
        return codes

    async def finish(self, row: StaffSession, user: StaffUser) -> str:
        """Replace the partial session by a full one with a new id (ASVS 7.2.4)."""
        await self.sessions.delete(row)
        token, _ = await self.sessions.create(user.id, "full", self.now)
        await self.throttle.succeeded(user.email)
        await AuditRepository(self.db).record(
            "login",
            actor_type="staff",
            actor_id=str(user.id),
            object_type="staff",
            object_id=str(user.id),
        )
        log_event(logger, logging.INFO, "auth.login", staff=str(user.id))
        return token

    async def logout(self, row: StaffSession, user: StaffUser) -> None:
        await self.sessions.delete(row)
        await AuditRepository(self.db).record(
            "logout",
            actor_type="staff",
            actor_id=str(user.id),
            object_type="staff",
            object_id=str(user.id),
        )
        log_event(logger, logging.INFO, "auth.logout", staff=str(user.id))
