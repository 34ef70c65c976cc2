"""Provider webhooks: verified before parsing, stored before any 2xx, processed once
after it (`bot.inbound_queue`).

403 for a forged or unsigned call (and a security log line), 400 for a body we cannot
parse, 200 for update types we ignore on purpose (so the provider does not retry), 404
for a channel that has no credentials.
"""

from __future__ import annotations

import logging
from functools import partial

from fastapi import APIRouter, Request, Response

from bot.deps import State
from bot.errors import AppError, Forbidden, NotFound, PayloadTooLarge
from bot.inbound import EventRecord, InboundService, process_stored
from bot.logs import log_event
from bot.sender.status import TWILIO_CHANNELS, apply_status_update
from channels.base import ChannelAdapter, MalformedRequest, WebhookRequest, public_request_url
from storage.db import unit_of_work

logger = logging.getLogger("frontdoor.webhooks")
security = logging.getLogger("frontdoor.security")
router = APIRouter(prefix="/webhooks", include_in_schema=False)

MAX_BODY_BYTES = 1_000_000


async def _verified(request: Request, state: State, adapter: ChannelAdapter) -> WebhookRequest:
    declared = request.headers.get("content-length", "0")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise PayloadTooLarge("The request body is too large.")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise PayloadTooLarge("The request body is too large.")
    url = public_request_url(
        state.settings.public_url, request.url.path, request.scope.get("query_string", b"").decode()
    )
    webhook = WebhookRequest.build(url, dict(request.headers), body)
    if not adapter.verify(webhook):
        log_event(
            security,
            logging.WARNING,
            "webhook_rejected",
            channel=adapter.name,
            route=request.url.path,
        )
        raise Forbidden("The request signature or secret is missing or wrong.")
    return webhook


def _adapter(state: State, channel: str) -> ChannelAdapter:
    adapter = state.adapters.get(channel)
    if adapter is None:
        raise NotFound(f"The {channel} channel is not configured.")
    return adapter


def _ack(adapter: ChannelAdapter) -> Response:
    return Response(adapter.ack_body, media_type=adapter.ack_content_type)


async def _receive(request: Request, state: State, channel: str) -> Response:
    with state.foreground.answering():
        return await _answer(request, state, channel)


async def _answer(request: Request, state: State, channel: str) -> Response:
    adapter = _adapter(state, channel)
    webhook = await _verified(request, state, adapter)
    try:
        result = adapter.parse(webhook)
    except MalformedRequest:
        log_event(logger, logging.WARNING, "webhook_malformed", channel=channel)
        raise AppError("The request body cannot be parsed.") from None
    if result.ignored:
        log_event(logger, logging.INFO, "webhook_ignored", channel=channel, reason=result.ignored)
        return _ack(adapter)
    service = InboundService(state)
    records = EventRecord.from_result(result)
    new = await service.accept(records)
    if not new:
        return _ack(adapter)
    # Stored: the provider gets its answer now, and the conversation runs after it. (Not
    # as a response background task: the connection would wait for it before its next
    # request.)
    sender = f"{records[0].channel}:{records[0].sender}"
    state.inbound_queue.submit(sender, partial(process_stored, state, new))
    return _ack(adapter)


@router.post("/telegram")
async def telegram(request: Request, state: State) -> Response:
    return await _receive(request, state, "telegram")


@router.post("/twilio/sms")
async def twilio_sms(request: Request, state: State) -> Response:
    return await _receive(request, state, "sms")


@router.post("/twilio/whatsapp")
async def twilio_whatsapp(request: Request, state: State) -> Response:
    return await _receive(request, state, "whatsapp")


@router.post("/twilio/status")
async def twilio_status(request: Request, state: State) -> Response:
    adapters = [state.adapters[c] for c in TWILIO_CHANNELS if c in state.adapters]
    if not adapters:
        raise NotFound("No Twilio channel is configured.")
    # Not an answer the sender steps aside for: each of its sends brings two of these, and
    # a delivery report lost is a status missing, not a message.
    webhook = await _verified(request, state, adapters[0])
    updates = adapters[0].parse_status(webhook)
    async with unit_of_work(state.sessions) as session:
        for update in updates:
            await apply_status_update(session, update, channels=TWILIO_CHANNELS)
    return _ack(adapters[0])
