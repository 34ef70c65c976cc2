"""Immediacy in four languages: the words that a danger is happening now, and the everyday
places, times and words that only look like them.

Each phrase was written for these tests (none comes from the labelled dev file).
"""

from __future__ import annotations

import pytest

from intake.classification import classify

URGENT, ELEVATED = "urgent", "elevated"

# The same harm, told alone and then beside a word that it is happening now. Alone it is
# elevated; with the immediacy it is urgent (contract.md: a high signal with
# immediate_danger); the immediacy alone is never urgent.
HARM = {
    "en": "the company guards threatened our leaders",
    "fr": "les gardes de la société ont menacé nos leaders",
    "es": "los guardias de la empresa amenazaron a los dirigentes",
    "pt": "os seguranças da empresa ameaçaram as lideranças",
}
IMMEDIACY = [
    ("en", "we are in danger"),
    ("en", "we slept in the bush"),
    ("en", "they are outside my house"),
    ("fr", "nous sommes en danger"),
    ("fr", "nous dormons en brousse"),
    ("fr", "ils sont devant ma maison"),
    ("es", "estamos en peligro"),
    ("es", "dormimos en el monte"),
    ("es", "siguen aquí"),
    ("pt", "estamos em perigo"),
    ("pt", "ele teve que se esconder"),
    ("pt", "ainda estão na aldeia"),
    ("pt", "a nossa vida corre risco"),
    ("pt", "vão voltar de madrugada"),
    ("pt", "ajudem rápido"),
    ("pt", "urjente"),
    ("pt", "tenho medo que me matem"),
]


@pytest.mark.parametrize(("language", "immediacy"), IMMEDIACY)
def test_immediacy_beside_a_high_signal_makes_it_urgent(language: str, immediacy: str) -> None:
    assert classify(HARM[language], language=language).risk == ELEVATED
    assert classify(immediacy, language=language).risk != URGENT
    together = classify(f"{HARM[language]}. {immediacy}", language=language)
    assert "immediate_danger" in together.risk_signals
    assert together.risk == URGENT


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("we had to hide our documents from the rain", "en"),
        ("the project is under siege from critics", "en"),
        ("devant ma maison il y a la route du projet", "fr"),
        ("frente a mi casa pasa la carretera nueva", "es"),
        ("os técnicos vêm para cá na próxima semana", "pt"),
        ("a polícia está aqui na cidade há muitos anos", "pt"),
        ("agora queremos saber quem financia a barragem", "pt"),
        # frequent words one letter from a new keyword word are not corrected into it
        ("o auxílio emergencial acabou", "pt"),
        ("estão desejando um bom ano às famílias", "pt"),
    ],
)
def test_everyday_words_that_look_like_danger_are_none(text: str, language: str) -> None:
    assert classify(text, language=language).risk_signals == ()


# An eviction and the day it comes, or armed men closing in: happening now or next, so
# urgent (imminent_eviction is high; with immediate_danger, urgent).
@pytest.mark.parametrize(
    ("text", "language", "signals"),
    [
        ("eviction is set for tomorrow morning with riot police", "en", {"imminent_eviction"}),
        ("they will bulldoze the houses tonight", "en", {"imminent_eviction"}),
        ("l'expulsion est prévue demain à l'aube avec la police", "fr", {"imminent_eviction"}),
        ("ils viennent démolir le quartier demain", "fr", {"imminent_eviction"}),
        ("mañana temprano viene el desalojo con los antimotines", "es", {"imminent_eviction"}),
        ("dicen que van a demoler las casas mañana", "es", {"imminent_eviction"}),
        ("o despejo vai ser amanhã de madrugada com a tropa", "pt", {"imminent_eviction"}),
        ("disseram que amanha vem a policia para expulsar todo mundo", "pt", {"imminent_eviction"}),
        ("armed men surrounded our village", "en", set()),
        ("des hommes armés rôdent autour de nos maisons", "fr", set()),
        ("los sicarios andan merodeando la comunidad", "es", set()),
        ("os pistoleiros da fazenda estão rondando a casa do nosso líder", "pt", set()),
        ("capangas da empresa cercaram a escola com as crianças dentro", "pt", set()),
    ],
)
def test_what_is_coming_next_is_an_immediate_danger(
    text: str, language: str, signals: set[str]
) -> None:
    result = classify(text, language=language)
    assert {"immediate_danger", *signals} <= set(result.risk_signals)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("the hearing on the eviction is tomorrow, we need a lawyer", "en"),
        ("they demolished the school, tomorrow we start to rebuild it", "en"),
        ("demain nous avons une réunion sur l'expulsion", "fr"),
        ("mañana tenemos reunión para hablar del desalojo", "es"),
        ("a audiência sobre o despejo é amanhã", "pt"),
        ("a cerca da fazenda fica perto das casas armadas de madeira", "pt"),
    ],
)
def test_a_date_or_a_story_is_no_immediate_danger(text: str, language: str) -> None:
    assert "immediate_danger" not in classify(text, language=language).risk_signals
