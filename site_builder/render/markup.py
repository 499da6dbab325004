"""HTML from editors' and sources' text: inline-Markdown claims, cited words marked, invisible characters shown."""

from __future__ import annotations

import functools
import urllib.parse
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from ..model.sources import Paragraph
from ..text.invisible import INVISIBLE, name


# Claims are inline Markdown written by editors: no raw HTML, no images.
_INLINE_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")


def claim_html(markdown: str) -> Markup:
    """Return an editor's inline-Markdown claim as safe HTML (raw HTML is shown as text)."""
    html = _INLINE_MD.renderInline(markdown)
    # External links in claims open the original without leaking the reader.
    html = html.replace('<a href="http', '<a rel="noopener noreferrer" href="http')
    return Markup(html)


@functools.lru_cache(maxsize=65536)
def _plain(markdown: str) -> str:
    """Return an inline-Markdown claim as plain text (for titles and tooltips)."""
    tokens = _INLINE_MD.parseInline(markdown)
    return "".join(child.content for tok in tokens for child in (tok.children or []) if child.type in ("text", "code_inline"))


def _marked(paragraph: Paragraph, spans: list[tuple[int, int, str, str]]) -> Markup:
    """Return the paragraph as HTML: cited spans in <mark>, each followed by links back to its claims.

    ``spans`` holds (start, end, the claim as plain text, href to the claim); overlapping spans merge into one mark.
    """
    merged: list[list[Any]] = []
    for start, end, fact_id, href in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if (fact_id, href) not in merged[-1][2]:
                merged[-1][2].append((fact_id, href))
        else:
            merged.append([start, end, [(fact_id, href)]])
    out, pos = [], 0
    text = paragraph.text
    for start, end, claims in merged:
        out.append(invisible_shown(text[pos:start]))  # a bidi override in an article shows as [U+202E]
        out.append(Markup("<mark>") + invisible_shown(text[start:end]) + Markup("</mark>"))
        links = Markup("").join(
            Markup('<a class="backref" href="{}" aria-label="Back to the claim: {}">↩</a>').format(href, label)
            for label, href in claims)
        out.append(Markup('<span class="backrefs">') + links + Markup("</span>"))
        pos = end
    out.append(invisible_shown(text[pos:]))
    html = Markup("").join(out)
    # Keep the article's own line breaks inside a paragraph.
    return Markup(html.replace("\n", Markup("<br>\n")))


def text_fragment_url(url: str, quote: str) -> str:
    """Return ``url`` with a text fragment (#:~:text=) that highlights ``quote`` in the original."""
    words = " ".join(quote.split())
    encoded = urllib.parse.quote(words, safe="").replace("-", "%2D")
    base = url.split("#", 1)[0]
    return f"{base}#:~:text={encoded}"


def invisible_shown(text: str) -> Markup:
    """Return ``text`` escaped as HTML, each invisible format character replaced by a visible marker."""
    html = escape(text)
    if INVISIBLE.search(html) is None:
        return html
    return Markup(INVISIBLE.sub(
        lambda m: f'<span class="invisible" title="{name(m.group())}">[U+{ord(m.group()):04X}]</span>', str(html)))
