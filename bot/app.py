"""The FastAPI app factory. The lifespan owns the engine; nothing happens at import."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from bot import health, simulator, webhooks
from bot.api.broadcasts import router as broadcasts_api_router
from bot.api.contacts import router as contacts_api_router
from bot.api.routes import router as api_router
from bot.auth.headers import SecurityHeadersMiddleware
from bot.auth.sessions import is_https
from bot.background import Background
from bot.console.app import build_console
from bot.errors import UnexpectedErrorMiddleware, install_error_handlers
from bot.heap import freeze_startup_heap
from bot.middleware import RequestContextMiddleware
from bot.settings import Settings, load_settings
from bot.state import AppState
from intake.conversation.engine import warm_up


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for these settings (read from the environment when not given)."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = AppState.build(settings)
        app.state.frontdoor = console.state.frontdoor = state
        background = Background(state)
        if settings.background_enabled:
            # Load the language and classification models now, not in the first webhook.
            await asyncio.to_thread(warm_up)
            freeze_startup_heap()
            background.start()
        try:
            yield
        finally:
            await background.stop()
            await state.close()

    console = build_console()
    docs = settings.docs_enabled
    app = FastAPI(
        title="Frontdoor",
        version="1",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url=None,
        openapi_url="/openapi.json" if docs else None,
    )
    install_error_handlers(app)
    app.add_middleware(UnexpectedErrorMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, https=is_https(settings))
    app.add_middleware(RequestContextMiddleware)
    app.include_router(health.router)
    app.include_router(webhooks.router)
    app.include_router(api_router)
    app.include_router(broadcasts_api_router)
    app.include_router(contacts_api_router)
    app.mount("/console", console)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    if settings.simulator:
        app.include_router(simulator.router)
    return app
