"""The share-image cache: the same bytes as drawing, a damaged entry is drawn again, no cache is no error."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.render.share.cache import CACHE_DIR, cache_key, card_png
from site_builder.render.share.image import CardImage, Figure, render_png

CARD = CardImage("Kicker", "A claim about 1,500 km", (Figure("Distance", "1,500 km"),), "Site")


def test_cached_bytes_are_the_drawn_bytes(tmp_path: Path) -> None:
    first = card_png(CARD, tmp_path)
    entry = tmp_path / CACHE_DIR / f"{cache_key(CARD)}.png"
    assert entry.read_bytes() == first == render_png(CARD)
    assert card_png(CARD, tmp_path) == first


@pytest.mark.parametrize("damage", [b"", b"not a png", "cut"])
def test_a_damaged_entry_is_drawn_again(tmp_path: Path, damage: bytes | str) -> None:
    good = card_png(CARD, tmp_path)
    entry = tmp_path / CACHE_DIR / f"{cache_key(CARD)}.png"
    entry.write_bytes(good[: len(good) // 2] if damage == "cut" else damage)  # type: ignore[arg-type]
    assert card_png(CARD, tmp_path) == good
    assert entry.read_bytes() == good


def test_a_different_text_is_a_different_entry() -> None:
    assert cache_key(CARD) != cache_key(CardImage("Kicker", "A claim about 1,600 km", CARD.figures, "Site"))


def test_a_cache_folder_that_is_a_file_is_no_error(tmp_path: Path) -> None:
    (tmp_path / ".cache").write_text("not a folder")
    assert card_png(CARD, tmp_path) == render_png(CARD)
