"""Where the archive lives: the one helper that the CLI, Alembic's env.py and the tests share.

Resolution order: an explicit URL (``archive --db URL``), else the environment variable
``ARCHIVE_DATABASE_URL``, else ``sqlite:///archive.db`` in the working directory.
"""

from __future__ import annotations

import os
import re

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from archive.errors import ConfigError

ENV_VAR = "ARCHIVE_DATABASE_URL"
DEFAULT_URL = "sqlite:///archive.db"

_SCHEME_ALIASES = {
    # SQLAlchemy's default PostgreSQL driver is psycopg2; we ship psycopg 3.
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+psycopg3": "postgresql+psycopg",
    "sqlite+pysqlite": "sqlite",
}
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def database_url(explicit: str | None = None) -> str:
    """The URL to use, as text, from the argument, the environment or the default."""
    for candidate in (explicit, os.environ.get(ENV_VAR)):
        if candidate is not None and candidate.strip():
            return candidate.strip()
    return DEFAULT_URL


def parse_url(text: str) -> URL:
    """Parse and normalise a database URL, or raise ConfigError naming the (masked) URL."""
    try:
        url = make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(
            f"invalid database URL {mask_url(text)!r}",
            hint="expected e.g. sqlite:///archive.db or postgresql://user@host/dbname",
        ) from exc
    drivername = _SCHEME_ALIASES.get(url.drivername, url.drivername)
    url = url.set(drivername=drivername)
    if url.get_backend_name() not in SUPPORTED_BACKENDS:
        raise ConfigError(
            f"unsupported database backend {url.get_backend_name()!r} in {mask_url(text)!r}",
            hint="use sqlite:///PATH or postgresql://...",
        )
    return url


_PASSWORD_IN_TEXT = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?P<tail>@)", re.I)


def mask_url(url: str | URL) -> str:
    """A URL safe to print: the password, if any, replaced by ``***``.

    Works for text that does not even parse as a URL, so error messages about bad URLs
    never leak a password either.
    """
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - masking must never fail
        return _PASSWORD_IN_TEXT.sub(r"\g<head>***\g<tail>", str(url))
