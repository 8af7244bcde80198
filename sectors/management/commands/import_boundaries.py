from django.core.management.base import BaseCommand, CommandError

from sectors.boundaries import BoundaryError, import_boundaries


class Command(BaseCommand):
    help = (
        "Mengimpor batas desa dan kecamatan dari berkas GeoJSON FeatureCollection. "
        "Fitur dicocokkan dengan kode atau nama desa; satu fitur yang salah membatalkan seluruh impor. "
        "Kecamatan yang belum punya Polsek dihubungkan ke Polsek yang bernama sama (wilayah \"Maluk\" atau "
        "\"Polsek Maluk\")."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="berkas .geojson (koordinat WGS84, urutan [bujur, lintang])")

    def handle(self, *args, path, **options):
        try:
            imported = import_boundaries(path)
        except BoundaryError as error:
            raise CommandError(f"Impor dibatalkan, tidak ada yang disimpan. {error}") from None
        for line in imported.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Selesai: {len(imported.lines)} wilayah diperbarui."))
        self.stdout.write(f"\nKecamatan dengan Polsek ({len(imported.attached)}):")
        for district, polsek, new in imported.attached:
            how = "baru dihubungkan" if new else "sudah terhubung"
            self.stdout.write(f"  {district} ({district.code}): {polsek} ({how})")
        self.stdout.write(f"Kecamatan tanpa Polsek ({len(imported.unattached)}):")
        for district in imported.unattached:
            self.stdout.write(f"  {district} ({district.code})")
        if imported.unattached:
            self.stdout.write(
                "Tidak ada Polsek yang wilayah atau namanya sama dengan kecamatan ini; pilih Polsek-nya di admin "
                "(Kecamatan › Kesatuan), atau buat Polsek-nya lalu jalankan impor ini lagi."
            )
