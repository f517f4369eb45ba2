"""The date normaliser (etl.dates): every form the issue lists, implied years, non-dates, the
sample documents, and property tests validated by the independent ``edtf`` package."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import edtf
import pytest
from dateutil import parser as dateutil_parser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.dates import NarrativeClock, _dateutil_parse, find_dates, parse_date
from etl.types import DateMention, DateValue

ROOT = Path(__file__).resolve().parent.parent
PRECISIONS = {"day", "month", "season", "year", "decade", "century", "range"}


def anchored(*expressions: str, publication: date | None = None) -> NarrativeClock:
    """A clock that has read ``expressions`` (each a date expression) in this order."""
    clock = NarrativeClock(publication)
    for expression in expressions:
        value = parse_date(expression, clock=clock)
        assert value is not None, expression
        clock.observe(value)
    return clock


def edtf_of(expression: str, clock: NarrativeClock | None = None) -> str | None:
    value = parse_date(expression, clock=clock)
    return None if value is None else value.edtf


@lru_cache(maxsize=None)
def edtf_bounds(text: str) -> tuple[date, date] | None:
    """What the ``edtf`` package says ``text`` spans (None if it cannot say in ``date``s)."""
    parsed = edtf.parse_edtf(text)  # raises on invalid EDTF
    lower, upper = parsed.lower_strict(), parsed.upper_strict()
    if lower.tm_year < 1 or upper.tm_year < 1:
        return None
    return date(*lower[:3]), date(*upper[:3])


def assert_valid(value: DateValue) -> None:
    assert value.start <= value.end, value
    assert value.precision in PRECISIONS, value
    assert edtf_bounds(value.edtf) == (value.start, value.end), value


# --- every form, exactly -----------------------------------------------------------------------

# The clock for the yearless forms: the narrative has reached 1993.
IN_1993 = ("1993",)

FORMS = [
    # (expression, edtf, start, end, precision)
    # full dates in both orders
    ("March 27, 1993", "1993-03-27", "1993-03-27", "1993-03-27", "day"),
    ("27 March 1993", "1993-03-27", "1993-03-27", "1993-03-27", "day"),
    ("on 27th March, 1993", "1993-03-27", "1993-03-27", "1993-03-27", "day"),
    ("the 28th of March 1993", "1993-03-28", "1993-03-28", "1993-03-28", "day"),
    ("April 2 in 1993", "1993-04-02", "1993-04-02", "1993-04-02", "day"),
    ("Sept. 5, 1993", "1993-09-05", "1993-09-05", "1993-09-05", "day"),
    ("Jun 22, 2025", "2025-06-22", "2025-06-22", "2025-06-22", "day"),
    ("Wednesday, November 25, 2020", "2020-11-25", "2020-11-25", "2020-11-25", "day"),
    ("29 February 1992", "1992-02-29", "1992-02-29", "1992-02-29", "day"),
    ("1993-04-02", "1993-04-02", "1993-04-02", "1993-04-02", "day"),
    ("02.04.1993", "1993-04-02", "1993-04-02", "1993-04-02", "day"),
    ("(01.01.2020)", "2020-01-01", "2020-01-01", "2020-01-01", "day"),
    # month-year, year
    ("April 1993", "1993-04", "1993-04-01", "1993-04-30", "month"),
    ("February 1988", "1988-02", "1988-02-01", "1988-02-29", "month"),
    ("in March of 1993", "1993-03", "1993-03-01", "1993-03-31", "month"),
    ("in 1993", "1993", "1993-01-01", "1993-12-31", "year"),
    ("1993", "1993", "1993-01-01", "1993-12-31", "year"),
    # ranges
    ("12 June – 23 July 1993", "1993-06-12/1993-07-23", "1993-06-12", "1993-07-23", "range"),
    ("between 1988 and 1990", "1988/1990", "1988-01-01", "1990-12-31", "range"),
    ("From 29 June to 18 August 1995", "1995-06-29/1995-08-18", "1995-06-29", "1995-08-18",
     "range"),
    ("1993–1994", "1993/1994", "1993-01-01", "1994-12-31", "range"),
    ("1993–94", "1993/1994", "1993-01-01", "1994-12-31", "range"),
    ("1993/94", "1993/1994", "1993-01-01", "1994-12-31", "range"),
    ("1999–00", "1999/2000", "1999-01-01", "2000-12-31", "range"),
    ("1868-1870", "1868/1870", "1868-01-01", "1870-12-31", "range"),
    ("May 8–9, 1992", "1992-05-08/1992-05-09", "1992-05-08", "1992-05-09", "range"),
    ("8–9 May 1992", "1992-05-08/1992-05-09", "1992-05-08", "1992-05-09", "range"),
    ("3–4 October 1993", "1993-10-03/1993-10-04", "1993-10-03", "1993-10-04", "range"),
    ("from March 27 to April 2, 1993", "1993-03-27/1993-04-02", "1993-03-27", "1993-04-02",
     "range"),
    ("March and April 1993", "1993-03/1993-04", "1993-03-01", "1993-04-30", "range"),
    ("February-March 1993", "1993-02/1993-03", "1993-02-01", "1993-03-31", "range"),
    ("Between November 1992 and February 1993", "1992-11/1993-02", "1992-11-01", "1993-02-28",
     "range"),
    ("November 1992-February, 1993", "1992-11/1993-02", "1992-11-01", "1993-02-28", "range"),
    ("28 December – 6 February 1994", "1993-12-28/1994-02-06", "1993-12-28", "1994-02-06",
     "range"),
    ("From July 1923 until 1929", "1923-07/1929", "1923-07-01", "1929-12-31", "range"),
    ("late March–early April 1993", "1993-03-21/1993-04-10", "1993-03-21", "1993-04-10",
     "range"),
    ("from the late 1980s to the early 1990s", "1987/1993", "1987-01-01", "1993-12-31",
     "range"),
    # seasons: EDTF season codes, winter as a month interval across the year boundary
    ("in the summer of 1993", "1993-22", "1993-06-01", "1993-08-31", "season"),
    ("spring 1993", "1993-21", "1993-03-01", "1993-05-31", "season"),
    ("autumn 1993", "1993-23", "1993-09-01", "1993-11-30", "season"),
    ("the fall of 1993", "1993-23", "1993-09-01", "1993-11-30", "season"),
    ("winter 1993–1994", "1993-12/1994-02", "1993-12-01", "1994-02-28", "season"),
    ("winter 1993", "1993-12/1994-02", "1993-12-01", "1994-02-28", "season"),
    ("the winter of 1991–1992", "1991-12/1992-02", "1991-12-01", "1992-02-29", "season"),
    ("winter of 1993/94", "1993-12/1994-02", "1993-12-01", "1994-02-28", "season"),
    ("early summer 1993", "1993-06", "1993-06-01", "1993-06-30", "month"),
    ("late winter 1993", "1994-02", "1994-02-01", "1994-02-28", "month"),
    # parts of a month, a year, a decade, a century
    ("late March 1993", "1993-03-21/1993-03-31", "1993-03-21", "1993-03-31", "range"),
    ("mid-March 1993", "1993-03-11/1993-03-20", "1993-03-11", "1993-03-20", "range"),
    ("early-February 1994", "1994-02-01/1994-02-10", "1994-02-01", "1994-02-10", "range"),
    ("the end of February 1992", "1992-02-21/1992-02-29", "1992-02-21", "1992-02-29", "range"),
    ("the first half of March 1993", "1993-03-01/1993-03-15", "1993-03-01", "1993-03-15",
     "range"),
    ("mid-2025", "2025-05/2025-08", "2025-05-01", "2025-08-31", "range"),
    ("early 1993", "1993-01/1993-04", "1993-01-01", "1993-04-30", "range"),
    ("late 1992", "1992-09/1992-12", "1992-09-01", "1992-12-31", "range"),
    ("the second half of 1993", "1993-07/1993-12", "1993-07-01", "1993-12-31", "range"),
    ("the late 1980s", "1987/1989", "1987-01-01", "1989-12-31", "range"),
    ("the early 2010s", "2010/2013", "2010-01-01", "2013-12-31", "range"),
    ("the mid-1990s", "1994/1996", "1994-01-01", "1996-12-31", "range"),
    ("the 1930s", "193X", "1930-01-01", "1939-12-31", "decade"),
    ("the 1990's", "199X", "1990-01-01", "1999-12-31", "decade"),
    ("the 2000s", "200X", "2000-01-01", "2009-12-31", "decade"),
    ("the 1820s–1890s", "182X/189X", "1820-01-01", "1899-12-31", "range"),
    ("the 1980s and 1990s", "198X/199X", "1980-01-01", "1999-12-31", "range"),
    ("the late 19th century", "1867/1899", "1867-01-01", "1899-12-31", "range"),
    ("the early 20th century", "1900/1932", "1900-01-01", "1932-12-31", "range"),
    ("the second half of the 19th century", "1850/1899", "1850-01-01", "1899-12-31", "range"),
    # centuries: the conventional "(n-1)00s"
    ("13th century", "12XX", "1200-01-01", "1299-12-31", "century"),
    ("9th century", "08XX", "0800-01-01", "0899-12-31", "century"),
    ("the twelfth-century", "11XX", "1100-01-01", "1199-12-31", "century"),
    ("XIII century", "12XX", "1200-01-01", "1299-12-31", "century"),
    ("4th century AD", "03XX", "0300-01-01", "0399-12-31", "century"),
    ("21st century", "20XX", "2000-01-01", "2099-12-31", "century"),
    ("1st century", "0001/0099", "0001-01-01", "0099-12-31", "century"),
    ("the 1800s", "18XX", "1800-01-01", "1899-12-31", "century"),
    ("VIII-XIII centuries", "07XX/12XX", "0700-01-01", "1299-12-31", "range"),
    ("13th and 14th centuries", "12XX/13XX", "1200-01-01", "1399-12-31", "range"),
    ("13-14th centuries", "12XX/13XX", "1200-01-01", "1399-12-31", "range"),
    ("from the 11th to 17th centuries", "10XX/16XX", "1000-01-01", "1699-12-31", "range"),
    ("between the 13th and 14th centuries", "12XX/13XX", "1200-01-01", "1399-12-31", "range"),
    # circa, eras
    ("circa 1747", "1747~", "1747-01-01", "1747-12-31", "year"),
    ("c. 1747", "1747~", "1747-01-01", "1747-12-31", "year"),
    ("AD 950", "0950", "0950-01-01", "0950-12-31", "year"),
    ("950 AD", "0950", "0950-01-01", "0950-12-31", "year"),
    ("in the year 950", "0950", "0950-01-01", "0950-12-31", "year"),
    # implied years, from a clock that has reached 1993
    ("15 December", "1993-12-15", "1993-12-15", "1993-12-15", "day"),
    ("on 6 February", "1993-02-06", "1993-02-06", "1993-02-06", "day"),
    ("April 14", "1993-04-14", "1993-04-14", "1993-04-14", "day"),
    ("late March", "1993-03-21/1993-03-31", "1993-03-21", "1993-03-31", "range"),
    ("mid-November", "1993-11-11/1993-11-20", "1993-11-11", "1993-11-20", "range"),
    ("in March", "1993-03", "1993-03-01", "1993-03-31", "month"),
    ("from 29 June to 18 August", "1993-06-29/1993-08-18", "1993-06-29", "1993-08-18", "range"),
    ("8–9 May", "1993-05-08/1993-05-09", "1993-05-08", "1993-05-09", "range"),
]
YEARLESS = {
    "15 December", "on 6 February", "April 14", "late March", "mid-November", "in March",
    "from 29 June to 18 August", "8–9 May",
}


@pytest.mark.parametrize(("expression", "edtf_", "start", "end", "precision"), FORMS)
def test_every_form(expression, edtf_, start, end, precision):
    value = parse_date(expression, clock=anchored(*IN_1993))
    assert value is not None, expression
    assert (value.edtf, value.start.isoformat(), value.end.isoformat(), value.precision) == (
        edtf_, start, end, precision,
    )
    assert value.year_inferred == (expression in YEARLESS)
    assert_valid(value)


@pytest.mark.parametrize("expression", sorted(YEARLESS))
def test_yearless_needs_context(expression):
    assert parse_date(expression) is None


@pytest.mark.parametrize(
    "expression",
    [
        "4th century BCE",  # datetime.date has no BCE years: not a date, and not 03XX either
        "300 BC",
        "the 4th century BCE to the 8th century CE",
        "1200–1100 BC",
        "31 April 1993",  # impossible dates
        "29 February 1993",
        "30 February",
        "winter 1993–1995",  # not consecutive years
        "summer 1993–1994",
        "1994–1993",  # backwards
        "2 or 3 April 1993",  # two dates, not one expression
        "the offensive of 1993",  # not an expression
        "145",
        "950",
        "",
        "   ",
    ],
)
def test_not_one_date(expression):
    assert parse_date(expression, clock=anchored(*IN_1993)) is None


def test_bce_span_is_consumed_not_misread():
    text = "from roughly the 4th century BCE to the 8th century CE, and II c. BC ruins"
    assert find_dates(text) == []


# --- the one dateutil wrapper -------------------------------------------------------------------


def test_dateutil_wrapper_policy():
    assert _dateutil_parse("02.04.1993") == date(1993, 4, 2)  # day first
    assert _dateutil_parse("1993-04-02") == date(1993, 4, 2)  # ISO is year first
    assert _dateutil_parse("31 April 1993") is None
    assert _dateutil_parse("29 February 1993") is None
    assert _dateutil_parse("29 February") == date(2000, 2, 29)  # yearless: a leap default
    assert _dateutil_parse("the offensive") is None  # no fuzzy guessing
    assert _dateutil_parse("27 March", date(1994, 1, 1)) == date(1994, 3, 27)


@settings(max_examples=300, deadline=None)
@given(
    day=st.none() | st.integers(1, 31),
    suffix=st.sampled_from(["", "st", "th"]),
    month=st.sampled_from(["January", "Feb", "Feb.", "Sept.", "sep", "May", "june", "Foo"]),
    year=st.none() | st.integers(1000, 2099),
    default=st.dates(date(1000, 1, 1), date(2099, 12, 31)),
)
def test_dateutil_fast_path_agrees_with_the_general_parser(day, suffix, month, year, default):
    """The wrapper reads "D Month YYYY" with dateutil's month table and ISO parser (fast);
    the result is what dateutil's general parser (with the same policy) gives."""
    text = " ".join(p for p in (f"{day}{suffix}" if day else None, month, year and str(year)) if p)
    try:
        general = dateutil_parser.parse(
            text, default=datetime(default.year, default.month, default.day), dayfirst=True
        ).date()
    except ValueError:
        general = None
    assert _dateutil_parse(text, default) == general


# --- not dates -----------------------------------------------------------------------------------

NOT_DATES = [
    "Kalbajar District consists of 145 villages.",
    "It encompasses 3,054 square kilometers.",
    "The average elevation reaches approximately 1,639 meters.",
    "Average elevation: 1639 m",
    "The UNSC passed Resolution 822, demanding withdrawal.",
    "No return occurred during the 27 years of occupation.",
    "The document ceased the 44-day-long hostilities.",
    "but lost it two days later, and ten days later too",
    "dating back to more than 30,000 years ago, 6,000-year-old rock carvings",
    "settlements dating back 27 years ago",
    "An ultimatum was placed until 2 pm of the following day.",
    "the commander of the 701st Motorised Rifle Brigade",
    "Its population was approximately 76% ethnic Armenian; 51% in Lachin.",
    "exploited gold worth $302 million and $1993 more",
    "they encountered a GAZ-52 transport truck",
    "Four Azerbaijani Mi-8 helicopters crashed.",
    "bombarded them with BM-21 Grad missiles",
    "as the source says [1993] here",
    "over 1,500 soldiers and 2000 troops",
    "reinforced by 2000 troops",
    "a population of 1500 and a force of 2000",
    "a 1500-year-old church",
    "from 1200 to 1500 men",
    "Casualties: 1000–2000",
    "pp. 1201–1250",
    "Strength2: 2,000–2,500 defenders",
    "Casualties2: 315–2,000 killed",
    "in high altitudes and harsh winter conditions",
    "nearly impassable in the winter and early spring",
    "March on Baku, they said; May God help them; June Smith agreed.",
    "Kəlbəcər şəhəri 1993-cü il aprel ayının 3-də",
    "the late President said in the early afternoon",
    "every year since the second half of the war",
    "The Azerbaijani army entered the district on Friday.",  # a weekday needs a publication
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text):
    assert find_dates(text, clock=anchored(*IN_1993)) == []


def test_only_the_year_of_a_resolution_is_a_date():
    found = find_dates("UN Security Council resolutions, including 822 (1993) and 853 (1993)")
    assert [(m.text, m.value.edtf) for m in found] == [("1993", "1993"), ("1993", "1993")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It erupted in 1988 amid tensions.", [("1988", "1988")]),
        ("Battle of Mogadishu (1993)", [("1993", "1993")]),
        ("The 1926 Soviet census recorded it.", [("1926", "1926")]),
        ("during the 1937 Great Purge", [("1937", "1937")]),
        ("in 1991, 1992 and 1993", [("1991", "1991"), ("1992", "1992"), ("1993", "1993")]),
        ("in 1992 or 1993", [("1992", "1992"), ("1993", "1993")]),
        ("in pre-1990 borders, post-2020 surveys", [("1990", "1990"), ("2020", "2020")]),
        ("as late as 2013, with 27 families", [("2013", "2013")]),
        ("by 1989, in 124 settlements", [("1989", "1989")]),
        ("the master plan extends to 2040", [("2040", "2040")]),
        ("around 1993", [("1993", "1993")]),
        ("on 8 May and 18 May 1992", [("8 May", "1992-05-08"), ("18 May 1992", "1992-05-18")]),
        ("captured on 2 or 3 April 1993", [("2", "1993-04-02"), ("3 April 1993", "1993-04-03")]),
        ("on 15.12.1993 and 1993-12-16", [("15.12.1993", "1993-12-15"),
                                          ("1993-12-16", "1993-12-16")]),
    ],
)
def test_years_with_context(text, expected):
    assert [(m.text, m.value.edtf) for m in find_dates(text)] == expected


def test_spans_leave_out_prepositions_and_articles():
    text = "Huseynov marched in the summer of 1993, during the late 1980s, on 6 February 1994."
    found = find_dates(text, offset=100)
    assert [m.text for m in found] == ["summer of 1993", "late 1980s", "6 February 1994"]
    for m in found:
        assert text[m.start - 100 : m.end - 100] == m.text
        assert isinstance(m, DateMention) and m.rule.startswith("date.")


# --- implied years ---------------------------------------------------------------------------


def test_winter_offensive_narrative_crosses_the_year():
    """Operation Kalbajar: the offensive began in December 1993; 6 February is 1994."""
    clock = NarrativeClock()
    sentences = [
        "The military operation began with an Azerbaijani offensive in December 1993 along "
        "the entire northern front.",
        "The 5th Battalion launched Operation Meydanchay on 28 December, moving towards the "
        "Meydan Plain.",
        "Nevertheless, on 6 February, the Armenian forces captured Chichakli, but lost it two "
        "days later.",
        "In mid-February the battalions withdrew.",
    ]
    found = [m for s in sentences for m in find_dates(s, clock=clock)]
    assert [(m.text, m.value.edtf, m.value.year_inferred) for m in found] == [
        ("December 1993", "1993-12", False),
        ("28 December", "1993-12-28", True),
        ("6 February", "1994-02-06", True),
        ("mid-February", "1994-02-11/1994-02-20", True),
    ]


@pytest.mark.parametrize(
    ("seen", "expression", "expected"),
    [
        (("28 December 1993",), "6 February", "1994-02-06"),
        (("April 30, 1993",), "April 14", "1993-04-14"),  # a small step back stays
        (("18 May 1992",), "in March", "1993-03"),  # a big step back is next year
        (("18 May 1992",), "late March", "1993-03-21/1993-03-31"),
        (("summer of 1993",), "15 December", "1993-12-15"),
        (("December 1993",), "28 December", "1993-12-28"),
        (("winter 1993–1994",), "6 February", "1994-02-06"),
        (("1993",), "15 December", "1993-12-15"),  # a year anchor covers its whole year
        (("1993",), "in March", "1993-03"),
        (("5 January 1994",), "28 December", "1993-12-28"),  # a few days back
        (("28 December 1993",), "29 February", None),  # 1994 has no 29 February
        (("28 December 1995",), "29 February", "1996-02-29"),
    ],
)
def test_narrative_year(seen, expression, expected):
    value = parse_date(expression, clock=anchored(*seen))
    assert (value.edtf if value else None) == expected
    if value is not None:
        assert value.year_inferred


def test_parse_date_reads_the_clock_but_does_not_move_it():
    clock = anchored("28 December 1993")
    assert edtf_of("6 February", clock) == "1994-02-06"
    assert clock.latest.edtf == "1993-12-28"


def test_find_dates_moves_the_clock_in_reading_order():
    clock = NarrativeClock()
    find_dates("On 18 May 1992 Lachin fell; the offensive for Kalbajar began in March", clock=clock)
    assert clock.latest == DateValue("1993-03", date(1993, 3, 1), date(1993, 3, 31), True, "month")
    assert [m.value.edtf for m in find_dates("and in April it fell.", clock=clock)] == ["1993-04"]


NEWS_DAY = date(2020, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    ("seen", "expression", "expected"),
    [
        ((), "November 25", "2020-11-25"),  # the day before publication
        ((), "November 9", "2020-11-09"),
        ((), "September 27", "2020-09-27"),
        ((), "December 5", "2020-12-05"),  # a little ahead: announced events
        ((), "January 10", "2021-01-10"),
        ((), "March", "2020-03"),  # otherwise the past
        ((), "late October", "2020-10-21/2020-10-31"),
        ((), "Wednesday", "2020-11-25"),  # the latest Wednesday on or before publication
        ((), "Thursday", "2020-11-26"),
        ((), "Friday", "2020-11-20"),
        (("April 2, 1993",), "April 5", "1993-04-05"),  # a fine narrative anchor wins
        (("April 2, 1993", "1991–1994", "1993"), "November 9", "2020-11-09"),  # a coarse one not
        (("June 25, 2024",), "November 9", "2020-11-09"),  # nor one after publication
        # after a date of this week, a month more than 60 days ahead is the last one ("Since the
        # offensive began in March"), as with no anchor
        (("November 25",), "March", "2020-03"),
        (("November 25",), "December 20", "2020-12-20"),  # (a little ahead still)
    ],
)
def test_news_year_from_publication(seen, expression, expected):
    value = parse_date(expression, clock=anchored(*seen, publication=NEWS_DAY))
    assert value is not None and value.edtf == expected and value.year_inferred


def test_news_weekdays_in_context():
    clock = NarrativeClock(NEWS_DAY)
    text = "The armed forces of Azerbaijan entered on Wednesday the district of Kalbajar."
    assert [(m.text, m.value.edtf, m.rule) for m in find_dates(text, clock=clock)] == [
        ("Wednesday", "2020-11-25", "date.weekday")
    ]
    assert find_dates("Wednesday's address", clock=clock) == []  # no "on/since/..." before it
    assert find_dates("The army entered on Wednesday.") == []  # no publication date


@pytest.mark.parametrize("month", range(1, 13))
def test_clock_without_context_infers_nothing(month):
    clock = NarrativeClock()
    assert clock.year_for(month) is None
    assert clock.weekday_date(2) is None


def test_clock_at_the_edges_of_the_calendar():
    for anchor in (date.min, date.max, date(1, 3, 1), date(9999, 11, 30)):
        clock = NarrativeClock(anchor)
        for month in (1, 12):
            year = clock.year_for(month, 31)
            assert year is None or 1 <= year <= 9999
        clock.observe(DateValue("x", anchor, anchor))
        for month in (1, 12):
            year = clock.year_for(month, 31)
            assert year is None or 1 <= year <= 9999
    assert NarrativeClock().year_for(13) is None


# --- the sample documents ----------------------------------------------------------------------


def sentences(text: str):
    """(offset, sentence) pairs: split on ". " and newlines, as a stand-in for the segmenter."""
    for m in re.finditer(r"[^\n]+", text):
        start = m.start()
        for piece in re.split(r"(?<=\. )", m.group()):
            if piece:
                yield start, piece
            start += len(piece)


DOCUMENTS = {
    "corpus/000_f15b69dfdb06d471.txt": (None, [
        ("summer of 1993", "1993-22"), ("15 December", "1993-12-15"),
        ("between 1988 and 1990", "1988/1990"), ("18 May 1992", "1992-05-18"),
        ("March", "1993-03"), ("April", "1993-04"), ("30 April", "1993-04-30"),
        ("early-February 1994", "1994-02-01/1994-02-10"), ("December 1993", "1993-12"),
        ("28 December", "1993-12-28"), ("6 February", "1994-02-06"),
        ("From 29 June to 18 August 1995", "1995-06-29/1995-08-18"),
    ]),
    "corpus/001_eb62a80a9b1334a8.txt": (None, [
        ("March and April 1993", "1993-03/1993-04"), ("1992", "1992"),
        ("April 3, 1993", "1993-04-03"), ("winter 1993–1994", "1993-12/1994-02"),
        ("November 25, 2020", "2020-11-25"), ("late 1980s", "1987/1989"), ("1991", "1991"),
        ("February 1988", "1988-02"), ("May 9, 1992", "1992-05-09"),
        ("summer of 1992", "1992-22"), ("October 1992", "1992-10"),
        ("February-March 1993", "1993-02/1993-03"), ("January 1993", "1993-01"),
        ("late March", "1993-03-21/1993-03-31"), ("March 27", "1993-03-27"),
        ("March 29", "1993-03-29"), ("April 1", "1993-04-01"), ("April 2", "1993-04-02"),
        ("April 30, 1993", "1993-04-30"), ("April 14", "1993-04-14"), ("May 6", "1993-05-06"),
        ("April 12, 1993", "1993-04-12"), ("June 1993", "1993-06"),
    ]),
    "corpus/002_4d65755800a609eb.txt": (None, [
        ("late 1980s", "1987/1989"), ("February 1988", "1988-02"), ("April 1993", "1993-04"),
        ("late March", "1993-03-21/1993-03-31"), ("March 27", "1993-03-27"),
        ("April 30, 1993", "1993-04-30"), ("May 6", "1993-05-06"),
    ]),
    "corpus/003_5d65ebbd65e26610.txt": (date(2020, 11, 26), [
        ("November 26, 2020", "2020-11-26"), ("November 25, 2020", "2020-11-25"),
        ("Wednesday", "2020-11-25"), ("November 9", "2020-11-09"),
        ("April 2 in 1993", "1993-04-02"), ("1991-1994", "1991/1994"), ("1993", "1993"),
        ("1991", "1991"), ("1994", "1994"), ("September 27", "2020-09-27"),
        ("November 20", "2020-11-20"), ("November 15", "2020-11-15"),
        ("November 25", "2020-11-25"), ("VIII-XIII centuries", "07XX/12XX"), ("2007", "2007"),
    ]),
    "corpus/004_dcef0f886da3f3c8.txt": (None, [
        ("2 April 1993", "1993-04-02"), ("25 November 2020", "2020-11-25"),
        ("2020-2023", "2020/2023"), ("from 1993 to 2020", "1993/2020"),
        ("20th-century", "19XX"), ("7th century CE", "06XX"),
        ("from the 11th to 17th centuries", "10XX/16XX"), ("9th century", "08XX"),
        ("18th century", "17XX"), ("circa 1747", "1747~"), ("1805", "1805"),
        ("from the 1820s–1890s", "182X/189X"), ("late 19th century", "1867/1899"),
        ("April 1920", "1920-04"), ("1930s", "193X"), ("1926", "1926"),
        ("July 7, 1923", "1923-07-07"), ("May 30, 1930", "1930-05-30"), ("1979", "1979"),
        ("1937", "1937"), ("late 1992", "1992-09/1992-12"),
        ("Between November 1992 and February 1993", "1992-11/1993-02"),
        ("March 27, 1993", "1993-03-27"), ("from March 27 to April 2, 1993",
                                            "1993-03-27/1993-04-02"),
        ("1993–2020", "1993/2020"), ("late April 1993", "1993-04-21/1993-04-30"),
        ("early 2010s", "2010/2013"), ("2013", "2013"),
        ("September 27, 2020", "2020-09-27"), ("early October", "2020-10-01/2020-10-10"),
        ("mid-November", "2020-11-11/2020-11-20"), ("November 8", "2020-11-08"),
        ("late October", "2020-10-21/2020-10-31"), ("November 15, 2020", "2020-11-15"),
        ("4th century AD", "03XX"), ("13th century", "12XX"),
        ("between the 13th and 14th centuries", "12XX/13XX"), ("late 1920s", "1927/1929"),
        ("end of 2026", "2026-09/2026-12"), ("mid-2025", "2025-05/2025-08"),
        ("Jun 22, 2025", "2025-06-22"), ("Dec 9, 2019", "2019-12-09"),
        ("13-14th centuries", "12XX/13XX"), ("From July 1923 until 1929", "1923-07/1929"),
        ("1920-91", "1920/1991"), ("November 1992-February, 1993", "1992-11/1993-02"),
        ("01.01.2020", "2020-01-01"), ("March and April 1993", "1993-03/1993-04"),
    ]),
    "tests/data/extra/aghdam_news_2020.txt": (date(2020, 11, 20), [
        ("November 20, 2020", "2020-11-20"), ("Friday", "2020-11-20"),
        ("November 10", "2020-11-10"), ("July 23, 1993", "1993-07-23"),
        ("July 29, 1993", "1993-07-29"), ("1868-1870", "1868/1870"),
    ]),
    "tests/data/extra/mogadishu_1993.txt": (None, [
        ("1993", "1993"), ("3–4 October 1993", "1993-10-03/1993-10-04"),
        ("June 1993", "1993-06"), ("3 October", "1993-10-03"), ("4 October", "1993-10-04"),
        ("14 October 1993", "1993-10-14"), ("25 March 1994", "1994-03-25"),
    ]),
    "tests/data/extra/shusha_1992.txt": (None, [
        ("8–9 May 1992", "1992-05-08/1992-05-09"), ("winter of 1991–1992", "1991-12/1992-02"),
        ("26 February 1992", "1992-02-26"), ("8 May", "1992-05-08"), ("9 May", "1992-05-09"),
        ("18 May 1992", "1992-05-18"), ("8 November 2020", "2020-11-08"),
    ]),
}
# Numbers in the documents that are not dates.
NEVER = {"822", "853", "701", "709", "145", "147", "3,054", "1,639", "1639", "3,724", "240",
         "511", "27", "44", "52", "160", "315", "2,000", "1,200", "4th century BCE"}


@pytest.mark.parametrize("path", sorted(DOCUMENTS))
def test_sample_documents(path):
    publication, expected = DOCUMENTS[path]
    text = (ROOT / path).read_text(encoding="utf-8")
    clock = NarrativeClock(publication)
    found = []
    for offset, sentence in sentences(text):
        for m in find_dates(sentence, offset=offset, clock=clock):
            assert text[m.start : m.end] == m.text
            assert_valid(m.value)
            found.append((" ".join(m.text.split()), m.value.edtf))
    missing = [pair for pair in expected if pair not in found]
    assert not missing, f"{path}: not found {missing}; found {found}"
    assert not [pair for pair in found if pair[0] in NEVER or "BC" in pair[0]]


# --- properties --------------------------------------------------------------------------------


def check_mentions(text: str, mentions: list[DateMention], offset: int = 0) -> None:
    previous_end = offset
    for m in mentions:
        assert offset <= m.start < m.end <= offset + len(text)
        assert text[m.start - offset : m.end - offset] == m.text
        assert m.start >= previous_end  # reading order, no overlaps
        previous_end = m.end
        assert_valid(m.value)


@settings(max_examples=300, deadline=None)
@given(text=st.text(), offset=st.integers(0, 10_000))
def test_any_text_never_raises(text, offset):
    check_mentions(text, find_dates(text, offset=offset, clock=NarrativeClock(NEWS_DAY)), offset)
    value = parse_date(text, clock=anchored(*IN_1993))
    if value is not None:
        assert_valid(value)


WORDS = [
    "in", "on", "the", "of", "from", "between", "and", "or", "to", "until", "through", "circa",
    "c.", "ca.", "year", "early", "mid", "late", "end of", "beginning of", "first half of",
    "second half of", "spring", "summer", "autumn", "fall", "winter", "century", "centuries",
    "BC", "BCE", "AD", "CE", "A.D.", "B.C.", "troops", "soldiers", "km", "%", "$", "[", "]",
    "(", ")", "Resolution", "Wednesday", "Friday", "Sunday", "twelfth", "twenty-first", "ago",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan.", "Feb", "Sept.", "Dec", "Mar",
]
SEPARATORS = [" ", " ", " ", ", ", "–", "-", " – ", "—", "/", ".", "s ", "'s ", "th ", "st ",
              "\xa0", "\n", ". ", ": "]
token = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(MONTHS),
    st.integers(0, 40).map(str),
    st.integers(1, 31).map(lambda d: f"{d:02d}"),
    st.integers(900, 2150).map(str),
    st.integers(0, 99).map(lambda y: f"{y:02d}"),
    st.integers(1, 21).map(lambda n: f"{n}th"),
    st.sampled_from(["I", "II", "IV", "VIII", "IX", "XIII", "XIV", "XX", "XXI", "IIII", "VX"]),
    st.sampled_from(["1993-04-02", "1993-02-30", "02.04.1993", "31/12/1999", "1,500", "3,054"]),
)
date_like = st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=12).map(
    lambda parts: "".join(t + s for t, s in parts)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=date_like, publication=st.none() | st.dates(date(1000, 1, 1), date(2100, 1, 1)))
def test_date_like_text_gives_valid_edtf(text, publication):
    clock = NarrativeClock(publication)
    check_mentions(text, find_dates(text, clock=clock))
    for expression in (text, text.strip(" ,.-–")):
        value = parse_date(expression, clock=clock)
        if value is not None:
            assert_valid(value)


@settings(max_examples=300, deadline=None)
@given(
    day=st.integers(1, 31),
    month=st.sampled_from(MONTHS[:12]),
    year=st.integers(1000, 2099),
    order=st.sampled_from(["{d} {m} {y}", "{m} {d}, {y}", "{m} {d} {y}", "{d} {m}, {y}"]),
)
def test_full_dates_agree_with_the_calendar(day, month, year, order):
    value = parse_date(order.format(d=day, m=month, y=year))
    month_number = MONTHS.index(month) + 1
    try:
        expected = date(year, month_number, day)
    except ValueError:
        assert value is None
    else:
        assert value == DateValue(expected.isoformat(), expected, expected, False, "day")


@settings(max_examples=200, deadline=None)
@given(
    anchor=st.dates(date(1000, 1, 1), date(2099, 12, 31)),
    month=st.integers(1, 12),
    day=st.none() | st.integers(1, 31),
    publication=st.none() | st.dates(date(1000, 1, 1), date(2099, 12, 31)),
    weekday=st.integers(0, 6),
)
def test_clock_properties(anchor, month, day, publication, weekday):
    clock = NarrativeClock(publication)
    clock.observe(DateValue(anchor.isoformat(), anchor, anchor))
    year = clock.year_for(month, day)
    assert year is not None
    # never more than 60 days before the anchor, never a year or more after it
    first = date(year, month, 1)
    if publication is None:
        assert (anchor - first).days <= 60 + 31 and (first - anchor).days < 366
    if publication is not None:
        resolved = clock.weekday_date(weekday)
        assert resolved.weekday() == weekday and 0 <= (publication - resolved).days < 7


# --- linear time ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit",
    ["1993 ", "in 1993–", "March ", "12 March ", "late ", " " * 7, "–", "VIII-", "from the ",
     "1,5", "[12]", "a" * 9, "Wednesday, "],
)
def test_adversarial_input_is_handled(unit):
    """Long repetitive input finishes: the scan is linear, with no catastrophic backtracking
    (a quadratic scan of 200 kB would not finish in any reasonable time)."""
    text = unit * (200_000 // len(unit))
    found = find_dates(text, clock=anchored(*IN_1993))
    check_mentions(text, found[:50])


def test_a_date_in_markdown_emphasis():
    assert [(d.text, d.value.edtf) for d in find_dates("- **19 September 2023**: the offensive began")] == [
        ("19 September 2023", "2023-09-19")]
