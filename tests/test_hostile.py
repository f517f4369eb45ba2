"""Hostile input: a generated corpus of malformed and adversarial files in one inbox.

Every file is loaded safely or rejected with a clear reason, the rest of the batch loads, the
process never hangs (the whole run is bounded by a timeout), no traceback reaches the user,
and the exit code tells monitoring that something failed. The test prints kind -> outcome.
"""

from __future__ import annotations

import json
import os
import random
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import main
from archive.errors import EXIT_DOCUMENTS_FAILED
from snapshot import table_counts

PROSE = (
    "On 3 April 1993 the 2nd Mountain Battalion under Colonel Arman Petrosyan entered the village of "
    "Dalbeg; according to local officials, about 1,200 residents fled towards the Tartar River.[4] "
)


def build_hostile_inbox(root: Path, *, big: bool) -> dict[str, str]:
    """Write the hostile files; return {file name: kind}. Only kinds that can be made here."""
    rng = random.Random(20261123)
    kinds: dict[str, str] = {}

    def put(name: str, kind: str, data: bytes) -> None:
        (root / name).write_bytes(data)
        kinds[name] = kind

    put("good.txt", "a normal document", PROSE.encode())
    put("empty.txt", "empty file", b"")
    put("whitespace.txt", "only whitespace", b"  \n\t\n   ")
    put("random.bin", "random bytes", bytes(rng.randrange(256) for _ in range(64 * 1024)))
    put("nul_inside.txt", "NUL bytes inside text", PROSE.encode().replace(b"Dalbeg", b"Dal\x00beg"))
    put("invalid_utf8.txt", "invalid UTF-8", "Kəlbəcər ".encode() + b"\xc3\x28\xa0\xa1 " + PROSE.encode())
    put("utf16.txt", "UTF-16 with BOM", PROSE.encode("utf-16"))
    put("utf8_bom.txt", "UTF-8 with BOM", b"\xef\xbb\xbf" + PROSE.encode())
    put("cp1252.txt", "legacy single-byte encoding", "Café in Ağdam — 1,500 displaced".encode("cp1252", "replace"))
    put("one_line.txt", "a single 1 MB line", (PROSE.replace("\n", " ") * 6000)[: 1024 * 1024].encode())
    put("numbers.txt", "10,000 numbers in one sentence",
        ("The counts were " + ", ".join(str(rng.randrange(10**6)) for _ in range(10_000)) + ".").encode())
    put("markers.txt", "20,000 citation markers in a row",
        ("Casualties were heavy." + "".join(f"[{i}]" for i in range(20_000))).encode())
    put("sql.txt", "names with quotes and SQL metacharacters",
        ("Colonel O'Brien-Smith; DROP TABLE claims; -- and \"Robert'); DELETE FROM sources;--\" reported "
         "that 40 villagers were killed in the village of Tal'at on 2 May 1993.\n").encode())
    put("script.html", "HTML with <script>",
        b"<html><head><title>Report</title><script>alert('x'); var n = 511;</script></head>"
        b"<body><h1>Attack on Dalbeg</h1><p>About 300 residents fled on 4 May 1994.</p>"
        b"<style>p {color: red}</style><p>The 3rd Battalion withdrew.</p></body></html>")
    put("unclosed.html", "HTML with thousands of unclosed tags", b"<p>" + b"<a <b <i " * 30_000 + b"text</p>")
    put("pdf.txt", "a PDF with a .txt name", b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4096)))
    put("long_word.txt", "a 500,000-character word", b"x" * 500_000)
    put("controls.txt", "control characters and zero-width joiners",
        ("\u200b\u200d\u202e" + PROSE + "\x07\x1b[31m").encode())
    put("headings.txt", "10,000 heading-like lines", ("\n".join(f"Section {i}" for i in range(10_000))).encode())
    if big:
        paragraph = (PROSE * 20 + "\n\n").encode()
        put("big_50mb.txt", "a 50 MB file", paragraph * (50 * 1024 * 1024 // len(paragraph) + 1))

    os.mkfifo(root / "pipe.txt")
    kinds["pipe.txt"] = "a FIFO in the inbox"
    os.symlink("/dev/zero", root / "device.txt")
    kinds["device.txt"] = "a device file (link to /dev/zero)"
    loop = root / "loop"
    loop.mkdir()
    os.symlink("..", loop / "again")
    kinds["loop/again"] = "a symlink loop"
    os.symlink(root / "nowhere.txt", root / "dangling.txt")
    kinds["dangling.txt"] = "a dangling symlink"
    deep = root
    for i in range(60):
        deep = deep / f"d{i}"
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_bytes(PROSE.encode())
    kinds[str(deep.relative_to(root) / "deep.txt")] = "deeply nested directories (60 levels)"
    return kinds


def outcome_of(results: list[dict], name: str) -> tuple[str, str]:
    for r in results:
        if r["key"] == name or r["path"].endswith("/" + name) or r["path"].endswith(name):
            return r["outcome"], r["error"] or ""
    return "not listed", ""


@pytest.mark.slow
def test_hostile_inbox(tmp_path, db_url, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    kinds = build_hostile_inbox(inbox, big=True)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "archive.cli", "load", str(inbox), "--jobs", "2", "--quiet", "--format", "json"],
        env={**os.environ, "ARCHIVE_DATABASE_URL": db_url}, capture_output=True, text=True, timeout=900,
    )
    seconds = time.monotonic() - started
    assert result.returncode == EXIT_DOCUMENTS_FAILED, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    summary = json.loads(result.stdout)
    results = summary["results"]
    rows = []
    for name, kind in kinds.items():
        outcome, error = outcome_of(results, name)
        rows.append((kind, outcome, error))
    with capsys.disabled():
        print(f"\nhostile inbox ({db_url.split(':')[0]}, {seconds:.0f} s):")
        width = max(len(k) for k, _, _ in rows)
        for kind, outcome, error in rows:
            print(f"  {kind:<{width}}  {outcome:<8} {error[:90]}")

    by_kind = {kind: (outcome, error) for kind, outcome, error in rows}
    must_load = ["a normal document", "NUL bytes inside text", "UTF-16 with BOM", "UTF-8 with BOM",
                 "legacy single-byte encoding", "a single 1 MB line", "10,000 numbers in one sentence",
                 "names with quotes and SQL metacharacters", "HTML with <script>",
                 "HTML with thousands of unclosed tags", "a 500,000-character word",
                 "control characters and zero-width joiners", "10,000 heading-like lines",
                 "deeply nested directories (60 levels)"]
    for kind in must_load:
        assert by_kind[kind][0] == "new", (kind, by_kind[kind])
    # A 50 MB document is loaded, or rejected by a limit that the error names.
    big_outcome, big_error = by_kind["a 50 MB file"]
    assert big_outcome == "new" or (big_outcome == "failed" and "limit is" in big_error), by_kind["a 50 MB file"]
    expected_reasons = {
        "empty file": "empty", "only whitespace": "empty", "random bytes": "binary",
        "invalid UTF-8": "UTF-8", "20,000 citation markers in a row": "limit is",
        "a PDF with a .txt name": "PDF", "a FIFO in the inbox": "not a regular file",
        "a device file (link to /dev/zero)": "not a regular file", "a dangling symlink": "",
    }
    for kind, reason in expected_reasons.items():
        outcome, error = by_kind[kind]
        assert outcome == "failed", (kind, outcome)
        assert reason.lower() in error.lower(), (kind, error)
    assert "symlink loop" in result.stdout  # reported as a problem, not followed forever

    counts = table_counts(db_url)
    assert counts["document_versions"] == len(must_load) + (big_outcome == "new")
    # The SQL in the document is stored as text, not executed.
    from archive.db import connect, make_engine
    from sqlalchemy import text

    engine = make_engine(db_url)
    with connect(engine) as conn:
        stored = conn.execute(text("SELECT text FROM document_versions v JOIN sources s ON s.source_id = v.source_id "
                                   "WHERE s.key = 'sql.txt'")).scalar_one()
        assert "DROP TABLE claims" in stored
        assert conn.execute(text("SELECT COUNT(*) FROM claims")).scalar_one() > 0
        script = conn.execute(text("SELECT text FROM document_versions v JOIN sources s ON s.source_id = v.source_id "
                                   "WHERE s.key = 'script.html'")).scalar_one()
        assert "alert" not in script and "About 300 residents fled" in script and "color: red" not in script
    engine.dispose()


def test_unreadable_and_vanishing_files(tmp_path, sqlite_db_url, monkeypatch):
    """Files that cannot be read (EACCES) or disappear between listing and reading: named,
    the rest loads. Simulated in-process, because root can read any file."""
    import etl.read

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(PROSE, encoding="utf-8")
    (inbox / "secret.txt").write_text(PROSE, encoding="utf-8")
    (inbox / "vanishing.txt").write_text(PROSE, encoding="utf-8")
    real_open = os.open

    def guarded_open(path, flags, *args, **kwargs):
        name = os.path.basename(os.fspath(path))
        if name == "secret.txt":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        if name == "vanishing.txt":
            os.unlink(path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(etl.read.os, "open", guarded_open)
    result = CliRunner().invoke(main, ["--db", sqlite_db_url, "load", str(inbox), "--jobs", "1", "--format", "json"])
    assert result.exit_code == EXIT_DOCUMENTS_FAILED, result.output
    summary = json.loads(result.stdout)
    outcomes = {Path(r["path"]).name: (r["outcome"], r["error"] or "") for r in summary["results"]}
    assert outcomes["good.txt"][0] == "new"
    assert outcomes["secret.txt"][0] == "failed" and "permission" in outcomes["secret.txt"][1].lower()
    assert outcomes["vanishing.txt"][0] == "failed" and "deleted" in outcomes["vanishing.txt"][1].lower()


def test_file_limit_is_named_in_the_error(tmp_path, sqlite_db_url):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "big.txt").write_bytes(PROSE.encode() * 200)
    result = subprocess.run(
        [sys.executable, "-m", "archive.cli", "load", str(inbox), "--quiet", "--format", "json"],
        env={**os.environ, "ARCHIVE_DATABASE_URL": sqlite_db_url, "ARCHIVE_MAX_FILE_BYTES": "1000"},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == EXIT_DOCUMENTS_FAILED
    error = json.loads(result.stdout)["failures"][0]["error"]
    assert "ARCHIVE_MAX_FILE_BYTES" in error and "1000" in error


def test_special_files_do_not_block(tmp_path, sqlite_db_url):
    """A FIFO with no writer would block a naive open() forever."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    os.mkfifo(inbox / "pipe.txt")
    assert stat.S_ISFIFO(os.stat(inbox / "pipe.txt").st_mode)
    result = subprocess.run(
        [sys.executable, "-m", "archive.cli", "load", str(inbox), "--quiet"],
        env={**os.environ, "ARCHIVE_DATABASE_URL": sqlite_db_url}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == EXIT_DOCUMENTS_FAILED and "not a regular file" in result.stdout + result.stderr
