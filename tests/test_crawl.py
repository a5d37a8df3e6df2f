"""The crawler (tests/crawl.py): its rules against a made-up site, then the demo council
crawled in this process with Django's test client, anonymously and as the performance team.
tests/production/ crawls the production server as every role."""

from __future__ import annotations

import threading

import pytest
from django.db import transaction

from tests.crawl import (
    ClientFetcher,
    Fetched,
    asset_problems,
    check_assets,
    crawl,
    local_path,
    shape_of,
)
from yardstick.accounts.models import User
from yardstick.demo.loader import load_demo

CSP = {"content-type": "text/html; charset=utf-8", "content-security-policy": "default-src"}


class MadeUpSite:
    """A fetcher over a dict of path -> (status, html), every page with a CSP header."""

    def __init__(self, pages: dict[str, tuple[int, str]], headers=None) -> None:
        self.pages = pages
        self.headers = headers or {}
        self.fetched: list[str] = []

    def get(self, path: str) -> Fetched:
        self.fetched.append(path)
        status, html = self.pages.get(path, (404, "Not found"))
        headers = self.headers.get(path, CSP)
        return Fetched(path, status, headers, html.encode())


def test_links_to_this_site_are_followed_and_others_are_not():
    assert local_path("/a/?x=1#top", "/", "http://testserver") == "/a/?x=1"
    assert local_path("b/", "/a/", "http://testserver") == "/a/b/"
    assert local_path("http://testserver/c/", "/", "http://testserver") == "/c/"
    assert local_path("https://elsewhere.example/", "/", "http://testserver") is None
    assert local_path("mailto:someone@example.org", "/", "http://testserver") is None
    assert (
        local_path("/s/?period=2018-19 Q2", "/", "http://testserver") == "/s/?period=2018-19%20Q2"
    )


def test_pages_of_one_shape_are_told_apart_by_path_and_parameter_names():
    assert shape_of("/measures/12/?period=2018-19-q2") == shape_of("/measures/7/?period=x")
    assert shape_of("/measures/12/") != shape_of("/measures/12/?period=x")


def test_a_crawl_follows_links_breadth_first_and_collects_static_files():
    site = MadeUpSite(
        {
            "/": (200, '<link rel="stylesheet" href="/static/a.css"><a href="/one/">1</a>'),
            "/one/": (200, '<script src="/static/b.js"></script><a href="/">home</a>'),
        }
    )
    result = crawl(site)
    assert site.fetched == ["/", "/one/"]
    assert result.assets == {"/static/a.css": "/", "/static/b.js": "/one/"}
    assert result.problems == []


def test_sign_out_links_and_downloads_are_not_fetched():
    site = MadeUpSite(
        {"/": (200, '<a href="/accounts/logout/">out</a><a href="/r.pdf" download>PDF</a>')}
    )
    result = crawl(site)
    assert site.fetched == ["/"]
    assert result.skipped == {"/accounts/logout/": "signs out", "/r.pdf": "a download"}


def test_only_a_few_pages_of_each_shape_and_no_more_pages_than_the_limit():
    links = "".join(f'<a href="/measures/{n}/">{n}</a>' for n in range(10))
    site = MadeUpSite({"/": (200, links), **{f"/measures/{n}/": (200, "") for n in range(10)}})
    assert len(crawl(site, per_shape=2).pages) == 3
    assert len(crawl(site, max_pages=2, per_shape=10).pages) == 2


@pytest.mark.parametrize("at_once", [2, 3, 8])
def test_fetching_several_pages_at_once_fetches_and_finds_what_one_at_a_time_does(at_once):
    """Three levels, pages of one shape beyond the limit, a sign-out link, a download, a
    redirect, a missing page and a page limit reached in the middle of a level."""
    pages = {
        "/": (200, "".join(f'<a href="/m/{n}/">m</a>' for n in range(6)) + '<a href="/x/">x</a>'),
        "/x/": (302, ""),
        "/y/": (200, '<a href="/accounts/logout/">o</a><a href="/r.pdf" download>r</a>'),
    }
    for n in range(6):
        pages[f"/m/{n}/"] = (
            200,
            f'<a href="/m/{n}/p/{n}/">p</a><link rel="stylesheet" '
            f'href="/static/{n % 2}.css"><a href="/gone/{n}/">g</a>',
        )
        pages[f"/m/{n}/p/{n}/"] = (200, '<a href="/y/">y</a>')
    headers = {"/x/": {**CSP, "location": "/y/"}}
    for limit in (4, 7, 100):
        one, several = MadeUpSite(pages, headers), MadeUpSite(pages, headers)
        alone = crawl(one, max_pages=limit, per_shape=3)
        together = crawl(several, max_pages=limit, per_shape=3, at_once=at_once)
        assert sorted(several.fetched) == sorted(one.fetched) == sorted(alone.pages)
        assert list(together.pages) == list(alone.pages)
        assert together.assets == alone.assets
        assert together.skipped == alone.skipped
        assert together.problems == alone.problems
    assert len(alone.pages) > 10 and alone.problems and alone.skipped


def test_one_at_a_time_fetches_in_the_tests_own_thread():
    """Django's test client must stay in the test's thread (its database connection)."""
    threads = set()

    class Watched(MadeUpSite):
        def get(self, path):
            threads.add(threading.get_ident())
            return super().get(path)

    site = Watched({"/": (200, '<a href="/a/">a</a><link rel="icon" href="/static/i.png">')})
    result = crawl(site)
    check_assets(site, result.assets)
    assert len(site.fetched) == 3 and threads == {threading.get_ident()}


def test_redirects_are_followed():
    site = MadeUpSite({"/": (302, ""), "/there/": (200, "")})
    site.headers["/"] = {**CSP, "location": "/there/"}
    assert list(crawl(site).pages) == ["/", "/there/"]


def test_server_errors_missing_pages_and_a_missing_policy_are_problems():
    site = MadeUpSite(
        {"/": (200, '<a href="/broken/">b</a><a href="/gone/">g</a><a href="/bare/">c</a>')}
    )
    site.pages["/broken/"] = (500, "")
    site.pages["/bare/"] = (200, '<a href="/titled/">t</a>')
    site.headers["/bare/"] = {"content-type": "text/html"}
    site.pages["/titled/"] = (200, "<title>Mine\n<h2>Actions</h2></title>")
    assert crawl(site).problems == [
        "500 at /broken/ (linked from /)",
        "404 Not Found at /gone/ (linked from /)",
        "no Content-Security-Policy header at /bare/ (linked from /)",
        "a <title> that is empty or holds markup at /titled/ (linked from /bare/)",
    ]


def test_missing_empty_or_mistyped_static_files_are_problems():
    site = MadeUpSite({"/static/empty.css": (200, ""), "/static/page.js": (200, "<html>")})
    site.headers["/static/page.js"] = {"content-type": "text/html"}
    assets = {"/static/gone.css": "/", "/static/empty.css": "/", "/static/page.js": "/"}
    assert asset_problems(check_assets(site, assets), assets) == [
        "static file /static/empty.css (used by /) is empty",
        "static file /static/gone.css (used by /) answered 404",
        "static file /static/page.js (used by /) is text/html, not text/javascript",
    ]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", [None, "priya"])
def test_the_demo_crawled_in_this_process_has_no_error_and_every_static_file(
    demo, db, client, username
):
    if username:
        client.force_login(User.objects.get(username=username))
    fetcher = ClientFetcher(client)
    result = crawl(fetcher, max_pages=40)
    assert len(result.pages) >= (40 if username else 10)
    assets = check_assets(fetcher, result.assets)
    assert "/static/yardstick.css" in assets
    assert result.problems + asset_problems(assets, result.assets) == []
