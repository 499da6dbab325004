"""Verification on the real project: every tampered value or quote is caught, with a located message.

One changed word in every quote of the shipped facts (a full verify each) is an end-to-end test:
tests/e2e/test_mutation.py.
"""

from __future__ import annotations

import re

import pytest

from site_builder.check.project import load_project
from site_builder.model.project import Layout

import mutation
from mutation import Project
from support import REPO

FACTS = REPO / "facts" / "vostochny.yaml"


@pytest.fixture(scope="module")
def shipped() -> Project:
    """The shipped project, its sources read and indexed once; each edited facts text costs one parse and verify."""
    return mutation.project(REPO, "vostochny.yaml")


def test_shipped_project_is_clean() -> None:
    project = load_project(Layout(REPO))
    assert project.diagnostics == []
    assert len(project.pages) == 1 and len(project.sources) == 2
    assert sum(len(f.citations) for f in project.pages[0].facts) == len(project.matches)


def test_changing_any_number_of_a_value_fails(shipped: Project) -> None:
    """For every value and date of the shipped facts: one digit changed (still a well-formed value) gives a
    value-not-supported error at it, and only there."""
    text, doc = shipped.text, shipped.doc
    failures = []
    tried = 0
    for i, fact in enumerate(doc.data["facts"]):
        for key in ("value", "date"):
            if key not in fact:
                continue
            line, col = doc.values[("facts", i, key)]
            m = re.compile(r"\d").search(text, mutation.offset(text, line, col))
            assert m is not None, (fact["id"], key)
            # Change the last digit of the year/number (7 -> 8, 9 -> 8): a different, still well-formed value.
            found = re.compile(r"[\d-]+").match(text, m.start())
            assert found is not None
            end = found.end()
            last = max(k for k in range(m.start(), end) if text[k].isdigit())
            if key == "date" and text[last - 3:last + 1].count("-") == 0 and end - m.start() > 4:
                last = m.start() + 3  # change the year of a full date, keeping month and day valid
            new_digit = "8" if text[last] != "8" else "7"
            errors = shipped.check(text[:last] + new_digit + text[last + 1:])
            tried += 1
            located = [(d.line, d.column) for d in errors if d.code == "value-not-supported"]
            if located != [(line, col)]:
                failures.append((fact["id"], key, [d.format() for d in errors]))
    assert tried == sum(("value" in f) + ("date" in f) for f in doc.data["facts"]) >= 5
    assert failures == []


def _replace(old: str, new: str) -> str:
    text = FACTS.read_text("utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


MESSAGE_CASES = [
    ("latin C for cyrillic Es",
     ("at the\n          Vostochny Сosmodrome", "at the\n          Vostochny Cosmodrome"),
     "quote-not-found", "U+0421 CYRILLIC CAPITAL LETTER ES"),
    ("typo", ("about 1 500km from the port of Vladivostok", "about 1 500km from the port of Vladivostock"),
     "quote-not-found", "the quote has 'Vladivostock' where the source has 'Vladivostok'"),
    ("different number", ("about 1 500km from the port", "about 1 600km from the port"),
     "quote-not-found", "the quote has '1 600' where the source has '1 500'"),
    ("unknown source", ("      - source: reuters\n        quote: Vostochny cost billions of dollars\n",
                        "      - source: reutres\n        quote: Vostochny cost billions of dollars\n"),
     "unknown-source", "unknown source 'reutres'"),
    ("unknown source, first letters mistyped", ("      - source: reuters\n        quote: Vostochny cost billions of dollars\n",
                                                "      - source: eruters\n        quote: Vostochny cost billions of dollars\n"),
     "unknown-source", "unknown source 'eruters'\n    hint: did you mean 'reuters'?"),
    ("ambiguous caption", ("        paragraph: file-the-soyuz-2-1b-bc8928\n", ""), "ambiguous-quote", "occurs in 2 paragraphs"),
    ("wrong paragraph", ("paragraph: file-the-soyuz-2-1b-bc8928", "paragraph: share-09ca55"), "wrong-paragraph", "is not in paragraph 'share-09ca55'"),
    ("unknown paragraph", ("paragraph: file-the-soyuz-2-1b-bc8928", "paragraph: file-the-soyuz-2-1b-bc8929"), "unknown-paragraph", "has no paragraph 'file-the-soyuz-2-1b-bc8929'\n    hint: did you mean 'file-the-soyuz-2-1b-bc8928'?"),
    ("value unsupported", ("value: 1500", "value: 1600"), "value-not-supported", "value 1600 km is not supported"),
    ("duplicate fact id", ("- id: cost\n", "- id: location\n"), "duplicate-id", "duplicate fact id 'location'"),
    ("unknown section", ("section: launches\n    claim: The first launch", "section: launchs\n    claim: The first launch"), "unknown-section", "unknown section 'launchs'"),
    ("comparison names a missing fact", ("versions: [svobodny-18-kilometres, svobodny-18-miles]",
                                         "versions: [svobodny-18-kilometres, svobodny-18-leagues]"),
     "unknown-fact", "comparison 'svobodny-distance' names fact 'svobodny-18-leagues', which is not on this page"),
    ("comparison of one fact", ("versions: [svobodny-18-kilometres, svobodny-18-miles]",
                                "versions: [svobodny-18-kilometres, svobodny-18-kilometres]"),
     "comparison", "comparison 'svobodny-distance' needs two different facts"),
    ("quote in excluded text", ("quote: Kim also wants to launch spy satellites.", "quote: Published Sep 13, 2023"), "quote-not-found", "not found in source 'pet-project'"),
    ("quote from other source", ("quote: Kim also wants to launch spy satellites.", "quote: Reporting by Guy Faulconbridge."), "quote-not-found", "not found"),
]


@pytest.mark.parametrize("name,edit,code,words", MESSAGE_CASES, ids=[c[0] for c in MESSAGE_CASES])
def test_each_message_kind(shipped: Project, name: str, edit: tuple[str, str], code: str, words: str) -> None:
    errors = shipped.check(_replace(*edit))
    hits = [d for d in errors if d.code == code]
    assert hits, [d.format() for d in errors]
    assert words in hits[0].format(), hits[0].format()


def test_excluded_text_cannot_be_cited(shipped: Project) -> None:
    text = _replace("- source: pet-project\n        quote: Kim also wants to launch spy satellites.",
                    "- source: reuters\n        quote: Published Sep 13, 2023")
    found = shipped.diagnostics(text)
    assert [d.code for d in found] == ["excluded-quote"]
    assert "excluded as not article text" in found[0].message


def test_exact_words_in_another_source_are_named(shipped: Project) -> None:
    text = _replace("- source: pet-project\n        quote: Kim also wants to launch spy satellites.",
                    "- source: reuters\n        quote: Kim also wants to launch spy satellites.")
    d = next(d for d in shipped.check(text) if d.code == "quote-not-found")
    assert "these exact words are in source 'pet-project'" in (d.hint or "")


def test_matching_forgives_quote_marks_dashes_and_spaces(shipped: Project) -> None:
    text = _replace("quote: the cosmodrome has hosted nearly a dozen launches – most of them successful",
                    "quote: \"the cosmodrome  has hosted nearly a dozen launches - most of them successful\"")
    text = text.replace("quote: Yuri Gagarin’s first manned spaceflight in 1961", "quote: Yuri Gagarin's first manned spaceflight in 1961")
    assert shipped.diagnostics(text) == []


def test_all_errors_in_one_run(shipped: Project) -> None:
    """Three independent mistakes in three facts: each is reported, at its own line, in one run."""
    text = _replace("value: 1500", "value: 1600")
    text = text.replace("quote: Yuri Gagarin’s first manned spaceflight in 1961",
                        "quote: Yuri Gagarin’s first manned spacefligt in 1961")
    text = text.replace("source: pet-project\n        quote: Kim also", "source: nobody\n        quote: Kim also")

    def line_of(needle: str) -> int:
        [n] = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
        return n

    found = [(d.code, d.line) for d in shipped.diagnostics(text)]
    assert found == [("value-not-supported", line_of("value: 1600")), ("quote-not-found", line_of("spacefligt")),
                     ("unknown-source", line_of("source: nobody"))]
