"""make backup / make restore: a backup restored into an empty database holds every row and every photo.

The commands run in fresh interpreters, as `make` runs them, against databases
made for the test: SQLite files, or PostgreSQL databases when the tests run
on PostgreSQL (pg_dump and pg_restore must then be installed).
"""

import io
import json
import os
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from backups.archive import BackupError, restore, restore_media

ROOT = Path(__file__).resolve().parents[1]
FROM_OUTSIDE = {"DATABASE_URL", "MEDIA_ROOT", "BACKUP_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE"}

ADD_PHOTO = """
import io
from django.core.files.base import ContentFile
from PIL import Image
from patrols.models import Visit, VisitPhoto
buffer = io.BytesIO()
Image.new("RGB", (64, 48), "green").save(buffer, "JPEG")
VisitPhoto.objects.create(visit=Visit.objects.first(), image=ContentFile(buffer.getvalue(), "foto.jpg"),
                          caption="Dialog di pos ronda")
"""

# Every row of every table, in primary-key order.
SNAPSHOT = """
import json
from django.apps import apps
rows = {model._meta.label: list(model._base_manager.order_by("pk").values()) for model in apps.get_models()}
print(json.dumps(rows, default=str, sort_keys=True))
"""


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in FROM_OUTSIDE}
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                            capture_output=True, text=True, timeout=300)
    return result


def ok(*args, **env):
    result = manage(*args, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def postgres_url(name):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def maintenance(*statements):
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"] or "localhost", port=db["PORT"] or 5432, user=db["USER"],
                         password=db["PASSWORD"] or None, dbname="postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


@pytest.fixture
def databases(tmp_path):
    """An empty source and an empty target database, of the engine the tests run on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}"
        return
    names = [f"{connection.settings_dict['NAME']}_backup_{side}" for side in ("source", "target")]
    maintenance(*(f'DROP DATABASE IF EXISTS "{name}"' for name in names),
                *(f'CREATE DATABASE "{name}"' for name in names))
    yield tuple(postgres_url(name) for name in names)
    maintenance(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in names))


def test_a_backup_restores_every_row_and_photo_into_an_empty_database(databases, tmp_path):
    source_url, target_url = databases
    source = {"DATABASE_URL": source_url, "MEDIA_ROOT": str(tmp_path / "media"),
              "BACKUP_DIR": str(tmp_path / "backups")}
    target = {"DATABASE_URL": target_url, "MEDIA_ROOT": str(tmp_path / "restored-media")}
    ok("migrate", "--noinput", **source)
    ok("seed_demo", "--force", **source)
    ok("shell", "-c", ADD_PHOTO, **source)
    before = json.loads(ok("shell", "-c", SNAPSHOT, **source).splitlines()[-1])

    output = ok("backup", **source)

    database_file = Path(output.split("make restore FILE=")[1].split()[0])
    assert database_file.suffix == {"sqlite": ".sqlite3", "postgresql": ".pgdump"}[connection.vendor]
    media_file = database_file.with_name(database_file.stem + ".media.tar.gz")
    for path in (database_file, media_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path

    ok("restore", str(database_file), **target)

    after = json.loads(ok("shell", "-c", SNAPSHOT, **target).splitlines()[-1])
    assert after == before
    assert len(after["patrols.Visit"]) > 0 and len(after["patrols.HistoricalAspiration"]) > 0
    (photo,) = after["patrols.VisitPhoto"]
    restored = tmp_path / "restored-media" / photo["image"]
    assert restored.read_bytes() == (tmp_path / "media" / photo["image"]).read_bytes()

    again = manage("restore", str(database_file), **target)
    assert again.returncode != 0
    assert "Database tujuan tidak kosong" in again.stderr


def test_it_restores_nothing_without_the_photo_archive(tmp_path):
    database_file = tmp_path / "patroli-20260115-020000.sqlite3"
    database_file.write_bytes(b"")

    with pytest.raises(BackupError, match="patroli-20260115-020000.media.tar.gz tidak ditemukan"):
        restore(database_file)


def test_a_photo_archive_cannot_write_outside_media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive_file = tmp_path / "patroli.media.tar.gz"
    with tarfile.open(archive_file, "w:gz") as archive:
        member = tarfile.TarInfo("../../etc/cron.d/jahat")
        member.size = 5
        archive.addfile(member, io.BytesIO(b"jahat"))

    with pytest.raises(BackupError, match="tidak aman"):
        restore_media(archive_file)
    assert not (tmp_path / "etc").exists()
