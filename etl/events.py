"""Events: dated happenings, their places and participants, and each source's date for them.

A sentence states an event when it holds a *trigger* (``etl/data/event_triggers.tsv``: "captured",
"offensive", "ceasefire"...) and a date expression; the date is paired with the nearest
trigger in its clause. The event it states is, in order of preference:

1. a *named* event mentioned in the sentence (``Battle of Kalbajar``, ``Operation Meydanchay``)
   when its type is compatible;
2. for a definite anaphor (``the offensive``, ``the battle``, ``the occupation``), the named
   event of that family the document (its title, its current section, or the last sentences)
   is about;
3. an unnamed event of the same family at the same place whose dates overlap, earlier in the
   document; else a new unnamed event, named after its type and place ("capture of Lachin").

Each statement becomes an ``EventDateRecord`` (the source's date for the event: a single day is
a ``point``, anything wider a ``span``), plus ``EventPlaceRecord`` for the places near the
trigger and ``ParticipantRecord`` for the persons and units of the clause, with a role from
cues ("led by X" -> commander; a unit before an attack verb -> attacker, after it -> defender;
"signed by" -> signatory; "mediated by" -> mediator).

Cross-document identity is decided by the writer (``etl.link``) with the same family rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from etl.types import (
    DateMention,
    EntityRecord,
    EventDateRecord,
    EventPlaceRecord,
    MentionRecord,
    ParticipantRecord,
    SegmentRecord,
)

DATA = Path(__file__).parent / "data" / "event_triggers.tsv"

# Types that can be stages or aspects of one happening: a battle, its offensive, the
# capture of the town, the withdrawal and handover that end an occupation.
FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"offensive", "battle", "capture", "attack", "bombardment", "withdrawal", "handover"}),
    frozenset({"agreement", "ceasefire"}),
)
DATE_SLACK = timedelta(days=3)
CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:while|but|whereas|although|though|and then)\b|\.\s")
ANAPHOR = re.compile(
    r"\b(?:the|this|that|its|their|his|her)\s+(?:(?:broader|whole|entire|initial|final|main|"
    r"subsequent|same|military|armenian|azerbaijani|\w+ian)\s+)?"
    r"(offensive|battle|operation|assault|attack|occupation|capture|engagement|campaign|fighting|siege|war)\b",
    re.I,
)
ANAPHOR_TYPES = {
    "offensive": "offensive",
    "operation": "offensive",
    "campaign": "offensive",
    "assault": "attack",
    "attack": "attack",
    "occupation": "capture",
    "capture": "capture",
    "battle": "battle",
    "engagement": "battle",
    "fighting": "battle",
    "siege": "battle",
    "war": "other",
}
COMMANDER_CUE = re.compile(
    r"(?:led|commanded|headed|planned|directed)\s+by\s+$|(?:commander|commanders|chief of staff|general)\W*$|"
    r"under\s+(?:the\s+command\s+of\s+)?$",
    re.I,
)
SIGNATORY_CUE = re.compile(r"signed\s+(?:by|between)\b", re.I)
MEDIATOR_CUE = re.compile(r"(?:mediated|brokered)\s+by\s+$", re.I)


def family(event_type: str | None) -> frozenset[str]:
    for fam in FAMILIES:
        if event_type in fam:
            return fam
    return frozenset({event_type}) if event_type else frozenset()


@dataclass(frozen=True)
class Trigger:
    start: int  # absolute offsets
    end: int
    event_type: str
    date_kind: str
    text: str


@lru_cache(maxsize=1)
def _trigger_table() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    words: dict[str, tuple[str, str]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        event_type, date_kind, listed = line.split("\t")
        for word in listed.split(","):
            word = word.strip().lower()
            if word and word not in words:
                words[word] = (event_type, date_kind)
    alternatives = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word.rstrip("*")).replace(r"\ ", r"\s+")
        alternatives.append(escaped + (r"\w*" if word.endswith("*") else "") + r"\b")
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.I)
    return pattern, words


def _classify(matched: str, table: dict[str, tuple[str, str]]) -> tuple[str, str]:
    lowered = " ".join(matched.lower().split())
    if lowered in table:
        return table[lowered]
    for word, value in table.items():
        if word.endswith("*") and lowered.startswith(word[:-1]):
            return value
    return ("other", "span")


def find_triggers(text: str, offset: int = 0) -> list[Trigger]:
    pattern, table = _trigger_table()
    triggers = []
    for m in pattern.finditer(text):
        event_type, date_kind = _classify(m.group(0), table)
        triggers.append(Trigger(offset + m.start(), offset + m.end(), event_type, date_kind, m.group(0)))
    return triggers


@dataclass
class _Event:
    key: str
    event_type: str
    name: str
    named: bool
    place_keys: set[str] = field(default_factory=set)
    intervals: list[tuple[date, date]] = field(default_factory=list)
    last_seq: int = -1

    def overlaps(self, start: date, end: date) -> bool:
        return any(s - DATE_SLACK <= end and start <= e + DATE_SLACK for s, e in self.intervals)


@dataclass
class EventFindings:
    entities: list[EntityRecord]
    event_dates: list[EventDateRecord]
    places: list[EventPlaceRecord]
    participants: list[ParticipantRecord]
    # For claims: which event a segment is about (its statement, else its context).
    segment_events: dict[int, str]


def _clause_bounds(sentence: SegmentRecord, position: int) -> tuple[int, int]:
    """Absolute bounds of the clause of the sentence containing ``position``."""
    relative = position - sentence.start
    start, end = 0, len(sentence.text)
    for m in CLAUSE_BREAK.finditer(sentence.text):
        if m.end() <= relative:
            start = m.end()
        elif m.start() >= relative:
            end = m.start()
            break
    return sentence.start + start, sentence.start + end


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def find_events(
    text: str,
    segments: Sequence[SegmentRecord],
    entities: Sequence[EntityRecord],
    mentions: Sequence[MentionRecord],
    dates: dict[int, list[DateMention]],
    *,
    title: str | None = None,
) -> EventFindings:
    """Events stated in the body sentences of one document (see the module docstring)."""
    by_key = {e.key: e for e in entities}
    mentions_by_seq: dict[int, list[MentionRecord]] = {}
    for m in mentions:
        mentions_by_seq.setdefault(m.segment_seq, []).append(m)

    events: dict[str, _Event] = {}
    for entity in entities:
        if entity.kind == "event":
            events[entity.key] = _Event(entity.key, entity.event_type or "other", entity.name, True)
    place_names = {e.name.casefold(): e.key for e in entities if e.kind == "place"}
    for event in events.values():
        place = _place_in_name(event.name, place_names)
        if place:
            event.place_keys.add(place)

    topic = _title_event(title, events)
    section_events: dict[str, str] = {}
    new_entities: list[EntityRecord] = []
    event_dates: list[EventDateRecord] = []
    places: list[EventPlaceRecord] = []
    participants: list[ParticipantRecord] = []
    segment_events: dict[int, str] = {}
    recent: str | None = topic
    counter = 0

    for segment in segments:
        seg_mentions = mentions_by_seq.get(segment.seq, [])
        named_here = [m for m in seg_mentions if m.kind == "event" and m.entity_key in events]
        if segment.kind == "heading":
            if named_here:
                section_events[segment.text] = named_here[0].entity_key
            continue
        if segment.kind not in ("sentence", "caption"):
            continue
        context = section_events.get(segment.section or "", None) or recent or topic
        if named_here:
            recent = named_here[-1].entity_key
        seg_dates = [d for d in dates.get(segment.seq, []) if not _inside_name(d, seg_mentions)]
        triggers = find_triggers(segment.text, segment.start)
        if not triggers and named_here:
            segment_events[segment.seq] = named_here[0].entity_key
        elif context:
            segment_events.setdefault(segment.seq, context)
        if not seg_dates or not (triggers or named_here):
            continue
        used: set[tuple[str, str]] = set()
        for dm in seg_dates:
            trigger = _nearest_trigger(segment, dm, triggers)
            named = _nearest_named(segment, dm, named_here)
            if trigger is None and named is None:
                continue
            event_type = trigger.event_type if trigger else events[named.entity_key].event_type
            anchor = (trigger.start, trigger.end) if trigger else (named.start, named.end)
            event_key = None
            if named is not None and (trigger is None or trigger.event_type in family(events[named.entity_key].event_type)
                                      or events[named.entity_key].event_type == "other"):
                event_key = named.entity_key
            near_places = _places_near(segment, anchor, seg_mentions)
            if event_key is None:
                event_key = _anaphor_event(segment, trigger, events, context, recent)
            if event_key is None:
                event_key = _matching_unnamed(events, event_type, near_places, dm)
            if event_key is None:
                counter += 1
                event_key = f"event:new:{counter}"
                place_name = by_key[near_places[0]].name if near_places else None
                name = f"{event_type} of {place_name}" if place_name else f"{event_type} ({dm.value.edtf})"
                events[event_key] = _Event(event_key, event_type, name, False)
                new_entities.append(
                    EntityRecord(key=event_key, kind="event", name=name, event_type=event_type)
                )
            event = events[event_key]
            if (event_key, dm.value.edtf) in used:
                continue
            used.add((event_key, dm.value.edtf))
            kind = "point" if dm.value.start == dm.value.end else "span"
            event_dates.append(
                EventDateRecord(event_key, segment.seq, dm, kind, f"event.{event_type}" + (".named" if event.named else ""))
            )
            event.intervals.append((dm.value.start, dm.value.end))
            event.last_seq = segment.seq
            segment_events[segment.seq] = event_key
            recent = event_key if event.named else recent
            for place_key in near_places[:2]:
                if place_key not in event.place_keys or not any(
                    p.event_key == event_key and p.place_key == place_key for p in places
                ):
                    event.place_keys.add(place_key)
                    places.append(EventPlaceRecord(event_key, place_key, segment.seq, "event.place_near_trigger"))
            participants.extend(_participants(segment, event_key, event_type, anchor, seg_mentions))

    # Places named inside event names ("Battle of Kalbajar") are event places too.
    for event in events.values():
        if event.named:
            first_seq = next((m.segment_seq for m in mentions if m.entity_key == event.key), None)
            for place_key in sorted(event.place_keys):
                if first_seq is not None and not any(
                    p.event_key == event.key and p.place_key == place_key for p in places
                ):
                    places.append(EventPlaceRecord(event.key, place_key, first_seq, "event.place_in_name"))
    return EventFindings(new_entities, event_dates, places, _dedupe(participants), segment_events)


def _dedupe(participants: list[ParticipantRecord]) -> list[ParticipantRecord]:
    seen, out = set(), []
    for p in participants:
        mark = (p.event_key, p.entity_key, p.role, p.segment_seq)
        if mark not in seen:
            seen.add(mark)
            out.append(p)
    return out


def _place_in_name(name: str, place_names: dict[str, str]) -> str | None:
    m = re.search(r"\b(?:of|at|in|for)\s+(.+?)(?:\s*\(.*\))?$", name)
    candidates = [m.group(1)] if m else []
    words = name.split()
    if len(words) >= 2:
        candidates.append(" ".join(words[:-1]))  # "Khojaly massacre", "Shusha offensive"
    for candidate in candidates:
        key = place_names.get(candidate.casefold())
        if key:
            return key
    return None


def _title_event(title: str | None, events: dict[str, _Event]) -> str | None:
    if not title:
        return None
    folded = title.casefold()
    for event in events.values():
        if event.named and event.name.casefold() in folded:
            return event.key
    return None


def _inside_name(dm: DateMention, mentions: list[MentionRecord]) -> bool:
    return any(m.start <= dm.start and dm.end <= m.end for m in mentions)


def _nearest_trigger(segment: SegmentRecord, dm: DateMention, triggers: list[Trigger]) -> Trigger | None:
    lo, hi = _clause_bounds(segment, dm.start)
    in_clause = [t for t in triggers if lo <= t.start < hi]
    pool = in_clause or [t for t in triggers if _distance((t.start, t.end), (dm.start, dm.end)) <= 60]
    if not pool:
        return None
    return min(pool, key=lambda t: (_distance((t.start, t.end), (dm.start, dm.end)), t.start))


def _nearest_named(segment: SegmentRecord, dm: DateMention, named: list[MentionRecord]) -> MentionRecord | None:
    if not named:
        return None
    best = min(named, key=lambda m: _distance((m.start, m.end), (dm.start, dm.end)))
    lo, hi = _clause_bounds(segment, dm.start)
    if lo <= best.start < hi or _distance((best.start, best.end), (dm.start, dm.end)) <= 40:
        return best
    return None


def _anaphor_event(segment, trigger: Trigger | None, events, context: str | None, recent: str | None) -> str | None:
    if trigger is None:
        return None
    window = segment.text[max(0, trigger.start - segment.start - 40) : trigger.end - segment.start]
    m = None
    for m in ANAPHOR.finditer(window):
        pass
    if m is None or segment.start + max(0, trigger.start - segment.start - 40) + m.end() < trigger.end:
        return None
    wanted = family(ANAPHOR_TYPES.get(m.group(1).lower(), trigger.event_type))
    for candidate in (context, recent):
        if candidate and candidate in events and (
            events[candidate].event_type in wanted or events[candidate].event_type == "other" and "other" in wanted
        ):
            return candidate
    return None


def _matching_unnamed(events: dict[str, _Event], event_type: str, places: list[str], dm: DateMention) -> str | None:
    wanted = family(event_type)
    for event in events.values():
        if event.event_type not in wanted or not event.intervals:
            continue
        if places and event.place_keys and not (event.place_keys & set(places)):
            continue
        if not places and event.place_keys:
            continue
        if event.overlaps(dm.value.start, dm.value.end):
            return event.key
    return None


def _places_near(segment: SegmentRecord, anchor: tuple[int, int], mentions: list[MentionRecord]) -> list[str]:
    lo, hi = _clause_bounds(segment, anchor[0])
    candidates = [m for m in mentions if m.kind == "place" and lo <= m.start < hi]
    candidates.sort(key=lambda m: (m.start < anchor[0], _distance((m.start, m.end), anchor)))
    keys: list[str] = []
    for m in candidates:
        if m.entity_key not in keys:
            keys.append(m.entity_key)
    return keys


def _participants(segment, event_key, event_type, anchor, mentions) -> list[ParticipantRecord]:
    out = []
    lo, hi = _clause_bounds(segment, anchor[0])
    for m in mentions:
        if m.kind not in ("person", "unit"):
            continue
        in_clause = lo <= m.start < hi
        if not in_clause and _distance((m.start, m.end), anchor) > 80:
            continue
        before = segment.text[max(0, m.start - segment.start - 40) : m.start - segment.start]
        after = segment.text[m.end - segment.start : m.end - segment.start + 25]
        role = "participant"
        rule = "participant.same_clause"
        if COMMANDER_CUE.search(before) or m.title or re.match(r"['’]s\s+(?:forces|units|troops|detachment|armou?r|column|men)", after):
            role, rule = "commander", "participant.commander_cue"
        elif MEDIATOR_CUE.search(before):
            role, rule = "mediator", "participant.mediated_by"
        elif event_type == "agreement" and SIGNATORY_CUE.search(segment.text):
            role, rule = "signatory", "participant.signed"
        elif m.kind == "unit" and event_type in family("attack"):
            role = "attacker" if m.end <= anchor[0] else "defender"
            rule = "participant.unit_position"
        out.append(ParticipantRecord(event_key, m.entity_key, role, segment.seq, rule))
    return out

