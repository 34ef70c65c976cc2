"""The classifier, dimension by dimension, in the four languages, as people type."""

from __future__ import annotations

import pytest

from intake.classification import LABEL_FIELDS, classify


def _labels(text: str, language: str | None, field: str, country: str | None = None) -> set[str]:
    return set(classify(text, language=language, country=country).labels(field))


@pytest.mark.parametrize(
    ("text", "language", "need"),
    [
        ("We need a lawyer to help us", "en", "legal"),
        ("necesitamos un abogado", "es", "legal"),
        ("precisamos de advogado", "pt", "legal"),
        ("nous voulons un avocat svp", "fr", "legal"),
        ("Queremos apoio juridico", "pt", "legal"),  # no accents
        ("how do we file a complaint to the CAO?", "en", "accountability_complaint"),
        ("queremos presentar una queja al MICI", "es", "accountability_complaint"),
        (
            "On veut deposer une plainte aupres du mecanisme de la banque",
            "fr",
            "accountability_complaint",
        ),
        ("we want to apply for a small grant", "en", "funding_grant"),
        ("We want training on FPIC for our youth", "en", "organizing_capacity"),
        ("Necesitamos seguridad digital, me hackearon el whatsapp", "es", "digital_security"),
        ("we need psycological support", "en", "psychosocial_wellbeing"),  # misspelt
        ("Comment les interpeller ?", "fr", "advocacy"),
        ("Queremos que alguien documente los daños", "es", "documentation_evidence"),
    ],
)
def test_needs(text: str, language: str, need: str) -> None:
    assert need in _labels(text, language, "needs")


def test_a_need_is_what_is_asked_not_every_word_of_the_story() -> None:
    text = "The court said we must be compensated. We want to meet other communities."
    assert _labels(text, "en", "needs") == {"connections_exchange"}


@pytest.mark.parametrize(
    ("text", "language", "violation"),
    [
        ("Nos quitaron la tierra", "es", "land_grabbing"),
        ("they took our land", "en", "land_grabbing"),
        ("Fomos despejados pela prefeitura", "pt", "forced_eviction_displacement"),
        ("on nous a déguerpis", "fr", "forced_eviction_displacement"),
        ("Nous n avons pas ete indemnises", "fr", "inadequate_compensation"),  # no accents
        ("no consultation was done with our people", "en", "consultation_fpic"),
        ("el rio esta contaminado", "es", "environmental_damage"),
        ("el rio esta contaminado", "es", "water"),
        ("food security is our problem", "en", "livelihoods_food"),
        ("somos quilombolas do Maranhão", "pt", "indigenous_rights"),
        ("ils ont détruit nos tombes", "fr", "cultural_heritage"),
        ("as crianças estão doentes com a poeira", "pt", "health"),
        ("salarios atrasados de la contratista", "es", "labour_rights"),
        ("they bribed the chief", "en", "corruption"),
    ],
)
def test_violations(text: str, language: str, violation: str) -> None:
    assert violation in _labels(text, language, "violations")


@pytest.mark.parametrize(
    ("text", "language", "actor"),
    [
        ("a Canadian mining company", "en", "foreign_private_company"),
        ("une entreprise minière chinoise", "fr", "foreign_private_company"),
        ("la policia y los militares", "es", "security_forces"),
        ("les gendarmes sont venus", "fr", "security_forces"),
        ("o governo federal", "pt", "national_government"),
        ("the IFC funds the mine", "en", "multilateral_development_bank"),
        ("os fazendeiros cercaram tudo", "pt", "domestic_private_company"),
    ],
)
def test_actors(text: str, language: str, actor: str) -> None:
    assert actor in _labels(text, language, "actors")


@pytest.mark.parametrize(
    ("text", "language", "sector"),
    [
        ("the oil pipeline", "en", "oil_gas"),
        ("barrage hydroelectrique", "fr", "hydropower_dams"),  # no accents
        ("mineradora de ouro", "pt", "mining"),
        ("parque eolico", "es", "renewable_energy"),
        ("palm oil plantation", "en", "agribusiness_plantations"),
        ("la nouvelle autoroute", "fr", "transport_infrastructure"),
    ],
)
def test_sectors(text: str, language: str, sector: str) -> None:
    assert sector in _labels(text, language, "sectors")


@pytest.mark.parametrize(
    ("text", "language", "absent_field", "absent_label"),
    [
        ("tear gas at the protest", "en", "sectors", "oil_gas"),
        ("food security is our problem", "en", "needs", "security_protection"),
        ("peces muertos en la laguna", "es", "risk_signals", "killing"),
        ("le poisson a disparu de la baie", "fr", "risk_signals", "disappearance_abduction"),
        ("violacion de derechos humanos", "es", "risk_signals", "sexual_violence"),
        ("On veut arrêter le projet", "fr", "risk_signals", "arrest_detention"),
        ("la presa de relaves", "es", "sectors", "hydropower_dams"),
    ],
)
def test_a_longer_phrase_keeps_its_words(
    text: str, language: str, absent_field: str, absent_label: str
) -> None:
    assert absent_label not in _labels(text, language, absent_field)


@pytest.mark.parametrize(
    ("text", "language", "country", "institutions"),
    [
        ("The IFC funds the mine", "en", None, {"ifc"}),
        ("La SFI finance la mine", "fr", None, {"ifc"}),
        ("a complaint to the CAO", "en", None, {"ifc"}),
        ("El BID financia la represa", "es", None, {"idb"}),
        ("La BID (Banque islamique) finance la route", "fr", None, {"isdb"}),
        ("La BID finance la route", "fr", "HT", {"idb"}),
        ("La BID finance la route", "fr", "SN", {"isdb"}),
        ("La BAD finance le projet", "fr", None, {"afdb"}),
        ("O BAD financia a barragem", "pt", "TL", {"adb"}),
        ("O BAD financia a barragem", "pt", "MZ", {"afdb"}),
        ("A CDB loan for the road", "en", "JM", {"caribbean_development_bank"}),
        ("A CDB loan from China", "en", None, {"china_development_bank"}),
        ("BID Invest financia y queremos una queja al MICI", "es", None, {"idb_invest"}),
        ("o Banco Mundial e o BNDES", "pt", None, {"world_bank", "bndes"}),
        ("this is bad, very bad", "en", None, set()),
        ("o cao latiu a noite toda", "pt", None, set()),
        ("o cão latiu a noite toda", "pt", None, set()),
    ],
)
def test_institutions_and_acronyms(
    text: str, language: str, country: str | None, institutions: set[str]
) -> None:
    assert _labels(text, language, "institutions", country) == institutions


@pytest.mark.parametrize(
    ("text", "language", "signal", "risk"),
    [
        ("They threatened to kill my brother", "en", "death_threat", "urgent"),
        ("nos amenazaron", "es", "threats_intimidation", "elevated"),
        ("they threatned us", "en", "threats_intimidation", "elevated"),  # misspelt
        ("ils nous ont menaces", "fr", "threats_intimidation", "elevated"),  # no accents
        ("fomos ameacados pelos jaguncos", "pt", "threats_intimidation", "elevated"),
        ("la policia detuvo a nuestro lider", "es", "arrest_detention", "urgent"),
        ("prenderam o cacique", "pt", "arrest_detention", "urgent"),
        ("Mon mari a été arrêté hier", "fr", "arrest_detention", "urgent"),
        ("URGENT we are in danger", "en", "immediate_danger", "elevated"),
        ("URGENT: they threatened us", "en", "immediate_danger", "urgent"),
    ],
)
def test_risk_signals_and_level(text: str, language: str, signal: str, risk: str) -> None:
    result = classify(text, language=language)
    assert signal in result.risk_signals
    assert result.risk == risk


@pytest.mark.parametrize(
    ("text", "language", "risk"),
    [
        ("they did not threaten us", "en", "none"),
        ("no nos amenazaron", "es", "none"),
        ("nobody threatened us", "en", "none"),
        ("they did not arrest anyone", "en", "urgent"),  # critical: escalates even negated
        ("não prenderam ninguém", "pt", "urgent"),
    ],
)
def test_negation_spares_only_non_critical_signals(text: str, language: str, risk: str) -> None:
    assert classify(text, language=language).risk == risk


def test_family_words_are_a_signal_only_beside_another() -> None:
    assert classify("my children are sick from the dust", language="en").risk == "none"
    targeted = classify("they threatened my children", language="en")
    assert "family_community_targeted" in targeted.risk_signals


def test_a_message_with_no_label() -> None:
    result = classify("Hello we need help", language="en")
    assert all(result.labels(field) == () for field in LABEL_FIELDS)
    assert result.risk == "none" and result.evidence == {}


def test_every_label_has_its_evidence_in_the_contract_shape() -> None:
    text = "URGENTE: la policía detuvo a nuestro líder. Necesitamos un abogado."
    result = classify(text, language="es").to_dict()
    assert set(result) == {*LABEL_FIELDS, "risk", "evidence"}
    labelled = [label for field in LABEL_FIELDS for label in result[field]]
    assert set(result["evidence"]) == set(labelled)
    assert any("abogado" in words for words in result["evidence"]["legal"])
    assert all(isinstance(words, list) and words for words in result["evidence"].values())


def test_language_is_guessed_when_not_given() -> None:
    assert "legal" in classify("nous voulons un avocat pour le procès").needs
