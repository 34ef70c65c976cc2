"""Sealed fields open only with their key, in their own row and column."""

from __future__ import annotations

import base64
import os

import pytest

from storage.crypto import (
    DataKey,
    DecryptionFailed,
    KeyRing,
    KeyUnavailable,
    associated_data,
    key_id_of,
    open_sealed,
    parse_master_keys,
    seal,
)


def _key() -> bytes:
    return os.urandom(32)


def _b64(secret: bytes) -> str:
    return base64.urlsafe_b64encode(secret).decode()


def test_sealed_value_carries_its_key_id_and_opens_only_in_its_row() -> None:
    key = DataKey("c:abc", _key())
    blob = seal(key, b"CANARY", associated_data("messages", "body_enc", 1))
    assert key_id_of(blob) == "c:abc"
    assert b"CANARY" not in blob
    assert open_sealed(key, blob, associated_data("messages", "body_enc", 1)) == b"CANARY"
    with pytest.raises(DecryptionFailed):
        open_sealed(key, blob, associated_data("messages", "body_enc", 2))
    with pytest.raises(DecryptionFailed):
        open_sealed(key, blob, associated_data("notes", "body_enc", 1))
    with pytest.raises(KeyUnavailable):
        open_sealed(
            DataKey("c:other", key.secret), blob, associated_data("messages", "body_enc", 1)
        )


def test_every_seal_uses_a_fresh_nonce() -> None:
    key = DataKey("k", _key())
    aad = associated_data("t", "c", 1)
    assert seal(key, b"same", aad) != seal(key, b"same", aad)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "no data key"),
        ("not-base64!!", "base64"),
        (_b64(b"short"), "32 bytes"),
        (f"a:{_b64(b'x' * 32)},a:{_b64(b'y' * 32)}", "share one id"),
    ],
)
def test_bad_master_keys_are_refused_with_a_reason(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_master_keys(value)


def test_master_key_ids_are_explicit_or_derived_and_stable() -> None:
    secret = _key()
    assert parse_master_keys(f"2026a:{_b64(secret)}")[0][0] == "2026a"
    assert parse_master_keys(_b64(secret)) == parse_master_keys(_b64(secret))


def test_wrapped_keys_and_system_data_survive_a_new_primary_key() -> None:
    old, new = ("old", _key()), ("new", _key())
    before = KeyRing([old])
    wrapped = before.wrap(b"k" * 32, "contact-1")
    system = before.seal_system("totp-secret", b"staff|totp|1")
    after = KeyRing([new, old])
    assert after.unwrap(wrapped, "contact-1") == b"k" * 32
    assert after.open_system(system, b"staff|totp|1") == "totp-secret"
    assert after.needs_rewrap(wrapped)
    with pytest.raises(DecryptionFailed):
        after.unwrap(wrapped, "contact-2")
    with pytest.raises(KeyUnavailable):
        KeyRing([new]).unwrap(wrapped, "contact-1")


def test_blind_index_is_keyed_and_found_under_old_and_new_keys() -> None:
    old, new = ("old", _key()), ("new", _key())
    before = KeyRing([old]).blind_index("identity:sms", "+237650000000")
    assert before != KeyRing([new]).blind_index("identity:sms", "+237650000000")
    assert before in KeyRing([new, old]).blind_indexes("identity:sms", "+237650000000")
    assert b"237650000000" not in before
