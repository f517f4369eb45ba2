"""Date normaliser: every date expression in a sentence -> EDTF plus indexable start/end days.

``find_dates(text, offset=, clock=)`` returns the ``DateMention`` records of a sentence in
reading order; ``parse_date(expression, clock=)`` normalises one expression. Both are pure
functions of the text and of a ``NarrativeClock`` (the reading-order context that supplies
years the text leaves out), never raise, and run in linear time.

How it works
------------
Every date expression contains a *core* token: a year-like number, a month or weekday name,
"century", an era, or "circa"/"year" before a number. One cheap regex pass finds the cores
(sentences without one cost almost nothing: this is the prefilter); the expression patterns are
then tried only at the few word starts just before each core ("late", "between the", "12", ...).
Every day/month token becomes a calendar date through ONE wrapper around python-dateutil,
``_dateutil_parse``, with an explicit policy: ISO ``YYYY-MM-DD`` is read year-first, anything
else day-first (``02.04.1993`` is 2 April); never fuzzy; a missing part is never guessed by
dateutil (the caller decides: a year comes from the expression, from the other end of a range,
or from the clock); impossible dates (``31 April``, ``29 February 1993``) give ``None``. Bare
year numbers, decades and centuries are arithmetic.

Output conventions (``DateValue``)
----------------------------------
``edtf`` is the Library of Congress EDTF string that is stored and shown; ``start``/``end``
are the first and last day it can mean; ``start <= end`` always, and ``start``/``end`` are
exactly what the ``edtf`` package computes for the string (``lower_strict``/``upper_strict``).
``precision``: ``day | month | season | year | decade | century`` for one unit, ``range`` for
any other interval (explicit ranges; parts of a month/year/decade/century).

=====================================  ================================  =====================
expression                             edtf                              start .. end
=====================================  ================================  =====================
``27 March 1993``, ``March 27, 1993``  ``1993-03-27``                    the day
``April 1993``                         ``1993-04``                       1993-04-01..04-30
``in 1993``                            ``1993``                          1993-01-01..12-31
``12 June – 23 July 1993``             ``1993-06-12/1993-07-23``         range
``May 8–9, 1992`` / ``8–9 May 1992``   ``1992-05-08/1992-05-09``         range
``between 1988 and 1990``              ``1988/1990``                     range
``1993–94``, ``1993/94``, ``1999–00``  ``1993/1994``, ``1999/2000``      range
``February-March 1993``                ``1993-02/1993-03``               range
``From July 1923 until 1929``          ``1923-07/1929``                  range
``summer of 1993``                     ``1993-22`` (spring 21, autumn    Jun 1..Aug 31
                                       /fall 23)                         (Mar-May, Sep-Nov)
``winter 1993–1994``, ``winter 1993``  ``1993-12/1994-02``               1993-12-01..1994-02-28
``early/mid/late summer 1993``         ``1993-06`` / ``-07`` / ``-08``   one month (winter:
                                                                         Dec, Jan, Feb)
``early/mid/late March 1993``          ``1993-03-01/1993-03-10``,        days 1-10, 11-20,
                                       ``-11/-20``, ``-21/-31``          21-end
``first/second half of March 1993``    days 1-15 / 16-end
``early/mid/late 1993`` (``mid-2025``) ``1993-01/1993-04``, ``-05/-08``,  months 1-4, 5-8, 9-12
                                       ``-09/-12``; halves 1-6 / 7-12
``the 1930s``, ``the 1930's``          ``193X``                          1930..1939
``the early/mid/late 1980s``           ``1980/1983``, ``1984/1986``,     years 0-3, 4-6, 7-9;
                                       ``1987/1989``                     halves 0-4 / 5-9
``the 1820s–1890s``                    ``182X/189X``                     range
``the 1800s`` (``XX00s`` before 2000)  ``18XX``                          a century; ``2000s``
                                                                         is the decade 200X
``13th century``, ``XIII century``,    ``12XX``                          1200-01-01..1299-12-31
``thirteenth-century``
``9th century``                        ``08XX``
``1st century``                        ``0001/0099`` (``date`` has no year 0)
``early/mid/late 19th century``        ``1800/1832``, ``1833/1866``,     halves: 00-49 / 50-99
                                       ``1867/1899``
``VIII-XIII centuries``                ``07XX/12XX``                     range
``13th and 14th centuries``            ``12XX/13XX``                     range
``circa 1747``, ``c. 1747``            ``1747~``                         the year
``AD 950``, ``in the year 950``        ``0950``
``4th century BCE``, ``300 BC``        ``None``: ``datetime.date`` cannot hold BCE years; the
                                       span is consumed, so no AD date is reported for it
=====================================  ================================  =====================

The n-th century is the conventional "(n-1)00s": ``13th century`` = 1200-1299 (EDTF ``12XX``),
not the strict 1201-1300. Winter always spans the year boundary as an explicit month interval
(the ``edtf`` package reads season 24 as December only): ``winter 1993`` is the winter that
*begins* in December 1993; ``winter 1993–1995`` (not consecutive years) is ``None``. ``1993–94``
is a range only within a century or across it near its end (``1999–00``), so ``1993-04`` is
not a range. Approximation markers are not added (hedges are handled elsewhere), except
``circa``/``c.``/``ca.`` before a year, which gives ``~``.

Ranges and lists: the left end of a range borrows what it omits from the right end
(``12 June – 23 July 1993``, ``8–9 May 1992``, ``March and April 1993``); a left end that
would then fall after the right end moves a year back (``28 December – 6 February 1994``).
``and`` makes a range after ``between``, or when the left side is a bare month / ordinal /
decade / century (``March and April 1993``, ``13th and 14th centuries``); otherwise ``and``
and ``or`` make a list of two mentions, the first borrowing what it omits (``2 or 3 April
1993`` -> ``2`` = 1993-04-02 and ``3 April 1993``). A year borrowed within one expression is
stated by it, so ``year_inferred`` stays False.

Spans: a mention starts at the first word that carries date meaning and never includes a
leading preposition or article: ``in the summer of 1993`` -> ``summer of 1993``; ``on 6
February`` -> ``6 February``; ``the late 1980s`` -> ``late 1980s``; ``in the year 950`` ->
``year 950``. Range words are included: ``From 29 June to 18 August 1995``, ``between 1988
and 1990``.

Rules (``DateMention.rule``): ``date.day``, ``date.month``, ``date.year``, ``date.season``,
``date.decade``, ``date.century``, ``date.part`` (early/mid/late/half of ...), ``date.range``,
``date.list``, ``date.numeric`` (``1993-04-02``, ``02.04.1993``), ``date.circa``, ``date.era``
(``AD 950``), ``date.weekday``.

What is a date
--------------
* A four-digit number is a year only if it is in 1000-2099 and has year context: a preceding
  word (in, on, at, since, by, until, till, from, to, of, during, after, before, between,
  around, circa, as, the, year, through(out), early/mid/late, pre-/post-), parentheses around
  it (``Resolution 822 (1993)``), a year before it in a list (``1991, 1992 and 1993``), or it
  is part of a range/month/season expression. Not when followed by a unit or counted noun
  (``2000 troops``, ``1639 m``, ``1993%``; after weak context words such as of/by/to/the, any
  plural noun), after "population/force/... of", inside ``[1993]`` (a citation marker), after
  ``$``/``#``/``pp.``, inside a digit group (``1,500``), or glued to a model name (``GAZ-52``).
* Three-digit years need an era or ``year``: ``AD 950``, ``950 AD``, ``in the year 950``.
* A bare month name needs context (``in March``, ``by April``, ``late March``); a weekday needs
  ``on/last/since/by/until/from`` before it and a publication date.
* Durations and relative phrases (``27 years``, ``two days later``, ``44-day-long``, ``2 pm``)
  and counts/ordinals (``145 villages``, ``701st``) are never dates.
* Seasons need a year (``in the winter`` is not a date).

Implied years (``NarrativeClock``)
----------------------------------
A day-month or month without a year (``15 December``, ``late March``, ``April 14``) takes its
year from the clock, with ``year_inferred=True``; without usable context it is not returned.

* Narrative (no publication date): the anchor is the latest date observed in reading order
  (explicit or itself inferred). The candidate (its day; the 1st for a bare month or a part of
  a month) takes the first year in which it falls no earlier than the anchor's end minus 60
  days, or the anchor's start if that is earlier (a year anchor covers its whole year):
  ``6 February`` after ``28 December 1993`` -> 1994-02-06; ``April 14`` after
  ``April 30, 1993`` -> 1993-04-14; ``March`` after ``18 May 1992`` -> 1993-03; ``15 December``
  after ``summer of 1993`` or ``1993`` -> 1993-12-15.
* News (publication date known): the publication date is the anchor, preferring the past: the
  latest year in which the candidate is at most 60 days after publication (``November 25`` in
  an article of ``November 26, 2020`` -> 2020-11-25). A narrative anchor is used instead only
  while the latest observed date is fine-grained (spans at most 92 days) and not after the
  publication (a ``Last update: June 25, 2024`` line), so that ``on April 5`` right after
  ``April 2, 1993`` is 1993, while a ``November 9`` after ``... since 1993`` in a 2020 article
  is 2020 (news style omits the year of the current year). Either way a news date is at most 60
  days after publication: ``Since the offensive began in December`` in an article of 12
  February 2020, after ``on Wednesday``, is December 2019.
* Weekdays (``on Wednesday``) resolve to the latest such weekday on or before the publication
  date; without a publication date they are not dates.

``find_dates`` calls ``clock.observe`` for every value it returns, in reading order;
``parse_date`` reads the clock but does not change it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil import parser as _du_parser

from etl.types import DateMention, DateValue

__all__ = ["NarrativeClock", "find_dates", "parse_date"]

# --- the one calendar parser -----------------------------------------------------------------

_DU = _du_parser.parser()
_DU_INFO = _du_parser.parserinfo()
_ISO_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The shape callers build from a regex match: "27 March 1993", "27th Sept. 1993", "15 December",
# "March". Read with dateutil's own month names and validated by its ISO parser: the same
# result as the general parser, at a fraction of its cost (this is the hot path).
_TOKENS_SHAPE = re.compile(
    r"(?:(?P<d>[0-9]{1,2})(?:st|nd|rd|th)? )?(?P<m>[A-Za-z]{3,9})\.?(?: (?P<y>[0-9]{4}))?"
)
# A leap year, so that a yearless "29 February" parses; the real year is decided afterwards.
_LEAP_DEFAULT = date(2000, 1, 1)


@lru_cache(maxsize=16384)
def _dateutil_parse(text: str, default: date = _LEAP_DEFAULT) -> date | None:
    """Turn day/month/year tokens into a date with python-dateutil, or None.

    Policy: ISO ``YYYY-MM-DD`` is read year-first, anything else day-first (``02.04.1993`` is
    2 April); ``fuzzy=False`` (every token must be a date token); parts absent from ``text``
    come from ``default`` -- callers pass only the parts the expression states, and decide
    what a missing part means; impossible dates (31 April, 29 February 1993) return None.
    Cached: the same tokens recur constantly in a corpus.
    """
    try:
        tokens = _TOKENS_SHAPE.fullmatch(text)
        if tokens is not None:
            month = _DU_INFO.month(tokens["m"])
            if month is None:
                return None
            year = int(tokens["y"]) if tokens["y"] else default.year
            day = int(tokens["d"]) if tokens["d"] else min(default.day, _last_day(year, month))
            return _du_parser.isoparse(f"{year:04d}-{month:02d}-{day:02d}").date()
        iso = _ISO_SHAPE.fullmatch(text) is not None
        parsed = _DU.parse(
            text,
            default=datetime(default.year, default.month, default.day),
            dayfirst=not iso,
            yearfirst=iso,
            fuzzy=False,
            ignoretz=True,
        )
    except (ValueError, OverflowError, TypeError):  # dateutil's ParserError is a ValueError
        return None
    return parsed.date()


def _month_number(token: str) -> int | None:
    parsed = _dateutil_parse(token, _LEAP_DEFAULT)
    return parsed.month if parsed else None


# --- the clock -------------------------------------------------------------------------------

_BACK = timedelta(days=60)  # how far before the anchor a narrative may step back
_FINE_SPAN = 92  # days: a narrative anchor at most this wide overrides the publication date


class NarrativeClock:
    """Reading-order context for implied years: ``latest``, the latest date seen (observed),
    and ``publication``, the document's publication date (news). One clock per document, fed
    in reading order; see the module docstring for the rules."""

    __slots__ = ("publication", "latest")

    def __init__(self, publication: date | None = None):
        self.publication = publication
        self.latest: DateValue | None = None

    def observe(self, value: DateValue) -> None:
        """Record a date found in the text (call for every date, in reading order)."""
        self.latest = value

    def _narrative_low(self) -> date | None:
        """The earliest day a yearless date may fall on, given the latest date seen."""
        latest = self.latest
        if latest is None:
            return None
        if self.publication is not None and (
            (latest.end - latest.start).days > _FINE_SPAN
            or latest.start > _shift(self.publication, _BACK)  # "Last update: ..." lines
        ):
            return None
        return min(latest.start, _shift(latest.end, -_BACK))

    def year_for(self, month: int, day: int | None = None) -> int | None:
        """The year a yearless ``day month`` (or ``month``) most likely means, or None."""
        if not 1 <= month <= 12:
            return None
        low = self._narrative_low()
        year = None
        if low is not None:
            year = low.year if _candidate(low.year, month, day) >= low else low.year + 1
            if self.publication is not None and _candidate(year, month, day) > _shift(self.publication, _BACK):
                year = None  # (news: "since ... in December" in February is last December)
        if year is None and self.publication is not None:
            high = _shift(self.publication, _BACK)
            year = high.year if _candidate(high.year, month, day) <= high else high.year - 1
        if year is None:
            return None
        return year if 1 <= year <= 9999 else None

    def weekday_date(self, weekday: int) -> date | None:
        """The latest ``weekday`` (Monday=0) on or before the publication date, or None."""
        if self.publication is None or not 0 <= weekday <= 6:
            return None
        back = timedelta(days=(self.publication.weekday() - weekday) % 7)
        return self.publication - back if self.publication - date.min >= back else None


def _shift(day: date, delta: timedelta) -> date:
    """``day + delta``, clamped to the calendar ``datetime.date`` can hold."""
    try:
        return day + delta
    except OverflowError:
        return date.max if delta > timedelta(0) else date.min


def _candidate(year: int, month: int, day: int | None) -> date:
    """The comparison day for a yearless candidate (clamped: 29 February in a common year)."""
    if not 1 <= year <= 9999:
        return date.max if year > 9999 else date.min
    return date(year, month, min(day or 1, _last_day(year, month)))


# --- regular expressions ---------------------------------------------------------------------

_WS = r"[ \t\xa0\u2009\u202f]"
_SP = rf"(?:{_WS}{{1,3}}(?:\r?\n{_WS}{{0,3}})?|\r?\n{_WS}{{0,3}})"
_DASH = rf"{_WS}{{0,2}}[\-\u2010\u2011\u2012\u2013\u2014\u2212]{_WS}{{0,2}}"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MON_FULL = rf"(?:{'|'.join(MONTHS)})"
_MON = rf"(?:{_MON_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![A-Za-z])"
_WEEKDAY = rf"(?:{'|'.join(WEEKDAYS)})(?!\w)"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?!\w)"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})(?!\w)"
_YY = r"[0-9]{2}(?!\w)"
_SEASON = r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)(?!\w)"
_WORD_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_WORD_ORD = (
    "(?:[Tt]wenty[-\u2010 ]first|"
    + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _WORD_ORDINALS)
    + r")(?!\w)"
)
_ORDX = rf"(?:(?:2[01]|1[0-9]|[1-9])(?:st|nd|rd|th)(?!\w)|[IVX]{{1,5}}(?!\w)|{_WORD_ORD})"
_ERA = r"(?:B\.C\.E\.|B\.C\.|A\.D\.|C\.E\.|BCE|BC|AD|CE)(?!\w)"
_PART = (
    rf"(?:[Ee]arly|[Mm]id(?:dle)?|[Ll]ate|(?:[Bb]eginning|[Ss]tart|[Mm]iddle|[Ee]nd){_SP}of"
    rf"|(?:[Ff]irst|[Ss]econd){_SP}half{_SP}of)"
)
_PART_SEP = rf"(?:[\-\u2010\u2011]|{_SP})(?:the{_SP})?"
# Where an expression may start: not inside a word or number, not after "[" (citation
# markers), nor glued to a model name ("GAZ-52"); "pre-1990"/"post-1994" are allowed.
_START = r"(?:(?<![\w\[.,/:\-\u2010\u2011\u2013\u2014\u00a3$€#№])|(?<=[Pp]re-)|(?<=[Pp]ost-))"


def _atom(p: str, side: str) -> str:
    """One date expression; groups are prefixed with ``p``. ``side``: left | right."""
    weekday = rf"(?:{_WEEKDAY},?{_SP})?"
    after_part = [
        # summer of 1993 / winter 1993–1994 / winter of 1993/94
        rf"(?P<{p}s3>{_SEASON})(?:{_SP}of)?(?:{_SP}the{_SP}year)?{_SP}(?P<{p}y3>{_YEAR})"
        rf"(?:(?:{_DASH}|/)(?P<{p}z3>{_YEAR}|{_YY}))?",
        # March 1993 / March of 1993
        rf"(?P<{p}m4>{_MON})(?:,?{_SP}(?:of{_SP})?)(?P<{p}y4>{_YEAR})",
        # 1980s / 1980's
        rf"(?P<{p}c5>(?:1[0-9]|20)[0-9]0)['’]?s(?!\w)",
        # 19th century / XIII century / twelfth-century / 4th century BCE
        rf"(?P<{p}o6>{_ORDX})(?:[\-\u2010\u2011]|{_SP})[Cc]entur(?:y|ies)(?!\w)"
        rf"(?:{_SP}(?P<{p}e6>{_ERA}))?",
        # March
        rf"(?P<{p}m7>{_MON_FULL})(?![A-Za-z])",
        # 1993
        rf"(?P<{p}y8>{_YEAR})",
    ]
    alts = [
        # 1993 (the commonest case first; "1990's" is a decade)
        rf"(?P<{p}y0>{_YEAR})(?!['’]s\b)",
        # 27 March 1993 / Wednesday, 25 November / 28th of March
        rf"(?=[0-9MTWFS]){weekday}(?P<{p}d1>{_DAY})(?:{_SP}of)?{_SP}(?P<{p}m1>{_MON})"
        rf"(?:,?{_SP}(?P<{p}y1>{_YEAR}))?",
        # March 27, 1993 / March 27 / April 2 in 1993
        rf"(?=[JFMASONDTW]){weekday}(?P<{p}m2>{_MON}){_SP}(?P<{p}d2>{_DAY})"
        rf"(?:(?:,{_SP}?|{_SP})(?:in{_SP})?(?P<{p}y2>{_YEAR}))?",
        # any of the above, with early/mid/late/... before it
        rf"(?:(?P<{p}pt>{_PART}){_PART_SEP})?(?:" + "|".join(after_part) + ")",
    ]
    if side == "left":
        alts += [rf"(?P<{p}d9>{_DAY})", rf"(?P<{p}o10>{_ORDX})"]
    else:
        alts += [rf"(?P<{p}z11>{_YY})"]
    return "(?:" + "|".join(alts) + ")"


# What turns it into a range: CONNECTOR ATOM
_RIGHT = re.compile(
    rf"(?P<conn>{_DASH}|/|{_SP}(?:to|until|till|through|and|or){_SP}(?:the{_SP})?)"
    rf"(?P<B>{_atom('b_', 'right')})"
)
# Where an expression starts: one of the fixed shapes, or the left side of a range or a single
# expression ([from|between [the]] ATOM).
_LEFT = re.compile(
    _START
    + "(?:"
    + "|".join(
        [
            # 1993-04-02
            r"(?P<R_iso>(?:1[0-9]{3}|20[0-9]{2})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))"
            r"(?![\w\-/])",
            # 02.04.1993, 25/12/1993 (day first)
            r"(?P<R_dmy>(?:3[01]|[12][0-9]|0?[1-9])(?P<dsep>[./])(?:1[0-2]|0?[1-9])(?P=dsep)"
            r"(?:1[0-9]{3}|20[0-9]{2}))(?![\w/]|\.[0-9])",
            # 950 AD, 300 BC
            rf"(?P<R_era>(?P<ey1>[0-9]{{1,4}}){_SP}(?P<ee1>{_ERA}))",
            # AD 950
            rf"(?P<R_era2>(?P<ee2>A\.D\.|AD){_SP}(?P<ey2>[0-9]{{1,4}})(?!\w))",
            # circa 1747, c. 1747, ca. 950
            rf"(?P<R_circa>(?:[Cc]irca|[Cc]a\.|[Cc]\.){_WS}{{0,2}}(?P<cy>[0-9]{{3,4}})(?!\w))",
            # May 8–9, 1992
            rf"(?P<R_mdd>(?P<mm>{_MON}){_SP}(?P<md1>{_DAY})(?:{_DASH}|{_SP}(?:to|until|till)"
            rf"{_SP})(?P<md2>{_DAY})(?:,?{_SP}(?P<my>{_YEAR}))?)",
            # in the year 950
            rf"(?P<R_yw>[Yy]ear{_SP}(?P<yw>[0-9]{{3,4}})(?!\w))",
            # on Wednesday (not followed by a date: that is an atom)
            rf"(?P<R_wd>{_WEEKDAY})(?!,?{_SP}(?:{_DAY}|{_MON}))",
            # [from|between [the]] ATOM
            rf"(?:(?P<pre>[Ff]rom|[Bb]etween){_SP}(?:the{_SP})?)?(?P<A>{_atom('a_', 'left')})",
        ]
    )
    + ")"
)

# Core tokens: every date expression contains one (see ``_scan``): a year-like number, a
# month or weekday name, "century", an era, "circa"/"c."/"ca."/"year" before a number. Every
# branch starts with a literal character, so the regex engine skips quickly through text
# without one: this is also the prefilter.
_CORE = re.compile(
    "|".join(
        [
            r"1[0-9]{3}(?![0-9])", r"20[0-9]{2}(?![0-9])",
            r"Jan(?:uary)?(?![a-z])", r"Feb(?:ruary)?(?![a-z])", r"Mar(?:ch)?(?![a-z])",
            r"Apr(?:il)?(?![a-z])", r"May(?![a-z])", r"June?(?![a-z])", r"July?(?![a-z])",
            r"Aug(?:ust)?(?![a-z])", r"Sep(?:t(?:ember)?)?(?![a-z])", r"Oct(?:ober)?(?![a-z])",
            r"Nov(?:ember)?(?![a-z])", r"Dec(?:ember)?(?![a-z])", "Centur", "centur",
            r"A\.?D(?![A-Za-z])", r"B\.?C(?![A-Za-z])", r"C\.?E(?![A-Za-z])",
            r"year[ \t\xa0][0-9]{3}", r"Year[ \t\xa0][0-9]{3}",
            r"c(?:irca|a?\.)[ \t\xa0]?[0-9]{3}", r"C(?:irca|a?\.)[ \t\xa0]?[0-9]{3}",
        ]
        + list(WEEKDAYS)
    )
)
# Words that may start an expression, lower-cased (besides numbers, roman numerals, "A.D.").
_STARTERS = frozenset(
    """from between early mid middle late beginning start end first second spring summer
    autumn fall winter circa ca c year twenty ad jan feb mar apr jun jul aug sep sept oct nov
    dec january february march april may june july august september october november
    december""".split()
) | frozenset(_WORD_ORDINALS) | frozenset(w.lower() for w in WEEKDAYS)
# Words that may appear inside an expression without starting it.
_INSIDE = frozenset("to and or until till through the of half".split())
_SEPARATORS = frozenset(" \t\xa0\r\n-\u2010\u2011\u2012\u2013\u2014\u2212/")
_LEADING_PUNCT = "([{\"'“‘*_"  # (and markdown emphasis: "**19 September 2023**")


def _starts(text: str, low: int, core: int) -> list[int]:
    """Where an expression containing the core at ``core`` may start, leftmost first.

    Walks back from the core, word by word (words end at spaces, hyphens, dashes, slashes),
    over the words an expression can contain ("late", "the", "of", "12", "between", ...), and
    stops at the first word or punctuation it cannot.
    """
    starts = [core]
    seps = _SEPARATORS
    end = core
    while end > low:
        j = end
        while j > low and text[j - 1] in seps:
            j -= 1
        if (j == end and end != core) or j <= low:
            break  # glued to something that is not a word before it, or out of the window
        if j == end and text[j - 1] not in ",.(":
            break  # the core is glued to what comes before it
        i = j
        while i > low and text[i - 1] not in seps:
            i -= 1
        if i == low and low > 0 and text[low - 1].isalnum():
            break  # the window cut this word
        raw = text[i:j]
        word = raw.lstrip(_LEADING_PUNCT)
        body = word.rstrip(",.")
        if not body or not (body[-1].isalnum() or body == "A.D"):
            break  # "Date:", "1992)": punctuation that closes whatever came before
        lower = body.lower()
        if (
            lower in _STARTERS
            or body[0].isdigit()
            or (body[0] in "IVX" and not body.strip("IVX"))
            or body == "A.D"
        ):
            starts.append(j - len(word))
        elif lower not in _INSIDE:
            break
        if len(word) != len(raw):
            break  # "(from": may start, but nothing before it belongs
        end = i
    starts.reverse()
    return starts


# Context before a bare year / month / weekday (checked on the text just before the match).
_MONTH_CONTEXT = re.compile(
    r"(?<![\w])(?:in|of|since|until|till|by|during|from|to|through|throughout|before|after|"
    r"between|and|or|last|that)\s{1,3}(?:the\s{1,3}(?:month\s{1,3}of\s{1,3})?)?$",
    re.IGNORECASE,
)
_WEEKDAY_CONTEXT = re.compile(
    r"(?<![\w])(?:on|last|since|by|until|till|from)\s{1,3}$", re.IGNORECASE
)
# What may not follow a bare year: a unit, a percent, a counted noun, a glued word.
_AFTER_YEAR = re.compile(
    r"(?:\s{0,2}(?:%|per\s?cent\b)|[\-\u2010\u2011][^\W\d_]|\.[0-9]|,[0-9]{3}|[:/][0-9]"
    r"|[ \t\xa0]{1,3}(?P<w>[^\W\d_][\w²]*))"
)
_COUNTED = frozenset(
    """men people children women personnel infantry police militia staff cattle sheep troops
    soldiers fighters civilians residents refugees villagers inhabitants families hostages
    prisoners casualties deaths victims servicemen tanks vehicles villages houses buildings
    killed dead wounded injured missing captured strong km km2 km² m mm cm kg ha mi ft sq
    square metres meters miles feet hectares tons tonnes percent manat dollars euros
    USD AZN EUR AMD RUB""".split()
)
_NOT_PLURAL = frozenset(
    """was is has as its his this thus us yes always perhaps towards afterwards whereas
    besides unless news series various previous famous serious across plus less nevertheless
    sometimes onwards upwards downwards backwards forwards hers ours yours theirs
    analysis crisis census status""".split()
)
_BCE_AFTER = re.compile(rf"{_SP}?(?:B\.C\.E\.|B\.C\.|BCE|BC)(?!\w)")


def _counted_after(text: str, end: int, *, plural: bool = True) -> bool:
    """True if what follows ``text[:end]`` says the number before it is a count, not a year:
    a unit, a percent sign, a counted noun, a glued word; with ``plural``, any plural noun."""
    m = _AFTER_YEAR.match(text, end)
    if m is None:
        return False
    word = m.group("w")
    if word is None:
        return True
    if word in _COUNTED:
        return True
    if not plural:
        return False
    lower = word.lower()
    if word[0].isupper() or lower in _NOT_PLURAL:
        return False
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ous"))


# Words before a bare number that make it a year: counts rarely follow the strong ones, so
# after them only an explicit counted noun ("in 2000 troops") says otherwise, not any plural
# ("pre-1990 borders").
_STRONG_YEAR_WORDS = frozenset(
    """in on at since until till during after before between circa year through throughout
    early mid late pre post""".split()
)
_YEAR_WORDS = _STRONG_YEAR_WORDS | frozenset("by from to of around as the".split())
_NUMBER_SIGNS = frozenset("No no Nos nos p pp ISBN".split())
# "a population of 1500", "a force of 2000": "of" after these introduces a count.
_COUNT_HEADS = frozenset(
    """population total number force forces group garrison toll estimate sum figure strength
    crowd contingent army unit team company battalion brigade regiment division""".split()
)


def _year_ok(text: str, start: int, end: int, *, need_context: bool) -> bool:
    """May the number at ``text[start:end]`` (ending a year expression) be a year?"""
    before = text[max(0, start - 32) : start]
    stripped = before.rstrip(" \t\xa0\r\n-\u2010\u2011")
    if stripped.endswith(("$", "€", "£", "#", "№")):
        return False
    words = stripped.rsplit(None, 3)
    prev = words[-1].lstrip("([{\"'“‘") if words else ""
    if prev.rstrip(".") in _NUMBER_SIGNS:
        return False
    lower = prev.lower()
    if lower == "of" and len(words) >= 2 and words[-2].lower() in _COUNT_HEADS:
        return False
    if _counted_after(text, end, plural=lower not in _STRONG_YEAR_WORDS):
        return False
    if not need_context:
        return True
    if before.endswith("(") and text.startswith(")", end):
        return True
    if lower in _YEAR_WORDS:
        return stripped != before  # "in 1993", "mid-1993": a separator between them
    if prev in ("and", "or") and len(words) >= 2:
        prev = words[-2]
    prev = prev.rstrip(",")
    return len(prev) >= 4 and _is_year(prev[-4:]) and not prev[-5:-4].isdigit()


def _is_year(digits: str) -> bool:
    return digits.isascii() and digits.isdigit() and 1000 <= int(digits) <= 2099


# --- values ----------------------------------------------------------------------------------


class _Val:
    """A value under construction: its ``DateValue`` and, for ranges, the EDTF of its ends.

    Treated as immutable, so that the constructors below can be cached."""

    __slots__ = ("lo", "hi", "dv")

    def __init__(self, edtf: str, lo: str, hi: str, start: date, end: date, precision: str):
        self.lo, self.hi = lo, hi
        self.dv = DateValue(edtf, start, end, False, precision)

    @property
    def edtf(self) -> str:
        return self.dv.edtf

    @property
    def start(self) -> date:
        return self.dv.start

    @property
    def end(self) -> date:
        return self.dv.end

    @property
    def inferred(self) -> bool:
        return self.dv.year_inferred

    def as_inferred(self, inferred: bool = True) -> _Val:
        if inferred == self.dv.year_inferred:
            return self
        copy = object.__new__(_Val)
        copy.lo, copy.hi = self.lo, self.hi
        dv = self.dv
        copy.dv = DateValue(dv.edtf, dv.start, dv.end, inferred, dv.precision)
        return copy


def _y(year: int) -> str:
    return f"{year:04d}"


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _ymd(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _last_day(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month]


def _single(edtf: str, start: date, end: date, precision: str) -> _Val:
    return _Val(edtf, edtf, edtf, start, end, precision)


def _interval(lo: str, hi: str, start: date, end: date, precision: str = "range") -> _Val | None:
    if start > end:
        return None
    if lo == hi:
        return _single(lo, start, end, precision)
    return _Val(f"{lo}/{hi}", lo, hi, start, end, precision)


@lru_cache(maxsize=4096)
def _year_span(first: int, last: int, precision: str = "range") -> _Val | None:
    first = max(first, 1)
    if not 1 <= first <= last <= 9999:
        return None
    if first == last:
        return _single(_y(first), date(first, 1, 1), date(first, 12, 31), "year")
    return _interval(_y(first), _y(last), date(first, 1, 1), date(last, 12, 31), precision)


@lru_cache(maxsize=4096)
def _month_span(y1: int, m1: int, y2: int, m2: int, precision: str = "range") -> _Val | None:
    if not (1 <= y1 <= 9999 and 1 <= y2 <= 9999):
        return None
    return _interval(
        _ym(y1, m1), _ym(y2, m2), date(y1, m1, 1), date(y2, m2, _last_day(y2, m2)), precision
    )


@lru_cache(maxsize=4096)
def _day(d: date) -> _Val:
    return _single(_ymd(d), d, d, "day")


@lru_cache(maxsize=4096)
def _month(year: int, month: int) -> _Val | None:
    if not 1 <= year <= 9999:
        return None
    return _single(_ym(year, month), date(year, month, 1),
                   date(year, month, _last_day(year, month)), "month")


@lru_cache(maxsize=4096)
def _year(year: int) -> _Val | None:
    if not 1 <= year <= 9999:
        return None
    return _single(_y(year), date(year, 1, 1), date(year, 12, 31), "year")


_PART_KEYS = {
    "early": "early", "beginning": "early", "start": "early", "mid": "mid", "middle": "mid",
    "late": "late", "end": "late", "first": "h1", "second": "h2",
}


def _part_key(raw: str | None) -> str | None:
    if raw is None:
        return None
    return _PART_KEYS.get(raw.split()[0].lower())


@lru_cache(maxsize=4096)
def _month_part(year: int, month: int, part: str) -> _Val | None:
    if not 1 <= year <= 9999:
        return None
    last = _last_day(year, month)
    first_day, last_day = {
        "early": (1, 10), "mid": (11, 20), "late": (21, last), "h1": (1, 15), "h2": (16, last)
    }[part]
    a, b = date(year, month, first_day), date(year, month, last_day)
    return _interval(_ymd(a), _ymd(b), a, b)


@lru_cache(maxsize=4096)
def _year_part(year: int, part: str) -> _Val | None:
    m1, m2 = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "h1": (1, 6), "h2": (7, 12)}[part]
    return _month_span(year, m1, year, m2)


@lru_cache(maxsize=4096)
def _decade(first: int, part: str | None) -> _Val | None:
    if part is None:
        return _single(f"{first // 10:03d}X", date(first, 1, 1), date(first + 9, 12, 31),
                       "decade")
    a, b = {"early": (0, 3), "mid": (4, 6), "late": (7, 9), "h1": (0, 4), "h2": (5, 9)}[part]
    return _year_span(first + a, first + b)


@lru_cache(maxsize=4096)
def _century(number: int, part: str | None) -> _Val | None:
    if not 1 <= number <= 21:
        return None
    base = (number - 1) * 100
    if part is None:
        if base == 0:
            return _year_span(1, 99, "century")
        return _single(f"{base // 100:02d}XX", date(base, 1, 1), date(base + 99, 12, 31),
                       "century")
    a, b = {"early": (0, 32), "mid": (33, 66), "late": (67, 99), "h1": (0, 49),
            "h2": (50, 99)}[part]
    return _year_span(base + a, base + b)


_SEASON_MONTHS = {"spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11),
                  "fall": (9, 10, 11), "winter": (12, 1, 2)}
_SEASON_CODE = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23}


@lru_cache(maxsize=4096)
def _season(name: str, year: int, year2: int | None, part: str | None) -> _Val | None:
    name = name.lower()
    months = _SEASON_MONTHS[name]
    if name == "winter":
        if year2 is not None and year2 != year + 1:
            return None
    elif year2 is not None:
        return None
    if not 1 <= year < 9999:
        return None
    if part is not None:
        index = {"early": 0, "h1": 0, "mid": 1, "late": 2, "h2": 2}[part]
        month = months[index]
        return _month(year + 1 if name == "winter" and month < 12 else year, month)
    if name == "winter":
        return _month_span(year, 12, year + 1, 2, "season")
    lo, hi = _ym(year, months[0]), _ym(year, months[2])
    return _Val(f"{year:04d}-{_SEASON_CODE[name]}", lo, hi, date(year, months[0], 1),
                date(year, months[2], _last_day(year, months[2])), "season")


_ROMAN = {"I": 1, "V": 5, "X": 10}


def _ordinal(token: str) -> int | None:
    token = token.strip()
    if token[:1].isdigit():
        digits = re.match(r"[0-9]+", token)
        return int(digits.group()) if digits else None
    if token.isupper() and set(token) <= set(_ROMAN):
        total = 0
        for i, ch in enumerate(token):
            v = _ROMAN[ch]
            total += -v if i + 1 < len(token) and _ROMAN[token[i + 1]] > v else v
        return total if _to_roman(total) == token else None
    low = token.lower().replace("\u2010", "-").replace(" ", "-")
    if low == "twenty-first":
        return 21
    return _WORD_ORDINALS.index(low) + 1 if low in _WORD_ORDINALS else None


def _to_roman(n: int) -> str:
    out = []
    for v, s in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


# --- atoms: what one side of an expression says ---------------------------------------------


@dataclass(slots=True)
class _Atom:
    kind: str  # day | month | season | year | decade | century | bareday | ordinal | yy
    start: int
    end: int
    day: str | None = None  # day token as written ("27th")
    mon: str | None = None  # month token as written ("Sept.")
    year: int | None = None
    year2: int | None = None  # second year of a season ("winter 1993–94")
    part: str | None = None
    season: str | None = None
    number: int | None = None  # decade start, century ordinal, or two-digit year
    era: str | None = None

    @property
    def yearless(self) -> bool:
        return self.kind in ("day", "month") and self.year is None


_ATOM_GROUPS = ("y0", "d1", "m1", "y1", "m2", "d2", "y2", "pt", "s3", "y3", "z3", "m4", "y4",
                "c5", "o6", "e6", "m7", "y8")
_LEFT_GROUPS = tuple("a_" + n for n in _ATOM_GROUPS + ("d9", "o10"))
_RIGHT_GROUPS = tuple("b_" + n for n in _ATOM_GROUPS + ("z11",))


def _atom_from(m: re.Match, names: tuple[str, ...]) -> _Atom | None:
    """The atom a match of ``_LEFT`` (``_LEFT_GROUPS``) or ``_RIGHT`` (``_RIGHT_GROUPS``) read."""
    (y0, d1, m1, y1, m2, d2, y2, pt, s3, y3, z3, m4, y4, c5, o6, e6, m7, y8, extra, *more) = (
        m.group(*names) + (None,)
    )
    if y0 is not None:
        return _Atom("year", 0, 0, year=int(y0))
    if d1 is not None:
        return _Atom("day", 0, 0, d1, m1, int(y1) if y1 else None)
    if m2 is not None:
        return _Atom("day", 0, 0, d2, m2, int(y2) if y2 else None)
    part = _part_key(pt)
    if s3 is not None:
        first = int(y3)
        second = None
        if z3 is not None:
            second = int(z3) if len(z3) == 4 else (first // 100) * 100 + int(z3)
            if len(z3) == 2 and second <= first:
                second += 100
        return _Atom("season", 0, 0, year=first, year2=second, part=part, season=s3)
    if m4 is not None:
        return _Atom("month", 0, 0, mon=m4, year=int(y4), part=part)
    if c5 is not None:
        return _Atom("decade", 0, 0, number=int(c5), part=part)
    if o6 is not None:
        return _Atom("century", 0, 0, number=_ordinal(o6), era=e6, part=part)
    if m7 is not None:
        return _Atom("month", 0, 0, mon=m7, part=part)
    if y8 is not None:
        return _Atom("year", 0, 0, year=int(y8), part=part)
    if extra is not None:
        if names is _RIGHT_GROUPS:
            return _Atom("yy", 0, 0, number=int(extra))
        return _Atom("bareday", 0, 0, day=extra, number=_ordinal(extra))
    if more[0] is not None:  # a left-side ordinal ("VIII" in "VIII-XIII centuries")
        return _Atom("ordinal", 0, 0, number=_ordinal(more[0]))
    return None


def _is_bce(era: str | None) -> bool:
    return era is not None and era.startswith("B")


def _complete(a: _Atom, clock: NarrativeClock | None) -> _Val | None:
    """The value of one atom; a yearless day/month asks the clock (``inferred``)."""
    inferred = False
    if a.yearless:
        if clock is None:
            return None
        probe = _dateutil_parse(f"{a.day} {a.mon}" if a.kind == "day" else a.mon)
        if probe is None:
            return None
        year = clock.year_for(probe.month, probe.day if a.kind == "day" else None)
        if year is None:
            return None
        a.year = year
        inferred = True
    val = _value(a)
    return val.as_inferred() if val is not None and inferred else val


def _value(a: _Atom) -> _Val | None:
    """The value of a complete atom (its year known)."""
    kind = a.kind
    if kind == "day":
        if a.year is None or not 1000 <= a.year <= 9999:
            return None
        d = _dateutil_parse(f"{a.day} {a.mon} {a.year}")
        return _day(d) if d else None
    if kind == "month":
        month = _month_number(a.mon) if a.mon else None
        if month is None or a.year is None:
            return None
        return _month_part(a.year, month, a.part) if a.part else _month(a.year, month)
    if kind == "year":
        if a.year is None:
            return None
        return _year_part(a.year, a.part) if a.part else _year(a.year)
    if kind == "season":
        return _season(a.season, a.year, a.year2, a.part)
    if kind == "decade":
        first = a.number
        if first % 100 == 0 and first < 2000:  # "the 1800s": a century
            return _century(first // 100 + 1, a.part)
        return _decade(first, a.part)
    if kind == "century":
        if a.number is None or _is_bce(a.era):
            return None
        return _century(a.number, a.part)
    return None


# --- expressions -----------------------------------------------------------------------------

# (start, end, value or None, rule); None = a span that is consumed but is not a date (BCE).
_Hit = tuple[int, int, "_Val | None", str]
_Found = tuple[int, int, DateValue, str]


def _range_hits(
    left: re.Match, right: re.Match, text: str, clock: NarrativeClock | None, expression: bool
) -> list[_Hit] | None:
    """A range or list ``LEFT CONNECTOR RIGHT``; None if it does not hold as one."""
    a, b = _atom_from(left, _LEFT_GROUPS), _atom_from(right, _RIGHT_GROUPS)
    if a is None or b is None:
        return None
    a.start, a.end = left.start("A"), left.end("A")
    b.start, b.end = right.start("B"), right.end("B")
    start, end = left.start(), right.end()
    conn = right.group("conn").strip().lower()
    if conn.endswith(" the"):
        conn = conn[:-4].strip()
    pre = (left.group("pre") or "").lower()
    if conn == "/" and not (a.kind == "year" and b.kind in ("year", "yy")):
        return None
    if a.kind == "season" and a.year2 is None and b.kind in ("year", "yy"):
        return None  # "winter 1993–1994" is one season: the single reading takes it
    # What the left side omits, it takes from the right.
    if a.kind == "bareday":
        if b.kind == "century":
            a.kind = "ordinal"
        elif b.kind == "day":
            a.kind, a.mon = "day", b.mon
        else:
            return None
    if a.kind == "ordinal":
        if b.kind != "century" or a.number is None:
            return None
        a.kind, a.era = "century", b.era
    if b.kind == "yy":
        if a.kind != "year" or a.part or conn in ("and", "or"):
            return None
        year = (a.year // 100) * 100 + b.number
        if year <= a.year:  # "1999–00" crosses a century; "1993-04" is no range
            if a.year % 100 < 95 or b.number >= a.year % 100 - 90:
                return None
            year += 100
        b.kind, b.year = "year", year
    is_list = conn == "or" or (
        conn == "and"
        and pre != "between"
        and not ((a.kind == "month" and a.year is None) or a.kind in ("decade", "century"))
    )
    if is_list and pre:
        return None  # "from X and Y": not an expression we understand
    bce = _BCE_AFTER.match(text, end)
    if _is_bce(a.era) or _is_bce(b.era) or bce:
        return [(start, bce.end() if bce else end, None, "date.bce")]
    if b.kind == "year" and not b.part and not _year_ok(text, b.start, b.end, need_context=False):
        return []  # "from 1200 to 1500 men": neither end is a year
    if a.kind == "year" and not a.part and not expression:
        if not _year_ok(text, a.start, a.end, need_context=False):
            return []  # "pp. 1201–1250"
        if not pre and b.kind == "year" and b.year - a.year > 100 and not _year_ok(
            text, a.start, a.end, need_context=True
        ):
            return []  # "1000–2000": more likely a count than a millennium
    # Borrow the year across the connector.
    if a.yearless and b.year is not None and b.kind in ("day", "month", "season", "year"):
        a.year = b.year
        va, vb = _value(a), _value(b)
        if va is not None and vb is not None and va.start > vb.start:
            a.year -= 1
            va = _value(a)
    elif b.yearless and a.year is not None and a.kind in ("day", "month", "year"):
        va = _value(a)
        b.year = a.year
        vb = _value(b)
        if va is not None and vb is not None and vb.start < va.start:
            b.year += 1
            vb = _value(b)
    elif a.yearless:
        va = _complete(a, clock)
        if va is None:
            return None
        if b.yearless:
            b.year = a.year
            vb = _value(b)
            if vb is not None and vb.start < va.start:
                b.year += 1
                vb = _value(b)
            if vb is not None:
                vb = vb.as_inferred()
        else:
            vb = _value(b)
    else:
        va, vb = _value(a), _value(b)
    if va is None or vb is None:
        return None
    if is_list:
        return [(a.start, a.end, va, "date.list"), (b.start, b.end, vb, "date.list")]
    if va.start > vb.start or va.end > vb.end:
        return None
    if va.edtf == vb.edtf:
        return [(start, end, va, "date.range")]
    val = _interval(va.lo, vb.hi, va.start, vb.end)
    if val is None:
        return None
    return [(start, end, val.as_inferred(va.inferred or vb.inferred), "date.range")]


_SINGLE_RULE = {"day": "date.day", "month": "date.month", "season": "date.season",
                "year": "date.year", "decade": "date.decade", "century": "date.century"}


_ATOM_CACHE: dict[str, tuple[_Atom | None, _Val | None]] = {}
_ATOM_CACHE_SIZE = 20_000


def _cached_atom(left: re.Match) -> tuple[_Atom | None, _Val | None]:
    """The left atom of a ``_LEFT`` match and, if its year is known, its value; cached by
    the atom's text (the same text always reads the same way). Do not modify the atom."""
    key = left.group("A")
    hit = _ATOM_CACHE.get(key)
    if hit is None:
        a = _atom_from(left, _LEFT_GROUPS)
        val = None
        if a is not None and not a.yearless and a.kind not in ("bareday", "ordinal"):
            val = _value(a)
        if len(_ATOM_CACHE) >= _ATOM_CACHE_SIZE:
            _ATOM_CACHE.clear()
        hit = _ATOM_CACHE[key] = (a, val)
    return hit


def _single_hits(
    left: re.Match, text: str, clock: NarrativeClock | None, expression: bool
) -> list[_Hit]:
    """The left atom alone (a ``from``/``between`` before it is context, not part of it)."""
    a, val = _cached_atom(left)
    if a is None:
        return []
    kind = a.kind
    if kind == "bareday" or kind == "ordinal":
        return []
    start, end = left.start("A"), left.end("A")
    if kind == "year" or kind == "decade" or kind == "century":
        if kind == "century" and _is_bce(a.era):
            return [(start, end, None, "date.bce")]
        if a.era is None and text.find("B", end, end + 6) >= 0:
            bce = _BCE_AFTER.match(text, end)
            if bce:
                return [(start, bce.end(), None, "date.bce")]
        if kind == "year" and not a.part and not _year_ok(
            text, start, end, need_context=not expression
        ):
            return []
    elif a.year is None:  # a yearless day or month
        if kind == "month" and a.part is None and not expression:
            if not _MONTH_CONTEXT.search(text, max(0, start - 30), start):
                return []
        val = _complete(_copy_atom(a), clock)
    if val is None:
        return []
    return [(start, end, val, "date.part" if a.part else _SINGLE_RULE[kind])]


def _copy_atom(a: _Atom) -> _Atom:
    return _Atom(a.kind, a.start, a.end, a.day, a.mon, a.year, a.year2, a.part, a.season,
                 a.number, a.era)


def _fixed_hits(
    m: re.Match, text: str, clock: NarrativeClock | None, expression: bool
) -> list[_Hit]:
    """The mentions of a fixed-shape match of ``_LEFT``."""
    kind = m.lastgroup
    start, end = m.start(), m.end()
    if kind == "R_iso" or kind == "R_dmy":
        d = _dateutil_parse(m.group(kind))
        return [(start, end, _day(d), "date.numeric")] if d else []
    if kind == "R_era" or kind == "R_era2":
        if _is_bce(m.group("ee1") or m.group("ee2")):
            return [(start, end, None, "date.bce")]
        if _counted_after(text, end):
            return []
        val = _year(int(m.group("ey1") or m.group("ey2")))
        return [(start, end, val, "date.era")] if val else []
    if kind == "R_circa" or kind == "R_yw":
        year = int(m.group("cy" if kind == "R_circa" else "yw"))
        bce = _BCE_AFTER.match(text, end)
        if bce:
            return [(start, bce.end(), None, "date.bce")]
        if _counted_after(text, end) or not 1 <= year <= 2099:
            return []
        val = _year(year)
        if kind == "R_yw":
            return [(start, end, val, "date.year")]
        return [(start, end, _single(val.edtf + "~", val.start, val.end, "year"), "date.circa")]
    if kind == "R_mdd":
        y = m.group("my")
        mon = m.group("mm")
        first = _Atom("day", start, end, m.group("md1"), mon, int(y) if y else None)
        va = _complete(first, clock)
        if va is None:
            return []
        vb = _value(_Atom("day", start, end, m.group("md2"), mon, first.year))
        if vb is None or vb.start <= va.start:
            return []
        val = _interval(va.lo, vb.hi, va.start, vb.end)
        return [(start, end, val.as_inferred(va.inferred), "date.range")]
    if kind == "R_wd":
        if clock is None or (
            not expression and not _WEEKDAY_CONTEXT.search(text, max(0, start - 12), start)
        ):
            return []
        d = clock.weekday_date(WEEKDAYS.index(m.group(kind)))
        if d is None:
            return []
        return [(start, end, _day(d).as_inferred(), "date.weekday")]
    return []


def _hits_at(
    text: str, s: int, clock: NarrativeClock | None, expression: bool
) -> tuple[int, list[_Hit]] | None:
    """The expression starting at ``s``: (end of the span consumed, its hits), or None."""
    left = _LEFT.match(text, s)
    if left is None:
        return None
    if left.lastgroup != "A":
        return left.end(), _fixed_hits(left, text, clock, expression)
    right = _RIGHT.match(text, left.end())
    if right is not None:
        hits = _range_hits(left, right, text, clock, expression)
        if hits is not None:
            return max(h[1] for h in hits) if hits else right.end(), hits
    return left.end(), _single_hits(left, text, clock, expression)


_WINDOW = 48  # an expression starts at most this many characters before its core


def _scan(
    text: str,
    clock: NarrativeClock | None,
    *,
    expression: bool,
    observe: bool,
    first: re.Match | None = None,
) -> list[_Found]:
    """All dates in ``text`` in reading order, updating ``clock`` if ``observe``.

    Every date expression contains a *core* token (a year-like number, a month or weekday
    name, "century", an era, ...); one cheap pass finds the cores, and the patterns are tried
    only at the plausible word starts shortly before each core. Linear in ``len(text)``.
    """
    if first is None:
        first = _CORE.search(text)
        if first is None:
            return []
    out: list[_Found] = []
    pos = 0
    tried: set[int] = set()  # candidate starts already tried without success
    for core in _CORE.finditer(text, first.start()):
        c = core.start()
        if c < pos or (c > 0 and text[c - 1].isdigit()):
            continue
        found = None
        for s in _starts(text, pos if pos > c - _WINDOW else c - _WINDOW, c):
            if s in tried:
                continue
            found = _hits_at(text, s, clock, expression)
            if found is not None and found[0] > c:
                break
            found = None
            tried.add(s)
        if found is None:
            continue
        pos, hits = found
        for start, end, val, rule in hits:
            if val is not None:
                out.append((start, end, val.dv, rule))
                if observe and clock is not None:
                    clock.observe(val.dv)
    return out


# --- public API ------------------------------------------------------------------------------


def find_dates(
    text: str, *, offset: int = 0, clock: NarrativeClock | None = None
) -> list[DateMention]:
    """Every date expression in ``text`` (a sentence), in reading order.

    Offsets are ``offset`` + index into ``text`` (pass the sentence's start in the document).
    The clock, if given, resolves yearless dates and observes every value found.
    """
    first = _CORE.search(text)
    if first is None:  # the prefilter: most sentences end here
        return []
    return [
        DateMention(offset + s, offset + e, text[s:e], value, rule)
        for s, e, value, rule in _scan(text, clock, expression=False, observe=True, first=first)
    ]


_LEADING = re.compile(
    r"[\s(\"'“‘]*(?:(?:in|on|at|the|of|during|by|since|until|till|around|about)\s+)*",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"[\s.,;:!?)\"'”’]*")


def parse_date(expression: str, *, clock: NarrativeClock | None = None) -> DateValue | None:
    """Normalise one date expression (``"in the summer of 1993"``), or None if it is not one.

    Leading prepositions/articles and trailing punctuation are ignored; the rest must be a
    single date expression. A bare year (``"1993"``) counts here, unlike in ``find_dates``.
    The clock is read (for yearless dates), not changed.
    """
    if not isinstance(expression, str):
        return None
    begin = _LEADING.match(expression).end()
    body = expression[begin:]
    hits = _scan(body, clock, expression=True, observe=False)
    if len(hits) != 1:
        return None
    s, e, value, _rule = hits[0]
    if s != 0 or not _TRAILING.fullmatch(body, e):
        return None
    return value
