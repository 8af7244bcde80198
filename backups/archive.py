"""Backups of the database and of MEDIA_ROOT (visit photos), and their restore.

A backup is two files that share a name: `patroli-<time>.sqlite3` or
`patroli-<time>.pgdump` holds the database, `patroli-<time>.media.tar.gz`
the media files. Both hold personal data: they are written readable by
their owner only.
"""

import os
import sqlite3
import subprocess
import tarfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

MEDIA_SUFFIX = ".media.tar.gz"
DATABASE_SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}


class BackupError(Exception):
    pass


def media_archive_for(database_file):
    database_file = Path(database_file)
    return database_file.with_name(database_file.stem + MEDIA_SUFFIX)


@contextmanager
def private_files():
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def backup(directory):
    """Write a backup into `directory`; return the database file and the media archive."""
    suffix = DATABASE_SUFFIXES.get(connection.vendor)
    if suffix is None:
        raise BackupError(f"Database {connection.vendor} tidak didukung.")
    directory = Path(directory)
    database_file = directory / f"patroli-{timezone.localtime():%Y%m%d-%H%M%S}{suffix}"
    media_file = media_archive_for(database_file)
    with private_files():
        directory.mkdir(parents=True, exist_ok=True)
        if database_file.exists() or media_file.exists():
            raise BackupError(f"{database_file.name} sudah ada; coba lagi sebentar lagi.")
        try:
            if connection.vendor == "sqlite":
                copy_sqlite(django_sqlite(), sqlite3.connect(database_file))
            else:
                run_postgres("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={database_file}")
            with tarfile.open(media_file, "w:gz") as archive:
                if Path(settings.MEDIA_ROOT).is_dir():
                    archive.add(settings.MEDIA_ROOT, arcname=".")
        except Exception:
            # Half a backup looks like a whole one: leave none.
            database_file.unlink(missing_ok=True)
            media_file.unlink(missing_ok=True)
            raise
    return database_file, media_file


def restore(database_file):
    """Restore a backup into the configured database, which must be empty, and into MEDIA_ROOT."""
    database_file = Path(database_file)
    media_file = media_archive_for(database_file)
    for path in (database_file, media_file):
        if not path.is_file():
            raise BackupError(f"Berkas {path} tidak ditemukan.")
    if connection.introspection.table_names():
        raise BackupError(
            "Database tujuan tidak kosong. Pulihkan ke database baru: pindahkan berkas SQLite yang lama, "
            "atau buat database PostgreSQL baru dengan createdb."
        )
    if database_file.suffix == DATABASE_SUFFIXES["sqlite"] and connection.vendor == "sqlite":
        copy_sqlite(sqlite3.connect(database_file), django_sqlite())
    elif database_file.suffix == DATABASE_SUFFIXES["postgresql"] and connection.vendor == "postgresql":
        run_postgres("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                     f"--dbname={connection.settings_dict['NAME']}", str(database_file))
    else:
        raise BackupError(f"{database_file.name} bukan cadangan untuk database {connection.vendor}.")
    restore_media(media_file)


def restore_media(media_file):
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    with tarfile.open(media_file, "r:gz") as archive:
        try:
            # The "data" filter refuses absolute paths, "..", devices and links out of MEDIA_ROOT.
            archive.extractall(settings.MEDIA_ROOT, filter="data")
        except tarfile.FilterError as error:
            raise BackupError(f"Arsip foto {media_file} memuat berkas yang tidak aman: {error}") from None


def django_sqlite():
    """Django's own connection to the SQLite database, whatever its NAME says (a file, or memory)."""
    connection.ensure_connection()
    return connection.connection


def copy_sqlite(source, target):
    # SQLite's online backup copies a consistent snapshot while others write.
    try:
        source.backup(target)
    finally:
        for database in (source, target):
            if database is not connection.connection:
                database.close()


def run_postgres(program, *args):
    """Run pg_dump or pg_restore with the connection from DATABASE_URL, the password in the environment."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")]:
        if db.get(key):
            env[variable] = str(db[key])
    if "sslmode" in db.get("OPTIONS", {}):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    result = subprocess.run([program, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} gagal: {result.stderr.strip()}")
