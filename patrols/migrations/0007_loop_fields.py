"""Agencies as data, the resident's code and consent, and what officers report on their tasks.

The code is added empty here, filled in 0007 and made unique in 0008: each step in its own transaction.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_units'),
        ('patrols', '0006_aspirationupdate_visit'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='aspiration',
            options={'ordering': ['-created_at'], 'permissions': [('contact_resident', 'Dapat menghubungi warga tentang aspirasinya')], 'verbose_name': 'aspirasi', 'verbose_name_plural': 'aspirasi'},
        ),
        migrations.AddField(
            model_name='aspiration',
            name='code',
            field=models.CharField(editable=False, max_length=8, null=True, verbose_name='kode warga'),
        ),
        migrations.AddField(
            model_name='aspiration',
            name='consent_recorded_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='persetujuan dicatat'),
        ),
        migrations.AddField(
            model_name='aspiration',
            name='consent_recorded_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='persetujuan dicatat oleh'),
        ),
        migrations.AddField(
            model_name='aspiration',
            name='contact_channel',
            field=models.CharField(blank=True, choices=[('whatsapp', 'WhatsApp'), ('telepon', 'Telepon/SMS'), ('langsung', 'Datang langsung')], max_length=10, verbose_name='dihubungi lewat'),
        ),
        migrations.AddField(
            model_name='aspiration',
            name='contact_consent',
            field=models.BooleanField(default=False, verbose_name='warga setuju dihubungi'),
        ),
        migrations.AddField(
            model_name='aspiration',
            name='public_note',
            field=models.TextField(blank=True, help_text='Tampil untuk warga di halaman cek status.', verbose_name='catatan publik'),
        ),
        migrations.AddField(
            model_name='aspiration',
            name='reported_done_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='dilaporkan selesai'),
        ),
        migrations.AddField(
            model_name='aspirationupdate',
            name='feedback_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='disampaikan pada'),
        ),
        migrations.AddField(
            model_name='aspirationupdate',
            name='feedback_channel',
            field=models.CharField(blank=True, choices=[('whatsapp', 'WhatsApp'), ('telepon', 'Telepon/SMS'), ('langsung', 'Datang langsung')], max_length=10, verbose_name='disampaikan lewat'),
        ),
        migrations.AddField(
            model_name='aspirationupdate',
            name='reported_done',
            field=models.BooleanField(default=False, verbose_name='dilaporkan selesai di lapangan'),
        ),
        migrations.AddField(
            model_name='historicalaspiration',
            name='code',
            field=models.CharField(db_index=True, default='', editable=False, max_length=8, verbose_name='kode warga'),
        ),
        migrations.AddField(
            model_name='historicalaspiration',
            name='consent_recorded_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='persetujuan dicatat'),
        ),
        migrations.AddField(
            model_name='historicalaspiration',
            name='consent_recorded_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='persetujuan dicatat oleh'),
        ),
        migrations.AddField(
            model_name='historicalaspiration',
            name='contact_channel',
            field=models.CharField(blank=True, choices=[('whatsapp', 'WhatsApp'), ('telepon', 'Telepon/SMS'), ('langsung', 'Datang langsung')], max_length=10, verbose_name='dihubungi lewat'),
        ),
        migrations.AddField(
            model_name='historicalaspiration',
            name='contact_consent',
            field=models.BooleanField(default=False, verbose_name='warga setuju dihubungi'),
        ),
        migrations.AddField(
            model_name='historicalaspiration',
            name='public_note',
            field=models.TextField(blank=True, help_text='Tampil untuk warga di halaman cek status.', verbose_name='catatan publik'),
        ),
        migrations.AddField(
            model_name='historicalaspiration',
            name='reported_done_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='dilaporkan selesai'),
        ),
        migrations.CreateModel(
            name='Agency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=150, verbose_name='nama')),
                ('short_name', models.CharField(blank=True, max_length=50, verbose_name='singkatan')),
                ('aliases', models.TextField(blank=True, help_text='Satu nama per baris, misalnya "Dinas PUPR KSB".', verbose_name='nama lain')),
                ('contact', models.CharField(blank=True, max_length=200, verbose_name='kontak')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='agencies', to='accounts.unit', verbose_name='kesatuan')),
            ],
            options={
                'verbose_name': 'instansi',
                'verbose_name_plural': 'instansi',
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='aspiration',
            name='agency',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='aspirations', to='patrols.agency', verbose_name='instansi tujuan'),
        ),
        migrations.AddField(
            model_name='historicalaspiration',
            name='agency',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='patrols.agency', verbose_name='instansi tujuan'),
        ),
        migrations.AddConstraint(
            model_name='aspiration',
            constraint=models.CheckConstraint(condition=models.Q(('contact_consent', False), models.Q(('is_anonymous', False), models.Q(('resident_phone', ''), _negated=True), models.Q(('contact_channel', ''), _negated=True)), _connector='OR'), name='aspiration_consent_needs_phone_and_channel'),
        ),
        migrations.AddConstraint(
            model_name='agency',
            constraint=models.UniqueConstraint(fields=('unit', 'name'), name='agency_unique_name_per_unit'),
        ),
    ]
