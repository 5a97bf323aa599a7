from tortoise import migrations
from tortoise.migrations import operations as ops

class Migration(migrations.Migration):
    dependencies = [('models', '0008_ledger')]

    initial = False

    operations = [
        ops.RemoveField(model_name='Milestone', name='overdue_since'),
        ops.RemoveField(model_name='Milestone', name='overdue_working_days'),
        ops.RemoveField(model_name='Task', name='overdue_since'),
        ops.RemoveField(model_name='Task', name='overdue_working_days'),
    ]
