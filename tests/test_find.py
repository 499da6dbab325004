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

R17 = "seeds/000_de560b054ebc41c7.txt:17"
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


CASES = [
    # (case, arguments, exit code, lines that must be in stdout, in this order)
    ("exact in two sources", ["came into service"], 0, [
        "\"came into service\": found in 2 paragraphs of 2 sources",
        f"reuters, paragraph the-cosmodrome-which-came-into-4d4798, {R17}",
        "    The cosmodrome, which »came into service« in 2016, is in the Amur region of Russia’s Far East, not far "
        "from the Russian border with China and about 1 500km from the port of Vladivostok. In Russian, the name "
        "means simply “Eastern Cosmodrome”.",
        "  cite it as:",
        "      - source: reuters",
        "        quote: came into service",
        "pet-project, paragraph the-vostochny-cosmodrome-came-into-ae8766, seeds/001_795f075d3b236597.txt:2",
        "      - source: pet-project",
    ]),
    ("spacing, quote marks and dashes are forgiven; the citation keeps the article's own characters",
     ["nearly a dozen launches - most of them", "--source", "pet-project"], 0, [
         "\"nearly a dozen launches - most of them\": found in 1 paragraph of 1 source",
         "        quote: nearly a dozen launches – most of them",
     ]),
    ("case is found but the citation uses the article's capitals", ["VOSTOCHNY COST", "--source", "reuters"], 0, [
        "\"VOSTOCHNY COST\": found ignoring case in 1 paragraph (a quote must keep the article's capitals: paste "
        "the citation below, not your words)",
        "reuters, paragraph vostochny-cost-billions-of-dollars-7c25a1, seeds/000_de560b054ebc41c7.txt:29 "
        "(case differs)",
        "    »Vostochny cost« billions of dollars, giving a boost to the local economy. But construction was mired by "
        "repeated delays and several corruption scandals.",
        "        quote: Vostochny cost",
    ]),
    ("typo: closest passages with the difference marked", ["came into servise in 2016"], 1, [
        "no paragraph contains \"came into servise in 2016\", even ignoring case; the closest passages:",
        f"reuters, paragraph the-cosmodrome-which-came-into-4d4798, {R17} (96% similar)",
        "    differences: came into servi[c]e in 2016",
        "    hint: the quote has 'servise' where the source has 'service'",
        "  to cite the article's words as they are:",
        "        quote: came into service in 2016",
    ]),
    ("look-alike letter: the Cyrillic Es in the caption", ["at the Vostochny Cosmodrome in the far eastern",
                                                          "--source", "reuters"], 1, [
        "    differences: at the Vostochny [С]osmodrome in the far eastern",
        "    hint: the quote has 'C' (U+0043 LATIN CAPITAL LETTER C) where the source has 'С' (U+0421 CYRILLIC "
        "CAPITAL LETTER ES)",
        "        quote: at the Vostochny Сosmodrome in the far eastern",
    ]),
    ("a value in any written form and unit", ["--value", "1500", "--unit", "km"], 0, [
        "1,500 km (930 miles): found in 2 paragraphs of 2 sources",
        "    states it as: 1 500km",
        "    The Vostochny cosmodrome came into service in 2016 and is in the Amur region of Russia’s far east, not "
        "far from the Chinese border and about »930 miles« (»1,500km«) from the port of Vladivostok.",
        "    states it as: 930 miles, 1,500km",
    ]),
    ("a value in miles finds kilometres", ["--value", "930", "--unit", "miles", "--source", "reuters"], 0, [
        "930 miles (1,500 km): found in 1 paragraph of 1 source",
        "    states it as: 1 500km",
        "        quote: The cosmodrome, which came into service in 2016, is in the Amur region of Russia’s Far East, "
        "not far from the Russian border with China and about 1 500km from the port of Vladivostok.",
    ]),
    ("a date however it is written", ["--value", "2023-09-13"], 0, [
        "13 September 2023: found in 1 paragraph of 1 source",
        "    states it as: September 13, 2023",
        "reuters, seeds/000_de560b054ebc41c7.txt:7: also in excluded text (reason: not article text); it cannot be "
        "cited",
    ]),
    ("words and a value together", ["first launch", "--value", "2016", "--source", "reuters"], 0, [
        "\"first launch\" stating 2016: found in 1 paragraph of 1 source",
        "        quote: The first launch was in 2016, when a Soyuz-2 rocket blasted off.",
    ]),
    ("a word only in excluded text", ["Share", "--source", "reuters"], 1, [
        "\"Share\": only in text excluded as not article text",
        "",
        "reuters, seeds/000_de560b054ebc41c7.txt:9: also in excluded text (reason: not article text); it cannot be "
        "cited",
    ]),
    ("nothing at all", ["zebra crossing"], 1, [
        "nothing in the sources contains \"zebra crossing\", exactly or approximately",
    ]),
    ("a quote in several paragraphs gets paragraph:", ["The Soyuz-2.1b rocket booster"], 0, [
        "\"The Soyuz-2.1b rocket booster\": found in 2 paragraphs of 1 source",
        "        paragraph: file-the-soyuz-2-1b-bc8928",
        "        paragraph: file-the-soyuz-2-1b-bc8928-2",
    ]),
    ("a figure that looks like a year is quoted as text", ["--value", "1961"], 0, [
        "        quote: During the cold war, it at times led the space race with the launch of Sputnik, the first "
        "human-made satellite in 1957; Yuri Gagarin’s first manned spaceflight in 1961 and the launch of some of "
        "the first space stations, interplanetary probes and space rovers.",
    ]),
]


@pytest.mark.parametrize("case,args,code,lines", CASES, ids=[c[0] for c in CASES])
def test_find(project: Path, case: str, args: list[str], code: int, lines: list[str]) -> None:
    result = run_cli("-C", str(project), "find", *args)
    assert result.returncode == code, result.stderr
    out = result.stdout.splitlines()
    pos = 0
    for line in lines:
        assert line in out[pos:], f"{line!r} not in output after line {pos}:\n{result.stdout}"
        pos = out.index(line, pos) + 1


@pytest.mark.parametrize("args,message", [
    ([], "site-builder: error: give the words to look for, or --value"),
    (["  "], "site-builder: error: the words to look for are empty"),
    (["x", "--unit", "km"], "site-builder: error: --unit needs --value"),
    (["--value", "5", "--unit", "parsecs"], "site-builder: error: unknown unit 'parsecs': use one of km, mi, m, ft, "
                                             "km2, mi2, USD, GBP, EUR, RUB, %, pp"),
    (["--value", "fifteen"], "site-builder: error: --value 'fifteen': expected a number or a date written YYYY, "
                             "YYYY-MM or YYYY-MM-DD, got 'fifteen'"),
    (["x", "--source", "nobody"], "site-builder: error: unknown source 'nobody'; sources: reuters, pet-project"),
    (["x", "--limit", "0"], "site-builder: error: --limit must be 1 or more"),
])
def test_find_usage_errors(project: Path, args: list[str], message: str) -> None:
    result = run_cli("-C", str(project), "find", *args)
    assert result.returncode == 2
    assert message in result.stderr


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
