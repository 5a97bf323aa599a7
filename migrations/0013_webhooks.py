from tortoise import migrations
from tortoise.migrations import operations as ops
from models.delivery import DeliveryStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0012_supervision')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DigestDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('digest', fields.ForeignKeyField('models.Digest', source_field='digest_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('url', fields.CharField(max_length=500)),
                ('status', fields.CharEnumField(default=DeliveryStatus.PENDING, description='PENDING: PENDING\nDELIVERED: DELIVERED\nFAILED: FAILED', enum_type=DeliveryStatus, max_length=10)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_status', fields.IntField(null=True)),
                ('last_error', fields.CharField(null=True, max_length=500)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'digest_delivery', 'app': 'models', 'indexes': [Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': 'One digest to one URL: PENDING until a 2xx answer (DELIVERED) or the last attempt (FAILED).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Unit',
            name='webhook_url',
            field=fields.CharField(null=True, max_length=500),
        ),
    ]
