"""Tests for site_builder.quotes: the quote-matching contract and its helpers.

Most cases run against the two real seed articles, whose quirks (curly
quotes, en dashes, "1 500km" with a space, a caption spelling "Vostochny
Сosmodrome" with a Cyrillic С, two identical photo captions) are exactly
what editors' quotes trip over.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from site_builder.text.closest import Closest, closest
from site_builder.text.normalise import Normalised, find_spans, normalise, normalise_text
from site_builder.text.index import QuoteIndex
from site_builder.text.differences import explain_difference, mark_differences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

Key = tuple[str, int]


def _split(text: str) -> list[str]:
    # Same rule as the sources loader: blank lines separate paragraphs; a
    # file without blank lines (like 001) is one paragraph per line.
    blocks = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else text.split("\n")
    return [b.strip() for b in blocks if b.strip()]


def _load() -> dict[str, list[tuple[Key, str]]]:
    out: dict[str, list[tuple[Key, str]]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        sid = path.name[:3]
        paragraphs = _split(path.read_text(encoding="utf-8"))
        out[sid] = [((sid, i), p) for i, p in enumerate(paragraphs)]
    return out


SOURCES = _load()
ALL: list[tuple[Key, str]] = [kp for paragraphs in SOURCES.values() for kp in paragraphs]
TEXT: dict[Key, str] = dict(ALL)


def _containing(source: str, needle: str) -> tuple[Key, str]:
    """Return the (key, text) of the one paragraph of ``source`` containing the literal ``needle``."""
    hits = [(k, t) for k, t in SOURCES[source] if needle in t]
    assert len(hits) == 1, f"{needle!r} is in {len(hits)} paragraphs of {source}"
    return hits[0]


CAPTION_KEY, CAPTION = _containing("000", "Vostochny Сosmodrome")  # Cyrillic С
ICBM_KEY, ICBM = _containing("000", "Hwasong-18 intercontinental ballistic missile – its first ICBM")
DISTANCE_KEY, DISTANCE = _containing("000", "about 1 500km")
SVOBODNY_KEY, SVOBODNY = _containing("000", "Svobodny 18 just a few")
PUTIN_KEY, PUTIN = _containing("000", "President Vladimir Putin met")
COST_KEY, COST = _containing("000", "Vostochny cost billions of dollars, giving")
SERVICE_KEY, SERVICE = _containing("001", "The Vostochny cosmodrome came into service")
GAGARIN_KEY, GAGARIN = _containing("001", "apocryphal phrase")
FILE_CAPTION = "FILE: The Soyuz-2.1b rocket booster"


def test_seeds_look_as_the_cases_assume() -> None:
    assert set(SOURCES) == {"000", "001"}
    assert "\u0421" in CAPTION  # the confusable letter really is there
    assert [k for k, t in SOURCES["000"] if t.startswith(FILE_CAPTION)] == [("000", 1), ("000", 2)]


# --------------------------------------------------------------------------
# normalise
# --------------------------------------------------------------------------

NORMALISE_CASES = [
    # (original, normalised)
    ("North Korea’s", "North Korea's"),
    ("‘a’ ‚b‛ ′c", "'a' 'b' 'c"),
    ("“a” „b‟ ″c″ «d»", '"a" "b" "c" "d"'),
    ("a‐b‑c‒d–e—f―g−h", "a-b-c-d-e-f-g-h"),
    ("1\u00a0500\u202fkm\u2009a\u3000b", "1 500 km a b"),
    ("  several \n\t  lines \r\n  ", "several lines"),
    ("ﬁrst ﬂight", "first flight"),
    ("１５００km", "1500km"),
    ("cafe\u0301", "café"),
    ("ｶﾞ", "ガ"),  # halfwidth kana + voicing mark compose across two starters
    ("Vostochny Сosmodrome", "Vostochny Сosmodrome"),  # confusables untouched
    ("CASE stays", "CASE stays"),
    ("", ""),
    (" \u00a0\n", ""),
]


@pytest.mark.parametrize(("original", "expected"), NORMALISE_CASES)
def test_normalise_text(original: str, expected: str) -> None:
    assert normalise_text(original) == expected
    assert normalise(original).text == expected


def test_normalise_offsets_of_whitespace_run() -> None:
    n = normalise("a\u00a0 \nb")
    assert n == Normalised("a b", (0, 1, 4), (1, 4, 5))


def test_normalise_offsets_of_expansion_cover_whole_original_character() -> None:
    n = normalise("xﬁy")
    assert n.text == "xfiy"
    assert n.starts == (0, 1, 1, 2)
    assert n.ends == (1, 2, 2, 3)


def test_normalised_rejects_inconsistent_lengths() -> None:
    with pytest.raises(ValueError):
        Normalised("ab", (0,), (1,))


# --------------------------------------------------------------------------
# find_spans: what matches, and exactly where
# --------------------------------------------------------------------------

MATCHES = [
    # (quote, paragraph, the original characters the span must cover)
    pytest.param("North Korea's Kim Jong Un", PUTIN, "North Korea’s Kim Jong Un", id="straight-apostrophe"),
    pytest.param("Russia’s President Vladimir Putin", CAPTION, "Russia's President Vladimir Putin",
                 id="curly-apostrophe"),
    pytest.param("ballistic missile - its first ICBM", ICBM, "ballistic missile – its first ICBM",
                 id="hyphen-for-en-dash"),
    pytest.param("ballistic missile — its first ICBM", ICBM, "ballistic missile – its first ICBM",
                 id="em-for-en-dash"),
    pytest.param("missile − its", ICBM, "missile – its", id="minus-sign"),
    pytest.param("about 1 500km", "is about 1\u00a0500km away", "about 1\u00a0500km", id="nbsp-in-paragraph"),
    pytest.param("about 1\u00a0500km", DISTANCE, "about 1 500km", id="nbsp-in-quote"),
    pytest.param("about 1\u202f500km", DISTANCE, "about 1 500km", id="narrow-nbsp"),
    pytest.param("about 1\u2009500km", DISTANCE, "about 1 500km", id="thin-space"),
    pytest.param("from  the\n port   of\tVladivostok", DISTANCE, "from the port of Vladivostok", id="spaces-newlines"),
    pytest.param("the port of Vladivostok", "from the\n  port of\r\nVladivostok.", "the\n  port of\r\nVladivostok",
                 id="newlines-in-paragraph"),
    pytest.param("  North Korea’s Kim Jong Un \n", PUTIN, "North Korea’s Kim Jong Un", id="quote-edge-whitespace"),
    pytest.param("the first launch", "It was the ﬁrst launch.", "the ﬁrst launch", id="ligature-in-paragraph"),
    pytest.param("The ﬁrst launch was", TEXT[("000", 15)], "The first launch was", id="ligature-in-quote"),
    pytest.param("about １ ５００km", DISTANCE, "about 1 500km", id="fullwidth-digits"),
    pytest.param("«Eastern Cosmodrome»", DISTANCE, "“Eastern Cosmodrome”", id="guillemets"),
    pytest.param("Svobodny 18", SVOBODNY, "Svobodny 18", id="plain"),
    pytest.param('the "rocket man"', TEXT[("000", 11)], "the “rocket man”", id="straight-double-quotes"),
    pytest.param("“I want to congratulate you,”", TEXT[max(k for k in TEXT if k[0] == "001")],
                 "“I want to congratulate you,”", id="curly-both"),
    pytest.param("osmodrome", CAPTION, "osmodrome", id="mid-word-substring"),
]


@pytest.mark.parametrize(("quote", "paragraph", "covered"), MATCHES)
def test_matches_map_back_to_original_characters(quote: str, paragraph: str, covered: str) -> None:
    spans = find_spans(quote, paragraph)
    assert [paragraph[s:e] for s, e in spans] == [covered]


NON_MATCHES = [
    pytest.param("north Korea’s Kim Jong Un", PUTIN, id="case"),
    pytest.param("PRESIDENT Vladimir Putin", PUTIN, id="upper-case"),
    pytest.param("Vostochny Cosmodrome in the far eastern Amur region", CAPTION, id="latin-C-for-cyrillic-ES"),
    pytest.param("about 1 600km from the port", DISTANCE, id="changed-number"),
    pytest.param("about 1500km from the port", DISTANCE, id="absent-space-not-forgiven"),
    pytest.param("Svobodny 18 a few kilometres", SVOBODNY, id="missing-word"),
    pytest.param("Svobodny 18 just a very few kilometres", SVOBODNY, id="extra-word"),
    pytest.param("ballistic missile-its first", ICBM, id="dash-without-its-spaces"),
    pytest.param("North Korea`s Kim", PUTIN, id="backtick-is-not-an-apostrophe"),
    pytest.param("North Korea’s Kim Jong Un.", PUTIN, id="trailing-punctuation"),
]


@pytest.mark.parametrize(("quote", "paragraph"), NON_MATCHES)
def test_non_matches(quote: str, paragraph: str) -> None:
    assert find_spans(quote, paragraph) == []
    assert QuoteIndex([("p", paragraph)]).find(quote) == []


def test_every_non_overlapping_occurrence() -> None:
    paragraph = "Vostochny, Vostochny\u00a0and VOSTOCHNY; aaa"
    assert [paragraph[s:e] for s, e in find_spans("Vostochny", paragraph)] == ["Vostochny", "Vostochny"]
    assert find_spans("aa", paragraph) == [(len(paragraph) - 3, len(paragraph) - 1)]


@pytest.mark.parametrize("quote", ["", "   ", "\u00a0\n\t"])
def test_empty_quote_is_an_error(quote: str) -> None:
    with pytest.raises(ValueError):
        find_spans(quote, PUTIN)
    with pytest.raises(ValueError):
        QuoteIndex(ALL).find(quote)
    with pytest.raises(ValueError):
        closest(quote, ALL)


def test_quote_longer_than_paragraph() -> None:
    assert find_spans(PUTIN + " more", PUTIN) == []


# --------------------------------------------------------------------------
# QuoteIndex
# --------------------------------------------------------------------------

INDEX = QuoteIndex(ALL)


def _brute(quote: str, keys: list[Key] | None = None) -> list[Hashable]:
    needle = normalise_text(quote)
    return [k for k, t in ALL if (keys is None or k in keys) and needle in normalise_text(t)]


def test_index_finds_both_identical_captions() -> None:
    quote = "The banner reads: \"Vostochny for Russia!\""
    assert INDEX.find(quote) == [("000", 1), ("000", 2)]


def test_index_restricted_to_keys() -> None:
    quote = "The banner reads: \"Vostochny for Russia!\""
    assert INDEX.find(quote, [("000", 2)]) == [("000", 2)]
    assert INDEX.find(quote, {k for k, _ in SOURCES["001"]}) == []
    assert INDEX.find(quote, [("000", 2), ("000", 1), ("nope", 0)]) == [("000", 1), ("000", 2)]


def test_index_keys_restriction_with_many_keys() -> None:
    # More keys than the direct-check threshold exercises the index path.
    many = [(i, f"paragraph {i} about launches") for i in range(200)]
    index = QuoteIndex(many)
    assert index.find("paragraph 150 about") == [150]
    assert index.find("about launches", range(100, 200)) == list(range(100, 200))
    assert index.find("graph 15", set(range(0, 200, 5))) == [15, 150, 155]


def test_index_finds_across_sources_in_insertion_order() -> None:
    quote = "North Korea's latest Hwasong-18 intercontinental ballistic missile - its first"
    assert INDEX.find(quote) == [ICBM_KEY, _containing("001", "Hwasong-18")[0]]


@pytest.mark.parametrize("quote", [
    "osm", "osmodrome", "Cosmo", "rome in", "n the far", "18", "-", "–", "”.", "!", "y Сo",
    "Sputnik", "2016, when", "in 1993.", "Vostochny", "s", "Cosmodrome", "zzz", "the Vostochny complex",
])
def test_index_agrees_with_brute_force(quote: str) -> None:
    assert INDEX.find(quote) == _brute(quote)


def test_index_rejects_duplicate_keys() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        QuoteIndex([("a", "one"), ("a", "two")])


def test_index_len() -> None:
    assert len(INDEX) == len(ALL)


# --------------------------------------------------------------------------
# closest + explain_difference + mark_differences on the real seeds
# --------------------------------------------------------------------------

CLOSEST_CASES = [
    # (quote, source, paragraph key, passage, explanation, marked passage)
    pytest.param(
        "Vostochny Cosmodrome in the far eastern Amur region", "000", CAPTION_KEY,
        "Vostochny Сosmodrome in the far eastern Amur region",
        "the quote has 'C' (U+0043 LATIN CAPITAL LETTER C) where the source has "
        "'С' (U+0421 CYRILLIC CAPITAL LETTER ES)",
        "Vostochny [С]osmodrome in the far eastern Amur region",
        id="confusable",
    ),
    pytest.param(
        "The Vostochny cosmodrom came into service in 2016", "001", SERVICE_KEY,
        "The Vostochny cosmodrome came into service in 2016",
        "the quote has 'cosmodrom' where the source has 'cosmodrome'",
        "The Vostochny cosmodrom[e] came into service in 2016",
        id="typo",
    ),
    pytest.param(
        "Svobodny 18 a few kilometres from the Vostochny complex", "000", SVOBODNY_KEY,
        "Svobodny 18 just a few kilometres from the Vostochny complex",
        "the source has 'just' here, which the quote leaves out",
        "Svobodny 18 [just] a few kilometres from the Vostochny complex",
        id="missing-word",
    ),
    pytest.param(
        "Vostochny cost billions of dollars, giving a very big boost to the local economy", "000", COST_KEY,
        "Vostochny cost billions of dollars, giving a boost to the local economy",
        "the quote adds 'very big', which the source does not have",
        "Vostochny cost billions of dollars, giving a [] boost to the local economy",
        id="extra-words",
    ),
    pytest.param(
        "about 1,600km from the port of Vladivostok", "000", DISTANCE_KEY,
        "about 1 500km from the port of Vladivostok",
        "the quote has '1,600' where the source has '1 500'",
        "about [1 500]km from the port of Vladivostok",
        id="different-number",
    ),
    pytest.param(
        "about 1500km from the port of Vladivostok", "000", DISTANCE_KEY,
        "about 1 500km from the port of Vladivostok",
        "the quote has '1500' where the source has '1 500' (spacing differs)",
        "about 1[ ]500km from the port of Vladivostok",
        id="absent-space",
    ),
    pytest.param(
        "The vostochny cosmodrome came into service in 2016", "001", SERVICE_KEY,
        "The Vostochny cosmodrome came into service in 2016",
        "the quote has 'vostochny' where the source has 'Vostochny' (case differs)",
        "The [V]ostochny cosmodrome came into service in 2016",
        id="case",
    ),
    pytest.param(
        "about 930 miles (1,500 km) from the port", "001", SERVICE_KEY,
        "about 930 miles (1,500km) from the port",
        "the quote has '(1,500 km)' where the source has '(1,500km)' (spacing differs)",
        "about 930 miles (1,500[]km) from the port",
        id="added-space",
    ),
    pytest.param(
        "on Western concerns about the development of South Korea's rocket capabilities", "000",
        _containing("000", "on Western concerns")[0],
        "on Western concerns about the development of North Korea’s missile capabilities",
        "the quote has 'South' where the source has 'North'; the quote has 'rocket' where the source has 'missile'",
        "on Western concerns about the development of [North] Korea’s [missile] capabilities",
        id="two-words-curly-apostrophe-kept",
    ),
    pytest.param(
        "there was once a Soviet intercontinental ballistic missle (ICBM) base knwn as Svobodny 19", "000",
        SVOBODNY_KEY,
        "There was once a Soviet intercontinental ballistic missile (ICBM) base known as Svobodny 18",
        "the quote has 'there' where the source has 'There' (case differs); "
        "the quote has 'missle' where the source has 'missile'; and 2 more differences",
        "[T]here was once a Soviet intercontinental ballistic miss[i]le (ICBM) base kn[o]wn as Svobodny [18]",
        id="more-differences",
    ),
]


@pytest.mark.parametrize(("quote", "source", "key", "passage", "explanation", "marked"), CLOSEST_CASES)
def test_closest_explain_and_mark(quote: str, source: str, key: Key, passage: str, explanation: str,
                                  marked: str) -> None:
    assert find_spans(quote, TEXT[key]) == []  # these really are not found
    close = closest(quote, SOURCES[source])
    assert close is not None
    assert (close.key, close.passage) == (key, passage)
    assert TEXT[key][close.start:close.end] == close.passage
    assert 60 <= close.score <= 100
    assert explain_difference(quote, close.passage) == explanation
    assert mark_differences(quote, close.passage) == marked


def test_closest_searches_the_whole_list_and_maps_original_offsets() -> None:
    close = closest("Vostochny Cosmodrome in the far eastern Amur region", ALL)
    assert close == Closest(
        key=CAPTION_KEY,
        start=CAPTION.index("Vostochny Сosmodrome"),
        end=CAPTION.index("Vostochny Сosmodrome") + len("Vostochny Сosmodrome in the far eastern Amur region"),
        passage="Vostochny Сosmodrome in the far eastern Amur region",
        score=close.score if close else 0.0,
    )


def test_closest_none_below_min_score() -> None:
    # "Share" is a paragraph of 000: a short paragraph must not score high
    # merely by resembling a piece of a long quote.
    assert closest("Completely unrelated words about gardening tomatoes", SOURCES["000"]) is None
    assert closest("Vostochny Cosmodrome in the far eastern Amur region", SOURCES["000"], min_score=99.0) is None
    assert closest("anything", []) is None


def test_closest_of_an_exact_quote_is_itself() -> None:
    close = closest("North Korea's Kim Jong Un", SOURCES["000"])
    assert close is not None and close.key == PUTIN_KEY
    assert close.passage == "North Korea’s Kim Jong Un" and close.score == 100.0


def test_explain_names_invisible_characters() -> None:
    assert explain_difference("Vostochny cos\u200bmodrome", "Vostochny cosmodrome") == (
        "the quote adds '\\u200b' (U+200B ZERO WIDTH SPACE), which the source does not have"
    )


def test_explain_one_more_difference_is_singular() -> None:
    assert explain_difference("a b c d", "a x c y d z").endswith("; and 1 more difference")


def test_explain_identical_after_normalisation() -> None:
    assert "same" in explain_difference("North Korea's", "North Korea’s")


# --------------------------------------------------------------------------
# Properties (no deadlines: CI machines vary in speed)
# --------------------------------------------------------------------------

def _words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\S+", text)]


@st.composite
def word_cut(draw: st.DrawFn, digits_only: bool = False) -> tuple[Key, str, str]:
    """Return (key, paragraph, quote): whole words cut from a seed paragraph."""
    pool = [(k, t) for k, t in ALL if not digits_only or re.search(r"\d", t)]
    key, text = draw(st.sampled_from(pool))
    words = _words(text)
    i = draw(st.integers(0, len(words) - 1))
    j = draw(st.integers(i + 1, min(len(words), i + 25)))
    return key, text, text[words[i][0]:words[j - 1][1]]


def _retype(quote: str, spaces: list[str]) -> str:
    """Return the quote as an editor might type it: straight quotes, hyphens, odd spacing."""
    typed = quote.translate({ord("’"): "'", ord("“"): '"', ord("”"): '"', ord("–"): "-"})
    parts = typed.split(" ")
    return "".join(p + spaces[n % len(spaces)] for n, p in enumerate(parts[:-1])) + parts[-1]


@settings(deadline=None)
@given(word_cut())
def test_word_cut_is_found_exactly(case: tuple[Key, str, str]) -> None:
    key, text, quote = case
    spans = find_spans(quote, text)
    assert any(text[s:e] == quote for s, e in spans)
    assert key in INDEX.find(quote)
    assert INDEX.find(quote, [key]) == [key]


@settings(deadline=None)
@given(word_cut(), st.lists(st.sampled_from([" ", "  ", "\n", "\u00a0", " \t "]), min_size=1, max_size=4))
def test_retyped_word_cut_is_found(case: tuple[Key, str, str], spaces: list[str]) -> None:
    key, text, quote = case
    typed = _retype(quote, spaces)
    assert any(text[s:e] == quote for s, e in find_spans(typed, text))
    assert key in INDEX.find(typed)


def _reference_normalise(text: str) -> str:
    """Return an independent, naive normalisation for the characters the seeds contain."""
    text = unicodedata.normalize("NFKC", text)
    for straight, curly in (("'", "‘’"), ('"', "“”"), ("-", "–—")):
        for c in curly:
            text = text.replace(c, straight)
    return " ".join(text.split())


@settings(deadline=None)
@given(word_cut(digits_only=True), st.data())
def test_changed_digit_never_matches_unless_truly_there(case: tuple[Key, str, str], data: st.DataObject) -> None:
    key, text, quote = case
    positions = [i for i, c in enumerate(quote) if c.isdigit()]
    assume(positions)
    i = data.draw(st.sampled_from(positions))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != quote[i]]))
    changed = quote[:i] + digit + quote[i + 1:]
    truly_there = _reference_normalise(changed) in _reference_normalise(text)
    assert bool(find_spans(changed, text)) == truly_there
    assert (key in INDEX.find(changed)) == truly_there


@settings(deadline=None)
@given(st.sampled_from(ALL), st.data())
def test_index_agrees_with_brute_force_on_any_cut(case: tuple[Key, str], data: st.DataObject) -> None:
    _, text = case
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, min(len(text), i + 40)))
    quote = text[i:j]
    assume(quote.strip())
    assert INDEX.find(quote) == _brute(quote)


ODD_ALPHABET = st.sampled_from(list(
    "ab Cc1 \u00a0\n\t’‘“”–—−″«»'\"-ﬁﬂ１ｶﾞ\u0301\u0328é\u200bСᄀ\u1161\u00a8\u2034ſ²"
))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(ODD_ALPHABET, max_size=30))
def test_normalise_offsets_are_consistent(text: str) -> None:
    n = normalise(text)
    assert n.text == normalise_text(text)
    assert len(n.text) == len(n.starts) == len(n.ends)
    assert all(0 <= s < e <= len(text) for s, e in zip(n.starts, n.ends))
    assert list(n.starts) == sorted(n.starts) and list(n.ends) == sorted(n.ends)
    assert normalise_text(n.text) == n.text  # idempotent


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(ODD_ALPHABET, min_size=1, max_size=30), st.data())
def test_spans_cover_the_quote(text: str, data: st.DataObject) -> None:
    normal = normalise_text(text)
    assume(normal.strip())
    i = data.draw(st.integers(0, len(normal) - 1))
    j = data.draw(st.integers(i + 1, len(normal)))
    quote = normal[i:j]
    assume(quote.strip())
    spans = find_spans(quote, text)
    assert spans  # a piece of the normalised text is always found
    for s, e in spans:
        # The original characters of a span normalise to something holding
        # the quote (more only where one original character became several).
        assert normalise_text(quote) in normalise_text(text[s:e])
    assert QuoteIndex([(0, text)]).find(quote) == [0]
