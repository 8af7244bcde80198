"""Polres Sumbawa Barat as demo data: Polsek Sekongkang, Maluk and Jereweh, their desa, places,
vocabulary and fictitious teams.

The desa codes are Kemendagri's. Places are hand-placed from the described geography and are
usually 0.5–3 km off (the Batu Hijau pit is the exception); every person is invented.
"""

from dataclasses import dataclass

from accounts.models import Role
from sectors.models import Sector

SETTLEMENT = Sector.Kind.SETTLEMENT
BUSINESS = Sector.Kind.BUSINESS
PUBLIC_FACILITY = Sector.Kind.PUBLIC_FACILITY

DISTRICT = {"code": "52.07.04", "name": "Sekongkang"}

# Polda NTB › Polres Sumbawa Barat › its Polsek, top down; the first three with the codes the DEFAULT_POL*
# settings name by default. Addresses say no more than is known: the Polsek stands in Desa Sekongkang Atas (postcode
# 84457 for the whole kecamatan), the Polres in Taliwang, the kabupaten's capital. The heads are invented,
# the Kapolsek and the Kasi Humas being the demo accounts "kapolsek" and "humas" below.
UNITS = [
    {
        "code": "polda-ntb", "kind": "polda", "name": "Polda NTB", "area": "Nusa Tenggara Barat",
        "address": "Mataram, Nusa Tenggara Barat",
        "head_name": "Bambang Suryo Wicaksono", "head_rank": "Irjen Pol", "head_nrp": "68040117",
    },
    {
        "code": "polres-ksb", "kind": "polres", "name": "Polres Sumbawa Barat", "area": "Sumbawa Barat",
        "address": "Taliwang, Kabupaten Sumbawa Barat, Nusa Tenggara Barat",
        "head_name": "Gede Arya Wibawa", "head_rank": "AKBP", "head_nrp": "76110308",
        "humas_name": "Fathul Rahman Hidayat", "humas_rank": "Iptu",
    },
    {
        "code": "polsek-sekongkang", "kind": "polsek", "name": "Polsek Sekongkang", "area": "Sekongkang",
        "address": "Desa Sekongkang Atas, Kecamatan Sekongkang, Kabupaten Sumbawa Barat, Nusa Tenggara Barat 84457",
        "head_name": "Yusran Mahendra", "head_rank": "AKP", "head_nrp": "80060121",
    },
    # One Polsek per kecamatan, named after it, is what Polri usually has; the neighbours' addresses name
    # no more than their kecamatan.
    {
        "code": "polsek-maluk", "kind": "polsek", "name": "Polsek Maluk", "area": "Maluk",
        "address": "Kecamatan Maluk, Kabupaten Sumbawa Barat, Nusa Tenggara Barat",
        "head_name": "Dwi Cahyo Nugroho", "head_rank": "AKP", "head_nrp": "81030244",
    },
    {
        "code": "polsek-jereweh", "kind": "polsek", "name": "Polsek Jereweh", "area": "Jereweh",
        "address": "Kecamatan Jereweh, Kabupaten Sumbawa Barat, Nusa Tenggara Barat",
        "head_name": "Abdul Muis Ramli", "head_rank": "Iptu", "head_nrp": "78090412",
    },
]
POLRES = "polres-ksb"
SEKONGKANG, MALUK, JEREWEH = "polsek-sekongkang", "polsek-maluk", "polsek-jereweh"

# A point inside each desa polygon for its label. Not the polygon centroid:
# Sekongkang Atas's centroid lies in the mine area, far from where people live.
VILLAGES = [
    ("52.07.04.2001", "Sekongkang Atas", "-8.974024", "116.791567"),
    ("52.07.04.2002", "Sekongkang Bawah", "-8.991163", "116.743236"),
    ("52.07.04.2003", "Tongo", "-8.999592", "116.808491"),
    ("52.07.04.2004", "Ai Kangkung", "-9.012943", "116.833977"),
    ("52.07.04.2005", "Tatar", "-9.014493", "116.903299"),
    ("52.07.04.2006", "Talonang Baru", "-9.070376", "117.006432"),
    ("52.07.04.2007", "Kemuning", "-8.953431", "116.768017"),
]

APPROXIMATE = "Titik perkiraan; posisi sebenarnya bisa bergeser hingga beberapa kilometer."
EXAMPLE_DUSUN = "Nama dusun dan titiknya hanya contoh untuk demo."

# name, kind, desa, latitude, longitude, address, notes
SECTORS = [
    ("Tambang Batu Hijau PT AMNT", BUSINESS, "Sekongkang Atas", "-8.965800", "116.872800", "",
     "Tambang terbuka PT Amman Mineral Nusa Tenggara (dulu PT Newmont Nusa Tenggara); objek vital nasional."),
    ("Townsite PT AMNT", BUSINESS, "Sekongkang Atas", "-8.953000", "116.800000", "",
     "Kawasan hunian dan perkantoran karyawan tambang. " + APPROXIMATE),
    ("Mapolsek Sekongkang", PUBLIC_FACILITY, "Sekongkang Atas", "-8.960000", "116.771500", "", APPROXIMATE),
    ("Kantor Camat Sekongkang", PUBLIC_FACILITY, "Sekongkang Atas", "-8.961000", "116.773000", "", APPROXIMATE),
    ("Puskesmas Sekongkang", PUBLIC_FACILITY, "Sekongkang Atas", "-8.962000", "116.776500", "",
     "Puskesmas rawat inap, buka 24 jam. " + APPROXIMATE),
    ("Puskesmas Tongo", PUBLIC_FACILITY, "Tongo", "-9.001000", "116.807500", "", APPROXIMATE),
    ("SMAN 1 Sekongkang", PUBLIC_FACILITY, "Sekongkang Atas", "-8.965500", "116.778000", "", APPROXIMATE),
    ("SMPN 1 Sekongkang", PUBLIC_FACILITY, "Sekongkang Atas", "-8.966500", "116.772500", "", APPROXIMATE),
    ("Koramil Sekongkang", PUBLIC_FACILITY, "Sekongkang Atas", "-8.961500", "116.779000", "",
     "Mitra Tiga Pilar (Babinsa). " + APPROXIMATE),
    ("Markas Brimob Subden 4 Den A Sekongkang", PUBLIC_FACILITY, "Sekongkang Atas", "-8.956000", "116.788000", "",
     APPROXIMATE),
    ("Kantor Desa Sekongkang Atas", PUBLIC_FACILITY, "Sekongkang Atas", "-8.963500", "116.774500", "", APPROXIMATE),
    ("Kantor Desa Sekongkang Bawah", PUBLIC_FACILITY, "Sekongkang Bawah", "-8.976000", "116.746000", "",
     APPROXIMATE),
    ("Kantor Desa Kemuning", PUBLIC_FACILITY, "Kemuning", "-8.952000", "116.772000", "", APPROXIMATE),
    ("Kantor Desa Tongo", PUBLIC_FACILITY, "Tongo", "-9.000000", "116.806000", "", APPROXIMATE),
    ("Kantor Desa Ai Kangkung", PUBLIC_FACILITY, "Ai Kangkung", "-9.010000", "116.836000", "", APPROXIMATE),
    ("Kantor Desa Tatar", PUBLIC_FACILITY, "Tatar", "-9.015000", "116.890000", "", APPROXIMATE),
    ("Kantor Desa Talonang Baru", PUBLIC_FACILITY, "Talonang Baru", "-9.070000", "117.005000", "", APPROXIMATE),
    ("Masjid Jami' Desa Sekongkang Atas", PUBLIC_FACILITY, "Sekongkang Atas", "-8.962800", "116.775200", "",
     APPROXIMATE),
    ("Masjid Jami' Desa Sekongkang Bawah", PUBLIC_FACILITY, "Sekongkang Bawah", "-8.977000", "116.747000", "",
     APPROXIMATE),
    ("Masjid Jami' Desa Tongo", PUBLIC_FACILITY, "Tongo", "-8.999500", "116.805000", "", APPROXIMATE),
    ("Masjid Jami' Desa Tatar", PUBLIC_FACILITY, "Tatar", "-9.016000", "116.891500", "", APPROXIMATE),
    ("Masjid Jami' Desa Talonang Baru", PUBLIC_FACILITY, "Talonang Baru", "-9.071000", "117.006500", "",
     APPROXIMATE),
    ("SD Negeri Sekongkang Bawah", PUBLIC_FACILITY, "Sekongkang Bawah", "-8.975000", "116.748000", "",
     APPROXIMATE),
    ("TPI Senutuk", PUBLIC_FACILITY, "Ai Kangkung", "-9.037500", "116.830000", "Dusun Senutuk",
     "Tempat pendaratan ikan nelayan Senutuk. " + APPROXIMATE),
    ("Embung Senutuk", PUBLIC_FACILITY, "Ai Kangkung", "-9.029000", "116.835000", "Dusun Senutuk",
     "Embung desa, juga untuk budidaya ikan nila. " + APPROXIMATE),
    ("Pantai Sekongkang (Tropical)", PUBLIC_FACILITY, "Sekongkang Bawah", "-8.950500", "116.738500", "",
     "Pantai selancar, ramai saat libur. " + APPROXIMATE),
    ("Pantai Lawar", PUBLIC_FACILITY, "Sekongkang Bawah", "-8.958500", "116.730000", "",
     "Teluk kecil, tempat perahu nelayan lobster. " + APPROXIMATE),
    ("Pantai Rantung (Yoyo)", PUBLIC_FACILITY, "Sekongkang Bawah", "-8.982000", "116.737500", "",
     "Ombak selancar di muara sungai; karang dan arus kuat. " + APPROXIMATE),
    ("Pantai Peser", PUBLIC_FACILITY, "Sekongkang Bawah", "-8.992500", "116.733000", "", APPROXIMATE),
    ("Tropical Beach Club & Spa Resort", BUSINESS, "Sekongkang Bawah", "-8.950000", "116.740000", "",
     "Penginapan di Pantai Sekongkang; status operasional perlu dicek. " + APPROXIMATE),
    ("Yo Yo's Hotel", BUSINESS, "Sekongkang Bawah", "-8.981200", "116.740000", "",
     "Hotel dan penginapan peselancar di Pantai Rantung. " + APPROXIMATE),
    ("Rantung Beach Bar & Cottages", BUSINESS, "Sekongkang Bawah", "-8.980000", "116.739500", "", APPROXIMATE),
    ("Villa Surga", BUSINESS, "Sekongkang Bawah", "-8.982800", "116.740500", "", APPROXIMATE),
    ("Lisa's Garden", BUSINESS, "Sekongkang Bawah", "-8.981800", "116.741000", "", "Rumah makan. " + APPROXIMATE),
    ("Sentra Gula Aren Tongo", BUSINESS, "Tongo", "-9.003000", "116.803000", "",
     "Usaha rumahan gula aren. " + APPROXIMATE),
    ("Air Terjun Sekongkang", PUBLIC_FACILITY, "Sekongkang Atas", "-8.978000", "116.775000", "",
     "Wisata alam dan sumber air bersih desa. " + APPROXIMATE),
    ("Kawasan Tongo Loka (Gunung Puna)", PUBLIC_FACILITY, "Tatar", "-9.000000", "116.930000", "",
     "Area rawan PETI di dalam wilayah konsesi PT AMNT; desanya belum pasti. " + APPROXIMATE),
    ("Dusun Senutuk", SETTLEMENT, "Ai Kangkung", "-9.034000", "116.832000", "Dusun Senutuk",
     "Permukiman nelayan dan petani. " + APPROXIMATE),
    ("Permukiman Lomar Lempo", SETTLEMENT, "Talonang Baru", "-9.060000", "117.030000", "Lomar Lempo",
     "Eks UPT transmigrasi Tongo II SP II; masuk desa ini berdasarkan perkiraan. " + APPROXIMATE),
    ("Permukiman Batu Nampar", SETTLEMENT, "Talonang Baru", "-9.080000", "117.042000", "Batu Nampar",
     "Tongo II SP III, dekat batas Lunyuk; masuk desa ini berdasarkan perkiraan. " + APPROXIMATE),
    ("Dusun Barat, RT 001", SETTLEMENT, "Kemuning", "-8.953431", "116.768017", "Dusun Barat, RT 001",
     EXAMPLE_DUSUN),
    ("Dusun Timur, RT 003", SETTLEMENT, "Kemuning", "-8.951500", "116.771000", "Dusun Timur, RT 003",
     EXAMPLE_DUSUN),
    ("Dusun Tengah, RT 002", SETTLEMENT, "Sekongkang Atas", "-8.964500", "116.776000", "Dusun Tengah, RT 002",
     EXAMPLE_DUSUN),
    ("Dusun Selatan, RT 005", SETTLEMENT, "Sekongkang Atas", "-8.974024", "116.791567", "Dusun Selatan, RT 005",
     EXAMPLE_DUSUN),
    ("Dusun Pantai, RT 001", SETTLEMENT, "Sekongkang Bawah", "-8.978000", "116.749000", "Dusun Pantai, RT 001",
     EXAMPLE_DUSUN),
    ("Dusun Hulu, RT 004", SETTLEMENT, "Sekongkang Bawah", "-8.991163", "116.743236", "Dusun Hulu, RT 004",
     EXAMPLE_DUSUN),
    ("Dusun Tengah, RT 001", SETTLEMENT, "Tongo", "-9.001500", "116.806500", "Dusun Tengah, RT 001",
     EXAMPLE_DUSUN),
    ("Dusun Atas, RT 003", SETTLEMENT, "Tongo", "-8.997500", "116.810000", "Dusun Atas, RT 003", EXAMPLE_DUSUN),
    ("Dusun Induk, RT 002", SETTLEMENT, "Ai Kangkung", "-9.012943", "116.833977", "Dusun Induk, RT 002",
     EXAMPLE_DUSUN),
    ("Dusun Induk, RT 001", SETTLEMENT, "Tatar", "-9.014493", "116.903299", "Dusun Induk, RT 001",
     EXAMPLE_DUSUN),
    ("Dusun Barat, RT 003", SETTLEMENT, "Tatar", "-9.017000", "116.888000", "Dusun Barat, RT 003",
     EXAMPLE_DUSUN),
    ("Dusun Induk, RT 002", SETTLEMENT, "Talonang Baru", "-9.070376", "117.006432", "Dusun Induk, RT 002",
     EXAMPLE_DUSUN),
]

# The two neighbours of Sekongkang, with fewer places: their desa's inside points are computed from the
# polygons (sekongkang-facts.md, section 7) and every place lies inside its desa's polygon.
MALUK_VILLAGES = [
    ("52.07.08.2001", "Maluk", "-8.928607", "116.775355"),
    ("52.07.08.2002", "Benete", "-8.895428", "116.769258"),
    ("52.07.08.2003", "Bukit Damai", "-8.909515", "116.760777"),
    ("52.07.08.2004", "Mantun", "-8.902940", "116.742702"),
    ("52.07.08.2005", "Pasir Putih", "-8.933076", "116.749612"),
]
MALUK_SECTORS = [
    ("Mapolsek Maluk", PUBLIC_FACILITY, "Maluk", "-8.927000", "116.773500", "", APPROXIMATE),
    ("Kantor Camat Maluk", PUBLIC_FACILITY, "Maluk", "-8.929000", "116.777000", "", APPROXIMATE),
    ("Terminal Maluk", PUBLIC_FACILITY, "Maluk", "-8.930000", "116.779000", "Jl Raya Maluk",
     "Terminal bus di seberang gerbang tambang. " + APPROXIMATE),
    ("Pantai Maluk (Supersuck)", PUBLIC_FACILITY, "Maluk", "-8.922000", "116.757000", "",
     "Ombak selancar Supersuck dan Playgrounds; ramai wisatawan. " + APPROXIMATE),
    ("Pelabuhan Benete", BUSINESS, "Benete", "-8.894000", "116.750000", "",
     "Pelabuhan khusus konsentrat tambang; objek vital. " + APPROXIMATE),
    ("Kantor Desa Benete", PUBLIC_FACILITY, "Benete", "-8.895428", "116.769258", "", APPROXIMATE),
    ("Kantor Desa Bukit Damai", PUBLIC_FACILITY, "Bukit Damai", "-8.908500", "116.762000", "", APPROXIMATE),
    ("Dusun Induk, RT 001", SETTLEMENT, "Mantun", "-8.902940", "116.742702", "Dusun Induk, RT 001", EXAMPLE_DUSUN),
    ("Dusun Pantai, RT 002", SETTLEMENT, "Pasir Putih", "-8.934500", "116.750500", "Dusun Pantai, RT 002",
     EXAMPLE_DUSUN),
]
JEREWEH_VILLAGES = [
    ("52.07.01.2001", "Goa", "-8.834031", "116.791476"),
    ("52.07.01.2002", "Belo", "-8.960394", "116.919021"),
    ("52.07.01.2003", "Beru", "-8.888349", "116.992299"),
    ("52.07.01.2009", "Dasan Anyar", "-8.834447", "116.826982"),
]
JEREWEH_SECTORS = [
    ("Mapolsek Jereweh", PUBLIC_FACILITY, "Goa", "-8.833000", "116.793000", "", APPROXIMATE),
    ("Kantor Camat Jereweh", PUBLIC_FACILITY, "Goa", "-8.835500", "116.789500", "", APPROXIMATE),
    ("Pasar Jereweh", BUSINESS, "Goa", "-8.832000", "116.788000", "", APPROXIMATE),
    ("Pantai Jelenga (Scar Reef)", PUBLIC_FACILITY, "Beru", "-8.870000", "116.750000", "",
     "Ombak selancar Scar Reef; desanya perkiraan. " + APPROXIMATE),
    ("Kantor Desa Dasan Anyar", PUBLIC_FACILITY, "Dasan Anyar", "-8.833500", "116.828500", "", APPROXIMATE),
    ("Dusun Induk, RT 001", SETTLEMENT, "Belo", "-8.960394", "116.919021", "Dusun Induk, RT 001", EXAMPLE_DUSUN),
    ("Dusun Induk, RT 002", SETTLEMENT, "Beru", "-8.888349", "116.992299", "Dusun Induk, RT 002", EXAMPLE_DUSUN),
]


@dataclass(frozen=True)
class DemoPolsek:
    unit: str
    district: dict
    villages: list
    sectors: list
    # Patrols a day, drawn from these: the neighbours patrol less often in the demo than Sekongkang.
    patrols_a_day: tuple


POLSEK = [
    DemoPolsek(SEKONGKANG, DISTRICT, VILLAGES, SECTORS, (0, 1, 1, 1, 2)),
    DemoPolsek(MALUK, {"code": "52.07.08", "name": "Maluk"}, MALUK_VILLAGES, MALUK_SECTORS, (0, 0, 1, 1)),
    DemoPolsek(JEREWEH, {"code": "52.07.01", "name": "Jereweh"}, JEREWEH_VILLAGES, JEREWEH_SECTORS, (0, 0, 0, 1)),
]


# name, description
APPEAL_TOPICS = [
    ("Narkoba", "Bahaya sabu dan narkoba lain; laporkan peredarannya ke Polsek atau Bhabinkamtibmas."),
    ("Miras dan tuak", "Minuman keras dan tuak memicu perkelahian dan kecelakaan."),
    ("Curanmor dan 3C", "Pencurian dengan pemberatan, dengan kekerasan dan pencurian kendaraan bermotor: "
     "kunci ganda, simpan kendaraan di tempat aman."),
    ("Pencurian ternak", "Jaga sapi dan kerbau, manfaatkan kandang kolektif dan ronda bergilir."),
    ("PETI", "Penambangan emas tanpa izin merusak lingkungan dan berbahaya; jangan terprovokasi di sekitar konsesi."),
    ("Balap liar dan knalpot brong", "Balap liar dan knalpot bising mengganggu warga dan membahayakan jiwa."),
    ("Judi online", "Judi, termasuk judi online, melanggar hukum dan merusak ekonomi keluarga."),
    ("Hoaks, provokasi dan SARA", "Saring sebelum berbagi; tetap rukun meski berbeda pilihan."),
    ("Konflik sosial dan sengketa lahan", "Selesaikan sengketa lewat musyawarah, pemerintah desa, lembaga adat "
     "atau jalur hukum."),
    ("Keselamatan lalu lintas", "Pakai helm, kendaraan berdokumen lengkap, anak di bawah umur tidak mengendarai "
     "sepeda motor."),
    ("KDRT dan perlindungan anak", "Kekerasan dalam rumah tangga dan terhadap anak dapat dilaporkan dan dilindungi."),
    ("Keamanan wisatawan dan pantai", "Waspadai arus balik dan karang; bantu wisatawan merasa aman."),
    ("Tidak main hakim sendiri", "Laporkan orang mencurigakan dan pelaku kejahatan ke polisi, jangan main hakim "
     "sendiri."),
    ("Kebakaran hutan dan lahan", "Jangan membuka lahan dengan membakar, terutama pada musim kemarau."),
    ("Siskamling dan ronda malam", "Hidupkan poskamling dan ronda malam bersama warga."),
]

# name, description
ASPIRATION_CATEGORIES = [
    ("Keamanan lingkungan", "Pencurian, curanmor, pencurian ternak, orang mencurigakan."),
    ("Narkoba dan miras", "Peredaran narkoba, minuman keras dan tuak."),
    ("Ketertiban umum", "Balap liar, knalpot brong, kenakalan remaja, keributan malam, judi."),
    ("Lalu lintas dan jalan", "Pelanggaran, kecelakaan, jalan rusak, penerangan jalan."),
    ("Konflik sosial dan sengketa", "Sengketa lahan dan batas, perselisihan antarwarga, Pilkades."),
    ("Pertambangan dan lingkungan", "PETI, limbah, debu, isu perusahaan dan CSR."),
    ("KDRT dan perlindungan anak/perempuan", "Kekerasan dalam rumah tangga, perlindungan anak dan perempuan."),
    ("Pelayanan Polri", "SKCK, SIM, laporan kehilangan, respons petugas, kritik dan saran kinerja."),
    ("Pariwisata dan pantai", "Keamanan wisatawan, parkir, pungutan liar di tempat wisata."),
    ("Bencana dan kedaruratan", "Banjir, kebakaran, orang hilang di laut."),
    ("Lainnya dan permohonan", "Permohonan pos polisi, penyuluhan dan hal lain."),
]

DEMO_PASSWORD = "Sekongkang2026!"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    rank: str
    first_name: str
    last_name: str
    nrp: str
    position: str
    # The desa an officer patrols most; empty means the whole kecamatan.
    desa: tuple = ()
    # The unit's code; None for the superuser, who serves in none.
    unit: str | None = SEKONGKANG
    superuser: bool = False


USERS = [
    DemoUser("petugas", Role.PETUGAS, "Bripka", "Sahabuddin", "Arif", "86070412",
             "Bhabinkamtibmas Desa Sekongkang Atas dan Kemuning", ("Sekongkang Atas", "Kemuning")),
    DemoUser("petugas2", Role.PETUGAS, "Brigpol", "I Ketut", "Wirasena", "91030655",
             "Bhabinkamtibmas Desa Sekongkang Bawah", ("Sekongkang Bawah",)),
    DemoUser("petugas3", Role.PETUGAS, "Aipda", "Lalu", "Muhtar Saleh", "82110233",
             "Bhabinkamtibmas Desa Tongo dan Ai Kangkung", ("Tongo", "Ai Kangkung")),
    DemoUser("petugas4", Role.PETUGAS, "Bripka", "Syamsul", "Bahri Umar", "87050918",
             "Bhabinkamtibmas Desa Tatar dan Talonang Baru", ("Tatar", "Talonang Baru")),
    DemoUser("petugas5", Role.PETUGAS, "Aiptu", "Haerudin", "Jamal", "79120147", "Kanit Samapta Polsek Sekongkang"),
    DemoUser("petugas6", Role.PETUGAS, "Briptu", "Ni Made", "Ayu Lestari", "96080331",
             "Anggota Unit Binmas Polsek Sekongkang"),
    DemoUser("humas", Role.HUMAS, "Iptu", "Fathul", "Rahman Hidayat", "84020576",
             "Kasi Humas Polres Sumbawa Barat", unit=POLRES),
    DemoUser("kapolres", Role.HUMAS, "AKBP", "Gede", "Arya Wibawa", "76110308", "Kapolres Sumbawa Barat",
             unit=POLRES),
    DemoUser("kapolsek", Role.HUMAS, "AKP", "Yusran", "Mahendra", "80060121", "Kapolsek Sekongkang"),
    DemoUser("humaspolsek", Role.HUMAS, "Ipda", "Baiq", "Nurhasanah", "88070219", "Kasi Humas Polsek Sekongkang"),
    DemoUser("admin", Role.ADMIN, "Brigpol", "Nurul", "Aini Safitri", "94100482", "Operator Sistem Polsek Sekongkang"),
    DemoUser("maluk.petugas", Role.PETUGAS, "Bripka", "Zulkifli", "Hamzah", "85040637",
             "Bhabinkamtibmas Desa Maluk dan Pasir Putih", ("Maluk", "Pasir Putih"), unit=MALUK),
    DemoUser("maluk.petugas2", Role.PETUGAS, "Brigpol", "Ni Wayan", "Sukmawati", "93061124",
             "Bhabinkamtibmas Desa Benete, Bukit Damai dan Mantun", ("Benete", "Bukit Damai", "Mantun"), unit=MALUK),
    DemoUser("maluk.kapolsek", Role.HUMAS, "AKP", "Dwi Cahyo", "Nugroho", "81030244", "Kapolsek Maluk", unit=MALUK),
    DemoUser("maluk.humas", Role.HUMAS, "Aipda", "Rizal", "Firmansyah", "83120508", "Kasi Humas Polsek Maluk",
             unit=MALUK),
    DemoUser("jereweh.petugas", Role.PETUGAS, "Bripka", "Amiruddin", "Salam", "84090316",
             "Bhabinkamtibmas Desa Goa dan Dasan Anyar", ("Goa", "Dasan Anyar"), unit=JEREWEH),
    DemoUser("jereweh.petugas2", Role.PETUGAS, "Briptu", "Lalu", "Wiradinata", "97020418",
             "Bhabinkamtibmas Desa Belo dan Beru", ("Belo", "Beru"), unit=JEREWEH),
    DemoUser("jereweh.kapolsek", Role.HUMAS, "Iptu", "Abdul Muis", "Ramli", "78090412", "Kapolsek Jereweh",
             unit=JEREWEH),
    DemoUser("jereweh.humas", Role.HUMAS, "Aipda", "Sri", "Wahyuni", "86110925", "Kasi Humas Polsek Jereweh",
             unit=JEREWEH),
    DemoUser("superadmin", Role.ADMIN, "", "Super", "Admin", "", "Pengelola aplikasi", unit=None, superuser=True),
]

# The Polres accounts that follow the Polsek's aspirations up with them: its Kasi Humas, not the Kapolres.
POLRES_REVIEWERS = ["humas"]

# Fictitious residents; phone numbers follow the unassigned-looking 08xx-0000-xxxx pattern.
RESIDENT_NAMES = [
    "Abdul Hafiz", "Siti Maryam", "Baiq Rohani", "Made Sukerta", "Ruslan Effendi", "Nurhayati", "Jumadil Akbar",
    "Syarifuddin", "Haerul Anam", "Ni Kadek Sriani", "Andi Saputra", "Sahrul Ramadhan", "Mardiana", "Rukayah",
    "Muhammad Zaki", "Wayan Darmaja", "Suhaimi", "Rosmiati", "Lalu Ahmad Fauzi", "Hasnah", "Juliansyah",
    "Fitri Handayani", "Kadir Usman", "Samsiah",
]
PHONE_PREFIXES = ["0812", "0813", "0819", "0852", "0853", "0878"]

# Words for the generated month of activity.

TOURISM = "Keamanan wisatawan dan pantai"

# The topics an officer raises first at a given place; the rest come from APPEALS_BY_KIND.
APPEAL_FOCUS = {
    "Tambang Batu Hijau PT AMNT": ("PETI", "Hoaks, provokasi dan SARA"),
    "Townsite PT AMNT": ("PETI", "Curanmor dan 3C"),
    "Kawasan Tongo Loka (Gunung Puna)": ("PETI", "Kebakaran hutan dan lahan"),
    "SMAN 1 Sekongkang": ("Narkoba", "Balap liar dan knalpot brong"),
    "SMPN 1 Sekongkang": ("Keselamatan lalu lintas", "Judi online"),
    "SD Negeri Sekongkang Bawah": ("Keselamatan lalu lintas", "KDRT dan perlindungan anak"),
    "Kantor Desa Tatar": ("Konflik sosial dan sengketa lahan", "Tidak main hakim sendiri"),
    "Dusun Induk, RT 001": ("Konflik sosial dan sengketa lahan",),
    "Dusun Barat, RT 003": ("Pencurian ternak", "Kebakaran hutan dan lahan"),
    "Permukiman Lomar Lempo": ("Pencurian ternak", "Kebakaran hutan dan lahan"),
    "Permukiman Batu Nampar": ("Pencurian ternak", "Konflik sosial dan sengketa lahan"),
    "TPI Senutuk": ("Miras dan tuak", "Curanmor dan 3C"),
    "Pantai Sekongkang (Tropical)": (TOURISM,),
    "Pantai Lawar": (TOURISM,),
    "Pantai Rantung (Yoyo)": (TOURISM,),
    "Pantai Peser": (TOURISM,),
    "Tropical Beach Club & Spa Resort": (TOURISM, "Narkoba"),
    "Yo Yo's Hotel": (TOURISM, "Narkoba"),
    "Rantung Beach Bar & Cottages": (TOURISM, "Miras dan tuak"),
    "Villa Surga": (TOURISM,),
    "Lisa's Garden": (TOURISM,),
    "Air Terjun Sekongkang": (TOURISM, "Kebakaran hutan dan lahan"),
}

APPEALS_BY_KIND = {
    SETTLEMENT: ["Narkoba", "Curanmor dan 3C", "Pencurian ternak", "Siskamling dan ronda malam", "Judi online",
                 "KDRT dan perlindungan anak", "Hoaks, provokasi dan SARA", "Tidak main hakim sendiri"],
    BUSINESS: ["Curanmor dan 3C", "Narkoba", "Miras dan tuak", "Judi online", "Hoaks, provokasi dan SARA"],
    PUBLIC_FACILITY: ["Keselamatan lalu lintas", "Balap liar dan knalpot brong", "Narkoba", "Judi online",
                      "Hoaks, provokasi dan SARA", "Tidak main hakim sendiri"],
}

PATROL_NOTES = {
    "pagi": "Patroli dialogis pagi di Desa {desa}.",
    "siang": "Patroli dialogis siang: sambang warga dan fasilitas umum di Desa {desa}.",
    "malam": "Patroli KRYD malam di Desa {desa}, sasaran jalan poros dan tempat berkumpul remaja.",
}

# Openings of a visit summary by kind of place; a closing sentence follows.
SUMMARIES = {
    SETTLEMENT: [
        "Sambang dan patroli dialogis di {tempat}, Desa {desa}. Petugas bertatap muka dengan {warga} warga, "
        "menyampaikan imbauan kamtibmas ({imbauan}) dan menampung aspirasi.",
        "Door to door system di {tempat}, Desa {desa}: silaturahmi dengan {warga} warga dan ketua RT, "
        "imbauan tentang {imbauan}.",
        "Dialog kamtibmas bersama {warga} warga di poskamling {tempat}. Disampaikan imbauan {imbauan}; "
        "warga diajak kembali menghidupkan ronda malam.",
    ],
    BUSINESS: [
        "Kunjungan ke {tempat}: berdialog dengan pengelola dan karyawan ({warga} orang), mengimbau {imbauan}.",
        "Patroli dialogis di {tempat}, Desa {desa}. Petugas mengecek pengamanan, bertukar informasi dengan "
        "{warga} orang pengelola dan pekerja, serta menyampaikan imbauan {imbauan}.",
    ],
    PUBLIC_FACILITY: [
        "Patroli dialogis di {tempat}: menyapa {warga} warga dan pengunjung, menyampaikan imbauan {imbauan}, "
        "dan membuka ruang aspirasi.",
        "Sambang ke {tempat}, Desa {desa}. Berdialog dengan {warga} orang (perangkat, tokoh masyarakat dan warga) "
        "tentang {imbauan}.",
    ],
}

CALM_CLOSINGS = [
    "Situasi aman dan kondusif.",
    "Sitkamtibmas aman terkendali.",
    "Warga menyambut baik kehadiran polisi; situasi aman.",
]

# Closings of a waspada or rawan visit that is not an early warning.
CONCERNS = [
    "Warga melaporkan pencurian ternak di kandang yang jauh dari rumah; patroli akan ditingkatkan pada jam-jam rawan.",
    "Terpantau remaja berkumpul dan minum tuak hingga larut malam; sudah diberi teguran dan imbauan.",
    "Warga mengeluhkan balap liar di jalan poros pada malam Minggu; patroli malam akan ditambah.",
    "Dua sepeda motor dilaporkan hilang dalam sebulan terakhir; warga diimbau memakai kunci ganda.",
    "Beredar pesan berantai bernada provokatif di grup warga; petugas meluruskan informasi dan mengimbau "
    "agar tidak ikut menyebarkan.",
]

WARNING_CLOSING = "Situasi {situasi}: dicatat sebagai peringatan dini dan dilaporkan kepada Kapolsek."

# How Humas handled a demo warning (see seed_demo's handle_warnings).
WARNING_ACKNOWLEDGED = "Diterima dan dilaporkan kepada Kapolsek; Bhabinkamtibmas desa diminta memantau."
WARNING_HANDLED = "Bhabinkamtibmas menemui tokoh kedua pihak; pertemuan mediasi dijadwalkan di kantor desa."
WARNING_CLOSED = (
    "Mediasi bersama Pemdes dan tokoh masyarakat disepakati kedua pihak; situasi kembali kondusif "
    "dan tetap dipantau lewat patroli dialogis."
)


@dataclass(frozen=True)
class EarlyWarning:
    sector: str
    situation: str
    note: str
    # category, kind, urgency, description and agencies of the aspiration heard there (see ASPIRATION_EXAMPLES)
    aspiration: tuple


EARLY_WARNINGS = [
    EarlyWarning(
        "Kantor Desa Tatar", "rawan",
        "Sengketa lahan garapan antara kelompok warga adat dan pemegang sertifikat memanas; kedua pihak berencana "
        "mengerahkan massa ke lokasi. Perlu mediasi Tiga Pilar bersama lembaga adat dan Pemdes Tatar.",
        ("Konflik sosial dan sengketa", "aspirasi", "mendesak",
         "Tokoh adat meminta Polsek memfasilitasi mediasi sengketa lahan garapan sebelum terjadi bentrokan; "
         "kedua kelompok sudah saling mengancam.", ("Tim Penanganan Konflik Sosial KSB", "Camat Sekongkang")),
    ),
    EarlyWarning(
        "Kawasan Tongo Loka (Gunung Puna)", "rawan",
        "Terpantau lubang galian baru dan pondok penambang di sekitar Gunung Puna; aktivitas PETI diduga kembali. "
        "Potensi gesekan dengan pengamanan objek vital dan provokasi terhadap perusahaan.",
        ("Pertambangan dan lingkungan", "informasi", "tinggi",
         "Warga menginformasikan orang dari luar desa kembali menambang emas tanpa izin di sekitar Tongo Loka "
         "dan membawa bahan kimia pengolah emas.", ("Dinas ESDM Provinsi NTB", "Sat Reskrim Polres Sumbawa Barat")),
    ),
    EarlyWarning(
        "Dusun Pantai, RT 001", "waspada",
        "Ketegangan antarpemuda dua dusun setelah pertandingan sepak bola antarkampung; ada ajakan saling serang "
        "di media sosial. Perlu pertemuan tokoh pemuda dan orang tua.",
        ("Ketertiban umum", "informasi", "tinggi",
         "Orang tua khawatir anak-anaknya ikut terprovokasi ajakan saling serang antarpemuda dusun dan meminta "
         "polisi mempertemukan kedua kelompok.", ("Pemdes {desa}",)),
    ),
    EarlyWarning(
        "Kantor Camat Sekongkang", "waspada",
        "Beredar rencana aksi massa menuntut prioritas tenaga kerja lokal di perusahaan tambang; belum ada surat "
        "pemberitahuan. Perlu koordinasi dengan Camat dan Unit Intelkam.",
        ("Pertambangan dan lingkungan", "aspirasi", "tinggi",
         "Perwakilan pemuda meminta difasilitasi bertemu manajemen perusahaan tambang soal rekrutmen tenaga kerja "
         "lokal agar tidak perlu turun ke jalan.", ("PT AMNT (Hubungan Masyarakat)", "Camat Sekongkang")),
    ),
    EarlyWarning(
        "Permukiman Lomar Lempo", "waspada",
        "Perselisihan batas lahan garapan antarwarga eks transmigran; sempat terjadi adu mulut dan pencabutan patok. "
        "Perlu pengukuran ulang bersama Pemdes.",
        ("Konflik sosial dan sengketa", "keluhan", "tinggi",
         "Warga mengeluhkan patok batas lahannya dicabut tetangga dan meminta pengukuran ulang disaksikan "
         "pemerintah desa.", ("Pemdes {desa}",)),
    ),
]

# How often each category comes up; tourism ones mostly at beaches and inns (see seed_demo).
CATEGORY_WEIGHTS = {
    "Keamanan lingkungan": 5,
    "Narkoba dan miras": 3,
    "Ketertiban umum": 4,
    "Lalu lintas dan jalan": 4,
    "Konflik sosial dan sengketa": 2,
    "Pertambangan dan lingkungan": 2,
    "KDRT dan perlindungan anak/perempuan": 1,
    "Pelayanan Polri": 3,
    "Pariwisata dan pantai": 1,
    "Bencana dan kedaruratan": 1,
    "Lainnya dan permohonan": 2,
}

# kind, urgency, description ({desa} is filled in), and where it goes when the Polsek cannot settle it
# alone: agencies whose work it is, so that a forwarded aspiration names one that fits.
PUPR = "Dinas PUPR KSB"
DISHUB = "Dinas Perhubungan KSB"
DLH = "Dinas Lingkungan Hidup KSB"
ESDM = "Dinas ESDM Provinsi NTB"
AMNT = "PT AMNT (Hubungan Masyarakat)"
PEMDES = "Pemdes {desa}"
CAMAT = "Camat Sekongkang"
SATPOL_PP = "Satpol PP KSB"
BPBD = "BPBD KSB"
RESKRIM_POLSEK = "Unit Reskrim Polsek Sekongkang"
RESKRIM = "Sat Reskrim Polres Sumbawa Barat"
RESNARKOBA = "Sat Resnarkoba Polres Sumbawa Barat"
LANTAS = "Sat Lantas Polres Sumbawa Barat"
POLAIR = "Sat Polair Polres Sumbawa Barat"
PPA = "Unit PPA Sat Reskrim Polres Sumbawa Barat"

ASPIRATION_EXAMPLES = {
    "Keamanan lingkungan": [
        ("keluhan", "tinggi", "Dua ekor sapi milik warga Desa {desa} hilang dari kandang kebun dalam sepekan "
         "terakhir. Warga meminta patroli malam ke area kandang.", (RESKRIM_POLSEK, RESKRIM)),
        ("aspirasi", "normal", "Warga meminta Bhabinkamtibmas membantu menghidupkan kembali poskamling dan jadwal "
         "ronda malam di Desa {desa}.", (PEMDES,)),
        ("informasi", "tinggi", "Orang tak dikenal beberapa kali terlihat mengamati rumah-rumah kosong pada siang "
         "hari di Desa {desa}.", (RESKRIM_POLSEK,)),
        ("keluhan", "normal", "Sepeda motor warga yang diparkir di halaman rumah hilang pada malam hari; warga "
         "khawatir kejadian berulang.", (RESKRIM_POLSEK, RESKRIM)),
    ],
    "Narkoba dan miras": [
        ("informasi", "tinggi", "Warga menduga ada peredaran sabu di kalangan pemuda Desa {desa}; transaksi disebut "
         "sering terjadi malam hari di pinggir jalan poros.", (RESNARKOBA,)),
        ("keluhan", "normal", "Sekelompok pemuda sering minum tuak sampai larut malam di dekat lapangan desa dan "
         "membuat keributan.", (SATPOL_PP, PEMDES)),
        ("aspirasi", "normal", "Tokoh agama meminta penyuluhan bahaya narkoba di sekolah dan majelis taklim "
         "Desa {desa}.", (RESNARKOBA,)),
    ],
    "Ketertiban umum": [
        ("keluhan", "normal", "Balap liar dengan knalpot brong setiap malam Minggu di jalan poros Desa {desa}; warga "
         "terganggu dan khawatir ada korban.", (LANTAS,)),
        ("keluhan", "normal", "Remaja berkumpul sampai dini hari di pos ronda sambil memutar musik keras.",
         (PEMDES, SATPOL_PP)),
        ("informasi", "tinggi", "Ada kegiatan judi sabung ayam di kebun pinggir Desa {desa} setiap akhir pekan.",
         (RESKRIM,)),
        ("masukan", "normal", "Warga menyarankan pemasangan lampu di gang yang sering dipakai nongkrong remaja.",
         (PEMDES,)),
    ],
    "Lalu lintas dan jalan": [
        ("keluhan", "tinggi", "Jalan poros menuju Desa {desa} berlubang dalam dan tanpa penerangan; sudah ada "
         "pengendara jatuh pada malam hari.", (PUPR,)),
        ("aspirasi", "normal", "Warga meminta rambu dan pita penggaduh di depan sekolah karena kendaraan melaju "
         "kencang.", (DISHUB,)),
        ("keluhan", "normal", "Banyak anak di bawah umur mengendarai sepeda motor ke sekolah tanpa helm.", (LANTAS,)),
        ("masukan", "normal", "Warga mengusulkan pengaturan lalu lintas saat jam pergantian sif karyawan tambang.",
         (LANTAS, AMNT)),
    ],
    "Konflik sosial dan sengketa": [
        ("aspirasi", "tinggi", "Warga meminta Polsek menengahi sengketa batas kebun dengan tetangga yang sudah lama "
         "berlangsung agar tidak berujung perkelahian.", (PEMDES, CAMAT)),
        ("informasi", "tinggi", "Ada ketegangan antarpendukung bakal calon kepala desa di Desa {desa}; warga "
         "meminta polisi hadir di pertemuan warga.", (CAMAT, "Tim Penanganan Konflik Sosial KSB")),
        ("keluhan", "normal", "Perselisihan pembagian air irigasi antarkelompok tani di Desa {desa} mulai memanas.",
         (PEMDES, PUPR)),
    ],
    "Pertambangan dan lingkungan": [
        ("keluhan", "normal", "Debu dari jalan angkutan proyek masuk ke rumah warga pada musim kemarau; warga "
         "meminta penyiraman jalan secara rutin.", (AMNT, DLH)),
        ("aspirasi", "normal", "Pemuda Desa {desa} meminta kejelasan informasi rekrutmen tenaga kerja lokal dan "
         "program CSR perusahaan tambang.", (AMNT, CAMAT)),
        ("informasi", "tinggi", "Air sungai di hulu terlihat keruh; warga menduga ada penambangan liar.",
         (ESDM, DLH)),
    ],
    "KDRT dan perlindungan anak/perempuan": [
        ("informasi", "mendesak", "Warga melaporkan dugaan kekerasan dalam rumah tangga yang berulang di "
         "lingkungannya; korban seorang ibu dan anaknya.", (PPA,)),
        ("aspirasi", "normal", "Kader PKK meminta sosialisasi pencegahan KDRT dan perkawinan anak di Desa {desa}.",
         (PPA, PEMDES)),
        ("keluhan", "tinggi", "Warga khawatir ada anak putus sekolah yang dibawa bekerja ke luar daerah.",
         (PPA, "Dinas Sosial KSB")),
    ],
    "Pelayanan Polri": [
        ("aspirasi", "normal", "Warga meminta layanan SKCK keliling di kantor desa karena jarak ke Taliwang jauh.",
         ("Sat Intelkam Polres Sumbawa Barat",)),
        ("masukan", "normal", "Warga mengapresiasi patroli malam dan meminta jadwalnya dipertahankan, terutama "
         "menjelang hari raya.", ("Sat Samapta Polres Sumbawa Barat",)),
        ("keluhan", "normal", "Laporan kehilangan yang dibuat warga bulan lalu belum ada kabar perkembangannya.",
         ("SPKT Polres Sumbawa Barat",)),
        ("aspirasi", "normal", "Warga meminta nomor kontak Bhabinkamtibmas dipasang di kantor desa dan masjid.",
         (PEMDES,)),
    ],
    "Pariwisata dan pantai": [
        ("aspirasi", "normal", "Pengelola penginapan meminta patroli rutin di pantai saat libur panjang karena "
         "pengunjung ramai.", (POLAIR, "Dinas Pariwisata KSB")),
        ("keluhan", "normal", "Wisatawan mengeluhkan tarif parkir tidak resmi di kawasan pantai pada akhir pekan.",
         (DISHUB, SATPOL_PP)),
        ("masukan", "tinggi", "Pokdarwis mengusulkan papan peringatan arus balik dan pelampung di pantai selancar.",
         ("Dinas Pariwisata KSB", BPBD)),
    ],
    "Bencana dan kedaruratan": [
        ("informasi", "mendesak", "Seorang nelayan belum kembali sejak kemarin sore setelah melaut; keluarga meminta "
         "bantuan pencarian.", (POLAIR, BPBD)),
        ("keluhan", "tinggi", "Saluran air tersumbat sehingga permukiman Desa {desa} tergenang setiap hujan deras.",
         (PUPR, PEMDES)),
        ("informasi", "tinggi", "Terlihat titik api di lahan semak dekat kebun warga; dikhawatirkan merembet saat "
         "angin kencang.", (BPBD,)),
        ("aspirasi", "tinggi", "Beberapa warga Desa {desa} terserang demam berdarah dalam sebulan terakhir; warga "
         "meminta pengasapan dan pemeriksaan jentik.", ("Puskesmas Sekongkang", "Dinas Kesehatan KSB")),
    ],
    "Lainnya dan permohonan": [
        ("aspirasi", "normal", "Warga Desa {desa} mengusulkan pembangunan pos polisi karena jarak ke Mapolsek cukup "
         "jauh.", (CAMAT, PEMDES)),
        ("aspirasi", "normal", "Karang taruna meminta polisi ikut membina turnamen sepak bola antardesa agar "
         "berlangsung tertib.", (PEMDES,)),
        ("masukan", "normal", "Warga meminta penyuluhan hukum tentang jual beli tanah agar tidak tertipu.",
         ("Kantor Pertanahan KSB", PEMDES)),
        ("keluhan", "normal", "Listrik di Desa {desa} sering padam pada malam hari; warga khawatir pencuri "
         "memanfaatkan gelap.", ("PLN ULP Taliwang",)),
        ("keluhan", "normal", "Air bersih perpipaan di sebagian Desa {desa} tidak mengalir sudah sepekan.",
         ("PDAM KSB", PEMDES)),
        ("keluhan", "normal", "Sampah menumpuk di pinggir jalan poros Desa {desa} dan dibakar warga pada malam "
         "hari.", (DLH, PEMDES)),
    ],
}

# When reviewers follow aspirations up: office hours, 08.00 to 16.00 WITA, Monday to Friday.
OFFICE_OPENS, OFFICE_CLOSES = 8, 16
OFFICE_DAYS_A_WEEK = 5

STATUS_NOTES = {
    "diverifikasi": [
        "Dicek ke lapangan oleh Bhabinkamtibmas; keterangan warga sesuai.",
        "Dikonfirmasi bersama Kades dan Babinsa (Tiga Pilar).",
        "Aspirasi diterima dan diverifikasi; penanggung jawab ditunjuk.",
    ],
    "ditindaklanjuti": [
        "Patroli ditingkatkan pada jam-jam rawan di lokasi.",
        "Mediasi dan problem solving di kantor desa bersama para pihak.",
        "Penyuluhan dijadwalkan bersama Unit Binmas.",
        "Pihak yang dikeluhkan dipanggil dan diberi pembinaan.",
    ],
    "diteruskan": ["Diteruskan ke {agency} untuk ditangani sesuai kewenangan; Polsek tetap memantau."],
    "selesai": [
        "Permasalahan selesai; kondisi di lokasi sudah kondusif.",
        "Tindak lanjut tuntas; dicek kembali di lapangan dan tidak ada keluhan lanjutan.",
    ],
}
FORWARDED_DONE_NOTE = "{agency} sudah menangani; hasilnya dicek kembali di lapangan."
FEEDBACK_NOTE = "Tanggapan sudah disampaikan kepada warga."

REFUSAL_REASONS = [
    "Lokasi kejadian di luar wilayah hukum Polsek Sekongkang (Kecamatan Maluk); warga diarahkan ke Polsek Maluk.",
    "Setelah dicek di lapangan, informasi tidak terbukti.",
    "Aspirasi ganda: sudah dicatat dan ditangani pada laporan sebelumnya.",
    "Masalah perdata antarwarga; disarankan musyawarah di desa atau menempuh jalur pengadilan.",
    "Keterangan lokasi dan waktu tidak cukup untuk diverifikasi, dan pelapor tidak dapat dihubungi.",
]


def local_agency(name, *, kecamatan, desa):
    """An agency as a kecamatan knows it: the examples name Sekongkang's Camat, Polsek and Puskesmas."""
    return name.replace("Sekongkang", kecamatan).format(desa=desa)


def refusal_reasons(kecamatan):
    """One reason sends residents from Sekongkang to its neighbour; the other kecamatan use the rest."""
    return [reason for reason in REFUSAL_REASONS if kecamatan == "Sekongkang" or "Sekongkang" not in reason]
