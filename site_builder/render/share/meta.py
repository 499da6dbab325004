"""A page's link preview: the Open Graph and Twitter tag values, as plain (name, content) data.

The Open Graph protocol wants ``og:url`` and ``og:image`` to be absolute URLs. Without ``site_url`` in
mkdocs.yml the build cannot know the published address, so those two (and the image's size and alt text) are
left out rather than written relative; a preview then shows the title and description only, and the Twitter
card falls back from ``summary_large_image`` to ``summary`` (a large-image card needs an image).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Literal

from .image import HEIGHT, WIDTH

#: ("property", name) for Open Graph tags, ("name", name) for Twitter's: each vocabulary's own attribute.
Tag = tuple[Literal["property", "name"], str, str]


def is_absolute(url: str | None) -> bool:
    """Return True for an absolute http(s) URL with a host."""
    if not url:
        return False
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@dataclass(frozen=True)
class ShareMeta:
    """What a link preview of one page shows."""

    title: str
    description: str
    site_name: str
    #: "article" for explainers and fact cards, "website" for the other pages
    kind: Literal["article", "website"]
    #: the page's canonical address (absolute, or None without site_url)
    url: str | None = None
    #: the share image's address (absolute, or None without site_url or without an image)
    image: str | None = None
    image_alt: str | None = None
    #: ISO 8601 dates of first publication and last change, when the page's history gives them
    published: str | None = None
    modified: str | None = None

    def tags(self) -> tuple[Tag, ...]:
        """Return the page's Open Graph and Twitter tags in a fixed order, leaving out what it cannot state."""
        url = self.url if is_absolute(self.url) else None
        image = self.image if is_absolute(self.image) else None
        tags: list[Tag] = [
            ("property", "og:type", self.kind),
            ("property", "og:title", self.title),
            ("property", "og:description", self.description),
            ("property", "og:site_name", self.site_name),
        ]
        if url:
            tags.append(("property", "og:url", url))
        if image:
            tags += [("property", "og:image", image), ("property", "og:image:type", "image/png"),
                     ("property", "og:image:width", str(WIDTH)), ("property", "og:image:height", str(HEIGHT))]
            if self.image_alt:
                tags.append(("property", "og:image:alt", self.image_alt))
        if self.kind == "article":
            if self.published:
                tags.append(("property", "article:published_time", self.published))
            if self.modified:
                tags.append(("property", "article:modified_time", self.modified))
        # X reads og:title and og:description when its own tags are absent: repeating them is bytes only.
        tags.append(("name", "twitter:card", "summary_large_image" if image else "summary"))
        if image:
            tags.append(("name", "twitter:image", image))
            if self.image_alt:
                tags.append(("name", "twitter:image:alt", self.image_alt))
        return tuple(tags)
