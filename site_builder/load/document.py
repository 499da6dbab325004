"""What a stored original gives once its text is extracted: blocks of article text and what the page states
about itself.

Every extractor (plain text, Markdown, a saved web page, a PDF) returns an
:class:`Extracted`; :mod:`site_builder.load.split` turns its blocks into anchored
paragraphs. Nothing here knows where the file came from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Kinds of block an article is made of, as the source page shows them.
BLOCK_KINDS = ("paragraph", "heading", "quote", "list-item", "caption")


@dataclass(frozen=True)
class Block:
    """One block of article text, with the lines of the stored file it comes from (and its PDF page)."""

    text: str
    line_start: int
    line_end: int
    kind: str = "paragraph"
    page: int | None = None


@dataclass(frozen=True)
class Metadata:
    """What a page states about itself (never a guess); ``found`` says where each value was read."""

    title: str | None = None
    byline: str | None = None
    publisher: str | None = None
    published: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD, as the page states it
    url: str | None = None  # the canonical address the page gives
    language: str | None = None
    found: dict[str, str] = field(default_factory=dict)  # field -> "JSON-LD headline", "og:site_name"…

    def as_dict(self) -> dict[str, Any]:
        """Return the metadata as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Metadata":
        """Return the metadata stored by :meth:`as_dict`."""
        return cls(**{k: data.get(k) for k in ("title", "byline", "publisher", "published", "url", "language")},
                   found=dict(data.get("found") or {}))


@dataclass(frozen=True)
class Extracted:
    """The article text of a stored original, block by block, and its metadata."""

    blocks: tuple[Block, ...]
    metadata: Metadata = Metadata()

    def as_dict(self) -> dict[str, Any]:
        """Return the extraction as JSON-ready data (the cache's format)."""
        return {"blocks": [asdict(b) for b in self.blocks], "metadata": self.metadata.as_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Extracted":
        """Return the extraction stored by :meth:`as_dict`; raise KeyError/TypeError/ValueError when malformed."""
        blocks = tuple(Block(str(b["text"]), int(b["line_start"]), int(b["line_end"]), str(b["kind"]),
                             None if b.get("page") is None else int(b["page"])) for b in data["blocks"])
        if any(b.kind not in BLOCK_KINDS for b in blocks):
            raise ValueError("unknown block kind")
        return cls(blocks, Metadata.from_dict(data["metadata"]))


class ExtractError(Exception):
    """The stored original holds no usable article text: a one-line message and a hint for the editor."""

    def __init__(self, message: str, hint: str, code: str = "source-unreadable") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code
