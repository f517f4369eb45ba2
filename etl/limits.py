"""Bounds on the work one document may cause, so that hostile input cannot hang a run.

Each limit is named in the error or warning it causes; administrators can raise them with the
environment variables given (read once, at import).
"""

from __future__ import annotations

import os


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


# A file larger than this is rejected before it is read into memory.
MAX_FILE_BYTES = _env_int("ARCHIVE_MAX_FILE_BYTES", 64 * 1024 * 1024)
# A sentence longer than this is cut into pieces of at most this many characters (at
# whitespace when possible), so every later stage works on bounded input.
MAX_SEGMENT_CHARS = _env_int("ARCHIVE_MAX_SEGMENT_CHARS", 5_000)
# More citation markers than this in one segment: the document is rejected (it is not prose).
MAX_MARKERS_PER_SEGMENT = _env_int("ARCHIVE_MAX_MARKERS_PER_SEGMENT", 500)
# More numbers than this in one segment: its claims are not extracted (a warning says so).
MAX_NUMBERS_PER_SEGMENT = _env_int("ARCHIVE_MAX_NUMBERS_PER_SEGMENT", 200)
# More segments than this in one document: the document is rejected.
MAX_SEGMENTS_PER_DOCUMENT = _env_int("ARCHIVE_MAX_SEGMENTS_PER_DOCUMENT", 200_000)
