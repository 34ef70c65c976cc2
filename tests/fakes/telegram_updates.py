"""Realistic Telegram `Update` payloads and the webhook call that carries them."""

from __future__ import annotations

import json
from typing import Any

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DATE = 1_764_130_000  # a fixed Unix time keeps parsed timestamps comparable


def user(user_id: int = 777_000_111, **overrides: Any) -> dict[str, Any]:
    """A Telegram `User` (the person writing)."""
    return {
        "id": user_id,
        "is_bot": False,
        "first_name": "Amina",
        "last_name": "Diallo",
        "username": "amina_d",
        "language_code": "fr",
        **overrides,
    }


def private_chat(chat_id: int = 777_000_111) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": "Amina", "last_name": "Diallo"}


def message_update(
    update_id: int = 10_000, text: str | None = "Bonjour", **fields: Any
) -> dict[str, Any]:
    """An update with a private-chat `message`; `fields` add or replace message fields."""
    message: dict[str, Any] = {
        "message_id": 51,
        "from": user(),
        "chat": private_chat(),
        "date": DATE,
    }
    if text is not None:
        message["text"] = text
    message.update(fields)
    return {"update_id": update_id, "message": message}


def other_update(kind: str, update_id: int = 10_001) -> dict[str, Any]:
    """An update of a type Frontdoor ignores (`edited_message`, `poll`, `callback_query`...)."""
    payloads: dict[str, dict[str, Any]] = {
        "edited_message": {
            "message_id": 51,
            "from": user(),
            "chat": private_chat(),
            "date": DATE,
            "edit_date": DATE + 60,
            "text": "Bonjour (edited)",
        },
        "callback_query": {
            "id": "4382bfdwdsb323b2d9",
            "from": user(),
            "chat_instance": "-8237452343",
            "data": "lang:fr",
        },
        "poll": {
            "id": "5431",
            "question": "?",
            "options": [{"text": "a", "voter_count": 0}],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
        },
    }
    return {"update_id": update_id, kind: payloads[kind]}


def member_update(
    old: str, new: str, *, update_id: int = 10_002, chat: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A `my_chat_member` update: the bot's membership changed from `old` to `new`."""
    bot = {"id": 123456, "is_bot": True, "first_name": "Frontdoor", "username": "fd_bot"}
    return {
        "update_id": update_id,
        "my_chat_member": {
            "chat": chat or private_chat(),
            "from": user(),
            "date": DATE,
            "old_chat_member": _member(old, bot),
            "new_chat_member": _member(new, bot),
        },
    }


def _member(status: str, bot: dict[str, Any]) -> dict[str, Any]:
    member: dict[str, Any] = {"status": status, "user": bot}
    if status == "kicked":
        member["until_date"] = 0
    return member


def webhook(update: dict[str, Any] | bytes, secret: str | None) -> tuple[bytes, dict[str, str]]:
    """Body and headers of Telegram's POST; `secret=None` leaves the secret header out."""
    # Telegram sends raw UTF-8, not \u escapes.
    body = update if isinstance(update, bytes) else json.dumps(update, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    return body, headers
