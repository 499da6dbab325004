"""Verification: every quote in its source, every figure in its quotes.

Pure functions over domain objects: no files, no MkDocs, no HTML. The result
is the list of diagnostics plus, for each citation that verified, where its
words are (paragraph anchor and character spans) so pages can link and
highlight them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


from ..diagnostics import Code, Diagnostic
from ..model.facts import Fact, Page
from ..model.sources import Source
from ..model.support import Evidence, Support
from ..model.drift import ChangedSource, SourceDrift
from ..model.verification import CitationKey, CitationOutcome, FactCheck, Match, MatchKey, Verification
from .as_of import verify_as_of
from .drift import reanchor_source
from .ids import page_id_diagnostics
from .values import FigureRules


class Verifier(FigureRules):
    """Checks pages against sources, indexing every paragraph once."""

    def __init__(self, sources: list[Source], page_ids: frozenset[str] = frozenset(),
                 numbered_ids: tuple[str, ...] = ()) -> None:
        super().__init__(sources)
        #: the ids the pages write themselves (data from the templates, see Layout.page_ids)
        self.page_ids, self.numbered_ids = page_ids, numbered_ids

    def verify(self, pages: list[Page], changed: Sequence[ChangedSource] = ()) -> Verification:
        """Return diagnostics and one outcome per citation for all pages.

        The citations of a ``changed`` source (its file no longer matches its recorded hash) are re-anchored in
        the new text, and what that finds settles what the verifier says about them (check/drift.py).
        """
        diags: list[Diagnostic] = []
        matches: dict[MatchKey, Match] = {}
        checks: dict[str, FactCheck] = {}
        page_supports: dict[str, tuple[Support, ...]] = {}
        first_seen: dict[str, tuple[Page, Fact]] = {}
        for page in pages:
            diags.extend(page_id_diagnostics(page, self.page_ids, self.numbered_ids))
            fact_ids = {f.id for f in page.facts}
            section_ids = {s.id for s in page.sections}
            for k, fid in enumerate(page.answer):
                if fid in page.skipped:
                    continue
                if fid not in fact_ids:
                    diags.append(page.doc.diag(("page", "answer", k), f"answer names fact '{fid}', which is not on this page",
                                               code=Code.UNKNOWN_FACT))
                elif fid in page.answer[:k]:  # it would be shown twice, as two elements with one id
                    diags.append(page.doc.diag(("page", "answer", k), f"answer names fact '{fid}' twice",
                                               code=Code.DUPLICATE_ID))
            for comp in page.comparisons:
                if comp.section and comp.section not in section_ids:
                    diags.append(page.doc.diag(comp.at + ("section",), f"unknown section '{comp.section}'",
                                               code=Code.UNKNOWN_SECTION))
                for k, fid in enumerate(comp.versions):
                    if fid not in fact_ids and fid not in page.skipped:
                        diags.append(page.doc.diag(comp.at + ("versions", k),
                                                   f"comparison '{comp.id}' names fact '{fid}', which is not on this page",
                                                   "each version is a fact (with its own citations) on this page",
                                                   code=Code.UNKNOWN_FACT))
                if len(set(comp.versions)) < 2:
                    diags.append(page.doc.diag(comp.at + ("versions",), f"comparison '{comp.id}' needs two different facts",
                                               code=Code.COMPARISON))
            page_evidence: list[Evidence] = []
            for fact in page.facts:
                if fact.id in first_seen:
                    other_page, other = first_seen[fact.id]
                    line = other_page.doc.at(other.at + ("id",))[0]
                    diags.append(page.doc.diag(fact.at + ("id",), f"duplicate fact id '{fact.id}' (also used at {other_page.path}:{line})",
                                               "fact ids must be unique across the site: rename one", code=Code.DUPLICATE_ID))
                else:
                    first_seen[fact.id] = (page, fact)
                found = self.verify_fact(page, fact, section_ids)
                diags.extend(found.diagnostics)
                matches.update(((fact.id, j), m) for j, m in found.matches.items())
                if found.check is not None:
                    checks[fact.id] = found.check
                # Quotes that verified state what they state, whatever else is wrong with their fact.
                page_evidence.extend(found.evidence)
            supports, more = self.verify_page_text(page, page_evidence)
            diags.extend(more)
            page_supports[page.id] = supports
        drift = [reanchor_source(c, pages, [s for s in self.sources.values() if s.id != c.source.id], diags, matches)
                 for c in changed]
        return Verification(diags, _outcomes(pages, diags, matches, drift), checks, page_supports, drift)


    def verify_fact(self, page: Page, fact: Fact, section_ids: set[str]) -> FactVerdict:
        """Return what verifying ``fact`` of ``page`` finds, on its own (its id's uniqueness is the page's to check)."""
        diags: list[Diagnostic] = []
        if fact.section and fact.section not in section_ids:
            hint = f"sections on this page: {', '.join(sorted(section_ids))}" if section_ids else "declare it under 'sections:'"
            diags.append(page.doc.diag(fact.at + ("section",), f"unknown section '{fact.section}'", hint,
                                       code=Code.UNKNOWN_SECTION))
        evidence: list[Evidence] = []
        matches: dict[int, Match] = {}
        failed = False
        for j, cite in enumerate(fact.citations):
            match, cdiags = self.verify_citation(page, cite)
            ev = None
            if match:
                ev, more = self.evidence(page, fact, j, cite, match)
                cdiags = cdiags + more
            diags.extend(cdiags)
            if match and ev is not None:
                matches[j] = match
                evidence.append(ev)
            else:
                failed = True
        diags += self.verify_value(page, fact, evidence, failed)
        diags += verify_as_of(page, fact, evidence, failed, self._published)
        check, more = self.verify_claim(page, fact, evidence, failed)
        diags += more
        return FactVerdict(diags, tuple(evidence), matches, check)


@dataclass(frozen=True)
class FactVerdict:
    """What verifying one fact finds: its diagnostics, the evidence of its citations that verified, their matches.

    ``check`` is None where a verifier took the verdict from what a run before found (check/warm.py: a check
    that reports diagnostics only, with no ``matches`` either).
    """

    diagnostics: list[Diagnostic]
    evidence: tuple[Evidence, ...]
    matches: dict[int, Match] = field(default_factory=dict)
    check: FactCheck | None = None


def _outcomes(pages: list[Page], diags: list[Diagnostic], matches: dict[MatchKey, Match],
              drift: list[SourceDrift]) -> dict[CitationKey, CitationOutcome]:
    """Return one outcome per citation: its match, and the diagnostics at its quote or its paragraph pin."""
    at: dict[tuple[str, int, int], list[Diagnostic]] = {}
    for d in diags:
        at.setdefault((d.path, d.line, d.column), []).append(d)
    reanchored = {(r.path, r.line, r.column): r for sd in drift for r in sd.citations}
    out: dict[CitationKey, CitationOutcome] = {}
    for page in pages:
        doc = page.doc
        for fact in page.facts:
            for j, cite in enumerate(fact.citations):
                quote = (doc.path, *doc.at(cite.at + ("quote",)))
                places = [quote] + ([(doc.path, *doc.at(cite.at + ("paragraph",)))] if cite.paragraph is not None else [])
                found = tuple(d for p in dict.fromkeys(places) for d in at.get(p, ()))
                out[CitationKey(page.id, fact.id, j)] = CitationOutcome(matches.get((fact.id, j)), found,
                                                                       reanchored.get(quote))
    return out
