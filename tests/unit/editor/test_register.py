"""`add-source` and `sources accept` write the editor's sources.yaml without touching a byte they did not mean to.

Round trips run on commented files in several house styles (indentation,
CRLF, no final newline, flow lists, trailing comments): every original line
survives, and only the new or changed lines differ.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path

import pytest

from mini import MKDOCS_YML, REUTERS, sha256
from support import REPO, run_cli

REUTERS_HASH = hashlib.sha256((REPO / REUTERS).read_bytes()).hexdigest()
OLD_HASH = "ab" * 32

ARTICLE = "Desk headline\n\nThe new bridge opened in 2024 and is 1,200 m long.\n\nIt cost $45m.\n"

STYLES = {
    "shipped style": (
        "# yaml-language-server: $schema=../schema.json\n"
        "# The articles.   Comments stay, spacing too.\n"
        "sources:\n"
        "  - id: reuters\n"
        f"    file: {REUTERS}\n"
        "    # the headline is the first line\n"
        "    title: \"What is the space launch facility where Kim and Putin are meeting?\"\n"
        "    published: 2023-09-13      # as the article states\n"
        f"    sha256: {OLD_HASH}\n"
        "    exclude:\n"
        "      - lines: 1\n"
        "        reason: 'the headline'\n"
        "      - text: Share\n",
        "  - id: desk\n    file: seeds/desk.txt\n    title: 'Bridge: reopened'\n    published: 2024-03-02\n"
        "    url: https://example.org/desk\n    sha256: {h}\n    added: 2026-11-21\n"),
    "unindented sequences": (
        "sources:\n"
        "- id: reuters\n"
        f"  file: {REUTERS}\n"
        "  # no title: the editor's label\n"
        "  label: Reuters explainer\n"
        f"  sha256: {OLD_HASH}\n"
        "  exclude:\n"
        "  - lines: 1\n",
        "- id: desk\n  file: seeds/desk.txt\n  title: 'Bridge: reopened'\n  published: 2024-03-02\n"
        "  url: https://example.org/desk\n  sha256: {h}\n  added: 2026-11-21\n"),
    "four-space indentation": (
        "sources:\n"
        "    -   id: reuters\n"
        f"        file: {REUTERS}\n"
        f"        sha256: {OLD_HASH}\n"
        "        exclude:\n"
        "            -   lines: 1\n"
        "                reason: headline\n",
        "    -   id: desk\n        file: seeds/desk.txt\n        title: 'Bridge: reopened'\n        published: 2024-03-02\n"
        "        url: https://example.org/desk\n        sha256: {h}\n        added: 2026-11-21\n"),
    "flow list and trailing comment": (
        "sources:\n"
        "  - id: reuters\n"
        f"    file: {REUTERS}\n"
        f"    sha256: {OLD_HASH}\n"
        "    exclude: [{lines: 1}, {text: Share}]\n"
        "# end of the list\n",
        "  - id: desk\n    file: seeds/desk.txt\n    title: 'Bridge: reopened'\n    published: 2024-03-02\n"
        "    url: https://example.org/desk\n    sha256: {h}\n    added: 2026-11-21\n"),
    "CRLF line endings": (
        "sources:\r\n"
        "  - id: reuters  # the agency\r\n"
        f"    file: {REUTERS}\r\n"
        f"    sha256: {OLD_HASH}\r\n",
        "  - id: desk\r\n    file: seeds/desk.txt\r\n    title: 'Bridge: reopened'\r\n    published: 2024-03-02\r\n"
        "    url: https://example.org/desk\r\n    sha256: {h}\r\n    added: 2026-11-21\r\n"),
    "no final newline": (
        "sources:\n"
        "  - id: reuters\n"
        f"    file: {REUTERS}\n"
        f"    sha256: {OLD_HASH}",
        "\n  - id: desk\n    file: seeds/desk.txt\n    title: 'Bridge: reopened'\n    published: 2024-03-02\n"
        "    url: https://example.org/desk\n    sha256: {h}\n    added: 2026-11-21"),
}


#: Where the new entry goes when it is not simply appended: before the comment that closes the list.
INSERTED_BEFORE = {"flow list and trailing comment": "# end of the list\n"}


def _project(tmp_path: Path, sources_text: str) -> Path:
    root = tmp_path / "p"
    (root / "facts").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "docs").mkdir()  # mkdocs.yml names it: MkDocs' validation (which every command runs) wants it
    (root / "seeds" / Path(REUTERS).name).write_bytes((REPO / REUTERS).read_bytes())
    (root / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    (root / "facts" / "sources.yaml").write_bytes(sources_text.encode("utf-8"))
    (root / "facts" / "page.yaml").write_text(
        "page:\n  title: T\nfacts:\n  - id: f\n    claim: It came into service in 2016.\n    citations:\n"
        "      - source: reuters\n        quote: came into service in 2016\n", "utf-8")
    return root


def _article(tmp_path: Path, text: str = ARTICLE, name: str = "desk.txt") -> Path:
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


ADD_ARGS = ("--title", "Bridge: reopened", "--published", "2024-03-02", "--url", "https://example.org/desk",
            "--added", "2026-11-21")


@pytest.mark.parametrize("style", list(STYLES))
def test_add_source_appends_and_keeps_every_other_byte(tmp_path: Path, style: str) -> None:
    before, added = STYLES[style]
    root = _project(tmp_path, before)
    article = _article(tmp_path)
    result = run_cli("-C", str(root), "add-source", str(article), "--id", "desk", *ADD_ARGS)
    after = (root / "facts" / "sources.yaml").read_bytes().decode("utf-8")
    if added is None:
        # ruamel.yaml cannot write this house style: the edit is refused, nothing changes.
        assert result.returncode == 1
        assert "editing this file would reformat line" in result.stderr and "nothing was changed" in result.stderr
        assert after == before and not (root / "seeds" / "desk.txt").exists()
        return
    assert result.returncode == 0, result.stderr
    entry = added.format(h=sha256(article))
    tail = INSERTED_BEFORE.get(style, "")
    assert after == before[:len(before) - len(tail)] + entry + tail
    assert (root / "seeds" / "desk.txt").read_bytes() == article.read_bytes()
    check = run_cli("-C", str(root), "check")
    assert check.returncode == 0, check.stderr
    assert not [p for p in (root / "facts").iterdir() if p.name.startswith(".")]  # no temp files left


@pytest.mark.parametrize("style", [s for s in STYLES if STYLES[s][1] is not None])
def test_accept_changes_only_the_hash_line(tmp_path: Path, style: str) -> None:
    before = STYLES[style][0]
    root = _project(tmp_path, before)
    result = run_cli("-C", str(root), "sources", "accept", "reuters")
    assert result.returncode == 0, result.stderr
    after = (root / "facts" / "sources.yaml").read_bytes().decode("utf-8")
    assert after == before.replace(OLD_HASH, REUTERS_HASH)


def test_four_space_style_accept_is_exact(tmp_path: Path) -> None:
    before = STYLES["four-space indentation"][0]
    root = _project(tmp_path, before)
    result = run_cli("-C", str(root), "sources", "accept", "reuters")
    after = (root / "facts" / "sources.yaml").read_text("utf-8")
    # Either done exactly, or refused without a change: never reformatted.
    assert (result.returncode == 0 and after == before.replace(OLD_HASH, REUTERS_HASH)) or \
        (result.returncode == 1 and after == before), (result.stderr, after)


def test_accept_on_the_shipped_file_changes_one_line(tmp_path: Path) -> None:
    text = (REPO / "facts" / "sources.yaml").read_text("utf-8")
    assert REUTERS_HASH in text  # the shipped file records the real hashes
    tampered = text.replace(REUTERS_HASH, OLD_HASH)
    root = _project(tmp_path, tampered)
    (root / "seeds" / "001_795f075d3b236597.txt").write_bytes((REPO / "seeds/001_795f075d3b236597.txt").read_bytes())
    result = run_cli("-C", str(root), "sources", "accept", "reuters", "pet-project")
    assert result.returncode == 0, result.stderr
    after = (root / "facts" / "sources.yaml").read_text("utf-8")
    assert after == text
    diff = [ln for ln in difflib.ndiff(tampered.splitlines(), after.splitlines()) if ln[:1] in "+-"]
    assert diff == [f"-     sha256: {OLD_HASH}", f"+     sha256: {REUTERS_HASH}"]
    assert "'pet-project': seeds/001_795f075d3b236597.txt already matches its recorded sha256" in result.stderr


def test_shipped_sources_record_real_hashes_and_dates() -> None:
    result = run_cli("sources", "list", "--format", "json")
    rows = json.loads(result.stdout)
    assert [(r["id"], r["state"]) for r in rows] == [("reuters", "reviewed"), ("pet-project", "reviewed")]
    text = (REPO / "facts" / "sources.yaml").read_text("utf-8")
    assert text.count("added: 2026-11-21") == 2


def _add(tmp_path: Path, *args: str, article: str = ARTICLE, name: str = "desk.txt"):
    root = _project(tmp_path, STYLES["shipped style"][0])
    before = (root / "facts" / "sources.yaml").read_bytes()
    path = _article(tmp_path, article, name)
    result = run_cli("-C", str(root), "add-source", str(path), *args)
    return root, before, result


REFUSALS = [
    ("bad id", ("--id", "Desk One"), 2,
     "site-builder: error: source id 'Desk One' is not valid: use lowercase letters, digits and hyphens, starting "
     "with a letter or digit (e.g. 'reuters-vostochny')\n"),
    ("taken id", ("--id", "reuters"), 2,
     "site-builder: error: source id 'reuters' is already registered (facts/sources.yaml:4); choose another id\n"),
    ("ftp url", ("--id", "desk", "--url", "ftp://example.org/a"), 2,
     "site-builder: error: --url 'ftp://example.org/a' is not an http:// or https:// address\n"),
    ("url with space", ("--id", "desk", "--url", "https://example.org/a b"), 2,
     "site-builder: error: --url 'https://example.org/a b' is not an http:// or https:// address\n"),
    ("impossible date", ("--id", "desk", "--published", "2023-02-30"), 2,
     "site-builder: error: --published '2023-02-30': '2023-02-30' is not a real date: February 2023 has no day 30 "
     "(it has 28 days)\n"),
    ("date in words", ("--id", "desk", "--published", "March 2024"), 2,
     "site-builder: error: --published 'March 2024': expected a number or a date written YYYY, YYYY-MM or "
     "YYYY-MM-DD, got 'March 2024'\n"),
    ("two-line title", ("--id", "desk", "--title", "a\nb"), 2,
     "site-builder: error: --title must be one line of text of at most 300 characters, without control or "
     "invisible format characters\n"),
    ("bidi override in byline", ("--id", "desk", "--byline", "Guy \u202eFaulconbridge"), 2,
     "site-builder: error: --byline must be one line of text of at most 200 characters, without control or "
     "invisible format characters\n"),
    ("id with a trailing newline", ("--id", "desk\n"), 2,
     "site-builder: error: source id 'desk\\n' is not valid: use lowercase letters, digits and hyphens, starting "
     "with a letter or digit (e.g. 'reuters-vostochny')\n"),
    ("url with a trailing newline", ("--id", "desk", "--url", "https://example.org/a\n"), 2,
     "site-builder: error: --url 'https://example.org/a\\n' is not an http:// or https:// address\n"),
]


@pytest.mark.parametrize("case,args,code,message", REFUSALS, ids=[c[0] for c in REFUSALS])
def test_add_source_refuses_bad_arguments(tmp_path: Path, case: str, args: tuple[str, ...], code: int,
                                          message: str) -> None:
    root, before, result = _add(tmp_path, *args)
    assert (result.returncode, result.stderr) == (code, message)
    assert (root / "facts" / "sources.yaml").read_bytes() == before
    assert not (root / "seeds" / "desk.txt").exists()


def test_add_source_never_overwrites_a_seed(tmp_path: Path) -> None:
    root = _project(tmp_path, STYLES["shipped style"][0])
    (root / "seeds" / "desk.txt").write_text("the editor's own file\n", "utf-8")
    before = (root / "facts" / "sources.yaml").read_bytes()
    result = run_cli("-C", str(root), "add-source", str(_article(tmp_path)), "--id", "desk")
    assert result.returncode == 2
    assert result.stderr == ("site-builder: error: seeds/desk.txt already exists; not overwriting it (register it "
                             "with 'site-builder add-source seeds/desk.txt --id desk', or pass --name NEW.txt)\n")
    assert (root / "seeds" / "desk.txt").read_text("utf-8") == "the editor's own file\n"
    assert (root / "facts" / "sources.yaml").read_bytes() == before
    renamed = run_cli("-C", str(root), "add-source", str(_article(tmp_path)), "--id", "desk", "--name", "desk-2.txt",
                      "--added", "2026-11-21")
    assert renamed.returncode == 0, renamed.stderr
    assert (root / "seeds" / "desk-2.txt").read_text("utf-8") == ARTICLE


def test_add_source_registers_a_file_already_in_seeds(tmp_path: Path) -> None:
    root = _project(tmp_path, STYLES["shipped style"][0])
    (root / "seeds" / "desk.md").write_text("# Bridge\n\nThe bridge opened in 2024.\n", "utf-8")
    result = run_cli("-C", str(root), "add-source", str(root / "seeds" / "desk.md"), "--id", "desk",
                     "--added", "2026-11-21")
    assert result.returncode == 0, result.stderr
    assert "added source 'desk': registered seeds/desk.md where it is (2 paragraphs)" in result.stderr
    assert "    file: seeds/desk.md\n" in (root / "facts" / "sources.yaml").read_text("utf-8")


def test_add_source_refuses_a_duplicate_article(tmp_path: Path) -> None:
    root, before, result = _add(tmp_path, "--id", "again", article=(REPO / REUTERS).read_text("utf-8"),
                                name="copy.txt")
    assert (result.returncode, result.stderr) == (
        2, f"site-builder: error: this article is already registered as source 'reuters' ({REUTERS})\n")
    assert (root / "facts" / "sources.yaml").read_bytes() == before


@pytest.mark.parametrize("case,data,name,message", [
    ("latin-1", "Caf\xe9 opened in 2024.\n".encode("latin-1"), "desk.txt",
     "desk.txt:1:4: error: article is not valid UTF-8 (byte 0xe9); it looks like a non-UTF-8 encoding (Latin-1 or "
     "Windows-1252?)\n    hint: re-save the file as UTF-8\n"),
    ("utf-16", "The bridge opened.\n".encode("utf-16"), "desk.txt",
     "desk.txt:1:1: error: article is not valid UTF-8 (byte 0xff); it looks like UTF-16\n"
     "    hint: re-save the file as UTF-8\n"),
    ("control character", b"The bridge\x07 opened.\n", "desk.txt",
     "desk.txt:1:11: error: article contains control character U+0007\n"
     "    hint: remove it, then add the article again\n"),
    ("empty", b"\n\n", "desk.txt", "desk.txt:1:1: error: article has no text\n"),
])
def test_add_source_checks_the_article(tmp_path: Path, case: str, data: bytes, name: str, message: str) -> None:
    root = _project(tmp_path, STYLES["shipped style"][0])
    before = (root / "facts" / "sources.yaml").read_bytes()
    path = tmp_path / name
    path.write_bytes(data)
    result = run_cli("-C", str(root), "add-source", name, "--id", "desk", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == message
    assert (root / "facts" / "sources.yaml").read_bytes() == before and not (root / "seeds" / name).exists()


def test_added_source_can_be_found_and_cited(tmp_path: Path) -> None:
    root, _before, result = _add(tmp_path, "--id", "desk", "--added", "2026-11-21")
    assert result.returncode == 0, result.stderr
    found = run_cli("-C", str(root), "find", "--value", "1200", "--unit", "m", "--source", "desk")
    assert found.returncode == 0, found.stderr
    assert "      - source: desk\n        quote: The new bridge opened in 2024 and is 1,200 m long." in found.stdout


def test_add_source_creates_sources_yaml_when_missing(tmp_path: Path) -> None:
    root = _project(tmp_path, "")
    (root / "facts" / "sources.yaml").unlink()
    result = run_cli("-C", str(root), "add-source", str(_article(tmp_path)), "--id", "desk", "--added", "2026-11-21")
    assert result.returncode == 0, result.stderr
    text = (root / "facts" / "sources.yaml").read_text("utf-8")
    assert text.endswith(f"sources:\n  - id: desk\n    file: seeds/desk.txt\n    sha256: "
                         f"{sha256(root / 'seeds' / 'desk.txt')}\n    added: 2026-11-21\n")
