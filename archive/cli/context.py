"""What every command shares: the database URL and a lazily created engine."""

from __future__ import annotations

from sqlalchemy import Engine

from archive.config import database_url, mask_url, parse_url
from archive.db import check_connection, make_engine
from archive.migrate import SchemaState, ensure_schema


class AppContext:
    def __init__(self, db_url: str | None):
        self.url_text = database_url(db_url)
        self._engine: Engine | None = None

    @property
    def masked_url(self) -> str:
        return mask_url(self.url_text)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(parse_url(self.url_text))
        return self._engine

    @property
    def backend(self) -> str:
        return parse_url(self.url_text).get_backend_name()

    def ready_engine(self, *, auto_upgrade: bool = True) -> Engine:
        """The engine, connected once and with the schema at head (see archive.migrate)."""
        engine = self.engine
        check_connection(engine)
        self.schema = ensure_schema(engine, auto_upgrade=auto_upgrade)
        return engine

    schema: SchemaState | None = None

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
