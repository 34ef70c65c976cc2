"""The API's request and response bodies (they make the OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Status = Literal["new", "open", "waiting", "referred", "closed"]
Priority = Literal["urgent", "high", "normal", "low"]
Channel = Literal["telegram", "sms", "whatsapp", "simulator", "terminal"]
QueueId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,32}$")]
# PostgreSQL refuses NUL in text; nothing legitimate contains it.
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000, pattern=r"^[^\x00]*$")]
Email = Annotated[str, StringConstraints(pattern=r"^[^\x00\s@]{1,128}@[^\x00\s@]{1,125}$")]
LabelId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class CaseFields(BaseModel):
    """What a case summary and the full case share (read from attributes of either)."""

    model_config = ConfigDict(from_attributes=True)

    reference: str
    status: str
    priority: str
    queue: str
    assignee: str | None
    language: str | None
    channel: str
    country: str | None
    region: str | None
    risk: str
    created_at: datetime


class CaseSummary(CaseFields):
    labels: dict[str, list[str]]
    updated_at: datetime


class CaseList(BaseModel):
    items: list[CaseSummary]
    total: int
    page: int


class MessageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    direction: Literal["in", "out"]
    body: str | None = Field(description="null once the person erased their data")
    at: datetime
    status: str


class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    body: str | None
    at: datetime
    author: str | None


class CaseDetail(CaseFields):
    needs: list[str]
    violations: list[str]
    actors: list[str]
    sectors: list[str]
    institutions: list[str]
    risk_signals: list[str]
    evidence: dict[str, list[str]]
    routing_rule: str | None
    messages: list[MessageOut]
    notes: list[NoteOut]
    connections: list[str]


class BodyIn(BaseModel):
    body: Text


class Queued(BaseModel):
    status: Literal["queued", "delivered"]
    message_id: str


class Created(BaseModel):
    id: str


class CasePatch(BaseModel):
    """Any of these; `assignee: null` unassigns."""

    status: Status | None = None
    priority: Priority | None = None
    queue: QueueId | None = None
    assignee: Email | None = None
    labels: dict[LabelId, list[LabelId]] | None = None


class Changed(BaseModel):
    changed: list[str]


class ResponseTimes(BaseModel):
    answered: int
    median: float | None = Field(description="hours from arrival to the first staff reply")
    p90: float | None


class Stats(BaseModel):
    cases: int
    connections: int
    countries: int
    by: dict[str, dict[str, int]] = Field(
        description="cases by status, queue, region, country, language, channel, priority, risk"
    )
    labels: dict[str, dict[str, int]] = Field(description="cases per label, per dimension")
    first_response_hours: ResponseTimes
