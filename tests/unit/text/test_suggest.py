"""The one "did you mean" helper: a slip gets the name meant, a different name gets nothing."""

from __future__ import annotations

import pytest

from site_builder.text.suggest import did_you_mean, hint

KEYS = ["source", "quote", "paragraph", "as_of", "note"]


@pytest.mark.parametrize(("typed", "meant"), [
    ("qoute", "quote"),  # two letters swapped
    ("quotee", "quote"),  # one doubled
    ("paragrph", "paragraph"),  # one dropped
    ("Source", "source"),  # case
    ("as-of", "as_of"),  # a hyphen for an underscore
])
def test_a_slip_gets_the_name_meant(typed: str, meant: str) -> None:
    assert did_you_mean(typed, KEYS) == meant


@pytest.mark.parametrize("typed", ["byline", "author", "xyz", ""])
def test_a_different_name_gets_no_suggestion(typed: str) -> None:
    assert did_you_mean(typed, KEYS) is None


def test_a_slip_in_the_first_letters_is_still_found() -> None:
    # The unknown-source hint once only looked at names sharing the first three letters.
    assert did_you_mean("eruters", ["pet-project", "reuters"]) == "reuters"


def test_ties_go_to_the_name_listed_first_whatever_the_order_of_others() -> None:
    assert did_you_mean("ab", ["xa", "ab2", "ab3"]) == "ab2"
    assert did_you_mean("ab", ["ab3", "ab2"]) == "ab3"


def test_the_name_itself_is_never_suggested() -> None:
    assert did_you_mean("quote", ["quote"]) is None
    assert did_you_mean("quote", ["quote", "quota"]) == "quota"


def test_hint_words_the_suggestion_or_falls_back() -> None:
    assert hint("qoute", KEYS) == "did you mean 'quote'?"
    assert hint("byline", KEYS, "allowed keys here: quote") == "allowed keys here: quote"
    assert hint("byline", KEYS) is None
