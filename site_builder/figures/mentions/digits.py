"""Rule: numbers written in digits, with their sign, currency, scale word, unit or percent sign, hedge and range.

"1 500km", "$3bn", "11.3 million", "−40", "12%", "3.5pc", "10⁶ dollars", "between 4.3 and 5.2 billion
dollars", "more than 1,000 people", "2016" (a year), "20th" (an ordinal), "1990s" (a decade).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..dates import FactDate
from ..model import Kind, Mention, kind_of_unit
from ..numbers import MAX_DIGITS
from .scan import Scan
from .state import (CURRENCY_CODE_BEFORE, CURRENCY_PREFIX, HEDGES, OPT_WS, SP, SPACE_CHARS, State, Suffix,
                    hedge_before, hedge_key, read_suffix, rounding, token)

# A digit group joins a 1-3 digit lead only if it is exactly three digits, so
# "in 2016 2 rockets" stays two numbers while "1 500km" is one.
_NUMBER = re.compile(
    rf"(?<![\w.,])(?P<sign>[−-](?=[\d$£€]))?(?P<cur>US\$|\$|£|€|₽)?"
    rf"(?P<int>\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d{{1,3}}(?:{SP}\d{{3}})+(?!\d)|\d+)(?P<frac>\.\d+)?"
)
_SIGN_OK_BEFORE = set(SPACE_CHARS) | set("\t\n([=/:;“\"'‘")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_POWER = re.compile(r"(?:\^(?P<caret>\d{1,3})|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))")
_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_DECADE = re.compile(r"[’']?s\b")
_ALNUM_TAIL = re.compile(r"[\w²³.-]*\w|\w*")
_RANGE_JOIN = re.compile(rf"{OPT_WS}(?:–|—|-|to\b|and\b){OPT_WS}")
_BETWEEN = re.compile(rf"\b(?:between|from){OPT_WS}(?:US\$|\$|£|€)?$", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"(?P<cur>US\$|\$|£|€|₽)?(?P<int>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?P<frac>\.\d+)?")
_UNREADABLE_AFTER = re.compile(r"[.,]\d")
# A number starts at its sign, currency or first digit, with no word character before it.
_NUMBER_SCAN = Scan(_NUMBER, re.compile(r"[−\-U$£€₽\d](?<!\w.)"), digit=True)


_GROUPING = re.compile(f"[,{SPACE_CHARS}]")


def _digits(whole: str, frac: str | None) -> str:
    """Return a number's digits without its grouping (``whole`` and ``frac``: its int and frac groups)."""
    if not whole.isdigit():  # only digits: nothing groups them (most numbers)
        whole = _GROUPING.sub("", whole)
    return whole + (frac or "")


def _range_partner(state: State, match: re.Match[str], currency: str | None) -> Suffix | None:
    """Return the suffix of the range's far end when this bare number opens a range ("4.3 and 5.2 billion")."""
    text = state.text
    join = _RANGE_JOIN.match(text, match.end())
    if join is None:
        return None
    word = join.group().strip()
    if word == "and" and _BETWEEN.search(text, max(0, match.start() - 12), match.start()) is None:
        return None
    other = _BARE_NUMBER.match(text, join.end())
    if other is None or len(other["int"]) > MAX_DIGITS + 5:
        return None
    if other["cur"] is not None and currency is not None and CURRENCY_PREFIX[other["cur"]] != currency:
        return None
    suffix = read_suffix(text, other.end(), currency is not None or other["cur"] is not None)
    if suffix.end == other.end() and other["cur"] is None:
        return None
    unit = suffix.unit
    if other["cur"] is not None:
        unit = CURRENCY_PREFIX[other["cur"]]
    return Suffix(suffix.end, suffix.multiplier, suffix.scale, unit)


def rule(state: State) -> None:
    """Add a mention for each number written in digits."""
    text = state.text
    inherited: dict[int, tuple[str | None, int]] = {}  # far end of a range -> (currency, range start)
    for match in state.scan(_NUMBER_SCAN):
        state.steps += 1
        start = match.start()
        # The groups, read once (each read is a call).
        sign, cur, whole, frac = match.group("sign", "cur", "int", "frac")
        if sign is not None and start > 0 and text[start - 1] not in _SIGN_OK_BEFORE:
            sign, start = None, match.start("cur") if cur else match.start("int")
        if not state.free(start, match.end()):
            continue
        digits = _digits(whole, frac)
        if len(digits) - len(frac or "") > MAX_DIGITS or len(frac or "") > MAX_DIGITS:
            state.add(token(state, Kind.IDENTIFIER, start, match.end()))  # a serial, or noise: never a figure
            continue
        after = text[match.end():match.end() + 2]
        if _UNREADABLE_AFTER.match(after):
            state.add(token(state, Kind.UNCLEAR, start, match.end() + 2))  # "1,5": which separator is it?
            continue
        currency = CURRENCY_PREFIX[cur] if cur else None
        if currency is None and (code := CURRENCY_CODE_BEFORE.search(text, max(0, start - 6), start)):
            currency, start = code["code"], code.start()
        from_range = currency is None and start in inherited and inherited[start][0] is not None
        if from_range:
            currency = inherited[start][0]
        number = Decimal(digits)
        pos = match.end()
        power = _POWER.match(text, pos)
        if power is not None and whole == "10" and frac is None:
            exponent = int((power["caret"] or power["sup"]).translate(_SUPERSCRIPTS))
            if exponent > MAX_DIGITS + 12:
                state.add(token(state, Kind.UNCLEAR, start, power.end()))
                continue
            number, pos = Decimal(10) ** exponent, power.end()
        suffix = read_suffix(text, pos, currency is not None and not from_range)
        if not state.free(pos, suffix.end):
            # The scale or unit would run into a mention already read ("0 k0": "k0" is a name), so the
            # number stands bare: every character belongs to at most one mention.
            suffix = Suffix(pos, Decimal(1), None, None)
        if from_range and suffix.unit is not None:
            if suffix.unit != currency:
                continue  # "$4 to 5 euros" is no range we can read
            suffix = Suffix(suffix.end, suffix.multiplier, suffix.scale, None)
        if suffix.unclear:
            state.add(token(state, Kind.UNCLEAR, start, suffix.end))  # "100m": metres or millions?
            continue
        scope = None
        range_end = None
        if start in inherited:
            range_end, scope = "high", (inherited[start][1], suffix.end)
        if suffix.end == pos and power is None:
            nxt = text[pos:pos + 1]
            if nxt and (nxt.isalpha() or nxt in "’'"):
                ordinal = _ORDINAL.match(text, pos)
                decade = _DECADE.match(text, pos)
                if ordinal is not None and not state.free(pos, ordinal.end()):
                    ordinal = None
                if decade is not None and not state.free(pos, decade.end()):
                    decade = None
                if ordinal is not None and frac is None and sign is None and cur is None:
                    state.add(Mention(text[start:ordinal.end()], start, ordinal.end(), None, None, None,
                                      value=float(number), kind=Kind.ORDINAL))
                elif decade is not None and digits.endswith("0") and frac is None and cur is None:
                    state.add(Mention(text[start:decade.end()], start, decade.end(), None, None, None,
                                      value=float(number), kind=Kind.DECADE))
                else:  # "5G", "3D", "1990x": part of a name
                    tail = _ALNUM_TAIL.match(text, pos)
                    end = tail.end() if tail is not None else pos
                    if not state.free(start, end):
                        word = re.match(r"\w*", text[pos:pos + 64])  # always matches, maybe empty
                        end = pos + (word.end() if word is not None else 0)
                    if state.free(start, end):
                        state.add(token(state, Kind.IDENTIFIER, start, end))
                continue
            partner = _range_partner(state, match, currency)
            if partner is not None:
                suffix = Suffix(pos, partner.multiplier, partner.scale, partner.unit)
                scope, range_end = (start, partner.end), "low"
                far = _RANGE_JOIN.match(text, pos)
                assert far is not None
                inherited[far.end()] = (currency or (partner.unit if partner.unit in CURRENCY_PREFIX.values() else None),
                                        start)
        if sign is not None:
            number = -number
        unit = currency or suffix.unit
        stated = number * suffix.multiplier
        value = float(stated)
        end = suffix.end
        hedge = hedge_before(text, start)
        qualifier, bound, hedge_word = None, None, None
        if hedge is not None and not state.free(hedge.start(), start):
            hedge = None  # its words belong to a mention already read
        if hedge is not None:
            hedge_word = hedge_key(hedge["h"])
            bound = HEDGES[hedge_word][2]
            if bound is not None:
                qualifier = hedge_word
                start = hedge.start()
        plain = (cur is None and currency is None and suffix.scale is None and suffix.unit is None
                 and frac is None and whole.isdigit() and sign is None and power is None)
        if plain and hedge is None and 1000 <= value <= 2100 and range_end != "low":
            year = int(value)
            state.add(Mention(text[start:end], start, end, value, value, None, FactDate(year), value, kind=Kind.YEAR))
            continue
        low, high = rounding(number, suffix)
        if bound is not None:
            low_f, high_f, _ = HEDGES[hedge_word or ""]
            low, high = sorted((value * low_f, value * high_f))
        if scope is not None:
            scope = (min(scope[0], start), max(scope[1], end))
        state.add(Mention(text[start:end], start, end, low, high, unit, None, value, qualifier,
                          kind=kind_of_unit(unit), bound=bound, scope=scope, range_end=range_end))
