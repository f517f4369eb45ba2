"""Who commanded which unit (etl/relations.py), through the pure pipeline, on made-up text."""

from __future__ import annotations

import pytest

from etl.pipeline import extract
from etl.read import read_bytes


def commands(text: str) -> set[tuple[str, str, str]]:
    ex = extract(read_bytes(text.encode("utf-8")))
    names = {e.key: e.name for e in ex.entities}
    return {(names[c.unit_key], names[c.person_key], c.rule) for c in ex.commands}


@pytest.mark.parametrize(
    "sentence, rule",
    [
        ("The 5th Vessian Battalion, led by Colonel Ivan Dornov, held the ridge.", "command.led_by"),
        ("Colonel Ivan Dornov, commander of the 5th Vessian Battalion, held the ridge.", "command.appositive"),
        ("Colonel Ivan Dornov commanded the 5th Vessian Battalion in 1993.", "command.who_led"),
        ("Colonel Ivan Dornov commanded the Tarish 5th Vessian Battalion in 1993.", "command.who_led"),
        ("In April 1994 Colonel Ivan Dornov was appointed commander of the 5th Vessian Battalion.", "command.appointed"),
        ("Colonel Ivan Dornov assumed command of the 5th Vessian Battalion on 3 May 1994.", "command.took_command"),
        ("The 5th Vessian Battalion, under SS-Obergruppenführer Ivan Dornov, held the ridge.", "command.under"),
        ("The 5th Vessian Battalion of the Army of the Republic of Dornovo and Kelmar, commanded by Ivan Dornov, "
         "held the ridge.", "command.led_by"),
        ("The 5th Vessian Battalion of the Dornovo Army, under Major General Ivan Dornov, held the ridge.",
         "command.under"),
    ],
)
def test_one_sentence_cues(sentence, rule):
    assert commands(f"Background\n\n{sentence}\n") == {("5th Vessian Battalion", "Ivan Dornov", rule)}


def test_its_commander_in_the_next_sentence_is_the_commander_of_the_unit_before():
    text = ("Background\n\nThe 131st Vessian Brigade entered the city on 31 December. Its commander, Colonel Ivan "
            "Dornov, was killed along with nearly 800 of his men.\n")
    assert commands(text) == {("131st Vessian Brigade", "Ivan Dornov", "command.its_commander")}
    ex = extract(read_bytes(text.encode("utf-8")))
    assert [(c.predicate, c.value) for c in ex.claims] == [("killed", 800)]
    # not across paragraphs
    text = "Background\n\nThe 131st Vessian Brigade entered the city.\n\nIts commander, Colonel Ivan Dornov, was killed.\n"
    assert commands(text) == set()


def test_the_unit_was_commanded_by_in_the_next_sentence():
    text = ("Background\n\nThe Dornovo-Kelmar Corps and the 5th Vessian Battalion held the hills. The corps was "
            "commanded by Major General Ivan Dornov from 1992 until 1994, and then by Major General Petr Varnik.\n")
    assert commands(text) == {("Dornovo-Kelmar Corps", "Ivan Dornov", "command.the_unit_led_by"),
                              ("Dornovo-Kelmar Corps", "Petr Varnik", "command.the_unit_led_by")}
    # a place defended by a person is not a unit commanded; nor across paragraphs
    assert commands("Background\n\nThe 5th Vessian Battalion held the hills. The town was defended by Colonel "
                    "Ivan Dornov.\n") == set()
    assert commands("Background\n\nThe 5th Vessian Battalion held the hills.\n\nThe battalion was commanded by "
                    "Colonel Ivan Dornov.\n") == set()


def test_a_replacement_takes_the_unit_of_the_commander_replaced():
    text = ("Background\n\nThe Vessian Eighth Army, commanded by General Ivan Dornov, defended the coast. After the "
            "defeat at the river, Dornov was replaced by General Petr Varnik.\n")
    assert commands(text) == {("Eighth Army", "Ivan Dornov", "command.led_by"),
                              ("Eighth Army", "Petr Varnik", "command.replaced")}
    text = ("Background\n\nColonel Ivan Dornov commanded the 5th Brigade. In May the colonel was wounded, and "
            "Colonel Ali Kelmarov replaced Dornov in the field.\n")
    assert ("5th Brigade", "Ali Kelmarov", "command.replaced") in commands(text)
    # whoever replaces someone who commanded nothing commands nothing
    assert commands("Background\n\nMinister Ivan Dornov was replaced by Petr Varnik in May 1994.\n") == set()


def test_commander_of_the_brigade_is_the_brigade_named_before():
    text = ("Background\n\nUnits of the 3rd Vessian Brigade repelled four attacks near the village of Dornovo. "
            "The enemy lost two tanks. Colonel Ivan Dornov, commander of the brigade, said the line held.\n")
    assert commands(text) == {("3rd Vessian Brigade", "Ivan Dornov", "command.commander_of_the")}
    text = text.replace("commander of the brigade", "commander of the division")
    assert commands(text) == set()


def test_a_person_coordinated_after_a_commander_does_not_command_the_unit():
    """"General P1, commander of the U, and General P2 planned ...": P2 is the second planner."""
    text = ("Background\n\nThe offensive was planned by General Ivan Dornov, commander of the 5th Vessian "
            "Battalion, and General Pavel Ostrin as a joint attack.\n")
    assert commands(text) == {("5th Vessian Battalion", "Ivan Dornov", "command.appositive")}
    # the cue itself still works: "the commander of the U, Colonel P"
    text = "Background\n\nThe commander of the 5th Vessian Battalion, Colonel Pavel Ostrin, was wounded.\n"
    assert commands(text) == {("5th Vessian Battalion", "Pavel Ostrin", "command.commander_of")}


def test_the_commander_after_a_short_name_in_brackets():
    text = ("Background\n\nThe 2nd Battalion, Kelmar Parachute Regiment (2 Para), under Lieutenant Colonel Ivan Dornov, "
            "was ordered to raid the settlement.\n")
    assert commands(text) == {("2nd Battalion", "Ivan Dornov", "command.under")}


@pytest.mark.parametrize("verb", ["took over the battalion", "took command of the battalion",
                                  "assumed command of the battalion", "was appointed commander of the battalion"])
def test_taking_over_the_unit_named_before(verb):
    text = ("Background\n\nThe 5th Vessian Battalion held the ridge. Its commander was killed on 3 May, and Major "
            f"Petro Kelmar {verb}.\n")
    assert commands(text) == {("5th Vessian Battalion", "Petro Kelmar", "command.commander_of_the")}


def test_a_biographys_lead_names_the_unit_its_subject_commanded():
    text = ("Ivan Dornov\n\nIvan Dornov (14 March 1951 – 2 September 2009) was a Vessian army officer who commanded "
            "the 4th Mountain Brigade during the Orlavo War.\n")
    assert commands(text) == {("4th Mountain Brigade", "Ivan Dornov", "command.who_led")}


def test_a_corps_named_after_a_river_is_a_unit_where_it_has_an_army_or_a_commander():
    text = ("Background\n\nGeneral Ivan Dornov had been Chief of Staff of the Tesmir Corps of the Army of Vessia. "
            "The Kelmar Corps, commanded by General Petro Orlov, took part in the assault. The Press Corps waited.\n")
    assert commands(text) == {("Kelmar Corps", "Petro Orlov", "command.led_by")}
    ex = extract(read_bytes(text.encode("utf-8")))
    assert sorted(e.name for e in ex.entities if e.kind == "unit") == ["Kelmar Corps", "Tesmir Corps"]
