"""The reader's page in a real browser (system Chromium + Playwright) against one real build.

What a reader does, checked the way a reader meets it: every citation marker on the explainer is clicked and
must land on the source paragraph holding the quoted words (the :target); hover and keyboard focus preview the
quote; the back-links return to the claim; nothing but the site itself is requested; axe-core finds nothing on
any built page; the page works with JavaScript off, on a 360 px phone, above the fold on a desktop, and in print.

The site is built once per test process (``site-builder build`` in a copy of the shipped project: the
``shipped_build`` fixture of tests/e2e/conftest.py, shared with tests/e2e/test_share_browser.py) and served from
127.0.0.1. Expected quotes come from the build's facts.json (the data contract), not from the page under test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from site_builder.text.normalise import normalise_text
from browsing import DESKTOP, TARGET_VISIBLE_JS, Watch, open_page

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
FOLD = 800  # px: "above the fold" on both the desktop and the phone

#: The target element's text without the links added around the article's words (↩ back-links, "Cited for").
TARGET_TEXT_JS = """() => {
  const t = document.querySelector(':target');
  if (!t) return null;
  const c = t.cloneNode(true);
  c.querySelectorAll('.backrefs, .cited-by').forEach(e => e.remove());
  return {id: t.id, text: c.textContent,
          marks: Array.from(t.querySelectorAll('mark'), m => m.textContent)};
}"""

# --------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def built(shipped_build: Path) -> Path:
    """The shipped project's build (one per test process, shared with the other browser tests)."""
    return shipped_build


@pytest.fixture(scope="module")
def data(built: Path) -> dict[str, Any]:
    return json.loads((built / "facts.json").read_text("utf-8"))


@pytest.fixture
def site(built: Path, serve_directory) -> str:
    """Base URL of the build served on 127.0.0.1 (ends in '/')."""
    return serve_directory(built)


def built_pages(built: Path, readers_only: bool = False) -> list[str]:
    """Every HTML page of the build as a URL path relative to the site root ('' is the home page).

    ``readers_only`` leaves out pages that are not for readers: those asking search engines not to index them
    (the editors' report), except the 404 page."""
    pages = []
    for html in sorted(built.rglob("*.html")):
        rel = html.relative_to(built).as_posix()
        if readers_only and rel != "404.html" and '<meta name="robots" content="noindex">' in html.read_text("utf-8"):
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def norm(text: str) -> str:
    return normalise_text(text)


def markers(page) -> list[dict[str, str]]:
    """Every citation marker on the open page: its absolute href and footnote number."""
    return page.eval_on_selector_all(
        "a.cite", "els => els.map(a => ({href: a.href, note: a.dataset.note, text: a.textContent}))")


def quotes_by_url(data: dict[str, Any], site: str) -> dict[str, set[str]]:
    """facts.json: absolute paragraph URL -> normalised quotes that cite it."""
    out: dict[str, set[str]] = {}
    for fact in data["facts"]:
        base = urljoin(site, fact["page_url"])
        for c in fact["citations"]:
            out.setdefault(urljoin(base, c["url"]), set()).add(norm(c["quote"]))
    return out


def footnote(page, note: str) -> dict[str, str]:
    return page.eval_on_selector(
        f"#note-{note}", "li => ({quote: li.querySelector('q').textContent, source: li.querySelector('.src').textContent})")


def assert_lands_on_quote(page, url: str, quote: str, where: str) -> None:
    """The open page is ``url``; its :target is the paragraph and highlights ``quote``."""
    anchor = urldefrag(url).fragment
    assert page.url == url, f"{where}: landed on {page.url}, expected {url}"
    target = page.evaluate(TARGET_TEXT_JS)
    assert target is not None, f"{where}: no :target on {page.url}"
    assert target["id"] == anchor, f"{where}: :target is #{target['id']}, expected #{anchor}"
    assert quote in norm(target["text"]), f"{where}: quote {quote!r} not in #{anchor}: {target['text']!r}"
    assert any(quote in norm(m) for m in target["marks"]), f"{where}: quote {quote!r} not highlighted in #{anchor}"
    assert page.evaluate(TARGET_VISIBLE_JS)["visible"], f"{where}: #{anchor} is not on screen"


# --------------------------------------------------------------------------------------------- citations


def test_every_citation_marker_lands_on_the_highlighted_quote(page, watch, site, data):
    open_page(page, site)
    found = markers(page)
    expected = quotes_by_url(data, site)
    n_citations = sum(len(f["citations"]) for f in data["facts"])
    assert len({m["note"] for m in found}) == n_citations, "every citation has a footnote number on the page"
    assert {m["href"] for m in found} == set(expected), "markers link to exactly the cited paragraphs"

    notes = {m["note"]: footnote(page, m["note"]) for m in found}
    for i, m in enumerate(found):
        quote = norm(notes[m["note"]]["quote"])
        assert quote in expected[m["href"]], f"marker {m['text']}: footnote quote is not cited for {m['href']}"
        open_page(page, site)
        with page.expect_navigation():
            page.locator("a.cite").nth(i).click()
        assert_lands_on_quote(page, m["href"], quote, f"marker #{i} {m['text']}")
    watch.assert_clean()


def test_preview_on_hover_and_keyboard_focus_shows_quote_and_source(page, watch, site, data):
    open_page(page, site)
    names = {s["id"]: s["name"] for s in data["sources"]}
    found = markers(page)
    cite = page.locator("a.cite")
    preview = page.locator(".preview")
    for i, m in enumerate(found):
        note = footnote(page, m["note"])
        cite.nth(i).hover()
        assert preview.count() == 1 and preview.is_visible(), f"marker {m['text']}: no preview on hover"
        text = norm(preview.inner_text())
        assert norm(note["quote"]) in text, f"marker {m['text']}: preview {text!r} lacks the quote"
        assert any(norm(n) in text for n in names.values()), f"marker {m['text']}: preview {text!r} names no source"
        assert norm(note["source"]) in text
        assert cite.nth(i).get_attribute("aria-describedby") == preview.get_attribute("id")
        page.keyboard.press("Escape")
        assert preview.count() == 0, f"marker {m['text']}: Escape left the preview open"
        page.mouse.move(0, 0)

    # Keyboard only: Tab from the top of the page to the first marker.
    open_page(page, site)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.cite')"):
            break
    else:
        pytest.fail("no citation marker reached with Tab")
    note = footnote(page, page.evaluate("document.activeElement.dataset.note"))
    assert preview.is_visible(), "no preview on keyboard focus"
    assert norm(note["quote"]) in norm(preview.inner_text())
    assert norm(note["source"]) in norm(preview.inner_text())
    page.keyboard.press("Escape")
    assert preview.count() == 0, "Escape left the preview open"
    page.keyboard.press("Tab")  # the next marker gets its own preview
    if page.evaluate("document.activeElement.matches('a.cite')"):
        assert preview.is_visible()
    watch.assert_clean()


def test_back_links_on_source_pages_return_to_the_claim(page, watch, site, data):
    fact_ids = {f["id"] for f in data["facts"]}
    # facts.json: fact id -> the absolute URLs of the paragraphs it cites
    cites = {f["id"]: {urljoin(urljoin(site, f["page_url"]), c["url"]) for c in f["citations"]} for f in data["facts"]}
    checked = set()
    for s in data["sources"]:
        source_url = urljoin(site, s["page_url"])
        open_page(page, source_url)
        links = page.eval_on_selector_all(
            "a.backref", "els => els.map(a => ({href: a.href, para: a.closest('.para').id}))")
        assert links, f"{s['id']}: no ↩ back-links"
        for i, link in enumerate(links):
            href = link["href"]
            fid = urldefrag(href).fragment
            assert fid in fact_ids, f"↩ {href} names no fact"
            assert f"{source_url}#{link['para']}" in cites[fid], f"↩ in #{link['para']} leads to {fid}, which does not cite it"
            if href in checked:
                continue
            checked.add(href)
            open_page(page, source_url)
            with page.expect_navigation():
                page.locator("a.backref").nth(i).click()
            assert page.url == href
            target = page.evaluate(TARGET_VISIBLE_JS)
            assert target == {"id": fid, "visible": True}, f"↩ {href}: {target}"
            assert norm(page.eval_on_selector(":target", "e => e.textContent")), "the claim has text"
    assert {urldefrag(h).fragment for h in checked} == fact_ids, "every claim is reached from its source paragraphs"
    watch.assert_clean()


def test_footnote_back_links_return_to_the_claim(page, watch, site):
    open_page(page, site)
    back = page.eval_on_selector_all(".footnotes a.back", "els => els.map(a => a.getAttribute('href'))")
    assert back
    for i, href in enumerate(back):
        page.locator(".footnotes a.back").nth(i).click()
        target = page.evaluate(TARGET_VISIBLE_JS)
        assert target == {"id": href[1:], "visible": True}, f"footnote ↩ {href}: {target}"
    watch.assert_clean()


# --------------------------------------------------------------------------------------------- every page


def test_no_console_errors_no_offsite_requests_zero_axe_violations_on_every_page(page, watch, site, built):
    from axe_playwright_python.sync_playwright import Axe

    pages = built_pages(built)
    sources = [p for p in pages if p.startswith("sources/") and p != "sources/"]
    assert {"", "sources/", "about/", "404.html"} <= set(pages) and len(sources) == 2, pages
    axe = Axe()
    problems = []
    for path in pages:
        open_page(page, urljoin(site, path))
        result = axe.run(page)
        for v in result.response["violations"]:
            nodes = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
            problems.append(f"/{path}: {v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']} -- {nodes}")
    assert problems == [], "axe-core violations:\n" + "\n".join(problems)
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in watch.requests if u.startswith("http"))
    assert len(watch.requests) >= len(pages)
    watch.assert_clean()


# --------------------------------------------------------------------------------------------- no JavaScript


def test_without_javascript_markers_are_plain_links_and_footnotes_link_back(browser, site, data):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    watch = Watch(context)
    try:
        page = context.new_page()
        open_page(page, site)
        found = markers(page)
        expected = quotes_by_url(data, site)
        # Every distinct paragraph, through the first marker that links to it.
        seen: set[str] = set()
        for i, m in enumerate(found):
            if m["href"] in seen:
                continue
            seen.add(m["href"])
            quote = norm(footnote(page, m["note"])["quote"])
            assert quote in expected[m["href"]]
            page.locator("a.cite").nth(i).hover()
            assert page.locator(".preview").count() == 0, "a preview appeared with JavaScript off"
            with page.expect_navigation():
                page.locator("a.cite").nth(i).click()
            assert_lands_on_quote(page, m["href"], quote, f"(no JS) marker {m['text']}")
            open_page(page, site)
        assert seen == set(expected)

        # The footnote list: each note quotes the words, links to the paragraph, and links back to each claim.
        notes = page.locator(".footnotes li")
        assert notes.count() == len({m["note"] for m in found})
        for fid in dict.fromkeys(page.eval_on_selector_all(
                ".footnotes a.back", "els => els.map(a => a.getAttribute('href').slice(1))")):
            page.locator(f'.footnotes a.back[href="#{fid}"]').first.click()
            assert page.evaluate(TARGET_VISIBLE_JS) == {"id": fid, "visible": True}
        first = page.locator(".footnotes a.src").first
        href = first.evaluate("a => a.href")
        quote = norm(page.locator(".footnotes q").first.text_content())
        with page.expect_navigation():
            first.click()
        assert_lands_on_quote(page, href, quote, "(no JS) first footnote link")
        watch.assert_clean()
    finally:
        context.close()


# --------------------------------------------------------------------------------------------- layouts


def test_phone_360px_no_horizontal_scroll_and_answer_first(browser, site, built):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    watch = Watch(context)
    try:
        page = context.new_page()
        for path in built_pages(built, readers_only=True):
            open_page(page, urljoin(site, path))
            width = page.evaluate("document.scrollingElement.scrollWidth")
            assert width <= PHONE["width"], f"/{path}: {width} px wide on a {PHONE['width']} px phone"
        open_page(page, site)
        first = page.locator(".answer .claim").first.bounding_box()
        heading = page.locator("#figures-h").bounding_box()
        assert first and first["y"] + first["height"] <= FOLD, f"answer's first sentence ends at {first}"
        assert heading and heading["y"] + heading["height"] <= FOLD, f"'Key figures' heading at {heading}"
        assert page.locator("#figures-h").inner_text() == "Key figures"
        watch.assert_clean()
    finally:
        context.close()


def test_desktop_answer_and_key_figures_above_the_fold(page, watch, site):
    page.set_viewport_size(DESKTOP)
    open_page(page, site)
    for selector in ("h1", ".answer", ".key-figures"):
        box = page.locator(selector).bounding_box()
        assert box and box["y"] + box["height"] <= DESKTOP["height"], f"{selector} ends at {box}"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= DESKTOP["width"]
    watch.assert_clean()


def test_print_shows_source_links_as_text_and_hides_navigation(page, watch, site):
    open_page(page, site)
    page.emulate_media(media="print")
    assert page.eval_on_selector(".site-header", "e => getComputedStyle(e).display") == "none"
    assert page.eval_on_selector("nav", "e => e.offsetParent === null && e.getClientRects().length === 0")
    assert page.eval_on_selector(".footnotes", "e => getComputedStyle(e).display") != "none"
    links = page.eval_on_selector_all(
        ".footnotes a.src",
        "els => els.map(a => ({href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content,"
        " shown: a.getClientRects().length > 0}))")
    assert links
    for link in links:
        assert link["shown"], link
        assert link["href"] in link["after"], f"printed footnote link lacks its address: {link}"
    # Citation markers stay in the printed text, so each claim still points at its numbered footnote.
    assert page.eval_on_selector("a.cite", "e => getComputedStyle(e).display") != "none"
    watch.assert_clean()
