"""Needs as people ask for them, per language: questions, requests, informal and SMS writing.

Each phrase was written for these tests (none comes from the labelled dev file). A row
names one need the phrase must be labelled with.
"""

from __future__ import annotations

import pytest

from intake.classification import classify

ENGLISH = [
    ("can you help us find a lawyer", "legal"),
    ("we want to take the company to court", "legal"),
    ("how can we complain to the World Bank?", "accountability_complaint"),
    ("we would like to file a grievance with the bank", "accountability_complaint"),
    (
        "we would like to meet other communities affected by the same company",
        "connections_exchange",
    ),
    ("please help us get the environmental impact assessment", "information_access"),
    ("we never saw the contract, can you get it for us?", "information_access"),
    ("who is financing this project?", "research_follow_the_money"),
    ("we need money for transport to the hearing", "funding_grant"),
    ("is there any grant for community groups like ours?", "funding_grant"),
    ("can someone test our water for chemicals", "technical_expertise"),
    ("we need help to tell our story to the media", "media_visibility"),
    ("we want to train our youth about our rights", "organizing_capacity"),
    ("we need protection for our leader", "security_protection"),
    ("we need someone to talk to, the women are traumatised", "psychosocial_wellbeing"),
    ("help us document the damage", "documentation_evidence"),
    ("we want to write a letter to the bank president", "advocacy"),
    ("what should we do now?", "strategy"),
    ("how do we keep our phones safe from spying?", "digital_security"),
    ("pls we need a lawyer urgently", "legal"),
]

FRENCH = [
    ("on veut porter plainte", "legal"),
    ("pouvez-vous nous trouver un avocat ?", "legal"),
    ("comment saisir le mécanisme de plainte de la Banque mondiale ?", "accountability_complaint"),
    ("nous cherchons un financement pour notre association", "funding_grant"),
    ("on voudrait rencontrer d'autres communautés touchées par la mine", "connections_exchange"),
    ("aidez-nous à obtenir l'étude d'impact", "information_access"),
    ("qui finance ce projet ?", "research_follow_the_money"),
    ("on a besoin d'une analyse de l'eau du puits", "technical_expertise"),
    ("nous voulons alerter les médias", "media_visibility"),
    ("on a besoin de formation sur nos droits", "organizing_capacity"),
    ("nous avons besoin de protection pour notre chef", "security_protection"),
    ("on a besoin d'un soutien psychologique", "psychosocial_wellbeing"),
    ("comment documenter les violations ?", "documentation_evidence"),
    ("on veut écrire au ministre pour dénoncer", "advocacy"),
    ("que devons-nous faire ?", "strategy"),
    ("svp aidez ns a trouver un avocat", "legal"),
    ("on veut sécuriser nos téléphones", "digital_security"),
]

SPANISH = [
    ("queremos denunciar ante el banco", "accountability_complaint"),
    ("necesitamos un abogado que nos defienda", "legal"),
    ("¿cómo ponemos una queja en el BID?", "accountability_complaint"),
    ("¿nos pueden apoyar con fondos para el transporte?", "funding_grant"),
    ("queremos conocer a otras comunidades que luchan contra la minería", "connections_exchange"),
    ("pedimos acceso al estudio de impacto ambiental", "information_access"),
    ("¿quién financia esta represa?", "research_follow_the_money"),
    ("necesitamos que alguien analice el agua del río", "technical_expertise"),
    ("queremos que la prensa sepa lo que pasa", "media_visibility"),
    ("queremos talleres sobre nuestros derechos", "organizing_capacity"),
    ("necesitamos protección urgente para la lideresa", "security_protection"),
    ("necesitamos apoyo psicológico para las mujeres", "psychosocial_wellbeing"),
    ("¿cómo documentamos los daños?", "documentation_evidence"),
    ("queremos hacer incidencia con el gobierno", "advocacy"),
    ("¿qué podemos hacer?", "strategy"),
    ("xfa necesitamos un abogado", "legal"),
    ("queremos demandar a la empresa", "legal"),
    ("ocupamos un abogado defensor para los compañeros", "legal"),
    ("nesesitamos un abogado, la empresa nos demandó", "legal"),
    ("¿nos asesoran sobre cómo seguir?", "strategy"),
    ("queremos que el gobierno cancele la concesión", "advocacy"),
    ("queremos que el mundo sepa lo que pasa aquí", "media_visibility"),
    ("¿cómo nos cuidamos?", "security_protection"),
    ("creemos que leen nuestros mensajes, ¿cómo evitarlo?", "digital_security"),
    ("necesitamos ayuda para probar que el agua está contaminada", "technical_expertise"),
]

PORTUGUESE = [
    ("precisamos de dinheiro para pagar as passagens", "funding_grant"),
    ("vcs podem ajudar a gente a achar um advogado?", "legal"),
    ("queremos fazer uma denúncia ao banco", "accountability_complaint"),
    ("como fazer uma reclamação ao Banco Mundial?", "accountability_complaint"),
    ("queremos conhecer outras comunidades atingidas", "connections_exchange"),
    ("precisamos ter acesso ao EIA/RIMA", "information_access"),
    ("quem está financiando essa barragem?", "research_follow_the_money"),
    ("precisamos de uma análise da água do rio", "technical_expertise"),
    ("queremos chamar a imprensa", "media_visibility"),
    ("queremos uma oficina sobre nossos direitos", "organizing_capacity"),
    ("precisamos de proteção pro nosso cacique", "security_protection"),
    ("precisamos de apoio psicológico", "psychosocial_wellbeing"),
    ("como registrar as violações?", "documentation_evidence"),
    ("queremos pressionar o governo", "advocacy"),
    ("o que a gente pode fazer?", "strategy"),
    ("pfv precisamos d um advogado", "legal"),
    ("queremos entrar na justiça contra a mineradora", "legal"),
    ("queremos entrar com um mandado de segurança", "legal"),
    ("o que vocês nos aconselham?", "strategy"),
    ("queremos que o governo cancele a licença", "advocacy"),
    ("queremos ser ouvidos pelo banco", "advocacy"),
    ("queremos que o mundo saiba", "media_visibility"),
    ("como a gente se protege?", "security_protection"),
    ("presisamos de ajuda pra provar que a água está contaminada", "technical_expertise"),
    ("nunca mostraram o projeto pra gente, queremos ver", "information_access"),
]


def _rows(language: str, rows: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    return [(text, language, need) for text, need in rows]


@pytest.mark.parametrize(
    ("text", "language", "need"),
    [
        *_rows("en", ENGLISH),
        *_rows("fr", FRENCH),
        *_rows("es", SPANISH),
        *_rows("pt", PORTUGUESE),
    ],
)
def test_a_request_is_labelled_with_its_need(text: str, language: str, need: str) -> None:
    assert need in classify(text, language=language).needs


@pytest.mark.parametrize(
    ("text", "language", "absent"),
    [
        ("The judge ruled last year. We want to meet other communities.", "en", "legal"),
        ("Le tribunal a jugé l'an dernier. On veut rencontrer d'autres villages.", "fr", "legal"),
        ("El juez falló el año pasado. Queremos conocer otras comunidades.", "es", "legal"),
        ("O juiz decidiu ano passado. Queremos conhecer outras comunidades.", "pt", "legal"),
    ],
)
def test_a_need_word_in_the_story_is_not_a_request(text: str, language: str, absent: str) -> None:
    assert absent not in classify(text, language=language).needs


@pytest.mark.parametrize(
    ("text", "language", "needs"),
    [
        ("we need advice on digital security", "en", ("digital_security",)),
        ("we want training on digital security before the campaign", "en", ("digital_security",)),
        ("queremos asesoría para una queja al MICI", "es", ("accountability_complaint",)),
        ("precisamos de orientação sobre a denúncia ao banco", "pt", ("accountability_complaint",)),
        ("on veut des conseils sur la plainte à la banque", "fr", ("accountability_complaint",)),
        ("we need advice and a lawyer", "en", ("strategy", "legal")),
        ("queremos asesoría, un abogado", "es", ("strategy", "legal")),
        ("we want training on our rights", "en", ("organizing_capacity",)),
    ],
)
def test_a_general_request_gives_way_to_the_need_it_names(
    text: str, language: str, needs: tuple[str, ...]
) -> None:
    assert classify(text, language=language).needs == needs
