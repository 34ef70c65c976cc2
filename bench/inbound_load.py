"""The load generator of `bench/inbound.py`, run as its own process: signed Twilio SMS
webhooks, each from a new sender, closed loop or open loop; one JSON line of results.

Run by bench/inbound.py:
  python bench/inbound_load.py URL --token T --account-sid AC... --to +1... --first N
      (--closed CONCURRENCY --seconds S | --open RATE --seconds S)

Closed loop: CONCURRENCY clients each send the next request as soon as the last one is
answered. Open loop: a request is due every 1/RATE s whatever the answers; its latency
counts from when it was due, so a slow server cannot hide its queue (no coordinated
omission).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.twilio_signing import inbound_params, new_sid, signed_form  # noqa: E402

PATH = "/webhooks/twilio/sms"
TEXTS = (
    "Hello, a mining company is taking our land in Kenya",
    "Bonjour, une entreprise minière prend nos terres au Cameroun",
    "Hola, una empresa minera está tomando nuestras tierras en Perú",
    "Olá, uma empresa de mineração está tomando nossas terras em Moçambique",
)


class Generator:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.url = args.url.rstrip("/") + PATH
        self.next_sender = args.first
        self.results: list[tuple[str, str, int, float]] = []  # sid, sender, status, seconds

    def request(self) -> tuple[str, str, bytes, dict[str, str]]:
        """A new signed inbound SMS from a sender never seen before."""
        number = self.next_sender
        self.next_sender += 1
        sender, sid = f"+2547{number:08d}", new_sid("SM")
        params = inbound_params(
            account_sid=self.args.account_sid,
            sender=sender,
            to=self.args.to,
            body=TEXTS[number % len(TEXTS)],
            message_sid=sid,
        )
        body, headers = signed_form(self.url, params, self.args.token)
        return sid, sender, body, headers

    async def send(self, client: httpx.AsyncClient, due: float | None = None) -> None:
        sid, sender, body, headers = self.request()
        started = time.monotonic() if due is None else due
        try:
            status = (await client.post(self.url, content=body, headers=headers)).status_code
        except httpx.HTTPError:
            status = 0
        self.results.append((sid, sender, status, time.monotonic() - started))

    async def closed(self, client: httpx.AsyncClient) -> float:
        end = time.monotonic() + self.args.seconds

        async def loop() -> None:
            while time.monotonic() < end:
                await self.send(client)

        started = time.monotonic()
        await asyncio.gather(*(loop() for _ in range(self.args.closed)))
        return time.monotonic() - started

    async def open(self, client: httpx.AsyncClient) -> float:
        count = int(self.args.open * self.args.seconds)
        interval = 1.0 / self.args.open
        started = time.monotonic()
        tasks = []
        for index in range(count):
            due = started + index * interval
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            tasks.append(asyncio.create_task(self.send(client, due)))
        await asyncio.gather(*tasks)
        return time.monotonic() - started


async def run(args: argparse.Namespace) -> dict[str, object]:
    generator = Generator(args)
    connections = args.closed or 256
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=30.0) as client:
        # The server is warmed before the clock starts; these count for lost/duplicated.
        for _ in range(8):
            await generator.send(client)
        warmup, generator.results = generator.results, []
        elapsed = await (generator.closed(client) if args.closed else generator.open(client))
    return {"elapsed": elapsed, "results": generator.results, "warmup": warmup}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--token", required=True)
    parser.add_argument("--account-sid", required=True)
    parser.add_argument("--to", required=True)
    parser.add_argument("--first", type=int, required=True, help="first sender number")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--closed", type=int, help="concurrency of the closed loop")
    mode.add_argument("--open", type=float, help="requests per second offered")
    parser.add_argument("--seconds", type=float, required=True)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
