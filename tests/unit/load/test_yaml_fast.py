"""The fast YAML path (libyaml's events walked once) gives what the node path gave: the same data, the same
position of every key and value, the same error, on a table of awkward documents and on random mutations.

The oracle is how facts files were read before the event walk: libyaml composes a node graph and
NodeBuilder turns it into data, or (an anchor, deep nesting, any libyaml error) the careful composer
reads the file. Both then run in the same yamlfile._loads, so the file-level checks are shared.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.load import yamlfile
from site_builder.load.yaml_build import NodeBuilder, Positions, load_fast
from site_builder.load.yaml_loader import _Refused

ROOT = Path(__file__).resolve().parents[3]


def _old_looks_plain(text: str) -> bool:
    """The plain-file test as it was written before, character by character."""
    if "&" in text or "*" in text:
        return False
    depth = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > 16:
                return False
        elif ch in "]}":
            depth = max(0, depth - 1)
    for line in text.split("\n"):
        stripped = line.lstrip(" -")
        if len(line) - len(stripped) > 64:
            return False
    return True


def _old_load_fast(text: str) -> tuple[Any, Positions, Positions] | None:
    """libyaml's composer and the node builder: the fast path before the event walk."""
    if not _old_looks_plain(text):
        return None
    loader = yaml.CSafeLoader(text)
    try:
        if not loader.check_node():
            return None
        node = loader.get_node()
        if node is None or loader.check_node():
            return None
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    values: Positions = {}
    keys: Positions = {}
    return NodeBuilder(values, keys).build(node, ()), values, keys


def outcome(text: str) -> tuple[Any, ...]:
    """Return what reading ``text`` gives, types and order included: data and positions, or the error."""
    try:
        doc = yamlfile._loads(text, "facts/f.yaml")
    except yamlfile.YamlError as exc:
        d = exc.diagnostic
        return ("error", d.format(), d.code)
    return ("ok", repr(doc.data), list(doc.values.items()), list(doc.keys.items()))


def old_outcome(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    with monkeypatch.context() as m:
        m.setattr(yamlfile, "load_fast", _old_load_fast)
        return outcome(text)


FACTS = """\
# Generated: a comment before the first key
page:
  title: The Velrinsk Spaceport   # a comment after a value
  question: "What is it, and why does it matter?"
  description: 'The Velrinsk Spaceport: every claim linked to the words of its
    source, and it''s long.'
  answer:
  - money-1
  -   visits-2
sections: [{id: money, title: Money}, {id: visits, title: "Visits, meetings"}]
facts:
- id: money-1
  claim: >-
    Building the spaceport was slowed
    by delays and scandals.
  value: 44
  date: 2015-10-27
  citations:
    - source: continental-press-0509
      quote: |
        construction was mired by repeated delays
          and several corruption scandals
    - {source: steppe-news-0747, quote: "Polina visited on Oct 27, 2015"}
- id: visits-2
  claim: Plain text
    over two lines, with “curly quotes”, ﬁ ligatures and e\u0301 combining marks
  label: Off
  approx: yes
  ratio: 1.5e3
  big: 0x1F
  none: ~
  empty:
  flag: true
"""

CASES: list[tuple[str, str]] = [
    ("facts", FACTS),
    ("crlf", FACTS.replace("\n", "\r\n")),
    ("tabs in values", "a: x\ty\nb: 'tab\there'\nc: \"esc\\tape\"\n"),
    ("tab indentation", "page:\n\ttitle: A\n"),
    ("unicode columns", "名前: 値\nemoji: 🚀 launch\n😀: [é, “x”]\nz: 1\n"),
    ("unicode syntax error", "名前: 値\nafter: 😀: x\n"),
    ("unicode keys", "ключ: значение\n\"ключ2\": 'x'\n"),
    ("bom inside", "\ufeffpage: {title: A}\n"),
    ("anchor and alias", "page:\n  title: &t A\n  question: *t\n"),
    ("ampersand in text", "claim: AT&T said so\n"),
    ("asterisk in text", "claim: a * b\nother: [1, 2]\n"),
    ("merge key", "x: {a: 1}\npage:\n  <<: {b: 2}\n"),
    ("complex key", "? [a, b]\n: c\n"),
    ("complex mapping key", "? {a: 1}\n: c\n"),
    ("flow complex key", "{[a]: b}\n"),
    ("duplicate key", "page:\n  title: A\n  title: B\n"),
    ("duplicate flow key", "page: {title: A, title: B}\n"),
    ("duplicate int key", "1: a\n'1': b\n"),
    ("duplicate then syntax error", "a: 1\na: 2\nb: [\n"),
    ("tag then syntax error", "a: !foo x\nb: 'open\n"),
    ("python tag", "page: !!python/object/apply:os.system ['true']\n"),
    ("custom tag", "page:\n  title: !foo A\n"),
    ("custom tag on key", "!foo k: v\n"),
    ("str tag", "a: !!str 12\nb: !!int '7'\n"),
    ("int tag on sequence", "a: !!int [1]\n"),
    ("set tag", "a: !!set {x: null}\n"),
    ("non-specific tag", "a: ! 12\nb: ! [1]\n"),
    ("map tag on scalar key", "!!map k: v\n"),
    ("value tag", "a: =\n"),
    ("yaml 1.1 booleans", "a: yes\nb: No\nc: ON\nd: off\ne: y\nf: TRUE\ng: False\n"),
    ("bool keys", "true: a\nno: b\n~: c\n12: d\n1.5: e\n"),
    ("numbers", "a: 1_000\nb: 0o17\nc: -.inf\nd: +12\ne: 0b101\nf: 1:30\ng: 685.230_15e+03\n"),
    ("nan", "a: .nan\n"),
    ("nan key", ".NaN: x\n"),
    ("timestamps", "a: 2001-12-14t21:59:43.10-05:00\nb: 2002-12-14\nc: 2001-12-14 21:59:43.10 -5\n"),
    ("bad date", "a: 2023-02-30\n"),
    ("bad date key", "2023-02-30: x\n"),
    ("escapes", 'a: "\\u00e9\\x41\\N\\_\\L"\nb: "line\\\n   joined"\n'),
    ("invisible escape", 'a: "x\\u202ey"\n'),
    ("control escape", 'a: "\\0"\n'),
    ("nel escape", 'a: "\\x85"\n'),
    ("invisible escape in key", '"k\\u200b": v\n'),
    ("literal chomping", "a: |+\n  keep\n\n\nb: |-\n  strip\nc: |2\n    indented\n"),
    ("folded", "a: >\n  one\n  two\n\n  three\n    more\nb: >+\n  x\n\n"),
    ("multi-line quoted", "a: \"one\n  two\n\n  three\"\nb: 'x\n\n  y'\n"),
    ("multi-line plain key value", "a: one\n  two\n  three\nb:\n  c\n"),
    ("comments", "# top\na: 1 # one\n# mid\nb: # empty\n  - x # item\n# end\n"),
    ("nested sequences", "- - - a\n    - b\n  - c\n- []\n- {}\n"),
    ("flow nested", "a: [1, [2, [3, {b: [4, {c: d}]}]], 'e']\n"),
    ("flow deep", "a: " + "[" * 17 + "x" + "]" * 17 + "\n"),
    ("flow just shallow", "a: " + "[" * 16 + "x" + "]" * 16 + "\n"),
    ("block deep", "".join(" " * i + f"k{i}:\n" for i in range(40)) + " " * 40 + "v: 1\n"),
    ("block deeper", "".join(" " * i + f"k{i}:\n" for i in range(70)) + " " * 70 + "v: 1\n"),
    ("dashes deep", "- " * 40 + "x\n"),
    ("root scalar", "just text\n"),
    ("root sequence", "- a\n- b\n"),
    ("root null", "---\n"),
    ("empty", ""),
    ("comment only", "# nothing\n"),
    ("explicit document", "--- \na: 1\n...\n"),
    ("document end then garbage", "a: 1\n...\n]\n"),
    ("two documents", "page: {title: A}\n---\nfacts: []\n"),
    ("two documents, second empty", "a: 1\n---\n"),
    ("directive", "%YAML 1.1\n---\na: 1\n"),
    ("tag directive", "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n"),
    ("unclosed quote", 'page:\n  title: "A\nfacts: []\n'),
    ("unclosed flow", "a: [1, 2\n"),
    ("bad indentation", "page:\n  title: A\n   question: B\n"),
    ("colon in value", "claim: Note: this\n"),
    ("unknown escape", 'a: "\\q"\n'),
    ("empty keys and values", ": x\n'': y\nz:\n"),
    ("null key twice", "~: a\nnull: b\n"),
    ("long line", "a: " + "word " * 3000 + "\n"),
    ("nbsp and thin spaces", "a: 1\u00a0500\u2009km\nb: '\u00a0lead'\n"),
    ("surrogate pair text", "a: \U0001d400 bold\n"),
    ("lone cr", "a: 1\rb: 2\n"),
    ("control character", "page:\n  title: A\x07B\n"),
]


@pytest.mark.parametrize("text", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_same_as_node_path(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert outcome(text) == old_outcome(text, monkeypatch)


#: Cases that take the fast path (so the comparison above tests the event walk, not the careful path twice).
FAST = ["facts", "crlf", "tabs in values", "unicode columns", "duplicate key", "duplicate flow key", "python tag",
        "custom tag", "merge key", "complex key", "yaml 1.1 booleans", "numbers", "nan", "bad date", "escapes",
        "invisible escape", "literal chomping", "folded", "block deep", "root scalar", "root null", "long line"]


@pytest.mark.parametrize("name", FAST)
def test_fast_path_taken(name: str) -> None:
    text = dict(CASES)[name]
    try:
        assert load_fast(text) is not None
    except _Refused:
        pass  # a content error, found by the event walk


#: Where libyaml accepts what the careful composer refuses (kept as they were: the fast path decides).
LIBYAML_ONLY = {"tabs in values": "a tab inside a plain scalar", "block deep": "33 to 64 levels, indented by one"}


def _plain_case_texts() -> list[str]:
    out = []
    for name, text in CASES:
        try:
            if name not in LIBYAML_ONLY and load_fast(text) is not None and yamlfile._FORBIDDEN.search(text) is None \
                    and "\ufeff" not in text:
                out.append(text)
        except _Refused:
            pass
    return out


@pytest.mark.parametrize("text", _plain_case_texts())
def test_fast_path_agrees_with_careful_path(text: str) -> None:
    # libyaml and PyYAML's pure-Python composer place every node alike, for the documents both accept
    fast = yamlfile._loads(text, "f")
    careful = yamlfile._load_careful(text, "f")
    assert (repr(fast.data), fast.values, fast.keys) == (repr(careful.data), careful.values, careful.keys)


_NOISE = [" ", "  ", ":", ": ", "-", "- ", "'", '"', "\n", "\t", "#", "[", "]", "{", "}", ",", "!", "|", ">", "?",
          "\\", "x", "é", "“", "~", "1", ".", "&a ", "*a", "!!str ", "\r\n"]


def _mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(text) + 1)
        op = rng.randrange(4)
        if op == 0:
            text = text[:i] + text[i + 1:]
        elif op == 1:
            text = text[:i] + rng.choice(_NOISE) + text[i:]
        else:
            lines = text.split("\n")
            j = rng.randrange(len(lines))
            if op == 2:
                lines.insert(j, lines[rng.randrange(len(lines))])
            else:
                k = rng.randrange(len(lines))
                lines[j], lines[k] = lines[k], lines[j]
            text = "\n".join(lines)
    return text


@pytest.mark.parametrize("seed", range(20))
def test_same_as_node_path_on_mutations(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        text = _mutate(FACTS, rng)
        assert outcome(text) == old_outcome(text, monkeypatch), text


@pytest.mark.parametrize("path", sorted((ROOT / "facts").glob("*.yaml")), ids=lambda p: p.name)
def test_same_as_node_path_on_shipped_facts(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = yamlfile.read_text(path, path.name)
    assert load_fast(text) is not None
    assert outcome(text) == old_outcome(text, monkeypatch)
