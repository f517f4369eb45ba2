"""The conflict-history archive: documents, sentences, entities, events and sourced claims in SQL."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("conflict-archive")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"
