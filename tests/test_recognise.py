"""Unit tests of entity recognition and document-local resolution (etl.recognise, etl.resolve,
etl.names, etl.lexicon). Every sentence here is invented: other names, places and wars than the
sample corpus, so that the tests prove the cues, not the corpus."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.vocab import ENTITY_KINDS, EVENT_TYPES, PLACE_TYPES
from etl.lexicon import Lexicon, default_lexicon
from etl.names import fold, same_person, skeleton, split_person_name
from etl.recognise import recognise
from etl.resolve import variant_names
from etl.types import SegmentRecord


def build(*parts: str | tuple[str, str]) -> tuple[str, list[SegmentRecord]]:
    """A document of one segment per part; a part is text (a sentence) or (kind, text)."""
    text, segs, pos = "", [], 0
    for part in parts:
        kind, body = part if isinstance(part, tuple) else ("sentence", part)
        if text:
            text += "\n"
            pos += 1
        segs.append(SegmentRecord(seq=len(segs), kind=kind, start=pos, end=pos + len(body), text=body))
        text += body
        pos += len(body)
    return text, segs


def run(*parts, **kw):
    text, segs = build(*parts)
    entities, mentions = recognise(text, segs, **kw)
    for m in mentions:
        assert text[m.start:m.end] == m.surface
    return entities, mentions


def found(mentions, kind=None):
    return [m.surface for m in mentions if kind is None or m.kind == kind]


def entity_of(entities, mentions, surface):
    keys = {m.entity_key for m in mentions if m.surface == surface}
    assert len(keys) == 1, (surface, keys)
    key = keys.pop()
    return next(e for e in entities if e.key == key)


# --- persons ---------------------------------------------------------------------------------


def test_an_organisation_name_does_not_swallow_a_titled_person_after_and():
    """'the Central Bank and General X': the organisation's name ends before 'and General'
    (organisation names do chain over 'and': 'Ministry of Defence and Emergency Situations')."""
    _, mentions = run("Colonel Tigran Hakobyan visited the Central Bank and General Ruben Sargsyan stayed behind.")
    assert found(mentions, "person") == ["Tigran Hakobyan", "Ruben Sargsyan"]
    _, mentions = run("The Ministry of Defence and Emergency Situations said the road was closed.")
    assert found(mentions) == []


def test_arabic_articles_joined_to_a_name_stay_in_it():
    entities, mentions = run("Prime Minister Haider al-Abadi declared victory in the city.")
    assert found(mentions, "person") == ["Haider al-Abadi"]
    e = entity_of(entities, mentions, "Haider al-Abadi")
    assert (e.given_name, e.surname) == ("Haider", "al-Abadi")


def test_a_title_before_a_name_with_a_joined_article():
    entities, mentions = run("Prime Minister Haider al-Jubari announced the offensive. "
                             "Prime Minister al-Jubari declared victory. General al-Masri stayed behind.")
    assert [(m.surface, m.title) for m in mentions if m.kind == "person"] == [
        ("Haider al-Jubari", "Prime Minister"), ("al-Jubari", "Prime Minister"), ("al-Masri", "General")]
    assert entity_of(entities, mentions, "al-Jubari").name == "Haider al-Jubari"


def test_a_title_after_the_month_of_a_date():
    _, mentions = run("On 29 August President Ivan Dornov called on the rebels to open a corridor.")
    assert [(m.surface, m.title) for m in mentions if m.kind == "person"] == [("Ivan Dornov", "President")]


def test_units_numbered_in_roman_numerals_and_german_ranks():
    _, mentions = run("The II SS Vessian Corps, under SS-Obergruppenführer Paul Dornau, held the line "
                      "while the XXIV Corps and the VII Army attacked. Generaloberst Karl Weiss stayed behind.")
    assert found(mentions, "unit") == ["II SS Vessian Corps", "XXIV Corps", "VII Army"]
    assert [(m.surface, m.title) for m in mentions if m.kind == "person"] == [
        ("Paul Dornau", "SS-Obergruppenführer"), ("Karl Weiss", "Generaloberst")]
    _, mentions = run("Volume IIII Corps of Engineers and a VX Army parade.")  # not Roman numerals
    assert found(mentions, "unit") == []


def test_abbreviated_ranks_are_titles_and_never_names():
    _, mentions = run("Lt. Gen. Ruben Dornov and Col. Petr Varnik led the 5th Vessian Brigade. Sgt. Ali Kelmarov was hit.")
    assert [(m.surface, m.title) for m in mentions if m.kind == "person"] == [
        ("Ruben Dornov", "Lt. Gen."), ("Petr Varnik", "Col."), ("Ali Kelmarov", "Sgt.")]


def test_an_abbreviated_rank_after_an_adjective_is_not_a_name():
    _, mentions = run("The assault was repulsed by Vessian Gen. Ruben Dornov's corps. "
                      "Northern Col. Petr Varnik held the ridge against attacks by Southern Maj. Ali Kelmarov.")
    assert [(m.surface, m.title) for m in mentions if m.kind == "person"] == [
        ("Ruben Dornov", "Gen."), ("Petr Varnik", "Col."), ("Ali Kelmarov", "Maj.")]


def test_a_country_before_a_title_or_after_title_of_is_a_place_not_a_word_of_the_name():
    _, mentions = run("Ukraine Prime Minister Petr Varnik met the President of Georgia Ruben Dornov in Kelmar.")
    persons = [m for m in mentions if m.kind == "person"]
    assert [m.surface for m in persons] == ["Petr Varnik", "Ruben Dornov"]
    assert persons[0].title == "Prime Minister"
    assert {"Ukraine", "Georgia"} <= {m.surface for m in mentions if m.kind == "place"}


def test_the_cities_of_x_and_y():
    _, mentions = run("The railway runs between the separatist-held cities of Dornovo and Kelmar.")
    assert [(m.surface, m.rule) for m in mentions if m.kind == "place"] == [
        ("Dornovo", "place.city_of"), ("Kelmar", "place.coordination")]


def test_a_sentence_initial_article_is_not_part_of_a_coordinated_place():
    _, mentions = run("The Dornovo and Kelmar rivers join near the border.")
    assert [(m.surface, m.rule) for m in mentions if m.kind == "place"] == [
        ("Dornovo", "place.coordination"), ("Kelmar rivers", "place.type_suffix")]


def test_a_corps_named_after_its_region_is_a_unit():
    _, mentions = run("The Dornovo-Kelmar Corps held the hills. The Vessa River flows north, and the Vessa Corps "
                      "held its valley. The Peace Corps and the Press Corps left.")
    assert [m.surface for m in mentions if m.kind == "unit"] == ["Dornovo-Kelmar Corps", "Vessa Corps"]


def test_a_country_named_with_and_and_a_tribunal_for_the_former_country():
    _, mentions = run("The city of Dornovo is the capital of Bosnia and Herzegovina. The International Criminal Tribunal for the "
                      "former Yugoslavia sentenced Ivan Dornov in 2003.")
    assert [m.surface for m in mentions if m.kind == "place"] == ["Dornovo", "Bosnia and Herzegovina"]


def test_a_name_before_a_weapon_word_is_not_a_place():
    _, mentions = run("According to the office, the villages of Dornovo and Kelmar came under fire from Vessak "
                      "multiple rocket launchers and from Brava drones shortly after midnight, and then from Tarish.")
    assert [m.surface for m in mentions if m.kind == "place"] == ["Dornovo", "Kelmar", "Tarish"]


def test_a_designation_in_parentheses_and_a_place_named_after_a_sheikh():
    _, mentions = run("In 1915 the 6th (Kelmar) Division advanced up the river towards Dornovo, and the relief "
                      "force failed at Sheikh Varan in January, while Sheikh Ali Dornov stayed in Tarish.")
    assert [(m.kind, m.surface) for m in mentions] == [
        ("unit", "6th (Kelmar) Division"), ("place", "Dornovo"), ("place", "Sheikh Varan"),
        ("person", "Ali Dornov"), ("place", "Tarish")]


def test_title_is_kept_out_of_the_span():
    entities, mentions = run("Colonel Tigran Hakobyan ordered the retreat across the ridge.")
    [m] = [m for m in mentions if m.kind == "person"]
    assert (m.surface, m.title, m.rule) == ("Tigran Hakobyan", "Colonel", "person.title")
    e = entity_of(entities, mentions, "Tigran Hakobyan")
    assert (e.given_name, e.surname, e.title) == ("Tigran", "Hakobyan", "Colonel")


def test_a_titled_name_may_start_with_a_given_name_that_is_also_a_demonym():
    _, mentions = run(
        "Colonel Christian de Varenne was given command of the garrison.",
        "Christian Serbs and Muslim Bosniaks lived in the valley.",
    )
    assert found(mentions, "person") == ["Christian de Varenne"]


def test_lowercase_multiword_rank_and_role_noun():
    _, mentions = run(
        "The sector was held by brigadier general Farid Mammadli until the spring.",
        "According to the Dutch historian Pieter van der Berg, the town was empty.",
    )
    persons = {m.surface: m.title for m in mentions if m.kind == "person"}
    assert persons == {"Farid Mammadli": "brigadier general", "Pieter van der Berg": "historian"}


def test_particles_are_kept_and_split():
    assert split_person_name("Pieter van der Berg") == ("Pieter", "van der Berg")
    assert split_person_name("Thomas de Waal") == ("Thomas", "de Waal")
    _, mentions = run(
        "The Belgian reporter Lucas de Smet crossed the river at dawn.",
        "De Smet noted that the bridge had been mined.",
    )
    assert found(mentions, "person") == ["Lucas de Smet", "De Smet"]
    assert mentions[-1].resolution == "surname-in-scope" or any(
        m.surface == "De Smet" and m.resolution == "surname-in-scope" for m in mentions
    )


def test_possessive_is_outside_the_span_and_resolves():
    entities, mentions = run(
        "Major Ruben Arakelyan commanded the northern sector.",
        "Arakelyan's men held the heights for two days.",
        "Arakelyan’s report was lost.",
    )
    persons = [m for m in mentions if m.kind == "person"]
    assert [m.surface for m in persons] == ["Ruben Arakelyan", "Arakelyan", "Arakelyan"]
    assert len({m.entity_key for m in persons}) == 1
    assert entity_of(entities, mentions, "Ruben Arakelyan").name == "Ruben Arakelyan"


def test_person_cues_without_titles():
    _, mentions = run(
        "Elnur Guliyev, who led the volunteers, was wounded.",
        "Leaders in the capital, including Sahil Babayev, disagreed.",
        "The convoy was stopped by Ramil Safarov near the bridge.",
        "Vusal Aghazade believes the figure is too low.",
    )
    assert set(found(mentions, "person")) == {"Elnur Guliyev", "Sahil Babayev", "Ramil Safarov", "Vusal Aghazade"}


def test_apposition_with_a_role_noun():
    _, mentions = run(
        "The deputy minister of defence, Orkhan Talibli, signed the order.",
        "His elder brother, Anar, stayed in the village.",
    )
    assert found(mentions, "person") == ["Orkhan Talibli", "Anar"]


# --- units ------------------------------------------------------------------------------------


def test_ordinal_units_with_side_and_normalised_names():
    entities, mentions = run(
        "The 412th Mechanised Brigade and the Georgian 17th regiment advanced.",
        "Later the 3rd Georgian Battalion joined the 17th regiment.",
    )
    units = {e.name: e for e in entities if e.kind == "unit"}
    assert set(units) == {"412th Mechanised Brigade", "17th Regiment", "3rd Georgian Battalion"}
    assert units["17th Regiment"].side == "Georgia"
    assert units["3rd Georgian Battalion"].side == "Georgia"
    assert (units["412th Mechanised Brigade"].number, units["412th Mechanised Brigade"].formation) == (412, "brigade")
    assert found(mentions, "unit").count("17th regiment") == 2


def test_unit_coordination_is_split():
    entities, mentions = run("The 2nd, 5th and 6th Georgian companies crossed the Liakhvi river.")
    assert found(mentions, "unit") == ["2nd", "5th", "6th Georgian companies"]
    assert {e.name for e in entities if e.kind == "unit"} == {
        "2nd Georgian Company", "5th Georgian Company", "6th Georgian Company"
    }
    assert all(e.side == "Georgia" for e in entities if e.kind == "unit")


@pytest.mark.parametrize(
    "sentence, units",
    [
        ("The Republican Guard withdrew from the city; units of the National Guard were sent to the border.",
         ["Republican Guard", "National Guard"]),
        ("A guard was killed at the gate.", []),
        # formations named by a designation
        ("Field Marshal Erich von Manstein commanded Army Group South; Kampfgruppe Peiper reached the bridge.",
         ["Army Group South", "Kampfgruppe Peiper"]),
        ("The army group was disbanded.", []),
    ],
)
def test_guards_and_designated_formations(sentence, units):
    _, mentions = run(sentence)
    assert found(mentions, "unit") == units
    if not units:
        assert found(mentions) == []


def test_named_formations_and_parents():
    entities, mentions = run(
        "The Sevan Detachment and the Eastern Self-Defence Group held the pass.",
        "Help came from the 33rd Battalion (12th Army) stationed nearby.",
        "A company of militia and six battalions of reservists arrived.",
    )
    names = {e.name for e in entities if e.kind == "unit"}
    assert names == {"Sevan Detachment", "Eastern Self-Defence Group", "33rd Battalion", "12th Army"}
    child = next(e for e in entities if e.name == "33rd Battalion")
    parent = next(e for e in entities if e.name == "12th Army")
    assert child.parent_key == parent.key


def test_armed_forces_as_a_whole_are_not_units():
    _, mentions = run("The Georgian Army and the Armenian Armed Forces denied the claim.")
    assert found(mentions, "unit") == []


def units_by_surface(entities, mentions):
    return {m.surface: entity_of(entities, mentions, m.surface) for m in mentions if m.kind == "unit"}


def test_units_designated_by_a_cardinal_number():
    entities, mentions = run(
        "Brigadier Owen Tate, commanding 5 Airborne Brigade, sent 40 Commando and 42 Commando north.",
        "Guns of 29 Mountain Battery covered 3 PARA, and 12 Platoon was cut off near the ford.",
    )
    assert found(mentions, "unit") == [
        "5 Airborne Brigade", "40 Commando", "42 Commando", "29 Mountain Battery", "3 PARA", "12 Platoon"
    ]
    assert {m.rule for m in mentions if m.kind == "unit"} == {"unit.cardinal_formation"}
    units = units_by_surface(entities, mentions)
    assert units["3 PARA"].name == "3 Para"
    assert (units["29 Mountain Battery"].number, units["29 Mountain Battery"].formation) == (29, "battery")
    assert (units["40 Commando"].number, units["40 Commando"].formation) == (40, "commando")
    assert units["40 Commando"].key != units["42 Commando"].key


@pytest.mark.parametrize("sentence", [
    "The regiment had 12 companies and 3 brigades, about 1,200 men and 40 commandos.",
    "In 1982 Brigade commanders met at the port.",
    "On 2 April Company commanders met in the square.",
    "Phase 2 Group talks were delayed by 3 days.",
    "He flew his 51st flight over the lines.",
])
def test_numbers_that_are_no_unit_designations(sentence):
    _, mentions = run(sentence)
    assert found(mentions, "unit") == []


def test_units_designated_by_no_and_a_number():
    entities, mentions = run(
        "Aircraft of No. 4 Squadron and No 12 Squadron struck the bridge, and No. 6 Commando landed at dawn.",
        "Later 4 Squadron flew home.",
    )
    assert found(mentions, "unit") == ["No. 4 Squadron", "No 12 Squadron", "No. 6 Commando", "4 Squadron"]
    units = units_by_surface(entities, mentions)
    assert units["No 12 Squadron"].name == "No. 12 Squadron"
    assert units["4 Squadron"].key == units["No. 4 Squadron"].key
    assert mentions[0].rule == "unit.numbered_formation"


def test_units_designated_by_a_letter():
    entities, mentions = run(
        "A Company took the bridge while C Squadron waited on the hill.",
        "Major Ian Ford's B Company crossed the river; Bravo Company and Easy Company followed.",
        "Company D, 2nd Battalion, and X Troop held the village.",
        "Later A Company withdrew.",
    )
    assert found(mentions, "unit") == [
        "A Company", "C Squadron", "B Company", "Bravo Company", "Easy Company", "Company D", "2nd Battalion",
        "X Troop", "A Company",
    ]
    assert {m.rule for m in mentions if m.kind == "unit" and m.surface != "2nd Battalion"} == {"unit.lettered_formation"}
    units = units_by_surface(entities, mentions)
    assert units["C Squadron"].formation == "squadron"
    assert len({m.entity_key for m in mentions if m.surface == "A Company"}) == 1
    assert "Ian Ford" in found(mentions, "person")


@pytest.mark.parametrize("parts", [
    ("A company of soldiers arrived at noon.",),
    ("The East India Company and the Plan B Company were named in the report.",),
    (("heading", "A Company Of Heroes And Thieves"),),
])
def test_letters_that_are_no_unit_designations(parts):
    _, mentions = run(*parts)
    assert found(mentions, "unit") == []


def test_short_name_in_parentheses_is_the_same_unit():
    entities, mentions = run(
        "The Lowland Regiment's 1st Battalion (1 Para) crossed the river.",
        "On 4 June, 1 Para moved west, and 1 Para later took the ridge.",
    )
    assert found(mentions, "unit") == ["Lowland Regiment", "1st Battalion", "1 Para", "1 Para", "1 Para"]
    battalion = entity_of(entities, mentions, "1st Battalion")
    assert {m.entity_key for m in mentions if m.surface == "1 Para"} == {battalion.key}
    assert battalion.name == "1st Battalion"
    # (its short name is not its parent; the regiment whose battalion it is, is)
    assert entity_of(entities, mentions, "Lowland Regiment").key == battalion.parent_key


def test_numbered_units_with_other_designations_are_not_merged():
    entities, mentions = run(
        "The Sevan Detachment guarded the pass.",
        "The 3 Commando Brigade and the 3rd Infantry Brigade fought near the bay.",
        "The 412th Mechanised Brigade attacked; later the 412th Brigade withdrew.",
    )
    units = units_by_surface(entities, mentions)
    assert units["3 Commando Brigade"].key != units["3rd Infantry Brigade"].key
    assert units["412th Brigade"].key == units["412th Mechanised Brigade"].key


def test_the_in_a_regiment_name_is_outside_the_span():
    entities, mentions = run("The 2nd Battalion, The Highland Regiment held the ridge.")
    assert found(mentions, "unit") == ["2nd Battalion", "Highland Regiment"]


# --- places ------------------------------------------------------------------------------------


def test_place_cues_and_types():
    entities, mentions = run(
        "The villagers fled from the village of Norashen towards Berdavan.",
        "The Vorotan River froze near Mount Ishkhanasar and the Tsav Pass.",
        "The Kashatagh District was shelled; Kashatagh lost its school.",
        "Kosh, Armenia, received the refugees.",
    )
    names = {e.name: e.place_type for e in entities if e.kind == "place"}
    assert names["Norashen"] == "village"
    assert "Berdavan" in names and "Kosh" in names and "Armenia" in names
    assert names["Vorotan River"] == "river"
    assert names["Mount Ishkhanasar"] == "mountain"
    assert names["Tsav Pass"] == "pass"
    assert names["Kashatagh"] == "district"
    kash = [m for m in mentions if m.surface.startswith("Kashatagh")]
    assert len({m.entity_key for m in kash}) == 1
    by_rule = {m.surface: m.rule for m in mentions}
    assert by_rule["Norashen"] == "place.village_of"
    assert by_rule["Berdavan"] == "place.preposition"
    assert by_rule["Vorotan River"] == "place.type_suffix"
    assert by_rule["Kosh"] == "place.comma_country"


def test_island_port_and_hamlet_of_name_places():
    entities, mentions = run(
        "The marines landed on the island of Tarvona and took the port of Keshet.",
        "The refugees reached the hamlet of Olvar.",
    )
    names = {e.name: e.place_type for e in entities if e.kind == "place"}
    assert names == {"Tarvona": "place", "Keshet": "city", "Olvar": "village"}
    assert {m.surface: m.rule for m in mentions if m.kind == "place"} == {
        "Tarvona": "place.island_of", "Keshet": "place.port_of", "Olvar": "place.hamlet_of"}


def test_suburb_of_names_a_place_and_a_war_of_independence_keeps_its_name():
    entities, mentions = run(
        "The brigade captured the suburb of Borovo Selo during the Vessian War of Independence.",
        "The Tarish Revolution of the Carnations ended the regime.",
    )
    assert {(e.kind, e.name) for e in entities if e.kind in ("place", "event")} == {
        ("place", "Borovo Selo"), ("event", "Vessian War of Independence"),
        ("event", "Tarish Revolution of the Carnations")}


def test_a_name_after_in_before_a_verb_of_saying_is_not_a_person():
    entities, mentions = run("Officials in Dornovo said the road was closed.")
    assert [(m.surface, m.kind) for m in mentions] == [("Dornovo", "place")]


def test_marine_regiments_are_named_by_an_ordinal_and_marines_by_a_cardinal_are_people():
    entities, mentions = run("The 1st Battalion, 5th Marines crossed the river and 40 Marines were killed.")
    assert found(mentions, "unit") == ["1st Battalion", "5th Marines"]


def test_air_force_and_cossack_titles_and_a_task_force_by_number():
    entities, mentions = run(
        "Air Vice-Marshal Keith Dornov commanded the group. Ataman Grigory Kelmarov fled.",
        "Hetman Ivan Varosh signed it. Rear Admiral Raymond Orlok commanded Task Force 16.",
    )
    assert {e.name for e in entities if e.kind == "person"} == {
        "Keith Dornov", "Grigory Kelmarov", "Ivan Varosh", "Raymond Orlok"}
    assert found(mentions, "unit") == ["Task Force 16"]


def test_a_title_after_an_adjective_in_an_apposition_and_a_crown_prince():
    entities, mentions = run(
        "Vasil Dornov, the last khan of Kelmar, was killed.",
        "Persian forces under Crown Prince Abbas Orlok attacked.",
    )
    assert {(m.surface, m.kind) for m in mentions if m.kind == "person"} == {
        ("Vasil Dornov", "person"), ("Abbas Orlok", "person")}


def test_place_coordinations_with_a_plural_type_word():
    entities, mentions = run("The defenders held the Tsav and Bargushat passes in the Meghri range.")
    assert found(mentions, "place") == ["Tsav", "Bargushat passes", "Meghri range"]
    assert {e.name for e in entities if e.kind == "place"} == {"Tsav Pass", "Bargushat Pass", "Meghri Mountains"}


def test_islands_apposition_and_currency():
    entities, mentions = run(
        "The fleet sailed to the Kerrin Islands in April.",
        "The guns faced Velmor, the district's largest town, until May.",
        "They met Ardo, the village elder, at dusk.",
        "Aid worth US$5 million reached the port.",
    )
    assert found(mentions, "place") == ["Kerrin Islands", "Velmor"]
    assert entity_of(entities, mentions, "Kerrin Islands").name == "Kerrin Islands"
    assert [m.rule for m in mentions if m.surface == "Velmor"] == ["place.apposition"]


def test_end_of_a_title_is_not_a_person():
    _, mentions = run("Colonel Ivan Petrov, deputy chief of the General Staff, resigned.")
    assert found(mentions, "person") == ["Ivan Petrov"]


def test_list_after_a_capture_verb():
    _, mentions = run("On the third day the brigade captured Dashbulag, Garagaya, Sarybulag and Kemerli.")
    assert found(mentions, "place") == ["Dashbulag", "Garagaya", "Sarybulag", "Kemerli"]


def test_bare_name_with_article_is_the_river():
    entities, mentions = run(
        "Supplies came by the road to Hakari.",
        "Later the column reached the Hakari River.",
        "Fish were dying in streams like the Hakari.",
    )
    names = [entity_of(entities, mentions, s).name for s in ("Hakari River",)]
    assert names == ["Hakari River"]
    hakari = [m for m in mentions if m.surface == "Hakari"]
    assert [next(e for e in entities if e.key == m.entity_key).name for m in hakari] == ["Hakari", "Hakari River"]


# --- events -------------------------------------------------------------------------------------


def test_named_events():
    entities, mentions = run(
        "The Battle of Avdiivka began after Operation Iron Fist had stalled.",
        "Veterans of the Third Balkan War recalled the Talish massacre.",
    )
    events = {e.name: e.event_type for e in entities if e.kind == "event"}
    assert events == {
        "Battle of Avdiivka": "battle",
        "Operation Iron Fist": "offensive",
        "Third Balkan War": "other",
        "Talish massacre": "massacre",
    }
    assert all(t in EVENT_TYPES for t in events.values())
    # places inside event names are not annotated separately
    assert "Avdiivka" not in found(mentions, "place")


# --- exclusions ------------------------------------------------------------------------------------


def test_exclusions():
    _, mentions = run(
        "However, Georgian soldiers and Ossetian volunteers met the Kurds at dawn.",
        "The Republican Party of Armenia and the Zangezur Copper Company protested.",
        "The Treaty of Kars was signed in March, and the Ministry of Defence of Georgia agreed.",
    )
    assert found(mentions) == []


def test_names_cited_as_words_are_not_mentions():
    _, mentions = run("The inscriptions list names such as Arzu, Hasan, Vardan and Tigran.")
    assert found(mentions, "person") == []


# --- infobox lines -----------------------------------------------------------------------------------


def test_infobox_lines():
    _, mentions = run(
        ("title", "Siege of Hadrut"),
        "Commander1: Colonel Ruben Arakelyan",
        "Commander2: Elnur Guliyev",
        "Location: Hadrut, Nagorno-Karabakh",
        "Strength1: 800 soldiers",
    )
    persons = [(m.surface, m.title) for m in mentions if m.kind == "person"]
    assert persons == [("Ruben Arakelyan", "Colonel"), ("Elnur Guliyev", None)]
    assert found(mentions, "place") == ["Hadrut", "Nagorno-Karabakh"]
    assert found(mentions, "event") == ["Siege of Hadrut"]


def test_infobox_lines_left_in_one_segment():
    _, mentions = run(
        "Result: Ardish victory; surrender of the garrison\nCommander1: Owen Tate, Ewan Clark",
        "Location: Velmor and Kestrel Bay, Ardland",
        "Place: Bosnia and Herzegovina",
    )
    assert found(mentions, "person") == ["Owen Tate", "Ewan Clark"]
    assert found(mentions, "place") == ["Velmor", "Kestrel Bay", "Ardland", "Bosnia and Herzegovina"]


# --- what is read -------------------------------------------------------------------------------------


def test_only_body_segments_are_read():
    _, mentions = run(
        ("byline", "By Gulnar Rzayeva November 3, 2021"),
        ("sentence", "Colonel Tigran Hakobyan entered Berdzor."),
        ("credit", "Photo: Hakob Petrosyan / Ministry of Defence of Armenia"),
        ("reference", "Smith, John (2003). The Siege of Yerevan. Oxford: Oxford University Press."),
        ("footer", "External links"),
        ("caption", "Tigran Hakobyan in Goris, 1994"),
    )
    assert found(mentions) == ["Tigran Hakobyan", "Berdzor", "Tigran Hakobyan", "Goris"]


# --- resolution ---------------------------------------------------------------------------------------


def test_same_surname_different_people_are_never_merged():
    entities, mentions = run(
        "Karen Manukyan commanded the town garrison.",
        "His cousin Davit Manukyan led the reserve.",
        "Manukyan said the reserve was late.",
    )
    persons = [e for e in entities if e.kind == "person"]
    assert sorted(e.name for e in persons) == ["Davit Manukyan", "Karen Manukyan"]
    last = [m for m in mentions if m.surface == "Manukyan"][0]
    assert next(e for e in entities if e.key == last.entity_key).name == "Davit Manukyan"  # the nearest before
    assert last.resolution == "surname-in-scope"


def test_gendered_surnames_differ():
    assert not same_person("Ilkin Aliyev", "Ilkin Aliyeva")
    assert not same_person("Ilham Aliyev", "Heydar Aliyev")
    assert same_person("William F. Garrison", "William Garrison")
    assert same_person("Arkadi Ter-Tadevosyan", "Arkady Ter-Tadevosian")


def test_given_name_in_scope_only_when_unambiguous():
    entities, mentions = run(
        "Sevak Harutyunyan wrote a diary of the siege.",
        "Sevak later published it.",
    )
    sevak = [m for m in mentions if m.surface == "Sevak"]
    assert sevak and sevak[0].resolution == "given-name-in-scope"
    entities, mentions = run(
        "Sevak Harutyunyan and Sevak Minasyan wrote diaries.",
        "Sevak later published his.",
    )
    persons = {e.name for e in entities if e.kind == "person"}
    assert {"Sevak Harutyunyan", "Sevak Minasyan"} <= persons
    assert not any(m.surface == "Sevak" and m.resolution == "given-name-in-scope" for m in mentions)


def test_spelling_variants_are_merged():
    entities, mentions = run(
        "General Arkadi Ter-Tadevosyan planned the attack.",
        "The plan of General Arkady Ter-Tadevosian was approved.",
        "The column left the village of Gulabliyar at night.",
        "Shells fell on Gulabliar in the morning.",
    )
    persons = [e for e in entities if e.kind == "person"]
    assert len(persons) == 1 and persons[0].name == "Arkadi Ter-Tadevosyan"
    gul = {m.entity_key for m in mentions if m.surface.startswith("Gulabli")}
    assert len(gul) == 1


def test_short_or_different_places_are_not_merged():
    assert not variant_names("Moz", "Maz")
    assert not variant_names("Goris", "Gars")
    assert variant_names("Zulfugarli", "Zulufgarli")
    entities, _ = run("Fighting spread from the village of Moz to the village of Maz and to Gori and Goris.")
    assert {e.name for e in entities if e.kind == "place"} == {"Moz", "Maz", "Gori", "Goris"}


def test_declared_aliases_are_merged_with_their_segment():
    entities, mentions = run(
        "Troops dug in near the old fortress.",
        "Tsitsernak Castle, also known as Agh Gala or Ag Qala, stands above the gorge.",
        "The village of Verinshen (modern-day Yukhari Ayibli) was shelled.",
    )
    castle = entity_of(entities, mentions, "Tsitsernak Castle")
    names = {a.alias: (a.rule, a.segment_seq) for a in castle.aliases}
    assert names["Agh Gala"] == ("declared.known_as", 1)
    assert names["Ag Qala"] == ("declared.known_as", 1)
    assert {m.entity_key for m in mentions if m.surface in ("Agh Gala", "Ag Qala", "Tsitsernak Castle")} == {castle.key}
    village = entity_of(entities, mentions, "Verinshen")
    assert entity_of(entities, mentions, "Yukhari Ayibli").key == village.key
    assert any(a.alias == "Yukhari Ayibli" and a.rule == "declared.modern_name" and a.segment_seq == 2
               for a in village.aliases)
    assert next(m for m in mentions if m.surface == "Yukhari Ayibli").resolution == "declared-alias"


def test_acronym_declared_in_parentheses():
    entities, mentions = run(
        "The Syunik Autonomous Republic (SAR) was proclaimed in the mountains.",
        "The SAR lasted a year.",
    )
    e = entity_of(entities, mentions, "Syunik Autonomous Republic")
    assert {m.entity_key for m in mentions if m.surface == "SAR"} == {e.key}


def test_alias_file_and_extra_aliases():
    entities, mentions = run("The NKR leadership met in Ghapan.", extra_aliases=[("place", "Kapan", "Ghapan")])
    nkr = entity_of(entities, mentions, "NKR")
    assert nkr.name == "Nagorno-Karabakh Republic"
    assert next(m for m in mentions if m.surface == "NKR").resolution == "alias-file"
    assert entity_of(entities, mentions, "Ghapan").name == "Kapan"


def test_gazetteer_spelling_and_transliteration():
    entities, mentions = run("Refugees from Kəlbəcər and Kelbajar reached Zengilan.")
    assert {e.name for e in entities if e.kind == "place"} == {"Kalbajar", "Zangilan"}


def test_titlecase_headline_only_trusts_known_names():
    _, mentions = run(
        ("title", "Azerbaijan Regains Control Over Tovuz District After Heavy Fighting"),
        "Troops entered Tovuz on Monday.",
    )
    assert found(mentions) == ["Azerbaijan", "Tovuz District", "Tovuz"]


# --- names ----------------------------------------------------------------------------------------


def test_fold_and_skeleton():
    assert fold("Kəlbəcər") == fold("Kalbajar") == "kalbajar"
    assert fold("Şuşa") == "shusha"
    assert fold("U.S.") == "us"
    assert fold("Texas") == "texas"  # x -> kh only in Azerbaijani words
    for a, b in [("Dalibaltyan", "Dalibaltayan"), ("Zulfugarli", "Zulufgarli"), ("Murovdag", "Murovdagh"),
                 ("Kelbajar", "Kalbajar")]:
        assert skeleton(a) == skeleton(b), (a, b)


def test_lexicon_is_cached_and_consistent():
    lex = default_lexicon()
    assert lex is default_lexicon()
    assert all(e.place_type in PLACE_TYPES for e in lex.gazetteer.values())
    assert all(a.kind in ENTITY_KINDS for a in lex.aliases)
    assert lex.demonyms["azerbaijani"] == "Azerbaijan"


def test_custom_lexicon_directory(tmp_path):
    from etl.lexicon import DATA_DIR

    for f in DATA_DIR.iterdir():
        if f.is_file() and f.suffix in (".tsv", ".txt"):
            (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "gazetteer.tsv").open("a", encoding="utf-8") as fh:
        fh.write("Qarabulaq\tvillage\tAzerbaijan\t\n")
    lex = Lexicon.load(tmp_path)
    text, segs = build("Qarabulaq burned.")
    _, mentions = recognise(text, segs, lexicon=lex)
    assert found(mentions, "place") == ["Qarabulaq"]


# --- robustness ----------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(min_size=0, max_size=120), min_size=1, max_size=4))
def test_never_raises_and_spans_are_exact(parts):
    text, segs = build(*parts)
    entities, mentions = recognise(text, segs)
    keys = {e.key for e in entities}
    for m in mentions:
        assert text[m.start:m.end] == m.surface
        seg = segs[m.segment_seq]
        assert seg.start <= m.start < m.end <= seg.end
        assert m.entity_key in keys and m.kind in ENTITY_KINDS


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(
    ["Colonel", "Tigran", "Hakobyan", "the", "village", "of", "Norashen", "River", "Pass", "3rd", "Battalion", ",",
     "and", "Battle", "Kəlbəcər", "known", "as", "(", ")", "'s", "Mount", "Operation", "de", "Waal", ":", "Commander1",
     "12", "No.", "A", "Company", "Commando", "Para", "Brigade", "Bravo", "US$", "Islands", "\n", "Result:"]
), min_size=1, max_size=30))
def test_never_raises_on_name_like_soup(words):
    text, segs = build(" ".join(words))
    entities, mentions = recognise(text, segs)
    for m in mentions:
        assert text[m.start:m.end] == m.surface


@pytest.mark.parametrize("kind", ["credit", "reference", "footer", "header", "byline", "dateline"])
def test_non_body_kinds_are_skipped(kind):
    _, mentions = run((kind, "Colonel Tigran Hakobyan entered the village of Norashen."))
    assert mentions == ()


@pytest.mark.parametrize(
    "sentence, parents",
    [
        # the British style of designation, with and without "The"; a short name in brackets after
        # the parent is the first unit's
        ("The 2nd Battalion, Kelmar Parachute Regiment (2 Para), attacked at dawn.",
         {"2nd Battalion": "Kelmar Parachute Regiment", "Kelmar Parachute Regiment": None}),
        ("The 2nd Battalion, The Kelmar Regiment attacked at dawn.", {"2nd Battalion": "Kelmar Regiment", "Kelmar Regiment": None}),
        ("The 3rd Company of the 6th Vessian Regiment attacked.", {"3rd Company": "6th Vessian Regiment",
                                                                     "6th Vessian Regiment": None}),
        ("The Kelmar Regiment's 2nd Battalion attacked.", {"2nd Battalion": "Kelmar Regiment", "Kelmar Regiment": None}),
        # a chain
        ("A Company, 2nd Battalion, 5th Regiment attacked.",
         {"A Company": "2nd Battalion", "2nd Battalion": "5th Regiment", "5th Regiment": None}),
        # lists are not designations
        ("The 2nd Battalion, the 4th Regiment and the 6th Division attacked.",
         {"2nd Battalion": None, "4th Regiment": None, "6th Division": None}),
        ("The 2nd Battalion, the 4th Battalion and the 6th Regiment attacked.",
         {"2nd Battalion": None, "4th Battalion": None, "6th Regiment": None}),
        # a smaller formation is no parent
        ("The 6th Regiment of the 2nd Battalion attacked.", {"6th Regiment": None, "2nd Battalion": None}),
    ],
)
def test_a_unit_designated_as_part_of_a_larger_one_has_it_as_parent(sentence, parents):
    entities, _ = run(sentence)
    names = {e.key: e.name for e in entities}
    assert {e.name: names.get(e.parent_key) for e in entities if e.kind == "unit"} == parents


def test_a_short_name_after_a_designation_is_the_first_units():
    entities, mentions = run("The 2nd Battalion, Kelmar Parachute Regiment (2 Para), attacked at dawn.",
                             "2 Para took the hill.")
    assert entity_of(entities, mentions, "2 Para").name == "2nd Battalion"


def test_a_ships_name_is_no_entity_nor_a_place():
    entities, mentions = run("The attack was supported by naval gunfire from HMS Dornovo and USS Kelmar.",
                             "The ARA General Tesmir was sunk on 2 May.")
    assert found(mentions) == []


def test_the_place_an_event_is_named_after_is_a_place_where_it_stands_alone():
    """"Capture of Dornovo" in the title: "Dornovo stands on a plateau" names the place, though no
    cue in that sentence says so."""
    entities, mentions = run(("title", "Capture of Dornovo"), "Dornovo stands on a plateau above the river.",
                             "Before the war Dornovo had a market.")
    assert [(m.surface, m.kind) for m in mentions if m.surface == "Dornovo"] == [("Dornovo", "place")] * 2
    assert entity_of(entities, mentions, "Capture of Dornovo").kind == "event"


def test_the_ordinal_of_a_battle_is_part_of_its_name():
    entities, mentions = run("The Second Battle of Dornovo was fought in 2004.",
                             "After the First Battle of Dornovo in April 2004, the city fell.")
    assert sorted(e.name for e in entities if e.kind == "event") == ["First Battle of Dornovo", "Second Battle of Dornovo"]


def test_a_code_name_is_another_name_of_the_event_before_it():
    entities, mentions = run("The Second Battle of Dornovo, code-named Operation Red Hawk, was an offensive.",
                             "Operation Red Hawk ended in December.")
    battle = entity_of(entities, mentions, "Second Battle of Dornovo")
    assert {m.entity_key for m in mentions if m.surface == "Operation Red Hawk"} == {battle.key}
    assert [e.name for e in entities if e.kind == "event"] == ["Second Battle of Dornovo"]


@pytest.mark.parametrize("sentence, name", [
    ("The marines reached Highway 10 two days later.", "Highway 10"),
    ("The company held Hill 861 for twelve days.", "Hill 861"),
    ("The convoy left Route 9 at dawn.", "Route 9"),
])
def test_a_place_named_by_a_number(sentence, name):
    entities, mentions = run(sentence)
    assert [(m.surface, m.kind) for m in mentions] == [(name, "place")]
    assert entity_of(entities, mentions, name).name == name


def test_a_regimental_combat_team_keeps_its_number_and_a_plural_formation_is_a_count():
    entities, mentions = run("Regimental Combat Team 1 and Regimental Combat Team 7 entered the city.",
                             "The assault was led by the 1st Vessian Division, with two Army battalions of the 2nd "
                             "Kelmar Division.")
    assert found(mentions, "unit") == ["Regimental Combat Team 1", "Regimental Combat Team 7", "1st Vessian Division",
                                       "2nd Kelmar Division"]


def test_a_feature_named_in_the_possessive():
    entities, mentions = run("The same evening about 140 men repelled an attack at Dornov's Drift.",
                             "Colonel Kelmar's men held Tesmir's Crossing.")
    assert [(m.surface, m.kind) for m in mentions] == [
        ("Dornov's Drift", "place"), ("Kelmar", "person"), ("Tesmir's Crossing", "place")]


def test_a_general_staff_is_no_person():
    entities, mentions = run("Vessia's General Staff said its troops had repelled 19 attacks.")
    assert found(mentions, "person") == []
