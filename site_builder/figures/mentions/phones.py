"""Rule: telephone numbers are one token; their digit groups are no figure ("+7 495 201 2016")."""

from __future__ import annotations

import re

from ..model import Kind
from .scan import Scan, words
from .state import State, token

_PHONE = re.compile(
    # International: +country code, then groups.
    r"(?<![\w+])\+\d{1,3}(?:[ .\-\u00a0]?\(?\d{1,5}\)?){2,6}(?![\d])"
    # North American: (202) 555-0123, 202-555-0123, 202.555.0123.
    r"|(?<![\w.\-])\(\d{3}\)[ \u00a0]?\d{3}[\-.]\d{4}(?!\d)"
    r"|(?<![\w.\-])\d{3}[\-.]\d{3}[\-.]\d{4}(?![\d\-])"
    # European groups after a trunk zero: 020 7946 0958, 0800 123 456.
    r"|(?<![\w.,\-])(?<!\d[ \u00a0\u202f\u2009])0\d{2,4}[ \u00a0]\d{3,4}[ \u00a0]\d{3,4}(?![\d,]|[ \u00a0\u202f\u2009]\d)"
    # Russian style: 123-45-67.
    r"|(?<![\w.\-])\d{3}-\d{2}-\d{2}(?![\d\-])"
)
_PHONE_WORD = re.compile(r"(?:tel\.?|phone|telephone|call|fax|hotline)[:\s]+(?P<n>\+?[\d(][\d ()\-.\u00a0]{5,}\d)",
                         re.IGNORECASE)
# Each form starts at "+", "(" or a digit with no word character before it; a phone word needs a digit after.
# What each needs, found in few texts: the phone word with a separator and the number's start after it; a digit
# after "+", three digits in brackets, or three digits and "-" or "." and two digits, or three, a space and three.
_SCANS = (
    (Scan(_PHONE_WORD, words("tel", "phone", "call", "fax", "hotline"),
          needs=re.compile(r"(?:tel\.?|phone|call|fax|hotline)[:\s]+\+?[\d(]"), fold=True, digit=True), "n"),
    (Scan(_PHONE, re.compile(r"[+(\d](?<!\w.)"),
          needs=re.compile(r"\d(?:(?<=\+\d)|(?<=\(\d)\d\d\)|\d\d(?:[\-.]\d\d|[ \u00a0]\d{3}))"), digit=True), 0),
)


def rule(state: State) -> None:
    """Add a PHONE mention for each telephone number."""
    for scan, group in _SCANS:
        for match in state.scan(scan):
            start, end = match.span(group)
            if sum(c.isdigit() for c in match[group]) >= 7 and state.free(start, end):
                state.add(token(state, Kind.PHONE, start, end))
