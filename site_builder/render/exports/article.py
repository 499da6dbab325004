"""A source's article text: the one string the annotations' offsets count in.

The text is the source's article paragraphs (what its source page shows, exclusions left out), each exactly
as stored after extraction (the source's own characters: curly quotes, no-break spaces, line breaks inside a
paragraph), in order, joined by one blank line (two U+000A). Offsets count Unicode code points, as the W3C
Web Annotation model's TextPositionSelector does. The site publishes this text at
``sources/<id>.txt`` (UTF-8, no trailing newline), so a client can anchor the selectors on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model.sources import Source

#: What joins two paragraphs in the article text.
PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class ArticleText:
    """A source's article text and where each of its paragraphs starts in it."""

    text: str
    #: paragraph anchor -> offset (in code points) of the paragraph's first character in ``text``
    starts: dict[str, int]


def article_text(source: Source) -> ArticleText:
    """Return the article text of ``source`` and the offset of each paragraph in it."""
    parts: list[str] = []
    starts: dict[str, int] = {}
    offset = 0
    for paragraph in source.article:
        if parts:
            offset += len(PARAGRAPH_SEPARATOR)
        starts[paragraph.anchor] = offset
        parts.append(paragraph.text)
        offset += len(paragraph.text)
    return ArticleText(PARAGRAPH_SEPARATOR.join(parts), starts)


def article_path(source_id: str) -> str:
    """Return the site path of a source's published article text, beside its page ('sources/reuters.txt').

    A file, not a folder, so a site with use_directory_urls: false has no folder per source because of it.
    """
    return f"sources/{source_id}.txt"
