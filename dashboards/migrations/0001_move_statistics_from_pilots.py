"""The daily statistics models move here from `pilots`; their tables and rows stay where they are.

The state gains the five models, still on their `pilots_*` tables (nothing is written to the database);
`pilots.0003` drops them from that app's state; `0002` of this app then renames the tables to
`dashboards_*`. The content types (and so the permissions granted on them) move with the models.
"""

from django.db import migrations, models
import django.db.models.deletion

MODELS = ['dailyagencystatistic', 'dailycitystatistic', 'dailyenterprisedispatch', 'dailyfilltime', 'dailyskillstatistic']


def move_content_types(apps, schema_editor):
    """Point the content types of the moved models (and the permissions on them) at this app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(ContentType.objects.using(db).filter(app_label="dashboards").values_list("model", flat=True))
    ContentType.objects.using(db).filter(app_label="pilots", model__in=set(MODELS) - taken).update(
        app_label="dashboards"
    )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(ContentType.objects.using(db).filter(app_label="pilots").values_list("model", flat=True))
    ContentType.objects.using(db).filter(app_label="dashboards", model__in=set(MODELS) - taken).update(
        app_label="pilots"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('agencies', '0002_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('enterprises', '0002_initial'),
        ('pilots', '0002_add_daily_statistics'),
        ('talent', '0002_add_occupation_synonyms'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DailyAgencyStatistic',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='date')),
                        ('district_code', models.CharField(blank=True, max_length=6, verbose_name='district')),
                        ('vacancies_served', models.PositiveIntegerField(default=0, verbose_name='open vacancies served')),
                        ('vacancies_filled', models.PositiveIntegerField(default=0, verbose_name='vacancies filled')),
                        ('placements', models.PositiveIntegerField(default=0, verbose_name='placements')),
                        ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='agencies.agency')),
                        ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='pilots.pilotcity', verbose_name='city')),
                    ],
                    options={
                        'db_table': 'pilots_dailyagencystatistic',
                        'verbose_name': 'daily agency statistic',
                        'verbose_name_plural': 'daily agency statistics',
                        'constraints': [models.UniqueConstraint(fields=('city', 'date', 'district_code', 'agency'), name='daily_agency_statistic_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='DailyCityStatistic',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='date')),
                        ('district_code', models.CharField(blank=True, max_length=6, verbose_name='district')),
                        ('occupation_group', models.CharField(blank=True, max_length=8, verbose_name='occupation group')),
                        ('open_vacancies', models.PositiveIntegerField(default=0, verbose_name='open vacancies')),
                        ('open_headcount', models.PositiveIntegerField(default=0, verbose_name='open headcount')),
                        ('active_seekers', models.PositiveIntegerField(default=0, verbose_name='active job seekers')),
                        ('vacancies_published', models.PositiveIntegerField(default=0, verbose_name='vacancies published')),
                        ('vacancies_filled', models.PositiveIntegerField(default=0, verbose_name='vacancies filled')),
                        ('vacancies_closed', models.PositiveIntegerField(default=0, verbose_name='vacancies closed unfilled')),
                        ('applications', models.PositiveIntegerField(default=0, verbose_name='applications')),
                        ('matches', models.PositiveIntegerField(default=0, verbose_name='engine matches')),
                        ('shortlisted', models.PositiveIntegerField(default=0, verbose_name='shortlisted')),
                        ('interviews', models.PositiveIntegerField(default=0, verbose_name='interviews')),
                        ('offers', models.PositiveIntegerField(default=0, verbose_name='offers')),
                        ('hires', models.PositiveIntegerField(default=0, verbose_name='hires')),
                        ('placements', models.PositiveIntegerField(default=0, verbose_name='placements')),
                        ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='daily_statistics', to='pilots.pilotcity', verbose_name='city')),
                    ],
                    options={
                        'db_table': 'pilots_dailycitystatistic',
                        'verbose_name': 'daily city statistic',
                        'verbose_name_plural': 'daily city statistics',
                        'ordering': ['-date', 'city', 'district_code', 'occupation_group'],
                        'constraints': [models.UniqueConstraint(fields=('city', 'date', 'district_code', 'occupation_group'), name='daily_city_statistic_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='DailyEnterpriseDispatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='date')),
                        ('district_code', models.CharField(blank=True, max_length=6, verbose_name='district')),
                        ('contract_headcount', models.PositiveIntegerField(verbose_name='contract employees')),
                        ('dispatched_headcount', models.PositiveIntegerField(verbose_name='dispatched workers')),
                        ('over_cap', models.BooleanField(verbose_name='over the 10% dispatch cap')),
                        ('improper_dispatch_vacancies', models.PositiveIntegerField(default=0, verbose_name='dispatch vacancies in improper positions')),
                        ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='pilots.pilotcity', verbose_name='city')),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='enterprises.enterprise')),
                    ],
                    options={
                        'db_table': 'pilots_dailyenterprisedispatch',
                        'verbose_name': 'daily enterprise dispatch',
                        'verbose_name_plural': 'daily enterprise dispatch',
                        'constraints': [models.UniqueConstraint(fields=('city', 'date', 'enterprise'), name='daily_enterprise_dispatch_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='DailyFillTime',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='date')),
                        ('district_code', models.CharField(blank=True, max_length=6, verbose_name='district')),
                        ('occupation_group', models.CharField(blank=True, max_length=8, verbose_name='occupation group')),
                        ('days', models.PositiveIntegerField(verbose_name='days to fill')),
                        ('vacancies', models.PositiveIntegerField(verbose_name='vacancies')),
                        ('agency', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='agencies.agency')),
                        ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='pilots.pilotcity', verbose_name='city')),
                    ],
                    options={
                        'db_table': 'pilots_dailyfilltime',
                        'verbose_name': 'daily fill time',
                        'verbose_name_plural': 'daily fill times',
                        'indexes': [models.Index(fields=['city', 'date'], name='daily_fill_time_city_date')],
                    },
                ),
                migrations.CreateModel(
                    name='DailySkillStatistic',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='date')),
                        ('district_code', models.CharField(blank=True, max_length=6, verbose_name='district')),
                        ('demand_l1', models.PositiveIntegerField(default=0)),
                        ('demand_l2', models.PositiveIntegerField(default=0)),
                        ('demand_l3', models.PositiveIntegerField(default=0)),
                        ('demand_l4', models.PositiveIntegerField(default=0)),
                        ('demand_l5', models.PositiveIntegerField(default=0)),
                        ('supply_l1', models.PositiveIntegerField(default=0)),
                        ('supply_l2', models.PositiveIntegerField(default=0)),
                        ('supply_l3', models.PositiveIntegerField(default=0)),
                        ('supply_l4', models.PositiveIntegerField(default=0)),
                        ('supply_l5', models.PositiveIntegerField(default=0)),
                        ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='pilots.pilotcity', verbose_name='city')),
                        ('skill', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='talent.skill')),
                    ],
                    options={
                        'db_table': 'pilots_dailyskillstatistic',
                        'verbose_name': 'daily skill statistic',
                        'verbose_name_plural': 'daily skill statistics',
                        'constraints': [models.UniqueConstraint(fields=('city', 'date', 'district_code', 'skill'), name='daily_skill_statistic_unique')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
