"""The broadcasts API's bodies (they make the OpenAPI schema)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints, field_validator

from bot.broadcasts.control import MAX_FILTER_VALUES, MAX_NAME, MAX_TEXT

Language = Literal["en", "fr", "es", "pt"]
BroadcastChannel = Literal["telegram", "whatsapp", "sms"]
BroadcastStatus = Literal["draft", "scheduled", "sending", "paused", "cancelled", "done"]
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME, pattern=r"^[^\x00]*$")]
BroadcastText = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_TEXT, pattern=r"^[^\x00]*\S[^\x00]*$")
]
Word = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\x00]+$")]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
ContentSid = Annotated[str, StringConstraints(pattern=r"^HX[0-9a-fA-F]{32}$")]
Variable = Annotated[str, StringConstraints(max_length=1000, pattern=r"^[^\x00]*$")]


class AudienceIn(BaseModel):
    """Who gets it; an empty list puts no condition on that field."""

    regions: list[Word] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)
    countries: list[Country] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)
    languages: list[Language] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)
    channels: list[BroadcastChannel] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)
    tags: list[Word] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)


class TemplateIn(BaseModel):
    """The approved WhatsApp template for people outside the 24-hour window; `{text}` in
    a variable stands for the broadcast's text in the person's language."""

    content_sid: ContentSid
    variables: dict[Annotated[str, StringConstraints(pattern=r"^[0-9]{1,3}$")], Variable] = Field(
        default_factory=dict, max_length=20
    )


class BroadcastIn(BaseModel):
    name: Name
    texts: dict[Language, BroadcastText] = Field(min_length=1)
    fallback_language: Language
    audience: AudienceIn = Field(default_factory=AudienceIn)
    template: TemplateIn | None = None
    scheduled_at: AwareDatetime | None = None

    @field_validator("scheduled_at")
    @classmethod
    def _within_reach(cls, value: datetime | None) -> datetime | None:
        """In UTC, and in a year a broadcast can be meant for (not 0001 or 9999)."""
        if value is None:
            return None
        if not 2000 <= value.year <= 2999 or value.utcoffset() is None:
            raise ValueError("a date between the years 2000 and 2999, with its time zone")
        return value.astimezone(UTC)


class ChannelLanguageCount(BaseModel):
    channel: str
    language: str
    recipients: int


class SmsText(BaseModel):
    encoding: Literal["GSM-7", "UCS-2"]
    segments: int
    characters: int


class PreviewOut(BaseModel):
    recipients: int
    unreachable: int  # targeted, but on no channel with credentials
    by_channel: dict[str, int]
    by_language: dict[str, int]
    by_channel_language: list[ChannelLanguageCount]
    sms: dict[str, SmsText]
    sms_segments: int
    price_per_segment: float
    estimated_cost: float


class FailureCount(BaseModel):
    reason: str
    count: int


class ProgressOut(BaseModel):
    status: BroadcastStatus
    recipients: int
    enqueued: bool
    queued: int
    paused: int
    sent: int
    delivered: int
    failed: int
    opted_out: int
    cancelled: int
    failures: list[FailureCount]


class BroadcastOut(BaseModel):
    id: str
    name: str
    status: BroadcastStatus
    texts: dict[str, str]
    fallback_language: str
    audience: AudienceIn
    template: TemplateIn | None
    scheduled_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    created_at: datetime
    progress: ProgressOut


class BroadcastCreated(BroadcastOut):
    preview: PreviewOut
