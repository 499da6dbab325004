"""Cache values read one by one, so a run reads only the few it needs.

Some values are needed a few at a time: the sources a page cites (each with its paragraphs), the memo traffic
of verifying one page. The memo traffic of a page has a file of its own under
``.cache/site-builder/<kind>/<key>.blob`` (a blob); the sources, all written at once when their state changes,
share one pack, ``.cache/site-builder/<kind>.pack``, from which a reader reads only the entries it asks for.
Each blob and each entry of a pack is signed exactly as a memo (load/cache.py: fingerprint, HMAC), so a
damaged or foreign one is a miss.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from .cache import (Cache, Memo, _mac, current, digest, dumps, fingerprint, loads, read_entry, secret_key, using,
                    write_entry)

T = TypeVar("T")

#: Values read one by one (a source and its paragraphs; the memo traffic of one page) each have a file of their
#: own, signed like a memo, so a run reads only the few it needs instead of one large memo.
BLOB_DIR = ".cache/site-builder"


def _blob(root: Path, kind: str, key: str) -> tuple[Path, str]:
    return root / BLOB_DIR / kind / f"{key}.blob", f"{kind}/{key}"


def read_blob(root: Path, kind: str, key: str) -> dict[str, Any] | None:
    """Return the value stored for ``key`` among the blobs of ``kind``, when it checks out; else None."""
    secret = secret_key()
    if secret is None:
        return None
    path, name = _blob(root, kind, key)
    return read_entry(path, name, secret, fingerprint())


def write_blob(root: Path, kind: str, key: str, data: dict[str, Any]) -> None:
    """Store ``data`` for ``key`` among the blobs of ``kind`` (errors are swallowed, as for memos)."""
    secret = secret_key()
    if secret is not None:
        path, name = _blob(root, kind, key)
        write_entry(path, name, secret, fingerprint(), data)


def prune_blobs(root: Path, kind: str, keep: set[str]) -> None:
    """Delete the blobs of ``kind`` whose keys are not in ``keep`` (what an older version of the inputs needed)."""
    folder = root / BLOB_DIR / kind
    with contextlib.suppress(OSError):
        for path in folder.glob("*.blob"):
            if path.stem not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()


# --------------------------------------------------------------------------- values kept together in one file

#: The first line of a pack: many values in one file, each signed as a blob is (see :func:`write_pack`).
PACK_MAGIC = b"site-builder pack 2\n"


def _pack(root: Path, kind: str) -> Path:
    return root / BLOB_DIR / f"{kind}.pack"


def write_pack(root: Path, kind: str, entries: dict[str, dict[str, Any]]) -> None:
    """Store ``entries`` (key -> data) as the pack of ``kind``, replacing the one before (errors are swallowed).

    One file holds them all: the magic line, a header line (JSON: the tool's fingerprint and, for each key, where
    its payload starts and ends and its MAC, computed as a blob's over the tool, ``kind/key`` and the payload),
    then the payloads. Creating a file costs more than writing one (on some file systems 0.3 ms or more), and the
    sources of a project are written all at once, when their state changes, so they are one file, not one each;
    a reader still reads (and checks) only the entries it asks for. Blobs of ``kind`` from before are removed.
    """
    secret = secret_key()
    if secret is None:
        return
    tool = fingerprint()
    index: dict[str, list[Any]] = {}
    payloads: list[bytes] = []
    at = 0
    for key, data in entries.items():
        payload = dumps(data)  # as write_entry writes a memo
        index[key] = [at, at + len(payload), _mac(secret, tool, f"{kind}/{key}", payload)]
        payloads.append(payload)
        at += len(payload)
    header = json.dumps({"tool": tool, "name": kind, "index": index}, separators=(",", ":")).encode()
    path = _pack(root, kind)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(b"".join([PACK_MAGIC, header, b"\n", *payloads]))
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
    prune_blobs(root, kind, set())


def read_pack(root: Path, kind: str, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Return the data the pack of ``kind`` holds for each of ``keys`` that it holds and that checks out.

    A key missing, a damaged or foreign entry (its MAC fails) or a pack of another build of the tool is left
    out: a miss, as a bad blob is.
    """
    secret = secret_key()
    if secret is None:
        return {}
    tool = fingerprint()
    out: dict[str, dict[str, Any]] = {}
    try:
        with open(_pack(root, kind), "rb") as f:
            if f.read(len(PACK_MAGIC)) != PACK_MAGIC:
                return {}
            try:
                header = json.loads(f.readline())
            except ValueError:
                return {}
            if not isinstance(header, dict) or header.get("tool") != tool or header.get("name") != kind:
                return {}
            index = header.get("index")
            if not isinstance(index, dict):
                return {}
            base = f.tell()
            for key in keys:
                where = index.get(key)
                if not (isinstance(where, list) and len(where) == 3 and isinstance(where[0], int)
                        and isinstance(where[1], int) and isinstance(where[2], str) and 0 <= where[0] <= where[1]):
                    continue
                f.seek(base + where[0])
                payload = f.read(where[1] - where[0])
                if not hmac.compare_digest(where[2], _mac(secret, tool, f"{kind}/{key}", payload)):
                    continue
                try:
                    data = loads(payload)
                except ValueError:  # pragma: no cover - a payload the MAC vouches for was written by dumps()
                    continue
                if isinstance(data, dict):
                    out[key] = data
    except OSError:
        return {}
    return out


class _ScopedMemo(Memo[T]):
    """A memo of one scope: what the scope's file holds, else (with a fallback) the project's own memo."""

    def __init__(self, scope: _Scope, name: str, encode: Callable[[T], Any], decode: Callable[[Any], T],
                 fallback: Memo[T] | None) -> None:
        super().__init__(scope.root, name, encode, decode)
        self.scope, self.fallback = scope, fallback

    def get(self, key: str) -> T | None:
        if key in self._values:
            return self._values[key]
        raw = self.scope.primed.get(self.name, {}).get(key)
        value: T | None = None
        if raw is not None:
            try:
                value = self.decode(raw)
            except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                value, raw = None, None
        if value is not None and self.fallback is not None:
            # The project's memo holds what the run used, wherever it was found: a page verified again after a
            # worker failed (check/parallel.py) finds the worker's scope file, and a build after this check
            # reads the project's memos.
            self.fallback.keep(key, raw)
        elif value is None and self.fallback is not None:
            value = self.fallback.get(key)
            raw = None if value is None else self.encode(value)
        if value is not None:
            self._values[key] = value
            self.scope.used.setdefault(self.name, {})[key] = raw
        return value

    def put(self, key: str, value: T, encoded: Any = None) -> None:
        raw = self.encode(value) if encoded is None else encoded
        self._values[key] = value
        self.scope.used.setdefault(self.name, {})[key] = raw
        if self.fallback is not None:
            self.fallback.put(key, value, raw)  # encoded once: both keep the same data, never changed

    def flush(self) -> None:
        """Write nothing: the scope writes what it used."""


class _Scope(Cache):
    """The memos of one piece of work (one page's verification), read from and written to one file."""

    def __init__(self, outer: Cache, name: str, fallback: bool) -> None:
        super().__init__(outer.root)
        self.outer, self.fallback = outer, fallback
        self.key = digest("scope", name)
        found = read_blob(outer.root, "scope", self.key) or {}
        self.primed: dict[str, dict[str, Any]] = {k: v for k, v in found.items() if isinstance(v, dict)}
        self.used: dict[str, dict[str, Any]] = {}

    def memo(self, name: str, encode: Callable[[T], Any], decode: Callable[[Any], T]) -> Memo[T]:
        found = self.memos.get(name)
        if found is None:
            fallback = self.outer.memo(name, encode, decode) if self.fallback and name not in _SCOPE_ONLY else None
            found = self.memos[name] = _ScopedMemo(self, name, encode, decode, fallback)
        return found

    def flush(self) -> None:
        """Write what this piece of work used, when it differs from what the scope's file held."""
        kept = {name: values for name, values in self.used.items() if name not in _UNSCOPED}
        if kept != self.primed:
            write_blob(self.root, "scope", self.key, kept)


#: Memos keyed by a whole file's text: a scope's piece of work never meets the same text again.
_UNSCOPED = frozenset({"yaml", "valid"})
#: Memos kept in their scope's file only (each fact's verdict: its page's own, and large).
_SCOPE_ONLY = frozenset({"fact-verdicts"})


@contextlib.contextmanager
def scope(name: str, *, fallback: bool) -> Iterator[None]:
    """Within the current session, let the memos of one piece of work (``name``) come from a file of its own.

    The values are keyed as in the project's memos (by the hash of what they are computed from), so where
    they are kept changes no result; a piece of work done again (a page edited) reads the few values it needs
    from its file instead of the project's large memos. With ``fallback`` a value not in the file is looked
    up in the project's memo too (worth it when much is verified at once).
    """
    outer = current()
    if outer is None:
        yield
        return
    inner = _Scope(outer, name, fallback)
    try:
        with using(inner):
            yield
    finally:
        inner.flush()
        # Each memo of the scope refers to it: without this cycle, what the scope held (the values and the
        # encoded data of a page's work) is freed now, not left for the cycle collector (which, meanwhile, walks it).
        inner.memos.clear()


__all__ = ["BLOB_DIR", "PACK_MAGIC", "prune_blobs", "read_blob", "read_pack", "scope", "write_blob", "write_pack"]
