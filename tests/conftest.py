"""Shared fixtures: real databases built by the migrations, on SQLite and PostgreSQL.

SQLite: one migrated file per xdist worker, copied for each test (cheap, isolated).
PostgreSQL (when FRONTDOOR_TEST_POSTGRES_URL is set): one migrated database per worker,
emptied after each test. Tests see real commits, so concurrency and crash tests work.
"""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from bot.app import create_app
from bot.settings import Settings
from storage.crypto import KeyRing
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import Base

# Every test is loopback-only; the provider fakes are there for any test that asks for one.
pytest_plugins = ("tests.fakes.loopback", "tests.fakes.fixtures")

POSTGRES_ENV = "FRONTDOOR_TEST_POSTGRES_URL"
SKIP_POSTGRES = f"PostgreSQL tests need {POSTGRES_ENV} (CI sets it)"
BACKENDS = ["sqlite", "postgresql"]


def postgres_base_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def random_master_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "frontdoor.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


async def _admin(url: str, *statements: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def postgres_worker_url() -> Iterator[str]:
    base = postgres_base_url()
    if base is None:
        pytest.skip(SKIP_POSTGRES)
    name = f"{make_url(base).database}_{_worker()}"
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    asyncio.run(_admin(base, drop, f'CREATE DATABASE "{name}"'))
    upgrade(url)
    yield url
    asyncio.run(_admin(base, drop))


async def _empty_postgres(url: str) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    await _admin(url, f"TRUNCATE {tables} CASCADE")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "frontdoor.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_worker_url")
    yield url
    asyncio.run(_empty_postgres(url))


@pytest.fixture
def master_key() -> str:
    return random_master_key()


@pytest.fixture
def keyring(master_key: str) -> KeyRing:
    return KeyRing(Settings(data_keys=master_key, _env_file=None).master_keys)


@pytest.fixture
def settings(db_url: str, master_key: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=db_url,
        data_keys=master_key,
        secret_key="test-secret-key-not-for-production",
        background_enabled=False,
        var_dir=tmp_path / "var",
        _env_file=None,
    )


@pytest.fixture
async def sessions(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(db_url)
    yield session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def app_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The real app, its lifespan run, reached in-process over ASGI."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client
