"""Rule: numbers written in words, read whole: "two hundred and fifty thousand" is 250,000 (never 50,000),
"three quarters" is 0.75 (never 3), "one and a half million", "a dozen", "nearly a dozen", "two billion dollars"."""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Mention, kind_of_unit
from ..numbers import half_step
from .scan import Scan, words
from .state import HEDGES, WS, State, hedge_before, hedge_key, read_suffix

_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
VALUES: dict[str, int] = {w: i for i, w in enumerate(_SMALL)}
VALUES.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
_BIG = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_FRACTIONS = {"half": Decimal("0.5"), "halves": Decimal("0.5"), "third": Decimal(1) / 3, "thirds": Decimal(1) / 3,
              "quarter": Decimal("0.25"), "quarters": Decimal("0.25"), "fifth": Decimal("0.2"),
              "fifths": Decimal("0.2"), "tenth": Decimal("0.1"), "tenths": Decimal("0.1")}

_WORD = "|".join(sorted([*VALUES, "hundred", *_BIG, "dozen", "and", "a", "an", "half", "quarter", "quarters",
                         "third", "thirds", "fifths", "tenths"], key=len, reverse=True))
# A run of number words joined by spaces or hyphens; parsed (and trimmed) by _parse.
_RUN = re.compile(rf"\b(?:{_WORD})(?:(?:{WS}|-)(?:{_WORD}))*\b", re.IGNORECASE)
# A run starts with one of its words (found in the folded text: the run ignores case).
_RUN_SCAN = Scan(_RUN, words(*_WORD.split("|")), fold=True)
_TOKEN = re.compile(r"[^\s\u00a0\u202f\u2009\u2007-]+")
# The words that carry a value. A run of only "a", "an" and "and" (every text has them) is no number
# (_parse reads none from it), so a text without one of these as a whole word has no number in words and
# is not read further: the runs of most texts are "a" and "and" alone.
_VALUE_WORDS = [*VALUES, "hundred", *_BIG, "dozen", *_FRACTIONS]
_VALUE_WORD = re.compile(rf"\b(?:{'|'.join(sorted(_VALUE_WORDS, key=len, reverse=True))})\b", re.IGNORECASE)
_VALUE_WORD_SCAN = Scan(_VALUE_WORD, words(*_VALUE_WORDS), fold=True)
#: A run of one of these words alone is no number (_parse reads none from it).
_NO_VALUE = frozenset({"a", "an", "and"})


def _parse(lower: list[str], begin: int) -> tuple[Decimal, int] | None:
    """Return (value, number of words used) for the longest run of ``lower`` (lower-cased words) from
    ``begin`` that is one number, or None.

    The grammar is the one news copy uses: "two hundred and fifty thousand",
    "one and a half million", "twenty-five", "a dozen", "half a dozen",
    "three quarters", "a third". Words that do not continue the number end it.
    """
    b = begin
    if len(lower) - b >= 3 and lower[b] == "half" and lower[b + 1] in ("a", "an") and \
            (lower[b + 2] in _BIG or lower[b + 2] == "dozen"):
        return Decimal("0.5") * (_BIG.get(lower[b + 2]) or 12), 3
    total = Decimal(0)
    current: Decimal | None = None
    last = ""
    best: tuple[Decimal, int] | None = None
    i = b
    while i < len(lower):
        w = lower[i]
        nxt = lower[i + 1] if i + 1 < len(lower) else ""
        if w in VALUES:
            v = VALUES[w]
            if last in ("small", "dozen", "frac", "a") or (last == "tens" and (v >= 10 or v == 0)):
                break
            current = (current or Decimal(0)) + v
            last = "tens" if v >= 20 else "small"
        elif w == "hundred":
            if last not in ("small", "tens", "a") or (current is not None and current >= 100):
                break
            current = (current or Decimal(1)) * 100
            last = "hundred"
        elif w in _BIG:
            if last not in ("small", "tens", "hundred", "a", "half") or current is None:
                break
            total += current * _BIG[w]
            current = None
            last = "big"
        elif w == "dozen":
            if last not in ("small", "a") or current is None or current >= 20:
                break
            current = current * 12
            last = "dozen"
        elif w in ("a", "an"):
            if last != "":
                break
            current = Decimal(1)
            last = "a"
        elif w == "and":
            # "two hundred and fifty", "a thousand and one"; "one and a half"; never "eleven and twelve".
            if last in ("hundred", "big") and (nxt in VALUES):
                last = "and-more"
            elif last in ("small", "tens", "a") and nxt in ("a", "an") and i + 2 < len(lower) \
                    and lower[i + 2] in ("half", "quarter", "third"):
                frac = _FRACTIONS[lower[i + 2]]
                current = (current or Decimal(0)) + frac
                i += 3
                last = "half"
                best = (total + current, i - b)
                continue
            else:
                break
        elif w in _FRACTIONS:
            frac = _FRACTIONS[w]
            if last in ("small", "a") and current is not None and current < 20:
                current = current * frac  # "three quarters", "a quarter", "two thirds"
            else:
                break
            last = "frac"
        else:
            break
        i += 1
        if last not in ("and-more", "a"):
            best = (total + (current or Decimal(0)), i - b)
    return best


def rule(state: State) -> None:
    """Add a mention for each number written in words (hedge included: "nearly a dozen")."""
    text = state.text
    if next(state.scan(_VALUE_WORD_SCAN), None) is None:
        return
    for run in state.scan(_RUN_SCAN):
        state.steps += 1
        if run.group().lower() in _NO_VALUE:
            continue  # "a", "an" or "and" alone (most runs): no number
        tokens = [(m.group(), run.start() + m.start(), run.start() + m.end())
                  for m in _TOKEN.finditer(run.group())]
        lower = [t.lower() for t, _, _ in tokens]
        k = 0
        while k < len(tokens):
            state.steps += 1
            parsed = _parse(lower, k)
            if parsed is None:
                k += 1
                continue
            value, used = parsed
            start, end = tokens[k][1], tokens[k + used - 1][2]
            k += used
            words = [t.lower() for t, _, _ in tokens[k - used:k]]
            if words in (["a"], ["an"], ["half"]) or words[-1] in ("a", "an", "and"):
                continue  # "a" alone is an article; "half" alone a share, not a figure
            suffix = read_suffix(text, end, False, scale_done=True)
            # "a dozen" is exactly twelve; "three quarters" is a share, counted as a number
            unit = suffix.unit
            if not state.free(start, suffix.end):
                continue
            last_word = words[-1]
            scale = _BIG.get(last_word) or (12 if last_word == "dozen" else None)
            if scale is not None and len(words) >= 2 and words[-2] not in ("a", "an", "and", "hundred"):
                lead = value / scale
                half = half_step(lead) * scale if last_word != "dozen" else Decimal("0.5")
            else:
                half = half_step(value) if value == value.to_integral_value() else Decimal("0.005")
            low, high = float(value - half), float(value + half)
            qualifier, bound = None, None
            mstart = start
            hedge = hedge_before(text, start)
            if hedge is not None:
                qualifier = hedge_key(hedge["h"])
                low_f, high_f, bound = HEDGES[qualifier]
                mstart = hedge.start()
                low, high = float(value) * low_f, float(value) * high_f
                if not state.free(mstart, start):
                    continue
            state.add(Mention(text[mstart:suffix.end], mstart, suffix.end, low, high, unit, None, float(value),
                              qualifier, kind=kind_of_unit(unit), bound=bound))
