"""Canned reports: one ``.sql`` file per report in ``sql/``, run with bound parameters only.

A report file starts with a header of comment lines::

    -- title: Where the sources disagree
    -- description: Every subject and measure whose sources give different figures ...
    --   (a description may continue on lines indented by two spaces)
    -- param: subject text = ''  -- only subjects whose name contains this (empty: all)
    -- param: limit int = 500    -- at most this many rows

followed by exactly one ``SELECT`` or ``WITH`` statement using ``:name`` placeholders. The
report's name is the file name. ``sql/<name>.postgresql.sql`` (or ``.sqlite.sql``), when it
exists, replaces the portable file on that backend.

Safety: parameters are always bound, never interpolated; the runner refuses anything but a
single SELECT/WITH statement (no data-modifying CTEs, no PRAGMA/ATTACH), and runs it in a
read-only transaction (PostgreSQL ``SET TRANSACTION READ ONLY``, SQLite ``PRAGMA query_only``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, Date, Engine, Float, Integer, String, bindparam, text

from archive.db import connect
from archive.errors import ArchiveError, ReportParameterError, UnknownReport

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
PARAM_TYPES = ("text", "int", "float", "date")
FORMATS = ("table", "csv", "json", "markdown")

_HEADER = re.compile(r"^--\s?(?P<key>[a-z_]+):\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[a-z]+)\s*=\s*(?P<default>'(?:[^']|'')*'|NULL|-?[0-9.]+)"
    r"\s*(?:--\s*(?P<help>.*))?$"
)
_FORBIDDEN = re.compile(
    r"\b(?:insert|update|delete|merge|upsert|drop|alter|create|truncate|grant|revoke|attach|detach|"
    r"pragma|vacuum|reindex|copy|begin|commit|rollback|savepoint)\b",
    re.I,
)
# Bound with their SQL type, so PostgreSQL gets explicit casts (``:d IS NULL`` needs one).
SQL_TYPES = {"text": String(), "int": Integer(), "float": Float(), "date": Date()}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: object
    help: str = ""

    def convert(self, raw: str):
        if "\x00" in raw:
            raise ReportParameterError(f"parameter {self.name!r} must not contain NUL characters")
        if self.type == "text":
            return raw
        try:
            if self.type == "int":
                return int(raw)
            if self.type == "float":
                return float(raw)
            if self.type == "date":
                return date.fromisoformat(raw)
        except ValueError:
            raise ReportParameterError(f"parameter {self.name!r} must be {self.type_label}, not {raw!r}") from None
        raise AssertionError(self.type)  # pragma: no cover

    @property
    def type_label(self) -> str:
        return {"int": "a whole number", "float": "a number", "date": "a date YYYY-MM-DD"}.get(self.type, "text")


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    path: Path
    variants: dict[str, Path] = field(default_factory=dict)

    def sql(self, dialect: str | None = None) -> str:
        path = self.variants.get(dialect or "", self.path)
        return path.read_text(encoding="utf-8")

    def body(self, dialect: str | None = None) -> str:
        return strip_comments(self.sql(dialect)).strip().rstrip(";").strip()


def strip_comments(sql: str) -> str:
    """SQL without -- and /* */ comments (string literals kept intact)."""
    out, i, n = [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c == "'":
            j = i + 1
            while j < n:
                if sql[j] == "'" and (j + 1 >= n or sql[j + 1] != "'"):
                    break
                j += 2 if sql[j] == "'" else 1
            out.append(sql[i : j + 1])
            i = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _without_literals(sql: str) -> str:
    return re.sub(r"'(?:[^']|'')*'", "''", sql)


def check_read_only(sql: str, name: str = "report") -> None:
    """Refuse anything but one SELECT/WITH statement."""
    body = strip_comments(sql).strip().rstrip(";").strip()
    bare = _without_literals(body)
    if not re.match(r"^(?:select|with)\b", bare, re.I):
        raise ArchiveError(f"{name}: only SELECT or WITH queries may be run as reports")
    if ";" in bare:
        raise ArchiveError(f"{name}: a report must be a single statement")
    bad = _FORBIDDEN.search(bare)
    if bad:
        raise ArchiveError(f"{name}: {bad.group(0).upper()} is not allowed in a report")


def _parse_default(raw: str, type_: str):
    if raw == "NULL":
        return None
    if raw.startswith("'"):
        value = raw[1:-1].replace("''", "'")
        return date.fromisoformat(value) if type_ == "date" else value
    return int(raw) if type_ == "int" else float(raw)


def parse_report(path: Path) -> Report:
    meta: dict[str, str] = {}
    params: list[Parameter] = []
    last_key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            if line.strip():
                break
            continue
        if line.startswith("--   ") and last_key:
            meta[last_key] += " " + line[2:].strip()
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group("key"), m.group("value").strip()
        last_key = key if key != "param" else None
        if key == "param":
            p = _PARAM.match(value)
            if not p or p.group("type") not in PARAM_TYPES:
                raise ArchiveError(f"{path.name}: bad parameter declaration: {value!r}")
            params.append(
                Parameter(p.group("name"), p.group("type"), _parse_default(p.group("default"), p.group("type")),
                          (p.group("help") or "").strip())
            )
        else:
            meta[key] = value
    name = path.name.removesuffix(".sql")
    if "title" not in meta:
        raise ArchiveError(f"{path.name}: the header needs a '-- title:' line")
    return Report(name, meta["title"], meta.get("description", ""), tuple(params), path)


def load_reports(directory: Path = SQL_DIR) -> dict[str, Report]:
    reports: dict[str, Report] = {}
    variants: dict[str, dict[str, Path]] = {}
    for path in sorted(directory.glob("*.sql")):
        stem = path.name.removesuffix(".sql")
        if stem.endswith((".postgresql", ".sqlite")):
            base, dialect = stem.rsplit(".", 1)
            variants.setdefault(base, {})[dialect] = path
            continue
        reports[stem] = parse_report(path)
    for base, found in variants.items():
        if base in reports:
            r = reports[base]
            reports[base] = Report(r.name, r.title, r.description, r.parameters, r.path, found)
    return reports


def get_report(name: str, reports: dict[str, Report] | None = None) -> Report:
    reports = load_reports() if reports is None else reports
    if name not in reports:
        raise UnknownReport(f"no report named {name!r}; available: {', '.join(sorted(reports))}")
    return reports[name]


def bind_parameters(report: Report, given: dict[str, str]) -> dict[str, object]:
    known = {p.name: p for p in report.parameters}
    unknown = sorted(set(given) - set(known))
    if unknown:
        valid = ", ".join(f"{p.name} ({p.type})" for p in report.parameters) or "none"
        raise ReportParameterError(
            f"report {report.name!r} has no parameter {', '.join(map(repr, unknown))}; valid parameters: {valid}"
        )
    return {name: (p.convert(given[name]) if name in given else p.default) for name, p in known.items()}


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]


def run_report(engine: Engine, report: Report, given: dict[str, str]) -> Result:
    params = bind_parameters(report, given)
    sql = report.body(engine.dialect.name)
    check_read_only(sql, report.name)
    statement = text(sql).bindparams(
        *[bindparam(p.name, type_=SQL_TYPES[p.type]) for p in report.parameters if f":{p.name}" in sql]
    )
    used = {k: v for k, v in params.items() if f":{k}" in sql}
    with connect(engine) as conn:
        return run_read_only(conn, statement, used)


def run_read_only(conn: Connection, statement, params: dict) -> Result:
    """Execute a query in a read-only transaction."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
    else:
        conn.exec_driver_sql("PRAGMA query_only = ON")
    try:
        result = conn.execute(statement, params)
        return Result(list(result.keys()), [tuple(r) for r in result])
    finally:
        if conn.dialect.name != "postgresql":
            conn.exec_driver_sql("PRAGMA query_only = OFF")


# --- output ----------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, float):
        return round(value, 6)
    return value


def _cell(value) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(result: Result, fmt: str, *, max_width: int = 80) -> str:
    """JSON is an object ``{"columns": [...], "rows": [[...], ...]}`` (rows as lists, in column order)."""
    if fmt == "json":
        return json.dumps(
            {"columns": result.columns, "rows": [[_plain(v) for v in row] for row in result.rows]},
            indent=2,
            ensure_ascii=False,
        )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([[_cell(v) for v in row] for row in result.rows])
        return buffer.getvalue().rstrip("\n")
    cells = [[_cell(v).replace("\n", " ") for v in row] for row in result.rows]
    if fmt == "markdown":
        def esc(s: str) -> str:
            return s.replace("|", "\\|")

        lines = ["| " + " | ".join(esc(c) for c in result.columns) + " |",
                 "| " + " | ".join("---" for _ in result.columns) + " |"]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in cells]
        return "\n".join(lines)
    if fmt == "table":
        clipped = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
        widths = [max([len(col)] + [len(row[i]) for row in clipped]) for i, col in enumerate(result.columns)]
        line = "  ".join(col.ljust(w) for col, w in zip(result.columns, widths)).rstrip()
        lines = [line, "  ".join("-" * w for w in widths)]
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in clipped]
        lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
        return "\n".join(lines)
    raise ArchiveError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
