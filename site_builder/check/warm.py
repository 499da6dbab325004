"""`check`'s result from what an earlier run found: only the pages whose inputs changed are loaded and verified.

A page's diagnostics depend on its own facts file, on the sources (sources.yaml and every stored article: a
quote is looked up in its named source, and a failed one's hint searches them all) and on the ids its
templates write (Layout.page_ids). So the verdict of each page (its diagnostics, how many facts and citations
it has, and the id and place of each fact) is remembered (memo ``page-verdicts``) under a hash of exactly
those inputs, and the sources' own verdict (sources.yaml's diagnostics, how many sources) under a hash of
sources.yaml and of every file it names (memo ``sources-verdict``). A warm `check` hashes the project's
files, takes each unchanged page's verdict as it is, and loads and verifies only the others; in those, each
fact whose own inputs are unchanged (warm_state.fact_keys) takes its verdict from memo ``fact-verdicts``, kept
in the page's scope file (load/shelf.py), and only the others are verified, against the sources they cite.

Two rules reach across pages and are worked out here, from the verdicts, on every run:

* a fact id on two pages is reported at each later use, as the verifier reports it (its diagnostics are kept
  out of the page verdicts, and made again from the fact ids and their places);
* a source whose file changed since its hash was recorded (drift) has its citations re-anchored page by page
  (check/drift.py): a page citing one is verified against every source with the changed ones' reviewed versions,
  its verdict keeps each re-anchored citation, and the changed source's warning is made from the verdicts of all
  pages. Where the reviewed version is found (git, a copy beside the file) is looked up on every run and is part
  of every page's key, with the sources' state (the changed file's bytes, sources.yaml and its recorded hash).

The output is the one a cold check gives: the same diagnostics (bounded as always), counts and drift. With many
pages to verify (a first run, a changed source), two processes verify them (check/parallel.py), with the same
verdicts and the same memos written back.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Code, Diagnostic, bounded, errors
from ..load import cache, shelf
from ..load.facts import SOURCES_FILE
from ..model.project import Layout
from .warm_state import (changed_entry, decode_fact, decode_files, decode_page, decode_sources, encode_fact,
                         encode_page, encode_sources, decode_digest, entry_files, fact_keys, regular_bytes,
                         sources_state)

if TYPE_CHECKING:
    from ..model.facts import Fact, Page
    from ..model.sources import Source
    from ..model.project import Project

#: How the verifier words a fact id used twice (check/verifier.py); these are made here, across pages.
_DUPLICATE_FACT = "duplicate fact id '"


@dataclass(frozen=True)
class Checked:
    """What `check` reports: every diagnostic, the counts of the summary line, each changed source's drift."""

    diagnostics: list[Diagnostic]
    pages: int = 0
    facts: int = 0
    citations: int = 0
    sources: int = 0
    #: each citation of a changed source, as ``SourceDrift.as_dict`` gives it
    drift: list[dict[str, Any]] = field(default_factory=list)
    #: the loaded project, when this run loaded all of it (no cache, or drift)
    project: Project | None = None

    @property
    def ok(self) -> bool:
        """Return True when no diagnostic is an error."""
        return not errors(self.diagnostics)


def _from_project(project: Project) -> Checked:
    return Checked(project.diagnostics, len(project.pages), sum(len(p.facts) for p in project.pages),
                   sum(len(f.citations) for p in project.pages for f in p.facts), len(project.sources),
                   [d.as_dict() for d in project.drift], project)


def check_layout(layout: Layout) -> Checked:
    """Return what `check` reports for the project at ``layout``, from the cache where its inputs did not change."""
    with cache.session(layout.root) as store:
        found = _check(layout) if store is not None and layout.facts.is_dir() else None
        if found is None:
            from .project import load_project

            return _from_project(load_project(layout, diagnostics_only=True))
        return found


# --------------------------------------------------------------------------- the check


#: What the verifier finds by looking beyond the sources a page cites (a failed quote's "these exact words are
#: in source ..." hint, the known sources of an unknown one). A page is verified against its cited sources told
#: every source id, and each failed quote's hint comes from memo ``quote-sources`` (key: the sources' state and
#: the quote -> the ids of the sources holding it, written by every verifier of every source); a quote not in
#: it sends the page to a verifier of every source, so its verdict is the one a cold check gives.
NEEDS_EVERY_SOURCE = frozenset({Code.UNKNOWN_SOURCE, Code.QUOTE_NOT_FOUND})


@functools.cache
def _verifiers() -> tuple[type, type]:
    """Return the verifier of every source that remembers each failed quote's sources, and the one of a few.

    Both take the verdict of a fact whose key (warm_state.fact_keys) memo ``fact-verdicts`` holds from there,
    and tell :meth:`keep` what they verified themselves; such a verifier reports diagnostics only.
    """
    from .verifier import Verifier

    class Remembering(Verifier):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            self.keys: dict[int, str] = {}  # by id() of each fact of the page being verified
            self.remembered: dict[int, Any] = {}
            self.made: list[tuple[str, Any]] = []

        def remember(self, page: Page, keys: list[str], remembered: dict[int, Any]) -> None:
            """Take the verdicts of the facts of ``page`` in ``remembered`` (by index) as they are.

            ``keys``: each fact's key, to keep what is verified here; none (a page citing a changed source, whose
            verdict re-anchors every citation) to verify every fact and keep nothing.
            """
            self.keys = {id(f): k for f, k in zip(page.facts, keys, strict=True)} if keys else {}
            self.remembered = {id(page.facts[i]): v for i, v in remembered.items()}
            self.made = []

        def verify_fact(self, page: Page, fact: Any, section_ids: set[str]) -> Any:
            found = self.remembered.get(id(fact))
            if found is not None:
                return found
            verdict = super().verify_fact(page, fact, section_ids)
            key = self.keys.get(id(fact))
            if key is not None:
                self.made.append((key, verdict))
            return verdict

        def keep(self, memo: Any) -> None:
            """Put the verdicts this verifier made into ``memo`` (once the page's verdict stands)."""
            for key, verdict in self.made:
                memo.put(key, verdict)
            self.made = []

    class Every(Remembering):
        """A verifier of every source: each failed quote's sources are remembered (memo ``quote-sources``)."""

        def __init__(self, sources: list[Source], layout: Layout, hints: Any, state: str) -> None:
            super().__init__(sources, layout.page_ids, layout.numbered_ids)
            self.hints, self.state = hints, state

        def sources_with(self, quote: str) -> list[str]:
            found = super().sources_with(quote)
            if self.hints is not None:
                self.hints.put(cache.digest(self.state, "\0quote", quote), found)
            return found

    class Cited(Remembering):
        """A verifier of the sources a page cites, told every id, a failed quote's sources from the memo."""

        def __init__(self, sources: list[Source], layout: Layout, known: list[str], hints: Any, state: str) -> None:
            super().__init__(sources, layout.page_ids, layout.numbered_ids)
            self.known_ids = list(dict.fromkeys(known))
            self.hints, self.state = hints, state
            self.missed = False  # a failed quote whose sources are not remembered: verify against every source

        def sources_with(self, quote: str) -> list[str]:
            found = self.hints.get(cache.digest(self.state, "\0quote", quote)) if self.hints is not None else None
            if found is None:
                self.missed = True
                return []
            return list(found)

    return Every, Cited


class _Sources:
    """The project's sources: the few a page cites read from the cache, all of them loaded only when needed."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.state: str | None = None
        self._loaded: tuple[list[Source], list[Diagnostic], Any] | None = None
        self._verifier: Any = None
        self._shelved: dict[str, Source] = {}
        #: memo ``quote-sources`` (see NEEDS_EVERY_SOURCE), None when not kept
        self.hints: Any = None

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def load(self) -> tuple[list[Source], list[Diagnostic], Any]:
        """Return every source, the problems found reading them, and sources.yaml read."""
        if self._loaded is None:
            from ..load.project import read_sources

            diags: list[Diagnostic] = []
            sources, doc = read_sources(self.layout, diags)
            self._loaded = (sources, diags, doc)
        return self._loaded

    def shelve(self) -> None:
        """Keep the loaded sources in the cache (one pack), each under the sources' state and its id."""
        from ..load import memos

        assert self._loaded is not None and self.state is not None
        # One pack, not a file per source: a cold check at size L wrote 1,000 files here.
        shelf.write_pack(self.layout.root, "sources",
                         {cache.digest(self.state, source.id): memos.encode_source(source) for source in self._loaded[0]})

    def cited(self, ids: list[str]) -> list[Source] | None:
        """Return the sources with these ids from the cache (sources.yaml's order); None when one is not there."""
        from ..load import memos

        assert self.state is not None
        keys = {sid: cache.digest(self.state, sid) for sid in ids if sid not in self._shelved}
        packed = shelf.read_pack(self.layout.root, "sources", keys.values()) if keys else {}
        out = []
        for sid in ids:
            found = self._shelved.get(sid)
            if found is None:
                raw = packed.get(keys[sid])
                try:
                    found = memos.decode_source(raw)
                except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                    return None
                if found.id != sid:
                    return None
                self._shelved[sid] = found
            out.append(found)
        return sorted(out, key=lambda s: s.entry_index)

    def verifier(self) -> Any:
        """Return the verifier of every source."""
        if self._verifier is None:
            self._verifier = self._every(self.load()[0])
        return self._verifier

    def _every(self, sources: list[Source]) -> Any:
        assert self.state is not None
        return _verifiers()[0](sources, self.layout, self.hints, self.state)

    def verify_changed(self, page: Page, known: list[str], changed: list[dict[str, Any]]
                       ) -> tuple[list[Diagnostic], dict[str, list[dict[str, Any]]]]:
        """Return the verifier's diagnostics for ``page`` (it cites a changed source), and its re-anchored citations.

        ``changed``: each changed source's entry with its reviewed ``old`` paragraphs and ``where`` they were found.
        Against its cited sources, as :meth:`verify`; against every source when a citation is lost (its error
        names the other sources holding the words).
        """
        from ..model.drift import ChangedSource

        few = self._of_cited(known, page.facts)
        if few is not None:
            few.remember(page, [], {})
            done = few.verify([page], [ChangedSource(few.sources[c["id"]], c["old"], c["where"])
                                       for c in changed if c["id"] in few.sources])
            if not few.missed and not any(d.code == Code.CITATION_LOST for d in done.diagnostics):
                return done.diagnostics, {d.source.id: [c.as_dict() for c in d.citations] for d in done.drift}
        verifier = self._of_every(known)
        verifier.remember(page, [], {})
        found = verifier.verify([page], [ChangedSource(verifier.sources[c["id"]], c["old"], c["where"])
                                         for c in changed])
        return found.diagnostics, {d.source.id: [c.as_dict() for c in d.citations] for d in found.drift}

    def verify(self, page: Page, known: list[str], base: str) -> list[Diagnostic]:
        """Return the verifier's diagnostics for ``page``: against the sources it cites, when that is enough.

        A fact whose verdict memo ``fact-verdicts`` holds (``base``: see warm_state.fact_keys) is not verified
        again, and the sources only it cites are not read.
        """
        store = cache.current()
        assert store is not None  # a warm check runs in a cache session (check_layout)
        memo = store.memo("fact-verdicts", encode_fact, decode_fact)
        keys = fact_keys(base, page)
        remembered = {i: v for i, k in enumerate(keys) if (v := memo.get(k)) is not None}
        few = self._of_cited(known, [f for i, f in enumerate(page.facts) if i not in remembered])
        if few is not None:
            few.remember(page, keys, remembered)
            found: list[Diagnostic] = few.verify([page]).diagnostics
            if not few.missed:
                few.keep(memo)
                return found
        every = self._of_every(known)
        every.remember(page, keys, remembered)
        found = every.verify([page]).diagnostics
        every.keep(memo)
        return found

    def _of_cited(self, known: list[str], facts: list[Fact]) -> Any:
        """Return a verifier of the sources ``facts`` cite, from the cache; None when all are loaded or one is missing."""
        if self.loaded:
            return None
        cited = self.cited(sorted({c.source for f in facts for c in f.citations} & set(known)))
        if cited is None:
            return None
        assert self.state is not None
        return _verifiers()[1](cited, self.layout, known, self.hints, self.state)

    def _of_every(self, known: list[str]) -> Any:
        """Return the verifier of every source: from the cache (the same sources, in the same order) if it can."""
        if self._verifier is None and not self.loaded:
            every = self.cited(known)
            if every is not None:
                self._verifier = self._every(every)
        return self.verifier()


def _check(layout: Layout) -> Checked | None:
    """Return the check of the project from the cache and what changed; None when it must be loaded whole."""
    from ..load.project import page_files, shown_path

    store = cache.current()
    assert store is not None
    sources_path = layout.facts / SOURCES_FILE
    raw = regular_bytes(sources_path)
    if raw is None:
        return None  # missing, a link or unreadable: the plain path says which
    raw_key = cache.digest(raw)
    files_memo = store.memo("sources-files", lambda v: v, decode_files)
    verdict_memo = store.memo("sources-verdict", encode_sources, decode_sources)
    pages_memo = store.memo("page-verdicts", encode_page, decode_page)
    lazy = _Sources(layout)
    lazy.hints = store.memo("quote-sources", lambda v: v, decode_files)
    files = files_memo.get(raw_key)
    known_hashes: dict[str, str] = {}
    digests = store.memo("source-digests", lambda v: v, decode_digest)
    state = sources_state(layout, raw, files, known_hashes, digests) if files is not None else None
    found = verdict_memo.get(state) if state is not None else None
    if found is None:
        sources, diags, doc = lazy.load()
        if doc is None:
            return None
        from .drift import source_diagnostics

        files = entry_files(doc.data)
        files_memo.put(raw_key, files)
        known_hashes = {}
        state = sources_state(layout, raw, files, known_hashes, digests)
        changed = [changed_entry(s, doc) for s in sources
                   if s.recorded_sha256 is not None and s.recorded_sha256 != s.sha256]
        # A changed source's warning counts its citations: it is made below, from the pages' verdicts.
        found = {"diagnostics": diags + source_diagnostics(sources, doc, []), "count": len(sources),
                 "drift": bool(changed), "ids": [s.id for s in sources], "changed": changed}
        verdict_memo.put(state, found)
        lazy.state = state
        lazy.shelve()
    assert state is not None
    lazy.state = state
    known = list(found["ids"])
    diags = list(found["diagnostics"])
    changed = _reviewed(found["changed"], known_hashes)
    base = cache.digest(state, os.path.realpath(layout.root), os.path.realpath(layout.facts),
                        "\0ids", *sorted(layout.page_ids), "\0numbered", *layout.numbered_ids,
                        "\0changed", *[part for c in changed for part in (c["id"], c["where"] or "\0nowhere")])
    todo = []
    sizes = []
    for page_id, path in page_files(layout, diags):
        shown = shown_path(path, layout)
        data = regular_bytes(path)
        key = cache.digest(base, shown, page_id, data) if data is not None else None
        todo.append((page_id, path, shown, key, pages_memo.get(key) if key is not None else None))
        sizes.append(len(data) if data is not None else 0)
    pending = [i for i, (*_, v) in enumerate(todo) if v is None]
    # Much to verify (a first run, a changed source): the project's memos hold more of it than each page's own.
    many = lazy.loaded or len(pending) > 3

    def verify(i: int) -> dict[str, Any]:
        page_id, path, shown = todo[i][:3]
        with shelf.scope(f"page\0{shown}", fallback=many):
            return _verdict(page_id, path, layout, lazy, known, changed, base)

    if len(pending) > 1:
        from .parallel import verify_pages

        if lazy.loaded:
            lazy.verifier()  # made before a worker is forked, so both processes share its index of every source
        done = verify_pages(pending, [sizes[i] for i in pending], verify, store, encode_page, decode_page)
    else:
        done = {}
    verdicts = []
    for i, (page_id, _path, shown, key, remembered) in enumerate(todo):
        verdict = remembered
        if verdict is None:
            verdict = done.get(i)
            if verdict is None:  # one process verifies them all, or the worker failed
                verdict = verify(i)
            if key is not None:
                pages_memo.put(key, verdict)
        diags.extend(verdict["diagnostics"])
        verdicts.append({**verdict, "id": page_id, "path": shown})
    loaded = sorted((v for v in verdicts if v["loaded"]), key=lambda v: (v["order"], v["id"]))
    diags.extend(duplicate_fact_ids(loaded))
    drift = []
    if changed:
        from ..model.drift import status_counts
        from .reviewed import changed_source_warning

        for c in changed:  # in sources.yaml's order, each one's citations in the verifier's order of pages
            cites = [cite for v in loaded for cite in v["drift"].get(c["id"], [])]
            at = c["at"]
            diags.append(changed_source_warning((at[0], at[1], at[2]), c["id"], c["file"], c["where"], cites))
            drift.append({"source": c["id"], "file": c["file"], "recorded_sha256": c["recorded"],
                          "sha256": c["sha256"], "reviewed_from": c["where"],
                          "counts": status_counts([cite["status"] for cite in cites]), "citations": cites})
    return Checked(bounded(diags), len(loaded), sum(len(v["facts"]) for v in loaded),
                   sum(v["citations"] for v in loaded), found["count"], drift)


def _reviewed(changed: list[dict[str, Any]], known: dict[str, str]) -> list[dict[str, Any]]:
    """Return each changed source's entry with its reviewed version's paragraphs (``old``) and ``where`` it was.

    Looked up on every run: git history and the files beside it are not among the inputs the keys hash.
    """
    if not changed:
        return []
    from .reviewed import Seen, reviewed_paragraphs

    seen = Seen(known)
    out = []
    for c in changed:
        old, where = reviewed_paragraphs(Path(c["path"]), c["file"], c["recorded"], seen)
        out.append({**c, "old": old, "where": where})
    return out


def _verdict(page_id: str, path: Path, layout: Layout, lazy: _Sources, known: list[str],
             changed: list[dict[str, Any]], base: str) -> dict[str, Any]:
    """Return one page's verdict: its own diagnostics, its order, its facts' ids and places, its citations.

    With ``drift``: each changed source it cites, and where each of its citations of it stands now.
    """
    from ..load.project import read_page
    from .markers import check_claims

    diags: list[Diagnostic] = []
    page = read_page(page_id, path, layout, diags)
    if page is None:
        return {"diagnostics": diags, "loaded": False, "order": 0, "facts": [], "citations": 0, "drift": {}}
    diags.extend(check_claims(page))
    cited = {c.source for f in page.facts for c in f.citations}
    drift: dict[str, list[dict[str, Any]]] = {}
    if any(c["id"] in cited for c in changed):
        found, drift = lazy.verify_changed(page, known, changed)
        drift = {sid: cites for sid, cites in drift.items() if cites}
    else:
        found = lazy.verify(page, known, base)
    diags.extend(d for d in found if not _is_duplicate_fact(d))
    return {"diagnostics": diags, "loaded": True, "order": page.order, "facts": fact_places(page),
            "citations": sum(len(f.citations) for f in page.facts), "drift": drift}


def fact_places(page: Page) -> list[list[Any]]:
    """Return [id, line, column] of each fact of ``page``, in order (where its id is written)."""
    return [[f.id, *page.doc.at(f.at + ("id",))] for f in page.facts]


def _is_duplicate_fact(d: Diagnostic) -> bool:
    return d.code == Code.DUPLICATE_ID and d.message.startswith(_DUPLICATE_FACT)


def duplicate_fact_ids(pages: list[dict[str, Any]]) -> list[Diagnostic]:
    """Return the error for each fact id used before, on its page or an earlier one, as the verifier words it.

    ``pages`` are in the verifier's order, each with its shown ``path`` and its ``facts`` (id, line, column).
    """
    first: dict[str, tuple[str, int]] = {}
    out = []
    for page in pages:
        for fact_id, line, column in page["facts"]:
            if fact_id in first:
                where, at = first[fact_id]
                out.append(Diagnostic(page["path"], line, column,
                                      f"{_DUPLICATE_FACT}{fact_id}' (also used at {where}:{at})",
                                      "fact ids must be unique across the site: rename one",
                                      code=Code.DUPLICATE_ID))
            else:
                first[fact_id] = (page["path"], line)
    return out


__all__ = ["Checked", "check_layout", "duplicate_fact_ids", "fact_places"]
