"""The hostile-input corpus: broken and malicious inputs, each with the outcome it must have.

Every case is data: which files to write into a fresh copy of the real project (over the fixed page
``BASE_PAGE`` and sources ``BASE_SOURCES`` below, so line numbers do not move when the shipped facts
change), and what ``site-builder check`` / ``build`` must do with them:

* ``error``: exit 1, a diagnostic ``<at>: error: <message with every word of words>``, no traceback,
  nothing written;
* ``safe``: exit 0, the site builds, and every string of ``shown`` appears on ``page`` as visible text
  (never as markup), with no script, event handler or script URL anywhere in the output.

``tests/e2e/test_hostile.py`` runs them. File contents are ``str`` (written as UTF-8), ``bytes`` (written
as is), or one of the markers below for what cannot be literal data (links, FIFOs, 50 MB files).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Symlink:
    """A symbolic link to ``target`` (as written: relative to the link's folder, or absolute)."""

    target: str


@dataclass(frozen=True)
class Fifo:
    """A named pipe (reading it would block forever)."""


@dataclass(frozen=True)
class Folder:
    """An empty folder where a file is expected."""


@dataclass(frozen=True)
class Big:
    """``head`` followed by ``fill`` repeated up to ``size`` bytes, generated at test time (never committed)."""

    size: int
    head: bytes
    fill: bytes


Content = str | bytes | Symlink | Fifo | Folder | Big

PAGE = "facts/vostochny.yaml"
SOURCES = "facts/sources.yaml"
SEED_REUTERS = "seeds/000_de560b054ebc41c7.txt"
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    id: str
    #: which item of issue 5's list this covers
    covers: str
    files: dict[str, Content]
    expect: str  # "error" or "safe"
    #: error: "path:line:column" of the diagnostic
    at: str | None = None
    #: error: words the diagnostic's first line must contain
    words: tuple[str, ...] = ()
    #: safe: strings that must be visible as text on ``page``
    shown: tuple[str, ...] = ()
    page: str = "index.html"
    #: set when the case needs a change that is pending in render.py/templates/plugin.py (xfail, strict)
    pending: str | None = None
    #: extra files that must not exist after the run (relative to the case folder), e.g. a marker a payload tries to create
    never: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------------------------------
# The fixed inputs every case starts from (line numbers matter: the cases' `at` refer to them).

BASE_PAGE = """\
page:
  title: The Vostochny Cosmodrome
  question: What is the space launch facility where Kim and Putin are meeting?
  answer: [came-into-service]
sections:
  - id: history
    title: History
facts:
  - id: came-into-service
    claim: It came into service in 2016.
    date: 2016
    section: history
    citations:
      - source: reuters
        quote: The cosmodrome, which came into service in 2016
  - id: distance
    claim: It is about 1,500 km from the port of Vladivostok.
    label: Distance from Vladivostok
    value: 1500
    unit: km
    citations:
      - source: pet-project
        quote: about 930 miles (1,500km) from the port of Vladivostok
"""

BASE_SOURCES = """\
sources:
  - id: reuters
    file: seeds/000_de560b054ebc41c7.txt
    title: What is the space launch facility where Kim and Putin are meeting?
    publisher: Reuters
    byline: Guy Faulconbridge
    published: 2023-09-13
    exclude:
      - lines: 1
        reason: the headline
  - id: pet-project
    file: seeds/001_795f075d3b236597.txt
    label: The pet-project report
"""

#: A third source, appended to BASE_SOURCES by cases that bring their own article (lines 14-15).
EXTRA_SOURCE = """\
  - id: extra
    file: seeds/extra.txt
"""

#: A fact citing the third source, appended to BASE_PAGE (lines 24-28).
def extra_fact(quote: str, claim: str = "The extra article says so.") -> str:
    return (f"  - id: extra-fact\n    claim: {claim}\n    citations:\n      - source: extra\n"
            f"        quote: {quote}\n")


def _edit(base: str, edits: tuple[tuple[str, str], ...], append: str) -> str:
    text = base
    for old, new in edits:
        if text.count(old) != 1:
            raise ValueError(f"corpus edit {old!r} must match exactly once")
        text = text.replace(old, new)
    return text + append


def page(*edits: tuple[str, str], append: str = "") -> str:
    """BASE_PAGE with each (old, new) replacement made once, plus ``append`` at the end (line 24 on)."""
    return _edit(BASE_PAGE, edits, append)


def sources(*edits: tuple[str, str], append: str = "") -> str:
    """BASE_SOURCES with each (old, new) replacement made once, plus ``append`` at the end (line 14 on)."""
    return _edit(BASE_SOURCES, edits, append)


def with_extra(seed: Content, quote: str = "extra article", claim: str = "The extra article says so.") -> dict[str, Content]:
    """Files registering ``seed`` as source 'extra' (seeds/extra.txt) and citing it once."""
    return {SOURCES: sources(append=EXTRA_SOURCE), "seeds/extra.txt": seed, PAGE: page(append=extra_fact(quote, claim))}


def err(id: str, covers: str, files: dict[str, Content], at: str, *words: str, **kw: object) -> Case:
    return Case(id, covers, files, "error", at, tuple(words), **kw)  # type: ignore[arg-type]


def safe(id: str, covers: str, files: dict[str, Content], *shown: str, **kw: object) -> Case:
    return Case(id, covers, files, "safe", shown=tuple(shown), **kw)  # type: ignore[arg-type]


#: the first four lines of a valid mkdocs.yml (site_name, docs_dir, theme: factsheet)
MKDOCS_HEAD = "site_name: Hostile\ndocs_dir: docs\ntheme:\n  name: factsheet\n"
Q_REUTERS = "        quote: The cosmodrome, which came into service in 2016\n"
CLAIM1 = "    claim: It came into service in 2016.\n"
TITLE = "  title: The Vostochny Cosmodrome\n"
XSS = "<script>alert(document.domain)</script>"
BILLION_LAUGHS = "".join(
    ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
    + [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]\n" for i in range(1, 10)]
)

CASES: list[Case] = [
    # ---------------------------------------------------------------- the unchanged inputs build
    safe("baseline", "control: the fixed inputs are valid", {}, "It came into service in 2016."),

    # ---------------------------------------------------------------- malformed YAML
    err("yaml-bad-indentation", "malformed YAML", {PAGE: page((CLAIM1, "     claim: It came into service in 2016.\n"))},
        f"{PAGE}:10:11", "invalid YAML", "mapping values are not allowed"),
    err("yaml-dedented-key", "malformed YAML", {PAGE: page(("    date: 2016\n", "   date: 2016\n"))},
        f"{PAGE}:11:4", "invalid YAML"),
    err("yaml-tab-indentation", "malformed YAML (tabs)", {PAGE: page(("    date: 2016\n", "\tdate: 2016\n"))},
        f"{PAGE}:11:1", "invalid YAML", "'\\t'"),
    err("yaml-tab-in-sources", "malformed YAML (tabs)", {SOURCES: sources(("    publisher: Reuters\n", "\tpublisher: Reuters\n"))},
        f"{SOURCES}:5:1", "invalid YAML"),
    err("yaml-unclosed-double-quote", "malformed YAML (unclosed quote)",
        {PAGE: page((CLAIM1, '    claim: "It came into service in 2016.\n'))},
        f"{PAGE}:10:12", "invalid YAML", "quoted", "not closed"),
    err("yaml-unclosed-single-quote", "malformed YAML (unclosed quote)",
        {PAGE: page((CLAIM1, "    claim: 'It came into service in 2016.\n"))},
        f"{PAGE}:10:12", "invalid YAML", "quoted", "not closed"),
    err("yaml-unclosed-flow-list", "malformed YAML", {PAGE: page(("  answer: [came-into-service]\n", "  answer: [came-into-service\n"))},
        f"{PAGE}:5:9", "invalid YAML"),
    err("yaml-colon-in-plain-text", "malformed YAML", {PAGE: page((CLAIM1, "    claim: Note: it came into service in 2016.\n"))},
        f"{PAGE}:10:16", "invalid YAML", "mapping values are not allowed"),
    err("yaml-unknown-escape", "malformed YAML", {PAGE: page((CLAIM1, '    claim: "It came \\q into service"\n'))},
        f"{PAGE}:10:22", "invalid YAML", "unknown escape character 'q'"),
    err("yaml-two-documents", "malformed YAML", {PAGE: page(append="---\npage: {title: Again}\n")},
        f"{PAGE}:25:1", "more than one YAML document"),
    err("yaml-tab-in-mkdocs-yml", "malformed YAML (tabs, in mkdocs.yml)",
        {"mkdocs.yml": "site_name: Hostile\ndocs_dir: docs\ntheme:\n  name: null\n  custom_dir: templates\n"
                       "plugins:\n  - factsheet\n\tbad: [\n"},
        "mkdocs.yml:8:1", "'\\t'"),
    # mkdocs.yml as MkDocs itself validates it (check and build read it the same way), located at its line
    err("mkdocs-yml-a-list", "bad mkdocs.yml shapes (a list)",
        {"mkdocs.yml": "- site_name: Hostile\n- plugins: [factsheet]\n"},
        "mkdocs.yml:1:1", "Expected a key-value mapping"),
    err("mkdocs-yml-plugins-5", "bad mkdocs.yml shapes (plugins: 5)",
        {"mkdocs.yml": MKDOCS_HEAD + "plugins: 5\n"}, "mkdocs.yml:5:10", "'plugins'", "Invalid Plugins configuration"),
    err("mkdocs-yml-seeds-dir-123", "bad mkdocs.yml shapes (seeds_dir: 123)",
        {"mkdocs.yml": MKDOCS_HEAD + "plugins:\n  - factsheet:\n      seeds_dir: 123\n"},
        "mkdocs.yml:7:18", "'seeds_dir'", "Expected type"),
    err("mkdocs-yml-plugin-option-typo", "bad mkdocs.yml shapes (a misspelt plugin option)",
        {"mkdocs.yml": MKDOCS_HEAD + "plugins:\n  - factsheet:\n      facts_dirr: facts\n"},
        "mkdocs.yml:7:7", "facts_dirr", "Unrecognised configuration name"),
    err("mkdocs-yml-error-on-line-6", "a mkdocs.yml error on line 6 is reported at its line",
        {"mkdocs.yml": MKDOCS_HEAD + "plugins: [factsheet]\nuse_directory_urls: maybe\n"},
        "mkdocs.yml:6:21", "'use_directory_urls'", "Expected type"),
    err("mkdocs-yml-empty", "an empty mkdocs.yml fails check", {"mkdocs.yml": ""}, "mkdocs.yml:1:1", "empty"),
    err("mkdocs-yml-binary", "a binary mkdocs.yml fails check",
        {"mkdocs.yml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, "mkdocs.yml:1:1", "not UTF-8"),
    err("mkdocs-yml-nul", "a binary mkdocs.yml fails check (NUL bytes)",
        {"mkdocs.yml": b"site_name: x\n\x00\x00\x00\n"}, "mkdocs.yml:2:1", "NUL"),
    err("yaml-nested-100k-deep", "malformed YAML (recursion)", {PAGE: page(append="x: " + "[" * 100_000 + "]" * 100_000 + "\n")},
        f"{PAGE}:24", "nested too deeply"),
    err("yaml-block-nested-50k-deep", "malformed YAML (recursion)", {PAGE: page(append="x:\n" + "- " * 50_000 + "deep\n")},
        f"{PAGE}:25", "nested too deeply"),

    # ---------------------------------------------------------------- wrong types, every field
    err("type-page", "wrong types", {PAGE: page((TITLE + "  question: What is the space launch facility where Kim and Putin are meeting?\n"
                                                 "  answer: [came-into-service]\n", ""), ("page:\n", "page: The Vostochny Cosmodrome\n"))},
        f"{PAGE}:1:7", "'page' must be a mapping", "not text"),
    err("type-title", "wrong types", {PAGE: page((TITLE, "  title: [The, Vostochny]\n"))}, f"{PAGE}:2:10", "'title' must be text, not a list"),
    err("type-question", "wrong types", {PAGE: page(("  question: What is the space launch facility where Kim and Putin are meeting?\n", "  question: 42\n"))},
        f"{PAGE}:3:13", "'question' must be text, not a number"),
    err("type-description", "wrong types", {PAGE: page((TITLE, TITLE + "  description: {a: b}\n"))}, f"{PAGE}:3:16", "'description' must be text, not a mapping"),
    err("type-answer", "wrong types", {PAGE: page(("  answer: [came-into-service]\n", "  answer: came-into-service\n"))},
        f"{PAGE}:4:11", "'answer' must be a list"),
    err("type-answer-item", "wrong types", {PAGE: page(("  answer: [came-into-service]\n", "  answer: [2016]\n"))},
        f"{PAGE}:4:12", "'answer' must be text, not a number"),
    err("type-order", "wrong types", {PAGE: page((TITLE, TITLE + "  order: first\n"))}, f"{PAGE}:3:10", "'order' must be a whole number, not text"),
    err("type-sections", "wrong types", {PAGE: page(("sections:\n  - id: history\n    title: History\n", "sections: History\n"),
                                                    ("    section: history\n", ""))},
        f"{PAGE}:5:11", "'sections' must be a list"),
    err("type-section-id", "wrong types", {PAGE: page(("  - id: history\n", "  - id: 1991\n"))}, f"{PAGE}:6:9", "'id' must be text, not a number"),
    err("type-section-title", "wrong types", {PAGE: page(("    title: History\n", "    title: [History]\n"))}, f"{PAGE}:7:12", "'title' must be text, not a list"),
    err("type-facts", "wrong types", {PAGE: page(("facts:\n", "facts: none\n"), ("  - id: came-into-service\n", "x:\n  - id: came-into-service\n"))},
        f"{PAGE}:8:8", "'facts' must be a list"),
    err("type-fact", "wrong types", {PAGE: page(append="  - It is a big place.\n")}, f"{PAGE}:24:5", "'facts' must be a mapping", "not text"),
    err("type-fact-id", "wrong types", {PAGE: page(("  - id: distance\n", "  - id: 1500\n"))}, f"{PAGE}:16:9", "'id' must be text, not a number"),
    err("type-claim-list", "wrong types", {PAGE: page((CLAIM1, "    claim: [It, came]\n"))}, f"{PAGE}:10:12", "'claim' must be text, not a list"),
    err("type-claim-null", "wrong types", {PAGE: page((CLAIM1, "    claim:\n"))}, f"{PAGE}:10:11", "'claim' must be text, not nothing"),
    err("type-value-bool", "wrong types", {PAGE: page(("    value: 1500\n", "    value: true\n"))}, f"{PAGE}:19:12", "'value' value True is not valid"),
    err("type-value-text", "wrong types", {PAGE: page(("    value: 1500\n", "    value: about 1500\n"))}, f"{PAGE}:19:12", "'value' value 'about 1500' is not valid"),
    err("type-value-huge-int", "wrong types (overflow)", {PAGE: page(("    value: 1500\n", "    value: " + "9" * 4000 + "\n"))},
        f"{PAGE}:19:12", "value"),
    err("type-unit", "wrong types", {PAGE: page(("    unit: km\n", "    unit: miles\n"))}, f"{PAGE}:20:11", "'unit' value 'miles' is not one of"),
    err("type-date-yes", "wrong types (YAML 1.1 booleans, read as text the way YAML 1.2 does)", {PAGE: page(("    date: 2016\n", "    date: yes\n"))}, f"{PAGE}:11:11", "'date' value 'yes' is not valid"),
    err("type-date-words", "wrong types", {PAGE: page(("    date: 2016\n", "    date: 13 September 2016\n"))}, f"{PAGE}:11:11", "'date' value '13 September 2016' is not valid"),
    err("type-date-impossible", "wrong types", {PAGE: page(("    date: 2016\n", "    date: '2016-02-30'\n"))}, f"{PAGE}:11:11", "'date'"),
    err("type-as-of", "wrong types", {PAGE: page(("    date: 2016\n", "    date: 2016\n    as_of: soon\n"))}, f"{PAGE}:12:12", "'as_of' value 'soon' is not valid"),
    err("type-correction", "wrong types", {PAGE: page(("    date: 2016\n", "    date: 2016\n    correction: [a]\n"))}, f"{PAGE}:12:17", "'correction' must be text, not a list"),
    err("type-label", "wrong types", {PAGE: page(("    label: Distance from Vladivostok\n", "    label: 1500\n"))}, f"{PAGE}:18:12", "'label' must be text, not a number"),
    err("type-fact-section", "wrong types", {PAGE: page(("    section: history\n", "    section: [history]\n"))}, f"{PAGE}:12:14", "'section' must be text, not a list"),
    err("type-citations", "wrong types", {PAGE: page(("    citations:\n      - source: reuters\n" + Q_REUTERS, "    citations: reuters\n"))},
        f"{PAGE}:13:16", "'citations' must be a list"),
    err("type-citation", "wrong types", {PAGE: page(("      - source: reuters\n" + Q_REUTERS, "      - reuters\n"))},
        f"{PAGE}:14:9", "'citations' must be a mapping", "not text"),
    err("type-citation-source", "wrong types", {PAGE: page(("      - source: reuters\n", "      - source: 7\n"))}, f"{PAGE}:14:17", "'source' must be text, not a number"),
    err("type-quote-number", "wrong types", {PAGE: page((Q_REUTERS, "        quote: 2016\n"))}, f"{PAGE}:15:16", "'quote' must be text, not a number"),
    err("type-quote-list", "wrong types", {PAGE: page((Q_REUTERS, "        quote: [came, into, service]\n"))}, f"{PAGE}:15:16", "'quote' must be text, not a list"),
    err("type-paragraph", "wrong types", {PAGE: page((Q_REUTERS, Q_REUTERS + "        paragraph: 3\n"))}, f"{PAGE}:16:20", "'paragraph' must be text, not a number"),
    err("type-sources", "wrong types", {SOURCES: "sources: reuters\n"}, f"{SOURCES}:1:10", "'sources' must be a list"),
    err("type-source-entry", "wrong types", {SOURCES: sources(append="  - seeds/extra.txt\n")}, f"{SOURCES}:14:5", "'sources' must be a mapping", "not text"),
    err("type-source-id", "wrong types", {SOURCES: sources(("  - id: pet-project\n", "  - id: 1\n"))}, f"{SOURCES}:11:9", "'id' must be text, not a number"),
    err("type-source-file", "wrong types", {SOURCES: sources(("    file: seeds/001_795f075d3b236597.txt\n", "    file: [seeds/001_795f075d3b236597.txt]\n"))},
        f"{SOURCES}:12:11", "'file' must be text, not a list"),
    err("type-source-title", "wrong types", {SOURCES: sources(("    title: What is the space launch facility where Kim and Putin are meeting?\n", "    title: 2023\n"))},
        f"{SOURCES}:4:12", "'title' must be text, not a number"),
    err("type-source-publisher", "wrong types", {SOURCES: sources(("    publisher: Reuters\n", "    publisher: [Reuters]\n"))}, f"{SOURCES}:5:16", "'publisher' must be text, not a list"),
    err("type-source-byline", "wrong types", {SOURCES: sources(("    byline: Guy Faulconbridge\n", "    byline: {name: Guy}\n"))}, f"{SOURCES}:6:13", "'byline' must be text, not a mapping"),
    err("type-source-published", "wrong types", {SOURCES: sources(("    published: 2023-09-13\n", "    published: Sep 13, 2023\n"))}, f"{SOURCES}:7:16", "'published' value 'Sep 13, 2023' is not valid"),
    err("type-source-published-impossible", "wrong types", {SOURCES: sources(("    published: 2023-09-13\n", "    published: 2023-13-45\n"))}, f"{SOURCES}:7:16", "2023-13-45"),
    err("type-source-published-impossible-quoted", "wrong types", {SOURCES: sources(("    published: 2023-09-13\n", "    published: '2023-02-30'\n"))}, f"{SOURCES}:7:16", "published"),
    err("type-source-url", "wrong types", {SOURCES: sources(("    label: The pet-project report\n", "    label: The pet-project report\n    url: 42\n"))}, f"{SOURCES}:14:10", "'url' must be text, not a number"),
    err("type-source-language", "wrong types", {SOURCES: sources(("    label: The pet-project report\n", "    label: The pet-project report\n    language: English\n"))},
        f"{SOURCES}:14:15", "'language' value 'English' is not valid"),
    err("type-source-sha256", "wrong types", {SOURCES: sources(("    label: The pet-project report\n", "    label: The pet-project report\n    sha256: abc\n"))}, f"{SOURCES}:14:13", "'sha256' value 'abc' is not valid"),
    err("type-exclude", "wrong types", {SOURCES: sources(("    exclude:\n      - lines: 1\n        reason: the headline\n", "    exclude: the headline\n"))}, f"{SOURCES}:8:14", "'exclude' must be a list"),
    err("type-exclude-lines", "wrong types", {SOURCES: sources(("      - lines: 1\n", "      - lines: one\n"))}, f"{SOURCES}:9:16", "'lines' value 'one' is not valid"),
    err("type-exclude-text", "wrong types", {SOURCES: sources(("      - lines: 1\n", "      - text: 2023\n"))}, f"{SOURCES}:9:15", "'text' must be text, not a number"),
    err("type-exclude-reason", "wrong types", {SOURCES: sources(("        reason: the headline\n", "        reason: [the, headline]\n"))}, f"{SOURCES}:10:17", "'reason' must be text, not a list"),

    # ---------------------------------------------------------------- missing required keys
    err("missing-page", "missing required keys", {PAGE: page((TITLE + "  question: What is the space launch facility where Kim and Putin are meeting?\n"
                                                              "  answer: [came-into-service]\n", ""), ("page:\n", ""))},
        f"{PAGE}:1:1", "missing required key 'page'"),
    err("missing-facts", "missing required keys", {PAGE: BASE_PAGE.split("facts:\n")[0].replace("    title: History\n", "    title: History\n")},
        f"{PAGE}:1:1", "missing required key 'facts'"),
    err("missing-title", "missing required keys", {PAGE: page((TITLE, ""))}, f"{PAGE}:1:1", "missing required key 'title'"),
    err("missing-fact-id", "missing required keys", {PAGE: page(("  - id: distance\n    claim:", "  - claim:"))}, f"{PAGE}:16:5", "missing required key 'id'"),
    err("missing-claim", "missing required keys", {PAGE: page((CLAIM1, ""))}, f"{PAGE}:9:5", "missing required key 'claim'"),
    err("missing-citations", "missing required keys", {PAGE: page(("    citations:\n      - source: reuters\n" + Q_REUTERS, ""))}, f"{PAGE}:9:5", "missing required key 'citations'"),
    err("missing-quote", "missing required keys", {PAGE: page((Q_REUTERS, ""))}, f"{PAGE}:14:9", "missing required key 'quote'"),
    err("missing-source", "missing required keys", {PAGE: page(("      - source: reuters\n        quote:", "      - quote:"))}, f"{PAGE}:14:9", "missing required key 'source'"),
    err("missing-section-title", "missing required keys", {PAGE: page(("    title: History\n", ""))}, f"{PAGE}:6:5", "missing required key 'title'"),
    err("missing-sources-list", "missing required keys", {SOURCES: "articles: []\n"}, f"{SOURCES}:1:1", "missing required key 'sources'"),
    err("missing-source-file", "missing required keys", {SOURCES: sources(("    file: seeds/001_795f075d3b236597.txt\n", ""))}, f"{SOURCES}:11:5", "missing required key 'file'"),
    err("missing-sources-file", "missing required keys", {SOURCES: None}, f"{SOURCES}:1:1", "sources.yaml not found"),  # type: ignore[dict-item]

    # ---------------------------------------------------------------- unknown keys
    err("unknown-top-key", "unknown keys", {PAGE: page(append="notes: remember to check\n")}, f"{PAGE}:24:1", "unknown key 'notes'"),
    err("unknown-page-key", "unknown keys", {PAGE: page((TITLE, TITLE.replace("title", "titel")))}, f"{PAGE}:2:3", "unknown key 'titel'"),
    err("unknown-fact-key", "unknown keys", {PAGE: page((CLAIM1, CLAIM1 + "    source: reuters\n"))}, f"{PAGE}:11:5", "unknown key 'source'"),
    err("unknown-citation-key", "unknown keys", {PAGE: page((Q_REUTERS, Q_REUTERS.replace("quote", "qoute")))}, f"{PAGE}:15:9", "unknown key 'qoute'"),
    err("unknown-source-key", "unknown keys", {SOURCES: sources(("    byline: Guy Faulconbridge\n", "    author: Guy Faulconbridge\n"))}, f"{SOURCES}:6:5", "unknown key 'author'"),
    err("unknown-exclusion-key", "unknown keys", {SOURCES: sources(("      - lines: 1\n", "      - line: 1\n"))}, f"{SOURCES}:9:9", "unknown key 'line'"),

    # ---------------------------------------------------------------- duplicate keys and ids
    err("duplicate-key-claim", "duplicate mapping keys", {PAGE: page((CLAIM1, CLAIM1 + "    claim: It opened in 2016.\n"))},
        f"{PAGE}:11:5", "duplicate key 'claim' (first defined at line 10)"),
    err("duplicate-key-top", "duplicate mapping keys", {PAGE: page(append="page:\n  title: Again\n")}, f"{PAGE}:24:1", "duplicate key 'page' (first defined at line 1)"),
    err("duplicate-key-sources", "duplicate mapping keys", {SOURCES: sources(("    publisher: Reuters\n", "    publisher: Reuters\n    publisher: AP\n"))},
        f"{SOURCES}:6:5", "duplicate key 'publisher'"),
    err("duplicate-fact-id-in-file", "duplicate fact ids", {PAGE: page(("  - id: distance\n", "  - id: came-into-service\n"), ("  answer: [came-into-service]\n", ""))},
        f"{PAGE}:15:9", "duplicate fact id 'came-into-service'"),
    err("duplicate-fact-id-across-files", "duplicate fact ids across files",
        {"facts/aaa.yaml": "page:\n  title: Another page\nfacts:\n  - id: distance\n    claim: It is far.\n    citations:\n"
                           "      - source: reuters\n        quote: about 1 500km from the port of Vladivostok\n"},
        f"{PAGE}:16:9", "duplicate fact id 'distance'", "facts/aaa.yaml:4"),
    err("duplicate-source-id", "duplicate ids", {SOURCES: sources(("  - id: pet-project\n", "  - id: reuters\n"))}, f"{SOURCES}:11:9", "duplicate source id 'reuters'"),
    err("duplicate-source-file", "duplicate ids", {SOURCES: sources(append="  - id: again\n    file: seeds/000_de560b054ebc41c7.txt\n")},
        f"{SOURCES}:15:11", "already registered as source 'reuters'"),
    err("duplicate-section-id", "duplicate ids", {PAGE: page(("sections:\n", "sections:\n  - id: history\n    title: Again\n"))},
        f"{PAGE}:8:9", "duplicate section id 'history'"),
    err("fact-id-equals-section-id", "duplicate ids (one HTML id namespace)", {PAGE: page(("  - id: distance\n", "  - id: history\n"))},
        f"{PAGE}:16:9", "'history'", "section"),
    err("answer-names-a-fact-twice", "duplicate ids (one HTML id namespace)",
        {PAGE: page(("  answer: [came-into-service]\n", "  answer: [came-into-service, distance, came-into-service]\n"))},
        f"{PAGE}:4:41", "answer names fact 'came-into-service' twice"),
    err("fact-id-reserved", "ids colliding with the page's own ids", {PAGE: page(("  - id: distance\n", "  - id: main\n"))},
        f"{PAGE}:16:9", "'main'", "reserved"),

    # ---------------------------------------------------------------- tags that construct objects
    err("tag-python-apply", "object-constructing tags", {PAGE: page((CLAIM1, "    claim: !!python/object/apply:os.system ['touch PWNED']\n"))},
        f"{PAGE}:10:12", "YAML tag", "python/object/apply:os.system", "is not allowed", never=("PWNED",)),
    err("tag-python-new", "object-constructing tags", {PAGE: page((CLAIM1, "    claim: !!python/object/new:subprocess.Popen [['touch', 'PWNED']]\n"))},
        f"{PAGE}:10:12", "YAML tag", "not allowed", never=("PWNED",)),
    err("tag-python-name", "object-constructing tags", {PAGE: page((CLAIM1, "    claim: !!python/name:os.system\n"))}, f"{PAGE}:10:12", "YAML tag", "not allowed"),
    err("tag-python-module", "object-constructing tags", {PAGE: page((CLAIM1, "    claim: !!python/module:os\n"))}, f"{PAGE}:10:12", "YAML tag", "not allowed"),
    err("tag-binary", "object-constructing tags", {PAGE: page((Q_REUTERS, "        quote: !!binary VGhlIGNvc21vZHJvbWU=\n"))}, f"{PAGE}:15:16", "YAML tag", "not allowed"),
    err("tag-set", "object-constructing tags", {PAGE: page(("  answer: [came-into-service]\n", "  answer: !!set {came-into-service}\n"))}, f"{PAGE}:4:11", "YAML tag", "not allowed"),
    err("tag-local", "object-constructing tags", {PAGE: page((CLAIM1, "    claim: !include /etc/passwd\n"))}, f"{PAGE}:10:12", "YAML tag '!include' is not allowed"),
    err("tag-in-sources", "object-constructing tags", {SOURCES: sources(("    publisher: Reuters\n", "    publisher: !!python/object/apply:os.system ['touch PWNED']\n"))},
        f"{SOURCES}:5:16", "YAML tag", "not allowed", never=("PWNED",)),

    # ---------------------------------------------------------------- anchors, aliases, expansion bombs
    err("billion-laughs", "alias/anchor bombs", {PAGE: page(append=BILLION_LAUGHS)}, f"{PAGE}:24:7", "anchors and aliases"),
    err("billion-laughs-in-sources", "alias/anchor bombs", {SOURCES: sources(append=BILLION_LAUGHS.replace("lol", "x"))}, f"{SOURCES}:14:5", "anchors and aliases"),
    err("alias-reused-quote", "alias/anchor bombs", {PAGE: page(("    claim: It is about 1,500 km from the port of Vladivostok.\n", "    claim: &c It is far.\n"),
                                                            ("    label: Distance from Vladivostok\n", "    label: *c\n"))},
        f"{PAGE}:17:12", "anchors and aliases"),
    err("merge-key", "alias/anchor bombs", {PAGE: page(("  - id: distance\n", "  - <<: {id: distance}\n    x: 1\n"))}, f"{PAGE}:16:5", "mapping keys must be plain words"),

    # ---------------------------------------------------------------- size
    err("facts-50mb", "a 50 MB facts file", {PAGE: Big(50 * MB, BASE_PAGE.encode(), b"# " + b"padding " * 12 + b"\n")},
        f"{PAGE}:1:1", "52,428,800 bytes", "limit"),
    err("seed-50mb", "a 50 MB facts file (and article)", {**with_extra(Big(50 * MB, b"", b"The extra article. " * 4 + b"\n\n"))},
        "seeds/extra.txt:1:1", "article is 52,428,800 bytes", "limit"),
    err("claim-one-100k-line", "extremely long lines", {PAGE: page((CLAIM1, "    claim: " + "It came into service in 2016. " * 3400 + "\n"))},
        f"{PAGE}:10:12", "'claim' is too long (at most 2000)"),
    err("quote-one-100k-line", "extremely long lines", {PAGE: page((Q_REUTERS, "        quote: " + "came into service " * 6000 + "\n"))},
        f"{PAGE}:15:16", "'quote' is too long"),
    safe("comment-one-1mb-line", "extremely long lines", {PAGE: page(append="# " + "x" * 1_000_000 + "\n")}, "It came into service in 2016."),
    safe("seed-one-300k-line", "extremely long lines",
         with_extra(("Preamble. " * 30_000 + "The long line ends with the extra article words.\n").encode()),
         "the extra article", page="sources/extra/index.html"),

    # ---------------------------------------------------------------- encodings
    safe("facts-bom", "byte-order mark", {PAGE: b"\xef\xbb\xbf" + BASE_PAGE.encode()}, "It came into service in 2016."),
    safe("sources-bom", "byte-order mark", {SOURCES: b"\xef\xbb\xbf" + BASE_SOURCES.encode()}, "Reuters", page="sources/index.html"),
    safe("seed-bom", "byte-order mark", with_extra(b"\xef\xbb\xbfThe extra article, with a byte-order mark.\n"),
         ", with a byte-order mark.", page="sources/extra/index.html"),
    err("facts-utf16", "non-UTF-8 files", {PAGE: BASE_PAGE.encode("utf-16")}, f"{PAGE}:1:1", "not valid UTF-8", "UTF-16"),
    err("facts-latin1", "non-UTF-8 files", {PAGE: page((CLAIM1, "    claim: It came into service in 2016, café.\n")).encode("latin-1")},
        f"{PAGE}:10:45", "not valid UTF-8 (byte 0xe9)", "Latin-1"),
    err("seed-latin1", "non-UTF-8 seeds (Latin-1)", with_extra("The extra article.\n\nCafé society in Vladivostok.\n".encode("latin-1")),
        "seeds/extra.txt:3:4", "article is not valid UTF-8 (byte 0xe9)"),
    err("seed-utf16", "non-UTF-8 seeds (UTF-16)", with_extra("The extra article.\n".encode("utf-16")), "seeds/extra.txt:1:1", "not valid UTF-8", "UTF-16"),
    err("seed-utf16-no-bom", "non-UTF-8 seeds (UTF-16)", with_extra("The extra article.\n".encode("utf-16-le")), "seeds/extra.txt:1:2", "article contains control character U+0000"),
    err("seed-invalid-utf8-truncated", "invalid UTF-8", with_extra(b"The extra article.\n\nA truncated \xe2\x80 sequence.\n"), "seeds/extra.txt:3:13", "not valid UTF-8 (byte 0xe2)"),
    err("seed-invalid-utf8-overlong", "invalid UTF-8", with_extra(b"The extra article \xc0\xaf overlong.\n"), "seeds/extra.txt:1:19", "not valid UTF-8 (byte 0xc0)"),
    err("seed-invalid-utf8-surrogate", "invalid UTF-8", with_extra(b"The extra article \xed\xa0\x80 surrogate.\n"), "seeds/extra.txt:1:19", "not valid UTF-8"),
    err("facts-invalid-utf8", "invalid UTF-8", {PAGE: page((CLAIM1, "    claim: It came into service in 2016.\n")).encode().replace(b"2016.\n", b"2016 \xff.\n", 1)},
        f"{PAGE}:10:41", "not valid UTF-8 (byte 0xff)"),

    # ---------------------------------------------------------------- control and invisible characters
    err("control-nul-in-facts", "control characters", {PAGE: page((CLAIM1, "    claim: It came into\x00 service in 2016.\n"))}, f"{PAGE}:10:24", "control character U+0000"),
    err("control-esc-in-facts", "control characters", {PAGE: page((CLAIM1, "    claim: It came \x1b[31minto service in 2016.\n"))}, f"{PAGE}:10:20", "control character U+001B"),
    err("control-c1-csi-in-facts", "control characters", {PAGE: page((CLAIM1, "    claim: It came \x9binto service in 2016.\n"))}, f"{PAGE}:10:20", "control character U+009B"),
    err("control-line-separator-in-facts", "control characters", {PAGE: page((CLAIM1, "    claim: It came\u2028into service in 2016.\n"))}, f"{PAGE}:10:19", "U+2028"),
    err("control-nul-in-seed", "control characters", with_extra(b"The extra article.\n\nNUL \x00 here.\n"), "seeds/extra.txt:3:5", "control character U+0000"),
    err("control-in-sources", "control characters", {SOURCES: sources(("    publisher: Reuters\n", "    publisher: Reu\x07ters\n"))}, f"{SOURCES}:5:19", "control character U+0007"),
    # ---------------------------------------------------------------- issue 13: invisible format characters (spoofing)
    err("bidi-override-in-claim", "bidi control characters (Trojan Source) in a claim",
        {PAGE: page((CLAIM1, "    claim: It came into service in 2016 \u202eevil\u202c.\n"))}, f"{PAGE}:10:41",
        "invisible format character U+202E RIGHT-TO-LEFT OVERRIDE"),
    err("bidi-isolate-in-quote", "bidi control characters in a quote",
        {PAGE: page((Q_REUTERS, "        quote: The cosmodrome, which came into \u2067service in 2016\n"))}, f"{PAGE}:15:48",
        "U+2067"),
    err("bidi-escape-in-claim", "bidi control characters written as a YAML escape",
        {PAGE: page((CLAIM1, '    claim: "It came into service in 2016 \\u202eevil."\n'))}, f"{PAGE}:10:12",
        "escape for U+202E"),
    err("zero-width-space-in-label", "invisible format characters in a label",
        {PAGE: page(("    label: Distance from Vladivostok\n", "    label: Distance from\u200bVladivostok\n"))},
        f"{PAGE}:18:25", "U+200B ZERO WIDTH SPACE"),
    err("soft-hyphen-in-figure", "invisible format characters in a claim's figure",
        {PAGE: page(("    claim: It is about 1,500 km from the port of Vladivostok.\n",
                     "    claim: It is about 1,5\u00ad00 km from the port of Vladivostok.\n"))}, f"{PAGE}:17:27", "U+00AD SOFT HYPHEN"),
    err("bidi-in-source-title", "bidi control characters in source metadata",
        {SOURCES: sources(("    publisher: Reuters\n", "    publisher: Reu\u202eters\n"))}, f"{SOURCES}:5:19", "U+202E"),
    err("bidi-in-comment", "bidi control characters in a YAML comment",
        {PAGE: page(append="# reviewed \u2066by the desk\u2069\n")}, f"{PAGE}:24:12", "U+2066"),
    safe("zero-width-joiner-in-claim", "the joiners real text needs stay allowed (emoji, Persian)",
         {PAGE: page((CLAIM1, "    claim: It came into service in 2016 (\U0001F469\u200d\U0001F680, \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645).\n"))},
         "It came into service in 2016"),
    safe("bidi-in-seed-shown-escaped", "bidi control characters in source text, shown visibly",
         with_extra("The extra article.\n\nIt says \u202eevil\u202c here.\n".encode()), "[U+202E]", "[U+202C]",
         page="sources/extra/index.html"),

    # ---------------------------------------------------------------- issue 13: a trailing newline in ids, files, urls
    err("fact-id-trailing-newline", "ids ending in a newline", {PAGE: page(("  - id: distance\n", '  - id: "distance\\n"\n'))},
        f"{PAGE}:16:9", "'id' value 'distance\\n' is not valid"),
    err("source-id-trailing-newline", "ids ending in a newline", {SOURCES: sources(("  - id: pet-project\n", '  - id: "pet-project\\n"\n'))},
        f"{SOURCES}:11:9", "is not valid"),
    err("source-file-trailing-newline", "file ending in a newline",
        {SOURCES: sources(("    file: seeds/001_795f075d3b236597.txt\n", '    file: "seeds/001_795f075d3b236597.txt\\n"\n'))},
        f"{SOURCES}:12:11", "is not valid"),
    err("source-url-trailing-newline", "url ending in a newline", {SOURCES: sources(append='    url: "https://example.org/a\\n"\n')},
        f"{SOURCES}:14:10", "is not valid"),
    err("section-id-trailing-newline", "ids ending in a newline", {PAGE: page(("  - id: history\n", '  - id: "history\\n"\n'))},
        f"{PAGE}:6:9", "is not valid"),
    err("page-file-name-trailing-newline", "page file names ending in a newline",
        {"facts/evil\n.yaml": BASE_PAGE.replace("came-into-service", "x").replace("distance", "y")},
        "facts/evil\\n.yaml:1:1", "is not usable as a page address"),

    # ---------------------------------------------------------------- issue 13: a claim drawing a citation marker
    err("claim-link-like-citation-marker", "a claim making a citation-marker look-alike",
        {PAGE: page((CLAIM1, "    claim: It came into service in 2016.[[1]](sources/reuters/#p-3)\n"))}, f"{PAGE}:10:12",
        "'[1]'", "citation marker"),
    err("claim-escaped-brackets-marker", "a claim making a citation-marker look-alike",
        {PAGE: page((CLAIM1, "    claim: It came into service in 2016 \\[2\\]\n"))}, f"{PAGE}:10:12", "'[2]'"),
    err("claim-entity-brackets-marker", "a claim making a citation-marker look-alike",
        {PAGE: page((CLAIM1, "    claim: It came into service in 2016 &#91;3&#93;\n"))}, f"{PAGE}:10:12", "'[3]'"),
    err("correction-brackets-marker", "a correction notice making a citation-marker look-alike",
        {PAGE: page(("    date: 2016\n", "    date: 2016\n    correction: It said 2017 [4].\n"))}, f"{PAGE}:12:30", "'[4]'",
        "citation marker"),
    safe("correction-shown-as-text", "a correction notice is shown as text next to its claim",
         {PAGE: page(("    date: 2016\n", "    date: 2016\n    correction: An earlier version said <b>2017</b>.\n"))},
         "An earlier version said <b>2017</b>."),
    safe("claim-brackets-without-number", "brackets that are not markers stay allowed",
         {PAGE: page((CLAIM1, "    claim: It came into service in 2016 [sic], see [the report](https://example.org/).\n"))}, "[sic]"),

    # ---------------------------------------------------------------- issue 13: CSV and layout
    safe("claim-csv-semicolon-formula", "CSV formula after a ';' separator",
         # Formulas without digits: a digit no quote states is refused by the claim check before any CSV is written.
         {PAGE: page((CLAIM1, "    claim: It came into service in 2016 x;=A+B;y, -cmd|' /C calc'!A @SUM(B)\n"))},
         "x;=A+B;y"),
    safe("seed-very-long-word", "a 200-character URL or word in a seed",
         with_extra(("The extra article.\n\nSee https://example.org/" + "a" * 200 + " and " + "b" * 200 + ".\n").encode()),
         "b" * 200, page="sources/extra/index.html"),

    # ---------------------------------------------------------------- empty files and empty values
    err("empty-facts-file", "empty files", {PAGE: ""}, f"{PAGE}:1:1", "file is empty"),
    err("whitespace-facts-file", "empty files", {PAGE: "\n   \n\n"}, f"{PAGE}:1:1", "file is empty"),
    err("comment-only-facts-file", "empty files", {PAGE: "# to do\n"}, f"{PAGE}:1:1", "file is empty"),
    err("empty-sources-file", "empty files", {SOURCES: ""}, f"{SOURCES}:1:1", "file is empty"),
    err("empty-seed", "empty files", with_extra(b""), f"{SOURCES}:15:11", "article 'seeds/extra.txt' has no text"),
    err("whitespace-seed", "empty files", with_extra(b" \n\n\t\n"), f"{SOURCES}:15:11", "has no text"),
    err("empty-page-mapping", "empty files", {PAGE: "page: {}\nfacts: []\n"}, f"{PAGE}:1:1", "missing required key 'title'"),
    err("empty-facts-list", "empty files", {PAGE: page(append="").split("facts:\n")[0].replace("  answer: [came-into-service]\n", "") + "facts: []\n"},
        f"{PAGE}:7:8", "'facts' must not be empty"),
    err("empty-citations", "empty files", {PAGE: page(("    citations:\n      - source: reuters\n" + Q_REUTERS, "    citations: []\n"))}, f"{PAGE}:13:16", "'citations' must not be empty"),

    # ---------------------------------------------------------------- quotes
    err("empty-quote", "an empty quote", {PAGE: page((Q_REUTERS, '        quote: ""\n'))}, f"{PAGE}:15:16", "'quote' must not be empty"),
    err("whitespace-quote", "a whitespace-only quote", {PAGE: page((Q_REUTERS, '        quote: "   "\n'))}, f"{PAGE}:15:16", "quote is empty"),
    err("nbsp-only-quote", "a whitespace-only quote", {PAGE: page((Q_REUTERS, '        quote: "\u00a0\u2003\u00a0"\n'))}, f"{PAGE}:15:16", "quote is empty"),
    err("quote-spans-two-paragraphs", "a quote spanning two paragraphs",
        {PAGE: page((Q_REUTERS, "        quote: from the port of Vladivostok. In Russia’s Far East\n"))}, f"{PAGE}:15:16", "quote not found in source 'reuters'"),
    err("quote-spans-two-paragraphs-exact", "a quote spanning two paragraphs",
        {PAGE: page((Q_REUTERS, "        quote: \"That base shut in 1993.\\n\\nMeeting Kim\"\n"))}, f"{PAGE}:15:16", "quote not found in source 'reuters'"),
    err("quote-from-excluded-text", "quotes", {PAGE: page((Q_REUTERS, "        quote: Kim and Putin are meeting\n"))}, f"{PAGE}:15:16", "excluded"),
    err("quote-lookalike-letter", "quotes", {PAGE: page((Q_REUTERS, "        quote: The cosmodrome, which came into service in 2016\n".replace("The c", "The с")))},
        f"{PAGE}:15:16", "quote not found"),
    err("value-other-number", "quotes (numbers)", {PAGE: page(("    value: 1500\n", "    value: 1600\n"))}, f"{PAGE}:19:12", "value 1600 km is not supported"),

    # ---------------------------------------------------------------- source paths
    err("source-etc-passwd", "source file ../../etc/passwd", {SOURCES: sources(("    file: seeds/001_795f075d3b236597.txt\n", "    file: ../../etc/passwd\n"))},
        f"{SOURCES}:12:11", "'file' value '../../etc/passwd' is not valid"),
    err("source-dotdot-txt", "source file ../../etc/passwd", {SOURCES: sources(("    file: seeds/001_795f075d3b236597.txt\n", "    file: seeds/../../../../etc/hostname.txt\n"))},
        f"{SOURCES}:12:11", "must be a relative path inside seeds/"),
    err("source-absolute", "an absolute path", {SOURCES: sources(("    file: seeds/001_795f075d3b236597.txt\n", "    file: /etc/passwd.txt\n"))},
        f"{SOURCES}:12:11", "must be a relative path inside seeds/"),
    err("source-backslashes", "path separators", {SOURCES: sources(("    file: seeds/001_795f075d3b236597.txt\n", "    file: seeds\\..\\..\\secret.txt\n"))},
        f"{SOURCES}:12:11", "must be a relative path inside seeds/"),
    err("source-symlink-outside", "a symlink leading outside seeds/", {**with_extra(Symlink("/etc/passwd"))},
        f"{SOURCES}:15:11", "not a file inside seeds/", "symlink"),
    err("source-symlink-to-project-file", "a symlink leading outside seeds/", {**with_extra(Symlink("../mkdocs.yml"))},
        f"{SOURCES}:15:11", "not a file inside seeds/", "symlink"),
    err("source-symlink-loop", "a symlink leading outside seeds/", {**with_extra(Symlink("extra.txt"))}, f"{SOURCES}:15:11", "seeds/extra.txt"),
    err("source-fifo", "special files", {**with_extra(Fifo())}, f"{SOURCES}:15:11", "not a file inside seeds/"),
    err("source-folder", "special files", {**with_extra(Folder())}, f"{SOURCES}:15:11", "not a file inside seeds/"),
    err("source-outside-seeds", "source file outside seeds/", {SOURCES: sources(("    file: seeds/001_795f075d3b236597.txt\n", "    file: docs/about.md\n"))},
        f"{SOURCES}:12:11", "not a file inside seeds/"),
    err("source-missing", "source paths", {SOURCES: sources(("    file: seeds/001_795f075d3b236597.txt\n", "    file: seeds/nope.txt\n"))},
        f"{SOURCES}:12:11", "source file 'seeds/nope.txt' does not exist"),
    err("page-symlink-outside", "a symlink leading outside the project", {"facts/leak.yaml": Symlink("/etc/passwd")}, "facts/leak.yaml:1:1", "outside the project"),
    err("page-symlink-loop", "special files", {"facts/loop.yaml": Symlink("loop.yaml")}, "facts/loop.yaml:1:1", "looping symbolic link"),
    err("page-fifo", "special files", {"facts/pipe.yaml": Fifo()}, "facts/pipe.yaml:1:1", "not a regular file"),
    err("sources-fifo", "special files", {SOURCES: Fifo()}, f"{SOURCES}:1:1", "not a regular file"),
    err("sources-symlink-outside", "a symlink leading outside the project", {SOURCES: Symlink("/etc/hostname")}, f"{SOURCES}:1:1", "outside the project"),

    # ---------------------------------------------------------------- ids
    err("id-with-space", "ids with spaces", {PAGE: page(("  - id: distance\n", "  - id: the distance\n"))}, f"{PAGE}:16:9", "'id' value 'the distance' is not valid"),
    err("id-with-slash", "ids with slashes", {PAGE: page(("  - id: distance\n", "  - id: facts/distance\n"))}, f"{PAGE}:16:9", "is not valid"),
    err("id-dotdot", "ids with path separators", {PAGE: page(("  - id: distance\n", "  - id: ../../distance\n"))}, f"{PAGE}:16:9", "is not valid"),
    err("id-backslash", "ids with path separators", {PAGE: page(("  - id: distance\n", "  - id: 'a\\b'\n"))}, f"{PAGE}:16:9", "is not valid"),
    err("id-html", "ids with HTML", {PAGE: page(("  - id: distance\n", "  - id: '\"><script>alert(1)</script>'\n"))}, f"{PAGE}:16:9", "is not valid"),
    err("source-id-path", "ids with path separators", {SOURCES: sources(("  - id: pet-project\n", "  - id: ../pet-project\n"))}, f"{SOURCES}:11:9", "is not valid"),
    err("section-id-html", "ids with HTML", {PAGE: page(("  - id: history\n", "  - id: <b>history</b>\n"))}, f"{PAGE}:6:9", "is not valid"),
    err("paragraph-id-slash", "ids with slashes", {PAGE: page((Q_REUTERS, Q_REUTERS + "        paragraph: a/b\n"))}, f"{PAGE}:16:20", "is not valid"),
    err("page-file-name-space", "ids with spaces (page file names)", {"facts/my page.yaml": BASE_PAGE.replace("came-into-service", "x").replace("distance", "y")},
        "facts/my page.yaml:1:1", "page file name 'my page.yaml' is not usable"),
    err("page-file-name-reserved", "ids with path separators (page file names)", {"facts/sources.yml": "page: {title: x}\n"},
        "facts/sources.yml:1:1", "is not usable as a page address"),

    # ---------------------------------------------------------------- URLs
    err("url-javascript", "url with javascript:", {SOURCES: sources(append="    url: javascript:alert(document.domain)\n")}, f"{SOURCES}:14:10", "'url' value 'javascript:alert(document.domain)' is not valid"),
    err("url-javascript-mixed-case", "url with javascript:", {SOURCES: sources(append="    url: JaVaScRiPt:alert(1)\n")}, f"{SOURCES}:14:10", "is not valid"),
    err("url-data", "url with data:", {SOURCES: sources(append="    url: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\n")}, f"{SOURCES}:14:10", "is not valid"),
    err("url-attribute-breakout", "url injection", {SOURCES: sources(append="    url: 'https://example.org/\" onmouseover=\"alert(1)'\n")}, f"{SOURCES}:14:10", "is not valid"),
    err("url-leading-space-javascript", "url with javascript:", {SOURCES: sources(append="    url: ' javascript:alert(1)'\n")}, f"{SOURCES}:14:10", "is not valid"),

    # ---------------------------------------------------------------- Markdown / HTML in text (safe: shown as text)
    safe("claim-raw-script", "raw HTML/script in a claim", {PAGE: page((CLAIM1, f"    claim: 'It came into service in 2016. {XSS}'\n"))}, XSS),
    safe("claim-img-onerror", "raw HTML in a claim", {PAGE: page((CLAIM1, "    claim: It came into service in 2016 <img src=x onerror=alert(document.domain)>\n"))}, "<img src=x onerror=alert(document.domain)>"),
    safe("claim-markdown-image", "images in a claim", {PAGE: page((CLAIM1, "    claim: It came into service in 2016 ![pixel](https://tracker.example/p.png)\n"))}, "pixel"),
    safe("claim-javascript-link", "javascript: URL in a claim", {PAGE: page((CLAIM1, "    claim: It came into service in [2016](javascript:alert(document.domain)).\n"))}, "[2016](javascript:alert(document.domain))"),
    safe("claim-javascript-autolink", "javascript: URL in a claim", {PAGE: page((CLAIM1, "    claim: It came into service in 2016 <javascript:alert(document.domain)>.\n"))}, "<javascript:alert(document.domain)>"),
    safe("claim-data-link", "data: URL in a claim", {PAGE: page((CLAIM1, "    claim: It came into service in [2016](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==).\n"))}, "data:text/html"),
    safe("claim-entity-script", "raw HTML in a claim", {PAGE: page((CLAIM1, "    claim: It came into service in 2016 &lt;script&gt;alert(document.domain)&lt;/script&gt;\n"))}, XSS),
    safe("claim-svg-onload", "SVG in a claim", {PAGE: page((CLAIM1, "    claim: It came into service in 2016 <svg onload=alert(document.domain)>\n"))}, "<svg onload=alert(document.domain)>"),
    safe("claim-jinja-template", "template injection", {PAGE: page((CLAIM1, "    claim: It came into service in 2016 {{ config.items() }} {% raw %}\n"))}, "{{ config.items() }} {% raw %}"),
    safe("label-script-breakout", "script in a label (key figures)", {PAGE: page(("    label: Distance from Vladivostok\n", f"    label: '</script>{XSS}'\n"))}, f"</script>{XSS}"),
    safe("section-title-html", "raw HTML in titles", {PAGE: page(("    title: History\n", "    title: <b onmouseover=alert(document.domain)>History</b>\n"), ("    unit: km\n", "    unit: km\n    section: history\n"))}, "<b onmouseover=alert(document.domain)>History</b>"),
    safe("page-title-jsonld-breakout", "</script> breakout aimed at JSON-LD", {PAGE: page((TITLE, f"  title: '</script>{XSS}'\n"))}, f"</script>{XSS}"),
    safe("page-title-entity-breakout", "HTML in the page title (the <title> element)",
         {PAGE: page((TITLE, "  title: '&lt;/title&gt;&lt;script&gt;alert(document.domain)&lt;/script&gt;'\n"))}, "&lt;/title&gt;&lt;script&gt;alert(document.domain)&lt;/script&gt;"),
    safe("page-description-attribute-breakout", "HTML in metadata (meta description)",
         {PAGE: page((TITLE, TITLE + f"  description: '\"><svg onload=alert(document.domain)>{XSS}'\n"))}, "The Vostochny Cosmodrome"),
    safe("second-page-title-html", "HTML in titles (navigation and <title> of a multi-page site)",
         {"facts/more.yaml": "page:\n  title: '<img src=x onerror=alert(document.domain)>&lt;/title&gt;&lt;script&gt;alert(document.cookie)&lt;/script&gt;'\nfacts:\n"
                             "  - id: more-fact\n    claim: More.\n    citations:\n      - source: reuters\n"
                             "        quote: about 1 500km from the port of Vladivostok\n"},
         "<img src=x onerror=alert(document.domain)>&lt;/title&gt;&lt;script&gt;alert(document.cookie)&lt;/script&gt;", page="more/index.html"),
    safe("question-html", "raw HTML in titles", {PAGE: page(("  question: What is the space launch facility where Kim and Putin are meeting?\n", f"  question: 'Where? {XSS}'\n"))}, f"Where? {XSS}"),
    safe("source-metadata-html", "HTML in source metadata",
         {SOURCES: sources(("    publisher: Reuters\n", "    publisher: '<img src=x onerror=alert(document.domain)>'\n"), ("    byline: Guy Faulconbridge\n", f"    byline: '</script>{XSS}'\n"))},
         "<img src=x onerror=alert(document.domain)>", f"</script>{XSS}", page="sources/reuters/index.html"),
    safe("source-label-html-in-nav", "HTML in source metadata (titles of generated pages)",
         {SOURCES: sources(("    label: The pet-project report\n", "    label: '&lt;/title&gt;&lt;script&gt;alert(document.domain)&lt;/script&gt;'\n"))},
         "&lt;/title&gt;&lt;script&gt;alert(document.domain)&lt;/script&gt;", page="sources/pet-project/index.html"),
    safe("seed-script-text", "script in source text",
         with_extra(f"The extra article. {XSS} <img src=x onerror=alert(document.domain)> <svg onload=alert(document.domain)>\n".encode(), quote=f"'{XSS}'"),
         XSS, "<img src=x onerror=alert(document.domain)> <svg onload=alert(document.domain)>", page="sources/extra/index.html"),
    safe("quote-script-in-footnote", "script in a quote", with_extra(f"The extra article. {XSS}\n".encode(), quote=f"'The extra article. {XSS}'"), XSS),
    safe("seed-markdown-raw-html", "Markdown with raw HTML in a source",
         {SOURCES: sources(append="  - id: extra\n    file: seeds/extra.md\n"),
          "seeds/extra.md": "# The extra article\n\n<script>alert(document.domain)</script>\n\nA paragraph with <img src=x onerror=alert(document.domain)> inline HTML.\n\n![pic](javascript:alert(document.domain))\n",
          PAGE: page(append=extra_fact("A paragraph with"))},
         "A paragraph with", page="sources/extra/index.html"),
]


def by_id() -> dict[str, Case]:
    """Return the cases by id (ids are unique)."""
    out = {c.id: c for c in CASES}
    assert len(out) == len(CASES), "duplicate case ids"
    return out
