"""The project's cache: what parsing and reading cost, kept under ``.cache/`` and never believed blindly.

A warm `check` or `build` redoes only what changed: the YAML of a facts file, the paragraphs of an article,
the figures of a paragraph, the spans of a quote are each remembered by a *memo* keyed by the hash of exactly
what they were computed from. A changed input has another key, so it is computed afresh; nothing is ever
"invalidated" by a clock or a file's modification time.

Each memo is one file, ``.cache/site-builder/memo/<name>.memo``::

    site-builder cache 2\\n
    {"tool": <fingerprint>, "name": <name>, "mac": <HMAC-SHA256 hex>}\\n
    <payload: {"writes": n, "entries": {key: [last write, encoded value]}} in marshal's format>

The fingerprint is a hash of this tool's own code and schemas, its version, Python's version and the
installed distributions' names and versions (its parsing libraries among them): any other build of the tool
reads another cache. The MAC is computed with a key kept
outside the project (in the user's cache folder, see :func:`secret_key`) over the fingerprint, the name and the
payload, so a damaged, truncated, hand-edited, copied-in or restored-from-elsewhere file (a CI cache another
branch wrote) fails the check and is ignored, then rewritten. The payload is plain data (dicts, lists, strings,
numbers: what the memos' encoders make) written with :mod:`marshal`, which writes and reads such data several
times faster than :mod:`json` (a cold check at L writes about 30 MB); it is read only once its MAC checks out,
so what it reads is what this tool wrote, and each memo's own typed decoder turns it back into values: no pickle,
nothing in it is ever executed. Deleting ``.cache/`` is always safe.

Writing never fails a command: a read-only project or a full disk only means the next run is cold.
``SITE_BUILDER_CACHE=off`` in the environment turns the cache off.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import hmac
import json
import marshal
import os
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..version import __version__

MEMO_DIR = ".cache/site-builder/memo"
MAGIC = b"site-builder cache 2\n"
#: Bumped when an encoding changes for the same code (the fingerprint covers the code itself).
FORMAT = 2
#: marshal's version 2: no back-references (versions 3 and 4 look up every object another one also refers to,
#: a hash table per call: slower to write the many small entries of a cold check), so the bytes depend only on
#: the data.
_MARSHAL = 2
_PACKAGE = Path(__file__).resolve().parent.parent

T = TypeVar("T")


@functools.cache
def installed() -> tuple[str, ...]:
    """Return the names of the installed distributions' metadata folders (each name carries its version)."""
    names: set[str] = set()
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as found:
                names.update(e.name for e in found if e.name.endswith((".dist-info", ".egg-info", ".egg-link")))
        except OSError:
            continue
    return tuple(sorted(names))


@functools.cache
def fingerprint() -> str:
    """Return the hash that names this build of the tool: its code, schemas, version and libraries."""
    h = hashlib.sha256()
    h.update(f"format={FORMAT};site-builder={__version__};python={sys.version}".encode())
    # Every installed distribution and its version (a folder listing: no metadata is parsed), so another
    # version of a parsing library, or of anything else, never reads an old cache.
    for name in installed():
        h.update(f";{name}".encode())
    # The code itself, so a changed checkout (the version string stays the same) never reads an old cache.
    files = []
    for folder, dirs, names in os.walk(_PACKAGE):
        # Not the byte code, nor a cache a command left in the package's own example project (data, not code).
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
        files += [os.path.join(folder, n) for n in names if n.endswith((".py", ".json"))]
    cut = len(str(_PACKAGE)) + 1
    for rel, path in sorted((p[cut:].replace(os.sep, "/"), p) for p in files):
        with open(path, "rb") as f:
            data = f.read()
        h.update(rel.encode() + b"\0")
        h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


def _key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "site-builder" / "cache-key"


@functools.cache
def secret_key() -> bytes | None:
    """Return the key that signs cache entries, made on first use; None when it cannot be kept (no cache then).

    It lives outside every project (``$XDG_CACHE_HOME/site-builder/cache-key``, by default under ``~/.cache``),
    readable by its owner only, so a cache folder copied from elsewhere is never believed here.
    """
    path = _key_file()
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".cache-key.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
        try:
            os.link(tmp, path)  # the first writer wins: two runs at once agree on one key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
        data = path.read_bytes()
        return data if len(data) == 32 else None
    except OSError:
        return None


#: Seconds: a file changed less than this long ago may change again within one tick of the file system's clock
#: without its stat (size, modification and change times) changing: a rewrite of the same size would keep every
#: field (git's "racy" timestamps). Its stat is not trusted then (:func:`settled`); it is read again.
RACY_SECONDS = 2.0


def stat_signature(st: os.stat_result) -> tuple[int, ...]:
    """Return what any write, replacement or rename of a file changes in its stat: device, inode, size, and
    modification and change times (the change time no program can set back)."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def settled(st: os.stat_result) -> bool:
    """Return True when the file was last changed at least RACY_SECONDS ago: its stat signature can be trusted."""
    return time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) >= RACY_SECONDS * 1e9


def enabled() -> bool:
    """Return False when ``SITE_BUILDER_CACHE=off`` (or ``0``, ``no``) asks for no cache."""
    return os.environ.get("SITE_BUILDER_CACHE", "").strip().lower() not in ("off", "0", "no", "false")


def digest(*parts: str | bytes) -> str:
    """Return the hex key of the given inputs (each one length-prefixed, so no two lists of parts collide)."""
    h = hashlib.sha256()
    for part in parts:
        raw = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(raw).to_bytes(8, "big"))
        h.update(raw)
    return h.hexdigest()


def _mac(key: bytes, tool: str, name: str, payload: bytes | memoryview) -> str:
    # The MAC of tool, name and payload joined by NUL bytes, fed in parts: a memo's payload (tens of megabytes
    # at a large desk) is not copied to be signed.
    mac = hmac.new(key, tool.encode() + b"\0" + name.encode() + b"\0", hashlib.sha256)
    mac.update(payload)
    return mac.hexdigest()


def read_entry(path: Path, name: str, key: bytes, tool: str) -> dict[str, Any] | None:
    """Return the payload of a memo file when its header, fingerprint and MAC all check out, else None."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if not raw.startswith(MAGIC):
        return None
    head_end = raw.find(b"\n", len(MAGIC))
    if head_end < 0:
        return None
    try:
        header = json.loads(raw[len(MAGIC):head_end])
    except ValueError:
        return None
    payload = memoryview(raw)[head_end + 1:]  # not a copy of the payload
    if (not isinstance(header, dict) or header.get("tool") != tool or header.get("name") != name
            or not isinstance(header.get("mac"), str)
            or not hmac.compare_digest(header["mac"], _mac(key, tool, name, payload))):
        return None
    try:
        data = loads(payload)
    except ValueError:  # pragma: no cover - a payload the MAC vouches for was written by dumps()
        return None
    return data if isinstance(data, dict) else None


def dumps(data: Any) -> bytes:
    """Return plain data (dicts, lists, tuples, strings, numbers, None, booleans) as bytes, for :func:`loads`.

    Strings keep lone surrogates (a file name read with ``surrogateescape``); a tuple stays a tuple. Data
    holding a subclass of one of these (an enum of strings, say), which marshal refuses, is written as JSON
    would write it: the plain string or number it is.
    """
    try:
        return marshal.dumps(data, _MARSHAL)
    except ValueError:
        plain = json.loads(json.dumps(data, ensure_ascii=False))
        return marshal.dumps(plain, _MARSHAL)


def loads(raw: bytes | memoryview) -> Any:
    """Return the data :func:`dumps` wrote; ValueError for anything else (bytes it did not write)."""
    try:
        return marshal.loads(raw)
    except (EOFError, TypeError) as e:
        raise ValueError(f"not cache data: {e}") from None


def write_entry(path: Path, name: str, key: bytes, tool: str, data: dict[str, Any]) -> None:
    """Write a memo file atomically (readers see the old file or the whole new one); errors are swallowed."""
    _write_payload(path, name, key, tool, dumps(data))


def _write_payload(path: Path, name: str, key: bytes, tool: str, payload: bytes) -> None:
    header = json.dumps({"tool": tool, "name": name, "mac": _mac(key, tool, name, payload)}).encode()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(MAGIC + header + b"\n")
            f.write(payload)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return
    with contextlib.suppress(OSError):  # the file format 1 kept under the same name (in JSON), never read again
        path.with_suffix(".json").unlink()


def _memo_payload(writes: int, entries: dict[str, list[Any]]) -> bytes:
    """Return a memo's payload: ``{"writes": writes, "entries": entries}``, each entry ``[write, bytes]``."""
    return dumps({"writes": writes, "entries": entries})


#: An entry not used by this many writes of its memo is dropped (old versions of edited files).
KEEP_WRITES = 50


class Memo(Generic[T]):
    """Values computed from a key's inputs, remembered across runs in one signed file.

    ``encode`` turns a value into plain data, ``decode`` back, exactly (``decode(encode(v)) == v``); a decoder
    that raises (the data is not what this code wrote) makes the entry a miss. Each entry is kept as the bytes
    :func:`dumps` makes of its data, read (:func:`loads`, then ``decode``) only when a run asks for it. The
    file is rewritten only when a run added or dropped something; an entry no run has used for KEEP_WRITES
    rewrites is dropped then, so the file holds what the project needs now and recently, not every version of
    every file.
    """

    def __init__(self, root: Path, name: str, encode: Callable[[T], Any], decode: Callable[[Any], T]) -> None:
        self.path = root / MEMO_DIR / f"{name}.memo"
        self.name = name
        self.encode, self.decode = encode, decode
        self._stored: dict[str, list[Any]] | None = None  # key -> [write number last used, dumps(encoded)]
        self._writes = 0  # how many times the file was rewritten
        self._used: dict[str, bytes] = {}  # dumps() of the encoded values this run needs
        self._values: dict[str, T] = {}  # decoded values, kept while the process lives (serve)
        self._dirty = False
        self._dropped: set[str] = set()  # stored entries this run found bad (its decoder raised)
        self._lock = threading.Lock()

    def _load(self) -> dict[str, list[Any]]:
        if self._stored is None:
            key = secret_key()
            doc = (read_entry(self.path, self.name, key, fingerprint()) if key is not None else None) or {}
            entries, writes = doc.get("entries"), doc.get("writes")
            ok = isinstance(entries, dict) and isinstance(writes, int) and all(
                isinstance(v, list) and len(v) == 2 and isinstance(v[0], int) and isinstance(v[1], bytes)
                for v in entries.values())
            self._stored = entries if ok and isinstance(entries, dict) else {}
            self._writes = writes if ok and isinstance(writes, int) else 0
        assert self._stored is not None
        return self._stored

    def get(self, key: str) -> T | None:
        """Return the value remembered for ``key``, or None."""
        with self._lock:
            if key in self._values:
                if key not in self._used:
                    self._used[key] = self._encoded(key)
                return self._values[key]
            entry = self._load().get(key)
            if entry is None:
                return None
            try:
                value = self.decode(loads(entry[1]))
            except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                del self._load()[key]
                self._dropped.add(key)
                self._dirty = True  # drop it when writing back
                return None
            self._values[key] = value
            self._used[key] = entry[1]
            return value

    def _encoded(self, key: str) -> bytes:
        entry = self._load().get(key)
        return entry[1] if entry is not None else dumps(self.encode(self._values[key]))

    def put(self, key: str, value: T, encoded: Any = None) -> None:
        """Remember ``value`` for ``key`` (``encoded``: ``encode(value)``, when the caller has it already)."""
        # Written as bytes now, while it is what was computed: the memo keeps one bytes object for it, not a
        # tree of lists the cycle collector walks for the rest of the run and Python frees one by one at exit.
        raw = dumps(self.encode(value) if encoded is None else encoded)
        with self._lock:
            self._values[key] = value
            self._used[key] = raw
            self._dirty = True

    def keep(self, key: str, encoded: Any) -> None:
        """Count ``key`` as used by this run, its value found elsewhere (``encoded``: its encoded data)."""
        with self._lock:
            if key not in self._used:
                entry = self._load().get(key)
                self._used[key] = entry[1] if entry is not None else dumps(encoded)
                self._dirty = self._dirty or entry is None

    def traffic(self, since: set[str]) -> tuple[dict[str, bytes], bool, list[str]]:
        """Return what this run used of the memo beyond the keys ``since``: each entry's bytes, and for
        :meth:`merge` whether it added to the memo and which stored entries it found bad.

        A worker process (check/parallel.py) sends this to the process that forked it.
        """
        with self._lock:
            used = {k: v for k, v in self._used.items() if k not in since}
            return used, self._dirty, sorted(self._dropped)

    def merge(self, used: dict[str, bytes], dirty: bool, dropped: list[str]) -> None:
        """Take another process's :meth:`traffic` of this memo as this run's own: the memo written back is the
        one this run would write had it done that work itself."""
        with self._lock:
            if dropped:
                stored = self._load()
                for key in dropped:
                    if stored.pop(key, None) is not None:
                        self._dropped.add(key)
            for key, raw in used.items():
                if key not in self._used:
                    self._used[key] = raw
            self._dirty = self._dirty or dirty

    def flush(self) -> None:
        """Write the memo back when this run added to it (or found a bad entry); start a new run."""
        with self._lock:
            stored = self._load()
            if self._dirty:
                writes = self._writes + 1
                kept = {k: v for k, v in stored.items() if k not in self._used and writes - v[0] <= KEEP_WRITES}
                kept.update({k: [writes, v] for k, v in self._used.items()})
                key = secret_key()
                if key is not None:
                    _write_payload(self.path, self.name, key, fingerprint(), _memo_payload(writes, kept))
                self._stored, self._writes = kept, writes
                stored = kept
            self._used = {}
            self._dirty = False
            self._dropped = set()
            # Values of keys no longer kept are dropped, so a long `serve` does not grow without bound.
            self._values = {k: v for k, v in self._values.items() if k in stored}


class Cache:
    """The memos of one project; one instance per project root and process (a `serve` keeps it warm)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.memos: dict[str, Memo[Any]] = {}
        #: what another process used of memos this one has not opened (:meth:`merge`), until it opens them
        self._merged: dict[str, tuple[dict[str, bytes], bool, list[str]]] = {}

    def memo(self, name: str, encode: Callable[[T], Any], decode: Callable[[Any], T]) -> Memo[T]:
        """Return the memo called ``name`` of this project."""
        found = self.memos.get(name)
        if found is None:
            found = self.memos[name] = Memo(self.root, name, encode, decode)
            merged = self._merged.pop(name, None)
            if merged is not None:
                found.merge(*merged)
        return found

    def merge(self, name: str, used: dict[str, bytes], dirty: bool, dropped: list[str]) -> None:
        """Take another process's traffic of memo ``name`` (:meth:`Memo.traffic`) as this run's own."""
        found = self.memos.get(name)
        if found is not None:
            found.merge(used, dirty, dropped)
            return
        before = self._merged.get(name)
        if before is not None:
            used = {**used, **before[0]}
            dirty, dropped = dirty or before[1], sorted({*dropped, *before[2]})
        self._merged[name] = (used, dirty, dropped)

    def flush(self) -> None:
        """Write every memo back."""
        for memo in self.memos.values():
            memo.flush()
        # A memo only another process opened: written as this one, which never decodes or encodes a value of it.
        merged, self._merged = self._merged, {}
        for name, traffic in merged.items():
            memo = Memo(self.root, name, _same, _same)
            memo.merge(*traffic)
            memo.flush()


def _same(value: Any) -> Any:
    return value


_CACHES: dict[Path, Cache] = {}
_CURRENT: contextvars.ContextVar[Cache | None] = contextvars.ContextVar("site_builder_cache", default=None)
_GUARD = threading.Lock()


def current() -> Cache | None:
    """Return the cache of the project being loaded, or None outside :func:`session` (or with the cache off)."""
    return _CURRENT.get()


#: While a `serve` build runs, the caches its sessions used, written back once the preview shows the build
#: (:func:`hold_writes`, :func:`write_held`); None when sessions write back at their end, as they do otherwise.
_HELD: list[Cache] | None = None


def hold_writes() -> None:
    """Hold the writing back of every cache a session uses until :func:`write_held` (a `serve` build)."""
    global _HELD
    with _GUARD:
        if _HELD is None:
            _HELD = []


def holding() -> bool:
    """Return True while writes are held (:func:`hold_writes`): a `serve`, whose next build reads it all again."""
    return _HELD is not None


def write_held() -> None:
    """Write back every cache held since :func:`hold_writes`, and stop holding."""
    global _HELD
    with _GUARD:
        held, _HELD = _HELD or [], None
    for cache in held:
        cache.flush()


@contextlib.contextmanager
def session(root: Path) -> Iterator[Cache | None]:
    """Use the cache of the project at ``root`` while loading it, then write it back."""
    if not enabled() or secret_key() is None:
        token = _CURRENT.set(None)
        try:
            yield None
        finally:
            _CURRENT.reset(token)
        return
    with _GUARD:
        real = root.resolve()
        cache = _CACHES.get(real)
        if cache is None:
            cache = _CACHES[real] = Cache(real)
    token = _CURRENT.set(cache)
    try:
        yield cache
    finally:
        _CURRENT.reset(token)
        with _GUARD:
            held = _HELD
            if held is not None and cache not in held:
                held.append(cache)
        if held is None:
            cache.flush()


def release(root: Path, *names: str) -> None:
    """Write back and forget the memos ``names`` of the project at ``root``, once no session adds to them.

    A build that will not use a memo again frees what it holds (every value it used and their bytes, kept
    to be written back); a later use reads it from its file again. A `serve` keeps its memos warm instead.
    """
    with _GUARD:
        cache = _CACHES.get(root.resolve())
    if cache is None:
        return
    for name in names:
        memo = cache.memos.pop(name, None)
        if memo is not None:
            memo.flush()


@contextlib.contextmanager
def using(cache: Cache) -> Iterator[None]:
    """Make ``cache`` the current one for the duration (load/shelf.py's scopes)."""
    token = _CURRENT.set(cache)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def memoised(name: str, key: str, compute: Callable[[], T], encode: Callable[[T], Any],
             decode: Callable[[Any], T]) -> T:
    """Return ``compute()``, or the value the current project's memo ``name`` holds for ``key``."""
    cache = _CURRENT.get()
    if cache is None:
        return compute()
    memo = cache.memo(name, encode, decode)
    found = memo.get(key)
    if found is not None:
        return found
    value = compute()
    memo.put(key, value)
    return value


__all__ = [
    "MEMO_DIR",
    "Cache",
    "Memo",
    "current",
    "digest",
    "dumps",
    "enabled",
    "fingerprint",
    "loads",
    "memoised",
    "read_entry",
    "secret_key",
    "session",
    "using",
    "write_entry",
]
