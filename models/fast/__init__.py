"""The fast path: every place duban reaches into strawberry's, graphql-core's or Tortoise's internals,
behind one switch and exact version pins.

The stock libraries answer every request correctly; these pieces answer the same requests with less
CPU by relying on how those libraries work inside (private attributes, the order of internal calls),
which a release may change without notice. So each piece is here, in this package only:

- `short_path` (`execution.py`): a selection compiled once per request; plain columns, simple
  resolvers and objects below a node completed in one pass instead of graphql-core's per-field
  machinery (strawberry's `StrawberryGraphQLCoreExecutionContext`, graphql-core's `execute_fields`,
  `collect_subfields`, `build_resolve_info`; strawberry's field definitions on graphql-core fields).
- `lean_resolvers` (`execution.py`, `lighten_resolvers`): a resolver method called directly instead of
  through strawberry's generic resolver chain (strawberry's `base_resolver`, `wrapped_func`).
- `rows` (`rows.py`): a fetched row built by steps worked out once per model and set of columns
  instead of Tortoise's `Model._init_from_db` per row (Tortoise's `_meta` field sets and instance
  attributes).
- `by_id` (`by_id.py`): rows by primary key with the keys as one parameter instead of one per key
  (Tortoise's `_meta`, `_choose_db`, `_init_from_db`).

What each saves is measured in bench/README.md ("Fast path: what each piece saves").

`DUBAN_FAST_PATH`: `on` (default), `off` (every stock path: any library version within pyproject's
bounds), or a comma-separated list of the pieces to keep (for measuring one piece against the
stock path). Read at import and applied again by `main.create_app` from the settings; process-wide.

Pins: the pieces were written and tested against exactly `PINS`. With any piece on, importing this
package (or `configure`) checks the installed versions and fails, naming them, when one differs:
run with `DUBAN_FAST_PATH=off` until the pieces are checked against the new versions (the
differential tests, tests/fastpath/test_differential.py, compare both paths byte for byte) and
`PINS` is moved. `_NotAwaitable` (models/base.py) is not here: it hides a Python protocol method on
our own row class, which no library release can change.
"""

from __future__ import annotations

import os
from importlib.metadata import version

__all__ = ["PIECES", "PINS", "FastPathVersionError", "configure", "enabled", "parse"]

PINS = {"strawberry-graphql": "0.341.2", "graphql-core": "3.3.2", "tortoise-orm": "1.1.9"}
PIECES = ("short_path", "lean_resolvers", "rows", "by_id")


class FastPathVersionError(RuntimeError):
    """An installed library is not the version the fast path was written against."""


def parse(value: str) -> frozenset[str]:
    """The pieces a DUBAN_FAST_PATH value turns on."""
    value = value.strip().lower()
    if value in ("on", "1", "true", "yes", ""):
        return frozenset(PIECES)
    if value in ("off", "0", "false", "no"):
        return frozenset()
    pieces = frozenset(p.strip() for p in value.split(",") if p.strip())
    unknown = sorted(pieces - set(PIECES))
    if unknown:
        raise ValueError(
            f"DUBAN_FAST_PATH must be on, off or some of {', '.join(PIECES)}; unknown: {', '.join(unknown)}"
        )
    return pieces


def check_pins() -> None:
    installed = {name: version(name) for name in PINS}
    differ = {name: v for name, v in installed.items() if v != PINS[name]}
    if differ:
        raise FastPathVersionError(
            "DUBAN_FAST_PATH: the fast path (models/fast) was written against "
            + ", ".join(f"{n} {v}" for n, v in PINS.items())
            + "; installed: "
            + ", ".join(f"{n} {v}" for n, v in installed.items())
            + ". Set DUBAN_FAST_PATH=off to run on the stock libraries' paths."
        )


_on: frozenset[str] = frozenset()


def configure(value: str) -> None:
    """Turns the pieces of a DUBAN_FAST_PATH value on (checking the pins) and the others off."""
    global _on
    pieces = parse(value)
    if pieces:
        check_pins()
    _on = pieces


def enabled(piece: str) -> bool:
    return piece in _on


configure(os.environ.get("DUBAN_FAST_PATH", "on"))
