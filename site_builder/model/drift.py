"""A changed source: each citation's status after re-anchoring it in the source's new text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .sources import Paragraph, Source

if TYPE_CHECKING:
    from ..text.closest import Closest


Status = Literal["unchanged", "moved", "changed", "lost", "found"]
PASSING: frozenset[str] = frozenset({"unchanged", "moved", "found"})


@dataclass(frozen=True)
class Reanchored:
    """Where one citation of a changed source stands in the new text."""

    path: str  # the facts file, as diagnostics show it
    line: int
    column: int
    fact_id: str
    index: int  # which citation of the fact
    source_id: str
    quote: str
    status: Status
    was: str | None = None  # paragraph anchor in the reviewed version, when known
    now: str | None = None  # paragraph anchor in the new version (exact or closest)
    closest: Closest | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the citation's status as JSON-ready data."""
        data: dict[str, Any] = {
            "path": self.path, "line": self.line, "column": self.column, "fact": self.fact_id,
            "citation": self.index, "source": self.source_id, "quote": self.quote, "status": self.status,
            "was": self.was, "now": self.now,
        }
        if self.closest is not None:
            data["closest"] = {"passage": self.closest.passage, "score": round(self.closest.score, 1)}
        return data


@dataclass(frozen=True)
class ChangedSource:
    """A source whose file no longer matches its recorded hash, with its reviewed version when one was found."""

    source: Source
    #: the paragraphs of the reviewed version (None when it is not found, in git history or beside the file)
    old: list[Paragraph] | None
    #: where the reviewed version was found ("commit 1a2b3c4d5e"), None if nowhere
    reviewed_from: str | None


def status_counts(statuses: list[str]) -> dict[str, int]:
    """Return how many of ``statuses`` are each status, in the order reports list them (none left out)."""
    out: dict[str, int] = {}
    for status in ("unchanged", "moved", "found", "changed", "lost"):
        n = sum(1 for s in statuses if s == status)
        if n:
            out[status] = n
    return out


@dataclass
class SourceDrift:
    """A source whose file changed since its hash was recorded, and each citation's status."""

    source: Source
    recorded: str
    reviewed_from: str | None  # where the reviewed text was found ("commit 1a2b3c4d5e"), None if nowhere
    citations: list[Reanchored] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Return how many citations have each status (statuses with none left out)."""
        return status_counts([c.status for c in self.citations])

    def as_dict(self) -> dict[str, Any]:
        """Return the drift of this source as JSON-ready data."""
        return {"source": self.source.id, "file": self.source.file, "recorded_sha256": self.recorded,
                "sha256": self.source.sha256, "reviewed_from": self.reviewed_from,
                "counts": self.counts(), "citations": [c.as_dict() for c in self.citations]}


# --------------------------------------------------------------------------- the reviewed version
