"""How big each layer of the map is on the wire: the demo data, then 5,000 sectors.

    .venv/bin/python bench/map_sizes.py

It builds a throwaway SQLite database in a temporary folder (the development database is not
touched): seed_demo, then the shared desa boundaries if they are next to this checkout, then
sectors up to 5,000 spread over the kecamatan, four in five visited in the last 60 days and one
in ten with an open aspiration. Sizes are those the browser receives (gzip, as the layer view
sends it, give or take the up to 100 random bytes Django adds against BREACH).
"""

import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOUNDARIES = ROOT.parent / "shared" / "data" / "sekongkang-boundaries.geojson"
SECTORS = 5000
# Kecamatan Sekongkang's bounding box, from its desa polygons.
LATITUDES, LONGITUDES = (-9.1097, -8.9402), (116.7151, 117.0558)


def measure(client, title):
    from reports.views.map import LAYERS

    print(f"\n{title}")
    print(f"{'layer':<12} {'features':>8} {'JSON':>10} {'gzip':>9} {'ms':>6}")
    for name in LAYERS:
        started = time.perf_counter()
        plain = client.get(f"/map/{name}.geojson")
        elapsed = (time.perf_counter() - started) * 1000
        packed = client.get(f"/map/{name}.geojson", headers={"Accept-Encoding": "gzip"})
        features = plain.content.count(b'{"type":"Feature"')
        print(f"{name:<12} {features:>8} {len(plain.content):>10,} {len(packed.content):>9,} {elapsed:>6.0f}")


def add_sectors(count, officer):
    from django.utils import timezone

    from patrols.models import Aspiration, AspirationCategory, Patrol, Visit
    from sectors.models import Sector, Village

    rng = random.Random(2026)
    villages = list(Village.objects.all())
    kinds = [choice for choice, _ in Sector.Kind.choices]
    sectors = Sector.objects.bulk_create(
        Sector(
            name=f"Sektor uji {n:04d}",
            kind=rng.choice(kinds),
            village=rng.choice(villages),
            latitude=Decimal(f"{rng.uniform(*LATITUDES):.6f}"),
            longitude=Decimal(f"{rng.uniform(*LONGITUDES):.6f}"),
        )
        for n in range(count)
    )
    patrol = Patrol.objects.create(leader=officer)
    now = timezone.now()
    visits = Visit.objects.bulk_create(
        Visit(
            patrol=patrol,
            officer=officer,
            sector=sector,
            visited_at=now - timedelta(days=rng.randrange(60), hours=rng.randrange(12)),
            latitude=sector.latitude,
            longitude=sector.longitude,
            summary="Dialog dengan warga.",
        )
        for sector in sectors
        if rng.random() < 0.8
    )
    category = AspirationCategory.objects.first()
    Aspiration.objects.bulk_create(
        Aspiration(visit=visit, category=category, description="Uji.", created_at=visit.visited_at)
        for visit in visits
        if rng.random() < 0.125
    )


def main():
    folder = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = f"sqlite:///{folder.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from sectors.models import Sector

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--force", stdout=StringIO())
    humas = Client(HTTP_HOST="localhost")
    humas.force_login(User.objects.get(username="humas"))

    measure(humas, "Demo data, no boundaries imported (as Humas: aspiration numbers included)")
    if BOUNDARIES.exists():
        call_command("import_boundaries", str(BOUNDARIES), stdout=StringIO())
        measure(humas, "Demo data with the shared desa boundaries")
    add_sectors(SECTORS - Sector.objects.count(), User.objects.get(username="petugas"))
    measure(humas, f"{Sector.objects.count():,} sectors")
    folder.cleanup()


if __name__ == "__main__":
    main()
