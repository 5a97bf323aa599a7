from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_calendar_seed')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('seq', fields.BigIntField(unique=True)),
                ('at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('actor', fields.CharField(db_index=True, max_length=100)),
                ('actor_role', fields.CharField(null=True, max_length=20)),
                ('token_id', fields.BigIntField(null=True)),
                ('operation', fields.CharField(db_index=True, max_length=80)),
                ('subjects', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('changes', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('request_id', fields.CharField(null=True, max_length=40)),
                ('prev_hash', fields.CharField(max_length=64)),
                ('hash', fields.CharField(max_length=64)),
            ],
            options={'table': 'audit_entry', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One mutation or job run: who, when, what, on which subjects. Never updated or deleted.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditSubject',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('entry', fields.ForeignKeyField('models.AuditEntry', source_field='entry_id', db_constraint=True, to_field='id', related_name='subject_rows', on_delete=OnDelete.RESTRICT)),
                ('subject', fields.CharField(db_index=True, max_length=120)),
            ],
            options={'table': 'audit_subject', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The subjects of an entry (Type:pk), one row each, so filtering by subject is an index lookup.'},
            bases=['Model'],
        ),
    ]
