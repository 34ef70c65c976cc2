"""Urgent English as it is written in South and Southeast Asia, Africa and the Pacific: the
dangers told in local words (held in cells, lathi charges, whisked away, salvaged, defiled,
eviction drives and JCBs), the patterns those dangers are written in (a death verb in the
future beside a person, any force taking or holding someone, a house surrounded, homes broken
now or on a set day), and the everyday sentences and idioms that only look like them.

Each phrase was written for these tests, none comes from the labelled dev file or the probe
set: typos, SMS spellings and missing apostrophes are kept as people send them.
"""

from __future__ import annotations

# A critical signal alone, or a high one with the words that it is happening now, in the
# words people use for them; each line names the signal that must be among the evidence.
URGENT_PHRASES = [
    # killings told softly or in regional words
    ("our youth leader expired in hospital last nite after the guards beat him", "killing"),
    ("madam our pastor is no more, the company boys did it", "killing"),
    ("the body of comrade Lito was recovered from the river, hands tied", "killing"),
    ("Mzee Otieno was butchered by the company guards", "killing"),
    ("ka Nestor was salvaged by riding in tandem gunmen near the plaza", "killing"),
    # death threats without the word kill
    ("they said the chairman will not come back alive if he goes to the hearing", "death_threat"),
    ("they left a bullet at my gate with a note saying stop", "death_threat"),
    ("someone sent a coffin to our office with my name on it", "death_threat"),
    ("the PRO put gun to my head and told me to sign", "death_threat"),
    ("the boys are saying there is a price on the head of our secretary", "death_threat"),
    ("DEFENDERS WILL DIE was painted on the church wall", "death_threat"),
    ("the chief said blood will flow if we continue the case", "death_threat"),
    # attacks
    ("police lathi charged the women at the gate, 3 ladies fractured", "physical_attack"),
    ("the guards thrashed my brother with iron rods", "physical_attack"),
    ("they set fire to the hut while the old man was sleeping", "physical_attack"),
    # sexual violence in legal and polite words
    ("the contractor men defiled a 12 year old girl from the resettlement site", "sexual_violence"),
    ("soldiers tore the clothes of the women during the eviction", "sexual_violence"),
    ("our girls are being sexually harassed by the workers every day", "sexual_violence"),
    # taken away, held
    ("our leader was whisked away in a black car this morning", "disappearance_abduction"),
    ("he was lifted by intelligence people from the market yesterday", "disappearance_abduction"),
    ("the OCS has kept him in cells since friday", "arrest_detention"),
    ("CTD took our chairman into custody last night", "arrest_detention"),
    ("bail refused for our 6 members, they are in remand", "arrest_detention"),
    ("the DC's men picked up 4 of our boys from the dharna", "arrest_detention"),
    # a high danger with its immediacy
    ("eviction drive has started in the basti, 2 JCBs here", "imminent_eviction"),
    ("we got notice to vacate within 48 hrs", "imminent_eviction"),
    ("tmrw they will demolish the huts by the river", "imminent_eviction"),
    ("they gave us 24 hrs to leave the land or else", "imminent_eviction"),
    ("goons with lathis are here at the site", "threats_intimidation"),
    ("they came banging on our door at 2am", "threats_intimidation"),
    ("strangers roaming around my house since 10pm", "surveillance"),
    (
        "they are looking for me since i spoke to the journalist, i am staying with relatives",
        "threats_intimidation",
    ),
    ("my son is being followed by men on a bike since we filed the complaint", "surveillance"),
]


# Sentences that share a word with those families but tell of no danger: a ban lifted,
# roofing sheets salvaged, a bullet train, a film shoot, a training followed, children who
# sleep outside in the heat, a meeting about tomorrow's eviction, a deadline that expired.
CALM_PHRASES = [
    "the municipality lifted the ban on fishing in the lake",
    "we salvaged the roofing sheets from the demolished houses",
    "the bullet train project will take our land, meeting at the gate tomorrow",
    "the film crew will be shooting at the site tomorrow",
    "my daughter followed the training on land rights",
    "the children are sleeping under the trees because of the heat, no fire wood",
    "hearing on the demolition of our houses is tomorrow",
    "the project deadline expired, we want to know our rights",
    "i need 2 hours to leave the office for the meeting",
    "the water body near the mine was found polluted",
    "the dam is killing our river slowly",
    "the committee is holding them at the meeting to account",
]


# Second round: families of phrasing, each over verbs, persons and tenses rather than one
# line (a future or a condition + a death verb + a person; any force + taking or holding +
# a person; a house surrounded; homes broken now or on a weekday), written before checking
# them against the classifier.
PATTERN_PHRASES = [
    # death promised with other verbs than kill, a price on a head, people to be burnt
    # inside, graves dug
    ("they said they would shoot my husband if he signs the complaint", "death_threat"),
    ("the goons vowed to slaughter us all if the case goes ahead", "death_threat"),
    ("DCs men said next time they will cut his neck", "death_threat"),
    ("there is 50,000 naira on my head for anybody who silence me", "death_threat"),
    ("if we dont leave they will bulldoze the huts with the children inside", "death_threat"),
    ("they are digging graves in front of the leaders houses at night", "death_threat"),
    ("sms came: your wife will be a widow by xmas", "death_threat"),
    # killed told by how, beside a death or a person
    ("the mob strangled our comrade and left him by the road", "killing"),
    ("my nephew was stabbed at the market and he died before reaching hospital", "killing"),
    ("they poisoned the headman, he died this morning", "killing"),
    # taken or held by any force, in the words of each region
    ("the rangers carried my dad away in their truck", "arrest_detention"),
    ("CID lifted 4 of our youths from the farm this morning", "arrest_detention"),
    ("the army is keeping our chairman at the barracks since friday", "arrest_detention"),
    ("police picked my hubby from the gate at 2am", "arrest_detention"),
    # women and girls abused in South Asian and West African words
    ("my girl child was spoilt by the foreman, she is 13 yrs", "sexual_violence"),
    ("the supervisor misbehaved with two women at the site", "sexual_violence"),
    ("the security guard ripped her blouse and pushed her to the ground", "sexual_violence"),
    ("the watchmen took advantage of a 15 years girl", "sexual_violence"),
    # homes surrounded, broken now or on a set day, masked men, a search at night
    ("pls help the goons have surrounded my compound with pangas", "immediate_danger"),
    ("the GSU is surrounding the whole village since 5am", "immediate_danger"),
    ("they are flattening the houses now, women crying", "imminent_eviction"),
    ("they are starting to demolish the shacks near the canal", "imminent_eviction"),
    ("DC said the demolition is set for wednesday", "imminent_eviction"),
    ("we were told to vacate in 3 days or be removed by force", "imminent_eviction"),
    ("masked men outside my gate now, 2 cars", "immediate_danger"),
    ("strangers came searching for him at midnight", "immediate_danger"),
    # limbs broken, firing on a crowd, a building locked and set on fire, a phone off since
    ("they broke his ribs and his jaw with sticks", "physical_attack"),
    ("police are firing on the crowd at the junction", "physical_attack"),
    ("the guards locked the families in the store and set it on fire", "physical_attack"),
    ("dem seh dem a go bun di shop wid unu inside", "death_threat"),
    ("somebody left a noose on our chairman gate this morning", "death_threat"),
    ("since the protest my uncle is nowhere to be found", "disappearance_abduction"),
    (
        "our treasurer has not come home since the march, phone is off since sunday",
        "disappearance_abduction",
    ),
]


# Bare words that are idioms as often as harms, and the words the new patterns join: a
# request shot down, figures attacked, a debate "killed", a tribunal's symbolic arrest,
# trucks held by customs, a documentary shoot, odds beaten, signatures missing, hills around
# a village, a leg broken in a fall, fees eliminated, a drought taken advantage of, graves
# moved for a reservoir, banners hung.
IDIOM_PHRASES = [
    "the district engineer shot down our request for a culvert",
    "the investors attacked our figures in the meeting",
    "we killed it at the radio debate, thanks for the coaching",
    "the tribunal has symbolically arrested the mine expansion",
    "the trucks were detained at the border by customs for a week",
    "we are shooting a documentary about the river for the bank",
    "the youth are beating the odds with their fish farm",
    "two signatures are missing from our petition",
    "the village is surrounded by hills and the plantation",
    "our secretary broke her leg when she fell at the market",
    "the company wants to eliminate the access road fees",
    "they took advantage of the drought to buy our cattle cheap",
    "the graves of our ancestors will be relocated before the reservoir fills",
    "we will hang the banners on friday before the march",
    "the debt noose is tightening on the fishermen",
]


# Round three: dangers told without the obvious word, and the families they belong to — a
# bullet and a death told as "passed on", a blade or fire on a person, death promised as a
# missed Christmas, a shroud or a body nobody finds, someone who never came home, armed men
# back or outside now, men coming tonight for those who refused, a warrant coming back,
# strangers photographing children from a car, "if you don't sign ... the police".
UNSPOKEN_PHRASES = [
    ("they shot my cousin at the checkpoint, he passed away on the way to clinic", "killing"),
    ("our secretary took a bullet during the raid and passed on this morning", "killing"),
    ("a young man was killed by the company guards near the river yesterday", "killing"),
    ("soldiers killed our chairman near the river last nite", "killing"),
    ("the militia murdered 2 farmers at the fishing camp", "killing"),
    ("they told my mother i will not see christmas if i keep talking", "death_threat"),
    ("the goons said i wont live to see the new year", "death_threat"),
    ("he said this petition will become your kafan", "death_threat"),
    ("they said those who complain will go where nobody finds them", "death_threat"),
    ("the estate guards chopped my father on the arm with a cutlass", "physical_attack"),
    ("youths with bush knives cut him on his leg and head at the market", "physical_attack"),
    ("they poured petrol on the hut with the old woman inside and lit it", "physical_attack"),
    (
        "my husband went with the company men on friday, he never come back",
        "disappearance_abduction",
    ),
    ("our leader was never seen again after the soldiers came", "disappearance_abduction"),
    ("my brother was taken by the company security last night", "disappearance_abduction"),
    ("they finished our comrade at the junction, the security men did it", "killing"),
    ("he was found floating in the tailings pond two days after the meeting", "killing"),
    ("the foreman forced himself on my sister at the plantation", "sexual_violence"),
    ("they put a gun in his mouth and told him to sign", "death_threat"),
    ("they cut off the fingers of our secretary", "physical_attack"),
    ("army wey come our village shoot two boys for leg", "physical_attack"),
    (
        "our secretary was lifted from his house at 2am by people in a land cruiser",
        "disappearance_abduction",
    ),
    ("soldiers are combing the village now house by house", "raid_property_destruction"),
    ("there are men with guns around our house since 8pm", "immediate_danger"),
    ("the boys were ambushed by company thugs on the road", "physical_attack"),
    ("our chairman went missing after the meeting", "disappearance_abduction"),
    ("the thugs are back at the farm right now with guns", "immediate_danger"),
    ("we r hiding in the mosque, company boys outside with rungus and pangas", "immediate_danger"),
    (
        "the goons came with machetes and told us to pack and quit before sunday or else",
        "imminent_eviction",
    ),
    (
        "the DCI called to say they will come back tomorrow with a warrant for me",
        "immediate_danger",
    ),
    (
        "a car with tinted glass stopped by our house and the men photographed my children",
        "surveillance",
    ),
    (
        "the askaris say they will come for those who complained tonight",
        "threats_intimidation",
    ),
    (
        "if we dont sign they will come with police tonight and teach us a lesson",
        "threats_intimidation",
    ),
]


# A bare or passive critical word told of another country, a film, an old year, crops or
# animals, an agreement, fees or land: the false alarms of round three and their cousins.
# Keywords with a person after the verb ("killed my brother") still count; these do not.
ELSEWHERE_PHRASES = [
    "we read in the newspaper that an activist was killed in brazil, very sad",
    "did you hear a land defender was murdered in honduras? our group wants to send condolences",
    "the heavy rains killed all our goats, we need help with livelihood restoration",
    "the drought killed our crops this year, we want to ask for better land",
    "my grandfather was arrested by the colonial police in 1952 for refusing to leave this land",
    "in 1998 the army beat the villagers who opposed the dam, we want this history in the report",
    "our chairman who was detained in 2019 is free, the charges were dropped",
    "the guards beat up some boys in 2016 and that case is still pending, any news?",
    "the price they offer for the land is murder",
    "if someone is beaten by guards in future, how do we report it to the bank?",
    "the contractor was detained by the floods for two weeks",
    "the agreement was executed by both parties in march",
    "the company is bleeding us dry with the new water fees",
    "we want the company officials to go to jail for polluting our river",
    "the bank froze our account, our money is locked up",
    "our land was taken by the company without consent, we want it back",
    "these photos were taken by our youth during the flood",
    "our documents were taken away by the survey team for verification",
    "we were beaten in the football match by the company team on sunday",
    "her son was injured with a knife in a kitchen accident",
    "the bus stops near our school every evening to take the workers",
    "if we dont sign the form by friday we will lose the compensation",
    "the journalist took photos of our children at school for the report",
    "my grandmother passed away after a long illness, we missed the meeting",
    "dead fish were found floating in the river below the mine",
    "the women were forced by the company to sell their land cheap",
    "they cut off the water to the village last week",
    "the ban was lifted from the market after our protest",
    "we will shoot our video at the river tomorrow",
    "my mother was hospitalized with malaria last week and we missed the valuation",
    "this project is an assault on our rights and our culture",
    "the dust leaves bruises on the mangoes and the crops die",
    "we heard gunshot sounds from the hunters in the hills",
    "two of our cows went missing near the construction site",
    "we were ambushed by journalists at the meeting with many questions",
    "my brother injured his back while working at the plantation",
]

# Every table above, for test_classification_phrases_urgent.py.
URGENT_ROWS = [*URGENT_PHRASES, *PATTERN_PHRASES, *UNSPOKEN_PHRASES]
CALM_ROWS = [*CALM_PHRASES, *IDIOM_PHRASES, *ELSEWHERE_PHRASES]
