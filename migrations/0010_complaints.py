from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.calendar import DurationUnit
from models.complaint import ComplaintChannel, ComplaintKind, ComplaintScope, ComplaintStatus, ExtensionStatus, Satisfaction
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_overdue_from_flags')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ComplaintSerialCounter',
            fields=[
                ('day', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=8)),
                ('n', fields.IntField(default=0)),
            ],
            options={'table': 'complaint_serial_counter', 'app': 'models', 'pk_attr': 'day', 'table_description': "Serial numbers per day: one row per local day, incremented in the intake's transaction (gap-free)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Enterprise',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=True, auto_now_add=False)),
                ('name', fields.CharField(db_index=True, max_length=200)),
                ('credit_code', fields.CharField(unique=True, max_length=18)),
                ('tags', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('industry', fields.CharField(null=True, db_index=True, max_length=100)),
                ('contact_name', fields.CharField(null=True, max_length=50)),
                ('contact_phone', fields.CharField(null=True, max_length=30)),
            ],
            options={'table': 'enterprise', 'app': 'models', 'pk_attr': 'id'},
            bases=['VersionedModel'],
        ),
        ops.CreateModel(
            name='SlaPolicy',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=True, auto_now_add=False)),
                ('code', fields.CharField(unique=True, max_length=20)),
                ('name', fields.CharField(max_length=100)),
                ('contact_amount', fields.IntField()),
                ('contact_unit', fields.CharEnumField(description='HOURS: HOURS\nWORKING_DAYS: WORKING_DAYS\nCALENDAR_DAYS: CALENDAR_DAYS', enum_type=DurationUnit, max_length=16)),
                ('reply_amount', fields.IntField()),
                ('reply_unit', fields.CharEnumField(description='HOURS: HOURS\nWORKING_DAYS: WORKING_DAYS\nCALENDAR_DAYS: CALENDAR_DAYS', enum_type=DurationUnit, max_length=16)),
                ('resolve_amount', fields.IntField()),
                ('resolve_unit', fields.CharEnumField(description='HOURS: HOURS\nWORKING_DAYS: WORKING_DAYS\nCALENDAR_DAYS: CALENDAR_DAYS', enum_type=DurationUnit, max_length=16)),
            ],
            options={'table': 'sla_policy', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A time-limit policy such as "2110": per stage an amount and a `DurationUnit` (data, not code).'},
            bases=['VersionedModel'],
        ),
        ops.CreateModel(
            name='Complaint',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=True, auto_now_add=False)),
                ('serial_no', fields.CharField(unique=True, max_length=20)),
                ('channel', fields.CharEnumField(db_index=True, description='HOTLINE_12345: HOTLINE_12345\nONLINE_PLATFORM: ONLINE_PLATFORM\nVISIT: VISIT\nFORUM: FORUM\nSUPERVISOR_PANEL: SUPERVISOR_PANEL\nLETTER: LETTER\nOTHER: OTHER', enum_type=ComplaintChannel, max_length=20)),
                ('external_ref', fields.CharField(null=True, max_length=100)),
                ('enterprise', fields.ForeignKeyField('models.Enterprise', source_field='enterprise_id', db_constraint=True, to_field='id', related_name='complaints', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(db_index=True, description='CONSULTATION: CONSULTATION\nHELP: HELP\nCOMPLAINT: COMPLAINT\nSUGGESTION: SUGGESTION\nREPORT: REPORT', enum_type=ComplaintKind, max_length=16)),
                ('scope', fields.CharEnumField(default=ComplaintScope.INDIVIDUAL, description='INDIVIDUAL: INDIVIDUAL\nSYSTEMIC: SYSTEMIC', enum_type=ComplaintScope, max_length=16)),
                ('title', fields.CharField(max_length=200)),
                ('content', fields.TextField(unique=False)),
                ('received_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('handling_unit', fields.ForeignKeyField('models.Unit', source_field='handling_unit_id', null=True, db_constraint=True, to_field='id', related_name='complaints', on_delete=OnDelete.RESTRICT)),
                ('dispatched_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('sla_policy', fields.ForeignKeyField('models.SlaPolicy', source_field='sla_policy_id', null=True, db_constraint=True, to_field='id', related_name='complaints', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(db_index=True, description='RECEIVED: RECEIVED\nDISPATCHED: DISPATCHED\nCONTACTED: CONTACTED\nREPLIED: REPLIED\nRESOLVED: RESOLVED\nVISITED: VISITED\nCLOSED: CLOSED\nREOPENED: REOPENED\nWITHDRAWN: WITHDRAWN', enum_type=ComplaintStatus, max_length=16)),
                ('handling_result', fields.TextField(null=True, unique=False)),
                ('is_reasonable', fields.BooleanField(null=True)),
                ('contact_due_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('contacted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('contact_in_time', fields.BooleanField(null=True, db_index=True)),
                ('reply_due_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('replied_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reply_in_time', fields.BooleanField(null=True, db_index=True)),
                ('resolve_started_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolve_due_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('resolved_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('resolve_in_time', fields.BooleanField(null=True, db_index=True)),
                ('first_resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('deadline_provisional', fields.BooleanField(default=False, db_index=True)),
                ('satisfaction', fields.CharEnumField(null=True, db_index=True, description='SATISFIED: SATISFIED\nBASICALLY_SATISFIED: BASICALLY_SATISFIED\nUNSATISFIED: UNSATISFIED', enum_type=Satisfaction, max_length=20)),
                ('problem_solved', fields.BooleanField(null=True)),
                ('visited_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reopen_count', fields.IntField(default=0, db_index=True)),
                ('escalated_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('is_overdue', fields.BooleanField(default=False, db_index=True)),
            ],
            options={'table': 'complaint', 'app': 'models', 'unique_together': (('channel', 'external_ref'),), 'indexes': [Index(fields=['handling_unit_id', 'status']), Index(fields=['enterprise_id', 'received_at'])], 'pk_attr': 'id'},
            bases=['VersionedModel'],
        ),
        ops.CreateModel(
            name='ComplaintDispatch',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('complaint', fields.ForeignKeyField('models.Complaint', source_field='complaint_id', db_constraint=True, to_field='id', related_name='dispatches', on_delete=OnDelete.CASCADE)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name='complaint_dispatches', on_delete=OnDelete.RESTRICT)),
                ('sla_policy', fields.ForeignKeyField('models.SlaPolicy', source_field='sla_policy_id', db_constraint=True, to_field='id', related_name='dispatches', on_delete=OnDelete.RESTRICT)),
                ('dispatched_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('dispatched_by', fields.CharField(max_length=100)),
                ('returned_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('returned_by', fields.CharField(null=True, max_length=100)),
                ('return_reason', fields.TextField(null=True, unique=False)),
            ],
            options={'table': 'complaint_dispatch', 'app': 'models', 'indexes': [Index(fields=['complaint_id', 'dispatched_at'])], 'pk_attr': 'id', 'table_description': 'One dispatch (派单) of a complaint to a unit, closed by a return (退单) with the reason.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Extension',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=True, auto_now_add=False)),
                ('complaint', fields.ForeignKeyField('models.Complaint', source_field='complaint_id', db_constraint=True, to_field='id', related_name='extensions', on_delete=OnDelete.CASCADE)),
                ('requested_by_unit', fields.ForeignKeyField('models.Unit', source_field='requested_by_unit_id', db_constraint=True, to_field='id', related_name='complaint_extensions', on_delete=OnDelete.RESTRICT)),
                ('requested_by', fields.CharField(max_length=100)),
                ('requested_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('previous_due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('requested_due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('reason', fields.TextField(unique=False)),
                ('status', fields.CharEnumField(default=ExtensionStatus.PENDING, db_index=True, description='PENDING: PENDING\nAPPROVED: APPROVED\nREJECTED: REJECTED', enum_type=ExtensionStatus, max_length=16)),
                ('decided_by', fields.CharField(null=True, max_length=100)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decision_reason', fields.TextField(null=True, unique=False)),
            ],
            options={'table': 'complaint_extension', 'app': 'models', 'indexes': [Index(fields=['complaint_id', 'status'])], 'pk_attr': 'id', 'table_description': 'A deadline extension (延期) requested by the handling unit, decided by the supervision office.'},
            bases=['VersionedModel'],
        ),
        ops.CreateModel(
            name='ReturnVisit',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('complaint', fields.ForeignKeyField('models.Complaint', source_field='complaint_id', db_constraint=True, to_field='id', related_name='return_visits', on_delete=OnDelete.CASCADE)),
                ('visited_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('visited_by', fields.CharField(max_length=100)),
                ('satisfaction', fields.CharEnumField(description='SATISFIED: SATISFIED\nBASICALLY_SATISFIED: BASICALLY_SATISFIED\nUNSATISFIED: UNSATISFIED', enum_type=Satisfaction, max_length=20)),
                ('problem_solved', fields.BooleanField()),
                ('comments', fields.TextField(null=True, unique=False)),
            ],
            options={'table': 'complaint_return_visit', 'app': 'models', 'indexes': [Index(fields=['complaint_id', 'visited_at'])], 'pk_attr': 'id', 'table_description': 'A return visit (回访) after a resolution: a reopened complaint is visited again, each visit kept.'},
            bases=['Model'],
        ),
    ]
