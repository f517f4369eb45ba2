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

The index of names is kept in memory and refreshed incrementally from the ``aliases`` and
``entities`` tables at the start of every document transaction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import Connection, bindparam, insert, or_, select, update

from archive.models import DocumentVersion, Entity, Event, EventDate, EventPlace, Person, Place, Segment, Unit
from etl.events import family as event_family
from etl.types import EntityRecord, Extraction

MIN_SKELETON = 4  # shorter skeletons collide too easily to be evidence of identity
DATE_SLACK = timedelta(days=3)
PRECISE_DAYS = 7  # dates at most this wide (a day, a few days) can identify an event across documents
BROAD_PLACE_TYPES = ("country", "region", "province")  # too broad to identify a happening
UPDATE_CHUNK = 500  # event ids per query when recomputing consensus dates

# Statements built once (Core, on the tables): the writer runs them for every entity it creates.
_INSERT_ENTITY = insert(Entity.__table__).returning(Entity.__table__.c.entity_id)
_SUBTYPE_TABLES = {"person": Person.__table__, "unit": Unit.__table__, "place": Place.__table__, "event": Event.__table__}
_EVENTS = Event.__table__
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


class Linker:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.by_folded: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.by_skeleton: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.by_surname: dict[str, set[int]] = defaultdict(set)
        self.by_given: dict[str, set[int]] = defaultdict(set)
        self.names: dict[int, tuple[str, str]] = {}
        self.event_types: dict[int, str] = {}
        self.last_entity_id = 0
        self.last_alias_id = 0
        self.pending: dict[int, tuple[str, dict]] = {}  # entity id -> (kind, subtype row) not yet inserted
        self.filled: set[tuple[int, str]] = set()  # (place or unit id, column) known to be non-null

    # -- the index --------------------------------------------------------------------------

    def _index_name(self, entity_id: int, kind: str, name: str) -> None:
        from etl.names import fold, skeleton

        folded = fold(name)
        if folded:
            self.by_folded[(kind, folded)].add(entity_id)
        skel = skeleton(name)
        if len(skel) >= MIN_SKELETON:
            self.by_skeleton[(kind, skel)].add(entity_id)

    def _index_person(self, entity_id: int, given: str | None, surname: str | None) -> None:
        from etl.names import fold

        if surname:
            self.by_surname[fold(surname)].add(entity_id)
        if given:
            self.by_given[fold(given).split()[0]].add(entity_id)

    def refresh(self, conn: Connection) -> None:
        """Read entities and aliases added since the last refresh (by anyone)."""
        from archive.models import Alias

        rows = conn.execute(
            select(Entity.entity_id, Entity.kind, Entity.name, Person.given_name, Person.surname, Event.event_type)
            .outerjoin(Person, Person.entity_id == Entity.entity_id)
            .outerjoin(Event, Event.entity_id == Entity.entity_id)
            .where(Entity.entity_id > self.last_entity_id)
            .order_by(Entity.entity_id)
        ).all()
        for r in rows:
            self._remember(r.entity_id, r.kind, r.name, r.given_name, r.surname, r.event_type)
            self.last_entity_id = r.entity_id
        aliases = conn.execute(
            select(Alias.alias_id, Alias.entity_id, Alias.alias, Entity.kind)
            .join(Entity, Entity.entity_id == Alias.entity_id)
            .where(Alias.alias_id > self.last_alias_id)
            .order_by(Alias.alias_id)
        ).all()
        for a in aliases:
            self._index_name(a.entity_id, a.kind, a.alias)
            self.last_alias_id = a.alias_id

    def _remember(self, entity_id, kind, name, given=None, surname=None, event_type=None) -> None:
        self.names[entity_id] = (kind, name)
        self._index_name(entity_id, kind, name)
        if kind == "person":
            self._index_person(entity_id, given, surname)
        if kind == "event" and event_type:
            self.event_types[entity_id] = event_type

    def has_curated(self, conn: Connection, entity_id: int, folded: str) -> bool:
        from archive.models import Alias

        return conn.execute(
            select(Alias.alias_id).where(
                Alias.entity_id == entity_id, Alias.folded == folded, Alias.origin == "curated"
            ).limit(1)
        ).first() is not None

    def note_aliases(self, rows: list[dict]) -> None:
        for row in rows:
            kind = self.names.get(row["entity_id"], ("", ""))[0]
            if kind:
                self._index_name(row["entity_id"], kind, row["alias"])

    # -- linking ------------------------------------------------------------------------------

    def link_all(self, conn: Connection, extraction: Extraction, *, run_id: int) -> dict[str, int]:
        """Map every document-local entity key to an archive entity id, creating as needed."""
        ids: dict[str, int] = {}
        order = {"place": 0, "unit": 1, "person": 2, "event": 3}
        records = sorted(extraction.entities, key=lambda r: (order.get(r.kind, 9), r.key))
        event_context = self._event_context(extraction)
        self.pending = {}
        events_started = False
        for record in records:
            if record.kind == "event":
                if not events_started:
                    self._flush(conn, ids)  # event linking reads the places (and their types)
                    events_started = True
                places = {ids[k] for k in event_context[record.key][0] if k in ids}
                found = self._find_event(conn, record, places, event_context[record.key][1])
            else:
                found = self._find(record)
            if found is None:
                found = self._create(conn, record, run_id, ids)
            else:
                self._maybe_upgrade(conn, found, record)
            ids[record.key] = found
        self._flush(conn, ids)
        return ids

    def _flush(self, conn: Connection, ids: dict[str, int]) -> None:
        """Insert the subtype rows (persons, units, places, events) of the entities created since
        the last flush, one executemany per table. A unit's parent is resolved now, so it may be
        created after the unit."""
        if not self.pending:
            return
        by_table: dict[str, list[dict]] = defaultdict(list)
        for kind, row in self.pending.values():
            parent_key = row.pop("parent_key", None)
            if kind == "unit":
                row["parent_unit_id"] = ids.get(parent_key) if parent_key else None
            by_table[kind].append(row)
        for kind, rows in by_table.items():
            conn.execute(insert(_SUBTYPE_TABLES[kind]), rows)
        self.pending = {}

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
        from etl.names import fold

        found: set[int] = set()
        for name in names:
            found |= self.by_folded.get((kind, fold(name)), set())
        return found

    def _skeleton_candidates(self, kind: str, names: list[str]) -> set[int]:
        from etl.names import skeleton

        found: set[int] = set()
        for name in names:
            skel = skeleton(name)
            if len(skel) >= MIN_SKELETON:
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
        specific = conn.execute(
            select(Place.entity_id).where(
                Place.entity_id.in_(sorted(places)),
                or_(Place.place_type.is_(None), Place.place_type.not_in(BROAD_PLACE_TYPES)),
            )
        ).scalars().all()
        if not specific:
            return None
        candidates = {
            e
            for (e,) in conn.execute(
                select(EventPlace.event_id).where(EventPlace.place_id.in_(sorted(specific))).distinct()
            )
            if self.event_types.get(e) in family and (generic or self._is_generic(self.names[e][1]))
        }
        if not candidates:
            return None
        rows = conn.execute(
            select(EventDate.event_id, EventDate.start_date, EventDate.end_date).where(
                EventDate.event_id.in_(sorted(candidates))
            )
        ).all()
        matching = {
            r.event_id
            for r in rows
            if (r.end_date - r.start_date).days <= PRECISE_DAYS
            and any(r.start_date - e <= DATE_SLACK and s - r.end_date <= DATE_SLACK for s, e in precise)
        }
        return min(matching) if matching else None

    def _create(self, conn: Connection, record: EntityRecord, run_id: int, ids: dict[str, int]) -> int:
        from etl.names import fold

        entity_id = conn.execute(
            _INSERT_ENTITY,
            {"kind": record.kind, "name": record.name[:400], "folded": fold(record.name)[:400], "created_run_id": run_id},
        ).scalar_one()
        row: dict = {"entity_id": entity_id}
        if record.kind == "person":
            row.update(given_name=record.given_name, surname=record.surname, title=record.title)
        elif record.kind == "unit":
            row.update(side=record.side, formation=record.formation, number=record.number, parent_key=record.parent_key)
        elif record.kind == "place":
            row.update(place_type=record.place_type)
        elif record.kind == "event":
            row.update(event_type=record.event_type or "other")
        if record.kind in _SUBTYPE_TABLES:
            self.pending[entity_id] = (record.kind, row)
        self._remember(entity_id, record.kind, record.name, record.given_name, record.surname, record.event_type)
        return entity_id

    def _maybe_upgrade(self, conn: Connection, entity_id: int, record: EntityRecord) -> None:
        """Fill in what an existing entity lacks: a fuller person name, a place type, a side."""
        from etl.names import fold

        kind, name = self.names[entity_id]
        pending = self.pending.get(entity_id, (None, None))[1]  # created in this document, not yet inserted
        if kind == "person" and len(fold(name).split()) == 1 and len(fold(record.name).split()) > 1:
            self._rename(conn, entity_id, record.name)
            if pending is not None:
                pending.update(given_name=record.given_name, surname=record.surname)
            else:
                conn.execute(
                    update(Person)
                    .where(Person.entity_id == entity_id)
                    .values(given_name=record.given_name, surname=record.surname)
                )
            self._remember(entity_id, kind, record.name, record.given_name, record.surname)
        elif kind in ("place", "unit"):
            column, value = ("place_type", record.place_type) if kind == "place" else ("side", record.side)
            if not value or (entity_id, column) in self.filled:
                return
            if pending is not None:
                if pending.get(column) is None:
                    pending[column] = value
            else:
                table = _SUBTYPE_TABLES[kind]
                conn.execute(
                    update(table)
                    .where(table.c.entity_id == entity_id, table.c[column].is_(None))
                    .values({column: value})
                )
            self.filled.add((entity_id, column))  # set now, whoever set it: no need to ask again
        elif kind == "event" and self._is_generic(name) and not self._is_generic(record.name):
            self._rename(conn, entity_id, record.name)
            if record.event_type:
                if pending is not None:
                    pending["event_type"] = record.event_type
                else:
                    conn.execute(update(Event).where(Event.entity_id == entity_id).values(event_type=record.event_type))
                self.event_types[entity_id] = record.event_type
            self._remember(entity_id, kind, record.name, event_type=record.event_type)

    @staticmethod
    def _rename(conn: Connection, entity_id: int, name: str) -> None:
        from etl.names import fold

        conn.execute(update(Entity).where(Entity.entity_id == entity_id).values(name=name[:400], folded=fold(name)[:400]))

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
            for r in conn.execute(
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
                .where(EventDate.event_id.in_(wanted[start : start + UPDATE_CHUNK]), DocumentVersion.is_current)
            ):
                rows_of[r.event_id].append(r)
        updates = []
        for event_id in wanted:
            rows = rows_of.get(event_id)
            if not rows:
                continue
            kind = "span" if any(r.date_kind == "span" for r in rows) else "point"
            details: dict[tuple, object] = {}
            documents: dict[tuple, set[int]] = defaultdict(set)
            for r in rows:
                if r.date_kind == kind:
                    key = (r.edtf, r.start_date, r.end_date)
                    details.setdefault(key, r)
                    documents[key].add(r.source_id)
            best = min(documents, key=lambda k: (-len(documents[k]), (k[2] - k[1]).days, k[1], k[0]))
            chosen = details[best]
            updates.append(
                {
                    "event_id": event_id,
                    "new_edtf": chosen.edtf,
                    "new_start_date": chosen.start_date,
                    "new_end_date": chosen.end_date,
                    "new_year_inferred": bool(chosen.year_inferred),
                }
            )
        if updates:
            conn.execute(_UPDATE_EVENT_DATE, updates)
