"""What every command shares: settings, a database job, and one-line failures."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import ConfigurationError, Settings, load_settings
from bot.state import AppState
from intake.routing import RoutingConfigError, load_rules
from storage.db import create_engine, unit_of_work
from storage.vault import Vault

T = TypeVar("T")


class CommandFailed(Exception):
    """Stops a command with one line on stderr and exit status 2."""


def fail(message: str) -> int:
    print(f"frontdoor: {message}", file=sys.stderr)
    return 2


def settings_or_fail() -> Settings:
    """The settings, with the routing rules checked, or one line saying what is wrong."""
    try:
        settings = load_settings()
        load_rules(settings.routing_file)
    except (ConfigurationError, RoutingConfigError) as error:
        raise CommandFailed(str(error)) from None
    return settings


def safe_url(url: str) -> str:
    """The database URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


async def _check_database(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    finally:
        await engine.dispose()


def check_database(settings: Settings) -> None:
    """Fail with one clear line when the database cannot be reached."""
    try:
        asyncio.run(asyncio.wait_for(_check_database(settings.database_url), timeout=10))
    except Exception as error:  # any driver or network error means the same to the operator
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CommandFailed(
            f"cannot reach the database {safe_url(settings.database_url)}: {reason}"
        ) from None


def run_in_unit_of_work(
    settings: Settings, job: Callable[[AsyncSession, Vault], Awaitable[T]]
) -> T:
    """Run `job` in one transaction against the configured database."""

    async def runner() -> T:
        state = AppState.build(settings)
        try:
            async with unit_of_work(state.sessions) as session:
                return await job(session, Vault(session, state.keyring))
        finally:
            await state.close()

    return asyncio.run(runner())


def guarded(handler: Callable[..., int]) -> Callable[..., int]:
    """Turn CommandFailed into its one-line message and exit status."""

    def wrapper(*args: object, **kwargs: object) -> int:
        try:
            return handler(*args, **kwargs)
        except CommandFailed as error:
            return fail(str(error))

    wrapper.__doc__ = handler.__doc__
    return wrapper
