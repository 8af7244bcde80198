"""Fill the database with years of patrols across Polres Sumbawa Barat, for performance work.

    manage.py seed_bulk --visits 300000 --aspirations 1000000

Adds exactly the visits and aspirations asked for (and their patrols and follow-up), on top of
whatever is there. The same --seed on the same database gives the same data.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from demo.bulk.activity import BulkActivity
from demo.bulk.places import prepare_areas
from demo.bulk.writer import RowWriter
from patrols.models import Visit


class Command(BaseCommand):
    help = (
        "Mengisi basis data dengan patroli, kunjungan dan aspirasi bertahun-tahun di 8 kecamatan "
        "Kabupaten Sumbawa Barat, untuk uji kinerja."
    )

    def add_arguments(self, parser):
        parser.add_argument("--visits", type=int, required=True, help="Jumlah kunjungan yang dibuat.")
        parser.add_argument("--aspirations", type=int, required=True, help="Jumlah aspirasi yang dibuat.")
        parser.add_argument("--sectors", type=int, default=400, help="Sektor paling sedikit di 8 kecamatan.")
        parser.add_argument("--officers", type=int, default=60, help="Petugas paling sedikit di 8 kecamatan.")
        parser.add_argument("--years", type=int, default=10, help="Rentang waktu aktivitas, dalam tahun.")
        parser.add_argument("--seed", type=int, default=2026, help="Benih acak; benih sama, data sama.")

    def handle(self, *args, visits, aspirations, sectors, officers, years, seed, **options):
        if min(visits, aspirations, sectors, officers) < 0 or years < 1:
            raise CommandError("Jumlah tidak boleh negatif dan rentang waktu paling sedikit 1 tahun.")
        if aspirations and not visits:
            raise CommandError("Aspirasi dicatat pada kunjungan: isi --visits juga.")
        started = time.perf_counter()
        writer = RowWriter(connection)
        with transaction.atomic():
            # Separate random streams: the activity is the same whether the places were created
            # now or by an earlier run, and client UUIDs, seeded by what is stored, differ from
            # an earlier run's instead of colliding with them.
            places_rng = random.Random(f"{seed}/places")
            areas = prepare_areas(places_rng, sectors=max(sectors, 1), officers=max(officers, 1))
            uuids = random.Random(f"{seed}/uuids/{Visit.objects.count()}")
            activity = BulkActivity(
                random.Random(seed), areas, uuids=uuids, writer=writer, years=years, now=timezone.now()
            )
            activity.create(visits=visits, aspirations=aspirations)
        stored = time.perf_counter()
        analyzed = analyze(writer.rows)
        self.report(areas, writer, stored - started, analyzed)

    def report(self, areas, writer, seconds, analyzed):
        places = sum(len(area.places) for area in areas)
        officers = sum(len(area.officers) for area in areas)
        self.stdout.write(f"{len(areas)} kecamatan, {places} sektor aktif, {officers} petugas.")
        for model, rows in writer.rows.items():
            spent = writer.seconds[model]
            rate = f"{rows / spent:>9.0f} baris/dtk" if spent else ""
            self.stdout.write(f"  {model._meta.label:<32} {rows:>10} baris  {spent:7.1f} dtk  {rate}".rstrip())
        if writer.uses_copy:
            how = f"COPY; indeks dan kunci asing dibangun ulang dalam {writer.restore_seconds:.1f} dtk"
        else:
            how = "INSERT"
        self.stdout.write(f"Tersimpan dalam {seconds:.1f} dtk ({how}); statistik planner {analyzed:.1f} dtk.")


def analyze(models):
    """Fresh planner statistics (and, outside a transaction, the visibility map for index-only scans)."""
    if connection.vendor != "postgresql" or not models:
        return 0
    started = time.perf_counter()
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
    return time.perf_counter() - started
