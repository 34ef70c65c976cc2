"""The database side of applying by chat: which call a keyword names, what the person
already gave to it, and saving and numbering their application (in the caller's
transaction, like everything the engine does)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from intake.conversation import understanding as words
from intake.conversation.answers import Answers
from intake.conversation.offers import CallOffer, Progress, offer_of
from storage.models import Call, ChannelIdentity, Contact
from storage.repositories.calls import ApplicationRepository, CallRepository
from storage.vault import Vault


def offer_from(call: Call) -> CallOffer:
    return CallOffer(
        call_id=str(call.id),
        title=dict(call.title),
        questions={lang: list(qs) for lang, qs in call.questions.items() if qs},
        keywords=tuple(call.keywords),
        opens_at=call.opens_at,
        deadline=call.deadline,
    )


def _best(calls: Sequence[Call], region: str | None, now: datetime) -> Call:
    """Among calls sharing a keyword: an open one before a closed one, one for the
    person's region before one for elsewhere, then the nearest deadline."""

    def rank(call: Call) -> tuple[bool, bool, datetime]:
        open_now = offer_from(call).is_open(now)
        for_them = not call.regions or region in call.regions
        return (not open_now, not for_them, call.deadline)

    return min(calls, key=rank)


async def named_call(
    session: AsyncSession, vault: Vault, identity: ChannelIdentity, text: str, now: datetime
) -> tuple[CallOffer, Progress | None] | None:
    """The call whose keyword is the whole message, and this person's application to it."""
    if not words.could_name_a_call(text):
        return None
    calls = {call.id: call for call in await CallRepository(session).offered()}
    found = words.named_calls(text, [(call.id, call.keywords) for call in calls.values()])
    if not found:
        return None
    assert identity.contact_id is not None
    contact = await session.get(Contact, identity.contact_id)
    call = _best([calls[i] for i in found], contact.region if contact else None, now)
    application = await ApplicationRepository(session, vault).of_contact(
        call.id, identity.contact_id
    )
    if application is None:
        return offer_from(call), None
    given = await ApplicationRepository(session, vault).answers(application)
    return offer_from(call), Progress(tuple(given), application.reference)


async def save_application(
    session: AsyncSession,
    vault: Vault,
    identity: ChannelIdentity,
    answers: Answers,
    now: datetime,
    *,
    submit: bool,
) -> str | None:
    """Write the answers so far into the person's application (made on the first save);
    when `submit`, number it and return its reference."""
    offer = offer_of(answers)
    assert offer is not None and answers.application is not None
    assert identity.contact_id is not None
    applications = ApplicationRepository(session, vault)
    call_id = uuid.UUID(offer.call_id)
    application = await applications.of_contact(call_id, identity.contact_id)
    if application is None:
        call = await session.get(Call, call_id)
        assert call is not None
        application = await applications.start(call, identity, answers.language)
    await applications.save_answers(
        application, list(answers.application["answers"]), language=answers.language, now=now
    )
    if not submit:
        return None
    return await applications.submit(application, now)
