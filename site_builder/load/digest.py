"""Stable digests of a build's inputs: the same value gives the same digest in every process.

A `serve` compares each generated file's inputs with the last build's by equality (mkdocs/rebuild.py). A
`build` compares them with what the build that made the site it replaces recorded (mkdocs/carry.py), so it
needs a digest that does not depend on the process: not ``hash()`` (strings' hashes are seeded per process),
not ``repr()`` (a set's order follows those hashes, and an object without its own repr shows its address).

The digest follows equality: a dataclass contributes its type and the fields that take part in ``==``
(``compare=True``), as the serve's comparison does, a set its members in a fixed order, a dict its items.
A value of any other type is refused (:class:`Unencodable`): a file whose inputs cannot be digested is made
again, never kept on a guess. A dataclass naming a field in ``DIGEST_AS`` (a fact's check) is digested as
its own digest (:meth:`Digester.own_digest`): the one kept with it when it was made (check/kept.py), or else
worked out now, so a value read back from the cache digests as it would if it were walked.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from collections.abc import Callable
from pathlib import PurePath
from types import MappingProxyType
from typing import Any


class Unencodable(Exception):
    """A value of a type the digest does not know: the file it stands for is made again."""


class Digester:
    """Digests values; a value given one with :meth:`remember` is digested as that (a fact's key, once)."""

    def __init__(self) -> None:
        self._fields: dict[type, tuple[str, ...]] = {}
        self._stand_ins: dict[type, str | None] = {}
        #: id() -> digest of values already digested whose identity stands for them (kept alive by the caller)
        self._known: dict[int, str] = {}

    def digest(self, value: Any) -> str | None:
        """Return the hex digest of ``value``, or None when it holds a value of a type the digest does not know."""
        parts: list[str] = []
        try:
            self._walk(value, parts.append)
        except (Unencodable, RecursionError):
            return None
        return hashlib.blake2b("".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()

    def remember(self, value: Any) -> str | None:
        """Return the digest of ``value`` and digest it so wherever it appears again (the caller keeps it alive)."""
        found = self._known.get(id(value))
        if found is None:
            found = self.digest(value)
            if found is None:
                return None
            self._known[id(value)] = found
        return found

    def own_digest(self, value: Any) -> str:
        """Return the digest of a dataclass's compared fields, the stand-in's value ignored (``DIGEST_AS``).

        Raise Unencodable when a field holds a value of a type the digest does not know.
        """
        kind = type(value)
        stand_in = getattr(kind, "DIGEST_AS", None)
        names = tuple(f.name for f in dataclasses.fields(kind) if f.compare and f.name != stand_in)
        parts: list[str] = []
        self._fields_of(value, kind, names, parts.append)
        return hashlib.blake2b("".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()

    def _fields_of(self, value: Any, kind: type, names: tuple[str, ...], out: Callable[[str], Any]) -> None:
        out(f"D{kind.__module__}.{kind.__qualname__}:")
        for name in names:
            self._walk(getattr(value, name), out)

    def _walk(self, value: Any, out: Callable[[str], Any]) -> None:
        kind = type(value)
        if kind is str:
            out(f"s{len(value)}:")
            out(value)
        elif value is None:
            out("n")
        elif kind is bool:
            out("T" if value else "F")
        elif kind is int:
            out(f"i{value};")
        elif kind is float:
            out(f"f{value!r};")
        elif kind is tuple or kind is list:
            known = self._known.get(id(value))
            if known is not None:
                out(f"d{known}")
                return
            out(f"({len(value)}" if kind is tuple else f"[{len(value)}")
            for item in value:
                self._walk(item, out)
        elif kind is dict or kind is MappingProxyType:  # a read-only view compares as its dict does
            out(f"{{{len(value)}")
            items = value.items()
            if all(type(k) is str for k in value):
                items = sorted(items)  # equal dicts, whatever order they were filled in
            for k, v in items:
                self._walk(k, out)
                self._walk(v, out)
        elif kind is set or kind is frozenset:
            members = []
            for item in value:
                sub: list[str] = []
                self._walk(item, sub.append)
                members.append("".join(sub))
            out(f"<{len(members)}")
            out("".join(sorted(members)))
        else:
            self._other(value, kind, out)

    def _other(self, value: Any, kind: type, out: Callable[[str], Any]) -> None:
        known = self._known.get(id(value))
        if known is not None:
            out(f"d{known}")
            return
        names = self._fields.get(kind)
        if names is None and dataclasses.is_dataclass(kind):
            names = self._fields[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.compare)
            self._stand_ins[kind] = getattr(kind, "DIGEST_AS", None)
        if names is not None:
            stand_in = self._stand_ins[kind]
            if stand_in is not None:
                # Its own digest, the one kept with it or worked out now: the same either way.
                found = getattr(value, stand_in)
                if found is None:
                    found = self.own_digest(value)
                out(f"K{kind.__module__}.{kind.__qualname__}:")
                self._walk(found, out)
                return
            self._fields_of(value, kind, names, out)
        elif isinstance(value, enum.Enum):
            out(f"E{kind.__module__}.{kind.__qualname__}:")
            self._walk(value.value, out)
        elif isinstance(value, PurePath):
            out(f"p{kind.__name__}:")
            self._walk(str(value), out)
        elif isinstance(value, (str, int, float, tuple)):  # a subclass (a Markup string, a named tuple)
            out(f"S{kind.__module__}.{kind.__qualname__}:")
            plain: Any = (str(value) if isinstance(value, str) else tuple(value) if isinstance(value, tuple)
                          else float(value) if isinstance(value, float) else int(value))
            self._walk(plain, out)
        else:
            raise Unencodable(f"{kind.__module__}.{kind.__qualname__}")
