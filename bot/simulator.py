"""The web simulator: a chat page and its JSON endpoint, through the same engine and outbox."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from bot.deps import State
from intake.conversation.engine import IncomingText
from intake.conversation.service import converse

router = APIRouter(tags=["simulator"])
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


class SimulatorMessage(BaseModel):
    user: str = Field(min_length=1, max_length=64, description="who is writing (any name)")
    text: str = Field(max_length=20_000)


class SimulatorReplies(BaseModel):
    replies: list[str]


@router.post("/simulator/messages", response_model=SimulatorReplies)
async def post_message(message: SimulatorMessage, state: State) -> SimulatorReplies:
    """Send a message as `user`; the bot's replies to it come back in order."""
    handled = await converse(
        state.sessions, state.conversations, IncomingText("simulator", message.user, message.text)
    )
    return SimulatorReplies(replies=handled.replies)


@router.get("/simulator", response_class=HTMLResponse, include_in_schema=False)
async def page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "simulator.html")
