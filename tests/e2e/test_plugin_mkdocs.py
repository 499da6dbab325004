"""The plugin as a well-behaved MkDocs plugin: any theme, MkDocs' URL settings, --strict, ProperDocs.

Every build here is a real `mkdocs build` (or `properdocs build`, or `site-builder build`) of a copy of the
shipped project, in a subprocess, checked with the project's own link checker (tests/sitecheck.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitecheck import broken_links, html_files, parse_html, visible_text
from support import REPO, copy_project, run_cli

EPOCH = {"SOURCE_DATE_EPOCH": "1694563200"}
REUTERS = "reuters"


def engine_build(root: Path, out: Path, *args: str, engine: str = "mkdocs",
                 block: str | None = None) -> subprocess.CompletedProcess[str]:
    """Return the finished `<engine> build` of ``root`` into ``out`` (``block``: a package made unimportable)."""
    code = (f"import sys; sys.modules[{block!r}] = None\n" if block else "") + (
        f"from {engine}.__main__ import cli; sys.argv = ['{engine}'] + sys.argv[1:]; cli()")
    return subprocess.run([sys.executable, "-c", "import sys\n" + code, "build", "-f", "mkdocs.yml",
                           "--site-dir", str(out), *args], cwd=root, env={**os.environ, **EPOCH},
                          capture_output=True, text=True, timeout=300, check=False)


def set_config(root: Path, **changes: object) -> None:
    """Rewrite mkdocs.yml with top-level keys changed (None deletes one)."""
    path = root / "mkdocs.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stdout + result.stderr
    return result


# --------------------------------------------------------------------------------------------------------------
# Any theme: the plugin renders its page bodies itself and leaves the theme's Jinja environment alone.

THEMES = ["factsheet", "mkdocs", "readthedocs", "material"]


@pytest.fixture(scope="module", params=THEMES)
def themed_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    theme = request.param
    root = copy_project(tmp_path_factory.mktemp(f"theme-{theme}") / "p")
    # The repository's templates/ overrides the factsheet theme only; a stock theme gets none.
    set_config(root, theme={"name": theme} if theme != "factsheet" else {"name": "factsheet", "custom_dir": "templates"})
    ok(engine_build(root, root / "out", "--strict"))
    return theme, root / "out"


def test_explainer_renders_as_html_under_every_theme(themed_site: tuple[str, Path]) -> None:
    theme, site = themed_site
    html = (site / "index.html").read_text("utf-8")
    assert '<article class="explainer">' in html, f"{theme}: the page body is not HTML"
    assert "&lt;article" not in html and "&lt;section" not in html, f"{theme}: the page body is shown as text"
    text = visible_text(parse_html(site / "index.html"))
    assert "Vostochny" in text and "<article" not in text


def test_citations_link_to_highlighted_paragraphs_under_every_theme(themed_site: tuple[str, Path]) -> None:
    theme, site = themed_site
    index = parse_html(site / "index.html")
    cites = [url for tag, attr, url in index.urls if url.startswith(f"sources/{REUTERS}/#")]
    assert len(cites) > 10, f"{theme}: citation links missing"
    source = (site / "sources" / REUTERS / "index.html").read_text("utf-8")
    assert "<mark>" in source and "&lt;mark&gt;" not in source
    assert broken_links(site) == [], theme


def test_editors_page_is_built_but_not_in_the_navigation(themed_site: tuple[str, Path]) -> None:
    theme, site = themed_site
    assert (site / "editors" / "index.html").is_file()
    for page in html_files(site):
        if page.parent.name != "editors":
            links = [u for _, _, u in parse_html(page).urls]
            assert not any("editors/" in u for u in links), f"{theme}: {page.relative_to(site)} links the editors' page"


def test_escapes_what_it_produces_under_a_stock_theme(tmp_path: Path) -> None:
    """A title an editor wrote reaches a stock theme (which does not autoescape) as escaped text."""
    root = copy_project(tmp_path / "p")
    set_config(root, theme={"name": "mkdocs"})
    page = root / "facts" / "vostochny.yaml"
    text = page.read_text("utf-8")
    title = re.search(r"^  title: (.*)$", text, re.M)
    assert title
    page.write_text(text.replace(title.group(0), "  title: The <b>bold</b> & the <i>brave</i>"), "utf-8")
    ok(engine_build(root, root / "out"))
    html = (root / "out" / "index.html").read_text("utf-8")
    assert "<b>bold</b>" not in html and "<i>brave</i>" not in html
    assert "The &lt;b&gt;bold&lt;/b&gt; &amp; the &lt;i&gt;brave&lt;/i&gt;" in html


# --------------------------------------------------------------------------------------------------------------
# MkDocs' URL settings.

def test_use_directory_urls_false_builds_a_site_whose_links_all_resolve(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    set_config(root, use_directory_urls=False)
    ok(run_cli("-C", str(root), "build", "--out", "out", env=EPOCH))
    site = root / "out"
    assert (site / "sources" / f"{REUTERS}.html").is_file() and not (site / "sources" / REUTERS).exists()
    urls = [u for _, _, u in parse_html(site / "index.html").urls]
    assert any(u.startswith(f"sources/{REUTERS}.html#") for u in urls)
    assert not any(u.startswith(f"sources/{REUTERS}/") for u in urls)
    assert broken_links(site) == []
    facts = json.loads((site / "facts.json").read_text("utf-8"))
    assert facts["facts"][0]["citations"][0]["url"].startswith(f"sources/{REUTERS}.html#")


def test_site_url_gives_absolute_urls_canonical_links_and_a_full_sitemap(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    set_config(root, site_url="https://newsroom.example/vostochny/")
    ok(run_cli("-C", str(root), "build", "--out", "out", env=EPOCH))
    site = root / "out"
    facts = json.loads((site / "facts.json").read_text("utf-8"))
    base = "https://newsroom.example/vostochny/"
    assert facts["facts"][0]["page_url"] == base
    assert all(c["url"].startswith(f"{base}sources/") for f in facts["facts"] for c in f["citations"])
    assert all(s["page_url"] == f"{base}sources/{s['id']}/" for s in facts["sources"])
    assert f'<link rel="canonical" href="{base}">' in (site / "index.html").read_text("utf-8")
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    expected = {base, f"{base}sources/", f"{base}about/"} | {f"{base}sources/{s['id']}/" for s in facts["sources"]}
    assert expected <= set(locs), sorted(expected - set(locs))
    assert not any("editors" in loc for loc in locs)


def test_without_site_url_facts_json_addresses_are_relative(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    ok(run_cli("-C", str(root), "build", "--out", "out", env=EPOCH))
    facts = json.loads((root / "out" / "facts.json").read_text("utf-8"))
    assert facts["facts"][0]["citations"][0]["url"].startswith(f"sources/{REUTERS}/#")


@pytest.mark.parametrize("settings, expected", [
    ({"edit_uri": "edit/main/docs/"}, "https://github.com/newsroom/site/edit/main/facts/vostochny.yaml#L"),
    ({"edit_uri_template": "blob/main/docs/{path}"}, "https://github.com/newsroom/site/blob/main/facts/vostochny.yaml#L"),
], ids=["edit_uri", "edit_uri_template"])
def test_edit_links_follow_edit_uri_and_edit_uri_template(tmp_path: Path, settings: dict[str, str],
                                                          expected: str) -> None:
    root = copy_project(tmp_path / "p")
    set_config(root, repo_url="https://github.com/newsroom/site", **settings)
    ok(run_cli("-C", str(root), "build", "--out", "out", env=EPOCH))
    html = (root / "out" / "index.html").read_text("utf-8")
    assert f'class="edit" href="{expected}' in html


# --------------------------------------------------------------------------------------------------------------
# Strict means strict.

@pytest.fixture
def warning_project(tmp_path: Path) -> Path:
    """A valid project with one content warning: a source without a recorded sha256."""
    root = copy_project(tmp_path / "p")
    sources = root / "facts" / "sources.yaml"
    text = sources.read_text("utf-8")
    first = re.search(r"^    sha256: [0-9a-f]{64}\n", text, re.M)
    assert first
    sources.write_text(text.replace(first.group(0), "", 1), "utf-8")
    return root


def test_mkdocs_build_strict_fails_on_a_content_warning(warning_project: Path, tmp_path: Path) -> None:
    loose = engine_build(warning_project, tmp_path / "loose")
    assert loose.returncode == 0, loose.stderr
    assert "WARNING" in loose.stderr and "facts/sources.yaml:" in loose.stderr
    strict = engine_build(warning_project, tmp_path / "strict", "--strict")
    assert strict.returncode == 1, strict.stderr
    assert "facts/sources.yaml:" in strict.stderr and "warning" in strict.stderr


def test_check_and_build_strict_fail_on_a_content_warning(warning_project: Path) -> None:
    assert ok(run_cli("-C", str(warning_project), "check")).stderr.count(": warning: ") == 1
    strict = run_cli("-C", str(warning_project), "check", "--strict")
    assert strict.returncode == 1 and "--strict" in strict.stderr
    assert run_cli("-C", str(warning_project), "build", "--out", "out").returncode == 0
    assert run_cli("-C", str(warning_project), "build", "--strict", "--out", "out2").returncode == 1
    assert not (warning_project / "out2").exists()


def test_check_format_github_annotates_file_and_line(warning_project: Path) -> None:
    page = warning_project / "facts" / "vostochny.yaml"
    text = page.read_text("utf-8")
    quote = re.search(r"^( +quote: )(.*)$", text, re.M)
    assert quote
    page.write_text(text.replace(quote.group(0), f"{quote.group(1)}words no article has, xyzzy", 1), "utf-8")
    result = run_cli("-C", str(warning_project), "check", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    line = text[:quote.start()].count("\n") + 1
    assert any(ln.startswith(f"::error file=facts/vostochny.yaml,line={line},col=") for ln in lines), lines
    assert any(re.match(r"::warning file=facts/sources\.yaml,line=\d+,col=\d+::", ln) for ln in lines), lines
    assert all(ln.startswith("::") for ln in lines)
    strict = run_cli("-C", str(warning_project), "check", "--format", "github", "--strict")
    assert not any(ln.startswith("::warning") for ln in strict.stdout.splitlines())


# --------------------------------------------------------------------------------------------------------------
# check and build accept and reject the same mkdocs.yml, with the same message.

HEAD = "site_name: Desk\ndocs_dir: docs\ntheme:\n  name: factsheet\n"
BAD_CONFIGS = [
    ("plugin-option-typo", HEAD + "plugins:\n  - factsheet:\n      facts_dirr: facts\n", "mkdocs.yml:7:7"),
    ("facts-dir-5", HEAD + "plugins:\n  - factsheet:\n      facts_dir: 5\n", "mkdocs.yml:7:18"),
    ("plugins-5", HEAD + "plugins: 5\n", "mkdocs.yml:5:10"),
    ("a-list", "- site_name: Desk\n", "mkdocs.yml:1:1"),
    ("unknown-theme", "site_name: Desk\ndocs_dir: docs\ntheme:\n  name: nosuch\nplugins: [factsheet]\n", "mkdocs.yml:4:9"),
    ("no-plugin", HEAD + "plugins: []\n", "mkdocs.yml:5:1"),
    ("yaml-error", HEAD + "plugins: [factsheet\n", "mkdocs.yml:5:10"),  # where the unclosed '[' opens
    ("missing-docs-dir", "site_name: Desk\ndocs_dir: nowhere\ntheme:\n  name: factsheet\nplugins: [factsheet]\n",
     "mkdocs.yml:2:11"),
    ("unknown-key", HEAD + "plugins: [factsheet]\nsite_urll: https://x.example/\n", "mkdocs.yml:6:1"),
]


@pytest.mark.parametrize("text, at", [pytest.param(t, a, id=i) for i, t, a in BAD_CONFIGS])
def test_check_rejects_what_build_rejects_with_the_same_message(tmp_path: Path, text: str, at: str) -> None:
    root = copy_project(tmp_path / "p")
    (root / "mkdocs.yml").write_text(text, "utf-8")
    check = run_cli("-C", str(root), "check")
    build = run_cli("-C", str(root), "build", "--out", "out")
    assert (check.returncode, build.returncode) == (1, 1), check.stderr + build.stderr
    first = [ln for ln in check.stderr.splitlines() if ": error: " in ln]
    assert first and first[0].startswith(f"{at}: error: "), check.stderr
    assert first[0] in build.stderr.splitlines(), build.stderr
    assert "Traceback" not in check.stderr + build.stderr
    # Plain MkDocs refuses the file too (strict, as site-builder builds).
    assert engine_build(root, tmp_path / "plain", "--strict").returncode == 1


@pytest.mark.parametrize(("text", "hint"), [
    (HEAD + "plugins: [factsheet]\nsite_urll: https://x.example/\n", "hint: did you mean 'site_url'?"),
    (HEAD + "plugins:\n  - factsheet:\n      facts_dirr: facts\n", "hint: did you mean 'facts_dir'?"),
    (HEAD + "plugins:\n  - factsheet:\n      colour: red\n",
     "hint: check the spelling; the factsheet plugin's options are facts_dir, seeds_dir, templates_dir and publisher"),
], ids=["mkdocs-key", "plugin-option", "plugin-option-unlike-any"])
def test_an_unknown_option_gets_the_name_meant_from_its_own_schema(tmp_path: Path, text: str, hint: str) -> None:
    # An unknown top-level key once got the factsheet plugin's options as its hint.
    root = copy_project(tmp_path / "p")
    (root / "mkdocs.yml").write_text(text, "utf-8")
    check = run_cli("-C", str(root), "check")
    assert check.returncode == 1
    hints = [ln.strip() for ln in check.stderr.splitlines() if ln.strip().startswith("hint:")]
    assert hints == [hint], check.stderr


def test_the_layouts_defaults_are_the_plugins() -> None:
    from site_builder.mkdocs.plugin import FactSheetConfig
    from site_builder.model.project import Layout

    defaults = {key: option.default for key, option in FactSheetConfig._schema}
    assert (Layout(Path(".")).facts_dir, Layout(Path(".")).seeds_dir) == (defaults["facts_dir"], defaults["seeds_dir"])


def test_yaml_1_1_booleans_read_as_text_like_the_editors_schema(tmp_path: Path) -> None:
    """`label: Off` is text to YAML 1.2 tools (the schema in the editor) and so to check as well."""
    root = copy_project(tmp_path / "p")
    page = root / "facts" / "vostochny.yaml"
    text = page.read_text("utf-8")
    label = re.search(r"^    label: .*$", text, re.M)
    assert label
    page.write_text(text.replace(label.group(0), "    label: Off", 1), "utf-8")
    ok(run_cli("-C", str(root), "check"))
    ok(run_cli("-C", str(root), "build", "--out", "out", env=EPOCH))
    assert "<dt>Off</dt>" in (root / "out" / "index.html").read_text("utf-8")


def test_schemas_have_a_stable_id_and_are_published_in_the_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    ok(run_cli("-C", str(root), "build", "--out", "out", env=EPOCH))
    for name in ("facts", "sources"):
        shipped = (REPO / "site_builder" / "schemas" / f"{name}.schema.json").read_bytes()
        assert json.loads(shipped)["$id"] == f"urn:site-builder:schema:{name}:1"
        assert (root / "out" / "schemas" / f"{name}.schema.json").read_bytes() == shipped


# --------------------------------------------------------------------------------------------------------------
# A project made by an older init (a copied theme, theme: name: null) keeps building, with a note.

def test_project_with_a_copied_theme_keeps_building_with_a_note(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    theme = REPO / "site_builder" / "theme"
    import shutil

    shutil.rmtree(root / "templates")
    shutil.copytree(theme, root / "templates", ignore=shutil.ignore_patterns("__init__.py", "__pycache__",
                                                                            "mkdocs_theme.yml"))
    explainer = root / "templates" / "factsheet" / "explainer.html"
    explainer.write_text(explainer.read_text("utf-8").replace('<article class="explainer">',
                                                              '<article class="explainer legacy-copy">'), "utf-8")
    set_config(root, theme={"name": None, "custom_dir": "templates", "locale": "en",
                            "static_templates": ["404.html"]})
    result = ok(run_cli("-C", str(root), "build", "--out", "out", env=EPOCH))
    assert "note: this project uses a copy of the theme in templates/" in result.stderr
    assert "theme: {name: factsheet, custom_dir: templates}" in result.stderr
    assert '<article class="explainer legacy-copy">' in (root / "out" / "index.html").read_text("utf-8")
    assert "note: this project uses a copy" in ok(run_cli("-C", str(root), "check")).stderr


def test_a_custom_dir_overrides_one_page_template(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    own = root / "templates" / "factsheet" / "sources_index.html"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text("<article><h1>Our sources</h1>{% for v in views %}<a href=\"{{ base }}{{ v.href }}\">"
                   "{{ v.source.name }}</a>{% endfor %}</article>\n", "utf-8")
    ok(run_cli("-C", str(root), "build", "--out", "out", env=EPOCH))
    assert "<h1>Our sources</h1>" in (root / "out" / "sources" / "index.html").read_text("utf-8")
    assert '<article class="explainer">' in (root / "out" / "index.html").read_text("utf-8")  # the rest: the theme's


# --------------------------------------------------------------------------------------------------------------
# ProperDocs as well as MkDocs.

def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    ok(engine_build(root, tmp_path / "mk", "--strict"))
    ok(engine_build(root, tmp_path / "pd", "--strict", engine="properdocs", block="mkdocs"))
    mk, pd = _tree(tmp_path / "mk"), _tree(tmp_path / "pd")
    assert sorted(mk) == sorted(pd)
    differ = [name for name in mk if mk[name] != pd[name] and name != "sitemap.xml.gz"]
    assert differ == []
    assert '<article class="explainer">' in pd["index.html"].decode()


def test_properdocs_strict_counts_the_plugins_warnings(warning_project: Path, tmp_path: Path) -> None:
    strict = engine_build(warning_project, tmp_path / "s", "--strict", engine="properdocs", block="mkdocs")
    assert strict.returncode == 1 and "facts/sources.yaml:" in strict.stderr, strict.stderr


def test_cli_works_without_mkdocs_installed(tmp_path: Path) -> None:
    """With MkDocs unimportable, site-builder check and build run on ProperDocs."""
    root = copy_project(tmp_path / "p")
    code = ("import sys; sys.modules['mkdocs'] = None\n"
            "from site_builder.cli import main\nsys.exit(main(sys.argv[1:]))")
    env = {**os.environ, **EPOCH}
    for args in (["-C", str(root), "check"], ["-C", str(root), "build", "--out", "out"]):
        result = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                                timeout=300, check=False)
        assert result.returncode == 0, result.stderr
    mk = tmp_path / "mk"
    ok(run_cli("-C", str(root), "build", "--out", str(mk), env=EPOCH))
    assert _tree(root / "out").keys() == _tree(mk).keys()
    assert (root / "out" / "index.html").read_bytes() == (mk / "index.html").read_bytes()


# --------------------------------------------------------------------------------------------------------------
# Other plugins see every body; a build alone with its pages holds none of them to the end.

_SEEN_HOOK = '''
import json, os

def on_page_context(context, page, config, nav):
    with open(os.environ["HOOK_OUT"], "a", encoding="utf-8") as out:
        out.write(json.dumps([page.file.src_uri, page.file.abs_dest_path, page.content]) + "\\n")
    return context
'''

_CONTENT_HOOK = '''
def on_page_content(html, page, config, files):
    return html + "<!-- hook saw %d -->" % len(html)
'''


def _hooked(root: Path, name: str, code: str) -> None:
    (root / f"{name}.py").write_text(code, "utf-8")
    data = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    set_config(root, hooks=[*data.get("hooks", []), f"{name}.py"])


def test_other_plugins_read_every_rendered_body_and_the_bytes_do_not_change(tmp_path: Path) -> None:
    plain = copy_project(tmp_path / "plain")
    ok(engine_build(plain, tmp_path / "plain-out", "--strict"))
    alone = _tree(tmp_path / "plain-out")
    pages = {p: text for p, text in alone.items() if p.endswith(".html") and b'class="explainer"' in text}
    assert pages, "the shipped project has an explainer page"

    # A plugin reading bodies in on_page_context (as MkDocs' search does) gets each one rendered.
    seeing = copy_project(tmp_path / "seeing")
    _hooked(seeing, "seeing", _SEEN_HOOK)
    out = tmp_path / "seen.json"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml",
                             "--site-dir", str(tmp_path / "seeing-out")], cwd=seeing,
                            env={**os.environ, **EPOCH, "HOOK_OUT": str(out)}, capture_output=True, text=True,
                            timeout=300, check=False)
    ok(result)
    seen = {uri: (dest, body) for uri, dest, body in map(json.loads, out.read_text("utf-8").splitlines())}
    assert sum(uri.startswith("facts/") for uri in seen) >= 10 and "index.md" in seen and "sources/index.md" in seen
    for uri, (dest, body) in seen.items():
        assert "factsheet: this page's body" not in body and len(body) > 200, uri
        assert body in Path(dest).read_text("utf-8"), uri
    assert _tree(tmp_path / "seeing-out") == alone

    # A plugin changing bodies in on_page_content gets the rendered HTML, and its change is published.
    changing = copy_project(tmp_path / "changing")
    _hooked(changing, "changing", _CONTENT_HOOK)
    ok(engine_build(changing, tmp_path / "changing-out", "--strict"))
    changed = _tree(tmp_path / "changing-out")
    assert changed.keys() == alone.keys()
    for path, text in pages.items():
        marks = re.findall(rb"<!-- hook saw (\d+) -->", changed[path])
        assert len(marks) == 1 and int(marks[0]) > 1000, path
        assert re.sub(rb"<!-- hook saw \d+ -->", b"", changed[path]) == text, path


def test_a_build_alone_with_its_pages_keeps_no_body_once_the_page_is_written(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    code = (
        "import sys\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "config = load_config('mkdocs.yml', site_dir=sys.argv[1])\n"
        "config.plugins.on_startup(command='build', dirty=False)\n"
        "build(config)\n"
        "plugin = config.plugins['factsheet']\n"
        "held = [f.src_uri for f in plugin.files.documentation_pages()\n"
        "        if f.src_uri in plugin.generated and f.page is not None and len(f.page.content or '') > 200]\n"
        "print(len(plugin.generated), len(held))\n")
    result = ok(subprocess.run([sys.executable, "-c", code, str(tmp_path / "out")], cwd=root,
                               env={**os.environ, **EPOCH}, capture_output=True, text=True, timeout=300, check=False))
    generated, held = map(int, result.stdout.split())
    assert generated > 30 and held == 0
    assert b'class="explainer"' in (tmp_path / "out" / "index.html").read_bytes()
