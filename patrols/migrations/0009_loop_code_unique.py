"""Every aspiration has its code now: it becomes required and unique."""

import patrols.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('patrols', '0008_loop_data'),
    ]

    operations = [
        migrations.AlterField(
            model_name='aspiration',
            name='code',
            field=models.CharField(default=patrols.models.new_code, editable=False, max_length=8, unique=True, verbose_name='kode warga'),
        ),
        migrations.AlterField(
            model_name='historicalaspiration',
            name='code',
            field=models.CharField(db_index=True, default=patrols.models.new_code, editable=False, max_length=8, verbose_name='kode warga'),
        ),
    ]
