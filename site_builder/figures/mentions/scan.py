"""Finding a rule's matches fast: its pattern is tried only where a cheap search says a match can start.

A rule's pattern, scanned with ``finditer``, is tried at every position of the
text: most rules start with a look-behind or ``\\b`` (which keeps the regular
expression engine from skipping ahead) and many ignore case, so that costs
tens of nanoseconds a character, per pattern. A :class:`Scan` pairs the pattern
with ``starts``, a pattern that begins with a plain character set or literal
words (so the engine skips to candidates in a tight loop) and that matches at
every position the full pattern can match at; the full pattern is then tried
only there, with ``pattern.match(text, i)`` (look-behinds and ``\\b`` still see
the text before ``i``). ``needs`` is a pattern every text with a match contains
(a text without it has none), and ``literals`` strings one of which every such text contains (a substring
test, far cheaper than a search: most texts lack them). :func:`matches` gives exactly the matches
``pattern.finditer(text)`` gives, in the same order; tests/unit/figures check
that on generated texts and on the benchmark corpora.

Patterns that ignore case are searched for in :func:`folded` text: lower case,
and with the four characters outside ASCII that case-insensitive matching
equates with an ASCII letter ("İ", "ı", "ſ", "K") written as that letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

#: Every character beyond ASCII that ``re.IGNORECASE`` matches to an ASCII letter, as that letter (a test
#: checks this against the engine for every code point).
FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_LOOK_ALIKE = re.compile("[\u0130\u0131\u017f\u212a]")

#: Any digit: what a text must have for a ``digit`` scan to match in it.
DIGIT = re.compile(r"\d")

#: The first digit of a run of digits: where a pattern that looks behind for no word character can start.
RUN_START = re.compile(r"\d(?<!\d\d)")


def folded(text: str) -> str | None:
    """Return ``text`` in lower case with ASCII look-alikes folded, or None when that changes its length.

    Same length means each character became one character, so offsets in the folded text are offsets in
    ``text``; otherwise (a rare letter whose lower case is two characters) callers scan the text itself.
    """
    if text.isascii():  # most texts: no look-alike, and ASCII keeps its length in lower case
        return text.lower()
    out = (text.translate(FOLD) if _LOOK_ALIKE.search(text) else text).lower()
    return out if len(out) == len(text) else None


def words(*alternatives: str) -> re.Pattern[str]:
    """Return a pattern that matches where any of ``alternatives`` (literal text) starts.

    Written as a trie ("f(?:ifth|irst)|s(?:econd|ixth)"), so the engine skips to the letters words start
    with and tries one branch there, not every word.
    """
    return re.compile(_trie(sorted(set(alternatives))))


def _trie(alternatives: list[str]) -> str:
    branches: dict[str, list[str]] = {}
    ends = False
    for word in alternatives:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    if not branches:
        return ""
    parts = [re.escape(first) + _trie(rest) for first, rest in sorted(branches.items())]
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if ends else body


@dataclass(frozen=True)
class Scan:
    """A rule's pattern, with where its matches can start and what a text with one must contain.

    ``starts`` (if set) matches at every position ``pattern`` matches at; ``needs`` (if set) is found in
    every text ``pattern`` matches in. ``fold`` says both are searched for in the folded text (for a
    pattern that ignores case). ``digit`` says every match has a digit, so a text without one
    (a third of the texts a check reads) is not scanned at all. ``literals`` (if set): every text
    ``pattern`` matches in contains one of these strings (in the folded text when ``fold``).
    """

    pattern: re.Pattern[str]
    starts: re.Pattern[str] | None = None
    needs: re.Pattern[str] | None = None
    fold: bool = False
    digit: bool = False
    literals: tuple[str, ...] = ()
    #: the keys of ``needs`` and ``starts`` in a text's ``seen`` (see :func:`matches`), made once
    needs_key: tuple[re.Pattern[str], bool] = field(init=False, repr=False, compare=False)
    starts_key: tuple[re.Pattern[str], bool] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The folded text and the text itself are two haystacks, so a pattern's key says which it searched.
        # (A scan without ``needs`` or ``starts`` never looks that key up.)
        object.__setattr__(self, "needs_key", (self.needs, self.fold))
        object.__setattr__(self, "starts_key", (self.starts, self.fold))


def matches(scan: Scan, text: str, lowered: str | None = None,
            seen: dict[tuple[re.Pattern[str], bool], int] | None = None) -> Iterator[re.Match[str]]:
    """Return the matches of ``scan.pattern`` in ``text``, exactly those ``finditer`` gives, in order.

    ``lowered`` is ``folded(text)`` when the scan folds (the caller computes it once per text). The first
    candidate is looked for here, so a text with none (most texts, for most scans) costs no generator.
    ``seen`` (one dict per text) remembers where each ``needs`` or ``starts`` pattern first matches (-1: nowhere),
    so a pattern several scans share (the month names, the start of a run of digits) searches the text once.
    """
    pattern = scan.pattern
    hay = text
    if scan.fold:
        if lowered is None:
            return pattern.finditer(text)
        hay = lowered
    if scan.literals:
        for literal in scan.literals:
            if literal in hay:
                break
        else:
            return NO_MATCHES
    # _first, written out here for the two patterns: this runs about thirty times for every text read.
    needs = scan.needs
    if needs is not None:
        if seen is None:
            at = _first(needs, hay, scan.fold, None)
        else:
            found_at = seen.get(scan.needs_key)
            if found_at is None:
                found = needs.search(hay)
                found_at = seen[scan.needs_key] = -1 if found is None else found.start()
            at = found_at
        if at < 0:
            return NO_MATCHES
    starts = scan.starts
    if starts is None:
        return pattern.finditer(text)
    if seen is None:
        first = _first(starts, hay, scan.fold, None)
    else:
        first_at = seen.get(scan.starts_key)
        if first_at is None:
            found = starts.search(hay)
            first_at = seen[scan.starts_key] = -1 if found is None else found.start()
        first = first_at
    if first < 0:
        return NO_MATCHES
    return _from(pattern, starts, text, hay, first)


def _first(pattern: re.Pattern[str], hay: str, fold: bool, seen: dict[tuple[re.Pattern[str], bool], int] | None) -> int:
    """Return where ``pattern`` first matches in ``hay`` (-1: nowhere), from ``seen`` when it was searched for."""
    if seen is None:
        found = pattern.search(hay)
        return -1 if found is None else found.start()
    key = (pattern, fold)  # the folded text and the text itself are two haystacks
    at = seen.get(key)
    if at is None:
        found = pattern.search(hay)
        at = seen[key] = -1 if found is None else found.start()
    return at


#: What a scan with no candidate returns (an exhausted iterator stays exhausted, so one serves every text).
NO_MATCHES: Iterator[re.Match[str]] = iter(())


def _from(pattern: re.Pattern[str], starts: re.Pattern[str], text: str, hay: str,
          i: int) -> Iterator[re.Match[str]]:
    """Yield the matches of ``pattern`` tried at each candidate ``starts`` finds in ``hay``, from ``i`` on."""
    search = starts.search
    match = pattern.match
    while True:
        found = match(text, i)
        if found is None:
            pos = i + 1
        else:
            yield found
            # No rule's pattern matches the empty string (a test checks each one's width), so finditer goes on
            # from the end of this match.
            pos = found.end()
        candidate = search(hay, pos)
        if candidate is None:
            return
        i = candidate.start()
