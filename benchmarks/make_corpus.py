#!/usr/bin/env python3
"""Generate a synthetic but realistic fact-sheet project for benchmarking.

    python3 benchmarks/make_corpus.py --sources 100 --facts 1000 --pages 10 --seed 1 --out /tmp/corpus-m

writes a complete project in ``--out``:

* ``mkdocs.yml`` shaped like the repository's own (same theme, the ``factsheet`` plugin);
* ``templates/`` (the repository's overrides of the factsheet theme) copied from the repository;
* ``docs/about.md``, one hand-written page;
* ``seeds/NNNN_<hash>.txt``: news-style articles with a headline line, photo captions (some repeated, as
  wire pages repeat them), "Published …"/"Share"/"Reporting by …" furniture, paragraphs of varied length,
  curly quotes and apostrophes, en dashes, figures written the ways the press writes them ("1 500km",
  "1,500 km", "930 miles (1,500km)", "$115m", "115 million roubles", "Sep 13, 2023", "13 September 2023");
  about a quarter are stored one paragraph per line without blank lines;
* ``facts/sources.yaml`` registering every article (metadata, exclusions of the furniture);
* ``facts/page-NNN.yaml`` explainer pages whose citations quote the articles exactly: some facts carry a
  ``value`` (+ ``unit``) or ``date`` that the quote states, about a fifth are corroborated by 2–3 sources that
  carry the same sentence (wire copy) or a reworded one, and quotes from repeated captions name their
  ``paragraph:``.

With ``--baseline DIR`` it also writes a plain MkDocs project with the same pages as ordinary Markdown files
(explainers, source pages, list of sources, about page), the same theme and no plugin: the benchmark's baseline.

The output depends only on the arguments: the same seed gives byte-identical files. Every citation is
checked while generating (quote in exactly one article paragraph of its source, else ``paragraph:``; value
and date supported by a quote), using the project's own matching functions, so ``site-builder check``
passes on every generated corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from site_builder.check import claims  # noqa: E402
from site_builder.figures import find_mentions, parse_fact_value, supports  # noqa: E402
from site_builder.text.normalise import normalise_text  # noqa: E402
from site_builder.load.split import split  # noqa: E402
from site_builder.figures.dates import parse_date  # noqa: E402

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MON_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# --------------------------------------------------------------------------- vocabulary

SYL_A = ["Vos", "Ar", "Bel", "Kir", "Zar", "Tol", "Mir", "Sev", "Ok", "Yan", "Bor", "Lud", "Nov", "Tem", "Ur",
         "Kam", "Pol", "Sar", "Vel", "Dal", "Khab", "Ner", "Chu", "Bly", "Zel", "Ost", "Gor", "Iv", "Pech", "Sob"]
SYL_B = ["to", "ka", "ne", "ri", "lo", "sha", "vi", "ra", "mo", "de", "go", "lu", "ze", "ty", "ba"]
SYL_C = ["chny", "vsk", "grad", "nsk", "vo", "ino", "ovka", "sk", "ya", "tsk", "rovo", "evo", "insk", "oye"]
KINDS = ["Cosmodrome", "Spaceport", "Launch Centre", "Test Range", "Space Centre"]
FIRST = ["Vladimir", "Anna", "Sergei", "Olga", "Dmitry", "Yuri", "Elena", "Mikhail", "Irina", "Guy", "Sarah",
         "James", "Maria", "Pavel", "Natalia", "Alexei", "Tatiana", "John", "Laura", "Kim", "Oleg", "Svetlana",
         "Andrei", "Polina", "Daniel", "Hannah", "Arkady", "Lyudmila", "Viktor", "Ekaterina"]
LAST = ["Petrov", "Ivanova", "Faulconbridge", "Sokolov", "Kuznetsova", "Morozov", "Volkov", "Lebedeva", "Novak",
        "Harris", "Chen", "Park", "Okafor", "Schmidt", "Rossi", "Nakamura", "Dubois", "Kowalski", "Silva",
        "Jensen", "Borisov", "Zakharova", "Orlov", "Fedorova", "Popov", "Mendez", "Lindqvist", "O’Brien",
        "D’Souza", "Romanova"]
ROLES = ["the head of the space agency", "a former cosmonaut", "the regional governor", "a defence analyst",
         "a Kremlin spokesman", "an independent space historian", "the site’s chief engineer",
         "a senior researcher at the academy", "the deputy prime minister", "a local council member"]
ORGS = ["Roscosmos", "the space agency", "the regional government", "the defence ministry", "state auditors",
        "the Kremlin", "the Audit Chamber", "prosecutors", "local officials", "the main contractor",
        "the finance ministry", "an industry group"]
COUNTRIES = ["Russia", "Kazakhstan", "Mongolia", "China", "Japan", "North Korea"]
PUBLISHERS = ["The Amur Courier", "Northern Wire", "Pacific Ledger", "Eastern Dispatch", "The Orbital Review",
              "Steppe News", "Harbour Times", "Daily Meridian", "Taiga Tribune", "Far East Monitor",
              "Continental Press", "The Evening Standard-Bearer", "Baltic Observer", "Wire Services Group"]
ROCKETS = ["Soyuz-2.1b", "Soyuz-2.1a", "Angara-A5", "Proton-M", "Soyuz-2", "Angara-1.2"]
ADJ = ["remote", "dense", "frozen", "vast", "marshy", "sparsely populated", "wind-swept", "largely untouched",
       "low-lying", "hilly"]
NOUNS = ["launch pad", "assembly building", "housing estate", "fuel depot", "railway spur", "control centre",
         "airfield", "water treatment plant", "hotel for engineers", "museum of spaceflight", "power line",
         "cargo terminal"]
MEANINGS = ["Eastern Cosmodrome", "Northern Gate", "Gate to the Stars", "Free City", "New Dawn", "Far Harbour"]
PHRASES = ["pet project", "window to space", "a monument to ambition", "the spaceport of the future",
           "a national priority", "money pit", "the pride of the region", "our Baikonur", "a white elephant",
           "the new frontier"]
VERBS = ["praised", "criticised", "defended", "questioned", "toured", "inspected", "championed", "visited"]
PURPOSES = ["to inspect the new launch pad", "for talks on space cooperation", "to watch a launch",
            "to meet the engineers", "for a ceremony marking the first flight", "to review delayed works",
            "to present state awards", "to open a new assembly building"]
REASONS = ["to reduce reliance on the Baikonur Cosmodrome in Kazakhstan",
           "to give the country a launch site on its own soil",
           "to revive the economy of the Far East", "to launch heavier satellites into orbit",
           "to keep engineers and their families in the region", "to replace an ageing Soviet test range"]
SECTION_TITLES = {
    "where": "What and where it is",
    "history": "Why it was built",
    "launches": "Launches",
    "money": "Money and scandals",
    "visits": "Visits and meetings",
    "reactions": "What people say",
}


def name(rng: random.Random) -> str:
    return rng.choice(SYL_A) + rng.choice(SYL_B) + rng.choice(SYL_C)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise_text(text).replace("'", "").lower()).strip("-")


def an(word: str) -> str:
    """Return the indefinite article for ``word`` as it is read aloud ("an Angara", "an 83-metre")."""
    return "an" if word[:1] in "AEIOUaeiou8" or word.startswith(("11", "18")) and len(word.split("-")[0]) == 2 else "a"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- figures as the press writes them


def spaced(n: int) -> str:
    """1500 -> '1 500' (thousands grouped with a space)."""
    return f"{n:,}".replace(",", " ")


def claim_miles(km: int) -> int:
    """Return the miles a claim gives for ``km``: to the ten where the claim rules accept it, else to the mile.

    Across units the source's figure, converted, must round to the claim's at the claim's precision: 1,500 km
    (932 miles) backs "930 miles", but 150 km (93.2 miles) does not back "90 miles".
    """
    source = find_mentions(f"{km:,} km")[0]
    exact = km / 1.609344
    for miles in (int(round(exact, -1)), int(round(exact))):
        if miles and claims.backs(source, find_mentions(f"{miles:,} miles")[0]):
            return miles
    raise AssertionError(f"no claim in miles is backed by {km:,} km")


def distance_text(rng: random.Random, km: int, style: int) -> tuple[str, dict]:
    """Return (text, figure) for a distance in one of the press's styles."""
    miles = int(round(km / 1.609344, -1)) or 10
    if style == 0:
        return f"{spaced(km)}km", {"value": km, "unit": "km"}
    if style == 1:
        return f"{km:,} km", {"value": km, "unit": "km"}
    if style == 2:
        fig = rng.choice([{"value": km, "unit": "km"}, {"value": miles, "unit": "mi"}])
        return f"{miles:,} miles ({km:,}km)", fig
    return f"{km:,} kilometres", {"value": km, "unit": "km"}


def money_text(rng: random.Random, style: int) -> tuple[str, dict]:
    m = rng.randrange(12, 990)
    if style == 0:
        return f"${m}m", {"value": m * 1_000_000, "unit": "USD"}
    if style == 1:
        return f"{m} million roubles", {"value": m * 1_000_000, "unit": "RUB"}
    if style == 2:
        tenths = rng.randrange(12, 95)
        return f"${tenths // 10}.{tenths % 10}bn", {"value": tenths * 100_000_000, "unit": "USD"}
    if style == 3:
        return f"£{m}m", {"value": m * 1_000_000, "unit": "GBP"}
    return f"{m} million", {"value": m * 1_000_000}


def date_text(rng: random.Random, style: int) -> tuple[str, dict, str]:
    """Return (text, figure, words for a claim) for a date."""
    y, mo, d = rng.randrange(2012, 2025), rng.randrange(1, 13), rng.randrange(1, 29)
    if style == 0:
        return f"{MON_ABBR[mo - 1]} {d}, {y}", {"date": f"{y}-{mo:02d}-{d:02d}"}, f"{d} {MONTHS[mo - 1]} {y}"
    if style == 1:
        return f"{d} {MONTHS[mo - 1]} {y}", {"date": f"{y}-{mo:02d}-{d:02d}"}, f"{d} {MONTHS[mo - 1]} {y}"
    if style == 2:
        return f"{MONTHS[mo - 1]} {d}, {y}", {"date": f"{y}-{mo:02d}-{d:02d}"}, f"{d} {MONTHS[mo - 1]} {y}"
    return f"{MONTHS[mo - 1]} {y}", {"date": f"{y}-{mo:02d}"}, f"{MONTHS[mo - 1]} {y}"


# --------------------------------------------------------------------------- sentences


@dataclass
class Sentence:
    """A sentence of an article; ``core`` is a shorter quotable part of it."""

    text: str
    core: str
    claim: str
    kind: str  # section key
    figure: dict = field(default_factory=dict)  # value/unit or date the core states
    label: str | None = None
    caption: bool = False

    def __post_init__(self) -> None:
        assert self.core in self.text, (self.core, self.text)


@dataclass
class Topic:
    """What a page is about: a facility and its surroundings."""

    fac: str  # "the Vostrelchny Cosmodrome" without article: "Vostrelchny Cosmodrome"
    region: str
    city: str
    country: str


#: Hedges that keep the figure (its rounding says how rough it is), and bounds that put the truth on one side
#: of it: "nearly 6,900 km" backs no exact distance, only a claim that repeats those words.
ROUGH_LEADS = ("about", "roughly", "some")
BOUNDED_LEADS = ("nearly", "just over")


def s_distance(rng: random.Random, t: Topic, style: int | None = None, km: int | None = None,
               bounded: bool = True) -> Sentence:
    km = km or rng.choice([rng.randrange(15, 99) * 10, rng.randrange(11, 90) * 100, rng.randrange(101, 999) * 10])
    style = rng.randrange(4) if style is None else style
    text, fig = distance_text(rng, km, style)
    lead = rng.choice(ROUGH_LEADS + BOUNDED_LEADS if bounded else ROUGH_LEADS)
    form = rng.randrange(3)
    if form == 0:
        core = f"{lead} {text} from the port of {t.city}"
        sent = (f"The {t.fac}, which lies in the {t.region} region of {t.country}, is {core}, "
                f"close to a {rng.choice(ADJ)} stretch of taiga.")
    elif form == 1:
        core = f"{lead} {text} from {t.city}"
        sent = f"The {rng.choice(NOUNS)} at the {t.fac} sits {core}, the nearest city with an airport."
    else:
        core = f"{text} east of {t.city}"
        sent = f"Engineers who work at the {t.fac} live in a new town built {core}, {rng.choice(ORGS)} said."
    if form != 2 and lead in BOUNDED_LEADS:
        # A bound backs no value: the fact has none, and the claim repeats the source's words.
        claim = f"The {t.fac} is {lead} {text} from {t.city}."
        return Sentence(sent, core, claim, "where", {}, None)
    claim = f"The {t.fac} is about {km:,} km ({claim_miles(km):,} miles) from {t.city}."
    return Sentence(sent, core, claim, "where", fig, f"Distance from {t.city}")


def s_money(rng: random.Random, t: Topic, style: int | None = None) -> Sentence:
    style = rng.randrange(5) if style is None else style
    text, fig = money_text(rng, style)
    noun = rng.choice(NOUNS)
    form = rng.randrange(3)
    if form == 0:
        core = f"the {noun} alone cost {text}"
        sent = f"According to {rng.choice(ORGS)}, {core}, well over the original budget."
    elif form == 1:
        core = f"a contract worth {text} for the {noun}"
        sent = f"{cap(rng.choice(ORGS))} signed {core} at the {t.fac} in {rng.randrange(2012, 2024)}."
    else:
        core = f"{text} was spent on the {noun}"
        sent = (f"Auditors found that {core}, although much of the work at the {t.fac} – including the "
                f"{rng.choice(NOUNS)} – was never finished.")
    amount = text if "million" in text else text.replace("m", " million").replace("bn", " billion")
    claim = f"About {amount} went to the {noun} at the {t.fac}."
    return Sentence(sent, core, claim, "money", fig, f"Cost of the {noun}")


def s_visit(rng: random.Random, t: Topic, style: int | None = None) -> Sentence:
    style = rng.randrange(4) if style is None else style
    text, fig, words = date_text(rng, style)
    who = person(rng)
    prep = "in" if style == 3 else "on"
    core = f"{who} visited the {t.fac} {prep} {text}"
    sent = f"{core}, {rng.choice(PURPOSES)}, {rng.choice(['officials said', 'according to a statement', 'a spokesman told reporters', 'state media reported'])}."
    claim = f"{who} visited the {t.fac} {prep} {words}."
    return Sentence(sent, core, claim, "visits", fig)


def s_service(rng: random.Random, t: Topic) -> Sentence:
    year = rng.randrange(1995, 2024)
    form = rng.randrange(3)
    if form == 0:
        core = f"came into service in {year}"
        sent = (f"The {t.fac}, which {core}, is in the {t.region} region of {t.country}’s Far East, "
                f"not far from the border with {rng.choice(COUNTRIES)}.")
        claim = f"The {t.fac} came into service in {year}."
        label = "In service since"
    elif form == 1:
        rocket = rng.choice(ROCKETS)
        core = f"The first launch was in {year}, when {an(rocket)} {rocket} rocket blasted off"
        sent = f"{core} from the {rng.choice(NOUNS)}."
        claim = f"The first launch from the {t.fac} was in {year}."
        label = "First launch"
    else:
        core = f"work on the {rng.choice(NOUNS)} began in {year}"
        sent = f"Construction was slow: {core}, and the {t.fac} was only half ready a decade later."
        claim = f"Building work at the {t.fac} began in {year}."
        label = None
    return Sentence(sent, core, claim, "history", {"date": year}, label)


def s_launches(rng: random.Random, t: Topic) -> Sentence:
    form = rng.randrange(3)
    if form == 0:
        n = rng.randrange(3, 80)
        core = f"has hosted {n} launches – most of them successful –"
        sent = f"Since then, the {t.fac} {core} and served as a propaganda tool for {rng.choice(ORGS)}."
    elif form == 1:
        core = f"nearly a dozen launches from the {t.fac}"
        sent = f"There have been {core}, {rng.choice(['most of them successful', 'two of them failures', 'all of them unmanned'])}."
        # "nearly a dozen" is a bound, not 12: it backs only a claim in the same words.
        return Sentence(sent, core, f"There have been nearly a dozen launches from the {t.fac}.", "launches", {})
    else:
        n = rng.randrange(2, 19)
        word = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"][n - 2]
        core = f"{word} rockets lifted off from the {t.fac}"
        sent = f"Last year {core}, {rng.choice(['a record', 'fewer than planned', 'twice as many as before'])}."
    claim = f"The {t.fac} has hosted about {n} launches."
    return Sentence(sent, core, claim, "launches", {"value": n}, "Launches")


def s_area(rng: random.Random, t: Topic) -> Sentence:
    area = rng.randrange(11, 990)
    unit, fig = rng.choice([("square kilometres", {"value": area, "unit": "km2"}),
                            ("sq km", {"value": area, "unit": "km2"}),
                            ("square miles", {"value": area, "unit": "mi2"})])
    core = f"covers {area} {unit}"
    sent = f"The {t.fac} {core} of {rng.choice(ADJ)} forest, more than the city of {t.city}."
    claim = f"The {t.fac} covers {area} {unit.replace('sq km', 'km²')}."
    return Sentence(sent, core, claim, "where", fig, "Area")


def s_tower(rng: random.Random, t: Topic) -> Sentence:
    h = rng.randrange(25, 120)
    core = f"{an(str(h))} {h}-metre service tower"
    sent = f"The new pad at the {t.fac} has {core} and a flame trench dug into the {rng.choice(ADJ)} ground."
    claim = f"The new pad has {an(str(h))} {h}-metre service tower."
    return Sentence(sent, core, claim, "where", {"value": h, "unit": "m"})


def s_meaning(rng: random.Random, t: Topic) -> Sentence:
    meaning = rng.choice(MEANINGS)
    core = f"the name means simply “{meaning}”"
    sent = f"In {rng.choice(['Russian', 'the local language', 'the old dialect'])}, {core}, after the {rng.choice(ADJ)} {rng.choice(['valley', 'river', 'plateau', 'settlement'])} nearby."
    claim = f"The name of the {t.fac} means “{meaning}”."
    return Sentence(sent, core, claim, "where", {}, "Name")


def s_quote(rng: random.Random, t: Topic) -> Sentence:
    who, role, phrase = person(rng), rng.choice(ROLES), rng.choice(PHRASES)
    core = f"called the {t.fac} “{phrase}”"
    sent = f"{who}, {role}, {core} in an interview with {rng.choice(PUBLISHERS)}."
    claim = f"{who} called the {t.fac} “{phrase}”."
    return Sentence(sent, core, claim, "reactions", {})


def s_reason(rng: random.Random, t: Topic) -> Sentence:
    reason = rng.choice(REASONS)
    core = f"ordered the construction of the {t.fac} {reason}"
    sent = f"{person(rng)} {core}, {rng.choice(['aides said', 'according to officials', 'a decree says', 'records show'])}."
    claim = f"The {t.fac} was built {reason}."
    return Sentence(sent, core, claim, "history", {})


def s_scandal(rng: random.Random, t: Topic) -> Sentence:
    n = rng.randrange(2, 9)
    core = f"construction was mired by repeated delays and {rng.choice(['several', 'at least', 'a string of'])} corruption scandals"
    sent = (f"The {t.fac} gave a boost to the {rng.choice(['local', 'regional'])} economy, but {core}; "
            f"{n} managers were jailed, {rng.choice(ORGS)} said.")
    claim = f"Building the {t.fac} was slowed by delays and corruption scandals."
    return Sentence(sent, core, claim, "money", {})


def s_opinion(rng: random.Random, t: Topic) -> Sentence:
    who, verb, noun = person(rng), rng.choice(VERBS), rng.choice(NOUNS)
    core = f"{who} {verb} the {noun} at the {t.fac}"
    sent = (f"In {rng.choice(MONTHS)}, {core}, saying it was “{rng.choice(['long overdue', 'a waste', 'a triumph', 'behind schedule', 'on track'])}”"
            f" – a remark {rng.choice(ORGS)} later {rng.choice(['welcomed', 'disputed', 'ignored'])}.")
    claim = f"{who} {verb} the {t.fac}’s {noun}."
    return Sentence(sent, core, claim, "reactions", {})


FACT_MAKERS = [(s_distance, 3), (s_money, 3), (s_visit, 3), (s_service, 3), (s_launches, 2), (s_area, 1),
               (s_tower, 1), (s_meaning, 1), (s_quote, 3), (s_reason, 2), (s_scandal, 2), (s_opinion, 3)]


def pick_maker(rng: random.Random):
    makers, weights = zip(*FACT_MAKERS)
    return rng.choices(makers, weights)[0]


def filler(rng: random.Random, topics: list[Topic]) -> str:
    """Return an uncited sentence: background, context, colour."""
    t = rng.choice(topics)
    form = rng.randrange(10)
    if form < 4:
        return pick_maker(rng)(rng, t).text
    if form == 4:
        return (f"There was once a Soviet missile base known as {name(rng)} {rng.randrange(2, 40)} just a few "
                f"kilometres from the {t.fac}. That base shut in {rng.randrange(1988, 2001)}.")
    if form == 5:
        return (f"{cap(rng.choice(ORGS))} did not respond to a request for comment on the {rng.choice(NOUNS)}.")
    if form == 6:
        return (f"The trip puts a spotlight on {rng.choice(['Western', 'regional', 'domestic'])} concerns about "
                f"{rng.choice(['missile development', 'the cost of the space programme', 'corruption', 'sanctions'])}"
                f" – concerns that {person(rng)} dismissed as “{rng.choice(PHRASES)}”.")
    if form == 7:
        return f"What is the {t.fac}?"
    if form == 8:
        return (f"Residents of {t.city} say the {rng.choice(NOUNS)} has changed little in their lives; "
                f"{rng.randrange(3, 60)} families moved away last year.")
    return (f"It’s {rng.choice(['the', 'not the first'])} {rng.choice(['time', 'occasion'])} that "
            f"{person(rng)} has been seen at the {t.fac}, the {rng.choice(['country', 'region'])}’s "
            f"{rng.choice(['most modern', 'largest', 'newest', 'most expensive'])} launch site.")


def caption(rng: random.Random, t: Topic, publisher: str) -> Sentence:
    text, fig, words = date_text(rng, 2)
    rocket = rng.choice(ROCKETS)
    # The quote names the rocket: a number in a name ("Soyuz-2.1b") must be in a quote as written.
    core = (f"The {rocket} rocket is rolled out onto the launchpad ahead of its launch at the {t.fac} "
            f"in the {t.region} region, {t.country}, {text}")
    sent = (f"FILE: {core}. "
            f"Picture: {rng.choice(['Roscosmos', 'Sputnik', 'Pool'])} (Handout via {publisher.upper()})")
    claim = f"{cap(an(rocket))} {rocket} rocket was rolled out at the {t.fac} on {words}."
    return Sentence(sent, core, claim, "launches", fig, None, caption=True)


# --------------------------------------------------------------------------- the corpus


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
        counter += 1
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
        parsed = parse_fact_value(fig["value"])
        if not any(supports(parsed, fig.get("unit"), t) for t in texts):
            raise AssertionError(f"{fact.id}: value {fig} not supported by {texts}")
    if "date" in fig:
        parsed = parse_date(fig["date"])
        if not any(supports(parsed, None, t) for t in texts):
            raise AssertionError(f"{fact.id}: date {fig} not supported by {texts}")


# --------------------------------------------------------------------------- writing the project


def page_id(i: int) -> str:
    return f"page-{i + 1:03d}"


def page_model(rng: random.Random, topic: Topic, facts: list[FactSpec]) -> dict:
    """Return one explainer page as the facts file's data."""
    kinds = list(dict.fromkeys(f.kind for f in facts))
    answer = [f.id for f in facts[: min(len(facts), rng.choice([2, 3, 4]))]]
    labels = 0
    items = []
    for f in facts:
        item: dict = {"id": f.id}
        if f.id not in answer and rng.random() < 0.9:
            item["section"] = f.kind
        item["claim"] = f.claim
        if "value" in f.figure:
            item["value"] = f.figure["value"]
            if f.figure.get("unit"):
                item["unit"] = f.figure["unit"]
        if "date" in f.figure:
            item["date"] = f.figure["date"]
        if f.label and labels < 6 and rng.random() < 0.3:
            item["label"] = f.label
            labels += 1
        item["citations"] = [dict(q) for q in f.quotes]
        items.append(item)
    return {
        "page": {
            "title": f"The {topic.fac}",
            "question": f"What is the {topic.fac}, and why does it matter?",
            "description": f"The {topic.fac} in the {topic.region} region of {topic.country}: every claim "
                           f"linked to the words of its source.",
            "answer": answer,
        },
        "sections": [{"id": k, "title": SECTION_TITLES[k]} for k in kinds],
        "facts": items,
    }


def source_model(s: SourceSpec) -> dict:
    y, mo, d = s.published
    entry: dict = {"id": s.id, "file": s.file}
    if s.label:
        entry["label"] = s.label
    else:
        entry["title"] = s.headline
        entry["publisher"] = s.publisher
        if s.furniture:
            entry["byline"] = s.byline
            entry["published"] = f"{y}-{mo:02d}-{d:02d}"
        entry["url"] = s.url
    # Recorded as an editor does once they have reviewed the file (`site-builder sources accept`).
    entry["sha256"] = hashlib.sha256(s.text.encode("utf-8")).hexdigest()
    entry["exclude"] = [dict(e) for e in s.exclude]
    return entry


def dump(data: dict, header: str) -> str:
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)


MKDOCS_YML = """\
site_name: {site_name}
site_description: {site_description}
docs_dir: docs
theme:
  name: factsheet
  custom_dir: templates
  locale: en
{plugins}validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
"""

ABOUT_MD = """\
# How this explainer is made

Every claim on this site comes from an article stored with the site, and every claim links to the paragraph
it comes from, with the quoted words highlighted there. This corpus was generated by
`benchmarks/make_corpus.py` (seed {seed}) for benchmarking.

The full data behind the pages is available as [JSON](facts.json) and [CSV](facts.csv).
"""


def write_project(out: Path, sources: list[SourceSpec], topics: list[Topic], facts: list[FactSpec], seed: int) -> None:
    rng = random.Random(seed * 7919 + 1)
    if out.exists():
        shutil.rmtree(out)
    (out / "facts").mkdir(parents=True)
    (out / "seeds").mkdir()
    (out / "docs").mkdir()
    shutil.copytree(REPO / "templates", out / "templates")
    site_name = f"Spaceports, explained ({len(topics)} explainers)"
    (out / "mkdocs.yml").write_text(MKDOCS_YML.format(
        site_name=site_name,
        site_description=json.dumps("Synthetic benchmark corpus: every claim linked to the words of its source."),
        plugins="plugins:\n  - factsheet:\n      facts_dir: facts\n      seeds_dir: seeds\n"), encoding="utf-8")
    (out / "docs" / "about.md").write_text(ABOUT_MD.format(seed=seed), encoding="utf-8")
    for s in sources:
        (out / s.file).write_text(s.text, encoding="utf-8")
    (out / "facts" / "sources.yaml").write_text(
        dump({"sources": [source_model(s) for s in sources]},
             f"# Generated by benchmarks/make_corpus.py (seed {seed}): {len(sources)} synthetic articles.\n"),
        encoding="utf-8")
    for i, topic in enumerate(topics):
        page_facts = [f for f in facts if f.page == i]
        (out / "facts" / f"{page_id(i)}.yaml").write_text(
            dump(page_model(rng, topic, page_facts), f"# Generated by benchmarks/make_corpus.py (seed {seed}).\n"),
            encoding="utf-8")


# --------------------------------------------------------------------------- the plain-MkDocs baseline


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def date_words(iso: str | int) -> str:
    parts = [int(x) for x in str(iso).split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"


def write_baseline(out: Path, project: Path) -> None:
    """Write the same pages as ordinary Markdown files into a plain MkDocs project (no plugin)."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "sources").mkdir(parents=True)
    shutil.copytree(project / "templates", out / "templates")
    shutil.copy(project / "docs" / "about.md", docs / "about.md")
    cfg = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    (out / "mkdocs.yml").write_text(MKDOCS_YML.format(
        site_name=cfg["site_name"], site_description=json.dumps(cfg["site_description"]),
        plugins="plugins: []\nmarkdown_extensions:\n  - attr_list\n"), encoding="utf-8")
    src_doc = yaml.safe_load((project / "facts" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    pages = sorted((project / "facts").glob("page-*.yaml"))
    one_page = len(pages) == 1
    src_info = {}
    for entry in src_doc:
        text = (project / entry["file"]).read_text(encoding="utf-8")
        excluded_texts = {normalise_text(str(e["text"])) for e in entry.get("exclude", []) if "text" in e}
        paras = [p for p in split(text, ".txt") if p.line_start != 1 and normalise_text(p.text) not in excluded_texts]
        name_ = entry.get("label") or entry.get("publisher") or entry.get("title") or entry["id"]
        src_info[entry["id"]] = {"entry": entry, "paras": paras, "name": name_, "marks": {}, "cited": {}}

    def locate(cite: dict) -> tuple[str, int, int, int]:
        info = src_info[cite["source"]]
        needle = normalise_text(cite["quote"])
        for p in info["paras"]:
            if (cite.get("paragraph") in (None, p.anchor)) and needle in normalise_text(p.text):
                start = p.text.find(cite["quote"])
                return p.anchor, p.line_start, start, start + len(cite["quote"])
        raise AssertionError(cite)

    page_links = []
    for path in pages:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pid = path.stem
        md_name = "index.md" if one_page else f"{pid}.md"
        page_links.append((data["page"], pid))
        numbers: dict[tuple, int] = {}
        notes: list[str] = []
        by_id = {f["id"]: f for f in data["facts"]}

        def markers(fact: dict) -> str:
            out_ = []
            for c in fact["citations"]:
                anchor, line, start, end = locate(c)
                info = src_info[c["source"]]
                info["marks"].setdefault(anchor, []).append((start, end))
                info["cited"].setdefault(anchor, []).append((fact["id"], fact["claim"], md_name))
                key = (c["source"], anchor, c["quote"])
                if key not in numbers:
                    numbers[key] = len(numbers) + 1
                    pub = info["entry"].get("published")
                    notes.append(f"{numbers[key]}. “{md_escape(c['quote'])}” — [{md_escape(info['name'])}"
                                 f"{', ' + date_words(pub) if pub else ''}, paragraph at line {line}]"
                                 f"(sources/{c['source']}.md#{anchor}) [↩](#{fact['id']})")
                out_.append(f"[\\[{numbers[key]}\\]](sources/{c['source']}.md#{anchor})")
            return "".join(out_)

        lines = [f"# {md_escape(data['page']['title'])}", "", md_escape(data["page"].get("question", "")), ""]
        lines += ["## The answer", "", " ".join(f"<span id=\"{a}\">{md_escape(by_id[a]['claim'])}</span>{markers(by_id[a])}"
                                                for a in data["page"]["answer"]), ""]
        figures = [f for f in data["facts"] if f.get("label")]
        if figures:
            lines += ["## Key figures", ""]
            for f in figures:
                shown = f.get("value", f.get("date", f["claim"]))
                lines.append(f"- **{md_escape(f['label'])}**: {shown} {f.get('unit', '')} [details](#{f['id']})")
            lines.append("")
        answer = set(data["page"]["answer"])
        groups = [(None, "Facts")] + [(s["id"], s["title"]) for s in data.get("sections", [])]
        for sid, title in groups:
            members = [f for f in data["facts"] if f.get("section") == sid and f["id"] not in answer]
            if not members:
                continue
            lines += [f"## {md_escape(title)}", ""]
            for f in members:
                n_src = len({c["source"] for c in f["citations"]})
                when = f"{date_words(f['date'])} · " if "date" in f else ""
                lines.append(f"- <span id=\"{f['id']}\">{md_escape(f['claim'])}</span>{markers(f)}<br>{when}{n_src} "
                             f"source{'s' if n_src != 1 else ''}")
            lines.append("")
        lines += ["## Sources for each claim", ""] + notes + [""]
        (docs / md_name).write_text("\n".join(lines), encoding="utf-8")
    if not one_page:
        home = ["# Explainers", ""] + [f"- [{md_escape(p.get('question') or p['title'])}]({pid}.md)" for p, pid in page_links]
        (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    index = ["# Sources", "", "The articles this site quotes, stored in full.", ""]
    for sid, info in src_info.items():
        entry = info["entry"]
        pub = f", {date_words(entry['published'])}" if entry.get("published") else ""
        index.append(f"- [{md_escape(info['name'])}]({sid}.md){pub} ({len(info['cited'])} paragraphs cited)")
        body = [f"# {md_escape(info['name'])}", ""]
        meta = " · ".join(md_escape(str(x)) for x in (entry.get("publisher"), entry.get("byline")) if x)
        if entry.get("published"):
            meta += f" · {date_words(entry['published'])}"
        if entry.get("url"):
            meta += f" · [Original article]({entry['url']})"
        body += [meta, "", f"Shown in full as stored. {len(info['cited'])} of {len(info['paras'])} paragraphs cited.", ""]
        for p in info["paras"]:
            spans = sorted(info["marks"].get(p.anchor, []))
            text, pos, parts = p.text, 0, []
            for start, end in spans:
                if start < pos:
                    continue
                parts += [md_escape(text[pos:start]), "<mark>", md_escape(text[start:end]), "</mark>"]
                pos = end
            parts.append(md_escape(text[pos:]))
            body += ["".join(parts).replace("\n", "<br>\n"), f"{{: #{p.anchor} }}", ""]
            cited = info["cited"].get(p.anchor)
            if cited:
                links = "; ".join(f"[{md_escape(claim)}](../{md}#{fid})" for fid, claim, md in dict.fromkeys(cited))
                body += [f"Cited for: {links}", ""]
        (docs / "sources" / f"{sid}.md").write_text("\n".join(body), encoding="utf-8")
    (docs / "sources" / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    # The same data files the site publishes (the about page links to them), as plain static files.
    rows = [{"id": f["id"], "page": pid, "claim": f["claim"], "value": f.get("value"), "unit": f.get("unit"),
             "date": f.get("date"), "citations": f["citations"]}
            for path in pages for pid in [path.stem]
            for f in yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]]
    (docs / "facts.json").write_text(json.dumps({"facts": rows}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    csv_lines = ["fact_id,page,claim,source,quote"] + [
        ",".join(json.dumps(x, ensure_ascii=False) for x in (r["id"], r["page"], r["claim"], c["source"], c["quote"]))
        for r in rows for c in r["citations"]]
    (docs / "facts.csv").write_text("\n".join(csv_lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Generate a synthetic fact-sheet project (deterministic per seed).")
    p.add_argument("--sources", type=int, required=True, help="number of articles")
    p.add_argument("--facts", type=int, required=True, help="number of facts (over all pages)")
    p.add_argument("--pages", type=int, default=1, help="number of explainer pages")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True, help="project folder to (re)create")
    p.add_argument("--baseline", help="also write the plain-MkDocs baseline project here")
    args = p.parse_args(argv)
    if args.sources < 1 or args.pages < 1 or args.facts < args.pages:
        p.error("need at least one source, one page, and at least as many facts as pages")
    sources, topics, facts = generate(args.sources, args.facts, args.pages, args.seed)
    choose_quotes(sources, facts)
    out = Path(args.out)
    write_project(out, sources, topics, facts, args.seed)
    if args.baseline:
        write_baseline(Path(args.baseline), out)
    n_cites = sum(len(f.quotes) for f in facts)
    print(f"wrote {out}: {len(sources)} sources, {len(facts)} facts ({n_cites} citations), {len(topics)} pages",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
