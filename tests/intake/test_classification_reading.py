"""How the classifier reads text: SMS abbreviations, older spellings, clitics, stems that
must not collide, disclaimed sentences, and a lexicon that refuses YAML booleans."""

from __future__ import annotations

import pytest

from intake.classification import classify
from intake.classification.taxonomy import _words


@pytest.mark.parametrize(
    ("text", "language", "field", "label"),
    [
        ("q podemos hacer?", "es", "needs", "strategy"),
        ("vcs podem ajudar a gente a achar um advogado?", "pt", "needs", "legal"),
        ("svp aidez ns a trouver un avocat", "fr", "needs", "legal"),
        ("pls help us find a lawyer", "en", "needs", "legal"),
        ("precisamos d um adv urg", "pt", "needs", "legal"),
        ("x favor necesitamos un abog", "es", "needs", "legal"),
        ("ils ns ont menacés", "fr", "risk_signals", "threats_intimidation"),
        ("tão ameaçando matar o presidente da associação", "pt", "risk_signals", "death_threat"),
        ("somos comunidades q'eqchi", "es", "violations", "indigenous_rights"),
        ("somos del pueblo k'iche'", "es", "violations", "indigenous_rights"),
    ],
)
def test_sms_abbreviations_read_as_their_words(
    text: str, language: str, field: str, label: str
) -> None:
    assert label in classify(text, language=language).labels(field)


@pytest.mark.parametrize(
    ("text", "language", "signal"),
    [
        ("socorrooo", "pt", "immediate_danger"),
        ("AYUDAAA por favor", "es", "immediate_danger"),
        ("HEEELP", "en", "immediate_danger"),
        ("precisamos urgentemente de um advogado", "pt", "immediate_danger"),
        ("nos golpearon violentamente", "es", "physical_attack"),
        # Portuguese plurals that change their ending read as the singular
        ("a comunidade sofreu agressões dos capangas", "pt", "physical_attack"),
        ("sofremos muitas perseguições", "pt", "harassment_stigmatization"),
    ],
)
def test_stretched_shouting_adverbs_and_plurals_read_as_their_words(
    text: str, language: str, signal: str
) -> None:
    assert signal in classify(text, language=language).risk_signals


def test_a_portuguese_plural_in_oes_asks_like_its_singular() -> None:
    assert "accountability_complaint" in classify("queremos fazer reclamações ao banco", "pt").needs


def test_an_acronym_of_one_repeated_letter_is_not_squeezed() -> None:
    assert "foreign_private_company" in classify("CCCC is building the port", "en").actors


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("Queremos interpor uma acção judicial", "legal"),
        ("Precisamos de protecção para o activista", "security_protection"),
        ("Queremos ver os documentos do projecto", "information_access"),
    ],
)
def test_african_and_european_portuguese_spelling(text: str, need: str) -> None:
    assert need in classify(text, language="pt").needs


@pytest.mark.parametrize(
    ("text", "language", "absent"),
    [
        # a clitic belongs to its verb: "la levantaron" (abducted her), not the dust raised
        ("los camiones de la cementera levantan polvo", "es", "disappearance_abduction"),
        # stems of charges must not catch ordinary words that share them
        ("ya denunciamos a la empresa ante la fiscalía", "es", "criminalization_judicial"),
        ("o processo de licenciamento foi aprovado", "pt", "criminalization_judicial"),
        ("el proceso de consulta fue una farsa", "es", "criminalization_judicial"),
        ("the officer in charge of the project never came", "en", "criminalization_judicial"),
        ("la société poursuit ses travaux", "fr", "criminalization_judicial"),
        ("os peixes desapareceram do rio", "pt", "disappearance_abduction"),
        ("la mine est une menace pour la rivière", "fr", "threats_intimidation"),
        ("el proyecto es una amenaza para el agua", "es", "threats_intimidation"),
        ("in March we met the bank", "en", "protest_repression"),
        ("el proyecto ya está en marcha", "es", "protest_repression"),
        ("em seguida a empresa voltou", "pt", "surveillance"),
        ("tenemos un comité de vigilancia ambiental", "es", "surveillance"),
    ],
)
def test_ordinary_words_raise_no_signal(text: str, language: str, absent: str) -> None:
    assert absent not in classify(text, language=language).risk_signals


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("La última reunión con la empresa fue en marzo. Saludos.", "es"),
        ("Le dossier est à votre disposition, merci de votre conversation.", "fr"),
        ("No feriado a gente foi de coração à reunião com cerca de 200 famílias.", "pt"),
        ("Dependiendo de la sentencia del juez veremos qué hacer.", "es"),
        ("The surrounding villages are disappearing under the sand.", "en"),
        ("Os peixes desaparecem e a água do poço está escondida.", "pt"),
    ],
)
def test_common_words_are_not_read_as_dangers(text: str, language: str) -> None:
    assert classify(text, language=language).risk == "none"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Police used tear gas on students in town, it has nothing to do with us.", "en"),
        ("Les étudiants ont reçu du gaz lacrymogène, ça n'a rien à voir avec nous.", "fr"),
        ("Hubo una protesta en la capital pero eso es política.", "es"),
        ("O comício acabou com gás lacrimogêneo, mas isso é política.", "pt"),
    ],
)
def test_a_disclaimed_sentence_raises_no_signal(text: str, language: str) -> None:
    assert classify(text, language=language).risk == "none"


def test_a_disclaimer_does_not_silence_a_critical_signal() -> None:
    text = "They arrested our leader back then, it is over now."
    assert classify(text, language="en").risk == "urgent"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("our community network needs a lawyer", "en"),
        ("somos una organización campesina y queremos un abogado", "es"),
        ("notre ONG veut un avocat", "fr"),
    ],
)
def test_who_writes_is_not_a_request_for_allies(text: str, language: str) -> None:
    result = classify(text, language=language)
    assert "legal" in result.needs and "connections_exchange" not in result.needs


@pytest.mark.parametrize("word", [False, True, 3])
def test_an_unquoted_yaml_boolean_is_refused(word: object) -> None:
    with pytest.raises(ValueError, match="write it in quotes"):
        _words(["not", word], "negation_cues.en")


@pytest.mark.parametrize(
    ("text", "language", "need", "bank"),
    [
        ("We want to talk with World Bank about the dam", "en", "advocacy", "world_bank"),
        ("Queremos levar nossa denúncia ao BID", "pt", "accountability_complaint", "idb"),
        (
            "On veut déposer une plainte à la Banque mondiale",
            "fr",
            "accountability_complaint",
            "world_bank",
        ),
    ],
)
def test_a_bank_named_inside_a_need_phrase_is_still_the_bank(
    text: str, language: str, need: str, bank: str
) -> None:
    result = classify(text, language=language)
    assert need in result.needs and bank in result.institutions
