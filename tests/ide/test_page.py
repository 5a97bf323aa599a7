"""The IDE page over HTTP: same-origin assets only, a CSP that says so, and the API unchanged beside it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx

from schema.ide import CSP, STATIC

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CONTENT_TYPES = {".js": "javascript", ".css": "text/css"}


class _Assets(HTMLParser):
    """Every URL the page loads (script src, link href), and whether it carries an inline script."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_script = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "script":
            self._in_script = True
            if named.get("src"):
                self.urls.append(named["src"] or "")
        if tag == "link" and named.get("href"):
            self.urls.append(named["href"] or "")

    def handle_data(self, data: str) -> None:
        self.inline_script = self.inline_script or (self._in_script and bool(data.strip()))

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"


async def _page(client: httpx.AsyncClient) -> httpx.Response:
    return await client.get("/graphql", headers={"Accept": BROWSER_ACCEPT})


async def test_the_page_loads_only_files_the_service_serves(client: httpx.AsyncClient) -> None:
    page = await _page(client)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assets = _Assets()
    assets.feed(page.text)
    scripts_and_styles = [url for url in assets.urls if not url.startswith("data:")]
    assert len(scripts_and_styles) == 6, assets.urls  # React, ReactDOM, GraphiQL (JS, CSS), ours (JS, CSS)
    assert not assets.inline_script  # CSP script-src 'self' would refuse it
    for url in scripts_and_styles:
        assert not re.match(r"^([a-z]+:)?//", url), url  # relative: same origin, and any path prefix
        served = await client.get(f"/{url}")
        assert served.status_code == 200, url
        kind = CONTENT_TYPES[url[url.rindex(".") :]]
        assert kind in served.headers["content-type"], (url, served.headers["content-type"])
        assert served.content == (STATIC / url.rsplit("/", 1)[1]).read_bytes()


async def test_the_page_says_same_origin_only_to_the_browser(client: httpx.AsyncClient) -> None:
    page = await _page(client)
    policy = page.headers["content-security-policy"]
    assert policy == CSP
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["connect-src"] == "'self'"
    assert directives["default-src"] == "'self'" and "http" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"


async def test_the_api_is_unchanged_beside_the_page(client: httpx.AsyncClient) -> None:
    # A GET with a query is an operation, not the page (strawberry's rule), answered as JSON.
    get = await client.get("/graphql", params={"query": "{ __typename }"}, headers={"Accept": BROWSER_ACCEPT})
    assert get.headers["content-type"].startswith("application/json")
    assert get.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    post = await client.post("/graphql", json={"query": "{ __typename }"})
    assert post.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # A JSON client asking by GET gets JSON too.
    plain = await client.get("/graphql", headers={"Accept": "application/json"})
    assert plain.headers["content-type"].startswith("application/json")


async def test_an_unknown_asset_is_a_coded_404(client: httpx.AsyncClient) -> None:
    missing = await client.get("/graphql-ide/graphiql.min.js.map")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    outside = await client.get("/graphql-ide/..%2F..%2F..%2Fmain.py")
    assert outside.status_code == 404


async def test_assets_go_compressed_and_revalidate(client: httpx.AsyncClient) -> None:
    original = (STATIC / "graphiql.min.js").read_bytes()
    zipped = await client.get("/graphql-ide/graphiql.min.js", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.content == original
    assert zipped.num_bytes_downloaded < len(original) / 3, zipped.num_bytes_downloaded
    plain = await client.get("/graphql-ide/graphiql.min.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == original
    again = await client.get("/graphql-ide/graphiql.min.js", headers={"If-None-Match": plain.headers["etag"]})
    assert again.status_code == 304 and not again.content
    other = await client.get(
        "/graphql-ide/react.production.min.js", headers={"If-None-Match": plain.headers["etag"]}
    )
    assert other.status_code == 200  # an ETag names one file's contents
    refused = await client.post("/graphql-ide/ide.js")
    assert refused.status_code == 405 and refused.json()["errors"][0]["extensions"]["code"]
