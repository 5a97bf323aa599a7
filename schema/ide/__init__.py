"""The in-browser IDE on GET /graphql, served whole by the service: no asset comes from a CDN, so it
works on an intranet without internet. `vendor.py` re-fetches and verifies the vendored files."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["ASSETS_PATH", "CSP", "IdePage", "ide_assets"]

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
# Beside /graphql: a reverse proxy forwarding the prefix /graphql forwards the assets too, and the page
# names them relative to itself (so it also works below a path prefix).
ASSETS_PATH = "/graphql-ide"
# Same-origin only: the page's own script is a file (no inline script), GraphiQL's fonts are data:
# URLs in its CSS, and its editors set inline styles.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-cache",
}


def wants_ide(scope: Scope) -> bool:
    """strawberry's rule for its IDE page: a GET without `query` that accepts HTML (or anything)."""
    if scope["method"] != "GET":
        return False
    request = Request(scope)
    accept = request.headers.get("accept", "")
    return request.query_params.get("query") is None and ("text/html" in accept or "*/*" in accept)


class IdePage:
    """GET /graphql from a browser answers the IDE's page; everything else goes to the GraphQL view."""

    def __init__(self, view: ASGIApp) -> None:
        self.view = view
        self.html = (HERE / "page.html").read_bytes()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and wants_ide(scope):
            response = Response(self.html, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)
            await response(scope, receive, send)
            return
        await self.view(scope, receive, send)


def ide_assets() -> Mount:
    """The vendored GraphiQL and React files and the page's own script and style."""
    return Mount(ASSETS_PATH, StaticFiles(directory=STATIC), name="ide")
