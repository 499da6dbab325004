"""Verification that reuses, page by page, what an earlier `check` found about unchanged inputs.

A page's diagnostics depend on its own facts file, on the sources (sources.yaml and every stored file:
quotes are looked up in their named source, and a failed quote's hint searches all of them) and on the ids the
templates write themselves (Layout.page_ids). So a page whose
file, and every source, are byte for byte what an earlier run verified gets that run's diagnostics back from
the cache (memo ``verdicts``, keyed by the hash of exactly those inputs and the tool's own code); only the
other pages are verified. Two things reach across pages, and then every page is verified afresh: a fact id
used on two pages (the duplicate is reported at the later one), and a source that changed since its hash was
recorded (the verifier re-anchors the citations of every page citing it).

Only the diagnostics are remembered here: a run that reuses them has no matches for the pages it did not
verify, so only `check` (which prints diagnostics) asks for that; `build` and the Python API's `load` verify
every page, except that a process that verifies again (a `serve` rebuilding after a save) reuses, in memory,
the whole verification of the pages whose inputs did not change, and that each fact's whole verdict is kept
in the cache on disk (check/kept.py): a fact whose own inputs and sources did not change is not verified again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..diagnostics import Diagnostic, decode_diagnostics, encode_diagnostics
from ..load import cache
from ..load.yamlfile import YamlDoc
from ..model.drift import ChangedSource
from ..model.facts import Page
from ..model.sources import Source
from ..model.verification import CitationKey, CitationOutcome, Verification
from .verifier import Verifier


def _encode(found: tuple[Diagnostic, ...]) -> list[Any]:
    return encode_diagnostics(list(found))


def _decode(raw: Any) -> tuple[Diagnostic, ...]:
    return tuple(decode_diagnostics(raw))


def _sources_key(sources: list[Source], sources_doc: YamlDoc | None, page_ids: frozenset[str],
                 numbered_ids: tuple[str, ...]) -> str:
    """Return the hash of everything besides its own file that a page's verification reads."""
    return cache.digest(sources_doc.text if sources_doc is not None else "\0none",
                        *(f"{s.id}\0{s.file}\0{s.sha256}" for s in sources),
                        "\0ids", *sorted(page_ids), "\0numbered", *numbered_ids)


def _shared_fact_ids(pages: list[Page]) -> bool:
    """Return True when a fact id is on two pages (the duplicate is reported at the later one)."""
    seen: set[str] = set()
    for page in pages:
        ids = {f.id for f in page.facts}
        if ids & seen:
            return True
        seen |= ids
    return False


def _page_part(result: Verification, outcomes: dict[CitationKey, CitationOutcome], page: Page,
               diagnostics: tuple[Diagnostic, ...]) -> Verification:
    """Return the part of ``result`` that is about ``page``: its diagnostics, outcomes (``outcomes``: the page's
    share of the result's), checks and supports."""
    checks = result.checks
    return Verification(list(diagnostics), outcomes,
                        {f.id: checks[f.id] for f in page.facts if f.id in checks},
                        {page.id: result.page_supports[page.id]} if page.id in result.page_supports else {})


def _outcomes_by_page(result: Verification) -> dict[str, dict[CitationKey, CitationOutcome]]:
    """Return the result's outcomes grouped by page id (in the result's order), in one pass."""
    out: dict[str, dict[CitationKey, CitationOutcome]] = {}
    for k, o in result.outcomes.items():
        out.setdefault(k.page, {})[k] = o
    return out


#: The whole verification of each page of the latest run in this process, by page key: what a `serve` reuses
#: on the next rebuild (outcomes and checks are Python objects: kept in memory only, never written).
_LIVE: dict[str, Verification] = {}


def verify(sources: list[Source], pages: list[Page], sources_doc: YamlDoc | None,
           changed: Sequence[ChangedSource] = (), page_ids: frozenset[str] = frozenset(),
           numbered_ids: tuple[str, ...] = (), *, reuse: bool = False) -> Verification:
    """Return the verification of ``pages`` (as ``Verifier.verify``), unchanged pages taken from earlier runs.

    In one process (a `serve` rebuilding), a page whose inputs did not change gets its earlier verification
    back whole. With ``reuse`` (what `check` asks for), diagnostics of unchanged pages also come from the
    cache on disk; the result's outcomes, checks and page supports then cover only the pages verified in
    this run.
    """
    if changed or _shared_fact_ids(pages):
        _LIVE.clear()
        return Verifier(sources, page_ids, numbered_ids).verify(pages, changed)
    store = cache.current()
    base = _sources_key(sources, sources_doc, page_ids, numbered_ids)
    if store is not None and not reuse:  # a build: each fact's whole verdict is kept (check/kept.py)
        from .kept import Keeping

        verifier: Verifier = Keeping(sources, page_ids, numbered_ids, store, base)
    else:
        verifier = Verifier(sources, page_ids, numbered_ids)
    keys = [cache.digest(base, page.doc.path, page.doc.text, page.id) for page in pages]
    live = [_LIVE.get(key) for key in keys]
    memo = store.memo("verdicts", _encode, _decode) if reuse and store is not None else None
    known = [tuple(v.diagnostics) if v is not None else memo.get(key) if memo is not None else None
             for key, v in zip(keys, live, strict=True)]
    todo = [page for page, found in zip(pages, known, strict=True) if found is None]
    result = verifier.verify(todo) if todo else Verification([], {})
    by_path: dict[str, list[Diagnostic]] = {page.doc.path: [] for page in todo}
    stray: list[Diagnostic] = []
    for d in result.diagnostics:
        by_path.get(d.path, stray).append(d)
    diags: list[Diagnostic] = []
    out = Verification(diags, dict(result.outcomes), dict(result.checks), dict(result.page_supports))
    fresh: dict[str, Verification] = {}
    by_page = _outcomes_by_page(result)
    for page, key, remembered, old in zip(pages, keys, known, live, strict=True):
        found = remembered
        if found is None:
            found = tuple(by_path[page.doc.path])
            if not stray:  # every diagnostic is its page's own: safe to remember
                if memo is not None:
                    memo.put(key, found)
                fresh[key] = _page_part(result, by_page.get(page.id, {}), page, found)
        elif old is not None:
            out.outcomes.update(old.outcomes)
            out.checks.update(old.checks)
            out.page_supports.update(old.page_supports)
            fresh[key] = old
        diags.extend(found)
    diags.extend(stray)
    if all(k in fresh for k in keys):  # a page known only by its diagnostics is not kept live
        _LIVE.clear()
        _LIVE.update(fresh)
    return out


__all__ = ["verify"]
