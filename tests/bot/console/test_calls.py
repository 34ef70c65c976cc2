"""Calls for proposals in the console: the secretariat writes a call in four languages,
people apply by chat, and the applications are reviewed, decided and exported; anyone
else finds nothing there, and whatever people wrote stays inert text."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.console.screens.applications import PAGE_SIZE
from bot.console.text import BIDI_CONTROLS
from intake.conversation.engine import ConversationEngine, IncomingText
from intake.conversation.service import converse
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Application, AuditEntry, Call
from tests.bot.console.test_hostile_text import PAYLOADS
from tests.staff_world import Staffed, World, csrf_of, sign_in

FORM = {
    "title_en": "Water fund",
    "questions_en": "What is your group's name?\nWhat will you do with the grant?",
    "title_fr": "Fonds de l'eau",
    "questions_fr": "Quel est le nom de votre groupe ?\nQue ferez-vous de la subvention ?",
    "title_es": "Fondo del agua",
    "questions_es": "¿Cómo se llama su grupo?\n¿Qué hará con la subvención?",
    "title_pt": "Fundo da água",
    "questions_pt": "Qual é o nome do seu grupo?\nO que farão com o subsídio?",
    "regions": "africa",
    "keywords": "APPLY, POSTULER, APLICAR, CANDIDATAR",
    "deadline": "2099-06-30T17:00",
    "status": "published",
}


async def create_call(staffed: Staffed, world: World, who: str = "secretariat") -> uuid.UUID:
    page = await sign_in(staffed, world, who)
    response = await staffed.client.post(
        "/console/calls", data={**FORM, "csrf_token": csrf_of(page.text)}
    )
    assert response.status_code == 303, response.text
    return uuid.UUID(response.headers["location"].rsplit("/", 1)[1])


async def apply(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, user: str, *texts: str
) -> list[str]:
    engine = ConversationEngine(keyring)
    replies: list[str] = []
    for text in texts:
        handled = await converse(sessions, engine, IncomingText("simulator", user, text))
        replies = handled.replies
    return replies


def _reference(replies: list[str]) -> str:
    return next(w.strip(".") for r in replies for w in r.split() if w.startswith("APP-"))


async def test_a_call_is_written_applied_to_reviewed_and_exported(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    call_id = await create_call(staffed, world)
    async with unit_of_work(sessions) as session:
        call = await session.get(Call, call_id)
        assert call is not None
        assert call.title["pt"] == "Fundo da água" and len(call.questions["fr"]) == 2
        assert call.regions == ["africa"] and call.keywords[-1] == "CANDIDATAR"
    first = _reference(await apply(sessions, keyring, "ana", "APPLY", "Lake Group", "Wells"))
    second = _reference(await apply(sessions, keyring, "ben", "APPLY", "River Group", "Boats"))
    client = staffed.client
    listing = await client.get("/console/calls")
    assert "Water fund" in listing.text and f'href="/console/calls/{call_id}"' in listing.text
    page = await client.get(f"/console/calls/{call_id}")
    assert first in page.text and second in page.text
    assert "Lake Group" in page.text and "Boats" in page.text
    assert "What will you do with the grant?" in page.text

    token = csrf_of(page.text)
    award = await client.post(
        f"/console/applications/{first}/status",
        data={"csrf_token": token, "status": "awarded", "amount": "12,500", "currency": "usd"},
    )
    assert award.status_code == 303
    refer = await client.post(
        f"/console/applications/{second}/status",
        data={"csrf_token": token, "status": "referred", "partner": "Fondo Acción"},
    )
    assert refer.status_code == 303
    view = await client.get(f"/console/applications/{first}")
    assert "12,500" in view.text and "USD" in view.text and "Lake Group" in view.text
    awarded = await client.get(f"/console/calls/{call_id}", params={"status": "awarded"})
    assert first in awarded.text and second not in awarded.text
    referred = await client.get(f"/console/calls/{call_id}", params={"status": "referred"})
    assert second in referred.text and "Fondo Acción" in referred.text
    no_amount = await client.post(
        f"/console/applications/{second}/status",
        data={"csrf_token": token, "status": "awarded", "amount": "", "currency": "USD"},
    )
    assert no_amount.status_code == 422

    export = await client.get(f"/console/calls/{call_id}/applications.csv")
    assert export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.text)))
    by_reference = {row["reference"]: row for row in rows}
    assert by_reference[first]["Q1 What is your group's name?"] == "Lake Group"
    assert by_reference[first]["amount"] == "12500.00" and by_reference[first]["currency"] == "USD"
    assert by_reference[second]["status"] == "referred"
    assert by_reference[second]["partner"] == "Fondo Acción"

    async with unit_of_work(sessions) as session:
        actions = [
            (entry.action, entry.data)
            for entry in await session.scalars(select(AuditEntry).order_by(AuditEntry.at))
            if entry.object_type in ("call", "application")
        ]
    names = [action for action, _ in actions]
    for expected in (
        "call.created",
        "calls.listed",
        "call.viewed",
        "application.status_changed",
        "application.viewed",
        "call.exported",
    ):
        assert expected in names
    assert "Lake Group" not in str(actions) and "Fondo Acción" not in str(actions)


async def test_editing_a_call_and_form_errors_in_the_staff_language(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    call_id = await create_call(staffed, world, "admin")
    client = staffed.client
    edit = await client.get(f"/console/calls/{call_id}/edit")
    assert "Fonds de l&#39;eau" in edit.text and "2099-06-30T17:00" in edit.text
    token = csrf_of(edit.text)
    changed = await client.post(
        f"/console/calls/{call_id}",
        data={**FORM, "csrf_token": token, "deadline": "2099-07-31T17:00", "status": "closed"},
    )
    assert changed.status_code == 303
    async with unit_of_work(sessions) as session:
        call = await session.get(Call, call_id)
        assert call is not None and call.status == "closed" and call.deadline.month == 7
    await client.post(
        "/console/preferences",
        data={"csrf_token": token, "ui_language": "fr", "back": "/console/calls"},
    )
    uneven = await client.post(
        "/console/calls",
        data={**FORM, "csrf_token": token, "questions_pt": "Só uma pergunta?"},
    )
    assert uneven.status_code == 422
    assert "Chaque langue doit avoir le même nombre de questions." in uneven.text
    assert "Só uma pergunta?" in uneven.text  # what was typed is kept


ROUTES = [
    ("get", "/console/calls"),
    ("get", "/console/calls/new"),
    ("get", "/console/calls/{call}"),
    ("get", "/console/calls/{call}/edit"),
    ("get", "/console/calls/{call}/applications.csv"),
    ("get", "/console/applications/{reference}"),
    ("post", "/console/calls"),
    ("post", "/console/calls/{call}"),
    ("post", "/console/applications/{reference}/status"),
]


@pytest.mark.parametrize("who", ["africa", "defender"])
async def test_everyone_else_finds_nothing_on_every_route(
    staffed: Staffed,
    world: World,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    who: str,
) -> None:
    call_id = await create_call(staffed, world)
    reference = _reference(await apply(sessions, keyring, "ana", "APPLY", "Lake", "Wells"))
    page = await sign_in(staffed, world, who)
    assert 'href="/console/calls"' not in page.text
    token = csrf_of(page.text)
    for method, route in ROUTES:
        url = route.format(call=call_id, reference=reference)
        if method == "get":
            response = await staffed.client.get(url)
        else:
            response = await staffed.client.post(
                url, data={**FORM, "csrf_token": token, "status": "declined"}
            )
        assert response.status_code == 404, (method, url)
    async with unit_of_work(sessions) as session:
        application = (await session.scalars(select(Application))).one()
        assert application.status == "received"
        assert (await session.scalars(select(Call))).one().status == "published"


async def test_hostile_answers_render_inert_and_export_safely(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    call_id = await create_call(staffed, world)
    payload = " ".join(PAYLOADS)
    formula = '=HYPERLINK("http://evil.example","x")'
    reference = _reference(await apply(sessions, keyring, "eve", "APPLY", payload, formula))
    for url in (f"/console/calls/{call_id}", f"/console/applications/{reference}"):
        html = (await staffed.client.get(url)).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "<svg onload" not in html and 'href="javascript' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "⟨U+202E⟩evil.exe⟨U+202C⟩" in html
        assert not BIDI_CONTROLS.search(html)
    export = await staffed.client.get(f"/console/calls/{call_id}/applications.csv")
    [row] = list(csv.reader(io.StringIO(export.text)))[1:]
    assert row[-1] == "'" + formula


async def test_exporting_applications_counts_against_the_export_limit(
    staffed: Staffed, world: World
) -> None:
    """Applications carry people's answers: their export is limited like every other."""
    staffed.app.state.frontdoor.settings.export_limit = 1
    call_id = await create_call(staffed, world)
    first = await staffed.client.get(f"/console/calls/{call_id}/applications.csv")
    assert first.status_code == 200
    refused = await staffed.client.get(f"/console/calls/{call_id}/applications.csv")
    assert refused.status_code == 429 and "Retry-After" in refused.headers


async def test_a_popular_call_lists_its_applications_a_page_at_a_time(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    """Thousands apply to a popular call; the list shows one page at a time, in order of
    arrival, with the count and a way on that keeps the status filter."""
    call_id = await create_call(staffed, world)
    references = [
        _reference(await apply(sessions, keyring, f"person-{n}", "APPLY", f"Group {n}", "Wells"))
        for n in range(PAGE_SIZE + 3)
    ]
    first = await staffed.client.get(f"/console/calls/{call_id}")
    assert [r for r in references if r in first.text] == references[:PAGE_SIZE]
    assert f"{PAGE_SIZE + 3} applications" in first.text and "Page 1 of 2" in first.text
    second = await staffed.client.get(f"/console/calls/{call_id}", params={"page": 2})
    assert [r for r in references if r in second.text] == references[PAGE_SIZE:]
    assert "Page 2 of 2" in second.text
    past_the_end = await staffed.client.get(f"/console/calls/{call_id}", params={"page": 9})
    assert references[-1] in past_the_end.text and "Page 2 of 2" in past_the_end.text
    filtered = await staffed.client.get(f"/console/calls/{call_id}", params={"status": "received"})
    assert "status=received&amp;page=2" in filtered.text
    nothing = await staffed.client.get(f"/console/calls/{call_id}", params={"status": "awarded"})
    assert "0 applications" in nothing.text and "No application yet." in nothing.text
