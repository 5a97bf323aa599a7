from tortoise import migrations
from tortoise.migrations import operations as ops
from models.job import JobStatus
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='JobRun',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=60)),
                ('slot', fields.CharField(max_length=60)),
                ('status', fields.CharEnumField(default=JobStatus.RUNNING, description='RUNNING: RUNNING\nSUCCEEDED: SUCCEEDED\nFAILED: FAILED', enum_type=JobStatus, max_length=12)),
                ('holder', fields.CharField(max_length=120)),
                ('lease_expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('rows_touched', fields.IntField(null=True)),
                ('error', fields.TextField(null=True, unique=False)),
                ('attempts', fields.IntField(default=1)),
            ],
            options={'table': 'job_run', 'app': 'models', 'unique_together': (('name', 'slot'),), 'indexes': [Index(fields=['name', 'started_at']), Index(fields=['status', 'lease_expires_at'])], 'pk_attr': 'id', 'table_description': 'A claim and its outcome. `slot` names the scheduled moment (e.g. `2026-11-25T12:05`) or a manual'},
            bases=['Model'],
        ),
    ]
