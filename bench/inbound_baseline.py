"""The baseline of `bench/inbound.py`: a bare FastAPI endpoint that checks the Twilio
signature with twilio's RequestValidator and inserts one row, on the same kind of
database and engine settings as Frontdoor. Nothing else: no parsing into a message, no
encryption, no conversation, no sender.

Run by bench/inbound.py (environment BENCH_DATABASE_URL, BENCH_AUTH_TOKEN,
BENCH_PUBLIC_URL):
  python -m uvicorn --app-dir bench inbound_baseline:app --port P --no-access-log
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request, Response
from sqlalchemy import Column, MetaData, String, Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from twilio.request_validator import RequestValidator

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage.db import create_engine

PATH = "/webhooks/twilio/sms"
TWIML = b'<?xml version="1.0" encoding="UTF-8"?><Response/>'

metadata = MetaData()
events = Table(
    "bench_baseline_events",
    metadata,
    Column("message_sid", String(64), primary_key=True),
    Column("sender", String(64), nullable=False),
)
engine = create_engine(os.environ["BENCH_DATABASE_URL"])
validator = RequestValidator(os.environ["BENCH_AUTH_TOKEN"])
public_url = os.environ["BENCH_PUBLIC_URL"].rstrip("/") + PATH
insert = sqlite_insert if engine.dialect.name == "sqlite" else pg_insert


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)


@app.post(PATH)
async def receive(request: Request) -> Response:
    params = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
    if not validator.validate(public_url, params, request.headers.get("X-Twilio-Signature", "")):
        return Response(status_code=403)
    row = {"message_sid": params["MessageSid"], "sender": params["From"]}
    async with engine.begin() as connection:
        await connection.execute(insert(events).values(**row).on_conflict_do_nothing())
    return Response(TWIML, media_type="text/xml")
