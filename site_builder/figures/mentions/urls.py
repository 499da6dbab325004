"""Rule: web addresses and e-mail addresses are one token each; their digits are no figure ("/2016/09/")."""

from __future__ import annotations

import re

from ..model import Kind
from .state import State, token

_URL = re.compile(
    r"(?:\bhttps?://|\bwww\.)[^\s<>\"“”]+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|int|info|io|uk|ru|de|fr|eu|kp|cn|us)(?:/[^\s<>\"“”]*)?"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)


def rule(state: State) -> None:
    """Add a URL mention for each web or e-mail address (trailing punctuation is the sentence's)."""
    for match in _URL.finditer(state.text):
        start, end = match.span()
        while end > start and state.text[end - 1] in ".,;:!?)]’'":
            end -= 1
        if state.free(start, end):
            state.add(token(state, Kind.URL, start, end))
