"""Loading documents: the sample corpus, exact offsets, citations, versions, bad input."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from archive.cli import main
from archive.db import connect, make_engine
from archive.errors import EXIT_DOCUMENTS_FAILED

# Tables whose rows describe what was loaded (not the bookkeeping of runs).
CONTENT_TABLES = (
    "sources", "document_versions", "segments", "citations", "reference_entries", "entities",
    "persons", "units", "places", "events", "aliases", "mentions", "event_dates",
    "event_participants", "event_places", "unit_commanders", "claims",
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with connect(engine) as conn:
        result = {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in CONTENT_TABLES}
    engine.dispose()
    return result


def rows(url: str, sql: str, **params) -> list:
    engine = make_engine(url)
    with connect(engine) as conn:
        result = conn.execute(text(sql), params).all()
    engine.dispose()
    return result


def test_sample_corpus_loads_with_exact_offsets(loaded_url):
    docs = rows(loaded_url, "SELECT document_key, genre, title FROM v_documents ORDER BY document_key")
    assert [d.document_key for d in docs] == [
        "000_f15b69dfdb06d471.txt", "001_eb62a80a9b1334a8.txt", "002_4d65755800a609eb.txt",
        "003_5d65ebbd65e26610.txt", "004_dcef0f886da3f3c8.txt",
    ]
    checked = 0
    for version in rows(loaded_url, "SELECT version_id, text FROM document_versions"):
        segments = rows(loaded_url, "SELECT char_start, char_end, text FROM segments WHERE version_id = :v ORDER BY seq",
                        v=version.version_id)
        assert segments
        previous_end = 0
        for s in segments:
            assert version.text[s.char_start : s.char_end] == s.text
            assert s.char_start >= previous_end
            previous_end = s.char_end
            checked += 1
        for m in rows(loaded_url, "SELECT m.char_start, m.char_end, m.surface FROM mentions m JOIN segments s "
                                  "ON s.segment_id = m.segment_id WHERE s.version_id = :v", v=version.version_id):
            assert version.text[m.char_start : m.char_end] == m.surface
    assert checked > 400


def test_long_article_has_131_references(loaded_url):
    refs = rows(loaded_url, "SELECT r.number, r.title, r.publisher, r.is_empty FROM v_references r "
                            "JOIN v_documents d ON d.document_id = r.document_id AND d.is_current "
                            "WHERE d.document_key = '004_dcef0f886da3f3c8.txt' ORDER BY r.number")
    assert [r.number for r in refs] == list(range(1, 132))
    assert refs[0].title == "Kalbajar District" and refs[0].publisher == "Karabakh.org"
    empty = [r for r in refs if r.is_empty]
    assert empty and all(r.title is None for r in empty)
    assert sum(1 for r in refs if r.title) >= 120
    # Nothing is extracted from the reference list.
    in_list = rows(loaded_url, "SELECT COUNT(*) FROM mentions m JOIN segments s ON s.segment_id = m.segment_id "
                               "WHERE s.kind = 'reference'")
    assert in_list[0][0] == 0
    claims = rows(loaded_url, "SELECT COUNT(*) FROM claims c JOIN segments s ON s.segment_id = c.segment_id "
                              "WHERE s.kind = 'reference'")
    assert claims[0][0] == 0


def test_extract_markers_are_linked_to_their_numbers(loaded_url):
    found = rows(loaded_url, "SELECT c.label, s.text FROM citations c JOIN segments s ON s.segment_id = c.segment_id "
                             "JOIN document_versions v ON v.version_id = s.version_id JOIN sources src "
                             "ON src.source_id = v.source_id WHERE src.key = '000_f15b69dfdb06d471.txt'")
    labels = {r.label for r in found}
    assert {"10", "39", "40", "41"} <= labels
    quotes = {r.label: r.text for r in found}
    assert "Thomas de Waal" in quotes["41"] or any("de Waal" in r.text for r in found if r.label == "41")
    runs = rows(loaded_url, "SELECT c.label FROM citations c JOIN segments s ON s.segment_id = c.segment_id "
                            "WHERE s.text LIKE '%sharp rebuke%' ORDER BY c.char_start")
    assert [r.label for r in runs][:3] == ["30", "35", "36"]


def test_markers_link_to_the_reference_list(tmp_path, sqlite_db_url, corpus_dir):
    source = corpus_dir.parent / "tests" / "data" / "load" / "cited_article.txt"
    result = run("--db", sqlite_db_url, "load", source, "--quiet")
    assert result.exit_code == 0, result.output
    linked = rows(sqlite_db_url, "SELECT c.label, r.title FROM citations c "
                                 "LEFT JOIN reference_entries r ON r.entry_id = c.entry_id ORDER BY c.char_start")
    assert [(r.label, r.title) for r in linked] == [
        ("1", "Testville under siege"), ("2", "The displaced of Testville"), ("3", None), ("a", None)
    ]
    refs = rows(sqlite_db_url, "SELECT number, title, publisher, published, is_empty, n_citations FROM v_references "
                               "ORDER BY number")
    assert [r.number for r in refs] == [1, 2, 3, 4]
    assert refs[0].publisher == "Example Gazette" and str(refs[0].published) == "1995-03-04"
    assert refs[2].is_empty and refs[3].n_citations == 0
    claim = rows(sqlite_db_url, "SELECT predicate, value, hedge, attributed_to, citations, cited_references "
                                "FROM v_claims WHERE predicate = 'displaced'")
    assert claim[0].value == 4000 and claim[0].hedge == "approximately"
    assert claim[0].attributed_to == "Anna Berg"
    assert claim[0].citations == "[2]; [3]"
    assert "The displaced of Testville" in claim[0].cited_references


def test_reload_is_a_no_op_and_a_change_makes_version_2(tmp_path, db_url, corpus_dir):
    inbox = tmp_path / "docs"
    shutil.copytree(corpus_dir, inbox)
    assert run("--db", db_url, "load", inbox, "--quiet", "--jobs", "1").exit_code == 0
    before = counts(db_url)
    again = run("--db", db_url, "load", inbox, "--quiet", "--jobs", "1")
    assert again.exit_code == 0 and "5 unchanged" in again.output
    assert counts(db_url) == before

    target = inbox / "003_5d65ebbd65e26610.txt"
    target.write_text(target.read_text().replace("Over 54,000 residents", "Over 55,000 residents"))
    changed = run("--db", db_url, "load", inbox, "--quiet", "--jobs", "1")
    assert changed.exit_code == 0 and "1 changed" in changed.output
    versions = rows(db_url, "SELECT version, is_current, sha256 FROM v_documents "
                            "WHERE document_key = '003_5d65ebbd65e26610.txt' ORDER BY version")
    assert [(v.version, bool(v.is_current)) for v in versions] == [(1, False), (2, True)]
    assert versions[0].sha256 != versions[1].sha256
    # Version 1 keeps its text and its derived rows, queryable in the tables ...
    old = rows(db_url, "SELECT COUNT(*) FROM claims c JOIN document_versions v ON v.version_id = c.version_id "
                       "WHERE v.version = 1 AND c.value = 54000")
    assert old[0][0] == 1
    # ... while the views show the current version only.
    current = rows(db_url, "SELECT value FROM v_claims WHERE predicate = 'displaced' AND value IN (54000, 55000)")
    assert [r.value for r in current] == [55000]
    same_id = run("--db", db_url, "load", target, "--id", "003_5d65ebbd65e26610.txt", "--quiet")
    assert "1 unchanged" in same_id.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_files_are_named_and_the_rest_loads(tmp_path, sqlite_db_url, jobs):
    inbox = tmp_path / "batch"
    inbox.mkdir()
    (inbox / "good.txt").write_text("The village of Dalbeg was shelled on 4 May 1994, and 30 houses were destroyed.\n")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (inbox / "broken.txt").write_bytes("Kəlbəcər — ".encode() + b"\xff\xfe\xfa broken \xc3\x28 bytes " * 3)
    result = CliRunner().invoke(main, ["--db", sqlite_db_url, "load", str(inbox), "--jobs", jobs])
    assert result.exit_code == EXIT_DOCUMENTS_FAILED, result.output
    assert "1 new" in result.output and "3 failed" in result.output
    for name, reason in (("empty.txt", "empty"), ("image.txt", "binary"), ("broken.txt", "UTF-8")):
        line = next(line for line in result.output.splitlines() if name in line and "FAILED" in line)
        assert reason.lower() in line.lower(), line
    assert "Traceback" not in result.output
    loaded = rows(sqlite_db_url, "SELECT document_key FROM v_documents")
    assert [r.document_key for r in loaded] == ["good.txt"]
    quarantined = rows(sqlite_db_url, "SELECT path, error FROM quarantine ORDER BY path")
    assert len(quarantined) == 3
