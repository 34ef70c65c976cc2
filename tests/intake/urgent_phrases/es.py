"""Urgent danger as Latin American Spanish speakers write it: slang, regional words, SMS
spellings, no accents, typos.

Each family of phrasings here was missing from the Spanish vocabulary (lead "given" to
someone, a bullet or a coffin left at the door, "al bote", police "entrando" now, people hiding
from the forces...). The phrases were written for these tests, none comes from a probe or the
labelled dev file; the calm ones beside them share the new words and must stay calm.
"""

from __future__ import annotations

# (message, the signal that must be among its risk signals). Each is urgent: a critical signal,
# or a high one with immediate_danger.
PHRASES = [
    # killing: lead, a body found, a dead person counted
    ("a mi cuñado lo plomearon saliendo de la finca", "killing"),
    ("le metieron plomo al profe anoche, no sobrevivio", "killing"),
    ("hallaron muerta a la vocera en el cañaveral", "killing"),
    ("amanecio muerto el compa en la orilla del rio", "killing"),
    ("ya hay dos muertos en el desalojo de la loma", "killing"),
    ("lo mandaron matar los de la empresa, eso dice todo el mundo", "killing"),
    # death threats: objects left, a bounty, the body bag, "if you go on you die"
    ("nos dejaron una bala en el buzon con una notita", "death_threat"),
    ("pintaron una cruz en la puerta de la casa de la presidenta", "death_threat"),
    ("pusieron precio por la cabeza de mi papa", "death_threat"),
    ("al comunero le dijeron q lo van a sacar en bolsa", "death_threat"),
    ("me mandaron decir q si sigo hablando del rio me muero", "death_threat"),
    ("si seguis jodiendo con la tierra te moris, me escribio", "death_threat"),
    ("me dijeron q me van a dar chumbo si sigo con la consulta", "death_threat"),
    # attacks: beaten up, run over on purpose, tortured
    ("los de seguridad lo agarraron a golpes en el reten", "physical_attack"),
    ("le quebraron las piernas a mi hermano por no vender", "physical_attack"),
    ("intentaron atropellar a la vocera con la camioneta de la minera", "physical_attack"),
    ("a mi tio le dieron toques en la comisaria pa q firmara", "physical_attack"),
    # sexual violence: with a clitic, a relative named
    ("a mi tia la abusaron los guardias del campamento", "sexual_violence"),
    ("abusaron de mi sobrina los trabajadores de la obra", "sexual_violence"),
    # arrest: slang jail words and who holds the person
    ("a mi primo lo metieron al bote por protestar", "arrest_detention"),
    ("se lo llevo la patrulla y nadie nos dice nada", "arrest_detention"),
    ("lo tienen los militares en el cuartel dsd el lunes", "arrest_detention"),
    ("apañaron a la vocera en la marcha de ayer", "arrest_detention"),
    ("cayeron presos 6 compañeros del frente de defensa", "arrest_detention"),
    # abduction
    ("levantaron al profe en una camioneta, no contesta", "disappearance_abduction"),
    # danger now: forces coming in, already here, surrounding; people hiding; followed today
    ("estan entrando los militares a la vereda", "raid_property_destruction"),
    ("ya llegaron los antimotines al puente, estamos en el bloqueo", "threats_intimidation"),
    ("los soldados rodearon la escuela con los niños adentro", "threats_intimidation"),
    ("estamos escondidos en la casa de un vecino, los paracos nos buscan", "threats_intimidation"),
    ("hoy nos siguieron dos motos hasta la casa", "surveillance"),
    ("allanaron la oficina hace un rato, se llevaron las compus", "raid_property_destruction"),
    ("hay un carro parado frente a mi casa con tipos raros", "surveillance"),
    ("hay unos manes armados en la entrada del resguardo", "threats_intimidation"),
    ("vienen a sacarnos esta noche los guardias de la hacienda", "imminent_eviction"),
    ("estan tumbando los ranchos con la maquina ahorita", "imminent_eviction"),
    ("estan sacando a las familias de sus casas, ayuda", "imminent_eviction"),
]


# Calm sentences that share the new words: a river that "dies", a deadline of days, the
# police at a talk, a boat, the community watching its own river, soldiers reforesting.
CALM = [
    "si sigue asi el rio se muere",
    "nos quedan pocos dias para presentar la queja, nos dijeron en el banco",
    "la policia esta en la comunidad dando una charla de seguridad vial",
    "los militares estan llegando a la comunidad con la brigada de salud",
    "salimos a pescar en el bote temprano",
    "hoy seguimos vigilando el nivel del rio con los jovenes",
    "los soldados estan subiendo al cerro para la reforestacion",
    "la comunidad esta incomunicada por el derrumbe",
    "la empresa esta escondiendo informacion y la policia no hace nada",
    "hay un operativo de vacunacion en la comunidad el sabado",
    "dicen q las vacas se van a morir si sigue la sequia",
    "los militares regresan a su cuartel en diciembre",
]


# Round two: patterns rather than phrases. Each line is told in an order or with words the
# phrase lists never held, and is caught by a rule over word groups (a death and its violent
# cause, the forces and a person taken, machines with the forces, hours to leave...) or by
# a family of phrasings (veiled threats, break-ins, "acaban de", no one arriving alive).
PATTERNS = [
    ("al compa le tiraron desde una moto y murio antes de llegar al hospital", "killing"),
    ("mi tio fallecio por los golpes que le dieron los guardias", "killing"),
    ("murieron dos compañeros en el ataque de los paramilitares", "killing"),
    ("hermanos ayuda, acaban de matar al profe Chucho en la entrada del ejido", "killing"),
    ("me dijeron que me van a levantar si sigo con la demanda", "death_threat"),
    ("ya sabemos donde viven tus hijos, le escribieron", "death_threat"),
    ("un tipo le dijo a mi hermana q sabe a que hora sale del trabajo", "death_threat"),
    ("calladita te ves mas bonita le dijeron a la lideresa", "death_threat"),
    ("quieren matarte le dijo un policia a mi hermano", "death_threat"),
    ("nos dijeron q a la proxima reunion no llegamos vivos", "death_threat"),
    ("en la pared escribieron 'sapos muertos' con nuestros nombres", "death_threat"),
    ("atropellaron a un compañero en el bloqueo, el camion no freno", "physical_attack"),
    ("un camion de la empresa atropello a un niño del plantón y se fue", "physical_attack"),
    ("nos tiraron bala en la toma de la ruta", "physical_attack"),
    ("los guardias de seguridad golpearon a las señoras q estaban en la toma", "physical_attack"),
    ("los soldados abusaron de una peladita de 13 años", "sexual_violence"),
    ("intentaron violar a mi hija en el camino a la escuela", "sexual_violence"),
    ("los pacos se llevaron a mi hijo esta mañana", "arrest_detention"),
    ("los tombos cargaron con el vocero y no sabemos a donde", "arrest_detention"),
    ("desde el sabado no sabemos nada de mi hermano", "disappearance_abduction"),
    ("reclutaron a mi hijo a la fuerza los del grupo armado", "disappearance_abduction"),
    ("la policia esta en la entrada con las retroexcavadoras", "imminent_eviction"),
    ("dicen que esta noche entran a sacar a las familias del campamento", "imminent_eviction"),
    ("nos dieron 48 horas para desocupar o nos sacan a la fuerza", "imminent_eviction"),
    ("tenemos hasta el viernes para irnos o nos sacan con la policia", "imminent_eviction"),
    ("mañana cierran las compuertas y el agua va a tapar las casas", "imminent_eviction"),
    ("los militares estan rondando la casa de la presidenta", "surveillance"),
    ("hoy se paro un carro frente a mi casa y se quedo mirando", "surveillance"),
    ("anoche alguien entro a la oficina y se llevo la computadora", "raid_property_destruction"),
    ("le dijeron que van a venir por el esta semana", "threats_intimidation"),
    ("la yuta lo revento a palos y murio en la comisaria", "killing"),
    ("si no te vas del territorio te mueres, dice el mensaje", "death_threat"),
    ("me llego un whatsapp con la foto de mi casa y una pistola", "death_threat"),
    ("la policia se chupo a tres compañeros en la ruta", "arrest_detention"),
    ("le prendieron fuego a la casa de la lideresa anoche", "raid_property_destruction"),
    ("nos van a desalojar el lunes con antimotines", "imminent_eviction"),
]


# Calm sentences beside the round-two rules: an illness or animals that died, a complaint
# "lifted", a map of where people live, hunger and hope "killed", a project halted, a pest
# "attack", a drought that "hit", a lorry over a cable, a filing deadline, a dam opened for
# its inauguration, a strike in front of an office, a project nobody explained.
PATTERN_CALM = [
    "mi abuela murio de cancer, la mina contamino el agua por años",
    "los peces murieron despues de que tiraron desechos al rio",
    "vamos a levantar una queja ante el mecanismo del banco",
    "sabemos donde viven las comunidades afectadas, tenemos el mapa",
    "quieren matarnos de hambre con esos sueldos",
    "nos quieren matar la ilusion con tanto tramite",
    "la obra quedo detenida hasta nueva orden, gracias",
    "hubo un ataque de roya en el cafe, perdimos media cosecha",
    "la crisis golpeo a los productores de cafe",
    "el camion de la empresa paso por encima del cable de luz y lo rompio",
    "tenemos hasta el viernes para presentar la apelacion",
    "mañana abren la represa para la inauguracion con el presidente",
    "el paro nacional se hizo frente a la sede del gobierno",
    "no sabemos nada del estudio de impacto, queremos pedirlo",
    "la empresa atropella nuestros derechos, es un atropello",
    "tenemos 48 horas para presentar la respuesta al banco",
    "el viernes vienen a tumbar los arboles del parque para la carretera",
    "los policias llevaron al presidente de la junta a la reunion con el alcalde",
    "mañana cierran el camino por las obras de la represa",
    "se paro la obra frente a la escuela por la lluvia",
    "no sabemos nada de la consulta, mi hermano fue a preguntar",
    "hubo ataques en redes contra la organizacion",
]


# Round three: the bare words of harm that are everyday words too. Prices "shoot up", a
# machete clears a field, "la presa" is a dam, a project is "detenido", carbon is
# "secuestrado", a bank's reply is "sin noticias", a cow "apareció muerta". Each sentence
# holds one of those other meanings and must stay calm.
EVERYDAY_CALM = [
    "los precios del maiz se dispararon y no alcanza la plata",
    "limpiamos el terreno con machete para la siembra",
    "mi mama esta hospitalizada por la diabetes, no pude ir",
    "es una agresion a la madre tierra lo que hacen con el rio",
    "repartimos panfletos en el mercado invitando a la asamblea",
    "el sufragio en la consulta fue libre, votamos todos",
    "la desaparicion de los peces del rio nos tiene preocupados",
    "desde que llego la represa el rio quedo sin vida",
    "la sequia mato el ganado y las gallinas este verano",
    "nos matan de hambre con esos precios",
    "quieren construir una carcel nueva en el territorio sin consulta",
    "la constructora no presento la fianza de cumplimiento",
    "el proyecto de captura y secuestro de carbono no nos consulto",
    "el partido fue una masacre, perdimos 7 a 0",
    "nadie resulto herido en el derrumbe del tunel gracias a dios",
    "esos precios nos van a matar",
    "me iba a matar de risa con el video",
    "vamos a matar dos gallinas para la fiesta patronal",
    "la empresa capturo la voluntad de los funcionarios",
    "tenemos el agua secuestrada por la minera",
    "la detencion de las obras fue un logro de la comunidad",
    "la consulta esta presa de los intereses de la empresa",
    "seguimos sin noticias del banco sobre nuestra queja",
    "el ingeniero de la empresa no ha regresado a la comunidad",
    "la empresa nunca volvio a la mesa de dialogo",
    "se llevaron a los animales al otro potrero por la creciente",
    "la vaca aparecio muerta en el potrero",
    "estamos encerrados en casa por la lluvia",
    "esta lucha me esta matando de cansancio, pero seguimos",
    "los tiros de la mina son muy profundos",
    "la empresa esta en la lista negra del banco",
    "la mina contamina sus cuerpos de agua y los humedales",
    "la empresa plagio nuestro logo y el proyecto",
    "eres el proximo en hablar en la asamblea",
    "ya estas en la lista de beneficiarios del programa",
    "el homicidio culposo del accidente de transito lo ve la fiscalia",
    "hubo un asesinato de la reputacion de la organizacion en los medios",
    "perdio la vida en un accidente de transito el chofer del bus",
    "esta mina va a acabar con nosotros si sigue contaminando",
    "te vamos a encontrar en la reunion del sabado",
]


# ... while the same words beside a named person, or in the phrases with the person, count
# whatever else the sentence holds (a project, a river, a year).
BESIDE_A_PERSON = [
    ("detuvieron a dos compañeros q protestaban contra el proyecto", "arrest_detention"),
    ("el compañero herido sigue en el hospital, fue en el bloqueo de la mina", "physical_attack"),
    ("mi hijo no volvio del rio desde el sabado", "disappearance_abduction"),
    ("ayer mataron al compañero q cuidaba el rio", "killing"),
    ("la desaparicion del compañero fue cerca de la represa", "disappearance_abduction"),
    ("los paracos lo subieron a una lancha y no volvio", "disappearance_abduction"),
    ("quedo sin vida don beto en la orilla del rio", "killing"),
]


# Round three's fresh families, written before reading the probe's misses: killing told in
# slang and by the body found bound; death promised in slang, in the subjunctive, by a coffin
# being measured; beatings in Mexican and Colombian words; abuse told as "taking advantage";
# homes or cars forced at night and the fear they come back; people who fled with nothing.
FRESH = [
    ("a mi compadre le dieron piso en la cantina", "killing"),
    ("se quebraron al vocero anoche afuera de su casa", "killing"),
    ("le vaciaron la pistola al profe en la parada del bus", "physical_attack"),
    ("lo encontraron en el barranco con las manos amarradas", "killing"),
    ("hallaron a la lideresa con la cara tapada junto al camino", "killing"),
    ("me mandaron decir q me van a dar cuello si sigo", "death_threat"),
    ("tienen una lista para que los truenen a todos los del comite", "death_threat"),
    ("dijeron que al que denuncie lo matan", "death_threat"),
    ("el capataz me dijo que ya me estan midiendo el cajon", "death_threat"),
    ("me dijo no vas a ver la otra luna", "death_threat"),
    ("los guardias le pusieron una madriza a mi sobrino", "physical_attack"),
    ("lo agarraron a cachazos en la carretera", "physical_attack"),
    ("el capataz se aprovecho de mi hija de 15 años", "sexual_violence"),
    ("forzaron a una muchacha detras del campamento", "sexual_violence"),
    (
        "anoche trataron de forzar la puerta de la casa y tenemos miedo q vuelvan esta noche",
        "raid_property_destruction",
    ),
    ("le cortaron los frenos a la camioneta del presidente", "physical_attack"),
    ("salimos corriendo con lo puesto, los armados amenazaron con volver", "threats_intimidation"),
]


# Calm sentences beside the fresh families: a cement floor "given", a drawer, a moon seen,
# a cut brake hose fixed at the garage, a chance taken, a door forced by the wind.
FRESH_CALM = [
    "el gobierno nos va a dar piso firme para las casas",
    "guarde los papeles en el cajon de la mesa",
    "no vamos a ver la luna llena por las nubes",
    "el mecanico cambio los frenos de la camioneta",
    "el capataz se aprovecho de la lluvia para parar la obra",
    "el viento forzo la puerta del salon comunal",
    "salimos corriendo a la asamblea porque llegamos tarde",
]

# Every table above, for test_classification_phrases_urgent.py.
URGENT_ROWS = [*PHRASES, *PATTERNS, *BESIDE_A_PERSON, *FRESH]
CALM_ROWS = [*CALM, *PATTERN_CALM, *EVERYDAY_CALM, *FRESH_CALM]
