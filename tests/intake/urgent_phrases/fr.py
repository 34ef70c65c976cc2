"""Urgent dangers as French speakers write them in West and Central Africa, Madagascar, Haiti
and the Maghreb: SMS spelling without accents ("ke", "ki", "ns"), slang ("buter", "mis au
frais", "chicoter"), local words (the brigade, the PJ, loubards, dozos, cases) and the veiled
ways a death threat is told.

Each phrase was written for these tests (none comes from the labelled dev file or the probe
set). A row names one signal the phrase must raise; every row must be urgent. The negatives
are everyday sentences of the same communities that share a word with those families and
must stay below urgent.
"""

from __future__ import annotations

URGENT_PHRASES = [
    # a killing told as it happened, in slang, or as the dead counted
    ("le camion de la societe a fonce sur la foule, mon neveu est mort sur le coup", "killing"),
    ("ils l ont bute hier soir pres du carrefour", "killing"),
    ("mon oncle s'est fait tuer par les gardes de la concession", "killing"),
    ("ya des morts a la cite apres la descente des militaires", "killing"),
    ("son corps a ete retrouve derriere le marche", "killing"),
    # death threats without "menace de mort": an object at the door, a list, a wall, a burial
    ("on a trouve des balles deposees devant la porte du president du comite", "death_threat"),
    ("ils ont ecrit sur notre porte MORT AUX VENDUS", "death_threat"),
    ("on sait ou dorment tes gosses, retire la plainte", "death_threat"),
    ("le maire a dit tu vas finir comme ton cousin si tu continues", "death_threat"),
    ("ils ont dit qu'ils vont me liquider si je parle encore aux journalistes", "death_threat"),
    (
        "ya une liste des gens a eliminer qui circule, le nom du president est dessus",
        "death_threat",
    ),
    ("tu vas pleurer du sang toi et ta famille", "death_threat"),
    # beatings and arson with people inside
    ("les vigiles l'ont chicote jusqu'a ce qu'il tombe, il a le dos en sang", "physical_attack"),
    (
        "mon frere s'est fait tabasser par les militaires, ils l'ont laisse pour mort",
        "physical_attack",
    ),
    ("ils ont mis le feu a la case pendant que les enfants dormaient dedans", "physical_attack"),
    ("la police est en train de tabasser les manifestants devant la mairie", "physical_attack"),
    # rape told as "prise de force" or forced stripping
    ("ma niece a ete prise de force par deux soldats, elle a 14 ans", "sexual_violence"),
    ("les gardes ont force les femmes a se deshabiller au poste de controle", "sexual_violence"),
    # taken away, held where no one knows
    (
        "des hommes en civil l'ont embarque devant le marche, personne sait ou ils le gardent",
        "disappearance_abduction",
    ),
    (
        "ils ont pris notre president hier soir, la famille le cherche partout",
        "disappearance_abduction",
    ),
    ("on l'a plus revu depuis qu'il est alle a la gendarmerie", "disappearance_abduction"),
    # detention in local words
    ("les gendarmes ont ramasse des jeunes au quartier, ils sont a la brigade", "arrest_detention"),
    ("mon mari est garde au poste depuis 3 jours sans raison", "arrest_detention"),
    ("on l'a mis au frais a la PJ pour une publication sur le barrage", "arrest_detention"),
    # a high signal with the danger now: hunted, surrounded, hiding, an ultimatum, a named day
    ("les policiers sont revenus me chercher, je dors plus chez moi", "threats_intimidation"),
    ("les loubards cherchent les meneurs dans le quartier, on se cache", "threats_intimidation"),
    ("ns sommes encercles par les soldats dans l'ecole, on peut pas sortir", "immediate_danger"),
    ("les FARDC sont en train de bruler les cases maintenant", "immediate_danger"),
    ("les bulldozers arrivent lundi pour raser le quartier", "imminent_eviction"),
    (
        "les militaires ont donne 24h aux familles pour quitter le site sinon ils vont tout casser",
        "imminent_eviction",
    ),
    ("des hommes armes sont devant notre portail presentement", "immediate_danger"),
    ("des motos tournent autour de chez nous chaque nuit, ils prennent des photos", "surveillance"),
    (
        "depuis k'on a porte plainte, des inconnus attendent ma fille a la sortie de l'ecole",
        "reprisal_for_complaint",
    ),
    ("les nervis du maire sont postes devant chez moi, j'ose pas sortir", "threats_intimidation"),
    ("des individus attendent mon fils devant le college depuis lundi", "surveillance"),
    ("ils ont dit ke demain ils brulent les maisons de ceux ki ont refuse", "immediate_danger"),
    ("des dozos armes ont pris position autour du village ce matin", "threats_intimidation"),
    ("les gendarmes disent qu'ils reviennent jeudi pour nous chasser", "imminent_eviction"),
    (
        "cette nuit des hommes en tenue sont passes chez les delegues, plusieurs ont fui",
        "threats_intimidation",
    ),
    ("le chef a dit que ceux qui ont signe seront expulses avant samedi", "imminent_eviction"),
    # second round: patterns, not lines. A killing told with the bare verb, in SMS, by a body
    # found or fished out, by beating or custody
    ("ils ont tuer mon pere devant nous", "killing"),
    ("mon neveu a ete tue par les gardes hier, ils disent que c'est un voleur", "killing"),
    ("des militaires ont abattu un jeune pecheur sur la plage", "killing"),
    ("on a repeche le cadavre du gardien dans le lac avec les mains ligotees", "killing"),
    ("le corps de mon frere a ete jete devant la mairie", "killing"),
    ("notre delegue est mort de ses blessures apres la bastonnade", "killing"),
    # death promised without "menace de mort"
    ("le commandant a jure de nous egorger tous", "death_threat"),
    ("ils veulent tuer le chef du village parce qu'il refuse de signer", "death_threat"),
    ("un sms: prepare ton cercueil, on t'enterrera avec ta plainte", "death_threat"),
    ("il m'a dit t'es un homme mort, ta famille va te pleurer", "death_threat"),
    ("ils ont dit qu'on va retrouver ton corps dans le fleuve", "death_threat"),
    # taken by the police in slang, to a named prison, or rounded up
    ("les policiers ont chope mon petit frere au marche", "arrest_detention"),
    ("ils ont coffre 12 jeunes apres la marche", "arrest_detention"),
    ("notre secretaire est a la MACA depuis un mois sans jugement", "arrest_detention"),
    ("la gendarmerie a arrete mon oncle ce matin a cause du projet", "arrest_detention"),
    # taken and not found; a woman held as a hostage
    (
        "ils l'ont emmene samedi et depuis aucune nouvelle, ni a la brigade ni a l'hopital",
        "disappearance_abduction",
    ),
    ("ils ont pris ma femme en otage pour que je me rende", "disappearance_abduction"),
    # rape threatened, poison and acid
    ("ils ont menace de violer ma fille si je retire pas ma signature", "sexual_violence"),
    ("notre porte-parole a ete empoisonne apres la reunion avec la societe", "physical_attack"),
    # a high signal with the danger now: eviction under way, round-ups promised, foreboding
    ("dernier avertissement, ils demolissent demain", "imminent_eviction"),
    ("les familles seront deguerpies samedi par la force", "imminent_eviction"),
    ("ils sont en train de raser le village en ce moment", "imminent_eviction"),
    (
        "les agents font sortir les gens des maisons, les enfants pleurent dehors",
        "imminent_eviction",
    ),
    ("les soldats tirent en l'air maintenant devant la chefferie", "threats_intimidation"),
    (
        "ils reviennent cette nuit pour ramasser tous les hommes qui ont marche",
        "threats_intimidation",
    ),
    (
        "depuis la plainte des inconnus demandent ou je dors, je sens que ca va mal finir",
        "surveillance",
    ),
    (
        "ils ont dit a ma mere qu'ils vont s'occuper d'elle, ma famille est visee",
        "threats_intimidation",
    ),
    (
        "NOUS SOMMES ENCERCLES PAR LES MILITAIRES A L'ECOLE, PERSONNE NE PEUT SORTIR",
        "immediate_danger",
    ),
    # third round: written unlike the obvious words. Killed in Nouchi, a body at the morgue
    ("ils ont djah le fils du chef de canton hier au puits", "killing"),
    ("le corps de mon cousin est a la morgue de l'hopital regional", "killing"),
    # a price on a head, men paid, a person to be "effacé" or "réglé"
    ("ils ont mis un prix sur sa tete, le chef du comite ne dort plus chez lui", "death_threat"),
    ("des gars sont payes pour s'occuper de moi a cause de la plainte", "death_threat"),
    ("ceux qui parlent aux blancs vont etre effaces un par un", "death_threat"),
    ("il y a une liste des personnes qui doivent etre reglees, mon nom est dessus", "death_threat"),
    ("ils veulent regler son compte au delegue qui a parle a la radio", "death_threat"),
    # cut, bled, burnt, hung by the feet, water in the nose
    ("les loubards l'ont taillade au bras avec un coupe-coupe", "physical_attack"),
    ("apres les coups il a perdu beaucoup de sang, on l'a amene au dispensaire", "physical_attack"),
    (
        "ma grand mere est brulee grave, ils ont mis le feu quand elle etait couchee dedans",
        "physical_attack",
    ),
    ("ils ont attache mon pere a un poteau toute la nuit au camp", "physical_attack"),
    ("au poste ils nous versaient de l'eau dans le nez pour nous faire parler", "physical_attack"),
    # a woman forced by a man with power over her
    ("le chef de chantier a force ma soeur dans son bureau", "sexual_violence"),
    # driven off in a truck or carried to the bush, never seen again
    (
        "les gardes ont fait monter deux jeunes dans leur pick-up et depuis rien",
        "disappearance_abduction",
    ),
    ("des hommes armes ont emmene le chef de village dans la brousse", "disappearance_abduction"),
    ("on ne les a jamais revus depuis la reunion avec la societe", "disappearance_abduction"),
    # our own, arrested or gone, beside words that elsewhere set a story aside
    (
        "on est sans nouvelles de mon frere depuis samedi, son telephone ne passe pas",
        "disappearance_abduction",
    ),
    (
        "l'arrestation de mon mari hier, on veut un avocat, on prepare aussi un rapport",
        "arrest_detention",
    ),
    (
        "notre president est en garde a vue depuis 48h, quels sont ses droits selon la loi?",
        "arrest_detention",
    ),
    ("je recois des menaces de mort depuis 2019 et encore hier soir", "death_threat"),
    # homes marked for a named day, a quarter taken by gangs, people hunted or hemmed in
    (
        "vendredi les cases marquees en rouge seront cassees, on ne sait pas ou aller",
        "imminent_eviction",
    ),
    (
        "les bandits ont occupe nos maisons depuis hier, on dort a la mosquee",
        "raid_property_destruction",
    ),
    (
        "les militaires cherchent mon mari maintenant, ils ont fouille chez sa mere",
        "threats_intimidation",
    ),
    ("ils sont venus demander ou je suis, je me cache chez un ami", "surveillance"),
    (
        "leur voiture est encore garee devant le bureau, ils nous surveillent depuis ce matin",
        "surveillance",
    ),
    (
        "ils ont fait dire qu'ils viennent a l'aube pour punir ceux qui ont parle aux enqueteurs",
        "reprisal_for_complaint",
    ),
    ("la police ferme les rues autour de la place, on peut plus partir", "threats_intimidation"),
    # beaten or tortured, told with the bare participle or a hospital
    ("mon voisin a ete torture au camp militaire, il peut pas marcher", "physical_attack"),
    ("ils ont casse la tete de mon fils avec des gourdins, il est a l'hopital", "physical_attack"),
    ("un jeune a ete battu par les vigiles devant le portail de la mine", "physical_attack"),
    ("ils ont tue deux jeunes au marche ce matin", "killing"),
]


CALM_1 = [
    # a sheep slaughtered for the feast, refuse removal, a river "killed" by a dam
    "on a egorge trois moutons pour la fete de l'Aid, tout le monde va bien",
    "la mairie organise l'enlevement des dechets chaque jeudi",
    "ce barrage est en train de tuer notre fleuve",
    "on est prisonniers de leur procedure depuis deux ans",
    # a list, a wall, a school, a meeting, a deadline that threaten no one
    "la liste des arbres a abattre a ete publiee par les eaux et forets",
    "le mur de l'ecole a une fresque sur la mort du fleuve",
    "nos enfants suivent les cours a l'ecole du village malgre la poussiere",
    "les hommes attendent devant l'ecole pour la reunion des parents",
    "les gendarmes sont venus chez nous hier soir pour nous informer de la reunion",
    "la banque nous a donne 48h pour envoyer les documents",
    "les machines tournent toute la nuit autour du site, le bruit empeche de dormir",
    # gusts of wind are not a police round-up, a name on a list of beneficiaries is no threat
    "des rafales de vent ont arrache les toits du quartier",
    "mon nom est sur la liste des beneficiaires de la compensation",
    "on a pris contact avec la banque en mars et depuis plus rien",
    "ils ont pris de force nos terres l'an dernier",
    # second round: "tué", "arrêté", "attaqué", "abattu", "otage", "enlevé" and "massacre"
    # in their other senses, and news from elsewhere
    "ce retard nous tue, on attend la compensation depuis 2 ans",
    "la societe a tue notre cooperative en cassant les prix",
    "ils ont arrete le projet, bonne nouvelle pour tout le monde",
    "le chantier est arrete depuis mars et les ouvriers sont partis",
    "l'arrete prefectoral a ete publie hier au journal officiel",
    "la societe a attaque la decision du tribunal en appel",
    "nos jeunes ont attaque fort le match contre l'equipe de la mine",
    "on a abattu les arbres du champ pour elargir la route",
    "il est abattu depuis que la mine a ferme, il ne parle plus",
    "le maire a pris en otage le debat sur la compensation",
    "ils ont enleve les bornes de nos champs pendant la nuit",
    "on a commemore les victimes du massacre de 2009 dans le calme",
    "la mairie va demolir le marche lundi pour le reconstruire",
    "la demolition de lundi dernier est passee a la radio",
    "ca va mal finir pour la recolte si la pluie ne vient pas",
    "nous avons pris contact avec la gendarmerie en mars et depuis rien",
    # third round: critical nouns in a report, a law, a training, a film or a year gone by,
    # news from far away, a toll of illness or accident, and everyday "effacer", "régler"
    "le rapport de l'ONG parle des arrestations de 2017, on peut le citer?",
    "la garde a vue peut durer combien de temps selon la loi? c'est pour notre formation",
    "le kidnapping est un fleau en Haiti depuis des annees, vous avez des chiffres?",
    "un film sur l'assassinat de Sankara passe ce soir a la tele",
    "des militants tues au Bresil, on a vu ca aux infos, c'est triste",
    "en 2014 notre ancien president avait recu des menaces de mort, c'est fini depuis",
    "notre atelier sur le viol et les violences basees sur le genre aura lieu lundi",
    "le projet a viole la convention signee avec le village",
    "le paludisme a fait deux morts au village le mois dernier",
    "un accident de bus a fait un mort sur la route de la mine",
    "la disparition des poissons dans le lac nous inquiete",
    "aucune nouvelle de la banque depuis notre lettre de mars",
    "le document de la banque est introuvable sur leur site",
    "nos noms ont ete effaces de la liste des PAP, on veut reclamer",
    "il faut regler son compte a la cooperative avant la recolte",
    "ils ont fait monter les sacs de cacao dans le camion hier",
    "ma soeur a perdu beaucoup de sang a l'accouchement",
    "la societe a force ma femme a signer le papier de compensation",
    "le tribunal va punir la societe qui a pollue, on a porte plainte",
    # beaten, struck, tortured and killed in their other senses
    "notre equipe a ete battue 3-0 par celle de la mine dimanche",
    "le village a ete frappe par la crise du cacao",
    "cette chaleur dans les champs c'est de la torture pour les vieux",
    "le vieux est decede a l'hopital apres une longue maladie",
    "ils ont tue le projet de forage, on est decus",
    "le chien des voisins a ete tue par une voiture",
    "les otages de la crise financiere, c'est nous les paysans",
]

# Every table above, for test_classification_phrases_urgent.py.
URGENT_ROWS = [*URGENT_PHRASES]
CALM_ROWS = [*CALM_1]
