"""`site-builder find`: forgiving search over every source, with citations that pass `check` as pasted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.text.closest import closest
from site_builder.editor.find import citation_block, sentence_span
from site_builder.load.yamlfile import loads

from mini import make_project
from support import run_cli

FACTS = """page:
  title: Find test
facts:
  - id: service
    claim: It came into service in 2016.
    citations:
      - source: reuters
        quote: came into service in 2016
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("find") / "p", FACTS)


# What find prints, word for word (matches, forgiven spelling, closest passages, values, usage errors), is pinned
# in tests/fixtures/messages/find.txt (tests/unit/cli/test_messages.py runs it).


def test_find_json(project: Path) -> None:
    result = run_cli("-C", str(project), "find", "came into service", "--format", "json")
    doc = json.loads(result.stdout)
    assert (doc["phrase"], doc["match"], doc["total"]) == ("came into service", "exact", 2)
    hit = doc["hits"][0]
    assert {k: hit[k] for k in ("kind", "source", "paragraph", "file", "line", "quote", "excluded")} == {
        "kind": "exact", "source": "reuters", "paragraph": "the-cosmodrome-which-came-into-4d4798",
        "file": "seeds/000_de560b054ebc41c7.txt", "line": 17, "quote": "came into service", "excluded": False}
    start, end = hit["spans"][0]
    assert hit["text"][start:end] == "came into service"
    assert hit["citation"] == "      - source: reuters\n        quote: came into service"
    fuzzy = json.loads(run_cli("-C", str(project), "find", "came into servise", "--format", "json").stdout)
    assert fuzzy["match"] == "fuzzy" and fuzzy["hits"][0]["score"] > 90


def test_pasted_citation_passes_check(tmp_path: Path) -> None:
    """The editor's loop: find words, paste the block under a new fact, and check is clean."""
    root = make_project(tmp_path / "p", FACTS)
    for args in (["at the Vostochny Cosmodrome in the far eastern", "--source", "reuters"],  # fuzzy: Cyrillic Es
                 ["--value", "930", "--unit", "mi"],
                 ["“rocket man”"],
                 ["The Soyuz-2.1b rocket booster"]):
        found = json.loads(run_cli("-C", str(root), "find", *args, "--format", "json").stdout)
        block = found["hits"][0]["citation"]
        fact = f"  - id: pasted-{len(args)}-{abs(hash(block)) % 10000}\n    claim: Pasted.\n    citations:\n{block}\n"
        facts = root / "facts" / "page.yaml"
        facts.write_text(facts.read_text("utf-8") + fact, "utf-8")
    result = run_cli("-C", str(root), "check")
    assert result.returncode == 0, result.stderr
    assert "5 facts" in result.stderr


@pytest.mark.parametrize("quote", ["1961", "yes", "a: b", "#hash", "“curly” quotes", "- dash", "it’s 'quoted'",
                                   "null", "2023-09-13", "@at", "trailing space "])
def test_citation_block_is_yaml_that_reads_back(quote: str) -> None:
    block = citation_block("reuters", quote, "some-anchor")
    doc = loads("citations:\n" + block + "\n", "x.yaml")
    assert doc.data == {"citations": [{"source": "reuters", "quote": quote, "paragraph": "some-anchor"}]}


@pytest.mark.parametrize("text,needle,sentence", [
    ("One. Two 3 here. Four.", "3", "Two 3 here."),
    ("The Soyuz-2.1b rose in 2016. Then more.", "2016", "The Soyuz-2.1b rose in 2016."),
    ("He said: “It was 12.” Then left.", "12", "He said: “It was 12.”"),
    ("No full stop 5", "5", "No full stop 5"),
])
def test_sentence_span(text: str, needle: str, sentence: str) -> None:
    start = text.index(needle)
    s, e = sentence_span(text, start, start + len(needle))
    assert text[s:e] == sentence


def test_closest_survives_a_crossing_alignment() -> None:
    # Regression: a replace opcode at both edges of the alignment made the passage end before it started.
    text = ("Since then, the cosmodrome has hosted nearly a dozen launches – most of them successful – and served "
            "as an important propaganda tool for the Kremlin to boast of its space programme.")
    close = closest("Kim also wants to launch spy satellites.", [("p", text)], min_score=0)
    assert close is not None and 0 <= close.start < close.end <= len(text)
