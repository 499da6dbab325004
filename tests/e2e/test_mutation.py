"""The mutation test on the whole shipped explainer: every change a reader could be misled by fails `check`.

Each mutant is a full parse and verify of facts/vostochny.yaml against the shipped sources (hundreds of them,
about ten seconds), so they run here, with the end-to-end tests; tests/unit/check/test_claims.py runs the
same harness (tests/mutation.py) on the `init` example and shows that it can fail.

* every digit of every reader-visible figure, every word of every quoted phrase and every cut of a quote
  inside a number fails with an error where the change was made;
* the longest word of every quote, changed by one letter, gives exactly one quote-not-found error, at the quote.
"""

from __future__ import annotations

import re

import pytest

import mutation
from support import REPO

#: The fewest mutants of each kind the shipped file must give (so a generator that stops finding them fails).
AT_LEAST = {"digit": 80, "word": 40, "cut": 10}


@pytest.fixture(scope="module")
def shipped() -> mutation.Project:
    """The shipped project, its sources read and indexed once; each edited facts text costs one parse and verify."""
    return mutation.project(REPO, "vostochny.yaml")


# One test per kind, so the three can run on different workers.
@pytest.mark.parametrize("kind", ["digit", "word", "cut"])
def test_every_mutant_fails_with_an_error_where_it_was_made(shipped: mutation.Project, kind: str, capsys) -> None:
    mutants = [m for m in shipped.mutants() if m.kind == kind]
    missed = [m for m in mutants if not shipped.caught(m)]
    with capsys.disabled():
        print(f"\nmutation test ({shipped.shown}, {kind}): {len(mutants)} mutants, "
              f"{len(mutants) - len(missed)} caught")
    assert len(mutants) >= AT_LEAST[kind]
    assert [m.what for m in missed] == []


def test_changing_one_word_of_any_quote_fails(shipped: mutation.Project) -> None:
    """For every quote of the shipped facts: its longest word, changed by one letter, gives exactly one
    quote-not-found error, at the quote."""
    text, doc = shipped.text, shipped.doc
    failures = []
    tried = 0
    for i, fact in enumerate(doc.data["facts"]):
        for j, citation in enumerate(fact["citations"]):
            quote = citation["quote"]
            line, col = doc.values[("facts", i, "citations", j, "quote")]
            word = max(re.findall(r"[A-Za-z]{3,}", quote), key=len)
            pos = text.index(word, mutation.offset(text, line, col))
            errors = shipped.check(text[:pos] + word[:-1] + "x" + text[pos + len(word):])
            tried += 1
            located = [(d.path, d.line, d.column) for d in errors if d.code == "quote-not-found"]
            if located != [("facts/vostochny.yaml", line, col)] or not re.match(
                    r"^facts/vostochny\.yaml:\d+:\d+: error: quote not found", errors[0].format()):
                failures.append((fact["id"], j, word, [d.format() for d in errors]))
    assert tried == sum(len(f["citations"]) for f in doc.data["facts"]) > 40
    assert failures == []
