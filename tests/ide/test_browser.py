"""The IDE in a real browser (the system's headless Chromium) against a real server: it renders from
same-origin files only, the token entered once reaches every request, the schema fetch included."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from bench.served import Served

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Request, Response

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason=f"{CHROMIUM} is missing: `apt-get install -y chromium` (.ci/run installs it)",
)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the test extra (playwright) is missing")

TIMEOUT_MS = 120_000  # a busy 2-core machine; every wait below ends as soon as its condition holds
RUN_BUTTON = ".graphiql-execute-button"
RESPONSE = ".graphiql-response"


@dataclass
class Traffic:
    """Every request the page made: its URL, and for POSTs to /graphql the Authorization header and
    whether it was the schema (introspection) fetch."""

    urls: list[str] = field(default_factory=list)
    posts: list[tuple[str | None, bool]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # The Authorization header of each request answered 401 (no token, or an unknown one).
    refused: list[str | None] = field(default_factory=list)

    def record(self, request: Request) -> None:
        self.urls.append(request.url)
        if request.method == "POST":
            body = json.loads(request.post_data or "{}")
            introspection = "__schema" in (body.get("query") or "")
            self.posts.append((request.headers.get("authorization"), introspection))

    def page_error(self, error: Error) -> None:
        self.problems.append(f"page error: {error}")

    def response(self, response: Response) -> None:
        if response.status == 401:
            self.refused.append(response.request.headers.get("authorization"))

    def console(self, message: ConsoleMessage) -> None:
        # a refused script or style (the CSP), a failed load, an exception React logged; a 401 is the
        # browser's note on an unauthenticated request (GraphQL over HTTP), checked by `refused`
        if message.type == "error" and "status of 401" not in message.text:
            self.problems.append(f"console: {message.text}")

    def introspections(self) -> list[str | None]:
        return [auth for auth, introspection in self.posts if introspection]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with playwright_api.sync_playwright() as p:
        # --no-sandbox: CI runs as root, where Chromium refuses its sandbox
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _open(browser: Browser, server: Served) -> tuple[Page, Traffic]:
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    traffic = Traffic()
    page.on("request", traffic.record)
    page.on("pageerror", traffic.page_error)
    page.on("console", traffic.console)
    page.on("response", traffic.response)
    page.goto(f"{server.url}/graphql")
    return page, traffic


def _response_text(page: Page) -> str:
    return page.locator(RESPONSE).inner_text()


def _is_introspection(token: str) -> Callable[[Request], bool]:
    def matches(request: Request) -> bool:
        return (
            request.method == "POST"
            and "__schema" in (request.post_data or "")
            and request.headers.get("authorization") == f"Bearer {token}"
        )

    return matches


def _apply_token(page: Page, token: str) -> None:
    """Types the token and applies it, returning once the schema fetch carrying it has been sent."""
    page.fill("#token", token)
    with page.expect_request(_is_introspection(token)):
        page.click("#token-apply")


def _wait_response_has(page: Page, text: str) -> str:
    page.wait_for_function(
        "([s, t]) => (document.querySelector(s)?.innerText || '').includes(t)", arg=[RESPONSE, text]
    )
    return _response_text(page)


def _only_same_origin(traffic: Traffic) -> None:
    hosts = {urlsplit(url).hostname for url in traffic.urls if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, traffic.urls
    assert not traffic.problems, traffic.problems
    # Only requests without a token, or with the unknown one, were refused.
    assert set(traffic.refused) <= {None, "Bearer dbn_not-a-token"}, traffic.refused


def test_the_ide_runs_a_query_with_the_token_entered_once(browser: Browser, server: Served) -> None:
    page, traffic = _open(browser, server)
    page.locator(".graphiql-container").wait_for()
    assert "请先输入访问令牌" in page.locator("#token-state").inner_text()
    # Without a token the schema fetch is refused, and the IDE shows why.
    _wait_response_has(page, "UNAUTHENTICATED")

    _apply_token(page, server.secret)
    # The schema arrived with the token: the docs list the query type's fields.
    page.get_by_role("button", name="Show Documentation Explorer").click()
    docs = page.locator(".graphiql-doc-explorer")
    docs.get_by_text("Query", exact=True).first.click()
    docs.get_by_text("viewer", exact=True).first.wait_for()

    page.click(RUN_BUTTON)
    answer = _wait_response_has(page, "ADMIN")
    assert '"name": "served"' in answer and '"role": "ADMIN"' in answer, answer
    queries = [auth for auth, introspection in traffic.posts if not introspection]
    assert queries == [f"Bearer {server.secret}"], traffic.posts

    # Kept for this tab: after a reload the first schema fetch already carries the token.
    with page.expect_request(_is_introspection(server.secret)):
        page.reload()
    assert page.input_value("#token") == server.secret
    assert "已设置" in page.locator("#token-state").inner_text()
    _only_same_origin(traffic)
    page.close()


def test_changing_the_token_fetches_the_schema_again(browser: Browser, server: Served) -> None:
    page, traffic = _open(browser, server)
    _apply_token(page, server.secret)
    page.get_by_role("button", name="Show Documentation Explorer").click()
    docs = page.locator(".graphiql-doc-explorer")
    docs.get_by_text("Query", exact=True).first.wait_for()

    _apply_token(page, "dbn_not-a-token")
    # The server refuses the unknown token: the docs lose the schema and the IDE shows the refusal.
    docs.get_by_text("Error fetching schema").wait_for()
    _wait_response_has(page, "UNAUTHENTICATED")

    page.click("#token-clear")
    assert page.input_value("#token") == ""
    assert page.evaluate("() => sessionStorage.getItem('duban.token')") is None
    assert traffic.introspections()[:2] == [None, f"Bearer {server.secret}"], traffic.posts
    _only_same_origin(traffic)
    page.close()
