"""The corpus in memory: sources, topics (pages) and facts, each citation checked as it is chosen."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from .rules import normalise_text, parse_date, split, values
from .sentences import Sentence, Topic, caption, filler, pick_maker, s_distance
from .words import COUNTRIES, KINDS, MON_ABBR, PHRASES, PUBLISHERS, name, person, slug


@dataclass
class SourceSpec:
    index: int
    id: str
    file: str
    publisher: str | None
    byline: str
    published: tuple[int, int, int]
    headline: str
    label: str | None
    url: str | None
    one_per_line: bool
    furniture: bool
    sentences: list[Sentence] = field(default_factory=list)
    captions: list[Sentence] = field(default_factory=list)
    text: str = ""
    exclude: list[dict] = field(default_factory=list)


@dataclass
class FactSpec:
    id: str
    page: int
    claim: str
    kind: str
    figure: dict
    label: str | None
    cites: list[tuple[SourceSpec, Sentence]]  # (source, sentence in that source)
    quotes: list[dict] = field(default_factory=list)  # filled after the articles exist


def make_sources(rng: random.Random, n: int) -> list[SourceSpec]:
    out = []
    for i in range(n):
        publisher = rng.choice(PUBLISHERS)
        y, mo, d = rng.randrange(2015, 2025), rng.randrange(1, 13), rng.randrange(1, 29)
        labelled = rng.random() < 0.15
        sid = f"{slug(publisher)}-{i:04d}"
        digest = hashlib.sha256(f"{i}-{rng.random()}".encode()).hexdigest()[:16]
        out.append(SourceSpec(
            index=i, id=sid, file=f"seeds/{i:04d}_{digest}.txt",
            publisher=None if labelled else publisher, byline=person(rng), published=(y, mo, d),
            headline="", label=f"Report {i}: {rng.choice(PHRASES)}" if labelled else None,
            url=None if labelled else f"https://news.example.org/{y}/{mo:02d}/{d:02d}/story-{i}",
            one_per_line=rng.random() < 0.25, furniture=rng.random() < 0.8,
        ))
    return out


def generate(n_sources: int, n_facts: int, n_pages: int, seed: int) -> tuple[list[SourceSpec], list[Topic], list[FactSpec]]:
    rng = random.Random(seed)
    sources = make_sources(rng, n_sources)
    topics = []
    used_names: set[str] = set()
    for _ in range(n_pages):
        while True:
            fac = f"{name(rng)} {rng.choice(KINDS)}"
            if fac not in used_names:
                used_names.add(fac)
                break
        topics.append(Topic(fac, name(rng), name(rng), rng.choice(COUNTRIES)))
    for s in sources:
        t = rng.choice(topics)
        s.headline = rng.choice([f"What is the {t.fac} where {person(rng)} and {person(rng)} are meeting?",
                                 f"Inside the {t.fac}: “{rng.choice(PHRASES)}”",
                                 f"{person(rng)} tours the {t.fac} as costs mount"])

    # Spread the facts over pages, and over sources round-robin so every source is cited about equally.
    order: list[SourceSpec] = []
    facts: list[FactSpec] = []
    counter = 0
    for f in range(n_facts):
        page = f * n_pages // n_facts
        t = topics[page]
        if not order:
            order = sources[:]
            rng.shuffle(order)
        primary = order.pop()
        k = 1
        if n_sources >= 2 and rng.random() < 0.2:
            k = min(n_sources, rng.choice([2, 2, 3]))
        others = []
        while len(others) < k - 1:
            cand = sources[rng.randrange(n_sources)]
            if cand is not primary and cand not in others:
                others.append(cand)
        if primary.furniture and not primary.one_per_line and rng.random() < 0.04 and not primary.captions:
            sent = caption(rng, t, primary.publisher or "REUTERS")
            primary.captions.append(sent)
            cites = [(primary, sent)]
        else:
            maker = pick_maker(rng)
            sent = maker(rng, t)
            cites = [(primary, sent)]
            # Other words for the same distance only where the fact has one (a bound backs none).
            reword = maker is s_distance and bool(sent.figure) and rng.random() < 0.5
            for o in others:
                if reword:
                    # Another outlet states the same distance its own way ("930 miles (1,500km)").
                    km = sent.figure["value"] if sent.figure.get("unit") == "km" else None
                    alt = s_distance(rng, t, style=rng.randrange(4), km=km, bounded=False) if km else sent
                    if km and alt.figure.get("unit") != "km":
                        alt.figure = dict(sent.figure)
                    cites.append((o, alt))
                else:
                    cites.append((o, sent))  # wire copy: the same sentence
        counter += 1  # noqa: SIM113 - counts facts across pages, not this loop's items
        fid = f"{sent.kind}-{slug(t.fac)}-{counter}"
        facts.append(FactSpec(fid, page, sent.claim, sent.kind, dict(sent.figure), sent.label, cites))
        for src, s in cites:
            if not s.caption:
                src.sentences.append(s)
    for s in sources:
        write_article(rng, s, topics)
    return sources, topics, facts


def write_article(rng: random.Random, s: SourceSpec, topics: list[Topic]) -> None:
    """Compose the article text: cited sentences among uncited ones, in paragraphs of varied length."""
    seen = {normalise_text(x.text) for x in s.sentences}
    body = [x.text for x in s.sentences]
    want = max(len(body) * 2, rng.randrange(14, 40))
    while len(body) < want:
        extra = filler(rng, topics)
        key = normalise_text(extra)
        if key in seen:
            continue
        seen.add(key)
        body.append(extra)
    rng.shuffle(body)
    paragraphs: list[str] = []
    i = 0
    while i < len(body):
        n = rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
        chunk = body[i:i + n]
        # A question stands alone, as a subheading does.
        for j, sent in enumerate(chunk):
            if sent.endswith("?"):
                chunk = chunk[:j] or [sent]
                break
        paragraphs.append(" ".join(chunk))
        i += len(chunk)
    y, mo, d = s.published
    lines: list[str] = [s.headline]
    exclude = [{"lines": 1, "reason": "the headline, shown as the title"}]
    if s.furniture and not s.one_per_line:
        for c in s.captions:
            lines += [c.text, c.text]  # wire pages repeat the lead picture's caption
        lines += [f"Published {MON_ABBR[mo - 1]} {d}, {y}", "Share"]
        exclude += [{"text": f"Published {MON_ABBR[mo - 1]} {d}, {y}", "reason": "publication date, shown as metadata"},
                    {"text": "Share", "reason": "page furniture (a share button)"}]
    lines += paragraphs
    if s.furniture:
        lines.append(f"Reporting by {s.byline}; editing by {person(rng)}.")
        exclude.append({"text": lines[-1], "reason": "credit line, shown as the byline"})
    s.text = ("\n" if s.one_per_line else "\n\n").join(lines) + "\n"
    s.exclude = exclude


def choose_quotes(sources: list[SourceSpec], facts: list[FactSpec]) -> None:
    """Pick each citation's quote; check it as site-builder will (one paragraph, else paragraph:)."""
    paras: dict[str, list[tuple[str, str]]] = {}
    for s in sources:
        split_paras = split(s.text, ".txt")
        excluded_lines = {1}
        excluded_texts = {normalise_text(str(e["text"])) for e in s.exclude if "text" in e}
        paras[s.id] = [(p.anchor, normalise_text(p.text)) for p in split_paras
                       if p.line_start not in excluded_lines and normalise_text(p.text) not in excluded_texts]
    rng = random.Random(len(facts))
    for fact in facts:
        for src, sent in fact.cites:
            # Usually the clause that states the figure, sometimes the whole sentence.
            options = [sent.core, sent.text.rstrip(".")] if rng.random() < 0.3 else [sent.core]
            options.append(sent.text)
            chosen = None
            for quote in options:
                hits = [a for a, text in paras[src.id] if normalise_text(quote) in text]
                if len(hits) == 1:
                    chosen = {"source": src.id, "quote": quote}
                    break
                if len(hits) > 1 and (sent.caption or quote == sent.text):
                    # A repeated caption (or, rarely, a sentence an article repeats): say which paragraph.
                    chosen = {"source": src.id, "quote": quote, "paragraph": hits[0]}
                    break
            if chosen is None:
                raise AssertionError(f"no unique quote for {fact.id} in {src.id}: {sent.text!r}")
            fact.quotes.append(chosen)
        check_figure(fact)


def check_figure(fact: FactSpec) -> None:
    fig = fact.figure
    texts = [q["quote"] for q in fact.quotes]
    if "value" in fig:
        parsed = values.parse_fact_value(fig["value"])
        if not any(values.supports(parsed, fig.get("unit"), t) for t in texts):
            raise AssertionError(f"{fact.id}: value {fig} not supported by {texts}")
    if "date" in fig:
        parsed = parse_date(fig["date"])
        if not any(values.supports(parsed, None, t) for t in texts):
            raise AssertionError(f"{fact.id}: date {fig} not supported by {texts}")


# --------------------------------------------------------------------------- writing the project
