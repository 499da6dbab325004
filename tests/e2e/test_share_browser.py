"""Issue 15, fact permalinks and fact cards in a real Chromium, against one real build of the shipped project.

A permalink lands on its fact; a card page embeds in an <iframe> on a page served from another 127.0.0.1 port
(another origin), using the snippet the card itself shows; cards work with JavaScript off; axe-core finds
nothing on a card or on the explainer with its new controls; nothing is requested off 127.0.0.1.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from browsing import DESKTOP, TARGET_VISIBLE_JS, Watch, open_page

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

@pytest.fixture(scope="module")
def built(shipped_build: Path) -> Path:
    """The shipped project's build (one per test process, shared with the other browser tests)."""
    return shipped_build


@pytest.fixture(scope="module")
def data(built: Path) -> dict[str, Any]:
    return json.loads((built / "facts.json").read_text("utf-8"))


@pytest.fixture
def site(built: Path, serve_directory) -> str:
    return serve_directory(built)


def _answer_and_listed(data: dict[str, Any], built: Path) -> list[str]:
    """Return one fact of the answer and two listed facts (ids from facts.json, placement from the page)."""
    text = (built / "index.html").read_text("utf-8")
    answer = re.search(r'<section class="answer".*?</section>', text, re.DOTALL)
    assert answer is not None
    ids = [f["id"] for f in data["facts"]]
    in_answer = [i for i in ids if f'id="{i}"' in answer.group(0)]
    listed = [i for i in ids if i not in in_answer]
    return [in_answer[1], listed[0], listed[-1]]


def test_a_permalink_lands_on_its_fact(page: Any, watch: Watch, site: str, data: dict[str, Any],
                                       built: Path) -> None:
    page.set_viewport_size(DESKTOP)
    for fact_id in _answer_and_listed(data, built):
        open_page(page, site)
        link = page.locator(f'a.permalink[href="#{fact_id}"]').first
        link.focus()
        assert page.evaluate("() => document.activeElement.matches(':focus-visible')")
        link.click()
        assert urlsplit(page.url).fragment == fact_id
        assert page.evaluate(TARGET_VISIBLE_JS) == {"id": fact_id, "visible": True}
        # the shared address opens on the fact too, in a fresh load
        page.goto("about:blank")
        open_page(page, urljoin(site, f"#{fact_id}"))
        assert page.evaluate(TARGET_VISIBLE_JS) == {"id": fact_id, "visible": True}


def test_copy_link_puts_the_facts_address_on_the_clipboard(context: Any, page: Any, watch: Watch, site: str,
                                                          data: dict[str, Any], built: Path) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rstrip("/"))
    open_page(page, site)
    fact_id = _answer_and_listed(data, built)[1]
    button = page.locator(f'a.permalink[href="#{fact_id}"] + button.copy-link')
    assert button.get_attribute("aria-label") == "Copy the link to this fact"
    button.click()
    page.wait_for_function("() => document.activeElement.textContent === 'Copied'")
    assert page.evaluate("() => navigator.clipboard.readText()") == urljoin(site, f"#{fact_id}")


def test_the_card_embeds_in_an_iframe_on_another_origin_with_its_own_snippet(
        page: Any, watch: Watch, site: str, built: Path, serve_directory, tmp_path: Path) -> None:
    fact_id = "distance-vladivostok"
    card = (built / "facts" / fact_id / "index.html").read_text("utf-8")
    snippet = html.unescape(re.search(r"<pre><code>(.*?)</code></pre>", card, re.DOTALL).group(1))  # type: ignore[union-attr]
    # Without site_url the snippet's address is the path from the site root: the embedder puts the site first.
    assert f'src="/facts/{fact_id}/"' in snippet
    embed = snippet.replace('src="/', f'src="{site}', 1)
    host = tmp_path / "host"
    host.mkdir()
    (host / "index.html").write_text(f"<!doctype html><html lang=en><title>Host</title><h1>Host</h1>{embed}",
                                     "utf-8")
    host_url = serve_directory(host)
    assert urlsplit(host_url).port != urlsplit(site).port
    open_page(page, host_url)
    frame_element = page.locator("iframe")
    frame_element.scroll_into_view_if_needed()
    frame = page.frame_locator("iframe")
    claim = frame.locator("h1.card-claim")
    claim.wait_for()
    assert claim.inner_text() == "It is about 1,500 km (930 miles) from the port of Vladivostok."
    assert frame.locator(".card-quotes li").count() == 2
    assert frame_element.get_attribute("title").startswith("Fact: It is about 1,500 km")
    box = frame_element.bounding_box()
    assert box is not None and 480 <= box["height"] <= 484  # the snippet's height, plus the default border
    # a source link inside the embed opens in the reader's tab, not in the frame
    frame.locator(".said-by a").first.click()
    page.wait_for_url(re.compile(re.escape(site) + r"sources/reuters/#"))
    assert page.evaluate(TARGET_VISIBLE_JS)["visible"] is True
    assert any(urlsplit(u).port == urlsplit(site).port for u in watch.requests)


def test_a_card_works_without_javascript(browser: Any, site: str, data: dict[str, Any]) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    watch = Watch(context)
    try:
        page = context.new_page()
        fact = next(f for f in data["facts"] if len(f["citations"]) > 1)
        open_page(page, urljoin(site, f"facts/{fact['id']}/"))
        quotes = page.locator(".card-quotes blockquote").all_inner_texts()
        assert [" ".join(q.split()) for q in quotes] == [" ".join(c["quote"].split()) for c in fact["citations"]]
        with page.expect_navigation(wait_until="load"):  # evaluated on the source page, not the card being left
            page.locator(".said-by a").nth(1).click()
        target = page.evaluate(TARGET_VISIBLE_JS)
        assert target is not None and target["id"] == fact["citations"][1]["paragraph"] and target["visible"]
        # back to the fact on its explainer
        open_page(page, urljoin(site, f"facts/{fact['id']}/"))
        with page.expect_navigation(wait_until="load"):
            page.locator(".kicker a").click()
        assert page.evaluate(TARGET_VISIBLE_JS) == {"id": fact["id"], "visible": True}
        # no script means no copy buttons: the permalinks are plain links
        open_page(page, site)
        assert page.locator("button.copy-link").count() == 0
        assert page.locator("a.permalink").count() == len(data["facts"])  # one each: "#" in the answer, else the text
        watch.assert_clean()
    finally:
        context.close()


def test_axe_finds_nothing_on_card_pages_and_the_explainer(page: Any, watch: Watch, site: str,
                                                          data: dict[str, Any]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    paths = [""] + [f"facts/{f['id']}/" for f in data["facts"][:: max(1, len(data["facts"]) // 6)]]
    for path in paths:
        open_page(page, urljoin(site, path))
        if not path:
            page.locator(".answer-cards summary").click()  # the disclosure open, its links checked too
        for v in axe.run(page).response["violations"]:
            problems.append(f"/{path}: {v['id']}: {v['help']} -- {[n['target'] for n in v['nodes'][:3]]}")
    assert problems == [], "\n".join(problems)
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in watch.requests if u.startswith("http"))
