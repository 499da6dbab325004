"""A saved web page (or one fetched from a URL): its article text through trafilatura, and what the page
states about itself (JSON-LD, OpenGraph, ``<meta>``).

The page's own bytes are the archive of record; this module reads them the
same way on every build. Decoding is deterministic (byte-order mark, then the
page's declared charset, then UTF-8, then Windows-1252: never a statistical
guess), figure captions are kept as captions (trafilatura drops ``<figure>``),
and each block is mapped back to the line of the stored file where its element
starts, so ``file:line`` in messages points into the saved page.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any
from collections.abc import Iterator

import lxml.etree
import lxml.html
import trafilatura

from ..diagnostics import Code
from .document import Block, Extracted, ExtractError, Metadata

#: Fewer words than this in the whole extraction is not an article (a login wall, a cookie page, an app shell).
MIN_ARTICLE_WORDS = 20
#: A short extraction that says one of these is the stub a wall shows instead of the article.
_WALL = re.compile(r"subscribe to (continue|read)|(log|sign) in to (continue|read)|already a (subscriber|member)"
                   r"|to continue reading|create a free account|enable javascript|you have reached your limit"
                   r"|are you a robot|access denied", re.IGNORECASE)
WALL_MAX_WORDS = 80
NO_TEXT_HINT = "save the page after it loads, or give the text file"
#: Marks a figure caption through trafilatura (which keeps paragraphs but drops figures); removed after.
_CAPTION = "\u27e6caption\u27e7 "
_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                  "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "Report", "ScholarlyArticle",
                  "LiveBlogPosting", "WebPage"}
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "dd", "dt", "td", "th",
               "pre", "div", "caption", "summary", "section", "article", "span", "a", "em", "strong", "b", "i"}
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DATE = re.compile(r"^\s*(\d{4})(?:[-/](\d{2})(?:[-/](\d{2}))?)?(?:$|[T ]|\s)")
_SAVED_FROM = re.compile(rb"<!-- saved from url=\(\d+\)(https?://[^\s>]+) -->")
LIMITS = {"title": 300, "byline": 200, "publisher": 120}


# --------------------------------------------------------------------------- decoding


def _declared_charset(head: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", head, re.IGNORECASE)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes) -> str:
    """Return the page's text: by its byte-order mark, else its declared charset, else UTF-8, else Windows-1252."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace")
    declared = _declared_charset(data[:4096])
    # A page that declares UTF-16 in ASCII bytes is not UTF-16 (the HTML standard reads it as UTF-8).
    if declared and not declared.startswith("utf-16"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _parse(text: str) -> lxml.html.HtmlElement:
    # lxml refuses str input carrying an XML encoding declaration; the text is decoded already.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        raise ExtractError("the page is empty or not HTML", NO_TEXT_HINT, Code.SOURCE_EMPTY) from None
    return tree


# --------------------------------------------------------------------------- metadata


def _one_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _date(value: Any) -> str | None:
    m = _DATE.match(value) if isinstance(value, str) else None
    if not m:
        return None
    year, month, day = m.groups()
    if (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
        return None
    return "-".join(part for part in (year, month, day) if part)


def _names(value: Any) -> list[str]:
    """Return the names in a JSON-LD author/publisher value (a string, an object, or a list of them)."""
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        name = _one_line(value.get("name"))
        return [name] if name else []
    name = _one_line(value)
    return [name] if name and not name.startswith(("http://", "https://")) else []


def _joined(names: list[str]) -> str | None:
    names = list(dict.fromkeys(names))
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _jsonld_items(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
                yield item


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k in _ARTICLE_TYPES for k in kinds)


def _language(value: Any) -> str | None:
    text = _one_line(value)
    if not text:
        return None
    parts = text.replace("_", "-").split("-")
    tag = "-".join([parts[0].lower()] + parts[1:])
    return tag if _LANG.match(tag) else None


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    text = _one_line(value)
    return text if text and re.match(r"^https?://[^\s<>\"']+$", text) and len(text) <= 2000 else None


def metadata(tree: lxml.html.HtmlElement, data: bytes) -> Metadata:
    """Return what the page states about itself: JSON-LD first, then OpenGraph and <meta>, then <title>."""
    candidates: dict[str, list[tuple[str | None, str]]] = {k: [] for k in
                                                            ("title", "byline", "publisher", "published", "url", "language")}

    def offer(key: str, value: str | None, where: str) -> None:
        candidates[key].append((value, where))

    articles = [item for item in _jsonld_items(tree) if _is_article(item)]
    # A NewsArticle describes the story; a WebPage item only the page around it.
    articles.sort(key=lambda item: item.get("@type") == "WebPage")
    for item in articles:
        offer("title", _one_line(item.get("headline") or item.get("name")), "JSON-LD headline")
        offer("byline", _joined(_names(item.get("author"))), "JSON-LD author")
        offer("publisher", _joined(_names(item.get("publisher"))), "JSON-LD publisher")
        offer("published", _date(item.get("datePublished")), "JSON-LD datePublished")
        offer("url", _url(item.get("url")) or _url(item.get("mainEntityOfPage")), "JSON-LD url")
        offer("language", _language(item.get("inLanguage")), "JSON-LD inLanguage")
    meta: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content is not None and key not in meta:
            meta[key] = content
    for key, names in (("title", ("og:title", "citation_title", "dc.title")),
                       ("byline", ("author", "article:author", "citation_author", "dc.creator")),
                       ("publisher", ("og:site_name", "citation_publisher", "dc.publisher")),
                       ("published", ("article:published_time", "citation_publication_date", "datepublished",
                                      "dc.date", "date")),
                       ("url", ("og:url",)),
                       ("language", ("og:locale", "dc.language"))):
        for name in names:
            if name in meta:
                parse = {"published": _date, "url": _url, "language": _language}.get(key, _one_line)
                value = parse(meta[name])
                if key == "byline" and value and value.startswith(("http://", "https://")):
                    value = None  # article:author is often a profile address, not a name
                offer(key, value, f"<meta {name}>")
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            offer("url", _url(link.get("href")), "<link rel=canonical>")
    saved = _SAVED_FROM.search(data[:2048])
    if saved:
        offer("url", _url(saved.group(1).decode("ascii", "replace")), "the browser's 'saved from' note")
    offer("language", _language(tree.get("lang")), "<html lang>")
    title = tree.find(".//title")
    if title is not None:
        offer("title", _one_line(title.text_content()), "<title>")
    chosen: dict[str, str] = {}
    found: dict[str, str] = {}
    for key, offers in candidates.items():
        for value, where in offers:
            if value and len(value) <= LIMITS.get(key, 2000):
                chosen[key], found[key] = value, where
                break
    return Metadata(**chosen, found=found)


# --------------------------------------------------------------------------- article text


def _mark_captions(tree: lxml.html.HtmlElement) -> None:
    """Replace each <figure> that has a caption by a paragraph holding the marked caption (in place)."""
    for caption in list(tree.iter("figcaption")):
        text = " ".join(caption.text_content().split())
        figure = next((a for a in caption.iterancestors() if a.tag == "figure"), None)
        parent = figure.getparent() if figure is not None else None
        if not text or figure is None or parent is None:
            continue
        p = lxml.html.Element("p")
        p.text = _CAPTION + text
        p.tail = figure.tail
        parent.replace(figure, p)


def _text(el: lxml.etree._Element) -> str:
    """Return an element's text with trafilatura's <lb/> as line breaks and spaces collapsed on each line."""
    parts: list[str] = []

    def walk(e: lxml.etree._Element) -> None:
        if e.tag == "lb":
            parts.append("\n")
        elif e.text:
            parts.append(e.text)
        for child in e:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _blocks(xml: str) -> list[tuple[str, str]]:
    """Return (kind, text) of each block of trafilatura's XML output, in order."""
    root = lxml.etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    out: list[tuple[str, str]] = []

    def walk(el: lxml.etree._Element, inside: str | None) -> None:
        for child in el:
            tag = child.tag
            if tag in ("p", "head"):
                text = _text(child)
                if not text:
                    continue
                kind = "heading" if tag == "head" else inside or "paragraph"
                if text.startswith(_CAPTION.strip()):
                    kind, text = "caption", text[len(_CAPTION.strip()):].strip()
                if text:
                    out.append((kind, text))
            elif tag == "quote":
                if len(child) == 0:
                    text = _text(child)
                    if text:
                        out.append(("quote", text))
                else:
                    walk(child, "quote")
            elif tag == "list":
                walk(child, "list-item")
            elif tag == "item":
                nested = [c for c in child if c.tag == "list"]
                for c in nested:
                    child.remove(c)
                text = _text(child)
                if text:
                    out.append(("list-item", text))
                for c in nested:
                    walk(c, "list-item")
            elif tag == "table":
                for row in child.iter("row"):
                    text = " | ".join(t for t in (_text(cell) for cell in row.iter("cell")) if t)
                    if text:
                        out.append(("paragraph", text))
            elif tag in ("div", "main", "section"):
                walk(child, inside)
            elif tag in ("graphic", "comments", "ref"):
                continue
            else:
                text = _text(child)
                if text:
                    out.append((inside or "paragraph", text))
    if main is not None:
        walk(main, None)
    return out


def _key(text: str) -> str:
    return " ".join(text.replace(_CAPTION, "").split()).casefold()


def _lines(tree: lxml.html.HtmlElement, blocks: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """Return the (first, last) line in the stored page of each block, found in document order."""
    elements = [(el.sourceline or 1, _key(el.text_content()), el) for el in tree.iter()
                if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS]
    out: list[tuple[int, int]] = []
    pos, last = 0, 1
    for _kind, text in blocks:
        want = _key(text)
        hit = None
        for k in range(pos, len(elements)):
            if elements[k][1] == want:
                hit = k
                break
        if hit is None:
            prefix = want[:60]
            hit = next((k for k in range(pos, len(elements)) if prefix and prefix in elements[k][1]), None)
        if hit is None:
            out.append((last, last))
            continue
        line, _, el = elements[hit]
        end = max([d.sourceline or line for d in el.iter() if isinstance(d.tag, str)] + [line])
        out.append((line, end))
        pos, last = hit + 1, line
    return out


def extract_html(data: bytes) -> Extracted:
    """Return the article text and metadata of a stored web page; raise ExtractError when it has no article."""
    text = decode(data)
    tree = _parse(text)
    meta = metadata(tree, data)
    work = _parse(text)  # trafilatura changes the tree it reads
    _mark_captions(work)
    xml = trafilatura.extract(work, output_format="xml", favor_precision=True, include_comments=False,
                              include_tables=True, include_images=False, include_formatting=False,
                              include_links=False, deduplicate=False, with_metadata=False)
    blocks = _blocks(xml) if xml else []
    words = sum(len(t.split()) for _, t in blocks)
    body = " ".join(t for _, t in blocks)
    if not blocks or words < MIN_ARTICLE_WORDS or (words <= WALL_MAX_WORDS and _WALL.search(body)):
        found = f" (only: \"{body[:80]}\")" if body else ""
        raise ExtractError(f"the page has no article text{found}: a login wall, a paywall or a page that "
                           "builds its text with JavaScript", NO_TEXT_HINT, Code.SOURCE_EMPTY)
    lines = _lines(tree, blocks)
    return Extracted(tuple(Block(t, a, b, kind) for (kind, t), (a, b) in zip(blocks, lines, strict=True)), meta)
