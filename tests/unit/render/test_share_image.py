"""The share image: wrapping and truncation, which text can be drawn, and the PNG's size and bytes."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image

from site_builder.render.share.image import (
    BOLD,
    COMMON,
    HEIGHT,
    REGULAR,
    WIDTH,
    CardImage,
    Figure,
    _coverage,
    _shown_figures,
    drawable,
    fit_lines,
    png_size,
    render_png,
)

# measure = len: one character is one unit wide, so the expected lines can be read off the table.
FIT_CASES = [
    # (text, width, max lines, expected lines, whole)
    ("one two three", 7, 2, ("one two", "three"), True),
    ("  spaced\n out   words ", 20, 1, ("spaced out words",), True),
    ("alpha beta gamma delta", 11, 1, ("alpha beta…",), False),
    ("alpha beta gamma delta", 10, 2, ("alpha beta", "gamma…"), False),
    # never "40…" where the text said "40 thousand": an ellipsis does not follow a number
    ("the toll rose to 40 thousand people", 20, 1, ("the toll rose to…",), False),
    ("it cost $3bn, then more", 14, 1, ("it cost…",), False),
    # a trailing comma gives way to the ellipsis
    ("first, second third", 7, 1, ("first…",), False),
    # a word wider than a line is cut into pieces that fit
    ("abcdefghij", 4, 3, ("abcd", "efgh", "ij"), True),
    ("Космодром Восточный построен", 19, 1, ("Космодром…",), False),
    ("", 10, 2, (), True),
]


@pytest.mark.parametrize(("text", "width", "max_lines", "lines", "whole"), FIT_CASES)
def test_fit_lines_wraps_at_words_and_ends_with_an_ellipsis_at_a_word_boundary(
        text: str, width: int, max_lines: int, lines: tuple[str, ...], whole: bool) -> None:
    got, got_whole = fit_lines(text, len, width, max_lines)
    assert (got, got_whole) == (lines, whole)
    assert all(len(line) <= width for line in got)


DRAWABLE_CASES = [
    ("Latin", "What is the space launch facility?", True),
    ("Cyrillic (the shipped topic is Russian)", "Космодром «Восточный» — 1 500 км", True),
    ("a decomposed accent composes (NFC)", "Pe\u0301rez", True),
    ("Chinese: the font has no glyphs", "东方航天发射场", False),
    ("Arabic: covered, but right to left", "مرحبا", False),
    ("Hebrew: right to left", "שלום", False),
    ("a combining mark with no precomposed form", "x\u0301", False),
    ("a bidi override", "abc\u202edef", False),
    ("a zero-width space", "a\u200bb", False),
]


@pytest.mark.parametrize(("why", "text", "expected"), DRAWABLE_CASES, ids=[c[0] for c in DRAWABLE_CASES])
def test_drawable_says_whether_the_basic_layout_draws_the_text_truthfully(why: str, text: str, expected: bool) -> None:
    assert drawable(text) is expected
    assert drawable(text, REGULAR) is expected


def _chunks(data: bytes) -> list[bytes]:
    out, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        out.append(data[pos + 4:pos + 8])
        pos += 12 + length
    return out


def _dark_pixels(data: bytes, box: tuple[int, int, int, int]) -> int:
    image = Image.open(io.BytesIO(data)).convert("L").crop(box)
    return sum(image.histogram()[:100])


LATIN = CardImage("The Vostochny Cosmodrome", "What is the space launch facility where Kim and Putin are meeting?",
                  (Figure("In service since", "2016"),), "The Vostochny Cosmodrome, explained")
CYRILLIC = CardImage("Факт · Космодром Восточный", "Космодром Восточный — самый современный российский космодром.",
                     (Figure("Первый запуск", "2016"),), "Восточный")
CHINESE = CardImage("", "东方航天发射场是俄罗斯最现代化的航天发射场", (), "")
#: the headline's area: below the kicker, above the figures
HEADLINE_BOX = (60, 118, WIDTH - 60, 380)


@pytest.mark.parametrize("card", [LATIN, CYRILLIC, CHINESE], ids=["latin", "cyrillic", "chinese"])
def test_png_is_1200_by_630_without_metadata_chunks_and_the_same_bytes_each_time(card: CardImage) -> None:
    data = render_png(card)
    assert png_size(data) == (WIDTH, HEIGHT) == (1200, 630)
    assert Image.open(io.BytesIO(data)).size == (1200, 630)
    assert set(_chunks(data)) <= {b"IHDR", b"PLTE", b"IDAT", b"IEND"}, _chunks(data)
    assert render_png(card) == data


def test_cyrillic_is_drawn_and_text_the_font_lacks_is_left_out_not_drawn_as_boxes() -> None:
    assert _dark_pixels(render_png(CYRILLIC), HEADLINE_BOX) > 2000
    assert _dark_pixels(render_png(LATIN), HEADLINE_BOX) > 2000
    assert _dark_pixels(render_png(CHINESE), HEADLINE_BOX) == 0
    assert render_png(CYRILLIC) != render_png(LATIN)


def test_a_long_claim_still_fits_the_picture() -> None:
    long_claim = CardImage("Fact", " ".join(["Vostochny was built to end Russia's reliance on Baikonur"] * 8), (), "Site")
    data = render_png(long_claim)
    assert png_size(data) == (1200, 630)
    # the footer rule and the site name stay clear of the headline
    assert _dark_pixels(data, (0, HEIGHT - 84, WIDTH, HEIGHT - 60)) == 0


FIGURE_CASES = [
    # (figures, labels shown)
    ((Figure("A", "2016"), Figure("B", "1,500 km"), Figure("C", "Nearly a dozen")), ["A", "B", "C"]),
    # a value too long for three columns: two wider columns hold the first two that fit
    ((Figure("Location", "Amur region, Far East, not far from China"), Figure("Distance", "about 1,500 km (930 miles)"),
      Figure("Since", "2016")), ["Distance", "Since"]),
    # a value too long for any column is left out, never shortened
    ((Figure("Cost", "x" * 120),), []),
    ((Figure("Name", "东方"), Figure("Since", "2016")), ["Since"]),
    ((), []),
]


@pytest.mark.parametrize(("figures", "labels"), FIGURE_CASES)
def test_figures_are_shown_whole_or_not_at_all(figures: tuple[Figure, ...], labels: list[str]) -> None:
    assert [f.label for f, _ in _shown_figures(figures)] == labels


def test_the_fonts_and_their_licence_are_shipped_in_the_package() -> None:
    licence = (BOLD.parent / "LICENSE").read_text("utf-8")
    assert "Bitstream" in licence and "DejaVu changes are in public domain" in licence
    assert BOLD.stat().st_size > 100_000 and REGULAR.stat().st_size > 100_000


def test_the_palette_keeps_the_exact_colours_of_the_background_the_bar_and_the_figure_boxes() -> None:
    with Image.open(io.BytesIO(render_png(LATIN))) as image:
        rgb = image.convert("RGB")
        assert rgb.getpixel((5, 100)) == (255, 255, 255)  # the background, not a near-white blend
        assert rgb.getpixel((600, 5)) == (11, 83, 148)  # the accent bar
        assert rgb.getpixel((1100, HEIGHT - 150)) == (244, 246, 249)  # inside a figure box


def test_the_characters_taken_as_drawable_without_the_character_map_are_in_both_fonts() -> None:
    import unicodedata

    assert _coverage(REGULAR) & _coverage(BOLD) >= COMMON
    assert all(unicodedata.bidirectional(chr(c)) not in ("R", "AL") and unicodedata.category(chr(c)) not in ("Mn", "Cf")
               for c in COMMON)
