"""HTML to the plain text the archive stores, with the stdlib ``html.parser``.

* ``script``, ``style``, ``noscript``, ``template``, ``svg`` (and ``iframe``, ``object``,
  ``math``) contents and comments are dropped; entities are unescaped.
* Block elements end a line: paragraphs, divisions, headings, sections, tables... are separated
  by a blank line; ``br``, list items, table rows, captions by a line break; so headings end up
  on their own line. Items of an ordered list are numbered (``1. ``), as a browser shows them,
  so that a numbered reference list stays numbered.
* A table whose first row is all header cells (``th``) and whose other rows have as many cells
  becomes a Markdown table (``| Side | Killed |``, ``| --- | --- |``, ``| X | 2,908 |``), which
  the claims stage reads figure by figure under its column's header; other tables read as
  text, a header cell and the data cell after it as ``Date: 27 March 1993`` (infoboxes).
* Whitespace inside a block is collapsed (``pre`` keeps its line breaks).
* ``<title>`` and a few ``<meta>`` tags (author, publication date, site name) are returned
  beside the text.

``html.parser`` in the Python versions we support has worst-case quadratic behaviour on some
malformed markup (unclosed ``<!--``, ``</`` or ``<?`` repeated many times). The markup is
therefore first passed through :func:`_sanitize`, a single left-to-right pass that keeps only
well-formed tags, drops comments, declarations and processing instructions, and hides every
other ``<`` behind a placeholder; the parser then only ever sees well-formed input and runs in
linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["HtmlText", "html_to_text"]

# Paragraph-level blocks: a blank line before and after.
_BLOCK2 = frozenset(
    """p div h1 h2 h3 h4 h5 h6 section article header footer blockquote figure table ul ol dl
    nav aside main pre hr address form fieldset details center""".split()
)
# Line-level blocks: a line break before and after.
_BLOCK1 = frozenset("br li tr dt dd figcaption caption summary legend option".split())
_SKIP = frozenset("script style noscript template svg math iframe object".split())
_RAW = ("script", "style")
_WS = re.compile(r"\s+")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]{0,63})((?:[^<>\"']|\"[^\"<>]*\"|'[^'<>]*')*+)>")
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_RAW_END = {name: re.compile(rf"</{name}\s*>", re.I) for name in _RAW}
_META_KEYS = {
    "author": "author",
    "article:author": "author",
    "citation_author": "author",
    "dc.creator": "author",
    "og:site_name": "publisher",
    "publisher": "publisher",
    "citation_publisher": "publisher",
    "dc.publisher": "publisher",
    "article:published_time": "published",
    "datepublished": "published",
    "citation_publication_date": "published",
    "dc.date": "published",
    "date": "published",
    "pubdate": "published",
}


@dataclass(frozen=True)
class HtmlText:
    text: str
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # author, publisher, published (raw)


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_CELL = "\ue000"  # where a table cell starts (private use: never whitespace, never in a page's text)
_KEYED_CELL = "\ue001"  # ... a data cell right after a header cell
_CELL_SPLIT = re.compile("[\ue000\ue001]")
_LT = "\x00"  # a stray "<" while parsing; NUL never reaches here (the reader replaced it)


def _sanitize(s: str) -> str:
    """Keep well-formed tags only; drop comments, declarations, processing instructions and
    the bodies of ``script``/``style``; replace every other ``<`` by a placeholder that the
    converter turns back into ``<``. One pass, linear time: every search starts where the
    previous one ended, and a failed search for ``>`` is remembered so it is never repeated."""
    out: list[str] = []
    pos = 0
    n = len(s)
    no_gt_from = n + 1  # no '>' at or after this offset
    while pos < n:
        start = _TAG_START.search(s, pos)
        if start is None:
            out.append(s[pos:].replace("<", _LT))
            break
        j = start.start()
        out.append(s[pos:j].replace("<", _LT))
        if s.startswith("<!--", j):
            k = s.find("-->", j + 4)
            if k < 0:
                break  # an unclosed comment hides the rest
            pos = k + 3
            continue
        if s.startswith("<![CDATA[", j):
            k = s.find("]]>", j + 9)
            if k < 0:
                out.append(_escape(s[j + 9 :]))
                break
            out.append(_escape(s[j + 9 : k]))
            pos = k + 3
            continue
        if s.startswith("<!", j) or s.startswith("<?", j):
            k = s.find(">", j + 2) if j + 2 < no_gt_from else -1
            if k < 0:
                no_gt_from = min(no_gt_from, j + 2)
                out.append(_LT)
                pos = j + 1
            else:
                pos = k + 1
            continue
        m = _TAG.match(s, j)
        if not m:
            out.append(_LT)
            pos = j + 1
            continue
        name = m.group(2).lower()
        if not m.group(1) and name in _RAW and not m.group(3).rstrip().endswith("/"):
            close = _RAW_END[name].search(s, m.end())
            out.append(f"<{name}></{name}>")
            if close is None:
                break  # an unclosed script hides the rest
            pos = close.end()
            continue
        out.append(m.group(0))
        pos = m.end()
    return "".join(out)


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []  # (break level before the line, text)
        self.cur: list[str] = []
        self.pending = 0
        self.skip = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.title_done = False
        self.pre = 0
        self.lists: list[int | None] = []  # an ordered list's counter, None for <ul>
        self.meta: dict[str, str] = {}
        self.last_cell: str | None = None
        self.tables: list[tuple[int, list[list[str]]]] = []  # (first line, cell tags of each row)

    # -- output --------------------------------------------------------------------

    def _flush(self) -> None:
        if self.cur:
            s = _WS.sub(" ", "".join(self.cur)).strip()
            self.cur = []
            if s:
                self.lines.append((self.pending, s))
                self.pending = 0

    def _break(self, level: int) -> None:
        self._flush()
        self.pending = max(self.pending, level)

    def _end_table(self) -> None:
        """A table whose first row is all header cells and whose other rows have as many cells
        becomes a Markdown table ("| Side | Killed |", "| --- | --- |", "| X | 2,908 |"), so the
        claims stage can read each figure under its column's header; any other table reads as
        before: cells separated by a space, a data cell after a header cell by ": "."""
        first, rows = self.tables.pop()
        lines = self.lines[first:]
        marked = [i for i, (_, line) in enumerate(lines) if _CELL in line or _KEYED_CELL in line]
        rows = [r for r in rows if r]
        width = len(rows[0]) if rows else 0
        grid = (
            not self.tables and len(rows) >= 2 and width >= 2 and all(t == "th" for t in rows[0])
            and all(len(r) == width and "td" in r for r in rows[1:]) and len(marked) == len(rows)
            and all(lines[i][1].count(_CELL) + lines[i][1].count(_KEYED_CELL) == width for i in marked)
        )
        if not grid:
            return  # (the markers are replaced in result())
        out = []
        for n, (level, line) in enumerate(lines):
            if n not in marked:
                out.append((level, line))
                continue
            cells = [c.strip() for c in _CELL_SPLIT.split(line)[1:]]
            out.append((level, "| " + " | ".join(cells) + " |"))
            if n == marked[0]:
                out.append((1, "| " + " | ".join(["---"] * width) + " |"))
        self.lines[first:] = out

    def result(self) -> str:
        self._flush()
        while self.tables:
            self.tables.pop()
        out: list[str] = []
        for level, s in self.lines:
            if _CELL in s or _KEYED_CELL in s:
                s = _WS.sub(" ", s.replace(_KEYED_CELL, ": ").replace(_CELL, " ")).strip()
            if out:
                out.append("\n\n" if level >= 2 else "\n")
            out.append(s)
        return "".join(out)

    # -- parser events ---------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "title":
            self.in_title = True
        elif tag == "meta":
            self._meta(attrs)
        elif tag in ("td", "th"):
            # a header cell followed by a data cell reads "Date: 27 March 1993" (markers, made
            # ": " and " " in the end unless the table is a grid: _end_table)
            self.cur.append(_KEYED_CELL if tag == "td" and self.last_cell == "th" else _CELL)
            self.last_cell = tag
            if self.tables and self.tables[-1][1]:
                self.tables[-1][1][-1].append(tag)
        elif tag == "ol":
            self._break(2)
            start = dict(attrs).get("start")
            try:
                first = int(start) if start is not None else 1
            except ValueError:
                first = 1
            self.lists.append(first - 1)
        elif tag == "ul":
            self._break(2)
            self.lists.append(None)
        elif tag == "li":
            self._break(1)
            if self.lists and self.lists[-1] is not None:
                self.lists[-1] += 1
                self.cur.append(f"{self.lists[-1]}. ")
        elif tag in _BLOCK2:
            self._break(2)
            if tag == "pre":
                self.pre += 1
            elif tag == "table":
                self.tables.append((len(self.lines), []))
        elif tag in _BLOCK1:
            self._break(1)
            if tag == "tr":
                self.last_cell = None
                if self.tables:
                    self.tables[-1][1].append([])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            return  # <svg/>: nothing inside
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "meta", "img", "input", "link", "wbr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "title":
            if self.in_title:
                self.title_done = True
            self.in_title = False
        elif tag in ("ol", "ul"):
            self._break(2)
            if self.lists:
                self.lists.pop()
        elif tag in _BLOCK2:
            self._break(2)
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            elif tag == "table" and self.tables:
                self._end_table()
        elif tag in _BLOCK1:
            self._break(1)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if _LT in data:
            data = data.replace(_LT, "<")
        if _CELL in data or _KEYED_CELL in data:
            data = data.replace(_CELL, "\ufffd").replace(_KEYED_CELL, "\ufffd")
        if self.in_title:
            if not self.title_done:
                self.title_parts.append(data)
            return
        if self.pre:
            parts = data.split("\n")
            self.cur.append(parts[0])
            for part in parts[1:]:
                self._break(1)
                self.cur.append(part)
        else:
            self.cur.append(data)

    def _meta(self, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        key = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
        content = " ".join(a.get("content", "").split())
        target = _META_KEYS.get(key)
        if target and content and target not in self.meta:
            self.meta[target] = content
        if content and (key == "og:type" or key.startswith("article:")):
            self.meta.setdefault("kind", "article" if key.startswith("article:") else content.lower())


def html_to_text(markup: str) -> HtmlText:
    """Convert an HTML page to text (see the module docstring)."""
    conv = _Converter()
    if _LT in markup:
        markup = markup.replace(_LT, "\ufffd")
    conv.feed(_sanitize(markup))
    conv.close()
    title = " ".join("".join(conv.title_parts).split()) or None
    text = conv.result()
    return HtmlText(text, _without_site_name(title, text), dict(conv.meta))


_TITLE_SEPARATOR = re.compile(r"\s+[|–—·-]\s+")


def _without_site_name(title: str | None, text: str) -> str | None:
    """"Headline | Site": the part of a ``<title>`` that the page shows as a line of its own
    (its ``<h1>``), else the title as it is."""
    if not title or _TITLE_SEPARATOR.search(title) is None:
        return title
    lines = {line.strip() for line in text.splitlines()}
    for part in _TITLE_SEPARATOR.split(title):
        if len(part) > 3 and part in lines:
            return part
    return title
