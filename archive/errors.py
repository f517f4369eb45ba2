"""Small domain exceptions. The library raises these; the CLI turns them into one-line messages.

Every exception carries the process exit code the command line should use, so that the
mapping from failure to exit status lives in one place (documented in docs/guarantees.md).
"""

from __future__ import annotations

# Exit codes shared by every `archive` command.
EXIT_OK = 0
EXIT_ERROR = 1  # a user error: bad input, unknown report, bad parameter
EXIT_USAGE = 2  # Click's own code for a usage error (bad option, missing argument)
EXIT_DOCUMENTS_FAILED = 3  # the batch ran, but at least one document failed and was quarantined
EXIT_LOCKED = 4  # another nightly/load run holds the lock; nothing was done
EXIT_CONFIG = 5  # configuration or database problem: bad URL, unreachable server, schema mismatch


class ArchiveError(Exception):
    """Base class: a problem the user can act on. ``hint`` says how."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class ConfigError(ArchiveError):
    """The database URL or another setting is unusable."""

    exit_code = EXIT_CONFIG


class DatabaseUnavailable(ConfigError):
    """The database server cannot be reached or refused the connection."""


class SchemaError(ConfigError):
    """The database schema is not at the revision this code expects."""


class LockHeld(ArchiveError):
    """Another run holds the archive's job lock."""

    exit_code = EXIT_LOCKED


class InputRejected(ArchiveError):
    """A document could not be read: empty, binary, unreadable, too large..."""


class UnknownReport(ArchiveError):
    """No canned report has that name."""


class ReportParameterError(ArchiveError):
    """A report parameter is unknown or has a bad value."""


class SearchSyntaxError(ArchiveError):
    """The full-text search expression could not be parsed."""
