"""An index of many paragraphs, to find which of them hold a quote quickly."""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Hashable, Iterable
from typing import Literal

from .normalise import _normalised_quote, normalise_text


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

    def __init__(self, paragraphs: Iterable[tuple[Hashable, str] | tuple[Hashable, str, str | None]]) -> None:
        """Take ``(key, text)`` pairs, or ``(key, text, normal)`` where ``normal`` is ``normalise_text(text)`` when
        the caller has it (else None); raises ValueError on a repeated key."""
        self._keys: list[Hashable] = []
        self._raw: list[str] = []
        self._texts: list[str | None] = []
        self._ids: dict[Hashable, int] = {}
        for key, text, *normal in paragraphs:
            if key in self._ids:
                # Silently keeping one of two paragraphs would hide quotes.
                raise ValueError(f"duplicate paragraph key {key!r}")
            self._ids[key] = len(self._keys)
            self._keys.append(key)
            self._raw.append(text)
            self._texts.append(normal[0] if normal else None)
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

    def normalised(self, key: Hashable, text: str) -> str | None:
        """Return the normalised ``text`` when it is the text of the paragraph with ``key`` here, else None."""
        pid = self._ids.get(key)
        return self._text(pid) if pid is not None and self._raw[pid] == text else None

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

    def among(self, keys: Collection[Hashable]) -> tuple[int, ...]:
        """Return the ids of the paragraphs with these keys (keys the index does not hold are ignored), for :meth:`find`."""
        return tuple(sorted({self._ids[k] for k in keys if k in self._ids}))

    def find(self, quote: str, keys: Collection[Hashable] | None = None, *,
             among: tuple[int, ...] | None = None) -> list[Hashable]:
        """Return the keys of the paragraphs containing ``quote``, in insertion order.

        With ``keys``, only those paragraphs are considered (keys the index
        does not hold are ignored); ``among`` (what :meth:`among` gives for some keys) says the same for a
        set of keys looked in again and again. Raises ValueError for an empty or whitespace-only quote.
        """
        needle = _normalised_quote(quote)
        allowed: set[int] | None = None
        if keys is not None and among is None:
            among = self.among(keys)
        if among is not None:
            # The paragraphs of one source: checking each of them directly costs less than building
            # (or consulting) the index of every source.
            texts = self._texts
            return [self._keys[i] for i in among if needle in (texts[i] or self._text(i))]
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
