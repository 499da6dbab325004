"""Figures and dates: how editors write them in facts, how articles write them in prose.

Pure functions, standard library only. ``parse_fact_value`` reads an editor's
``value:``/``date:`` field; ``find_mentions`` finds every number, quantity and
date an article's sentence states; ``supports`` decides whether one of those
mentions backs the editor's figure; ``format_quantity`` writes a figure for
readers.

The checking is deliberately strict: a figure in the same unit must be stated
exactly (rounding only matters when converting between units), so a quote can
never "support" a number that differs from what it says.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

__all__ = [
    "UNITS",
    "FigureIndex",
    "FactDate",
    "Mention",
    "Unit",
    "canonical_unit",
    "find_mentions",
    "format_quantity",
    "parse_fact_value",
    "supports",
    "mention_supports",
]


# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class Unit:
    """A unit a fact's value can be measured in.

    ``factor`` converts to the SI base of ``dimension`` (metres, square
    metres); currencies are each their own dimension with factor 1 because
    exchange rates are not facts an article states. ``singular``/``plural``
    are the reader-facing names; ``symbol`` is the prefix currencies are
    written with ("$115 million"), when they have one readers know.
    """

    code: str
    dimension: str
    factor: float
    singular: str
    plural: str
    symbol: str | None = None


UNITS: dict[str, Unit] = {
    u.code: u
    for u in (
        Unit("km", "length", 1000.0, "km", "km"),
        Unit("mi", "length", 1609.344, "mile", "miles"),
        Unit("m", "length", 1.0, "m", "m"),
        Unit("ft", "length", 0.3048, "ft", "ft"),
        Unit("km2", "area", 1e6, "km²", "km²"),
        Unit("mi2", "area", 1609.344**2, "square mile", "square miles"),
        Unit("USD", "USD", 1.0, "dollar", "dollars", "$"),
        Unit("GBP", "GBP", 1.0, "pound", "pounds", "£"),
        Unit("EUR", "EUR", 1.0, "euro", "euros", "€"),
        Unit("RUB", "RUB", 1.0, "rouble", "roubles"),
    )
}

# Readers of a British/US-mixed press expect the other system alongside.
_COUNTERPART: dict[str, str] = {"km": "mi", "mi": "km", "m": "ft", "ft": "m", "km2": "mi2", "mi2": "km2"}

# Keys are normalised by _unit_key: lower case, no spaces or dots.
_UNIT_NAMES: dict[str, str] = {}
for _code, _names in {
    "km": ["km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"],
    "mi": ["mi", "mile", "miles"],
    "m": ["m", "metre", "metres", "meter", "meters"],
    "ft": ["ft", "foot", "feet"],
    "km2": ["km2", "km²", "sqkm", "squarekm", "squarekilometre", "squarekilometres", "squarekilometer",
            "squarekilometers"],
    "mi2": ["mi2", "mi²", "sqmi", "sqmile", "sqmiles", "squaremi", "squaremile", "squaremiles"],
    "USD": ["usd", "$", "us$", "dollar", "dollars", "usdollar", "usdollars"],
    "GBP": ["gbp", "£", "sterling", "poundsterling", "poundssterling"],
    "EUR": ["eur", "€", "euro", "euros"],
    "RUB": ["rub", "₽", "rouble", "roubles", "ruble", "rubles"],
}.items():
    for _name in _names:
        _UNIT_NAMES[_name] = _code


def _unit_key(name: str) -> str:
    return re.sub(r"[\s.]+", "", name).lower()


def canonical_unit(name: str) -> str | None:
    """Return the canonical unit code for a unit as written ("kilometres" -> "km"), or None if unknown.

    Bare "pounds" is deliberately unknown: it could be weight as well as sterling.
    """
    return _UNIT_NAMES.get(_unit_key(name))


def _resolve_unit(unit: str | None) -> str | None:
    """Return the canonical code for a caller's unit; raise ValueError if it names no known unit."""
    if unit is None or unit in UNITS:
        return unit
    code = canonical_unit(unit)
    if code is None:
        raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(UNITS)}")
    return code


# --------------------------------------------------------------------------- dates

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


@dataclass(frozen=True)
class FactDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not datetime.MINYEAR <= self.year <= datetime.MAXYEAR:
            raise ValueError(f"year {self.year} is out of range")
        if self.month is None:
            if self.day is not None:
                raise ValueError("a date with a day needs a month too")
            return
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not between 1 and 12")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"{_MONTH_NAMES[self.month - 1]} {self.year} has no day {self.day} "
                                 f"(it has {last} days)")

    def iso(self) -> str:
        """Return the date as ISO 8601 at its own precision: "2016", "2023-08", "2023-08-08"."""
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out

    def words(self) -> str:
        """Return the date as readers read it: "2016", "August 2023", "8 August 2023"."""
        if self.month is None:
            return str(self.year)
        month = _MONTH_NAMES[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def within(self, other: FactDate) -> bool:
        """Return True when this date agrees with ``other`` at ``other``'s precision (2023-09-13 is within 2023-09)."""
        if self.year != other.year:
            return False
        if other.month is None:
            return True
        if self.month != other.month:
            return False
        return other.day is None or self.day == other.day


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_FORMAT_HELP = "expected a number or a date written YYYY, YYYY-MM or YYYY-MM-DD"


def parse_fact_value(raw: object) -> float | FactDate:
    """Return an editor's ``value:``/``date:`` field as a number or a FactDate; raise ValueError saying how to fix it.

    Numbers stay numbers even when they look like years: whether 2016 is a
    year or a count is for the caller to decide.
    """
    # bool is an int subclass, and YAML turns a bare yes/no/true into one.
    if isinstance(raw, bool):
        raise ValueError(f"{_FORMAT_HELP}, got {str(raw).lower()} (a yes/no value)")
    if isinstance(raw, (int, float)):
        number = float(raw)
        if not math.isfinite(number):
            raise ValueError(f"{_FORMAT_HELP}, got {raw!r}")
        return number
    # datetime is a date subclass; a timestamp still names a day.
    if isinstance(raw, datetime.date):
        return FactDate(raw.year, raw.month, raw.day)
    if isinstance(raw, str):
        text = raw.strip()
        match = _ISO_DATE.fullmatch(text)
        if match is None:
            raise ValueError(f"{_FORMAT_HELP}, got {raw!r}")
        year, month, day = (int(g) if g is not None else None for g in match.groups())
        assert year is not None
        try:
            return FactDate(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date: {exc}") from None
    raise ValueError(f"{_FORMAT_HELP}, got {raw!r}")


# --------------------------------------------------------------------------- number formatting

_SCALE_WORDS: tuple[tuple[float, str], ...] = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _plain_number(value: float) -> str:
    """Return a number with comma thousands and no float noise: 1500.0 -> "1,500", 2.5 -> "2.5"."""
    if value == int(value) and abs(value) < 1e21:
        return f"{int(value):,}"
    return format(Decimal(repr(value)), ",f")


def _format_number(value: float) -> str:
    """Return a number for readers, big round ones with a scale word: 115e6 -> "115 million"."""
    for scale, word in _SCALE_WORDS:
        if abs(value) >= scale:
            mantissa = value / scale
            # Only round figures read better as words; 1,234,567 stays digits.
            if math.isclose(round(mantissa, 3), mantissa, rel_tol=1e-12):
                return f"{_plain_number(round(mantissa, 3))} {word}"
            break
    return _plain_number(value)


def _amount(value: float, code: str | None, *, short: bool) -> str:
    """Return a value with its unit: "$115 million", "930 miles" (or "930 mi" when ``short``)."""
    number = _format_number(value)
    if code is None:
        return number
    unit = UNITS[code]
    if unit.symbol is not None:
        return f"{'-' if value < 0 else ''}{unit.symbol}{_format_number(abs(value))}"
    if short:
        return f"{number} {code}"
    return f"{number} {unit.singular if value == 1 else unit.plural}"


def _significant_digits(value: float) -> int:
    """Return how many significant digits a value is written with: 1500 -> 2, 1234 -> 4, 2.5 -> 2."""
    if value == 0:
        return 1
    return len(Decimal(repr(abs(value))).normalize().as_tuple().digits)


def _round_significant(value: float, digits: int) -> float:
    """Return value rounded to ``digits`` significant digits."""
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def format_quantity(value: float, unit: str | None) -> str:
    """Return a figure as readers see it: "1,500 km (930 miles)", "$115 million", "12".

    A length or area also shows its counterpart in the other system, rounded
    to the precision the value itself is written with (at least two digits),
    so 1,500 km reads "930 miles", not "932.057 miles".
    """
    code = _resolve_unit(unit)
    main = _amount(value, code, short=False)
    if code is None or code not in _COUNTERPART:
        return main
    other = _COUNTERPART[code]
    converted = value * UNITS[code].factor / UNITS[other].factor
    converted = _round_significant(converted, max(2, _significant_digits(value)))
    return f"{main} ({_amount(converted, other, short=False)})"


# --------------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class Mention:
    """One number, quantity or date as an article writes it.

    ``low``/``high`` bound what the wording can mean, in ``unit``: the
    rounding of a stated figure (930 -> 925..935), or the whole range for a
    worded amount ("billions" -> 2e9..1e12, "nearly a dozen" -> 9..12). Both
    are None for a date that is not a bare year. ``value`` is the figure as
    stated (None when the wording gives only a range); ``qualifier`` is the
    wording that makes ``low``..``high`` itself the claim ("nearly",
    "billions"), None when it is only rounding.
    """

    text: str
    start: int
    end: int
    low: float | None
    high: float | None
    unit: str | None
    date: FactDate | None = None
    value: float | None = None
    qualifier: str | None = None

    def describe(self) -> str:
        """Return the mention for an editor's diagnostic: "1,500 km", "930 mi", "13 September 2023", "billions of USD"."""
        if self.date is not None:
            return self.date.words()
        if self.value is None:
            words = self.qualifier or f"{_plain_number(self.low or 0)}–{_plain_number(self.high or 0)}"
            return f"{words} of {self.unit}" if self.unit else words
        amount = _amount(self.value, self.unit, short=True)
        return f"{self.qualifier} {amount}" if self.qualifier else amount


# Spaces an article may group thousands with, and separate words with.
_SPACE_CHARS = " \u00a0\u202f\u2009\u2007"
_SP = f"[{_SPACE_CHARS}]"
_WS = f"[\t{_SPACE_CHARS}]+"

_MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                "oct": 10, "nov": 11, "dec": 12})
# Capitalised only: "may" and "march" are ordinary words too.
_MON = "(?P<mon>" + "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})(?![\w])"

_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<![\w-])(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?![\w-])"),
    re.compile(rf"\b{_MON}{_WS}{_DAY},?{_WS}{_YEAR}"),
    re.compile(rf"(?<![\w.,]){_DAY}{_WS}(?:of{_WS})?{_MON},?{_WS}{_YEAR}"),
    re.compile(rf"\b{_MON},?{_WS}{_YEAR}"),
)

# A digit group joins a 1-3 digit lead only if it is exactly three digits, so
# "in 2016 2 rockets" stays two numbers while "1 500km" is one.
_NUMBER = re.compile(
    rf"(?<!\w)(?<!\d[.,])(?P<cur>US\$|\$|£|€|₽)?"
    rf"(?P<int>\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d{{1,3}}(?:{_SP}\d{{3}})+(?!\d)|\d+)(?P<frac>\.\d+)?"
)
_CURRENCY_PREFIX = {"US$": "USD", "$": "USD", "£": "GBP", "€": "EUR", "₽": "RUB"}

_SCALE_VALUES: dict[str, float] = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9,
                                   "trillion": 1e12, "dozen": 12.0, "mn": 1e6, "bn": 1e9, "tn": 1e12,
                                   "trn": 1e12, "m": 1e6}
_SCALE_WORD = re.compile(rf"(?:{_WS}|-)?(?P<s>hundred|thousand|million|billion|trillion|dozen)\b", re.IGNORECASE)
# "m" is million only after a currency sign; "100m" alone is metres.
_SCALE_ABBR = re.compile(rf"(?:{_WS})?(?P<s>trn|mn|bn|tn|m)(?![^\W\d_])", re.IGNORECASE)

_UNIT_WORDS = sorted(
    [
        "kilometres", "kilometers", "kilometre", "kilometer", "kms", "km", "miles", "mile", "mi", "metres",
        "meters", "metre", "meter", "m", "feet", "foot", "ft", "km2", "km²", "mi2", "mi²",
        rf"sq\.?(?:{_WS})?km", rf"sq\.?(?:{_WS})?mi(?:les?)?", rf"square{_WS}kilomet(?:re|er)s?", rf"square{_WS}miles?",
        rf"US{_WS}dollars?", "dollars?", "euros?", "roubles?", "rubles?", "USD", "GBP", "EUR", "RUB",
    ],
    key=len,
    reverse=True,
)
_UNIT_AFTER = re.compile(rf"(?:{_WS}|-)?(?P<u>{'|'.join(_UNIT_WORDS)})(?![\w²])", re.IGNORECASE)
_PERCENT_AFTER = re.compile(rf"(?:{_WS})?(?:%|per(?:{_WS})?cent\b)", re.IGNORECASE)

# A capitalised word right before a number makes it a name ("Luna-25",
# "Svobodny 18"), unless the word is one that ordinarily introduces figures.
_NAME_BEFORE = re.compile(rf"(?<![\w’'])(?P<w>[A-Z][A-Za-z]*)(?P<sep>-|{_SP})$")
_NOT_NAMES = frozenset(
    """a about above after again all almost also an and another any approximately around as at be before below
    between both but by circa close costing cost costs down during each either estimated every exactly fewer
    for from had has have he her his i if in is it its just last less more my nearly next nor of on only or our
    over per plus posted published roughly she since so some still than that the their then there these they
    this those through till to top total under until up updated was we were when while with within you your""".split()
)

_SMALL_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_SMALL_WORDS)}
_WORD_VALUES.update({w: 20 + 10 * i for i, w in enumerate(_TENS_WORDS)})
_WORD_NUMBER = re.compile(
    rf"\b(?:(?P<half>half{_WS}an?{_WS}dozen)"
    rf"|(?P<tens>{'|'.join(_TENS_WORDS)})(?:-(?P<ones>{'|'.join(_SMALL_WORDS[1:10])}))?"
    rf"|(?P<small>{'|'.join(sorted(_SMALL_WORDS[1:], key=len, reverse=True))})"
    rf"|(?P<a>an?)(?={_WS}(?:dozen|hundred|thousand|million|billion|trillion)\b))\b",
    re.IGNORECASE,
)
# (fraction of the stated amount at the low end, at the high end)
_HEDGES: dict[str, tuple[float, float]] = {
    "nearly": (0.75, 1.0), "almost": (0.75, 1.0), "just under": (0.75, 1.0), "close to": (0.75, 1.0),
    "about": (0.75, 1.25), "around": (0.75, 1.25), "approximately": (0.75, 1.25), "roughly": (0.75, 1.25),
    "some": (0.75, 1.25),
}
_HEDGE_BEFORE = re.compile(
    rf"(?<!\w)(?P<h>{'|'.join(h.replace(' ', _WS) for h in _HEDGES)}){_WS}$", re.IGNORECASE
)

# "billions" runs from two of the unit to the next named scale up.
_PLURAL_SCALES: dict[str, tuple[float, float]] = {
    "dozens": (12.0, 144.0), "hundreds": (1e2, 1e3), "thousands": (1e3, 1e6), "millions": (1e6, 1e9),
    "billions": (1e9, 1e12), "trillions": (1e12, 1e15),
}
_PLURAL = re.compile(
    rf"(?<![\w$£€])(?P<cur>US\$|\$|£|€)?\b(?:(?P<mult>tens|hundreds){_WS}of{_WS})?"
    rf"(?P<scale>{'|'.join(_PLURAL_SCALES)})\b"
    rf"(?:{_WS}of{_WS}(?P<unit>US{_WS}dollars|dollars|euros|roubles|rubles|pounds))?",
    re.IGNORECASE,
)


def _half_step(number: Decimal) -> Decimal:
    """Return half the place of a number's last non-zero digit: 930 -> 5, 1500 -> 50, 2.5 -> 0.05, 0 -> 0.5."""
    if number == 0:
        return Decimal("0.5")
    exponent = number.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # only NaN/infinity have a str exponent
    return Decimal(5) * Decimal(10) ** (exponent - 1)


@dataclass(frozen=True)
class _Suffix:
    """What follows a number: where it ends, its multiplier and unit."""

    end: int
    multiplier: float
    scale: str | None
    unit: str | None


def _suffix(text: str, pos: int, money: bool) -> _Suffix:
    """Return the scale and unit written after a number ending at ``pos``."""
    multiplier, scale = 1.0, None
    match = _SCALE_WORD.match(text, pos)
    if match is None and money:
        match = _SCALE_ABBR.match(text, pos)
    elif match is None:
        candidate = _SCALE_ABBR.match(text, pos)
        if candidate is not None and candidate["s"].lower() != "m":
            match = candidate
    if match is not None:
        scale = match["s"].lower()
        multiplier = _SCALE_VALUES[scale]
        pos = match.end()
    unit = None
    if not money:
        unit_match = _UNIT_AFTER.match(text, pos)
        # A capital M is never metres in prose (it is millions, or a name).
        if unit_match is not None and unit_match["u"] != "M":
            unit = canonical_unit(unit_match["u"])
            pos = unit_match.end()
    return _Suffix(pos, multiplier, scale, unit)


def _rounding(number: Decimal, suffix: _Suffix) -> tuple[float, float]:
    """Return the range a stated figure's rounding allows: "930" -> 925..935, "2.5bn" -> 2.45e9..2.55e9."""
    multiplier = Decimal(suffix.multiplier)
    stated = number * multiplier
    # Dozens are counted in ones: "3 dozen" is 35.5..36.5, not 30..42.
    half = _half_step(stated) if suffix.scale == "dozen" else _half_step(number) * multiplier
    return float(stated - half), float(stated + half)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < b and a < end for a, b in taken)


def _date_mentions(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Return full dates and month-year dates, most precise form first."""
    out = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if _overlaps(taken, match.start(), match.end()):
                continue
            groups = match.groupdict()
            mon = groups["mon"]
            month = int(mon) if mon.isdigit() else _MONTHS[mon.lower()]
            day = int(groups["day"]) if groups.get("day") else None
            try:
                date = FactDate(int(groups["year"]), month, day)
            except ValueError:
                continue  # "February 30, 2023" is not a date; its numbers are read as numbers
            taken.append((match.start(), match.end()))
            out.append(Mention(match.group(), match.start(), match.end(), None, None, None, date))
    return out


def _is_name(text: str, start: int) -> bool:
    """Return True when the number at ``start`` belongs to a name such as "Soyuz-2" or "Svobodny 18"."""
    match = _NAME_BEFORE.search(text, max(0, start - 40), start)
    if match is None:
        return False
    return match["sep"] == "-" or match["w"].lower() not in _NOT_NAMES


def _number_mentions(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Return the numbers written in digits, with their scales and units."""
    out = []
    for match in _NUMBER.finditer(text):
        start = match.start()
        cur = match["cur"]
        if _overlaps(taken, start, match.end()):
            continue
        if cur is None and _is_name(text, start):
            continue
        after = text[match.end():match.end() + 2]
        # "1,5" or "2.5.1": a separator we cannot read either way.
        if re.match(r"[.,]\d", after):
            continue
        money = cur is not None
        suffix = _suffix(text, match.end(), money)
        nothing_after = suffix.end == match.end()
        if nothing_after and (after[:1].isalpha() or _PERCENT_AFTER.match(text, match.end())):
            continue  # "1990s", "20th", "5G"; percentages are not counts or any unit here
        digits = re.sub(f"[,{_SPACE_CHARS}]", "", match["int"]) + (match["frac"] or "")
        number = Decimal(digits)
        stated = number * Decimal(suffix.multiplier)
        value = float(stated)
        unit = _CURRENCY_PREFIX[cur] if cur is not None else suffix.unit
        end = suffix.end
        plain = (not money and suffix.scale is None and suffix.unit is None and match["frac"] is None
                 and match["int"].isdigit())
        if plain and 1000 <= value <= 2100:
            year = int(value)
            out.append(Mention(text[start:end], start, end, value, value, None, FactDate(year), value))
            taken.append((start, end))
            continue
        low, high = _rounding(number, suffix)
        out.append(Mention(text[start:end], start, end, low, high, unit, None, value))
        taken.append((start, end))
    return out


def _word_mentions(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Return the numbers written in words ("twelve", "a dozen", "nearly a dozen", "two billion dollars")."""
    out = []
    for match in _WORD_NUMBER.finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        if match["half"]:
            base = 6
        elif match["tens"]:
            base = _WORD_VALUES[match["tens"].lower()] + (_WORD_VALUES[match["ones"].lower()] if match["ones"] else 0)
        elif match["small"]:
            base = _WORD_VALUES[match["small"].lower()]
        else:
            base = 1  # "a" before a scale word
        suffix = _suffix(text, match.end(), False)
        if match["a"] and suffix.scale is None:
            continue
        value = float(base) * suffix.multiplier
        start, end = match.start(), suffix.end
        hedge = _HEDGE_BEFORE.search(text, max(0, start - 30), start)
        if hedge is not None:
            qualifier = " ".join(hedge["h"].lower().split())
            low_f, high_f = _HEDGES[qualifier]
            start = hedge.start()
            low, high = value * low_f, value * high_f
        else:
            qualifier = None
            low, high = _rounding(Decimal(base), suffix)
        if _overlaps(taken, start, end):
            continue
        out.append(Mention(text[start:end], start, end, low, high, suffix.unit, None, value, qualifier))
        taken.append((start, end))
    return out


def _plural_mentions(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Return worded ranges: "billions of dollars", "tens of thousands", "hundreds"."""
    out = []
    for match in _PLURAL.finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        scale, top = _PLURAL_SCALES[match["scale"].lower()]
        if match["mult"]:
            step = 10.0 if match["mult"].lower() == "tens" else 100.0
            low, high = 2 * step * scale, 10 * step * scale
        else:
            low, high = 2 * scale, top
        unit = None
        if match["cur"]:
            unit = _CURRENCY_PREFIX[match["cur"]]
        elif match["unit"]:
            word = match["unit"].lower()
            # Here, after "millions of", pounds can only be money.
            unit = "GBP" if word == "pounds" else canonical_unit(word)
        end = match.end() if match["unit"] or match["cur"] else match.end("scale")
        qualifier = " ".join(text[match.start("mult") if match["mult"] else match.start("scale"):
                                  match.end("scale")].lower().split())
        out.append(Mention(text[match.start():end], match.start(), end, low, high, unit, None, None, qualifier))
        taken.append((match.start(), end))
    return out


def find_mentions(text: str) -> list[Mention]:
    """Return every number, quantity and date stated in ``text``, in reading order.

    Dates are found first so a date's day and year are not also read as
    numbers; numbers inside names ("Soyuz-2.1b", "Svobodny 18") are skipped.
    """
    taken: list[tuple[int, int]] = []
    mentions = _date_mentions(text, taken)
    mentions += _number_mentions(text, taken)
    mentions += _word_mentions(text, taken)
    mentions += _plural_mentions(text, taken)
    return sorted(mentions, key=lambda m: m.start)


# --------------------------------------------------------------------------- support


def _same_number(a: float, b: float) -> bool:
    # Stated figures are computed in Decimal, so equal figures are equal
    # floats; the tolerance only forgives a last-bit difference and still
    # tells 999,999,999,999 from a trillion.
    return math.isclose(a, b, rel_tol=1e-14, abs_tol=0.0)


def _states(mention: Mention, value: float) -> bool:
    """Return True when the mention states ``value`` itself, or worded a range that holds it."""
    if mention.value is not None and _same_number(mention.value, value):
        return True
    return (mention.qualifier is not None and mention.low is not None and mention.high is not None
            and mention.low <= value <= mention.high)


def _converts_to(mention: Mention, value: float, unit: str) -> bool:
    """Return True when a mention in another unit of the same dimension agrees with ``value`` within rounding."""
    assert mention.unit is not None and mention.low is not None and mention.high is not None
    ratio = UNITS[mention.unit].factor / UNITS[unit].factor
    low, high = mention.low * ratio, mention.high * ratio
    half = float(_half_step(Decimal(repr(float(value)))))
    return value - half <= high and low <= value + half


def _supports_number(mention: Mention, value: float, unit: str | None) -> bool:
    """Return True when one mention supports a numeric fact in ``unit``."""
    if mention.low is None:
        return False  # a full date is not a number
    if unit is None or mention.unit == unit:
        return _states(mention, value)
    if mention.unit is None:
        # An article may drop the unit it gave a sentence earlier, but then
        # only the very figure counts: a vague bare amount says nothing.
        return mention.value is not None and _same_number(mention.value, value)
    if UNITS[mention.unit].dimension != UNITS[unit].dimension:
        return False
    return _converts_to(mention, value, unit)


def supports(value: float | FactDate, unit: str | None, text: str) -> Mention | None:
    """Return the first mention in ``text`` that supports the fact's value, or None if none does.

    A number in the fact's own unit must be stated exactly, or fall inside a
    worded range ("billions of dollars", "nearly a dozen"); a number in
    another unit of the same dimension is converted and accepted when the
    two rounding intervals overlap (1,500 km and "930 miles"). A date must
    agree at the fact's precision: FactDate(2023, 9) is supported by
    "September 2023" or "Sep 13, 2023", not by "2023".
    """
    if isinstance(value, FactDate):
        for mention in find_mentions(text):
            if mention.date is not None and mention.date.within(value):
                return mention
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number or FactDate, got {value!r}")
    code = _resolve_unit(unit)
    for mention in find_mentions(text):
        if _supports_number(mention, float(value), code):
            return mention
    return None


def mention_supports(mention: Mention, value: float | FactDate, unit: str | None) -> bool:
    """Return True when one already-found mention supports the fact's value (supports() without re-reading)."""
    if isinstance(value, FactDate):
        return mention.date is not None and mention.date.within(value)
    return _supports_number(mention, float(value), _resolve_unit(unit))


class FigureIndex:
    """Many facts' values and dates, indexed so a mention finds the ones it may support without a full scan."""

    def __init__(self, figures: Iterable[tuple[float | FactDate, str | None]]) -> None:
        self.by_year: dict[int, list[FactDate]] = {}
        raw: list[tuple[float, int]] = []
        si: list[tuple[float, int]] = []
        self.numbers: list[tuple[float, str | None]] = []
        for value, unit in figures:
            if isinstance(value, FactDate):
                self.by_year.setdefault(value.year, []).append(value)
                continue
            k = len(self.numbers)
            code = _resolve_unit(unit)
            self.numbers.append((float(value), code))
            raw.append((float(value), k))
            if code is not None:
                si.append((float(value) * UNITS[code].factor, k))
        raw.sort()
        si.sort()
        self._raw, self._raw_keys = raw, [v for v, _ in raw]
        self._si, self._si_keys = si, [v for v, _ in si]

    @staticmethod
    def _window(keys: list[float], rows: list[tuple[float, int]], low: float, high: float,
                widen: bool) -> list[int]:
        # In its own unit (or none) a value must lie in the stated range itself; across units, rounding of
        # both figures widens it, so that window is generous: the exact test comes after either way.
        lo, hi = min(low, high), max(low, high)
        if widen:
            lo, hi = (lo / 2 - 1 if lo > 0 else lo * 2 - 1), (hi * 2 + 1 if hi > 0 else hi / 2 + 1)
        else:
            slack = 1e-9 * max(abs(lo), abs(hi), 1.0)
            lo, hi = lo - slack, hi + slack
        a = bisect.bisect_left(keys, lo)
        b = bisect.bisect_right(keys, hi)
        return [k for _, k in rows[a:b]]

    def supported(self, mention: Mention) -> bool:
        """Return True when any indexed value or date is supported by ``mention``."""
        if mention.date is not None and any(mention.date.within(d) for d in self.by_year.get(mention.date.year, ())):
            return True
        if mention.low is None or mention.high is None:
            return False
        candidates = set(self._window(self._raw_keys, self._raw, mention.low, mention.high, widen=False))
        if mention.unit is not None:
            f = UNITS[mention.unit].factor
            candidates.update(self._window(self._si_keys, self._si, mention.low * f, mention.high * f, widen=True))
        return any(_supports_number(mention, *self.numbers[k]) for k in sorted(candidates))


def to_km(value: float, unit: str | None) -> float | None:
    """Return a length in kilometres, or None when the unit is not a length."""
    code = canonical_unit(unit) if unit else None
    if code is None or UNITS[code].dimension != UNITS["km"].dimension:
        return None
    return value * UNITS[code].factor / UNITS["km"].factor
