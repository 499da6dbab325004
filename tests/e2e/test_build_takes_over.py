"""A build into the folder of an earlier build takes over what did not change, and writes a cold build's bytes.

Each case builds the shipped project into ``site/``, changes something (an input, the output folder itself,
the record of it), builds into ``site/`` again, and compares the result, file by file, with a cold build of a
copy with the same change (no cache). The files taken over keep their inode (they are linked from the site
they replace): a build after a one-fact edit must take over the pages that edit did not reach, and one after
any change to what every page shows must take over nothing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from support import append_to, copy_project, replace_in, run_cli, run_process

pytestmark = pytest.mark.e2e

FACTS = "facts/vostochny.yaml"
SEED = "seeds/000_de560b054ebc41c7.txt"
#: the card of a fact citing only the source no edit below changes: taken over unless every page changed
UNTOUCHED = "facts/gagarin/index.html"
#: the card of the fact the claim edit changes
EDITED_CARD = "facts/location/index.html"




def _in_site(rel: str, change: Callable[[Path], None]) -> Callable[[Path], None]:
    """Change the built site itself (an editor's hand edit in the output folder)."""
    return lambda root: change(root / "site" / rel)


def _rewrite_same_size(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-2] = ord("X") if data[-2] != ord("X") else ord("Y")
    st = path.stat()
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # even its modification time put back


def _flip_manifest(root: Path) -> None:
    (manifest,) = (root / ".cache" / "site-builder" / "site").glob("*.manifest")
    data = bytearray(manifest.read_bytes())
    data[-7] ^= 0x55
    manifest.write_bytes(bytes(data))


CLAIM = replace_in(FACTS, "It lies in the Amur region", "It lies in the Amur region,")

#: (name, change, whether it changes the project's inputs (a cold copy gets it too), whether the untouched
#: card is taken over)
CASES: list[tuple[str, Callable[[Path], None], bool, bool]] = [
    ("nothing changed", lambda root: None, True, True),
    ("a fact's claim", CLAIM, True, True),
    ("a seed", replace_in(SEED, "What is the space launch facility", "What is the launch facility"), True, True),
    ("a template", append_to("templates/partials/footer.html", "\n<!-- edited -->\n"), True, False),
    ("mkdocs.yml", replace_in("mkdocs.yml", "site_name: ", "site_name: Edited "), True, False),
    ("a page of docs/ added", lambda root: (root / "docs" / "extra.md").write_text("# Extra\n", "utf-8"), True,
     False),
    ("the card edited by hand in the site", _in_site(UNTOUCHED, _rewrite_same_size), False, False),
    ("the card removed from the site", _in_site(UNTOUCHED, Path.unlink), False, False),
    ("the record of the site damaged", _flip_manifest, False, False),
]


def _tree(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def _inode(path: Path) -> int | None:
    return path.stat().st_ino if path.exists() else None


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "user-cache"), "SITE_BUILDER_CACHE": "on"}


@pytest.mark.parametrize(("change", "inputs", "kept"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_build_over_its_last_site_writes_a_cold_builds_bytes(tmp_path: Path, env: dict[str, str],
                                                               change: Callable[[Path], None], inputs: bool,
                                                               kept: bool) -> None:
    warm = copy_project(tmp_path / "warm")
    assert run_cli("-C", str(warm), "build", env=env).returncode == 0
    before = _inode(warm / "site" / UNTOUCHED)
    edited_before = _inode(warm / "site" / EDITED_CARD)
    change(warm)
    cold = copy_project(tmp_path / "cold")
    if inputs:
        change(cold)
    warm_run = run_cli("-C", str(warm), "build", env=env)
    cold_run = run_cli("-C", str(cold), "build", env={**env, "SITE_BUILDER_CACHE": "off"})
    assert (warm_run.returncode, warm_run.stderr) == (cold_run.returncode,
                                                      cold_run.stderr.replace(str(cold), str(warm)))
    assert _tree(warm / "site") == _tree(cold / "site")
    assert (_inode(warm / "site" / UNTOUCHED) == before) is kept
    if change is CLAIM:  # the edited fact's card is made again
        assert _inode(warm / "site" / EDITED_CARD) != edited_before


def test_a_build_in_another_process_takes_over_what_did_not_change(tmp_path: Path, env: dict[str, str]) -> None:
    """Digests do not depend on the process (strings' hashes are seeded per process)."""
    warm = copy_project(tmp_path / "warm")
    assert run_process("-C", str(warm), "build", env={**env, "PYTHONHASHSEED": "1"}).returncode == 0
    before = {p: _inode(warm / "site" / p) for p in (UNTOUCHED, EDITED_CARD, "sources/reuters/index.html")}
    CLAIM(warm)
    run = run_process("-C", str(warm), "build", env={**env, "PYTHONHASHSEED": "2"})
    assert run.returncode == 0, run.stderr
    after = {p: _inode(warm / "site" / p) for p in before}
    assert after[UNTOUCHED] == before[UNTOUCHED]
    assert after[EDITED_CARD] != before[EDITED_CARD]
    assert after["sources/reuters/index.html"] != before["sources/reuters/index.html"]  # it lists the claim


def test_another_version_of_the_tool_takes_over_nothing(tmp_path: Path, env: dict[str, str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.load import cache

    warm = copy_project(tmp_path / "warm")
    assert run_cli("-C", str(warm), "build", env=env).returncode == 0
    before = _inode(warm / "site" / UNTOUCHED)
    monkeypatch.setattr(cache, "fingerprint", lambda: "another build of the tool")
    assert run_cli("-C", str(warm), "build", env=env).returncode == 0
    assert _inode(warm / "site" / UNTOUCHED) != before
    monkeypatch.undo()
    cold = copy_project(tmp_path / "cold")
    assert run_cli("-C", str(cold), "build", env={**env, "SITE_BUILDER_CACHE": "off"}).returncode == 0
    assert _tree(warm / "site") == _tree(cold / "site")


def test_share_images_are_taken_over_as_cold_builds_draw_them(tmp_path: Path, env: dict[str, str]) -> None:
    """With site_url, each explainer and card has a share image: one whose text did not change is taken over."""
    with_url = replace_in("mkdocs.yml", "site_name: ", "site_url: https://example.org/desk/\nsite_name: ")
    warm, cold = copy_project(tmp_path / "warm"), copy_project(tmp_path / "cold")
    with_url(warm)
    with_url(cold)
    assert run_cli("-C", str(warm), "build", env=env).returncode == 0
    images = {p.relative_to(warm / "site").as_posix(): p.stat().st_ino for p in (warm / "site").rglob("*.png")}
    assert len(images) > 30
    kept = _claim_edited_and_built(warm, cold, env, images)
    assert len(images) - 3 <= len(kept) < len(images)  # the edited card's and its page's images are drawn again


def _claim_edited_and_built(warm: Path, cold: Path, env: dict[str, str], inodes: dict[str, int]) -> set[str]:
    """Edit the claim in both projects, build warm over its site and cold; return the paths whose inode held.

    The two sites must be the same bytes.
    """
    CLAIM(warm)
    CLAIM(cold)
    assert run_cli("-C", str(warm), "build", env=env).returncode == 0
    assert run_cli("-C", str(cold), "build", env={**env, "SITE_BUILDER_CACHE": "off"}).returncode == 0
    assert _tree(warm / "site") == _tree(cold / "site")
    return {path for path, ino in inodes.items() if _inode(warm / "site" / path) == ino}


SECOND_PAGE = ("page:\n  title: Where Vostochny is\nfacts:\n  - id: where-it-is\n"
               "    claim: It lies in the Amur region of Russia’s Far East, not far from the border with China.\n"
               "    citations:\n      - source: reuters\n"
               "        quote: is in the Amur region of Russia’s Far East, not far from the Russian border with China\n")


def test_the_search_index_files_with_the_same_bytes_are_taken_over(tmp_path: Path, env: dict[str, str]) -> None:
    """A desk of two pages has a search index: a build links the files whose bytes Pagefind made the same."""
    warm, cold = copy_project(tmp_path / "warm"), copy_project(tmp_path / "cold")
    for root in (warm, cold):
        (root / "facts" / "where.yaml").write_text(SECOND_PAGE, "utf-8")
    assert run_cli("-C", str(warm), "build", env=env).returncode == 0
    index = {p.relative_to(warm / "site").as_posix(): p.stat().st_ino
             for p in (warm / "site" / "pagefind").rglob("*") if p.is_file()}
    assert len(index) > 10
    kept = _claim_edited_and_built(warm, cold, env, index)
    assert 0 < len(kept) < len(index)  # the edited fact's record changed the files that hold it
