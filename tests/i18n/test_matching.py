"""Understanding people's short answers: commands, yes/no, numbers and menu choices."""

from __future__ import annotations

import pytest

from i18n import messages as M
from i18n.catalog import SUPPORTED_LANGUAGES, translator
from i18n.keywords import Command, keywords
from i18n.matching import (
    match_choice,
    match_command,
    match_done,
    match_language,
    match_number,
    match_skip,
    match_yes_no,
)


def _typo(word: str) -> str:
    """Swap two letters after the first one: the typo thumbs make most."""
    return word[0] + word[2] + word[1] + word[3:] if len(word) >= 4 else word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *[(w, True) for w in ["yes", "Yes!", "YES", "yep", "ok", "OK.", "ya", "sure", "y"]],
        *[(w, True) for w in ["oui", "ouais", "d'accord", "si", "sí", "Si", "vale", "claro"]],
        *[(w, True) for w in ["sim", "Sim.", "s", "tá bom", "beleza", "de acuerdo", "aceito"]],
        *[(w, True) for w in ["yse", "yess", "oiu", "simm", "claor", "okey"]],
        *[(w, True) for w in ["Yes please", "oui merci", "sim, obrigado", "👍", "👍🏽", "✔️"]],
        *[(w, True) for w in ["yes I agree to that", "no problem", "hola, sí"]],
        *[(w, False) for w in ["no", "No.", "NO", "nope", "n", "non", "não", "nao", "Não!"]],
        *[(w, False) for w in ["noo", "nom", "nnao", "nope!", "non merci", "no thanks"]],
        *[(w, False) for w in ["não, obrigado", "no, I don't agree", "👎"]],
        *[(w, None) for w in ["", "maybe", "hello", "oi", "my land was taken", "1", "🙂"]],
    ],
)
def test_yes_no_in_every_language(text: str, expected: bool | None) -> None:
    assert match_yes_no(text, "en") is expected
    assert match_yes_no(text, "pt") is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stop", Command.STOP),
        ("STOP!", Command.STOP),
        ("stpo", Command.STOP),
        ("please stop", Command.STOP),
        ("Unsubscribe", Command.STOP),
        ("arrêter", Command.STOP),
        ("parar", Command.STOP),
        ("ayuda", Command.HELP),
        ("aide", Command.HELP),
        ("ajuda", Command.HELP),
        ("Hi, help", Command.HELP),
        ("apagar meus dados", Command.ERASE),
        ("apagar meus dado", Command.ERASE),
        ("supprimer mes données", Command.ERASE),
        ("supprimer mes donnees", Command.ERASE),
        ("borrar mis datos", Command.ERASE),
        ("delete my data", Command.ERASE),
        ("statut", Command.STATUS),
        ("estado", Command.STATUS),
        ("restart", Command.RESTART),
        ("recommencer", Command.RESTART),
        ("talk to a person", Command.HUMAN),
        ("falar com alguem", Command.HUMAN),
        ("idioma", Command.LANGUAGE),
        ("start", Command.START),
        ("unstop", Command.START),
    ],
)
def test_commands(text: str, expected: Command) -> None:
    assert match_command(text, "en") is expected


@pytest.mark.parametrize(
    "text",
    [
        "my land was stopped",
        "they stopped the work",
        "the company will not stop",
        "we need help with our land",
        "yes",
        "sim",
        "oui",
        "and",
        "fun",
        "hello",
        "",
        "🙏",
        "stop " * 20,
    ],
)
def test_not_a_command(text: str) -> None:
    assert match_command(text, "en") is None


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("command", list(Command))
def test_every_command_in_every_language_even_with_a_typo(language: str, command: Command) -> None:
    for phrase in keywords(language).commands[command]:
        for text in {phrase, phrase.upper(), _typo(phrase) if len(phrase) >= 5 else phrase}:
            assert match_command(text, language) is command, (language, text)


def test_current_language_breaks_a_tie() -> None:
    # "etat" is French STATUS and one typo away from nothing else; "stat" is a typo of
    # English START and two edits from "status": the nearest wins.
    assert match_command("etat", "fr") is Command.STATUS
    assert match_command("stat", "en") is Command.START


@pytest.mark.parametrize(
    ("text", "done", "skip"),
    [
        ("DONE", True, False),
        ("terminé", True, False),
        ("TERMINE", True, False),
        ("listo", True, False),
        ("pronto", True, False),
        ("that's all", True, False),
        ("SKIP", False, True),
        ("passer", False, True),
        ("saltar", False, True),
        ("pular", False, True),
        ("end", False, False),
        ("the company is done with us", False, False),
    ],
)
def test_done_and_skip(text: str, done: bool, skip: bool) -> None:
    assert match_done(text) is done
    assert match_skip(text) is skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", 2),
        ("2.", 2),
        ("#2", 2),
        ("2)", 2),
        ("2nd", 2),
        ("2º", 2),
        ("1er", 1),
        ("two", 2),
        ("deux", 2),
        ("dos", 2),
        ("dois", 2),
        ("Tres", 3),
        ("cinq", 5),
        ("option 4 please", 4),
        ("I choose 7", 7),
        ("nine", 9),
        ("2 and 5", None),
        ("my 3 children and 2 cows", None),
        ("hello", None),
    ],
)
def test_numbers(text: str, expected: int | None) -> None:
    assert match_number(text) == expected


SUPPORT = [
    (key, [translator(language).gettext(label) for language in SUPPORTED_LANGUAGES])
    for key, label in M.SUPPORT_OPTIONS
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", "legal"),
        ("2.", "strategy"),
        ("three", "research_follow_the_money"),
        ("quatre", "accountability_complaint"),
        ("cinco", "funding_grant"),
        ("9", "other"),
        ("Lawyer", "legal"),
        ("lawer", "legal"),
        ("avocat", "legal"),
        ("advogado", "legal"),
        ("Funding", "funding_grant"),
        ("fundng", "funding_grant"),
        ("fund", "funding_grant"),
        ("financement", "funding_grant"),
        ("follow the money", "research_follow_the_money"),
        ("money", "research_follow_the_money"),
        ("dinheiro", "research_follow_the_money"),
        ("bank complaint", "accountability_complaint"),
        ("plainte", "accountability_complaint"),
        ("queixa", "accountability_complaint"),
        ("Safty", "security_protection"),
        ("seguranca", "security_protection"),
        ("medias", "media_visibility"),
        ("outro", "other"),
        ("10", None),
        ("0", None),
        ("lawyer and money", None),
        ("the river is dirty", None),
        ("", None),
    ],
)
def test_menu_choice_by_number_word_or_misspelling(text: str, expected: str | None) -> None:
    assert match_choice(text, SUPPORT) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("English", "en"),
        ("english please", "en"),
        ("anglais", "en"),
        ("Français", "fr"),
        ("francais", "fr"),
        ("langue française", "fr"),
        ("frances", "fr"),
        ("Español", "es"),
        ("espanol", "es"),
        ("idioma español", "es"),
        ("Português", "pt"),
        ("portugues", "pt"),
        ("portugese", "pt"),
        ("2", None),
        ("the mine", None),
    ],
)
def test_language_names(text: str, expected: str | None) -> None:
    assert match_language(text) == expected


@pytest.mark.parametrize(("text", "language"), [("fini", "fr"), ("pronto", "pt"), ("listo", "es")])
def test_an_exact_answer_is_never_read_as_a_misspelt_command(text: str, language: str) -> None:
    assert match_command(text, language) is None
    assert match_done(text, language)
