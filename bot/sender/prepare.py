"""Turn claimed rows into what goes on the wire, or into verdicts without a send.

Runs in the claim's transaction, for the whole batch with a handful of queries: it opens
the sealed addresses and bodies, applies blocks and opt-outs, picks free text or a
template for WhatsApp's 24-hour window, and splits long texts.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.sender.config import SenderConfig, TemplateConfig
from bot.sender.outcomes import Verdict
from channels.base import ChannelAdapter, OutboundMessage, Template
from channels.splitting import split_text
from storage.crypto import DecryptionFailed, KeyRing, KeyUnavailable
from storage.models import PRIORITY_BULK, Case, ChannelIdentity, Contact, Message, OutboxPart
from storage.repositories.identities import IdentityRepository
from storage.repositories.messages import MessageRepository
from storage.repositories.outbox import Claim
from storage.vault import Vault

WHATSAPP_WINDOW = timedelta(hours=24)
# A row's template with `"when": ONLY_OUTSIDE_WINDOW` (a broadcast's) gives way to free
# text while the window is open; any other row template is always used.
ONLY_OUTSIDE_WINDOW = "outside_window"
TWILIO_CHANNELS = frozenset({"sms", "whatsapp"})


@dataclass(frozen=True)
class Plan:
    """The parts to send, in order, and the provider ids of those already accepted."""

    parts: list[OutboundMessage]
    done: Mapping[int, str]


def window_open(identity: ChannelIdentity, now: datetime) -> bool:
    """Whether WhatsApp still allows free text: the person wrote within 24 hours."""
    last = identity.last_inbound_at
    return last is not None and now - last < WHATSAPP_WINDOW


class Batch:
    """The rows a batch of claims needs, loaded together."""

    def __init__(self, session: AsyncSession, keyring: KeyRing) -> None:
        self.session = session
        self.vault = Vault(session, keyring)
        self.identities: dict[uuid.UUID, ChannelIdentity] = {}
        self.messages: dict[uuid.UUID, Message] = {}
        self.opted_out: set[uuid.UUID] = set()
        self.parts: dict[uuid.UUID, dict[int, str]] = {}

    async def load(self, claims: Sequence[Claim]) -> None:
        session = self.session
        self.identities = {
            row.id: row
            for row in await session.scalars(
                select(ChannelIdentity).where(
                    ChannelIdentity.id.in_([c.identity_id for c in claims])
                )
            )
        }
        self.messages = {
            row.id: row
            for row in await session.scalars(
                select(Message).where(Message.id.in_([c.message_id for c in claims]))
            )
        }
        contact_ids = [i.contact_id for i in self.identities.values() if i.contact_id]
        self.opted_out = set(
            await session.scalars(
                select(Contact.id).where(
                    Contact.id.in_(contact_ids), Contact.opted_out_at.is_not(None)
                )
            )
        )
        await self.vault.preload_keys(contact_ids)
        for part in await session.scalars(
            select(OutboxPart).where(OutboxPart.outbox_id.in_([c.id for c in claims]))
        ):
            self.parts.setdefault(part.outbox_id, {})[part.part] = part.provider_id


async def prepare_batch(
    session: AsyncSession,
    keyring: KeyRing,
    claims: Sequence[Claim],
    adapters: Mapping[str, ChannelAdapter],
    config: SenderConfig,
    now: datetime,
) -> list[Plan | Verdict]:
    """A plan, or a verdict when it must not be sent, for each claim in order."""
    batch = Batch(session, keyring)
    await batch.load(claims)
    results: list[Plan | Verdict] = []
    for claim in claims:
        try:
            results.append(await _prepare(batch, claim, adapters[claim.channel], config, now))
        except (KeyUnavailable, DecryptionFailed):
            results.append(
                Verdict("fail", "unreadable", "cannot be opened with the configured keys")
            )
    return results


async def _prepare(
    batch: Batch, claim: Claim, adapter: ChannelAdapter, config: SenderConfig, now: datetime
) -> Plan | Verdict:
    identity = batch.identities[claim.identity_id]
    message = batch.messages[claim.message_id]
    if identity.blocked_at is not None:
        return Verdict("stop", "blocked")
    if claim.priority >= PRIORITY_BULK and identity.contact_id in batch.opted_out:
        return Verdict("stop", "opted_out")
    if claim.attempts > config.max_attempts:
        # Only reached when earlier attempts died with their sender (lease expiry).
        return Verdict("fail", "gave_up", f"no outcome after {claim.attempts - 1} attempts")
    text = await MessageRepository(batch.session, batch.vault).body_of(message)
    template = await _template(batch.session, claim, identity, message, text, config, now)
    if isinstance(template, Verdict):
        return template
    to = await IdentityRepository(batch.session, batch.vault).address_of(identity)
    # SMS parts travel as separate messages and can arrive out of order: number them.
    texts = (
        [text]
        if template
        else split_text(text, adapter.max_text_length, numbered=claim.channel == "sms")
    )
    callback = config.status_callback_url if claim.channel in TWILIO_CHANNELS else None
    parts = [
        OutboundMessage(
            channel=adapter.name,
            to=to,
            text=part,
            idempotency_key=str(claim.id),
            template=template,
            status_callback_url=callback,
        )
        for part in texts
    ]
    return Plan(parts=parts, done=batch.parts.get(claim.id, {}))


async def _template(
    session: AsyncSession,
    claim: Claim,
    identity: ChannelIdentity,
    message: Message,
    text: str,
    config: SenderConfig,
    now: datetime,
) -> Template | Verdict | None:
    """The template to send instead of free text, if any (WhatsApp only)."""
    if claim.channel != "whatsapp":
        return None
    if claim.template and not (
        claim.template.get("when") == ONLY_OUTSIDE_WINDOW and window_open(identity, now)
    ):
        return _row_template(claim.template)
    if window_open(identity, now):
        return None
    if config.whatsapp_template is None:
        return Verdict(
            "fail",
            "outside_window",
            "WhatsApp's 24-hour window is closed and no template is configured "
            "(FRONTDOOR_WHATSAPP_TEMPLATE_SID)",
        )
    return await _configured_template(session, config.whatsapp_template, message, text)


def _row_template(stored: dict[str, Any]) -> Template | Verdict:
    content_sid, variables = stored.get("content_sid"), stored.get("variables") or {}
    if not isinstance(content_sid, str) or not isinstance(variables, dict):
        return Verdict("fail", "bad_template", "the stored template has no ContentSid")
    return Template(content_sid, {str(k): str(v) for k, v in variables.items()})


async def _configured_template(
    session: AsyncSession, template: TemplateConfig, message: Message, text: str
) -> Template:
    reference = ""
    if "case_reference" in template.variables.values() and message.case_id is not None:
        case = await session.get(Case, message.case_id)
        reference = case.reference if case is not None else ""
    sources = {"text": text, "case_reference": reference}
    values = {name: sources[source] for name, source in template.variables.items()}
    return Template(template.content_sid, values)
