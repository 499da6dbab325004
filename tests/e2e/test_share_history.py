"""Issue 15, a fact card and the share tags from a real git history: three commits, the card shows each change.

The shipped project in a fresh git repository (fixed commit dates): the first commit publishes it, the second
rewords one claim, the third adds a correction to it. The card of that fact lists the history and the
correction; the explainer's and the card's preview tags and the JSON-LD carry the commit times.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from sitecheck import parse_html
from support import copy_project, run_cli

pytestmark = pytest.mark.e2e

OLD = "claim: In the cold war the Soviet Union launched Sputnik, the first human-made satellite, in 1957."
NEW = "claim: During the cold war the Soviet Union launched Sputnik, the first human-made satellite, in 1957."
CORRECTION = "    correction: An earlier version said this happened in the cold war's first years.\n"
DATES = ("2026-11-21T07:52:51+00:00", "2026-11-22T09:00:00+00:00", "2026-11-23T10:30:00+00:00")


def _git(root: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Ed", GIT_AUTHOR_EMAIL="ed@news.example", GIT_COMMITTER_NAME="Ed",
               GIT_COMMITTER_EMAIL="ed@news.example")
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("history"))
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "publish", when=DATES[0])
    facts = root / "facts" / "vostochny.yaml"
    facts.write_text(facts.read_text("utf-8").replace(OLD, NEW), "utf-8")
    _git(root, "commit", "-q", "-am", "reword", when=DATES[1])
    text = facts.read_text("utf-8")
    facts.write_text(text.replace(NEW + "\n", NEW + "\n" + CORRECTION), "utf-8")
    _git(root, "commit", "-q", "-am", "correct", when=DATES[2])
    result = run_cli("-C", str(root), "build", "--out", "out", env={"SOURCE_DATE_EPOCH": ""})
    assert result.returncode == 0, result.stderr
    return root / "out"


def _tags(html: Path) -> dict[str, str]:
    return {a.get("property") or a.get("name", ""): a.get("content", "") for t, a in parse_html(html).elements
            if t == "meta" and (a.get("property") or a.get("name", "")).startswith(("og:", "article:", "twitter:"))}


def test_the_card_shows_the_facts_history_and_its_correction(site: Path) -> None:
    card = parse_html(site / "facts" / "sputnik" / "index.html")
    text = " ".join(" ".join(card.text).split())
    assert "History of this fact" in text
    assert "An earlier version said this happened in the cold war's first years." in text
    assert "22 November 2026" in text and "23 November 2026" in text
    assert "During the cold war the Soviet Union launched Sputnik" in text


def test_preview_tags_and_json_ld_carry_the_commit_times(site: Path) -> None:
    home = _tags(site / "index.html")
    assert home["article:published_time"] == DATES[0]
    assert home["article:modified_time"] == DATES[2]
    card = _tags(site / "facts" / "sputnik" / "index.html")
    assert card["article:published_time"] == DATES[0]
    assert card["article:modified_time"] == DATES[2]
    other = _tags(site / "facts" / "cost" / "index.html")
    assert other["article:published_time"] == DATES[0] and "article:modified_time" not in other
    [ld] = [body for attrs, body in parse_html(site / "index.html").scripts if attrs.get("type") == "application/ld+json"]
    data = json.loads(ld)
    assert (data["datePublished"], data["dateModified"]) == (DATES[0], DATES[2])
