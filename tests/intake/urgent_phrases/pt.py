"""Urgent danger as people write it in Portuguese (Brazil, Mozambique, Angola, Portugal),
and the everyday lines that share its words.

Each phrase was written for these tests, the way messages arrive: no accents, SMS
spellings ("q", "tao", "hj"), slang and regional words. None comes from the labelled dev
file or from the probe lines the vocabulary was grown against; each stands for a family
of phrasings (a bullet or a coffin left at a door, "boca cheia de formiga", police slang for
an arrest, "estão a partir as cubatas"), not for one sentence.
"""

from __future__ import annotations

# A critical signal alone, or a high one with immediate_danger: urgent either way
# (contract.md), with the signal that carries the danger among the risk signals.
URGENT_PHRASES = [
    # death foretold in idioms, or the same end as the one killed before
    (
        "o gerente mandou dizer q o nosso lider vai amanhecer com a boca cheia de formiga",
        "death_threat",
    ),
    ("falaram pro cacique q ele vai comer capim pela raiz", "death_threat"),
    ("disseram que ele vai morrer como o Dorival", "death_threat"),
    # objects left at the door, and the note beside them
    ("encontramos um caixao com o nome do presidente na frente da sede", "death_threat"),
    ("deixaram uma bala na porta do barraco do seu Joao", "death_threat"),
    ("o recado foi claro: a proxima bala é pra ti", "death_threat"),
    # the future passive, and whoever goes on complaining
    ("quem entrar na area da empresa sera morto, foi o que o capataz falou", "death_threat"),
    ("o delegado disse q o proximo a reclamar vai ser morto", "death_threat"),
    ("ameaçaram: ou vende a terra ou vai enterrar os filhos", "death_threat"),
    ("quem continuar a denunciar a mina desaparece, disse o régulo", "death_threat"),
    # beatings in European and Angolan words, a car driven at someone
    ("a policia de choque carregou sobre os moradores e deu bastonadas", "physical_attack"),
    ("o meu tio ficou com a cabeça rachada das bordoadas dos segurança", "physical_attack"),
    ("jogaram a caminhonete em cima do companheiro na estrada", "physical_attack"),
    # violar is to rape in Portugal, Angola and Mozambique; euphemisms
    ("os soldados violaram duas raparigas junto ao rio", "sexual_violence"),
    ("a zungueira foi violada pelos fiscais", "sexual_violence"),
    (
        "as meninas que vendem na estrada estao sendo violadas pelos trabalhadores da obra",
        "sexual_violence",
    ),
    ("os seguranças da mina abusaram de uma senhora que apanhava lenha", "sexual_violence"),
    ("fizeram coisas com ela a força dentro da guarita", "sexual_violence"),
    # taken and not come back, pushed into a van
    ("levaram dois rapazes da aldeia, ja vai uma semana e nao voltaram", "disappearance_abduction"),
    ("uns homens encapuzados meteram-no numa carrinha branca", "disappearance_abduction"),
    ("ontem 4 homens meteram o presidente numa viatura sem matricula", "disappearance_abduction"),
    # police slang for an arrest: the DP, the camburão, a cell, averiguação
    ("a pm enquadrou meu irmao e levaram pra DP", "arrest_detention"),
    ("jogaram o menino no camburao sem motivo", "arrest_detention"),
    ("o meu marido está numa cela desde ontem, não deixam visitar", "arrest_detention"),
    (
        "levaram o secretario da associaçao para averiguação e ainda nao soltaram",
        "arrest_detention",
    ),
    ("a federal deu voz de prisão pro cacique", "arrest_detention"),
    # armed men there now, a raid or an eviction as they write
    ("tem dois pistoleiro armado na porteira agora", "immediate_danger"),
    ("os capangas tão rondando o acampamento, tudo com escopeta", "immediate_danger"),
    ("a policia ta na porta da associação com fuzis, ninguem sai", "immediate_danger"),
    ("a policia e as maquinas estao a partir as casas no bairro", "imminent_eviction"),
    ("estao a arrombar as portas do bairro todo", "raid_property_destruction"),
    ("os guardas tao de casa em casa procurando o presidente", "raid_property_destruction"),
    ("os militares começaram a queimar as cubatas agora", "raid_property_destruction"),
    ("amanha cedo vem tirar as familias a força", "imminent_eviction"),
    ("fomos despejados hoje de madrugada, dormimos todos na igreja", "imminent_eviction"),
    # threatened or watched, and hiding, afraid to go out, followed home
    ("to dormindo na casa da minha tia pq os jagunço tao me procurando", "immediate_danger"),
    ("vieram perguntando onde eu moro, tenho medo de sair de casa", "surveillance"),
    (
        "depois que eu falei na reuniao um carro parado na frente da minha casa o dia todo",
        "surveillance",
    ),
    ("me seguiram ate em casa ontem, hoje de novo ameaçaram", "immediate_danger"),
    ("estão ameaçando a minha esposa agora por telefone", "immediate_danger"),
]


# The same words in everyday lines: rights violated, samples never brought back, a child
# driven to hospital, a bullet that is candy, a fall, an old threat set aside, a vote. Each
# is a guard of a rule or a phrase above (its `unless` list, or a narrower phrase).
CALM_1 = [
    "os direitos das mulheres foram violados pela empresa quando nao houve consulta",
    "os tecnicos levaram as amostras de agua e nunca mais voltaram com o resultado",
    "o meu filho estava doente, meteram ele no carro e levaram ao hospital",
    "os homens meteram as caixas de material no carro e foram embora",
    "a partir de agora as casas vao ter agua canalizada",
    "amanha os tecnicos vem tirar fotos das familias para o cadastro",
    "em 2012 nos ameaçaram, hoje a comunidade esta tranquila",
    "agora a gente quer um advogado porque ameaçaram fechar a escola",
    "o rio vai desaparecer de vez com essa barragem",
    "as crianças deixaram uma bala na mesa da escola",
    "meu pai esta com a perna partida porque caiu da escada",
    "hoje vamos tirar o povo para votar",
    "o tecnico levou as fotos para averiguação na sede",
    "o camiao carregou sobre a ponte muito peso",
    "o presidente da associação seguiu ate casa depois da reuniao",
    "meu cpf foi cancelado na receita, preciso de ajuda",
    # "bordoada" stems to "bordo": only phrases of the blows are listed
    "os trabalhadores estao a bordo do navio da empresa",
    "o porco virou presunto na festa da aldeia",
    "encontrado boiando um monte de peixe perto da barragem",
    "quem continuar a pescar aqui so vai achar peixe morto",
    "o engenheiro trabalha no presidio novo que a empresa construiu",
]


# Patterns rather than phrases (the `together` rules of lexicon.yaml): the same event told in
# any word order, with a name or a place between the words that carry it.
PATTERN_PHRASES = [
    # killed, in the words used instead of "matar"; a body found; struck, then dead
    ("os capangas apagaram o cacique hj cedo", "killing"),
    ("liquidaram o secretario do bairro a saida da missa", "killing"),
    ("deram cabo do velho soba na picada", "killing"),
    ("a pm matou um menino no bairro", "killing"),
    ("o cadaver do meu tio foi achado na mata", "killing"),
    ("levou varias facadas e faleceu no caminho do hospital", "killing"),
    # a bullet, coffin or cross left; "we know where your children sleep"; leave or die
    ("deixaram cartuchos de bala no quintal do cacique", "death_threat"),
    ("colocaram um caixão de papelão no portão da escola com o nome da professora", "death_threat"),
    ("falaram que sabem onde as crianças dormem e que é pra gente parar", "death_threat"),
    ("ou vcs saem da terra ou morrem todos", "death_threat"),
    ("mandaram dizer que vão dar cabo de mim", "death_threat"),
    # a limb cut, stones thrown at a house, a person poisoned, beaten
    ("cortaram a orelha do rapaz com catana", "physical_attack"),
    ("tacaram pedra no telhado a noite toda gritando o nome do meu pai", "physical_attack"),
    ("a professora foi envenenada depois da denuncia", "physical_attack"),
    ("os guardas bateram-me com um pau", "physical_attack"),
    # sexual violence in the words that avoid it
    ("o capataz fez mal à rapariga quando ela foi buscar lenha", "sexual_violence"),
    ("o encarregado trancou a sala e se aproveitou dela", "sexual_violence"),
    ("o chefe de obra abusou da minha sobrinha", "sexual_violence"),
    # not seen since, held hostage
    ("levaram o meu marido na segunda. desde entao ninguem o viu", "disappearance_abduction"),
    ("nunca mais foram vistos depois da operação dos militares", "disappearance_abduction"),
    ("fizeram refém o filho do régulo", "disappearance_abduction"),
    # taken by police or soldiers in any order, put in a cell
    ("a uir agarrou os moradores na estrada e levou", "arrest_detention"),
    ("os soldados pegaram 5 pescadores e meteram no quartel", "arrest_detention"),
    ("meteram-lhes no comando e nao deixam levar comida", "arrest_detention"),
    ("o presidente dormiu na cela ontem", "arrest_detention"),
    # told to leave by a day, the weekday of the demolition, come to evict, homes burning
    ("deram prazo até domingo pra gente sair da terra", "imminent_eviction"),
    ("temos prazo de 48 horas para desocupar", "imminent_eviction"),
    ("sexta-feira de madrugada vem a demolição com a policia", "imminent_eviction"),
    ("os seguranças chegaram para demolir o bairro", "imminent_eviction"),
    ("a pm ta aqui queimando os barraco", "raid_property_destruction"),
    # at the door, hiding, a car parked since yesterday, night visits, a door broken in
    ("estão cá à porta os seguranças com cães", "threats_intimidation"),
    ("tem uma carrinha parada na frente de casa desde ontem", "surveillance"),
    ("vêm de noite bater na porta dela, dizem que vão levar a filha", "threats_intimidation"),
    ("partiram a porta da sede ontem e hoje voltaram", "raid_property_destruction"),
    ("andam a perguntar onde eu durmo, estou escondido em casa de um primo", "surveillance"),
    # fire with people inside; touched or made pregnant; taken and no one knows where
    ("pegaram fogo no barraco com a gente dentro", "physical_attack"),
    ("o fiscal apalpou a minha filha", "sexual_violence"),
    ("os seguranças mexeram com as meninas e uma está grávida", "sexual_violence"),
    ("levaram as crianças da escola e não sabemos onde estão", "disappearance_abduction"),
    ("o coordenador foi recolhido pela polícia e ainda não saiu", "arrest_detention"),
    # told they will die, or on a condition; not coming back alive
    ("recebi uma carta a dizer que vou morrer", "death_threat"),
    ("se continuar a falar com os jornalistas vai morrer", "death_threat"),
    ("avisaram que se eu for ao tribunal não volto vivo", "death_threat"),
    # machines and police on a day, prowling tonight, lying in wait, coming in now
    ("as máquinas entram amanhã às 6 com a polícia", "imminent_eviction"),
    ("tem gente estranha rondando a casa agora", "immediate_danger"),
    ("os pistoleiros tão na estrada esperando o presidente passar", "immediate_danger"),
    ("a tropa está a entrar na aldeia agora", "raid_property_destruction"),
    # said of a person: dead, shot down; threatened with fire or with "presunto"; kicked
    ("os gajos da empresa limparam o velho, ta morto", "killing"),
    ("o mano foi abatido pelos agentes", "killing"),
    ("tao dizendo que vao me queimar vivo", "death_threat"),
    ("vc vai virar presunto, mandaram no zap", "death_threat"),
    ("arrastaram ele pelo chão e pontapearam", "physical_attack"),
    # machines already here to pull down
    ("as maquinas ja tao aqui pra derrubar as casas", "imminent_eviction"),
    # a family that will weep, a phone off since, riot police about to move, "vai ver" by Friday
    ("se eu aparecer na audiencia minha familia vai chorar, disseram no audio", "death_threat"),
    (
        "o fazendeiro disse pro meu marido: terra de defunto não precisa de documento",
        "death_threat",
    ),
    ("desde quarta o telefone dele está desligado", "disappearance_abduction"),
    ("agora chegou o batalhão de choque, estão se preparando pra avançar", "immediate_danger"),
    ("quem nao assinar o acordo ate sexta vai ver", "threats_intimidation"),
]


# The same word groups in everyday lines, each the guard of a rule's `unless` list or of its
# narrower words: a light put out, a dispute ended, a dead ox, a cross for a procession, a
# girl's homework, smoke that made children ill, money that comes out by Monday, a hearing on
# Thursday, a census at the door, a flat tyre, a storm, a drought, a hand cut clearing a field.
CALM_2 = [
    "apagaram a luz da sede e o presidente foi embora",
    "o soba deu fim à disputa das terras",
    "acharam o corpo de um boi no rio",
    "deixaram uma cruz na porta da igreja para a procissão",
    "a menina fez mal o exercício e a professora ralhou",
    "o fumo da fábrica fez mal às crianças",
    "aproveitou a viagem da filha para levar os documentos",
    "se não sairmos daqui morremos de fome",
    "o dinheiro da indemnização deve sair até segunda",
    "a reunião sobre o despejo é na quinta-feira",
    "os técnicos chegaram para medir as casas e tirar fotos",
    "a polícia está aqui à porta da escola para a vacinação",
    "o carro ficou parado na rua por causa do pneu furado",
    "o ciclone derrubou as casas todas",
    "a seca matou o gado e as plantações",
    "ele cortou a mão quando limpava a machamba",
    "envenenaram o rio com o mercúrio da mina",
    "vão levar o meu sobrinho ao hospital amanhã",
    "estou escondido do sol debaixo da mangueira",
    "a professora passou a mão na cabeça da menina para a consolar",
    "a notícia da barragem mexeu com as mulheres da aldeia",
    "levaram os documentos e não sabemos onde estão",
    "o lixo foi recolhido pela polícia municipal",
    "se a barragem rebentar vamos morrer todos",
    "as máquinas vêm amanhã arranjar a estrada",
    "os militares estão aqui para a vacinação",
    "o rio está morto desde que a mina abriu",
    "ele ficou morto de cansaço depois da marcha",
    "o gado foi abatido por causa da febre",
    "o trator da cooperativa chegou ontem para lavrar",
    "vão executar o projeto no próximo ano",
    "a minha mãe vai chorar de alegria no casamento",
    "a família vai chorar a perda da terra, mas vamos lutar na justiça",
    "o telefone do escritório da empresa está desligado desde segunda",
    "quem quiser vai ver a exposição até sexta",
]


# Round three: families written unlike the words seen before (a body found floating, a death
# foretold by a date or a price on a head, sex forced as the price of passing, a boat found
# empty, insurgents next door, a leader's hours asked), and the killing, arrest and attack
# words that stay critical beside a person whatever else the sentence says.
UNSEEN_PHRASES = [
    ("acharam o corpo do seu Antonio boiando na represa hoje cedo", "killing"),
    ("o presidente apareceu a boiar na lagoa", "killing"),
    ("mataram meu irmao, vi no jornal a foto dele", "killing"),
    ("mataram o menino de 12 anos", "killing"),
    ("estão a matar as pessoas na aldeia", "killing"),
    ("a chacina foi ontem, 4 corpos no rio", "killing"),
    ("o jagunço disse q o Zé nao passa do fim do ano", "death_threat"),
    ("puseram a minha cabeça a premio", "death_threat"),
    ("o meu nome ta numa lista de marcados pra morrer", "death_threat"),
    ("disseram q vamos ser enterrados vivos se continuar", "death_threat"),
    ("mandaram dizer que acidentes acontecem com quem se mete com a empresa", "death_threat"),
    ("se continuar a falar vais aparecer a boiar no rio", "death_threat"),
    ("o vigia obriga as menina a dormir com ele pra deixar passar", "sexual_violence"),
    ("meu irmao saiu de moto pra vila ontem e nunca chegou", "disappearance_abduction"),
    ("o barco dele foi encontrado vazio no meio do rio", "disappearance_abduction"),
    ("meteram ele na mala do carro e arrancaram", "disappearance_abduction"),
    ("ninguem ve o Chico desde sabado", "disappearance_abduction"),
    ("o meu irmao esta desaparecido desde sexta", "disappearance_abduction"),
    ("prenderam o nosso lider ontem por causa do protesto contra o projeto", "arrest_detention"),
    ("o meu filho levou um tiro no pé", "physical_attack"),
    ("os machababos chegaram na vila, ouvimos disparos", "threats_intimidation"),
    ("eles tao vindo com armas pela estrada, socorro", "threats_intimidation"),
    ("ja tao demolindo as casa do outro lado", "immediate_danger"),
    ("cercaram a aldeia, ninguem entra ninguem sai", "threats_intimidation"),
    ("um homem perguntou a que horas o presidente sai de casa, estamos com medo", "surveillance"),
    ("andam a procura de quem filmou a policia, estamos escondidos", "threats_intimidation"),
    ("estou sendo seguido por um carro sem placa", "immediate_danger"),
    ("os garimpeiros juraram se vingar e devem chegar hoje", "threats_intimidation"),
]


# The same words in news from elsewhere, films, trials, reports, old stories, projects a
# judge stopped, pests, prices, illness, carbon, money that never arrived, a wedding's
# fireworks, a guard armed as always: each the guard of an `unless` list above.
CALM_3 = [
    "vi na tv que mataram um indigena no Peru, que triste",
    "o documentario sobre a chacina de Unai passa sexta na associacao",
    "o julgamento dos assassinos do caso do massacre foi adiado de novo",
    "li que houve assassinatos de ativistas na Colombia este ano, vcs tem contato la?",
    "o boi foi encontrado morto no pasto, acho q foi cobra",
    "os juros tao matando a gente, queremos renegociar a divida",
    "essa poeira vai acabar matando a gente de tanta tosse",
    "o juiz prendeu as maquinas da empresa, a obra parou",
    "o fiscal prendeu o gado que tava na estrada",
    "as lagartas fizeram um ataque na machamba, perdemos o milho",
    "compramos o arroz no atacado pra cooperativa",
    "o sequestro de carbono do projeto REDD nao beneficia a comunidade",
    "os peixes estao desaparecendo do rio desde a barragem",
    "o processo da indenizacao sumiu, ninguem sabe onde esta",
    "foi tiro e queda, a empresa recuou",
    "há muitos anos houve pancadaria na vila, hoje esta calmo",
    "o velho seu Zé nao passa do natal, ta muito doente no hospital",
    "o preço da cabeça de gado subiu muito",
    "o dinheiro da indenizacao nunca chegou, saiu do banco em marco",
    "ouvimos tiros de festa no casamento ontem",
    "o seguranca chegou com a arma na cintura como sempre, mas so ficou na portaria",
    "a policia perguntou onde mora o dono do carro roubado",
    "cercaram o terreno com arame farpado",
    "as maquinas ja estavam derrubando a mata quando chegamos ano passado",
    "esses bandidos da empresa estao a roubar a nossa terra, queremos apoio juridico",
]

# Every table above, for test_classification_phrases_urgent.py.
URGENT_ROWS = [*URGENT_PHRASES, *PATTERN_PHRASES, *UNSEEN_PHRASES]
CALM_ROWS = [*CALM_1, *CALM_2, *CALM_3]
