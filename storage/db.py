"""Engines and sessions: one commit point per unit of work, on SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.write_gate import gate_connections

SQLITE_BUSY_TIMEOUT_MS = 15_000
RETRY_ATTEMPTS = 4
# PostgreSQL's "serialization failure" and "deadlock detected": safe to run again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})
T = TypeVar("T")


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets readers work while the sender writes; the busy timeout makes concurrent
    # writers wait instead of failing; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin_immediate(conn) -> None:  # type: ignore[no-untyped-def]
    # Take the write lock at BEGIN: a deferred transaction that reads then writes can hit
    # SQLITE_BUSY without waiting when another writer got in between.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(
    url: str,
    *,
    echo: bool = False,
    pool_size: int = 10,
    max_overflow: int = 10,
    autocommit: bool = False,
) -> AsyncEngine:
    """An async engine with the settings each database needs (the pool's size applies to
    PostgreSQL; SQLite's transactions take turns whatever the pool).

    `autocommit` (PostgreSQL): each statement commits by itself and a connection is not
    pinged when taken from the pool — one round trip where a transaction took four, for
    a caller whose work is one statement and who runs it again on a dropped connection.
    """
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url, echo=echo, connect_args={"isolation_level": None, "timeout": 15}
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
        # The process's own transactions take turns in the event loop, urgent ones first.
        gate_connections(engine)
        return engine
    checked: dict[str, Any] = (
        {"isolation_level": "AUTOCOMMIT"} if autocommit else {"pool_pre_ping": True}
    )
    return create_async_engine(
        url, echo=echo, pool_size=pool_size, max_overflow=max_overflow, **checked
    )


# Rows SQLite samples per index when it analyses: enough for the planner, quick on any size.
SQLITE_ANALYSIS_LIMIT = 1000


async def refresh_statistics(engine: AsyncEngine) -> None:
    """Give the query planner statistics that match the tables as they are now.

    SQLite has none until asked: without them, or with ones taken when the tables were
    nearly empty, it picks plans that read every row once the tables are large (a deep
    queue page under a language filter took 143 ms instead of 30). PostgreSQL's
    autovacuum keeps its own, but the outbox swings from empty to a broadcast's 100,000
    rows within minutes, faster than autovacuum notices: with the statistics of an empty
    table the claim query was seen taking 1-5 s per batch until an ANALYZE.
    """
    async with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            await connection.exec_driver_sql(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            await connection.exec_driver_sql("ANALYZE")
        else:
            await connection.exec_driver_sql("ANALYZE outbox")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def unit_of_work(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """The one commit point of a job or request: commit on success, roll back on error.

    Repositories flush; only this commits.
    """
    async with sessions() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


def _retryable(error: DBAPIError) -> bool:
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.orig, "sqlstate", None) in RETRYABLE_SQLSTATES


async def run_with_retries(
    sessions: async_sessionmaker[AsyncSession], job: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    """Run `job` in its own unit of work, again when it lost a race.

    Two writers can race for the same unique row (two first messages from one new
    person), or PostgreSQL can abort one of two transactions on a deadlock; nothing of the
    failed attempt was committed, so running it again is safe.
    """
    for attempt in range(RETRY_ATTEMPTS):
        try:
            async with unit_of_work(sessions) as session:
                return await job(session)
        except DBAPIError as error:
            if not _retryable(error) or attempt == RETRY_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
