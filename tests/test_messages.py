"""Every message kind an editor meets, pinned word for word, with its location; and the same as JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mini import make_project
from support import run_cli

FACTS = '''\
page:
  title: Messages
facts:
  - id: typo
    claim: x
    citations:
      - source: reuters
        quote: about 1 500km from the port of Vladivostock
  - id: missing-word
    claim: x
    citations:
      - source: reuters
        quote: In Russian, the name means “Eastern Cosmodrome”.
  - id: lookalike
    claim: x
    citations:
      - source: reuters
        quote: at the Vostochny Cosmodrome in the far eastern Amur region
  - id: number
    claim: x
    citations:
      - source: reuters
        quote: about 1 600km from the port of Vladivostok
  - id: other-source
    claim: x
    citations:
      - source: reuters
        quote: Kim also wants to launch spy satellites.
  - id: value
    claim: x
    value: 1600
    unit: km
    citations:
      - source: reuters
        quote: about 1 500km from the port of Vladivostok
      - source: pet-project
        quote: about 930 miles (1,500km) from the port of Vladivostok
  - id: no-number
    claim: x
    date: 2016
    citations:
      - source: reuters
        quote: is in the Amur region
  - id: date
    claim: x
    date: 2023-09-12
    citations:
      - source: reuters
        quote: Amur region, Russia, September 13, 2023
'''

EXPECTED = '''\
facts/page.yaml:8:16: error: quote not found in source 'reuters': "about 1 500km from the port of Vladivostock"
    closest passage (98% similar), seeds/000_de560b054ebc41c7.txt:17, paragraph 'the-cosmodrome-which-came-into-4d4798':
      about 1 500km from the port of Vladivosto[]k
    hint: the quote has 'Vladivostock' where the source has 'Vladivostok'
facts/page.yaml:13:16: error: quote not found in source 'reuters': "In Russian, the name means “Eastern Cosmodrome”."
    closest passage (85% similar), seeds/000_de560b054ebc41c7.txt:17, paragraph 'the-cosmodrome-which-came-into-4d4798':
      In Russian, the name means [simply] “Eastern Cosmodrome”.
    hint: the source has 'simply' here, which the quote leaves out
facts/page.yaml:18:16: error: quote not found in source 'reuters': "at the Vostochny Cosmodrome in the far eastern Amur region"
    closest passage (98% similar), seeds/000_de560b054ebc41c7.txt:25, paragraph 'a-view-shows-flags-of-13bee4':
      at the Vostochny [С]osmodrome in the far eastern Amur region
    hint: the quote has 'C' (U+0043 LATIN CAPITAL LETTER C) where the source has 'С' (U+0421 CYRILLIC CAPITAL LETTER ES)
facts/page.yaml:23:16: error: quote not found in source 'reuters': "about 1 600km from the port of Vladivostok"
    closest passage (98% similar), seeds/000_de560b054ebc41c7.txt:17, paragraph 'the-cosmodrome-which-came-into-4d4798':
      about 1 [5]00km from the port of Vladivostok
    hint: the quote has '1 600' where the source has '1 500'
facts/page.yaml:28:16: error: quote not found in source 'reuters': "Kim also wants to launch spy satellites."
    hint: these exact words are in source 'pet-project'
facts/page.yaml:31:12: error: value 1600 km is not supported by any of the fact's quotes
    hint: the quotes state: 1,500 km, 930 mi
facts/page.yaml:40:11: error: date 2016 is not supported by any of the fact's quotes
    hint: the quotes contain no number or date: quote the words that state it
facts/page.yaml:46:11: error: date 2023-09-12 is not supported by any of the fact's quotes
    hint: the quotes state: 13 September 2023
check FAILED: 1 page(s), 8 facts, 9 citations, 2 sources; 8 errors
'''


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = make_project(tmp_path_factory.mktemp("messages") / "p", FACTS)
    return root, run_cli("-C", str(root), "check")


def test_every_message_word_for_word(checked) -> None:
    _root, result = checked
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == EXPECTED


DIAGNOSTIC = re.compile(r"^facts/page\.yaml:(\d+):(\d+): error: (.*)\n((?:    .*\n)*)", re.M)


@pytest.mark.parametrize("kind,needle,key", [
    ("typo", "Vladivostock", "quote"), ("missing word", "the name means “Eastern", "quote"),
    ("look-alike letter", "U+0421", "quote"), ("different number", "'1 600'", "quote"),
    ("verbatim in another source", "these exact words are in source 'pet-project'", "quote"),
    ("value: the numbers the quotes state", "the quotes state: 1,500 km, 930 mi", "value"),
    ("value: no number in the quotes", "the quotes contain no number or date", "date"),
    ("date: the dates the quotes state", "the quotes state: 13 September 2023", "date"),
])
def test_each_kind_is_located_at_its_key(checked, kind: str, needle: str, key: str) -> None:
    root, _result = checked
    [(line, col)] = [(int(m[1]), int(m[2])) for m in DIAGNOSTIC.finditer(EXPECTED) if needle in m[0]]
    text_line = (root / "facts" / "page.yaml").read_text("utf-8").splitlines()[line - 1]
    assert text_line[: col - 1].strip() == f"{key}:", (kind, text_line)


def test_json_carries_the_same_messages(checked) -> None:
    root, _result = checked
    doc = json.loads(run_cli("-C", str(root), "check", "--format", "json").stdout)
    assert doc["ok"] is False and doc["errors"] == 8 and doc["drift"] == []
    as_text = "\n".join(
        f"{d['path']}:{d['line']}:{d['column']}: {d['severity']}: {d['message']}"
        + "".join(f"\n    {n}" for n in d["notes"]) + (f"\n    hint: {d['hint']}" if d["hint"] else "")
        for d in doc["diagnostics"])
    assert as_text + "\n" == EXPECTED.rsplit("check FAILED", 1)[0]
    assert {d["code"] for d in doc["diagnostics"]} == {"quote-not-found", "value-not-supported"}
