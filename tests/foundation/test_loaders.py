"""Per-request loaders: a page's related rows primed in one batch, then read without awaiting."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from schema.context import Loaders

calls: list[list[int]] = []


async def squares(keys: Sequence[int]) -> list[object]:
    calls.append(list(keys))
    return [ValueError(f"no {k}") if k < 0 else k * k for k in keys]


async def test_prime_loads_the_missing_keys_in_one_batch_and_ready_reads_them() -> None:
    calls.clear()
    loaders = Loaders()
    await loaders.prime(squares, [3, None, 2, 3])
    assert calls == [[2, 3]]
    assert loaders.ready(squares, 2) == 4 and loaders.ready(squares, 3) == 9
    await loaders.prime(squares, [3, 4])  # 3 is cached: only 4 is asked for
    assert calls == [[2, 3], [4]]
    assert await loaders(squares).load(4) == 16
    await loaders.prime(squares, [None, 2])
    assert calls == [[2, 3], [4]]  # nothing to load: no batch


async def test_a_primed_error_is_raised_where_it_is_read() -> None:
    calls.clear()
    loaders = Loaders()
    await loaders.prime(squares, [5, -1])
    assert loaders.ready(squares, 5) == 25
    with pytest.raises(ValueError, match="no -1"):
        await loaders.ready(squares, -1)
    assert calls == [[-1, 5], [-1]]
