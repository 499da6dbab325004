"""Claims: what the reader reads, checked against what the quotes say.

A quote proves its words are in the source; this module proves the reader's
text says no more than those words. Every figure in a claim (a number in
digits or words, a date, a money amount, a quantity with its unit), every
number that is part of a name ("Luna-25", "Svobodny 18") and every phrase the
claim puts in quotation marks must be backed by the source words a verified
quote covers. Figures are read from the stored paragraph, once, and a quote
backs only the figures it covers whole, so cutting "500km" out of "1 500km"
backs nothing.

Pure functions over text and mentions: no files, no YAML. verifier.py feeds
them each verified citation's paragraph and spans, and locates what they find.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

from .. import figures
from ..figures import FactDate, Kind, Mention
from ..figures.mentions.scan import folded
from ..figures.model import kind_of_unit
from ..load import memos
from ..model.support import Backing, Evidence, Support
from ..text.closest import closest
from ..text.normalise import normalise_text

__all__ = [
    "Backing",
    "Evidence",
    "Support",
    "backs",
    "cut_at_edges",
    "figure_kind",
    "hedges",
    "mentions_in_span",
    "support_of",
]


# --------------------------------------------------------------------------- what a quote covers


def mentions_in_span(mentions: Sequence[Mention], start: int, end: int) -> tuple[list[Mention], list[Mention]]:
    """Return (the mentions a quote's span covers whole, with unit and hedge, the mentions its edges cut through)."""
    return figures.mentions_in_span(mentions, start, end)


def _word_char(ch: str) -> bool:
    return ch.isalnum()


def _joined(text: str, left: int) -> bool:
    """Return True when the characters at ``left`` and ``left + 1`` belong to one word or number."""
    if left < 0 or left + 1 >= len(text):
        return False
    a, b = text[left], text[left + 1]
    if _word_char(a) and _word_char(b):
        return True
    # "2.1" and "1,500" are one number; "Luna-25" is one name
    if a in ".," and b.isdigit() and left > 0 and text[left - 1].isdigit():
        return True
    if b in ".," and a.isdigit() and left + 2 < len(text) and text[left + 2].isdigit():
        return True
    if a == "-" and b.isdigit() and left > 0 and _word_char(text[left - 1]):
        return True
    return b == "-" and _word_char(a) and left + 2 < len(text) and text[left + 2].isdigit()


def cut_at_edges(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """Return the word a span starts inside and the word it ends inside (None where it starts or ends cleanly).

    A word here is a run of letters and digits, with the points, commas and hyphens that join a number
    or a name ("2.1", "1,500", "Luna-25"): "Soyuz-2" cut out of "Soyuz-2.1b" ends inside a word.
    """
    def word_around(pos: int) -> str:
        a = pos
        while a > 0 and _joined(text, a - 1):
            a -= 1
        b = pos
        while b < len(text) and _joined(text, b - 1):
            b += 1
        while b < len(text) and _word_char(text[b]):
            b += 1
        return text[a:b]

    first = word_around(start) if 0 < start < len(text) and _joined(text, start - 1) else None
    last = word_around(end) if 0 < end < len(text) and _joined(text, end - 1) else None
    return first, last


# --------------------------------------------------------------------------- does a source figure back a claim figure


#: Kinds compared as one when citations are checked against each other: a year and a full date are both dates.
_KIND_GROUP = {Kind.YEAR: "date", Kind.DATE: "date", Kind.DECADE: "date"}
#: Kinds a citation may state freely beside the fact's figures: names, addresses, ordinals ("the first") are
#: not competing versions of a figure.
_NOT_COMPARED = frozenset({Kind.IDENTIFIER, Kind.PHONE, Kind.URL, Kind.UNCLEAR, Kind.ORDINAL, Kind.TIME})


def figure_kind(m: Mention) -> str:
    """Return what a mention measures, for comparing citations: "date" for years and dates, else its kind's name."""
    return _KIND_GROUP.get(m.kind, m.kind.value)


def compared(m: Mention) -> bool:
    """Return True when a citation stating this mention must agree with the fact's figures of its kind."""
    return m.kind not in _NOT_COMPARED


def backs(source: Mention, claim: Mention) -> bool:
    """Return True when a figure the source states backs a figure the claim states.

    The figures engine decides (kinds never mix, dates at the claim's precision, vague and bounded
    figures back only the same words, names only the same characters), with two rules for what the
    reader reads on top: a claim's year is backed by a full date in that year ("in 2023" by "13
    September 2023"); and across units the source's figure, converted, must round to the claim's at
    the claim's own precision, so "931 miles" is not backed by "1 500km" (932 miles), while "930
    miles" is.
    """
    if claim.kind is Kind.YEAR and source.kind is Kind.DATE and source.date is not None:
        return claim.value is not None and source.date.year == int(claim.value)
    if not figures.backs(source, claim):
        return False
    if (source.unit is not None and claim.unit is not None and source.unit != claim.unit
            and source.value is not None and claim.low is not None and claim.high is not None and claim.bound is None):
        ratio = figures.UNITS[source.unit].factor / figures.UNITS[claim.unit].factor
        there = source.value * ratio
        slack = 1e-9 * max(abs(there), 1.0)
        return claim.low - slack <= there <= claim.high + slack
    return True


def value_mention(value: float | FactDate, unit: str | None) -> Mention:
    """Return a fact's ``value``/``date`` as a mention, so it can be compared like a figure the source states."""
    if isinstance(value, FactDate):
        kind = Kind.YEAR if value.month is None else Kind.DATE
        return Mention(value.words(), 0, 0, None, None, None, value, kind=kind)
    code = figures.canonical_unit(unit) if unit else None
    shown = figures.format_quantity(value, unit) if unit else f"{value:g}"
    return Mention(shown, 0, 0, value, value, code, None, value, kind=kind_of_unit(code))


# --------------------------------------------------------------------------- what a reader's text says


# A number the figure reader does not take as a figure (part of a name, "15%", "5G", "1990s") is still
# a number the reader reads: it must appear, as the same token, in a quote.
_DIGIT_TOKEN = re.compile(r"[\w%‰.,+/\-–]*\d[\w%‰.,+/\-–]*")
_DIGIT = re.compile(r"\d")
_NAME_WORD = re.compile(r"([A-Z][\w’'.\-]*)[ \u00a0]$")
_TRAILING = ".,;:/-–+"

# Quotation marks: curly and guillemets always; straight double quotes in pairs; curly single quotes where
# they open after a space or bracket and close before one (so apostrophes stay apostrophes); straight single
# quotes only after a space or at the start (so alert('x') or code is not read as a quotation).
_QUOTED = re.compile(
    r"“(?P<a>[^“”]+)”|«\s?(?P<b>[^«»]+?)\s?»|„(?P<c>[^„“”]+)[“”]|\"(?P<d>[^\"]+)\""
    r"|(?<![\w’'])‘(?P<e>[^‘’]+?)’(?![\w’])|(?:(?<=\s)|^)'(?P<f>[^']+?)'(?![\w'])"
)
#: The marks each form of _QUOTED opens with (its look-behinds keep the engine from skipping to them itself).
_QUOTE_MARK = re.compile("[“«„\"‘']")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")


def _token_in(token: str, text: str) -> bool:
    """Return True when ``token`` occurs in ``text`` (both normalised) as a whole token."""
    needle = normalise_text(token)
    hay = normalise_text(text)
    i = hay.find(needle)
    while i >= 0:
        before = hay[i - 1] if i > 0 else " "
        after = hay[i + len(needle)] if i + len(needle) < len(hay) else " "
        if not _word_char(before) and not _word_char(after):
            return True
        i = hay.find(needle, i + 1)
    return False


def _name_tokens(text: str, covered: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the (start, end) of each digit-bearing token of ``text`` that no figure mention covers.

    A token right after a capitalised word joins it ("Svobodny 18", "Vostok 1"): the number belongs to
    the name, and only the same name backs it.
    """
    out: list[tuple[int, int]] = []
    if _DIGIT.search(text) is None:  # every token it reads has a digit: most texts' scan would try each character
        return out
    for m in _DIGIT_TOKEN.finditer(text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        while start < end and text[start] in _TRAILING:
            start += 1
        if start >= end or any(a <= start and end <= b for a, b in covered):
            continue
        name = _NAME_WORD.search(text, max(0, start - 40), start)
        if name is not None and name.group(1).lower() not in _NOT_NAME_WORDS:
            start = name.start(1)
        out.append((start, end))
    return out


# Capitalised words that open a sentence before a number, not names.
_NOT_NAME_WORDS = frozenset("""in on at by since from until till after before about around nearly almost some
over under only just the a an and or of to for with its it is was were are be been this that these those
between up down than per""".split())


def _quoted_phrases(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, words) of each phrase ``text`` puts in quotation marks (offsets of the words)."""
    out: list[tuple[int, int, str]] = []
    if _QUOTE_MARK.search(text) is None:  # each form opens with one of these: most texts have none
        return out
    for m in _QUOTED.finditer(text):
        group = next(g for g in "abcdef" if m.group(g) is not None)
        words = m.group(group)
        start = m.start(group)
        lead = len(words) - len(words.lstrip())
        words = words.strip()
        if words:
            out.append((start + lead, start + lead + len(words), words))
    return out


def _phrase_in(phrase: str, text: str) -> bool:
    """Return True when every contiguous part of ``phrase`` (split at ellipses) is in ``text``, normalised."""
    hay = normalise_text(text)
    parts = [p for p in _ELLIPSIS.split(phrase) if p.strip()]
    if not parts:
        return False
    for part in parts:
        needle = normalise_text(part)
        candidates = {needle, needle.rstrip(".,;:!?")}
        if needle[:1].isupper() or needle[:1].islower():
            # a quoted phrase opening the claim's sentence may change the case of its first letter
            candidates |= {c[:1].swapcase() + c[1:] for c in list(candidates)}
        if not any(c and c in hay for c in candidates):
            return False
    return True


def _first_unquoted_word(phrase: str, evidence: Sequence[Evidence]) -> int:
    """Return the offset in ``phrase`` of the first word with which no quote continues the phrase's opening."""
    words = list(re.finditer(r"\S+", phrase))
    for m in words:
        if not any(_phrase_in(phrase[:m.end()], ev.words) for ev in evidence):
            return m.start()
    return 0


# A Markdown link's or image's destination ("[the original](https://…)") is where the link goes, not words
# the reader reads; the link text and an image's alt text are read, and are checked.
_LINK_DESTINATION = re.compile(r"\]\((?P<d>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)")


def visible(text: str) -> str:
    """Return ``text`` with its Markdown link destinations blanked out (same length: offsets still hold)."""
    if "](" not in text:  # every destination starts so: most texts have none
        return text
    return _LINK_DESTINATION.sub(lambda m: m.group(0)[:2] + " " * (m.end() - m.start() - 3) + ")", text)


def support_of(field_name: str, text: str, evidence: Sequence[Evidence],
               read: dict[str, list[Mention]] | None = None) -> list[Support]:
    """Return the figures, names and quoted phrases the reader reads in ``text``, each with what backs it.

    ``read`` (text -> its figures, kept by the caller for one check) reads each text once: many labels and
    titles are the same on every page ("Launches"), and a check at size L reads about 2,700 texts again.
    """
    out: list[Support] = []
    text = visible(text)
    mentions = None if read is None else read.get(text)
    if mentions is None:
        mentions = memos.mentions(text, None, lambda: figures.find_mentions(text))
        if read is not None:
            read[text] = mentions
    for m in mentions:
        backing = []
        for ev in evidence:
            for src in ev.mentions:
                if backs(src, m):
                    backing.append(Backing(ev.fact, ev.citation, ev.source, ev.anchor, src.text))
                    break
        stated: list[str] = []
        if not backing:
            kind = figure_kind(m)
            for ev in evidence:
                for src in ev.mentions:
                    d = src.describe()
                    if figure_kind(src) == kind and d not in stated:
                        stated.append(d)
        label = "name" if m.kind.is_token else "figure"  # "Luna-25": backed only by the same characters
        out.append(Support(field_name, label, text[m.start:m.end], m.start, m.end, m.describe(),
                           tuple(backing), tuple(stated), figure_kind(m), m))
    covered = [(m.start, m.end) for m in mentions]
    for start, end in _name_tokens(text, covered):
        token = text[start:end]
        backing = [Backing(ev.fact, ev.citation, ev.source, ev.anchor, token)
                   for ev in evidence if _token_in(token, ev.words)]
        names: list[str] = []
        if not backing:
            for ev in evidence:
                words = ev.words
                inside = [(x.start, x.end) for x in memos.mentions(words, None, functools.partial(figures.find_mentions, words))]
                for a, b in _name_tokens(words, inside):
                    if words[a:b] not in names:
                        names.append(words[a:b])
        out.append(Support(field_name, "name", token, start, end, token, tuple(backing), tuple(names)))
    for start, end, phrase in _quoted_phrases(text):
        backing = [Backing(ev.fact, ev.citation, ev.source, ev.anchor, phrase)
                   for ev in evidence if _phrase_in(phrase, ev.words)]
        nearest: tuple[str, ...] = ()
        differs_at = None
        if not backing and evidence:
            close = closest(phrase, [(k, ev.words) for k, ev in enumerate(evidence)], min_score=50)
            if close is not None:
                nearest = (close.passage,)
            differs_at = start + _first_unquoted_word(phrase, evidence)
        out.append(Support(field_name, "quoted", phrase, start, end, f"“{phrase}”", tuple(backing[:3]), nearest,
                           differs_at=differs_at))
    return sorted(out, key=lambda s: (s.start, s.kind))


# --------------------------------------------------------------------------- hedges

#: Words with which a source holds back from asserting: a claim that drops them asserts more than the source.
HEDGES = ("possibly", "reportedly", "allegedly", "claimed", "claims", "purportedly", "apparently",
          "believed to", "said to be", "may have", "might have", "could have", "is thought to", "unconfirmed",
          "according to", "suspected", "alleged", "rumoured", "rumored", "supposedly", "probably", "likely")
_HEDGE = re.compile(r"(?<!\w)(" + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in HEDGES) + r")(?!\w)",
                    re.IGNORECASE)


#: A word of each hedge, one of which every text with a hedge has (in lower case, look-alikes folded): most
#: texts have none, and looking for these costs a fraction of a search with _HEDGE (a test checks the list).
HEDGE_WORDS = ("possibly", "reportedly", "alleged", "claim", "purportedly", "apparently", "believed", "said", "may",
               "might", "could", "thought", "unconfirmed", "according", "suspected", "rumo", "supposedly", "probably",
               "likely")


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _hedge_matches(text: str) -> Iterator[re.Match[str]]:
    """Return ``_HEDGE.finditer(text)``, skipping the search in a text without any of HEDGE_WORDS."""
    lowered = folded(text)
    if lowered is not None and not any(word in lowered for word in HEDGE_WORDS):
        return iter(())
    return _HEDGE.finditer(text)


def hedges(claim: str, evidence: Sequence[Evidence]) -> list[tuple[str, Evidence]]:
    """Return (hedge word, citation) for each hedge a quote uses that the claim does not."""
    in_claim = {_words(m.group(1)) for m in _hedge_matches(claim)}
    out = []
    for ev in evidence:
        for m in _hedge_matches(ev.words):
            word = _words(m.group(1))
            if word not in in_claim:
                out.append((word, ev))
                break
    return out
