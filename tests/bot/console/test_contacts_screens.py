"""The console's contact screens: the upload and its report, the list with its filters and
phone search, a person's page, and who may do what."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.console.i18n import environment
from bot.console.text import BIDI_CONTROLS, visible_controls
from bot.contacts.directory import Address, ContactFilters, ContactPage, ContactRow, ContactView
from bot.settings import Settings
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import AuditEntry, Case, Contact
from tests.bot.console.test_hostile_text import PAYLOADS, Tags
from tests.bot.contact_files import CSV
from tests.staff_world import Staffed, World, build_world, csrf_of, sign_in, staffed_app


async def upload(staffed: Staffed, data: bytes, token: str, name: str = "contacts.csv"):  # type: ignore[no-untyped-def]
    return await staffed.client.post(
        "/console/contacts/import",
        data={"csrf_token": token},
        files={"file": (name, data, "text/csv")},
    )


async def contact_of(sessions: async_sessionmaker[AsyncSession], reference: str) -> uuid.UUID:
    async with unit_of_work(sessions) as session:
        found = await session.scalar(select(Case.contact_id).where(Case.reference == reference))
        assert found is not None
        return found


async def test_the_secretariat_uploads_a_file_and_reads_its_report(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    page = await sign_in(staffed, world, "secretariat")
    form = await staffed.client.get("/console/contacts/import")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
    response = await upload(staffed, CSV, csrf_of(page.text))
    assert response.status_code == 200
    html = response.text
    assert "3 contacts imported" in html and "0 merged with existing contacts" in html
    assert "2 lines rejected" in html
    assert "<td>5</td><td><bdi>invalid phone number</bdi></td>" in html
    assert "<td>6</td><td><bdi>unknown country &#39;&lt;script&gt;" in html
    assert "<td>7</td><td><bdi>same contact as line 2; merged</bdi></td>" in html
    assert "<script>" not in html

    async with unit_of_work(sessions) as session:
        entry = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "contacts.imported")
        )
    assert entry is not None and entry.actor_id == str(world.ids["secretariat"])
    assert entry.data == {
        "via": "console",
        "created": 3,
        "merged": 0,
        "rejected": 2,
        "duplicates": 1,
    }
    assert "Amina" not in repr(entry.data)

    again = await upload(staffed, CSV, csrf_of(page.text))
    assert "0 contacts imported" in again.text and "3 merged with existing contacts" in again.text


async def test_a_file_without_columns_or_without_a_token_is_refused(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    page = await sign_in(staffed, world, "admin")
    response = await upload(staffed, b"+254712345678,Ana\n", csrf_of(page.text))
    assert response.status_code == 400 and "The first line must name the columns" in response.text
    forged = await upload(staffed, CSV, "not-the-token")
    assert forged.status_code == 403
    async with unit_of_work(sessions) as session:
        assert len(list(await session.scalars(select(Contact)))) == 3  # the world's only


async def test_coordinators_cannot_import_or_export(staffed: Staffed, world: World) -> None:
    page = await sign_in(staffed, world, "africa")
    assert (await staffed.client.get("/console/contacts/import")).status_code == 404
    assert (await upload(staffed, CSV, csrf_of(page.text))).status_code == 404
    assert (await staffed.client.get("/console/contacts/export.csv")).status_code == 404
    listing = await staffed.client.get("/console/contacts")
    assert "/console/contacts/import" not in listing.text
    assert "/console/contacts/export.csv" not in listing.text


async def test_the_secretariat_can_import_but_not_export(staffed: Staffed, world: World) -> None:
    await sign_in(staffed, world, "secretariat")
    listing = await staffed.client.get("/console/contacts")
    assert "/console/contacts/import" in listing.text
    assert "/console/contacts/export.csv" not in listing.text
    assert (await staffed.client.get("/console/contacts/export.csv")).status_code == 404


async def test_filters_and_the_phone_search(staffed: Staffed, world: World) -> None:
    page = await sign_in(staffed, world, "secretariat")
    await upload(staffed, CSV, csrf_of(page.text))
    client = staffed.client

    async def names(**params: str) -> set[str]:
        html = (await client.get("/console/contacts", params=params)).text
        return {n for n in ("Amina", "Bruno", "Carla", "Test Person") if f"<bdi>{n}</bdi>" in html}

    assert await names() == {"Amina", "Bruno", "Carla", "Test Person"}
    # a stale link past the end shows the last page, not an empty list
    assert await names(page="9") == {"Amina", "Bruno", "Carla", "Test Person"}
    assert await names(language="pt") == {"Bruno"}
    assert await names(country="co") == {"Carla"}
    assert await names(region="africa") == {"Amina", "Bruno"}
    assert await names(channel="telegram") == {"Bruno"}
    assert await names(channel="whatsapp") == {"Amina"}
    assert await names(tag="water") == {"Amina"}
    assert await names(tag="wat") == set()  # whole tags only
    assert await names(opted_out="yes") == {"Carla"}
    assert await names(phone="+254712345678") == {"Amina"}
    assert await names(phone="0712345678", country="KE") == {"Amina"}
    assert await names(phone="+254712345670") == set()
    assert await names(phone="not a number") == set()


async def test_a_contact_page_shows_addresses_whole_only_to_managers(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    contact_id = await contact_of(sessions, world.refs["africa"])
    await sign_in(staffed, world, "secretariat")
    page = (await staffed.client.get(f"/console/contacts/{contact_id}")).text
    assert "+237650000001" in page and f"/console/cases/{world.refs['africa']}" in page
    await staffed.client.post("/console/logout", data={"csrf_token": csrf_of(page)})

    await sign_in(staffed, world, "africa")
    response = await staffed.client.get(f"/console/contacts/{contact_id}")
    assert response.status_code == 200
    assert "+237650000001" not in response.text and "+237•••01" in response.text
    assert f"/console/cases/{world.refs['africa']}" in response.text
    async with unit_of_work(sessions) as session:
        viewed = list(
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "contact.viewed"))
        )
    assert [(e.actor_id, e.object_id) for e in viewed][-1] == (
        str(world.ids["africa"]),
        str(contact_id),
    )


async def test_hostile_names_and_tags_are_inert_on_the_contact_screens(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    payload = " ".join(PAYLOADS)
    world = await build_world(sessions, keyring, name=payload)
    contact_id = await contact_of(sessions, world.refs["africa"])
    async with unit_of_work(sessions) as session:
        person = await session.get(Contact, contact_id)
        assert person is not None
        person.tags = ['<img src=x onerror="alert(1)">', "\u202etag"]
    async for staffed in staffed_app(settings):
        await sign_in(staffed, world, "secretariat")
        pages = [
            await staffed.client.get("/console/contacts"),
            await staffed.client.get(f"/console/contacts/{contact_id}"),
        ]
    for page in pages:
        html = page.text
        assert page.status_code == 200
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "<svg onload" not in html and 'href="javascript' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "⟨U+202E⟩evil.exe⟨U+202C⟩" in html and "⟨U+202E⟩tag" in html
        assert not BIDI_CONTROLS.search(html)


async def test_the_report_speaks_the_staff_members_language(staffed: Staffed, world: World) -> None:
    page = await sign_in(staffed, world, "secretariat")
    await staffed.client.post(
        "/console/preferences",
        data={"csrf_token": csrf_of(page.text), "ui_language": "fr", "back": "/console/queue"},
    )
    response = await upload(staffed, CSV, csrf_of(page.text))
    html = response.text
    assert "3 contacts importés" in html and "2 lignes refusées" in html
    assert "<td>5</td><td><bdi>numéro de téléphone invalide</bdi></td>" in html
    assert "<td>7</td><td><bdi>même contact qu&#39;à la ligne 2 ; fusionné</bdi></td>" in html


async def test_an_admin_downloads_the_list_within_the_export_limit(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    staffed.app.state.frontdoor.settings.export_limit = 1
    page = await sign_in(staffed, world, "admin")
    await upload(staffed, CSV, csrf_of(page.text))
    response = await staffed.client.get("/console/contacts/export.csv")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="contacts.csv"'
    lines = response.text.splitlines()
    assert lines[0] == "name,phone,telegram,language,country,channels,tags,consent"
    assert len(lines) == 1 + 3 + 3 and "Carla,+573001112233,,es,CO,sms,,no" in lines
    refused = await staffed.client.get("/console/contacts/export.csv")
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    async with unit_of_work(sessions) as session:
        exported = list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "contacts.exported")
            )
        )
    assert [(e.actor_id, e.data) for e in exported] == [
        (str(world.ids["admin"]), {"via": "console"})
    ]


def _render_contact_screens(name: str, tag: str) -> list[str]:
    row = ContactRow(
        id=uuid.uuid4(),
        name=name,
        language="fr",
        country="CM",
        region="africa",
        channels=["sms"],
        tags=[tag],
        consent_at=None,
        opted_out_at=None,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    env = environment("en")
    context = {"signed_in": False, "staff": SimpleNamespace(role="admin"), "csrf": "x"}
    listing = env.get_template("contacts.html").render(
        **context,
        result=ContactPage([row], 1, 1, 1),
        filters=ContactFilters(),
        query={},
        languages=["fr"],
        regions=["africa"],
        channels=["sms"],
        manages=True,
    )
    view = ContactView(row, [Address("sms", "+237•••01", False)], [])
    person = env.get_template("contact.html").render(**context, view=view)
    return [listing, person]


TEMPLATE_TAGS = {
    *("html", "head", "meta", "title", "link", "script", "body", "header", "a", "main"),
    *("h1", "h2", "form", "input", "select", "option", "button", "nav", "span", "table"),
    *("thead", "tbody", "tr", "th", "td", "bdi", "div", "section", "ul", "li", "p", "time"),
}


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1) | st.sampled_from(PAYLOADS), st.text() | st.sampled_from(PAYLOADS))
def test_any_name_or_tag_renders_as_its_own_text(name: str, tag: str) -> None:
    for html in _render_contact_screens(name, tag):
        parsed = Tags()
        parsed.feed(html)
        assert set(parsed.tags) <= TEMPLATE_TAGS
        assert "onerror" not in parsed.attributes and "onload" not in parsed.attributes
        assert parsed.tags.count("script") == 1  # the page's own script file
        assert not BIDI_CONTROLS.search(html)
        assert visible_controls(name).strip() in "".join(parsed.text) or not name.strip()
