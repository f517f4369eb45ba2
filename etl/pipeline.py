"""The pure pipeline for one document: segment -> recognise -> dates -> events -> claims.

``extract(document)`` is a pure function of the document's text (and the aliases the archive
knows), safe to run in worker processes. It also decides what each claim is *about*:

* displaced, resettled, population, area, elevation: a **place** (a place in the claim's
  clause, else the place of the sentence's event, else the document's main place);
* killed, wounded, missing, hostages, destroyed, cost: the **event** the sentence states or
  refers to (else a place in the clause, else the document's main event or place);
* strength: the **unit** named next to the figure, else as for casualties;
* count: the nearest place or unit in the clause, else the document's main place.

The document's main place is the place its title event is named after ("Battle of Hue"), else
the one district, town or village its title names, else the place named most. Places that only qualify a source ("the US command said"), that locate
another ("X, in the Y region") or that people fled to are not subjects; casualties in a paragraph
whose last event harms nobody (a trial, a handover) are about the document's main event.

Attribution: a claim's ``attributed_to`` text is linked to the person mentioned in it; a pronoun
that says a figure ("It said ...", "He said ...") names the source or person of the sentence
before, in the same paragraph.
Date: the date expression of the claim's sentence nearest to the figure.

Tables: each data row of a Markdown table is read cell by cell, the column's header being the
figure's label ("| Side | Killed |" -> "Killed: 2,908"); the first column gives the side, a
"Source" column the attribution.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections import Counter
from collections.abc import Iterable

from etl.claims import LEXICON, compared_as, sentence_source
from etl.events import DISTANCE_FROM, FORCES_AFTER, THE_PLACE
from etl.lexicon import default_lexicon
from etl.limits import MAX_NUMBERS_PER_SEGMENT
from etl.numbers import has_number_word
from etl.types import ClaimRecord, DateMention, DateValue, Extraction, MentionRecord, ReadDocument, SegmentRecord

_DIGIT = re.compile(r"\d")

log = logging.getLogger("archive.etl.pipeline")

BODY_KINDS = ("sentence", "caption")
PLACE_PREDICATES = {"displaced", "resettled", "population", "area_km2", "elevation_m"}
EVENT_PREDICATES = {"killed", "wounded", "missing", "hostages", "destroyed", "cost"}
# Casualties are not counted of a happening that harms nobody: in a paragraph whose last event is
# a trial or a handover, "398 victims" are the victims of the document's violent event.
CASUALTIES = {"killed", "wounded", "missing", "hostages"}
HARMLESS_EVENTS = {"resolution", "decree", "agreement", "ceasefire", "handover", "resettlement", "trial"}


def extract(document: ReadDocument, *, extra_aliases: Iterable[tuple[str, str, str]] = ()) -> Extraction:
    from etl.claims import extract_claims
    from etl.dates import NarrativeClock, find_dates
    from etl.events import find_events
    from etl.recognise import recognise
    from etl.relations import find_commands
    from etl.segment import segment

    timings: dict[str, float] = {}
    clock_start = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock_start
        now = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - clock_start
        clock_start = now

    segmented = segment(document)
    lap("segment")
    entities, mentions = recognise(document.text, segmented.segments, extra_aliases=tuple(extra_aliases))
    lap("recognise")

    clock = NarrativeClock(publication=document.published)
    dates: dict[int, list[DateMention]] = {}
    for seg in segmented.segments:
        if seg.kind in BODY_KINDS or seg.kind == "heading":
            found = find_dates(seg.text, offset=seg.start, clock=clock)
            if found:
                dates[seg.seq] = found
    lap("dates")

    findings = find_events(
        document.text, segmented.segments, entities, mentions, dates, title=document.title
    )
    all_entities = tuple(entities) + tuple(findings.entities)
    lap("events")

    commands = find_commands(segmented.segments, mentions)
    lap("relations")
    claims = _claims(document, segmented, all_entities, mentions, dates, findings.segment_events, extract_claims)
    lap("claims")

    return Extraction(
        document=document,
        segmented=segmented,
        entities=all_entities,
        mentions=tuple(mentions),
        event_dates=tuple(findings.event_dates),
        participants=tuple(findings.participants),
        event_places=tuple(findings.places),
        commands=tuple(commands),
        claims=tuple(claims),
        timings=timings,
    )


def _claims(document, segmented, entities, mentions, dates, segment_events, extract_claims) -> list[ClaimRecord]:
    by_key = {e.key: e for e in entities}
    mentions_by_seq: dict[int, list[MentionRecord]] = {}
    for m in mentions:
        mentions_by_seq.setdefault(m.segment_seq, []).append(m)
    citations_by_seq: dict[int, list[tuple[int, int]]] = {}
    for c in segmented.citations:
        citations_by_seq.setdefault(c.segment_seq, []).append((c.start, c.end))
    main_event = _main_event(document, entities, mentions)
    # the place the document's title event is named after ("Battle of Hue": Hue), else the
    # place named most
    main_place = _named_after(_title_event(document, entities), by_key) or _title_place(segmented, mentions, by_key) \
        or _main(mentions, "place")

    out: list[ClaimRecord] = []
    table_headers = _table_headers(segmented.segments)
    paragraph_event: dict[int, str] = {}  # the last event stated in each paragraph so far
    paragraph_places: dict[int, set[str]] = {}  # the places named in each paragraph so far
    previous: SegmentRecord | None = None  # the body segment before this one
    for seg in segmented.segments:
        if seg.kind not in BODY_KINDS:
            continue
        before, previous = previous, seg
        stated = segment_events.get(seg.seq)
        context_event = stated or paragraph_event.get(seg.paragraph)
        if stated:
            paragraph_event[seg.paragraph] = stated
        seg_mentions = mentions_by_seq.get(seg.seq, [])
        named_before = paragraph_places.setdefault(seg.paragraph, set())
        text = seg.text
        if _DIGIT.search(text) is None and not has_number_word(text):
            named_before.update(m.entity_key for m in seg_mentions if m.kind == "place")
            continue  # no figure: extract_claims finds nothing, and there is no number to warn about
        seg_dates = dates.get(seg.seq, [])
        exclude = list(citations_by_seq.get(seg.seq, []))
        exclude += [(d.start, d.end) for d in seg_dates]
        # (names: "701st Brigade", "Battle of 1905", "Hill 861")
        exclude += [(m.start, m.end) for m in seg_mentions if m.kind in ("unit", "event") or _DIGIT.search(m.surface)]
        previous_claim = out[-1] if out and before is not None and out[-1].segment_seq == before.seq \
            and before.paragraph == seg.paragraph else None
        header = table_headers.get(seg.seq)
        if header is not None:
            found, row_side, row_source, row_spans = _table_row_claims(seg, header, exclude, extract_claims,
                                                                         seg_mentions, by_key)
            # (the row's own name and source are its side and source, not its subject)
            seg_mentions = [m for m in seg_mentions if not any(a <= m.start < b for a, b in row_spans)]
        else:
            found = extract_claims(seg.text, seg.start, segment_seq=seg.seq, exclude=exclude,
                                   previous=previous_claim.predicate if previous_claim else None)
        if not found and _too_many_numbers(seg.text):
            log.warning(
                "claims not extracted: more numbers in one sentence than the limit",
                extra={"segment": seg.seq, "limit": MAX_NUMBERS_PER_SEGMENT,
                       "setting": "ARCHIVE_MAX_NUMBERS_PER_SEGMENT", "document": document.path},
            )
        base = len(out)
        pronoun = _PRONOUN_SAYS.match(text) if any(c.attributed_to is None for c in found) else None
        said_by = said_key = None
        if pronoun and before is not None and before.paragraph == seg.paragraph:
            said_by, said_key = _pronoun_source(pronoun.group(1), before, mentions_by_seq.get(before.seq, []))
        for claim in found:
            if previous_claim is not None and ".anaphor_before:" in claim.rule:
                subject = previous_claim.subject_key  # "the figure" of the sentence before: of the same
            else:
                subject = _subject(claim, seg, seg_mentions, stated, context_event, by_key, main_place, main_event,
                                   main_place_before=main_place in named_before)
            if said_by and claim.attributed_to is None and claim.start >= seg.start + pronoun.end():
                # "It said three of its servicemen were killed": who "it" is, from the sentence before
                claim = dataclasses.replace(claim, attributed_to=said_by)
                attributed = said_key
            else:
                attributed = _attributed(claim, seg_mentions)
            date = _nearest_date(claim, seg_dates)
            if header is not None:
                claim = dataclasses.replace(claim, side=claim.side or row_side,
                                            attributed_to=claim.attributed_to or row_source)
            if claim.side is None and claim.predicate in CASUALTIES:
                claim = dataclasses.replace(claim, side=_losing_country(claim, seg, seg_mentions, by_key)
                                            or _losses_of(claim, seg))
            out.append(
                dataclasses.replace(
                    claim,
                    attributed_key=attributed,
                    subject_key=subject,
                    date=_claim_date(date, seg, document.published) if date else None,
                    parent_index=None if claim.parent_index is None else base + claim.parent_index,
                )
            )
        named_before.update(m.entity_key for m in seg_mentions if m.kind == "place")
    return out


# A sentence that starts with a pronoun saying something: "It said ...", "He told reporters ...".
_PRONOUN_SAYS = re.compile(
    r"(It|They|He|She)\s+(?:also\s+|later\s+|further\s+)?(?:said|says|told|added|reported|stated|claimed|announced)\b"
)


def _pronoun_source(pronoun: str, before: SegmentRecord, mentions: list[MentionRecord]) -> tuple[str | None, str | None]:
    """Who a pronoun that says something refers to: "He"/"She", the last person named in the
    sentence before; "It"/"They", the source that sentence's subject names."""
    if pronoun in ("He", "She"):
        persons = [m for m in mentions if m.kind == "person"]
        return (persons[-1].surface, persons[-1].entity_key) if persons else (None, None)
    return sentence_source(before.text), None


def _too_many_numbers(text: str) -> bool:
    from etl.numbers import find_numbers

    if len(text) <= MAX_NUMBERS_PER_SEGMENT:  # at most one digit per character
        return False
    if text.isascii():  # in ASCII text "\d" is "[0-9]": counting them is much cheaper than findall
        digits = sum(map(text.count, "0123456789"))
    else:
        digits = len(_DIGIT.findall(text))
    return digits > MAX_NUMBERS_PER_SEGMENT and len(find_numbers(text)) > MAX_NUMBERS_PER_SEGMENT


def _main(mentions: list[MentionRecord], kind: str) -> str | None:
    counts = Counter(m.entity_key for m in mentions if m.kind == kind)
    return counts.most_common(1)[0][0] if counts else None


def _title_place(segmented, mentions: list[MentionRecord], by_key) -> str | None:
    """The one district, town or village the document's title names, if it names one place and
    no event ("Orlavo district: Flash Update No. 4", "Human rights report: Kelmar district,
    1993"): what the document is about where a sentence names no place. (Not a country, which a
    title names as an actor as often: "Vessia says ..."; nor a market or a road.)"""
    titles = {s.seq for s in segmented.segments if s.kind == "title"}
    named = {m.entity_key for m in mentions if m.segment_seq in titles and m.kind in ("place", "event")}
    if len(named) != 1:
        return None
    (key,) = named
    entity = by_key.get(key)
    return key if entity is not None and entity.kind == "place" and entity.place_type in _SETTLED_PLACES else None


_SETTLED_PLACES = frozenset({"district", "city", "town", "village", "settlement", "capital"})


def _title_event(document: ReadDocument, entities) -> str | None:
    title = (document.title or "").casefold()
    for entity in entities:
        if entity.kind == "event" and title and entity.name.casefold() in title:
            return entity.key
    return None


def _main_event(document: ReadDocument, entities, mentions) -> str | None:
    return _title_event(document, entities) or _main(mentions, "event")


def _named_after(event_key: str | None, by_key) -> str | None:
    """The place an event is named after: "Battle of Hue", "Siege of the city of X" (the name
    after "of", "at" or "in"), "Khojaly massacre" (the name before the last word)."""
    if not event_key or event_key not in by_key:
        return None
    name = by_key[event_key].name
    m = re.search(r"\b(?:of|at|in)\s+(.+)$", name)
    wanted = {m.group(1).casefold()} if m else set()
    if " " in name:
        wanted.add(name.rsplit(" ", 1)[0].casefold())
    for entity in by_key.values():  # (by an alias too: "Battle of Stalingrad", the place Volgograd)
        if entity.kind == "place" and any(n.casefold() in wanted for n in (entity.name, *(a.alias for a in entity.aliases))):
            return entity.key
    return None


def _event_place(event_key: str | None, by_key) -> str | None:
    if not event_key or event_key not in by_key:
        return None
    name = by_key[event_key].name.casefold()
    for entity in by_key.values():
        # a whole word of the name: "Croatia" is not the place of the "Croatian War"
        if entity.kind == "place" and _has_words(name, entity.name.casefold()):
            return entity.key
    return None


def _has_words(text: str, words: str) -> bool:
    """``words`` occurs in ``text`` with no letter or digit joined to either end."""
    at = text.find(words)
    while at >= 0:
        end = at + len(words)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(words, at + 1)
    return False


# a country that loses or suffers is a side of the war, not where its losses happened
COUNTRY_LOST = re.compile(r"^\s+(?:had\s+|has\s+)?(?:lost|suffered|sustained)\b")
AGENT_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.I)


def _cells(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each cell of a Markdown table row "| a | b |", stripped."""
    bars = [i for i, ch in enumerate(text) if ch == "|"]
    cells = []
    for a, b in zip(bars, bars[1:]):
        cell = text[a + 1:b]
        lead = len(cell) - len(cell.lstrip())
        cells.append((a + 1 + lead, a + 1 + len(cell.rstrip())))
    return cells


_TABLE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*")
_TABLE_RULE = re.compile(r"[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*")
_SOURCE_HEADERS = frozenset({"source", "sources", "according to", "reported by", "by"})


def _table_headers(segments) -> dict[int, list[str]]:
    """The column headers of each data row of a Markdown table ("| Side | Killed | Source |",
    "| --- | --- | --- |", then the rows), by the row's segment."""
    found: dict[int, list[str]] = {}
    segs = list(segments)
    i = 0
    while i + 1 < len(segs):
        head, rule = segs[i], segs[i + 1]
        if _TABLE_ROW.fullmatch(head.text) and _TABLE_RULE.fullmatch(rule.text):
            names = [head.text[a:b] for a, b in _cells(head.text)]
            j = i + 2
            while j < len(segs) and _TABLE_ROW.fullmatch(segs[j].text) and len(_cells(segs[j].text)) == len(names):
                found[segs[j].seq] = names
                j += 1
            i = j
        else:
            i += 1
    return found


def _table_row_claims(seg: SegmentRecord, header: list[str], exclude, extract_claims, mentions, by_key):
    """The claims of one data row of a table: each cell read with its column's header as the
    label of an infobox line ("Killed: 2,908"), so the header says what the figure counts; the
    first column names whose figures they are (a country, or a demonym: the claims' side), and a
    "Source" column who gives them. Returns (claims, side, source, spans of those two cells)."""
    cells = _cells(seg.text)
    first_a, first_b = cells[0]
    first = seg.text[first_a:first_b]
    countries = [m for m in mentions if m.kind == "place" and seg.start + first_a <= m.start < seg.start + first_b
                 and getattr(by_key.get(m.entity_key), "place_type", None) == "country"]
    side = by_key[countries[0].entity_key].name if len({m.entity_key for m in countries}) == 1 else None
    if side is None:
        side = compared_as("killed", first)[1]
    spans = [(seg.start + first_a, seg.start + first_b)]
    source = None
    found: list[ClaimRecord] = []
    for name, (a, b) in zip(header, cells):
        if name.casefold() in _SOURCE_HEADERS and a < b:
            source = seg.text[a:b]
            spans.append((seg.start + a, seg.start + b))
    for n, (name, (a, b)) in enumerate(zip(header, cells)):
        if n == 0 or a == b or name.casefold() in _SOURCE_HEADERS or not _DIGIT.search(seg.text, a, b):
            continue
        label = f"{name}: "
        found += extract_claims(label + seg.text[a:b], seg.start + a - len(label), segment_seq=seg.seq,
                                exclude=exclude)
    return found, side, source, spans


def _losing_country(claim: ClaimRecord, seg: SegmentRecord, mentions: list[MentionRecord], by_key) -> str | None:
    """The side of casualties a country "lost" or "suffered" ("The United States lost 95 killed and
    about 560 wounded": both the United States'; not "..., and Iraqi forces 11 killed")."""
    for m in mentions:
        entity = by_key.get(m.entity_key)
        if m.kind != "place" or entity is None or entity.place_type != "country" or m.end > claim.start:
            continue
        if COUNTRY_LOST.match(seg.text[m.end - seg.start : m.end - seg.start + 30]) and not _OTHER_SIDE.search(
                seg.text, m.end - seg.start, claim.start - seg.start):
            return entity.name
    return None


def _losses_of(claim: ClaimRecord, seg: SegmentRecord) -> str | None:
    """The side of casualties whose noun a demonym qualifies before the figure, in its clause:
    "Russian losses were between 39,000 and 45,000", "French casualties are given as 28,000"."""
    before = seg.text[: claim.start - seg.start]
    cut = max(before.rfind(";"), before.rfind(". "), max((m.end() for m in _OTHER_SIDE.finditer(before)), default=-1))
    found = None
    for m in _DEMONYM_LOSSES.finditer(before, cut + 1):
        found = m.group(1)
    return default_lexicon().demonyms.get(found.casefold()) if found else None


_DEMONYM_LOSSES = re.compile(r"\b([A-Z][\w-]+)\s+(?:military\s+|army\s+|civilian\s+)?(?:losses|casualties|dead|deaths|fatalities)\b")
_OTHER_SIDE = re.compile(r",\s*(?:and|but)\b|;|\b(?:while|whereas)\b")


def _is_agent(m: MentionRecord, seg: SegmentRecord, countries: frozenset[str] | set[str] = frozenset()) -> bool:
    """A place named as the one who acts ("Armenia's forces killed", "US forces", "... by
    Armenia", a country that "lost 95 killed") is not what a figure is about."""
    after = seg.text[m.end - seg.start : m.end - seg.start + 30]
    before = seg.text[max(0, m.start - seg.start - 12) : m.start - seg.start]
    return bool(FORCES_AFTER.match(after) or AGENT_BEFORE.search(before)
                or (m.entity_key in countries and COUNTRY_LOST.match(after)))


_DESTINATION = re.compile(
    r"\b(?:to|towards|into)[ \u00a0]+(?:the[ \u00a0]+)?(?:nearby[ \u00a0]+|neighbouring[ \u00a0]+|neighboring[ \u00a0]+)?"
    r"(?:(?:town|city|village|region|district|capital|province)[ \u00a0]+of[ \u00a0]+)?\Z"
)
_LOCATED_IN = re.compile(r",[ \u00a0]+in[ \u00a0]+(?:the[ \u00a0]+)?")
_NEXT_WORD = re.compile(r"[ \u00a0]+(?:military[ \u00a0]+)?([A-Za-z]+)")


def _in_source(m: MentionRecord, claim: ClaimRecord, seg: SegmentRecord) -> bool:
    """A name inside the claim's source ("according to US military figures", "officials in
    Baku said") tells who says so, not what the figure is about."""
    follows = _NEXT_WORD.match(seg.text, m.end - seg.start)
    if follows and follows.group(1).lower() in LEXICON.sources:
        return True  # a name used as a source's modifier: "the US command said", "Kelbajar officials"
    source = claim.attributed_to
    if not source:
        return False
    at = seg.text.find(source)
    while at >= 0:
        if seg.start + at <= m.start and m.end <= seg.start + at + len(source):
            return True
        at = seg.text.find(source, at + 1)
    return False


_NEW_CLAUSE = re.compile(r",\s+(?:and\s+that|whereas|but\s+that)\b")
# (not after a short capitalised word or an initial: "Sept.", "Gen.", "Dr.", "J.")
_INNER_STOP = re.compile(r"(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})(?<!\b[A-Z][a-z]{3})\.\s")


def _clause_places(claim: ClaimRecord, seg: SegmentRecord, mentions: list[MentionRecord], kind: str,
                   countries: frozenset[str] | set[str] = frozenset()) -> list[MentionRecord]:
    text = seg.text
    a, b = claim.start - seg.start, claim.end - seg.start
    # (a full stop inside a sentence ends a clause, not an abbreviation's: "on Sept. 25 when ...")
    stops = [m.start() for m in _INNER_STOP.finditer(text)] if ". " in text else []
    if ", " in text:
        # "... said 16 servicemen had been killed, and that its forces had taken the X heights"
        stops += [m.start() for m in _NEW_CLAUSE.finditer(text)]
    lo = max([text.rfind(";", 0, a)] + [i for i in stops if i < a] + [-1]) + 1
    hi_candidates = [i for i in [text.find(";", b)] + [i for i in stops if i >= b] if i >= 0]
    hi = min(hi_candidates) if hi_candidates else len(text)
    near = [m for m in mentions if m.kind == kind and lo <= m.start - seg.start < hi and not _is_agent(m, seg, countries)
            and not _in_source(m, claim, seg)
            # "a village 10 km north of Ganja": a point of reference
            and not DISTANCE_FROM.search(text, max(0, m.start - seg.start - 60), m.start - seg.start)]
    if kind == "place" and len(near) > 1:
        # "in the town of Okhtyrka, in the Sumy region": the region only locates the town
        containers = {b.entity_key for a, b in zip(near, near[1:])
                      if _LOCATED_IN.fullmatch(text, a.end - seg.start, b.start - seg.start)}
        near = [m for m in near if m.entity_key not in containers] or near
    return sorted(near, key=lambda m: abs(m.start - claim.end) if m.start >= claim.end else abs(claim.start - m.end) + 30)


_WITH_BEFORE = re.compile(r"\bwith\s+\Z")
_APPOSITIVE = re.compile(r"\s*,\s*(?:a|an|the)\s+[^\W\d][^,;()]{0,60}")
_SENTENCE_SUBJECT = re.compile(r"(?:The\s+(?:city|town|village|district|region|settlement|province)\s+of\s+)?")
_STATIVE_VERB = re.compile(r"(?:['’]s\s+[a-z]+\s+|\s+)(?:stands|stood|lies|lay|sits|sat|rises|rose|is|was|has|had|"
                           r"covers|covered|reaches|reached)\b")


def _subject(claim, seg, mentions, stated_event, context_event, by_key, main_place, main_event, *,
             main_place_before: bool = False) -> str | None:
    """What a claim is about (see the module docstring): ``stated_event`` is the event the
    sentence states or names, ``context_event`` that or the last one stated in the paragraph;
    ``main_place_before``: the paragraph named the document's main place before this sentence."""
    countries = {m.entity_key for m in mentions if m.kind == "place" and m.entity_key in by_key
                 and by_key[m.entity_key].place_type == "country"}
    places = _clause_places(claim, seg, mentions, "place", countries)
    units = _clause_places(claim, seg, mentions, "unit")
    if claim.predicate == "displaced":
        # "900 residents fled to the nearby town of Drev": where they went is not where they fled from
        places = [m for m in places if not _DESTINATION.search(seg.text, 0, m.start - seg.start)]
    if claim.predicate in PLACE_PREDICATES:
        for m in places:
            # "Khojaly, a town of about 6,000 people, lay between X and Y": the appositive's head;
            # "Shusha stands on a plateau about 1,400 metres above sea level, overlooking X": the
            # sentence's subject
            if m.end <= claim.start and (
                    _APPOSITIVE.fullmatch(seg.text, m.end - seg.start, claim.start - seg.start)
                    or (_SENTENCE_SUBJECT.fullmatch(seg.text, 0, m.start - seg.start)
                        and _STATIVE_VERB.match(seg.text, m.end - seg.start))):
                return m.entity_key
        if places:
            return places[0].entity_key
        if main_place_before and THE_PLACE.search(seg.text):
            # "Shusha stands above Stepanakert, and ... forces in the town shelled Stepanakert.
            # Before the war the town had about 17,000 inhabitants": the town the paragraph is
            # about, not the place of the shelling
            return main_place
        return _event_place(context_event, by_key) or main_place or context_event or main_event
    if claim.predicate == "strength" and units:
        if _WITH_BEFORE.search(seg.text, 0, claim.start - seg.start):
            # "2 Para attacked with about 500 men, supported by gunfire from HMS Arrow": the men
            # are of the unit that has them, before the figure
            having = [u for u in units if u.end <= claim.start]
            if having:
                return max(having, key=lambda u: u.end).entity_key
        return units[0].entity_key
    if claim.predicate in EVENT_PREDICATES or claim.predicate == "strength":
        if claim.predicate in CASUALTIES and context_event and _type(context_event, by_key) in HARMLESS_EVENTS:
            # (nor are they of the ceasefire: stated in the sentence itself, "under the ceasefire
            # ..., unexploded ordnance has caused 65 fatalities in X", they are X's; else the
            # document's main event's, unless it harms nobody either: what the clause names, else
            # the document's place)
            if context_event != stated_event and main_event and _type(main_event, by_key) not in HARMLESS_EVENTS:
                return main_event
            if context_event == stated_event:
                return places[0].entity_key if places else main_place or main_event
            context_event = None
        if context_event:
            return context_event
        if claim.predicate == "strength" and main_event:
            # an army's numbers are the battle's, not of a place in the clause ("numbered 73,000
            # men, many of them armed with rifles bought from France")
            return main_event
        if places:
            return places[0].entity_key
        return main_event or main_place
    counted = _counted_formation(claim)
    if places and counted is None:
        return places[0].entity_key
    for unit in units:
        # "four divisions, including the 308th Division": a count of divisions is not about one
        # of them ("the brigade consisted of six battalions", "two battalions of the 1st
        # Regiment ... crossed the river" are about the brigade, the regiment)
        if counted is None or by_key[unit.entity_key].formation != counted:
            return unit.entity_key
    if places:
        return places[0].entity_key
    return main_place or main_event


def _counted_formation(claim: ClaimRecord) -> str | None:
    """The formation a claim counts ("division" for "four divisions"), if it counts units."""
    if not claim.qualifier:
        return None
    word = claim.qualifier.split()[-1].lower()
    entry = default_lexicon().formations.get(word)
    return entry[0] if entry is not None and entry[0] != word else None


def _type(event_key: str, by_key) -> str | None:
    entity = by_key.get(event_key)
    return entity.event_type if entity is not None else None


def _attributed(claim: ClaimRecord, mentions: list[MentionRecord]) -> str | None:
    if not claim.attributed_to:
        return None
    for m in mentions:
        if m.kind == "person" and m.surface in claim.attributed_to:
            return m.entity_key
    return None


_SINCE = re.compile(r"\bsince[ \u00a0]+(?:the[ \u00a0]+)?\Z", re.I)


def _claim_date(dm: DateMention, seg: SegmentRecord, published) -> DateValue:
    """The date a figure is of: the date expression's, except "killed since 27 September" in a
    report published on 17 October, which counts from the one day to the other."""
    value = dm.value
    if published is None or value.end >= published or "/" in value.edtf \
            or not _SINCE.search(seg.text, max(0, dm.start - seg.start - 12), dm.start - seg.start):
        return value
    return DateValue(edtf=f"{value.edtf}/{published.isoformat()}", start=value.start, end=published,
                     year_inferred=value.year_inferred, precision="range")


def _nearest_date(claim: ClaimRecord, seg_dates: list[DateMention]) -> DateMention | None:
    if not seg_dates:
        return None
    return min(seg_dates, key=lambda d: min(abs(d.start - claim.end), abs(claim.start - d.end)))
