"""Splitting articles into paragraphs, and anchors that do not move."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from site_builder.load.split import anchor_for, split, split_markdown, split_text
from site_builder.load.sources import load_sources
from site_builder.load.yamlfile import loads
from site_builder.text.normalise import normalise_text

from support import REPO

SEED_000 = REPO / "seeds" / "000_de560b054ebc41c7.txt"
SEED_001 = REPO / "seeds" / "001_795f075d3b236597.txt"


def test_seeds_are_byte_identical_to_shared() -> None:
    shared = REPO.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    for f in shared.iterdir():
        assert (REPO / "seeds" / f.name).read_bytes() == f.read_bytes()


@pytest.mark.parametrize("path,count", [(SEED_000, 17), (SEED_001, 13)])
def test_real_seed_paragraph_counts(path: Path, count: int) -> None:
    assert len(split(path.read_text("utf-8"), ".txt")) == count


def test_blank_line_split_keeps_line_numbers() -> None:
    paras = split(SEED_000.read_text("utf-8"), ".txt")
    first, last = paras[0], paras[-1]
    assert (first.line_start, first.line_end) == (1, 1)
    assert first.text.startswith("What is the space launch facility")
    assert (last.line_start, last.text) == (33, "Reporting by Guy Faulconbridge.")


def test_file_without_blank_lines_is_one_paragraph_per_line() -> None:
    paras = split(SEED_001.read_text("utf-8"), ".txt")
    assert [p.line_start for p in paras] == list(range(1, 14))


def test_identical_captions_get_distinct_ids() -> None:
    paras = split(SEED_000.read_text("utf-8"), ".txt")
    captions = [p for p in paras if p.text.startswith("FILE: The Soyuz-2.1b")]
    assert len(captions) == 2
    assert captions[0].anchor != captions[1].anchor
    assert captions[1].anchor == captions[0].anchor + "-2"
    assert len({p.anchor for p in paras}) == len(paras)


EDITS = [
    ("insert at top", lambda ps: ["A new first paragraph."] + ps),
    ("insert in middle", lambda ps: ps[:5] + ["An inserted paragraph."] + ps[5:]),
    ("delete one", lambda ps: ps[:3] + ps[4:]),
    ("edit another", lambda ps: [ps[0] + " Edited."] + ps[1:]),
    ("reverse order", lambda ps: list(reversed(ps))),
]


@pytest.mark.parametrize("name,edit", EDITS, ids=[e[0] for e in EDITS])
def test_anchor_of_unchanged_paragraph_is_stable(name: str, edit) -> None:
    texts = [p.text for p in split(SEED_001.read_text("utf-8"), ".txt")]
    before = {p.text: p.anchor for p in split("\n\n".join(texts), ".txt")}
    after = {p.text: p.anchor for p in split("\n\n".join(edit(texts)), ".txt")}
    for text, anchor in after.items():
        if text in before:
            assert before[text] == anchor, text


def test_anchor_is_readable_and_ignores_quote_style() -> None:
    a = anchor_for("North Korea’s latest Hwasong-18 missile")
    assert a.startswith("north-koreas-latest-hwasong-18-")
    assert anchor_for("North Korea's latest  Hwasong-18 missile") == a


def _plain_anchor(text: str) -> str:
    """The anchor by its definition: a slug of the first five words, a hash of the whole normalised text."""
    normal = normalise_text(text)
    ascii_text = unicodedata.normalize("NFKD", normal.replace("'", "")).encode("ascii", "ignore").decode().lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text)[:5])[:40].strip("-")
    digest = hashlib.sha1(normal.encode("utf-8")).hexdigest()[:6]
    return f"{slug}-{digest}" if slug else f"p-{digest}"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab Zé1-’'\u00a0\ufb01\u0301\u2013\n\u0421", max_size=80))
@example("North Korea’s latest Hwasong-18 missile, and more words after the fifth")
@example("’’ -- ’")
def test_anchor_is_its_definition(text: str) -> None:
    assert anchor_for(text) == _plain_anchor(text)


def test_markdown_split_uses_token_line_maps() -> None:
    text = "# Headline\n\nFirst *para*\nwraps here.\n\n- a list item\n\nLast one.\n"
    blocks = split_markdown(text)
    assert [(b[0], b[1], b[2], b[3]) for b in blocks] == [
        ("Headline", 1, 1, "heading"),
        ("First para\nwraps here.", 3, 4, "paragraph"),
        ("a list item", 6, 6, "paragraph"),
        ("Last one.", 8, 8, "paragraph"),
    ]


def test_text_split_ignores_whitespace_only_lines() -> None:
    assert [b[:3] for b in split_text("One\n   \nTwo\nstill two\n\n\nThree")] == [
        ("One", 1, 1), ("Two\nstill two", 3, 4), ("Three", 7, 7)]


def _sources(tmp_path: Path, yaml_text: str):
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "a.txt").write_text("Headline?\n\nShare\n\nThe body text.\n\nMore body.\n", "utf-8")
    return load_sources(loads(yaml_text, "facts/sources.yaml"), tmp_path, seeds)


def test_exclusions_by_line_text_and_anchor(tmp_path: Path) -> None:
    anchor = anchor_for("More body.")
    sources, diags = _sources(tmp_path, f"""sources:
  - id: a
    file: seeds/a.txt
    exclude:
      - lines: 1
      - text: Share
      - paragraph: {anchor}
""")
    assert diags == []
    assert [p.text for p in sources[0].article] == ["The body text."]
    assert all(p.excluded for p in sources[0].paragraphs if p.text != "The body text.")


@pytest.mark.parametrize("file_value,message", [
    ("../../etc/passwd.txt", "must be a relative path inside seeds/"),
    ("/etc/hosts.txt", "must be a relative path inside seeds/"),
    ("seeds/missing.txt", "does not exist"),
])
def test_source_paths_outside_seeds_are_refused(tmp_path: Path, file_value: str, message: str) -> None:
    _, diags = _sources(tmp_path, f"sources:\n  - id: a\n    file: {file_value}\n")
    assert len(diags) == 1 and message in diags[0].message
    assert (diags[0].line, diags[0].column) == (3, 11)


def test_symlink_leading_outside_seeds_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", "utf-8")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "link.txt").symlink_to(outside)
    _, diags = _sources(tmp_path, "sources:\n  - id: a\n    file: seeds/link.txt\n")
    assert "not a file inside seeds/" in diags[0].message


def test_stale_exclusion_is_an_error(tmp_path: Path) -> None:
    _, diags = _sources(tmp_path, "sources:\n  - id: a\n    file: seeds/a.txt\n    exclude:\n      - text: Nope\n")
    assert [(d.line, d.code) for d in diags] == [(5, "stale-exclusion")]


def test_non_utf8_article_is_reported(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_bytes("Caf\xe9 opens\n".encode("latin-1"))
    _, diags = load_sources(loads("sources:\n  - id: a\n    file: seeds/a.txt\n", "facts/sources.yaml"),
                            tmp_path, tmp_path / "seeds")
    assert diags[0].path == "seeds/a.txt" and (diags[0].line, diags[0].column) == (1, 4)
    assert "not valid UTF-8" in diags[0].message


def test_a_source_read_again_unchanged_is_the_same_object_and_a_changed_one_is_read_anew(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("The centre was founded in 1961.\n\nIt lies east.\n", "utf-8")
    (seeds / "b.txt").write_text("Another article.\n", "utf-8")
    registry = "sources:\n  - id: a\n    file: seeds/a.txt\n  - id: b\n    file: seeds/b.txt\n{extra}"

    def load(extra: str = "") -> list:
        sources, diags = load_sources(loads(registry.format(extra=extra), "facts/sources.yaml"), tmp_path, seeds)
        assert not diags
        return sources

    first = load()
    again = load()
    assert [s is t for s, t in zip(first, again, strict=True)] == [True, True]
    (seeds / "a.txt").write_text("The centre was founded in 1962.\n\nIt lies east.\n", "utf-8")
    changed = load()
    assert changed[0] is not first[0] and "1962" in changed[0].paragraphs[0].text and changed[1] is first[1]
    # Another sources.yaml: every source is read anew (diagnostics point into the file as it is now).
    other = load("# a comment\n")
    assert other[0] is not changed[0] and other[0] == changed[0]
    # A source with a problem is never kept: each reading reports it again.
    broken = registry.format(extra="").replace("file: seeds/b.txt", "file: seeds/b.txt\n    exclude:\n      - text: Gone.")
    for _ in range(2):
        _, diags = load_sources(loads(broken, "facts/sources.yaml"), tmp_path, seeds)
        assert [d.code for d in diags] == ["stale-exclusion"]


def test_a_source_whose_file_keeps_its_signature_is_not_read_again_and_any_write_is_seen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from site_builder.load import cache
    from site_builder.load import sources as sources_module

    monkeypatch.setattr(cache, "RACY_SECONDS", 0.0)  # the files are not "just written": trust their signatures
    reads: list[str] = []
    real_read = sources_module.read_bytes_and_text

    def counted(path: Path, *args: object, **kwargs: object) -> tuple[bytes, str]:
        reads.append(path.name)
        return real_read(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sources_module, "read_bytes_and_text", counted)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    article = seeds / "a.txt"
    article.write_text("The centre was founded in 1961.\n", "utf-8")
    registry = loads("sources:\n  - id: a\n    file: seeds/a.txt\n", "facts/sources.yaml")

    def load() -> tuple[list, list]:
        return load_sources(registry, tmp_path, seeds)

    first, _ = load()
    assert reads == ["a.txt"]
    again, diags = load()
    assert again[0] is first[0] and not diags and reads == ["a.txt"], "unchanged: not read again"
    # The same size and the modification time set back: the change time still tells the write.
    before = article.stat()
    article.write_text("The centre was founded in 1962.\n", "utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    changed, _ = load()
    assert "1962" in changed[0].paragraphs[0].text and reads == ["a.txt", "a.txt"]
    # The file swapped for a link leading outside seeds/: refused, as on a first load.
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("The centre was founded in 1962.\n", "utf-8")
    article.unlink()
    article.symlink_to(outside)
    linked, diags = load()
    assert linked == [] and [d.code for d in diags] == ["source-path"]
