"""Login throttling per account and per address, counted in the database.

After a few free failures each further failure doubles the wait before the next try, up
to a cap. While a key waits, tries are refused without being counted, so an attacker can
keep an account waiting at most `ACCOUNT.cap` seconds at a time and never locks it for
long; the address rule is stricter, since one address guessing many accounts is the
usual attack. A success clears the account's counter.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.login_throttles import LoginThrottleRepository

FORGET_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Rule:
    free: int
    base_seconds: float
    cap_seconds: float

    def delay(self, failures: int) -> float:
        """Seconds to wait after `failures` failures in a row."""
        if failures <= self.free:
            return 0.0
        return min(self.cap_seconds, self.base_seconds * 2 ** (failures - self.free - 1))


ACCOUNT = Rule(free=5, base_seconds=2, cap_seconds=60)
ADDRESS = Rule(free=10, base_seconds=2, cap_seconds=900)


def _key(kind: str, value: str) -> str:
    # Hashed: a mistyped email can be someone's password, and addresses are personal data.
    return f"{kind}:{hashlib.sha256(value.strip().lower().encode()).hexdigest()[:40]}"


class LoginThrottle:
    def __init__(self, session: AsyncSession, now: datetime) -> None:
        self.repository = LoginThrottleRepository(session)
        self.now = now

    def _keys(self, account: str, address: str) -> list[tuple[str, Rule]]:
        return [(_key("account", account), ACCOUNT), (_key("address", address), ADDRESS)]

    async def wait_seconds(self, account: str, address: str) -> float:
        """How long before this account may be tried from this address (0: now)."""
        waits = [0.0]
        for key, _ in self._keys(account, address):
            row = await self.repository.get(key)
            if row is not None and row.blocked_until is not None:
                waits.append((row.blocked_until - self.now).total_seconds())
        return max(waits)

    async def failed(self, account: str, address: str) -> None:
        for key, rule in self._keys(account, address):
            row = await self.repository.record_failure(key, self.now, forget_after=FORGET_AFTER)
            delay = rule.delay(row.failures)
            row.blocked_until = self.now + timedelta(seconds=delay) if delay else None

    async def succeeded(self, account: str) -> None:
        await self.repository.clear(_key("account", account))
