"""Configuration: where the URL comes from, and that a password is never shown."""

from __future__ import annotations

import pytest

from archive.config import DEFAULT_URL, ENV_VAR, database_url, mask_url, parse_url
from archive.errors import ConfigError


def test_url_order(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert database_url() == DEFAULT_URL == "sqlite:///archive.db"
    monkeypatch.setenv(ENV_VAR, "sqlite:///env.db")
    assert database_url() == "sqlite:///env.db"
    assert database_url("sqlite:///explicit.db") == "sqlite:///explicit.db"
    monkeypatch.setenv(ENV_VAR, "  ")
    assert database_url() == DEFAULT_URL


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://alice:s3cr3t@db.example/archive",
        "postgresql+psycopg://alice:s3cr3t@db.example:5432/archive?sslmode=require",
        "postgres://alice:s3cr3t@db.example/archive",
        "not a url://alice:s3cr3t@host",  # does not even parse
        "postgresql://alice:s3cr3t@/archive?host=/tmp",
    ],
)
def test_mask_url_hides_password(url):
    masked = mask_url(url)
    assert "s3cr3t" not in masked
    assert "alice" in masked


def test_postgres_scheme_uses_psycopg3():
    assert parse_url("postgresql://u@h/d").drivername == "postgresql+psycopg"
    assert parse_url("postgres://u@h/d").drivername == "postgresql+psycopg"
    assert parse_url("sqlite:///x.db").drivername == "sqlite"


@pytest.mark.parametrize("url", ["mysql://u:pw@h/d", "://nothing", "http://example.com"])
def test_bad_urls_are_config_errors(url):
    with pytest.raises(ConfigError) as info:
        parse_url(url)
    assert "pw" not in str(info.value)
