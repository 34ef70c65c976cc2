"""Encryption at rest: master keys, per-contact data keys, sealed fields and blind indexes.

Every sensitive value is sealed with AES-GCM under a key whose id travels inside the
ciphertext, and bound to its row and column as associated data, so a ciphertext copied
into another row or column does not open. Each contact has its own data key, wrapped by
the newest master key; destroying that wrapped key makes all of the person's ciphertext
unreadable everywhere, backups included. Identifiers (phone numbers, chat ids) are found
through a keyed HMAC ("blind index"), never stored in clear.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT_VERSION = 1
NONCE_BYTES = 12
KEY_BYTES = 32


class KeyUnavailable(Exception):
    """The key a ciphertext names is not known (dropped master key, or an erased contact)."""


class DecryptionFailed(Exception):
    """The ciphertext is damaged or was moved to another row or column."""


@dataclass(frozen=True)
class DataKey:
    """A symmetric key with the id that is written into every ciphertext it makes."""

    key_id: str
    secret: bytes


def parse_master_keys(value: str) -> list[tuple[str, bytes]]:
    """Parse FRONTDOOR_DATA_KEYS: comma-separated `[id:]base64key`, newest first.

    Without an explicit id, the id is derived from the key itself, so the same key always
    gets the same id and nobody has to invent names.
    """
    keys: list[tuple[str, bytes]] = []
    for raw_entry in value.split(","):
        entry = raw_entry.strip()
        if not entry:
            continue
        key_id, _, encoded = entry.rpartition(":")
        try:
            secret = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError):
            raise ValueError("a data key is not valid base64") from None
        if len(secret) != KEY_BYTES:
            raise ValueError(f"a data key must be {KEY_BYTES} bytes (got {len(secret)})")
        keys.append((key_id or hashlib.sha256(secret).hexdigest()[:12], secret))
    if not keys:
        raise ValueError("no data key given")
    if len({key_id for key_id, _ in keys}) != len(keys):
        raise ValueError("two data keys share one id")
    return keys


def associated_data(table: str, column: str, row_id: object) -> bytes:
    """The bytes that bind a ciphertext to one row and column."""
    return f"{table}|{column}|{row_id}".encode()


def seal(key: DataKey, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt with a fresh nonce: version, key id, nonce, ciphertext+tag."""
    key_id = key.key_id.encode()
    nonce = os.urandom(NONCE_BYTES)
    body = AESGCM(key.secret).encrypt(nonce, plaintext, aad)
    return bytes([FORMAT_VERSION, len(key_id)]) + key_id + nonce + body


def key_id_of(blob: bytes) -> str:
    """The id of the key that sealed `blob`."""
    if len(blob) < 2 or blob[0] != FORMAT_VERSION:
        raise DecryptionFailed("unknown ciphertext format")
    return blob[2 : 2 + blob[1]].decode()


def open_sealed(key: DataKey, blob: bytes, aad: bytes) -> bytes:
    """Decrypt what `seal` made; fails if the key, row or column differ."""
    if key_id_of(blob) != key.key_id:
        raise KeyUnavailable(f"ciphertext needs key {key_id_of(blob)!r}")
    start = 2 + blob[1]
    nonce, body = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
    try:
        return AESGCM(key.secret).decrypt(nonce, body, aad)
    except InvalidTag:
        raise DecryptionFailed("ciphertext does not open with its key here") from None


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose).derive(secret)


class KeyRing:
    """The master keys: wraps data keys, seals system data, computes blind indexes."""

    def __init__(self, master_keys: list[tuple[str, bytes]]) -> None:
        if not master_keys:
            raise ValueError("a key ring needs at least one master key")
        self._wrapping = {kid: DataKey(f"m:{kid}", _derive(k, b"wrap")) for kid, k in master_keys}
        self._system = {kid: DataKey(f"s:{kid}", _derive(k, b"system")) for kid, k in master_keys}
        self._index = [_derive(k, b"blind-index") for _, k in master_keys]
        self.primary_id = master_keys[0][0]

    def _pick(self, keys: dict[str, DataKey], blob: bytes) -> DataKey:
        master_id = key_id_of(blob).partition(":")[2]
        try:
            return keys[master_id]
        except KeyError:
            raise KeyUnavailable(f"master key {master_id!r} is not configured") from None

    def wrap(self, data_key: bytes, owner: str) -> bytes:
        """Wrap a contact's data key under the newest master key."""
        key = self._wrapping[self.primary_id]
        return seal(key, data_key, associated_data("contact_keys", "wrapped", owner))

    def unwrap(self, blob: bytes, owner: str) -> bytes:
        """Unwrap with whichever configured master key wrapped it."""
        key = self._pick(self._wrapping, blob)
        return open_sealed(key, blob, associated_data("contact_keys", "wrapped", owner))

    def needs_rewrap(self, blob: bytes) -> bool:
        """True when `blob` was sealed under an older master key."""
        return key_id_of(blob).partition(":")[2] != self.primary_id

    def seal_system(self, plaintext: str, aad: bytes) -> bytes:
        """Seal data that belongs to no contact (staff secrets, unprocessed payloads)."""
        return seal(self._system[self.primary_id], plaintext.encode(), aad)

    def open_system(self, blob: bytes, aad: bytes) -> str:
        return open_sealed(self._pick(self._system, blob), blob, aad).decode()

    def blind_index(self, kind: str, value: str) -> bytes:
        """The index under the newest key, written with new identifiers."""
        return self.blind_indexes(kind, value)[0]

    def blind_indexes(self, kind: str, value: str) -> list[bytes]:
        """The index under every configured key, so lookups work across a rotation."""
        message = f"{kind}|{value}".encode()
        return [hmac.new(key, message, hashlib.sha256).digest() for key in self._index]


def new_data_key_secret() -> bytes:
    """A fresh random 256-bit data key."""
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)
