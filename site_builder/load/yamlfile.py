"""Safe YAML loading that remembers where every key and value came from.

PyYAML's loaders silently keep the last of two duplicate keys and lose line
numbers once data is constructed. Editors need both: duplicate keys are
errors here, and every value keeps its ``line:column`` so diagnostics can
point at it. Only plain YAML is accepted: no tags that build objects, no
anchors or aliases (which also rules out "billion laughs" expansion).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Code, Diagnostic, SiteBuilderError
from ..text import invisible
from .yaml_build import _FORBIDDEN, NodeBuilder, load_fast
from .yaml_loader import _PlainLoader, _Refused
from .yaml_positions import _index_of, _position, _walk

#: Facts files are hand-written text; anything larger is a mistake (or an attack).
MAX_BYTES = 2_000_000
#: ``sources.yaml`` lists every stored article (an entry is about 600 bytes: a desk of 10,000 articles writes
#: 5.6 MB), so its limit grows with the articles stored: MAX_BYTES, plus this much per file under seeds/.
#: A runaway or hostile file in a project of few articles is refused as before (parsing YAML takes about
#: 100 times the file's size in memory when it is all tiny items).
SOURCES_BYTES_PER_ARTICLE = 1_000


def sources_limit(seeds: Path) -> int:
    """Return the size limit of ``sources.yaml`` for the articles stored under ``seeds`` (counted, not read)."""
    count = 0
    try:
        for _folder, _dirs, files in os.walk(seeds):
            count += len(files)
    except OSError:
        pass
    return MAX_BYTES + SOURCES_BYTES_PER_ARTICLE * count

Path_ = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """A loaded YAML document: plain data plus the position of every node."""

    path: str
    data: Any
    #: position (line, column), 1-based, of the value at each data path
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: position of the key of each mapping entry, by the entry's data path
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: the file's text, so a position inside a scalar can be worked out (see :meth:`position_in`)
    text: str = field(default="", repr=False)

    def at(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Return the position of ``path``, falling back to its nearest ancestor."""
        p = tuple(path)
        while True:
            if key and p in self.keys:
                return self.keys[p]
            if p in self.values:
                return self.values[p]
            if not p:
                return (1, 1)
            p = p[:-1]

    def diag(self, path: Path_, message: str, hint: str | None = None, *, key: bool = False,
             code: str = Code.CONTENT, notes: tuple[str, ...] = (), offset: int | None = None,
             severity: str = "error") -> Diagnostic:
        """Return a diagnostic located at ``path`` in this document (at character ``offset`` of its string value)."""
        line, col = self.at(path, key=key) if offset is None else self.position_in(path, offset)
        return Diagnostic(self.path, line, col, message, hint, code=code, notes=notes,
                          severity=severity)  # type: ignore[arg-type]

    def position_in(self, path: Path_, offset: int) -> tuple[int, int]:
        """Return the (line, column) in the file of character ``offset`` of the string at ``path``.

        The string's characters are walked against the file's, from where its node starts: plain,
        single- and double-quoted, literal and folded scalars all keep each non-space character in
        order, and only whitespace, line breaks, indentation, the opening quote and escapes differ.
        Where the walk cannot follow (an escape that writes another character), the node's own
        position is returned: the line is then still right for a one-line scalar.
        """
        start = self.values.get(tuple(path))
        value = self._value(path)
        if start is None or not isinstance(value, str) or not self.text or not 0 <= offset < len(value):
            return self.at(path)
        index = _index_of(self.text, *start)
        found = _walk(self.text, index, value, offset)
        return start if found is None else _position(self.text, found)

    def _value(self, path: Path_) -> Any:
        node: Any = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node


class YamlError(SiteBuilderError):
    """A file that cannot be read as plain YAML; carries the diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


def read_text(path: Path, shown: str, *, max_bytes: int = MAX_BYTES, what: str = "file") -> str:
    """Return a file's text decoded as UTF-8, or raise YamlError saying what is wrong."""
    return read_bytes_and_text(path, shown, max_bytes=max_bytes, what=what)[1]


def read_bytes_and_text(path: Path, shown: str, *, max_bytes: int = MAX_BYTES, what: str = "file") -> tuple[bytes, str]:
    """Return a file's bytes, as read once, and its text decoded as UTF-8; or raise YamlError saying what is wrong."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlError(Diagnostic(shown, 1, 1, f"{what} is {size:,} bytes; the limit is {max_bytes:,}",
                                       "split it into smaller files", code=Code.TOO_LARGE))
        data = path.read_bytes()
    except OSError as exc:
        raise YamlError(Diagnostic(shown, 1, 1, f"cannot read {what}: {exc.strerror or exc}", code=Code.IO)) from None
    raw = data
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless; editors' tools add it
    try:
        return data, raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        # Columns count characters, as editors do, not bytes.
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
        enc = "UTF-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "a non-UTF-8 encoding (Latin-1 or Windows-1252?)"
        raise YamlError(Diagnostic(
            shown, line, col, f"{what} is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); it looks like {enc}",
            "re-save the file as UTF-8", code=Code.ENCODING)) from None


def load(path: Path, shown: str, *, max_bytes: int = MAX_BYTES) -> YamlDoc:
    """Return the YAML file at ``path`` (at most ``max_bytes`` long) as a YamlDoc, or raise YamlError."""
    text = read_text(path, shown, max_bytes=max_bytes)
    return loads(text, shown)


def loads(text: str, shown: str) -> YamlDoc:
    """Return ``text`` parsed as one plain YAML document, or raise YamlError."""
    from . import memos

    return memos.yaml_doc(  # type: ignore[no-any-return]
        text, lambda: _loads(text, shown), lambda data, values, keys: YamlDoc(shown, data, values, keys, text=text))


def _loads(text: str, shown: str) -> YamlDoc:
    bad = _FORBIDDEN.search(text)
    if bad:
        line, col = _position(text, bad.start())
        ch = bad.group()
        what = {"\r": "carriage return without a line feed", "\x85": "next-line character U+0085",
                "\u2028": "line separator U+2028", "\u2029": "paragraph separator U+2029"}.get(
            ch, f"control character U+{ord(ch):04X}")
        raise YamlError(Diagnostic(shown, line, col, f"{what} is not allowed",
                                   "delete it or replace it with a space (it is invisible in most editors)", code=Code.YAML))
    hidden = invisible.find(text)
    if hidden:
        line, col = _position(text, hidden.start())
        raise YamlError(Diagnostic(shown, line, col, f"invisible format character {invisible.name(hidden.group())} "
                                   "is not allowed: it changes how the text displays without showing itself",
                                   "delete it (most editors do not show it; 'cat -A' or a hex view does)",
                                   code=Code.INVISIBLE))
    try:
        fast = load_fast(text)
    except _Refused as exc:
        raise _located(shown, exc) from None
    if fast is not None:
        return YamlDoc(shown, *fast, text=text)
    return _load_careful(text, shown)


def _load_careful(text: str, shown: str) -> YamlDoc:
    """Return ``text`` read by PyYAML's pure-Python composer (located messages for every mistake), or raise YamlError."""
    loader = _PlainLoader(text)
    try:
        nodes = []
        while loader.check_node():
            nodes.append(loader.get_node())
            if len(nodes) > 1:
                break
    except _Refused as exc:
        raise _located(shown, exc) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or "invalid YAML").strip()
        if (exc.context and "quoted scalar" in exc.context and exc.context_mark is not None
                and ("end of stream" in problem or "document separator" in problem)):
            # The scanner only notices at the end of the file (or the next quote): point at the opening quote.
            end = f" (reached line {exc.problem_mark.line + 1})" if exc.problem_mark else ""
            mark, problem = exc.context_mark, f"the quoted text starting here is not closed{end}"
        elif exc.context:
            problem = f"{exc.context.strip()}: {problem}" if "found" in problem else problem
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        hint = None
        if "\t" in problem or "'\\t'" in problem or "tab" in problem:
            hint = "indent with spaces, not tabs"
        elif "mapping values are not allowed" in problem:
            hint = "a value containing ': ' must be quoted, or the indentation is off"
        elif "could not find expected ':'" in problem or "expected <block end>" in problem:
            hint = "check the indentation of this line against the one above"
        elif "not closed" in problem:
            hint = "a quoted string is not closed, or contains a stray quote character"
        elif "unknown escape" in problem:
            hint = "in double quotes a backslash starts an escape: write \\\\ for a backslash, or use single quotes"
        raise YamlError(Diagnostic(shown, line, col, f"invalid YAML: {problem}", hint, code=Code.YAML)) from None
    except yaml.reader.ReaderError as exc:
        line, col = _position(text, exc.position)
        raise YamlError(Diagnostic(shown, line, col, f"invalid YAML: character U+{exc.character:04X} is not allowed"
                                   if isinstance(exc.character, int) else f"invalid YAML: {exc.reason}", code=Code.YAML)) from None
    except yaml.YAMLError as exc:
        raise YamlError(Diagnostic(shown, 1, 1, f"invalid YAML: {exc}", code=Code.YAML)) from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops nesting long before the stack runs out
        line, col = _position(text, loader.get_mark().index)
        raise YamlError(Diagnostic(shown, line, col, "nested too deeply", code=Code.YAML)) from None
    finally:
        loader.dispose()
    if not nodes or nodes[0] is None:
        raise YamlError(Diagnostic(shown, 1, 1, "file is empty", code=Code.EMPTY))
    if len(nodes) > 1 and nodes[1] is not None:
        m = nodes[1].start_mark
        raise YamlError(Diagnostic(shown, m.line + 1, m.column + 1,
                                   "more than one YAML document ('---') in one file", code=Code.YAML))
    doc = YamlDoc(shown, None, text=text)
    try:
        doc.data = NodeBuilder(doc.values, doc.keys).build(nodes[0], ())
    except _Refused as exc:
        raise _located(shown, exc) from None
    return doc


def _located(shown: str, exc: _Refused) -> YamlError:
    return YamlError(Diagnostic(shown, exc.mark.line + 1, exc.mark.column + 1, exc.message, exc.hint, code=Code.YAML))
