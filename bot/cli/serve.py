"""`frontdoor serve`: the web app (and, once it exists, the in-process sender)."""

from __future__ import annotations

import argparse

import uvicorn

from bot.app import create_app
from bot.cli._common import check_database, guarded, settings_or_fail
from bot.logs import configure_logging


@guarded
def serve(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    if args.no_sender:
        settings = settings.model_copy(update={"sender_enabled": False})
    configure_logging(settings.log_level)
    check_database(settings)
    uvicorn.run(
        create_app(settings), host=args.host, port=args.port, log_config=None, proxy_headers=False
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the web app, webhooks, console and API",
        description="Serve Frontdoor over HTTP, with the sender in-process unless --no-sender.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument("--no-sender", action="store_true", help="do not run the sender here")
    parser.set_defaults(handler=serve)
