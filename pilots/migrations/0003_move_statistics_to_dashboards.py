"""The daily statistics models move to the `dashboards` app (state only: the tables and rows stay;
see dashboards.0001 and dashboards.0002)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dashboards', '0001_move_statistics_from_pilots'),
        ('pilots', '0002_add_daily_statistics'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='DailyAgencyStatistic'),
                migrations.DeleteModel(name='DailyCityStatistic'),
                migrations.DeleteModel(name='DailyEnterpriseDispatch'),
                migrations.DeleteModel(name='DailyFillTime'),
                migrations.DeleteModel(name='DailySkillStatistic'),
            ],
            database_operations=[],
        ),
    ]
