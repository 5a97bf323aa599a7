from tortoise import migrations
from tortoise.migrations import operations as ops
from models.task import TaskCategory, TaskOrigin, TaskStatus, UnitRole
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0007_guard')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Plan',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=True, auto_now_add=False)),
                ('title', fields.CharField(max_length=300)),
                ('doc_number', fields.CharField(null=True, unique=True, max_length=100)),
                ('issuing_unit', fields.ForeignKeyField('models.Unit', source_field='issuing_unit_id', null=True, db_constraint=True, to_field='id', related_name='issued_plans', on_delete=OnDelete.RESTRICT)),
                ('issued_on', fields.DateField(null=True)),
                ('period_start', fields.DateField(null=True)),
                ('period_end', fields.DateField(null=True)),
            ],
            options={'table': 'plan', 'app': 'models', 'pk_attr': 'id'},
            bases=['VersionedModel'],
        ),
        ops.CreateModel(
            name='Task',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=True, auto_now_add=False)),
                ('plan', fields.ForeignKeyField('models.Plan', source_field='plan_id', db_constraint=True, to_field='id', related_name='tasks', on_delete=OnDelete.RESTRICT)),
                ('parent', fields.ForeignKeyField('models.Task', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='subtasks', on_delete=OnDelete.RESTRICT)),
                ('code', fields.CharField(null=True, max_length=40)),
                ('code_key', fields.CharField(default='~', db_index=True, max_length=200)),
                ('title', fields.CharField(db_index=True, max_length=500)),
                ('description', fields.TextField(null=True, unique=False)),
                ('category', fields.CharEnumField(db_index=True, description='GOVERNMENT_SERVICE: GOVERNMENT_SERVICE\nMARKET: MARKET\nFACTORS: FACTORS\nOPENNESS: OPENNESS\nSOCIAL: SOCIAL\nRULE_OF_LAW: RULE_OF_LAW\nOTHER: OTHER', enum_type=TaskCategory, max_length=24)),
                ('origin', fields.CharEnumField(default=TaskOrigin.OTHER, description='PROVINCIAL_REQUIREMENT: PROVINCIAL_REQUIREMENT\nLOCAL_INNOVATION: LOCAL_INNOVATION\nINSPECTION_FINDING: INSPECTION_FINDING\nPROPOSAL_REPLY: PROPOSAL_REPLY\nLEADER_INSTRUCTION: LEADER_INSTRUCTION\nOTHER: OTHER', enum_type=TaskOrigin, max_length=32)),
                ('responsible_leader', fields.CharField(null=True, max_length=100)),
                ('due_on', fields.DateField(null=True, db_index=True)),
                ('target_indicator', fields.CharField(null=True, max_length=200)),
                ('target_value', fields.FloatField(null=True)),
                ('target_unit', fields.CharField(null=True, max_length=30)),
                ('actual_value', fields.FloatField(null=True)),
                ('status', fields.CharEnumField(default=TaskStatus.NOT_STARTED, db_index=True, description='NOT_STARTED: NOT_STARTED\nIN_PROGRESS: IN_PROGRESS\nCOMPLETED: COMPLETED\nVERIFIED: VERIFIED\nSUSPENDED: SUSPENDED', enum_type=TaskStatus, max_length=16)),
                ('resume_status', fields.CharEnumField(null=True, description='NOT_STARTED: NOT_STARTED\nIN_PROGRESS: IN_PROGRESS\nCOMPLETED: COMPLETED\nVERIFIED: VERIFIED\nSUSPENDED: SUSPENDED', enum_type=TaskStatus, max_length=16)),
                ('suspended_reason', fields.TextField(null=True, unique=False)),
                ('completion_summary', fields.TextField(null=True, unique=False)),
                ('returned_reason', fields.TextField(null=True, unique=False)),
                ('progress_percent', fields.IntField(null=True)),
                ('is_overdue', fields.BooleanField(default=False, db_index=True)),
                ('overdue_since', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('overdue_working_days', fields.IntField(null=True)),
            ],
            options={'table': 'task', 'app': 'models', 'unique_together': (('plan', 'code'),), 'indexes': [Index(fields=['plan_id', 'code_key'])], 'pk_attr': 'id'},
            bases=['VersionedModel'],
        ),
        ops.CreateModel(
            name='Milestone',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=True, auto_now_add=False)),
                ('task', fields.ForeignKeyField('models.Task', source_field='task_id', db_constraint=True, to_field='id', related_name='milestones', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=300)),
                ('due_on', fields.DateField(db_index=True)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('is_overdue', fields.BooleanField(default=False, db_index=True)),
                ('overdue_since', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('overdue_working_days', fields.IntField(null=True)),
            ],
            options={'table': 'milestone', 'app': 'models', 'pk_attr': 'id'},
            bases=['VersionedModel'],
        ),
        ops.CreateModel(
            name='ProgressReport',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('task', fields.ForeignKeyField('models.Task', source_field='task_id', db_constraint=True, to_field='id', related_name='progress_reports', on_delete=OnDelete.CASCADE)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', null=True, db_constraint=True, to_field='id', related_name='progress_reports', on_delete=OnDelete.RESTRICT)),
                ('text', fields.TextField(unique=False)),
                ('percent', fields.IntField()),
                ('actual_value', fields.FloatField(null=True)),
                ('reported_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('actor', fields.CharField(max_length=100)),
            ],
            options={'table': 'progress_report', 'app': 'models', 'indexes': [Index(fields=['task_id', 'reported_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TaskUnit',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('task', fields.ForeignKeyField('models.Task', source_field='task_id', db_constraint=True, to_field='id', related_name='unit_links', on_delete=OnDelete.CASCADE)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name='task_links', on_delete=OnDelete.RESTRICT)),
                ('role', fields.CharEnumField(description='LEAD: LEAD\nCO: CO', enum_type=UnitRole, max_length=8)),
                ('position', fields.IntField(default=0)),
            ],
            options={'table': 'task_unit', 'app': 'models', 'unique_together': (('task', 'unit'),), 'indexes': [Index(fields=['unit_id', 'role'])], 'pk_attr': 'id', 'table_description': "A unit's part in a task: lead (牵头单位) or co-responsible (责任单位)."},
            bases=['Model'],
        ),
    ]
