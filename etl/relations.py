"""Who commanded which unit: person-unit relations stated in one sentence.

Cues, between a unit mention U and a person mention P of the same sentence (titles and up to
a few words may stand between; no other person or unit may):

    U, led/commanded/headed by P         The 5th Battalion, led by Colonel X
    U ... were led by the chief of staff ..., P
    P and/with his/her U                 X and his 709th brigade
    the commander of (the) U, P          the commander of the 1st Brigade, X
    P, (the) commander/head of (the) U   X, commander of the 2nd Company
    P commanded/led/headed (the) U       X commanded the 3rd Regiment
    P's U                                X's 4th Battalion
    P was appointed commander of (the) U X was appointed commander of the 3rd Corps
    P took/assumed command of (the) U    X assumed command of the 5th Brigade
    ... replacing him/her with P         (after one of the above) P commands the same unit

and across two sentences of a paragraph: "U ... . Its commander, P, ..." (the unit the sentence
before is about: its first unit); "U ... . The corps was commanded by P (and then by P2)" (the
last unit of that kind the sentence before named); and "P1 was replaced by P2" / "P2 replaced P1"
anywhere after a command of P1's was found: P2 commands P1's unit; "P, commander of the brigade"
(the last brigade named in the five sentences before).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.types import CommandRecord, MentionRecord, SegmentRecord

_TITLE_WORDS = r"(?:[^\W\d_][\w.\-]*\s+){0,4}"  # (letters of any script: "SS-Obergruppenführer")
UNIT_THEN_PERSON = [
    ("command.led_by", re.compile(r"^[^.;]{0,40}?\b(?:led|commanded|headed)\s+by\b[^.;]{0,90}$", re.I)),
    # ("the 1st Corps of the Army of the Republic of Bosnia and Herzegovina, commanded by X",
    # "the 6th (Poona) Division of the British Indian Army, under Major General X")
    ("command.led_by", re.compile(
        r"^\s+of\s+(?:the\s+)?[A-Z][^.;,]{0,90},\s*(?:led|commanded|headed)\s+by\s+" + _TITLE_WORDS + r"$")),
    ("command.under", re.compile(
        r"^\s+of\s+(?:the\s+)?[A-Z][^.;,]{0,90},\s*under\s+(?:the\s+command\s+of\s+)?" + _TITLE_WORDS + r"$")),
    # (also after the unit's short name in brackets: "the 2nd Battalion (2 Para), under Lieutenant Colonel X")
    ("command.under", re.compile(r"^\)?\s*,?\s*(?:was\s+|were\s+)?under\s+(?:the\s+command\s+of\s+)?" + _TITLE_WORDS + r"$", re.I)),
    # needs "commander of" before U; "..., commander of the U, and General P2" coordinates another person
    ("command.commander_of", re.compile(r"^\s*,\s*(?!(?:and|or|but|while|whereas)\b)" + _TITLE_WORDS + r"$")),
    ("command.commander_noun", re.compile(r"^['’]s\s+commander\s*,?\s*" + _TITLE_WORDS + r"$", re.I)),
]
PERSON_THEN_UNIT = [
    ("command.and_his", re.compile(r"^\s+(?:and|with)\s+(?:his|her)\s+(?:own\s+)?$", re.I)),
    ("command.appositive", re.compile(r"^\s*,\s*(?:the\s+|a\s+)?(?:commander|head|leader|chief|commanding officer)\s+of\s+(?:the\s+)?$", re.I)),
    # (a demonym may stand before the unit: "commanded the German 30th Infantry Division")
    ("command.who_led", re.compile(r"^\s*,?\s*(?i:(?:who\s+)?(?:commanded|led|headed)\s+(?:the\s+)?)(?:[A-Z][\w-]+\s+)?$")),
    # a biography's lead: "P (1951-2009) was a Vessian army officer who commanded the U"
    ("command.who_led", re.compile(
        r"^\s*(?:\([^()]{0,80}\)\s*)?,?\s*(?:was|is)\s+(?:a|an|the)\s+[^.;()]{0,80}?\bwho\s+(?:commanded|led|headed)"
        r"\s+(?:the\s+)?(?:[A-Z][\w-]+\s+)?$")),
    ("command.possessive", re.compile(r"^['’]s\s+$")),
    ("command.appointed", re.compile(
        r"^\s*,?\s+(?:was\s+|were\s+|had\s+been\s+|has\s+been\s+)?(?:appointed|named|made)\s+(?:as\s+)?(?:the\s+)?"
        r"(?:new\s+|acting\s+)?(?:commander|head|chief|commanding\s+officer)\s+of\s+(?:the\s+)?$", re.I)),
    ("command.took_command", re.compile(
        r"^\s*,?\s+(?:took|assumed|was\s+given|received)\s+(?:over\s+)?(?:the\s+)?command\s+of\s+(?:the\s+)?$", re.I)),
]
# "The corps was commanded by Major General X (..., and then by Y)": the unit of that kind the
# sentence before named
THE_UNIT_COMMANDED = re.compile(
    r"^(?:The|This|That)\s+([a-z]+)\s+(?:was|were|had\s+been)\s+(?:commanded|led|headed)\s+by\s+" + _TITLE_WORDS + r"$")
THEN_BY = re.compile(r"\b(?:then|later|subsequently|afterwards)\s+by\s+" + _TITLE_WORDS + r"$")
ITS_COMMANDER = re.compile(r"(?:Its|Their)\s+(?:commander|commanding officer)\s*,?\s*" + _TITLE_WORDS + r"$")
COMMANDER_OF_BEFORE = re.compile(r"\b(?:commander|head|leader|chief)\s+of\s+(?:the\s+)?$", re.I)
REPLACING = re.compile(r"\breplac\w*\s+(?:him|her)\s+with\s+" + _TITLE_WORDS + r"$", re.I)


def find_commands(segments: Sequence[SegmentRecord], mentions: Sequence[MentionRecord]) -> list[CommandRecord]:
    by_seq: dict[int, list[MentionRecord]] = {}
    for m in mentions:
        if m.kind in ("person", "unit"):
            by_seq.setdefault(m.segment_seq, []).append(m)
    seg_by_seq = {s.seq: s for s in segments}
    found: dict[tuple[str, str, int], CommandRecord] = {}  # the first rule to find a pair names it

    def add(unit: str, person: str, seq: int, rule: str) -> None:
        found.setdefault((unit, person, seq), CommandRecord(unit, person, seq, rule))

    for seq, ms in by_seq.items():
        segment = seg_by_seq.get(seq)
        if segment is None:
            continue
        ms.sort(key=lambda m: m.start)
        units = [m for m in ms if m.kind == "unit"]
        persons = [m for m in ms if m.kind == "person"]
        before = seg_by_seq.get(seq - 1)
        same_paragraph = before is not None and before.paragraph == segment.paragraph
        if persons and ITS_COMMANDER.match(_between(segment, segment.start, persons[0].start)):
            earlier_units = sorted((m for m in by_seq.get(seq - 1, []) if m.kind == "unit"), key=lambda m: m.start)
            if same_paragraph and earlier_units:
                add(earlier_units[0].entity_key, persons[0].entity_key, seq, "command.its_commander")
        if persons and not units and same_paragraph:
            m = THE_UNIT_COMMANDED.match(_between(segment, segment.start, persons[0].start))
            unit = m and _last_unit_named(by_seq, seg_by_seq, [seq - 1], m.group(1))
            if unit:
                commanders = [persons[0]] + [p for p in persons[1:] if THEN_BY.search(
                    _between(segment, max(segment.start, p.start - 60), p.start))]
                for person in commanders:
                    add(unit.entity_key, person.entity_key, seq, "command.the_unit_led_by")
        if not units or not persons:
            continue
        last_pair: tuple[MentionRecord, MentionRecord] | None = None
        for unit in units:
            for person in persons:
                rule = _relation(segment, unit, person, ms)
                if rule:
                    add(unit.entity_key, person.entity_key, seq, rule)
                    last_pair = (unit, person)
        if last_pair:
            unit, previous = last_pair
            for person in persons:
                if person.start > previous.end and REPLACING.search(_between(segment, previous.end, person.start)):
                    add(unit.entity_key, person.entity_key, seq, "command.replacement")
    _commander_of_the(by_seq, seg_by_seq, add)
    _replacements(by_seq, seg_by_seq, found, add)
    return list(found.values())


def _last_unit_named(by_seq, seg_by_seq, seqs, kind: str, until: int | None = None) -> MentionRecord | None:
    """The last unit mention whose words end with ``kind`` ("brigade") in the first of the
    segments ``seqs`` that has one (in the first, only before the position ``until``)."""
    for i, seq in enumerate(seqs):
        segment = seg_by_seq.get(seq)
        if segment is None:
            continue
        units = [u for u in by_seq.get(seq, ()) if u.kind == "unit" and (i > 0 or until is None or u.end <= until)
                 and _between(segment, u.start, u.end).casefold().endswith(kind)]
        if units:
            return units[-1]
    return None


# "Colonel X, commander of the brigade, said", "Major X took over the battalion", "X assumed
# command of the regiment": the last brigade (battalion, regiment) named in the few sentences before
COMMANDER_OF_THE = re.compile(
    r"(?:\s*,\s*(?:the\s+)?(?:commander|head|chief|commanding\s+officer)\s+of"
    r"|\s*,?\s+(?:took|assumed)\s+(?:over\s+)?(?:the\s+)?(?:command\s+of)?"
    r"|\s*,?\s+(?:was\s+)?(?:appointed|named)\s+(?:the\s+)?(?:new\s+|acting\s+)?commander\s+of)\s*the\s+([a-z]+)\b")


def _commander_of_the(by_seq, seg_by_seq, add) -> None:
    seqs = sorted(by_seq)
    for n, seq in enumerate(seqs):
        segment = seg_by_seq.get(seq)
        if segment is None:
            continue
        for person in (m for m in by_seq[seq] if m.kind == "person"):
            m = COMMANDER_OF_THE.match(segment.text, person.end - segment.start)
            window = list(reversed(seqs[max(0, n - 5):n + 1]))  # this sentence, then the five before
            unit = m and _last_unit_named(by_seq, seg_by_seq, window, m.group(1), until=person.start)
            if unit:
                add(unit.entity_key, person.entity_key, seq, "command.commander_of_the")


# "P1 was replaced by P2", "P2 replaced P1": P2 takes the unit(s) P1 was found commanding before
REPLACED_BY = re.compile(r"^\s*,?\s+(?:was|had\s+been)\s+replaced\s+by\s+" + _TITLE_WORDS + r"$")
REPLACED = re.compile(r"^\s+replaced\s+" + _TITLE_WORDS + r"$")


def _replacements(by_seq, seg_by_seq, found: dict, add) -> None:
    for seq in sorted(by_seq):
        segment = seg_by_seq.get(seq)
        persons = [m for m in by_seq[seq] if m.kind == "person"]
        if segment is None or len(persons) < 2:
            continue
        for a, b in zip(persons, persons[1:]):
            between = _between(segment, a.end, b.start)
            if REPLACED_BY.match(between):
                old, new = a, b
            elif REPLACED.match(between):
                old, new = b, a
            else:
                continue
            units = [c.unit_key for c in found.values() if c.person_key == old.entity_key and c.segment_seq <= seq]
            for unit_key in dict.fromkeys(units):
                add(unit_key, new.entity_key, seq, "command.replaced")


def _between(segment: SegmentRecord, start: int, end: int) -> str:
    return segment.text[start - segment.start : end - segment.start]


def _relation(segment, unit: MentionRecord, person: MentionRecord, mentions) -> str | None:
    first, second = (unit, person) if unit.start < person.start else (person, unit)
    if any(first.end <= m.start and m.end <= second.start for m in mentions if m is not first and m is not second):
        return None  # another person or unit stands between them
    between = _between(segment, first.end, second.start)
    if len(between) > 140:
        return None
    if first is unit:
        for rule, pattern in UNIT_THEN_PERSON:
            if pattern.search(between):
                if rule == "command.commander_of":
                    before = segment.text[max(0, unit.start - segment.start - 30) : unit.start - segment.start]
                    if not COMMANDER_OF_BEFORE.search(before):
                        continue
                return rule
        return None
    for rule, pattern in PERSON_THEN_UNIT:
        if pattern.search(between):
            return rule
    return None
