"""Sentences that state a fact (with the figure a fact can cite), filler, captions."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .figures import claim_miles, date_text, distance_text, money_text
from .words import (ADJ, COUNTRIES, MEANINGS, MONTHS, NOUNS, ORGS, PHRASES, PUBLISHERS, PURPOSES, REASONS, ROCKETS,
                    ROLES, VERBS, an, cap, name, person)


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
    makers, weights = zip(*FACT_MAKERS, strict=True)
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
