"""Safe YAML loading that remembers where every key and value came from.

PyYAML's loaders silently keep the last of two duplicate keys and lose line
numbers once data is constructed. Editors need both: duplicate keys are
errors here, and every value keeps its ``line:column`` so diagnostics can
point at it. Only plain YAML is accepted: no tags that build objects, no
anchors or aliases (which also rules out "billion laughs" expansion).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic

#: Facts files are hand-written text; anything larger is a mistake (or an attack).
MAX_BYTES = 2_000_000

Path_ = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class YamlDoc:
    """A loaded YAML document: plain data plus the position of every node."""

    path: str
    data: Any
    #: position (line, column), 1-based, of the value at each data path
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: position of the key of each mapping entry, by the entry's data path
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

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
             code: str = "content", notes: tuple[str, ...] = ()) -> Diagnostic:
        """Return an error diagnostic located at ``path`` in this document."""
        line, col = self.at(path, key=key)
        return Diagnostic(self.path, line, col, message, hint, code=code, notes=notes)


class YamlError(Exception):
    """A file that cannot be read as plain YAML; carries the diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


def read_text(path: Path, shown: str, *, max_bytes: int = MAX_BYTES, what: str = "file") -> str:
    """Return a file's text decoded as UTF-8, or raise YamlError saying what is wrong."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlError(Diagnostic(shown, 1, 1, f"{what} is {size:,} bytes; the limit is {max_bytes:,}",
                                       "split it into smaller files", code="too-large"))
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(Diagnostic(shown, 1, 1, f"cannot read {what}: {exc.strerror or exc}", code="io")) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless; editors' tools add it
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        enc = "UTF-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "a non-UTF-8 encoding (Latin-1 or Windows-1252?)"
        raise YamlError(Diagnostic(
            shown, line, col, f"{what} is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); it looks like {enc}",
            "re-save the file as UTF-8", code="encoding")) from None


def load(path: Path, shown: str) -> YamlDoc:
    """Return the YAML file at ``path`` as a YamlDoc, or raise YamlError."""
    text = read_text(path, shown)
    return loads(text, shown)


def loads(text: str, shown: str) -> YamlDoc:
    """Return ``text`` parsed as one plain YAML document, or raise YamlError."""
    for lineno, line in enumerate(text.splitlines(), 1):
        for col, ch in enumerate(line, 1):
            if (ord(ch) < 32 and ch != "\t") or ch in "\x7f\ufffe\uffff":
                raise YamlError(Diagnostic(shown, lineno, col, f"control character U+{ord(ch):04X} is not allowed",
                                           "delete it (it is invisible in most editors)", code="yaml"))
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or "invalid YAML").strip()
        if exc.context:
            problem = f"{exc.context.strip()}: {problem}" if "found" in problem else problem
        hint = None
        if "\t" in problem or "'\\t'" in problem or "tab" in problem:
            hint = "indent with spaces, not tabs"
        elif "mapping values are not allowed" in problem:
            hint = "a value containing ': ' must be quoted, or the indentation is off"
        elif "could not find expected ':'" in problem or "expected <block end>" in problem:
            hint = "check the indentation of this line against the one above"
        elif "found unexpected end of stream" in problem or "found unknown escape" in problem:
            hint = "a quoted string is not closed, or contains a stray quote character"
        raise YamlError(Diagnostic(shown, line, col, f"invalid YAML: {problem}", hint, code="yaml")) from None
    except yaml.YAMLError as exc:
        raise YamlError(Diagnostic(shown, 1, 1, f"invalid YAML: {exc}", code="yaml")) from None
    if not nodes or nodes[0] is None:
        raise YamlError(Diagnostic(shown, 1, 1, "file is empty", code="empty"))
    if len(nodes) > 1:
        m = nodes[1].start_mark
        raise YamlError(Diagnostic(shown, m.line + 1, m.column + 1,
                                   "more than one YAML document ('---') in one file", code="yaml"))
    doc = YamlDoc(shown, None)
    doc.data = _Builder(doc).build(nodes[0], ())
    return doc


class _Builder:
    """Turns a composed node graph into plain data, recording positions."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")  # only used to construct plain scalars

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> YamlError:
        m = node.start_mark
        return YamlError(Diagnostic(self.doc.path, m.line + 1, m.column + 1, message, hint, code="yaml"))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            raise self.fail(node, "anchors and aliases ('&name' / '*name') are not allowed in facts files",
                            "write the value out in full")
        self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(node, f"YAML tag '{node.tag}' is not allowed",
                            "remove the '!' tag; only plain strings, numbers, lists and mappings are accepted")
        self.doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if id(key_node) in self.seen:
                    raise self.fail(key_node, "anchors and aliases are not allowed in facts files")
                self.seen.add(id(key_node))
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(key_node, "mapping keys must be plain words", "remove '<<' merges and complex keys")
                key = str(self._scalar(key_node))
                kpath = path + (key,)
                if key in out:
                    first = self.doc.keys[kpath]
                    raise self.fail(key_node, f"duplicate key '{key}' (first defined at line {first[0]})",
                                    "YAML keeps only one of them; delete or rename one")
                self.doc.keys[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, kpath)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise self.fail(node, f"invalid value {node.value!r}: {exc}") from None
        if isinstance(value, (dt.date, dt.datetime)):
            # Unquoted 2023-09-13 becomes a date in YAML; facts compare dates as text.
            return node.value
        if isinstance(value, float) and value != value:
            raise self.fail(node, "'.nan' is not a number an article can state")
        return value
