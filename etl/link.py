"""Cross-document entity linking, done by the writer.

Workers resolve mentions *within* a document (``etl.resolve``): "Melkonian" -> "Monte
Melkonian" when the document names him in full. The writer then links each document-local
entity to the archive's canonical entities, in input order, so the result does not depend on
how many workers ran:

* places and units: the same folded name or alias (``etl.names.fold``), else the same spelling
  skeleton (``etl.names.skeleton``: Dalibaltyan/Dalibaltayan) when the skeleton is long enough;
* persons: the same full name (or a spelling variant with agreeing given names, never a mere
  shared surname: Ilham Aliyev is not Heydar Aliyev); a surname-only or given-name-only entity
  links to the one person with that surname/given name, or stays on its own when several
  persons share it (no merge without evidence); a full name arriving after a surname-only
  entity of the same surname upgrades that entity's canonical name;
* events: the same name; an unnamed event links to an event of a compatible type at the same
  place whose dates overlap (the capture of a town on 2 April belongs to the battle for it in
  March-April).

Nothing is kept in memory between documents (memory stays flat however large the archive
grows): the match keys are stored, indexed columns (``etl.keys``), and for each document the
linker reads just the entities that share a key with one of its names, in two queries. Ids of
new entities are allocated in one statement and the entities inserted in one per table.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import Connection, Date, TextClause, bindparam, select, text, update

from archive.models import Alias, DocumentVersion, Entity, Event, EventDate, EventPlace, Person, Place, Segment, Unit
from etl.bulk import allocate_ids, insert_rows
from etl.events import family as event_family
from etl.keys import MAX_NAME, folded_key, match_skeleton, person_keys
from etl.names import fold, split_person_name
from etl.types import EntityRecord, Extraction

DATE_SLACK = timedelta(days=3)
PRECISE_DAYS = 7  # dates at most this wide (a day, a few days) can identify an event across documents
BROAD_PLACE_TYPES = ("country", "region", "province")  # too broad to identify a happening
UPDATE_CHUNK = 500  # event ids per query when recomputing consensus dates
PROVISIONAL = 1 << 62  # ids of entities created for the document at hand, until real ids are allocated

_ENTITIES = Entity.__table__
_SUBTYPE_TABLES = {"person": Person.__table__, "unit": Unit.__table__, "place": Place.__table__, "event": Event.__table__}
_EVENTS = Event.__table__
_EVENT_PLACES = EventPlace.__table__
# The dates the current versions give some events (for their consensus date).
_CURRENT_EVENT_DATES = (
    select(
        EventDate.event_id,
        EventDate.date_kind,
        EventDate.edtf,
        EventDate.start_date,
        EventDate.end_date,
        EventDate.year_inferred,
        DocumentVersion.source_id,
    )
    .join(Segment, Segment.segment_id == EventDate.segment_id)
    .join(DocumentVersion, DocumentVersion.version_id == Segment.version_id)
    .where(EventDate.event_id.in_(bindparam("events", expanding=True)), DocumentVersion.is_current)
)
_HAS_CURATED = (
    select(Alias.alias_id)
    .where(Alias.entity_id == bindparam("entity_id"), Alias.folded == bindparam("folded"), Alias.origin == "curated")
    .limit(1)
)
_UPDATE_EVENT_DATE = (
    update(_EVENTS)
    .where(_EVENTS.c.entity_id == bindparam("event_id"))
    .values(
        edtf=bindparam("new_edtf"),
        start_date=bindparam("new_start_date"),
        end_date=bindparam("new_end_date"),
        year_inferred=bindparam("new_year_inferred"),
    )
)
# The events of some types stated at some places, with their dates near a span of time: the
# candidates for an unnamed event.
_EVENT_DATES = EventDate.__table__
# Driven by the dates (ix_event_dates_start_date: a window of days), not by the places: a place
# the archive is about has events in every document, a window of days fewer. The window's
# lower bound: a matching date ends on or after ``earliest`` and spans at most PRECISE_DAYS.
_EVENTS_AT = (
    select(_EVENT_DATES.c.event_id, _EVENTS.c.event_type, _ENTITIES.c.name, _EVENT_DATES.c.start_date,
           _EVENT_DATES.c.end_date)
    .join(_EVENTS, _EVENTS.c.entity_id == _EVENT_DATES.c.event_id)
    .join(_ENTITIES, _ENTITIES.c.entity_id == _EVENT_DATES.c.event_id)
    .where(
        _EVENT_DATES.c.start_date <= bindparam("latest", type_=Date),
        _EVENT_DATES.c.start_date >= bindparam("lowest", type_=Date),
        _EVENT_DATES.c.end_date >= bindparam("earliest", type_=Date),
        _EVENTS.c.event_type.in_(bindparam("types", expanding=True)),
    )
    .distinct()
)
# The places of some events (by event: a place can have thousands of events, an event few places).
_PLACES_OF = select(_EVENT_PLACES.c.event_id, _EVENT_PLACES.c.place_id).where(
    _EVENT_PLACES.c.event_id.in_(bindparam("events", expanding=True))
)


def _candidates_sql(rows_of: str, columns: str, attributes: str, probe: str) -> TextClause:
    """(key type, key) and what linking needs to know of the entities whose stored keys match
    one of the lists ``:folded``, ``:skeletons``, ``:words`` (surnames and given names of
    persons), in one statement whose text never changes (so the database prepares and plans it
    once). ``rows_of`` makes a list parameter a table ``w`` with a column ``value``;
    ``columns`` and ``attributes`` read each candidate's kind, name and subtype attributes;
    ``probe`` joins a table to the keys (``{table}``, ``{alias}``, ``{condition}``).

    Only the candidates linking can use come back, so that a name thousands of entities share
    costs the database a scan but not thousands of rows in Python (see ``Linker._find*``):

    * a place, unit or event is looked up by key and the oldest candidate wins: the oldest per
      key and kind (``pick = 1``);
    * a person's full name or skeleton: every candidate (agreement of given names is tested
      in Python);
    * a person's one-word name: the oldest one-word entity of that name;
    * surname and given name: linking asks only whether there are none, one, or several
      one-word (surname alone) or several-word persons; two of each tell that.

    An alias is stored once per document that attests it, so a name every document uses has
    one ``aliases`` row per document: its distinct entities are read by skipping along the
    ``(folded, entity_id)`` and ``(skeleton, entity_id)`` indexes (the recursive queries: the
    next entity id after the last one, a few index probes per entity) rather than by reading
    every row, which made linking slower as the archive grew."""
    lists = {name: rows_of.format(name) for name in ("folded", "skeletons", "words")}

    def join(table: str, alias: str, condition: str) -> str:
        return probe.format(table=table, alias=alias, condition=condition)

    return text(
        f"""
        WITH RECURSIVE alias_folded(key, entity_id) AS (
            SELECT w.value, (SELECT MIN(a.entity_id) FROM aliases a WHERE a.folded = w.value) FROM {lists["folded"]}
            UNION ALL
            SELECT r.key, (SELECT MIN(a.entity_id) FROM aliases a WHERE a.folded = r.key AND a.entity_id > r.entity_id)
            FROM alias_folded r WHERE r.entity_id IS NOT NULL
        ), alias_skeleton(key, entity_id) AS (
            SELECT w.value, (SELECT MIN(a.entity_id) FROM aliases a WHERE a.skeleton = w.value) FROM {lists["skeletons"]}
            UNION ALL
            SELECT r.key, (SELECT MIN(a.entity_id) FROM aliases a WHERE a.skeleton = r.key AND a.entity_id > r.entity_id)
            FROM alias_skeleton r WHERE r.entity_id IS NOT NULL
        )
        SELECT key_type, key, entity_id, kind, name, event_type, place_type, side FROM (
            SELECT k.key_type, k.key, k.entity_id, {columns},
                   CASE WHEN e.folded LIKE '% %' THEN 1 ELSE 0 END AS several_words,
                   ROW_NUMBER() OVER (
                       PARTITION BY k.key_type, k.key, e.kind, CASE WHEN e.folded LIKE '% %' THEN 1 ELSE 0 END
                       ORDER BY k.entity_id
                   ) AS pick
            FROM (
                SELECT 'folded' AS key_type, x.folded AS key, x.entity_id
                FROM {lists["folded"]} CROSS JOIN (
                    SELECT 'person' AS kind UNION ALL SELECT 'unit' UNION ALL SELECT 'place' UNION ALL SELECT 'event'
                ) AS kinds
                {join("entities", "x", "x.kind = kinds.kind AND x.folded = w.value")}
                UNION
                SELECT 'folded', key, entity_id FROM alias_folded WHERE entity_id IS NOT NULL
                UNION
                SELECT 'skeleton', x.skeleton, x.entity_id FROM {lists["skeletons"]}
                {join("entities", "x", "x.skeleton = w.value")}
                UNION
                SELECT 'skeleton', key, entity_id FROM alias_skeleton WHERE entity_id IS NOT NULL
                UNION
                SELECT 'surname', p.surname_folded, p.entity_id FROM {lists["words"]}
                {join("persons", "p", "p.surname_folded = w.value")}
                UNION
                SELECT 'given', p.given_folded, p.entity_id FROM {lists["words"]}
                {join("persons", "p", "p.given_folded = w.value")}
            ) AS k
            {attributes}
        ) AS c
        WHERE CASE
            WHEN kind <> 'person' THEN pick = 1
            WHEN key_type = 'skeleton' THEN 1 = 1
            WHEN key_type = 'folded' AND key LIKE '% %' THEN 1 = 1
            WHEN key_type = 'folded' THEN several_words = 0 AND pick = 1
            WHEN key_type = 'surname' THEN pick <= 2
            ELSE several_words = 1 AND pick <= 2
        END
        """
    )


_SUBTYPES = """LEFT JOIN events ev ON ev.entity_id = e.entity_id
            LEFT JOIN places pl ON pl.entity_id = e.entity_id
            LEFT JOIN units u ON u.entity_id = e.entity_id"""
# Every lookup is driven by the list of keys (a few dozen values, each an index probe). On
# PostgreSQL the keys' rows and the attributes are read per key and per candidate (LATERAL ...
# OFFSET 0 keeps it a nested loop of index probes): the planner cannot estimate an array's or a
# recursive query's rows and would otherwise hash-join whole tables (a sequential scan of
# every entity per document, 4 ms at 18,000 entities and growing with the archive).
_CANDIDATES = {
    False: _candidates_sql(  # SQLite: a list parameter is a JSON array
        "json_each(:{}) AS w",
        "e.kind, e.name, ev.event_type, pl.place_type, u.side",
        f"JOIN entities e ON e.entity_id = k.entity_id {_SUBTYPES}",
        "JOIN {table} {alias} ON {condition}",
    ),
    True: _candidates_sql(  # PostgreSQL: an array
        "unnest(CAST(:{} AS text[])) AS w(value)",
        "e.kind, e.name, e.event_type, e.place_type, e.side",
        f"CROSS JOIN LATERAL (SELECT e.kind, e.name, e.folded, ev.event_type, pl.place_type, u.side FROM entities e"
        f" {_SUBTYPES} WHERE e.entity_id = k.entity_id OFFSET 0) AS e",
        "CROSS JOIN LATERAL (SELECT {alias}.* FROM {table} {alias} WHERE {condition} OFFSET 0) AS {alias}",
    ),
}


def _shifted(day: date, delta: timedelta) -> date:
    """``day + delta``, kept within the calendar (dates near year 1 or 9999 do not overflow)."""
    try:
        return day + delta
    except OverflowError:
        return date.max if delta > timedelta(0) else date.min


class Linker:
    """Links one document's entities at a time (``link_all``); holds nothing between documents,
    so its memory does not grow with the archive."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget the document at hand (the candidates read for it, the entities it created)."""
        self.by_folded: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.by_skeleton: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.by_surname: dict[str, set[int]] = defaultdict(set)
        self.by_given: dict[str, set[int]] = defaultdict(set)
        self.names: dict[int, tuple[str, str]] = {}
        self.event_types: dict[int, str] = {}
        # place type of places, side of units, as the database will hold them after this document
        self.attributes: dict[tuple[int, str], str | None] = {}
        self.pending: dict[int, tuple[str, dict]] = {}  # provisional id -> (kind, subtype row)
        self.new_entities: dict[int, dict] = {}  # provisional id -> entities row, in creation order

    # -- the index of candidates ---------------------------------------------------------------

    def _index_name(self, entity_id: int, kind: str, name: str) -> None:
        folded = fold(name)
        if folded:
            self.by_folded[(kind, folded)].add(entity_id)
        skel = match_skeleton(name)
        if skel:
            self.by_skeleton[(kind, skel)].add(entity_id)

    def _index_person(self, entity_id: int, given: str | None, surname: str | None) -> None:
        given_key, surname_key = person_keys(given, surname)
        if surname_key:
            self.by_surname[surname_key].add(entity_id)
        if given_key:
            self.by_given[given_key].add(entity_id)

    def _remember(self, entity_id, kind, name, given=None, surname=None, event_type=None) -> None:
        self.names[entity_id] = (kind, name)
        self._index_name(entity_id, kind, name)
        if kind == "person":
            self._index_person(entity_id, given, surname)
        if kind == "event" and event_type:
            self.event_types[entity_id] = event_type

    def prefetch(self, conn: Connection, records) -> None:
        """Read the archive's entities that any record of the document could link to: those
        sharing a folded name, a skeleton, or (persons) a surname or given name with it.

        Within the document, linking then behaves as if the whole archive's index were in
        memory: every key a record is looked up by is read here, and entities created or renamed
        while linking are added as they come."""
        folded_keys: set[str] = set()
        skeleton_keys: set[str] = set()
        person_words: set[str] = set()
        for r in records:
            # Only the keys linking looks up (``_find``, ``_find_person``, ``_find_event``): a
            # person by its name alone, an event by name and aliases unless its name is made up
            # (and never by skeleton), places and units by name, aliases and skeleton. Reading
            # more only costs time: a made-up event name recurs in every document that uses it.
            if r.kind == "event":
                names = [] if self._is_generic(r.name) else [r.name, *(a.alias for a in r.aliases)]
            elif r.kind == "person":
                names = [r.name]
            else:
                names = [r.name, *(a.alias for a in r.aliases)]
            for name in names:
                key = fold(name)
                if key:
                    folded_keys.add(key[:MAX_NAME])
            tokens = fold(r.name).split()
            if r.kind != "event" and (r.kind != "person" or len(tokens) >= 2):
                skel = match_skeleton(r.name)
                if skel:
                    skeleton_keys.add(skel)
            if r.kind == "person":
                if len(tokens) >= 2:
                    surname = r.surname or split_person_name(r.name)[1]
                    if surname:
                        person_words.add(fold(surname)[:200])
                elif tokens:
                    person_words.add(tokens[0][:200])
        if conn.dialect.name == "postgresql":
            params = {"folded": sorted(folded_keys), "skeletons": sorted(skeleton_keys), "words": sorted(person_words)}
        else:
            params = {
                "folded": json.dumps(sorted(folded_keys)),
                "skeletons": json.dumps(sorted(skeleton_keys)),
                "words": json.dumps(sorted(person_words)),
            }
        for r in conn.execute(_CANDIDATES[conn.dialect.name == "postgresql"], params):
            entity_id, kind = r.entity_id, r.kind
            if entity_id not in self.names:
                self.names[entity_id] = (kind, r.name)
                if kind == "event" and r.event_type:
                    self.event_types[entity_id] = r.event_type
                elif kind == "place":
                    self.attributes[(entity_id, "place_type")] = r.place_type
                elif kind == "unit":
                    self.attributes[(entity_id, "side")] = r.side
            key_type, key = r.key_type, r.key
            if key_type == "folded":
                self.by_folded[(kind, key)].add(entity_id)
            elif key_type == "skeleton":
                self.by_skeleton[(kind, key)].add(entity_id)
            elif key_type == "surname":
                self.by_surname[key].add(entity_id)
            else:
                self.by_given[key].add(entity_id)

    def has_curated(self, conn: Connection, entity_id: int, folded: str) -> bool:
        return conn.execute(_HAS_CURATED, {"entity_id": entity_id, "folded": folded}).first() is not None

    # -- linking ------------------------------------------------------------------------------

    def link_all(self, conn: Connection, extraction: Extraction, *, run_id: int) -> dict[str, int]:
        """Map every document-local entity key to an archive entity id, creating as needed.

        Entities created here get provisional ids while linking (greater than every id in the
        archive and increasing, as the real ones will be, so "the oldest candidate" means the
        same), then real ids in one allocation, and are inserted with one statement per table."""
        self.reset()
        ids: dict[str, int] = {}
        order = {"place": 0, "unit": 1, "person": 2, "event": 3}
        records = sorted(extraction.entities, key=lambda r: (order.get(r.kind, 9), r.key))
        self.prefetch(conn, records)
        event_context = self._event_context(extraction)
        for record in records:
            if record.kind == "event":
                places = {ids[k] for k in event_context[record.key][0] if k in ids}
                found = self._find_event(conn, record, places, event_context[record.key][1])
            else:
                found = self._find(record)
            if found is None:
                found = self._create(record, run_id)
            else:
                self._maybe_upgrade(conn, found, record)
            ids[record.key] = found
        self._insert_created(conn, ids)
        return ids

    def _insert_created(self, conn: Connection, ids: dict[str, int]) -> None:
        """Give the entities created for this document their real ids and insert them (and their
        persons, units, places, events rows). A unit's parent is resolved now, so it may be
        created after the unit."""
        if not self.new_entities:
            return
        real = dict(zip(self.new_entities, allocate_ids(conn, _ENTITIES, len(self.new_entities))))
        for key, entity_id in ids.items():
            ids[key] = real.get(entity_id, entity_id)
        insert_rows(conn, _ENTITIES, [{"entity_id": real[p], **row} for p, row in self.new_entities.items()])
        by_table: dict[str, list[dict]] = defaultdict(list)
        for provisional, (kind, row) in self.pending.items():
            parent_key = row.pop("parent_key", None)
            if kind == "unit":
                row["parent_unit_id"] = ids.get(parent_key) if parent_key else None
            by_table[kind].append({**row, "entity_id": real[provisional]})
        for kind, rows in by_table.items():
            insert_rows(conn, _SUBTYPE_TABLES[kind], rows)
        self.reset()

    @staticmethod
    def _event_context(extraction: Extraction):
        """Per event: its primary place (the first place stated with it) and its dates."""
        context: dict[str, tuple[set[str], list[tuple[date, date]]]] = defaultdict(lambda: (set(), []))
        for p in extraction.event_places:
            if not context[p.event_key][0]:
                context[p.event_key][0].add(p.place_key)
        for d in extraction.event_dates:
            context[d.event_key][1].append((d.date.value.start, d.date.value.end))
        return context

    def _candidates(self, kind: str, names: list[str]) -> set[int]:
        found: set[int] = set()
        for name in names:
            found |= self.by_folded.get((kind, folded_key(name)), set())
        return found

    def _skeleton_candidates(self, kind: str, names: list[str]) -> set[int]:
        found: set[int] = set()
        for name in names:
            skel = match_skeleton(name)
            if skel:
                found |= self.by_skeleton.get((kind, skel), set())
        return found

    def _find(self, record: EntityRecord) -> int | None:
        if record.kind == "person":
            return self._find_person(record)
        names = [record.name] + [a.alias for a in record.aliases]
        exact = self._candidates(record.kind, [record.name])
        if exact:
            return min(exact)
        by_alias = self._candidates(record.kind, names)
        if by_alias:
            return min(by_alias)
        variants = self._skeleton_candidates(record.kind, [record.name])
        return min(variants) if variants else None

    def _find_person(self, record: EntityRecord) -> int | None:
        from etl.names import fold, same_person, split_person_name

        name = record.name
        tokens = fold(name).split()
        if len(tokens) >= 2:
            for candidates in (
                self._candidates("person", [name]),
                self._skeleton_candidates("person", [name]),
            ):
                agreeing = [c for c in candidates if same_person(self.names[c][1], name)]
                if agreeing:
                    return min(agreeing)
            # A lone surname entity seen before ("Melkonian") becomes this full name.
            given, surname = record.given_name, record.surname
            if not surname:
                given, surname = split_person_name(name)
            if surname:
                lone = [
                    c
                    for c in self.by_surname.get(fold(surname), set())
                    if len(fold(self.names[c][1]).split()) == 1
                ]
                if len(lone) == 1:
                    return lone[0]
            return None
        if not tokens:
            return None
        token = tokens[0]
        full = {c for c in self.by_surname.get(token, set()) if len(fold(self.names[c][1]).split()) > 1}
        if len(full) == 1:
            return next(iter(full))
        if not full:
            given = {c for c in self.by_given.get(token, set()) if len(fold(self.names[c][1]).split()) > 1}
            if len(given) == 1:
                return next(iter(given))
        # Ambiguous or unknown: an entity with exactly this one-word name, if there is one.
        same = self._candidates("person", [name])
        same = {c for c in same if len(fold(self.names[c][1]).split()) == 1}
        return min(same) if same else None

    def _find_event(self, conn, record: EntityRecord, places: set[int], dates) -> int | None:
        """Named events link by name. Otherwise an event links to one of its family at the same
        place when a *precise* date of each (a day, or a range of at most PRECISE days) overlap:
        a vague date ("1993", "the 1990s") is no evidence of identity. A named event never
        absorbs another named event, and made-up names ("capture of Lachin (1992)") never link
        by name."""
        generic = self._is_generic(record.name)
        if not generic:
            named = self._candidates("event", [record.name] + [a.alias for a in record.aliases])
            if named:
                return min(named)
        precise = [(s, e) for s, e in dates if (e - s).days <= PRECISE_DAYS]
        if not places or not precise:
            return None
        family = event_family(record.event_type)
        specific = sorted(
            p for p in places
            if p < PROVISIONAL and self.attributes.get((p, "place_type")) not in BROAD_PLACE_TYPES
        )  # (a place created for this document has no events yet)
        if not specific:
            return None
        # Events of the family dated near this one's dates (SQL narrows by the family and the
        # span of all precise dates), then those of them stated at these places; the exact tests
        # follow here, so the result is the same as testing every event at the places.
        rows = conn.execute(
            _EVENTS_AT,
            {
                "types": sorted(family),
                "latest": _shifted(max(e for _, e in precise), DATE_SLACK),
                "earliest": _shifted(min(s for s, _ in precise), -DATE_SLACK),
                "lowest": _shifted(min(s for s, _ in precise), -DATE_SLACK - timedelta(days=PRECISE_DAYS)),
            },
        ).all()
        if rows:
            wanted = set(specific)
            at_places = {
                event_id
                for event_id, place_id in conn.execute(_PLACES_OF, {"events": sorted({r.event_id for r in rows})})
                if place_id in wanted
            }
            rows = [r for r in rows if r.event_id in at_places]
        matching = set()
        for r in rows:
            if (
                (generic or self._is_generic(r.name))
                and (r.end_date - r.start_date).days <= PRECISE_DAYS
                and any(r.start_date - e <= DATE_SLACK and s - r.end_date <= DATE_SLACK for s, e in precise)
            ):
                matching.add(r.event_id)
                if r.event_id not in self.names:  # (it may become this record's entity)
                    self._remember(r.event_id, "event", r.name, event_type=r.event_type)
        return min(matching) if matching else None

    def _create(self, record: EntityRecord, run_id: int) -> int:
        entity_id = PROVISIONAL + len(self.new_entities)
        self.new_entities[entity_id] = {
            "kind": record.kind,
            "name": record.name[:MAX_NAME],
            "folded": folded_key(record.name),
            "skeleton": match_skeleton(record.name),
            "created_run_id": run_id,
        }
        row: dict = {}
        if record.kind == "person":
            given_key, surname_key = person_keys(record.given_name, record.surname)
            row.update(given_name=record.given_name, surname=record.surname, title=record.title,
                       given_folded=given_key, surname_folded=surname_key)
        elif record.kind == "unit":
            row.update(side=record.side, formation=record.formation, number=record.number, parent_key=record.parent_key)
            self.attributes[(entity_id, "side")] = record.side
        elif record.kind == "place":
            row.update(place_type=record.place_type)
            self.attributes[(entity_id, "place_type")] = record.place_type
        elif record.kind == "event":
            row.update(event_type=record.event_type or "other")
        if record.kind in _SUBTYPE_TABLES:
            self.pending[entity_id] = (record.kind, row)
        self._remember(entity_id, record.kind, record.name, record.given_name, record.surname, record.event_type)
        return entity_id

    def _maybe_upgrade(self, conn: Connection, entity_id: int, record: EntityRecord) -> None:
        """Fill in what an existing entity lacks: a fuller person name, a place type, a side."""
        kind, name = self.names[entity_id]
        pending = self.pending.get(entity_id, (None, None))[1]  # created for this document, not yet inserted
        if kind == "person" and len(fold(name).split()) == 1 and len(fold(record.name).split()) > 1:
            self._rename(conn, entity_id, record.name)
            given_key, surname_key = person_keys(record.given_name, record.surname)
            values = dict(given_name=record.given_name, surname=record.surname,
                          given_folded=given_key, surname_folded=surname_key)
            if pending is not None:
                pending.update(values)
            else:
                conn.execute(update(Person).where(Person.entity_id == entity_id).values(**values))
            self._remember(entity_id, kind, record.name, record.given_name, record.surname)
        elif kind in ("place", "unit"):
            column, value = ("place_type", record.place_type) if kind == "place" else ("side", record.side)
            if not value or self.attributes.get((entity_id, column)) is not None:
                return
            if pending is not None:
                pending[column] = value
            else:
                table = _SUBTYPE_TABLES[kind]
                conn.execute(
                    update(table)
                    .where(table.c.entity_id == entity_id, table.c[column].is_(None))
                    .values({column: value})
                )
            self.attributes[(entity_id, column)] = value
        elif kind == "event" and self._is_generic(name) and not self._is_generic(record.name):
            self._rename(conn, entity_id, record.name)
            if record.event_type:
                if pending is not None:
                    pending["event_type"] = record.event_type
                else:
                    conn.execute(update(Event).where(Event.entity_id == entity_id).values(event_type=record.event_type))
                self.event_types[entity_id] = record.event_type
            self._remember(entity_id, kind, record.name, event_type=record.event_type)

    def _rename(self, conn: Connection, entity_id: int, name: str) -> None:
        values = {"name": name[:MAX_NAME], "folded": folded_key(name), "skeleton": match_skeleton(name)}
        if entity_id in self.new_entities:
            self.new_entities[entity_id].update(values)
        else:
            conn.execute(update(Entity).where(Entity.entity_id == entity_id).values(**values))

    @staticmethod
    def _is_generic(event_name: str) -> bool:
        """Names the event stage makes up for unnamed events start with a lowercase type word."""
        return event_name[:1].islower()

    # -- event dates ----------------------------------------------------------------------

    def update_event_dates(self, conn: Connection, event_ids: set[int]) -> None:
        """Recompute each event's consensus date from its current sources' dates.

        Rule: spans (the dates of the whole happening) before points; among them the date
        given by the most documents; ties go to the narrowest, then the earliest.
        """
        wanted = sorted(event_ids)
        rows_of: dict[int, list] = defaultdict(list)
        for start in range(0, len(wanted), UPDATE_CHUNK):
            for r in conn.execute(_CURRENT_EVENT_DATES, {"events": wanted[start : start + UPDATE_CHUNK]}):
                rows_of[r.event_id].append(r)
        updates = []
        for event_id in wanted:
            rows = rows_of.get(event_id)
            if not rows:
                continue
            kind = "span" if any(r.date_kind == "span" for r in rows) else "point"
            inferred: dict[tuple, bool] = {}
            documents: dict[tuple, set[int]] = defaultdict(set)
            for r in rows:
                if r.date_kind == kind:
                    key = (r.edtf, r.start_date, r.end_date)
                    # the year is inferred only if no source of this date states it (and so
                    # the result does not depend on the order the rows come back in)
                    inferred[key] = inferred.get(key, True) and bool(r.year_inferred)
                    documents[key].add(r.source_id)
            best = min(documents, key=lambda k: (-len(documents[k]), (k[2] - k[1]).days, k[1], k[0]))
            updates.append(
                {
                    "event_id": event_id,
                    "new_edtf": best[0],
                    "new_start_date": best[1],
                    "new_end_date": best[2],
                    "new_year_inferred": inferred[best],
                }
            )
        if updates:
            conn.execute(_UPDATE_EVENT_DATE, updates)
