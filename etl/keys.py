"""The stored match keys of cross-document linking (columns of ``entities``, ``aliases`` and
``persons``, see migration 0004), computed in one place so that the writer, the admin
commands and the migration's backfill agree.

* ``entities.folded`` / ``aliases.folded``: ``fold(name)``;
* ``entities.skeleton`` / ``aliases.skeleton``: ``skeleton(name)``, or NULL when it is shorter
  than ``MIN_SKELETON`` (too short to be evidence of identity, so never looked up);
* ``persons.surname_folded``: ``fold(surname)``; ``persons.given_folded``: the first word of
  ``fold(given_name)``.
"""

from __future__ import annotations

from etl.names import MIN_SKELETON, fold, skeleton

MAX_NAME = 400  # the width of name columns


def folded_key(name: str) -> str:
    return fold(name)[:MAX_NAME]


def match_skeleton(name: str | None) -> str | None:
    if not name:
        return None
    key = skeleton(name)
    return key[:MAX_NAME] if len(key) >= MIN_SKELETON else None


def person_keys(given: str | None, surname: str | None) -> tuple[str | None, str | None]:
    """(given_folded, surname_folded) of a person's given name and surname."""
    given_words = fold(given).split() if given else []
    surname_key = fold(surname) if surname else ""
    return (given_words[0][:200] if given_words else None, surname_key[:200] or None)
