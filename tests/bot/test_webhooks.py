"""Webhooks mean what they answer: 403 forged, 400 malformed, 200 ignored or duplicate,
404 for a channel without credentials; every accepted message is stored and handled once,
even when the database is down (spool, then replay)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import create_app
from bot.inbound import InboundService
from bot.settings import Settings
from bot.state import AppState
from storage.db import create_engine, session_factory, unit_of_work
from storage.models import ChannelIdentity, InboundEvent, Message, OutboxItem
from storage.repositories.messages import MessageRepository
from storage.vault import Vault
from tests.fakes.telegram_updates import member_update, message_update, other_update
from tests.fakes.twilio_signing import inbound_params, new_sid, signed_form, status_params

PUBLIC = "https://frontdoor.example.org"
SECRET = "webhook-secret_0123456789"
ACCOUNT = "AC" + "1" * 32
TOKEN = "twilio-auth-token-0123456789abcd"
SMS_FROM = "+15005550006"
SENDER = "+254700000001"


@dataclass
class App:
    client: httpx.AsyncClient
    state: AppState


def _configured(settings: Settings) -> Settings:
    """`settings` with every channel's credentials, the providers unreachable."""
    configured = settings.model_copy(
        update={
            "public_url": PUBLIC,
            "telegram_token": "123456:TEST-token",
            "telegram_secret": SECRET,
            "telegram_api_url": "http://127.0.0.1:9",
            "twilio_account_sid": ACCOUNT,
            "twilio_auth_token": TOKEN,
            "twilio_sms_from": SMS_FROM,
            "twilio_whatsapp_from": "+14155238886",
            "twilio_api_url": "http://127.0.0.1:9",
        }
    )
    return Settings.model_validate(configured.model_dump())


@pytest.fixture(name="app")
async def app_fixture(settings: Settings) -> AsyncIterator[App]:
    application = create_app(_configured(settings))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        state: AppState = application.state.frontdoor

        async def processed(_: httpx.Response) -> None:
            # Events are processed after the answer; each test reads what follows it.
            await state.inbound_queue.idle()

        # The app sees http://internal behind a TLS proxy; Twilio signs the public URL.
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://internal",
            event_hooks={"response": [processed]},
        ) as client:
            yield App(client, state)


async def _count(sessions: async_sessionmaker[AsyncSession], model: type) -> int:
    async with unit_of_work(sessions) as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


def _telegram(update: dict, secret: str | None = SECRET) -> dict:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return {"content": json.dumps(update).encode(), "headers": headers}


def _sms(
    body: str = "Hello",
    *,
    sid: str | None = None,
    url: str = f"{PUBLIC}/webhooks/twilio/sms",
    token: str = TOKEN,
    **extra: str,
) -> dict:
    params = inbound_params(
        account_sid=ACCOUNT, sender=SENDER, to=SMS_FROM, body=body, message_sid=sid, **extra
    )
    content, headers = signed_form(url, params, token)
    return {"content": content, "headers": headers}


async def test_a_telegram_message_becomes_a_reply_in_the_persons_language(app: App) -> None:
    update = message_update(text="Bonjour, la mine prend nos terres")
    update["message"]["from"]["language_code"] = "fr"
    response = await app.client.post("/webhooks/telegram", **_telegram(update))
    assert response.status_code == 200
    async with unit_of_work(app.state.sessions) as session:
        queued = (await session.scalars(select(OutboxItem))).all()
        assert queued and all(item.channel == "telegram" for item in queued)
        repository = MessageRepository(session, Vault(session, app.state.keyring))
        replies = [
            await repository.body_of(await session.get(Message, item.message_id)) for item in queued
        ]
    assert any("Bonjour" in reply for reply in replies)


@pytest.mark.parametrize(("secret", "status"), [(None, 403), ("wrong-secret", 403)])
async def test_telegram_without_the_secret_is_refused_and_logged(
    app: App, caplog: pytest.LogCaptureFixture, secret: str | None, status: int
) -> None:
    with caplog.at_level(logging.WARNING, logger="frontdoor.security"):
        response = await app.client.post(
            "/webhooks/telegram", **_telegram(message_update(), secret)
        )
    assert response.status_code == status
    assert response.json()["error"]["code"] == "forbidden"
    assert "webhook_rejected" in caplog.text
    assert await _count(app.state.sessions, InboundEvent) == 0


async def test_a_malformed_body_is_400_and_an_ignored_update_is_200(app: App) -> None:
    bad = await app.client.post(
        "/webhooks/telegram",
        content=b"{not json",
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"},
    )
    assert bad.status_code == 400
    ignored = await app.client.post(
        "/webhooks/telegram", **_telegram(other_update("edited_message"))
    )
    assert ignored.status_code == 200
    assert await _count(app.state.sessions, InboundEvent) == 0


async def test_a_repeated_delivery_is_200_and_handled_once(app: App) -> None:
    update = message_update(update_id=4242, text="Hello, we need help with a dam")
    sid = new_sid("SM")
    for _ in range(3):
        assert (await app.client.post("/webhooks/telegram", **_telegram(update))).status_code == 200
        assert (await app.client.post("/webhooks/twilio/sms", **_sms(sid=sid))).status_code == 200
    assert await _count(app.state.sessions, InboundEvent) == 2
    async with unit_of_work(app.state.sessions) as session:
        inbound = await session.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "in")
        )
    assert inbound == 2


async def test_twilio_signed_over_the_public_url_works_behind_a_proxy(app: App) -> None:
    response = await app.client.post("/webhooks/twilio/sms", **_sms("Hola, necesitamos ayuda"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert "<Response" in response.text
    with_service = _sms("Ola", messaging_service_sid="MG" + "2" * 32)
    assert (await app.client.post("/webhooks/twilio/sms", **with_service)).status_code == 200


@pytest.mark.parametrize(
    "forgery",
    [
        {"token": "not-the-token"},
        {"url": "http://internal/webhooks/twilio/sms"},
        {"url": "https://evil.example.org/webhooks/twilio/sms"},
    ],
    ids=["wrong-token", "internal-url", "other-host"],
)
async def test_twilio_forged_signatures_are_refused(app: App, forgery: dict) -> None:
    response = await app.client.post("/webhooks/twilio/sms", **_sms(**forgery))
    assert response.status_code == 403
    assert await _count(app.state.sessions, InboundEvent) == 0


async def test_missing_twilio_signature_is_refused(app: App) -> None:
    request = _sms()
    del request["headers"]["X-Twilio-Signature"]
    assert (await app.client.post("/webhooks/twilio/sms", **request)).status_code == 403


@pytest.mark.parametrize(
    "body",
    ["x" * 1600, "\u202egnp.exe", "emoji 👩‍👩‍👧 ok", "'; DROP TABLE messages; --"],
    ids=["1600-chars", "rtl-override", "zwj-emoji", "sql"],
)
async def test_texts_are_stored_exactly(app: App, body: str) -> None:
    assert (await app.client.post("/webhooks/twilio/sms", **_sms(body))).status_code == 200
    async with unit_of_work(app.state.sessions) as session:
        message = (await session.scalars(select(Message).where(Message.direction == "in"))).one()
        stored = await MessageRepository(session, Vault(session, app.state.keyring)).body_of(
            message
        )
    assert stored == body


async def test_a_huge_body_is_413(app: App) -> None:
    response = await app.client.post(
        "/webhooks/twilio/sms",
        content=b"x" * 2_000_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413


async def test_a_channel_without_credentials_is_404(settings: Settings) -> None:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            for path in ("/webhooks/telegram", "/webhooks/twilio/sms", "/webhooks/twilio/status"):
                assert (await client.post(path, content=b"{}")).status_code == 404


async def test_database_down_spools_then_replays_without_loss(app: App) -> None:
    working = app.state.sessions, app.state.answer_sessions
    dead_engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
    app.state.sessions = app.state.answer_sessions = session_factory(dead_engine)
    try:
        for body in ("first message", "second message"):
            response = await app.client.post("/webhooks/twilio/sms", **_sms(body))
            assert response.status_code == 200
    finally:
        app.state.sessions, app.state.answer_sessions = working
        await dead_engine.dispose()
    service = InboundService(app.state)
    assert len(service.spool) == 2
    assert b"first message" not in b"".join(
        p.read_bytes() for p in service.spool.directory.iterdir()
    )
    assert await service.process_pending() >= 2
    assert len(service.spool) == 0
    async with unit_of_work(app.state.sessions) as session:
        rows = (
            await session.scalars(
                select(Message).where(Message.direction == "in").order_by(Message.created_at)
            )
        ).all()
        repository = MessageRepository(session, Vault(session, app.state.keyring))
        assert [await repository.body_of(row) for row in rows] == [
            "first message",
            "second message",
        ]


async def test_status_callbacks_move_forward_only(app: App) -> None:
    await app.client.post("/webhooks/twilio/sms", **_sms("Hello there"))
    async with unit_of_work(app.state.sessions) as session:
        message = (await session.scalars(select(Message).where(Message.direction == "out"))).first()
        message.provider_id, message.status = new_sid("SM"), "sent"
        sid = message.provider_id
    url = f"{PUBLIC}/webhooks/twilio/status"
    for status in ("delivered", "sent", "delivered"):
        params = status_params(
            account_sid=ACCOUNT, message_sid=sid, status=status, sender=SMS_FROM, to=SENDER
        )
        content, headers = signed_form(url, params, TOKEN)
        response = await app.client.post(
            "/webhooks/twilio/status", content=content, headers=headers
        )
        assert response.status_code == 200
    async with unit_of_work(app.state.sessions) as session:
        message = await session.scalar(select(Message).where(Message.provider_id == sid))
        assert message.status == "delivered"
    forged = urlencode([("MessageSid", sid), ("MessageStatus", "failed")]).encode()
    response = await app.client.post(
        "/webhooks/twilio/status",
        content=forged,
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": "x"},
    )
    assert response.status_code == 403


async def test_blocking_the_bot_is_recorded_and_writing_again_lifts_it(app: App) -> None:
    async def blocked() -> bool:
        async with unit_of_work(app.state.sessions) as session:
            identity = (await session.scalars(select(ChannelIdentity))).one()
            return identity.blocked_at is not None

    first = message_update(update_id=500, text="Hello, we need help")
    assert (await app.client.post("/webhooks/telegram", **_telegram(first))).status_code == 200
    kicked = member_update("member", "kicked", update_id=501)
    assert (await app.client.post("/webhooks/telegram", **_telegram(kicked))).status_code == 200
    assert await blocked()
    again = message_update(update_id=502, text="yes")
    assert (await app.client.post("/webhooks/telegram", **_telegram(again))).status_code == 200
    assert not await blocked()


async def test_webhooks_are_stored_while_the_other_work_holds_every_connection(
    settings: Settings,
) -> None:
    """On PostgreSQL the conversations, the sender and the console share one pool; when
    slow queries held all of it, answers queued for a connection and took seconds. Events
    are stored through connections of their own."""
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("SQLite's transactions take turns at the write gate instead")
    application = create_app(_configured(settings))
    async with application.router.lifespan_context(application):
        state: AppState = application.state.frontdoor
        pool = state.engine.sync_engine.pool
        held = [await state.engine.connect() for _ in range(pool.size() + pool._max_overflow)]
        try:
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://internal") as client:
                answer = await asyncio.wait_for(
                    client.post("/webhooks/twilio/sms", **_sms("Socorro, precisamos de ajuda")),
                    timeout=10,
                )
            async with unit_of_work(state.answer_sessions) as session:
                stored = await session.scalar(select(func.count()).select_from(InboundEvent))
        finally:
            for connection in held:
                await connection.close()
        await state.inbound_queue.idle()
    assert answer.status_code == 200
    assert stored == 1


async def test_an_event_is_stored_not_spooled_after_the_database_restarted(app: App) -> None:
    """The answers' connections are not pinged before each use (a round trip every answer
    waited for): one dropped by a restart fails its statement, which runs once more on a
    fresh connection."""
    if not app.state.settings.database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server connection to lose")
    assert (await app.client.post("/webhooks/twilio/sms", **_sms("Hello"))).status_code == 200
    async with unit_of_work(app.state.sessions) as session:
        await session.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    answer = await app.client.post("/webhooks/twilio/sms", **_sms("We need help"))
    assert answer.status_code == 200
    async with unit_of_work(app.state.sessions) as session:
        stored = await session.scalar(select(func.count()).select_from(InboundEvent))
    assert stored == 2
    assert len(InboundService(app.state).spool) == 0
