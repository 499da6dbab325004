"""Reading facts files: YAML mistakes and schema errors, each at its line and column."""

from __future__ import annotations

import pytest
from pathlib import Path
from jsonschema import Draft202012Validator

from site_builder.load.schema import SCHEMAS, schema, validate
from site_builder.load.yamlfile import YamlError, loads

GOOD_FACT = """  - id: a-fact
    claim: Something happened.
    citations:
      - source: s
        quote: Something
"""

# (name, file text, expected line, expected column, words the message must contain)
CASES = [
    ("duplicate key", "page:\n  title: A\n  title: B\nfacts:\n" + GOOD_FACT, 3, 3, "duplicate key 'title' (first defined at line 2)"),
    ("tab indentation", "page:\n\ttitle: A\n", 2, 1, "invalid YAML"),
    # located at the opening quote, not where the scanner gave up (the end of the file)
    ("unclosed quote", 'page:\n  title: "A\nfacts: []\n', 2, 10, "quoted text starting here is not closed"),
    ("bad indentation", "page:\n  title: A\n   question: B\n", 3, 12, "invalid YAML"),
    ("python tag", "page: !!python/object/apply:os.system ['true']\n", 1, 7, "YAML tag"),
    ("custom tag", "page:\n  title: !foo A\nfacts: []\n", 2, 10, "YAML tag '!foo' is not allowed"),
    ("alias", "page:\n  title: &t A\n  question: *t\nfacts: []\n", 2, 10, "anchors and aliases"),
    ("billion laughs", "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 1, 4, "anchors and aliases"),
    ("empty file", "", 1, 1, "file is empty"),
    ("comment only", "# nothing\n", 1, 1, "file is empty"),
    ("two documents", "page: {title: A}\n---\nfacts: []\n", 3, 1, "more than one YAML document"),
    ("control character", "page:\n  title: A\x07B\n", 2, 11, "control character U+0007"),
    ("merge key", "x: {a: 1}\npage:\n  <<: {b: 2}\n", 3, 3, "mapping keys must be plain words"),
]


@pytest.mark.parametrize("name,text,line,col,words", CASES, ids=[c[0] for c in CASES])
def test_unreadable_yaml_is_located(name: str, text: str, line: int, col: int, words: str) -> None:
    with pytest.raises(YamlError) as info:
        loads(text, "facts/p.yaml")
    d = info.value.diagnostic
    assert words in d.message
    assert (d.path, d.line, d.column) == ("facts/p.yaml", line, col)
    assert d.format().startswith(f"facts/p.yaml:{line}:{col}: error: ")


SCHEMA_CASES = [
    ("missing facts", "page:\n  title: A\n", 1, 1, "missing required key 'facts'"),
    ("missing title", "page:\n  question: Q\nfacts:\n" + GOOD_FACT, 1, 1, "missing required key 'title'"),
    ("unknown key with suggestion", "page:\n  title: A\n  qestion: Q\nfacts:\n" + GOOD_FACT, 3, 3, "unknown key 'qestion'"),
    ("claim wrong type", "page:\n  title: A\nfacts:\n  - id: x\n    claim: [a]\n    citations: [{source: s, quote: q}]\n", 5, 12, "'claim' must be text, not a list"),
    ("bad id", "page:\n  title: A\nfacts:\n  - id: Has Space\n    claim: c\n    citations: [{source: s, quote: q}]\n", 4, 9, "'id' value 'Has Space' is not valid"),
    ("id with slash", "page:\n  title: A\nfacts:\n  - id: a/b\n    claim: c\n    citations: [{source: s, quote: q}]\n", 4, 9, "is not valid"),
    ("id with html", "page:\n  title: A\nfacts:\n  - id: <b>x</b>\n    claim: c\n    citations: [{source: s, quote: q}]\n", 4, 9, "is not valid"),
    ("no citations", "page:\n  title: A\nfacts:\n  - id: x\n    claim: c\n    citations: []\n", 6, 16, "'citations' must not be empty"),
    ("missing quote", "page:\n  title: A\nfacts:\n  - id: x\n    claim: c\n    citations:\n      - source: s\n", 7, 9, "missing required key 'quote'"),
    ("unknown unit", "page:\n  title: A\nfacts:\n  - id: x\n    claim: c\n    value: 3\n    unit: kms\n    citations: [{source: s, quote: q}]\n", 7, 11, "'unit' value 'kms' is not one of"),
    ("value as list", "page:\n  title: A\nfacts:\n  - id: x\n    claim: c\n    value: [3]\n    citations: [{source: s, quote: q}]\n", 6, 12, "'value' value [3] is not valid"),
    ("date in words", "page:\n  title: A\nfacts:\n  - id: x\n    claim: c\n    date: Sept 2023\n    citations: [{source: s, quote: q}]\n", 6, 11, "'date' value 'Sept 2023' is not valid"),
    ("facts not a list", "page:\n  title: A\nfacts: nope\n", 3, 8, "'facts' must be a list"),
    ("empty quote", "page:\n  title: A\nfacts:\n  - id: x\n    claim: c\n    citations: [{source: s, quote: ''}]\n", 6, 36, "'quote' must not be empty"),
]


@pytest.mark.parametrize("name,text,line,col,words", SCHEMA_CASES, ids=[c[0] for c in SCHEMA_CASES])
def test_schema_errors_are_located(name: str, text: str, line: int, col: int, words: str) -> None:
    diags = validate(loads(text, "facts/p.yaml"), "facts")
    assert diags, "expected a schema error"
    first = diags[0]
    assert words in first.message, first.format()
    assert (first.line, first.column) == (line, col), first.format()


def test_unknown_key_suggests_the_right_one() -> None:
    diags = validate(loads("page:\n  title: A\nfacts:\n  - id: x\n    claim: c\n    citations:\n      - source: s\n        qoute: q\n", "f.yaml"), "facts")
    messages = [(d.message, d.hint) for d in diags]
    assert ("unknown key 'qoute'", "did you mean 'quote'?") in messages


def test_all_errors_reported_not_just_the_first() -> None:
    text = "page:\n  titel: A\nfacts:\n  - id: X\n    claim: 1\n    citations: []\n"
    assert len(validate(loads(text, "f.yaml"), "facts")) >= 4


@pytest.mark.parametrize("name", SCHEMAS)
def test_shipped_schemas_are_valid_json_schema(name: str) -> None:
    Draft202012Validator.check_schema(schema(name))


def test_dates_and_years_load_as_text_or_int() -> None:
    doc = loads("a: 2023-09-13\nb: 2016\nc: '2016'\n", "f.yaml")
    assert doc.data == {"a": "2023-09-13", "b": 2016, "c": "2016"}


@pytest.mark.parametrize("name", SCHEMAS)
def test_the_shipped_compiled_validators_are_the_schemas_compiled_now(name: str) -> None:
    from site_builder.load import schema_checks

    shipped = Path(schema_checks.__file__).with_name(f"{name}.py").read_text("utf-8")
    assert shipped == schema_checks.generate(name), (
        f"site_builder/load/schema_checks/{name}.py is out of date: run python -m site_builder.load.schema_checks")


def _agree(text: str, name: str) -> None:
    from site_builder.load.schema import _fast_check, _validator
    from site_builder.load.schema_checks.errors import Invalid
    data = loads(text, "f.yaml").data
    slow_ok = not list(_validator(name).iter_errors(data))
    try:
        _fast_check(name)(data)
        fast_ok = True
    except Invalid:
        fast_ok = False
    assert fast_ok == slow_ok, text


@pytest.mark.parametrize("name,text,line,col,words", SCHEMA_CASES, ids=[c[0] for c in SCHEMA_CASES])
def test_fast_and_full_schema_validators_agree_on_errors(name: str, text: str, line: int, col: int, words: str) -> None:
    _agree(text, "facts")


def test_fast_and_full_schema_validators_agree_on_shipped_files() -> None:
    from support import REPO
    _agree((REPO / "facts" / "vostochny.yaml").read_text("utf-8"), "facts")
    _agree((REPO / "facts" / "sources.yaml").read_text("utf-8"), "sources")
    for bad in ("sources: []\n", "sources:\n  - id: x\n    file: seeds/a.txt\n    published: 2023-13\n",
                "sources:\n  - id: x\n    file: seeds/a.txt\n    url: javascript:alert(1)\n",
                "sources:\n  - id: x\n    file: seeds/a.txt\n    exclude: [{}]\n",
                "sources:\n  - id: x\n    file: seeds/a.txt\n    exclude: [{lines: 0}]\n"):
        _agree(bad, "sources")


_PAGE = """page:
  title: Spaceports
facts:
  - id: founded
    claim: {claim}
    citations:
      - source: a
        quote: It was founded in 1961.
"""


def test_a_page_read_again_unchanged_is_the_same_object_and_a_changed_or_broken_one_is_read_anew(tmp_path: Path) -> None:
    from site_builder.load.project import read_page
    from site_builder.model.project import Layout

    layout = Layout(tmp_path)
    (tmp_path / "facts").mkdir()
    path = tmp_path / "facts" / "spaceports.yaml"
    path.write_text(_PAGE.format(claim="It was founded in 1961."), "utf-8")
    diags: list = []
    first = read_page("spaceports", path, layout, diags)
    again = read_page("spaceports", path, layout, diags)
    assert first is not None and again is first and not diags
    path.write_text(_PAGE.format(claim="It opened in 1961."), "utf-8")
    changed = read_page("spaceports", path, layout, diags)
    assert changed is not None and changed is not first and changed.facts[0].claim == "It opened in 1961."
    # A file with a problem is never kept: each reading reports it again.
    path.write_text(_PAGE.format(claim="[1961, 1962]"), "utf-8")
    broken = []
    for _ in range(2):
        found: list = []
        broken.append(read_page("spaceports", path, layout, found))  # the page, with the broken fact left out
        assert found and found[0].format().startswith("facts/spaceports.yaml:5:12")
    assert broken[0] is not broken[1]
    path.write_text(_PAGE.format(claim="It opened in 1961."), "utf-8")
    assert read_page("spaceports", path, layout, diags).facts[0].claim == "It opened in 1961."  # type: ignore[union-attr]


def test_a_page_no_longer_in_use_is_not_kept(tmp_path: Path) -> None:
    # A `check` drops each page once verified: the process must not hold every page (and its document's
    # positions) to the end. A page still in use (a `serve`'s last build holds its pages) is given back.
    import gc
    import weakref

    from site_builder.load import project
    from site_builder.model.project import Layout

    layout = Layout(tmp_path)
    (tmp_path / "facts").mkdir()
    path = tmp_path / "facts" / "spaceports.yaml"
    path.write_text(_PAGE.format(claim="It was founded in 1961."), "utf-8")
    page = project.read_page("spaceports", path, layout, [])
    assert page is not None and project.read_page("spaceports", path, layout, []) is page
    gone = weakref.ref(page.doc)
    del page
    gc.collect()
    assert gone() is None
    assert ("spaceports", "facts/spaceports.yaml") not in project._LOADED
    again = project.read_page("spaceports", path, layout, [])
    assert again is not None and again.facts[0].claim == "It was founded in 1961."
    assert project.read_page("spaceports", path, layout, []) is again


def test_the_compiled_schema_checks_do_not_import_fastjsonschema() -> None:
    # Importing it compiles its format checks' patterns, a tenth of a warm `check`: only generating them needs it.
    import subprocess
    import sys

    code = ("import sys; from site_builder.load import schema_checks; from site_builder.load.schema_checks "
            "import facts, sources; print(sorted(m for m in sys.modules if m.startswith('fastjsonschema')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert found.stdout.strip() == "[]", found.stdout
