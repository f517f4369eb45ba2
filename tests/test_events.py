"""Events stated by dates (etl/events.py), through the pure pipeline, on made-up text."""

from __future__ import annotations

from etl.pipeline import extract
from etl.types import ReadDocument


def extraction_of(text: str, title: str | None = None):
    return extract(ReadDocument(raw=text.encode("utf-8"), sha256="0" * 64, text=text, encoding="utf-8",
                                encoding_warning=None, media_type="text/plain", genre="other", title=title))


def events_and_places(text: str) -> dict[str, tuple[str, set[str]]]:
    """event name -> (EDTF of its dates, names of its places)"""
    ex = extraction_of(text)
    names = {e.key: e.name for e in ex.entities}
    out: dict[str, tuple[str, set[str]]] = {}
    for d in ex.event_dates:
        out[names[d.event_key]] = (d.date.value.edtf, set())
    for p in ex.event_places:
        if names[p.event_key] in out:
            out[names[p.event_key]][1].add(names[p.place_key])
    return out


def test_one_trigger_with_several_dated_objects_makes_one_event_per_object():
    text = ("Background\n\nThe offensive began in July 1917. The Vessian army recaptured the town of Dornovo "
            "on 5 August and the village of Kelmar on 23 August.\n")
    captures = {k: v for k, v in events_and_places(text).items() if k.startswith("capture")}
    assert captures == {
        "capture of Dornovo (1917)": ("1917-08-05", {"Dornovo"}),
        "capture of Kelmar (1917)": ("1917-08-23", {"Kelmar"}),
    }


def test_a_single_date_keeps_the_places_near_its_trigger():
    text = "Background\n\nThe rebel column marched from Dornovo to Kelmar in the summer of 1917.\n"
    found = events_and_places(text)
    assert len(found) == 1
    ((name, (edtf, places)),) = found.items()
    assert edtf.startswith("1917") and places == {"Dornovo", "Kelmar"}
