"""The plugin's share features: fact card pages, share images and each page's link-preview tags.

Called from the thin plugin (mkdocs/plugin.py) at three events: ``on_files`` adds a card page per fact and a share
image per explainer and card, ``on_page_content`` renders a card's body, ``on_page_context`` gives every page
its Open Graph and Twitter tags.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.model.facts import Fact, Page
from site_builder.model.project import Project
from site_builder.history import History
from site_builder.render.history import page_dates
from site_builder.render.cards import (
    FactCardView,
    Kind,
    card_path,
    card_uri,
    fact_card_image,
    fact_card_view,
    fact_image_path,
    page_card_image,
    page_image_path,
    share_meta,
)
from site_builder.render.env import Renderer
from site_builder.render.markup import _plain
from site_builder.render.share.cache import card_png
from site_builder.render.share.meta import Tag
from site_builder.render.urls import Urls

#: The theme's shell for card pages (no site navigation, links open in the top window).
CARD_TEMPLATE = "fact-card.html"


def card_template(theme_dirs: list[str]) -> str | None:
    """Return the card shell's name when the theme (or its custom_dir) has it, None to use the theme's main.html."""
    return CARD_TEMPLATE if any((Path(d) / CARD_TEMPLATE).is_file() for d in theme_dirs) else None


def facts_of(project: Project) -> Iterator[tuple[Page, Fact]]:
    """Return every (page, fact) of the project, in page then file order."""
    for page in project.pages:
        for fact in page.facts:
            yield page, fact


def card_title(fact: Fact) -> str:
    """Return a card page's title: its claim as plain text."""
    return _plain(fact.claim)


def card_pages(project: Project) -> list[tuple[str, str, tuple[Page, Fact]]]:
    """Return (Markdown file name, title, (page, fact)) of every fact's card page."""
    return [(card_uri(fact.id), card_title(fact), (page, fact)) for page, fact in facts_of(project)]


class CardViews:
    """Each fact's card view, made once per build: its page, its share image and its preview tags all read it."""

    def __init__(self, project: Project, urls: Urls, history: object | None = None) -> None:
        self.project, self.urls, self.history = project, urls, history
        self._views: dict[tuple[str, str], FactCardView] = {}

    def of(self, page: Page, fact: Fact) -> FactCardView:
        """Return the card view of ``fact`` on ``page``, dated by the build's history."""
        key = (page.id, fact.id)
        view = self._views.get(key)
        if view is None:
            view = self._views[key] = fact_card_view(self.project, page, fact, self.urls, self.history)
        return view

    def forget(self, page: Page, fact: Fact) -> None:
        """Drop the view of ``fact`` on ``page`` (a build has written its card): asked for again, it is made again."""
        self._views.pop((page.id, fact.id), None)


def share_image_list(project: Project) -> list[tuple[str, Page, Fact | None]]:
    """Return (site path, page, fact or None for the explainer's own) of every share image, in build order."""
    out: list[tuple[str, Page, Fact | None]] = [(page_image_path(page), page, None) for page in project.pages]
    out += [(fact_image_path(fact.id), page, fact) for page, fact in facts_of(project)]
    return out


def share_image(project: Project, urls: Urls, site_name: str, cards: CardViews, page: Page,
                fact: Fact | None) -> bytes:
    """Return the PNG of an explainer's share image (``fact`` None) or of a fact card's.

    The image shows the card's claim and figure, which no history changes: ``cards`` (dated or not) gives them.
    """
    cache_root = project.layout.root
    if fact is None:
        return card_png(page_card_image(project, page, site_name, urls), cache_root)
    return card_png(fact_card_image(cards.of(page, fact), site_name), cache_root)


def share_images(project: Project, urls: Urls, site_name: str,
                 cards: CardViews | None = None) -> list[tuple[str, bytes]]:
    """Return (site path, PNG bytes) of every explainer's and every fact card's share image."""
    cards = cards or CardViews(project, urls)
    return [(path, share_image(project, urls, site_name, cards, page, fact))
            for path, page, fact in share_image_list(project)]


def render_card(renderer: Renderer, page: Page, fact: Fact, base: str, history: object | None = None,
                cards: CardViews | None = None) -> str:
    """Return the HTML body of a fact's card page; ``base`` is the relative path to the site root."""
    card = cards.of(page, fact) if cards else fact_card_view(renderer.project, page, fact, renderer.urls, history)
    return renderer.env.get_template("factsheet/card.html").render(card=card, base=base)


def card_urls(project: Project, urls: Urls) -> dict[str, str]:
    """Return fact id -> site path of its card page, for the explainer's "Fact card" links."""
    return {fact.id: card_path(fact.id, urls) for _, fact in facts_of(project)}


@dataclass(frozen=True)
class PageShare:
    """What the plugin knows of one page for its preview."""

    kind: str  # the plugin's page kind: explainer, card, source, sources, home, report, errors, or "" (docs/)
    obj: Any
    title: str
    description: str
    canonical_url: str | None


def page_times(page: Page, history: object | None) -> tuple[str | None, str | None]:
    """Return (first published, last changed) of an explainer as ISO times, None each without a history."""
    if not isinstance(history, History):
        return None, None
    dates = page_dates(history.page(page.id))
    return dates.published_time, dates.modified_time


def fact_times(project: Project, page: Page, fact: Fact, urls: Urls,
               history: object | None, cards: CardViews | None = None) -> tuple[str | None, str | None]:
    """Return when a fact was added and, if it changed since, when it last changed; None each without history.

    ``cards``, when given, holds the card views of this build (made with the same ``history``).
    """
    if history is None:
        return None, None
    view = cards.of(page, fact) if cards else fact_card_view(project, page, fact, urls, history)
    entries: tuple[Any, ...] = getattr(view.fact, "history", ())
    if not entries:
        return None, None
    return entries[0].time, (entries[-1].time if len(entries) > 1 else None)


def share_tags(project: Project, share: PageShare, site_name: str, urls: Urls,
               history: object | None = None, cards: CardViews | None = None) -> tuple[Tag, ...]:
    """Return the page's Open Graph and Twitter tags; ``history`` (when the build read one) dates the articles.

    ``cards`` holds the build's card views, made with the same ``history``.
    """
    image_path = image_alt = None
    published = modified = None
    kind: Kind = "other"
    if share.kind == "explainer" and project.ok:
        page: Page = share.obj
        kind, image_path, image_alt = "explainer", page_image_path(page), page.question or page.title
        published, modified = page_times(page, history)
    elif share.kind == "card" and project.ok:
        page, fact = share.obj
        kind, image_path, image_alt = "card", fact_image_path(fact.id), card_title(fact)
        published, modified = fact_times(project, page, fact, urls, history, cards)
    meta = share_meta(kind, title=share.title, description=share.description, site_name=site_name,
                      url=share.canonical_url, image_path=image_path, image_alt=image_alt, published=published,
                      modified=modified, urls=urls)
    return meta.tags()
