"""Turn a claimed row into what goes on the wire, or into a verdict without a send.

Runs in one short transaction right before sending: it renews the lease (the "already
sent?" check), opens the sealed address and body, applies the blocks and opt-outs, picks
free text or a template for WhatsApp's 24-hour window, and splits long texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.sender.config import SenderConfig, TemplateConfig
from bot.sender.outcomes import Verdict
from channels.base import ChannelAdapter, OutboundMessage, Template
from channels.splitting import split_text
from storage.crypto import KeyRing
from storage.models import PRIORITY_BULK, Case, ChannelIdentity, Contact, Message
from storage.repositories.identities import IdentityRepository
from storage.repositories.messages import MessageRepository
from storage.repositories.outbox import Claim, OutboxRepository
from storage.vault import Vault

WHATSAPP_WINDOW = timedelta(hours=24)
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


async def prepare(
    session: AsyncSession,
    keyring: KeyRing,
    claim: Claim,
    adapter: ChannelAdapter,
    config: SenderConfig,
    now: datetime,
) -> Plan | Verdict | None:
    """The plan for `claim`; a verdict when it must not be sent; None when the lease was
    lost (another sender took the row, or it was sent or erased meanwhile)."""
    outbox = OutboxRepository(session)
    if not await outbox.renew(claim, lease_for=config.lease_for, now=now):
        return None
    identity = await session.get(ChannelIdentity, claim.identity_id)
    message = await session.get(Message, claim.message_id)
    if identity is None or message is None:
        return None
    if identity.blocked_at is not None:
        return Verdict("stop", "blocked")
    if claim.priority >= PRIORITY_BULK and await _opted_out(session, identity):
        return Verdict("stop", "opted_out")
    if claim.attempts > config.max_attempts:
        # Only reached when earlier attempts died with their sender (lease expiry).
        return Verdict("fail", "gave_up", f"no outcome after {claim.attempts - 1} attempts")
    vault = Vault(session, keyring)
    text = await MessageRepository(session, vault).body_of(message)
    template = await _template(session, claim, identity, message, text, config, now)
    if isinstance(template, Verdict):
        return template
    to = await IdentityRepository(session, vault).address_of(identity)
    texts = [text] if template else _split(claim.channel, text, adapter.max_text_length)
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
    return Plan(parts=parts, done=await outbox.sent_parts(claim))


def _split(channel: str, text: str, limit: int) -> list[str]:
    # SMS parts travel as separate messages and can arrive out of order: number them.
    return split_text(text, limit, numbered=channel == "sms")


async def _opted_out(session: AsyncSession, identity: ChannelIdentity) -> bool:
    if identity.contact_id is None:
        return False
    contact = await session.get(Contact, identity.contact_id)
    return contact is not None and contact.opted_out_at is not None


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
    if claim.template:
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


def _row_template(stored: dict[str, Any]) -> Template:
    variables = stored.get("variables") or {}
    return Template(str(stored["content_sid"]), {str(k): str(v) for k, v in variables.items()})


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
