"""Opt-out through the real webhooks: the STOP and START words of every language set and
clear the person's broadcast opt-out on every channel, and Twilio's STOP and START
families do on SMS."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from storage.db import unit_of_work
from storage.models import Contact
from tests.bot.test_webhooks import (  # noqa: F401  (the app fixture)
    ACCOUNT,
    PUBLIC,
    SMS_FROM,
    TOKEN,
    App,
    _telegram,
    app_fixture,
)
from tests.fakes.telegram_updates import message_update, user
from tests.fakes.twilio_signing import inbound_params, signed_form

LANGUAGES = {
    "en": ("Hello, the mine took our land", "stop", "start"),
    "fr": ("Bonjour, la mine a pris nos terres", "arrêter", "démarrer"),
    "es": ("Hola, la mina tomó nuestras tierras", "parar", "iniciar"),
    "pt": ("Olá, a mina tomou nossas terras", "pare", "iniciar"),
}
# channels.md 4.6: the words Twilio itself acts on (YES is left out on purpose: here it
# answers the bot's questions).
TWILIO_STOP = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]
TWILIO_START = ["START", "UNSTOP"]
_update_ids = itertools.count(70_000)


async def say(app: App, channel: str, language: str, text: str, **twilio: str) -> None:
    if channel == "telegram":
        update = message_update(
            update_id=next(_update_ids), text=text, **{"from": user(language_code=language)}
        )
        response = await app.client.post("/webhooks/telegram", **_telegram(update))
    else:
        sender = "+254700007001"
        path = "sms"
        if channel == "whatsapp":
            sender, path = f"whatsapp:{sender}", "whatsapp"
        url = f"{PUBLIC}/webhooks/twilio/{path}"
        to = f"whatsapp:{SMS_FROM}" if channel == "whatsapp" else SMS_FROM
        params = inbound_params(account_sid=ACCOUNT, sender=sender, to=to, body=text, **twilio)
        content, headers = signed_form(url, params, TOKEN)
        response = await app.client.post(
            f"/webhooks/twilio/{path}", content=content, headers=headers
        )
    assert response.status_code == 200


async def opted_out(app: App) -> bool:
    async with unit_of_work(app.state.sessions) as session:
        contact = (await session.scalars(select(Contact))).one()
        return contact.opted_out_at is not None


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("channel", ["telegram", "sms", "whatsapp"])
async def test_stop_and_start_words_of_every_language_on_every_channel(
    app: App, channel: str, language: str
) -> None:
    first, stop, start = LANGUAGES[language]
    await say(app, channel, language, first)
    assert not await opted_out(app)
    await say(app, channel, language, stop)
    assert await opted_out(app)
    await say(app, channel, language, start)
    assert not await opted_out(app)


async def test_twilios_stop_and_start_families_on_sms(app: App) -> None:
    await say(app, "sms", "en", "Hello, the mine took our land")
    for stop, start in zip(TWILIO_STOP, itertools.cycle(TWILIO_START)):
        await say(app, "sms", "en", stop)
        assert await opted_out(app), stop
        await say(app, "sms", "en", start)
        assert not await opted_out(app), start


async def test_twilios_advanced_opt_out_is_followed_whatever_the_word(app: App) -> None:
    # A Messaging Service with Advanced Opt-Out can stop on words of its own.
    await say(app, "sms", "en", "Hello, the mine took our land")
    await say(app, "sms", "en", "XYZZY", opt_out_type="STOP")
    assert await opted_out(app)
    await say(app, "sms", "en", "PLUGH", opt_out_type="START")
    assert not await opted_out(app)
