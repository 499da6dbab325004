"""Drift: a stored article changes after review; `check` re-anchors every citation and says what happened.

Each case edits a copy of the Reuters article (insert a paragraph, reword a
sentence, delete a paragraph, ...) in a project whose reviewed state is
committed to git, runs the real `site-builder check --format json`, and
asserts every citation's status and the exit code; exact messages are pinned.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.load.split import anchor_for

from mini import REUTERS, edit_text, git_commit_all, make_project, sha256
from support import run_cli

FACTS = """page:
  title: Drift test
facts:
  - id: service
    claim: It came into service in 2016.
    date: 2016
    citations:
      - source: reuters
        quote: The cosmodrome, which came into service in 2016
  - id: distance
    claim: It is about 1,500 km from Vladivostok.
    value: 1500
    unit: km
    citations:
      - source: reuters
        quote: about 1 500km from the port of Vladivostok
      - source: pet-project
        quote: about 930 miles (1,500km) from the port of Vladivostok
  - id: name
    claim: The name means “Eastern Cosmodrome”.
    citations:
      - source: reuters
        quote: In Russian, the name means simply “Eastern Cosmodrome”.
  - id: baikonur
    claim: It was built to reduce reliance on Baikonur.
    citations:
      - source: reuters
        quote: Putin ordered the construction of the cosmodrome to reduce reliance on the Baikonur Cosmodrome
  - id: base-shut
    claim: The missile base shut in 1993.
    date: 1993
    citations:
      - source: reuters
        quote: That base shut in 1993.
  - id: cost
    claim: It cost billions of dollars.
    citations:
      - source: reuters
        quote: Vostochny cost billions of dollars
        paragraph: vostochny-cost-billions-of-dollars-7c25a1
  - id: delays
    claim: Construction was delayed.
    citations:
      - source: reuters
        quote: construction was mired by repeated delays
"""

PARAGRAPH_17 = ("The cosmodrome, which came into service in 2016, is in the Amur region of Russia’s Far East, not far "
                "from the Russian border with China and about 1 500km from the port of Vladivostok. In Russian, the "
                "name means simply “Eastern Cosmodrome”.")
PARAGRAPH_29 = ("Vostochny cost billions of dollars, giving a boost to the local economy. But construction was mired "
                "by repeated delays and several corruption scandals.")
ALL_UNCHANGED = {"service": "unchanged", "distance": "unchanged", "name": "unchanged", "baikonur": "unchanged",
                 "base-shut": "unchanged", "cost": "unchanged", "delays": "unchanged"}

CASES = [
    # (case, [(old, new) edits of the article], git history?, exit code, statuses that differ from unchanged)
    ("insert a paragraph", [("VLADIVOSTOK, Russia\n", "VLADIVOSTOK, Russia\n\nA paragraph the agency added later.\n")],
     True, 0, {}),
    ("reword one sentence", [("the name means simply", "the name simply means")],
     True, 1, {"service": "moved", "distance": "moved", "name": "changed"}),
    ("delete a paragraph", [(PARAGRAPH_29 + "\n\n", "")],
     True, 1, {"cost": "lost", "delays": "lost"}),
    ("change a number", [("about 1 500km", "about 1 600km")],
     True, 1, {"service": "moved", "distance": "changed", "name": "moved"}),
    ("reword the other sentence of a pinned paragraph", [("several corruption scandals", "corruption scandals")],
     True, 0, {"cost": "moved", "delays": "moved"}),
    ("move a sentence to another paragraph", [(" In Russian, the name means simply “Eastern Cosmodrome”.", ""),
                                              ("That base shut in 1993.", "That base shut in 1993. In Russian, the name means simply “Eastern Cosmodrome”.")],
     True, 0, {"service": "moved", "distance": "moved", "name": "moved", "base-shut": "moved"}),
    ("reword one sentence, no git history", [("the name means simply", "the name simply means")],
     False, 1, {"service": "found", "distance": "found", "name": "changed", "baikonur": "found",
                "base-shut": "found", "delays": "found"}),
]


def _drifted(tmp_path: Path, edits: list[tuple[str, str]], git: bool = True) -> Path:
    root = make_project(tmp_path / "p", FACTS)
    if git:
        git_commit_all(root)
    for old, new in edits:
        edit_text(root / REUTERS, old, new)
    return root


def _check_json(root: Path) -> tuple[int, dict]:
    result = run_cli("-C", str(root), "check", "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


@pytest.mark.parametrize("case,edits,git,code,statuses", CASES, ids=[c[0] for c in CASES])
def test_each_citation_gets_its_status(tmp_path: Path, case: str, edits: list[tuple[str, str]], git: bool,
                                       code: int, statuses: dict[str, str]) -> None:
    root = _drifted(tmp_path, edits, git)
    exit_code, doc = _check_json(root)
    [drift] = doc["drift"]
    assert drift["source"] == "reuters" and drift["sha256"] == sha256(root / REUTERS)
    assert drift["reviewed_from"] == ("the git index" if git else None)
    got = {c["fact"]: c["status"] for c in drift["citations"]}
    assert got == {**ALL_UNCHANGED, **statuses}
    assert exit_code == code, doc["diagnostics"]
    codes = sorted(d["code"] for d in doc["diagnostics"])
    expected = sorted(["source-changed"] + [f"citation-{s}" for s in statuses.values() if s in ("moved", "changed", "lost")])
    assert codes == expected
    # only changed and lost citations fail
    assert {d["code"] for d in doc["diagnostics"] if d["severity"] == "error"} <= {"citation-changed", "citation-lost"}


def test_reviewed_version_is_found_in_history(tmp_path: Path) -> None:
    root = _drifted(tmp_path, [], git=True)
    page = root / "facts" / "page.yaml"
    edit_text(root / REUTERS, "the name means simply", "the name simply means")
    import subprocess
    subprocess.run(["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit",
                    "-qam", "agency update"], check=True, timeout=60)
    assert page.exists()
    _code, doc = _check_json(root)
    assert doc["drift"][0]["reviewed_from"].startswith("commit ")
    assert {c["fact"]: c["status"] for c in doc["drift"][0]["citations"]}["name"] == "changed"


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _at(root: Path, needle: str) -> tuple[int, int]:
    for n, line in enumerate(_lines((root / "facts" / "page.yaml").read_text("utf-8")), 1):
        if needle in line:
            return n, line.index(needle) + 1
    raise AssertionError(needle)


def test_changed_and_moved_messages(tmp_path: Path) -> None:
    root = _drifted(tmp_path, [("the name means simply", "the name simply means")])
    result = run_cli("-C", str(root), "check")
    assert result.returncode == 1
    new_anchor = anchor_for(PARAGRAPH_17.replace("the name means simply", "the name simply means"))
    sha_line = _lines((root / "facts" / "sources.yaml").read_text("utf-8")).index(
        f"    sha256: {sha256(Path(__file__).parent.parent / REUTERS)}") + 1
    l_service, _ = _at(root, "quote: The cosmodrome, which came")
    l_distance, _ = _at(root, "quote: about 1 500km")
    l_name, _ = _at(root, "quote: In Russian")
    assert result.stderr == f"""\
facts/page.yaml:{l_service}:16: warning: quote moved in changed source 'reuters': now in paragraph '{new_anchor}' ({REUTERS}:17); it was in 'the-cosmodrome-which-came-into-4d4798'
    hint: links to '#the-cosmodrome-which-came-into-4d4798' from outside the site no longer reach these words
facts/page.yaml:{l_distance}:16: warning: quote moved in changed source 'reuters': now in paragraph '{new_anchor}' ({REUTERS}:17); it was in 'the-cosmodrome-which-came-into-4d4798'
    hint: links to '#the-cosmodrome-which-came-into-4d4798' from outside the site no longer reach these words
facts/page.yaml:{l_name}:16: error: quote changed in changed source 'reuters': "In Russian, the name means simply “Eastern Cosmodrome”."
    was: "In Russian, the name means simply “Eastern Cosmodrome”."
    now (89% similar), {REUTERS}:17, paragraph '{new_anchor}':
      In Russian, the name [simply] means [] “Eastern Cosmodrome”.
    hint: the source has 'simply' here, which the quote leaves out; the quote adds 'simply', which the source does not have; quote the new words (and correct the claim if the article now says something else), then run 'site-builder sources accept reuters'
facts/sources.yaml:{sha_line}:13: warning: source 'reuters' changed since it was reviewed: {REUTERS} no longer matches its recorded sha256
    reviewed version: the git index
    citations: 4 unchanged, 2 moved, 1 changed
    facts/page.yaml:{l_service}:16: moved: service
    facts/page.yaml:{l_distance}:16: moved: distance
    facts/page.yaml:{l_name}:16: changed: name
    facts/page.yaml:{_at(root, "quote: Putin ordered")[0]}:16: unchanged: baikonur
    facts/page.yaml:{_at(root, "quote: That base")[0]}:16: unchanged: base-shut
    facts/page.yaml:{_at(root, "quote: Vostochny cost")[0]}:16: unchanged: cost
    facts/page.yaml:{_at(root, "quote: construction was")[0]}:16: unchanged: delays
    hint: fix the 1 changed or lost citation (errors below), then run 'site-builder sources accept reuters' to record the new version
check FAILED: 1 page(s), 7 facts, 8 citations, 2 sources; 1 error, 3 warnings
"""


def test_lost_message_names_the_vanished_paragraph(tmp_path: Path) -> None:
    root = _drifted(tmp_path, [(PARAGRAPH_29 + "\n\n", "")])
    result = run_cli("-C", str(root), "check")
    line, col = _at(root, "Vostochny cost billions of dollars")
    assert f"""\
facts/page.yaml:{line}:{col}: error: quote lost from changed source 'reuters': "Vostochny cost billions of dollars"
    it was in paragraph 'vostochny-cost-billions-of-dollars-7c25a1' (line 29 of the reviewed version), which is gone
    hint: the article no longer has these words or anything close: remove the citation, or cite another source that states the claim; these exact words are in source 'pet-project'
""" in result.stderr


def test_pinned_paragraph_that_moved_passes_with_a_hint(tmp_path: Path) -> None:
    root = _drifted(tmp_path, [("several corruption scandals", "corruption scandals")])
    result = run_cli("-C", str(root), "check")
    assert result.returncode == 0, result.stderr
    new_anchor = anchor_for(PARAGRAPH_29.replace("several corruption", "corruption"))
    line, col = _at(root, "paragraph: vostochny-cost")
    assert f"""\
facts/page.yaml:{line}:{col + 11}: warning: quote moved in changed source 'reuters': now in paragraph '{new_anchor}' ({REUTERS}:29); it was in 'vostochny-cost-billions-of-dollars-7c25a1'
    hint: set 'paragraph: {new_anchor}'
""" in result.stderr
    # The build goes ahead (warnings pass) and links the quote to its new paragraph.
    (root / "templates").symlink_to(Path(__file__).parent.parent / "templates")
    build = run_cli("-C", str(root), "build", "--out", "out")
    assert build.returncode == 0, build.stderr
    data = json.loads((root / "out" / "facts.json").read_text("utf-8"))
    cost = next(f for f in data["facts"] if f["id"] == "cost")
    assert cost["citations"][0]["paragraph"] == new_anchor


def test_source_without_recorded_hash_is_a_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FACTS, record=False)
    result = run_cli("-C", str(root), "check")
    assert result.returncode == 0
    assert result.stderr == f"""\
facts/sources.yaml:3:9: warning: source 'reuters' has no recorded sha256, so a later change to {REUTERS} would go unnoticed
    hint: run 'site-builder sources accept reuters' to record the file's current hash
facts/sources.yaml:10:9: warning: source 'pet-project' has no recorded sha256, so a later change to seeds/001_795f075d3b236597.txt would go unnoticed
    hint: run 'site-builder sources accept pet-project' to record the file's current hash
check ok: 1 page(s), 7 facts, 8 citations, 2 sources; 0 errors, 2 warnings
"""


def test_accept_records_the_new_hash_and_nothing_else(tmp_path: Path) -> None:
    root = _drifted(tmp_path, [("the name means simply", "the name simply means")])
    sources = root / "facts" / "sources.yaml"
    before = sources.read_text("utf-8")
    old_hash = sha256(Path(__file__).parent.parent / REUTERS)
    result = run_cli("-C", str(root), "sources", "accept", "reuters")
    assert result.returncode == 0, result.stderr
    new_hash = sha256(root / REUTERS)
    assert sources.read_text("utf-8") == before.replace(f"sha256: {old_hash}", f"sha256: {new_hash}")
    l_name, _ = _at(root, "quote: In Russian")
    assert result.stderr == (
        f"'reuters': recorded sha256 {new_hash} for {REUTERS} (was {old_hash})\n"
        "  its citations: 4 unchanged, 2 moved, 1 changed\n"
        f"  facts/page.yaml:{l_name}:16: changed: name (now a quote-not-found error)\n"
        "1 citation(s) no longer match the accepted text: 'site-builder check' shows what to fix\n")
    check = run_cli("-C", str(root), "check")
    assert check.returncode == 1
    assert [line.split(": ")[1] for line in check.stderr.splitlines() if ": error: " in line] == ["error"]
    assert f"facts/page.yaml:{l_name}:16: error: quote not found in source 'reuters'" in check.stderr
    assert "warning" not in check.stderr.replace("0 warnings", "")
    again = run_cli("-C", str(root), "sources", "accept", "reuters")
    assert again.returncode == 0
    assert again.stderr == f"'reuters': {REUTERS} already matches its recorded sha256; nothing to record\n"


def test_accept_adds_a_missing_hash_as_one_new_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FACTS, record=False)
    sources = root / "facts" / "sources.yaml"
    before = sources.read_text("utf-8")
    result = run_cli("-C", str(root), "sources", "accept", "pet-project")
    assert result.returncode == 0, result.stderr
    after = sources.read_text("utf-8")
    assert after == before + f"    sha256: {sha256(root / 'seeds/001_795f075d3b236597.txt')}\n"
    listing = run_cli("-C", str(root), "sources", "list")
    assert listing.stdout.splitlines() == [
        "reuters\tseeds/000_de560b054ebc41c7.txt\t14 paragraphs, cited by 7 facts\tno sha256 recorded: run "
        "'site-builder sources accept reuters'",
        "pet-project\tseeds/001_795f075d3b236597.txt\t13 paragraphs, cited by 1 fact\treviewed (matches its "
        "recorded sha256)",
    ]


@pytest.mark.parametrize("args,code,message", [
    (("sources", "accept", "nobody"), 2, "site-builder: error: unknown source 'nobody'; registered sources: reuters, pet-project\n"),
    (("sources",), 2, "required"),
    (("sources", "accept"), 2, "name the source id(s) to accept, or give --all"),
    (("sources", "accept", "--all", "reuters"), 2, "name the source id(s) to accept, or give --all (not both)"),
])
def test_accept_usage_errors(tmp_path: Path, args: tuple[str, ...], code: int, message: str) -> None:
    root = make_project(tmp_path / "p", FACTS)
    before = (root / "facts" / "sources.yaml").read_bytes()
    result = run_cli("-C", str(root), *args)
    assert result.returncode == code
    assert message in result.stderr
    assert (root / "facts" / "sources.yaml").read_bytes() == before


def test_init_project_starts_with_its_hash_recorded(tmp_path: Path) -> None:
    assert run_cli("init", str(tmp_path / "desk")).returncode == 0
    result = run_cli("-C", str(tmp_path / "desk"), "check")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
