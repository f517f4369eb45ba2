"""Core tables: sources, document versions, segments, citations, entities, events, claims, runs.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 08:16:00.643275+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('etl_runs',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('command', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='running', nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('code_version', sa.String(length=64), nullable=False),
    sa.Column('hostname', sa.String(length=255), nullable=True),
    sa.Column('pid', sa.Integer(), nullable=True),
    sa.Column('options', sa.Text(), nullable=True),
    sa.Column('n_documents', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_new', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_changed', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_unchanged', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_failed', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_skipped', sa.Integer(), server_default='0', nullable=False),
    sa.Column('stats', sa.Text(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.CheckConstraint("command IN ('load', 'nightly', 'reprocess')", name=op.f('ck_etl_runs_command')),
    sa.CheckConstraint("status IN ('running', 'succeeded', 'partial', 'failed', 'interrupted')", name=op.f('ck_etl_runs_status')),
    sa.PrimaryKeyConstraint('run_id', name=op.f('pk_etl_runs'))
    )
    op.create_table('sources',
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('publisher', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint("kind IN ('document', 'reference')", name=op.f('ck_sources_kind')),
    sa.PrimaryKeyConstraint('source_id', name=op.f('pk_sources')),
    sa.UniqueConstraint('kind', 'key', name=op.f('uq_sources_kind_key'))
    )
    op.create_table('document_versions',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('encoding', sa.String(length=32), nullable=False),
    sa.Column('encoding_warning', sa.Text(), nullable=True),
    sa.Column('media_type', sa.String(length=32), nullable=False),
    sa.Column('genre', sa.String(length=32), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('publisher', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('origin', sa.Text(), nullable=True),
    sa.Column('loaded_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('etl_run_id', sa.Integer(), nullable=False),
    sa.Column('extracted_run_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("genre IN ('extract', 'encyclopedia', 'news', 'other')", name=op.f('ck_document_versions_genre')),
    sa.CheckConstraint("media_type IN ('text/plain', 'text/markdown', 'text/html')", name=op.f('ck_document_versions_media_type')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_document_versions_size_nonnegative')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_document_versions_version_positive')),
    sa.ForeignKeyConstraint(['etl_run_id'], ['etl_runs.run_id'], name=op.f('fk_document_versions_etl_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['extracted_run_id'], ['etl_runs.run_id'], name=op.f('fk_document_versions_extracted_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.source_id'], name=op.f('fk_document_versions_source_id_sources'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('version_id', name=op.f('pk_document_versions')),
    sa.UniqueConstraint('source_id', 'version', name=op.f('uq_document_versions_source_id_version'))
    )
    with op.batch_alter_table('document_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_versions_etl_run_id'), ['etl_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_versions_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_versions_source_id'), ['source_id'], unique=False)
        batch_op.create_index('uq_document_versions_current', ['source_id'], unique=True, sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))

    op.create_table('entities',
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('folded', sa.String(length=400), nullable=False),
    sa.Column('created_run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint("kind IN ('person', 'unit', 'place', 'event')", name=op.f('ck_entities_kind')),
    sa.ForeignKeyConstraint(['created_run_id'], ['etl_runs.run_id'], name=op.f('fk_entities_created_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_entities'))
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_created_run_id'), ['created_run_id'], unique=False)
        batch_op.create_index('ix_entities_kind_folded', ['kind', 'folded'], unique=False)

    op.create_table('file_states',
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('mtime_ns', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.source_id'], name=op.f('fk_file_states_source_id_sources'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('path', name=op.f('pk_file_states'))
    )
    with op.batch_alter_table('file_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_file_states_source_id'), ['source_id'], unique=False)

    op.create_table('quarantine',
    sa.Column('quarantine_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('document_key', sa.Text(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('mtime_ns', sa.BigInteger(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('failures', sa.Integer(), server_default='1', nullable=False),
    sa.Column('first_run_id', sa.Integer(), nullable=False),
    sa.Column('last_run_id', sa.Integer(), nullable=False),
    sa.Column('first_failed_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('last_failed_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['first_run_id'], ['etl_runs.run_id'], name=op.f('fk_quarantine_first_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['last_run_id'], ['etl_runs.run_id'], name=op.f('fk_quarantine_last_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('quarantine_id', name=op.f('pk_quarantine')),
    sa.UniqueConstraint('path', name=op.f('uq_quarantine_path'))
    )
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quarantine_last_run_id'), ['last_run_id'], unique=False)

    op.create_table('claim_changes',
    sa.Column('claim_change_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('previous_run_id', sa.Integer(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('change', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.String(length=400), nullable=True),
    sa.Column('predicate', sa.String(length=32), nullable=False),
    sa.Column('value', sa.Double(), nullable=True),
    sa.Column('value_low', sa.Double(), nullable=True),
    sa.Column('value_high', sa.Double(), nullable=True),
    sa.Column('qualifier', sa.String(length=400), nullable=True),
    sa.Column('hedge', sa.String(length=16), nullable=True),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.CheckConstraint("change IN ('appeared', 'disappeared')", name=op.f('ck_claim_changes_change')),
    sa.ForeignKeyConstraint(['previous_run_id'], ['etl_runs.run_id'], name=op.f('fk_claim_changes_previous_run_id_etl_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['etl_runs.run_id'], name=op.f('fk_claim_changes_run_id_etl_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.version_id'], name=op.f('fk_claim_changes_version_id_document_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_change_id', name=op.f('pk_claim_changes'))
    )
    with op.batch_alter_table('claim_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_changes_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_changes_version_id'), ['version_id'], unique=False)

    op.create_table('events',
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.String(length=32), nullable=False),
    sa.Column('edtf', sa.String(length=64), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('year_inferred', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.CheckConstraint("event_type IN ('offensive', 'battle', 'capture', 'attack', 'massacre', 'bombardment', 'withdrawal', 'evacuation', 'resolution', 'decree', 'agreement', 'ceasefire', 'handover', 'resettlement', 'trial', 'deportation', 'other')", name=op.f('ck_events_event_type')),
    sa.CheckConstraint('start_date IS NULL OR end_date IS NULL OR start_date <= end_date', name=op.f('ck_events_date_order')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.entity_id'], name=op.f('fk_events_entity_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_start_date', ['start_date'], unique=False)

    op.create_table('persons',
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('given_name', sa.String(length=200), nullable=True),
    sa.Column('surname', sa.String(length=200), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.entity_id'], name=op.f('fk_persons_entity_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_persons'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_persons_surname'), ['surname'], unique=False)

    op.create_table('places',
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('place_type', sa.String(length=32), nullable=True),
    sa.CheckConstraint("place_type IN ('country', 'region', 'province', 'district', 'city', 'town', 'village', 'settlement', 'capital', 'mountain', 'range', 'pass', 'river', 'lake', 'valley', 'plain', 'gorge', 'corridor', 'road', 'fortress', 'monastery', 'spring', 'place')", name=op.f('ck_places_place_type')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.entity_id'], name=op.f('fk_places_entity_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_places'))
    )
    op.create_table('reference_entries',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=16), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('publisher', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('excerpt', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('is_empty', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('char_start', sa.Integer(), nullable=False),
    sa.Column('char_end', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('etl_run_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('char_start < char_end', name=op.f('ck_reference_entries_span_nonempty')),
    sa.ForeignKeyConstraint(['etl_run_id'], ['etl_runs.run_id'], name=op.f('fk_reference_entries_etl_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.source_id'], name=op.f('fk_reference_entries_source_id_sources'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.version_id'], name=op.f('fk_reference_entries_version_id_document_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_reference_entries')),
    sa.UniqueConstraint('version_id', 'seq', name=op.f('uq_reference_entries_version_id_seq'))
    )
    with op.batch_alter_table('reference_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reference_entries_etl_run_id'), ['etl_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reference_entries_source_id'), ['source_id'], unique=False)

    op.create_table('run_documents',
    sa.Column('run_document_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('document_key', sa.Text(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('seconds', sa.Double(), nullable=True),
    sa.Column('n_segments', sa.Integer(), nullable=True),
    sa.Column('n_citations', sa.Integer(), nullable=True),
    sa.Column('n_mentions', sa.Integer(), nullable=True),
    sa.Column('n_claims', sa.Integer(), nullable=True),
    sa.Column('n_events', sa.Integer(), nullable=True),
    sa.CheckConstraint("outcome IN ('new', 'changed', 'unchanged', 'failed', 'skipped', 'reprocessed')", name=op.f('ck_run_documents_outcome')),
    sa.ForeignKeyConstraint(['run_id'], ['etl_runs.run_id'], name=op.f('fk_run_documents_run_id_etl_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.version_id'], name=op.f('fk_run_documents_version_id_document_versions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('run_document_id', name=op.f('pk_run_documents'))
    )
    with op.batch_alter_table('run_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_run_documents_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_run_documents_version_id'), ['version_id'], unique=False)

    op.create_table('segments',
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('char_start', sa.Integer(), nullable=False),
    sa.Column('char_end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('section', sa.Text(), nullable=True),
    sa.Column('paragraph', sa.Integer(), server_default='0', nullable=False),
    sa.Column('etl_run_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('title', 'header', 'byline', 'dateline', 'heading', 'sentence', 'caption', 'credit', 'footer', 'reference')", name=op.f('ck_segments_kind')),
    sa.CheckConstraint('char_start < char_end', name=op.f('ck_segments_span_nonempty')),
    sa.CheckConstraint('char_start >= 0', name=op.f('ck_segments_start_nonnegative')),
    sa.ForeignKeyConstraint(['etl_run_id'], ['etl_runs.run_id'], name=op.f('fk_segments_etl_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.version_id'], name=op.f('fk_segments_version_id_document_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('segment_id', name=op.f('pk_segments')),
    sa.UniqueConstraint('version_id', 'seq', name=op.f('uq_segments_version_id_seq'))
    )
    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_segments_etl_run_id'), ['etl_run_id'], unique=False)

    op.create_table('units',
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=200), nullable=True),
    sa.Column('formation', sa.String(length=64), nullable=True),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('parent_unit_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.entity_id'], name=op.f('fk_units_entity_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_unit_id'], ['entities.entity_id'], name=op.f('fk_units_parent_unit_id_entities'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_units'))
    )
    op.create_table('aliases',
    sa.Column('alias_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=400), nullable=False),
    sa.Column('folded', sa.String(length=400), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('segment_id', sa.Integer(), nullable=True),
    sa.Column('attested_by', sa.Text(), nullable=True),
    sa.Column('etl_run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint("origin IN ('mention', 'declared', 'curated', 'admin')", name=op.f('ck_aliases_origin')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.entity_id'], name=op.f('fk_aliases_entity_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['etl_run_id'], ['etl_runs.run_id'], name=op.f('fk_aliases_etl_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['segment_id'], ['segments.segment_id'], name=op.f('fk_aliases_segment_id_segments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.source_id'], name=op.f('fk_aliases_source_id_sources'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('alias_id', name=op.f('pk_aliases'))
    )
    with op.batch_alter_table('aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aliases_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aliases_etl_run_id'), ['etl_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aliases_folded'), ['folded'], unique=False)
        batch_op.create_index(batch_op.f('ix_aliases_segment_id'), ['segment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aliases_source_id'), ['source_id'], unique=False)

    op.create_table('citations',
    sa.Column('citation_id', sa.Integer(), nullable=False),
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=16), nullable=False),
    sa.Column('char_start', sa.Integer(), nullable=False),
    sa.Column('char_end', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('etl_run_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('char_start < char_end', name=op.f('ck_citations_span_nonempty')),
    sa.ForeignKeyConstraint(['entry_id'], ['reference_entries.entry_id'], name=op.f('fk_citations_entry_id_reference_entries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['etl_run_id'], ['etl_runs.run_id'], name=op.f('fk_citations_etl_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['segment_id'], ['segments.segment_id'], name=op.f('fk_citations_segment_id_segments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('citation_id', name=op.f('pk_citations'))
    )
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citations_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citations_etl_run_id'), ['etl_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citations_segment_id'), ['segment_id'], unique=False)

    op.create_table('claims',
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('predicate', sa.String(length=32), nullable=False),
    sa.Column('value', sa.Double(), nullable=True),
    sa.Column('value_low', sa.Double(), nullable=True),
    sa.Column('value_high', sa.Double(), nullable=True),
    sa.Column('unit', sa.String(length=32), nullable=True),
    sa.Column('qualifier', sa.String(length=400), nullable=True),
    sa.Column('hedge', sa.String(length=16), server_default='exact', nullable=False),
    sa.Column('attributed_to', sa.String(length=400), nullable=True),
    sa.Column('attributed_entity_id', sa.Integer(), nullable=True),
    sa.Column('edtf', sa.String(length=64), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('year_inferred', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('char_start', sa.Integer(), nullable=False),
    sa.Column('char_end', sa.Integer(), nullable=False),
    sa.Column('parent_claim_id', sa.Integer(), nullable=True),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('etl_run_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("hedge IN ('approximately', 'at least', 'at most', 'as many as', 'over', 'nearly', 'estimated', 'reportedly', 'range', 'exact')", name=op.f('ck_claims_hedge')),
    sa.CheckConstraint("predicate IN ('killed', 'wounded', 'missing', 'hostages', 'displaced', 'resettled', 'population', 'area_km2', 'elevation_m', 'strength', 'destroyed', 'cost', 'count')", name=op.f('ck_claims_predicate')),
    sa.CheckConstraint('char_start < char_end', name=op.f('ck_claims_span_nonempty')),
    sa.CheckConstraint('start_date IS NULL OR end_date IS NULL OR start_date <= end_date', name=op.f('ck_claims_date_order')),
    sa.CheckConstraint('value IS NOT NULL OR value_low IS NOT NULL OR value_high IS NOT NULL', name=op.f('ck_claims_has_value')),
    sa.CheckConstraint('value IS NULL OR value_high IS NULL OR value <= value_high', name=op.f('ck_claims_value_le_high')),
    sa.CheckConstraint('value IS NULL OR value_low IS NULL OR value_low <= value', name=op.f('ck_claims_low_le_value')),
    sa.CheckConstraint('value_low IS NULL OR value_high IS NULL OR value_low <= value_high', name=op.f('ck_claims_low_le_high')),
    sa.ForeignKeyConstraint(['attributed_entity_id'], ['entities.entity_id'], name=op.f('fk_claims_attributed_entity_id_entities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['etl_run_id'], ['etl_runs.run_id'], name=op.f('fk_claims_etl_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['parent_claim_id'], ['claims.claim_id'], name=op.f('fk_claims_parent_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['segment_id'], ['segments.segment_id'], name=op.f('fk_claims_segment_id_segments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subject_id'], ['entities.entity_id'], name=op.f('fk_claims_subject_id_entities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.version_id'], name=op.f('fk_claims_version_id_document_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', name=op.f('pk_claims'))
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_etl_run_id'), ['etl_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_parent_claim_id'), ['parent_claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_segment_id'), ['segment_id'], unique=False)
        batch_op.create_index('ix_claims_subject_predicate', ['subject_id', 'predicate'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_version_id'), ['version_id'], unique=False)

    op.create_table('event_dates',
    sa.Column('event_date_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('date_kind', sa.String(length=8), nullable=False),
    sa.Column('statement_type', sa.String(length=32), nullable=False),
    sa.Column('edtf', sa.String(length=64), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('year_inferred', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('char_start', sa.Integer(), nullable=False),
    sa.Column('char_end', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('etl_run_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("date_kind IN ('span', 'point')", name=op.f('ck_event_dates_date_kind')),
    sa.CheckConstraint("statement_type IN ('offensive', 'battle', 'capture', 'attack', 'massacre', 'bombardment', 'withdrawal', 'evacuation', 'resolution', 'decree', 'agreement', 'ceasefire', 'handover', 'resettlement', 'trial', 'deportation', 'other')", name=op.f('ck_event_dates_statement_type')),
    sa.CheckConstraint('char_start < char_end', name=op.f('ck_event_dates_span_nonempty')),
    sa.CheckConstraint('start_date <= end_date', name=op.f('ck_event_dates_date_order')),
    sa.ForeignKeyConstraint(['etl_run_id'], ['etl_runs.run_id'], name=op.f('fk_event_dates_etl_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['event_id'], ['entities.entity_id'], name=op.f('fk_event_dates_event_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['segment_id'], ['segments.segment_id'], name=op.f('fk_event_dates_segment_id_segments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_date_id', name=op.f('pk_event_dates'))
    )
    with op.batch_alter_table('event_dates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_dates_etl_run_id'), ['etl_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_dates_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_dates_segment_id'), ['segment_id'], unique=False)

    op.create_table('event_participants',
    sa.Column('event_participant_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('etl_run_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('commander', 'attacker', 'defender', 'signatory', 'victim', 'mediator', 'perpetrator', 'participant')", name=op.f('ck_event_participants_role')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.entity_id'], name=op.f('fk_event_participants_entity_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['etl_run_id'], ['etl_runs.run_id'], name=op.f('fk_event_participants_etl_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['event_id'], ['entities.entity_id'], name=op.f('fk_event_participants_event_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['segment_id'], ['segments.segment_id'], name=op.f('fk_event_participants_segment_id_segments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_participant_id', name=op.f('pk_event_participants'))
    )
    with op.batch_alter_table('event_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_participants_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_participants_etl_run_id'), ['etl_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_participants_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_participants_segment_id'), ['segment_id'], unique=False)

    op.create_table('event_places',
    sa.Column('event_place_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('etl_run_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['etl_run_id'], ['etl_runs.run_id'], name=op.f('fk_event_places_etl_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['event_id'], ['entities.entity_id'], name=op.f('fk_event_places_event_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_id'], ['entities.entity_id'], name=op.f('fk_event_places_place_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['segment_id'], ['segments.segment_id'], name=op.f('fk_event_places_segment_id_segments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_place_id', name=op.f('pk_event_places'))
    )
    with op.batch_alter_table('event_places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_places_etl_run_id'), ['etl_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_places_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_places_place_id'), ['place_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_places_segment_id'), ['segment_id'], unique=False)

    op.create_table('mentions',
    sa.Column('mention_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('char_start', sa.Integer(), nullable=False),
    sa.Column('char_end', sa.Integer(), nullable=False),
    sa.Column('surface', sa.String(length=400), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('etl_run_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('char_start < char_end', name=op.f('ck_mentions_span_nonempty')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.entity_id'], name=op.f('fk_mentions_entity_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['etl_run_id'], ['etl_runs.run_id'], name=op.f('fk_mentions_etl_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['segment_id'], ['segments.segment_id'], name=op.f('fk_mentions_segment_id_segments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('mention_id', name=op.f('pk_mentions'))
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentions_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentions_etl_run_id'), ['etl_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentions_segment_id'), ['segment_id'], unique=False)

    op.create_table('unit_commanders',
    sa.Column('unit_commander_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('etl_run_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['etl_run_id'], ['etl_runs.run_id'], name=op.f('fk_unit_commanders_etl_run_id_etl_runs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['person_id'], ['entities.entity_id'], name=op.f('fk_unit_commanders_person_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['segment_id'], ['segments.segment_id'], name=op.f('fk_unit_commanders_segment_id_segments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['entities.entity_id'], name=op.f('fk_unit_commanders_unit_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('unit_commander_id', name=op.f('pk_unit_commanders'))
    )
    with op.batch_alter_table('unit_commanders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_commanders_etl_run_id'), ['etl_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_commanders_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_commanders_segment_id'), ['segment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_commanders_unit_id'), ['unit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('unit_commanders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_commanders_unit_id'))
        batch_op.drop_index(batch_op.f('ix_unit_commanders_segment_id'))
        batch_op.drop_index(batch_op.f('ix_unit_commanders_person_id'))
        batch_op.drop_index(batch_op.f('ix_unit_commanders_etl_run_id'))

    op.drop_table('unit_commanders')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentions_segment_id'))
        batch_op.drop_index(batch_op.f('ix_mentions_etl_run_id'))
        batch_op.drop_index(batch_op.f('ix_mentions_entity_id'))

    op.drop_table('mentions')
    with op.batch_alter_table('event_places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_places_segment_id'))
        batch_op.drop_index(batch_op.f('ix_event_places_place_id'))
        batch_op.drop_index(batch_op.f('ix_event_places_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_places_etl_run_id'))

    op.drop_table('event_places')
    with op.batch_alter_table('event_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_participants_segment_id'))
        batch_op.drop_index(batch_op.f('ix_event_participants_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_participants_etl_run_id'))
        batch_op.drop_index(batch_op.f('ix_event_participants_entity_id'))

    op.drop_table('event_participants')
    with op.batch_alter_table('event_dates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_dates_segment_id'))
        batch_op.drop_index(batch_op.f('ix_event_dates_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_dates_etl_run_id'))

    op.drop_table('event_dates')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_version_id'))
        batch_op.drop_index('ix_claims_subject_predicate')
        batch_op.drop_index(batch_op.f('ix_claims_segment_id'))
        batch_op.drop_index(batch_op.f('ix_claims_parent_claim_id'))
        batch_op.drop_index(batch_op.f('ix_claims_etl_run_id'))

    op.drop_table('claims')
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citations_segment_id'))
        batch_op.drop_index(batch_op.f('ix_citations_etl_run_id'))
        batch_op.drop_index(batch_op.f('ix_citations_entry_id'))

    op.drop_table('citations')
    with op.batch_alter_table('aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aliases_source_id'))
        batch_op.drop_index(batch_op.f('ix_aliases_segment_id'))
        batch_op.drop_index(batch_op.f('ix_aliases_folded'))
        batch_op.drop_index(batch_op.f('ix_aliases_etl_run_id'))
        batch_op.drop_index(batch_op.f('ix_aliases_entity_id'))

    op.drop_table('aliases')
    op.drop_table('units')
    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_segments_etl_run_id'))

    op.drop_table('segments')
    with op.batch_alter_table('run_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_run_documents_version_id'))
        batch_op.drop_index(batch_op.f('ix_run_documents_run_id'))

    op.drop_table('run_documents')
    with op.batch_alter_table('reference_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reference_entries_source_id'))
        batch_op.drop_index(batch_op.f('ix_reference_entries_etl_run_id'))

    op.drop_table('reference_entries')
    op.drop_table('places')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_persons_surname'))

    op.drop_table('persons')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_start_date')

    op.drop_table('events')
    with op.batch_alter_table('claim_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_changes_version_id'))
        batch_op.drop_index(batch_op.f('ix_claim_changes_run_id'))

    op.drop_table('claim_changes')
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quarantine_last_run_id'))

    op.drop_table('quarantine')
    with op.batch_alter_table('file_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_file_states_source_id'))

    op.drop_table('file_states')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index('ix_entities_kind_folded')
        batch_op.drop_index(batch_op.f('ix_entities_created_run_id'))

    op.drop_table('entities')
    with op.batch_alter_table('document_versions', schema=None) as batch_op:
        batch_op.drop_index('uq_document_versions_current', sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))
        batch_op.drop_index(batch_op.f('ix_document_versions_source_id'))
        batch_op.drop_index(batch_op.f('ix_document_versions_sha256'))
        batch_op.drop_index(batch_op.f('ix_document_versions_etl_run_id'))

    op.drop_table('document_versions')
    op.drop_table('sources')
    op.drop_table('etl_runs')
