"""Import the contact list from CSV: good rows in, every bad row named with its reason.

Rows are read as a stream and written one batch per transaction, so a crash leaves whole
batches and running the same file again finishes the job: rows already there are merged,
never duplicated (contacts are found by the blind index of their phone or Telegram id).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.contacts.rows import COLUMNS, ContactRow, RowRejected, parse_row
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import ChannelIdentity, Contact, utcnow
from storage.repositories.identities import IdentityRepository
from storage.vault import Vault

BATCH_SIZE = 500


class ImportFileError(ValueError):
    """The file as a whole cannot be read as a contact list."""


@dataclass
class ImportReport:
    created: int = 0
    merged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    # line -> (reason template, its values), for the console to translate.
    reasons: dict[int, tuple[str, dict[str, str]]] = field(default_factory=dict)

    def refuse(self, line: int, why: RowRejected, *, duplicate: bool = False) -> None:
        (self.duplicates if duplicate else self.rejected).append((line, str(why)))
        self.reasons[line] = (why.template, why.params)

    @property
    def problems(self) -> list[tuple[int, str]]:
        """Every line that was not imported as a new contact, in file order, with why."""
        return sorted(self.rejected + self.duplicates)

    def to_dict(self) -> dict[str, object]:
        return {
            "created": self.created,
            "merged": self.merged,
            "rejected": [{"line": line, "reason": reason} for line, reason in self.rejected],
            "duplicates": [{"line": line, "reason": reason} for line, reason in self.duplicates],
        }


def read_rows(stream: BinaryIO, report: ImportReport) -> Iterator[ContactRow]:
    """Parse the CSV as it is read; refused rows go to the report, not to the caller."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.DictReader(text)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if not {"phone", "telegram"} & set(header):
        raise ImportFileError(
            f"the first line must name the columns, with phone or telegram among "
            f"{', '.join(COLUMNS)}"
        )
    reader.fieldnames = header
    for row in reader:
        try:
            yield parse_row(reader.line_num, row)
        except RowRejected as error:
            report.refuse(reader.line_num, error)


def _batches(rows: Iterator[ContactRow]) -> Iterator[list[ContactRow]]:
    batch: list[ContactRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


class ContactImporter:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], keyring: KeyRing) -> None:
        self.sessions = sessions
        self.keyring = keyring

    async def run(self, stream: BinaryIO) -> ImportReport:
        report = ImportReport()
        seen: dict[tuple[str, str], int] = {}
        for batch in _batches(read_rows(stream, report)):
            async with unit_of_work(self.sessions) as session:
                await _Batch(session, Vault(session, self.keyring), report, seen).run(batch)
        return report


class _Batch:
    """One transaction's worth of rows: looked up together, written with two flushes."""

    def __init__(
        self,
        session: AsyncSession,
        vault: Vault,
        report: ImportReport,
        seen: dict[tuple[str, str], int],
    ) -> None:
        self.session, self.vault, self.report, self.seen = session, vault, report, seen
        self.identities = IdentityRepository(session, vault)
        self.known: dict[tuple[str, str], ChannelIdentity] = {}
        self.owners: dict[tuple[str, str], uuid.UUID] = {}
        self.contacts: dict[uuid.UUID, Contact] = {}

    async def run(self, rows: list[ContactRow]) -> None:
        self.known = await self.identities.find_many([a for row in rows for a in row.addresses()])
        self.owners = {a: i.contact_id for a, i in self.known.items() if i.contact_id}
        contact_ids = list(set(self.owners.values()))
        if contact_ids:
            found = await self.session.scalars(select(Contact).where(Contact.id.in_(contact_ids)))
            self.contacts = {contact.id: contact for contact in found}
            await self.vault.preload_keys(contact_ids)
        # Contacts first (one flush), so that their new addresses can refer to them.
        owners = [self._owner(row) for row in rows]
        await self.session.flush()
        for row, contact in zip(rows, owners, strict=True):
            for address in row.addresses():
                if address not in self.known:
                    self.known[address] = await self.identities.add_contact_identity(
                        *address, contact.id
                    )
            await _update(self.vault, contact, row)
        await self.session.flush()

    def _owner(self, row: ContactRow) -> Contact:
        """The contact this row belongs to: known by one of its addresses, or new."""
        addresses = row.addresses()
        earlier = next((self.seen[a] for a in addresses if a in self.seen), None)
        if earlier is not None:
            same = RowRejected("same contact as line %(line)s; merged", line=str(earlier))
            self.report.refuse(row.line, same, duplicate=True)
        owner = next((self.owners[a] for a in addresses if a in self.owners), None)
        if owner is None:
            contact = Contact(id=uuid.uuid4(), tags=[])
            self.session.add(contact)
            self.vault.create_contact_key(contact.id)
            self.contacts[contact.id] = contact
            self.report.created += 1
        else:
            contact = self.contacts[owner]
            if earlier is None:
                self.report.merged += 1
        for address in addresses:
            self.seen.setdefault(address, row.line)
            self.owners.setdefault(address, contact.id)
        return contact


async def _update(vault: Vault, contact: Contact, row: ContactRow) -> None:
    """The file is the newer source: what it says replaces what we had; tags add up."""
    if row.name:
        await vault.seal_into(contact, "name_enc", row.name, contact_id=contact.id)
    contact.language = row.language or contact.language
    if row.country:
        contact.country, contact.region = row.country, row.region
    contact.tags = sorted({*contact.tags, *row.tags})
    if row.consent is True and contact.consent_at is None:
        contact.consent_at = utcnow()
    if row.consent is False:
        contact.opted_out_at = contact.opted_out_at or utcnow()
