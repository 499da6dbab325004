"""What the cache remembers, and how each kind of value is written as plain data (lists, strings, numbers) and read back exactly.

Each memo is keyed by a hash of everything its value is computed from, so a hit gives what computing would:

* ``yaml``: a facts file's text -> its :class:`YamlDoc` (plain data, and the position of every key and value);
* ``paragraphs``: an article's text and file type -> its anchored paragraphs;
* ``mentions``: a text and a publication date -> every figure it states (``find_mentions``).

A value read back equals the value computed (``decode(encode(v)) == v``; tests/unit/load/test_cache.py
checks it on real corpora), and a decoder meeting anything else raises, which makes the entry a miss.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import TYPE_CHECKING, Any

from . import cache

if TYPE_CHECKING:  # the figures stage is imported when a mention is read back, not by every cache user
    from ..figures.dates import FactDate
    from ..figures.model import Mention

# --------------------------------------------------------------------------- figures


def _opt_tuple(value: Any, n: int) -> tuple[Any, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != n:
        raise TypeError("malformed entry")
    return tuple(value)


def encode_mention(m: Mention) -> list[Any]:
    """Return a Mention as plain data (a flat list, field by field)."""
    date = None if m.date is None else [m.date.year, m.date.month, m.date.day]
    partial = None if m.partial is None else [m.partial.month, m.partial.day, m.partial.weekday, m.partial.relative]
    time = None if m.time is None else [m.time.hour, m.time.minute, m.time.zone]
    return [m.text, m.start, m.end, m.low, m.high, m.unit, date, m.value, m.qualifier, m.kind.value, m.bound,
            partial, time, None if m.scope is None else list(m.scope), m.range_end]


def decode_mention(data: Any) -> Mention:
    """Return the Mention :func:`encode_mention` wrote; raise ValueError/TypeError on anything else."""
    from ..figures.dates import FactDate, PartialDate
    from ..figures.model import ClockTime, Kind, Mention

    if not isinstance(data, list) or len(data) != 15:
        raise TypeError("malformed mention")
    (text, start, end, low, high, unit, date, value, qualifier, kind, bound, partial, time, scope,
     range_end) = data
    if not isinstance(text, str) or not isinstance(start, int) or not isinstance(end, int):
        raise TypeError("malformed mention")
    d = _opt_tuple(date, 3)
    p = _opt_tuple(partial, 4)
    t = _opt_tuple(time, 3)
    s = _opt_tuple(scope, 2)
    return Mention(text, start, end, low, high, unit, None if d is None else FactDate(*d), value, qualifier,
                   Kind(kind), bound, None if p is None else PartialDate(*p),
                   None if t is None else ClockTime(*t), None if s is None else (int(s[0]), int(s[1])), range_end)


def _encode_mentions(found: tuple[Mention, ...]) -> list[Any]:
    return [encode_mention(m) for m in found]


def _decode_mentions(data: Any) -> tuple[Mention, ...]:
    if not isinstance(data, list):
        raise TypeError("malformed mentions")
    return tuple(decode_mention(m) for m in data)


def mentions(text: str, published: FactDate | None, compute: Callable[[], list[Mention]]) -> list[Mention]:
    """Return ``compute()`` (the figures of ``text``), or what the cache remembers for this text and date."""
    if cache.current() is None:
        return compute()
    key = cache.digest(text, "" if published is None else published.iso())
    found = cache.memoised("mentions", key, lambda: tuple(compute()), _encode_mentions, _decode_mentions)
    return list(found)


# --------------------------------------------------------------------------- YAML documents


def _encode_positions(table: dict[tuple[str | int, ...], tuple[int, int]]) -> list[int]:
    # Only the numbers, line and column of each entry in the table's order, which is the document's own order:
    # the builders (load/yaml_build.py) record each node's value before its children, and each mapping entry's
    # key before its value. The paths are those of a walk of the data in that order (_paths), so they are not
    # stored: a facts file at size L has about 2,000 entries, a project 200,000, and their paths were most of
    # the memo's bytes and of its encoding time.
    return list(chain.from_iterable(table.values()))


def _paths(data: Any) -> tuple[list[tuple[str | int, ...]], list[tuple[str | int, ...]]]:
    """Return the data path of every value of ``data`` and of every mapping entry's key, in the document's order."""
    values: list[tuple[str | int, ...]] = []
    keys: list[tuple[str | int, ...]] = []

    def walk(node: Any, path: tuple[str | int, ...]) -> None:
        values.append(path)
        if type(node) is dict:
            for k, v in node.items():
                sub = path + (k,)
                keys.append(sub)
                walk(v, sub)
        elif type(node) is list:
            for i, v in enumerate(node):
                walk(v, path + (i,))

    walk(data, ())
    return values, keys


def _decode_positions(paths: list[tuple[str | int, ...]], raw: Any) -> dict[tuple[str | int, ...], tuple[int, int]]:
    if not isinstance(raw, list) or len(raw) != 2 * len(paths) or not all(type(n) is int for n in raw):
        raise TypeError("malformed positions")
    numbers = iter(raw)
    return dict(zip(paths, zip(numbers, numbers, strict=True), strict=True))


#: Positions decoded from the cache in a `serve` (load/cache.py's holding), by the text's digest: it reads every
#: facts file again at each rebuild, and decoding a large file's positions costs more than parsing its data.
#: Each document gets copies (the tables hold tuples only), so nothing a caller does reaches another document.
_DECODED: dict[str, tuple[dict[tuple[str | int, ...], tuple[int, int]], dict[tuple[str | int, ...], tuple[int, int]]]] = {}
_DECODED_MAX = 4096


def _positions(key: str, found: dict[str, Any]) -> tuple[dict[tuple[str | int, ...], tuple[int, int]],
                                                         dict[tuple[str | int, ...], tuple[int, int]]]:
    decoded = _DECODED.get(key)
    if decoded is None:
        values, keys = _paths(found["data"])
        decoded = (_decode_positions(values, found["values"]), _decode_positions(keys, found["keys"]))
        if not cache.holding():
            return decoded  # one build (not a serve): nothing reads it again, and it is not kept twice
        if len(_DECODED) >= _DECODED_MAX:
            _DECODED.pop(next(iter(_DECODED)))
        _DECODED[key] = decoded
    return dict(decoded[0]), dict(decoded[1])


def yaml_doc(text: str, compute: Callable[[], Any], rebuild: Callable[[Any, Any, Any], Any]) -> Any:
    """Return ``compute()`` (the YamlDoc of ``text``), or ``rebuild(data, values, keys)`` from what the cache remembers.

    Only documents that loaded are remembered: a file with an error is parsed again, for its located message.
    (``rebuild`` makes the YamlDoc, so this module, which yamlfile calls, need not import yamlfile.)
    """
    if cache.current() is None:
        return compute()

    def decode(raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict) or "data" not in raw:
            raise TypeError("malformed document")
        return raw

    # The memo holds the plain-data form (a copy, so a caller changing its document changes nothing kept).
    memo = cache.current().memo("yaml", lambda v: v, decode)  # type: ignore[union-attr]
    key = cache.digest(text)
    found = memo.get(key)
    if found is not None:
        try:
            positions = _positions(key, found)
        except (TypeError, ValueError):
            positions = None  # not what this code writes: a miss, stored again below
        if positions is not None:
            # A new YamlDoc each time: callers may keep it, and a `serve` must never share one between builds.
            return rebuild(_fresh(found["data"]), *positions)
    doc = compute()
    memo.put(key, {"data": _fresh(doc.data), "values": _encode_positions(doc.values),
                   "keys": _encode_positions(doc.keys)})
    return doc


def _fresh(data: Any) -> Any:
    """Return a deep copy of plain data (lists and dicts rebuilt, scalars shared)."""
    if isinstance(data, dict):
        return {k: _fresh(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_fresh(v) for v in data]
    return data


# --------------------------------------------------------------------------- paragraphs


def _encode_paragraphs(found: tuple[Any, ...]) -> list[Any]:
    return [[p.anchor, p.text, p.line_start, p.line_end, p.kind, p.excluded, p.exclude_reason,
             [list(s) for s in p.struck], p.page] for p in found]


def _decode_paragraphs(raw: Any) -> tuple[Any, ...]:
    from ..model.sources import Paragraph

    if not isinstance(raw, list):
        raise TypeError("malformed paragraphs")
    out = []
    for anchor, text, start, end, kind, excluded, reason, struck, page in raw:
        if not (isinstance(anchor, str) and isinstance(text, str) and isinstance(start, int)
                and isinstance(end, int) and isinstance(kind, str) and isinstance(struck, list)):
            raise TypeError("malformed paragraph")
        out.append(Paragraph(anchor, text, start, end, kind, bool(excluded), reason,
                             tuple((int(a), int(b)) for a, b in struck), page))
    return tuple(out)


def paragraphs(text: str, suffix: str, compute: Callable[[], list[Any]]) -> list[Any]:
    """Return ``compute()`` (the anchored paragraphs of an article), or what the cache remembers for this text."""
    if cache.current() is None:
        return compute()
    found = cache.memoised("paragraphs", cache.digest(text, suffix), lambda: tuple(compute()), _encode_paragraphs,
                           _decode_paragraphs)
    return list(found)


_SOURCE_TEXTS = ("title", "label", "publisher", "byline", "published", "url", "recorded_sha256", "added")


def encode_source(source: Any) -> dict[str, Any]:
    """Return a Source (with its paragraphs) as plain data."""
    out = {name: getattr(source, name) for name in ("id", "file", "sha256", "language", "kind", "entry_index",
                                                    *_SOURCE_TEXTS)}
    out["path"] = str(source.path)
    out["paragraphs"] = _encode_paragraphs(tuple(source.paragraphs))
    return out


def decode_source(raw: Any) -> Any:
    """Return the Source :func:`encode_source` wrote; raise TypeError on anything else."""
    from pathlib import Path

    from ..model.sources import Source

    if not isinstance(raw, dict):
        raise TypeError("malformed source")
    for name in ("id", "file", "sha256", "language", "kind", "path"):
        if not isinstance(raw.get(name), str):
            raise TypeError("malformed source")
    if not isinstance(raw.get("entry_index"), int) or not all(
            raw.get(name) is None or isinstance(raw.get(name), (str, int)) for name in _SOURCE_TEXTS):
        raise TypeError("malformed source")
    return Source(id=raw["id"], file=raw["file"], path=Path(raw["path"]),
                  paragraphs=list(_decode_paragraphs(raw.get("paragraphs"))), sha256=raw["sha256"],
                  language=raw["language"], kind=raw["kind"], entry_index=raw["entry_index"],
                  title=raw.get("title"), label=raw.get("label"), publisher=raw.get("publisher"),
                  byline=raw.get("byline"), published=raw.get("published"), url=raw.get("url"),
                  recorded_sha256=raw.get("recorded_sha256"), added=raw.get("added"))


# --------------------------------------------------------------------------- quotes and schema


def spans(quote: str, text: str, compute: Callable[[], tuple[tuple[int, int], ...]]) -> tuple[tuple[int, int], ...]:
    """Return ``compute()`` (where ``quote`` is in the paragraph ``text``), or what the cache remembers."""
    if cache.current() is None:
        return compute()

    def decode(raw: Any) -> tuple[tuple[int, int], ...]:
        if not isinstance(raw, list):
            raise TypeError("malformed spans")
        return tuple((int(a), int(b)) for a, b in raw)

    return cache.memoised("spans", cache.digest(quote, text), compute, lambda v: [list(s) for s in v], decode)


def schema_valid(text: str, kind: str, compute: Callable[[], list[Any]]) -> list[Any]:
    """Return ``compute()`` (the schema's diagnostics of a file), skipped when the cache knows this text is valid."""
    memo_cache = cache.current()
    if memo_cache is None:
        return compute()
    memo = memo_cache.memo("valid", lambda v: v, lambda raw: raw if raw is True else _invalid())
    key = cache.digest(text, kind)
    if memo.get(key):
        return []
    found = compute()
    if not found:
        memo.put(key, True)
    return found


def _invalid() -> bool:
    raise TypeError("malformed verdict")


__all__ = ["decode_mention", "decode_source", "encode_mention", "encode_source", "mentions", "paragraphs", "schema_valid", "spans", "yaml_doc"]
