"""Risk signals as people report them, per language: direct, indirect, negated, misspelt.

Each phrase was written for these tests (none comes from the labelled dev file). A row
names one signal the phrase must raise and the risk level it must reach.
"""

from __future__ import annotations

import pytest

from intake.classification import classify

URGENT, ELEVATED = "urgent", "elevated"

ENGLISH = [
    ("They killed our chairman last night", "killing", URGENT),
    ("my cousin was found dead near the company fence", "killing", URGENT),
    ("two farmers were shot dead by the guards", "killing", URGENT),
    ("they said we will pay with our lives", "death_threat", URGENT),
    ("the foreman told him he will not live to see the harvest", "death_threat", URGENT),
    ("they put a price on his head", "death_threat", URGENT),
    ("they promised to finish us one by one", "death_threat", URGENT),
    ("a note under the door said we are dead men", "death_threat", URGENT),
    ("they came at night with guns and surrounded the house", "immediate_danger", URGENT),
    ("armed men came to the village at night looking for our leader", "immediate_danger", URGENT),
    ("the guards beat my husband until he fainted", "physical_attack", URGENT),
    ("soldiers fired live bullets at us", "physical_attack", URGENT),
    ("my son was shot in the leg by company security", "physical_attack", URGENT),
    ("they were tortured in the police cells", "physical_attack", URGENT),
    ("police picked up three of our members this morning", "arrest_detention", URGENT),
    ("our secretary is being held at the army camp", "arrest_detention", URGENT),
    ("he has been in remand for two months", "arrest_detention", URGENT),
    (
        "my brother was taken by men in a white car and we have not seen him since",
        "disappearance_abduction",
        URGENT,
    ),
    ("he never came home from the meeting", "disappearance_abduction", URGENT),
    ("our leader has been missing since friday", "disappearance_abduction", URGENT),
    ("the women were raped by the workers", "sexual_violence", URGENT),
    ("nobody was arrested, they only beat us", "arrest_detention", URGENT),
    ("the soldiers did not kill anyone this time", "killing", URGENT),
    (
        "the company filed criminal charges against our leaders",
        "criminalization_judicial",
        ELEVATED,
    ),
    ("we were summoned by the police for questioning", "criminalization_judicial", ELEVATED),
    ("a motorbike has been following me for days", "surveillance", ELEVATED),
    ("strangers keep taking photos of our houses", "surveillance", ELEVATED),
    ("they keep threatening us because of the complaint", "threats_intimidation", ELEVATED),
    ("they thretened our elders", "threats_intimidation", ELEVATED),  # misspelt
    ("they torched our houses", "raid_property_destruction", ELEVATED),
    ("my brother vanished after the meeting with the company", "disappearance_abduction", URGENT),
    ("the guards abused the women from our village", "sexual_violence", URGENT),
    ("the families fled to the forest", "immediate_danger", ELEVATED),
    ("the company guards took two fishermen hostage", "disappearance_abduction", URGENT),
    ("HEEELP they are shooting", "physical_attack", URGENT),
    # threats told as what they would do, a person nobody can find, danger happening now
    ("they told him they would kill his family", "death_threat", URGENT),
    ("we do not know where my brother is since the raid", "disappearance_abduction", URGENT),
    ("hooded men came to our house", "threats_intimidation", ELEVATED),
    ("police have surrounded our village and the guards threatened us", "immediate_danger", URGENT),
    ("they are bulldozing our houses now", "immediate_danger", URGENT),
    ("the guards threatened us and we slept in the bush", "immediate_danger", URGENT),
    ("emergensy the guards threatened our leaders", "immediate_danger", URGENT),  # misspelt
    ("they burned the house with the children inside", "physical_attack", URGENT),
    ("the foreman said your days are numbered", "death_threat", URGENT),
]

FRENCH = [
    ("ils ont tué notre président hier soir", "killing", URGENT),
    ("on l'a retrouvé mort au bord de la route", "killing", URGENT),
    ("mon oncle a été abattu par les gardes", "killing", URGENT),
    ("ils ont dit qu'on va payer de nos vies", "death_threat", URGENT),
    ("ils menacent de nous tuer tous", "death_threat", URGENT),
    ("ils ont juré de nous éliminer", "death_threat", URGENT),
    ("ma vie est menacée", "death_threat", URGENT),
    ("des hommes armés sont venus la nuit chez le chef", "immediate_danger", URGENT),
    ("les militaires ont tabassé mon frère", "physical_attack", URGENT),
    ("les gardes ont tiré sur les jeunes", "physical_attack", URGENT),
    ("il a été torturé au camp", "physical_attack", URGENT),
    ("les gendarmes ont arrêté trois jeunes du village", "arrest_detention", URGENT),
    ("notre porte parole est détenu depuis lundi", "arrest_detention", URGENT),
    ("ils ont embarqué le chef à la gendarmerie", "arrest_detention", URGENT),
    ("il a été enlevé devant sa maison", "disappearance_abduction", URGENT),
    ("il est porté disparu depuis vendredi", "disappearance_abduction", URGENT),
    ("on n'a plus de nouvelles de notre camarade", "disappearance_abduction", URGENT),
    ("des femmes ont été violées par les ouvriers", "sexual_violence", URGENT),
    ("personne n'a été arrêté cette fois", "arrest_detention", URGENT),
    ("nous sommes poursuivis en justice par la société", "criminalization_judicial", ELEVATED),
    ("ils nous ont convoqués à la gendarmerie", "criminalization_judicial", ELEVATED),
    ("on nous accuse de rébellion", "criminalization_judicial", ELEVATED),
    ("nous sommes suivis par des inconnus", "surveillance", ELEVATED),
    ("ils nous menacent tous les jours", "threats_intimidation", ELEVATED),
    ("ils ont brûlé nos cases", "raid_property_destruction", ELEVATED),
    ("il a reçu une balle dans la jambe", "physical_attack", URGENT),
    ("le chef du village a disparu depuis la réunion", "disappearance_abduction", URGENT),
    ("les familles ont fui dans la brousse", "immediate_danger", ELEVATED),
    ("ils reviennent ce soir, on a peur", "immediate_danger", ELEVATED),
    ("ils tirent sur la foule", "physical_attack", URGENT),
    ("il m'a dit qu'il allait me tuer", "death_threat", URGENT),
    ("ils mont menacer de mort", "death_threat", URGENT),  # no apostrophe, infinitive
    ("des hommes cagoulés sont venus chez le chef", "threats_intimidation", ELEVATED),
    ("ils démolissent nos maisons maintenant", "immediate_danger", URGENT),
    ("les gardes nous ont menacés, nous sommes en danger", "immediate_danger", URGENT),
    ("ils sont devant ma maison, ils nous menacent", "immediate_danger", URGENT),
    ("on a entendu des tirs toute la nuit", "immediate_danger", URGENT),
    ("ils ont incendié la case avec les enfants à l'intérieur", "physical_attack", URGENT),
    ("ils ont dit que tes jours sont comptés", "death_threat", URGENT),
]

SPANISH = [
    ("mataron a mi hermano en la finca", "killing", URGENT),
    ("lo encontraron sin vida en el río", "killing", URGENT),
    ("fue asesinada la compañera que denunció", "killing", URGENT),
    ("nos van a desaparecer si seguimos", "death_threat", URGENT),
    ("dijeron que nos iban a matar", "death_threat", URGENT),
    ("nos quieren matar", "death_threat", URGENT),
    ("nos amenazaron de muerte por la denuncia", "death_threat", URGENT),
    ("le dijeron que lo iban a quebrar", "death_threat", URGENT),
    ("llegaron hombres armados de noche a la comunidad", "immediate_danger", URGENT),
    ("lo golpearon entre varios", "physical_attack", URGENT),
    ("nos tirotearon cuando salíamos", "physical_attack", URGENT),
    ("le dieron un balazo al compañero", "physical_attack", URGENT),
    ("capturaron a tres compañeros ayer", "arrest_detention", URGENT),
    ("la policía se llevó presos a dos comuneros", "arrest_detention", URGENT),
    ("lo levantaron anoche unos encapuchados", "disappearance_abduction", URGENT),
    ("desde el lunes no sabemos nada de ella", "disappearance_abduction", URGENT),
    ("mi papá no ha vuelto desde la reunión", "disappearance_abduction", URGENT),
    ("violaron a una muchacha de la comunidad", "sexual_violence", URGENT),
    ("no hubo detenidos esta vez", "arrest_detention", URGENT),
    ("nos abrieron un proceso por oponernos a la mina", "criminalization_judicial", ELEVATED),
    ("estamos judicializados por defender el agua", "criminalization_judicial", ELEVATED),
    ("nos denunciaron por usurpación", "criminalization_judicial", ELEVATED),
    ("hay orden de captura contra la lideresa", "criminalization_judicial", ELEVATED),
    ("nos están siguiendo en moto", "surveillance", ELEVATED),
    ("nos siguen amenazando por teléfono", "threats_intimidation", ELEVATED),
    ("nos amenasaron los guardias", "threats_intimidation", ELEVATED),  # misspelt
    ("quemaron nuestros ranchos", "raid_property_destruction", ELEVATED),
    # Central American and Andean ways of saying it
    ("le van a dar piso al dirigente", "death_threat", URGENT),
    ("intentaron asesinar al presidente del consejo", "physical_attack", URGENT),
    ("los sicarios andan preguntando por él", "threats_intimidation", ELEVATED),
    ("hay explotación sexual de niñas en el campamento minero", "sexual_violence", URGENT),
    ("nos tienen rodeados en la comunidad", "immediate_danger", ELEVATED),
    # a person who vanished, abuse of women, adverbs, stretched shouting
    ("el dirigente desapareció después de la asamblea", "disappearance_abduction", URGENT),
    ("mi hijo lleva tres días desaparecido", "disappearance_abduction", URGENT),
    ("abusaron de las mujeres de la comunidad", "sexual_violence", URGENT),
    ("la policía se llevó a nuestro vocero", "arrest_detention", URGENT),
    ("dijeron que vamos a aparecer en una zanja", "death_threat", URGENT),
    ("urgentemente: hombres armados rodearon la comunidad", "immediate_danger", URGENT),
    ("AYUDAAA nos están amenazando", "immediate_danger", URGENT),
    ("las familias huyeron al monte", "immediate_danger", ELEVATED),
    ("nos amenazaron con matarlo si sigue hablando", "death_threat", URGENT),
    ("el policía hirió al joven", "physical_attack", URGENT),
    ("al dirigente le dieron cuello anoche", "killing", URGENT),
    ("el sicario baleó al dirigente", "physical_attack", URGENT),
    ("el capataz violó a una trabajadora", "sexual_violence", URGENT),
    ("pedimos la liberación de los compañeros", "arrest_detention", URGENT),
    ("me dijo que me iba a matar", "death_threat", URGENT),
    ("están tumbando nuestras casas ahora", "immediate_danger", URGENT),
    ("la policía rodeó la comunidad y amenazó a los dirigentes", "immediate_danger", URGENT),
    ("nos amenazaron, estamos en peligro", "immediate_danger", URGENT),
    ("dormimos en el monte porque nos amenazan", "immediate_danger", URGENT),
    ("quemaron el rancho con la familia adentro", "physical_attack", URGENT),
]

PORTUGUESE = [
    ("mataram nosso cacique", "killing", URGENT),
    ("ele foi encontrado morto no rio", "killing", URGENT),
    ("os pistoleiros executaram o presidente da associação", "killing", URGENT),
    ("ameaçaram de morte a nossa liderança", "death_threat", URGENT),
    ("disseram que a gente vai pagar com a vida", "death_threat", URGENT),
    ("os jagunços prometeram matar todo mundo", "death_threat", URGENT),
    ("tão ameaçando matar o presidente da associação", "death_threat", URGENT),
    ("ameaçaram ele de morte", "death_threat", URGENT),
    ("homens armados chegaram de noite na comunidade", "immediate_danger", URGENT),
    ("espancaram meu filho", "physical_attack", URGENT),
    ("atiraram na gente quando a gente voltava da roça", "physical_attack", URGENT),
    ("a polícia prendeu três lideranças", "arrest_detention", URGENT),
    ("o meu irmão tá preso desde ontem", "arrest_detention", URGENT),
    ("levaram meu irmão e ninguém sabe dele", "disappearance_abduction", URGENT),
    ("ele sumiu desde sexta", "disappearance_abduction", URGENT),
    ("estupraram uma menina da aldeia", "sexual_violence", URGENT),
    ("ninguém foi preso dessa vez", "arrest_detention", URGENT),
    ("fomos processados pela empresa", "criminalization_judicial", ELEVATED),
    ("estamos sendo criminalizados por defender o rio", "criminalization_judicial", ELEVATED),
    ("fomos denunciados por invasão", "criminalization_judicial", ELEVATED),
    ("a empresa judicializou os moradores", "criminalization_judicial", ELEVATED),
    ("tem um carro seguindo a gente", "surveillance", ELEVATED),
    ("estão vigiando nossa casa", "surveillance", ELEVATED),
    ("a gente tá sendo ameaçado", "threats_intimidation", ELEVATED),
    ("vc sabe q eles ameaçaram a gente", "threats_intimidation", ELEVATED),
    ("tocaram fogo nos barracos", "raid_property_destruction", ELEVATED),
    # Mozambique and Angola
    ("os insurgentes decapitaram dois homens na aldeia", "killing", URGENT),
    ("a PRM deteve o activista sem culpa formada", "arrest_detention", URGENT),
    ("fomos chamboqueados pela polícia", "physical_attack", URGENT),
    ("a UIR disparou contra a população", "physical_attack", URGENT),
    ("as raparigas foram raptadas", "disappearance_abduction", URGENT),
    ("levaram o activista para a esquadra", "arrest_detention", URGENT),
    ("queimaram as palhotas da comunidade", "raid_property_destruction", ELEVATED),
    # indirect and colloquial Brazilian Portuguese
    ("disseram que vão passar fogo no cacique", "death_threat", URGENT),
    ("ele tá jurado de morte", "death_threat", URGENT),
    ("tentaram matar a liderança ontem", "physical_attack", URGENT),
    ("homens encapuzados rondando a aldeia de madrugada", "immediate_danger", URGENT),
    ("os trabalhadores da obra estão aliciando menores", "sexual_violence", URGENT),
    # a person who vanished, beatings told with other verbs, adverbs, stretched shouting
    ("meu filho desapareceu faz três dias", "disappearance_abduction", URGENT),
    ("o líder sumiu depois da reunião com a empresa", "disappearance_abduction", URGENT),
    ("a polícia bateu muito nos manifestantes", "physical_attack", URGENT),
    ("ele apanhou dos capangas da fazenda", "physical_attack", URGENT),
    ("disseram que eu vou aparecer morto no rio", "death_threat", URGENT),
    ("falaram que vão acabar com a minha vida", "death_threat", URGENT),
    ("urgentemente, ameaçaram o cacique", "immediate_danger", URGENT),
    ("URGENTEEE estão ameaçando a aldeia", "immediate_danger", URGENT),
    ("as famílias fugiram para o mato", "immediate_danger", ELEVATED),
    ("a empresa processou nossa associação", "criminalization_judicial", ELEVATED),
    # Mozambican and Angolan "estar a" + infinitive, and what implies a detention
    ("é urgente, estão a ameaçar-nos", "immediate_danger", URGENT),
    ("os fiscais estão a bater nas zungueiras", "physical_attack", URGENT),
    ("os jovens foram levados pelo SIC", "arrest_detention", URGENT),
    ("o activista foi levado para parte incerta", "disappearance_abduction", URGENT),
    ("precisamos de advogado para tirar ele da cadeia", "arrest_detention", URGENT),
    ("houve mortos na manifestação", "killing", URGENT),
    ("recebemos ameaças, querem a morte do cacique", "death_threat", URGENT),
    ("a moça foi violentada sexualmente por um funcionário", "sexual_violence", URGENT),
    ("o régulo ficou retido na esquadra", "arrest_detention", URGENT),
    # one person's act, in the third person
    ("o segurança atirou no rapaz", "physical_attack", URGENT),
    ("o fazendeiro baleou o posseiro", "physical_attack", URGENT),
    ("um homem raptou a filha do presidente", "disappearance_abduction", URGENT),
    ("os pistoleiros atiram nas casas de noite", "physical_attack", URGENT),
    ("os policiais estão batendo nas mulheres", "physical_attack", URGENT),
    # misspelt as they sound
    ("o rapaz foi baliado pelos jagunços", "physical_attack", URGENT),
    ("siquestraram o filho do cacique", "disappearance_abduction", URGENT),
    ("teve um estrupo de uma menina na vila", "sexual_violence", URGENT),
    ("meu pai disapareceu depois da reunião", "disappearance_abduction", URGENT),
    ("recebemos ameassas, querem a morte do cacique", "death_threat", URGENT),
    ("os seguranças fizeram reféns dois pescadores", "disappearance_abduction", URGENT),
    ("ele levou uma coça dos capangas e está ensanguentado", "physical_attack", URGENT),
    ("precisamos de proteção o mais rápido possível, estão ameaçando", "immediate_danger", URGENT),
    # rape told as "violentar", death sworn, threats in the imperfect, the clitic and the
    # conditional ("me matava", "matá-lo"), hired gunmen
    ("a minha filha foi violentada por um segurança", "sexual_violence", URGENT),
    ("violentaram as mulheres da aldeia", "sexual_violence", URGENT),
    ("tentaram estuprar uma menina da comunidade", "sexual_violence", URGENT),
    ("o fazendeiro jurou ele de morte", "death_threat", URGENT),
    ("os jagunços juraram a gente de morte", "death_threat", URGENT),
    ("estão a ameaçar-nos de morte", "death_threat", URGENT),
    ("ele disse que me matava se eu voltasse", "death_threat", URGENT),
    ("marcaram ele pra morrer", "death_threat", URGENT),
    ("a cabeça dele está a prémio", "death_threat", URGENT),
    ("disseram que vão matá-lo", "death_threat", URGENT),
    ("o fazendeiro mandou recado que vai me matar", "death_threat", URGENT),
    ("contrataram pistoleiros para acabar com o cacique", "death_threat", URGENT),
    ("o jovem foi abatido a tiro pela polícia", "killing", URGENT),
    ("fuzilaram dois jovens na estrada", "killing", URGENT),
    ("a PRM levou o nosso coordenador", "arrest_detention", URGENT),
    ("o régulo foi capturado pela polícia", "arrest_detention", URGENT),
    ("desapareceram com ele depois da reunião", "disappearance_abduction", URGENT),
    ("ele foi apedrejado pelos seguranças", "physical_attack", URGENT),
    ("tacaram fogo nos barracos do acampamento", "raid_property_destruction", ELEVATED),
    ("deitaram fogo às casas dos camponeses", "raid_property_destruction", ELEVATED),
    ("tocaram fogo no barraco com as crianças dentro", "physical_attack", URGENT),
    ("o delegado disse que vão nos prender", "arrest_detention", URGENT),
    ("deram cabo dele na estrada da fazenda", "killing", URGENT),
    ("o capataz disse que ele é um homem morto", "death_threat", URGENT),
    # happening now: surrounded, demolished as they write, hiding, sleeping in the bush,
    # the gunmen still there or on their way, fear of being killed; misspelt cries for help
    ("a polícia cercou o acampamento e ameaçou as famílias", "immediate_danger", URGENT),
    ("estão derrubando as casas agora", "immediate_danger", URGENT),
    ("estão despejando as famílias agora", "immediate_danger", URGENT),
    ("fomos ameaçados, estamos em perigo", "immediate_danger", URGENT),
    ("ameaçaram o presidente, ele teve que se esconder", "immediate_danger", URGENT),
    ("os pistoleiros ameaçaram a gente, dormimos no mato", "immediate_danger", URGENT),
    ("a polícia ameaçou os moradores e ainda estão na aldeia", "immediate_danger", URGENT),
    ("os homens estão a caminho, ameaçaram a liderança", "immediate_danger", URGENT),
    ("os capangas voltaram hoje e ameaçaram o cacique", "immediate_danger", URGENT),
    ("nossa vida corre risco, fomos ameaçados", "immediate_danger", URGENT),
    ("ouvimos tiros a noite toda", "immediate_danger", URGENT),
    ("ameaçaram-nos, urjente", "immediate_danger", URGENT),
    ("socoro, estão ameaçando a gente", "immediate_danger", URGENT),
    ("S.O.S ameaçaram a aldeia", "immediate_danger", URGENT),
    # danger alone, with no harm named, is not yet urgent (contract.md)
    ("a polícia cercou a comunidade", "immediate_danger", ELEVATED),
    ("tenho medo que me matem", "immediate_danger", ELEVATED),
]


def _rows(language: str, rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str, str]]:
    return [(text, language, signal, risk) for text, signal, risk in rows]


@pytest.mark.parametrize(
    ("text", "language", "signal", "risk"),
    [
        *_rows("en", ENGLISH),
        *_rows("fr", FRENCH),
        *_rows("es", SPANISH),
        *_rows("pt", PORTUGUESE),
    ],
)
def test_a_reported_danger_raises_its_signal_and_level(
    text: str, language: str, signal: str, risk: str
) -> None:
    result = classify(text, language=language)
    assert signal in result.risk_signals
    assert result.risk == risk


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("they killed him", None),
        ("il a été enlevé", None),
        ("nos van a desaparecer", None),
        ("ameaçaram de morte", None),
    ],
)
def test_a_critical_phrase_escalates_without_a_given_language(
    text: str, language: str | None
) -> None:
    assert classify(text, language=language).risk == URGENT


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("we want to kill time before the meeting", "en"),
        ("the river is dying, the fish disappeared", "en"),
        ("on veut arrêter le projet de barrage", "fr"),
        ("queremos detener la obra", "es"),
        ("os peixes desapareceram do rio", "pt"),
        ("a barragem matou o rio", "pt"),
        ("o peixe sumiu do rio", "pt"),
        ("les poissons ont disparu de la rivière", "fr"),
        ("la empresa abusa de su poder", "es"),
        ("ils ont abusé de notre confiance", "fr"),
        ("the mine is a threat to the river, the fish are dying", "en"),
        ("bateram na porta de madrugada", "pt"),
        ("ils arrêtent les travaux le dimanche", "fr"),
        ("o time bateu o recorde", "pt"),
        ("la empresa violó la ley", "es"),
        ("hubo un golpe de estado", "es"),
        ("el proyecto es una amenaza para el río", "es"),
        # "now" moves a story on; the past shares a stem with the present
        ("derrubaram as casas ano passado e agora moramos de aluguel", "pt"),
        ("they demolished the market last year and now we sell by the road", "en"),
        ("agora estão derrubando a mata para plantar soja", "pt"),
        ("ils rasent la forêt maintenant", "fr"),
        # a river or fish killed, hunger killed, a jury, cattle slaughtered, a captured loan
        ("the new dam will kill the fish", "en"),
        ("la mina va a matar el río", "es"),
        ("le barrage va tuer la rivière", "fr"),
        ("plano para matar a fome das crianças", "pt"),
        ("o jurado do concurso falou da morte do rio", "pt"),
        ("o gado foi abatido por causa da doença", "pt"),
        ("o empréstimo foi capturado pela elite local", "pt"),
        ("vão prender o gado no curral", "pt"),
        ("a família ficou dentro de casa por causa do fogo na mata", "pt"),
        ("the family stayed inside because of the forest fire", "en"),
    ],
)
def test_everyday_words_near_a_critical_one_stay_calm(text: str, language: str) -> None:
    assert classify(text, language=language).risk != URGENT
