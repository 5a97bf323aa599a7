from tortoise import migrations
from tortoise.migrations import operations as ops

class Migration(migrations.Migration):
    dependencies = [('models', '0015_figures_indexes')]

    initial = False

    operations = [
        ops.RemoveField(model_name='Complaint', name='is_overdue'),
    ]
