"""What the person has told us so far, sealed as one JSON document per conversation."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class Answers:
    """The conversation's memory. Everything here is the person's own words or choices."""

    language: str = "en"
    language_confirmed: bool = False
    consent: bool = False
    pending: list[str] = field(default_factory=list)
    what: list[str] = field(default_factory=list)
    country: str | None = None
    country_guess: str | None = None
    country_attempts: int = 0
    place: str | None = None
    who: str | None = None
    support: list[str] = field(default_factory=list)
    support_attempts: int = 0
    danger: bool | None = None
    name: str | None = None
    contact: str | None = None
    reference: str | None = None
    return_state: str | None = None
    erase_code: str | None = None
    unacknowledged: int = 0
    followups: int = 0
    # The call for proposals being answered: its copy, the answers so far, where to go back.
    application: dict[str, Any] | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | None) -> Answers:
        if not raw:
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in json.loads(raw).items() if k in known})

    def story(self) -> str:
        """Everything the person wrote about their situation, for the classifier."""
        parts = [*self.pending, *self.what, self.place or "", self.who or ""]
        return "\n".join(part for part in parts if part)
