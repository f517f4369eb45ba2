"""Cross-document linking reads stored match keys, not an index held in memory (issue 6).

The writer keeps nothing between documents: each document's candidates come from indexed
columns (``entities.skeleton``, ``aliases.skeleton``, ``persons.surname_folded`` and
``given_folded``, migration 0004). These tests load documents in separate runs (separate
writers, separate processes' worth of state) and check that the archive still links spelling
variants, lone surnames and aliases; and that an archive made before 0004 gets its keys.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from archive import migrate
from archive.cli import main
from archive.db import connect, make_engine
from etl.job import Job, discover
from etl.keys import match_skeleton, person_keys


def load(url: str, path) -> None:
    result = CliRunner().invoke(main, ["--db", url, "load", str(path), "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output


def entities(url: str, kind: str) -> dict[str, int]:
    engine = make_engine(url)
    with connect(engine) as conn:
        found = dict(conn.execute(text("SELECT name, entity_id FROM entities WHERE kind = :k"), {"k": kind}).all())
    engine.dispose()
    return found


def mentions_of(url: str, surface: str) -> list[int]:
    engine = make_engine(url)
    with connect(engine) as conn:
        found = conn.execute(text("SELECT entity_id FROM mentions WHERE surface = :s"), {"s": surface}).scalars().all()
    engine.dispose()
    return list(found)


def test_variants_and_surnames_link_across_runs(db_url, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    (first / "a.txt").write_text(
        "Colonel Arkady Manukyan led the attack on the village of Dalibaltyan in March 1993. "
        "The 3rd Battalion held the Omar Pass.\n",
        encoding="utf-8",
    )
    second = tmp_path / "second"
    second.mkdir()
    (second / "b.txt").write_text(
        "Colonel Manukyan said that the village of Dalibaltayan was taken on 2 April 1993. "
        "Fighting continued near the Omar Pass.\n",
        encoding="utf-8",
    )
    load(db_url, first)
    before = entities(db_url, "place")
    load(db_url, second)  # a new run: a new writer, which knows only what the database holds
    places = entities(db_url, "place")
    persons = entities(db_url, "person")

    assert set(places) == set(before), "the spelling variant and the pass were linked, not created"
    assert "Dalibaltayan" not in places and "Dalibaltyan" in places
    assert list(persons) == ["Arkady Manukyan"], persons  # the lone surname is the same person
    assert mentions_of(db_url, "Manukyan") == [persons["Arkady Manukyan"]]


def test_writer_keeps_nothing_between_documents(sqlite_db_url, corpus_dir):
    engine = make_engine(sqlite_db_url)
    migrate.upgrade(engine)
    tasks, problems = discover([str(corpus_dir)])
    job = Job(engine, jobs=1)
    summary = job.run(tasks, problems)
    assert summary.status == "succeeded"
    # (the writer is gone with the run; a fresh linker holds no names at all)
    from etl.link import Linker

    linker = Linker()
    with connect(engine) as conn:
        linker.prefetch(conn, [])
    assert not linker.names and not linker.by_folded
    engine.dispose()


def test_migration_0004_fills_the_keys_of_an_older_archive(empty_db_url):
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine, "0003")
    with connect(engine, write=True) as conn:
        conn.execute(text(
            "INSERT INTO entities (entity_id, kind, name, folded) VALUES "
            "(1, 'place', 'Dalibaltyan', 'dalibaltyan'), (2, 'person', 'Monte Melkonian', 'monte melkonian'), "
            "(3, 'unit', 'Ab', 'ab')"
        ))
        conn.execute(text("INSERT INTO persons (entity_id, given_name, surname) VALUES (2, 'Monte', 'Melkonian')"))
        conn.execute(text("INSERT INTO places (entity_id) VALUES (1)"))
        conn.execute(text(
            "INSERT INTO aliases (entity_id, alias, folded, origin, rule) VALUES (1, 'Dəlibaltayan', 'dalibaltayan', 'admin', 'admin')"
        ))
    migrate.upgrade(engine)
    with connect(engine) as conn:
        skeletons = dict(conn.execute(text("SELECT entity_id, skeleton FROM entities")).all())
        alias_skeleton = conn.execute(text("SELECT skeleton FROM aliases")).scalar_one()
        person = conn.execute(text("SELECT given_folded, surname_folded FROM persons")).one()
    engine.dispose()
    assert skeletons == {1: match_skeleton("Dalibaltyan"), 2: match_skeleton("Monte Melkonian"), 3: None}
    assert alias_skeleton == match_skeleton("Dəlibaltayan") == match_skeleton("Dalibaltyan")
    assert tuple(person) == person_keys("Monte", "Melkonian") == ("monte", "melkonian")


@pytest.mark.parametrize("stated_first", [True, False])
def test_a_consensus_date_is_inferred_only_if_no_source_states_its_year(db_url, tmp_path, stated_first):
    """Two sources give the capture the same day, one with its year and one without (a news
    report's "November 9"): the event's date is not inferred, whichever was loaded first and
    whatever order the database returns the dates in (it used to be the first row's)."""
    stated = "Background\n\nVessian troops captured the village of Dornovo on 9 November 2020.\n"
    inferred = ("Dornovo falls\n\nPublished: 12 November 2020\n\nVessian troops captured the village of Dornovo on "
                "November 9, officials said.\n")
    for i, body in enumerate((stated, inferred) if stated_first else (inferred, stated)):
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        (folder / f"doc{i}.txt").write_text(body, encoding="utf-8")
        load(db_url, folder)
    engine = make_engine(db_url)
    with connect(engine) as conn:
        rows = conn.execute(text("SELECT name, edtf, year_inferred, n_sources FROM v_events")).all()
        dates = conn.execute(text("SELECT edtf, year_inferred FROM v_event_dates ORDER BY year_inferred")).all()
    engine.dispose()
    assert [(r.edtf, bool(r.year_inferred)) for r in dates] == [("2020-11-09", False), ("2020-11-09", True)]
    assert [(r.name, r.edtf, bool(r.year_inferred), r.n_sources) for r in rows] == [
        ("capture of Dornovo (2020)", "2020-11-09", False, 2)]
