"""API v1 contacts: import as a multipart file or a text/csv body, the report as JSON, the
list and one person, and the export that imports back to the same list."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import unit_of_work
from storage.models import AuditEntry, Case, Contact
from tests.bot.contact_files import CSV
from tests.staff_world import Staffed, World


def bearer(world: World, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[who]}"}


async def _post_csv(staffed: Staffed, world: World, who: str, data: bytes):  # type: ignore[no-untyped-def]
    return await staffed.client.post(
        "/api/v1/contacts/import",
        content=data,
        headers={**bearer(world, who), "Content-Type": "text/csv; charset=utf-8"},
    )


async def _contacts(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with unit_of_work(sessions) as session:
        return await session.scalar(select(func.count()).select_from(Contact)) or 0


EXPECTED_REPORT = {
    "created": 3,
    "merged": 0,
    "rejected": [
        {"line": 5, "reason": "invalid phone number"},
        {"line": 6, "reason": "unknown country '<script>alert(1)</script>'"},
    ],
    "duplicates": [{"line": 7, "reason": "same contact as line 2; merged"}],
}


async def test_a_text_csv_body_is_imported_and_reported(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    response = await _post_csv(staffed, world, "secretariat", CSV)
    assert response.status_code == 200
    assert response.json() == EXPECTED_REPORT
    assert await _contacts(sessions) == 3 + 3
    again = (await _post_csv(staffed, world, "secretariat", CSV)).json()
    assert (again["created"], again["merged"]) == (0, 3)
    async with unit_of_work(sessions) as session:
        entries = list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "contacts.imported")
            )
        )
    assert [e.data["created"] for e in entries] == [3, 0]
    assert all(e.data["via"] == "api" for e in entries)


async def test_a_multipart_file_is_imported_too(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    response = await staffed.client.post(
        "/api/v1/contacts/import",
        files={"file": ("contacts.csv", CSV, "text/csv")},
        headers=bearer(world, "admin"),
    )
    assert response.status_code == 200 and response.json() == EXPECTED_REPORT


async def test_bad_uploads_are_explained(staffed: Staffed, world: World) -> None:
    client, admin = staffed.client, bearer(world, "admin")
    wrong_type = await client.post("/api/v1/contacts/import", json={"csv": "x"}, headers=admin)
    assert wrong_type.status_code == 415
    assert wrong_type.json()["error"]["code"] == "unsupported_media_type"
    no_header = await _post_csv(staffed, world, "admin", b"+254712345678,Ana\n")
    assert no_header.status_code == 400
    assert "first line must name the columns" in no_header.json()["error"]["message"]
    no_file = await client.post(
        "/api/v1/contacts/import", data={"other": "x"}, files={"x": ("a", b"b")}, headers=admin
    )
    assert no_file.status_code == 422


async def test_coordinators_and_defenders_can_neither_import_nor_export(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    for who in ("africa", "defender"):
        response = await _post_csv(staffed, world, who, CSV)
        assert response.status_code == 404, who
        assert response.json()["error"]["code"] == "not_found"
        export = await staffed.client.get("/api/v1/contacts/export", headers=bearer(world, who))
        assert export.status_code == 404, who
    secretariat = await staffed.client.get(
        "/api/v1/contacts/export", headers=bearer(world, "secretariat")
    )
    assert secretariat.status_code == 404
    assert await _contacts(sessions) == 3


async def test_list_search_and_one_contact(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await _post_csv(staffed, world, "admin", CSV)
    client, secretariat = staffed.client, bearer(world, "secretariat")
    listed = (await client.get("/api/v1/contacts", headers=secretariat)).json()
    assert listed["total"] == 6 and listed["page"] == 1
    found = (
        await client.get(
            "/api/v1/contacts",
            params={"phone": "0712345678", "country": "KE"},
            headers=secretariat,
        )
    ).json()
    assert [c["name"] for c in found["items"]] == ["Amina"]
    amina = found["items"][0]
    assert amina["channels"] == ["sms", "whatsapp"] and amina["tags"] == ["pilot", "water"]
    assert amina["region"] == "africa" and amina["consent_at"] and not amina["opted_out_at"]
    opted = (
        await client.get("/api/v1/contacts", params={"opted_out": "true"}, headers=secretariat)
    ).json()
    assert [c["name"] for c in opted["items"]] == ["Carla"]

    detail = (await client.get(f"/api/v1/contacts/{amina['id']}", headers=secretariat)).json()
    assert sorted((a["channel"], a["address"]) for a in detail["addresses"]) == [
        ("sms", "+254712345678"),
        ("whatsapp", "+254712345678"),
    ]
    assert detail["cases"] == []

    async with unit_of_work(sessions) as session:
        person = await session.scalar(
            select(Case.contact_id).where(Case.reference == world.refs["africa"])
        )
    mine = await client.get(f"/api/v1/contacts/{person}", headers=bearer(world, "africa"))
    assert mine.status_code == 200
    assert [a["address"] for a in mine.json()["addresses"]] == ["+237•••01"]
    assert [c["reference"] for c in mine.json()["cases"]] == [world.refs["africa"]]


def _imported(text: str) -> list[list[str]]:
    """The lines of imported people (the world's got a country from their number when
    their line came back: the importer fills it in where a file leaves it out)."""
    return sorted(row for row in csv.reader(io.StringIO(text)) if row[0] != "Test Person")


async def test_the_export_imports_back_to_the_same_list(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await _post_csv(staffed, world, "admin", CSV)
    await _post_csv(
        staffed,
        world,
        "admin",
        b"name,phone,telegram,channels,tags\n"
        b'"=HYPERLINK(""http://x"")",+254712345600,555,sms;telegram,"a,b"\n',
    )
    response = await staffed.client.get("/api/v1/contacts/export", headers=bearer(world, "admin"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    first = response.text
    header, *rows = first.splitlines()
    assert header == "name,phone,telegram,language,country,channels,tags,consent"
    assert len(rows) == 3 + 4  # the world's three people, and four imported
    assert "Amina,+254712345678,,en,KE,sms;whatsapp,pilot;water," in first
    assert "Bruno,,123456789,pt,MZ,telegram,pilot," in first
    assert "Carla,+573001112233,,es,CO,sms,,no" in first
    assert "'=HYPERLINK" in first  # a spreadsheet shows it, never runs it

    async with unit_of_work(sessions) as session:
        kept = select(Case.contact_id).where(Case.contact_id.is_not(None))
        await session.execute(delete(Contact).where(Contact.id.not_in(kept)))
    assert await _contacts(sessions) == 3
    report = (await _post_csv(staffed, world, "admin", first.encode())).json()
    assert (report["created"], report["merged"]) == (4, 3)
    assert report["rejected"] == [] and report["duplicates"] == []
    again = await staffed.client.get("/api/v1/contacts/export", headers=bearer(world, "admin"))
    assert _imported(again.text) == _imported(first)
    assert again.text.count("Test Person,") == 3

    async with unit_of_work(sessions) as session:
        exports = list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "contacts.exported")
            )
        )
    assert [e.actor_id for e in exports] == [str(world.ids["admin"])] * 2


async def test_a_file_over_the_limit_is_refused_whole(
    staffed: Staffed,
    world: World,
    sessions: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("bot.contacts.transfer.MAX_UPLOAD_BYTES", len(CSV) - 1)
    as_body = await _post_csv(staffed, world, "admin", CSV)
    as_file = await staffed.client.post(
        "/api/v1/contacts/import",
        files={"file": ("contacts.csv", CSV, "text/csv")},
        headers=bearer(world, "admin"),
    )
    for response in (as_body, as_file):
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "payload_too_large"
    assert await _contacts(sessions) == 3


async def test_exports_and_phone_searches_share_the_staff_limits(
    staffed: Staffed, world: World
) -> None:
    settings = staffed.app.state.frontdoor.settings
    settings.export_limit = settings.search_limit = 1
    client, admin = staffed.client, bearer(world, "admin")
    assert (await client.get("/api/v1/contacts/export", headers=admin)).status_code == 200
    again = await client.get("/api/v1/contacts/export", headers=admin)
    assert again.status_code == 429 and int(again.headers["retry-after"]) > 0
    assert again.json()["error"]["code"] == "too_many_requests"
    for phone in ("+254712345678", "+254712345678"):  # the same number asked again counts once
        found = await client.get("/api/v1/contacts", params={"phone": phone}, headers=admin)
        assert found.status_code == 200
    assert (await client.get("/api/v1/contacts", headers=admin)).status_code == 200
    other = await client.get("/api/v1/contacts", params={"phone": "+254712345679"}, headers=admin)
    assert other.status_code == 429
