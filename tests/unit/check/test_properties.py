"""Issue 5, property-based tests through the public verify path (Verifier on the real sources).

tests/unit/text/test_quotes.py checks the matcher (normalise, find_spans, QuoteIndex) on its own and
tests/unit/load/test_sources.py checks anchors on a few hand-picked edits; these check what editors rely on,
end to end through `Verifier.verify`, on inputs hypothesis invents:

* a quote cut anywhere from any article paragraph of any seed verifies, and links to that paragraph, unless
  it starts or ends inside a word or figure, or is one common word: then it is refused with that reason;
* inserting, deleting or editing other paragraphs never moves an unchanged paragraph's anchor;
* no digit changed (to another digit, a full-width, superscript or other-script digit) ever lets a
  quote match, unless the changed quote truly is in the paragraph.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from site_builder.model.facts import Citation, Fact, Page
from site_builder.text.normalise import find_spans
from site_builder.text.normalise import normalise_text
from site_builder.model.sources import Paragraph, Source
from site_builder.load.split import split
from site_builder.check.verifier import Verifier
from site_builder.check.citations import too_short
from site_builder.load.yamlfile import YamlDoc

from support import hypothesis_examples, shipped_project



@functools.cache
def verifier() -> Verifier:
    """Return a verifier of the shipped sources (made when a test first needs it, once per process)."""
    return Verifier(shipped_project().sources)


@functools.cache
def article() -> list[tuple[Source, Paragraph]]:
    """Return every article paragraph of the shipped sources, with its source."""
    return [(s, p) for s in shipped_project().sources for p in s.article]


#: Read the shipped content when hypothesis first draws, not when this module is imported.
ARTICLE = st.deferred(lambda: st.sampled_from(article()))
SETTINGS = settings(deadline=None, max_examples=hypothesis_examples(150), suppress_health_check=[HealthCheck.too_slow])


def test_the_real_sources_load() -> None:
    assert {s.id for s in shipped_project().sources} >= {"reuters", "pet-project"}
    assert len(article()) > 20


def _verify(source: str, quote: str, paragraph: str | None = None):
    """Return (diagnostics, match) for a one-fact page citing ``quote`` from ``source``."""
    doc = YamlDoc("facts/p.yaml", {})
    cite = Citation(source, quote, paragraph, ("facts", 0, "citations", 0))
    page = Page("p", doc, "P", [Fact("a-fact", "p", "A claim.", (cite,), at=("facts", 0))])
    result = verifier().verify([page])
    return result.diagnostics, result.matches.get(("a-fact", 0))


def _refusal(source: Source, paragraph, quote: str) -> str | None:
    """Return the code a cut of ``paragraph`` must be refused with, or None when it must verify.

    Worked out from the paragraph itself: where the quote's first occurrence starts and ends (the edges of a
    cut inside "1 500km", "2016" or "Vostochny" are refused), and whether it is one common word.
    """
    from site_builder.check import claims
    from site_builder.check.citations import COMMON_WORDS, paragraph_mentions
    from site_builder.figures.dates import parse_date
    import re

    spans = find_spans(quote, paragraph.text)
    if not spans:
        return None
    words = re.findall(r"\w+", normalise_text(quote))
    if not words or (len(words) == 1 and (words[0].lower() in COMMON_WORDS or (len(words[0]) == 1 and words[0].isalpha()))):
        return "short-quote"
    published = parse_date(source.published) if source.published else None
    mentions = paragraph_mentions(paragraph.text, published)
    codes = []
    for start, end in spans:
        _covered, cut = claims.mentions_in_span(mentions, start, end)
        first, last = claims.cut_at_edges(paragraph.text, start, end)
        codes.append("quote-cuts-figure" if cut else "quote-cuts-word" if (first or last) else None)
    return None if None in codes else codes[-1]


def _in_article_paragraphs(source: Source, quote: str) -> list[str]:
    q = normalise_text(quote)
    return [p.anchor for p in source.article if q in normalise_text(p.text)]


@SETTINGS
@given(ARTICLE, st.data())
def test_a_quote_cut_from_any_paragraph_is_found_in_that_paragraph(case, data: st.DataObject) -> None:
    source, paragraph = case
    text = paragraph.text
    i = data.draw(st.integers(0, len(text) - 1), label="start")
    j = data.draw(st.integers(i + 1, min(len(text), i + 200)), label="end")
    quote = text[i:j]
    assume(quote.strip())
    # Named paragraph: verifies, and the spans hold the quote, unless the cut is one the rules refuse.
    diags, match = _verify(source.id, quote, paragraph.anchor)
    refusal = _refusal(source, paragraph, quote)
    if refusal is not None:
        assert [d.code for d in diags] == [refusal], [d.format() for d in diags]
        return
    assert diags == [], [d.format() for d in diags]
    assert match is not None and match.anchor == paragraph.anchor
    assert match.spans and all(normalise_text(quote) in normalise_text(text[s:e]) or
                               normalise_text(text[s:e]) in normalise_text(quote) for s, e in match.spans)
    assert any(normalise_text(text[s:e]) == normalise_text(quote) for s, e in match.spans)
    # Without paragraph: found there when the words are in no other article paragraph, else it asks which.
    diags, match = _verify(source.id, quote)
    where = _in_article_paragraphs(source, quote)
    assert paragraph.anchor in where
    if len(where) == 1:
        assert diags == [] and match is not None and match.anchor == paragraph.anchor
    else:
        assert [d.code for d in diags] == ["ambiguous-quote"] and paragraph.anchor in diags[0].message


@SETTINGS
@given(ARTICLE, st.data())
def test_a_quote_retyped_with_straight_quotes_and_odd_spaces_still_verifies(case, data: st.DataObject) -> None:
    source, paragraph = case
    words = paragraph.text.split()
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, min(len(words), i + 20)))
    spaces = data.draw(st.lists(st.sampled_from([" ", "  ", "\u00a0", " \n ", "\t"]), min_size=1, max_size=3))
    retyped = "".join(w + spaces[n % len(spaces)] for n, w in enumerate(words[i:j])).strip()
    retyped = retyped.translate({ord("’"): "'", ord("‘"): "'", ord("“"): '"', ord("”"): '"', ord("–"): "-"})
    diags, match = _verify(source.id, retyped, paragraph.anchor)
    refusal = _refusal(source, paragraph, retyped)
    if refusal is not None:  # whole words, but one common word, or part of a figure ("500km" of "1 500km")
        assert [d.code for d in diags] == [refusal], [d.format() for d in diags]
        return
    assert diags == [] and match is not None and match.anchor == paragraph.anchor


# ------------------------------------------------------------------------------------------------ anchors

SEED_PARAGRAPHS = st.deferred(lambda: st.sampled_from(sorted({p.text for _, p in article() if "\n" not in p.text})))
LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), min_size=1, max_size=80)
NEW_PARAGRAPH = st.one_of(LINE, SEED_PARAGRAPHS.map(lambda t: t + " (updated)")).map(str.strip).filter(bool)


def _anchors(texts: list[str]) -> dict[str, str]:
    """Return anchor by normalised text for the paragraphs of ``texts`` stored as a plain-text article."""
    paragraphs = split("\n\n".join(texts) + "\n", ".txt")
    assert [p.text for p in paragraphs] == texts  # the article splits back into exactly these paragraphs
    return {normalise_text(p.text): p.anchor for p in paragraphs}


@st.composite
def article_and_edit(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Return (article, edited article): paragraphs with distinct texts, then inserts, deletes and edits."""
    before = draw(st.lists(st.one_of(SEED_PARAGRAPHS, NEW_PARAGRAPH), min_size=2, max_size=12,
                           unique_by=normalise_text))
    after = list(before)
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(["insert", "delete", "edit", "move"]))
        if op == "insert":
            after.insert(draw(st.integers(0, len(after))), draw(NEW_PARAGRAPH))
        elif op == "delete" and len(after) > 1:
            after.pop(draw(st.integers(0, len(after) - 1)))
        elif op == "edit":
            k = draw(st.integers(0, len(after) - 1))
            after[k] = (after[k] + " " + draw(NEW_PARAGRAPH)).strip()
        elif op == "move" and len(after) > 1:
            after.insert(draw(st.integers(0, len(after) - 1)), after.pop(draw(st.integers(0, len(after) - 1))))
    # Identical paragraphs are numbered in order (-2, -3...); the property is about distinct ones.
    assume(len({normalise_text(t) for t in after}) == len(after))
    return before, after


@SETTINGS
@given(article_and_edit())
def test_editing_other_paragraphs_never_moves_an_unchanged_paragraphs_anchor(case) -> None:
    before, after = case
    old, new = _anchors(before), _anchors(after)
    unchanged = set(old) & set(new)
    for text in unchanged:
        assert old[text] == new[text], text
    # And the anchors of distinct paragraphs are distinct.
    assert len(set(new.values())) == len(new)


@SETTINGS
@given(article_and_edit())
def test_a_citation_keeps_verifying_when_other_paragraphs_change(case) -> None:
    """Through verify: a citation pinned to an unchanged paragraph still lands on it after the edit."""
    before, after = case
    unchanged = [t for t in after if t in before and not too_short(t)]  # ":" alone is refused as too short
    assume(unchanged)
    target = unchanged[0]
    anchors = {p.text: p.anchor for p in split("\n\n".join(after) + "\n", ".txt")}
    source = Source("s", "seeds/s.txt", Path("seeds/s.txt"), split("\n\n".join(after) + "\n", ".txt"), "0" * 64)
    verifier = Verifier([source])
    doc = YamlDoc("facts/p.yaml", {})
    old_anchor = _anchors(before)[normalise_text(target)]
    cite = Citation("s", target, old_anchor, ("facts", 0, "citations", 0))
    result = verifier.verify([Page("p", doc, "P", [Fact("f", "p", "c", (cite,), at=("facts", 0))])])
    assert result.diagnostics == [] and result.matches[("f", 0)].anchor == anchors[target] == old_anchor


# ------------------------------------------------------------------------------------------------ numbers

#: What a digit may be replaced by: ASCII, full-width and superscript digits (NFKC maps them to ASCII),
#: and digits of other scripts (Arabic-Indic, Devanagari), which are different characters altogether.
DIGIT_FORMS = {d: [str(d), chr(0xFF10 + d), "⁰¹²³⁴⁵⁶⁷⁸⁹"[d], chr(0x0660 + d), chr(0x0966 + d)] for d in range(10)}


def _reference(text: str) -> str:
    """An independent, naive normalisation: NFKC, quote and dash styles, whitespace."""
    text = unicodedata.normalize("NFKC", text)
    for straight, curly in (("'", "‘’"), ('"', "“”"), ("-", "–—")):
        for c in curly:
            text = text.replace(c, straight)
    return " ".join(text.split())


NUMERIC = st.deferred(lambda: st.sampled_from([(s, p) for s, p in article() if any(c.isdigit() for c in p.text)]))


@SETTINGS
@given(NUMERIC, st.data())
def test_a_changed_digit_never_verifies_unless_truly_in_the_paragraph(case, data: st.DataObject) -> None:
    source, paragraph = case
    text = paragraph.text
    digits = [k for k, c in enumerate(text) if c.isascii() and c.isdigit()]
    k = data.draw(st.sampled_from(digits), label="digit position")
    lo = data.draw(st.integers(max(0, k - 60), k), label="start")
    hi = data.draw(st.integers(k + 1, min(len(text), k + 60)), label="end")
    old = int(text[k])
    new = data.draw(st.sampled_from([n for n in range(10) if n != old]), label="new digit")
    form = data.draw(st.sampled_from(DIGIT_FORMS[new]), label="written as")
    quote = text[lo:k] + form + text[k + 1:hi]
    truly_there = _reference(quote) in _reference(text)
    diags, match = _verify(source.id, quote, paragraph.anchor)
    refusal = _refusal(source, paragraph, quote) if truly_there else None
    if refusal is not None:  # truly there, but cut inside a word or figure
        assert [d.code for d in diags] == [refusal], [d.format() for d in diags]
        return
    assert (match is not None) == truly_there, (quote, [d.format() for d in diags])
    if not truly_there:  # not found, or found only in another paragraph (named in the message)
        assert len(diags) == 1 and diags[0].code in ("quote-not-found", "wrong-paragraph", "excluded-quote"), diags


@SETTINGS
@given(NUMERIC, st.data())
def test_the_same_digit_in_another_compatible_form_still_verifies(case, data: st.DataObject) -> None:
    """The forgiving side: a full-width or superscript form of the *same* digit is the same number (NFKC)."""
    source, paragraph = case
    text = paragraph.text
    digits = [k for k, c in enumerate(text) if c.isascii() and c.isdigit()]
    k = data.draw(st.sampled_from(digits))
    d = int(text[k])
    form = data.draw(st.sampled_from(DIGIT_FORMS[d][:3]))
    quote = text[max(0, k - 30):k] + form + text[k + 1:k + 30]
    assume(quote.strip())
    diags, match = _verify(source.id, quote, paragraph.anchor)
    refusal = _refusal(source, paragraph, quote)
    if refusal is not None:  # found, but cut inside a word or figure: refused for that, not for the digit
        assert [d.code for d in diags] == [refusal], [d.format() for d in diags]
        return
    assert diags == [] and match is not None


@pytest.mark.parametrize("value", [1499, 1501, 150, 15000, 1600, 930.5])
def test_a_value_near_the_stated_one_is_not_supported(value: float) -> None:
    doc = YamlDoc("facts/p.yaml", {})
    cite = Citation("reuters", "about 1 500km from the port of Vladivostok", None, ("facts", 0, "citations", 0))
    fact = Fact("f", "p", "c", (cite,), value=value, unit="km", at=("facts", 0))
    result = verifier().verify([Page("p", doc, "P", [fact])])
    assert [d.code for d in result.diagnostics] == ["value-not-supported"]
