"""Small real projects for the editor-workflow tests: the shipped articles, facts written by the test.

The shipped facts change as the explainer grows; these tests pin exact
statuses and messages, so they bring their own facts and cite the stored
articles (which never change).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from support import REPO

REUTERS = "seeds/000_de560b054ebc41c7.txt"
PET = "seeds/001_795f075d3b236597.txt"

MKDOCS_YML = """site_name: Test desk
docs_dir: docs
theme:
  name: factsheet
  locale: en
plugins:
  - factsheet
"""


def sha256(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources_yaml(root: Path, *, record: bool = True) -> str:
    """Return a sources.yaml registering both shipped articles (with their hashes when ``record``)."""
    def entry(sid: str, rel: str, extra: str) -> str:
        text = f"  - id: {sid}\n    file: {rel}\n"
        if record:
            text += f"    sha256: {sha256(root / rel)}\n    added: 2026-11-21\n"
        return text + extra
    return ("# test sources\nsources:\n"
            + entry("reuters", REUTERS, "    exclude:\n      - lines: 1\n        reason: the headline\n"
                                        "      - text: Published Sep 13, 2023\n      - text: Share\n")
            + entry("pet-project", PET, "    label: Pet project report\n"))


def make_project(dest: Path, facts: str, *, record: bool = True, templates: bool = False) -> Path:
    """Return ``dest`` holding a project: the shipped seeds, our sources.yaml and ``facts`` as facts/page.yaml."""
    (dest / "facts").mkdir(parents=True)
    (dest / "docs").mkdir()
    shutil.copytree(REPO / "seeds", dest / "seeds")
    if templates:  # the repository's own overrides of the factsheet theme
        shutil.copytree(REPO / "templates", dest / "templates")
    (dest / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    (dest / "facts" / "sources.yaml").write_text(sources_yaml(dest, record=record), "utf-8")
    (dest / "facts" / "page.yaml").write_text(facts, "utf-8")
    return dest


def git_commit_all(root: Path) -> None:
    """Make ``root`` a git repository with everything committed (the editor's reviewed state)."""
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                        "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, timeout=60)
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "reviewed")


def edit_text(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur exactly once) by ``new`` in a file."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), "utf-8")
