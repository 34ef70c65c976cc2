"""Harms as people describe them, per language: informal words, other tenses, no accents.

Each phrase was written for these tests (none comes from the labelled dev file). A row
names one violation the phrase must be labelled with.
"""

from __future__ import annotations

import pytest

from intake.classification import classify

ENGLISH = [
    ("the company grabbed our ancestral land", "land_grabbing"),
    ("our land was taken for the plantation", "land_grabbing"),
    ("they fenced off our grazing land", "land_grabbing"),
    ("we were chased from our homes", "forced_eviction_displacement"),
    ("our houses were demolished last month", "forced_eviction_displacement"),
    ("they paid us very little for our land", "inadequate_compensation"),
    ("we never received any compensation", "inadequate_compensation"),
    ("nobody consulted the community before the mine came", "consultation_fpic"),
    ("we did not give our consent", "consultation_fpic"),
    ("the river is polluted with oil", "environmental_damage"),
    ("the river is polluted with oil", "water"),
    ("our wells have dried up since the dam", "water"),
    ("we can no longer fish in the lake", "livelihoods_food"),
    ("we lost our farms and have nothing to eat", "livelihoods_food"),
    ("children are getting sick from the dust", "health"),
    ("workers have not been paid for months", "labour_rights"),
    ("the chief took money from the company", "corruption"),
    ("they destroyed our sacred forest", "cultural_heritage"),
    ("they refuse to show us the contract", "information_denied"),
    ("women were excluded from the meetings", "gender_women"),
    ("we are Ogiek people of the Mau forest", "indigenous_rights"),
    ("the soldiers beat the protesters", "civic_space_reprisals"),
]

FRENCH = [
    ("la société a accaparé nos terres", "land_grabbing"),
    ("ils ont pris nos champs sans rien payer", "land_grabbing"),
    ("ils ont pris nos champs sans rien payer", "inadequate_compensation"),
    ("on nous a chassés de nos maisons", "forced_eviction_displacement"),
    ("nos maisons ont été rasées", "forced_eviction_displacement"),
    ("l'indemnisation n'a jamais été payée", "inadequate_compensation"),
    ("nous n'avons pas été consultés", "consultation_fpic"),
    ("la rivière est polluée par la mine", "environmental_damage"),
    ("la rivière est polluée par la mine", "water"),
    ("nos puits sont à sec", "water"),
    ("nous ne pouvons plus cultiver nos champs", "livelihoods_food"),
    ("les enfants tombent malades", "health"),
    ("les ouvriers ne sont pas payés depuis trois mois", "labour_rights"),
    ("le chef a été corrompu par la société", "corruption"),
    ("ils ont détruit le bois sacré", "cultural_heritage"),
    ("on ne nous donne aucune information", "information_denied"),
    ("nous sommes des peuples autochtones pygmées", "indigenous_rights"),
    ("les gendarmes ont dispersé notre réunion", "civic_space_reprisals"),
]

SPANISH = [
    ("la empresa se adueñó de nuestras tierras", "land_grabbing"),
    ("nos despojaron del territorio", "land_grabbing"),
    ("nos desalojaron con maquinaria", "forced_eviction_displacement"),
    ("nos pagaron una miseria por las tierras", "inadequate_compensation"),
    ("nunca nos consultaron", "consultation_fpic"),
    ("el rio esta contaminado con mercurio", "environmental_damage"),
    ("se secaron los ojos de agua", "water"),
    ("ya no podemos sembrar ni pescar", "livelihoods_food"),
    ("los niños tienen granos en la piel", "health"),
    ("a los trabajadores no les pagan", "labour_rights"),
    ("compraron a los dirigentes con plata", "corruption"),
    ("destruyeron nuestro lugar sagrado", "cultural_heritage"),
    ("no nos quieren dar información", "information_denied"),
    ("somos del pueblo xinka", "indigenous_rights"),
    ("la minera nos quitó el agua", "water"),
    ("nos criminalizan por defender el territorio", "civic_space_reprisals"),
]

PORTUGUESE = [
    ("os grileiros tomaram nossas terras", "land_grabbing"),
    ("fomos expulsos da nossa terra", "forced_eviction_displacement"),
    ("derrubaram nossas casas", "forced_eviction_displacement"),
    ("a indenização foi uma mixaria", "inadequate_compensation"),
    ("ninguém consultou a comunidade", "consultation_fpic"),
    ("o rio está poluído pela mineradora", "environmental_damage"),
    ("o rio está poluído pela mineradora", "water"),
    ("os poços secaram", "water"),
    ("não dá mais pra pescar", "livelihoods_food"),
    ("as crianças estão com coceira", "health"),
    ("os trabalhadores estão sem salário", "labour_rights"),
    ("compraram o vereador", "corruption"),
    ("destruíram o cemitério da aldeia", "cultural_heritage"),
    ("a empresa esconde os documentos", "information_denied"),
    ("perdemos a roça", "livelihoods_food"),
    ("somos do povo xokleng", "indigenous_rights"),
    ("a gente tá sendo criminalizado por lutar pela terra", "civic_space_reprisals"),
]


def _rows(language: str, rows: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    return [(text, language, violation) for text, violation in rows]


@pytest.mark.parametrize(
    ("text", "language", "violation"),
    [
        *_rows("en", ENGLISH),
        *_rows("fr", FRENCH),
        *_rows("es", SPANISH),
        *_rows("pt", PORTUGUESE),
    ],
)
def test_a_harm_is_labelled_with_its_violation(text: str, language: str, violation: str) -> None:
    assert violation in classify(text, language=language).violations
