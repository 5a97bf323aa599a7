"""`cache_epoch`: one row whose value changes, in the same transaction, with every change to a unit or
a token, so each app process can keep the unit tree and authenticated tokens in memory and still see a
revocation or a unit change at once (`models/epoch.py`).

Triggers, not application code, change it: every writer (the API, `main.py token revoke` from another
process, the demo loader, the benchmark generator, a hand-written UPDATE) moves it. The new value is
random, never a counter: a transaction that changed a unit and rolled back must not leave a process
holding a tree under a value a later, different change could commit again.

Token inserts do not move it: a new token's hash is in no cache (unknown tokens are not cached).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

# (table, events) whose rows the caches hold.
WATCHED = (("unit", ("INSERT", "UPDATE", "DELETE")), ("api_token", ("UPDATE", "DELETE")))

_SQLITE_BUMP = "UPDATE cache_epoch SET value = random() WHERE id = 1"
# PostgreSQL's random() has 52 random bits: scaled into a bigint, a repeat is out of reach.
_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION cache_epoch_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE cache_epoch SET value = (random() * 9.0e18)::bigint - 4500000000000000000 WHERE id = 1; "
    "RETURN NULL; END $$"
)


def _trigger(table: str, event: str) -> str:
    return f"cache_epoch_{table}_{event.lower()}"


async def forward(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    statements = [
        "CREATE TABLE IF NOT EXISTS cache_epoch (id INTEGER PRIMARY KEY, value BIGINT NOT NULL)",
        "INSERT INTO cache_epoch (id, value) VALUES (1, 0)",
    ]
    if postgres:
        statements.append(_PG_FUNCTION)
    for table, events in WATCHED:
        for event in events:
            name = _trigger(table, event)
            if postgres:
                statements.append(
                    f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" '
                    "FOR EACH STATEMENT EXECUTE FUNCTION cache_epoch_bump()"
                )
            else:
                statements.append(
                    f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN {_SQLITE_BUMP}; END'
                )
    for statement in statements:
        await client.execute_script(statement)


async def backward(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    for table, events in WATCHED:
        for event in events:
            on = f' ON "{table}"' if postgres else ""
            await client.execute_script(f'DROP TRIGGER IF EXISTS "{_trigger(table, event)}"{on}')
    if postgres:
        await client.execute_script("DROP FUNCTION IF EXISTS cache_epoch_bump()")
    await client.execute_script("DROP TABLE IF EXISTS cache_epoch")


class Migration(migrations.Migration):
    dependencies = [("models", "0026_clue_sources_and_conduct")]

    initial = False

    operations = [ops.RunPython(forward, reverse_code=backward)]
