"""Events: dated happenings, their places and participants, and each source's date for them.

A sentence states an event when a date expression in it is *governed* by a trigger
(``etl/data/event_triggers.tsv``: "captured", "offensive", "ceasefire"...): the trigger is the
nearest event word to the date in its clause and no *blocker* is nearer ("Speaking in 2020",
"conceived in January 1993", "the 1989 census" claim their dates for something that is not a
happening). Further guards: a trigger right after an *irrealis* phrase ("called for the
withdrawal", "was to be returned") states nothing; a date after "until"/"since" dates a state,
not a happening (unless "..., when <trigger>" follows); a point-like happening dated by a range
of months or years ("the occupation ... from 1993 to 2020") is a state too. An infobox line
``Date: 8–9 May 1992`` dates the event the document is about.

The event a statement belongs to is, in order:

1. a *named* event in the sentence (``Battle of Kalbajar``, ``Operation Meydanchay``) that the
   date attaches to (the name is nearer than the trigger, or the trigger is of its family);
2. for a definite anaphor (``the offensive``, ``the occupation``), the named event of that
   family that the document, its section or its recent sentences are about, if the date fits
   the dates already known for it (so the context never swallows unrelated happenings);
3. an unnamed event of the same family at the same place whose dates overlap;
4. else a new unnamed event named after its type and place ("capture of Lachin").

Each statement becomes an ``EventDateRecord`` (a single day is a ``point``, anything wider a
``span``), with ``EventPlaceRecord`` for the places near the trigger (or, when one trigger
governs several dated objects, the place each date follows) and ``ParticipantRecord``
for the persons and units of the clause, their role from cues ("led by X" -> commander; a unit
before an attack verb -> attacker, after it -> defender; "mediated by" -> mediator).

Cross-document identity is decided by the writer (``etl.link``) with the same family rule.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from etl.lexicon import default_lexicon
from etl.types import (
    AliasRecord,
    DateMention,
    DateValue,
    EntityRecord,
    EventDateRecord,
    EventPlaceRecord,
    MentionRecord,
    ParticipantRecord,
    SegmentRecord,
)

DATA = Path(__file__).parent / "data" / "event_triggers.tsv"

# Types that can be stages or aspects of one happening: a battle, its offensive, the capture of
# the town, the withdrawal and handover that end an occupation.
FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"offensive", "battle", "capture", "attack", "bombardment", "withdrawal", "handover"}),
    frozenset({"agreement", "ceasefire"}),
)
DATE_SLACK = timedelta(days=3)
STATE_SPAN = timedelta(days=62)  # a point-like happening dated by a longer range is a state
PRECISE_DAYS = 62  # a date at most this wide can tie a statement to a known event
# Each alternative starts with a literal character (";|:" rather than "[;:]"): the regex engine then
# skips quickly to the candidate characters (the same matches, about twice as fast).
CLAUSE_BREAK = re.compile(r";|:|,\s+(?:while|but|whereas|although|though|and then)\b|\.\s")
# "the defence" of a place, not the defence ministry, forces, lines... of a state
_NOT_A_DEFENCE = (r"(?:minist|force|army|depart|secretar|council|committee|industr|budget|spending|line|position|"
                  r"official|analyst|expert|attach|pact|treat|agreement|cooperation|sector|system|capabilit)")
# What follows the determiner: an optional modifier, then the head noun (the group)
_ANAPHOR_TAIL = (
    r"\s+(?:(?:broader|whole|entire|initial|final|main|subsequent|same|military|armenian|azerbaijani|[a-z]+ian|"
    r"[a-z]+i)\s+)?(offensive|battle|operation|assault|attack|occupation|capture|engagement|campaign|fighting|"
    r"siege|defen[cs]e(?!\s+" + _NOT_A_DEFENCE + r")|war)\b"
)
ANAPHOR = re.compile(r"\b(?:the|this|that|its|their|his|her)" + _ANAPHOR_TAIL, re.I)
ANAPHOR_TYPES = {
    "offensive": "offensive", "operation": "offensive", "campaign": "offensive", "assault": "attack",
    "attack": "attack", "occupation": "capture", "capture": "capture", "battle": "battle",
    "engagement": "battle", "fighting": "battle", "siege": "battle", "defence": "battle", "defense": "battle",
    "war": "other",
}
# The same, case-sensitive, for text whose ASCII letters are lowered (``_lowered``). The determiner
# is branched on its first letter with the word boundary after it, so that the engine can skip
# to the positions where a determiner may start.
_ANAPHOR_LOW = re.compile(r"(?:t(?<!\w.)(?:he|his|hat|heir)|i(?<!\w.)ts|h(?<!\w.)(?:is|er))" + _ANAPHOR_TAIL)
# Non-ASCII characters that ``re.IGNORECASE`` matches to an ASCII letter (İ ı ſ K): a text with
# one of them is matched by the case-insensitive patterns themselves. Lowering any other
# character keeps it non-ASCII, keeps its length and whether it is a word or space character.
_FOLD_SPECIAL = re.compile("[\u0130\u0131\u017f\u212a]")


def _lowered(text: str) -> str | None:
    """``text`` in lower case for the case-sensitive variants of the patterns (same length,
    the same ASCII letters in lower case, no new ASCII letter), or None when a case-insensitive
    match of ASCII words could differ from a case-sensitive match on the lowered text."""
    if text.isascii():
        return text.lower()
    if _FOLD_SPECIAL.search(text) is not None:
        return None
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


_OF_NAME = re.compile(r"[A-Z][a-z]+ of (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}")  # "Siege of Dornovo"
# "... of Lachin", "the offensive of 1992" (a happening of its own, not a reference back)
SPECIFIC_AFTER = re.compile(r"\s+(?:(?:of|in|at|on)\s+(?:the\s+)?[A-Z\u0100-\u024f]|of\s+\d{4}\b)")
INFOBOX_DATE = re.compile(r"^\s*(?:date|dates)\s*[:=]", re.I)
STATE_BEFORE_DATE = re.compile(r"\b(?:until|till|since)\s+(?:the\s+)?$", re.I)
WHEN_AFTER_DATE = re.compile(r"^\W{0,3}\s*when\b", re.I)
COMMANDER_CUE = re.compile(
    r"(?:led|commanded|headed|planned|directed)\s+by\s+$|(?:commander|commanders|chief of staff|general)\W*$|"
    r"under\s+(?:the\s+command\s+of\s+)?$",
    re.I,
)
SIGNATORY_CUE = re.compile(r"\bsigned\b", re.I)
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
    event_type: str  # an event type, or "blocker" / "irrealis"
    date_kind: str
    text: str


@lru_cache(maxsize=1)
def _trigger_table() -> tuple[re.Pattern, dict[str, tuple[str, str]], tuple[str, ...]]:
    words: dict[str, tuple[str, str]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        event_type, date_kind, listed = line.split("\t")
        for word in listed.split(","):
            word = word.strip().lower()
            if word and word not in words:
                words[word] = (event_type, date_kind)
    source = r"\b" + _trie_pattern(words)
    pattern = re.compile(source, re.I)
    prefixes = tuple(w for w in words if w.endswith("*"))
    _TRIGGER_LOW.append(re.compile(source))  # for lowered text (``_lowered``): the words are lower case
    return pattern, words, prefixes


_TRIGGER_LOW: list[re.Pattern] = []
_CLASSIFIED: dict[str, tuple[str, str]] = {}


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex for the listed words, as a trie: at each position the engine follows one
    branch per character instead of trying every word (the word list has hundreds). Longer
    words win (a node's continuations come before its end); a space matches any run of
    whitespace and a final ``*`` any word ending."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word.rstrip("*"):
            node = node.setdefault(ch, {})
        node["*" if word.endswith("*") else ""] = True

    def build(node: dict) -> str:
        branches = []
        for ch in sorted(k for k in node if k not in ("", "*")):
            branches.append((r"\s+" if ch == " " else re.escape(ch)) + build(node[ch]))
        if "*" in node:
            branches.append(r"\w*\b")
        elif "" in node:
            branches.append(r"\b")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return build(trie)


def _classify(matched: str) -> tuple[str, str]:
    _, table, prefixes = _trigger_table()
    lowered = " ".join(matched.lower().split())
    if lowered in table:
        return table[lowered]
    for word in prefixes:
        if lowered.startswith(word[:-1]):
            return table[word]
    return ("other", "span")


def find_triggers(text: str, offset: int = 0, lowered: str | None = None) -> list[Trigger]:
    """Every trigger, blocker and irrealis word in ``text`` (absolute offsets). ``lowered``:
    ``_lowered(text)`` if already known."""
    pattern = _trigger_table()[0]
    if lowered is None:
        lowered = _lowered(text)
    if lowered is not None:
        pattern, subject = _TRIGGER_LOW[0], lowered
    else:
        subject = text
    found = []
    classified = _CLASSIFIED
    for m in pattern.finditer(subject):
        s, e = m.span()
        matched = text[s:e]
        kinds = classified.get(matched)
        if kinds is None:
            kinds = classified[matched] = _classify(matched)
        found.append(Trigger(offset + s, offset + e, kinds[0], kinds[1], matched))
    return found


@dataclass
class _Event:
    key: str
    event_type: str
    name: str
    named: bool
    place_keys: set[str] = field(default_factory=set)
    intervals: list[tuple[date, date]] = field(default_factory=list)

    def fits(self, start: date, end: date) -> bool:
        """Could a statement dated start..end be about this event, given its known dates?"""
        if not self.intervals:
            return True
        lo = min(s for s, _ in self.intervals)
        hi = max(e for _, e in self.intervals)
        if lo - end > DATE_SLACK or start - hi > DATE_SLACK:  # differences: never out of range
            return False
        known = max((hi - lo).days, 1)
        return (end - start).days <= max(known * 3, 120)

    def overlaps(self, start: date, end: date) -> bool:
        return any(s - end <= DATE_SLACK and start - e <= DATE_SLACK for s, e in self.intervals)


@dataclass
class EventFindings:
    entities: list[EntityRecord]
    event_dates: list[EventDateRecord]
    places: list[EventPlaceRecord]
    participants: list[ParticipantRecord]
    # For claims: the event a sentence states or explicitly refers to (none when it does not).
    segment_events: dict[int, str]


def _clause_bounds(sentence: SegmentRecord, position: int) -> tuple[int, int]:
    """Absolute bounds of the clause of the sentence containing ``position``."""
    relative = position - sentence.start
    text = sentence.text
    breaks = _BREAKS.get(text)
    if breaks is None:
        if len(_BREAKS) > 256:
            _BREAKS.clear()
        breaks = _BREAKS[text] = [m.span() for m in CLAUSE_BREAK.finditer(text)]
    start, end = 0, len(text)
    for b_start, b_end in breaks:
        if b_end <= relative:
            start = b_end
        elif b_start >= relative:
            end = b_start
            break
    return sentence.start + start, sentence.start + end


_BREAKS: dict[str, list[tuple[int, int]]] = {}  # sentence text -> its clause breaks (a small cache)


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


class _Document:
    """The state of one document's event resolution, in reading order."""

    def __init__(self, entities: Sequence[EntityRecord], mentions: Sequence[MentionRecord], title: str | None,
                 text: str):
        self.by_key = {e.key: e for e in entities}
        self.events: dict[str, _Event] = {}
        for entity in entities:
            if entity.kind == "event":
                self.events[entity.key] = _Event(entity.key, entity.event_type or "other", entity.name, True)
        place_names = {e.name.casefold(): e.key for e in entities if e.kind == "place"}
        for event in self.events.values():
            place = _place_in_name(event.name, place_names)
            if place:
                event.place_keys.add(place)
        self.topic = _title_event(title, self.events)
        self.about_handover = bool(title and _HANDOVER_TITLE.search(title) or _HANDOVER_TEXT.search(text))
        # Named events written in lower case in a sentence: "the defence of Brevno" of a
        # "Defence of Brevno" (the names of the form "<Word> of <Name>", as one pattern)
        of_names = {e.name: key for key, e in self.events.items() if _OF_NAME.fullmatch(e.name)}
        self.names_in_lower_case = re.compile(
            r"\b(?:" + "|".join(re.escape(n[0].lower() + n[1:]) for n in sorted(of_names, key=len, reverse=True)) + r")\b"
        ) if of_names else None
        self.of_names = {n[0].lower() + n[1:]: key for n, key in of_names.items()}
        self.section_events: dict[str, str] = {}
        self.lead: int | None = None  # the paragraph of the first body sentence
        self.recent: str | None = self.topic
        self.new_entities: list[EntityRecord] = []
        self.counter = 0
        if self.topic and not self.events[self.topic].place_keys:
            self._place_of_topic(mentions)

    def _place_of_topic(self, mentions: Sequence[MentionRecord]) -> None:
        """"Battle of Hue" in the title, and Hue never named alone: Hue is a place (the place of
        the document's event, what "the city" means), attested by the event's first mention."""
        m = _EVENT_OF_PLACE.fullmatch(self.events[self.topic].name)
        if m is None or m.group(1).casefold() not in default_lexicon().events_of:
            return
        first = next((x for x in mentions if x.entity_key == self.topic), None)
        if first is None:
            return
        name = m.group(2)
        folded = name.casefold()
        for entity in self.by_key.values():  # "Kalbajar District" is the Kalbajar of "Battle of Kalbajar"
            if entity.kind == "place" and any(
                n.casefold() == folded or n.casefold().startswith(folded + " ")
                for n in (entity.name, *(a.alias for a in entity.aliases))
            ):
                self.events[self.topic].place_keys.add(entity.key)
                return
        key = "place:event-name"
        entity = EntityRecord(key=key, kind="place", name=name,
                              aliases=(AliasRecord(name, "place.event_name", first.segment_seq),))
        self.new_entities.append(entity)
        self.by_key[key] = entity
        self.events[self.topic].place_keys.add(key)

    def lower_case_names(self, segment: SegmentRecord, named: Sequence[MentionRecord]) -> list[MentionRecord]:
        """Mentions of named events written in lower case in the segment ("the siege of X")."""
        found = []
        for m in self.names_in_lower_case.finditer(segment.text):
            start, end = segment.start + m.start(), segment.start + m.end()
            if not any(n.start < end and start < n.end for n in named):
                found.append(MentionRecord(segment.seq, start, end, m.group(), "event", "event.lower_case_name",
                                           self.of_names[m.group()]))
        return found

    def context(self, segment: SegmentRecord) -> list[str]:
        keys = [self.section_events.get(segment.section or ""), self.recent, self.topic]
        return [k for k in dict.fromkeys(keys) if k]

    def new_event(self, event_type: str, place_key: str | None, dm: DateMention, trigger: Trigger) -> str:
        self.counter += 1
        key = f"event:new:{self.counter}"
        place_name = self.by_key[place_key].name if place_key else None
        name = generic_name(event_type, trigger.text, place_name, dm)
        self.events[key] = _Event(key, event_type, name, False)
        self.new_entities.append(EntityRecord(key=key, kind="event", name=name, event_type=event_type))
        return key


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
    doc = _Document(entities, mentions, title, text)
    mentions_by_seq: dict[int, list[MentionRecord]] = {}
    for m in mentions:
        mentions_by_seq.setdefault(m.segment_seq, []).append(m)

    event_dates: list[EventDateRecord] = []
    places: list[EventPlaceRecord] = []
    place_pairs: set[tuple[str, str]] = set()  # (event key, place key) of ``places``
    participants: list[ParticipantRecord] = []
    segment_events: dict[int, str] = {}
    previous: SegmentRecord | None = None  # the sentence before

    for segment in segments:
        seg_mentions = mentions_by_seq.get(segment.seq, [])
        named_here = [m for m in seg_mentions if m.kind == "event" and m.entity_key in doc.events]
        if doc.names_in_lower_case is not None and segment.kind in ("sentence", "caption"):
            named_here += doc.lower_case_names(segment, named_here)
        if segment.kind == "heading":
            if named_here:
                doc.section_events[segment.text] = named_here[0].entity_key
            continue
        if segment.kind not in ("sentence", "caption"):
            continue
        if doc.lead is None and segment.kind == "sentence":
            doc.lead = segment.paragraph
        lowered = _lowered(segment.text)
        if named_here:
            segment_events[segment.seq] = named_here[0].entity_key
        else:  # a named event takes precedence over the one an anaphor refers to
            referred = _anaphor_reference(segment, doc, lowered)
            if referred:
                segment_events[segment.seq] = referred
        seg_dates = _began_and_ended(segment, [d for d in dates.get(segment.seq, []) if not _inside_name(d, seg_mentions)])
        if seg_dates:  # the triggers only matter to the statements of dates
            found = find_triggers(segment.text, segment.start, lowered)
            triggers = [t for t in found if t.event_type not in ("blocker", "irrealis")]
            blockers = [t for t in found if t.event_type == "blocker"]
            irrealis = [t for t in found if t.event_type == "irrealis"]
        used: set[tuple[str, str]] = set()
        for dm in seg_dates:
            ended = _ended_later(segment, dm, doc, lowered, event_dates)
            if ended is not None:  # "The battle ended on D": the span from its known beginning to D
                key, span = ended
                if (key, span.value.edtf) not in used:
                    used.add((key, span.value.edtf))
                    event_dates.append(EventDateRecord(key, segment.seq, span, "span", "event.ended_later",
                                                       doc.events[key].event_type))
                    doc.events[key].intervals.append((span.value.start, span.value.end))
                    segment_events[segment.seq] = key
                continue
            statement = _statement(segment, dm, triggers, blockers, irrealis, named_here, seg_mentions, doc, seg_dates)
            if statement is None and dm.rule == "date.began_ended" and _IT_BEGAN.match(segment.text):
                # "The Battle of X was a campaign ... It began on D1 and ended on D2": the event of
                # the sentence before, in the same paragraph, else the one the text is about
                said_before = previous is not None and previous.paragraph == segment.paragraph \
                    and segment_events.get(previous.seq)
                key = said_before or doc.recent
                if key and doc.events[key].fits(dm.value.start, dm.value.end):
                    statement = key, doc.events[key].event_type, (dm.start, dm.end), "event.it_began"
            if statement is None:
                continue
            event_key, statement_type, anchor, rule = statement
            event = doc.events[event_key]
            if (event_key, dm.value.edtf) in used:
                continue
            used.add((event_key, dm.value.edtf))
            kind = "point" if dm.value.start == dm.value.end else "span"
            event_dates.append(EventDateRecord(event_key, segment.seq, dm, kind, rule, statement_type))
            event.intervals.append((dm.value.start, dm.value.end))
            segment_events[segment.seq] = event_key
            if event.named:
                doc.recent = event_key
            found_places, place_rule = _event_places(doc, segment, anchor, dm, seg_mentions, seg_dates,
                                                     the_place=not event.named)
            for place_key in found_places[:2]:
                if (event_key, place_key) not in place_pairs:
                    place_pairs.add((event_key, place_key))
                    event.place_keys.add(place_key)
                    places.append(EventPlaceRecord(event_key, place_key, segment.seq, place_rule))
            participants.extend(_participants(segment, event_key, statement_type, anchor, seg_mentions))
        if named_here and not seg_dates:
            doc.recent = named_here[-1].entity_key
        previous = segment

    # Places named inside event names ("Battle of Kalbajar") are event places too.
    first_mention: dict[str, int] = {}
    for m in mentions:
        first_mention.setdefault(m.entity_key, m.segment_seq)
    for event in doc.events.values():
        if event.named and event.key in first_mention:
            for place_key in sorted(event.place_keys):
                if (event.key, place_key) not in place_pairs:
                    place_pairs.add((event.key, place_key))
                    places.append(EventPlaceRecord(event.key, place_key, first_mention[event.key], "event.place_in_name"))
    return EventFindings(doc.new_entities, event_dates, places, _dedupe(participants), segment_events)


_FORWARD_BLOCKERS = frozenset({"since", "as of"})
_REFERENCE_BEFORE = re.compile(
    r"(?i:\b(?:before|after|until|following|prior\s+to)\s+(?:the|this|that|its|their|his|her)\s+(?:[\w-]+\s+)?)\Z")
# A place that is the subject of an agentive trigger verb acts; it is not where the event happened.
_AGENT_GAP = re.compile(
    r"(?:['’]s\s+(?:forces|troops|army|military|units)|\s+(?:forces|troops|army|military|units))?\s+(?:(?:has|have|had)\s+)?"
)
# ... but not a participle: "the district seized in 1993", "Aghdam's occupied areas"
_PARTICIPLE_AFTER = re.compile(r"\s+(?:in|on|by|since|during|at|from|until|areas?|territor|lands?|districts?)\b|\s*[,.;:)]")
_AGENTIVE = re.compile(
    r"(?i:launch|attack|invad|shell|bomb|captur|seiz|recaptur|retook|occupied|struck|storm|overran|advanc|"
    r"fired|raided|ambush|signed|agreed)"
)
_COORDINATED_NAMES = re.compile(
    r"(?:\s*,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})*(?:\s*,?\s+and\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})?")
_ENTERED = frozenset({"entered", "enters", "enter"})
_HANDOVER_CONTEXT = frozenset({"handover", "withdrawal", "agreement", "ceasefire"})
# A document that tells of a handover: troops "entering" a place there take it over peacefully.
# Its title may say so with fewer words ("Armenian forces withdraw from Kalbajar").
_HANDOVER_TEXT = re.compile(r"(?i:\bhand(?:ed|s|ing)?[ -](?:over|back)\b|\bhandover\b|\bceded\b)|\b(?:returned|transferred) to [A-Z]")
_HANDOVER_TITLE = re.compile(_HANDOVER_TEXT.pattern + r"|(?i:\breturn(?:ed|s)?\b|\bwithdraw)")
PLUPERFECT = re.compile(r"(?i:\bhad(?:\s+been)?(?:\s+\w+ly)?\s+)\Z")

# Blockers that are verbs of saying: after a date that ends its clause (", the ministry said")
# they report the statement, they do not date the saying.
SAYING_AFTER = frozenset({"said", "says", "stated", "states", "announced", "reported", "wrote"})
# verbs after which a clause tells what a source said: a place before them is where the source
# speaks from ("Officials in X said", "Artsakh President Y acknowledged that ..."), not where
_SAYING = re.compile(r"\b(?:" + "|".join(sorted(SAYING_AFTER | {
    "acknowledged", "admitted", "confirmed", "denied", "claimed", "declared", "told", "insisted", "added"})) + r")\b")


# "The offensive began on 17 October 2016 and ended on 20 July 2017": one span, not two events
_BEGAN_BEFORE = re.compile(r"(?i:\b(?:began|started|commenced|opened|(?:was\s+)?launched)\s+(?:on\s+|in\s+)?)\Z")
_ENDED_BETWEEN = re.compile(
    r"(?i:\s*,?\s+and\s+(?:it\s+|was\s+)?(?:ended|concluded|finished|closed|lasted\s+until|ran\s+until)"
    r"\s+(?:on\s+|in\s+)?)"
)


_IT_BEGAN = re.compile(r"It\s+(?:began|started|commenced|opened|was\s+launched)\b")
# "The battle ended on 18 November", "the siege lasted until 1995", "the fighting went on into May"
_ENDED_BEFORE = re.compile(
    r"(?i:\b(?:ended|concluded|finished|came\s+to\s+an\s+end|continued|lasted|went\s+on|raged|dragged\s+on)"
    r"\s+(?:on\s+|in\s+|until\s+|till\s+|into\s+)?)\Z"
)


def _ended_later(segment: SegmentRecord, dm: DateMention, doc: _Document, lowered: str | None,
                 event_dates: list[EventDateRecord]) -> tuple[str, DateMention] | None:
    """"The battle ended on D" (or "continued until D"), where "the battle" is the event the text
    is about and the document dated its beginning before D: (that event, the span from its
    beginning to D). Without a known beginning, or for a date before it, None (the sentence is
    read as usual)."""
    if "/" in dm.value.edtf or dm.start - segment.start < 8:
        return None
    if not _ENDED_BEFORE.search(segment.text, max(0, dm.start - segment.start - 40), dm.start - segment.start):
        return None
    key = _anaphor_reference(segment, doc, lowered)
    if key is None:
        return None
    began = [r.date.value for r in event_dates if r.event_key == key and r.date.value.start < dm.value.start]
    if not began:
        return None
    first = min(began, key=lambda v: v.start)
    value = DateValue(
        edtf=f"{first.edtf.split('/')[0]}/{dm.value.edtf}", start=first.start, end=dm.value.end,
        year_inferred=first.year_inferred or dm.value.year_inferred, precision="range",
    )
    return key, DateMention(dm.start, dm.end, dm.text, value, "date.ended_later")


def _began_and_ended(segment: SegmentRecord, seg_dates: list[DateMention]) -> list[DateMention]:
    """Each "began on D1 and ended on D2" becomes one date mention, the span D1/D2."""
    if len(seg_dates) < 2:
        return seg_dates
    text, base = segment.text, segment.start
    out: list[DateMention] = []
    i = 0
    while i < len(seg_dates):
        d1 = seg_dates[i]
        d2 = seg_dates[i + 1] if i + 1 < len(seg_dates) else None
        if (
            d2 is not None
            and "/" not in d1.value.edtf and "/" not in d2.value.edtf
            and d1.value.start <= d2.value.end
            and _BEGAN_BEFORE.search(text, max(0, d1.start - base - 30), d1.start - base)
            and _ENDED_BETWEEN.fullmatch(text, d1.end - base, d2.start - base)
        ):
            value = DateValue(
                edtf=f"{d1.value.edtf}/{d2.value.edtf}", start=d1.value.start, end=d2.value.end,
                year_inferred=d1.value.year_inferred or d2.value.year_inferred, precision="range",
            )
            out.append(DateMention(d1.start, d2.end, text[d1.start - base : d2.end - base], value, "date.began_ended"))
            i += 2
            continue
        out.append(d1)
        i += 1
    return out


def _reference_point(segment: SegmentRecord, dm: DateMention, trigger) -> bool:
    """Is the trigger after the date a point of reference for it ("on 10 April, two months before
    the offensive"; not "before the 1993 occupation", where the date is the trigger's own)?"""
    if trigger.start < dm.end:
        return False
    m = _REFERENCE_BEFORE.search(segment.text, max(0, trigger.start - segment.start - 40), trigger.start - segment.start)
    return m is not None and m.start() + segment.start >= dm.end


def _statement(segment, dm: DateMention, triggers, blockers, irrealis, named_here, seg_mentions, doc: _Document,
               seg_dates: Sequence[DateMention]):
    """(event key, statement type, anchor span, rule) if the date states a happening, else None."""
    date_span = (dm.start, dm.end)
    if any(m.kind == "person" and m.end <= dm.start and _LIFE_DATES.fullmatch(segment.text, m.end - segment.start,
                                                                               dm.start - segment.start)
           for m in seg_mentions):
        return None  # "Ivan Dornov (14 March 1951 – 2 September 2009) was ...": a life, not an event
    if _OTHER_CALENDAR.match(segment.text, dm.end - segment.start):
        return None  # "7 September 1812 (26 August in the Julian calendar)": the same day, counted otherwise
    if INFOBOX_DATE.match(segment.text):
        if doc.topic and doc.events[doc.topic].fits(dm.value.start, dm.value.end):
            return doc.topic, doc.events[doc.topic].event_type, date_span, "event.infobox_date"
        return None
    # (a trigger right after another date is that date's: "broke out on 2 April, the worst
    # violence since the 1994 ceasefire")
    # (nor is one that names a point of reference after the date: "on 10 April, two months before
    # the offensive")
    trigger = _nearest(segment, dm, [t for t in triggers
                                     if not any(d is not dm and 0 <= t.start - d.end <= 1 for d in seg_dates)
                                     and not _reference_point(segment, dm, t)])
    if trigger is not None and trigger.event_type == "handover" and trigger.text.lower() in _ENTERED \
            and not doc.about_handover and not any(t is not trigger and t.event_type in _HANDOVER_CONTEXT for t in triggers):
        # "troops entered the city centre on 31 December": an advance, unless the sentence or the
        # document tells of a handover ("entered the district, the first to be handed back")
        trigger = dataclasses.replace(trigger, event_type="offensive", date_kind="span")
    if trigger is not None and trigger.event_type == "other":
        # "fighting broke out", "clashes erupted": the happening is the noun's
        noun = next((t for t in triggers if t.event_type != "other" and 0 <= trigger.start - t.end <= 1), None)
        trigger = noun or trigger
    named = framing = _nearest_named(segment, dm, named_here)
    if named is not None and trigger is not None and not 0 <= dm.start - named.end <= 4 \
            and _FRAMING.search(segment.text, 0, named.start - segment.start) \
            and trigger.event_type not in family(doc.events[named.entity_key].event_type):
        # "took the town on 8 May 1992, during the First X War": the date is the capture's; the
        # war only frames it (but not "during the X War of 1804-1813": that date is its name's)
        named_here = [m for m in named_here if m is not named]
        named = _nearest_named(segment, dm, named_here)
    if trigger is None and named is None:
        return None
    # (a framing event still keeps a farther verb of saying from taking the date: "On D, during
    # the X War, the president announced that the army had retaken Y")
    governing = min(
        (x for x in (trigger and _distance((trigger.start, trigger.end), date_span),
                     framing and _distance((framing.start, framing.end), date_span)) if x is not None)
    )
    # ("since" and "as of" claim the date after them: "broke out on 2 April, the worst violence
    # since the 1994 ceasefire" is not blocked)
    blocker = _nearest(segment, dm, [b for b in blockers if not (b.start >= dm.end and b.text.lower() in _FORWARD_BLOCKERS)])
    if blocker is not None and trigger is not None and trigger.end <= dm.start < dm.end <= blocker.start \
            and segment.text[blocker.start - segment.start : blocker.end - segment.start].lower() in SAYING_AFTER \
            and segment.text[dm.end - segment.start : blocker.start - segment.start].lstrip().startswith(","):
        blocker = None  # "... shelled the village on Monday, the ministry said": the saying comes after
    if blocker is not None and _distance((blocker.start, blocker.end), date_span) < governing:
        return None
    before = segment.text[max(0, dm.start - segment.start - 12) : dm.start - segment.start]
    after = segment.text[dm.end - segment.start : dm.end - segment.start + 12]
    if STATE_BEFORE_DATE.search(before) and not WHEN_AFTER_DATE.match(after):
        return None
    if trigger is not None and any(0 <= trigger.start - i.end <= 6 for i in irrealis):
        # ("attempted to retake the city in 1806": not a capture; a named event nearer the date
        # than the trigger still takes it: "the Russo-Persian War of 1804-1813")
        if named is None or _distance((named.start, named.end), date_span) >= _distance((trigger.start, trigger.end), date_span):
            return None
        trigger = None

    # The named event the date attaches to: one whose type the trigger fits (the nearest to the
    # trigger), else the nearest named event if it is nearer to the date than the trigger. Not
    # for a pluperfect trigger: "the Battle of Mosul ..., which had seized the city in June 2014"
    # tells of an earlier happening.
    earlier = trigger is not None and PLUPERFECT.search(segment.text, 0, trigger.start - segment.start)
    if named_here and not earlier:
        lo, hi = _clause_bounds(segment, dm.start)
        nearby = [m for m in named_here
                  if lo <= m.start < hi or _distance((m.start, m.end), date_span) <= 40]
        fitting = [m for m in nearby
                   if trigger is not None and doc.events[m.entity_key].event_type != "other"
                   and trigger.event_type in family(doc.events[m.entity_key].event_type)]
        if fitting:
            chosen = min(fitting, key=lambda m: _distance((m.start, m.end), (trigger.start, trigger.end)))
            return chosen.entity_key, trigger.event_type, (chosen.start, chosen.end), "event.named"
        if named is not None and (
            trigger is None or _distance((named.start, named.end), date_span)
            <= _distance((trigger.start, trigger.end), date_span)
        ):
            return named.entity_key, doc.events[named.entity_key].event_type, (named.start, named.end), "event.named"
    if trigger is None:
        return None

    event_type = trigger.event_type
    width = dm.value.end - dm.value.start
    if trigger.date_kind == "point" and dm.value.precision == "range" and width > STATE_SPAN:
        return None  # "the occupation ... from 1993 to 2020": a state, not a happening
    anchor = (trigger.start, trigger.end)
    near_places = _event_places(doc, segment, anchor, dm, seg_mentions, seg_dates)[0]
    if event_type in ("offensive", "attack") and len(near_places) > 1:
        # "launched an offensive from the direction of Tartar and captured Martakert": an
        # offensive is named after where it goes, not where it starts
        origins = {m.entity_key for m in seg_mentions if m.kind == "place"
                   and _FROM_BEFORE.search(segment.text, 0, m.start - segment.start)}
        near_places = sorted(near_places, key=lambda k: k in origins)
    key = _anaphor_event(segment, trigger, doc, dm)
    if key is None:
        key = _topic_event(doc, event_type, near_places, dm, in_lead=segment.paragraph == doc.lead)
    if key is None:
        key = _matching_unnamed(doc, event_type, near_places[:1], dm)
    if key is None:
        key = doc.new_event(event_type, near_places[0] if near_places else None, dm, trigger)
        rule = "event.new"
    else:
        rule = "event.context" if doc.events[key].named else "event.same_place_and_dates"
    return key, event_type, anchor, rule


# How an unnamed event is named: "capture of Lachin (1992)", "attack on Charektar (1993)".
# The name starts in lower case, which marks it as made up (etl.link never links by it).
NAME_PREPOSITIONS = {
    "capture": "of", "handover": "of", "battle": "of", "bombardment": "of", "evacuation": "of",
    "withdrawal": "from", "deportation": "from", "attack": "on", "offensive": "towards",
    "massacre": "in", "resettlement": "in", "trial": "in", "other": "in",
}


# Nouns for the happenings of type "other", by the trigger that stated them.
OTHER_LABELS = {
    "formed": "formation", "founded": "founding", "dissolved": "dissolution", "reconstituted": "reconstitution",
    "abolished": "abolition", "annexed": "annexation", "incorporated": "incorporation", "subsumed": "incorporation",
    "elected": "election", "released": "release", "freed": "release", "marched": "march", "march on": "march",
    "erupted": "outbreak", "war erupted": "outbreak of war", "flared up": "outbreak", "broke out": "outbreak",
    "establishment of": "establishment", "adopted christianity": "conversion",
    "declared independence": "declaration of independence", "collapse of": "collapse",
}


def generic_name(event_type: str, trigger_text: str, place_name: str | None, dm: DateMention) -> str:
    trigger = " ".join(trigger_text.lower().split())
    label = event_type if event_type != "other" else OTHER_LABELS.get(trigger, trigger)
    year = dm.value.start.year if dm.value.start.year == dm.value.end.year else None
    when = f" ({year})" if year else f" ({dm.value.edtf})"
    preposition = NAME_PREPOSITIONS.get(event_type)
    if place_name and preposition:
        return f"{label} {preposition} {place_name}{when}"
    return f"{label}{when}"


def _dedupe(participants: list[ParticipantRecord]) -> list[ParticipantRecord]:
    seen, out = set(), []
    for p in participants:
        mark = (p.event_key, p.entity_key, p.role, p.segment_seq)
        if mark not in seen:
            seen.add(mark)
            out.append(p)
    return out


# A named event "<Battle|Siege|...> of <one to three capitalised words>" (not "of the Bulge").
_EVENT_OF_PLACE = re.compile(r"([A-Z][a-z]+) of ([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})")


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


# Between a person's name and the dates of a life: "Ivan Dornov (14 March 1951 – ...", "(born 1951"
_LIFE_DATES = re.compile(r"[ \t]*\([ \t]*(?:(?:born|b\.|né|née)[ \t]+)?(?:c\.[ \t]*|circa[ \t]+)?")
# A date given in another calendar beside the one the text uses: "(26 August O.S.)", "(26 August
# in the Julian calendar)", "26 August (Old Style)"
_OTHER_CALENDAR = re.compile(
    r"(?:,?\s*\(?\s*(?:O\.\s?S\.|Old\s+Style|in\s+the\s+(?:Julian|Old\s+Style)\s+calendar|Julian)\b)")
_DATE_LABEL = re.compile(r"[*_]{0,3}[ \t]*[:–—][ \t]*")
_LABEL_START = re.compile(r"[ \t]*(?:[-*•+>#][ \t]*)?(?:\*\*|__|[*_])?(?:[Oo]n[ \t]+)?")


def _nearest(segment: SegmentRecord, dm: DateMention, words: list[Trigger]) -> Trigger | None:
    lo, hi = _clause_bounds(segment, dm.start)
    label = _DATE_LABEL.match(segment.text, dm.end - segment.start)
    if label and _LABEL_START.fullmatch(segment.text, 0, dm.start - segment.start):
        # a timeline's item, "**12 March 1992**: the brigade, commanded by X, takes Y": the date
        # is the label of the clause after the colon
        lo, hi = _clause_bounds(segment, segment.start + label.end())
    in_clause = [t for t in words if lo <= t.start < hi]
    pool = in_clause or [t for t in words if _distance((t.start, t.end), (dm.start, dm.end)) <= 60]
    if not pool:
        return None
    best = min(pool, key=lambda t: (_distance((t.start, t.end), (dm.start, dm.end)), t.start))
    if best.text.lower() == "signed":
        # "a ceasefire was signed on 16 May": what was signed says what happened
        named = [t for t in pool if t.event_type in ("ceasefire", "agreement") and t is not best]
        if named:
            return min(named, key=lambda t: _distance((t.start, t.end), (dm.start, dm.end)))
    if best.start >= dm.end and _COORDINATED.fullmatch(segment.text, dm.end - segment.start, best.start - segment.start):
        # "captured Nago on 7 April and secured the peninsula by 20 April": a date ends the
        # predicate before it; the verb after "and" starts the next one
        before = [t for t in pool if t.end <= dm.start]
        if before:
            return max(before, key=lambda t: t.end)
    return best


# Words before a named event that frame a happening within it: "..., during the First X War"
_FRAMING = re.compile(r"\b(?:[Dd]uring|[Aa]mid|in\s+the\s+course\s+of|as\s+part\s+of|[Tt]hroughout)\s+(?:the\s+)?\Z")
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+direction\s+of\s+)?(?:the\s+)?\Z")
# A definite description of a settlement: the place the document is about.
THE_PLACE = re.compile(r"\b[Tt]he\s+(?:town|city|village|settlement|fortress|citadel|capital)\b(?!\s+of\b)")
# Between a predicate's date and the next coordinated verb: "on 7 April and secured ...".
_COORDINATED = re.compile(r"[\s,]*(?:and|and then|then|before)\s+")


def _nearest_named(segment: SegmentRecord, dm: DateMention, named: list[MentionRecord]) -> MentionRecord | None:
    if not named:
        return None
    best = min(named, key=lambda m: _distance((m.start, m.end), (dm.start, dm.end)))
    lo, hi = _clause_bounds(segment, dm.start)
    if lo <= best.start < hi or _distance((best.start, best.end), (dm.start, dm.end)) <= 40:
        return best
    return None


def _anaphor_reference(segment: SegmentRecord, doc: _Document, lowered: str | None = None) -> str | None:
    """The context event a definite description in the sentence refers to ("the battle").
    ``lowered``: ``_lowered(segment.text)`` if known (the matches are the same)."""
    context = doc.context(segment)
    if not context:
        return None  # nothing to refer to, whatever the sentence says
    matches = ANAPHOR.finditer(segment.text) if lowered is None else _ANAPHOR_LOW.finditer(lowered)
    for m in matches:
        if SPECIFIC_AFTER.match(segment.text, m.end()):  # (the pattern has no anchor: no need to slice)
            continue
        wanted = family(ANAPHOR_TYPES.get(m.group(1).lower()))
        for key in context:
            if doc.events[key].event_type in wanted:
                return key
    return None


def _anaphor_event(segment, trigger: Trigger, doc: _Document, dm: DateMention) -> str | None:
    """A definite anaphor ending at the trigger ("the offensive") refers to the context event
    of its family, if the statement's date fits that event's known dates."""
    start = max(0, trigger.start - segment.start - 40)
    window = segment.text[start : trigger.end - segment.start]
    match = None
    for match in ANAPHOR.finditer(window):
        pass
    if match is None or start + match.end() != trigger.end - segment.start:
        return None
    if SPECIFIC_AFTER.match(segment.text, trigger.end - segment.start):
        return None  # "the capture of Lachin": a specific happening, not a reference back
    wanted = family(ANAPHOR_TYPES.get(match.group(1).lower(), trigger.event_type))
    for key in doc.context(segment):
        event = doc.events[key]
        if event.event_type in wanted and event.fits(dm.value.start, dm.value.end):
            return key
    return None


def _topic_event(doc: _Document, event_type: str, places: list[str], dm: DateMention,
                 in_lead: bool = False) -> str | None:
    """The event a document is about (its title names it) takes the statements of its family
    whose dates fit its known dates and which name no other place first ("the provincial
    capital fell on April 3, 1993" in the article "Battle of Kalbajar"). Before any date is
    known, the lead paragraph's statement of its very type dates it ("The Battle of X was ...
    Fighting began on 1 August 2022")."""
    if doc.topic is None:
        return None
    event = doc.events[doc.topic]
    if event_type not in family(event.event_type) or event.event_type == "other":
        return None
    if places and event.place_keys and places[0] not in event.place_keys:
        return None
    if not event.intervals:
        return doc.topic if in_lead and event_type == event.event_type else None
    start, end = dm.value.start, dm.value.end
    if (end - start).days > PRECISE_DAYS:
        return None
    if not any(s <= end and start <= e for s, e in event.intervals):  # strictly within its dates
        return None
    return doc.topic


def _matching_unnamed(doc: _Document, event_type: str, places: list[str], dm: DateMention) -> str | None:
    wanted = family(event_type)
    for event in doc.events.values():
        if event.named or event.event_type not in wanted or not event.intervals:
            continue
        if not places or not event.place_keys & set(places):
            continue  # without a shared place there is no evidence that two statements are one event
        if event.overlaps(dm.value.start, dm.value.end) and event.fits(dm.value.start, dm.value.end):
            return event.key
    return None


# Between a place and the date that follows it: "Kharkov on 23 August", "Lachin, in May 1992".
_PLACE_THEN_DATE = re.compile(r"[\s,]{0,3}(?:(?:on|in|by|at)\s+)?(?:the\s+)?")


def _event_places(doc: _Document, segment: SegmentRecord, anchor: tuple[int, int], dm: DateMention,
                  mentions: list[MentionRecord], dates: Sequence[DateMention],
                  the_place: bool = True) -> tuple[list[str], str]:
    """The places of the happening a date states, and the rule that found them (``the_place``:
    "the town" may stand for the place of the document's event; not for a named event's date)."""
    found = _places_for(segment, anchor, dm, mentions, dates)
    if found and "between" in segment.text:
        # "fought between the Zulu Kingdom and the British Empire near the hill of X": the states
        # between which a war or battle is fought are its sides, not its places
        sides = {m.entity_key for m in mentions if m.kind == "place" and _BETWEEN_SIDES.search(
            segment.text, max(0, m.start - segment.start - 80), m.start - segment.start)
            and getattr(doc.by_key.get(m.entity_key), "place_type", None) == "country"}
        found = [k for k in found if k not in sides]
    if not found and the_place and doc.topic and doc.events[doc.topic].place_keys:
        lo, hi = _clause_bounds(segment, anchor[0])
        if THE_PLACE.search(segment.text, lo - segment.start, hi - segment.start):
            # "the town fell on 21 April" in an article on the siege of a town: that town
            return sorted(doc.events[doc.topic].place_keys)[:1], "event.place_of_topic"
    return found, "event.place_near_trigger"


def _places_for(segment: SegmentRecord, anchor: tuple[int, int], dm: DateMention,
                mentions: list[MentionRecord], dates: Sequence[DateMention]) -> list[str]:
    """The places of the happening a date states. When one trigger governs several dated
    objects ("recaptured Oryol on 5 August and Kharkov on 23 August"), each date's place is the
    one it directly follows; otherwise the places near the trigger ("marched from Ganja to
    Baku in 1993": both)."""
    lo, hi = _clause_bounds(segment, anchor[0])
    text = segment.text
    for d in dates:  # "captured Nago on 7 April and secured the peninsula by 20 April": not Nago
        if lo <= d.start and d.end <= anchor[0] and _COORDINATED.fullmatch(text, d.end - segment.start, anchor[0] - segment.start):
            lo = d.end
    if sum(1 for d in dates if d.start >= anchor[1] and lo <= d.start < hi) < 2:
        return _places_near(segment, anchor, mentions, lo)
    for m in sorted(mentions, key=lambda m: -m.end):
        if m.kind != "place" or m.end > dm.start or m.start < anchor[1] or not lo <= m.start < hi:
            continue
        gap = text[m.end - segment.start : dm.start - segment.start]
        if _PLACE_THEN_DATE.fullmatch(gap):
            return [m.entity_key]
        break  # only the last place before the date can be the one it follows
    return _places_near(segment, anchor, mentions, lo)


def _places_near(segment: SegmentRecord, anchor: tuple[int, int], mentions: list[MentionRecord],
                 start: int | None = None) -> list[str]:
    lo, hi = _clause_bounds(segment, anchor[0])
    lo = max(lo, start) if start is not None else lo
    text = segment.text
    trigger = text[anchor[0] - segment.start : anchor[1] - segment.start].lower().split()
    by_whom = bool(trigger) and trigger[-1] in _AGENT_NOUNS
    candidates = [
        m for m in mentions if m.kind == "place" and lo <= m.start < hi
        # "Officials in Stepanakert said ... since fighting began": where the source speaks from
        and not (m.end <= anchor[0] and _SAYING.search(text, m.end - segment.start, anchor[0] - segment.start))
        # "Azerbaijan launched an offensive": who acts is not where ("Kalbajar fell": is)
        and not (m.end <= anchor[0] and _acts(text, m.end - segment.start, anchor[0] - segment.start))
        # "Azerbaijan's offensive": who attacks ("Shusha's capture": where, as before)
        and not (by_whom and m.end <= anchor[0]
                 and _POSSESSOR.fullmatch(text, m.end - segment.start, anchor[0] - segment.start))
        # "an attack 30 km south of Baghdad": a point of reference, not where it happened
        and not DISTANCE_FROM.search(text, max(0, m.start - segment.start - 60), m.start - segment.start)
        # "combat involving US forces": whose forces, not where
        and not FORCES_AFTER.match(text, m.end - segment.start)
    ]
    candidates.sort(key=lambda m: (m.start < anchor[0], _distance((m.start, m.end), anchor)))
    keys: list[str] = []
    for m in candidates:
        if m.entity_key not in keys:
            keys.append(m.entity_key)
    return keys


# Happenings whose possessor is the one who does them ("Azerbaijan's offensive", "Russia's
# invasion"), where a capture's or a shelling's is what suffers them ("Shusha's capture").
_AGENT_NOUNS = frozenset({"offensive", "counteroffensive", "counter-offensive", "attack", "attacks", "assault",
                          "invasion", "incursion", "advance", "campaign", "operation", "withdrawal", "retreat"})
_BETWEEN_SIDES = re.compile(r"\bbetween\s+(?:the\s+)?(?:[^\s,.;]+\s+){0,4}?(?:and\s+(?:the\s+)?)?\Z")
# After a place: whose forces they are, or who speaks for it ("US forces", "Armenia's army",
# "Azerbaijan's government"): the place acts; it is not where something happened nor what a
# figure is about (also etl.pipeline)
FORCES_AFTER = re.compile(r"(?:['’]s)?\s+(?:armed\s+)?(?:forces|troops|soldiers|army|military|navy|marines|units|militia"
                          r"|government|side)\b", re.I)
_POSSESSOR = re.compile(r"['’]s\s+(?:[a-z][\w-]*\s+){0,2}")
DISTANCE_FROM = re.compile(
    r"(?i:\b(?:\d[\d,.]*|a\s+few|several|some|about|[a-z]+)[\s\u00a0-]*(?:km|kilometres|kilometers|miles|mi)\b"
    r"[\s\u00a0]+(?:\([^()]{1,20}\)[\s\u00a0]+)?(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
    r"[\s\u00a0]+of[\s\u00a0]+(?:the[\s\u00a0]+(?:(?:city|town|village|capital)[\s\u00a0]+of[\s\u00a0]+)?)?)\Z"
)


def _acts(text: str, end: int, anchor: int) -> bool:
    """Is the place ending at ``end`` the subject of an agentive verb at or before the trigger
    at ``anchor`` ("Armenia launched an offensive", "Vessia's forces captured"), not a participle
    ("the district seized in 1993", "Aghdam's occupied areas")?"""
    end = _COORDINATED_NAMES.match(text, end).end()  # ("Armenia, Azerbaijan and Russia signed")
    gap = _AGENT_GAP.match(text, end)
    if gap is None or gap.end() > anchor or not _AGENTIVE.match(text, gap.end()):
        return False
    word_end = gap.end()
    while word_end < len(text) and text[word_end].isalpha():
        word_end += 1
    return not _PARTICIPLE_AFTER.match(text, word_end)


def _participants(segment, event_key, event_type, anchor, mentions) -> list[ParticipantRecord]:
    out = []
    lo, hi = _clause_bounds(segment, anchor[0])
    for m in mentions:
        if m.kind not in ("person", "unit"):
            continue
        if not (lo <= m.start < hi) and _distance((m.start, m.end), anchor) > 80:
            continue
        before = segment.text[max(0, m.start - segment.start - 40) : m.start - segment.start]
        after = segment.text[m.end - segment.start : m.end - segment.start + 25]
        role, rule = "participant", "participant.same_clause"
        if COMMANDER_CUE.search(before) or m.title or re.match(
            r"['’]s\s+(?:forces|units|troops|detachment|armou?r|column|men)", after
        ):
            role, rule = "commander", "participant.commander_cue"
        elif MEDIATOR_CUE.search(before):
            role, rule = "mediator", "participant.mediated_by"
        elif event_type in ("agreement", "ceasefire") and m.kind == "person" and SIGNATORY_CUE.search(segment.text):
            role, rule = "signatory", "participant.signed"
        elif m.kind == "unit" and event_type in family("attack"):
            role = "attacker" if m.end <= anchor[0] else "defender"
            rule = "participant.unit_position"
        out.append(ParticipantRecord(event_key, m.entity_key, role, segment.seq, rule))
    return out
