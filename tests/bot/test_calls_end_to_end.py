"""Applications by chat on the real server: one by SMS in Portuguese (signed Twilio
webhooks) and one by Telegram in French reach the call's list in the console, and its
CSV export, with their answers; the replies reach the fakes in each person's language."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import httpx
from sqlalchemy import func, select

from storage.crypto import KeyRing
from storage.db import create_engine, session_factory, unit_of_work
from storage.models import Application, InboundEvent, utcnow
from storage.repositories.calls import CallRepository
from tests.bot.test_channels_end_to_end import SECRET, SMS_FROM, Server, _wait_for
from tests.bot.test_channels_end_to_end import server as server
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import SECRET_HEADER, message_update
from tests.fakes.twilio_api import FakeTwilio
from tests.fakes.twilio_signing import inbound_params, signed_form
from tests.staff_world import Clock, Staffed, build_world, sign_in

QUESTIONS = {
    "fr": ["Quel est le nom de votre groupe ?", "Que ferez-vous de la subvention ?"],
    "pt": ["Qual é o nome do seu grupo?", "O que farão com o subsídio?"],
}
TITLES = {"fr": "Fonds de l'eau", "pt": "Fundo da água"}
PHONE = "+5511987654321"


async def _in_database(server: Server, query):  # type: ignore[no-untyped-def]
    engine = create_engine(server.settings.database_url)
    try:
        async with unit_of_work(session_factory(engine)) as session:
            return await query(session)
    finally:
        await engine.dispose()


async def _handled(server: Server, count: int) -> None:
    async def done() -> bool:
        found = await _in_database(
            server,
            lambda s: s.scalar(
                select(func.count())
                .select_from(InboundEvent)
                .where(InboundEvent.handled_at.is_not(None))
            ),
        )
        return found >= count

    await _wait_for(done)


async def test_applications_by_sms_in_portuguese_and_telegram_in_french(
    server: Server, fake_twilio: FakeTwilio, fake_telegram: FakeTelegram, keyring: KeyRing
) -> None:
    async def make_call(session):  # type: ignore[no-untyped-def]
        call = await CallRepository(session).create(
            title=TITLES, questions=QUESTIONS, deadline=utcnow() + timedelta(days=30)
        )
        return call.id

    call_id = await _in_database(server, make_call)
    handled = 0
    async with httpx.AsyncClient() as client:
        for text in ("CANDIDATAR", "Associação das Pescadoras", "Barcos e redes"):
            url = f"{server.url}/webhooks/twilio/sms"
            params = inbound_params(
                account_sid=fake_twilio.account_sid, sender=PHONE, to=SMS_FROM, body=text
            )
            content, headers = signed_form(url, params, fake_twilio.auth_token)
            assert (await client.post(url, content=content, headers=headers)).status_code == 200
            handled += 1
            await _handled(server, handled)
        for number, text in enumerate(("POSTULER", "Coopérative des Lacs", "Des puits"), 1):
            update = message_update(update_id=500 + number, text=text)
            response = await client.post(
                f"{server.url}/webhooks/telegram",
                content=json.dumps(update).encode(),
                headers={"Content-Type": "application/json", SECRET_HEADER: SECRET},
            )
            assert response.status_code == 200
            handled += 1
            await _handled(server, handled)

    async def references(session):  # type: ignore[no-untyped-def]
        rows = await session.scalars(select(Application).order_by(Application.channel))
        return [(row.channel, row.language, row.reference) for row in rows]

    [(sms, sms_lang, sms_ref), (telegram, tg_lang, tg_ref)] = await _in_database(server, references)
    assert (sms, sms_lang, telegram, tg_lang) == ("sms", "pt", "telegram", "fr")
    assert sms_ref and tg_ref

    async def both_told() -> bool:
        texts = [m["Body"] for m in fake_twilio.created()]
        texts += [m["text"] for m in fake_telegram.sent_messages()]
        return any(sms_ref in t for t in texts) and any(tg_ref in t for t in texts)

    await _wait_for(both_told)
    sms_texts = [message["Body"] for message in fake_twilio.created()]
    assert "Pergunta 1 de 2: Qual é o nome do seu grupo?" in sms_texts
    telegram_texts = [message["text"] for message in fake_telegram.sent_messages()]
    assert "Question 2 sur 2 : Que ferez-vous de la subvention ?" in telegram_texts

    engine = create_engine(server.settings.database_url)
    try:
        world = await build_world(session_factory(engine), keyring)
    finally:
        await engine.dispose()
    async with httpx.AsyncClient(base_url=server.url) as console:
        await sign_in(Staffed(None, console, Clock()), world, "secretariat")  # type: ignore[arg-type]
        page = await console.get(f"/console/calls/{call_id}")
        export = await console.get(f"/console/calls/{call_id}/applications.csv")
    for answer in ("Associação das Pescadoras", "Barcos e redes", "Coopérative des Lacs"):
        assert answer in page.text
    rows = {row["reference"]: row for row in csv.DictReader(io.StringIO(export.text))}
    assert rows[sms_ref]["language"] == "pt" and rows[tg_ref]["channel"] == "telegram"
    assert list(rows[sms_ref].values())[-2:] == ["Associação das Pescadoras", "Barcos e redes"]
    assert list(rows[tg_ref].values())[-2:] == ["Coopérative des Lacs", "Des puits"]
