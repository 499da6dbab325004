"""``site-builder find``: look for words (or a figure) in every source, and print ready-to-paste citations.

The search forgives what ``check`` forgives (whitespace, quote and dash styles,
compatibility forms), then, for paragraphs that still do not match, case as
well; when nothing matches at all it shows the closest passage of each source
with what differs. A figure (``--value 1500 --unit km``) is found in any of the
ways articles write it, and in convertible units (930 miles), using the same
rules as the check of a fact's ``value``. Every hit comes with a citation block
whose quote is the article's own characters, so it passes ``check`` as pasted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from ..text.closest import closest
from ..text.differences import explain_difference, mark_differences
from ..text.normalise import find_spans
from ..figures import FactDate, find_mentions, format_quantity, mention_supports, parse_fact_value
from ..figures.numbers import MAX_DIGITS
from ..text.index import QuoteIndex
from ..text.normalise import normalise, normalise_text
from ..model.sources import Paragraph, Source

Kind = Literal["exact", "case", "fuzzy", "value"]
#: Below this similarity a passage is not worth showing as "closest".
FUZZY_MIN_SCORE = 70.0
OPEN, CLOSE = "»", "«"


@dataclass(frozen=True)
class Hit:
    """One paragraph where the words (or the figure) were found, and the citation that quotes it."""

    kind: Kind
    source: Source
    paragraph: Paragraph
    spans: tuple[tuple[int, int], ...]  # offsets of the found words in paragraph.text
    quote: str  # the article's own words, ready to paste
    needs_paragraph: bool = False  # the quote occurs in several paragraphs of the source
    score: float | None = None  # fuzzy hits: similarity 0..100
    differences: str | None = None  # fuzzy hits: the passage with differing characters in [brackets]
    hint: str | None = None  # fuzzy hits: what differs, in words
    mentions: tuple[str, ...] = ()  # value hits: the figure as the article writes it

    @property
    def line(self) -> int:
        """Return the file line where the first found word is."""
        start = self.spans[0][0] if self.spans else 0
        return self.paragraph.line_start + self.paragraph.text.count("\n", 0, start)

    @property
    def citable(self) -> bool:
        """Return False for text excluded as not article text."""
        return not self.paragraph.excluded

    def marked(self) -> str:
        """Return the paragraph on one line with the found words between » and «."""
        out, pos = [], 0
        text = self.paragraph.text
        for start, end in _merge(self.spans):
            out += [text[pos:start], OPEN, text[start:end], CLOSE]
            pos = end
        out.append(text[pos:])
        return " ".join("".join(out).split())

    def citation(self, indent: int = 6) -> str:
        """Return the YAML citation block, indented to go under a fact's ``citations:``."""
        return citation_block(self.source.id, self.quote, self.paragraph.anchor if self.needs_paragraph else None,
                              indent)

    def as_dict(self) -> dict[str, Any]:
        """Return the hit as JSON-ready data."""
        return {
            "kind": self.kind, "source": self.source.id, "paragraph": self.paragraph.anchor,
            "file": self.source.file, "line": self.line, "page": self.paragraph.page, "text": self.paragraph.text,
            "spans": [list(s) for s in self.spans], "marked": self.marked(), "quote": self.quote,
            "excluded": self.paragraph.excluded, "exclude_reason": self.paragraph.exclude_reason,
            "citation": self.citation() if self.citable else None, "score": self.score,
            "differences": self.differences, "hint": self.hint, "mentions": list(self.mentions),
        }


@dataclass
class FindResult:
    """Everything ``find`` found for one search."""

    phrase: str | None
    value: float | FactDate | None
    unit: str | None
    hits: list[Hit] = field(default_factory=list)

    @property
    def found(self) -> bool:
        """Return True when the words or figure are in a citable paragraph (fuzzy suggestions do not count)."""
        return any(h.kind != "fuzzy" and h.citable for h in self.hits)


def citation_block(source_id: str, quote: str, paragraph: str | None = None, indent: int = 6) -> str:
    """Return a YAML citation list item (source, quote, optional paragraph), indented by ``indent``."""
    data = {"source": source_id, "quote": quote}
    if paragraph is not None:
        data["paragraph"] = paragraph
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000,
                          default_flow_style=False).splitlines()
    pad = " " * indent
    return "\n".join([f"{pad}- {body[0]}"] + [f"{pad}  {line}" for line in body[1:]])


def _merge(spans: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _words(text: str) -> str:
    return " ".join(text.split())


def _published(source: Source) -> FactDate | None:
    """Return a source's publication date, which resolves the dates its text writes without a year."""
    return source.published_date


def parse_value(raw: str) -> float | FactDate:
    """Return a ``--value`` argument as a number ("1500", "1,500", "2.5") or a date ("2023-09-13"); raise ValueError."""
    text = raw.strip().replace(",", "")
    if re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        if len(text) > MAX_DIGITS + 2:
            raise ValueError(f"{raw[:20]}… has too many digits to be a figure an article states")
        return float(text)
    parsed = parse_fact_value(raw.strip())
    if not isinstance(parsed, FactDate):  # pragma: no cover - parse_fact_value gives dates for strings
        raise ValueError(f"not a number or date: {raw!r}")
    return parsed


_SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘'(]*[A-Z0-9])")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the start and end of the sentence(s) of ``text`` holding text[start:end]."""
    s, e = 0, len(text)
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= start:
            s = m.end()
        elif m.start() >= end:
            e = m.start() + 1
            while e < len(text) and text[e] in "\"”’')":
                e += 1
            break
    return s, e


class Finder:
    """Searches the paragraphs of some sources, indexed once."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = sources
        self.index = QuoteIndex(((s.id, p.anchor), p.text) for s in sources for p in s.paragraphs)

    def _needs_paragraph(self, source: Source, quote: str) -> bool:
        keys = [(source.id, p.anchor) for p in source.article]
        return len(self.index.find(quote, keys)) > 1

    def _hit(self, kind: Kind, source: Source, paragraph: Paragraph, spans: list[tuple[int, int]],
             quote_span: tuple[int, int], **extra: Any) -> Hit:
        quote = _words(paragraph.text[quote_span[0]:quote_span[1]])
        return Hit(kind, source, paragraph, tuple(spans), quote,
                   needs_paragraph=not paragraph.excluded and self._needs_paragraph(source, quote), **extra)

    def phrase_spans(self, phrase: str) -> dict[tuple[str, str], tuple[Kind, list[tuple[int, int]]]]:
        """Return, per (source id, anchor), whether the phrase is there exactly or ignoring case, and where."""
        out: dict[tuple[str, str], tuple[Kind, list[tuple[int, int]]]] = {}
        by_key = {(s.id, p.anchor): p for s in self.sources for p in s.paragraphs}
        for key in self.index.find(phrase):
            out[key] = ("exact", find_spans(phrase, by_key[key].text))  # type: ignore[index]
        needle = re.compile(re.escape(normalise_text(phrase)), re.IGNORECASE)
        for key, paragraph in by_key.items():
            if key in out:
                continue
            para = normalise(paragraph.text)
            spans = [para.original_span(m.start(), m.end()) for m in needle.finditer(para.text)]
            if spans:
                out[key] = ("case", spans)
        return out

    def find(self, phrase: str | None, value: float | FactDate | None = None,
             unit: str | None = None) -> FindResult:
        """Return the hits for ``phrase`` and/or ``value`` (in ``unit``), citable ones first, in article order."""
        result = FindResult(phrase, value, unit)
        found = self.phrase_spans(phrase) if phrase else None
        for source in self.sources:
            for paragraph in source.paragraphs:
                key = (source.id, paragraph.anchor)
                if found is not None and key not in found:
                    continue
                kind, spans = found[key] if found is not None else ("value", [])
                if value is None:
                    result.hits.append(self._hit(kind, source, paragraph, spans, spans[0]))
                    continue
                # Read in context, once: a range's low end ("between 4.3 and 5.2 billion") has its scale and
                # unit only there.
                mentions = [m for m in find_mentions(paragraph.text, published=_published(source))
                            if mention_supports(m, value, unit)]
                if not mentions:
                    continue
                first = mentions[0]
                starts = [first.start] + [s for s, _ in spans[:1]]
                ends = [first.end] + [e for _, e in spans[:1]]
                quote_span = sentence_span(paragraph.text, min(starts), max(ends))
                all_spans = spans + [(m.start, m.end) for m in mentions]
                result.hits.append(self._hit("value", source, paragraph, all_spans, quote_span,
                                             mentions=tuple(m.text for m in mentions)))
        if phrase and value is None and not any(h.citable for h in result.hits):
            result.hits = self.closest(phrase) + result.hits
        result.hits.sort(key=lambda h: not h.citable)  # stable: article order, fuzzy ones by similarity
        return result

    def closest(self, phrase: str) -> list[Hit]:
        """Return the closest passage of each source to a phrase that is nowhere, most similar first."""
        hits = []
        for source in self.sources:
            close = closest(phrase, [(p.anchor, p.text) for p in source.article], min_score=FUZZY_MIN_SCORE)
            if close is None:
                continue
            paragraph = source.by_anchor[str(close.key)]
            hits.append(self._hit("fuzzy", source, paragraph, [(close.start, close.end)], (close.start, close.end),
                                  score=close.score, differences=mark_differences(phrase, close.passage),
                                  hint=explain_difference(phrase, close.passage)))
        hits.sort(key=lambda h: -(h.score or 0))
        return hits


def _what(result: FindResult) -> str:
    parts = []
    if result.phrase is not None:
        parts.append(f"\"{result.phrase}\"")
    if result.value is not None:
        if isinstance(result.value, FactDate):
            shown = result.value.words()
        elif result.unit is None and result.value.is_integer() and 1000 <= result.value <= 2100:
            shown = str(int(result.value))  # a year, or a number that reads like one
        else:
            shown = format_quantity(result.value, result.unit)
        parts.append(shown)
    return " stating ".join(parts)


def format_text(result: FindResult, limit: int) -> str:
    """Return the hits for people: where, the paragraph with the words marked, the citation to paste."""
    what = _what(result)
    citable = [h for h in result.hits if h.citable]
    if not result.hits:
        return f"nothing in the sources contains {what}, exactly or approximately"
    lines: list[str] = []
    exact = [h for h in citable if h.kind in ("exact", "value")]
    case = [h for h in citable if h.kind == "case"]
    fuzzy = [h for h in citable if h.kind == "fuzzy"]
    excluded = [h for h in result.hits if not h.citable]
    if exact:
        n_sources = len({h.source.id for h in exact})
        lines.append(f"{what}: found in {len(exact)} paragraph{'s' if len(exact) != 1 else ''} of "
                     f"{n_sources} source{'s' if n_sources != 1 else ''}")
    if case:
        lines.append(f"{what}: found ignoring case in {len(case)} paragraph{'s' if len(case) != 1 else ''} "
                     "(a quote must keep the article's capitals: paste the citation below, not your words)")
    if fuzzy:
        lines.append(f"no paragraph contains {what}, even ignoring case; the closest passages:")
    if excluded and not citable:
        lines.append(f"{what}: only in text excluded as not article text")
    for shown, hit in enumerate(citable):
        if shown >= limit:
            lines.append(f"\n… and {len(citable) - shown} more (--limit N shows more)")
            break
        lines.append("")
        head = f"{hit.source.id}, paragraph {hit.paragraph.anchor}, {hit.source.where(hit.paragraph, hit.line)}"
        if hit.kind == "fuzzy":
            head += f" ({hit.score:.0f}% similar)"
        elif hit.kind == "case":
            head += " (case differs)"
        lines.append(head)
        lines.append(f"    {hit.marked()}")
        if hit.kind == "fuzzy":
            lines.append(f"    differences: {hit.differences}")
            lines.append(f"    hint: {hit.hint}")
        if hit.mentions:
            lines.append(f"    states it as: {', '.join(hit.mentions)}")
        lines.append("  cite it as:" if hit.kind != "fuzzy" else "  to cite the article's words as they are:")
        lines.append(hit.citation())
    for hit in excluded:
        if lines:
            lines.append("")
        lines.append(f"{hit.source.id}, {hit.source.where(hit.paragraph, hit.line)}: also in excluded text "
                     f"(reason: {hit.paragraph.exclude_reason}); it cannot be cited")
    return "\n".join(lines)


def to_json(result: FindResult, limit: int) -> str:
    """Return the hits as the ``find --format json`` document."""
    value: Any = result.value.iso() if isinstance(result.value, FactDate) else result.value
    kinds = {h.kind for h in result.hits if h.citable}
    match = ("exact" if kinds & {"exact", "value"} else "case" if "case" in kinds
             else "fuzzy" if "fuzzy" in kinds else "none")
    doc = {"phrase": result.phrase, "value": value, "unit": result.unit, "match": match,
           "total": len(result.hits), "hits": [h.as_dict() for h in result.hits[:limit]]}
    return json.dumps(doc, ensure_ascii=False, indent=2)
