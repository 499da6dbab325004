"""What readers see of the history: each fact's dated entries, the page's "Updates and corrections" and its stamps.

Plain values for the templates (which only display them): dates in ISO and in words, old and new values as
readers read them. No HTML.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from .. import figures as values
from ..history.model import Commit, HistoryEntry, PageHistory


def date_words(iso: str) -> str:
    """Return an ISO date as readers read it.

    >>> date_words("2026-11-21")
    '21 November 2026'
    """
    day = datetime.date.fromisoformat(iso)
    return values.FactDate(day.year, day.month, day.day).words()


def reader_text(field: str | None, raw: str | None, plain: Callable[[str], str]) -> str | None:
    """Return a field's value from the history as readers read it: '1,500 km (930 miles)', 'September 2023'.

    ``plain`` turns a claim's inline Markdown into plain text. A value the figure reader cannot read (an old
    version may hold anything) is shown as written.
    """
    if raw is None:
        return None
    if field == "claim":
        return plain(raw)
    if field in ("value", "date", "as_of"):
        number, _, unit = raw.partition(" ")
        try:
            # A value was a number or a date string in the YAML; a date and an as_of are dates.
            parsed = values.parse_fact_value(_number(number) if field == "value" else number)
            if isinstance(parsed, values.FactDate):
                return parsed.words()
            return values.format_quantity(parsed, values.resolve_unit(unit) if unit else None)
        except (ValueError, OverflowError, KeyError):
            return raw
    return raw


def _number(text: str) -> float | str:
    """Return ``text`` as a number when it is one (the history keeps values as text), else as it is."""
    try:
        return float(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class HistoryView:
    """One dated change of a fact, ready to show."""

    date: str  # YYYY-MM-DD
    date_text: str  # "21 November 2026"
    time: str  # ISO 8601 with the committer's offset
    kind: str  # "added", "updated" or "corrected"
    field: str | None  # None for "added"; "claim", "value", "date", "as_of", "citations" or "correction"
    old: str | None  # reader text, None for citations and where there was none
    new: str | None
    correction: str | None  # the correction text this commit introduced or changed
    commit: str


@dataclass(frozen=True)
class UpdateView(HistoryView):
    """An entry of the page's "Updates and corrections" list: a change, and the fact it changed."""

    fact_id: str = ""
    claim: str = ""  # the fact's current claim, plain text


def history_view(entry: HistoryEntry, plain: Callable[[str], str]) -> HistoryView:
    """Return one history entry as readers see it."""
    return HistoryView(entry.date, date_words(entry.date), entry.commit.time, entry.kind, entry.field,
                       reader_text(entry.field, entry.old, plain), reader_text(entry.field, entry.new, plain),
                       entry.correction, entry.commit.sha)


def update_views(history: PageHistory, claims: dict[str, str], plain: Callable[[str], str]) -> tuple[UpdateView, ...]:
    """Return the page's "Updates and corrections" list, newest first (``claims``: fact id -> plain claim)."""
    out = []
    for fid, entry in history.updates():
        if fid not in claims:
            continue
        v = history_view(entry, plain)
        out.append(UpdateView(v.date, v.date_text, v.time, v.kind, v.field, v.old, v.new, v.correction, v.commit,
                              fid, claims[fid]))
    return tuple(out)


@dataclass(frozen=True)
class PageDates:
    """A page's "Published …, updated …" stamp (all None without history)."""

    published: str | None = None
    updated: str | None = None
    published_time: str | None = None
    modified_time: str | None = None
    published_text: str | None = None
    updated_text: str | None = None


def page_dates(history: PageHistory) -> PageDates:
    """Return the published and updated dates of a page from its history."""
    pub: Commit | None = history.published
    upd: Commit | None = history.updated
    modified = upd or pub  # nothing changed since publication: modified when published
    return PageDates(pub.date if pub else None, upd.date if upd else None, pub.time if pub else None,
                     modified.time if modified else None,
                     date_words(pub.date) if pub else None, date_words(upd.date) if upd else None)
