"""`python -m bench.report figures.json`: the markdown table of a `bench.run --out` file."""

from __future__ import annotations

import json
import sys
from typing import Any

__all__ = ["table"]

NAMES = {
    "dashboard": "1 dashboard",
    "list100": "2 list first:100",
    "list10": "2 list first:10",
    "list100total": "2 list first:100 + totalCount",
    "figures": "3 complaintStats, city, month",
    "trace": "4 trace, case → complaint (INSPECTOR)",
    "intake": "5 intake (receive+dispatch)",
}


def _cell(entry: dict[str, Any], key: str) -> str:
    s = entry.get(key)
    if not s:
        return "–"
    return f"{s['p50']:.1f} / {s['p95']:.0f} / {s['p99']:.0f} · {s['throughput']:.1f}/s"


def table(results: dict[str, Any]) -> str:
    keys = [
        k
        for k in ("w1c1", "w1c8", "w2c1", "w2c8")
        if any(k in v for v in results.values() if isinstance(v, dict))
    ]
    head = [
        "request",
        "SQL stmts",
        "SQL floor p50 ms",
        *(f"{k[:2]} workers c{k[3]}: p50/p95/p99 ms · req/s" for k in keys),
        "p50 ÷ floor",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, label in NAMES.items():
        e = results.get(name, {})
        floor, p50 = e.get("floor_p50"), (e.get("w1c1") or {}).get("p50")
        ratio = f"{p50 / floor:.1f}×" if floor and p50 else "–"
        floor_text = f"{floor:.1f}" if floor else "–"
        row = [label, str(e.get("statements", "–")), floor_text, *(_cell(e, k) for k in keys), ratio]
        lines.append("| " + " | ".join(row) + " |")
    for job in ("overdue_first", "overdue_second", "digests"):
        j = results.get(f"job_{job}", {})
        if j:
            lines.append(
                f"| 6 job {job} | | | {j['seconds']:.2f} s, {j['rows']} rows, {j['status']} |"
                + " |" * (len(keys))
            )
    rss = {k: v for k, v in results.items() if k.startswith("rss_")}
    for key, per_pid in rss.items():
        mib = ", ".join(f"{kib / 1024:.0f}" for kib in per_pid.values())
        lines.append(f"| peak RSS {key[4:6]} (MiB per process) | | | {mib} |" + " |" * (len(keys)))
    return "\n".join(lines).replace("w1 workers", "1 worker").replace("w2 workers", "2 workers")


if __name__ == "__main__":
    print(table(json.loads(open(sys.argv[1]).read())))
