""""Did you mean ...?": the one way every message suggests the name an editor probably meant.

An unknown key, an enum value, a source id, a paragraph anchor, a fact id: each is a short name typed by
hand, and the likely slip is a letter dropped, doubled, swapped or mistyped. The closest name is the one with
the most characters in common, in order (rapidfuzz's normalised Indel similarity, ``fuzz.ratio``: the share
of both names that their longest common subsequence covers), compared case-insensitively; ties go to the
name listed first, so a suggestion never depends on set order.
"""

from __future__ import annotations

from collections.abc import Iterable

#: The least similarity (0..100) a suggestion must have: below it, a name is a different name, not a slip
#: (``qoute`` for ``quote`` scores 80, ``reutres`` for ``reuters`` 86, ``nobody`` for ``reuters`` 0).
MIN_SCORE = 60.0


def did_you_mean(name: str, choices: Iterable[str], *, min_score: float = MIN_SCORE) -> str | None:
    """Return the choice ``name`` was most probably meant to be, or None when none is close enough.

    ``name`` itself among the choices is never suggested.
    """
    from rapidfuzz import fuzz, process, utils  # only when a name is wrong: a clean run never loads it

    options = [c for c in dict.fromkeys(choices) if c != name]
    if not name or not options:
        return None
    found = process.extractOne(name, options, scorer=fuzz.ratio, processor=utils.default_process,
                               score_cutoff=min_score)
    return None if found is None else str(found[0])


def hint(name: str, choices: Iterable[str], otherwise: str | None = None) -> str | None:
    """Return ``did you mean '...'?`` for the closest choice, or ``otherwise`` when there is none."""
    close = did_you_mean(name, choices)
    return f"did you mean '{close}'?" if close is not None else otherwise


__all__ = ["MIN_SCORE", "did_you_mean", "hint"]
