"""The share image of an explainer or a fact: a 1200×630 PNG, the same bytes for the same text on every build.

Drawn with Pillow from plain text (no markup) in DejaVu Sans, shipped in ``fonts/`` with its licence. The
layout engine is Pillow's basic one on purpose: it does not depend on whether the machine has FriBiDi or
HarfBuzz, so the bytes do not either. Text the basic engine cannot draw truthfully (characters the font lacks,
right-to-left scripts, combining marks) is left out of the picture rather than drawn as boxes or in the wrong
order; the page's own tags still carry it. A figure is never shortened: one that does not fit is left out,
so the picture cannot show a different number. A headline that does not fit ends with an ellipsis at a word
boundary, never right after a number (the words that follow may change what it means).
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported when a picture is drawn: every command loads this module, few draw
    from PIL import Image, ImageFont

WIDTH, HEIGHT = 1200, 630
FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
ELLIPSIS = "\u2026"

_MARGIN = 72
_TEXT_WIDTH = WIDTH - 2 * _MARGIN
_WHITE = (255, 255, 255)
_FG = (27, 27, 27)
_MUTED = (89, 89, 89)
_ACCENT = (11, 83, 148)
_SOFT = (244, 246, 249)
_LINE = (214, 214, 214)
#: Headline sizes, largest first: the first at which the whole headline fits is used.
_HEADLINE_SIZES = (64, 56, 50, 44, 40)
_FIGURE_SIZES = (36, 32, 28, 24)
#: Characters both fonts draw, left to right and without marks: printable ASCII, Latin-1, Latin Extended-A and
#: the typographer's punctuation (tests/unit/share checks them against the fonts' character maps).
COMMON = frozenset([*range(0x20, 0x7F), *range(0xA1, 0xAD), *range(0xAE, 0x180),
                    0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x201E, 0x2022, 0x2026, 0x2032, 0x2033,
                    0x20AC, 0x2122, 0x2212, 0x00A0])
#: Bidi classes the basic layout engine would draw in the wrong order.
_RIGHT_TO_LEFT = {"R", "AL", "AN", "RLE", "RLO", "RLI"}


@dataclass(frozen=True)
class Figure:
    """One key figure shown on the image: its label and its value, as the page prints them."""

    label: str
    value: str


@dataclass(frozen=True)
class CardImage:
    """What a share image shows, as plain text."""

    #: a line above the headline (the site's name, or "Fact" and the page title)
    kicker: str
    #: the question or the claim
    headline: str
    #: at most three key figures
    figures: tuple[Figure, ...] = ()
    #: a line at the foot (the site's name)
    footer: str = ""


@functools.lru_cache(maxsize=4)
def _coverage(path: Path) -> frozenset[int]:
    """Return the code points the font at ``path`` has a glyph for (its best Unicode cmap)."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font["cmap"].getBestCmap())


@functools.lru_cache(maxsize=64)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def drawable(text: str, path: Path = BOLD) -> bool:
    """Return True when the font at ``path`` can draw every character of ``text`` truthfully.

    Every character needs a glyph, and none may be right-to-left, a combining mark (the basic engine does not
    place marks) or an invisible format or control character.
    """
    text = unicodedata.normalize("NFC", text)
    if all(ord(ch) in COMMON for ch in text):
        return True  # reading the font's character map takes a moment: most text needs none of it
    covered = _coverage(path)
    for ch in text:
        if ch == " ":
            continue
        if ord(ch) not in covered or unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT:
            return False
        if unicodedata.category(ch) in ("Mn", "Mc", "Me", "Cf", "Cc", "Co", "Cn", "Zl", "Zp"):
            return False
    return True


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _break_word(word: str, measure: Callable[[str], float], width: float) -> list[str]:
    """Return a word too wide for one line cut into pieces that fit (long names, addresses)."""
    pieces, current = [], ""
    for ch in word:
        if current and measure(current + ch) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    return pieces + [current] if current else pieces


def _ends_safely(words: list[str]) -> list[str]:
    """Return ``words`` without trailing words after which an ellipsis could change a figure's meaning."""
    while words and any(ch.isdigit() for ch in words[-1]):
        words = words[:-1]
    return words


def _with_ellipsis(words: list[str], measure: Callable[[str], float], width: float) -> str:
    """Return the longest run of ``words`` that fits with an ellipsis after it, cut at a word boundary."""
    words = _ends_safely(list(words))
    while words:
        line = " ".join(words).rstrip(",;:-\u2013\u2014") + ELLIPSIS
        if measure(line) <= width:
            return line
        words = _ends_safely(words[:-1])
    return ELLIPSIS


def fit_lines(text: str, measure: Callable[[str], float], width: float, max_lines: int) -> tuple[tuple[str, ...], bool]:
    """Return ``text`` wrapped into at most ``max_lines`` lines no wider than ``width``, and whether it is whole.

    Words wrap at spaces; a word wider than a line is cut. When the text does not fit, its last line ends with an
    ellipsis at a word boundary (see :func:`_ends_safely`). ``measure`` gives a string's width.
    """
    words = [piece for word in _clean(text).split(" ") if word
             for piece in (_break_word(word, measure, width) if measure(word) > width else [word])]
    lines: list[list[str]] = []
    for word in words:
        if lines and measure(" ".join(lines[-1] + [word])) <= width:
            lines[-1].append(word)
            continue
        if len(lines) == max_lines:
            # The text goes on past the last line: end that line with an ellipsis.
            last = lines.pop()
            lines.append([_with_ellipsis(last, measure, width)])
            return tuple(" ".join(line) for line in lines), False
        lines.append([word])
    return tuple(" ".join(line) for line in lines), True


def _measure(font: ImageFont.FreeTypeFont) -> Callable[[str], float]:
    return font.getlength


def _headline(text: str, height: int) -> tuple[ImageFont.FreeTypeFont, tuple[str, ...], int]:
    """Return the font, the lines and the line height of the largest headline size at which ``text`` fits."""
    chosen = None
    for size in _HEADLINE_SIZES:
        font = _font(BOLD, size)
        step = round(size * 1.22)
        lines, whole = fit_lines(text, _measure(font), _TEXT_WIDTH, max(1, height // step))
        chosen = (font, lines, step)
        if whole:
            break
    assert chosen is not None
    return chosen


def _figure_font(figure: Figure, width: float) -> ImageFont.FreeTypeFont | None:
    """Return the largest figure font at which the value fits on one line, None when it fits at none."""
    for size in _FIGURE_SIZES:
        font = _font(BOLD, size)
        if font.getlength(_clean(figure.value)) <= width:
            return font
    return None


def _shown_figures(figures: tuple[Figure, ...]) -> list[tuple[Figure, ImageFont.FreeTypeFont]]:
    """Return the most figures (at most three, in their order) that each fit whole in a column, with their fonts.

    Three columns are narrower than two: a long value that does not fit in three may fit in two.
    """
    label_font = _font(REGULAR, 24)
    usable = [f for f in figures if drawable(f.value) and drawable(f.label, REGULAR)]
    for count in (3, 2, 1):
        column = (_TEXT_WIDTH - 24 * (count - 1)) / count - 32
        fitting = [(f, font) for f in usable
                   if (font := _figure_font(f, column)) is not None and label_font.getlength(_clean(f.label)) <= column]
        if len(fitting) >= count:
            return fitting[:count]
    return []


def render_png(card: CardImage) -> bytes:
    """Return the PNG bytes of ``card``: 1200×630, an 8-bit fixed palette, no text or time chunks."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), _WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=_ACCENT)
    y = 60
    kicker = _font(REGULAR, 30)
    if card.kicker and drawable(card.kicker, REGULAR):
        kicker_lines, _ = fit_lines(card.kicker, _measure(kicker), _TEXT_WIDTH, 1)
        draw.text((_MARGIN, y), kicker_lines[0], font=kicker, fill=_MUTED)
    y = 118
    figures = _shown_figures(card.figures)
    foot_top = HEIGHT - 86
    figures_top = foot_top - 150 if figures else foot_top
    if card.headline and drawable(card.headline):
        font, lines, step = _headline(card.headline, figures_top - 24 - y)
        for line in lines:
            draw.text((_MARGIN, y), line, font=font, fill=_FG)
            y += step
    if figures:
        gap = 24
        column = (_TEXT_WIDTH - gap * (len(figures) - 1)) / len(figures)
        label_font = _font(REGULAR, 24)
        for i, (figure, font) in enumerate(figures):
            left = _MARGIN + i * (column + gap)
            draw.rounded_rectangle((left, figures_top, left + column, figures_top + 126), radius=10, fill=_SOFT,
                                   outline=_LINE, width=2)
            draw.text((left + 16, figures_top + 18), _clean(figure.label), font=label_font, fill=_MUTED)
            draw.text((left + 16, figures_top + 60), _clean(figure.value), font=font, fill=_FG)
    draw.line((_MARGIN, foot_top, WIDTH - _MARGIN, foot_top), fill=_LINE, width=2)
    footer = _font(BOLD, 26)
    if card.footer and drawable(card.footer):
        footer_lines, _ = fit_lines(card.footer, _measure(footer), _TEXT_WIDTH, 1)
        draw.text((_MARGIN, foot_top + 24), footer_lines[0], font=footer, fill=_ACCENT)
    return _png_bytes(image)


@functools.lru_cache(maxsize=1)
def _palette() -> Image.Image:
    """Return the fixed palette: both backgrounds, and 15 blends of each ink over each (the anti-aliased edges)."""
    colours: list[tuple[int, ...]] = [_WHITE, _SOFT]
    for ground in (_WHITE, _SOFT):
        for ink in (_FG, _MUTED, _ACCENT, _LINE):
            blends = [tuple(round(g + (i - g) * k / 15) for g, i in zip(ground, ink, strict=True)) for k in range(1, 16)]
            # Pillow matches colours to a palette through coarse bins: a blend within a few levels of a
            # background would take that background's place.
            colours += [b for b in blends if max(abs(x - y) for x, y in zip(b, ground, strict=True)) >= 10]
    from PIL import Image

    flat = [v for colour in dict.fromkeys(colours) for v in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + [0] * (768 - len(flat)))
    return palette


def _png_bytes(image: Image.Image) -> bytes:
    # A fixed palette (no dithering) and fixed compression: the same pixels give the same bytes whatever else was
    # drawn, and Pillow writes no tIME, tEXt or pHYs chunk unless asked to.
    from PIL import Image

    small = image.quantize(palette=_palette(), dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=False, compress_level=3)
    return out.getvalue()


def png_size(data: bytes) -> tuple[int, int]:
    """Return the (width, height) a PNG's header states; ValueError when ``data`` is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
