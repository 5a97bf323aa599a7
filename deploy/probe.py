"""The container's health probe: exit 0 when this process's /readyz answers 200, else 1.

Standard library only (the slim image has no curl); reads DUBAN_PORT like the server does. Usage:
`python deploy/probe.py [URL]` (default http://127.0.0.1:$DUBAN_PORT/readyz).
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def main(argv: list[str]) -> int:
    url = argv[1] if len(argv) > 1 else f"http://127.0.0.1:{os.environ.get('DUBAN_PORT', '8000')}/readyz"
    try:
        with urllib.request.urlopen(url, timeout=4) as answer:  # noqa: S310 - our own fixed URL
            return 0 if answer.status == 200 else 1
    except (OSError, urllib.error.URLError) as exc:  # 503 (HTTPError), refused, timed out
        print(f"unready: {url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
