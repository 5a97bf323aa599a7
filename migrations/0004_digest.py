from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.digest import DigestPeriod
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_overdue')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Digest',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('recipient_key', fields.CharField(max_length=40)),
                ('recipient_unit', fields.ForeignKeyField('models.Unit', source_field='recipient_unit_id', null=True, db_constraint=True, to_field='id', related_name='digests', on_delete=OnDelete.RESTRICT)),
                ('recipient_role', fields.CharField(null=True, max_length=20)),
                ('period', fields.CharEnumField(description='DAILY: DAILY\nWEEKLY: WEEKLY\nMONTHLY: MONTHLY', enum_type=DigestPeriod, max_length=8)),
                ('period_start', fields.DateField()),
                ('generated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('items', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('summary', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('acknowledged_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('acknowledged_by', fields.CharField(null=True, max_length=100)),
            ],
            options={'table': 'digest', 'app': 'models', 'unique_together': (('recipient_key', 'period', 'period_start'),), 'indexes': [Index(fields=['recipient_unit_id', 'period_start']), Index(fields=['period', 'period_start'])], 'pk_attr': 'id', 'table_description': 'One digest for one recipient and period, unique by (recipient key, period, period start).'},
            bases=['Model'],
        ),
    ]
