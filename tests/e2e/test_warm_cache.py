"""A warm run (with the .cache/ an earlier run left) reports and builds exactly what a cold run does.

For each edit in the table, the shipped project is checked once unedited (which fills the cache), then edited,
then checked warm; a copy with the same edit is checked cold (no cache). Output must be identical, byte for
byte, in both formats. The same holds for the built site after edits to a fact, a seed, a template and
mkdocs.yml.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support import append_to, copy_project, replace_in, run_cli, run_process

pytestmark = pytest.mark.e2e

FACTS = "facts/vostochny.yaml"
SOURCES = "facts/sources.yaml"
SEED = "seeds/000_de560b054ebc41c7.txt"




def _write(rel: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return edit


def _page(fact_id: str) -> str:
    """Return a page file with one fact (id ``fact_id``) whose quote is in the 'reuters' source."""
    return ("page:\n  title: Where Vostochny is\nfacts:\n"
            f"  - id: {fact_id}\n"
            "    claim: It lies in the Amur region of Russia’s Far East, not far from the border with China.\n"
            "    citations:\n      - source: reuters\n"
            "        quote: is in the Amur region of Russia’s Far East, not far from the Russian border with China\n")


def _copy(rel: str, to: str) -> Callable[[Path], None]:
    return lambda root: shutil.copyfile(root / rel, root / to)


def _everywhere(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new), "utf-8")
    return edit


def _other_templates(root: Path) -> None:
    """Point the theme's custom_dir at a new folder whose footer writes the id of a fact."""
    _write("templates2/partials/footer.html", '<footer id="location"></footer>\n')(root)
    replace_in("mkdocs.yml", "custom_dir: templates", "custom_dir: templates2")(root)


# (name, edit): each leaves the project in a state whose diagnostics a stale cache would get wrong.
EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("nothing changed", lambda root: None),
    ("a comment only", append_to(FACTS, "\n# reviewed\n")),
    ("value no quote states", replace_in(FACTS, "value: 1500", "value: 1600")),
    ("claim figure changed", replace_in(FACTS, "about 1,500 km (930 miles)", "about 1,600 km (930 miles)")),
    ("quote not in the source", replace_in(FACTS, "a modern cosmodrome he had built", "a modern spaceport he had built")),
    ("quote that fits another paragraph", replace_in(FACTS, "quote: is in the Amur region of Russia’s far east",
                                                   "quote: is in the Amur region of Russia’s Far East")),
    ("duplicate key", replace_in(FACTS, "    value: 1500\n", "    value: 1500\n    value: 1500\n")),
    ("schema error", replace_in(FACTS, "    value: 1500\n", "    value: 1500\n    colour: red\n")),
    ("YAML syntax error", replace_in(FACTS, "    value: 1500\n", "    value: [1500\n")),
    ("seed edited (drift)", replace_in(SEED, "What is the space launch facility", "What is the launch facility")),
    ("source published date", replace_in(SOURCES, "published: 2023-09-13", "published: 2023-09-20")),
    ("recorded hash removed", lambda root: (root / SOURCES).write_text(
        "\n".join(line for line in (root / SOURCES).read_text("utf-8").split("\n")
                  if "sha256: 3d576396" not in line), "utf-8")),
    ("facts file added", _write("facts/where.yaml", _page("where-it-is"))),
    ("fact id on two pages", _write("facts/where.yaml", _page("location"))),
    ("the page copied (every id twice)", _copy(FACTS, "facts/another.yaml")),
    ("facts file deleted", lambda root: (root / FACTS).unlink()),
    ("page file with an unusable name", _write("facts/Where_It_Is.yaml", _page("where-it-is"))),
    ("a source's last citation removed", _everywhere(FACTS, "source: pet-project", "source: reuters")),
    ("sources.yaml label changed", replace_in(SOURCES, "publisher: Reuters", "publisher: Reuters News")),
    ("sources.yaml exclusion made stale", replace_in(SOURCES, "text: Share", "text: Share this")),
    ("sources.yaml syntax error", replace_in(SOURCES, "publisher: Reuters", "publisher: [Reuters")),
    ("mkdocs.yml facts_dir changed", replace_in("mkdocs.yml", "facts_dir: facts", "facts_dir: facts-moved")),
    ("mkdocs.yml unknown option", replace_in("mkdocs.yml", "      seeds_dir: seeds", "      seeds_dir: seeds\n      colour: red")),
    ("mkdocs.yml custom_dir changed", _other_templates),
    ("template writes a fact's id", append_to("templates/partials/footer.html", '\n<span id="location"></span>\n')),
]


def _outputs(root: Path, env: dict[str, str]) -> list[tuple[int, str, str]]:
    return [(r.returncode, r.stdout, r.stderr) for r in
            (run_cli("-C", str(root), "check", *args, env=env) for args in ((), ("--format", "json")))]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "user-cache"), "SITE_BUILDER_CACHE": "on"}


@pytest.mark.parametrize("edit", [e for _, e in EDITS], ids=[n for n, _ in EDITS])
def test_warm_check_reports_what_a_cold_one_does(tmp_path: Path, env: dict[str, str],
                                                 edit: Callable[[Path], None]) -> None:
    warm = copy_project(tmp_path / "warm")
    assert run_cli("-C", str(warm), "check", env=env).returncode == 0
    assert (warm / ".cache" / "site-builder" / "memo" / "yaml.memo").is_file()
    edit(warm)
    cold = copy_project(tmp_path / "cold")
    edit(cold)
    warm_out = _outputs(warm, env)
    assert not (cold / ".cache").exists()
    cold_out = _outputs(cold, {**env, "SITE_BUILDER_CACHE": "off"})
    assert warm_out == cold_out
    # ... and a second warm run, reading what the first one wrote about the edited files
    assert _outputs(warm, env) == cold_out


PET_SEED = "seeds/001_795f075d3b236597.txt"
SEED_EDIT = ("What is the space launch facility", "What is the launch facility")
#: The reviewed words of a quoted passage of the 'reuters' source, and the same passage changed.
REUTERS_QUOTED = ("not far from the Russian border with China", "not far from the Russian border with Mongolia")


#: The first 'reuters' quote made the words only the 'pet-project' source has ("these exact words are in ...").
ELSEWHERE = replace_in(FACTS, "quote: possibly at Russia’s most modern space rocket launch site, on Wednesday amid the "
                     "forests of the eastern Russia",
                     "quote: a modern cosmodrome he had built in the remote forests of eastern Russia")
CLAIM_EDIT = replace_in(FACTS, "It lies in the Amur region", "It lies in the Amur region,")
PET_CHANGED = replace_in(PET_SEED, "a modern cosmodrome he had built", "a new cosmodrome he had built")


def _accept(source_id: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        # the tool's own writer; with the cache off, so that the warm copy's cache learns nothing from it
        assert run_cli("-C", str(root), "sources", "accept", source_id,
                       env={"SITE_BUILDER_CACHE": "off"}).returncode == 0
    return edit


def _then(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        for one in edits:
            one(root)
    return edit


#: (name, steps): while a source differs from its recorded sha256 (drift), pages citing it are re-anchored;
#: a failed quote's hint looks at every source. After each step a warm check must report what a cold one does on
#: a copy with the same steps.
STEPS: list[tuple[str, list[Callable[[Path], None]]]] = [
    ("an article edited, then accepted", [replace_in(SEED, *SEED_EDIT), _accept("reuters")]),
    ("an article edited, then back to its recorded bytes",
     [replace_in(SEED, *SEED_EDIT), replace_in(SEED, *reversed(SEED_EDIT))]),
    ("a quoted passage changed, then the quote corrected, then accepted",
     [replace_in(SEED, *REUTERS_QUOTED), _everywhere(FACTS, *REUTERS_QUOTED), _accept("reuters")]),
    ("a quoted passage gone (lost, its words in another source), then a page citing the article edited",
     [_write("facts/where.yaml", _page("where-it-is")),
      replace_in(PET_SEED, "is in the Amur region of Russia’s far east, not far from the Chinese border",
               "is in the Amur region of Russia’s Far East, not far from the Russian border with China"),
      replace_in(SEED, "is in the Amur region of Russia’s Far East, not far from the Russian border with China",
               "was built far away"), replace_in("facts/where.yaml", "not far from the border", "close to the border")]),
    ("two pages cite a changed article, one of them edited",
     [_write("facts/where.yaml", _page("where-it-is")), replace_in(SEED, *REUTERS_QUOTED),
      replace_in("facts/where.yaml", "not far from the border", "close to the border"),
      replace_in(FACTS, "It lies in the Amur region", "It lies in the Amur region,")]),
    ("a page that cites no changed article edited",
     [_write("facts/where.yaml", _page("where-it-is")), replace_in(PET_SEED, "pet projects", "favourite projects"),
      replace_in("facts/where.yaml", "not far from the border", "close to the border")]),
    ("the reviewed copy beside the article changed",
     [_copy(SEED, "seeds/000_reviewed.txt"), replace_in(SEED, *REUTERS_QUOTED),
      append_to("seeds/000_reviewed.txt", "\nA later line.\n")]),
    ("a second article changed, then the first accepted",
     [replace_in(SEED, *SEED_EDIT), replace_in(PET_SEED, "pet projects", "favourite projects"), _accept("reuters")]),
    # A failed quote's hint names the other sources holding its words: remembered, and keyed by every source.
    ("a quote another source has, then its page edited elsewhere", [ELSEWHERE, CLAIM_EDIT]),
    ("a quote another source has, then that source changed", [ELSEWHERE, CLAIM_EDIT, PET_CHANGED]),
    ("a quote another source has, the page edited while that source changed", [ELSEWHERE, PET_CHANGED, CLAIM_EDIT]),
    ("an unknown source, then its page edited elsewhere",
     [replace_in(FACTS, "      - source: reuters\n", "      - source: reutres\n"), CLAIM_EDIT]),
]


@pytest.mark.parametrize("steps", [s for _, s in STEPS], ids=[n for n, _ in STEPS])
def test_a_warm_check_after_each_step_reports_what_a_cold_one_does(
        tmp_path: Path, env: dict[str, str], steps: list[Callable[[Path], None]]) -> None:
    warm = copy_project(tmp_path / "warm")
    assert run_cli("-C", str(warm), "check", env=env).returncode == 0
    drifted = []
    for n, step in enumerate(steps):
        step(warm)
        cold = copy_project(tmp_path / f"cold{n}")
        _then(*steps[:n + 1])(cold)
        cold_out = _outputs(cold, {**env, "SITE_BUILDER_CACHE": "off"})
        assert not (cold / ".cache").exists()
        assert _outputs(warm, env) == cold_out, n
        assert _outputs(warm, env) == cold_out, n  # reading what the run before wrote
        drifted.append("changed since it was reviewed" in cold_out[0][2] or "these exact words are in source"
                       in cold_out[0][2] or "unknown source" in cold_out[0][2])
    assert any(drifted)  # the steps mean something: a source drifted, or a finding looked at every source


def _remove_fact(fact_id: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / FACTS
        text = path.read_text("utf-8")
        start = text.index(f"  - id: {fact_id}\n")
        end = text.index("\n  - id: ", start + 1) + 1
        path.write_text(text[:start] + text[end:], "utf-8")
        _everywhere(FACTS, f" {fact_id},", "")(root)  # the answer names it
    return edit


#: (name, steps): a warm check takes each unchanged fact's verdict from the cache, and verifies only the others.
#: Each step leaves an error at an unchanged fact that a verdict kept under too loose a key would misplace or miss.
FACT_STEPS: list[tuple[str, list[Callable[[Path], None]]]] = [
    ("an error, then a line added above its fact", [replace_in(FACTS, "value: 1500", "value: 1600"), replace_in(
        FACTS, "facts:\n  # --- the answer ---\n", "facts:\n  # --- the answer ---\n  # read twice\n")]),
    ("a wrong figure in a claim, then the claim rewrapped", [
        replace_in(FACTS, "about 1,500 km (930 miles)", "about 1,600 km (930 miles)"),
        replace_in(FACTS, "claim: It is about 1,600 km (930 miles) from", "claim: >-\n      It is about 1,600 km\n"
                 "      (930 miles) from")]),
    ("a wrong quote, then another fact edited",
     [replace_in(FACTS, "a modern cosmodrome he had built", "a modern spaceport he had built"), CLAIM_EDIT]),
    ("a section its facts name removed from the page", [replace_in(FACTS, "  - id: launches\n    title: Launches\n", "")]),
    ("a figure in the page's description no quote states, then a fact edited",
     [replace_in(FACTS, "Kim Jong Un on 13 September 2023", "Kim Jong Un on 14 September 2023"), CLAIM_EDIT]),
    ("an error, then the fact before it removed", [replace_in(FACTS, "value: 1500", "value: 1600"), _remove_fact("location")]),
]


@pytest.mark.parametrize("steps", [s for _, s in FACT_STEPS], ids=[n for n, _ in FACT_STEPS])
def test_a_warm_check_reuses_only_the_verdicts_of_unchanged_facts(
        tmp_path: Path, env: dict[str, str], steps: list[Callable[[Path], None]]) -> None:
    warm = copy_project(tmp_path / "warm")
    assert run_cli("-C", str(warm), "check", env=env).returncode == 0
    for n, step in enumerate(steps):
        step(warm)
        cold = copy_project(tmp_path / f"cold{n}")
        _then(*steps[:n + 1])(cold)
        cold_out = _outputs(cold, {**env, "SITE_BUILDER_CACHE": "off"})
        assert cold_out[0][0] != 0, n  # the step leaves an error to report
        assert _outputs(warm, env) == cold_out, n


def _tree(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


BUILD_EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("fact", replace_in(FACTS, "It lies in the Amur region", "It lies in the Amur region,")),
    ("seed", replace_in(SEED, "What is the space launch facility", "What is the launch facility")),
    ("template", append_to("templates/partials/footer.html", "\n<!-- edited -->\n")),
    ("mkdocs.yml", replace_in("mkdocs.yml", "site_name: ", "site_name: Edited ")),
]


@pytest.mark.parametrize("edit", [e for _, e in BUILD_EDITS], ids=[n for n, _ in BUILD_EDITS])
def test_warm_build_writes_the_bytes_of_a_cold_one(tmp_path: Path, env: dict[str, str],
                                                   edit: Callable[[Path], None]) -> None:
    warm = copy_project(tmp_path / "warm")
    assert run_cli("-C", str(warm), "build", "--out", str(tmp_path / "first"), env=env).returncode == 0
    edit(warm)
    cold = copy_project(tmp_path / "cold")
    edit(cold)
    warm_run = run_cli("-C", str(warm), "build", "--out", str(tmp_path / "warm-site"), env=env)
    cold_run = run_cli("-C", str(cold), "build", "--out", str(tmp_path / "cold-site"),
                       env={**env, "SITE_BUILDER_CACHE": "off"})
    assert (warm_run.returncode, warm_run.stderr) == (cold_run.returncode, cold_run.stderr.replace(
        str(tmp_path / "cold-site"), str(tmp_path / "warm-site")))
    assert _tree(tmp_path / "warm-site") == _tree(tmp_path / "cold-site")
    assert _tree(tmp_path / "warm-site") != _tree(tmp_path / "first") or edit is BUILD_EDITS[0][1]
    shutil.rmtree(tmp_path / "first")


_IMPORTED = """
import sys
from site_builder.cli.main import main
code = main(["-C", sys.argv[1], "check"])
heavy = {"mkdocs", "properdocs", "jinja2", "markdown_it", "rapidfuzz", "fastjsonschema", "jsonschema", "yaml"}
stages = {m for m in sys.modules if m.startswith(("site_builder.figures", "site_builder.text"))}
print(code, ",".join(sorted({m.split(".")[0] for m in sys.modules} & heavy | {"site_builder." + m.split(".")[1] for m in stages})))
"""


@pytest.mark.parametrize("edited", [False, True], ids=["nothing changed", "a claim edited"])
def test_a_warm_check_imports_only_what_it_uses(tmp_path: Path, env: dict[str, str], edited: bool) -> None:
    """Unchanged, a warm check reads verdicts: no MkDocs, no parsers, no figure reading or quote matching. Edited,
    it parses one page, still no MkDocs."""
    import os
    import subprocess
    import sys

    warm = copy_project(tmp_path / "warm")
    # A process of its own: this one may hold another test's signing key (it is read once per process).
    assert run_process("-C", str(warm), "check", env=env).returncode == 0
    if edited:
        replace_in(FACTS, "It lies in the Amur region", "It lies in the Amur region,")(warm)
    out = subprocess.run([sys.executable, "-c", _IMPORTED, str(warm)], env={**os.environ, **env},
                         capture_output=True, text=True, timeout=300, check=False)
    code, _, imported = out.stdout.strip().partition(" ")
    assert code == "0", out.stderr
    found = set(filter(None, imported.split(",")))
    assert not found & {"mkdocs", "properdocs", "jinja2"}
    # A passing edit needs no "did you mean" and no full schema report: those come with a mistake.
    assert not found & {"rapidfuzz", "jsonschema"}
    assert (found == set()) if not edited else "yaml" in found


def test_the_same_files_in_another_facts_folder_are_reported_there(tmp_path: Path, env: dict[str, str]) -> None:
    """A verdict names its files: the same bytes under another facts_dir are not the same verdict."""
    unrecorded = _everywhere(SOURCES, "    sha256: ", "    # sha256: ")  # a warning at facts/sources.yaml
    moved = replace_in("mkdocs.yml", "facts_dir: facts", "facts_dir: facts-moved")
    warm = copy_project(tmp_path / "warm")
    unrecorded(warm)
    assert run_cli("-C", str(warm), "check", env=env).returncode == 0
    shutil.copytree(warm / "facts", warm / "facts-moved")
    moved(warm)
    cold = copy_project(tmp_path / "cold")
    unrecorded(cold)
    shutil.copytree(cold / "facts", cold / "facts-moved")
    moved(cold)
    cold_out = _outputs(cold, {**env, "SITE_BUILDER_CACHE": "off"})
    assert "facts-moved/sources.yaml" in cold_out[0][2]
    assert _outputs(warm, env) == cold_out
