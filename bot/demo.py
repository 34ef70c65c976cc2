"""Demo data: queues, a few staff accounts, and cases in four languages made by real
conversations through the engine, so what you see is what the bot really does."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from bot.state import AppState
from intake.conversation.engine import IncomingText
from intake.conversation.service import converse
from storage.db import unit_of_work
from storage.models import StaffUser
from storage.repositories.staff import StaffRepository

DEMO_PASSWORD = "demo-password-change-me"
QUEUES = {
    "defenders": "Defenders (protection)",
    "secretariat": "Secretariat",
    "global": "Global (country unknown)",
    "africa": "Africa",
    "mena": "Middle East & North Africa",
    "asia_pacific": "Asia & Pacific",
    "latam_caribbean": "Latin America & Caribbean",
    "europe_central_asia": "Europe & Central Asia",
}
STAFF = (
    ("admin@frontdoor.demo", "admin", (), ("en", "fr")),
    ("secretariat@frontdoor.demo", "secretariat", ("secretariat",), ("en", "es")),
    ("africa@frontdoor.demo", "coordinator", ("africa",), ("fr", "en", "pt")),
    ("latam@frontdoor.demo", "coordinator", ("latam_caribbean",), ("es", "pt")),
    ("asia@frontdoor.demo", "coordinator", ("asia_pacific", "global"), ("en",)),
    ("defenders@frontdoor.demo", "defenders", ("defenders",), ("en", "fr", "es", "pt")),
)
CONVERSATIONS = (
    (
        "demo-fr",
        [
            "Bonjour, une entreprise minière prend nos terres au Cameroun",
            "oui",
            "fini",
            "oui",
            "Village de Lomié, Est",
            "Une société chinoise et la SFI",
            "1",
            "non",
            "passer",
            "passer",
            "oui",
        ],
    ),
    (
        "demo-en",
        [
            "Hello, the dam project is flooding our farms and nobody consulted us",
            "yes",
            "done",
            "Uganda",
            "Kakumiro district",
            "The dam company and the World Bank",
            "4",
            "no",
            "skip",
            "skip",
            "yes",
        ],
    ),
    (
        "demo-es",
        [
            "Hola, la hidroeléctrica contamina nuestro río en Colombia",
            "si",
            "listo",
            "si",
            "Comunidad de La Guajira",
            "Una empresa y el BID",
            "2",
            "no",
            "omitir",
            "omitir",
            "si",
        ],
    ),
    ("demo-pt", ["Olá, estão ameaçando de morte o nosso líder em Moçambique", "sim"]),
)


@dataclass
class DemoReport:
    created: bool
    references: list[str]


async def load_demo(state: AppState, *, if_empty: bool = False) -> DemoReport:
    """Load the demo; with `if_empty`, do nothing when staff accounts already exist."""
    async with unit_of_work(state.sessions) as session:
        existing = await session.scalar(select(func.count()).select_from(StaffUser))
        if if_empty and existing:
            return DemoReport(False, [])
        staff = StaffRepository(session)
        for queue_id, name in QUEUES.items():
            await staff.ensure_queue(queue_id, name)
        for email, role, queues, languages in STAFF:
            if await staff.by_email(email) is None:
                await staff.add_user(
                    email, role=role, password=DEMO_PASSWORD, queues=queues, languages=languages
                )
    references = []
    for user, lines in CONVERSATIONS:
        handled = None
        for line in lines:
            handled = await converse(
                state.sessions, state.conversations, IncomingText("simulator", user, line)
            )
        if handled and handled.reference:
            references.append(handled.reference)
    return DemoReport(True, references)
