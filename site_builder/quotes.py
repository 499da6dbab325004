"""Quote matching: does an editor's quote really occur in a source paragraph?

The matching rule is a contract, deliberately strict. A quote matches a
paragraph when, after normalising both, the quote is a substring of the
paragraph. Normalisation forgives only:

* whitespace differences: any run of Unicode whitespace (no-break and thin
  spaces, newlines, ...) becomes one space; the quote's leading and trailing
  whitespace is ignored. Absent whitespace is *not* forgiven: "1500km" does
  not match "1 500km";
* straight versus curly quotes and apostrophes (``‘ ’ ‚ ‛ ′ “ ” „ ‟ ″ « »``);
* dash variants (``‐ ‑ ‒ – — ― −`` become ``-``);
* Unicode compatibility forms (NFKC: ligatures, fullwidth digits, ...).

Case is not forgiven, and neither are confusable letters (a Latin ``C``
does not match a Cyrillic ``С``).

Besides the yes/no rule this module says *where* a quote is (offsets into the
original paragraph, so a renderer can highlight exactly the original
characters), finds many quotes in many paragraphs quickly
(:class:`QuoteIndex`), and, when a quote is not found, finds the closest
passage and says in words what differs.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from collections.abc import Collection, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

__all__ = [
    "Closest",
    "Normalised",
    "QuoteIndex",
    "closest",
    "explain_difference",
    "find_spans",
    "mark_differences",
    "normalise",
    "normalise_text",
]

# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"  # ‘ ’ ‚ ‛ ′
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"  # “ ” „ ‟ ″ « »
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # ‐ ‑ ‒ – — ― −

_QUOTE_DASH_MAP: dict[int, str] = {
    **{ord(c): "'" for c in _SINGLE_QUOTES},
    **{ord(c): '"' for c in _DOUBLE_QUOTES},
    **{ord(c): "-" for c in _DASHES},
}

# Before NFKC every whitespace character becomes a plain space. NFKC would
# turn most of them into U+0020 anyway; doing it first keeps ordinary text
# with no-break spaces on the fast path (it is then already NFKC-normal).
# Quotes and dashes are also mapped first, because NFKC would otherwise turn
# "″" (double prime) into two single primes, i.e. '' rather than ".
# (Unicode has no whitespace outside the BMP; were one added, the collapse
# after NFKC would still catch it, only off the fast path.)
_PRE_MAP: dict[int, str] = {
    **{cp: " " for cp in range(0x10000) if chr(cp).isspace()},
    **_QUOTE_DASH_MAP,
}
# After NFKC, map again: compatibility forms can decompose into characters
# of the table (e.g. U+2034 triple prime -> three U+2032 primes).
_POST_MAP: dict[int, str] = _QUOTE_DASH_MAP

# Python's ``\s`` is exactly str.isspace(), the same set _PRE_MAP covers.
_WHITESPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True)
class Normalised:
    """A normalised text with, for each of its characters, where it came from.

    ``starts[i]``/``ends[i]`` are the offsets in the original text of the
    characters that produced normalised character ``i``. A character produced
    by a run of whitespace maps to the whole run, and every character produced
    by an NFKC expansion or composition (e.g. "ﬁ" -> "fi", "e" + U+0301 ->
    "é") maps to the whole original cluster, so a span mapped back never
    splits an original character.
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __post_init__(self) -> None:
        # A mismatch here would silently misplace every highlight.
        if not len(self.text) == len(self.starts) == len(self.ends):
            raise ValueError("text, starts and ends must have the same length")

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the (start, end) offsets in the original text of normalised text[start:end].

        An empty range maps to the position just after the preceding
        character (or before the first one).
        """
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span {start}:{end} outside normalised text of length {len(self.text)}")
        if start == end:
            if start == 0:
                pos = self.starts[0] if self.starts else 0
            else:
                pos = self.ends[start - 1]
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _nfkc_chunks(text: str) -> list[tuple[int, int]]:
    """Return (start, end) chunks of ``text`` that NFKC-normalise independently.

    Concatenating the NFKC forms of the chunks gives the NFKC form of the
    whole text, so each chunk's output can be attributed to that chunk.
    """
    nfkc = functools.partial(unicodedata.normalize, "NFKC")
    chunks: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text)):
        char = text[i]
        if unicodedata.combining(char):
            # Combining marks reorder and compose with what precedes them.
            continue
        left = text[start:i]
        # Some starters compose with the previous character too (Hangul
        # jamo, halfwidth kana voicing marks, ...): only cut where that
        # does not happen.
        if nfkc(left + char) == nfkc(left) + nfkc(char):
            chunks.append((start, i))
            start = i
    if text:
        chunks.append((start, len(text)))
    if "".join(nfkc(text[s:e]) for s, e in chunks) != nfkc(text):
        # Exotic interactions the pairwise test cannot see: attributing the
        # whole text to every output character is coarse but never wrong.
        return [(0, len(text))] if text else []
    return chunks


def _nfkc_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """Return the NFKC form of ``text`` with original start and end offsets per output character."""
    if unicodedata.is_normalized("NFKC", text):
        # Fast path for nearly all real text: nothing moves.
        return text, list(range(len(text))), list(range(1, len(text) + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for s, e in _nfkc_chunks(text):
        chunk = text[s:e]
        normal = unicodedata.normalize("NFKC", chunk)
        if normal == chunk:
            out.append(chunk)
            starts.extend(range(s, e))
            ends.extend(range(s + 1, e + 1))
        else:
            out.append(normal)
            starts.extend([s] * len(normal))
            ends.extend([e] * len(normal))
    return "".join(out), starts, ends


def normalise(text: str) -> Normalised:
    """Return the normalised form of ``text`` with offsets back into ``text``.

    See the module docstring for what normalisation forgives. Leading and
    trailing whitespace is dropped.
    """
    return _normalise_cached(text)


@functools.lru_cache(maxsize=2048)
def _normalise_cached(text: str) -> Normalised:
    # The same paragraph is normalised once per quote citing it: cache.
    pre = text.translate(_PRE_MAP)
    chars, char_starts, char_ends = _nfkc_with_offsets(pre)
    chars = chars.translate(_POST_MAP)  # one character for one: offsets hold
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _WHITESPACE_RUN.finditer(chars):
        s, e = m.span()
        parts.append(chars[pos:s])
        starts.extend(char_starts[pos:s])
        ends.extend(char_ends[pos:s])
        if s > 0 and e < len(chars):  # edge whitespace is stripped
            parts.append(" ")
            starts.append(char_starts[s])
            ends.append(char_ends[e - 1])
        pos = e
    parts.append(chars[pos:])
    starts.extend(char_starts[pos:])
    ends.extend(char_ends[pos:])
    return Normalised("".join(parts), tuple(starts), tuple(ends))


@functools.lru_cache(maxsize=16384)
def normalise_text(text: str) -> str:
    """Return ``normalise(text).text``, computed without offsets (fast, cached).

    Stable by contract: source anchors hash this text, so changing what it
    forgives changes anchors.
    """
    # Whole-string operations in C; _nfkc_chunks guarantees the chunked
    # NFKC of normalise() produces the very same string.
    nfkc = unicodedata.normalize("NFKC", text.translate(_PRE_MAP)).translate(_POST_MAP)
    return _WHITESPACE_RUN.sub(" ", nfkc).strip(" ")


def _normalised_quote(quote: str) -> str:
    """Return the normalised quote, raising ValueError if nothing is left of it."""
    normal = normalise_text(quote)
    if not normal:
        raise ValueError("empty quote: a quote must contain at least one non-whitespace character")
    return normal


def _occurrences(needle: str, haystack: str) -> Iterator[int]:
    """Return an iterator over the start of every non-overlapping occurrence of ``needle``."""
    i = haystack.find(needle)
    while i >= 0:
        yield i
        i = haystack.find(needle, i + len(needle))


def find_spans(quote: str, paragraph: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets in ``paragraph`` of every non-overlapping occurrence of ``quote``.

    Offsets index the original ``paragraph`` string, so
    ``paragraph[start:end]`` is exactly the source's own characters (curly
    quotes, no-break spaces and all). ``[]`` when the quote does not occur.

    Raises ValueError for an empty or whitespace-only quote.
    """
    needle = _normalised_quote(quote)
    if needle not in normalise_text(paragraph):  # cheap rejection first
        return []
    para = normalise(paragraph)
    return [para.original_span(i, i + len(needle)) for i in _occurrences(needle, para.text)]


# --------------------------------------------------------------------------
# Index of many paragraphs
# --------------------------------------------------------------------------

_INDEX_TOKEN = re.compile(r"\w+")
_SEP = "\0"  # never part of a \w+ token
_Affix = Literal["prefix", "suffix", "infix"]
# Above this many candidates, intersecting a second posting list is cheaper
# than substring-checking them all.
_INTERSECT_ABOVE = 32


class QuoteIndex:
    """Index of many paragraphs, built once, so looking up thousands of quotes is not quadratic.

    Paragraphs are indexed by the word tokens (``\\w+``) of their normalised
    text. A quote's interior tokens (those with a non-word character on both
    sides inside the quote) must occur as whole tokens in any paragraph that
    contains it; its first and last tokens may be cut mid-word, so they are
    looked up as suffix / prefix / infix of the vocabulary. Candidates are
    then confirmed by a plain substring test, so the index only ever narrows
    the search and never changes the answer.

    Nothing is normalised or indexed up front: a lookup among given keys (the paragraphs of the source a
    citation names, which is how `check` looks quotes up) reads only those paragraphs, and the word index
    over all of them is built on the first search of every paragraph (the "these exact words are in
    source ..." hint of a quote that failed).
    """

    def __init__(self, paragraphs: Iterable[tuple[Hashable, str]]) -> None:
        """Take ``(key, text)`` pairs; raises ValueError on a repeated key."""
        self._keys: list[Hashable] = []
        self._raw: list[str] = []
        self._texts: list[str | None] = []
        self._ids: dict[Hashable, int] = {}
        for key, text in paragraphs:
            if key in self._ids:
                # Silently keeping one of two paragraphs would hide quotes.
                raise ValueError(f"duplicate paragraph key {key!r}")
            self._ids[key] = len(self._keys)
            self._keys.append(key)
            self._raw.append(text)
            self._texts.append(None)
        self._index: dict[str, list[int]] | None = None
        self._vocab: list[str] | None = None
        self._vocab_blob = ""
        self._vocab_offsets: list[int] = []
        self._affix_cache: dict[tuple[_Affix, str], frozenset[int]] = {}

    def __len__(self) -> int:
        """Return the number of indexed paragraphs."""
        return len(self._keys)

    def _text(self, pid: int) -> str:
        """Return the normalised text of paragraph ``pid``, normalised on first need."""
        normal = self._texts[pid]
        if normal is None:
            normal = self._texts[pid] = normalise_text(self._raw[pid])
        return normal

    @property
    def _postings(self) -> dict[str, list[int]]:
        """Return token -> ids of the paragraphs having it, built on first need."""
        if self._index is None:
            index: dict[str, list[int]] = {}
            for pid in range(len(self._keys)):
                for token in set(_INDEX_TOKEN.findall(self._text(pid))):
                    index.setdefault(token, []).append(pid)
            self._index = index
        return self._index

    def find(self, quote: str, keys: Collection[Hashable] | None = None) -> list[Hashable]:
        """Return the keys of the paragraphs containing ``quote``, in insertion order.

        With ``keys``, only those paragraphs are considered (keys the index
        does not hold are ignored). Raises ValueError for an empty or
        whitespace-only quote.
        """
        needle = _normalised_quote(quote)
        allowed: set[int] | None = None
        if keys is not None:
            # The paragraphs of one source: checking each of them directly costs less than building
            # (or consulting) the index of every source.
            allowed = {self._ids[k] for k in keys if k in self._ids}
            return [self._keys[i] for i in sorted(allowed) if needle in self._text(i)]
        candidates = self._candidates(needle)
        if candidates is None:
            ids: Iterable[int] = range(len(self._keys)) if allowed is None else sorted(allowed)
        else:
            ids = sorted(candidates if allowed is None else allowed.intersection(candidates))
        return [self._keys[i] for i in ids if needle in self._text(i)]

    def _candidates(self, needle: str) -> Collection[int] | None:
        """Return ids of paragraphs that may contain ``needle``, or None for "any paragraph may"."""
        tokens = [(m.start(), m.end(), m.group()) for m in _INDEX_TOKEN.finditer(needle)]
        if not tokens:
            return None  # only punctuation: nothing to narrow by
        interior = {t for s, e, t in tokens if s > 0 and e < len(needle)}
        if interior:
            lists: list[list[int]] = []
            for token in interior:
                posting = self._postings.get(token)
                if posting is None:
                    return ()
                lists.append(posting)
            lists.sort(key=len)
            if len(lists) == 1 or len(lists[0]) <= _INTERSECT_ABOVE:
                return lists[0]
            return set(lists[0]).intersection(lists[1])
        # No interior token: every token touches an edge of the quote and
        # may be only part of a paragraph's word.
        result: frozenset[int] | None = None
        for s, e, token in tokens:
            at_start, at_end = s == 0, e == len(needle)
            mode: _Affix = "infix" if at_start and at_end else "suffix" if at_start else "prefix"
            found = self._affix(mode, token)
            result = found if result is None else result & found
            if not result:
                return ()
        return result

    def _affix(self, mode: _Affix, token: str) -> frozenset[int]:
        """Return ids of paragraphs with a word having ``token`` as prefix, suffix or infix (``mode``)."""
        cached = self._affix_cache.get((mode, token))
        if cached is not None:
            return cached
        if self._vocab is None:
            # Built on first need only: most quotes have an interior token.
            self._vocab = list(self._postings)
            blob_parts: list[str] = []
            offset = 1
            for word in self._vocab:
                self._vocab_offsets.append(offset)
                blob_parts.append(word)
                offset += len(word) + 1
            self._vocab_blob = _SEP + _SEP.join(blob_parts) + _SEP
        pattern = {"prefix": _SEP + token, "suffix": token + _SEP, "infix": token}[mode]
        shift = 1 if mode == "prefix" else 0
        words: set[int] = set()
        i = self._vocab_blob.find(pattern)
        while i >= 0:
            words.add(bisect.bisect_right(self._vocab_offsets, i + shift) - 1)
            i = self._vocab_blob.find(pattern, i + 1)
        ids: set[int] = set()
        for w in words:
            ids.update(self._postings[self._vocab[w]])
        result = frozenset(ids)
        self._affix_cache[(mode, token)] = result
        return result


# --------------------------------------------------------------------------
# Closest passage and what differs
# --------------------------------------------------------------------------

# Diff tokens: a number (digit groups joined by one separator, so "1 500"
# and "1,600" are one token each), a run of letters, or one other
# non-space character. Combining marks are glued on afterwards.
_DIFF_TOKEN = re.compile(r"\d+(?:[ ,.]\d+)*|[^\W\d_]+|\S")


def _diff_tokens(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each diff token of normalised ``text``."""
    spans: list[tuple[int, int]] = []
    for m in _DIFF_TOKEN.finditer(text):
        s, e = m.span()
        if spans and spans[-1][1] == s and all(unicodedata.category(c).startswith("M") for c in text[s:e]):
            spans[-1] = (spans[-1][0], e)  # a mark belongs to its base letter
        else:
            spans.append((s, e))
    return spans


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


Opcode = tuple[str, int, int, int, int]


def _token_opcodes(a: str, a_tokens: list[tuple[int, int]], b: str, b_tokens: list[tuple[int, int]]) -> list[Opcode]:
    """Return difflib opcodes between the token sequences of ``a`` and ``b``."""
    matcher = difflib.SequenceMatcher(
        None, [a[s:e] for s, e in a_tokens], [b[s:e] for s, e in b_tokens], autojunk=False
    )
    return [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


@dataclass(frozen=True)
class _Difference:
    """One difference between a normalised quote and passage, described and located."""

    sentence: str
    # Ranges of the normalised passage to bracket; an empty range marks
    # where the quote has something the passage lacks.
    marks: tuple[tuple[int, int], ...]


def _is_odd(char: str) -> bool:
    """Return whether a character deserves to be named rather than just shown."""
    return not char.isascii() or not char.isprintable()


def _show(text: str) -> str:
    """Return ``text`` quoted for a message, invisible characters escaped."""
    return "'" + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text) + "'"


def _describe_chars(text: str) -> str:
    """Return ``text`` quoted with the code point and name of each character."""
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')}" for c in text)
    return f"{_show(text)} ({names})"


def _region(text: str, tokens: list[tuple[int, int]], i1: int, i2: int) -> tuple[int, int]:
    """Return the text range covered by tokens i1..i2, or the insertion point before token i1."""
    if i1 < i2:
        return tokens[i1][0], tokens[i2 - 1][1]
    pos = tokens[i1][0] if i1 < len(tokens) else len(text)
    return pos, pos


def _char_differences(q: str, p: str, ps: int) -> list[_Difference]:
    """Return character-level differences naming the odd characters of one replaced word."""
    out: list[_Difference] = []
    matcher = difflib.SequenceMatcher(None, q, p, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        mark = ((ps + j1, ps + j2),)
        if tag == "replace":
            sentence = f"the quote has {_describe_chars(q[i1:i2])} where the source has {_describe_chars(p[j1:j2])}"
        elif tag == "delete":
            sentence = f"the quote adds {_describe_chars(q[i1:i2])}, which the source does not have"
        else:
            sentence = f"the source has {_describe_chars(p[j1:j2])} here, which the quote leaves out"
        out.append(_Difference(sentence, mark))
    return out


# Below this similarity a replaced word is a different word, not a typo:
# bracket all of it ("[missile]"), not scattered letters ("[missil]e[]").
_CHAR_MARKS_FROM = 0.75


def _replacement(q: str, p: str, p_start: int) -> list[_Difference]:
    """Return the differences for a quote region ``q`` replaced by passage region ``p``."""
    matcher = difflib.SequenceMatcher(None, q, p, autojunk=False)
    changed = "".join(q[i1:i2] + p[j1:j2] for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")
    if any(_is_odd(c) for c in changed) and q.casefold() != p.casefold():
        # Look-alike or invisible characters: showing the words would not
        # reveal anything, naming the characters does.
        return _char_differences(q, p, p_start)
    if matcher.ratio() >= _CHAR_MARKS_FROM or q.casefold() == p.casefold():
        marks = tuple(
            (p_start + j1, p_start + j2) for tag, _, _, j1, j2 in matcher.get_opcodes() if tag != "equal"
        )
    else:
        marks = ((p_start, p_start + len(p)),)
    if q.casefold() == p.casefold():
        suffix = " (case differs)"
    elif q.replace(" ", "") == p.replace(" ", ""):
        suffix = " (spacing differs)"
    elif q.replace(" ", "").casefold() == p.replace(" ", "").casefold():
        suffix = " (case and spacing differ)"
    else:
        suffix = ""
    return [_Difference(f"the quote has {_show(q)} where the source has {_show(p)}{suffix}", marks)]


def _spread_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Return start/end widened to whitespace-delimited words."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _differences(quote: str, passage: str) -> list[_Difference]:
    """Return the differences between normalised ``quote`` and ``passage``, in quote order."""
    q_tokens, p_tokens = _diff_tokens(quote), _diff_tokens(passage)
    out: list[_Difference] = []
    for tag, i1, i2, j1, j2 in _token_opcodes(quote, q_tokens, passage, p_tokens):
        qs, qe = _region(quote, q_tokens, i1, i2)
        ps, pe = _region(passage, p_tokens, j1, j2)
        if tag == "equal":
            # Same tokens, but a space may be present on one side only
            # ("1500 km" / "1500km"): whitespace presence is not forgiven.
            for k in range(i2 - i1 - 1):
                q_gap = quote[q_tokens[i1 + k][1]:q_tokens[i1 + k + 1][0]]
                p_gap = passage[p_tokens[j1 + k][1]:p_tokens[j1 + k + 1][0]]
                if q_gap != p_gap:
                    a = _spread_to_words(quote, q_tokens[i1 + k][0], q_tokens[i1 + k + 1][1])
                    b = _spread_to_words(passage, p_tokens[j1 + k][0], p_tokens[j1 + k + 1][1])
                    gap = (p_tokens[j1 + k][1], p_tokens[j1 + k + 1][0])
                    out.append(_Difference(
                        f"the quote has {_show(quote[a[0]:a[1]])} where the source has "
                        f"{_show(passage[b[0]:b[1]])} (spacing differs)",
                        (gap,),
                    ))
        elif tag == "replace":
            out.extend(_replacement(quote[qs:qe], passage[ps:pe], ps))
        elif tag == "delete":
            out.append(_Difference(f"the quote adds {_show(quote[qs:qe])}, which the source does not have",
                                   ((ps, ps),)))
        else:
            out.append(_Difference(f"the source has {_show(passage[ps:pe])} here, which the quote leaves out",
                                   ((ps, pe),)))
    return out


_MENTIONED = 2


def explain_difference(quote: str, passage: str) -> str:
    """Return one short sentence saying what differs between an editor's quote and a source passage.

    Compares normalised texts word by word, then character by character
    inside a replaced word when odd characters (look-alikes, invisible ones)
    are involved, naming them by code point. Mentions the first two
    differences and counts the rest.
    """
    diffs = _differences(normalise_text(quote), normalise_text(passage))
    if not diffs:
        return "the quote and the source passage are the same after normalisation"
    sentence = "; ".join(d.sentence for d in diffs[:_MENTIONED])
    rest = len(diffs) - _MENTIONED
    if rest > 0:
        sentence += f"; and {rest} more difference{'s' if rest > 1 else ''}"
    return sentence


def mark_differences(quote: str, passage: str) -> str:
    """Return ``passage`` as plain text with the characters that differ from ``quote`` in brackets.

    For terminals: "Vostochny [С]osmodrome". An empty "[]" marks where the
    quote has something the passage lacks. The passage's own characters are
    kept (curly quotes and all); its surrounding whitespace is dropped.
    """
    para = normalise(passage)
    marks: list[tuple[int, int]] = []
    for diff in _differences(normalise_text(quote), para.text):
        marks.extend(para.original_span(s, e) for s, e in diff.marks)
    marks.sort()
    text_start, text_end = para.original_span(0, len(para.text))
    out: list[str] = []
    pos = text_start
    for s, e in marks:
        if s < pos:  # overlapping marks: already bracketed
            continue
        out.append(passage[pos:s])
        # An insertion point before a word reads better as "a [] boost"
        # than as "a []boost".
        gap = " " if s == e and s > text_start and passage[s - 1].isspace() else ""
        out.append(f"[{passage[s:e]}]{gap}")
        pos = e
    out.append(passage[pos:text_end])
    return "".join(out)

