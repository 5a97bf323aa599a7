"""The audit chain becomes keyed (HMAC-SHA256, key in DUBAN_AUDIT_KEY): `audit_chain` records where.

Entries already written keep their plain SHA-256 hashes; the boundary (the head's seq at migration
time, 0 on an empty trail) tells the verifier to check them the old way and every later entry keyed.
Verification reads each batch's subject rows by entry: an index on (entry_id, subject) serves it.
"""

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


async def record_boundary(apps, schema_editor) -> None:
    entry = apps.get_model("models", "AuditEntry")
    head = await entry.all().order_by("-seq").only("seq").first()
    chain = apps.get_model("models", "AuditChain")
    await chain.create(id=1, legacy_until_seq=head.seq if head else 0)


async def forget_boundary(apps, schema_editor) -> None:
    await apps.get_model("models", "AuditChain").all().delete()


class Migration(migrations.Migration):
    dependencies = [("models", "0019_open_flag_unique")]

    initial = False

    operations = [
        ops.CreateModel(
            name="AuditChain",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("legacy_until_seq", fields.BigIntField()),
            ],
            options={
                "table": "audit_chain",
                "app": "models",
                "pk_attr": "id",
                "table_description": "Where the keyed chain starts: entries up to `legacy_until_seq` were written before the key",
            },
            bases=["Row"],
        ),
        ops.RunPython(record_boundary, forget_boundary),
        ops.AddIndex(model_name="AuditSubject", index=Index(fields=["entry_id", "subject"])),
    ]
