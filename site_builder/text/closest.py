"""The closest passage to a quote that is not found: which paragraph, where, and how close."""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from .normalise import _normalised_quote, normalise, normalise_text
from .tokens import _diff_tokens, _token_opcodes


@dataclass(frozen=True)
class Closest:
    """The source passage most similar to a quote that was not found."""

    key: Hashable  # which paragraph
    start: int  # offsets of the passage in the original paragraph text
    end: int
    passage: str  # the original text of that passage
    score: float  # rapidfuzz similarity, 0..100 (see closest())


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return ``start``/``end`` moved outwards to whole words and inwards past spaces."""
    while start > 0 and start < len(text) and not text[start - 1].isspace() and not text[start].isspace():
        start -= 1
    while end < len(text) and end > 0 and not text[end - 1].isspace() and not text[end].isspace():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trim_to_quote(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Return the part of text[start:end] that the quote's tokens align with.

    The window is deliberately generous; source words before the quote's
    first aligned token and after its last one are context, not passage.
    """
    q_tokens = _diff_tokens(quote)
    t_tokens = [(s, e) for s, e in _diff_tokens(text) if s >= start and e <= end]
    if not q_tokens or not t_tokens:
        return start, end
    ops = [op for op in _token_opcodes(quote, q_tokens, text, t_tokens) if op[0] != "insert"]
    source_ops = [op for op in ops if op[3] < op[4]]  # ops covering source tokens
    if not source_ops:
        return start, end
    head, tail = source_ops[0], source_ops[-1]
    j1, j2 = head[3], tail[4]
    # A mistyped edge word lines up with the source word next to the
    # match, not with the extra context words beyond it.
    if head[0] == "replace" and head[4] - head[3] > head[2] - head[1]:
        j1 = head[4] - (head[2] - head[1])
    if tail[0] == "replace" and tail[4] - tail[3] > tail[2] - tail[1]:
        j2 = tail[3] + (tail[2] - tail[1])
    if j2 <= j1:
        # One replace covering both edges can cross over: keep its whole source side.
        j1, j2 = head[3], tail[4]
    return t_tokens[j1][0], t_tokens[j2 - 1][1]


def closest(quote: str, paragraphs: Sequence[tuple[Hashable, str]], min_score: float = 60) -> Closest | None:
    """Return the passage of ``paragraphs`` most similar to ``quote``, or None if none scores ``min_score``.

    Similarity is rapidfuzz's ``partial_ratio`` of the normalised quote
    against each normalised paragraph (plain ``ratio`` against a paragraph
    shorter than the quote, which partial_ratio would otherwise look for
    inside the quote); the best alignment is widened to
    whole words (plus a little context, to catch words the quote left out),
    trimmed back to what lines up with the quote, and mapped to offsets in
    the original paragraph. Ties go to the earlier paragraph. Raises
    ValueError for an empty quote.
    """
    from rapidfuzz import fuzz  # imported only when a quote failed: a passing check never needs it

    needle = _normalised_quote(quote)
    best: tuple[float, Hashable, str, int, int] | None = None
    cutoff = min_score
    for key, text in paragraphs:
        haystack = normalise_text(text)
        if not haystack:
            continue
        if len(haystack) < len(needle):
            # partial_ratio would look for the paragraph inside the quote,
            # so a short heading ("Share") scores high against any long
            # quote containing similar letters: compare them whole instead.
            score = fuzz.ratio(needle, haystack, score_cutoff=cutoff)
            span = (0, len(haystack))
        else:
            found = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=cutoff)
            score = 0.0 if found is None else found.score
            span = (0, 0) if found is None else (found.dest_start, found.dest_end)
        if score < cutoff or score == 0 or (best is not None and score <= best[0]):
            continue
        best = (score, key, text, span[0], span[1])
        cutoff = score
    if best is None:
        return None
    score, key, text, d_start, d_end = best
    para = normalise(text)
    start, end = _word_bounds(para.text, d_start, d_end)
    # Context of a few tokens each side: a quote that leaves words out is
    # shorter than its passage, so the alignment window stops short of it.
    tokens = _diff_tokens(para.text)
    margin = max(4, len(_diff_tokens(needle)) // 3)
    first = bisect.bisect_right([e for _, e in tokens], start)
    last = bisect.bisect_left([s for s, _ in tokens], end)
    if tokens:
        lo = tokens[max(0, first - margin)][0]
        hi = tokens[min(len(tokens), last + margin) - 1][1]
        start, end = _trim_to_quote(needle, para.text, min(start, lo), max(end, hi))
    o_start, o_end = para.original_span(start, end)
    return Closest(key=key, start=o_start, end=o_end, passage=text[o_start:o_end], score=float(score))
