"""Tests for site_builder.figures: the case table (tests/figures_cases.py), and the engine's limits."""

from __future__ import annotations

import pytest

from site_builder.figures import FactDate, Kind, backs, find_mentions, mention_supports, mentions_in_span
from site_builder.figures.mentions import read

from figures_cases import CASES


def _backed(paragraph: str, quote: str | None, figure: object, published: FactDate | None) -> bool:
    """Return True when the quote, read within its paragraph, backs the figure (every figure, for a claim)."""
    quote = paragraph if quote is None else quote
    start = paragraph.index(quote)
    mentions = find_mentions(paragraph, published=published)
    covered, _cut = mentions_in_span(mentions, start, start + len(quote))
    if isinstance(figure, str):
        claimed = find_mentions(figure, published=published)
        assert claimed, f"the claim {figure!r} states no figure"
        return all(any(backs(m, c) for m in covered) for c in claimed)
    if isinstance(figure, FactDate):
        return any(mention_supports(m, figure, None) for m in covered)
    value, unit = figure  # type: ignore[misc]
    return any(mention_supports(m, value, unit) for m in covered)


def test_the_table_is_big_and_two_sided() -> None:
    assert len(CASES) >= 150
    assert sum(1 for *_, e in CASES if e) >= 60 and sum(1 for *_, e in CASES if not e) >= 60


@pytest.mark.parametrize(("paragraph", "quote", "figure", "published", "expected"), CASES,
                         ids=[f"{i}-{(q or p)[:30]}-{f!s:.30}" for i, (p, q, f, _, _) in enumerate(CASES)])
def test_figure_case(paragraph: str, quote: str | None, figure: object, published: FactDate | None,
                     expected: bool) -> None:
    assert _backed(paragraph, quote, figure, published) is expected


# --------------------------------------------------------------------------- cost and limits

_MIXED = ["1,500 km", "$3bn", "12%", "in 2016", "Luna-25", "nearly a dozen", "−40", "Sept. 12", "1:27 a.m. ET",
          "two hundred and fifty thousand", "between 4.3 and 5.2 billion dollars", "www.x.com/2016", "20th", "1,5"]


def _paragraph(n: int) -> str:
    # Two numbers per item, the second always three digits, so the text grows exactly with n.
    return ", ".join(f"{_MIXED[i % len(_MIXED)]} and {100 + i % 900}" for i in range(n // 2))


def test_reading_is_linear_in_the_paragraph() -> None:
    # Issue 9: 10,000 numbers in one paragraph cost no more than 20 times 500 (counted work, not wall time;
    # benchmarks/mentions_scaling.py times it). Quadratic reading would cost 400 times.
    small, large = read(_paragraph(500)), read(_paragraph(10_000))
    assert len(large.mentions) >= 19 * len(small.mentions)
    assert large.steps <= 20 * small.steps * 1.05


# 5,000 digits is past Python's int-from-text limit (4,300); 200,000 would hang a reader that is quadratic in a number.
@pytest.mark.parametrize("digits", [16, 400, 5_000, 200_000])
def test_a_huge_number_is_an_identifier_not_a_crash(digits: int) -> None:
    text = f"It cost ${'9' * digits} and 1 500km, {'1' * digits}.5 km, 10^{'9' * 6} and 10⁹⁹⁹ dollars."
    found = find_mentions(text)
    assert [m.kind for m in found if m.text.startswith("$9")] == [Kind.IDENTIFIER]
    assert any(m.text == "1 500km" and m.kind is Kind.LENGTH for m in found)
    for m in found:
        assert m.value is None or (m.value == m.value and abs(m.value) < 1e40)
        m.describe()
