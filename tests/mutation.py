"""Mutants of a real project's facts file, checked in-process: every one must fail with a located error.

Three kinds, as the claims rules promise to catch them:

* ``digit``: one digit of a number in a claim, ``short``, label, place or page text changed (d -> d+1);
* ``word``: one word inside a phrase a claim (or short) puts in quotation marks changed (its last letter);
* ``cut``: a quote cut so that it starts or ends inside one of the numbers it covers.

The first two edit the file's text at the exact character (its position comes from the YAML positions),
so the error must point at that line; cuts replace the quote in memory and the error must point at the
quote. Sources are read and indexed once per project; each mutant costs one YAML parse and one verify.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterator

from site_builder.check import claims
from site_builder.load import schema
from site_builder.diagnostics import Diagnostic
from site_builder.load.facts import load_page
from site_builder.model.project import Layout
from site_builder.check.project import load_project
from site_builder.check.verifier import Verifier
from site_builder.load.yamlfile import YamlError, loads

PAGE_TEXT_FIELDS = (("page", "title"), ("page", "question"), ("page", "description"))
FACT_TEXT_FIELDS = ("claim", "short", "label", "place")


@dataclass(frozen=True)
class Mutant:
    """One change to a facts file, and where its error must be reported."""

    kind: str  # "digit", "word", "cut"
    what: str  # for the failure message
    line: int  # the error must be on this line ...
    column: int  # ... at or before this column (the figure or phrase starts there)
    last_line: int = 0  # for a cut, the error may be anywhere from ``line`` to here (the quote's lines)
    text: str | None = None  # the changed file text (digit, word)
    cut: tuple[int, int, str] | None = None  # (fact index, citation index, new quote)


def offset(text: str, line: int, column: int) -> int:
    """Return the index in ``text`` of the 1-based ``line`` and ``column``."""
    lines = text.splitlines(keepends=True)
    return sum(len(ln) for ln in lines[: line - 1]) + column - 1


@functools.cache
def project(root: Path, page_file: str) -> Project:
    """Return the mutation Project of ``root``'s facts file ``page_file``, made once per test process.

    Nothing mutates a Project (each mutant is a new text checked against the same verifier), so the unit and
    end-to-end mutation tests of one worker share it.
    """
    return Project(root, page_file)


class Project:
    """A real project's sources, verified once, and one of its facts files to mutate."""

    def __init__(self, root: Path, page_file: str) -> None:
        self.root = root
        loaded = load_project(Layout(root))
        assert loaded.ok, [d.format() for d in loaded.diagnostics]
        self.sources = loaded.sources
        self.verifier = Verifier(loaded.sources)
        self.shown = f"facts/{page_file}"
        self.page_id = Path(page_file).stem
        self.text = (root / "facts" / page_file).read_text("utf-8")
        self.doc = loads(self.text, self.shown)
        self.result = self.verifier.verify([load_page(self.page_id, self.doc)])
        assert not self.result.diagnostics, [d.format() for d in self.result.diagnostics]

    def check(self, text: str, cut: tuple[int, int, str] | None = None) -> list[Diagnostic]:
        """Return the errors `check` reports for the facts file ``text`` (with one quote replaced by ``cut``)."""
        return [d for d in self.diagnostics(text, cut) if d.severity == "error"]

    def diagnostics(self, text: str, cut: tuple[int, int, str] | None = None) -> list[Diagnostic]:
        """Return everything `check` reports for the facts file ``text`` (errors and warnings)."""
        try:
            doc = loads(text, self.shown)
        except YamlError as exc:
            return [exc.diagnostic]
        found = schema.validate(doc, "facts")
        if found:
            return found
        page = load_page(self.page_id, doc)
        if cut is not None:
            i, j, quote = cut
            fact = page.facts[i]
            cites = list(fact.citations)
            cites[j] = dataclasses.replace(cites[j], quote=quote)
            page.facts[i] = dataclasses.replace(fact, citations=tuple(cites))
        return list(self.verifier.verify([page]).diagnostics)

    # ------------------------------------------------------------------ mutants

    def _texts(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        data = self.doc.data
        for at in PAGE_TEXT_FIELDS:
            value = data.get(at[0], {}).get(at[1])
            if isinstance(value, str):
                yield at, value
        for k, sec in enumerate(data.get("sections", [])):
            yield ("sections", k, "title"), sec["title"]
        for k, comp in enumerate(data.get("comparisons", [])):
            for key in ("title", "note"):
                if isinstance(comp.get(key), str):
                    yield ("comparisons", k, key), comp[key]
        for i, fact in enumerate(data["facts"]):
            for key in FACT_TEXT_FIELDS:
                if isinstance(fact.get(key), str):
                    yield ("facts", i, key), fact[key]

    def _file_index(self, at: tuple[str | int, ...], offset: int) -> int:
        line, col = self.doc.position_in(at, offset)
        lines = self.text.split("\n")
        return sum(len(x) + 1 for x in lines[:line - 1]) + col - 1

    def digit_mutants(self) -> Iterator[Mutant]:
        """Yield one mutant per digit of every reader-visible text: that digit plus one (9 -> 0)."""
        for at, value in self._texts():
            for k, ch in enumerate(value):
                if not ch.isdigit():
                    continue
                index = self._file_index(at, k)
                assert self.text[index] == ch, (at, k, self.text[index - 5:index + 5])
                new = str((int(ch) + 1) % 10)
                line, col = self.doc.position_in(at, k)
                changed = self.text[:index] + new + self.text[index + 1:]
                yield Mutant("digit", f"{'.'.join(map(str, at))}: {value[:k]}[{ch}->{new}]{value[k + 1:k + 20]}",
                             line, col, text=changed)

    def word_mutants(self) -> Iterator[Mutant]:
        """Yield one mutant per word inside each phrase a claim or short puts in quotation marks."""
        for at, value in self._texts():
            if at[0] != "facts":
                continue
            for start, end, _ in claims._quoted_phrases(value):
                for m in re.finditer(r"\w+", value[start:end]):
                    k = start + m.start()
                    word = m.group()
                    index = self._file_index(at, k)
                    assert self.text[index:index + len(word)] == word, (at, word)
                    last = word[-1]
                    new = word[:-1] + ("q" if last.lower() != "q" else "z")
                    line, col = self.doc.position_in(at, k)
                    changed = self.text[:index] + new + self.text[index + len(word):]
                    yield Mutant("word", f"{'.'.join(map(str, at))}: “…{word}->{new}…”", line, col, text=changed)

    def cut_mutants(self) -> Iterator[Mutant]:
        """Yield, for each number of two or more digits a quote covers, the quote cut to start and to end inside it."""
        for i, fact in enumerate(self.doc.data["facts"]):
            for j, _ in enumerate(fact["citations"]):
                check = self.result.checks[fact["id"]]
                ev = next((e for e in check.evidence if e.citation == j), None)
                assert ev is not None
                start, end = ev.spans[0]
                para = ev.paragraph
                line, col = self.doc.at(("facts", i, "citations", j, "quote"))
                last = self.doc.position_in(("facts", i, "citations", j, "quote"), len(ev.quote.rstrip()) - 1)[0]
                for m in re.finditer(r"\d[\d,. \u00a0]*\d", para[start:end]):
                    a = start + m.start()
                    inner = a + 1  # between the number's first and second digit
                    yield Mutant("cut", f"{fact['id']}[{j}] ends inside {m.group()!r}", line, col,
                                 last, cut=(i, j, para[start:inner]))
                    yield Mutant("cut", f"{fact['id']}[{j}] starts inside {m.group()!r}", line, col,
                                 last, cut=(i, j, para[inner:end]))

    def mutants(self) -> list[Mutant]:
        """Return every mutant of the facts file."""
        return [*self.digit_mutants(), *self.word_mutants(), *self.cut_mutants()]

    def caught(self, mutant: Mutant) -> bool:
        """Return True when the mutant fails the check with an error where it was made.

        A changed figure or word: on its line, at or before its column. A cut quote: on the quote's lines.
        """
        errors = self.check(mutant.text if mutant.text is not None else self.text, mutant.cut)
        if mutant.cut is not None:
            return any(d.path == self.shown and mutant.line <= d.line <= max(mutant.line, mutant.last_line)
                       for d in errors)
        return any(d.path == self.shown and d.line == mutant.line and d.column <= mutant.column for d in errors)
