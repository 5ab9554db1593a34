"""The assessment vocabulary now lives in provisions (see provisions 0005): gaps forgets the
models, and their tables stay where they are.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('gaps', '0003_history'),
        ('provisions', '0005_move_assessments'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='HistoricalCoverage'),
                migrations.DeleteModel(name='HistoricalThreatCategory'),
                migrations.DeleteModel(name='Coverage'),
                migrations.DeleteModel(name='ThreatCategory'),
                migrations.DeleteModel(name='Capability'),
            ],
            database_operations=[],
        ),
    ]
