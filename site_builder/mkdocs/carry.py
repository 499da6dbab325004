"""What `build` takes over from the site it replaces: the generated files whose inputs have not changed.

A `serve` keeps the files a change did not reach in its folder (mkdocs/rebuild.py). A `build` makes a whole
new site in a scratch folder and swaps it in (mkdocs/build.py); this module lets it take, from the site it
replaces, each generated file whose inputs are what the build that made that site recorded, instead of
rendering it again. After a one-fact edit at a large desk, that is nearly every page.

The record (the *manifest*) is kept in the project's cache folder, one per output folder, signed as the
cache's memos are (load/cache.py): written by this build of the tool on this machine, or not believed. It
holds, for each generated file, a digest of its inputs (load/digest.py, the same inputs a serve compares),
its path in the site and the stat signature of the file as it was swapped in (device, inode, size,
modification and change times: any write, replacement or copy changes one). A file is taken over only when

* the site's inputs (mkdocs.yml, docs/, the theme and template folders, the navigation, the tool itself,
  the settings of the configuration) digest to what the record says, and
* its own inputs digest to what the record says, and
* the file in the output folder still has the recorded stat signature (nobody edited or replaced it).

It is taken over as a hard link into the scratch folder (a copy across file systems), which MkDocs' dirty
build leaves alone (generated.Kept), so it is never written through: the site being replaced stays as it
was until the swap, whatever happens. Anything else is made as a cold build makes it, so a build that takes
files over writes the same bytes as a cold one. Deleting ``.cache/`` makes the next build cold.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import astuple, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..load import cache
from ..model.sources import Source
from ..render.exports.web_annotations import FILE as ANNOTATIONS
from ..render.report import Reuse, ReviewRow
from ..load.digest import Digester

T = TypeVar("T")

MANIFEST_DIR = ".cache/site-builder/site"
#: The manifest's name in the signed header (load/cache.py), with its format.
_NAME = "site-manifest 1"
#: What MkDocs writes for a site-wide page it renders over every page: its files in the site.
SITE_WIDE = {"sitemap.xml": ("sitemap.xml", "sitemap.xml.gz")}


@dataclass
class Manifest:
    """What the build that made an output folder recorded of its generated files."""

    #: the digest of the site's inputs
    site: str
    #: src_uri -> digest of the file's inputs
    made: dict[str, str]
    #: src_uri -> its path in the site
    written: dict[str, str]
    #: path in the site -> the stat signature of the file as swapped in
    stats: dict[str, tuple[int, ...]]

    def encode(self) -> dict[str, Any]:
        return {"site": self.site, "made": self.made, "written": self.written,
                "stats": {k: list(v) for k, v in self.stats.items()}}

    @classmethod
    def decode(cls, data: dict[str, Any]) -> Manifest | None:
        site, made, written, stats = (data.get(k) for k in ("site", "made", "written", "stats"))
        if not (isinstance(site, str) and isinstance(made, dict) and isinstance(written, dict)
                and isinstance(stats, dict)):
            return None
        if not all(isinstance(k, str) and isinstance(v, str) for d in (made, written) for k, v in d.items()):
            return None
        if not all(isinstance(v, list) and all(isinstance(n, int) for n in v) for v in stats.values()):
            return None
        return cls(site, made, written, {k: tuple(v) for k, v in stats.items()})


def manifest_path(root: Path, target: Path) -> Path:
    """Return where the manifest of the output folder ``target`` of the project at ``root`` is kept."""
    return root / MANIFEST_DIR / f"{cache.digest(str(target))[:32]}.manifest"


def _signing() -> tuple[bytes, str] | None:
    if not cache.enabled():
        return None
    key = cache.secret_key()
    return None if key is None else (key, cache.fingerprint())


def read_manifest(root: Path, target: Path) -> Manifest | None:
    """Return the manifest of ``target`` when one is kept, signed by this tool here and whole; else None."""
    signing = _signing()
    if signing is None:
        return None
    data = cache.read_entry(manifest_path(root, target), _NAME, *signing)
    return None if data is None else Manifest.decode(data)


def write_manifest(root: Path, target: Path, manifest: Manifest | None) -> None:
    """Record ``manifest`` for ``target``, or remove the record when None (errors are swallowed)."""
    path = manifest_path(root, target)
    signing = _signing()
    if manifest is None or signing is None:
        try:
            path.unlink()
        except OSError:
            pass
        return
    cache.write_entry(path, _NAME, *signing, manifest.encode())


def config_inputs(config: Any) -> Any:
    """Return the settings of the MkDocs ``config`` as values a digest takes: sub-configs, the theme, plugins.

    Everything but the folder being built into (a new scratch folder each time). A value of a type the digest
    does not know makes the whole site's inputs undigestible, so nothing is taken over.
    """
    return {str(k): _settings(v) for k, v in config.items() if k != "site_dir"}


def _settings(value: Any) -> Any:
    if hasattr(value, "static_templates") and hasattr(value, "dirs") and hasattr(value, "name"):  # a Theme
        return ("theme", value.name, tuple(value.dirs), frozenset(value.static_templates),
                {str(k): _settings(value[k]) for k in value})
    if hasattr(value, "on_startup") and hasattr(value, "config"):  # a plugin: what it was configured with
        return ("plugin", type(value).__module__, type(value).__qualname__, _settings(value.config))
    if isinstance(value, Mapping):
        return {str(k): _settings(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and type(value) in (list, tuple):
        return tuple(_settings(v) for v in value)
    if is_dataclass(value):
        return value
    own_repr = getattr(type(value), "__repr__", None) is not object.__repr__
    if own_repr and not isinstance(value, (str, int, float, tuple, frozenset)):
        shown = repr(value)  # a value object (a locale): what it shows is what it is, unless that is an address
        if " at 0x" not in shown:
            return ("repr", type(value).__module__, type(value).__qualname__, shown)
    return value


class CachedParts(Reuse):
    """Each page's part of facts.json, facts.csv, annotations.jsonld and the editors' report, kept in the cache.

    Keyed by the digest of the page's inputs (what a serve compares, render/parts.py), so a build after one
    claim's edit makes that page's parts again and reads the others' as they were written. A data file's part
    is its encoded text; the report's (slot ``page``) is the page's explanations (plain data) and its rows for
    review. Other parts are made each time, and the report's rows are looked up in the cache
(render/fragments.py). Used inside a cache session (load/cache.py).
    """

    TEXT_SLOTS = frozenset({"facts.json", "facts.csv", ANNOTATIONS})

    def __init__(self, digester: Digester) -> None:
        super().__init__()
        self.digester = digester
        self.keeps_rows = True

    def part(self, slot: tuple[str, str], key: Any, make: Callable[[], T]) -> T:
        # A memo has one codec: each kind of part is kept in its own.
        memo = "site-parts" if slot[0] in self.TEXT_SLOTS else "report-parts" if slot[0] == "page" else None
        digest = None if key is None or memo is None else self.digester.digest((slot, key))
        if digest is None or memo is None:
            return make()
        encode, decode = _CODECS[memo]
        value: T = cache.memoised(memo, digest, make, encode, decode)
        return value


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("a page's part of a data file is its encoded text")
    return value


def _encode_explained(value: tuple[list[dict[str, Any]], list[ReviewRow]]) -> Any:
    support, review = value
    return [support, [astuple(r) for r in review]]


def _decode_explained(raw: Any) -> tuple[list[dict[str, Any]], list[ReviewRow]]:
    support, review = raw
    if not (isinstance(support, list) and all(isinstance(s, dict) for s in support)):
        raise TypeError("malformed explanations")
    rows = []
    for fact, page, file, line, citation, source, word, quote, claim in review:
        if not (all(isinstance(v, str) for v in (fact, page, file, source, word, quote, claim))
                and isinstance(line, int) and isinstance(citation, int)):
            raise TypeError("malformed row for review")
        rows.append(ReviewRow(fact, page, file, line, citation, source, word, quote, claim))
    return support, rows


#: The memos of the data files' parts (CachedParts), used only while the data files are made.
DATA_MEMOS = ("site-parts",)

_CODECS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "site-parts": (_text, _text), "report-parts": (_encode_explained, _decode_explained)}


class SourceDigests:
    """A digest of each source in place of a serve's version number (rebuild.Versions)."""

    def __init__(self, digester: Digester) -> None:
        self.digester = digester
        self._fields: tuple[str, ...] | None = None

    def update(self, sources: Iterable[Source]) -> dict[str, Any]:
        """Return source id -> digest of everything the source compares by (its paragraphs among them)."""
        out: dict[str, Any] = {}
        for source in sources:
            if self._fields is None:
                # by_anchor is made from the paragraphs: digesting them once is enough
                self._fields = tuple(f.name for f in fields(source) if f.compare and f.name != "by_anchor")
            out[source.id] = self.digester.digest(tuple(getattr(source, name) for name in self._fields))
        return out


@dataclass
class Carry:
    """The state a `build` takes over from the site it replaces; what the plugin asks of a serve's Rebuild."""

    #: the output folder being replaced, and the project's root (where the manifest is kept)
    old: Path
    root: Path
    before: Manifest | None
    digester: Digester = field(default_factory=Digester)
    #: the digest of this build's site inputs (None: they cannot be digested, nothing is taken over)
    site: str | None = None
    same: bool = False
    scratch: Path = Path()
    #: the paths in the site of every file taken over
    linked: set[str] = field(default_factory=set)
    #: what this build makes: src_uri -> digest, and its files' paths (set by end)
    after: tuple[dict[str, Any], dict[str, str]] | None = None

    def __post_init__(self) -> None:
        self.versions = SourceDigests(self.digester)
        self._folders: set[str] = set()  # the folders made in the scratch folder

    @property
    def made(self) -> dict[str, str]:
        return self.before.made if self.before is not None else {}

    @property
    def written(self) -> dict[str, str]:
        return self.before.written if self.before is not None else {}

    def remember(self, key: Any) -> None:
        """Digest a fact's key once: each of its pages, cards and images has it."""
        self.digester.remember(key)

    def begin(self, site_key: Any, site_dir: Path, *, errors: bool = False) -> bool:
        """Start a build into ``site_dir`` with the site inputs ``site_key``; return True when files may be kept."""
        self.scratch = site_dir
        self.site = None if errors else self.digester.digest(("site", cache.fingerprint(), site_key))
        self.same = self.site is not None and self.before is not None and self.before.site == self.site
        return self.same

    def unchanged(self, src_uri: str, key: Any, made: dict[str, Any]) -> bool:
        """Record what ``src_uri`` is made from; return True when the file is taken over (linked into the build)."""
        digest = None if key is None else self.digester.digest(key)
        made[src_uri] = digest
        if digest is None or not self.same or self.made.get(src_uri) != digest:
            return False
        dests = SITE_WIDE.get(src_uri) or (self.written.get(src_uri),)
        if None in dests or not all(self._intact(d) for d in dests if d is not None):
            return False
        for dest in dests:
            assert dest is not None
            self._link(dest)
        return True

    def _intact(self, dest: str) -> bool:
        assert self.before is not None
        recorded = self.before.stats.get(dest)
        if recorded is None:
            return False
        try:
            st = os.lstat(os.path.join(self.old, dest))
        except OSError:
            return False
        return cache.stat_signature(st) == recorded

    def _link(self, dest: str) -> None:
        path = os.path.join(self.scratch, dest)
        folder = os.path.dirname(path)
        if folder not in self._folders:
            try:
                os.mkdir(folder)  # a card's own folder, most often, in one made already
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            except FileExistsError:
                pass
            self._folders.add(folder)
        try:
            os.link(os.path.join(self.old, dest), path)  # the scratch folder is beside the site: one file system
        except OSError:
            shutil.copy2(os.path.join(self.old, dest), path)
        self.linked.add(dest)

    def release(self, dests: Iterable[str]) -> None:
        """Drop the links of ``dests``: another file of the build is written there (it never writes through)."""
        for dest in dests:
            if dest in self.linked:
                self.linked.discard(dest)
                try:
                    os.unlink(self.scratch / dest)
                except FileNotFoundError:
                    pass

    def end(self, made: dict[str, Any], written: dict[str, str], site_dir: Path) -> None:
        """Remember what this build made, for :meth:`record` once its site is in place."""
        del site_dir
        self.after = (made, written)

    def record(self, target: Path) -> None:
        """Write the manifest of the site now at ``target`` (its files' stat signatures as swapped in)."""
        if self.after is None or self.site is None:
            write_manifest(self.root, target, None)
            return
        made_in, written_in = self.after
        made = {uri: d for uri, d in made_in.items() if isinstance(d, str)}
        written: dict[str, str] = {}
        stats: dict[str, tuple[int, ...]] = {}
        for uri in made:
            dests = SITE_WIDE.get(uri) or ((written_in[uri],) if uri in written_in else ())
            for dest in dests:
                try:
                    st = os.lstat(target / dest)
                except OSError:
                    continue
                stats[dest] = cache.stat_signature(st)
            if uri in written_in:
                written[uri] = written_in[uri]
        write_manifest(self.root, target, Manifest(self.site, made, written, stats))

    def forget(self) -> None:
        """Nothing to forget: each build starts from a new scratch folder."""

    def close(self) -> None:
        """Nothing is moved aside by a build."""
