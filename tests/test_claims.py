"""etl.claims: one invented sentence per rule (none is taken from the sample corpus), the
non-claims, the ``exclude`` spans and the numbers limit, and properties for any input."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import etl.claims as claims_module
from etl.claims import extract_claims, load_lexicon
from etl.types import ClaimRecord
from archive.vocab import HEDGES, PREDICATES


def claims(sentence: str, **kw) -> list[ClaimRecord]:
    found = extract_claims(sentence, **kw)
    for c in found:
        assert c.predicate in PREDICATES
        assert c.hedge in HEDGES
    return found


def one(sentence: str, **kw) -> ClaimRecord:
    found = claims(sentence, **kw)
    assert len(found) == 1, [(c.predicate, c.value, c.rule) for c in found]
    return found[0]


def keys(sentence: str) -> list[tuple]:
    return [(c.predicate, c.value, c.low, c.high) for c in claims(sentence)]


def span(sentence: str, c: ClaimRecord, offset: int = 0) -> str:
    return sentence[c.start - offset:c.end - offset]


# --- predicates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "predicate", "value"),
    [
        # killed
        ("At least 1,200 villagers were killed when the militia stormed the valley.", "killed", 1200),
        ("The blast killed 83 people.", "killed", 83),
        ("Nineteen miners died in the collapse.", "killed", 19),
        ("The raid left 17 dead.", "killed", 17),
        ("Officials counted 64 fatalities after the ambush.", "killed", 64),
        ("The brigade reported 35 KIA.", "killed", 35),
        ("Some 40 prisoners lost their lives in the fire.", "killed", 40),
        ("Around 300 refugees froze to death on the pass.", "killed", 300),
        ("The famine caused the deaths of 2,000 peasants.", "killed", 2000),
        ("The 2nd Company lost 45 men at the bridge.", "killed", 45),
        ("The UN put the death toll at 40,000.", "killed", 40000),
        ("Three thousand horses perished in the snow.", "killed", 3000),
        # wounded
        ("The shelling wounded 45 civilians.", "wounded", 45),
        ("A further 212 were injured in the stampede.", "wounded", 212),
        ("The clinic treated 80 wounded soldiers.", "wounded", 80),
        ("The mine caused 14 injuries.", "wounded", 14),
        # missing
        ("Another 600 fishermen remain unaccounted for.", "missing", 600),
        ("About 90 villagers went missing during the raid.", "missing", 90),
        ("At least 300 people disappeared after the arrests.", "missing", 300),
        # hostages
        ("Rebels took 37 aid workers hostage.", "hostages", 37),
        ("The militia took 48 as hostages.", "hostages", 48),
        ("Twelve journalists remain in captivity.", "hostages", 12),
        ("The guerrillas captured 25 soldiers.", "hostages", 25),
        ("More than 1,000 prisoners were exchanged.", "hostages", 1000),
        # displaced
        ("Some 300,000 refugees crossed the river.", "displaced", 300000),
        ("Nearly 45,000 people fled the valley.", "displaced", 45000),
        ("The offensive displaced 850,000 Kosovars.", "displaced", 850000),
        ("In 1944 the authorities deported 180,000 Crimean Tatars.", "displaced", 180000),
        ("They evacuated 3,000 civilians by boat.", "displaced", 3000),
        ("The camp held 45,000 internally displaced persons.", "displaced", 45000),
        ("About 2,000 townspeople were expelled from the district.", "displaced", 2000),
        ("Over 70,000 inhabitants of the valley have been forcibly displaced.", "displaced", 70000),
        # resettled
        ("Last year 400 families were resettled in the new quarter.", "resettled", 400),
        ("The programme targets the return of 25,000 people to the district.", "resettled", 25000),
        ("In May, 57 households relocated to the rebuilt town.", "resettled", 57),
        # population
        ("The province had a population of roughly 2.3 million before the war.", "population", 2_300_000),
        ("The town, once home to 12,000 people, was left in ruins.", "population", 12000),
        ("The valley had about 9,000 inhabitants.", "population", 9000),
        ("The island's population was 44,639 in 1991.", "population", 44639),
        ("The combined population exceeded 50,000 by 2020.", "population", 50000),
        # area
        ("The reserve covers 1,250 square kilometres.", "area_km2", 1250),
        ("The lake covers 1,250 sq km of the plateau.", "area_km2", 1250),
        ("The park covers 24,000 hectares.", "area_km2", 240),
        ("The enclave measures 4,400 km2.", "area_km2", 4400),
        # elevation
        ("The summit rises to 5,642 m above sea level.", "elevation_m", 5642),
        ("The pass lies at an altitude of 2,100 metres.", "elevation_m", 2100),
        ("Its highest peak, Mount Bazar, stands at 4,466 meters.", "elevation_m", 4466),
        # strength
        ("A force of 8,000 troops crossed the river.", "strength", 8000),
        ("The garrison of 1,200 surrendered.", "strength", 1200),
        ("The rebels fielded about 1,500 fighters.", "strength", 1500),
        ("A 500-strong militia guarded the pass.", "strength", 500),
        ("A thirty-man patrol was sent north.", "strength", 30),
        ("The Northern Army numbered about 120,000 in the spring.", "strength", 120000),
        ("Some 1,960 peacekeepers were deployed.", "strength", 1960),
        # destroyed
        ("Government forces destroyed 14 tanks.", "destroyed", 14),
        ("Over 120 churches were burned during the retreat.", "destroyed", 120),
        ("Three transport planes crashed in the storm.", "destroyed", 3),
        ("Two helicopters were shot down over the ridge.", "destroyed", 2),
        ("Vessian losses were 43 tanks.", "destroyed", 43),
        ("Vessian losses are estimated at 5,000 men.", "killed", 5000),
        ("The historian puts the Vessian dead at 4,708.", "killed", 4708),
        ("Other estimates put Vessian deaths at close to 1,000.", "killed", 1000),
        ("Three soldiers were found dead near the bridge.", "killed", 3),
        ("More than 14 million people have been forced from their homes.", "displaced", 14e6),
        ("Some 2,000 families were driven from their homes by the fighting.", "displaced", 2000),
        ("About 500 people were forced to leave the city.", "displaced", 500),
        ("The museum lost 4,000 paintings to looting.", "destroyed", 4000),
        ("The war caused the loss of 300 bridges.", "destroyed", 300),
        # cost
        ("The reconstruction will cost $4.5 billion.", "cost", 4.5e9),
        ("He sold oil worth US$20 million.", "cost", 20e6),
        ("The budget allocates 2 billion manat for roads.", "cost", 2e9),
        # count
        ("The district has 83 villages.", "count", 83),
        ("Dornovo, a district of about 100,000 people, was shelled.", "population", 100000),
        ("Kelmar is a town of 5,000 people.", "population", 5000),
        ("Sappers removed 1,400 landmines from the fields.", "count", 1400),
        ("The army disbanded 12 battalions.", "count", 12),
        ("The convoy of 60 trucks reached the city.", "count", 60),
        ("The region has over 200 plant species.", "count", 200),
        ("The commission registered 57 damaged mosques.", "count", 57),
    ],
)
def test_predicates(sentence, predicate, value):
    c = one(sentence)
    assert (c.predicate, c.value) == (predicate, pytest.approx(value)), c.rule
    assert c.rule.startswith(predicate + "."), c.rule


def test_units():
    assert one("The blast killed 83 people.").unit == "persons"
    assert one("The reserve covers 1,250 square kilometres.").unit == "km2"
    assert one("The summit rises to 5,642 m above sea level.").unit == "m"
    assert one("The reconstruction will cost $4.5 billion.").unit == "USD"
    assert one("The budget allocates 2 billion manat for roads.").unit == "AZN"
    assert one("The district has 83 villages.").unit == "villages"
    assert one("Last year 400 families were resettled in the new quarter.").unit == "families"


def test_qualifiers():
    assert one("An estimated 9,000 Kurdish and Yazidi civilians were displaced.").qualifier == \
        "Kurdish and Yazidi civilians"
    assert one("About 30 Croatian soldiers were killed.").qualifier == "Croatian soldiers"
    assert one("The offensive destroyed 40 schools.").qualifier == "schools"
    assert one("Reports cite 511 civilian deaths.").qualifier == "civilian deaths"
    assert one("They found 80 of the missing villagers alive.").qualifier == "missing villagers"
    assert one("The siege left 300 dead.").qualifier is None


def test_the_verb_decides_over_the_noun():
    c = one("Over 70,000 residents of the valley have been forcibly displaced.")
    assert (c.predicate, c.qualifier) == ("displaced", "residents")
    assert one("The massacre caused the deaths of 300 villagers.").predicate == "killed"
    assert one("The campaign displaced the entire population of about 20,000.").predicate == "displaced"


def test_a_relative_clause_does_not_decide():
    c = one("The valley was home to about 9,000 people, who later fled.")
    assert c.predicate == "population"


def test_quantifier_before_the_figure():
    c = one("Nearly all of the village's 400 inhabitants fled.")
    assert (c.predicate, c.value) == ("population", 400)
    assert one("A third of the 90,000 residents left.").predicate == "population"


def test_partitives():
    c = one("Nine of them were later executed.")
    assert (c.predicate, c.value, c.qualifier) == ("killed", 9, None)
    assert one("As many as twenty of the prisoners died.").predicate == "killed"
    c = one("The raid aimed to capture three of the warlord's commanders.")
    assert (c.predicate, c.value) == ("count", 3)


def test_lists_share_the_governing_verb():
    sentence = "The bombing destroyed 12 schools, 4 clinics and 30 houses."
    assert keys(sentence) == [("destroyed", 12, None, None), ("destroyed", 4, None, None),
                              ("destroyed", 30, None, None)]
    sentence = "Over 120 schools and 40 hospitals were burned."
    assert keys(sentence) == [("destroyed", 120, None, None), ("destroyed", 40, None, None)]


def test_list_of_separate_predicates():
    assert keys("Casualties: 12 killed, 40 wounded, 3 captured, 5 missing") == [
        ("killed", 12, None, None), ("wounded", 40, None, None), ("hostages", 3, None, None),
        ("missing", 5, None, None)]


def test_infobox_lines():
    assert keys("Strength2: 4,500 infantry, 30 tanks") == [("strength", 4500, None, None), ("count", 30, None, None)]
    assert keys("Casualties1: 75–120 killed") == [("killed", None, 75, 120)]
    assert keys("Strength: 3,000") == [("strength", 3000, None, None)]


def test_right_node_raising():
    assert keys("The region has 40 large, 12 medium and over 300 small lakes.") == [
        ("count", 40, None, None), ("count", 12, None, None), ("count", 300, None, None)]


def test_bare_figures_repeat_an_estimate():
    sentence = "Estimates of the dead vary: the army reported 64 dead, while others put the number at 210."
    assert keys(sentence) == [("killed", 64, None, None), ("killed", 210, None, None)]
    sentence = "Some 80 villagers were killed; a local priest believes the number to be 130."
    assert keys(sentence) == [("killed", 80, None, None), ("killed", 130, None, None)]
    sentence = "Around 4,000 French soldiers were killed, against fewer than 900 British."
    assert keys(sentence) == [("killed", 4000, None, None), ("killed", 900, None, None)]


def test_numbering_and_number_of():
    assert one("The garrison's defenders, numbering some 700, surrendered.").predicate == "strength"
    c = one("Surveys put the number of settlers at around 2,500.")
    assert (c.predicate, c.value) == ("population", 2500)


def test_people_take_the_sentence_cue():
    c = one("In March the resettlement of 57 families began.")
    assert c.predicate == "resettled"
    c = one("The 1959 census recorded 3,200 Ossetians in the district.")
    assert c.predicate == "population"
    c = one("The bus carried thirty-two pilgrims.")
    assert (c.predicate, c.value) == ("count", 32)


# --- hedges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "hedge"),
    [
        ("about 3,000", "approximately"),
        ("approximately 3,000", "approximately"),
        ("around 3,000", "approximately"),
        ("roughly 3,000", "approximately"),
        ("some 3,000", "approximately"),
        ("at least 3,000", "at least"),
        ("no fewer than 3,000", "at least"),
        ("more than 3,000", "over"),
        ("over 3,000", "over"),
        ("upwards of 3,000", "over"),
        ("in excess of 3,000", "over"),
        ("as many as 3,000", "as many as"),
        ("up to 3,000", "as many as"),
        ("nearly 3,000", "nearly"),
        ("almost 3,000", "nearly"),
        ("close to 3,000", "nearly"),
        ("an estimated 3,000", "estimated"),
        ("fewer than 3,000", "at most"),
        ("less than 3,000", "at most"),
        ("at most 3,000", "at most"),
        ("3,000", "exact"),
    ],
)
def test_hedges(phrase, hedge):
    sentence = f"In the first week {phrase} refugees crossed the border."
    c = one(sentence)
    assert (c.value, c.hedge) == (3000, hedge)
    assert span(sentence, c) == phrase


def test_hedge_after_the_figure():
    c = one("The attack killed 300 or more civilians.")
    assert (c.hedge, c.value) == ("at least", 300)


def test_reportedly():
    assert one("The militia reportedly executed 40 prisoners.").hedge == "reportedly"
    assert one("The siege ended with 900 deaths reported.").hedge == "reportedly"
    # a named reporter is an attribution, not a hedge
    c = one("The ministry reported 900 deaths.")
    assert (c.hedge, c.attributed_to) == ("exact", "The ministry")


def test_nearest_hedge_wins():
    c = one("Losses were estimated at over 4,000 soldiers killed.")
    assert (c.predicate, c.hedge, c.value) == ("killed", "over", 4000)


def test_number_words_with_hedges():
    sentence = "Over three thousand soldiers took part in the assault."
    c = one(sentence)
    assert (c.predicate, c.value, c.hedge, span(sentence, c)) == ("strength", 3000, "over", "Over three thousand")
    c = one("Later, as many as eleven of the wounded died.")
    assert (c.predicate, c.value, c.hedge) == ("killed", 11, "as many as")


# --- ranges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("Between 5,000 and 7,000 civilians died during the siege.", 5000, 7000),
        ("The siege killed 5,000-7,000 civilians.", 5000, 7000),
        ("The siege killed 5,000–7,000 civilians.", 5000, 7000),
        ("The siege killed from 5,000 to 7,000 civilians.", 5000, 7000),
        ("Around 5,000 to 7,000 civilians died.", 5000, 7000),
        ("Estimates of the dead range from 5,000 to 7,000.", 5000, 7000),
    ],
)
def test_ranges(sentence, low, high):
    c = one(sentence)
    assert (c.predicate, c.value, c.low, c.high, c.hedge) == ("killed", None, low, high, "range")


def test_range_of_money():
    c = one("Damage is put at $250 billion to $400 billion.")
    assert (c.predicate, c.low, c.high, c.unit) == ("cost", 250e9, 400e9, "USD")


# --- compositions -------------------------------------------------------------------------


def test_composition():
    found = claims("The attack left 120 fatalities, comprising 85 soldiers and 35 civilians.")
    assert [(c.predicate, c.value, c.parent_index) for c in found] == [
        ("killed", 120, None), ("killed", 85, 0), ("killed", 35, 0)]


def test_composition_with_including():
    found = claims("The attack killed 83 people, including 19 children and 11 women.")
    assert [(c.predicate, c.value, c.parent_index) for c in found] == [
        ("killed", 83, None), ("killed", 19, 0), ("killed", 11, 0)]


def test_composition_of_whom():
    found = claims("The defenders numbered roughly 1,800, of whom about 1,000 were volunteers.")
    assert [(c.predicate, c.value, c.parent_index) for c in found] == [("strength", 1800, None), ("strength", 1000, 0)]


def test_composition_around_percentages():
    sentence = "The census counted 12,000 inhabitants, with Ossetians comprising 60% (7,200 people), Georgians 35% (4,200)."
    found = claims(sentence)
    assert [(c.predicate, c.value, c.parent_index) for c in found] == [
        ("population", 12000, None), ("population", 7200, 0), ("population", 4200, 0)]


def test_a_part_larger_than_the_whole_is_not_a_part():
    found = claims("In 2024 the state spent $2 billion, including $5 billion in loans.")
    assert all(c.parent_index is None for c in found)


def test_two_measures_of_one_group():
    found = claims("On Monday 40 families totaling 170 people moved into new flats.")
    assert [(c.predicate, c.value) for c in found] == [("resettled", 40), ("resettled", 170)]
    found = claims("The resettlement covered 12 families (51 people) in its first month.")
    assert [(c.predicate, c.value) for c in found] == [("resettled", 12), ("resettled", 51)]


def test_infobox_casualties_are_not_a_composition():
    found = claims("Casualties2: 18 killed, 73 wounded, 1 captured")
    assert [c.parent_index for c in found] == [None, None, None]


# --- attribution --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("According to the historian Anne Applebaum, 5,000 civilians died.", "Anne Applebaum"),
        ("According to Amnesty International, at least 300 people disappeared.", "Amnesty International"),
        ("About 200 civilians were killed, according to local officials.", "local officials"),
        ("The Red Cross said that 212 prisoners had been exchanged.", "The Red Cross"),
        ("Human Rights Watch estimated that 800 civilians were executed.", "Human Rights Watch"),
        ("The rebel command acknowledged 45 dead.", "The rebel command"),
        ("Official Georgian records report 230 deaths.", "Official Georgian records"),
        ("Western sources put the losses at 1,400 killed.", "Western sources"),
        ("General Ivan Petrov stated that 700 soldiers had deserted.", "Ivan Petrov"),
        ("Some 900 homes were destroyed, as reported by the Red Crescent.", "the Red Crescent"),
        ("At least 60 people died in the fire, the ministry said.", "the ministry"),
        ("Rebel sources give 310 killed and 640 wounded.", "Rebel sources"),
        ("Both histories cite 75 dead on the first day.", "Both histories"),
        ("In the village of Tarsk, residents said shells had hit at least a dozen houses.", "residents"),
        ("Villagers told reporters that 40 civilians were killed.", "Villagers"),
        ("The attackers lost between 700 and 900 men, according to the battalion's war diary.",
         "the battalion's war diary"),
        ("The United States said 40 soldiers were killed.", "The United States"),
        ("The Vessian side, for its part, reported that 25 civilians had been killed.", "The Vessian side"),
        ("Missiles struck the city overnight, killing at least 12 people, regional Governor Ivan Dornov said Tuesday.",
         "Ivan Dornov"),
        ("Vessia's air force said it shot down 15 drones.", "Vessia's air force"),
    ],
)
def test_attribution(sentence, source):
    found = claims(sentence)
    assert found, sentence
    assert found[0].attributed_to == source


def test_a_state_in_a_name_is_not_a_verb_of_saying():
    sentence = "Dorvan had been captured by the Northern State in June 2014, when some 1,500 militants routed its garrison."
    assert [(c.predicate, c.value, c.attributed_to) for c in claims(sentence)] == [("strength", 1500, None)]


def test_according_to_covers_the_figures_before_while():
    sentence = ("Around 300 defenders were killed, while the attackers lost between 700 and 900 men, "
                "according to the brigade's war diary.")
    assert [c.attributed_to for c in claims(sentence)] == ["the brigade's war diary"] * 2


def test_attribution_of_a_repeated_estimate():
    sentence = "Some 80 villagers were killed; the historian Pavel Volkov believes the number to be 130."
    assert [(c.predicate, c.value, c.attributed_to) for c in claims(sentence)] == [
        ("killed", 80, None), ("killed", 130, "Pavel Volkov")]


def test_a_repeated_estimate_needs_something_to_repeat():
    assert claims("The historian Pavel Volkov believes the number to be 9,000.") == []


def test_attribution_covers_its_clause():
    sentence = ("According to the journalist Lena Ortiz, 300 soldiers were killed in the town; "
                "Karl Weber believes the number to be 450.")
    assert [(c.value, c.attributed_to) for c in claims(sentence)] == [(300, "Lena Ortiz"), (450, "Karl Weber")]
    sentence = "The ministry reported 80 soldiers killed, while rebel sources put their losses at 20 dead."
    assert [(c.value, c.attributed_to) for c in claims(sentence)] == [(80, "The ministry"), (20, "rebel sources")]


def test_according_to_names_a_source_not_a_verb_and_a_contrasting_source_wins():
    """'According to Rovan reports': 'reports' is part of the source's name, not a verb of
    saying whose subject would be 'Rovan'; a second source in the same sentence ('but Tarish
    records list ...') takes its own figure."""
    sentence = ("According to Rovan reports, about 90 armoured vehicles were destroyed that day, "
                "but Tarish records list only 31 vehicles lost.")
    assert [(c.value, c.attributed_to) for c in claims(sentence)] == [(90, "Rovan reports"), (31, "Tarish records")]


def test_figures_before_a_trailing_source_share_it():
    sentence = ("Four civilians were killed and 12 wounded when troops shelled the village on Monday, "
                "the prosecutor's office said in a statement.")
    assert [(c.predicate, c.value, c.attributed_to) for c in claims(sentence)] == [
        ("killed", 4, "the prosecutor's office"), ("wounded", 12, "the prosecutor's office")]
    # not across a semicolon, nor over a figure's own source
    sentence = "In 1992, 500 people were killed; 300 more died the next year, Lena Ortiz said."
    assert [(c.value, c.attributed_to) for c in claims(sentence)] == [(500, None), (300, "Lena Ortiz")]
    sentence = "According to the ministry, 40 were killed and 12 wounded, Lena Ortiz said."
    assert [c.attributed_to for c in claims(sentence)][0] == "the ministry"


def test_histories_and_studies_are_sources():
    sentence = "Rebel losses were 216 killed and 1,364 wounded, according to the official regimental history."
    assert [(c.predicate, c.attributed_to) for c in claims(sentence)] == [
        ("killed", "the official regimental history"), ("wounded", "the official regimental history")]
    assert one("A 2005 study put the death toll at 1,200.").attributed_to == "A 2005 study"


def test_the_residents_a_part_is_taken_from_are_the_population():
    assert [(c.predicate, c.value) for c in claims("About 11,600 of the town's 14,000 residents were made homeless.")] == [
        ("displaced", 11600), ("population", 14000)]
    assert [(c.predicate, c.value) for c in claims("Of the village's 800 residents, 300 were killed.")] == [
        ("population", 800), ("killed", 300)]
    # without a part, all of them: "the displacement of its 58,000 residents"
    assert [(c.predicate, c.value) for c in claims("The war led to the displacement of its 5,800 residents.")] == [
        ("displaced", 5800)]


def test_two_word_sources_and_adverbs_before_the_verb():
    assert one("The Ukrainian prosecutor general later put the death toll at 459.").attributed_to == \
        "The Ukrainian prosecutor general"
    assert one("Lena Ortiz later said 40 civilians were killed.").attributed_to == "Lena Ortiz"
    assert one("The general said 40 civilians were killed.").attributed_to is None  # a bare title names nobody


@pytest.mark.parametrize(
    "sentence, source",
    [
        ("Lena Ortiz, a ministry spokeswoman, said at least 40 civilians were killed.", "Lena Ortiz"),
        ("A rebel commander, Petr Varnik, told reporters that at least 40 soldiers were killed.", "Petr Varnik"),
        ("At least 49 soldiers were killed along the two countries' border, Prime Minister Petr Varnik told "
         "parliament.", "Petr Varnik"),
        ("The ministry, in a statement, said at least 40 civilians were killed.", "The ministry"),
        ("The rights group reported 200 to 500 dead.", "The rights group"),
        ("The Memorial human rights centre reported 200 to 500 dead.", "The Memorial human rights centre"),
        ("At least 40 civilians were killed, said Lena Ortiz, a ministry spokeswoman.", "Lena Ortiz"),
        ("At least 40 civilians were killed, said the ministry.", "the ministry"),
        ("At least 40 civilians were killed, according to a ministry statement.", "a ministry statement"),
        ("At least 40 civilians were killed, said to be mostly women.", None),
        ("Defence Ministry spokeswoman Lena Ortiz denied the report, saying 550 soldiers had died.", "Lena Ortiz"),
        ("The ministry denied the report, saying 550 soldiers had died.", "The ministry"),
        ("The ministry denied the report; 550 soldiers had died, saying nothing else.", None),
    ],
)
def test_news_attribution_shapes(sentence, source):
    assert one(sentence).attributed_to == source


def test_losses_of_people_and_things():
    assert [(c.predicate, c.value) for c in claims("The army reported losses of 40 soldiers and 3 tanks.")] == [
        ("killed", 40), ("destroyed", 3)]
    assert [(c.predicate, c.value) for c in claims("The ministry put its losses at 26 servicemen.")] == [("killed", 26)]


def test_a_clause_joined_by_while_keeps_the_source_and_but_does_not():
    sentence = "The ministry said 40 soldiers were killed, while 12 others were wounded."
    assert [(c.predicate, c.value, c.attributed_to) for c in claims(sentence)] == [
        ("killed", 40, "The ministry"), ("wounded", 12, "The ministry")]
    sentence = "The army said 40 soldiers were killed, but 12 others were wounded."
    assert [(c.value, c.attributed_to) for c in claims(sentence)] == [(40, "The army"), (12, None)]
    sentence = "The army said 40 soldiers were killed, while rebel sources said 90 died."
    assert [(c.value, c.attributed_to) for c in claims(sentence)] == [(40, "The army"), (90, "rebel sources")]
    # "X reported that ..." opens its own content: it does not attribute the figures before it
    sentence = ("Tarish sources state that over 40,000 civilians became refugees, while Vessian authorities "
                "reported that 28 villages had been taken.")
    assert [(c.value, c.attributed_to) for c in claims(sentence)] == [
        (40000, "Tarish sources"), (28, "Vessian authorities")]
    # an estimate is not reported speech: what follows "while" is the writer's own statement
    sentence = "Tarish sources estimate Vessian losses at 8,000 killed, while the Tarish army lost 4,741 killed."
    assert [(c.value, c.attributed_to) for c in claims(sentence)] == [(8000, "Tarish sources"), (4741, None)]


def test_officials_in_a_place_and_a_subject_that_also_said():
    c = one("Officials in Dornovo said 51 servicemen had been killed.")
    assert c.attributed_to == "Officials in Dornovo"
    sentence = "Vessia has not disclosed its military losses but said 25 civilians had been killed and 127 wounded."
    assert [(c.predicate, c.value, c.attributed_to) for c in claims(sentence)] == [
        ("killed", 25, "Vessia"), ("wounded", 127, "Vessia")]


def test_a_report_to_someone_is_the_source_not_its_recipient():
    sentence = "The defenders lost 1,500 killed, according to Dornov's report to Emperor Alexander I."
    assert one(sentence).attributed_to == "Dornov's report"


def test_the_soldiers_a_part_is_taken_from_are_the_strength():
    assert keys("Of the 3,000 defenders, 1,200 were killed and 400 captured.") == [
        ("strength", 3000, None, None), ("killed", 1200, None, None), ("hostages", 400, None, None)]
    assert keys("1,200 of the 3,000 defenders were killed.") == [
        ("killed", 1200, None, None), ("strength", 3000, None, None)]


def test_a_few_people_who_speak_are_not_a_count():
    assert keys('"About 30 houses burned," one resident said.') == [("destroyed", 30, None, None)]
    assert keys("Two officials told reporters that 12 soldiers died.") == [("killed", 12, None, None)]
    # a participle is not speech: "10 families reported settled there" counts them
    assert keys("Monitors found 10 families reported settled there.")[0][1] == 10


def test_estimates_that_range_or_vary_take_their_measure_from_the_whole_clause():
    c = one("Estimates of civilians executed by the regime range from 2,800 to 6,000.")
    assert (c.predicate, c.low, c.high, c.hedge, c.qualifier) == ("killed", 2800, 6000, "range", "civilians")
    c = one("Estimates of the number of people displaced by the fighting vary between 1,200 and 2,000, "
            "according to local authorities.")
    assert (c.predicate, c.low, c.high, c.qualifier, c.attributed_to) == (
        "displaced", 1200, 2000, "people", "local authorities")


def test_vague_sources_are_not_attributions():
    sentence = "Other estimates range from 1,000 to 1,500 deaths, and some put the number as high as 2,000."
    assert [c.attributed_to for c in claims(sentence)] == [None, None]
    assert one("Soldiers committed documented killings of 40 villagers.").attributed_to is None
    assert one("He said 40 villagers were killed.").attributed_to is None


# --- not claims ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The war began in 1991 and ended in 1994.",
        "Between 1988 and 1990 the region was unstable.",
        "The church was built in 1868-1870.",
        "The town fell on 3 April 1993 after a siege.",
        "The town fell on April 3, 1993.",
        "Fighting resumed on 8–9 May.",
        "The 701st Brigade and the 3rd Battalion advanced.",
        "He arrived on the fifth day.",
        "The Security Council adopted Resolution 822 in April.",
        "Resolutions 853 and 874 demanded a withdrawal.",
        "Under clause 4 of the agreement the troops left.",
        "The document No. 15 was signed.",
        "An Mi-8 helicopter and a GAZ-52 truck were seen near the BM-21 launchers.",
        "The strike used a TB2 drone.",
        "The deadline was 2 pm on Friday.",
        "The ultimatum expired at 17:30.",
        "The occupation lasted 27 years.",
        "The army arrived ten days later.",
        "The 44-day-long war ended in November.",
        "He stayed there for 10 days.",
        "An eight-hour battle followed.",
        "They were held for eleven days.",
        "The road is 80 kilometers in length.",
        "The troops advanced twenty-nine kilometres.",
        "The town lies 450 kilometers west of the capital.",
        "The tower is 35 meters tall.",
        "The ruins are 6,000-year-old carvings.",
        "About 98 percent of the district's population were farmers.",
        "Turnout reached 76% in the capital.",
        "Winter temperatures drop to -28°C.",
        "The plant has a capacity of 22.5 megawatts.",
        "The two countries signed the accord.",
        "It is one of the largest districts.",
        "At one point the front collapsed.",
        "The attack came from four directions.",
        "Hundreds of people fled and thousands of houses burned.",
        "Several dozen villages were abandoned.",
        "The 1990s were a decade of war.",
        "The war lasted from 1992 to 1995.[12][13]",
        "See page 42 for the map.",
    ],
)
def test_not_claims(sentence):
    assert claims(sentence) == [], [(c.predicate, c.value, c.rule) for c in claims(sentence)]


def test_marker_between_figure_and_noun():
    sentence = "Some 240[41] Armenian soldiers were killed."
    c = one(sentence)
    assert (c.predicate, c.value, span(sentence, c)) == ("killed", 240, "Some 240")


def test_a_year_followed_by_a_counted_noun_is_a_claim():
    assert keys("There were 1999 victims.") == [("killed", 1999, None, None)]
    assert claims("In 1999 victims were buried.") == []


# --- offsets and exclude ------------------------------------------------------------------


def test_offsets_are_absolute():
    sentence = "About 300 soldiers were killed."
    c = one(sentence, offset=1000, segment_seq=7)
    assert (c.start, c.end, c.segment_seq) == (1000, 1009, 7)
    assert span(sentence, c, offset=1000) == "About 300"
    assert (c.subject_key, c.attributed_key, c.date) == (None, None, None)


def test_exclude_spans():
    sentence = "The 300 Spartans were killed."
    assert keys(sentence) == [("killed", 300, None, None)]
    start = sentence.index("300")
    assert claims(sentence, offset=50, exclude=[(50 + start - 4, 50 + start + 12)]) == []
    # spans elsewhere in the document do not matter
    assert len(claims(sentence, offset=50, exclude=[(0, 40), (200, 300)])) == 1


def test_numbers_limit(monkeypatch):
    sentence = "The bombing destroyed 12 schools, 4 clinics and 30 houses."
    assert len(claims(sentence)) == 3
    monkeypatch.setattr(claims_module, "MAX_NUMBERS_PER_SEGMENT", 2)
    assert claims(sentence) == []


def test_numbers_limit_default():
    sentence = ", ".join(f"{i} houses" for i in range(1, 260)) + " were destroyed."
    assert claims(sentence) == []


# --- lexicon ------------------------------------------------------------------------------


def test_administrators_extend_the_word_lists(tmp_path):
    for path in claims_module.DATA_DIR.glob("claims_*.tsv"):
        shutil.copy(path, tmp_path / path.name)
    sentence = "Rangers counted 40 ibexes in the gorge."
    assert one(sentence).predicate == "count"
    with open(tmp_path / "claims_cues.tsv", "a", encoding="utf-8") as f:
        f.write("counted\tpopulation\tany\tbefore\n")
    lexicon = load_lexicon(tmp_path)
    assert one(sentence, lexicon=lexicon).predicate == "population"


def test_word_lists_use_the_vocabularies():
    lex = load_lexicon()
    predicates = {p for cands in lex.cues_after.values() for p, _ in cands}
    predicates |= {p for cands in lex.cues_before.values() for p, _ in cands}
    predicates |= set(lex.cues_sentence.values()) | set(lex.labels.values())
    predicates |= {n.predicate for n in lex.nouns.values() if n.predicate}
    assert predicates <= set(PREDICATES)
    assert set(lex.hedges_before.values()) | set(lex.hedges_after.values()) <= set(HEDGES)


@pytest.mark.parametrize(
    "sentence, predicate, value, qualifier",
    [
        ("Vessian casualties on 4 May are estimated at between 1,000 and 1,200.", "killed", (1000, 1200),
         "Vessian casualties"),
        ("Civilian deaths in the district were put at about 700.", "killed", 700, "Civilian deaths"),
        ("The refugees from Dornovo were estimated at 40,000 by the commission.", "displaced", 40000, "refugees"),
        ("The number of Tarish displaced by the offensive has been estimated at 9,000.", "displaced", 9000,
         "Tarish displaced"),
    ],
)
def test_a_figure_estimating_the_subject_counts_what_the_subject_names(sentence, predicate, value, qualifier):
    """"X are estimated at / put at / thought to be N": the figure has no noun; the passive verb's
    subject (a casualty, refugee or displaced noun) says what it counts."""
    c = one(sentence)
    assert c.predicate == predicate
    assert ((c.low, c.high) if isinstance(value, tuple) else c.value) == value
    assert c.qualifier == qualifier


@pytest.mark.parametrize(
    "sentence",
    [
        "The garrison was estimated at 3,000.",  # a force, not a casualty noun
        "Casualties were heavy, and the column was estimated at 3,000.",  # another clause's noun
        "Casualties, the report said, were high; 3,000 were estimated to have fled.",
    ],
)
def test_the_estimate_rule_needs_a_measure_noun_as_the_subject_of_its_clause(sentence):
    assert not any(".subject:" in c.rule for c in claims(sentence))


def test_taken_prisoner_in_a_list_of_losses_is_hostages():
    found = claims("Vessian losses were about 700 killed, 150 wounded and 300 taken prisoner.")
    assert [(c.predicate, c.value) for c in found] == [("killed", 700), ("wounded", 150), ("hostages", 300)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Some 2,000 Vessian soldiers, including 300 officers, were killed.",
         [("killed", 2000, None), ("killed", 300, 0)]),
        ("More than 9,000 people, almost the entire population of Dornovo, have fled to Kelmar.",
         [("displaced", 9000, None)]),
        ("About 5,000 residents, nearly half the town, have fled.", [("displaced", 5000, None)]),
    ],
)
def test_the_verb_after_an_aside_decides(sentence, expected):
    """An aside between a figure and its verb: a part with its own figure (", including 300
    officers,": both counts take the verb, the part is the whole's) or an apposition (", almost the
    entire population of X,": not a population)."""
    assert [(c.predicate, c.value, c.parent_index) for c in claims(sentence)] == expected


def test_a_list_of_people_and_things_shares_its_verb_in_the_sense_of_each():
    """"lost" is killed of people and destroyed of things, along the whole list."""
    found = claims("The Vessian brigade reported 240 soldiers, 30 tanks and 12 guns were lost.")
    assert [(c.predicate, c.value) for c in found] == [("killed", 240), ("destroyed", 30), ("destroyed", 12)]


def test_a_monitor_is_a_source():
    found = claims("Airstrikes killed at least 23 civilians in the province on Wednesday, a war monitor said.")
    assert [(c.value, c.attributed_to) for c in found] == [(23, "a war monitor")]


# --- tokens -------------------------------------------------------------------------------


def _same_tokens(sentence: str) -> None:
    from etl.numbers import find_numbers

    numbers = find_numbers(sentence)
    fast = [(t.start, t.end, t.text) for t in claims_module._tokenize(sentence, numbers)]
    assert fast == claims_module._tokenize_reference(sentence, numbers)


@pytest.mark.parametrize(
    "sentence",
    [
        "Some 240[41] Armenian soldiers were killed; Karl Weber (the historian) disagrees.",
        "No. 5, approx. 300 men—mostly conscripts—left St. Mary's church, didn't they?",
        "Rebels' 'homeland' and Kurds’ villages: 3,054 km2, Mi-8s, mid-1990s…",
    ],
)
def test_fast_tokenizer_matches_the_regular_expression(sentence):
    _same_tokens(sentence)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES_FOR_TOKENS := [
    "word", "Word", "No", ".", ",", "'s", "’", "-", "\u2011", "(", ")", "[41]", "60,000", "Mi-8", "İstisu", " ",
    "\u00a0", "approx", "St", "—", "3rd", "km2", "ß", "١٢٣"]), max_size=30).map("".join))
def test_fast_tokenizer_matches_on_any_mix(sentence):
    _same_tokens(sentence)


# --- properties ---------------------------------------------------------------------------

PIECES = [
    "about", "some", "over", "as many as", "an estimated", "between", "and", "from", "to", "of", "them",
    "60,000", "77.700", "twenty-five", "Four", "three thousand", "$302 million", "20,000-25,000", "35–58",
    "1993", "April", "3", "[41]", "Mi-8", "701st", "percent", "%", "soldiers", "civilians", "were", "killed",
    "displaced", "fled", "destroyed", "schools", "square kilometres", "metres", "peak", "population",
    "comprising", "including", "according to", "the journalist", "John Smith", "said", "believes",
    "the number", "reportedly", ",", ";", ":", ".", "(", ")", "—", "Strength1", "Casualties2", "km2",
    "hectares", "İstisu", "١٢٣", "\u00a0", "\u2011", "-", "–",
]


def _check(sentence: str, offset: int = 0) -> None:
    found = extract_claims(sentence, offset, segment_seq=3)
    for i, c in enumerate(found):
        assert offset <= c.start < c.end <= offset + len(sentence)
        assert c.predicate in PREDICATES and c.hedge in HEDGES
        assert c.value is not None or (c.low is not None and c.high is not None)
        if c.low is not None or c.high is not None:
            assert c.low is not None and c.high is not None and c.low <= c.high
            if c.value is not None:
                assert c.low <= c.value <= c.high
        if c.parent_index is not None:
            assert 0 <= c.parent_index < len(found) and c.parent_index != i
        assert c.segment_seq == 3


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(min_value=0, max_value=10**6))
def test_never_raises_on_any_text(sentence, offset):
    _check(sentence, offset)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join), st.integers(min_value=0, max_value=10**6))
def test_claims_are_well_formed(sentence, offset):
    _check(sentence, offset)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_claims_well_formed_without_spaces(sentence):
    _check(sentence)


def test_long_sentence_is_bounded():
    sentence = "About 300 soldiers were killed and 40 houses destroyed, " * 90 + "in 1993."
    found = extract_claims(sentence)
    assert len(found) == 180


def test_every_item_of_a_breakdown_in_brackets_shares_the_whole_predicate():
    sentence = "Vessian losses were 18 killed (16 soldiers, one officer and one pilot) and 64 wounded."
    assert [(c.predicate, c.value) for c in claims(sentence)] == [
        ("killed", 18), ("killed", 16), ("killed", 1), ("killed", 1), ("wounded", 64)]


def test_a_count_before_a_calibre_does_not_continue_the_figure_before():
    """"with about 500 men, supported by naval gunfire and three 105 mm guns": the guns are not 3
    more men."""
    for sentence in ("The battalion attacked with about 500 men, supported by naval gunfire and three 105 mm guns.",
                     "The battalion attacked with about 500 men and three 105 mm guns."):
        assert [(c.predicate, c.value) for c in claims(sentence)] == [("strength", 500)]


def test_the_things_a_part_is_taken_from_are_counted():
    found = claims("By January 2005 about 9,000 of the city's 39,000 houses had been destroyed.")
    assert [(c.predicate, c.value) for c in found] == [("destroyed", 9000), ("count", 39000)]


def test_people_bussed_out_are_displaced():
    sentence = "Between 20,000 and 25,000 women, children and elderly were bussed out of the enclave."
    assert [(c.predicate, c.low, c.high) for c in claims(sentence)] == [("displaced", 20000, 25000)]


def test_the_town_of_a_name_is_no_population_topic():
    sentence = "The ministry said shelling had also killed an elderly woman and two children in the town of Dornovo."
    assert [(c.predicate, c.value) for c in claims(sentence)] == [("killed", 2)]
    assert [(c.predicate, c.value) for c in claims("Dornovo, a town of about 6,000 people, lay on the road.")] == [
        ("population", 6000)]


@pytest.mark.parametrize("sentence, expected", [
    ("Russian forces eliminated up to 120 Ukrainian servicemen over the past day.", ("killed", 120)),
    ("Before the war about 32,000 people lived in the town.", ("population", 32000)),
    ("Local authorities say fewer than 1,400 remain.", ("population", 1400)),
    ("By early 2023 fewer than 5,000 civilians remained in the city.", ("population", 5000)),
    ("Of the hostages, 45 remain missing.", ("missing", 45)),
])
def test_what_remains_and_what_is_eliminated(sentence, expected):
    assert [(c.predicate, c.value) for c in claims(sentence)] == [expected]
