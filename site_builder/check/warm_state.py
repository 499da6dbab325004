"""What a warm `check` keys its memos by and keeps in them (check/warm.py).

The codecs of the memos ``page-verdicts``, ``sources-verdict``, ``sources-files`` and ``quote-sources``
(a value that does not decode is a miss, never believed), and the hash of the sources' state: sources.yaml,
what each file it names is (its target and bytes), and what is stored under seeds/.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import decode_diagnostics, encode_diagnostics
from ..load import cache
from ..load.facts import SOURCES_FILE
from ..model.project import Layout

if TYPE_CHECKING:
    from ..model.sources import Source


# --------------------------------------------------------------------------- encoding


def decode_page(raw: Any) -> dict[str, Any]:
    if not (isinstance(raw, dict) and isinstance(raw.get("loaded"), bool) and isinstance(raw.get("order"), int)
            and isinstance(raw.get("facts"), list) and isinstance(raw.get("citations"), int)):
        raise TypeError("malformed page verdict")
    for item in raw["facts"]:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)
                and isinstance(item[1], int) and isinstance(item[2], int)):
            raise TypeError("malformed fact")
    drift = raw.get("drift")
    if not (isinstance(drift, dict) and all(isinstance(v, list) and all(isinstance(c, dict) for c in v)
                                            for v in drift.values())):
        raise TypeError("malformed drift")
    return {**raw, "diagnostics": decode_diagnostics(raw.get("diagnostics"))}


def encode_page(value: dict[str, Any]) -> dict[str, Any]:
    return {**value, "diagnostics": encode_diagnostics(value["diagnostics"])}


def encode_sources(value: dict[str, Any]) -> dict[str, Any]:
    return {**value, "diagnostics": encode_diagnostics(value["diagnostics"])}


def decode_sources(raw: Any) -> dict[str, Any]:
    if not (isinstance(raw, dict) and isinstance(raw.get("count"), int) and isinstance(raw.get("drift"), bool)
            and isinstance(raw.get("ids"), list) and all(isinstance(i, str) for i in raw["ids"])
            and isinstance(raw.get("changed"), list)):
        raise TypeError("malformed sources verdict")
    for item in raw["changed"]:
        if not (isinstance(item, dict) and all(isinstance(item.get(k), str) for k in CHANGED_TEXTS)
                and isinstance(item.get("at"), list) and len(item["at"]) == 3 and isinstance(item["at"][0], str)
                and isinstance(item["at"][1], int) and isinstance(item["at"][2], int)):
            raise TypeError("malformed changed source")
    return {**raw, "diagnostics": decode_diagnostics(raw.get("diagnostics"))}


#: What the sources' verdict keeps of each changed source (with ``at``: where its ``sha256`` is written).
CHANGED_TEXTS = ("id", "file", "path", "recorded", "sha256")


def changed_entry(source: Source, doc: Any) -> dict[str, Any]:
    assert source.recorded_sha256 is not None
    return {"id": source.id, "file": source.file, "path": str(source.path), "recorded": source.recorded_sha256,
            "sha256": source.sha256, "at": [doc.path, *doc.at(("sources", source.entry_index, "sha256"))]}


def decode_files(raw: Any) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(f, str) for f in raw):
        raise TypeError("malformed file list")
    return raw


# --------------------------------------------------------------------------- inputs


def regular_bytes(path: Path) -> bytes | None:
    """Return the bytes of ``path`` when it is a regular file (not a symbolic link), else None."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        return path.read_bytes()
    except OSError:
        return None




def stat_key(real: str, st: os.stat_result) -> str:
    """Return what the ``source-digests`` memo keys a file's sha256 by: its path and what any write changes."""
    return "\0".join(map(str, (real, *cache.stat_signature(st))))


def decode_digest(raw: Any) -> str:
    if not (isinstance(raw, str) and len(raw) == 64 and bytes.fromhex(raw).hex() == raw):
        raise TypeError("malformed digest")
    return raw


def sources_state(layout: Layout, raw: bytes, files: list[str], known: dict[str, str] | None = None,
                  digests: cache.Memo[str] | None = None) -> str:
    """Return the hash of sources.yaml (bytes, shown name) and of what each file it names is (target, bytes).

    ``known`` gets the sha256 (hex) of each named regular file read, by its path (see reviewed.Seen). With
    ``digests``, a file whose stat (device, inode, size, modification and change times) is the one its sha256
    was remembered with is not read again; a file changed in the last cache.RACY_SECONDS is always read.
    """
    from ..load.project import shown_path

    parts: list[str | bytes] = [raw, shown_path(layout.facts / SOURCES_FILE, layout), str(layout.root),
                                os.path.realpath(layout.root), os.path.realpath(layout.seeds)]
    root = str(layout.root)
    folders: dict[str, str] = {}  # a folder -> where it leads (the few folders the articles are in)
    for rel in files:
        path = os.path.join(root, rel)
        try:
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                real = os.path.realpath(path, strict=True)
                st = os.stat(real)
            else:  # os.path.realpath(path, strict=True), with each folder resolved once
                folder, name = os.path.split(path)
                found = folders.get(folder)
                if found is None:
                    found = folders[folder] = os.path.realpath(folder, strict=True)
                real = os.path.join(found, name)
            hexdigest = None
            if digests is not None and stat.S_ISREG(st.st_mode):
                hexdigest = digests.get(stat_key(real, st))
            if hexdigest is None:
                # Opened without waiting and looked at before reading: a named pipe or a device where an
                # article should be would block a plain open() forever; loading then reports it as not a
                # regular file.
                fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK)
                with os.fdopen(fd, "rb") as f:
                    st = os.fstat(f.fileno())
                    if not stat.S_ISREG(st.st_mode):
                        parts += [rel, real, "\0not a regular file"]
                        continue
                    data = f.read()
                hexdigest = hashlib.sha256(data).hexdigest()
                if digests is not None and cache.settled(st) and len(data) == st.st_size:
                    digests.put(stat_key(real, st), hexdigest)
            parts += [rel, real, bytes.fromhex(hexdigest)]
            if known is not None:
                known[real] = hexdigest
        except (OSError, ValueError):
            parts += [rel, "\0missing"]
    # What is stored under seeds/, whatever sources.yaml names: a missing file's message lists the files there
    # are, and sources.yaml's size limit grows with their number (load/yamlfile.py, sources_limit).
    parts.append("\0stored")
    for folder, dirs, names in sorted(os.walk(layout.seeds)):
        parts += [folder, "\0dirs", *sorted(dirs), "\0files", *sorted(names)]
    return cache.digest(*parts)


def entry_files(data: Any) -> list[str]:
    entries = data.get("sources", []) if isinstance(data, dict) else []
    return [str(e.get("file")) for e in entries if isinstance(e, dict)]


# --------------------------------------------------------------------------- the verdict of each fact


def fact_keys(base: str, page: Any) -> list[str]:
    """Return the key of each fact of ``page`` in memo ``fact-verdicts``: a hash of all its verdict is made from.

    That is ``base`` (the sources' state and the ids the templates write), the page's id and shown path, the
    page's own fields (all but its facts: its sections, say), the fact's place in the data, its data, where
    it starts (line and column) and the file's text from there to where the next fact starts: its nodes'
    positions are places in that text, and a diagnostic inside a string is placed by walking it. A fact moved
    or reworded has another key.
    """
    doc = page.doc
    data = doc.data if isinstance(doc.data, dict) else {}
    # repr() of plain data (YAML's: dicts, lists, strings, numbers, dates) is exact and tells the types apart
    header = repr({k: v for k, v in data.items() if k != "facts"})
    text = doc.text
    line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def index(line: int, column: int) -> int:  # as yaml_positions._index_of counts
        return line_starts[line - 1] + column - 1 if line <= len(line_starts) else len(text)

    common = cache.digest(base, "\0fact", page.id, page.path, header)
    at = [doc.at(f.at) for f in page.facts]
    starts = [index(*a) for a in at]
    out = []
    for i, fact in enumerate(page.facts):
        end = starts[i + 1] if i + 1 < len(starts) and starts[i + 1] > starts[i] else len(text)
        out.append(cache.digest(common, repr(fact.at), repr(at[i]), repr(doc._value(fact.at)), text[starts[i]:end]))
    return out


_NEWLINE = re.compile("\n")


def encode_fact(verdict: Any) -> list[Any]:
    """Return a fact's verdict as plain data: its diagnostics, and of each evidence what the page's texts read.

    Those are the source's words the quote covers (``Evidence.words``), not the whole paragraph: a verdict
    read back serves a check (diagnostics), never a build.
    """
    from ..load.memos import encode_mention

    return [encode_diagnostics(verdict.diagnostics),
            [[e.fact, e.citation, e.source, e.anchor, e.quote, e.words if e.spans else None,
              [encode_mention(m) for m in e.mentions]] for e in verdict.evidence]]


def decode_fact(raw: Any) -> Any:
    from ..load.memos import decode_mention
    from ..model.support import Evidence
    from .verifier import FactVerdict

    diags, evidence = raw
    out = []
    for fact, citation, source, anchor, quote, words, mentions in evidence:
        if not (isinstance(fact, str) and isinstance(citation, int) and isinstance(source, str)
                and isinstance(anchor, str) and isinstance(quote, str) and (words is None or isinstance(words, str))
                and isinstance(mentions, list)):
            raise TypeError("malformed evidence")
        out.append(Evidence(fact, citation, source, anchor, quote, words or "",
                            () if words is None else ((0, len(words)),), tuple(decode_mention(m) for m in mentions)))
    return FactVerdict(decode_diagnostics(diags), tuple(out))
