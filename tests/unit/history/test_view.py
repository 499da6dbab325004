"""What readers read of the history: values in their words, the page's stamps, the list newest first."""

from __future__ import annotations

import pytest

from site_builder.history.model import Commit, HistoryEntry, PageHistory
from site_builder.render.history import date_words, page_dates, reader_text, update_views

A = Commit("a" * 40, "2026-01-05T09:00:00+01:00")
B = Commit("b" * 40, "2026-02-10T23:30:00-05:00")


@pytest.mark.parametrize("field,raw,expected", [
    ("claim", "It is *big*.", "It is big."),
    ("value", "1500 km", "1,500 km (930 miles)"),
    ("value", "4200000 USD", "$4.2 million"),
    ("value", "12", "12"),
    ("value", "2016-04", "April 2016"),
    ("date", "2016", "2016"),
    ("as_of", "2023-09-13", "13 September 2023"),
    ("value", "about 5 parsecs", "about 5 parsecs"),  # an old version may hold anything: shown as written
    ("date", "2016-13", "2016-13"),
    ("citations", None, None),
    ("correction", "It said 2017.", "It said 2017."),
])
def test_reader_text(field: str, raw: str | None, expected: str | None) -> None:
    assert reader_text(field, raw, lambda md: md.replace("*", "")) == expected


def test_page_dates_and_updates() -> None:
    history = PageHistory("p", A, B, {"f": (HistoryEntry(A, "added"),
                                            HistoryEntry(B, "updated", "value", "120 m", "125 m")),
                                      "g": (HistoryEntry(A, "added"),)}, {}, (A, B))
    stamps = page_dates(history)
    assert (stamps.published, stamps.updated, stamps.published_text, stamps.updated_text) == (
        "2026-01-05", "2026-02-10", "5 January 2026", "10 February 2026")
    assert (stamps.published_time, stamps.modified_time) == (A.time, B.time)
    [update] = update_views(history, {"f": "It is 125 m long.", "g": "Other."}, str)
    assert (update.fact_id, update.claim, update.date_text, update.old, update.new) == (
        "f", "It is 125 m long.", "10 February 2026", "120 m (390 ft)", "125 m (410 ft)")
    unchanged = page_dates(PageHistory("p", A, None, {}, {}, (A,)))
    assert unchanged.updated is None and unchanged.modified_time == A.time
    assert page_dates(PageHistory("p")).published is None and date_words("2026-12-01") == "1 December 2026"
