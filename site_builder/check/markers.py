"""Citation markers belong to the generator: a claim cannot draw one.

Every claim is followed by its citation markers, ``[1]`` ``[2]``, each linking to a source paragraph.
A claim whose own text shows a bracketed number (``[[1]](sources/…)``, ``\\[2\\]``, ``&#91;3&#93;``) would
pass for a citation the checker never verified, so it is an error, found in the claim as readers see
it (its Markdown rendered, entities decoded).
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING

from ..diagnostics import Code, Diagnostic
from ..model.facts import Page

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@functools.cache
def _inline_md() -> MarkdownIt:
    """Return the Markdown renderer of claims, made on first need (most claims show no bracket to render)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")

_TAG = re.compile(r"<[^>]*>")
#: What a reader takes for a citation marker: a number of up to three digits in square brackets (or look-alike
#: brackets); a bracketed year such as [2016] is not one.
MARKER = re.compile(r"[\[\uff3b\u27e6\u2045]\s*\d{1,3}\s*[\]\uff3d\u27e7\u2046]")


def looks_like_marker(claim: str) -> str | None:
    """Return the citation-marker look-alike that ``claim`` shows readers, or None."""
    if "[" not in claim and "&" not in claim and not any(ch in claim for ch in "\uff3b\u27e6\u2045"):
        return None  # the common case, without rendering
    text = html.unescape(_TAG.sub("", _inline_md().renderInline(claim)))
    found = MARKER.search(text)
    return found.group() if found else None


def check_claims(page: Page) -> list[Diagnostic]:
    """Return an error for each claim of ``page`` that shows what looks like a citation marker."""
    out = []
    for fact in page.facts:
        shown = looks_like_marker(fact.claim)
        if shown:
            out.append(page.doc.diag(fact.at + ("claim",),
                                     f"claim shows '{shown}', which readers would take for a citation marker",
                                     "citations go under 'citations:'; write the number without brackets",
                                     code=Code.MARKER_LOOKALIKE))
        # A correction notice is shown as plain text next to the claim: a bracketed number there reads as a marker too.
        found = MARKER.search(fact.correction) if fact.correction else None
        if found:
            out.append(page.doc.diag(fact.at + ("correction",),
                                     f"correction shows '{found.group()}', which readers would take for a citation "
                                     "marker", "write the number without brackets", code=Code.MARKER_LOOKALIKE,
                                     offset=found.start()))
    return out
