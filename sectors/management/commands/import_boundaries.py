from django.core.management.base import BaseCommand, CommandError

from sectors.boundaries import BoundaryError, import_boundaries


class Command(BaseCommand):
    help = (
        "Mengimpor batas desa dan kecamatan dari berkas GeoJSON FeatureCollection. "
        "Fitur dicocokkan dengan kode atau nama desa; satu fitur yang salah membatalkan seluruh impor."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="berkas .geojson (koordinat WGS84, urutan [bujur, lintang])")

    def handle(self, *args, path, **options):
        try:
            lines = import_boundaries(path)
        except BoundaryError as error:
            raise CommandError(f"Impor dibatalkan, tidak ada yang disimpan. {error}") from None
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Selesai: {len(lines)} wilayah diperbarui."))
