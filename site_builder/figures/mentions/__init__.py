"""Reading every figure of a paragraph: one rule per module, run in this order on one shared State.

Earlier rules win: a web address, a phone number or a clock time takes its
digits before the date and number rules see them, and a date takes its day
and year before they can be read as counts. Each rule marks what it reads as
taken, so every character belongs to at most one mention and reading stays
linear in the paragraph's length.
"""

from __future__ import annotations

from collections.abc import Callable

from ..dates import FactDate
from ..model import Mention
from . import dates, digits, names, ordinals, partial_dates, phones, split_numbers, times, urls, vague, words
from .state import State

__all__ = ["RULES", "State", "find_mentions", "read"]

#: (name, rule) in the order they run.
RULES: tuple[tuple[str, Callable[[State], None]], ...] = (
    ("urls", urls.rule),
    ("phones", phones.rule),
    ("split_numbers", split_numbers.rule),
    ("times", times.rule),
    ("dates", dates.rule),
    ("partial_dates", partial_dates.rule),
    ("names", names.rule),
    ("digits", digits.rule),
    ("words", words.rule),
    ("ordinals", ordinals.rule),
    ("vague", vague.rule),
)


def read(text: str, *, published: FactDate | None = None) -> State:
    """Return the State after every rule has read ``text`` (its mentions in rule order, and the work counted)."""
    state = State(text, published)
    for _name, rule in RULES:
        rule(state)
    return state


def find_mentions(text: str, *, published: FactDate | None = None) -> list[Mention]:
    """Return every figure stated in ``text``, in reading order, each with its kind, unit and span.

    ``published`` is the source's publication date: it resolves dates
    written without a year ("Sept. 12", "Tuesday"); without it, such a
    mention has ``needs_year`` set so the caller can ask for the date.
    Spans are offsets into ``text``. Figures inside names ("Luna-25"),
    phone numbers and web addresses come back as token kinds
    (``Kind.is_token``), which back no figure but their own characters.
    """
    return sorted(read(text, published=published).mentions, key=lambda m: (m.start, m.end))
