"""The second factor: TOTP (RFC 6238) with a QR code for enrolment, and one-time
recovery codes stored as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
import segno

ISSUER = "Frontdoor"
RECOVERY_CODES = 10
# 16 base32 characters: 80 random bits, too many to guess from a stolen hash.
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """An inline SVG of the QR code: drawn in the page, nothing fetched."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2)


def matching_step(secret: str, code: str, *, last_step: int, now: datetime) -> int | None:
    """The time step `code` belongs to (now, or one step either side for clock drift);
    None when wrong or when that step, or a later one, was already used."""
    digits = "".join(code.split())
    if not digits.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if step > last_step and hmac.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Codes shown once, formatted XXXX-XXXX-XXXX-XXXX."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes


def hash_recovery_code(code: str) -> str:
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()
