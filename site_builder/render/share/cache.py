"""Share images from the project's ``.cache/`` when an earlier build drew the same text.

Drawing and compressing one image takes tens of milliseconds: a desk with thousands of facts would spend
most of each build on pictures that did not change. An image is keyed by everything that decides its bytes:
the text (the whole :class:`CardImage`), this tool's version, the layout version, Pillow's version and the
fonts' hashes. A cached entry that cannot be read, or is not a 1200×630 PNG, is drawn again; a cache that
cannot be written is no error (the build only gets slower). The bytes are the same either way.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from site_builder.render.share.image import BOLD, HEIGHT, REGULAR, WIDTH, CardImage, png_size, render_png

CACHE_DIR = ".cache/site-builder/share"
#: Bumped whenever the drawing changes for the same text.
LAYOUT_VERSION = 3
#: The last chunk of every PNG (its length, type and CRC).
_IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"


@functools.lru_cache(maxsize=1)
def _versions() -> str:
    from importlib import metadata

    import PIL

    from site_builder.version import __version__

    fonts = ",".join(hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in (REGULAR, BOLD))
    try:
        fonttools = metadata.version("fonttools")
    except metadata.PackageNotFoundError:  # pragma: no cover - a runtime dependency
        fonttools = "?"
    return f"site-builder={__version__};layout={LAYOUT_VERSION};pillow={PIL.__version__};fonttools={fonttools};fonts={fonts}"


def versions() -> str:
    """Return what a share image's bytes depend on besides its text: the tool, Pillow, fontTools, the fonts."""
    return _versions()


def cache_key(card: CardImage) -> str:
    """Return the hex digest naming ``card``'s image in the cache."""
    text = json.dumps({"card": asdict(card), "versions": _versions()}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def card_png(card: CardImage, cache_root: Path | None = None) -> bytes:
    """Return ``card``'s PNG bytes, from the cache under ``cache_root`` (the project folder) when it has them."""
    if cache_root is None:
        return render_png(card)
    entry = cache_root / CACHE_DIR / f"{cache_key(card)}.png"
    try:
        data = entry.read_bytes()
        if png_size(data) == (WIDTH, HEIGHT) and data.endswith(_IEND):  # whole, not cut short
            return data
    except (OSError, ValueError):
        pass  # no entry, or a damaged one: draw it again
    data = render_png(card)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, entry)  # readers see no entry or the whole one
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except (OSError, UnboundLocalError):
            pass
    return data
