"""Real sources made by the tests: a news page as a browser saves it, PDF reports, a web server on 127.0.0.1.

The news page has everything a real one has around the article (cookie banner, header, navigation, share
bar, an inline ad, a figure with its caption, JSON-LD and OpenGraph, related stories, "most read", a footer,
tracking scripts), so the tests can tell the article from the furniture. The PDFs are drawn with fpdf2: a
three-page report with a running header, "Page N of 3" footers and a word hyphenated at a line end; an
image-only "scan"; an encrypted one.
"""

from __future__ import annotations

import http.server
import io
import threading
import time
from dataclasses import dataclass, field

#: The article's own blocks, in order: (kind, text). Exactly these must come out of the page.
ARTICLE = [
    ("paragraph", "The harbour bridge will reopen to traffic on Saturday after a two-year repair that cost "
                  "£48 million, the city council said on Friday."),
    ("paragraph", "Engineers replaced all 212 of the bridge's steel cables and resurfaced its 1.2 km deck, work "
                  "that closed the crossing to cars in March 2022."),
    ("caption", "The harbour bridge, photographed in February 2024, carried 40,000 vehicles a day before it "
                "closed."),
    ("heading", "Traffic returns"),
    ("paragraph", "Council leader Maria Oduya said buses would be the first vehicles across, at 6am on Saturday."),
    ("quote", "“We promised the city its bridge back, and we have kept that promise,” Oduya said."),
    ("paragraph", "The repairs were needed after inspectors found corrosion in 2021. Work continues on the "
                  "pedestrian walkway, which will open in May:"),
    ("list-item", "new lighting along the walkway;"),
    ("list-item", "a widened cycle lane on the north side."),
    ("paragraph", "Tolls will not return, the council confirmed."),
]

#: Text on the page that is not the article: none of it may be quotable.
FURNITURE = [
    "We use cookies to improve your experience", "Accept all cookies", "Sport", "Business", "Opinion",
    "Share on X", "Share on Facebook", "ADVERTISEMENT", "Get 50% off your first month", "Related stories",
    "Tunnel plan shelved after cost rises", "Most read", "Celebrity chef opens harbour restaurant",
    "All rights reserved", "Privacy policy", "Contact us", "gtag", "dataLayer", "charset", "font-family",
]

METADATA = {"title": "Harbour bridge to reopen after two-year repair", "byline": "Ana Ruiz",
            "publisher": "The Herald", "published": "2024-03-02",
            "url": "https://herald.example/news/bridge-reopens", "language": "en-GB"}


def news_page(replace: dict[str, str] | None = None, canonical: str = METADATA["url"]) -> bytes:
    """Return the news page's bytes (UTF-8), with article texts replaced as ``replace`` says."""
    texts = {text: text for _kind, text in ARTICLE}
    for old, new in (replace or {}).items():
        assert old in texts, old
        texts[old] = new
    t = [texts[text] for _kind, text in ARTICLE]
    html = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Harbour bridge to reopen after two-year repair | The Herald</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="The city's harbour bridge reopens on Saturday.">
<meta property="og:title" content="Harbour bridge to reopen after two-year repair">
<meta property="og:site_name" content="The Herald">
<meta property="og:url" content="{canonical}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-03-02T08:15:00+00:00">
<link rel="canonical" href="{canonical}">
<link rel="stylesheet" href="https://cdn.herald.example/css/site.css">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}} gtag('js', new Date());</script>
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour bridge to reopen after two-year repair",
 "datePublished": "2024-03-02T08:15:00+00:00", "dateModified": "2024-03-02T10:00:00+00:00",
 "author": [{{"@type": "Person", "name": "Ana Ruiz"}}],
 "publisher": {{"@type": "Organization", "name": "The Herald", "logo": {{"@type": "ImageObject", "url": "https://herald.example/logo.png"}}}},
 "mainEntityOfPage": "{canonical}", "inLanguage": "en-GB"}}
</script>
<style>body{{font-family:sans-serif}} .ad-slot{{background:#eee}}</style>
</head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience. By continuing you accept our cookie policy.</p><button>Accept all cookies</button></div>
<header class="site-header"><a href="/" class="logo">The Herald</a>
<nav class="main-nav"><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
</header>
<main>
<article class="story">
<h1>Harbour bridge to reopen after two-year repair</h1>
<p class="byline">By <a href="/authors/ana-ruiz">Ana Ruiz</a>, Transport correspondent</p>
<time datetime="2024-03-02T08:15:00+00:00">2 March 2024</time>
<div class="share-bar"><a href="https://twitter.com/share">Share on X</a> <a href="https://facebook.com/sharer">Share on Facebook</a> <a href="mailto:?">Email</a></div>
<div class="article-body">
<p>{t[0]}</p>
<p>{t[1]}</p>
<figure><img src="/img/bridge.jpg" alt="The bridge at dusk"><figcaption>{t[2]}</figcaption></figure>
<h2>{t[3]}</h2>
<p>{t[4]}</p>
<div class="ad-slot advertisement" id="ad-inline-1"><p>ADVERTISEMENT</p><p>Get 50% off your first month of Herald Premium!</p></div>
<blockquote><p>{t[5]}</p></blockquote>
<p>{t[6]}</p>
<ul>
<li>{t[7]}</li>
<li>{t[8]}</li>
</ul>
<p>{t[9]}</p>
</div>
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/news/tunnel">Tunnel plan shelved after cost rises</a></li><li><a href="/news/ferry">Ferry timetable cut for the winter</a></li></ul></aside>
<aside class="most-read"><h2>Most read</h2><ol><li><a href="/a">Celebrity chef opens harbour restaurant</a></li><li><a href="/b">Rain expected all weekend</a></li></ol></aside>
</main>
<footer class="site-footer"><p>© 2024 The Herald Media Group. All rights reserved.</p><nav><a href="/privacy">Privacy policy</a> · <a href="/terms">Terms</a> · <a href="/contact">Contact us</a></nav></footer>
<script>document.querySelector('#cookie-banner button').onclick = function () {{ this.parentNode.remove(); }};</script>
</body>
</html>
"""
    return html.encode("utf-8")


PAYWALL = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bridge to reopen | The Herald</title>
<meta property="og:title" content="Bridge to reopen"></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><h1>Bridge to reopen</h1><div class="paywall"><p>Subscribe to continue reading.</p>
<p>Already a subscriber? <a href="/login">Log in</a></p></div></main>
<footer><p>&copy; 2024 The Herald</p></footer></body></html>
"""

APP_SHELL = b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>The Herald</title>
<script src="/static/app.js"></script></head><body><div id="root"></div>
<noscript>You need to enable JavaScript to run this app.</noscript></body></html>
"""

# ------------------------------------------------------------------------------------------------ PDFs

#: The report's paragraphs as they must come out: (page, text).
REPORT = [
    (1, "Summary"),
    (1, "The inspection of the harbour bridge found corrosion in 38 of its 212 steel cables. The authority "
        "closed the bridge to cars in March 2022."),
    (2, "The repair cost 48 million pounds, paid by the city council. Work on the walkway will continue until "
        "May 2024, when the path reopens to cyclists."),
    (2, "A second paragraph on page two."),
    (3, "Tolls will not return."),
]
#: How the report draws them: each page's paragraphs, as lines (the third breaks "reopens" with a hyphen).
_REPORT_LINES = {
    1: [["Summary"],
        ["The inspection of the harbour bridge found corrosion in 38 of its 212",
         "steel cables. The authority closed the bridge to cars in March 2022."]],
    2: [["The repair cost 48 million pounds, paid by the city council. Work on the",
         "walkway will continue until May 2024, when the path reo-",
         "pens to cyclists."],
        ["A second paragraph on page two."]],
    3: [["Tolls will not return."]],
}
REPORT_HEADER = "Harbour Authority - Bridge inspection report 2024"


def report_pdf(*, encrypt: bool = False) -> bytes:
    """Return a three-page report: running header, 'Page N of 3' footers, a hyphenated line break."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title("Harbour bridge inspection report")
    pdf.set_author("Harbour Authority")
    pdf.set_creation_date(__import__("datetime").datetime(2024, 3, 1, tzinfo=__import__("datetime").timezone.utc))
    pdf.set_auto_page_break(False)
    if encrypt:
        from fpdf.enums import EncryptionMethod

        pdf.set_encryption(owner_password="owner", user_password="secret", encryption_method=EncryptionMethod.RC4)
    for n, paragraphs in _REPORT_LINES.items():
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.set_xy(20, 10)
        pdf.cell(170, 5, REPORT_HEADER)
        pdf.set_font("Helvetica", size=11)
        pdf.set_xy(20, 30)
        for lines in paragraphs:
            for line in lines:
                pdf.set_x(20)
                pdf.cell(170, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)
        pdf.set_font("Helvetica", size=9)
        pdf.set_xy(20, 285)
        pdf.cell(170, 5, f"Page {n} of 3", align="C")
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """Return a two-page PDF of images only (what a scanner makes): no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    pdf = FPDF(format="A4")
    for _ in (1, 2):
        image = Image.new("L", (400, 560), 255)
        draw = ImageDraw.Draw(image)
        for row in range(20, 540, 24):
            draw.rectangle((30, row, 370, row + 10), fill=40)  # lines of "text" as ink
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        pdf.add_page()
        pdf.image(buf, x=10, y=10, w=190)
    return bytes(pdf.output())


# ------------------------------------------------------------------------------------------------ server


@dataclass
class Route:
    """What the test server answers at one path."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    length: int | None = None  # a Content-Length to claim (None: the body's)


class Site:
    """A real HTTP server on 127.0.0.1 whose routes a test sets; records each request's User-Agent."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.user_agents: list[str] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.user_agents.append(self.headers.get("User-Agent", ""))
                route = site.routes.get(self.path.split("?")[0])
                if route is None:
                    route = Route(404, b"<html><body><p>Not found</p></body></html>")
                if route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    if route.content_type:
                        self.send_header("Content-Type", route.content_type)
                    for k, v in route.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(route.length if route.length is not None
                                                           else len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

