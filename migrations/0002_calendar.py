from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CalendarDay',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('date', fields.DateField(unique=True)),
                ('is_workday', fields.BooleanField()),
                ('name', fields.CharField(max_length=50)),
            ],
            options={'table': 'calendar_day', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An exception to Monday-Friday: a statutory holiday on a weekday, or a make-up working day on a weekend.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CalendarYear',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('year', fields.IntField(unique=True)),
                ('loaded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('source', fields.CharField(default='', max_length=200)),
                ('revision', fields.IntField(default=1)),
            ],
            options={'table': 'calendar_year', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A year whose schedule is known. Deadlines reaching a year without a row are provisional.'},
            bases=['Model'],
        ),
    ]
