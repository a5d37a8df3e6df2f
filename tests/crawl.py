"""Crawl the site as a visitor would, for tests: from the start pages, follow every link to
this site (GET only, breadth first, a bounded number of pages and at most a few of each
shape), then fetch every static file the pages reference.

How a page is fetched is kept apart from which links are followed: a `Fetcher` gets one
path. `HTTPFetcher` talks to a real server over HTTP (tests/production/, gunicorn with
DEBUG off); `ClientFetcher` uses Django's test client in this process (tests/test_crawl.py).

The problems a crawl reports: a server error (5xx) anywhere, a page without a
Content-Security-Policy header, a page whose <title> is empty or holds markup, a link to a
page that is not found, a static file that is missing, empty or of the wrong type. Links
that sign out and downloads (`<a download>`, such as the report PDFs, seconds of work each)
are recorded and not fetched.
"""

from __future__ import annotations

import http.client
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from typing import Protocol
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

URL_SAFE = "/?&=%:@!$'()*+,;~#[]"


@dataclass(frozen=True)
class Fetched:
    path: str  # the path and query asked for
    status: int
    headers: Mapping[str, str]  # names in lower case
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type == "text/html"


class Fetcher(Protocol):
    def get(self, path: str) -> Fetched: ...


@dataclass(frozen=True)
class Link:
    url: str  # as written in the page
    asset: bool  # a static file the page loads, rather than a page it links to
    download: bool = False


class _LinkFinder(HTMLParser):
    ASSET_RELS = frozenset({"stylesheet", "icon", "preload", "modulepreload", "manifest"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "a" and attributes.get("href"):
            self.links.append(Link(attributes["href"], False, "download" in attributes))
        elif tag == "link" and attributes.get("href"):
            rels = set(attributes.get("rel", "").lower().split())
            if rels & self.ASSET_RELS:
                self.links.append(Link(attributes["href"], True))
        elif tag in {"script", "img", "source", "iframe"} and attributes.get("src"):
            self.links.append(Link(attributes["src"], True))


def find_links(html: str) -> list[Link]:
    finder = _LinkFinder()
    finder.feed(html)
    finder.close()
    return finder.links


def local_path(url: str, base: str, origin: str) -> str | None:
    """The path and query of `url` (found on the page at path `base`) when it points at this
    site, else None. Fragments are dropped."""
    parts = urlsplit(urljoin(base, url.strip()))
    if parts.scheme not in {"", "http", "https"}:
        return None  # mailto:, tel:, javascript: ...
    if parts.netloc and parts.netloc != urlsplit(origin).netloc:
        return None
    # As a browser does: characters a URL may not hold (a space) are percent-encoded.
    return quote(urlunsplit(("", "", parts.path or "/", parts.query, "")), safe=URL_SAFE)


def shape_of(path: str) -> str:
    """Pages of one shape: the path with its numbers blanked and the names of its query
    parameters ('/measures/#/?period'), so the crawl sees each kind of page, not every one."""
    parts = urlsplit(path)
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "#", parts.path) + ("?" + "&".join(names) if names else "")


SIGN_OUT = re.compile(r"/(log-?out|sign-?out)/?$")


@dataclass
class Crawl:
    """What a crawl fetched and found."""

    pages: dict[str, Fetched] = field(default_factory=dict)
    assets: dict[str, str] = field(default_factory=dict)  # static file -> a page using it
    skipped: dict[str, str] = field(default_factory=dict)  # path -> why it was not fetched
    problems: list[str] = field(default_factory=list)

    def statuses(self) -> Counter:
        return Counter(page.status for page in self.pages.values())


def crawl(
    fetcher: Fetcher,
    start: Iterable[str] = ("/",),
    *,
    origin: str = "http://testserver",
    max_pages: int = 100,
    per_shape: int = 2,
    static_prefix: str = "/static/",
    skip: Callable[[str], str | None] = lambda path: None,
    at_once: int = 1,
) -> Crawl:
    """Follow links breadth first from `start`; `skip(path)` may name a reason to leave a
    page alone. Static files are collected in `Crawl.assets` for `check_assets`.

    `at_once` pages are fetched together (threads: a fetcher over HTTP to a server with
    several workers; Django's test client is for one thread). They are the next pages in
    the queue, taken and read in its order, so the pages fetched, and what is found, are
    the same whatever `at_once` is: a page's links join the queue behind every page
    already in it."""
    result = Crawl()
    queue: deque[tuple[str, str]] = deque((path, "(start)") for path in start)
    queued = {path for path, _ in queue}
    shapes: Counter[str] = Counter()
    while queue and len(result.pages) < max_pages:
        batch: list[tuple[str, str]] = []
        while queue and len(batch) < min(at_once, max_pages - len(result.pages)):
            path, referrer = queue.popleft()
            reason = "signs out" if SIGN_OUT.search(urlsplit(path).path) else skip(path)
            if reason:
                result.skipped[path] = reason
                continue
            shape = shape_of(path)
            if shapes[shape] >= per_shape:
                result.skipped[path] = f"{per_shape} pages of its shape seen"
                continue
            shapes[shape] += 1
            batch.append((path, referrer))
        fetched = fetch_all(fetcher, [path for path, _ in batch], at_once)
        for (path, referrer), page in zip(batch, fetched, strict=True):
            result.pages[path] = page
            result.problems.extend(page_problems(page, referrer))
            for target, found_on, link in _targets(page, path, origin):
                if link.asset or target.startswith(static_prefix):
                    result.assets.setdefault(target, found_on)
                elif link.download:
                    result.skipped.setdefault(target, "a download")
                elif target not in queued:
                    queued.add(target)
                    queue.append((target, found_on))
    for path, _ in queue:
        result.skipped.setdefault(path, f"past the {max_pages}-page limit")
    return result


def fetch_all(fetcher: Fetcher, paths: list[str], at_once: int) -> list[Fetched]:
    """Each path fetched, in order: in this thread when one at a time (Django's test client
    must stay in the test's thread, with its database connection), else `at_once` together
    in threads."""
    if at_once == 1:
        return [fetcher.get(path) for path in paths]
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        return list(pool.map(fetcher.get, paths))


def _targets(page: Fetched, path: str, origin: str) -> Iterator[tuple[str, str, Link]]:
    """(path on this site, the page it was found on, the link) for each link a page gives:
    its redirect, and the links and static files of an HTML page."""
    targets: list[tuple[Link, str]] = []
    if 300 <= page.status < 400 and page.headers.get("location"):
        targets.append((Link(page.headers["location"], False), path))
    if page.is_html and page.status < 400:
        html = page.body.decode("utf-8", "replace")
        targets.extend((link, path) for link in find_links(html))
    for link, found_on in targets:
        target = local_path(link.url, found_on, origin)
        if target is not None:
            yield target, found_on, link


def page_problems(page: Fetched, referrer: str) -> list[str]:
    where = f"{page.path} (linked from {referrer})"
    problems = []
    if page.status >= 500:
        problems.append(f"{page.status} at {where}")
    if page.status == 404:
        problems.append(f"404 Not Found at {where}")
    if "content-security-policy" not in page.headers:
        problems.append(f"no Content-Security-Policy header at {where}")
    if page.is_html:
        title = TITLE.search(page.body.decode(errors="replace"))
        if title and ("<" in title["text"] or not title["text"].strip()):
            problems.append(f"a <title> that is empty or holds markup at {where}")
    return problems


# A page's title, as a browser's tab and a screen reader announce it: plain words, never the
# markup of a template block left open.
TITLE = re.compile(r"<title>(?P<text>.*?)</title>", re.DOTALL | re.IGNORECASE)


CONTENT_TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".woff2": "font/woff2",
}


def check_assets(
    fetcher: Fetcher, assets: Mapping[str, str], at_once: int = 1
) -> dict[str, Fetched]:
    """Fetch each static file once (`at_once` together, as `crawl`); `asset_problems` says
    what is wrong with them."""
    paths = sorted(assets)
    return dict(zip(paths, fetch_all(fetcher, paths, at_once), strict=True))


def asset_problems(fetched: Mapping[str, Fetched], assets: Mapping[str, str]) -> list[str]:
    problems = []
    for path, response in fetched.items():
        where = f"{path} (used by {assets.get(path, '?')})"
        suffix = "." + urlsplit(path).path.rsplit(".", 1)[-1].lower()
        wanted = CONTENT_TYPES.get(suffix)
        if response.status != 200:
            problems.append(f"static file {where} answered {response.status}")
        elif not response.body:
            problems.append(f"static file {where} is empty")
        elif wanted and response.content_type not in {wanted, "application/javascript"}:
            problems.append(f"static file {where} is {response.content_type}, not {wanted}")
    return problems


class ClientFetcher:
    """Fetches in this process with Django's test client (whose cookies are the session)."""

    def __init__(self, client, **extra) -> None:
        self.client = client
        self.extra = extra

    def get(self, path: str) -> Fetched:
        response = self.client.get(path, **self.extra)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        headers = {name.lower(): value for name, value in response.headers.items()}
        return Fetched(path, response.status_code, headers, body)


class HTTPFetcher:
    """Fetches from a server over HTTP, keeping its cookies as a browser would and sending
    the headers a reverse proxy adds (such as X-Forwarded-Proto: https). Every cookie is
    sent back, Secure or not: the test stands where the proxy would, on plain HTTP."""

    def __init__(
        self, server: str, headers: Mapping[str, str] | None = None, site: str | None = None
    ) -> None:
        """`server`: where to connect ('http://127.0.0.1:8123'); `site`: the origin as a
        visitor sees it through the proxy ('https://127.0.0.1:8123'), for forms' Origin."""
        parts = urlsplit(server)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.site = site or server
        self.headers = dict(headers or {})
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: Mapping | None = None
    ) -> Fetched:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            sent = {**self.headers, **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            headers_got = {name.lower(): value for name, value in response.getheaders()}
            return Fetched(path, response.status, headers_got, content)
        finally:
            connection.close()

    def get(self, path: str) -> Fetched:
        return self.request("GET", path)

    def head(self, path: str) -> Fetched:
        return self.request("HEAD", path)

    def post_form(self, path: str, fields: Mapping[str, str]) -> Fetched:
        return self.request(
            "POST",
            path,
            urlencode(fields).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.site,
                "Referer": self.site + path,
            },
        )

    def sign_in(self, username: str, password: str, path: str = "/accounts/login/") -> None:
        form = self.get(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        assert token, f"no CSRF token on {path} ({form.status})"
        fields = {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token.group(1).decode(),
        }
        response = self.post_form(path, fields)
        assert response.status == 302, f"signing in as {username} answered {response.status}"
        if "/accounts/two-factor/" in response.headers.get("location", ""):
            self.second_factor(username, response.headers["location"])

    def second_factor(self, username: str, path: str) -> None:
        """The demo performance team's second factor: the code its app would show. A code
        works once, so a later sign-in in the same 30 seconds takes a later one."""
        from django_otp.oath import totp

        from yardstick.demo.people import second_factor_key

        key = bytes.fromhex(second_factor_key(username))
        for drift in range(4):
            form = self.get(path)
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
            assert token, f"no CSRF token on {path} ({form.status})"
            fields = {
                "code": f"{totp(key, drift=drift):06d}",
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
            if self.post_form(path, fields).status == 302:
                return
            time.sleep(2**drift + 0.1)  # the wait after a wrong code doubles
        raise AssertionError(f"{username}'s second factor was refused")
