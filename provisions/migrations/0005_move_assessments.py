"""The assessment vocabulary (ThreatCategory, Capability, Coverage and their history) moves
from gaps to provisions. Only Django's record of the models moves: the tables keep their
names (`db_table`), so no row is copied. The content types follow, so that permissions,
admin log entries and the editors' roles stay attached to the same models.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = ["capability", "threatcategory", "coverage", "historicalthreatcategory", "historicalcoverage"]


def move_content_types(apps, schema_editor, old="gaps", new="provisions"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    # A content type made for the new label before this ran has no permissions or log
    # entries yet; the old one, which has them, takes its place.
    ContentType.objects.using(db).filter(app_label=new, model__in=MOVED).delete()
    ContentType.objects.using(db).filter(app_label=old, model__in=MOVED).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="provisions", new="gaps")


class Migration(migrations.Migration):

    dependencies = [
        ('provisions', '0004_provision_search_vector'),
        ('gaps', '0003_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Capability',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=60)),
                        ('name', models.CharField(max_length=100)),
                        ('position', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'verbose_name_plural': 'capabilities',
                        'db_table': 'gaps_capability',
                        'ordering': ['position', 'name'],
                        'constraints': [models.UniqueConstraint(fields=('slug',), name='capability_slug_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalThreatCategory',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=60)),
                        ('name', models.CharField(max_length=200)),
                        ('definition', models.TextField(help_text='Markdown.')),
                        ('identified_in', models.TextField(blank=True, help_text='The documents or reports that identify this threat (Markdown).', verbose_name='where identified')),
                        ('position', models.PositiveIntegerField(default=0)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical threat category',
                        'verbose_name_plural': 'historical threat categories',
                        'db_table': 'gaps_historicalthreatcategory',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='ThreatCategory',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=60)),
                        ('name', models.CharField(max_length=200)),
                        ('definition', models.TextField(help_text='Markdown.')),
                        ('identified_in', models.TextField(blank=True, help_text='The documents or reports that identify this threat (Markdown).', verbose_name='where identified')),
                        ('position', models.PositiveIntegerField(default=0)),
                        ('capabilities', models.ManyToManyField(blank=True, related_name='categories', to='provisions.capability')),
                    ],
                    options={
                        'verbose_name_plural': 'threat categories',
                        'db_table': 'gaps_threatcategory',
                        'ordering': ['position', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCoverage',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('level', models.CharField(choices=[('prohibits', 'Prohibits'), ('restricts', 'Restricts'), ('guidance', 'Voluntary guidance'), ('indirect', 'Indirect')], help_text='prohibits: forbids the activity (a draft: would, once in force); restricts: binding but partial, procedural or conditional; guidance: non-binding recommendation; indirect: only through a general principle, definition or transparency duty.', max_length=20)),
                        ('rationale', models.TextField(help_text='Why this level: quote the operative words and say what the provision leaves out (Markdown).')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('provision', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='provisions.provision')),
                        ('category', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='provisions.threatcategory')),
                    ],
                    options={
                        'verbose_name': 'historical coverage assessment',
                        'verbose_name_plural': 'historical coverage assessments',
                        'db_table': 'gaps_historicalcoverage',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Coverage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('level', models.CharField(choices=[('prohibits', 'Prohibits'), ('restricts', 'Restricts'), ('guidance', 'Voluntary guidance'), ('indirect', 'Indirect')], help_text='prohibits: forbids the activity (a draft: would, once in force); restricts: binding but partial, procedural or conditional; guidance: non-binding recommendation; indirect: only through a general principle, definition or transparency duty.', max_length=20)),
                        ('rationale', models.TextField(help_text='Why this level: quote the operative words and say what the provision leaves out (Markdown).')),
                        ('provision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coverages', to='provisions.provision')),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='coverages', to='provisions.threatcategory')),
                    ],
                    options={
                        'verbose_name': 'coverage assessment',
                        'db_table': 'gaps_coverage',
                        'ordering': ['category__position', 'provision__instrument__position', 'provision__position'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='threatcategory',
                    constraint=models.UniqueConstraint(fields=('slug',), name='category_slug_unique'),
                ),
                migrations.AddIndex(
                    model_name='coverage',
                    index=models.Index(fields=['category', 'level'], name='coverage_category_level_idx'),
                ),
                migrations.AddConstraint(
                    model_name='coverage',
                    constraint=models.UniqueConstraint(fields=('provision', 'category'), name='coverage_unique_per_provision_category'),
                ),
                migrations.AddConstraint(
                    model_name='coverage',
                    constraint=models.CheckConstraint(condition=models.Q(('level__in', ['prohibits', 'restricts', 'guidance', 'indirect'])), name='coverage_level_valid'),
                ),
                migrations.AddConstraint(
                    model_name='coverage',
                    constraint=models.CheckConstraint(condition=models.Q(('rationale', ''), _negated=True), name='coverage_rationale_required'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
