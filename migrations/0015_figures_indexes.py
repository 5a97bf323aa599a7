from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0014_text_search')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Complaint',
            index=Index(fields=['handling_unit_id', 'received_at']),
        ),
        ops.AddIndex(
            model_name='Complaint',
            index=Index(fields=['handling_unit_id', 'resolve_due_at']),
        ),
        ops.AddIndex(
            model_name='Complaint',
            index=Index(fields=['handling_unit_id', 'resolved_at']),
        ),
    ]
