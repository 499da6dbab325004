"""Issue 9: what the reader reads must be what the sources say.

* The mutation test: every digit of every reader-visible figure, every word of every quoted phrase and
  every cut of a quote inside a number, in the shipped explainer and in the `init` example, fails the
  check with an error where the change was made.
* The "Why" examples of the issue, both ways: the false ones fail with a located error that says what
  the quotes state (message texts pinned), the true ones pass.
* Corroboration: a citation stating another figure is an error; one stating none is context, and
  "N sources" counts only the citations that back the figure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mini import MKDOCS_YML
import mutation
from support import REPO, copy_project, run_cli

from site_builder.diagnostics import Diagnostic
from site_builder.model.project import Layout
from site_builder.check.project import load_project
from site_builder.load.yamlfile import loads

SHIPPED = REPO / "facts" / "vostochny.yaml"


# ------------------------------------------------------------------------------------------ mutation test
# Here on the `init` example (22 mutants, a second); the shipped explainer's 219, each a full verify of its
# page, run with the end-to-end tests (tests/e2e/test_mutation.py).

#: The fewest mutants of each kind the example must give (so a generator that stops finding them fails).
INIT_AT_LEAST = {"digit": 12, "cut": 10}


@pytest.mark.parametrize("kind", ["digit", "cut"])
def test_every_mutant_of_the_init_example_fails_with_an_error_where_it_was_made(kind: str, init_example: Path) -> None:
    project = mutation.project(init_example, "bridge.yaml")
    mutants = [m for m in project.mutants() if m.kind == kind]
    missed = [m for m in mutants if not project.caught(m)]
    assert len(mutants) >= INIT_AT_LEAST[kind]
    assert [m.what for m in missed] == []


def test_the_init_example_puts_no_phrase_in_quotation_marks(init_example: Path) -> None:
    # So it has no word mutants: the shipped explainer's (tests/e2e/test_mutation.py) test that kind.
    assert [m for m in mutation.project(init_example, "bridge.yaml").mutants() if m.kind == "word"] == []


def test_the_mutation_test_can_fail() -> None:
    # A mutant the rules cannot see (a word outside any quotation marks) must count as missed.
    p = mutation.project(REPO, "vostochny.yaml")
    m = next(p.digit_mutants())
    harmless = p.text.replace("claim: Kim also wants to launch spy satellites.", "claim: Kim also wants to launch spy satellites!")
    assert not p.caught(type(m)("word", "no figure", m.line, m.column, text=harmless))


# ------------------------------------------------------------------------------------------ the shipped content

def test_shipped_and_init_projects_have_no_diagnostics(init_example: Path) -> None:
    for root in (REPO, init_example):
        project = load_project(Layout(root))
        assert project.diagnostics == [], [d.format() for d in project.diagnostics]


def test_explain_shows_the_support_of_every_shipped_claim() -> None:
    result = run_cli("explain", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    facts = [d for d in data["explanations"] if "fact" in d]
    assert data["ok"] is True and len(facts) == 31
    items = [i for d in data["explanations"] for i in d["items"]]
    assert all(i["ok"] and i["backing"] for i in items)
    # every figure the claims state: the four of the distance fact, backed by both sources' own words
    distance = next(d for d in facts if d["fact"] == "distance-vladivostok")
    assert [(i["field"], i["reads"], [b["words"] for b in i["backing"]]) for i in distance["items"][:2]] == [
        ("claim", "1,500 km", ["1 500km", "930 miles"]), ("claim", "930 mi", ["1 500km", "930 miles"])]
    meeting = next(d for d in facts if d["fact"] == "meeting")
    assert [c["role"] for c in meeting["citations"]] == ["context", "backs", "context"]


# What explain prints for a fact, word for word (backing words, citation roles, the hedge warning, an unknown
# id), is pinned in tests/fixtures/messages/explain.txt (tests/unit/cli/test_messages.py runs it).


# ------------------------------------------------------------------------------------------ the "Why" examples

def _check_shipped(tmp_path: Path, *edits: tuple[str, str]) -> list[Diagnostic]:
    root = copy_project(tmp_path / "p")
    path = root / "facts" / "vostochny.yaml"
    text = path.read_text("utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, "utf-8")
    return load_project(Layout(root)).diagnostics


def _at(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    index = text.index(needle) + offset
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


# (name, edits of the shipped facts, where the error must be (the text after editing, and the offset in it),
#  the error's message, its hint)
SHIPPED_WHY = [
    ("claim with another year",
     [("claim: It came into service in 2016.", "claim: It came into service in 2017.")],
     ("came into service in 2017.", 21),
     "claim states 2017, which none of the fact's quotes backs", "the quotes state: 2016"),
    ("claim with another distance, in both units",
     [("claim: It is about 1,500 km (930 miles)", "claim: It is about 2,500 km (1,930 miles)")],
     ("2,500 km (1,930", 0),
     "claim states 2,500 km, which none of the fact's quotes backs", "the quotes state: 1,500 km, 930 mi"),
    ("the other unit of the distance, off by one mile",
     [("claim: It is about 1,500 km (930 miles)", "claim: It is about 1,500 km (931 miles)")],
     ("931 miles)", 0),
     "claim states 931 mi, which none of the fact's quotes backs", "the quotes state: 1,500 km, 930 mi"),
    ("a short labelling the distance diagram",
     [("short: about 1,500 km (930 miles)", "short: 9,999 km away")],
     ("9,999 km away", 0),
     "short states 9,999 km, which none of the fact's quotes backs", "the quotes state: 1,500 km, 930 mi"),
    ("a page description with a changed date",
     [("Kim Jong Un on 13 September 2023. Every", "Kim Jong Un on 14 September 2023. Every")],
     ("14 September 2023. Every", 0),
     "description states 14 September 2023, which none of the quotes on this page backs",
     "the page's quotes state: 13 September 2023, 2016, 1991, 1993, 1957, 1961, 8 August 2023, 2017"),
    ("a number in a name",
     [("carrying the Luna-25 lunar lander", "carrying the Luna-26 lunar lander")],
     ("Luna-26 lunar", 0),
     "claim has 'Luna-26', which is in none of the fact's quotes", "the quotes have: Soyuz-2.1b, Luna-25"),
    ("a number in a name written with a space",
     [("claim: There was once a Soviet intercontinental ballistic missile base, Svobodny 18,",
       "claim: There was once a Soviet intercontinental ballistic missile base, Svobodny 19,")],
     ("Svobodny 19,", 0),
     "claim has 'Svobodny 19', which is in none of the fact's quotes", "the quotes have: Svobodny 18"),
    ("words put in the source's mouth",
     [("claim: Svobodny 18 was “just a few kilometres” from", "claim: Svobodny 18 was “just a few metres” from")],
     ("metres” from", 0),
     "claim puts “just a few metres” in quotation marks, but none of the fact's quotes has these words",
     "the closest words in the quotes: “just a few kilometres”; words in quotation marks must be the source's own"),
    ("the figure cut out of the source's figure",
     [("quote: about 1 500km from the port of Vladivostok", "quote: 500km from the port of Vladivostok")],
     ("500km from the port of Vladivostok", 0),
     "quote starts inside the figure \"1 500km\" of source 'reuters'",
     "a quote must take in the whole figure, as the source writes it: \"1 500km from the port of Vladivostok\""),
    ("a quote ending inside a year",
     [("quote: The cosmodrome, which came into service in 2016", "quote: The cosmodrome, which came into service in 201")],
     ("service in 201\n", 13),
     "quote ends inside the figure \"2016\" of source 'reuters'",
     "a quote must take in the whole figure, as the source writes it: \"The cosmodrome, which came into service in 2016\""),
    ("a single common word with paragraph set",
     [("        quote: Kim also wants to launch spy satellites.",
       "        paragraph: kim-also-wants-to-launch-215e56\n        quote: a")],
     ("quote: a\n", 7),
     "quote \"a\" is too short to back a claim",
     "quote the words that state the claim (a phrase of the source, not a single common word that any paragraph has)"),
    ("a comparison with one version",
     [("versions: [svobodny-18-kilometres, svobodny-18-miles]", "versions: [svobodny-18-kilometres]")],
     ("[svobodny-18-kilometres]", 0),
     "'versions' needs at least 2 entries, not 1",
     "a comparison shows two or more versions side by side: list one fact per version, each citing the source "
     "that states it"),
    ("a quote across two paragraphs",
     [("quote: base known as Svobodny 18 just a few kilometres from the Vostochny complex. That base shut in 1993.",
       "quote: That base shut in 1993. Meeting Kim")],
     ("That base shut in 1993. Meeting Kim", 0),
     "quote not found in source 'reuters': \"That base shut in 1993. Meeting Kim\"",
     "the quote runs across two paragraphs ('there-was-once-a-soviet-d2730e', line 21, and "
     "'meeting-kim-cast-by-former-3efe11', line 23): split it into one citation per paragraph"),
    ("a quote with an ellipsis",
     [("quote: The cosmodrome, which came into service in 2016",
       "quote: The cosmodrome, which came into service … in 2016")],
     ("The cosmodrome, which came into service … in 2016", 0),
     "quote not found in source 'reuters': \"The cosmodrome, which came into service … in 2016\"",
     "a quote is the source's words without a gap: quote each contiguous part as its own citation (the ellipsis "
     "'…' stands for words the quote leaves out)"),
]


@pytest.mark.parametrize("name,edits,where,message,hint", SHIPPED_WHY, ids=[c[0] for c in SHIPPED_WHY])
def test_false_copy_fails_at_its_place_saying_what_the_quotes_state(
        tmp_path: Path, name: str, edits, where, message: str, hint: str) -> None:
    diags = _check_shipped(tmp_path, *edits)
    text = (tmp_path / "p" / "facts" / "vostochny.yaml").read_text("utf-8")
    line, col = _at(text, *where)
    errors = [d for d in diags if d.severity == "error"]
    assert [(d.line, d.column, d.message, d.hint) for d in errors if d.message == message] == [
        (line, col, message, hint)], [d.format() for d in errors]


TRUE_SHIPPED = [
    ("the other unit, rounded as the source writes it",
     [("claim: It is about 1,500 km (930 miles)", "claim: It is about 930 miles (1,500 km)")]),
    ("the converted figure at a finer precision",
     [("claim: It is about 1,500 km (930 miles)", "claim: It is about 1,500 km (932 miles)")]),
    ("a date at a coarser precision",
     [("claim: Vladimir Putin met North Korea’s leader Kim Jong Un on 13 September 2023.",
       "claim: Vladimir Putin met North Korea’s leader Kim Jong Un in September 2023.")]),
    ("a quoted phrase opening the sentence with a capital",
     [("claim: Svobodny 18 was “just a few kilometres” from", "claim: “Just a few kilometres” from Svobodny 18 was")]),
    ("the same number written another way",
     [("claim: It is about 1,500 km (930 miles)", "claim: It is about 1 500 km (930 miles)")]),
]


@pytest.mark.parametrize("name,edits", TRUE_SHIPPED, ids=[c[0] for c in TRUE_SHIPPED])
def test_true_copy_passes(tmp_path: Path, name: str, edits) -> None:
    assert _check_shipped(tmp_path, *edits) == []


# ------------------------------------------------------------------------------------------ a project of its own

HERALD = """# Bridge reopens

The 1.6-mile Riverside bridge reopened on 13 September 2023 after repairs that cost ~~$4m~~ $5m.

The council said repairs <del>took 120 days</del> were quick.

It carried 3,000 people a day, the council said.
"""
GAZETTE = """# Riverside bridge is back

The 1.5-mile Riverside bridge reopened on 13 September 2023, the council said.

It carried 3,000 people a day.
"""

SOURCES = """sources:
  - id: herald
    file: seeds/herald.md
    published: 2023-09-14
  - id: gazette
    file: seeds/gazette.md
    published: 2023-09-14
"""


def _bridge(tmp_path: Path, facts: str) -> tuple[Path, list[Diagnostic]]:
    root = tmp_path / "b"
    (root / "facts").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    (root / "seeds" / "herald.md").write_text(HERALD, "utf-8")
    (root / "seeds" / "gazette.md").write_text(GAZETTE, "utf-8")
    (root / "facts" / "sources.yaml").write_text(SOURCES, "utf-8")
    (root / "facts" / "bridge.yaml").write_text(facts, "utf-8")
    project = load_project(Layout(root))
    return root, [d for d in project.diagnostics if d.severity == "error"]


def _page(*facts: str) -> str:
    return "page:\n  title: The bridge\nfacts:\n" + "".join(facts)


def _fact(fid: str, claim: str, *cites: tuple[str, str], extra: str = "") -> str:
    out = f"  - id: {fid}\n    claim: {claim}\n{extra}    citations:\n"
    for source, quote in cites:
        out += f"      - source: {source}\n        quote: \"{quote}\"\n"
    return out


BRIDGE_CASES = [
    ("two articles that disagree, cited as one fact",
     _page(_fact("length", "The bridge is 1.6 miles long.",
                 ("herald", "The 1.6-mile Riverside bridge"), ("gazette", "The 1.5-mile Riverside bridge"))),
     ("The 1.5-mile", 0),
     "this citation of 'gazette' states 1.5 mi, where the fact states 1.6 mi",
     "the sources differ: split the fact in two (one fact per version, each citing the source that states it) "
     "and declare a comparison of the two under 'comparisons:'"),
    ("the day cut off a date",
     _page(_fact("reopened", "The bridge reopened in September 2023.", ("herald", "3 September 2023"))),
     ("3 September 2023", 0),
     "quote starts inside the figure \"13 September 2023\" of source 'herald'",
     "a quote must take in the whole figure, as the source writes it: \"13 September 2023\""),
    ("struck-through words quoted as the source's claim",
     _page(_fact("cost", "Repairs cost $4m.", ("herald", "repairs that cost ~~$4m~~"))),
     ("repairs that cost ~~", 0),
     "quote takes in words that source 'herald' strikes through: \"~~$4m~~\"",
     "struck-through text is what the source withdrew, not what it says: quote the words it states"),
    ("words inside <del> quoted as the source's claim",
     _page(_fact("days", "Repairs took 120 days.", ("herald", "The council said repairs took 120 days"))),
     ("The council said repairs took", 0),
     "quote takes in words that source 'herald' strikes through: \"took 120 days\"",
     "struck-through text is what the source withdrew, not what it says: quote the words it states"),
    ("a count the quotes do not state",
     _page(_fact("people", "It carried 4,000 people a day.", ("herald", "It carried 3,000 people a day"))),
     ("4,000 people", 0),
     "claim states 4,000, which none of the fact's quotes backs", "the quotes state: 3,000"),
]


@pytest.mark.parametrize("name,facts,where,message,hint", BRIDGE_CASES, ids=[c[0] for c in BRIDGE_CASES])
def test_false_copy_on_a_bridge(tmp_path: Path, name: str, facts: str, where, message: str, hint: str) -> None:
    _root, errors = _bridge(tmp_path, facts)
    line, col = _at(facts, *where)
    assert [(d.path, d.line, d.column, d.message, d.hint) for d in errors] == [
        ("facts/bridge.yaml", line, col, message, hint)], [d.format() for d in errors]


def test_split_versions_pass_and_each_counts_only_its_source(tmp_path: Path) -> None:
    from site_builder.render.views import explainer_view

    facts = _page(
        _fact("length-herald", "The bridge is 1.6 miles long.", ("herald", "The 1.6-mile Riverside bridge")),
        _fact("length-gazette", "The bridge is 1.5 miles long.", ("gazette", "The 1.5-mile Riverside bridge")),
        _fact("reopened", "The bridge reopened on 13 September 2023.",
              ("herald", "reopened on 13 September 2023"), ("gazette", "the council said"),
              extra="    date: 2023-09-13\n"),
        _fact("people", "It carried 3,000 people a day.",
              ("herald", "It carried 3,000 people a day"), ("gazette", "It carried 3,000 people a day")),
    ) + "comparisons:\n  - id: length\n    title: How long is the bridge?\n    versions: [length-herald, length-gazette]\n"
    root, errors = _bridge(tmp_path, facts)
    assert errors == []
    project = load_project(Layout(root))
    view = explainer_view(project, project.pages[0])
    shown = {f.id: (f.sources, f.context) for block in view.sections for f in block.facts}
    shown.update({v.id: (v.sources, v.context) for block in view.sections for c in block.comparisons for v in c.versions})
    assert shown["reopened"] == (("herald",), ("gazette",))  # the gazette quote states no date: context
    assert shown["people"] == (("herald", "gazette"), ())
    assert shown["length-gazette"] == (("gazette",), ())
    from site_builder.render.data import facts_document

    roles = {f["id"]: [c["role"] for c in f["citations"]] for f in facts_document(project)["facts"]}
    assert roles["reopened"] == ["backs", "context"] and roles["people"] == ["backs", "backs"]


def test_a_schema_error_in_one_fact_does_not_hide_the_others(tmp_path: Path) -> None:
    facts = _page(
        _fact("broken", "The bridge reopened.", ("herald", "The 1.6-mile Riverside bridge"), extra="    colour: red\n"),
        _fact("people", "It carried 4,000 people a day.", ("herald", "It carried 3,000 people a day")),
        "  - id: not-text\n    claim: [a list]\n    citations:\n      - source: herald\n        quote: It carried\n",
        _fact("typo", "x", ("herald", "It caried 3,000 people")),
    )
    _root, errors = _bridge(tmp_path, facts)
    assert [(d.line, d.message) for d in errors] == [
        (_at(facts, "colour")[0], "unknown key 'colour'"),
        (_at(facts, "4,000 people")[0], "claim states 4,000, which none of the fact's quotes backs"),
        (_at(facts, "[a list]")[0], "'claim' must be text, not a list"),
        (_at(facts, "It caried")[0], "quote not found in source 'herald': \"It caried 3,000 people\""),
    ]


# ------------------------------------------------------------------------------------------ positions in scalars

POSITIONS = [
    ("plain", "k: It is 1,500 km from\n  the port in 2016.\n", "2016"),
    ("double-quoted with an escape", 'k: "caf\\u00e9 in 2016 and \\"1 500\\""\n', "1 500"),
    ("single-quoted with a doubled quote", "k: 'it''s 2016'\n", "2016"),
    ("folded", "k: >-\n  Putin, who claimed\n  in 1993, was\n", "1993"),
    ("literal", "k: |\n  line 1961\n    more 7\n", "7"),
]


@pytest.mark.parametrize("name,text,needle", POSITIONS, ids=[c[0] for c in POSITIONS])
def test_an_offset_inside_a_scalar_maps_to_its_line_and_column(name: str, text: str, needle: str) -> None:
    doc = loads(text, "x.yaml")
    line, col = doc.position_in(("k",), doc.data["k"].index(needle))
    assert text.splitlines()[line - 1][col - 1:].startswith(needle.split()[0]), (line, col)


def test_report_counts_only_backing_citations_and_lists_hedges() -> None:
    result = run_cli("report", "--format", "json")
    data = json.loads(result.stdout)
    single = {f["id"] for f in data["single_source_facts"]}
    assert {"meeting", "rocket-man"} <= single  # one source states the date; the other is context
    assert [(r["fact"], r["word"]) for r in data["for_review"]] == [("most-modern-site", "possibly")]
    assert any(s["fact"] == "distance-vladivostok" for s in data["claim_support"])


def test_a_shipped_claim_has_no_figure_its_quotes_lack() -> None:
    # Independent of the checker: every digit run in a shipped claim occurs in one of that fact's quotes
    # (after removing thousands separators), or is a date the quotes write another way.
    import yaml

    data = yaml.safe_load(SHIPPED.read_text("utf-8"))
    months = "January February March April May June July August September October November December".split()
    for fact in data["facts"]:
        quotes = " ".join(c["quote"] for c in fact["citations"]).replace(",", "").replace(" 500", "500")
        for number in re.findall(r"\d[\d,]*", fact["claim"]):
            plain = number.replace(",", "")
            assert plain in quotes or any(m in fact["claim"] for m in months), (fact["id"], number)


def test_the_readmes_claim_errors_are_what_check_prints(tmp_path: Path, init_example: Path) -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("### What is checked", 1)[1].split("###", 1)[0]
    shown = [line.strip() for line in section.split("```")[1].splitlines() if line.strip()]
    diags = _check_shipped(tmp_path, ("claim: It came into service in 2016.", "claim: It came into service in 2017."),
                           ("was “just a few kilometres” from", "was “just a few metres” from"))
    printed = [line.strip() for d in diags for line in d.format().splitlines()]
    assert printed == shown
    figures = re.search(r"all (\d+) fail `check`", section)
    assert figures is not None and int(figures.group(1)) == sum(
        len(mutation.project(root, name).mutants()) for root, name in ((REPO, "vostochny.yaml"), (init_example, "bridge.yaml")))


def test_every_hedge_has_one_of_the_hedge_words() -> None:
    # The words hedges() looks for before searching: a hedge without one of them would go unseen.
    from site_builder.check import claims

    for hedge in claims.HEDGES:
        assert any(word in hedge for word in claims.HEDGE_WORDS), hedge


@pytest.mark.parametrize("text", [
    "It reportedly cost $3bn", "REPORTEDLY", "Said  to be the largest", "is\nthought   to", "LIKELY",
    "li\u212aely", "ſuspected", "\u0130s thought to", "unlikely", "nothing of the kind", "", "claimsX claims",
])
def test_hedge_matches_are_what_the_search_finds(text: str) -> None:
    from site_builder.check import claims

    assert [m.span() for m in claims._hedge_matches(text)] == [m.span() for m in claims._HEDGE.finditer(text)]
