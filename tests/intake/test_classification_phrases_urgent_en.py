"""Urgent English as it is written in South and Southeast Asia, Africa and the Pacific: the
dangers told in local words (held in cells, lathi charges, whisked away, salvaged, defiled,
eviction drives and JCBs), the patterns those dangers are written in (a death verb in the
future beside a person, any force taking or holding someone, a house surrounded, homes broken
now or on a set day), and the everyday sentences and idioms that only look like them.

Each phrase was written for these tests, none comes from the labelled dev file or the probe
set: typos, SMS spellings and missing apostrophes are kept as people send them.
"""

from __future__ import annotations

import pytest

from intake.classification import classify

URGENT = "urgent"

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


@pytest.mark.parametrize(("text", "signal"), URGENT_PHRASES)
def test_regional_words_for_danger_are_urgent(text: str, signal: str) -> None:
    result = classify(text, language="en")
    assert result.risk == URGENT
    assert signal in result.risk_signals


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


@pytest.mark.parametrize("text", CALM_PHRASES)
def test_everyday_sentences_sharing_those_words_are_not_urgent(text: str) -> None:
    assert classify(text, language="en").risk != URGENT


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


@pytest.mark.parametrize(("text", "signal"), PATTERN_PHRASES)
def test_patterns_of_danger_are_urgent_in_any_of_their_words(text: str, signal: str) -> None:
    result = classify(text, language="en")
    assert result.risk == URGENT
    assert signal in result.risk_signals


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


@pytest.mark.parametrize("text", IDIOM_PHRASES)
def test_idioms_and_everyday_uses_of_those_words_stay_calm(text: str) -> None:
    assert classify(text, language="en").risk != URGENT
