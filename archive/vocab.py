"""Controlled vocabularies. The database enforces them with named CHECK constraints.

Changing a tuple here changes the CHECK constraints, so it needs a new migration.
"""

from __future__ import annotations

ENTITY_KINDS = ("person", "unit", "place", "event")

# What a claim measures. DESIGN.md's list; `count` is the catch-all for countable things.
PREDICATES = (
    "killed",
    "wounded",
    "missing",
    "hostages",
    "displaced",
    "resettled",
    "population",
    "area_km2",
    "elevation_m",
    "strength",
    "destroyed",
    "cost",
    "count",
)

# How the text qualifies a figure. `range` for low-high pairs, `exact` when unqualified.
HEDGES = (
    "approximately",
    "at least",
    "at most",
    "as many as",
    "over",
    "nearly",
    "estimated",
    "reportedly",
    "range",
    "exact",
)

EVENT_TYPES = (
    "offensive",
    "battle",
    "capture",
    "attack",
    "massacre",
    "bombardment",
    "withdrawal",
    "evacuation",
    "resolution",
    "decree",
    "agreement",
    "ceasefire",
    "handover",
    "resettlement",
    "trial",
    "deportation",
    "other",
)

PARTICIPANT_ROLES = (
    "commander",
    "attacker",
    "defender",
    "signatory",
    "victim",
    "mediator",
    "perpetrator",
    "participant",
)

PLACE_TYPES = (
    "country",
    "region",
    "province",
    "district",
    "city",
    "town",
    "village",
    "settlement",
    "capital",
    "mountain",
    "range",
    "pass",
    "river",
    "lake",
    "valley",
    "plain",
    "gorge",
    "corridor",
    "road",
    "fortress",
    "monastery",
    "spring",
    "place",
)

# What a segment of a document is. Only `sentence` (and `heading`) is body text that the
# recognisers read; captions are read for entities but never credits or reference entries.
SEGMENT_KINDS = (
    "title",
    "header",
    "byline",
    "dateline",
    "heading",
    "sentence",
    "caption",
    "credit",
    "footer",
    "reference",
)

GENRES = ("extract", "encyclopedia", "news", "other")

MEDIA_TYPES = ("text/plain", "text/markdown", "text/html")

SOURCE_KINDS = ("document", "reference")

ALIAS_ORIGINS = ("mention", "declared", "curated", "admin")

# An event attestation either dates the whole happening (`span`) or a decisive moment of it
# (`point`: the day a town fell). Disagreements are only looked for between like kinds.
DATE_KINDS = ("span", "point")

RUN_COMMANDS = ("load", "nightly", "reprocess")
RUN_STATUSES = ("running", "succeeded", "partial", "failed", "interrupted")
DOCUMENT_OUTCOMES = ("new", "changed", "unchanged", "failed", "skipped", "reprocessed")

LIST_SEPARATOR = "; "  # how views join text lists (aliases, participants, citations...)
