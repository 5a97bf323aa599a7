"""One open overdue flag per subject and stage: repair the duplicates overlapping runs wrote, then forbid them.

Two overdue runs overlapping on different slots (PostgreSQL) each flagged what the other had not yet
committed: every open flag and its BREACH_DETECTED event was doubled, and later runs kept both. The
repair keeps, of each set of duplicates, the earliest detection and its event; a duplicate is a flag of
the same subject and stage detected while an earlier one was still open (same deadline, or both still
open). Then a partial unique index over the open flags (`overdue_flag_open_once`) makes the database
refuse a second one; the overdue job inserts against it with ON CONFLICT DO NOTHING.

The index is written here, not declared on the model: Tortoise cannot declare a partial unique index on
SQLite. A later migration that rebuilds `overdue_flag` on SQLite (AlterField, RemoveField) must recreate it.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

INDEX = "overdue_flag_open_once"

# Flags detected while an earlier flag of the same subject and stage was open. The summary is the one
# the overdue job wrote on each flag's event (as of this migration), to find that event.
_DUPLICATES = (
    "SELECT d.id, d.subject_type, d.subject_id, d.detected_at, "
    "'发现逾期 (breach detected): ' || d.kind || CASE WHEN d.stage = '' THEN '' ELSE ' ' || d.stage END "
    "AS summary FROM overdue_flag d WHERE EXISTS (SELECT 1 FROM overdue_flag k "
    "WHERE k.kind = d.kind AND k.stage = d.stage AND k.subject_id = d.subject_id "
    "AND (k.detected_at < d.detected_at OR (k.detected_at = d.detected_at AND k.id < d.id)) "
    "AND (k.cleared_at IS NULL OR k.cleared_at > d.detected_at) "
    "AND (k.due_at = d.due_at OR (k.cleared_at IS NULL AND d.cleared_at IS NULL)))"
)

# Per duplicate, one event of its subject, summary and time goes: the latest written of that group, so
# when the kept flag was detected at the same instant its own (earlier) event stays.
_DELETE_EVENTS = (
    f"WITH dup AS ({_DUPLICATES}), "
    "per_group AS (SELECT subject_type, subject_id, detected_at, summary, count(*) AS n FROM dup "
    "GROUP BY subject_type, subject_id, detected_at, summary), "
    "ranked AS (SELECT e.id, g.n, row_number() OVER ("
    "PARTITION BY e.subject_type, e.subject_id, e.at, e.summary ORDER BY e.id DESC) AS rn "
    "FROM event e JOIN per_group g ON g.subject_type = e.subject_type AND g.subject_id = e.subject_id "
    "AND g.detected_at = e.at AND g.summary = e.summary WHERE e.kind = 'BREACH_DETECTED') "
    "DELETE FROM event WHERE id IN (SELECT id FROM ranked WHERE rn <= n)"
)

_DELETE_FLAGS = f"DELETE FROM overdue_flag WHERE id IN (SELECT id FROM ({_DUPLICATES}) dup)"

_CREATE_INDEX = (
    f'CREATE UNIQUE INDEX IF NOT EXISTS "{INDEX}" ON "overdue_flag" (kind, stage, subject_id) '
    "WHERE cleared_at IS NULL"
)


async def repair(client) -> None:
    """Delete duplicate flags and their events (events first: they are found through the flags), then
    create the unique index. Same SQL on SQLite and PostgreSQL."""
    if client.capabilities.dialect == "postgres":
        # Statistics from before the duplicates (a few events of this kind) made the planner join the
        # events to the duplicates by nested loops: 89,766 flags ran over 10 minutes, not seconds.
        await client.execute_script("ANALYZE overdue_flag; ANALYZE event")
    await client.execute_query(_DELETE_EVENTS)
    await client.execute_query(_DELETE_FLAGS)
    await client.execute_script(_CREATE_INDEX)


async def forward(apps, schema_editor) -> None:
    await repair(schema_editor.client)


async def backward(apps, schema_editor) -> None:
    # The deleted duplicates are not restored: they were wrong.
    await schema_editor.client.execute_script(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("models", "0018_figures_covering_indexes")]

    initial = False

    operations = [ops.RunPython(forward, reverse_code=backward)]
