"""Read a file into the text the archive stores, and what the text says about itself.

``read_path(path)`` opens a file safely; ``read_bytes(raw)`` does the rest and is pure.
Both raise :class:`archive.errors.InputRejected` with a specific reason, and nothing else.

Reading a path
    ``os.stat`` first: a directory, a FIFO, a device or a socket is rejected without being
    opened, and so is a file larger than ``MAX_FILE_BYTES`` (before any byte is read). The file
    is then opened with ``O_NONBLOCK`` (a FIFO swapped in after the check cannot block us), the
    open descriptor is checked again with ``fstat``, and at most ``MAX_FILE_BYTES + 1`` bytes
    are read. Permission denied, a symlink loop, a file deleted in between: each has its own
    message.

Decoding policy
    1. Known binary signatures (PDF, PNG, JPEG, GIF, ZIP, gzip, ELF, ...) are rejected.
    2. A byte-order mark decides: UTF-8 (``utf-8-sig``), UTF-16 LE/BE (``utf-16``), UTF-32;
       decoding is strict, so a broken file is rejected. The stored text has no BOM.
    3. Otherwise many NUL bytes (more than 4 and more than 2 % of the file) or control bytes
       (more than 8 and more than 5 %) mean a binary file.
    4. Otherwise strict UTF-8. If that fails and the bytes contain no valid multi-byte UTF-8
       sequence, the file is a legacy single-byte file: it is decoded as Windows-1252 (the five
       bytes cp1252 leaves undefined map to the Latin-1 code points) with a warning. A file that
       mixes valid multi-byte sequences with invalid bytes is corrupt and rejected, naming the
       offset of the first bad byte.
    5. A few NUL bytes are replaced by U+FFFD in ``text`` (PostgreSQL cannot store NUL; ``raw``
       keeps them) with a warning.
    Line endings are kept as they are: offsets point into the stored text.

Media type
    The ``media_type`` argument, else the extension (``.html``/``.htm``/``.xhtml`` ->
    text/html, ``.md``/``.markdown`` -> text/markdown), else a sniff of the start of the text
    (``<!doctype html`` or ``<html`` -> text/html), else text/plain. HTML is converted to text
    by :mod:`etl.html`; its ``<title>`` is the document title.

Metadata
    Title, byline author and date, and publisher come from the layout analysis shared with the
    segmenter (:func:`etl.segment.analyse`); the genre from :func:`guess_genre`.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from datetime import date

from archive.errors import InputRejected
from archive.vocab import MEDIA_TYPES
from etl import limits
from etl.html import html_to_text
from etl.segment import LayoutStats, analyse
from etl.types import ReadDocument

__all__ = ["read_bytes", "read_path", "guess_genre"]

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2 archive"),  # confirmed below
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "Zstandard archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00asm", "WebAssembly module"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "Mach-O binary"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"ID3", "MP3 audio"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x00\x00\x01\x00", "ICO image"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# C0 control bytes that do not occur in text (tab, LF, VT, FF, CR and ESC do).
_CONTROL = bytes([*range(1, 9), *range(14, 27), *range(28, 32)])
# Windows-1252, with the five bytes it leaves undefined mapped as Latin-1.
_CP1252 = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
# A character that only a valid multi-byte UTF-8 sequence produces (surrogateescape maps
# invalid bytes to U+DC80..U+DCFF).
_MULTIBYTE = re.compile("[\u0080-\ud7ff\ue000-\U0010ffff]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_EXTENSIONS = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
}
_MEDIA_ALIASES = {
    "application/xhtml+xml": "text/html",
    "text/x-markdown": "text/markdown",
    "text/md": "text/markdown",
}


def read_path(path: str | os.PathLike) -> ReadDocument:
    """Read the file at ``path`` (see the module docstring for what is rejected)."""
    name = os.fspath(path)
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    if "\x00" in name:
        raise InputRejected("unreadable: the file name contains a NUL character")
    try:
        st = os.stat(name)
    except OSError as e:
        raise InputRejected(_os_reason(e)) from None
    _check_stat(st)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags)
    except OSError as e:
        raise InputRejected(_os_reason(e, opening=True)) from None
    try:
        _check_stat(os.fstat(fd))
        limit = limits.MAX_FILE_BYTES
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise InputRejected(_too_large(limit))
            chunks.append(chunk)
    except OSError as e:
        raise InputRejected(_os_reason(e)) from None
    finally:
        os.close(fd)
    return read_bytes(b"".join(chunks), path=name)


def _check_stat(st: os.stat_result) -> None:
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise InputRejected("is a directory, not a file")
    if not stat.S_ISREG(mode):
        if stat.S_ISFIFO(mode):
            kind = "a FIFO"
        elif stat.S_ISCHR(mode):
            kind = "a character device"
        elif stat.S_ISBLK(mode):
            kind = "a block device"
        elif stat.S_ISSOCK(mode):
            kind = "a socket"
        else:
            kind = "a special file"
        raise InputRejected(f"not a regular file ({kind})")
    if st.st_size > limits.MAX_FILE_BYTES:
        raise InputRejected(_too_large(limits.MAX_FILE_BYTES, st.st_size))


def _too_large(limit: int, size: int | None = None) -> str:
    what = f"{size} bytes, " if size is not None else ""
    return f"file too large: {what}larger than the limit of {limit} bytes (ARCHIVE_MAX_FILE_BYTES)"


def _os_reason(e: OSError, opening: bool = False) -> str:
    code = e.errno
    if code == errno.ENOENT:
        return "no such file (it may have been deleted while being read)" if opening else "no such file"
    if code in (errno.EACCES, errno.EPERM):
        return "unreadable: permission denied"
    if code == errno.ELOOP:
        return "unreadable: symlink loop (too many levels of symbolic links)"
    if code == errno.EISDIR:
        return "is a directory, not a file"
    if code == errno.ENOTDIR:
        return "no such file (a component of the path is not a directory)"
    if code == errno.ENAMETOOLONG:
        return "unreadable: file name too long"
    return f"unreadable: {e.strerror or e}"


def read_bytes(raw: bytes, *, path: str | None = None, media_type: str | None = None) -> ReadDocument:
    """Decode ``raw`` and read the document's metadata. Pure: no file system access."""
    raw = bytes(raw)
    limit = limits.MAX_FILE_BYTES
    if len(raw) > limit:
        raise InputRejected(_too_large(limit, len(raw)))
    if not raw:
        raise InputRejected("empty file (0 bytes)")
    text, encoding, warnings = _decode(raw)
    if not text.strip():
        raise InputRejected("empty file (only whitespace)")
    mt = _media_type(media_type, path, text)
    title_hint = None
    meta: dict[str, str] = {}
    if mt == "text/html":
        try:
            converted = html_to_text(text)
        except Exception as e:  # the parser is tolerant; this is a last line of defence
            raise InputRejected(f"could not convert HTML to text: {e}") from None
        text, title_hint, meta = converted.text, converted.title, converted.meta
        if not text.strip():
            raise InputRejected("empty document (the HTML has no text)")
    layout = analyse(text, title_hint=title_hint, media_type=mt)
    title = title_hint or layout.title
    author = layout.author or _meta_author(meta.get("author"))
    published = layout.published or _iso_date(meta.get("published"))
    publisher = layout.publisher or meta.get("publisher") or None
    return ReadDocument(
        raw=raw,
        sha256=hashlib.sha256(raw).hexdigest(),
        text=text,
        encoding=encoding,
        encoding_warning="; ".join(warnings) or None,
        media_type=mt,
        genre=_html_news(guess_genre(layout.stats), meta),
        title=title,
        author=author,
        publisher=publisher,
        published=published,
        path=path,
    )


# --- decoding --------------------------------------------------------------------------


def _decode(raw: bytes) -> tuple[str, str, list[str]]:
    warnings: list[str] = []
    for sig, kind in _SIGNATURES:
        if raw.startswith(sig):
            if sig == b"BZh" and raw[4:10] != b"1AY&SY":
                continue
            raise InputRejected(f"binary file ({kind})")
    encoding = None
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            encoding = enc
            break
    if encoding is not None:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as e:
            name = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}[encoding]
            offset = e.start + (3 if encoding == "utf-8-sig" else 0)  # utf-8-sig counts after the BOM
            raise InputRejected(
                f"badly encoded: not valid {name} at byte {offset} (the file starts with a {name} byte-order mark)"
            ) from None
        _check_binary(text.encode("utf-8", "surrogatepass"))
    else:
        _check_binary(raw)
        try:
            text = raw.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as e:
            if _MULTIBYTE.search(raw.decode("utf-8", "surrogateescape")):
                raise InputRejected(
                    f"badly encoded: not valid UTF-8 at byte {e.start} and not a legacy single-byte "
                    "encoding (the file also contains valid multi-byte UTF-8 sequences)"
                ) from None
            text = codecs.charmap_decode(raw, "strict", _CP1252)[0]
            encoding = "cp1252"
            warnings.append("not UTF-8; decoded as Windows-1252")
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "\ufffd")
        warnings.append(f"{nuls} NUL byte{'s' if nuls > 1 else ''} replaced with U+FFFD")
    return text, encoding, warnings


def _check_binary(data: bytes) -> None:
    n = len(data)
    nuls = data.count(0)
    if nuls > 4 and nuls * 50 > n:
        hint = ""
        if nuls * 3 > n:
            hint = "; UTF-16 or UTF-32 without a byte-order mark is not supported"
        raise InputRejected(f"binary file ({nuls} NUL bytes in {n}{hint})")
    controls = n - len(data.translate(None, _CONTROL))
    if controls > 8 and controls * 20 > n:
        raise InputRejected(f"binary file ({controls} control bytes in {n})")


def _media_type(arg: str | None, path: str | None, text: str) -> str:
    if arg:
        mt = arg.split(";", 1)[0].strip().lower()
        mt = _MEDIA_ALIASES.get(mt, mt)
        if mt not in MEDIA_TYPES:
            raise InputRejected(f"unsupported media type {arg!r} (supported: {', '.join(MEDIA_TYPES)})")
        return mt
    if path:
        ext = os.path.splitext(os.fspath(path))[1].lower()
        if ext in _EXTENSIONS:
            return _EXTENSIONS[ext]
    head = text[:512].lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<!doctype html") or head.startswith("<html"):
        return "text/html"
    return "text/plain"


def _meta_author(value: str | None) -> str | None:
    if not value or "://" in value:
        return None
    return value


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# --- genre -----------------------------------------------------------------------------


def _html_news(genre: str, meta: dict[str, str]) -> str:
    """A page that declares itself an article (``og:type`` article, ``article:*`` meta tags) is
    news when its text alone showed no genre."""
    return "news" if genre == "other" and meta.get("kind") in ("article", "newsarticle") else genre


def guess_genre(stats: LayoutStats) -> str:
    """The genre (``archive.vocab.GENRES``) from the cues the layout analysis counted.

    * **news**: a byline (``By <Name> <Month D, YYYY>``), a ``Last update:`` line, a date line
      or a wire dateline (``BAKU (Reuters) —``) in the front matter, or a photo caption with a
      credit (``... / Ministry of Defense``).
    * **encyclopedia**: section structure: a "Fact-checked by" line, a numbered reference
      list, section headings glued to the text of flattened pages, two or more headings on
      their own lines, or an infobox (three or more ``Key: value`` lines).
    * **extract**: at least three paragraphs, three quarters of them a single sentence, with
      citation markers (at least two paragraphs starting with ``[n]``, or markers elsewhere):
      sentences lifted out of a cited article.
    * **other**: none of these.
    """
    if stats.bylines or stats.update_line or stats.datelines or stats.credit_captions:
        return "news"
    if (
        stats.fact_checked
        or stats.references
        or stats.glued_headings
        or stats.headings >= 2
        or stats.infobox_lines >= 3
    ):
        return "encyclopedia"
    if (
        stats.paragraphs >= 3
        and stats.single_sentence * 4 >= stats.paragraphs * 3
        and (stats.leading_marker_paragraphs >= 2 or stats.markers >= 2)
    ):
        return "extract"
    return "other"
