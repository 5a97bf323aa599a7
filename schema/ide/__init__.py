"""The in-browser IDE on GET /graphql, served whole by the service: no asset comes from a CDN, so it
works on an intranet without internet. `vendor.py` re-fetches and verifies the vendored files."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import anyio
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
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
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
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


class _Assets:
    """The files under static/, read once and gzip-compressed once per process (in a worker thread, on
    first demand) for browsers that accept it: 4.1 MB become 1.1 MB on the wire, graphiql.min.js
    3.5 MB -> 0.7 MB. An ETag per file lets a browser revalidate with a 304 instead of a download."""

    def __init__(self) -> None:
        self.files = {path.name: path.read_bytes() for path in STATIC.iterdir() if path.is_file()}
        self.etags = {name: f'"{hashlib.sha256(data).hexdigest()[:32]}"' for name, data in self.files.items()}
        self.compressed: dict[str, bytes] = {}

    async def serve(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in self.files:
            raise HTTPException(404)
        media_type = MEDIA_TYPES.get(Path(name).suffix, "application/octet-stream")
        headers = {
            "etag": self.etags[name],
            "cache-control": "no-cache",  # revalidate: a new release of a file keeps its name
            "vary": "accept-encoding",
            "x-content-type-options": "nosniff",
        }
        if request.headers.get("if-none-match") == self.etags[name]:
            return Response(status_code=304, headers=headers)
        body = self.files[name]
        if "gzip" in request.headers.get("accept-encoding", "") and len(body) > 1024:
            if name not in self.compressed:
                self.compressed[name] = await anyio.to_thread.run_sync(gzip.compress, body, 6)
            body = self.compressed[name]
            headers["content-encoding"] = "gzip"
        return Response(body, media_type=media_type, headers=headers)


def ide_assets() -> Route:
    """The vendored GraphiQL and React files and the page's own script and style."""
    return Route(ASSETS_PATH + "/{name}", _Assets().serve, methods=["GET"], name="ide")
