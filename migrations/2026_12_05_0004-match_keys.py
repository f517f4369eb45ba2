"""Match keys for cross-document linking, stored and indexed instead of held in memory.

Also two indexes the writer's lookups need to stay fast as the archive grows: event dates by
start date, aliases by entity and folded name.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 01:00:00+00:00

The writer links each document's entities to the archive's by folded name, spelling skeleton,
folded surname and first given name. It used to keep an index of every entity's keys in
memory, which grew with the archive; now the keys are columns with indexes and the writer
reads only the candidates of the names in the document at hand. Existing rows are filled in
here with the same functions the writer uses (``etl.keys``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def upgrade() -> None:
    # Plain ALTER TABLE (no batch copy): SQLite's views on these tables stay valid.
    op.add_column("entities", sa.Column("skeleton", sa.String(length=400), nullable=True))
    op.create_index(op.f("ix_entities_skeleton"), "entities", ["skeleton"], unique=False)
    op.add_column("aliases", sa.Column("skeleton", sa.String(length=400), nullable=True))
    # (name -> entity) lookups: covering indexes, as a name every document uses has an alias row
    # per document
    op.create_index("ix_aliases_skeleton_entity_id", "aliases", ["skeleton", "entity_id"], unique=False)
    op.create_index("ix_aliases_folded_entity_id", "aliases", ["folded", "entity_id"], unique=False)
    op.drop_index("ix_aliases_folded", table_name="aliases")
    op.add_column("persons", sa.Column("surname_folded", sa.String(length=200), nullable=True))
    op.add_column("persons", sa.Column("given_folded", sa.String(length=200), nullable=True))
    op.create_index(op.f("ix_persons_surname_folded"), "persons", ["surname_folded"], unique=False)
    op.create_index(op.f("ix_persons_given_folded"), "persons", ["given_folded"], unique=False)
    # Lookups that scanned every row of a popular entity or place, so got slower as the archive grew:
    op.create_index("ix_event_dates_start_date", "event_dates", ["start_date"], unique=False)
    op.create_index("ix_aliases_entity_id_folded", "aliases", ["entity_id", "folded"], unique=False)
    op.drop_index("ix_aliases_entity_id", table_name="aliases")  # (a prefix of the new one)
    _backfill()


def _backfill() -> None:
    from etl.keys import match_skeleton, person_keys

    bind = op.get_bind()
    meta = sa.MetaData()
    entities = sa.Table("entities", meta, autoload_with=bind)
    aliases = sa.Table("aliases", meta, autoload_with=bind)
    persons = sa.Table("persons", meta, autoload_with=bind)
    for table, pk, column in ((entities, "entity_id", "name"), (aliases, "alias_id", "alias")):
        update = (
            sa.update(table)
            .where(table.c[pk] == sa.bindparam("key"))
            .values(skeleton=sa.bindparam("new_skeleton"))
        )
        rows = bind.execute(sa.select(table.c[pk], table.c[column])).all()
        changes = [{"key": r[0], "new_skeleton": match_skeleton(r[1])} for r in rows]
        changes = [c for c in changes if c["new_skeleton"]]
        for start in range(0, len(changes), BATCH):
            bind.execute(update, changes[start : start + BATCH])
    update = (
        sa.update(persons)
        .where(persons.c.entity_id == sa.bindparam("key"))
        .values(surname_folded=sa.bindparam("new_surname"), given_folded=sa.bindparam("new_given"))
    )
    rows = bind.execute(sa.select(persons.c.entity_id, persons.c.given_name, persons.c.surname)).all()
    changes = []
    for r in rows:
        given, surname = person_keys(r.given_name, r.surname)
        if given or surname:
            changes.append({"key": r.entity_id, "new_surname": surname, "new_given": given})
    for start in range(0, len(changes), BATCH):
        bind.execute(update, changes[start : start + BATCH])


def downgrade() -> None:
    # (ALTER TABLE ... DROP COLUMN: SQLite 3.35 or later, as Python 3.11 ships)
    op.create_index("ix_aliases_entity_id", "aliases", ["entity_id"], unique=False)
    op.drop_index("ix_aliases_entity_id_folded", table_name="aliases")
    op.drop_index("ix_event_dates_start_date", table_name="event_dates")
    op.drop_index(op.f("ix_persons_given_folded"), table_name="persons")
    op.drop_index(op.f("ix_persons_surname_folded"), table_name="persons")
    op.drop_column("persons", "given_folded")
    op.drop_column("persons", "surname_folded")
    op.create_index("ix_aliases_folded", "aliases", ["folded"], unique=False)
    op.drop_index("ix_aliases_folded_entity_id", table_name="aliases")
    op.drop_index("ix_aliases_skeleton_entity_id", table_name="aliases")
    op.drop_column("aliases", "skeleton")
    op.drop_index(op.f("ix_entities_skeleton"), table_name="entities")
    op.drop_column("entities", "skeleton")
