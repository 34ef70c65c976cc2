"""The API's contact bodies (they make the OpenAPI schema)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ContactSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str | None = Field(description="null when unknown, or once the person erased their data")
    language: str | None
    country: str | None
    region: str | None
    channels: list[str]
    tags: list[str]
    consent_at: datetime | None
    opted_out_at: datetime | None
    created_at: datetime


class ContactList(BaseModel):
    items: list[ContactSummary]
    total: int
    page: int


class AddressOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    channel: str
    address: str = Field(description="whole for admin and secretariat, masked for others")
    blocked: bool


class ContactCase(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    reference: str
    status: str
    queue: str
    created_at: datetime


class ContactDetail(ContactSummary):
    addresses: list[AddressOut]
    cases: list[ContactCase] = Field(description="only the cases the caller may see")


class ImportProblem(BaseModel):
    line: int = Field(description="the line of the file, the header being line 1")
    reason: str


class ImportResult(BaseModel):
    created: int
    merged: int = Field(description="lines that updated a contact who was already known")
    rejected: list[ImportProblem]
    duplicates: list[ImportProblem] = Field(
        description="lines naming a contact of an earlier line; merged into it"
    )
