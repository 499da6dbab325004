"""Invisible format characters: refused in what editors write, shown visibly in what sources say (``render/markup.py``).

Unicode's format characters (category Cf) change how text displays without showing themselves: bidi
overrides and isolates (U+202A-U+202E, U+2066-U+2069: "Trojan Source", a claim that reads differently
from what it contains), zero-width spaces and joiners, the soft hyphen, word joiners, tag characters.
A claim, quote, label or title holding one is an error. Two are allowed because real text needs them:
U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER (Persian and Indic spelling, emoji
sequences). In source text (articles are stored as published) they are kept, and shown on source pages
as a visible ``[U+202E]`` marker.
"""

from __future__ import annotations

import re
import unicodedata

#: The joiners real text needs; every other format character is refused.
ALLOWED = frozenset("\u200c\u200d")
#: Every Unicode 15 format character (category Cf) but the allowed joiners.
INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def name(ch: str) -> str:
    """Return ``U+202E RIGHT-TO-LEFT OVERRIDE`` for a character (its code point and Unicode name)."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'FORMAT CHARACTER')}"


def find(text: str) -> re.Match[str] | None:
    """Return the first invisible format character in ``text``, or None."""
    return INVISIBLE.search(text)


def escaped(text: str) -> str:
    """Return ``text`` for a terminal: each invisible format character written as ``\\u202e``."""
    return INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
