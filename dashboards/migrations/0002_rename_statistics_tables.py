"""The statistics tables take this app's name: `pilots_daily*` becomes `dashboards_daily*`.

A rename only (ALTER TABLE … RENAME TO): rows, indexes and constraints stay as they are.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dashboards', '0001_move_statistics_from_pilots'),
        ('pilots', '0003_move_statistics_to_dashboards'),
    ]

    operations = [
        migrations.AlterModelTable(name='dailyagencystatistic', table=None),
        migrations.AlterModelTable(name='dailycitystatistic', table=None),
        migrations.AlterModelTable(name='dailyenterprisedispatch', table=None),
        migrations.AlterModelTable(name='dailyfilltime', table=None),
        migrations.AlterModelTable(name='dailyskillstatistic', table=None),
    ]
