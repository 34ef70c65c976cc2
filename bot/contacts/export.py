"""The contact list as CSV, in the importer's own columns, so an export imports back.

Contacts are read in batches by id, each batch in its own short transaction, opened
with each person's key and written out at once: the file streams, whatever its size.
A person with two phone numbers gets one line per number (the importer merges them back).
Erased people, and people reachable on no importable channel, are left out.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import AsyncIterator

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.contacts.rows import COLUMNS, PHONE_CHANNELS, spreadsheet_safe
from storage.crypto import KeyRing, KeyUnavailable
from storage.db import unit_of_work
from storage.models import ChannelIdentity, Contact
from storage.repositories.identities import IdentityRepository
from storage.vault import Vault

BATCH_SIZE = 500


def _consent(contact: Contact) -> str:
    if contact.opted_out_at is not None:
        return "no"
    return contact.consent_at.date().isoformat() if contact.consent_at else ""


async def _lines(
    vault: Vault, contact: Contact, identities: list[ChannelIdentity]
) -> list[list[str]]:
    repository = IdentityRepository(vault.session, vault)
    phones: dict[str, list[str]] = {}
    telegram = ""
    for identity in identities:
        address = await repository.address_of(identity)
        if identity.channel in PHONE_CHANNELS:
            phones.setdefault(address, []).append(identity.channel)
        elif identity.channel == "telegram" and not telegram:
            telegram = address
    name = await vault.open_from(contact, "name_enc", contact_id=contact.id) or ""
    common = {
        "name": spreadsheet_safe(name),
        "language": contact.language or "",
        "country": contact.country or "",
        "tags": ";".join(contact.tags or []),
        "consent": _consent(contact),
    }
    reachable = [(phone, sorted(channels)) for phone, channels in phones.items()]
    if telegram:
        if reachable:
            reachable[0] = (reachable[0][0], [*reachable[0][1], "telegram"])
        else:
            reachable.append(("", ["telegram"]))
    return [
        [
            {
                **common,
                "phone": phone,
                "telegram": telegram if "telegram" in channels else "",
                "channels": ";".join(channels),
            }[column]
            for column in COLUMNS
        ]
        for phone, channels in reachable
    ]


async def _batch(
    session: AsyncSession, vault: Vault, after: uuid.UUID | None
) -> tuple[list[list[str]], uuid.UUID | None]:
    query = select(Contact).order_by(Contact.id).limit(BATCH_SIZE)
    if after is not None:
        query = query.where(Contact.id > after)
    contacts = list(await session.scalars(query))
    if not contacts:
        return [], None
    ids = [contact.id for contact in contacts]
    await vault.preload_keys(ids)
    identities: dict[uuid.UUID, list[ChannelIdentity]] = {}
    for identity in await session.scalars(
        select(ChannelIdentity)
        .where(ChannelIdentity.contact_id.in_(ids))
        .order_by(ChannelIdentity.created_at, ChannelIdentity.id)
    ):
        identities.setdefault(identity.contact_id, []).append(identity)  # type: ignore[arg-type]
    lines: list[list[str]] = []
    for contact in contacts:
        try:
            lines += await _lines(vault, contact, identities.get(contact.id, []))
        except KeyUnavailable:  # erased in the meantime
            continue
    return lines, ids[-1]


async def export_csv(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> AsyncIterator[str]:
    """The header, then the lines of one batch of contacts at a time."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    yield out.getvalue()
    after: uuid.UUID | None = None
    while True:
        async with unit_of_work(sessions) as session:
            lines, after = await _batch(session, Vault(session, keyring), after)
        if after is None:
            return
        out.seek(0)
        out.truncate()
        writer.writerows(lines)
        yield out.getvalue()
