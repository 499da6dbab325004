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
