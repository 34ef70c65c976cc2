"""Whole conversations, as people write them, in each language, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from i18n import messages as m
from storage.crypto import KeyRing
from tests.intake.conversation_harness import Clock, Person, has

# (language, first message, replies that follow it until the summary is confirmed, country)
FLOWS = [
    (
        "fr",
        "Bonjour, une entreprise minière prend nos terres au Cameroun",
        [
            "oui",
            "c'est tout",
            "oui",
            "Village de Lomié",
            "Une société minière chinoise",
            "avocat",
            "non",
            "passer",
            "passer",
            "oui",
        ],
        "CM",
        "africa",
    ),
    (
        "en",
        "Hello, the dam company is flooding our farms and nobody consulted us",
        [
            "yes",
            "done",
            "Uganda",
            "Kakumiro district",
            "The dam company and the World Bank",
            "4",
            "no",
            "Mary",
            "skip",
            "yes",
        ],
        "UG",
        "africa",
    ),
    (
        "es",
        "Hola, la hidroelectrica esta contaminando nuestro rio y no nos consultaron",
        [
            "si",
            "listo",
            "Colmbia",
            "si",
            "La Guajira",
            "Una empresa y el BID",
            "dos",
            "no",
            "omitir",
            "omitir",
            "si",
        ],
        "CO",
        "latam_caribbean",
    ),
    (
        "pt",
        "Ola, a mineradora esta tomando nossas terras sem consulta nenhuma",
        [
            "sim",
            "pronto",
            "mocambique",
            "Tete",
            "Uma mineradora brasileira",
            "advogado",
            "nao",
            "pular",
            "pular",
            "sim",
        ],
        "MZ",
        "africa",
    ),
]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.mark.parametrize(
    ("language", "first", "answers", "country", "region"), FLOWS, ids=[flow[0] for flow in FLOWS]
)
async def test_a_whole_conversation_becomes_a_case(
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    clock: Clock,
    language: str,
    first: str,
    answers: list[str],
    country: str,
    region: str,
) -> None:
    person = Person(sessions, keyring, clock, user=f"flow-{language}")
    replies = await person.say(first)
    assert has(replies, language, m.GREETING)
    assert has(replies, language, m.CONSENT)
    for answer in answers:
        replies = await person.say(answer)
    assert has(replies, language, m.CASE_CREATED.singular) or has(
        replies, language, m.CASE_CREATED.plural
    )
    assert person.reference and person.reference.startswith("CRE-2026-")
    case = await person.case()
    assert (case.country, case.region, case.language) == (country, region, language)
    assert case.status == "new"

    status = await person.say(
        {"fr": "statut", "en": "status", "es": "estado", "pt": "situação"}[language]
    )
    assert has(status, language, m.STATUS)
    assert person.reference in status[0]
