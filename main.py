"""duban (督办): the ASGI app, its lifespan, and the command line (`python main.py --help`)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp
from tortoise import connections

from models import fast
from models.db import MigrationsPending, apply_migrations, close_db, init_db, pending_migrations
from models.settings import Settings, load_settings
from resolvers.audit.cli import checkpoint_argument
from resolvers.error_codes import ErrorCode
from schema import build_schema, schema
from schema.failures import RETRY_AFTER, JsonErrors, http_error
from schema.guard import BodySizeLimit, HeaderSizeLimit, rate_limiter
from schema.http import GraphQLView
from schema.ide import IdePage, ide_assets
from schema.ledger.io import plan_export_endpoint
from schema.logs import configure_logging
from schema.metrics import Observe, start_counting_sql, stop_counting_sql
from schema.scrape import metrics_endpoint

log = logging.getLogger("duban")
ROOT = Path(__file__).resolve().parent
SCHEMA_FILE = ROOT / "schema.graphql"
T = TypeVar("T")
AUDIT_KEY_WARNING = (
    "DUBAN_AUDIT_KEY 未设置 (not set): the audit chain uses the public development key, so anyone "
    "with write access to the database can rewrite it undetected; set a secret of 16+ characters"
)


def _utcnow() -> datetime:
    return datetime.now(UTC)


async def _reachable(limit_seconds: float = 2.0) -> bool:
    # Bounded: a health probe must answer, and Tortoise's SQLite client keeps its lock after a
    # failed connect, so a second probe would otherwise wait forever.
    try:
        await asyncio.wait_for(connections.get("default").execute_query("SELECT 1"), limit_seconds)
    except Exception as exc:  # noqa: BLE001 - any failure means unreachable
        log.warning("database unreachable: %s", exc)
        return False
    return True


async def livez(request: Request) -> JSONResponse:
    """The process answers (for a liveness probe: restart it when this fails); no database work."""
    return JSONResponse({"status": "ok"})


def readyz_endpoint(settings: Settings) -> Callable[[Request], Awaitable[JSONResponse]]:
    """Ready for traffic: the database answers and its schema is the code's (for a readiness probe)."""

    async def readyz(request: Request) -> JSONResponse:
        if not await _reachable():
            return JSONResponse(
                {"status": "unready", "code": ErrorCode.DATABASE_UNAVAILABLE},
                status_code=503,
                headers={"Retry-After": str(RETRY_AFTER)},
            )
        pending = await pending_migrations(settings)
        if pending:
            body = {"status": "unready", "code": ErrorCode.MIGRATIONS_PENDING, "pending": pending}
            return JSONResponse(body, status_code=503)
        return JSONResponse({"status": "ready"})

    return readyz


async def healthz(request: Request) -> JSONResponse:
    if not await _reachable():
        # A health probe's body, with the code and retry hint every other route gives in this state.
        return JSONResponse(
            {"status": "unhealthy", "database": "unreachable", "code": ErrorCode.DATABASE_UNAVAILABLE},
            status_code=503,
            headers={"Retry-After": str(RETRY_AFTER)},
        )
    return JSONResponse({"status": "ok", "database": "ok"})


def tune_gc() -> None:
    """Fewer garbage collections in a serving process, none of them walking what startup built.

    A page of 100 complaints allocates tens of thousands of objects that live until its response
    is written; at the default threshold (700 allocations) the youngest generation is collected
    dozens of times per page, each time walking the page's live objects. Interleaved A/B in one
    process, list `first: 100` at scale 1, p50: 16.4 -> 15.3 ms (SQLite), 17.9 -> 16.6 ms
    (PostgreSQL). Memory: reference counting still frees at once everything not in a cycle.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


class App(Starlette):
    """Starlette with `JsonErrors` outermost in place of its plain-text "Internal Server Error" page,
    and `Observe` around it (when metrics or JSON logs are on) to see every final answer."""

    observe: tuple[bool, bool] = (False, False)  # (metrics, JSON request log lines)

    def build_middleware_stack(self) -> ASGIApp:
        stack = super().build_middleware_stack()
        assert isinstance(stack, ServerErrorMiddleware)  # Starlette always puts it outermost
        errors = JsonErrors(stack.app)
        return Observe(errors, *self.observe) if any(self.observe) else errors


def serve_app() -> Starlette:
    """The app as `python main.py serve` runs it in each worker process (uvicorn's factory)."""
    settings = load_settings()
    configure_logging(settings)  # a worker process is spawned: `main()` did not run in it
    return create_app(settings, serving=True)


def create_app(
    settings: Settings | None = None, clock: Callable[[], datetime] = _utcnow, serving: bool = False
) -> Starlette:
    """The ASGI app. Refuses to start on a database that is not migrated to the code's schema.

    `serving`: the process does nothing but serve this app (`tune_gc` once started).
    """
    settings = settings or load_settings()
    # Before the schema is built: which fast-path pieces run is process-wide (models/fast).
    fast.configure(settings.fast_path)
    observe = (settings.metrics, settings.log_format == "json")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        log.info("configuration: %s", json.dumps(settings.redacted(), ensure_ascii=False))
        if not settings.audit_key:
            log.warning(AUDIT_KEY_WARNING)
        await init_db(settings)
        if any(observe):
            start_counting_sql()
        try:
            # An unreachable database is reported by /healthz (it may come up later); a reachable
            # one behind the code's schema is refused at once.
            pending = await pending_migrations(settings) if await _reachable() else []
            if pending:
                raise MigrationsPending(
                    f"数据库未迁移到最新版本 (database is not migrated): pending {', '.join(pending)}. "
                    "Run: python main.py migrate"
                )
            scheduler = _start_scheduler(settings) if settings.scheduler else None
            app.state.scheduler = scheduler
            if serving:
                tune_gc()
            yield
            if scheduler is not None:
                scheduler.shutdown(wait=False)
        finally:
            if any(observe):
                stop_counting_sql()
            await close_db()

    limiter = rate_limiter(
        settings.rate_limit_per_minute, settings.rate_limit_burst, clock, shared=settings.is_postgres
    )
    view = GraphQLView(
        build_schema(settings),
        clock=clock,
        limiter=limiter,
        max_batch=settings.max_batch,
        graphql_ide=None,  # the IDE is ours (schema/ide/): strawberry's loads its assets from a CDN
    )
    app = App(
        routes=[
            Route("/graphql", IdePage(view), methods=["GET", "POST"]),
            ide_assets(),
            Route("/healthz", healthz),
            Route("/livez", livez),
            Route("/readyz", readyz_endpoint(settings)),
            Route("/exports/plans/{id}.xlsx", plan_export_endpoint(clock)),
            Route("/exports/plans/{id}.csv", plan_export_endpoint(clock, "CSV")),
            *([Route("/metrics", metrics_endpoint(settings))] if settings.metrics else []),
        ],
        exception_handlers={HTTPException: http_error},
        middleware=[
            *_cors(settings),
            Middleware(HeaderSizeLimit, max_bytes=settings.max_header_bytes),
            Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes),
        ],
        lifespan=lifespan,
    )
    app.observe = observe
    return app


def _cors(settings: Settings) -> list[Middleware]:
    """Browsers on the listed origins may call the API (off by default: no CORS headers at all)."""
    if not settings.cors_origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Accept", "X-Request-Id"],
            expose_headers=["X-Request-Id", "Retry-After", "Content-Disposition"],
            max_age=600,
        )
    ]


def _start_scheduler(settings: Settings):  # type: ignore[no-untyped-def]
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from jobs import register

    scheduler = AsyncIOScheduler(timezone=settings.tz)
    register(scheduler, settings)
    scheduler.start()
    return scheduler


# ---- command line -------------------------------------------------------------------------------


async def _with_db(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """`work()` awaited with the database open (a CLI command's one connection)."""
    await init_db(settings)
    try:
        return await work()
    finally:
        await close_db()


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> list[str]:
        return await apply_migrations(settings)

    applied = asyncio.run(_with_db(settings, run))
    print(f"migrated: {', '.join(applied) if applied else 'already up to date'}")
    return 0


def cmd_seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    from resolvers.demo import seed_demo

    loaded = asyncio.run(_with_db(settings, lambda: seed_demo(_utcnow())))
    print("demo data loaded" if loaded else "database already has data; demo not loaded")
    return 0


def cmd_export_schema(settings: Settings, args: argparse.Namespace) -> int:
    Path(args.output).write_text(schema.as_str() + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def _demo_tokens(settings: Settings) -> list[tuple[str, str, str | None]]:
    from models.auth import ApiToken, Role
    from resolvers.auth import create_token

    units = {
        Role.UNIT_OPERATOR: "DY.DYQ",
        Role.HOTLINE: "DY.RX",
        Role.SUPERVISOR: "DY.DCS",
        Role.INSPECTOR: "DY.JW",
    }

    async def run() -> list[tuple[str, str, str | None]]:
        # Demo tokens are re-issued at each demo start; the previous ones stop working.
        await ApiToken.filter(name__startswith="demo-", revoked_at=None).update(revoked_at=_utcnow())
        made = []
        for role in Role:
            _, secret = await create_token(f"demo-{role.value.lower()}", role, units.get(role))
            made.append((role.value, secret, units.get(role)))
        return made

    return asyncio.run(_with_db(settings, run))


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    if args.port:
        os.environ["DUBAN_PORT"] = str(args.port)
        settings = load_settings()
    if args.demo:
        cmd_migrate(settings, args)
        cmd_seed_demo(settings, args)
        tokens = _demo_tokens(settings)
    print("duban configuration:", json.dumps(settings.redacted(), ensure_ascii=False))
    if not settings.audit_key:
        print(f"WARNING: {AUDIT_KEY_WARNING}", file=sys.stderr)
    pending = asyncio.run(_with_db(settings, lambda: pending_migrations(settings)))
    if pending:
        print(
            "数据库未迁移 (database not migrated): pending "
            f"{', '.join(pending)}.\nRun: python main.py migrate",
            file=sys.stderr,
        )
        return 2
    url = f"http://{settings.host}:{settings.port}/graphql"
    if args.demo:
        print(
            f"\nGraphiQL: {url}\nDemo tokens (shown once; paste the dbn_… part into the IDE's token field):"
        )
        for role, secret, unit in tokens:
            print(f'  {role:<14} {unit or "":<8} {{"Authorization": "Bearer {secret}"}}')
        print("Try: { viewer { name role } units(first: 5) { totalCount nodes { code name } } }\n")
    metrics_dir = _multiprocess_metrics(settings, args.workers)
    try:
        _run_uvicorn(settings, args.workers)
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _multiprocess_metrics(settings: Settings, workers: int | None) -> str | None:
    """With metrics on and several workers, a fresh PROMETHEUS_MULTIPROC_DIR (under TMPDIR) that the
    workers inherit: prometheus-client then keeps each worker's values in files there and /metrics
    sums them whichever worker answers. An inherited value is replaced: an earlier run's files would be
    summed in. One process keeps its metrics in memory."""
    if not settings.metrics or (workers or 1) <= 1:
        return None
    path = tempfile.mkdtemp(prefix="duban-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    print(f"metrics: {workers} workers share PROMETHEUS_MULTIPROC_DIR={path}")
    return path


def _run_uvicorn(settings: Settings, workers: int | None) -> None:
    import uvicorn

    uvicorn.run(
        "main:serve_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        # A spawned worker imports the app before it answers the supervisor's health check; on a busy
        # machine that took over uvicorn's default 5 s, and the worker was killed and respawned, again
        # and again (seen with --workers 2 on 2 shared cores).
        timeout_worker_healthcheck=60,
        # uvloop sets TCP_NODELAY on every connection; asyncio's loop does not on the sockets uvicorn
        # hands to worker processes, and each kept-alive response then waited ~40 ms (Nagle).
        loop="uvloop",
        # httptools, reading request headers only up to DUBAN_MAX_HEADER_BYTES (431 past it).
        http="schema.protocol:BoundedHttpToolsProtocol",
        log_level=settings.log_level.lower(),
        # uvicorn's loggers then propagate to the bounded, redacting handler of `configure_logging`.
        log_config=None,
    )


def cmd_scheduler(settings: Settings, args: argparse.Namespace) -> int:
    """The scheduled jobs alone, until SIGTERM or SIGINT: the one process beside replicas started with
    DUBAN_SCHEDULER=off (any number may run; each slot is claimed once, so more only stand by)."""
    import signal

    async def run() -> int:
        await init_db(settings)
        try:
            pending = await pending_migrations(settings)
            if pending:
                print(f"数据库未迁移 (database not migrated): pending {', '.join(pending)}.", file=sys.stderr)
                return 2
            scheduler = _start_scheduler(settings)
            stop = asyncio.Event()
            for sig in (signal.SIGTERM, signal.SIGINT):
                asyncio.get_running_loop().add_signal_handler(sig, stop.set)
            print(f"scheduler running: {', '.join(job.id for job in scheduler.get_jobs())}", flush=True)
            await stop.wait()
            scheduler.shutdown(wait=False)  # a run cut short is taken over when its lease expires
            print("scheduler stopped", flush=True)
            return 0
        finally:
            await close_db()

    return asyncio.run(run())


def cmd_token(settings: Settings, args: argparse.Namespace) -> int:
    from models.auth import Role
    from resolvers import auth
    from resolvers.errors import UserError

    async def run() -> int:
        if args.token_command == "create":
            expires = datetime.fromisoformat(args.expires).astimezone(UTC) if args.expires else None
            try:
                token, secret = await auth.create_token(args.name, Role(args.role), args.unit, expires)
            except UserError as exc:
                print(f"error [{exc.code}]: {exc.message}", file=sys.stderr)
                return 2
            print(f"token {token.id} for {token.name} ({token.role.value}); shown once:\n{secret}")
        elif args.token_command == "list":
            for t in await auth.list_tokens():
                state = "revoked" if t.revoked_at else "active"
                unit = t.unit.code if t.unit else "-"
                print(f"{t.id}\t{t.name}\t{t.role.value}\t{unit}\t{state}\texpires={t.expires_at or '-'}")
        else:
            if not await auth.revoke_token(args.id, _utcnow()):
                print(f"no active token {args.id}", file=sys.stderr)
                return 1
            print(f"token {args.id} revoked")
        return 0

    return asyncio.run(_with_db(settings, run))


def cmd_jobs(settings: Settings, args: argparse.Namespace) -> int:
    from jobs.registry import JOBS
    from jobs.runner import run_job

    if args.jobs_command == "list":
        for job in JOBS.values():
            every = f"every {job.every_seconds}s" if job.every_seconds else "calendar"
            print(f"{job.name}\t{every}\t{job.description}")
        return 0
    if args.name not in JOBS:
        print(f"unknown job {args.name!r}; known: {', '.join(sorted(JOBS)) or 'none'}", file=sys.stderr)
        return 2
    run = asyncio.run(_with_db(settings, lambda: run_job(args.name, _utcnow(), args.slot)))
    if run is None:
        print(f"{args.name} slot {args.slot}: run by another process; nothing done")
        return 0
    print(f"{run.name} {run.status.value} rows={run.rows_touched} {run.error or ''}")
    return 0 if run.status.value == "SUCCEEDED" else 1


def cmd_calendar(settings: Settings, args: argparse.Namespace) -> int:
    # The domains whose deadlines follow the schedule register their recompute hooks on import.
    import resolvers.complaints
    import resolvers.supervision  # noqa: F401
    from resolvers.access import Scope
    from resolvers.calendar import actions, files, queries
    from resolvers.errors import UserError
    from resolvers.unit_of_work import CLI, unit_of_work

    async def run() -> int:
        if args.calendar_command == "load":
            scope = Scope(actor=CLI, request_id="cli-calendar", clock=_utcnow)
            try:
                cmd = files.read_schedule(Path(args.file))
                async with unit_of_work(scope, "loadCalendar"):
                    schedule = await actions.load_calendar(scope, cmd)
            except UserError as exc:
                print(f"error [{exc.code}]: {exc.message} {'.'.join(exc.field or [])}", file=sys.stderr)
                return 2
            ignored = f" ({len(schedule.ignored)} weekend holidays not stored)" if schedule.ignored else ""
            print(f"loaded {schedule.year}: {len(schedule.exceptions)} exceptions from {cmd.source}{ignored}")
            return 0
        schedule = await queries.working_calendar(args.year)
        print(
            f"{schedule.year}: {'loaded' if schedule.loaded else 'NOT LOADED (weekends only, provisional)'}"
        )
        for day in schedule.exceptions:
            print(
                f"{day.date.isoformat()} {day.date.strftime('%a')} {'上班' if day.is_workday else '放假'} {day.name}"
            )
        return 0

    return asyncio.run(_with_db(settings, run))


def cmd_audit(settings: Settings, args: argparse.Namespace) -> int:
    from resolvers.audit.cli import verify_command

    return asyncio.run(_with_db(settings, lambda: verify_command(args.checkpoint)))


def cmd_import_tasks(settings: Settings, args: argparse.Namespace) -> int:
    from resolvers.ledger.cli import import_tasks_command

    path = Path(args.file)
    content = path.read_bytes()
    return asyncio.run(_with_db(settings, lambda: import_tasks_command(path, content, args.plan)))


def cmd_export_tasks(settings: Settings, args: argparse.Namespace) -> int:
    from resolvers.ledger.cli import export_tasks_command

    fmt = "CSV" if Path(args.output).suffix.lower() == ".csv" else "XLSX"
    body = asyncio.run(_with_db(settings, lambda: export_tasks_command(args.plan, fmt)))
    if body is None:
        return 2
    Path(args.output).write_bytes(body)
    print(f"wrote {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python main.py", description="duban 督办 service")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the HTTP server (GraphQL at /graphql)")
    serve.add_argument("--demo", action="store_true", help="migrate, load demo data, print demo tokens")
    serve.add_argument("--port", type=int, help="port (default DUBAN_PORT or 8000)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (PostgreSQL for more than 1)")
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    sub.add_parser(
        "scheduler", help="run only the scheduled jobs (beside servers started with DUBAN_SCHEDULER=off)"
    ).set_defaults(func=cmd_scheduler)
    sub.add_parser("seed-demo", help="load demo data into an empty database").set_defaults(func=cmd_seed_demo)
    export = sub.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("--output", default=str(SCHEMA_FILE))
    export.set_defaults(func=cmd_export_schema)
    token = sub.add_parser("token", help="API tokens")
    tsub = token.add_subparsers(dest="token_command", required=True)
    create = tsub.add_parser("create", help="create a token and print it once")
    create.add_argument("--name", required=True)
    create.add_argument(
        "--role",
        required=True,
        choices=["ADMIN", "SUPERVISOR", "INSPECTOR", "UNIT_OPERATOR", "HOTLINE", "VIEWER"],
    )
    create.add_argument("--unit", help="unit code (required for UNIT_OPERATOR)")
    create.add_argument("--expires", help="ISO 8601 date-time")
    tsub.add_parser("list", help="list tokens (never their secrets)")
    revoke = tsub.add_parser("revoke", help="revoke a token")
    revoke.add_argument("id", type=int)
    token.set_defaults(func=cmd_token)
    jobs = sub.add_parser("jobs", help="scheduled jobs")
    jsub = jobs.add_subparsers(dest="jobs_command", required=True)
    jsub.add_parser("list", help="list the registered jobs")
    run = jsub.add_parser("run", help="run a job now (recorded in jobRuns)")
    run.add_argument("name")
    run.add_argument(
        "--slot", help="the scheduled slot to run (default: a new manual slot); a slot runs once"
    )
    jobs.set_defaults(func=cmd_jobs)
    calendar = sub.add_parser("calendar", help="working-day calendar (法定工作日历)")
    csub = calendar.add_subparsers(dest="calendar_command", required=True)
    load = csub.add_parser("load", help="load a year's schedule (JSON or CSV), replacing that year")
    load.add_argument("file")
    show = csub.add_parser("show", help="print a year's holidays and make-up working days")
    show.add_argument("year", type=int)
    calendar.set_defaults(func=cmd_calendar)
    audit = sub.add_parser("audit", help="audit trail")
    asub = audit.add_subparsers(dest="audit_command", required=True)
    verify = asub.add_parser("verify", help="recompute the hash chain; exit 1 and say where it breaks")
    verify.add_argument(
        "--checkpoint",
        action="append",
        default=[],
        type=checkpoint_argument,
        metavar="SEQ:HASH",
        help="a published head (digest, log) the chain must still reach; repeatable",
    )
    audit.set_defaults(func=cmd_audit)
    imp = sub.add_parser("import-tasks", help="import a ledger (CSV/XLSX) into a plan; all rows or none")
    imp.add_argument("file")
    imp.add_argument("--plan", required=True, help="plan id or document number (文号)")
    imp.set_defaults(func=cmd_import_tasks)
    exp = sub.add_parser("export-tasks", help="export a plan's ledger to XLSX (or CSV: FILE.csv)")
    exp.add_argument("--plan", required=True, help="plan id or document number (文号)")
    exp.add_argument("--output", required=True, help="FILE.xlsx or FILE.csv")
    exp.set_defaults(func=cmd_export_tasks)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings()
    configure_logging(settings)
    return int(args.func(settings, args) or 0)


if __name__ == "__main__":
    sys.exit(main())
