"""Checks on a built site's files: internal links and fragments, and nothing executable.

Used by the link-integrity, hostile-input and XSS tests. Plain ``html.parser``: no network, no browser.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

#: Attributes holding a URL.
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "srcset", "cite"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class ParsedPage:
    """What the checks need from one HTML file."""

    ids: list[str] = field(default_factory=list)
    #: (tag, attribute, value) of every URL-valued attribute
    urls: list[tuple[str, str, str]] = field(default_factory=list)
    #: (tag, attrs) of every element
    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    #: text content outside <script>, <style> and <template>
    text: list[str] = field(default_factory=list)
    #: (attrs, body) of every <script>
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._raw: str | None = None  # tag whose content is not text (script/style/template)
        self._script_attrs: dict[str, str] = {}
        self._script_body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        self.page.elements.append((tag, a))
        if "id" in a:
            self.page.ids.append(a["id"])
        if tag == "a" and "name" in a:
            self.page.ids.append(a["name"])
        for k, v in a.items():
            if k in URL_ATTRS:
                self.page.urls.append((tag, k, v))
        if tag in ("script", "style", "template"):
            self._raw = tag
            self._script_attrs, self._script_body = a, []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style", "template"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._raw == tag:
            if tag == "script":
                self.page.scripts.append((self._script_attrs, "".join(self._script_body)))
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw:
            self._script_body.append(data)
        else:
            self.page.text.append(data)


def parse_html(path: Path) -> ParsedPage:
    """Return the parsed page at ``path``."""
    p = _Parser()
    p.feed(path.read_text("utf-8"))
    p.close()
    return p.page


def visible_text(page: ParsedPage) -> str:
    """Return the page's text content with runs of whitespace collapsed."""
    return " ".join(" ".join(page.text).split())


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.is_file())


def _target(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """Return (file inside the site the URL points at, fragment); file None for external URLs."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, ""
    path, fragment = urldefrag(url)
    path = unquote(path)
    if not path:
        return page, unquote(fragment)
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(fragment)


def broken_links(site: Path) -> list[str]:
    """Return every internal link or fragment of the built site that does not resolve, as 'page: url (why)'."""
    site = site.resolve()
    pages = {p: parse_html(p) for p in html_files(site)}
    problems: list[str] = []
    for page, parsed in pages.items():
        shown = page.relative_to(site).as_posix()
        for tag, attr, url in parsed.urls:
            if attr == "srcset" or (tag == "link" and url.startswith("data:")):
                continue
            target, fragment = _target(site, page, url)
            if target is None:
                continue
            if site not in target.parents and target != site:
                problems.append(f"{shown}: {url} (leads outside the site)")
                continue
            if not target.is_file():
                problems.append(f"{shown}: {url} (no such file {target.relative_to(site).as_posix()})")
                continue
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_html(target).ids
                if fragment not in ids:
                    problems.append(f"{shown}: {url} (no element with id '{fragment}')")
    return problems


def duplicate_ids(site: Path) -> list[str]:
    """Return 'page: id' for every id used more than once on a page (a fragment must name one element)."""
    out = []
    for page in html_files(site):
        seen: set[str] = set()
        for ident in parse_html(page).ids:
            if ident in seen:
                out.append(f"{page.relative_to(site).as_posix()}: {ident}")
            seen.add(ident)
    return out


_SCRIPT_URL = re.compile(r"^(javascript|vbscript|data):", re.I)


def executable_content(site: Path) -> list[str]:
    """Return everything in the site's HTML that could run script: the project emits none of it.

    Allowed: <script type="application/ld+json"> whose body is valid JSON (a breakout would not be),
    same-site <script src>, and the empty icon ``<link rel="icon" href="data:,">``.
    """
    found = []
    for page in html_files(site):
        shown = page.relative_to(site).as_posix()
        parsed = parse_html(page)
        for tag, attrs in parsed.elements:
            for k, v in attrs.items():
                if k.startswith("on"):
                    found.append(f"{shown}: <{tag} {k}=...> event handler")
                if k in URL_ATTRS:
                    squashed = re.sub(r"[\x00-\x20]", "", v)
                    if _SCRIPT_URL.match(squashed) and not (tag == "link" and squashed == "data:,"):
                        found.append(f"{shown}: <{tag} {k}={v[:60]!r}> script URL")
            if tag in ("iframe", "object", "embed", "base", "frame", "applet"):
                found.append(f"{shown}: <{tag}> element")
            if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
                found.append(f"{shown}: <meta http-equiv=refresh>")
        for attrs, body in parsed.scripts:
            if attrs.get("type") == "application/ld+json":
                try:
                    json.loads(body)
                except ValueError:
                    found.append(f"{shown}: JSON-LD script is not valid JSON (broken out of?): {body[:80]!r}")
            elif "src" in attrs and not urlsplit(attrs["src"]).scheme and not body.strip():
                continue
            else:
                found.append(f"{shown}: <script {attrs}> {body[:80]!r}")
    return found


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_formula_cells(csv_path: Path) -> list[str]:
    """Return every cell of a CSV file that a spreadsheet would run as a formula."""
    import csv

    with csv_path.open(newline="", encoding="utf-8") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    # Read with another separator (';' in most of Europe, tab, '|'), each piece of a cell is a cell.
    pieces = [piece.lstrip(" \u00a0") for cell in cells for piece in re.split(r"[,;\t|]", cell)]
    return [cell for cell in cells if cell[:1] in FORMULA_START] + [
        p for p in pieces if p[:1] in FORMULA_START and not re.fullmatch(r"[+-]\d[\d.,]*\s*", p)]
