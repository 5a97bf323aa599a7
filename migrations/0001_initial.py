from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.auth import Role
from models.unit import UnitKind, UnitLevel
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Event',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('subject_type', fields.CharField(max_length=40)),
                ('subject_id', fields.BigIntField()),
                ('kind', fields.CharField(max_length=60)),
                ('summary', fields.CharField(default='', max_length=500)),
                ('actor', fields.CharField(max_length=100)),
                ('actor_role', fields.CharField(null=True, max_length=20)),
                ('at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('data', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('request_id', fields.CharField(null=True, max_length=40)),
            ],
            options={'table': 'event', 'app': 'models', 'indexes': [Index(fields=['subject_type', 'subject_id', 'at'])], 'pk_attr': 'id', 'table_description': "One step in a subject's history, written in the same transaction as the change it records."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Unit',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=True, auto_now_add=False)),
                ('code', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(db_index=True, max_length=200)),
                ('short_name', fields.CharField(null=True, max_length=100)),
                ('kind', fields.CharEnumField(db_index=True, description='GOVERNMENT: GOVERNMENT\nDEPARTMENT: DEPARTMENT\nTOWNSHIP: TOWNSHIP\nPARK: PARK\nSUPERVISION_OFFICE: SUPERVISION_OFFICE\nDISCIPLINE_COMMISSION: DISCIPLINE_COMMISSION\nHOTLINE_CENTER: HOTLINE_CENTER\nOTHER: OTHER', enum_type=UnitKind, max_length=32)),
                ('level', fields.CharEnumField(default=UnitLevel.CITY, description='PROVINCE: PROVINCE\nCITY: CITY\nCOUNTY: COUNTY\nTOWNSHIP: TOWNSHIP\nVILLAGE: VILLAGE', enum_type=UnitLevel, max_length=16)),
                ('parent', fields.ForeignKeyField('models.Unit', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('path', fields.CharField(default='/', db_index=True, max_length=400)),
                ('liaison_name', fields.CharField(null=True, max_length=50)),
                ('liaison_phone', fields.CharField(null=True, max_length=30)),
                ('active', fields.BooleanField(default=True, db_index=True)),
            ],
            options={'table': 'unit', 'app': 'models', 'pk_attr': 'id'},
            bases=['VersionedModel'],
        ),
        ops.CreateModel(
            name='ApiToken',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('role', fields.CharEnumField(description='ADMIN: ADMIN\nSUPERVISOR: SUPERVISOR\nINSPECTOR: INSPECTOR\nUNIT_OPERATOR: UNIT_OPERATOR\nHOTLINE: HOTLINE\nVIEWER: VIEWER', enum_type=Role, max_length=20)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', null=True, db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.RESTRICT)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_token', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
