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
characters). Its neighbours find many quotes in many paragraphs quickly
(``index.py``: :class:`QuoteIndex`) and, when a quote is not found, find the
closest passage (``closest.py``) and say in words what differs
(``differences.py``).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "Normalised",
    "find_spans",
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
#: Every whitespace code point (``str.isspace``), listed rather than found by testing all 65,536 at each
#: start-up; a test checks the list against the interpreter's own Unicode data.
WHITESPACE = (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
              *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
_PRE_MAP: dict[int, str] = {
    **dict.fromkeys(WHITESPACE, " "),
    **_QUOTE_DASH_MAP,
}
# After NFKC, map again: compatibility forms can decompose into characters
# of the table (e.g. U+2034 triple prime -> three U+2032 primes).
_POST_MAP: dict[int, str] = _QUOTE_DASH_MAP
# _PRE_MAP as a string indexed by code point: str.translate looks a character up without the
# KeyError a dict raises for every character it does not map (twice as fast). The table ends at
# the last code point it maps: characters past it raise IndexError, which translate reads as
# "unchanged", as the dict's miss.
_PRE_TABLE = "".join(map(chr, range(max(_PRE_MAP) + 1))).translate(_PRE_MAP)

# Python's ``\s`` is exactly str.isspace(), the same set _PRE_MAP covers.
_WHITESPACE_RUN = re.compile(r"\s+")
# The runs _WHITESPACE_RUN.sub(" ", ...) really changes: a lone space is already what it would become.
_WHITESPACE_TO_SPACE = re.compile(r"\s{2,}|[^\S ]")
# Runs of whitespace that normalising shortens (in text whose whitespace is all spaces).
_LONG_RUN = re.compile(r"\s{2,}")


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
    if text.isascii():
        # ASCII is NFKC-normal and holds no curly quote or dash: only its whitespace changes.
        return _WHITESPACE_TO_SPACE.sub(" ", text).strip(" ")
    pre = text.translate(_PRE_TABLE)
    nfkc = unicodedata.normalize("NFKC", pre)
    if nfkc is not pre:  # NFKC changed something, perhaps into a curly quote or a dash
        nfkc = nfkc.translate(_POST_MAP)
    return _WHITESPACE_TO_SPACE.sub(" ", nfkc).strip(" ")


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


def find_spans(quote: str, paragraph: str, normal: str | None = None) -> list[tuple[int, int]]:
    """Return the (start, end) offsets in ``paragraph`` of every non-overlapping occurrence of ``quote``.

    Offsets index the original ``paragraph`` string, so
    ``paragraph[start:end]`` is exactly the source's own characters (curly
    quotes, no-break spaces and all). ``[]`` when the quote does not occur.
    ``normal``: ``normalise_text(paragraph)``, when the caller has it.

    Raises ValueError for an empty or whitespace-only quote.
    """
    needle = _normalised_quote(quote)
    if normal is None:
        normal = normalise_text(paragraph)
    if needle not in normal:  # cheap rejection first
        return []
    shifts = _whitespace_shifts(paragraph)
    if shifts is None:
        para = normalise(paragraph)
        return [para.original_span(i, i + len(needle)) for i in _occurrences(needle, para.text)]
    # The needle is normalised, so it starts and ends with a character that is not whitespace: each end
    # maps to one original character, ``k`` characters later in the original where ``k`` were dropped before it.
    lead, at, dropped = shifts
    last = len(needle) - 1
    out = []
    for i in _occurrences(needle, normal):
        start = i + lead + (dropped[bisect.bisect_left(at, i) - 1] if at else 0)
        end = i + last + lead + (dropped[bisect.bisect_left(at, i + last) - 1] if at else 0) + 1
        out.append((start, end))
    return out


# As many as normalise_text keeps: a check at size L finds quotes in about 9,000 paragraphs, each cited once or more,
# and with room for 2,048 it worked out most of them again for each further citation (11,500 of 12,680 computed).
@functools.lru_cache(maxsize=16384)
def _whitespace_shifts(text: str) -> tuple[int, tuple[int, ...], tuple[int, ...]] | None:
    """Return how normalising ``text`` moves its characters, when only its whitespace changes; else None.

    That is the case when ``text`` is NFKC-normal once its spaces, quotes and dashes are mapped (one
    character for one): nearly all real text. Then normalised character ``i`` (not a space) is original
    character ``i + lead + dropped[j]``, where ``lead`` is the leading whitespace stripped, ``at`` lists
    the normalised positions of the runs of whitespace that became one space, and ``dropped[j]`` counts
    the characters those runs lost, up to the last run before ``i`` (``dropped[-1]`` is 0, for none).
    This is what :func:`normalise`'s tables say, without building them.
    """
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text.translate(_PRE_TABLE)):
        return None
    lead = len(text) - len(text.lstrip())
    at: list[int] = []
    dropped: list[int] = []
    total = 0
    for m in _LONG_RUN.finditer(text, lead):
        s, e = m.span()
        if e == len(text):
            break  # trailing whitespace is stripped: it moves nothing before it
        at.append(s - lead - total)
        total += e - s - 1
        dropped.append(total)
    dropped.append(0)  # what dropped[-1] reads: before the first run, nothing
    return lead, tuple(at), tuple(dropped)


