"""Link-preview tags: what each page states, and what it leaves out when it cannot be absolute."""

from __future__ import annotations

import pytest

from site_builder.render.share.meta import ShareMeta, is_absolute

BASE = {"title": "T", "description": "D", "site_name": "S"}

CASES = [
    ("an explainer with site_url", ShareMeta(**BASE, kind="article", url="https://news.example/v/",
                                             image="https://news.example/assets/share/v.png", image_alt="Q?"),
     {"og:type": "article", "og:title": "T", "og:description": "D", "og:site_name": "S",
      "og:url": "https://news.example/v/", "og:image": "https://news.example/assets/share/v.png",
      "og:image:type": "image/png", "og:image:width": "1200", "og:image:height": "630", "og:image:alt": "Q?",
      "twitter:card": "summary_large_image", "twitter:image": "https://news.example/assets/share/v.png", "twitter:image:alt": "Q?"}),
    # og:url and og:image must be absolute: without site_url they are left out, and the card is a summary
    ("an explainer without site_url", ShareMeta(**BASE, kind="article", url="/v/", image="assets/share/v.png"),
     {"og:type": "article", "og:title": "T", "og:description": "D", "og:site_name": "S",
      "twitter:card": "summary"}),
    ("an article with dates", ShareMeta(**BASE, kind="article", published="2026-11-21T07:52:51+00:00",
                                        modified="2026-11-22T08:00:00+00:00"),
     {"og:type": "article", "og:title": "T", "og:description": "D", "og:site_name": "S",
      "article:published_time": "2026-11-21T07:52:51+00:00", "article:modified_time": "2026-11-22T08:00:00+00:00",
      "twitter:card": "summary"}),
    # article: times belong to articles only
    ("a website page", ShareMeta(**BASE, kind="website", url="https://news.example/sources/",
                                 published="2026-11-21T07:52:51+00:00"),
     {"og:type": "website", "og:title": "T", "og:description": "D", "og:site_name": "S",
      "og:url": "https://news.example/sources/", "twitter:card": "summary"}),
]


@pytest.mark.parametrize(("why", "meta", "expected"), CASES, ids=[c[0] for c in CASES])
def test_tags(why: str, meta: ShareMeta, expected: dict[str, str]) -> None:
    tags = meta.tags()
    assert {name: content for _, name, content in tags} == expected
    assert len({name for _, name, _ in tags}) == len(tags)
    # Open Graph's own attribute is property=, Twitter's is name=
    assert all((attr == "name") == name.startswith("twitter:") for attr, name, _ in tags)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://a.example/x", True), ("http://a.example", True), ("/x/", False), ("x.png", False),
    ("javascript:alert(1)", False), ("https:///x", False), (None, False), ("", False)])
def test_is_absolute(url: str | None, expected: bool) -> None:
    assert is_absolute(url) is expected
