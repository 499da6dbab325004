"""The fast ways of placing a quote agree with the straightforward ones, on random texts.

``find_spans`` works out where a quote sits from the whitespace runs alone when normalising changes
nothing else (nearly all text), and ``normalise_text`` skips steps that cannot change ASCII or
NFKC-normal text. The references below are the plain definitions: the offset tables of
:func:`normalise` (a character for a character, through every step) and the four whole-string steps.
"""

from __future__ import annotations

import importlib
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from site_builder.text.normalise import find_spans, normalise, normalise_text
from support import hypothesis_examples

# The module (the package's ``normalise`` is the function of that name).
nm = importlib.import_module("site_builder.text.normalise")

#: Characters that normalising treats specially, and plain ones between them.
ALPHABET = (
    "ab cdé1 2.,"  # plain, and a precomposed letter
    "\u00a0\u2009\u202f\u3000"  # no-break, thin, narrow no-break, ideographic spaces
    "\n\t\r\x0b\x1c\x85\u2028"  # line breaks and other whitespace
    "\u2018\u2019\u201c\u201d\u00ab\u00bb\u2032\u2033\u2034"  # curly quotes, primes, a triple prime
    "\u2013\u2014\u2212-'\""  # dashes, the minus, the straight ones
    "\ufb01\u2460\uff11\u00bd\u2126"  # ligature fi, circled 1, fullwidth 1, one half, ohm sign
    "\u0301\u0308\u0327"  # combining acute, diaeresis, cedilla
    "\u1100\u1161\u11a8"  # Hangul jamo (they compose)
    "\u0421\U0001d400\U0001f680"  # Cyrillic Es, mathematical bold A, a rocket
)

texts = st.text(alphabet=ALPHABET, max_size=60)


def reference_spans(quote: str, paragraph: str) -> list[tuple[int, int]]:
    """Return the spans as the offset tables of normalise() give them."""
    needle = normalise_text(quote)
    if not needle:
        raise ValueError("empty quote")
    para = normalise(paragraph)
    out, i = [], para.text.find(needle)
    while i >= 0:
        out.append(para.original_span(i, i + len(needle)))
        i = para.text.find(needle, i + len(needle))
    return out


def reference_normalise_text(text: str) -> str:
    """Return the normalised text by the four whole-string steps, none skipped."""
    nfkc = unicodedata.normalize("NFKC", text.translate(nm._PRE_MAP)).translate(nm._POST_MAP)
    return nm._WHITESPACE_RUN.sub(" ", nfkc).strip(" ")


@settings(max_examples=hypothesis_examples(800), deadline=None)
@given(texts)
@example("  a  b \n c  ")
@example("x\u00a0\u00a0y")
@example("\ufb01rst  \u2033x\u2033")
def test_normalise_text_is_the_plain_definition(text: str) -> None:
    assert normalise_text(text) == reference_normalise_text(text) == normalise(text).text


@st.composite
def quote_and_paragraph(draw: st.DrawFn) -> tuple[str, str]:
    paragraph = draw(texts)
    if paragraph and draw(st.booleans()):
        # Mostly a piece of the paragraph itself (so it is found), sometimes respaced or requoted.
        a = draw(st.integers(0, len(paragraph)))
        b = draw(st.integers(a, len(paragraph)))
        quote = paragraph[a:b]
        if draw(st.booleans()):
            quote = quote.replace(" ", "  ").replace("\u2019", "'").replace("\u2013", "-")
    else:
        quote = draw(texts)
    return quote, paragraph


@settings(max_examples=hypothesis_examples(1500), deadline=None)
@given(quote_and_paragraph())
@example(("b", "  a  b  b \n b  "))
@example(("a b", "\n\na \u00a0\t b a\u2028b"))
@example(("\u2019x", "\u2019x \u2019x  \u2019x"))
@example(("first", "the \ufb01rst  first"))
def test_find_spans_agrees_with_the_offset_tables(case: tuple[str, str]) -> None:
    quote, paragraph = case
    if not normalise_text(quote):
        with pytest.raises(ValueError, match="empty quote"):
            find_spans(quote, paragraph)
        return
    assert find_spans(quote, paragraph) == reference_spans(quote, paragraph)


SPACED = [
    # (quote, paragraph, the original characters each span covers)
    ("b c", "a  b \u00a0 c d", ["b \u00a0 c"]),
    ("x", "\n  x   x\t\tx  ", ["x", "x", "x"]),
    ("1 500km", "about 1\u00a0500km, not 1  500km", ["1\u00a0500km", "1  500km"]),
    ("“A” - B", "  \u201cA\u201d   \u2013 B", ["\u201cA\u201d   \u2013 B"]),
]


@pytest.mark.parametrize(("quote", "paragraph", "covered"), SPACED)
def test_spans_across_long_runs_of_whitespace(quote: str, paragraph: str, covered: list[str]) -> None:
    assert nm._whitespace_shifts(paragraph) is not None  # the fast path places these
    assert [paragraph[s:e] for s, e in find_spans(quote, paragraph)] == covered


def test_text_that_nfkc_changes_takes_the_tables() -> None:
    assert nm._whitespace_shifts("the \ufb01rst") is None
    assert [(s, e) for s, e in find_spans("first", "the \ufb01rst")] == [(4, 8)]


def test_the_listed_whitespace_is_every_whitespace_character_python_knows() -> None:
    assert tuple(cp for cp in range(0x110000) if chr(cp).isspace()) == nm.WHITESPACE


def test_the_pre_table_maps_every_character_as_the_pre_map_does() -> None:
    every = "".join(map(chr, range(0x110000))).encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
    assert every.translate(nm._PRE_TABLE) == every.translate(nm._PRE_MAP)
