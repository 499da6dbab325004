"""Rule: web addresses and e-mail addresses are one token each; their digits are no figure ("/2016/09/")."""

from __future__ import annotations

import re

from ..model import Kind
from .scan import Scan
from .state import State, token

# Possessive and anchored at the start of a token, so a long run of "1.1.1.1" is read once, not once per dot.
_URL = re.compile(
    r"(?<![\w.+-])(?:https?://|www\.)[^\s<>\"“”]++"
    r"|(?<![\w.+-])(?:[\w-]++\.)++(?:com|org|net|gov|edu|int|info|io|uk|ru|de|fr|eu|kp|cn|us)\b(?:/[^\s<>\"“”]*+)?"
    r"|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++",
    re.IGNORECASE,
)
# Every address has "://", "www.", "@" or a dot and a top-level domain: most paragraphs have none of them.
_SCAN = Scan(_URL, needs=re.compile(r"://|www\.|@|\.(?:com|org|net|gov|edu|int|info|io|uk|ru|de|fr|eu|kp|cn|us)"),
             fold=True)


def rule(state: State) -> None:
    """Add a URL mention for each web or e-mail address (trailing punctuation is the sentence's)."""
    for match in state.scan(_SCAN):
        start, end = match.span()
        while end > start and state.text[end - 1] in ".,;:!?)]’'":
            end -= 1
        if state.free(start, end):
            state.add(token(state, Kind.URL, start, end))
