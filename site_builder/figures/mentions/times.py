"""Rule: clock times, with their time zone: "1:27 a.m. ET", "0527 GMT", "10.30pm", "noon"."""

from __future__ import annotations

import re

from ..model import ClockTime, Kind, Mention
from .scan import Scan, words
from .state import OPT_WS, WS, State

# Offsets from UTC in hours; a zone that changes with summer time has both.
ZONE_OFFSETS: dict[str, tuple[float, ...]] = {
    "GMT": (0,), "UTC": (0,), "Z": (0,), "BST": (1,), "CET": (1,), "CEST": (2,), "EET": (2,), "EEST": (3,),
    "MSK": (3,), "Moscow time": (3,), "ET": (-5, -4), "EST": (-5,), "EDT": (-4,), "CT": (-6, -5), "CST": (-6,),
    "CDT": (-5,), "MT": (-7, -6), "MST": (-7,), "MDT": (-6,), "PT": (-8, -7), "PST": (-8,), "PDT": (-7,),
    "KST": (9,), "JST": (9,), "IST": (5.5,), "AEST": (10,), "AEDT": (11,), "VLAT": (10,),
}
_ZONE = "|".join(sorted((re.escape(z).replace(r"\ ", WS) for z in ZONE_OFFSETS), key=len, reverse=True))
_AMPM = r"(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)"
_ZONE_AFTER = rf"(?:{OPT_WS}(?P<zone>{_ZONE})\b)?"
_TIMES = (
    # 1:27 a.m., 10.30pm, 10:30 (with or without a zone); a dot needs am/pm, or it is a decimal.
    re.compile(rf"(?<![\w.,:])(?P<h>\d{{1,2}}):(?P<m>[0-5]\d)(?![\d:])(?:{OPT_WS}{_AMPM})?{_ZONE_AFTER}", re.IGNORECASE),
    re.compile(rf"(?<![\w.,:])(?P<h>\d{{1,2}})\.(?P<m>[0-5]\d){OPT_WS}{_AMPM}{_ZONE_AFTER}", re.IGNORECASE),
    # 10am, 5 p.m.
    re.compile(rf"(?<![\w.,:])(?P<h>\d{{1,2}}){OPT_WS}{_AMPM}{_ZONE_AFTER}", re.IGNORECASE),
    # 0527 GMT, 1400 UTC: four digits are a time only with a zone (else a year or a count).
    re.compile(rf"(?<![\w.,:])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d){WS}(?:hours{OPT_WS})?(?P<zone>{_ZONE})\b"),
    re.compile(rf"(?<![\w.,:])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d){OPT_WS}(?P<zone>GMT|UTC|hrs|hours)\b"),
    re.compile(r"\b(?P<noon>noon|midnight)\b", re.IGNORECASE),
)

# Where each form can start: the first digit of a run (none of them starts after a word character), followed
# by what the form needs next; and what it needs further on: a colon; the minutes and am/pm ("am" alone is in
# many words, a digit before it is not); a zone. "noon" and "midnight" where those words are. Forms that ignore
# case look in the folded text.
_ZONE_NEEDED = words(*(z.split()[0] for z in ZONE_OFFSETS))
_SCANS = (
    Scan(_TIMES[0], re.compile(r"\d(?<!\d\d)\d?:"), digit=True, literals=(":",)),
    Scan(_TIMES[1], re.compile(r"\d(?<!\d\d)\d?\.\d"), needs=re.compile(rf"\.[0-5]\d{OPT_WS}[ap]\.?m"), fold=True,
         digit=True),
    Scan(_TIMES[2], re.compile(r"\d(?<!\d\d)"), needs=re.compile(rf"\d{OPT_WS}[ap]\.?m"), fold=True, digit=True),
    Scan(_TIMES[3], re.compile(rf"\d(?<!\d\d)\d{{3}}{WS}"), needs=_ZONE_NEEDED, digit=True),
    Scan(_TIMES[4], re.compile(r"\d(?<!\d\d)\d{3}"), digit=True, literals=("GMT", "UTC", "hrs", "hours")),
    Scan(_TIMES[5], words("noon", "midnight"), fold=True, literals=("noon", "midnight")),
)


def _canonical_zone(zone: str | None) -> str | None:
    if zone is None:
        return None
    words = " ".join(zone.split())
    for known in ZONE_OFFSETS:
        if known.lower() == words.lower():
            return known
    return None  # "hrs", "hours": a 24-hour clock, zone unsaid


def rule(state: State) -> None:
    """Add a TIME mention for each clock time, its zone included in its span."""
    text = state.text
    for scan in _SCANS:
        for match in state.scan(scan):
            groups = match.groupdict()
            start, end = match.span()
            if groups.get("noon"):
                hour, minute = (12, 0) if groups["noon"].lower() == "noon" else (0, 0)
            else:
                hour, minute = int(groups["h"]), int(groups.get("m") or 0)
                ampm = (groups.get("ampm") or "").lower()
                if ampm:
                    if not 1 <= hour <= 12:
                        continue
                    hour = hour % 12 + (12 if ampm.startswith("p") else 0)
                elif hour > 23:
                    continue
            if not state.free(start, end):
                continue
            time = ClockTime(hour, minute, _canonical_zone(groups.get("zone")))
            state.add(Mention(text[start:end], start, end, None, None, None, kind=Kind.TIME, time=time))
