"""Events stated by dates (etl/events.py), through the pure pipeline, on made-up text."""

from __future__ import annotations

import pytest

from etl.pipeline import extract
from etl.read import read_bytes


def extraction_of(text: str):
    return extract(read_bytes(text.encode("utf-8")))  # (as loaded: title, dateline, publication day)


def subject_of_the(predicate: str, text: str) -> str | None:
    """The name of what the one claim of that measure in the text is about."""
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    (claim,) = [c for c in ex.claims if c.predicate == predicate]
    return names.get(claim.subject_key)


def events_and_places(text: str) -> dict[str, tuple[str, set[str]]]:
    """event name -> (EDTF of its dates, names of its places)"""
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    out: dict[str, tuple[str, set[str]]] = {}
    for d in ex.event_dates:
        out[names[d.event_key]] = (d.date.value.edtf, set())
    for p in ex.event_places:
        if names[p.event_key] in out:
            out[names[p.event_key]][1].add(names[p.place_key])
    return out


@pytest.mark.parametrize(
    "sentences, expected",
    [
        # one trigger with several dated objects: one event per object, at the place the date follows
        ("The offensive began in July 1917. The Vessian army recaptured the town of Dornovo on 5 August and the "
         "village of Kelmar on 23 August.",
         {"capture of Dornovo (1917)": ("1917-08-05", {"Dornovo"}), "capture of Kelmar (1917)": ("1917-08-23", {"Kelmar"})}),
        # coordinated predicates: the first date ends the first predicate (it belongs to "captured", not
        # to the nearer "secured" after it), and the second capture is not at Dornovo
        ("The 6th Vessian Division captured the town of Dornovo on 7 April 1945 and secured the Kelmar Peninsula "
         "by 20 April 1945.",
         {"capture of Dornovo (1945)": ("1945-04-07", {"Dornovo"}),
          "capture of Kelmar Peninsula (1945)": ("1945-04-20", {"Kelmar Peninsula"})}),
    ],
)
def test_each_dated_object_keeps_its_date_and_place(sentences, expected):
    captures = {k: v for k, v in events_and_places(f"Background\n\n{sentences}\n").items() if k.startswith("capture")}
    assert captures == expected


def test_a_single_date_keeps_the_places_near_its_trigger():
    text = "Background\n\nThe rebel column marched from Dornovo to Kelmar in the summer of 1917.\n"
    found = events_and_places(text)
    assert len(found) == 1
    ((name, (edtf, places)),) = found.items()
    assert edtf.startswith("1917") and places == {"Dornovo", "Kelmar"}


def test_a_saying_verb_after_the_dated_clause_does_not_block_it():
    """"... shelled the village on Monday, the ministry said": Monday dates the shelling (the
    weekday resolved against the dateline's day). A blocker that is not a verb of saying still
    blocks ("developed from the late 1920s, with facilities established in 1951")."""
    text = ("Shelling hits border villages\n\n"
            "TOVUZ, 14 July 2020 (AFP) - Artillery shelled the village of Dondar on Monday, the ministry said.\n")
    found = events_and_places(text)
    assert [(edtf, places) for name, (edtf, places) in found.items()] == [("2020-07-13", {"Dondar"})]
    text = ("Background\n\nThe spa, opened after an earthquake, was developed from the late 1920s, "
            "with new baths established in 1951.\n")
    assert not any("1920" in edtf or "1929" in edtf for edtf, _ in events_and_places(text).values())


def test_a_pluperfect_trigger_is_an_earlier_happening_not_the_named_event():
    """"the Battle of Dornovo ... which had seized the city in June 1914": the seizure is
    another, earlier event, not a date of the battle."""
    text = ("Battle of Dornovo\n\nThe Battle of Dornovo was a campaign to retake the city of Dornovo from the "
            "Vessian army, which had seized the city in June 1914.\n")
    found = events_and_places(text)
    assert found.get("capture of Dornovo (1914)", (None,))[0] == "1914-06"
    assert "Battle of Dornovo" not in found or not found["Battle of Dornovo"][0].startswith("1914")


def test_began_on_and_ended_on_is_one_span():
    text = ("Siege of Dornovo\n\nThe Siege of Dornovo was fought by the Vessian army. "
            "The siege began on 3 March 1916 and ended on 20 July 1916.\n")
    found = events_and_places(text)
    assert found["Siege of Dornovo"][0] == "1916-03-03/1916-07-20"
    assert not [name for name in found if name != "Siege of Dornovo"]


def test_it_began_and_ended_dates_the_event_of_the_sentence_before():
    text = ("Campaigns of the north\n\nThe Kelmar Offensive was an operation of the Vessian army to retake the "
            "valley. It began on 2 May 1931 and ended on 19 June 1931. Later the army rested.\n")
    found = events_and_places(text)
    assert found["Kelmar Offensive"][0] == "1931-05-02/1931-06-19"
    assert list(found) == ["Kelmar Offensive"]


@pytest.mark.parametrize("ending", ["The battle ended on 18 November 1994.",
                                    "The battle continued until 18 November 1994.",
                                    "After heavy rain, the fighting dragged on into 18 November 1994."])
def test_the_end_of_the_event_in_a_later_paragraph_makes_its_span(ending):
    """"The battle ended on D" paragraphs after its beginning was dated: the battle from its
    beginning to D, not a second, unnamed battle."""
    text = (f"Battle of Varnok\n\nThe Battle of Varnok began on 3 May 1994 near the town of Orlavo.\n\n"
            f"Both armies dug in along the river.\n\n{ending}\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    dates = sorted((names[d.event_key], d.date.value.edtf, d.date_kind) for d in ex.event_dates)
    assert dates == [("Battle of Varnok", "1994-05-03", "point"),
                     ("Battle of Varnok", "1994-05-03/1994-11-18", "span")]


def test_an_end_without_a_known_beginning_is_read_as_before():
    text = "Battle of Varnok\n\nThe Battle of Varnok was fought near Orlavo. The battle ended on 18 November 1994.\n"
    ex = extraction_of(text)
    assert all(d.rule != "event.ended_later" for d in ex.event_dates)


def test_a_named_event_written_in_lower_case_is_that_event():
    text = ("Defence of Brevka\n\nThe defence of Brevka took place in the spring of 1994. "
            "The 5th Tank Regiment attacked the pass on 14 April 1994.\n")
    found = events_and_places(text)
    assert found["Defence of Brevka"][1] == {"Brevka"}
    assert list(found) == ["Defence of Brevka"]


def test_since_an_earlier_event_does_not_block_the_date_before_it():
    text = ("Background\n\nHeavy fighting broke out near Kelmar on the night of 1 to 2 April 2016, the worst "
            "violence since the 1994 ceasefire.\n")
    assert events_and_places(text) == {"battle of Kelmar (2016)": ("2016-04-01/2016-04-02", {"Kelmar"})}


def test_a_count_of_units_is_not_about_one_of_them():
    text = ("Siege of Dornovo\n\nGeneral Ivan Dornov moved four divisions into the hills, including the 308th "
            "Vessian Division.\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    subjects = {(c.predicate, c.value): names.get(c.subject_key) for c in ex.claims}
    assert subjects[("count", 4)] != "308th Vessian Division"


def test_troops_entering_a_town_is_a_handover_only_where_the_text_tells_of_one():
    war = events_and_places("Background\n\nThe 14th Vessian Brigade entered Dornovo on 9 July 1995 after a "
                            "two-day bombardment.\n")
    assert [name.split()[0] for name in war] == ["offensive"]
    handover = events_and_places("Dornovo district handed back to Vessia\n\nVessian troops entered Dornovo on "
                                 "20 November 2020.\n")
    assert [name.split()[0] for name in handover] == ["handover"]


def test_a_country_that_launches_an_offensive_is_not_its_place():
    # (a country of the gazetteer, so that it is a place without any other cue)
    found = events_and_places("Background\n\nArmenia launched an offensive on 19 September 2023. The district "
                              "of Kelmar seized in 1993 was retaken on 20 September 2023.\n")
    assert found["offensive (2023)"] == ("2023-09-19", set())
    assert any(places == {"Kelmar"} for _, places in found.values())


def test_taking_over_command_is_not_a_capture():
    text = ("Background\n\nMajor Oleg Brandt was wounded, and Captain Ilya Serin took over command of the "
            "battalion on 16 April 1994.\n")
    assert events_and_places(text) == {}


def test_where_a_source_speaks_from_is_not_where_the_event_happened():
    text = ("Background\n\nThe town of Dornovo lies on a river. Officials in Dornovo said 51 servicemen had "
            "been killed since fighting began on 27 September 2020.\n")
    ((name, (edtf, places)),) = events_and_places(text).items()
    assert (name, edtf, places) == ("battle (2020)", "2020-09-27", set())


def test_an_event_named_after_the_date_as_a_point_of_reference_does_not_take_it():
    text = ("Background\n\nThe offensive began in June 1992. Troops killed at least 40 civilians in the village "
            "of Kelmar on 10 April 1992, two months before the offensive.\n")
    assert all("Kelmar" not in places for _, places in events_and_places(text).values())
    text = "Background\n\nPrior to the 1993 occupation, the village of Kelmar had 300 inhabitants.\n"
    assert [edtf for edtf, _ in events_and_places(text).values()] == ["1993"]


def test_the_lead_sentences_longer_name_is_the_titles_event():
    ex = extraction_of("Siege of Dornovo\n\nThe Siege of Dornovo Kala (7 December 1915 – 29 April 1916) was the "
                       "besieging of a garrison in the town of Dornovo. The Siege of Kelmar followed in 1917.\n")
    assert sorted(e.name for e in ex.entities if e.kind == "event") == ["Siege of Dornovo", "Siege of Kelmar"]


def test_the_signatories_of_an_agreement_are_not_its_places():
    text = ("Aftermath\n\nOn 10 November 2020, Armenia, Azerbaijan and Russia signed a ceasefire agreement in "
            "Moscow.\n")
    assert events_and_places(text) == {"ceasefire (2020)": ("2020-11-10", {"Moscow"})}


def test_the_place_of_a_source_that_acknowledges_is_not_where_the_event_happened():
    text = ("Background\n\nThe town of Dornovo lies on a river. On 15 October 2020, Georgia President Ruben "
            "Dornov acknowledged that the rebels had entered the town.\n")
    assert all("Georgia" not in places for _, places in events_and_places(text).values())


def test_a_place_is_the_subject_of_a_population_through_a_whole_word_of_the_event_name():
    """"the city had a population of about 45,000" in a sentence naming the "Vessian War of
    Independence": Vessia (a prefix of "Vessian") is not the place of that war; the claim is
    about the document's main place."""
    text = ("Siege of Dornovo\n\nThe Siege of Dornovo was a siege of the city of Dornovo in Vessia. "
            "Dornovo lies on a river. Before the Vessian War of Independence the city had a population of "
            "about 45,000.\n")
    assert subject_of_the("population", text) == "Dornovo"


def test_the_place_a_title_event_is_named_after_is_what_the_city_means():
    """"Battle of Dornovo" in the title and Dornovo never named alone: Dornovo is a place of
    the battle, and "the city's 140,000 inhabitants" are its population. A country that only
    qualifies a source ("the Vessian command", "according to Vessian military figures") is
    neither what the casualties nor what the population is about."""
    text = ("Battle of Dornovo\n\nThe Battle of Dornovo was fought in Tarvonia in 1968. The allies lost 668 killed, "
            "according to Tarvonia military figures. The Tarvonia command claimed that 5,113 soldiers were killed. "
            "Of the city's 140,000 inhabitants, 116,000 were made homeless.\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    places = {e.name: e for e in ex.entities if e.kind == "place"}
    assert places["Dornovo"].aliases[0].rule == "place.event_name"
    subjects = {(c.predicate, c.value): names[c.subject_key] for c in ex.claims}
    assert subjects == {("killed", 668): "Battle of Dornovo", ("killed", 5113): "Battle of Dornovo",
                        ("population", 140000): "Dornovo", ("displaced", 116000): "Dornovo"}
    assert {(c.value, c.attributed_to) for c in ex.claims if c.predicate == "killed"} == {
        (668, "Tarvonia military figures"), (5113, "The Tarvonia command")}


def test_a_place_named_with_its_type_is_the_place_of_the_title_event():
    """No second place is made up when the document names it with its type word."""
    text = "Battle of Dornovo\n\nIn 1968 the Battle of Dornovo was fought. Vessian troops held the Dornovo Heights.\n"
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    assert [e.name for e in ex.entities if e.kind == "place"] == ["Dornovo Heights"]
    assert {(names[p.event_key], names[p.place_key]) for p in ex.event_places} == {
        ("Battle of Dornovo", "Dornovo Heights")}


def test_the_title_event_names_its_place_by_an_alias_of_the_gazetteer():
    """"Battle of Stalingrad": the gazetteer's Volgograd (alias Stalingrad) is the document's place."""
    text = ("Battle of Stalingrad\n\nThe Battle of Stalingrad was fought for the city of Stalingrad in Tarvonia. "
            "Tarvonia lost the war. Of the city's prewar population of about 400,000, only 10,000 remained.\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    assert {names[c.subject_key] for c in ex.claims if c.predicate == "population"} == {"Volgograd"}


def test_missile_strikes_and_an_invasion_are_events():
    text = ("Strikes hit Dornovo\n\nKELMAR, 1 March 2022 (Reuters) - Vessian missile strikes on the outskirts of Dornovo "
            "killed at least 11 people on Tuesday, the governor said.\n\nThe invasion began on 24 February 2022.\n")
    found = events_and_places(text)
    assert found == {"bombardment of Dornovo (2022)": ("2022-03-01", {"Dornovo"}),
                     "offensive (2022)": ("2022-02-24", set())}


def test_the_head_of_an_appositive_is_the_subject_of_its_population():
    text = ("Background\n\nDornovo, a town of about 6,000 people, lay on the road between Kelmar and Tarish and "
            "had the region's only airport.\n")
    assert subject_of_the("population", text) == "Dornovo"


def test_the_sentence_subject_is_the_subject_of_its_elevation_and_a_distance_is_no_elevation():
    text = ("Background\n\nThe town of Dornovo stands on a plateau about 1,400 metres above sea level, overlooking "
            "the village of Kelmar, 10 km to the north.\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    assert [(c.predicate, c.value, names[c.subject_key]) for c in ex.claims] == [("elevation_m", 1400, "Dornovo")]


def test_a_place_located_in_a_region_is_the_subject_not_the_region():
    text = ("Dornovo\n\nIn the town of Dornovo, in the Kelmar region, more than 70 soldiers were killed when "
            "artillery hit a base.\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    assert [(c.predicate, c.value, names.get(c.subject_key)) for c in ex.claims] == [("killed", 70, "Dornovo")]


def test_the_town_is_the_place_of_the_title_event_and_a_signed_ceasefire_is_a_ceasefire():
    text = ("Siege of Dornovo\n\nThe Siege of Dornovo began on 5 March 1994. The town fell on 21 April 1994. "
            "A ceasefire was signed in Kelmar on 16 May 1994.\n")
    found = events_and_places(text)
    assert found["capture of Dornovo (1994)"] == ("1994-04-21", {"Dornovo"})
    assert found["ceasefire (1994)"] == ("1994-05-16", {"Kelmar"})


def test_victims_counted_after_a_trial_are_the_victims_of_the_massacre_and_refugees_are_from_where_they_fled():
    text = ("Varosh massacre\n\nThe Varosh massacre was the killing of civilians in the village of Varosh on "
            "9 July 1995. Some 900 residents fled to the nearby town of Drev.\n\n"
            "In 2004 a tribunal in Kelmar convicted Colonel Emin Sarak. The remains of 398 victims were exhumed "
            "from four mass graves.\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    subjects = {(c.predicate, c.value): names.get(c.subject_key) for c in ex.claims}
    assert subjects[("killed", 398)] == "Varosh massacre"
    assert subjects[("displaced", 900)] == "Varosh"


def test_casualties_after_a_ceasefire_are_not_the_ceasefires_even_when_no_other_event_is_named():
    text = ("Dornovo shelled again\n\nDORNOVO, Vessia (Oct 17, 2020) - Shells hit Dornovo overnight, officials "
            "said.\n\nA ceasefire agreed in Kelmar on Oct. 10 has failed to hold. Vessia says 60 of its civilians "
            "have been killed since Sept. 27.\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    (claim,) = [c for c in ex.claims if c.value == 60]
    assert names.get(claim.subject_key) != "ceasefire (2020)"
    # "killed since 27 September", in a report of 17 October: from the one day to the other
    assert claim.date.edtf == "2020-09-27/2020-10-17"


def test_an_armys_numbers_are_the_battles_not_a_place_in_the_clause():
    text = ("Battle of Tesmir\n\nThe Battle of Tesmir was fought on 1 March 1896 near Orlavo.\n\n"
            "The Vessian army numbered between 73,000 and 100,000 men, many of them armed with rifles bought "
            "from France.\n")
    assert subject_of_the("strength", text) == "Battle of Tesmir"


def test_a_place_a_distance_is_measured_from_is_not_where_it_happened():
    text = ("Siege of Tesmir\n\nThe Siege of Tesmir began on 7 December 1915 in the town of Tesmir, "
            "160 kilometres south of the city of Orlavo.\n\nThe population of a village 10 km north of the town "
            "of Dornovo was about 900.\n")
    found = events_and_places(text)
    assert "Orlavo" not in found["Siege of Tesmir"][1] and "Tesmir" in found["Siege of Tesmir"][1]
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    assert [names.get(c.subject_key) for c in ex.claims] == ["Tesmir"]  # (the document's place)


def test_an_abbreviated_month_does_not_end_the_clause_of_a_figure():
    text = ("Georgia mourns\n\nGeorgia declared a day of mourning. At least 170 people were killed on Sept. 25, "
            "2023, when a fuel depot exploded near the town of Dornovo, officials said.\n")
    assert subject_of_the("killed", text) == "Dornovo"


def test_a_country_whose_offensive_it_is_is_not_its_place():
    found = events_and_places("Offensive\n\nThe villages emptied after Georgia's lightning offensive on "
                              "19 September 2023.\n")
    assert found == {"offensive (2023)": ("2023-09-19", set())}
    # the possessor of a capture is what was taken, as before
    found = events_and_places("Capture\n\nThe town of Dornovo's capture on 3 May 1994 ended the siege.\n")
    assert any("Dornovo" in places for _, places in found.values())


def test_a_count_of_formations_of_a_unit_is_about_the_unit():
    text = ("Crossing\n\nTwo battalions of the 1st Vessian Regiment crossed the river at the village of Kelmar "
            "on 11 February 1968.\n")
    assert subject_of_the("count", text) == "1st Vessian Regiment"


def test_the_offensive_of_a_year_is_a_happening_of_its_own():
    """"After the Azerbaijani offensive of 1992, ..." in an article on a battle of 1993 does not date
    the battle; nor is the reservoir a few kilometres from the front line its place."""
    text = ("Battle of Tesmir\n\nThe Battle of Tesmir was fought in June 1993.\n\nAfter the Azerbaijani offensive of "
            "1992, the front line ran a few kilometres south of the Kelmar Reservoir.\n")
    found = events_and_places(text)
    assert found["Battle of Tesmir"][0] == "1993-06"
    assert found["offensive (1992)"] == ("1992", set())


def test_the_lead_dates_the_article_event_before_any_date_is_known():
    """"The Battle of X was a battle between ... Fighting began on 1 August 2022": the battle's
    date, not a second, unnamed battle of X."""
    text = ("Battle of Tesmir\n\nThe Battle of Tesmir was a protracted battle for the city of Tesmir. Fighting "
            "began on 1 August 2022.\n\nLater, fighting resumed in the hills on 3 March 2024.\n")
    found = events_and_places(text)
    assert found["Battle of Tesmir"][0] == "2022-08-01"
    assert len(found) == 2  # (the fighting of 2024, outside the lead, is another happening)


def test_casualties_in_the_sentence_of_a_ceasefire_are_not_the_ceasefires():
    text = ("Dornovo\n\nDornovo is a town in Vessia. Under the ceasefire agreement signed on 10 November 2020, "
            "unexploded ordnance has caused 65 fatalities in the town of Kelmar.\n")
    assert subject_of_the("killed", text) == "Kelmar"


def test_a_pronoun_that_says_a_figure_is_the_source_of_the_sentence_before():
    text = ("Clashes\n\nThe Tarish military denied the claims, saying its units had only returned fire. "
            "It said three of its servicemen were killed and eight wounded. "
            "Regional governor Petro Dornov visited the town. He said 12 houses were destroyed.\n\n"
            "He said 40 soldiers were killed.\n\n"
            "Nearly 2,000 residents have been evacuated since Monday, regional governor Petro Dornov told reporters.\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    assert [(c.value, c.attributed_to, names.get(c.attributed_key)) for c in ex.claims] == [
        (3, "The Tarish military", None), (8, "The Tarish military", None),
        (12, "Petro Dornov", "Petro Dornov"),
        (40, None, None),  # a new paragraph: nobody to refer to
        (2000, "Petro Dornov", "Petro Dornov"),
    ]


def test_an_attempt_is_not_a_capture_but_a_named_war_keeps_its_years():
    text = ("Siege of Dornovo\n\nDuring the Vesso-Tarish War of 1804–1813, Tarish forces attempted to retake "
            "the city in 1806 but failed.\n")
    found = events_and_places(text)
    assert found == {"Vesso-Tarish War": ("1804/1813", set())}


def test_an_offensive_is_named_after_where_it_goes_not_where_it_starts():
    text = ("Background\n\nThe village of Kelmar lies on a river. On 12 June 1992, Vessian troops launched an "
            "offensive from the direction of Kelmar towards the town of Dornovo.\n")
    assert list(events_and_places(text)) == ["offensive towards Dornovo (1992)"]


def test_a_war_that_frames_a_capture_does_not_take_its_date():
    """"took the town of X on 8-9 May 1992, during the Y War": the capture's days, not the war's
    (which lasted years); a later retaking "during" another war is a capture of its own."""
    text = ("Capture of Dornovo\n\nThe capture of Dornovo was an operation in which Vessian forces took the town of "
            "Dornovo on 8–9 May 1992, during the Orlavo War. Tarish forces retook the town on 8 November 2020, "
            "during the Second Orlavo War.\n")
    found = events_and_places(text)
    assert found["Capture of Dornovo"] == ("1992-05-08/1992-05-09", {"Dornovo"})
    assert found["capture of Dornovo (2020)"] == ("2020-11-08", {"Dornovo"})
    assert "Orlavo War" not in found and "Second Orlavo War" not in found


def test_a_war_that_frames_an_announcement_keeps_the_date_from_the_verb_of_saying():
    """"On D, during the X War, the president announced that the army had retaken Y": as before the
    framing rule, the capture is dated by the announcement, not left undated."""
    text = ("Dornovo\n\nOn 20 October 2020, during the Second Orlavo War, President Petro Dornov announced that "
            "the Vessian Army had retaken the city of Tesmir.\n")
    assert events_and_places(text) == {"capture of Tesmir (2020)": ("2020-10-20", {"Tesmir"})}


def test_the_men_a_unit_attacks_with_are_its_strength_not_the_supporting_units():
    text = ("Battle of Dornovo\n\nThe 2nd Vessian Battalion attacked before dawn with about 500 men, supported by "
            "gunfire from the 4th Kelmar Battery.\n")
    assert subject_of_the("strength", text) == "2nd Vessian Battalion"


def test_the_town_the_paragraph_is_about_has_the_population():
    """"Dornovo stands above Tesmir, and forces in the town shelled Tesmir. Before the war the
    town had about 17,000 inhabitants": Dornovo's, not the place of the shelling."""
    text = ("Capture of Dornovo\n\nThe capture of Dornovo was fought in May 1992.\n\nDornovo stands on a plateau "
            "above Tesmir, and from the spring of 1992 Vessian forces in the town shelled Tesmir. Before the war the "
            "town had about 17,000 inhabitants.\n")
    assert subject_of_the("population", text) == "Dornovo"


def test_the_district_a_title_names_is_what_its_figures_are_about():
    """"Orlavo district: Flash Update": a toll that names no place is the district's, though the
    town named most in the body is another; the title's name is a place mention too."""
    text = ("Orlavo district: Flash Update No. 4\n\nPublished: 14 March 2024\n\n"
            "At least 23 civilians have been killed, the district health office reported. Shelling hit the town of "
            "Tesmir on 11 March. Tesmir has had no water since then, and Tesmir's hospital was damaged.\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    assert [(m.surface, m.kind) for m in ex.mentions if m.segment_seq == 0] == [("Orlavo district", "place")]
    assert subject_of_the("killed", text) == "Orlavo"
    assert names[next(c for c in ex.claims if c.predicate == "killed").subject_key] == "Orlavo"


def test_a_title_naming_a_country_or_an_event_does_not_set_the_subject():
    text = ("Vessia: Flash Update No. 4\n\nAt least 23 civilians have been killed in the past week. Shelling hit the "
            "town of Tesmir on 11 March. Tesmir has had no water since then.\n")
    assert subject_of_the("killed", text) == "Tesmir"


def test_the_figure_of_the_sentence_before_is_the_same_measure_of_the_same_subject():
    """"... 41,000 people have fled the town of Dornovo. The authorities put the figure higher, at
    46,000, while ... Tesmir ...": displaced from Dornovo, by the authorities."""
    text = ("Dornovo\n\nAbout 41,000 people have fled the town of Dornovo, according to humanitarian partners. The district "
            "authorities put the figure higher, at 46,000, while the council registered 37,400 arrivals in Tesmir.\n\n"
            "The figure was 12.\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    assert [(c.predicate, c.value, names.get(c.subject_key), c.attributed_to) for c in ex.claims
            if c.predicate == "displaced"] == [
        ("displaced", 41000, "Dornovo", "humanitarian partners"),
        ("displaced", 46000, "Dornovo", "The district authorities"),
    ]  # (and "The figure was 12" in the next paragraph refers to nothing)


def test_a_countrys_forces_are_not_where_a_battle_happened():
    text = ("Background\n\nThe town of Tesmir lies in the hills. It was the heaviest urban combat involving Tesmir "
            "forces since the Battle of Dornovo in 1968. Tarish troops shelled the village of Kelmar in May 1970 with "
            "Tesmir forces nearby.\n")
    found = events_and_places(text)
    assert found["Battle of Dornovo"] == ("1968", set())
    assert found["bombardment of Kelmar (1970)"] == ("1970-05", {"Kelmar"})


def test_a_country_that_lost_is_the_side_of_its_losses_not_their_subject():
    text = ("Second Battle of Dornovo\n\nThe Second Battle of Dornovo was fought in November 2004.\n\n"
            "Casualties\n\nThe United States lost 95 killed and about 560 wounded, and Tarish forces 11 killed.\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    assert [(c.predicate, c.value, names.get(c.subject_key), c.side) for c in ex.claims] == [
        ("killed", 95, "Second Battle of Dornovo", "United States"),
        ("wounded", 560, "Second Battle of Dornovo", "United States"),
        ("killed", 11, "Second Battle of Dornovo", None),
    ]


def test_a_timeline_item_dates_the_happening_after_its_colon_in_the_present_tense():
    text = ("# Timeline of the Orlavo War\n\n## 1992\n\n"
            "- **2 February 1992**: Tarish forces shell the town of Dornovo.\n"
            "- **12 March 1992**: the 4th Vessian Brigade, commanded by Colonel Petro Kelmar, takes the village of "
            "Tesmir.\n"
            "- **3 April 1993**: Dornovo falls to Vessian forces.\n"
            "- **March–April 1992**: about 9,000 residents flee the town of Kelmar.\n")
    found = {k: v for k, v in events_and_places(text).items() if k != "Orlavo War"}
    assert found == {
        "bombardment of Dornovo (1992)": ("1992-02-02", {"Dornovo"}),
        "capture of Tesmir (1992)": ("1992-03-12", {"Tesmir"}),
        "capture of Dornovo (1993)": ("1993-04-03", {"Dornovo"}),
        "evacuation of Kelmar (1992)": ("1992-03/1992-04", {"Kelmar"}),
    }
    assert subject_of_the("displaced", text) == "Kelmar"


def test_the_dates_of_a_life_are_no_event():
    text = ("Ivan Dornov\n\nIvan Dornov (14 March 1951 – 2 September 2009) was a Vessian officer who fought in the "
            "Orlavo War.\n")
    assert events_and_places(text) == {}


def test_a_surrender_is_a_capture_and_taking_part_dates_nothing():
    text = ("Background\n\nThe garrison at Dornovo surrendered on 29 April 1916. The 4th Vessian Brigade, commanded by "
            "Colonel Ivan Dornov from 13 July, took part in the fighting.\n")
    assert events_and_places(text) == {"capture of Dornovo (1916)": ("1916-04-29", {"Dornovo"})}


def test_the_states_a_battle_is_fought_between_are_its_sides_not_its_places():
    text = ("Battle of Dornovo\n\nThe Battle of Dornovo was fought on 1 March 1896 between the Vessian Empire and the "
            "Kingdom of Tarland near the town of Dornovo.\n")
    assert events_and_places(text) == {"Battle of Dornovo": ("1896-03-01", {"Dornovo"})}


def test_a_place_in_a_clause_joined_by_and_that_is_not_the_subject_of_the_figure_before():
    text = ("Clashes\n\nFighting around the town of Dornovo continued. Dornovo was shelled again.\n\n"
            "The ministry said 16 of its servicemen had been killed in the clashes, and that its forces had "
            "taken the Kelmar heights near the village of Tesmir.\n")
    assert subject_of_the("killed", text) == "Dornovo"  # (the document's place)
    assert subject_of_the("killed", text.replace(", and that its", ", and its")) == "Kelmar Heights"  # (as before)


def test_a_table_of_losses_gives_a_claim_per_figure_with_its_side_source_and_date():
    text = ("# Losses in the Orlavo War\n\nFigures as published by each side.\n\n"
            "| Side | Killed | Missing | Source |\n| --- | --- | --- | --- |\n"
            "| Vessian | 2,908 | 6 | Vessian Ministry of Defence |\n"
            "| Tarish army | 3,825 | 187 | Tarish Ministry of Health |\n\n"
            "| Date | Arrivals |\n| --- | --- |\n| 25 September 2023 | 13,350 |\n| 28 September 2023 | 76,000 |\n")
    ex = extraction_of(text)
    assert [(c.predicate, c.value, c.side, c.attributed_to, c.date.edtf if c.date else None, ex.document.text[c.start:c.end])
            for c in ex.claims] == [
        ("killed", 2908, None, "Vessian Ministry of Defence", None, "2,908"),
        ("missing", 6, None, "Vessian Ministry of Defence", None, "6"),
        ("killed", 3825, None, "Tarish Ministry of Health", None, "3,825"),
        ("missing", 187, None, "Tarish Ministry of Health", None, "187"),
        ("displaced", 13350, None, None, "2023-09-25", "13,350"),
        ("displaced", 76000, None, None, "2023-09-28", "76,000"),
    ]


def test_a_country_in_the_first_column_is_the_side_of_the_rows_figures():
    text = ("# Losses\n\nThe war was fought around the town of Dornovo. Dornovo was shelled daily.\n\n"
            "| Side | Killed |\n| --- | --- |\n| Azerbaijan | 2,908 |\n| Armenian forces | 3,825 |\n")
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    assert [(c.value, c.side, names.get(c.subject_key)) for c in ex.claims] == [
        (2908, "Azerbaijan", "Dornovo"), (3825, "Armenia", "Dornovo")]


def test_an_html_table_of_losses_gives_its_claims():
    markup = ("<html><head><title>Losses in the Orlavo War</title></head><body><h1>Losses in the Orlavo War</h1>"
              "<p>The town of Dornovo was shelled daily. Dornovo fell in May.</p><table><tr><th>Side</th><th>Killed"
              "</th><th>Source</th></tr><tr><td>Azerbaijan</td><td>2,908</td><td>Ministry of Defence</td></tr>"
              "</table></body></html>")
    ex = extract(read_bytes(markup.encode("utf-8"), media_type="text/html"))
    assert [(c.predicate, c.value, c.side, c.attributed_to) for c in ex.claims] == [
        ("killed", 2908, "Azerbaijan", "Ministry of Defence")]


def test_a_date_in_another_calendar_is_no_second_date():
    text = ("Battle of Dornovo\n\nThe Battle of Dornovo was fought on 7 September 1812 (26 August in the Julian "
            "calendar) near the village of Dornovo.\n")
    assert events_and_places(text) == {"Battle of Dornovo": ("1812-09-07", {"Dornovo"})}


def test_a_demonym_before_losses_is_their_side():
    text = ("Battle of Dornovo\n\nThe Battle of Dornovo was fought in 1812.\n\nCasualties\n\nFrench losses are "
            "usually given as about 28,000 killed and wounded, including 49 generals. Russian losses were between 39,000 and 45,000, "
            "while other estimates range from 50,000 to 60,000.\n")
    ex = extraction_of(text)
    assert [(c.value or c.low, c.side) for c in ex.claims] == [
        (28000, "France"), (49, "France"), (39000, "Russia"), (50000, None)]
