from tortoise import migrations
from tortoise.migrations import operations as ops
from models.overdue import OverdueKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_jobs')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OverdueFlag',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='TASK: TASK\nMILESTONE: MILESTONE\nCOMPLAINT_STAGE: COMPLAINT_STAGE\nSUPERVISION_ITEM: SUPERVISION_ITEM\nRECOMMENDATION: RECOMMENDATION', enum_type=OverdueKind, max_length=24)),
                ('stage', fields.CharField(default='', max_length=8)),
                ('subject_type', fields.CharField(max_length=40)),
                ('subject_id', fields.BigIntField()),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', null=True, db_constraint=False, to_field='id', related_name='overdue_flags', on_delete=OnDelete.RESTRICT)),
                ('due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('due_date', fields.DateField()),
                ('detected_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('overdue_working_days', fields.IntField(default=0)),
                ('cleared_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'overdue_flag', 'app': 'models', 'indexes': [Index(fields=['kind', 'stage', 'subject_id', 'cleared_at']), Index(fields=['subject_type', 'subject_id']), Index(fields=['unit_id', 'cleared_at']), Index(fields=['cleared_at', 'due_date']), Index(fields=['detected_at'])], 'pk_attr': 'id', 'table_description': 'Written only by the overdue job, set-based. Open while cleared_at is null, cleared when the'},
            bases=['Model'],
        ),
    ]
