"""Whatever people write, and whatever they call themselves, is shown as inert text:
markup escaped, links dead, and bidirectional controls visible instead of reordering
what staff read."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.casework.detail import Entry
from bot.console.i18n import environment
from bot.console.text import BIDI_CONTROLS, visible_controls
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Case, Contact
from storage.vault import Vault
from tests.staff_world import Staffed, World, build_world, sign_in, staffed_app

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '"><svg onload=alert(1)>',
    "\u202eevil.exe\u202c and \u2066isolated\u2069 \u200fmark",
]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _render_transcript(body: str) -> str:
    entry = Entry(uuid.uuid4(), "in", body, datetime(2026, 1, 1, tzinfo=UTC), "received", None)
    return environment("en").get_template("transcript.html").render(messages=[entry], csrf="x")


TEMPLATE_TAGS = {"li", "div", "time", "span", "bdi"}


@settings(max_examples=300, deadline=None)
@given(st.text() | st.sampled_from(PAYLOADS).map(lambda p: p * 2))
def test_a_body_renders_as_its_own_text_and_nothing_else(body: str) -> None:
    html = _render_transcript(body)
    parsed = Tags()
    parsed.feed(html)
    assert set(parsed.tags) <= TEMPLATE_TAGS  # no tag came from the body
    assert set(parsed.attributes) <= {"class", "data-status"}  # no onerror, no href
    assert not BIDI_CONTROLS.search(html)
    assert visible_controls(body).strip() in "".join(parsed.text) or not body.strip()


async def test_hostile_bodies_and_names_are_inert_on_the_case_page(
    settings,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,  # type: ignore[no-untyped-def]
) -> None:
    payload = " ".join(PAYLOADS)
    world = await build_world(sessions, keyring, body=payload, name=payload)
    async for staffed in staffed_app(settings):
        await sign_in(staffed, world, "africa")
        page = await staffed.client.get(f"/console/cases/{world.refs['africa']}")
    html = page.text
    assert page.status_code == 200
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "⟨U+202E⟩evil.exe⟨U+202C⟩" in html and "⟨U+2066⟩isolated⟨U+2069⟩" in html
    assert not BIDI_CONTROLS.search(html)
    assert html.count("<bdi>") >= 3  # the name, the message and its quoted reply
    assert "script-src 'self'" in page.headers["content-security-policy"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(min_size=1, max_size=60) | st.sampled_from(PAYLOADS))
async def test_any_display_name_renders_as_its_own_text_on_the_case_page(
    staffed: Staffed,
    world: World,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    name: str,
) -> None:
    """The person's name, whatever it holds, is one inert `<bdi>` in the case's header."""
    async with unit_of_work(sessions) as session:
        case = await session.scalar(select(Case).where(Case.reference == world.refs["africa"]))
        contact = await session.get(Contact, case.contact_id)
        await Vault(session, keyring).seal_into(contact, "name_enc", name, contact_id=contact.id)
    if "fd_session" not in staffed.client.cookies:
        await sign_in(staffed, world, "africa")
    html = (await staffed.client.get(f"/console/cases/{world.refs['africa']}")).text
    header = html.split('<header class="case-head">', 1)[1].split("</header>", 1)[0]
    parsed = Tags()
    parsed.feed(header)
    assert set(parsed.tags) <= {"h1", "span", "p", "em", "bdi"}  # none came from the name
    assert set(parsed.attributes) <= {"class"}
    assert not BIDI_CONTROLS.search(html)
    assert f"<bdi>{escape(visible_controls(name))}</bdi>" in header
