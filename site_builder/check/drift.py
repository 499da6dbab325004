"""Drift: a stored article changed after an editor reviewed it; re-anchor every citation to it.

``sources.yaml`` records each source's ``sha256`` when an editor has reviewed
the file (``site-builder add-source`` and ``site-builder sources accept`` write
it). When the file's bytes no longer match, every citation to that source is
re-anchored in the new text, the way hypothes.is re-anchors annotations:
first the exact words (as ``check`` matches quotes), then the closest passage.
Each citation gets one status:

``unchanged``
    the same words, in the same paragraph as in the reviewed version;
``moved``
    the same words, but in a paragraph that is new or different (its other
    words changed, or it was split or merged), so its anchor changed;
``changed``
    the words are gone, but a close passage exists: the editor must review it;
``lost``
    nothing close is left;
``found``
    the same words, but the reviewed version is not available to say whether
    their paragraph changed (it is looked up in git history by its hash).

``unchanged``, ``moved`` and ``found`` pass (a moved citation is a warning);
``changed`` and ``lost`` are errors at the citation. A source with no
recorded hash is a warning suggesting ``site-builder sources accept ID``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..text.closest import Closest, closest
from ..text.differences import explain_difference, mark_differences
from ..diagnostics import Code, Diagnostic
from ..text.normalise import normalise_text
from ..model.sources import Paragraph, Source
from ..model.drift import PASSING, ChangedSource, Reanchored, SourceDrift, Status
from .reviewed import changed_source_warning, reviewed_paragraphs
from ..model.verification import Match, MatchKey

if TYPE_CHECKING:
    from ..load.yamlfile import YamlDoc
    from ..model.facts import Citation, Fact, Page

#: Below this similarity the closest passage is a different passage, and the quote is lost.
CHANGED_MIN_SCORE = 70.0
#: The verifier's findings about a drifted source's citations that re-anchoring explains better.
_REPLACED_CODES = frozenset({Code.QUOTE_NOT_FOUND, Code.UNKNOWN_PARAGRAPH, Code.WRONG_PARAGRAPH})
# --------------------------------------------------------------------------- re-anchoring


def _containing(quote: str, paragraphs: list[Paragraph]) -> list[Paragraph]:
    needle = normalise_text(quote)
    return [p for p in paragraphs if needle and needle in normalise_text(p.text)]


def reanchor(quote: str, pinned: str | None, source: Source, old: list[Paragraph] | None) -> tuple[Status, str | None, str | None, Closest | None]:
    """Return (status, anchor before, anchor now, closest passage) of one quote in a changed source.

    ``pinned`` is the citation's ``paragraph:``, ``old`` the paragraphs of the
    reviewed version (None when it is not available).
    """
    was: str | None = None
    if old is not None:
        before = [p for p in _containing(quote, old) if pinned is None or p.anchor == pinned]
        if len(before) == 1:
            was = before[0].anchor
    elif pinned is not None:
        was = pinned
    now = _containing(quote, source.article)
    if now:
        if was is not None and any(p.anchor == was for p in now):
            return "unchanged", was, was, None
        if was is None:
            return "found", None, now[0].anchor, None
        best = now[0]
        old_text = next((p.text for p in old or [] if p.anchor == was), None)
        if old_text is not None and len(now) > 1:
            # Several candidates: the one most like the paragraph the words were in.
            near = closest(old_text, [(p.anchor, p.text) for p in now], min_score=0)
            best = next(p for p in now if near is None or p.anchor == near.key)
        return "moved", was, best.anchor, None
    close = closest(quote, [(p.anchor, p.text) for p in source.article], min_score=CHANGED_MIN_SCORE)
    if close is not None:
        return "changed", was, str(close.key), close
    return "lost", was, None, None


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reviewed_paragraphs(source: Source) -> tuple[list[Paragraph] | None, str | None]:
    assert source.recorded_sha256 is not None
    return reviewed_paragraphs(source.path, source.file, source.recorded_sha256)


def changed_sources(sources: list[Source]) -> list[ChangedSource]:
    """Return each source whose file no longer matches its recorded hash, with its reviewed version if found."""
    return [ChangedSource(s, *_reviewed_paragraphs(s)) for s in sources
            if s.recorded_sha256 is not None and s.recorded_sha256 != s.sha256]


def source_diagnostics(sources: list[Source], doc: YamlDoc | None, drifts: list[SourceDrift]) -> list[Diagnostic]:
    """Return a warning for each source with no recorded hash, and one for each changed source (``drifts``)."""
    if doc is None:
        return []
    out = []
    for source in sources:
        if source.recorded_sha256 is None:
            out.append(_warning(doc.diag(
                ("sources", source.entry_index, "id"),
                f"source '{source.id}' has no recorded sha256, so a later change to {source.file} would go unnoticed",
                f"run 'site-builder sources accept {source.id}' to record the file's current hash",
                code=Code.SOURCE_UNRECORDED)))
    out += [_source_warning(doc, drift.source, drift) for drift in drifts]
    return out


def _warning(d: Diagnostic) -> Diagnostic:
    return Diagnostic(d.path, d.line, d.column, d.message, d.hint, "warning", d.code, d.notes)


def _citations(pages: list[Page], source_id: str) -> list[tuple[Page, Fact, int, Citation]]:
    return [(page, fact, j, cite) for page in pages for fact in page.facts
            for j, cite in enumerate(fact.citations) if cite.source == source_id]


def reanchor_source(changed: ChangedSource, pages: list[Page], others: list[Source], diags: list[Diagnostic],
                    matches: dict[MatchKey, Match]) -> SourceDrift:
    """Return where each citation of a changed source stands now, settling the verifier's findings about them.

    Called by the verifier on its own ``diags`` and ``matches`` before it returns them: a quote whose words
    moved has the verifier's complaint replaced by the move (and its match set), a changed or lost one by
    that error; an unchanged or found one keeps whatever the verifier said.
    """
    source, old = changed.source, changed.old
    assert source.recorded_sha256 is not None
    drift = SourceDrift(source, source.recorded_sha256, changed.reviewed_from)
    for page, fact, j, cite in _citations(pages, source.id):
        doc = page.doc
        quote_at = doc.at(cite.at + ("quote",))
        pin_at = doc.at(cite.at + ("paragraph",)) if cite.paragraph is not None else None
        if not cite.quote.strip():
            continue  # the verifier already says the quote is empty
        status, was, now, close = reanchor(cite.quote, cite.paragraph, source, old)
        drift.citations.append(Reanchored(doc.path, quote_at[0], quote_at[1], fact.id, j, source.id, cite.quote,
                                          status, was, now, close))
        mine = {(doc.path, *quote_at)} | ({(doc.path, *pin_at)} if pin_at else set())
        verifier = [d for d in diags if (d.path, d.line, d.column) in mine and d.code in _REPLACED_CODES]
        if status in ("unchanged", "found"):
            continue  # nothing moved: whatever the verifier says about the citation stands
        if status in PASSING and now is not None:
            # The words are all there: replace the verifier's complaint with the move.
            for d in verifier:
                diags.remove(d)
            paragraph = source.by_anchor[now]
            if (fact.id, j) not in matches and not [d for d in diags if (d.path, d.line, d.column) in mine]:
                matches[(fact.id, j)] = Match(source.id, now, cite.quote, paragraph.text)
            line, col = pin_at or quote_at
            was_text = f"; it was in '{was}'" if was else ""
            hint = (f"set 'paragraph: {now}'" if cite.paragraph is not None
                    else f"links to '#{was}' from outside the site no longer reach these words" if was else None)
            diags.append(Diagnostic(doc.path, line, col,
                                    f"quote moved in changed source '{source.id}': now in paragraph '{now}' "
                                    f"({source.where(paragraph)}){was_text}",
                                    hint, "warning", Code.CITATION_MOVED))
            continue
        for d in verifier:
            diags.remove(d)
        diags.append(_changed_or_lost(doc.path, quote_at, cite, source, status, was, close, old, others))
    return drift


def _changed_or_lost(path: str, at: tuple[int, int], cite: Citation, source: Source, status: Status,
                     was: str | None, close: Closest | None, old: list[Paragraph] | None,
                     others: list[Source]) -> Diagnostic:
    notes: list[str] = []
    if status == "changed":
        assert close is not None
        p = source.by_anchor[str(close.key)]
        notes.append(f"was: \"{_short(cite.quote, 200)}\"")
        notes.append(f"now ({close.score:.0f}% similar), {source.where(p)}, paragraph '{p.anchor}':")
        notes.append(f"  {_short(mark_differences(cite.quote, close.passage), 200)}")
        hint = (f"{explain_difference(cite.quote, close.passage)}; quote the new words (and correct the claim "
                f"if the article now says something else), then run 'site-builder sources accept {source.id}'")
        return Diagnostic(path, at[0], at[1], f"quote changed in changed source '{source.id}': \"{_short(cite.quote)}\"",
                          hint, "error", Code.CITATION_CHANGED, tuple(notes))
    old_paragraph = next((p for p in old or [] if p.anchor == was), None)
    if old_paragraph is not None:
        spot = (f"page {old_paragraph.page}" if old_paragraph.page is not None
                else f"line {old_paragraph.line_start}")
        notes.append(f"it was in paragraph '{was}' ({spot} of the reviewed version), which is gone")
    hint = ("the article no longer has these words or anything close: remove the citation, or cite another "
            "source that states the claim")
    elsewhere = [s.id for s in others if _containing(cite.quote, s.article)]
    if elsewhere:
        hint += f"; these exact words are in source {', '.join(repr(s) for s in elsewhere)}"
    return Diagnostic(path, at[0], at[1], f"quote lost from changed source '{source.id}': \"{_short(cite.quote)}\"",
                      hint, "error", Code.CITATION_LOST, tuple(notes))


def _source_warning(doc: YamlDoc, source: Source, drift: SourceDrift) -> Diagnostic:
    return changed_source_warning((doc.path, *doc.at(("sources", source.entry_index, "sha256"))), source.id,
                                  source.file, drift.reviewed_from, [c.as_dict() for c in drift.citations])
