"""Fetching a cited article once: ``add-source URL`` and ``sources refresh ID``.

The only network access the tool makes (``check`` and ``build`` read the
stored copy). One GET through urllib3, the HTTP client trafilatura already
brings: http(s) only (every redirect hop too), a connect and read timeout plus
an overall deadline, a size cap read as the body streams in, at most
``MAX_REDIRECTS`` redirects with loops caught, an honest User-Agent, and only
an HTML page or a PDF accepted.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from dataclasses import dataclass

import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError, ReadTimeoutError, SSLError
from urllib3.exceptions import ConnectTimeoutError, LocationParseError

from ..version import __version__

USER_AGENT = f"site-builder/{__version__} (fact-sheet generator; stores one copy of a cited article)"
TIMEOUT = 20.0
MAX_BYTES = 20_000_000
MAX_REDIRECTS = 5
#: What a cited page may be, by content type, and the file suffix it is stored with.
ACCEPTED = {"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf"}
SAVE_HINT = "open the page in your browser, save it ('Save page as…'), and add the saved file"


class FetchError(Exception):
    """The address could not be fetched as an article: a one-line message and a hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Fetched:
    """An article as the server sent it."""

    url: str  # as asked for
    final_url: str  # after redirects
    data: bytes
    suffix: str  # .html or .pdf
    content_type: str


def check_url(url: str) -> urllib.parse.SplitResult:
    """Return the parts of an http(s) address; raise FetchError for any other scheme or a malformed one."""
    if not isinstance(url, str) or re.search(r"[\x00-\x20\x7f]", url):
        raise FetchError(f"'{url}' is not a web address (it has spaces or control characters)",
                         "give the address as the browser's address bar shows it")
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        what = f"a {scheme}: address" if scheme else "not a web address"
        raise FetchError(f"'{url}' is {what}; only http:// and https:// addresses are fetched",
                         "give the article's web address, or the path of a saved file")
    if not parts.hostname:
        raise FetchError(f"'{url}' has no host name", "give the whole address, e.g. https://example.org/story")
    return parts


def _reason(exc: BaseException) -> str:
    while isinstance(exc, MaxRetryError) and exc.reason is not None:
        exc = exc.reason
    if isinstance(exc, (ReadTimeoutError, ConnectTimeoutError)):
        return "timeout"
    if isinstance(exc, NewConnectionError):
        return f"could not connect ({str(exc).split(': ', 1)[-1]})"
    if isinstance(exc, SSLError):
        return "the secure connection failed (TLS certificate or protocol)"
    return str(exc) or exc.__class__.__name__


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
          max_redirects: int = MAX_REDIRECTS) -> Fetched:
    """Return the article at ``url`` (an HTML page or a PDF), fetched once; raise FetchError otherwise."""
    check_url(url)
    deadline = time.monotonic() + timeout * 3
    http = urllib3.PoolManager(headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,"
                                        "application/pdf;q=0.9,*/*;q=0.1", "Accept-Encoding": "gzip, deflate"},
                               timeout=urllib3.Timeout(connect=timeout, read=timeout), retries=False)
    seen = [url]
    current = url
    try:
        while True:
            try:
                response = http.request("GET", current, redirect=False, preload_content=False)
            except LocationParseError:
                raise FetchError(f"'{current}' is not a valid web address", "check the address") from None
            except (Urllib3Error, OSError) as exc:
                reason = _reason(exc)
                if reason == "timeout":
                    raise FetchError(f"no answer within {timeout:g} s (timeout)",
                                     f"try again later, or {SAVE_HINT}") from None
                raise FetchError(f"{reason}", f"check the address, or {SAVE_HINT}") from None
            try:
                if response.status in (301, 302, 303, 307, 308):
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(f"redirect ({response.status}) without a Location",
                                         SAVE_HINT)
                    target = urllib.parse.urljoin(current, location.strip())
                    try:
                        check_url(target)
                    except FetchError:
                        raise FetchError(f"{current} redirects to '{target}', which is not an http(s) address",
                                         SAVE_HINT) from None
                    if target in seen:
                        raise FetchError(f"redirect loop ({' -> '.join(seen + [target])})", SAVE_HINT)
                    if len(seen) > max_redirects:
                        raise FetchError(f"more than {max_redirects} redirects", SAVE_HINT)
                    seen.append(target)
                    current = target
                    continue
                if response.status >= 400 or response.status < 200 or response.status >= 300:
                    why = response.reason or ""
                    raise FetchError(f"the server answered {response.status} {why}".rstrip(),
                                     "check the address" + ("; the page may need a login: " + SAVE_HINT
                                                            if response.status in (401, 402, 403) else
                                                            f", or {SAVE_HINT}"))
                content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                suffix = ACCEPTED.get(content_type)
                if suffix is None:
                    raise FetchError(f"the server sent {content_type or 'content of no stated type'}, "
                                     "not a web page or a PDF",
                                     "give the address of the article's page, or download the file and add it")
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise FetchError(f"the page is {int(length):,} bytes, over the {max_bytes:,}-byte "
                                     "limit", SAVE_HINT)
                data = bytearray()
                for chunk in response.stream(65536, decode_content=True):
                    data += chunk
                    if len(data) > max_bytes:
                        raise FetchError(f"the page is over the {max_bytes:,}-byte limit", SAVE_HINT)
                    if time.monotonic() > deadline:
                        raise FetchError(f"the page took longer than {timeout * 3:g} s to arrive (timeout)",
                                         f"try again later, or {SAVE_HINT}")
                if suffix == ".pdf" and not bytes(data[:1024]).lstrip().startswith(b"%PDF-"):
                    raise FetchError(f"the server said PDF but sent something else", SAVE_HINT)
                return Fetched(url, current, bytes(data), suffix, content_type)
            except (ProtocolError, ReadTimeoutError, Urllib3Error, OSError) as exc:
                reason = _reason(exc)
                if reason == "timeout":
                    raise FetchError(f"the page stopped arriving (timeout after {timeout:g} s)",
                                     f"try again later, or {SAVE_HINT}") from None
                raise FetchError(f"the connection broke ({reason})", f"try again, or {SAVE_HINT}") from None
            finally:
                response.release_conn()
    finally:
        http.clear()


def file_name_for(url: str, suffix: str) -> str:
    """Return a file name for a fetched page in seeds/: its host and last path words, e.g. herald-example-bridge.html."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "page").removeprefix("www.")
    words = [w for w in re.split(r"[^A-Za-z0-9]+", urllib.parse.unquote(parts.path)) if w]
    stem = "-".join([*re.split(r"[^A-Za-z0-9]+", host), *words[-6:]]).strip("-").lower()[:80].strip("-")
    stem = re.sub(r"-(html?|pdf|php|aspx?)$", "", stem) or "page"
    return f"{stem}{suffix}"
