"""Imported once by the fork server that starts the ``--jobs`` workers (``etl.job``).

Importing this module builds what extraction builds on its first document (the lexicons, the
compiled patterns, the first memo entries) by extracting a short made-up document, so that every
worker forked from the server starts with them instead of spending ~0.3 s of CPU of its own on
its first document. The made-up text exercises every stage; its results are thrown away.
"""

from __future__ import annotations

import gc

from etl.pipeline import extract
from etl.read import read_bytes

_SAMPLE = (
    "Battle of Dornovo\n\n"
    "The Battle of Dornovo was fought on 2 April 1993 near the village of Kelmar.[1] "
    "Colonel Ivan Dornov, commander of the 5th Brigade, said that 12 soldiers were killed and "
    "about 40 wounded, according to the ministry.[2]\n\n"
    "References\n\n1. Smith, John (2001). A History. p. 3.\n2. Ministry report (1993).\n"
)

try:
    extract(read_bytes(_SAMPLE.encode("utf-8")))
except Exception:  # noqa: BLE001 - only an optimisation: the fork server must start whatever happens
    pass

# What the server holds stays for good: freezing it (after collecting the sample's garbage) keeps
# the workers' collector from touching, and so copying, every page they share with the server.
gc.collect()
gc.freeze()
