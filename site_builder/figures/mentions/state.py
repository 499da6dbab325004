"""What every mention rule shares: the text being read, what is already taken, and how figures end."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ..dates import FactDate
from ..model import Kind, Mention
from ..numbers import half_step
from ..units import canonical_unit
from .scan import DIGIT, NO_MATCHES, Scan, folded, matches

# Spaces an article may group thousands with, and separate words with.
SPACE_CHARS = " \u00a0\u202f\u2009\u2007"
SP = f"[{SPACE_CHARS}]"
WS = f"[\t{SPACE_CHARS}]+"
OPT_WS = f"[\t{SPACE_CHARS}]*"


@dataclass
class State:
    """One paragraph being read: each rule adds mentions and marks their characters as taken.

    ``steps`` counts the work done (characters examined for overlap, candidates tried) so a test can
    check that reading stays linear in the paragraph's length.
    """

    text: str
    published: FactDate | None = None
    mentions: list[Mention] = field(default_factory=list)
    steps: int = 0

    def __post_init__(self) -> None:
        self.taken = bytearray(len(self.text) + 1)
        #: where each scan pattern first matches in this text (see scan.matches)
        self.seen: dict[tuple[re.Pattern[str], bool], int] = {}
        # Every text needs both (the scans that ignore case read the folded text, the others first ask for a
        # digit): plain attributes, computed here once, cost less to read than cached properties (a lock each).
        #: the text folded for the scans that ignore case (see scan.folded)
        self.lowered: str | None = folded(self.text)
        #: whether the text has a digit (``\d``)
        self.has_digit: bool = DIGIT.search(self.text) is not None

    def scan(self, scan: Scan) -> Iterator[re.Match[str]]:
        """Return the matches of a rule's pattern in the text, as ``finditer`` gives them (see scan.py)."""
        if scan.digit and not self.has_digit:
            return NO_MATCHES
        return matches(scan, self.text, self.lowered if scan.fold else None, self.seen)

    def free(self, start: int, end: int) -> bool:
        """Return True when no character of start..end belongs to a mention already found."""
        self.steps += 1 + (end - start)
        return self.taken.find(1, start, end) == -1

    def add(self, mention: Mention) -> None:
        """Keep a mention and mark its span (and its scope, if wider) as taken."""
        start, end = mention.start, mention.end
        self.steps += 1 + (end - start)
        self.taken[start:end] = b"\x01" * (end - start)
        self.mentions.append(mention)

    def block(self, start: int, end: int) -> None:
        """Mark characters as read without a figure (so no later rule finds one in them)."""
        self.steps += 1 + (end - start)
        self.taken[start:end] = b"\x01" * (end - start)


def token(state: State, kind: Kind, start: int, end: int) -> Mention:
    """Return a mention of a token kind (identifier, phone, URL, unreadable number) over start..end."""
    return Mention(state.text[start:end], start, end, None, None, None, kind=kind)


SCALE_VALUES: dict[str, Decimal] = {"hundred": Decimal(100), "thousand": Decimal(1000), "million": Decimal(10) ** 6,
                                    "billion": Decimal(10) ** 9, "trillion": Decimal(10) ** 12, "dozen": Decimal(12),
                                    "mn": Decimal(10) ** 6, "bn": Decimal(10) ** 9, "tn": Decimal(10) ** 12,
                                    "trn": Decimal(10) ** 12, "m": Decimal(10) ** 6, "k": Decimal(1000)}
SCALE_WORD = re.compile(rf"(?:{WS}|-)?(?P<s>hundred|thousand|million|billion|trillion|dozen)\b", re.IGNORECASE)
SCALE_ABBR = re.compile(rf"(?:{WS})?(?P<s>trn|mn|bn|tn|m|k)(?![^\W\d_])", re.IGNORECASE)

_UNIT_WORDS = sorted(
    [
        "kilometres", "kilometers", "kilometre", "kilometer", "kms", "km", "miles", "mile", "mi", "metres",
        "meters", "metre", "meter", "m", "feet", "foot", "ft", "km2", "km²", "mi2", "mi²",
        rf"sq\.?(?:{WS})?km", rf"sq\.?(?:{WS})?mi(?:les?)?", rf"square{WS}kilomet(?:re|er)s?", rf"square{WS}miles?",
        rf"US{WS}dollars?", "dollars?", "euros?", "roubles?", "rubles?", "USD", "GBP", "EUR", "RUB",
        rf"percentage(?:{WS}|-)points?",
    ],
    key=len,
    reverse=True,
)
UNIT_AFTER = re.compile(rf"(?:{WS}|-)?(?P<u>{'|'.join(_UNIT_WORDS)})(?![\w²³])", re.IGNORECASE)
PERCENT_AFTER = re.compile(rf"{OPT_WS}(?:%|per(?:{WS}|-)?cent\b|pc\b)", re.IGNORECASE)
# After a scale word, pounds can only be money: "2.3 billion pounds".
POUNDS_AFTER = re.compile(rf"{WS}(?:pounds?(?:{WS}sterling)?|sterling)\b", re.IGNORECASE)
CURRENCY_PREFIX = {"US$": "USD", "$": "USD", "£": "GBP", "€": "EUR", "₽": "RUB"}
CURRENCY_CODE_BEFORE = re.compile(rf"(?P<code>USD|GBP|EUR|RUB){OPT_WS}$")

# After "100m", words that make it metres; other words make it millions ("100m people").
_METRE_CONTEXT = re.compile(
    rf"(?:{WS}|-)(?:high|tall|long|wide|deep|away|across|above|below|beneath|under|underground|"
    rf"in{WS}(?:length|height|diameter|width|depth)|sprint|race|hurdles|freestyle|backstroke|breaststroke|"
    rf"butterfly|relay|dash|from|of{WS}(?:water|the|track|road|ground|rock|tunnel)|to{WS}the|"
    rf"(?:metre|meter)s?|section|stretch|radius|altitude|elevation|drop|fall|climb|rise|runway)\b",
    re.IGNORECASE,
)
_WORD_NEXT = re.compile(rf"(?:{WS}|-)[A-Za-z]")


@dataclass(frozen=True)
class Suffix:
    """What follows a number: where it ends, its multiplier, scale word and unit."""

    end: int
    multiplier: Decimal
    scale: str | None
    unit: str | None
    #: True when a bare "m" could be metres or millions and nothing around it tells which
    unclear: bool = False


def read_suffix(text: str, pos: int, money: bool, *, scale_done: bool = False) -> Suffix:
    """Return the scale and unit written after a number ending at ``pos``.

    A bare "m" is millions after a currency sign or before a noun that is
    not a length ("100m people"), metres before a length word or metre
    context ("100m high", "the 100m sprint"), and unclear otherwise.
    """
    multiplier, scale, unclear = Decimal(1), None, False
    match = None if scale_done else SCALE_WORD.match(text, pos)
    if match is None and not scale_done:
        candidate = SCALE_ABBR.match(text, pos)
        if candidate is not None:
            word = candidate["s"]
            if money:
                match = candidate
            elif word.lower() == "k":
                match = candidate if word == "k" else None
            elif word.lower() != "m":
                match = candidate
            elif word == "m" and candidate.start("s") == pos:  # "100m": metres or millions
                after = candidate.end()
                if _METRE_CONTEXT.match(text, after):
                    match = None
                elif _WORD_NEXT.match(text, after):
                    match = candidate
                else:
                    return Suffix(after, Decimal(1), None, None, unclear=True)
    if match is not None:
        scale = match["s"].lower()
        multiplier = SCALE_VALUES[scale]
        pos = match.end()
    unit = None
    if not money:
        unit_match = UNIT_AFTER.match(text, pos)
        # A capital M is never metres in prose (it is millions, or a name).
        if unit_match is not None and unit_match["u"] != "M":
            word = unit_match["u"].lower()
            code = "pp" if word.startswith("percentage") else canonical_unit(unit_match["u"])
            if code is not None and not (code == "m" and scale is not None):
                unit = code
                pos = unit_match.end()
        elif (scale is not None or scale_done) and (pounds := POUNDS_AFTER.match(text, pos)) is not None:
            unit, pos = "GBP", pounds.end()
        if unit is None:
            percent = PERCENT_AFTER.match(text, pos)
            if percent is not None:
                unit, pos = "%", percent.end()
    return Suffix(pos, multiplier, scale, unit, unclear)


def rounding(number: Decimal, suffix: Suffix) -> tuple[float, float]:
    """Return the range a stated figure's rounding allows: "930" -> 925..935, "2.5bn" -> 2.45e9..2.55e9."""
    stated = number * suffix.multiplier
    # Dozens are counted in ones: "3 dozen" is 35.5..36.5, not 30..42.
    half = half_step(stated) if suffix.scale == "dozen" else half_step(number) * suffix.multiplier
    return float(stated - half), float(stated + half)


# A hedge written before a figure: "about" keeps the figure (its rounding says how rough it is); the others put
# the truth on one side of it, so the figure backs no exact number.
HEDGES: dict[str, tuple[float, float, str | None]] = {
    "nearly": (0.75, 1.0, "below"), "almost": (0.75, 1.0, "below"), "just under": (0.75, 1.0, "below"),
    "close to": (0.75, 1.0, "below"), "less than": (0.0, 1.0, "below"), "fewer than": (0.0, 1.0, "below"),
    "under": (0.0, 1.0, "below"), "up to": (0.0, 1.0, "below"), "as many as": (0.0, 1.0, "below"),
    "more than": (1.0, 1.5, "above"), "over": (1.0, 1.5, "above"), "at least": (1.0, 1.5, "above"),
    "just over": (1.0, 1.25, "above"), "upwards of": (1.0, 1.5, "above"),
    "about": (0.75, 1.25, None), "around": (0.75, 1.25, None), "approximately": (0.75, 1.25, None),
    "roughly": (0.75, 1.25, None), "some": (0.75, 1.25, None), "an estimated": (0.75, 1.25, None),
    "estimated": (0.75, 1.25, None), "circa": (0.75, 1.25, None), "c.": (0.75, 1.25, None),
}
HEDGE_BEFORE = re.compile(
    rf"(?<![\w.])(?P<h>{'|'.join(sorted((WS.join(map(re.escape, h.split())) for h in HEDGES), key=len, reverse=True))})"
    rf"{WS}$",
    re.IGNORECASE,
)


def hedge_before(text: str, start: int) -> re.Match[str] | None:
    """Return the hedge written right before ``start`` ("nearly ", "more than "), if any."""
    return HEDGE_BEFORE.search(text, max(0, start - 30), start)


def hedge_key(words: str) -> str:
    """Return a hedge as the HEDGES table keys it: lower case, single spaces."""
    return " ".join(words.lower().split())
