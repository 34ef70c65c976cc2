"""Canaries written as a body, a name, a note and a phone number never reach the disk in clear."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

from sqlalchemy.engine import make_url

from storage.crypto import KeyRing
from storage.db import create_engine, session_factory, unit_of_work
from storage.repositories.identities import IdentityRepository
from storage.vault import Vault
from tests.builders import create_person_with_case


def _raw_database_bytes(url: str) -> bytes:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        base = Path(parsed.database or "")
        return b"".join(p.read_bytes() for p in base.parent.glob(base.name + "*"))
    dump = subprocess.run(
        [
            "pg_dump",
            "--data-only",
            "--no-owner",
            "-h",
            parsed.host or "127.0.0.1",
            "-p",
            str(parsed.port or 5432),
            "-U",
            parsed.username or "postgres",
            parsed.database or "",
        ],
        check=True,
        capture_output=True,
    )
    return dump.stdout


async def test_no_canary_in_the_raw_database(db_url: str, keyring: KeyRing) -> None:
    canary = f"CANARY-{uuid.uuid4().hex}"
    phone = "+237699123457"
    engine = create_engine(db_url)
    sessions = session_factory(engine)
    async with unit_of_work(sessions) as session:
        await create_person_with_case(
            session,
            keyring,
            phone=phone,
            name=f"{canary}-name",
            body=f"{canary}-body",
            note=f"{canary}-note",
        )
    # Read while connections are open (SQLite keeps fresh pages in the WAL) and after.
    raw_open = _raw_database_bytes(db_url)
    async with unit_of_work(sessions) as session:
        identity = await IdentityRepository(session, Vault(session, keyring)).find("sms", phone)
        assert identity is not None  # the data is there, only sealed
    await engine.dispose()
    for raw in (raw_open, _raw_database_bytes(db_url)):
        assert canary.encode() not in raw
        assert canary.encode("utf-16-le") not in raw
        assert phone[1:].encode() not in raw
