"""Finding and showing contacts: the filtered list, a search by phone number, one person.

A phone number is found through the blind index of its identities, never by opening
rows. Names and addresses are opened with each person's key only for the rows shown;
addresses are masked for staff who do not manage the contact list.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime

import phonenumbers
from sqlalchemy import ColumnElement, String, and_, cast, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.auth.rate_limit import StaffLimit
from bot.auth.sessions import Staff
from bot.casework.policy import SEES_EVERYTHING, contact_clause, visible_clause
from bot.contacts.rows import PHONE_CHANNELS
from storage.crypto import KeyUnavailable
from storage.models import Case, ChannelIdentity, Contact
from storage.paging import page_bounds
from storage.repositories.identities import IdentityRepository
from storage.vault import Vault

PAGE_SIZE = 50
# Looking people up by number lets data out like a free-text search: the same budget.
PHONE_SEARCH = StaffLimit("search", param="phone")


@dataclass(frozen=True)
class ContactFilters:
    language: str | None = None
    country: str | None = None
    region: str | None = None
    channel: str | None = None
    tag: str | None = None
    opted_out: bool | None = None
    phone: str | None = None

    def active(self) -> dict[str, str]:
        """The filters in use, as query parameters (for links and the audit trail)."""
        chosen = {k: v for k, v in asdict(self).items() if v is not None and k != "opted_out"}
        if self.opted_out is not None:
            chosen["opted_out"] = "yes" if self.opted_out else "no"
        return chosen


@dataclass(frozen=True)
class ContactRow:
    id: uuid.UUID
    name: str | None
    language: str | None
    country: str | None
    region: str | None
    channels: list[str]
    tags: list[str]
    consent_at: datetime | None
    opted_out_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class ContactPage:
    rows: list[ContactRow]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class Address:
    channel: str
    shown: str
    blocked: bool


@dataclass(frozen=True)
class ContactView:
    row: ContactRow
    addresses: list[Address]
    cases: list[Case]


def normalise_phone(raw: str, country: str | None = None) -> str | None:
    """The E.164 form of a typed number (national numbers need the country); None if it
    is not a valid number."""
    try:
        number = phonenumbers.parse(raw, (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask(address: str) -> str:
    """Enough of an address to tell two apart, not enough to reach the person."""
    keep = 4 if address.startswith("+") else 0
    return f"{address[:keep]}•••{address[-2:]}" if len(address) > keep + 4 else "•••"


def _tag_clause(tag: str) -> ColumnElement[bool]:
    # Tags are a JSON list; its text holds each tag JSON-quoted, the same on both
    # databases, so an escaped LIKE on the quoted tag matches whole tags only.
    quoted = json.dumps(tag.strip().lower())
    pattern = quoted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return cast(Contact.tags, String).like(f"%{pattern}%", escape="\\")


async def _phone_owners(session: AsyncSession, vault: Vault, phone: str) -> list[uuid.UUID]:
    found = await IdentityRepository(session, vault).find_many(
        [(channel, phone) for channel in PHONE_CHANNELS]
    )
    return [identity.contact_id for identity in found.values() if identity.contact_id]


async def _where(
    session: AsyncSession, vault: Vault, staff: Staff, chosen: ContactFilters
) -> list[ColumnElement[bool]]:
    where = [contact_clause(staff)]
    for column, value in (
        (Contact.language, chosen.language),
        (Contact.country, (chosen.country or "").upper() or None),
        (Contact.region, chosen.region),
    ):
        if value is not None:
            where.append(column == value)
    if chosen.channel is not None:
        where.append(
            exists().where(
                ChannelIdentity.contact_id == Contact.id, ChannelIdentity.channel == chosen.channel
            )
        )
    if chosen.tag:
        where.append(_tag_clause(chosen.tag))
    if chosen.opted_out is not None:
        opted = Contact.opted_out_at
        where.append(opted.is_not(None) if chosen.opted_out else opted.is_(None))
    if chosen.phone is not None:
        phone = normalise_phone(chosen.phone, chosen.country)
        owners = await _phone_owners(session, vault, phone) if phone else []
        where.append(Contact.id.in_(owners))
    return where


async def _name(vault: Vault, contact: Contact) -> str | None:
    try:
        return await vault.open_from(contact, "name_enc", contact_id=contact.id)
    except KeyUnavailable:  # erased: nothing left to show
        return None


async def _rows(session: AsyncSession, vault: Vault, contacts: list[Contact]) -> list[ContactRow]:
    ids = [contact.id for contact in contacts]
    channels: dict[uuid.UUID, set[str]] = {}
    if ids:
        await vault.preload_keys(ids)
        pairs = await session.execute(
            select(ChannelIdentity.contact_id, ChannelIdentity.channel).where(
                ChannelIdentity.contact_id.in_(ids)
            )
        )
        for contact_id, channel in pairs.all():
            channels.setdefault(contact_id, set()).add(channel)
    return [
        ContactRow(
            id=contact.id,
            name=await _name(vault, contact),
            language=contact.language,
            country=contact.country,
            region=contact.region,
            channels=sorted(channels.get(contact.id, ())),
            tags=list(contact.tags or []),
            consent_at=contact.consent_at,
            opted_out_at=contact.opted_out_at,
            created_at=contact.created_at,
        )
        for contact in contacts
    ]


async def list_contacts(
    session: AsyncSession, vault: Vault, staff: Staff, chosen: ContactFilters, page: int = 1
) -> ContactPage:
    """One page of the contacts `staff` may see, newest first."""
    where = await _where(session, vault, staff, chosen)
    total = await session.scalar(select(func.count()).select_from(Contact).where(and_(*where)))
    page, pages = page_bounds(page, total or 0, PAGE_SIZE)
    contacts = list(
        await session.scalars(
            select(Contact)
            .where(*where)
            .order_by(Contact.created_at.desc(), Contact.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    return ContactPage(await _rows(session, vault, contacts), total or 0, page, pages)


async def load_contact(
    session: AsyncSession, vault: Vault, staff: Staff, contact: Contact
) -> ContactView:
    """A contact `staff` may see, with their addresses (whole only for those who manage
    the contact list) and only the cases `staff` may see."""
    row = (await _rows(session, vault, [contact]))[0]
    whole = staff.role in SEES_EVERYTHING
    repository = IdentityRepository(session, vault)
    addresses = []
    for identity in await session.scalars(
        select(ChannelIdentity)
        .where(ChannelIdentity.contact_id == contact.id)
        .order_by(ChannelIdentity.channel, ChannelIdentity.created_at)
    ):
        try:
            address = await repository.address_of(identity)
        except KeyUnavailable:
            continue
        shown = address if whole else mask(address)
        addresses.append(Address(identity.channel, shown, identity.blocked_at is not None))
    cases = list(
        await session.scalars(
            select(Case)
            .where(Case.contact_id == contact.id, visible_clause(staff))
            .order_by(Case.created_at.desc())
        )
    )
    return ContactView(row, addresses, cases)
