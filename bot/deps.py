"""FastAPI dependencies: the app state and the request's one commit point."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from bot.state import AppState
from storage.db import unit_of_work
from storage.vault import Vault


async def get_state(request: Request) -> AppState:
    # async: a plain function would be run in a worker thread, for every request.
    return request.app.state.frontdoor


State = Annotated[AppState, Depends(get_state)]


async def get_session(state: State) -> AsyncIterator[AsyncSession]:
    """Commit when the endpoint returns, roll back when it raises."""
    async with unit_of_work(state.sessions) as session:
        yield session


DbSession = Annotated[AsyncSession, Depends(get_session)]


def get_vault(session: DbSession, state: State) -> Vault:
    return Vault(session, state.keyring)


RequestVault = Annotated[Vault, Depends(get_vault)]
