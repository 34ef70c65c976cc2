"""Who a broadcast reaches, on which address, in which language.

The audience is read in pages in contact id order, so neither a preview nor an enqueue
ever holds it all in memory, and a page boundary is a place to resume from.

One message per contact. When a contact has several usable addresses the rule is fixed,
so a preview and the enqueue that follows agree: the first channel in `CHANNEL_ORDER`
(Telegram costs nothing, a WhatsApp message less than most SMS), and on that channel the
address the person wrote from last, then the lowest identity id. Only channels with
credentials count (`channels`): a contact whose every address is on a channel that is
off is unreachable, counted but given no outbox row that no sender would ever take.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AUDIENCE_FIELDS, Broadcast
from storage.repositories.broadcasts import AudienceRow, BroadcastRepository

CHANNELS = ("telegram", "whatsapp", "sms")
CHANNEL_ORDER = {channel: rank for rank, channel in enumerate(CHANNELS)}
PAGE_SIZE = 5000
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Recipient:
    contact_id: uuid.UUID
    identity_id: uuid.UUID
    channel: str
    language: str
    key_id: uuid.UUID | None = None  # the contact's wrapped data key, when read with it
    wrapped_key: bytes | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """The recipients among one page of contacts, how many targeted contacts in it have
    no address on a configured channel, and the last contact id read (None when the
    audience is exhausted)."""

    recipients: list[Recipient]
    unreachable: int
    last: uuid.UUID | None


@dataclass(frozen=True)
class Audience:
    """The filters of a broadcast; an empty list puts no condition on that field."""

    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @classmethod
    def of(cls, stored: Mapping[str, Sequence[str]]) -> Audience:
        return cls(**{name: tuple(stored.get(name) or ()) for name in AUDIENCE_FIELDS})

    def to_dict(self) -> dict[str, list[str]]:
        return {name: list(getattr(self, name)) for name in AUDIENCE_FIELDS}


def language_for(contact_language: str | None, texts: Mapping[str, str], fallback: str) -> str:
    """The contact's language when the broadcast has a text in it, else the fallback."""
    if contact_language:
        for candidate in (contact_language, contact_language.split("-")[0].lower()):
            if candidate in texts:
                return candidate
    return fallback


def choose_identity(rows: Sequence[AudienceRow]) -> AudienceRow:
    """The one address a contact gets the broadcast on (see the module's rule)."""
    return min(
        rows,
        key=lambda r: (
            CHANNEL_ORDER.get(r.channel or "", len(CHANNEL_ORDER)),
            -(r.last_inbound_at or _NEVER).timestamp(),
            r.identity_id,
        ),
    )


async def page(
    session: AsyncSession,
    broadcast: Broadcast,
    after: uuid.UUID | None,
    size: int = PAGE_SIZE,
    *,
    with_keys: bool = False,
    channels: Collection[str] | None = None,
) -> Page:
    """The next `size` opted-in contacts after `after`; `channels` are those with
    credentials (None: every channel, for callers that send nothing)."""
    audience = Audience.of(broadcast.audience)
    rows = await BroadcastRepository(session).audience_page(
        after,
        size,
        regions=audience.regions,
        countries=audience.countries,
        languages=audience.languages,
        channels=audience.channels,
        with_tags=bool(audience.tags),
        with_keys=with_keys,
    )
    if not rows:
        return Page([], 0, None)
    wanted_tags = set(audience.tags)
    by_contact: dict[uuid.UUID, list[AudienceRow]] = {}
    for row in rows:
        if row.identity_id is None or (wanted_tags and not wanted_tags.intersection(row.tags)):
            continue
        by_contact.setdefault(row.contact_id, []).append(row)
    recipients = []
    unreachable = 0
    for contact_id, candidates in by_contact.items():
        usable = [r for r in candidates if channels is None or r.channel in channels]
        if not usable:
            unreachable += 1
            continue
        chosen = choose_identity(usable)
        assert chosen.identity_id is not None and chosen.channel is not None
        recipients.append(
            Recipient(
                contact_id=contact_id,
                identity_id=chosen.identity_id,
                channel=chosen.channel,
                language=language_for(
                    chosen.language, broadcast.texts, broadcast.fallback_language
                ),
                key_id=chosen.key_id,
                wrapped_key=chosen.wrapped_key,
            )
        )
    return Page(recipients, unreachable, rows[-1].contact_id)


async def walk(
    session: AsyncSession,
    broadcast: Broadcast,
    size: int = PAGE_SIZE,
    *,
    channels: Collection[str] | None = None,
) -> AsyncIterator[Page]:
    """Every page of the audience, in one session (for previews: reads only)."""
    after: uuid.UUID | None = None
    while True:
        found = await page(session, broadcast, after, size, channels=channels)
        if found.last is None:
            return
        after = found.last
        yield found
