"""etl.numbers: every number form the claims stage relies on, and properties that hold for any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.numbers import NumberMatch, find_numbers, has_number_word, parse_number


def only(text: str) -> NumberMatch:
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.kind) for m in find_numbers(text)]


# --- digits -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("60,000", 60_000),
        ("3,054", 3_054),
        ("1,910,361", 1_910_361),
        ("96.6", 96.6),
        ("0.17", 0.17),
        ("77.700", 77_700),  # European thousands separator
        ("1.234.567", 1_234_567),
        ("60\u00a0000", 60_000),  # no-break space as thousands separator
        ("240", 240),
        ("2.35 billion", 2_350_000_000),
        ("302\u00a0million", 302_000_000),
        ("60 thousand", 60_000),
        ("5.9 mln", 5_900_000),
    ],
)
def test_digits(text, value):
    m = only(f"about {text} of them")
    assert m.kind == "number"
    assert m.value == pytest.approx(value)
    assert m.text == text


def test_european_decimal_before_a_scale_word():
    assert only("2.350 billion").value == pytest.approx(2_350_000_000)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$302 million", 302_000_000, "USD"),
        ("US$1 billion", 1_000_000_000, "USD"),
        ("$1.5bn", 1_500_000_000, "USD"),
        ("$5m", 5_000_000, "USD"),
        ("USD 5 million", 5_000_000, "USD"),
        ("€40 million", 40_000_000, "EUR"),
        ("200 million manat", 200_000_000, "AZN"),
        ("5.9 mln US dollars", 5_900_000, "USD"),
        ("3 billion dollars", 3_000_000_000, "USD"),
        ("UAH 3 billion", 3_000_000_000, "UAH"),
    ],
)
def test_money(text, value, currency):
    m = only(f"It cost {text} in all.")
    assert (m.kind, m.unit, m.text) == ("money", currency, text)
    assert m.value == pytest.approx(value)


# --- words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("four", 4),
        ("eleven", 11),
        ("twenty-five", 25),
        ("Twenty-eight", 28),
        ("twenty five", 25),
        ("ninety", 90),
        ("three thousand", 3_000),
        ("a hundred", 100),
        ("a thousand", 1_000),
        ("one million", 1_000_000),
        ("two hundred and fifty", 250),
        ("two hundred and fifty thousand", 250_000),
        ("one hundred fifty", 150),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a million", 500_000),
        ("Eighteen", 18),
    ],
)
def test_number_words(text, value):
    m = only(f"Then {text} more arrived.")
    assert (m.text, m.kind, m.value) == (text, "number", value)


@pytest.mark.parametrize(
    "text",
    ["dozens of villages", "hundreds of people", "thousands of houses", "several hundred men",
     "several dozen villages", "nearly half of the territory", "millions of dollars"],
)
def test_vague_quantities_are_not_numbers(text):
    assert find_numbers(text) == []


def test_separate_number_words_stay_separate():
    assert [m.value for m in find_numbers("one fifty-man unit")] == [1, 50]
    assert [m.value for m in find_numbers("five six")] == [5, 6]


def test_has_number_word():
    assert has_number_word("Twenty-eight soldiers")
    assert has_number_word("a hundred")
    assert not has_number_word("someone often went there")
    assert not has_number_word("the first day")  # ordinals are not cardinal words


# --- ranges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("20,000-25,000", 20_000, 25_000),
        ("20,000–25,000", 20_000, 25_000),
        ("20,000 – 25,000", 20_000, 25_000),
        ("35–58", 35, 58),
        ("315–2,000", 315, 2_000),
        ("between 1,000 and 1,500", 1_000, 1_500),
        ("from 1,000 to 1,500", 1_000, 1_500),
        ("2,000 to 2,500", 2_000, 2_500),
        ("two or three", 2, 3),
        ("twenty to thirty", 20, 30),
        ("2-3 million", 2_000_000, 3_000_000),
    ],
)
def test_ranges(text, low, high):
    m = only(f"Some {text} were seen.")
    assert (m.kind, m.text, m.value, m.low, m.high) == ("range", text, None, low, high)


def test_money_and_percent_ranges():
    m = only("$1-2 billion")
    assert (m.kind, m.unit, m.low, m.high) == ("money", "USD", 1e9, 2e9)
    m = only("about 1-2%")
    assert (m.kind, m.low, m.high) == ("percent", 1, 2)


def test_descending_pairs_are_not_ranges():
    assert kinds("a 7-3 vote") == [("7-3", "code")]
    assert [m.kind for m in find_numbers("from 30 to 20")] == ["number", "number"]


def test_short_year_span():
    m = only("the 1993-94 winter")
    assert (m.kind, m.low, m.high) == ("range", 1993, 1994)


# --- other kinds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("701st", "ordinal"),
        ("3rd", "ordinal"),
        ("2nd", "ordinal"),
        ("128th", "ordinal"),
        ("fifth", "ordinal"),
        ("second", "ordinal"),
        ("twenty-first", "ordinal"),
        ("76%", "percent"),
        ("98 percent", "percent"),
        ("12 per cent", "percent"),
        ("1980s", "decade"),
        ("2 pm", "time"),
        ("17:51", "time"),
        ("10am", "time"),
        ("[41]", "marker"),
        ("Mi-8", "code"),
        ("GAZ-52", "code"),
        ("BM-21", "code"),
        ("MH-60", "code"),
        ("TB2", "code"),
        ("Casualties1", "code"),
    ],
)
def test_kinds(text, kind):
    m = only(f"x {text} y")
    assert (m.text, m.kind) == (text, kind)


def test_ordinal_values():
    assert only("the 701st brigade").value == 701
    assert only("the twenty-first day").value == 21


def test_lower_case_prefix_is_not_a_model_name():
    assert kinds("in the mid-1990s") == [("1990s", "decade")]
    assert kinds("pre-1993 borders") == [("1993", "number")]


def test_negative_numbers_and_units_glued():
    assert only("down to -28°C").value == -28
    m = only("a 3km road")
    assert (m.text, m.value) == ("3", 3)
    assert find_numbers("3,054 km2 of land")[0].value == 3054
    assert len(find_numbers("3,054 km2 of land")) == 1


def test_marker_next_to_a_figure():
    assert kinds("240[41] Armenian soldiers") == [("240", "number"), ("[41]", "marker")]


def test_several_numbers_in_order():
    text = "killed 511 and took 321 as hostages in 1993; 97 schools, 9 kindergartens"
    assert [m.value for m in find_numbers(text)] == [511, 321, 1993, 97, 9]


# --- parse_number -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("60,000", 60_000),
        (" 77.700 ", 77_700),
        ("twenty-five", 25),
        ("three thousand", 3_000),
        ("US$1 billion", 1e9),
        ("2.35 billion", 2.35e9),
        ("96.6", 96.6),
        ("701st", 701),
        ("20,000-25,000", None),
        ("", None),
        ("several", None),
        ("5 and 6", None),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == (pytest.approx(value) if value is not None else None)


def test_parse_number_rejects_non_strings():
    assert parse_number(None) is None  # type: ignore[arg-type]
    assert find_numbers(None) == []  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------

FRAGMENTS = [
    "60,000", "77.700", "3,054", "96.6", "2.35 billion", "$302 million", "US$1 billion", "twenty-five",
    "Twenty-eight", "three thousand", "a hundred", "one million", "20,000-25,000", "35–58", "between",
    "and", "from", "to", "701st", "fifth", "76%", "percent", "[41]", "Mi-8", "1993", "-", "–", ",", ".",
    " ", "\u00a0", "soldiers", "hundred", "dozen", "half a", "or", "$", "€", ":", "pm", "s", "1", "0",
    "9", "İstisu", "ß", "١٢٣", "𝟙𝟚", "\u2011",
]


def _check(text: str) -> None:
    found = find_numbers(text)
    last = -1
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.start >= last
        last = m.end
        if m.low is not None or m.high is not None:
            assert m.low is not None and m.high is not None and m.low <= m.high
            assert m.value is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))
def test_spans_exact_on_number_like_text(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(" ".join))
def test_spans_exact_on_spaced_fragments(text):
    _check(text)


def test_long_input_is_linear():
    text = "In 1993, 240 soldiers and twenty-five civilians (20,000-25,000) [41]. " * 3000
    found = find_numbers(text)
    assert len(found) == 5 * 3000
