"""v_conflicts compares only figures that can be estimates of the same thing (migration 0006)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import inspect, text

from archive import migrate
from archive.cli import main
from archive.db import connect, make_engine
from etl.claims import compared_as

# Made-up battles, towns and people; real demonyms (the curated list is what gives a side).
DOCUMENTS = {
    "tesmir_a.txt": "Battle of Tesmir\n\nThe Battle of Tesmir was fought near the town of Orlavo in May 1994. "
                    "About 300 soldiers were killed in the battle. Twelve schools were destroyed. "
                    "120 Georgian soldiers were wounded.\n",
    "tesmir_b.txt": "Battle of Tesmir\n\nThe Battle of Tesmir was fought near the town of Orlavo in May 1994. "
                    "About 450 soldiers were killed in the battle, and 80 civilians died. Nine hospitals were "
                    "destroyed. 75 Russian soldiers were wounded.\n",
    "orlavo_1994.txt": "Fighting in Orlavo\n\nOn 3 June 1994, 25 civilians were killed in Orlavo, officials said.\n",
    "orlavo_1995.txt": "Fighting in Orlavo\n\nOn 9 August 1995, 60 civilians were killed in Orlavo, officials said.\n",
    "orlavo_year.txt": "Orlavo in 1994\n\nIn 1994, 40 civilians were killed in Orlavo, local officials said.\n",
    "brenna.txt": "Siege of Brenna\n\nThe Siege of Brenna lasted from March to May 1995. In the first week of the "
                  "siege, 20 soldiers were killed. In the second week, 35 soldiers were killed. According to the "
                  "army, 100 civilians were killed in the siege. According to the historian Anna Vell, 160 "
                  "civilians were killed in the siege.\n",
}


def write_documents(tmp_path: Path) -> Path:
    directory = tmp_path / "documents"
    directory.mkdir()
    for name, body in DOCUMENTS.items():
        (directory / name).write_text(body, encoding="utf-8")
    return directory


def load(url: str, directory: Path) -> None:
    result = CliRunner().invoke(main, ["--db", url, "load", str(directory), "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output


def rows(url: str, query: str) -> list:
    engine = make_engine(url)
    with connect(engine) as conn:
        found = conn.execute(text(query)).all()
    engine.dispose()
    return found


def conflicts(url: str) -> dict[tuple[str, str], list[float]]:
    found: dict[tuple[str, str], list[float]] = {}
    for subject, predicate, value in rows(url, (
        "SELECT k.subject, k.predicate, c.point_value FROM v_conflicts k "
        "JOIN v_disputed_claims c ON c.subject_id = k.subject_id AND c.predicate = k.predicate"
    )):
        found.setdefault((subject, predicate), []).append(value)
    return {k: sorted(v) for k, v in found.items()}


def test_only_comparable_figures_disagree(db_url, tmp_path):
    load(db_url, write_documents(tmp_path))
    assert conflicts(db_url) == {
        # soldiers with soldiers; the 80 civilians are another figure
        ("Battle of Tesmir", "killed"): [300, 450],
        # 1994 with 3 June 1994; 9 August 1995 is another day (schools and hospitals, Georgian and
        # Russian wounded: no disagreement at all)
        ("Orlavo", "killed"): [25, 40],
        # one document naming two sources disagrees with itself; on its own authority, it states
        # two things (the first week, the second week)
        ("Siege of Brenna", "killed"): [100, 160],
    }
    (listed,) = rows(db_url, "SELECT n_claims, n_sources, min_value, max_value, claim_values FROM v_conflicts "
                             "WHERE subject = 'Siege of Brenna'")
    assert tuple(listed) == (2, 1, 100, 160, "100 (Siege of Brenna, according to the army); "
                                             "160 (Siege of Brenna, according to Anna Vell)")


def test_what_a_qualifier_counts():
    assert compared_as("killed", "Armenian soldiers") == ("military", "Armenia")
    assert compared_as("killed", "servicemen") == ("military", None)
    assert compared_as("killed", "civilian deaths") == ("civilians", None)
    assert compared_as("displaced", "residents") == ("civilians", None)
    assert compared_as("killed", "people") == (None, None)  # says nothing: compared with all
    assert compared_as("killed", "Azerbaijani civilians and soldiers") == (None, "Azerbaijan")  # two kinds
    assert compared_as("wounded", "Kurdish and Azerbaijani civilians") == ("civilians", None)  # two sides
    assert compared_as("destroyed", "schools") == ("schools", None)
    assert compared_as("count", "anti-tank mines") == ("anti-tank mines", None)
    assert compared_as("count", "Armenian-made landmines") == ("armenian-made mines", None)  # (compared_as)
    assert compared_as("count", "houses and ruins") == (None, None)
    assert compared_as("resettled", "displaced families") == ("families", None)
    assert compared_as("strength", "Russian peacekeepers") == (None, "Russia")  # strengths: by side only


def test_migrations_0006_and_0007_fill_in_earlier_claims_as_the_writer_does(db_url, corpus_dir, tmp_path):
    """Migration 0006 fills in what a claim's stored predicate and qualifier say (the writer's
    own function); a side the writer takes from the rest of the sentence ("heavy Azerbaijani
    losses, with 511 fatalities", "The United States lost 95 killed") only a reprocess adds,
    and it never contradicts the qualifier's."""
    load(db_url, corpus_dir)
    load(db_url, write_documents(tmp_path))
    query = "SELECT claim_id, counted, side FROM claims ORDER BY claim_id"
    written = rows(db_url, query)
    stored = rows(db_url, "SELECT claim_id, predicate, qualifier FROM claims ORDER BY claim_id")
    from_qualifier = [(claim_id, *compared_as(predicate, qualifier)) for claim_id, predicate, qualifier in stored]
    before = conflicts(db_url)
    listed = rows(db_url, "SELECT * FROM v_conflicts ORDER BY subject_id, predicate")
    assert any(counted for _, counted, _ in written) and any(side for _, _, side in written)
    assert [(c, counted) for c, counted, _ in written] == [(c, counted) for c, counted, _ in from_qualifier]
    assert all(side == q_side or q_side is None for (_, _, side), (_, _, q_side) in zip(written, from_qualifier))
    assert written != from_qualifier  # (the sample corpus has sides from the sentence: the case is tested)

    engine = make_engine(db_url)
    migrate.downgrade(engine, "0005")
    with connect(engine) as conn:
        assert "counted" not in {c["name"] for c in inspect(conn).get_columns("claims")}
    migrate.upgrade(engine)
    engine.dispose()
    assert rows(db_url, query) == from_qualifier
    result = CliRunner().invoke(main, ["--db", db_url, "reprocess", "--all", "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    assert rows(db_url, "SELECT counted, side FROM claims ORDER BY claim_id") == [(c, s) for _, c, s in written]
    assert conflicts(db_url) == before
    assert rows(db_url, "SELECT * FROM v_conflicts ORDER BY subject_id, predicate") == listed
    # revision 0007's faster views list what revision 0006's do
    engine = make_engine(db_url)
    migrate.downgrade(engine, "0006")
    engine.dispose()
    assert rows(db_url, "SELECT * FROM v_conflicts ORDER BY subject_id, predicate") == listed
