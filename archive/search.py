"""Full-text search over the sentences of current documents.

SQLite uses the FTS5 table ``segments_fts``; PostgreSQL the generated ``search_vector`` column
(English stemming on both). The search terms are always bound parameters.

Two syntaxes:

* ``web`` (default): what people type into a search box. Words must all appear; ``"a phrase"``
  in quotes; ``OR`` between alternatives; ``-word`` excludes. It is translated into a safe
  FTS5 expression (every word quoted), or handed to PostgreSQL's ``websearch_to_tsquery``:
  no input can be a syntax error.
* ``raw``: the backend's own query language (FTS5 MATCH syntax; PostgreSQL ``to_tsquery``),
  for experts. Syntax errors are reported as ``SearchSyntaxError``, not as a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, Integer, String, bindparam, text
from sqlalchemy.exc import DBAPIError

from archive.db import connect
from archive.errors import SearchSyntaxError

MAX_QUERY_CHARS = 1000

SQLITE_SEARCH = """
SELECT sg.segment_id, dv.source_id AS document_id, COALESCE(dv.title, s.key) AS document,
       sg.kind, sg.char_start, sg.char_end,
       snippet(segments_fts, 0, '[', ']', '…', 24) AS snippet
FROM segments_fts
JOIN segments sg ON sg.segment_id = segments_fts.rowid
JOIN document_versions dv ON dv.version_id = sg.version_id AND dv.is_current
JOIN sources s ON s.source_id = dv.source_id
WHERE segments_fts MATCH :query
ORDER BY segments_fts.rank, sg.segment_id
LIMIT :limit
"""

POSTGRES_SEARCH = """
SELECT sg.segment_id, dv.source_id AS document_id, COALESCE(dv.title, s.key) AS document,
       sg.kind, sg.char_start, sg.char_end,
       ts_headline('english', sg.text, q.query,
                   'StartSel=[, StopSel=], MaxWords=30, MinWords=12, ShortWord=2') AS snippet
FROM segments sg
CROSS JOIN (SELECT {function}('english', :query) AS query) q
JOIN document_versions dv ON dv.version_id = sg.version_id AND dv.is_current
JOIN sources s ON s.source_id = dv.source_id
WHERE sg.search_vector @@ q.query
ORDER BY ts_rank(sg.search_vector, q.query) DESC, sg.segment_id
LIMIT :limit
"""


@dataclass(frozen=True)
class Hit:
    segment_id: int
    document_id: int
    document: str
    kind: str
    char_start: int
    char_end: int
    snippet: str


_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def to_fts5(query: str) -> str | None:
    """Translate web-style search syntax into a safe FTS5 expression (None: nothing to search)."""
    positive: list[str] = []
    negative: list[str] = []
    pending_or = False
    for m in _TOKEN.finditer(query):
        negated, phrase, word = m.group(1) == "-", m.group(2), m.group(3)
        if word is not None and word.upper() == "OR" and positive:
            pending_or = True
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negated, word = True, word[1:]
        raw = phrase if phrase is not None else word
        terms = [t for t in re.findall(r"\w+", raw or "", re.UNICODE)]
        if not terms:
            continue
        quoted = '"' + " ".join(terms) + '"'
        if negated:
            negative.append(quoted)
        elif pending_or and positive:
            positive[-1] = f"({positive[-1]} OR {quoted})"
            pending_or = False
        else:
            positive.append(quoted)
    if not positive:
        return None
    expression = " AND ".join(positive)
    for term in negative:
        expression = f"({expression}) NOT {term}"
    return expression


def search(engine: Engine, query: str, *, limit: int = 20, raw: bool = False) -> list[Hit]:
    query = query.replace("\x00", " ").strip()
    if not query:
        return []
    if len(query) > MAX_QUERY_CHARS:
        raise SearchSyntaxError(f"the search text is longer than {MAX_QUERY_CHARS} characters")
    if engine.dialect.name == "postgresql":
        sql = POSTGRES_SEARCH.replace("{function}", "to_tsquery" if raw else "websearch_to_tsquery")
        bound = query
    else:
        sql = SQLITE_SEARCH
        bound = query if raw else to_fts5(query)
        if bound is None:
            return []
    statement = text(sql).bindparams(bindparam("query", type_=String()), bindparam("limit", type_=Integer()))
    try:
        with connect(engine) as conn:
            rows = conn.execute(statement, {"query": bound, "limit": limit}).all()
    except DBAPIError as exc:
        message = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        if raw and _is_syntax_error(exc, message):
            raise SearchSyntaxError(
                f"cannot parse the search expression {query!r}: {message}",
                hint="leave out --raw to search for the words as typed",
            ) from exc
        raise
    return [Hit(**row._mapping) for row in rows]


def _is_syntax_error(exc: DBAPIError, message: str) -> bool:
    """A query the backend could not parse: PostgreSQL's SQLSTATE class 42 (syntax) or 22
    (data: tsquery input), SQLite's FTS5 messages."""
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None) or ""
    if sqlstate.startswith(("42601", "22")):
        return True
    lowered = message.lower()
    return any(
        marker in lowered
        for marker in ("syntax error", "fts5", "unterminated", "no such column", "unknown special query",
                       "tsquery", "malformed")
    )
