"""Reading files: what is rejected and why, how bytes become text, what the text says about itself."""

from __future__ import annotations

import hashlib
import os
import random
import threading
from datetime import date
from pathlib import Path

import pytest

from archive.errors import InputRejected
from etl import limits
from etl import read as read_module
from etl.html import html_to_text
from etl.read import read_bytes, read_path
from etl.segment import segment

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
EXTRA = ROOT / "tests" / "data" / "extra"
INGEST = ROOT / "tests" / "data" / "ingest"

SAMPLE = "Kalbajar fell on 2 April 1993.\nThe Murov pass — “Omar” — was closed. Ünal: 5 € and 3 ½ km.\n"


def rejected(match: str):
    return pytest.raises(InputRejected, match=match)


# --- encodings ---------------------------------------------------------------------------


def test_utf8():
    raw = SAMPLE.encode("utf-8")
    d = read_bytes(raw)
    assert (d.text, d.encoding, d.encoding_warning) == (SAMPLE, "utf-8", None)
    assert d.raw == raw and d.sha256 == hashlib.sha256(raw).hexdigest()


def test_utf8_with_bom_is_stripped():
    raw = b"\xef\xbb\xbf" + SAMPLE.encode("utf-8")
    d = read_bytes(raw)
    assert (d.text, d.encoding) == (SAMPLE, "utf-8-sig")
    assert not d.text.startswith("\ufeff")
    assert d.sha256 == hashlib.sha256(raw).hexdigest()  # of the bytes as given


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    d = read_bytes(bom + SAMPLE.encode(codec))
    assert (d.text, d.encoding, d.encoding_warning) == (SAMPLE, "utf-16", None)


def test_broken_utf16_is_rejected():
    raw = b"\xff\xfe" + "Kalbajar".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le")  # lone surrogate
    with rejected(r"badly encoded: not valid UTF-16 at byte 18 "):
        read_bytes(raw)


def test_broken_utf8_after_a_bom_names_the_file_offset():
    with rejected(r"badly encoded: not valid UTF-8 at byte 6 \(the file starts with a UTF-8 byte-order mark\)"):
        read_bytes(b"\xef\xbb\xbfabc\xff rest")


def test_legacy_cp1252_is_decoded_with_a_warning():
    raw = b"Caf\xe9 \x93Kalbajar\x94 costs 5 \x80 \x81."
    d = read_bytes(raw)
    assert d.text == "Café “Kalbajar” costs 5 € \x81."  # 0x81 is undefined in cp1252: Latin-1
    assert d.encoding == "cp1252"
    assert d.encoding_warning == "not UTF-8; decoded as Windows-1252"


def test_legacy_file_on_disk():
    d = read_path(INGEST / "legacy_cp1252.txt")
    assert d.encoding == "cp1252" and "Windows-1252" in d.encoding_warning
    assert "Mövsümov" in d.text and "“Murov”" in d.text
    assert d.title == "Murov Pass"


def test_mixed_utf8_and_invalid_bytes_is_corrupt():
    good = "Kəlbəcər rayonu ".encode("utf-8")
    with rejected(rf"badly encoded: not valid UTF-8 at byte {len(good)} and not a legacy single-byte encoding"):
        read_bytes(good + b"\xff\xfe broken")


def test_line_endings_are_kept():
    raw = b"Title\r\n\r\nFirst sentence. Second one.\r\n"
    d = read_bytes(raw)
    assert d.text == raw.decode()
    for s in segment(d).segments:
        assert d.text[s.start : s.end] == s.text


# --- empty and binary --------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", r"empty file \(0 bytes\)"),
        (b" \n\t\r\n  ", r"empty file \(only whitespace\)"),
        (b"\xef\xbb\xbf\n", r"empty file \(only whitespace\)"),
        (b"\xff\xfe" + " \n".encode("utf-16-le"), r"empty file \(only whitespace\)"),
    ],
)
def test_empty(raw, reason):
    with rejected(reason):
        read_bytes(raw)


@pytest.mark.parametrize(
    "raw, kind",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip archive"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF executable"),
    ],
)
def test_binary_signatures(raw, kind):
    with rejected(rf"binary file \({kind}\)"):
        read_bytes(raw + b"some text that follows")


def test_random_bytes_are_rejected():
    rng = random.Random(1234)
    raw = bytes(rng.getrandbits(8) for _ in range(4096))
    with rejected("binary file|badly encoded"):
        read_bytes(raw)


def test_many_nuls_are_binary():
    with rejected(r"binary file \(\d+ NUL bytes"):
        read_bytes(b"text\x00" * 200)
    with rejected("UTF-16 or UTF-32 without a byte-order mark"):
        read_bytes("Kalbajar district".encode("utf-16-le"))


def test_control_bytes_are_binary():
    with rejected("control bytes"):
        read_bytes(b"ab\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10" * 20)


def test_a_few_nuls_are_replaced():
    raw = b"Kalbajar fell\x00 in April 1993.\x00 " + b"The pass was closed. " * 20
    d = read_bytes(raw)
    assert "\x00" not in d.text and d.text.count("\ufffd") == 2
    assert d.raw == raw  # the original bytes are kept
    assert "2 NUL bytes replaced with U+FFFD" in d.encoding_warning


# --- size --------------------------------------------------------------------------------


def test_too_large_bytes(monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    read_bytes(b"a" * 100)
    with rejected(r"larger than the limit of 100 bytes \(ARCHIVE_MAX_FILE_BYTES\)"):
        read_bytes(b"a" * 101)


def test_too_large_file_is_not_read(monkeypatch, tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 40)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)

    def no_open(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(read_module.os, "open", no_open)
    with rejected(r"200 bytes, larger than the limit of 100 bytes \(ARCHIVE_MAX_FILE_BYTES\)"):
        read_path(path)


def test_file_growing_past_the_limit_while_read(monkeypatch, tmp_path):
    """stat and fstat saw a small file; it grew before the read: the read stops at the limit."""
    path = tmp_path / "growing.txt"
    path.write_bytes(b"word " * 10)
    small = os.stat(path)
    path.write_bytes(b"word " * 1000)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 60)
    monkeypatch.setattr(read_module.os, "stat", lambda p, *a, **kw: small)
    monkeypatch.setattr(read_module.os, "fstat", lambda fd: small)
    with rejected(r"larger than the limit of 60 bytes \(ARCHIVE_MAX_FILE_BYTES\)"):
        read_path(path)


# --- files that are not readable regular files -------------------------------------------


def _in_thread(fn):
    """Run ``fn`` in a thread; fail instead of hanging if it blocks."""
    box = {}

    def run():
        try:
            box["result"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed back to the test
            box["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(20)
    assert not t.is_alive(), "reading blocked"
    return box


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_rejected_without_blocking(tmp_path):
    fifo = tmp_path / "inbox.txt"
    os.mkfifo(fifo)
    box = _in_thread(lambda: read_path(fifo))
    assert isinstance(box.get("error"), InputRejected)
    assert "not a regular file (a FIFO)" in str(box["error"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_swapped_in_after_the_check_does_not_block(tmp_path, monkeypatch):
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    regular = tmp_path / "regular.txt"
    regular.write_text("A regular file.")
    real_stat = os.stat
    monkeypatch.setattr(read_module.os, "stat", lambda p, *a, **kw: real_stat(regular))
    box = _in_thread(lambda: read_path(fifo))
    assert "not a regular file (a FIFO)" in str(box.get("error"))


def test_directory(tmp_path):
    with rejected("is a directory"):
        read_path(tmp_path)


def test_missing_file(tmp_path):
    with rejected("no such file"):
        read_path(tmp_path / "absent.txt")
    with rejected("contains a NUL character"):
        read_path(str(tmp_path / "bad\x00name.txt"))


def test_deleted_between_stat_and_open(tmp_path, monkeypatch):
    path = tmp_path / "vanishing.txt"
    path.write_text("Here now.")

    def open_after_delete(p, flags, *a):
        os.unlink(p)
        return real_open(p, flags, *a)

    real_open = os.open
    monkeypatch.setattr(read_module.os, "open", open_after_delete)
    with rejected("deleted while being read"):
        read_path(path)


def test_symlink_loop(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    os.symlink(b, a)
    os.symlink(a, b)
    with rejected("symlink loop"):
        read_path(a)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Classified.")
    path.chmod(0)
    try:
        with rejected("permission denied"):
            read_path(path)
    finally:
        path.chmod(0o600)


def test_permission_denied_on_open(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("Classified.")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(read_module.os, "open", denied)
    with rejected("unreadable: permission denied"):
        read_path(path)


def test_read_path_keeps_the_path(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes(SAMPLE.encode())
    d = read_path(path)
    assert d.path == str(path) and d.text == SAMPLE and d.media_type == "text/plain"


# --- media types and HTML ----------------------------------------------------------------


def test_media_type_from_argument_extension_and_sniffing():
    page = b"<!DOCTYPE html><html><head><title>T</title></head><body><p>Body text.</p></body></html>"
    assert read_bytes(page).media_type == "text/html"
    assert read_bytes(b"# Title\n\nBody.", path="notes.md").media_type == "text/markdown"
    assert read_bytes(b"<p>Body text.</p>", path="page.htm").media_type == "text/html"
    assert read_bytes(b"# Title\n\nBody.", path="notes.txt").media_type == "text/plain"
    assert read_bytes(b"# Title\n\nBody.", media_type="text/markdown; charset=utf-8").media_type == "text/markdown"
    with rejected("unsupported media type 'application/pdf'"):
        read_bytes(b"Body.", media_type="application/pdf")


def test_html_conversion():
    d = read_path(INGEST / "news_page.html")
    assert d.media_type == "text/html"
    for dropped in ("JavaScript", "font-family", "Do not index me", "comment that", "Template text", "Logo drawing"):
        assert dropped not in d.text
    assert "$1.5 billion & more." in d.text  # entities unescaped
    assert "November 10.[1]" in d.text  # &nbsp; and whitespace collapsed
    lines = d.text.split("\n")
    assert "Azerbaijani Army Enters Aghdam District After 27 Years" in lines  # heading on its own line
    assert "\n\nReconstruction\n\n" in d.text
    assert "1. Aghdam District | Karabakh.org" in lines  # ordered lists keep their numbers
    # (the <title> is "... - Caucasus Daily": the site's name goes, the page's <h1> stays)
    assert d.title == "Azerbaijani Army Enters Aghdam District After 27 Years"
    expected = ("Leyla Aliyeva", date(2020, 11, 20), "Caucasus Daily", "news")
    assert (d.author, d.published, d.publisher, d.genre) == expected


def test_an_html_table_with_a_header_row_becomes_a_markdown_table_and_an_infobox_stays_keyed():
    markup = ("<html><body><p>Losses.</p><table><caption>Losses</caption><tr><th>Side</th><th>Killed</th>"
              "<th>Source</th></tr><tr><td>Vessia</td><td>2,908</td><td>Ministry</td></tr><tr><th>Tarland</th>"
              "<td>3,825</td><td>Ministry of Health</td></tr></table>"
              "<table class=infobox><tr><th>Date</th><td>27 March 1993</td></tr><tr><th>Location</th>"
              "<td>Dornovo</td></tr></table>"
              "<table><tr><th>Side</th><th>Killed</th></tr><tr><td>Vessia</td><td>1</td><td>extra</td></tr></table>"
              "<p>stray <td>cell</p></body></html>")
    d = read_bytes(markup.encode("utf-8"), media_type="text/html")
    assert d.text.split("\n") == [
        "Losses.", "", "Losses", "| Side | Killed | Source |", "| --- | --- | --- |", "| Vessia | 2,908 | Ministry |",
        "| Tarland | 3,825 | Ministry of Health |", "", "Date: 27 March 1993", "Location: Dornovo", "",
        "Side Killed", "Vessia 1 extra",  # (rows of different widths: no grid, read as before)
        "", "stray cell"]


def test_html_without_title_takes_the_first_heading():
    d = read_bytes(
        b"<html><body><h1>Battle of Kalbajar</h1><h2>Background</h2><p>It began in 1993.</p>"
        b"<h2>Aftermath</h2><p>It ended.</p></body></html>"
    )
    assert d.title == "Battle of Kalbajar"
    assert d.text == "Battle of Kalbajar\n\nBackground\n\nIt began in 1993.\n\nAftermath\n\nIt ended."


def test_an_html_article_is_news_and_its_title_loses_the_site_name():
    d = read_bytes(
        b"<html><head><title>Site News | Shelling resumes near Kelmar</title>"
        b'<meta property="og:type" content="article"></head><body><h1>Shelling resumes near Kelmar</h1>'
        b"<p>Shelling resumed near the village of Kelmar overnight.</p></body></html>"
    )
    assert (d.title, d.genre) == ("Shelling resumes near Kelmar", "news")
    d = read_bytes(b"<html><head><title>Kelmar - a village | Atlas</title></head><body><p>A village.</p></body></html>")
    assert (d.title, d.genre) == ("Kelmar - a village | Atlas", "other")  # no such line: the title as it is


def test_html_that_has_no_text():
    with rejected("the HTML has no text"):
        read_bytes(b"<html><script>var x = 1;</script><style>p {}</style></html>")


@pytest.mark.slow
@pytest.mark.parametrize(
    "markup",
    [
        "<a" * 50_000,
        "</" * 50_000,
        "<!--" * 50_000,
        "<?" * 50_000,
        "<![CDATA[" * 20_000,
        "</a" * 50_000,
        "<!" * 50_000,
        "<" * 200_000,
        "<a b='" * 50_000,
        "<div>" * 50_000 + "text" + "</div>" * 50_000,
    ],
    ids=["open", "close", "comment", "pi", "cdata", "close-name", "bang", "lt", "quote", "deep"],
)
def test_malformed_html_is_converted_in_linear_time(markup):
    # html.parser alone is quadratic on these; the sanitizer keeps it linear
    out = html_to_text(markup)
    assert set(out.text) <= set(markup) | {" ", "\n"}


# --- metadata ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, genre, title, author, published",
    [
        (CORPUS / "000_f15b69dfdb06d471.txt", "extract", "Operation Kalbajar", None, None),
        (CORPUS / "001_eb62a80a9b1334a8.txt", "encyclopedia", "Battle of Kalbajar", None, None),
        (CORPUS / "002_4d65755800a609eb.txt", "extract", None, None, None),
        (
            CORPUS / "003_5d65ebbd65e26610.txt",
            "news",
            "Azerbaijan Regains Control Over Kalbajar District Following Withdrawal Of Armenia's Troops",
            "Mushvig Mehdiyev",
            date(2020, 11, 26),  # the byline's date, not the "Last update" date
        ),
        (CORPUS / "004_dcef0f886da3f3c8.txt", "encyclopedia", "Kalbajar", None, None),
        (
            EXTRA / "aghdam_news_2020.txt",
            "news",
            "Azerbaijani Army Enters Aghdam District After 27 Years",
            "Leyla Aliyeva",
            date(2020, 11, 20),
        ),
        (EXTRA / "mogadishu_1993.txt", "encyclopedia", "Battle of Mogadishu (1993)", None, None),
        (EXTRA / "shusha_1992.txt", "encyclopedia", "Capture of Shusha", None, None),
        (INGEST / "report.md", "encyclopedia", "Capture of Shusha", None, None),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else None,
)
def test_metadata_of_samples(path, genre, title, author, published):
    d = read_path(path)
    assert (d.genre, d.title, d.author, d.published) == (genre, title, author, published)
    assert d.publisher is None
    assert d.encoding == "utf-8" and d.encoding_warning is None


def test_news_cues_generalise():
    text = (
        "Skip to content\n\nWorld / Europe\n\nCeasefire Holds in the Mountains\n\n"
        "By Anna Petrova and John Smith | 3 March 2021\n\n"
        "STEPANAKERT (Reuters) — The ceasefire held on Wednesday. Observers reported calm.\n\n"
        "© 2021 Mountain Herald. All rights reserved.\n"
    )
    d = read_bytes(text.encode())
    assert (d.genre, d.title, d.author, d.published, d.publisher) == (
        "news",
        "Ceasefire Holds in the Mountains",
        "Anna Petrova and John Smith",
        date(2021, 3, 3),
        "Mountain Herald",
    )
    kinds = [(s.kind, s.text) for s in segment(d).segments]
    assert kinds[:5] == [
        ("header", "Skip to content"),
        ("header", "World / Europe"),
        ("title", "Ceasefire Holds in the Mountains"),
        ("byline", "By Anna Petrova and John Smith | 3 March 2021"),
        ("dateline", "STEPANAKERT (Reuters)"),
    ]


def test_a_wire_dateline_with_a_full_date_gives_the_publication_day():
    text = (
        "Shelling hits border villages\n\n"
        "TOVUZ, 14 July 2020 (AFP) - Two soldiers were killed on Sunday, the ministry said.\n"
    )
    d = read_bytes(text.encode())
    assert d.published == date(2020, 7, 14)
    assert ("dateline", "TOVUZ, 14 July 2020 (AFP)") in [(s.kind, s.text) for s in segment(d).segments]


def test_a_wire_dateline_with_its_date_in_brackets_gives_the_publication_day():
    text = (
        "Missile strike on Dornovo\n\n"
        "DORNOVO, Vessia (Oct 17, 2020) - At least 13 civilians were killed on Saturday, officials said.\n"
    )
    d = read_bytes(text.encode())
    assert ("dateline", "DORNOVO, Vessia (Oct 17, 2020)") in [(s.kind, s.text) for s in segment(d).segments]
    assert d.published == date(2020, 10, 17)


def test_byline_organisation_and_weekday_dates():
    text = (
        "World | Europe\n\nArmenia and Azerbaijan sign Karabakh peace deal\n\n"
        "Published: Tuesday, 10 November 2020\n\nBy John Smith, BBC News\n\n"
        "Russia will deploy 1,960 peacekeepers. Armenia will withdraw by Dec. 1.\n"
    )
    d = read_bytes(text.encode())
    assert (d.genre, d.author, d.publisher, d.published) == ("news", "John Smith", "BBC News", date(2020, 11, 10))
    assert [s.kind for s in segment(d).segments][:4] == ["header", "title", "dateline", "byline"]


def test_plain_text_without_cues_is_other():
    d = read_bytes(b"Some notes about the archive.\n\nThey have no structure at all. Nothing more.\n")
    assert (d.genre, d.title) == ("other", None)
