"""Citation markers belong to the generator: a claim cannot draw one.

Every claim is followed by its citation markers, ``[1]`` ``[2]``, each linking to a source paragraph.
A claim whose own text shows a bracketed number (``[[1]](sources/…)``, ``\\[2\\]``, ``&#91;3&#93;``) would
pass for a citation the checker never verified, so it is an error, found in the claim as readers see
it (its Markdown rendered, entities decoded).
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from ..diagnostics import Diagnostic
from ..model.facts import Page

_INLINE_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")
_TAG = re.compile(r"<[^>]*>")
#: What a reader takes for a citation marker: a number of up to three digits in square brackets (or look-alike
#: brackets); a bracketed year such as [2016] is not one.
MARKER = re.compile(r"[\[\uff3b\u27e6\u2045]\s*\d{1,3}\s*[\]\uff3d\u27e7\u2046]")


def looks_like_marker(claim: str) -> str | None:
    """Return the citation-marker look-alike that ``claim`` shows readers, or None."""
    if "[" not in claim and "&" not in claim and not any(ch in claim for ch in "\uff3b\u27e6\u2045"):
        return None  # the common case, without rendering
    text = html.unescape(_TAG.sub("", _INLINE_MD.renderInline(claim)))
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
                                     code="marker-lookalike"))
    return out
