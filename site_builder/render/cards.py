"""Fact card pages and share data: one small page per fact, embeddable, and each page's link preview.

Page models for the templates (like render/views.py's): the card of one fact (its claim, key figure, quotes with
their source paragraphs, history, the embed snippet), and the share image and preview tags of every page.
No MkDocs here; the plugin decides which page is which.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, cast

from markupsafe import Markup, escape

from site_builder.model.facts import Fact, Page
from site_builder.model.project import Project
from site_builder.render.markup import _plain
from site_builder.render.share.image import CardImage, Figure
from site_builder.render.share.meta import ShareMeta
from site_builder.render.urls import DEFAULT_URLS, Urls, page_path
from site_builder.render.views import CitationView, ExplainerView, FactView, explainer_view

#: Height of the embedded card in the snippet, in CSS pixels: a claim, its key figure and two quotes fit.
EMBED_HEIGHT = 480


def card_path(fact_id: str, urls: Urls = DEFAULT_URLS) -> str:
    """Return the site path of a fact's card page ('facts/id/' or 'facts/id.html')."""
    return urls.page(f"facts/{fact_id}")


def card_uri(fact_id: str) -> str:
    """Return the Markdown file name MkDocs makes the card page from."""
    return f"facts/{fact_id}.md"


#: The folder of the share images in the site.
SHARE_DIR = "assets/share/"


def page_image_path(page: Page) -> str:
    """Return the site path of an explainer's share image."""
    return f"{SHARE_DIR}{page.id}.png"


def fact_image_path(fact_id: str) -> str:
    """Return the site path of a fact card's share image."""
    return f"{SHARE_DIR}facts/{fact_id}.png"


def _text(value: Markup | str | None) -> str:
    """Return a page-model text as plain text (a figure may be rendered Markdown)."""
    if value is None:
        return ""
    return value.striptags() if isinstance(value, Markup) else str(value)


@dataclass(frozen=True)
class FactCardView:
    """Everything the card page of one fact shows."""

    fact: FactView
    #: the explainer the fact is on
    page_title: str
    #: site path of the fact on its explainer ('vostochny/#id')
    fact_href: str
    #: the fact's quotes, numbered from 1 on the card
    quotes: tuple[CitationView, ...]
    #: the <iframe> that embeds this card elsewhere, as text to copy
    embed_snippet: str
    #: whether the snippet's address is the published one (site_url is set) or only the path from the site root
    embed_absolute: bool


def page_view(project: Project, page: Page, urls: Urls, history: object | None = None) -> ExplainerView:
    """Return the explainer's view of ``page``, with the page's history when the build read one.

    The history (issue 15's history stage) is the views' optional fourth argument; without one the views have none.
    """
    if history is None:
        return explainer_view(project, page, urls)
    return cast(Callable[..., ExplainerView], explainer_view)(project, page, urls, history)


def fact_card_view(project: Project, page: Page, fact: Fact, urls: Urls = DEFAULT_URLS,
                   history: object | None = None) -> FactCardView:
    """Return the card of ``fact``: the explainer's view of that fact alone, so its citations number from 1."""
    alone = dataclasses.replace(page, facts=[fact], answer=[fact.id], sections=[], comparisons=[])
    view = page_view(project, alone, urls, history)
    fv = view.answer[0]
    quotes = tuple(fn.citation for fn in view.footnotes)
    src_path = card_path(fact.id, urls)
    absolute = urls.site_url is not None
    src = urls.absolute(src_path) if absolute else f"/{src_path}"
    title = f"Fact: {_plain(fact.claim)}"
    snippet = (f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" height="{EMBED_HEIGHT}" '
               f'loading="lazy"></iframe>')
    return FactCardView(fv, page.title, f"{page_path(project, page, urls)}#{fact.id}", quotes, snippet, absolute)


def page_card_image(project: Project, page: Page, site_name: str, urls: Urls = DEFAULT_URLS) -> CardImage:
    """Return the share image of an explainer: its question (else title) and its first key figures."""
    view = explainer_view(project, page, urls)
    figures = tuple(Figure(f.label or "", _text(f.figure)) for f in view.key_figures if f.label)
    kicker = page.title if page.question else site_name
    return CardImage(kicker, page.question or page.title, figures[:3], site_name)


def fact_card_image(card: FactCardView, site_name: str) -> CardImage:
    """Return the share image of a fact card: its claim and, when it has one, its key figure."""
    fact = card.fact
    figures = (Figure(fact.label, _text(fact.figure)),) if fact.label and fact.figure else ()
    return CardImage(f"Fact · {card.page_title}", _text(fact.claim), figures, site_name)


Kind = Literal["explainer", "card", "other"]


def share_meta(kind: Kind, *, title: str, description: str, site_name: str, url: str | None,
               image_path: str | None = None, image_alt: str | None = None, published: str | None = None,
               modified: str | None = None, urls: Urls = DEFAULT_URLS) -> ShareMeta:
    """Return a page's link preview: an article for explainers and cards, a website for the other pages.

    The image address is absolute only when site_url is set (:class:`ShareMeta` leaves out what is not).
    """
    image = urls.absolute(image_path) if image_path and urls.site_url else None
    return ShareMeta(title, description, site_name, "website" if kind == "other" else "article", url, image,
                     image_alt if image else None, published, modified)
