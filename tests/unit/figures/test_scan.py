"""Tests for figures/mentions/scan.py: each rule's fast scan gives exactly the matches ``finditer`` gives."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from site_builder.figures import mentions
from site_builder.figures.mentions import scan as scan_module
from site_builder.figures.mentions.scan import FOLD, Scan, folded, matches, words
from site_builder.figures.mentions.state import State
from support import hypothesis_examples

from re import _parser as sre_parse

_RULE_MODULES = [sys.modules[rule.__module__] for _name, rule in mentions.RULES]


def _scans() -> list[tuple[str, Scan]]:
    """Return every Scan a rule module defines (alone or in a tuple of scans, or of (scan, group) pairs)."""
    out: list[tuple[str, Scan]] = []
    for module in _RULE_MODULES:
        for name, value in vars(module).items():
            items = value if isinstance(value, tuple) else (value,)
            for k, item in enumerate(items):
                found = item[0] if isinstance(item, tuple) and item else item
                if isinstance(found, Scan):
                    out.append((f"{module.__name__.rsplit('.', 1)[1]}.{name}[{k}]", found))
    return out


SCANS = _scans()


def test_every_rule_pattern_is_scanned() -> None:
    # Each rule reads through scans: a pattern it scans with finditer directly would be left out of the fast path
    # (and of these tests).
    assert len(SCANS) >= 25
    for module in _RULE_MODULES:
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        body = source.split("def rule", 1)[1]
        assert ".finditer(text)" not in body and ".finditer(state.text)" not in body, module.__name__


@pytest.mark.parametrize(("name", "scan"), SCANS, ids=[n for n, _ in SCANS])
def test_no_pattern_matches_the_empty_string(name: str, scan: Scan) -> None:
    # matches() goes on from the end of each match, as finditer does after a non-empty one.
    low, _high = sre_parse.parse(scan.pattern.pattern, scan.pattern.flags).getwidth()
    assert low > 0, name


def test_fold_is_every_look_alike_of_an_ascii_letter() -> None:
    # Every character beyond ASCII that case-insensitive matching equates with an ASCII letter, from the engine.
    any_letter = re.compile("[a-z]", re.IGNORECASE)
    found = {}
    for code in range(0x80, sys.maxunicode + 1):
        ch = chr(code)
        if any_letter.match(ch):
            found[ch] = [c for c in "abcdefghijklmnopqrstuvwxyz" if re.match(c, ch, re.IGNORECASE)]
    assert found == {chr(k): [v] for k, v in FOLD.items()}


def test_folded_keeps_offsets() -> None:
    assert folded("On Tuesday, FIRST") == "on tuesday, first"
    assert folded("ſix \u212aM") == "six km"
    assert folded("\u0130stanbul") == "istanbul"
    assert folded("abc") == "abc"


def test_words_matches_where_any_word_starts() -> None:
    pattern = words("a", "an", "and", "one", "on", "us$")
    assert [m.start() for m in re.finditer("(?=(?:a|an|and|one|on|us\\$))", "a band of one us$ on")] == \
        [i for i in range(20) if pattern.match("a band of one us$ on", i)]


_FRAGMENTS = [
    "one", "One", "ONE", "a", "an", "and", "A", "half", "quarter", "two hundred", "twenty-five", "dozen",
    "first", "First", "twenty-first", "third", "hundredth", "Jan", "Sept.", "September", "May", "March",
    "Tuesday", "Tue", "Thurs.", "last", "next", "this", "on", "of", "noon", "Midnight", "GMT", "UTC", "ET",
    "Moscow time", "hours", "hrs", "a.m.", "pm", "PM", "tel", "Phone:", "call", "fax", "www.", "http://",
    "https://", ".com", ".org", ".us", "@", "$", "US$", "£", "€", "₽", "−", "-", "–", "billions", "tens",
    "tens of", "dozens", "Millions", "million", "bn", "m", "k", "km", "miles", "%", "per cent", "Luna", "MiG",
    "Soyuz", "A", "version", "In", "about", "nearly", "more than", "2016", "1,500", "1 500", "13", "05", "0527",
    "2023-09-13", "10.30", "1:27", "2.5.1", "020", "7946", "+7", "(202)", "555-0123", "²", "¹", "⁶", "\u00ad",
    "\u200b", "İ", "ı", "ſ", "\u212a", "ẞ", "٣", "_", "x", "Z", "s", "th", "’", "'", "(", ")", ",", ".", ":",
    ";", "/", "\t", "\n", " ", " ", " ", "\u00a0", "\u202f", "\u2009",
]
_NUMBERS = ["٣", "0", "1", "7", "12", "23", "59", "100", "500", "930", "2016", "0800", "123456"]
_SEPARATORS = ["", "", " ", " ", " ", "\u00a0", "\u202f", "-", ",", ".", ", ", ":", "\n"]
_PIECES = st.tuples(st.one_of(st.sampled_from(_FRAGMENTS), st.sampled_from(_NUMBERS)), st.sampled_from(_SEPARATORS))
_TEXTS = st.lists(_PIECES, max_size=30).map(lambda pieces: "".join(a + b for a, b in pieces))


def _found(scan: Scan, text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    # Through State.scan, as the rules read: the folded text and the digit test are the ones rules get.
    return [(m.span(), m.groups()) for m in State(text).scan(scan)]


def _expected(scan: Scan, text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in scan.pattern.finditer(text)]


@pytest.mark.parametrize(("name", "scan"), SCANS, ids=[n for n, _ in SCANS])
@settings(max_examples=hypothesis_examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS)
@example(text="On Tuesday, Sept. 12, at 1:27 a.m. ET, about 1 500km from Luna-25 (tel +7 495 201 2016)")
@example(text="twenty-first of 13 September 2023, 0527 GMT; billions of dollars, US$3bn, www.example.com")
@example(text="\u0130 one ſix K\u212am 10⁶ 15¹ 1\u00ad500 2.5.1 A380 x@y.org fıve")
def test_scan_gives_what_finditer_gives(name: str, scan: Scan, text: str) -> None:
    assert _found(scan, text) == _expected(scan, text), name


@pytest.mark.parametrize(("name", "scan"), SCANS, ids=[n for n, _ in SCANS])
def test_scan_without_folded_text_falls_back(name: str, scan: Scan) -> None:
    # A text whose lower case changes length is scanned by finditer itself.
    text = "ONE FIRST NOON Tel 555-0123 US$3 billions"
    assert [m.span() for m in matches(scan, text, None)] == [m.span() for m in scan.pattern.finditer(text)]
    assert scan_module.folded("x\u0130") is not None  # "İ" is folded to "i" before lower-casing


_LEFT = ["", " ", "x", "1", ".", ",", "-", "(", "\u00a0", "A", "$", "\n"]
_RIGHT = ["", " ", "1", "12", ".5", ",", "-7", "s", " 2016", " km", "\u00a0500", " 2 a.m.", ":30"]
_CONTEXT_TEXTS = [left + middle + right for middle in [*_FRAGMENTS, *_NUMBERS] for left in _LEFT for right in _RIGHT]


@pytest.mark.parametrize(("name", "scan"), SCANS, ids=[n for n, _ in SCANS])
def test_scan_gives_what_finditer_gives_on_every_fragment_in_context(name: str, scan: Scan) -> None:
    # Every fragment with every left and right neighbour: where a pattern can start is decided at its
    # first characters and the one before, so these are the cases a wrong start pattern gets wrong.
    for text in _CONTEXT_TEXTS:
        assert _found(scan, text) == _expected(scan, text), (name, text)
