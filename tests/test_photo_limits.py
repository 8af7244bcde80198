"""What a visit's photos may cost the server, and what of them it keeps.

Decoding is bounded from the files' headers before any pixel is decoded: a limit per file by
how the format decodes, and a budget for all the photos of one request. What is stored is
only the pixels: no comment, EXIF, GPS, XMP, IPTC or colour profile.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageFile

from bench.photos import encoded, flat_png, picture
from patrols.models import Visit, VisitPhoto

from .factories import make_patrol, make_sector, visit_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def sector():
    return make_sector(name="Pos Ronda Dusun Sebunga")


@pytest.fixture
def post(client, officer, sector):
    """Posts a visit report with these photos; returns the response."""
    client.force_login(officer)
    patrol = make_patrol(officer)

    def send(*uploads):
        return client.post(f"/patrols/{patrol.pk}/visits/new/", visit_form_data(sector, photos=list(uploads)))

    return send


@pytest.fixture
def decoded(monkeypatch):
    """The (format, size) of every file decoded, at the scale it was decoded at."""
    sizes = []
    load = ImageFile.ImageFile.load

    def recording(image):
        if image.tile:
            sizes.append((image.format, image.size))
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording)
    return sizes


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def photo_errors(response):
    assert response.status_code == 200
    return list(response.context["form"].errors["photos"])


class TestRefused:
    def test_ten_7000_pixel_pngs_are_refused_before_anything_is_decoded(self, post, decoded):
        png = flat_png(7000, 7000)
        assert len(png) < 200_000

        errors = photo_errors(post(*[upload(f"layar-{n}.png", png) for n in range(10)]))

        assert len(errors) == 10
        for n, error in enumerate(errors):
            assert f"layar-{n}.png" in error
            assert "(49 megapiksel); paling besar 13 megapiksel untuk PNG" in error
        assert decoded == []
        assert not Visit.objects.exists()

    @pytest.mark.parametrize(
        "name, data, message",
        [
            ("stiker.webp", encoded(Image.new("RGB", (2200, 1500)), "WEBP", lossless=True),
             "(3,3 megapiksel); paling besar 3 megapiksel untuk WebP"),
            ("pindaian.jpg", encoded(Image.new("RGB", (4200, 3200)), "JPEG", progressive=True),
             "(13,4 megapiksel); paling besar 13 megapiksel untuk JPEG progresif"),
            ("panorama.jpg", encoded(Image.new("RGB", (10_000, 5_100)), "JPEG"),
             "(51 megapiksel); paling besar 50 megapiksel untuk JPEG"),
        ],
    )
    def test_each_kind_has_its_limit_named_in_the_message(self, post, decoded, name, data, message):
        (error,) = photo_errors(post(upload(name, data)))

        assert name in error and message in error
        assert decoded == []

    def test_the_photos_of_one_request_share_a_decoding_budget(self, post, decoded):
        png = flat_png(4000, 3000)

        errors = photo_errors(post(*[upload(f"layar-{n}.png", png) for n in range(4)]))

        (error,) = errors
        assert "layar-3.png" in error and "paling besar 40 megapiksel diolah sekaligus" in error
        assert len(decoded) == 3
        assert not VisitPhoto.objects.exists()


class TestAccepted:
    def test_a_12_megapixel_phone_jpeg_is_decoded_at_half_scale(self, post, decoded, media_root):
        phone = encoded(picture(4000, 3000), "JPEG", quality=88)

        assert post(upload("IMG_2041.jpg", phone)).status_code == 302

        assert decoded == [("JPEG", (2000, 1500))]
        assert (VisitPhoto.objects.get().width, VisitPhoto.objects.get().height) == (1600, 1200)

    def test_a_4000_by_3000_png_is_kept_at_1600_pixels(self, post, media_root):
        assert post(upload("layar.png", flat_png(4000, 3000))).status_code == 302

        photo = VisitPhoto.objects.get()
        with Image.open(photo.image.path) as stored:
            assert (stored.format, stored.size) == ("JPEG", (1600, 1200))

    def test_ten_phone_photos_fit_in_one_visit(self, post, media_root):
        phone = encoded(picture(4000, 3000), "JPEG", quality=88)

        assert post(*[upload(f"IMG_{n}.jpg", phone) for n in range(10)]).status_code == 302

        assert VisitPhoto.objects.count() == 10


def segments(jpeg):
    """The marker and payload of every segment before the picture data starts (SOS)."""
    assert jpeg[:2] == b"\xff\xd8"
    found, at = [], 2
    while jpeg[at + 1] != 0xDA:
        assert jpeg[at] == 0xFF
        length = int.from_bytes(jpeg[at + 2 : at + 4], "big")
        found.append((jpeg[at + 1], jpeg[at + 4 : at + 2 + length]))
        at += 2 + length
    return found


APP0, APP1, APP2, APP13, COM = 0xE0, 0xE1, 0xE2, 0xED, 0xFE
# Quantisation and Huffman tables, the frame header (baseline or progressive), restart interval.
PICTURE_SEGMENTS = {0xDB, 0xC4, 0xC0, 0xC2, 0xDD}


def with_iptc(jpeg):
    """The JPEG with an APP13 (Photoshop IPTC) segment naming a photographer, right after its SOI."""
    record = b"\x1c\x02\x50" + (12).to_bytes(2, "big") + b"Ahmad Rahman"
    resource = b"8BIM\x04\x04\x00\x00" + len(record).to_bytes(4, "big") + record
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload + jpeg[2:]


def tagged_jpeg():
    """Red on the left, blue on the right, stored sideways: EXIF says to turn it a quarter clockwise."""
    image = Image.new("RGB", (64, 32), "red")
    image.paste("blue", (32, 0, 64, 32))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Samsung"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (8.0, 59.0, 28.0)
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        exif=exif,
        comment=b"<script>alert(1)</script>",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>Pos Ronda Sebunga</rdf:Description></x:xmpmeta>',
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    return with_iptc(out.getvalue())


class TestMetadata:
    def test_only_the_pixels_are_kept_turned_the_right_way_up(self, post, media_root):
        original = tagged_jpeg()
        assert {APP1, APP2, APP13, COM} <= {marker for marker, _ in segments(original)}

        assert post(upload("IMG_2041.jpg", original)).status_code == 302

        stored = VisitPhoto.objects.get().image.read()
        kept = segments(stored)
        assert {marker for marker, _ in kept} <= {APP0} | PICTURE_SEGMENTS
        assert [payload[:5] for marker, payload in kept if marker == APP0] == [b"JFIF\0"]
        for trace in (b"<script", b"Exif", b"adobe:ns:meta", b"Photoshop", b"8BIM", b"ICC_PROFILE", b"Samsung"):
            assert trace not in stored
        with Image.open(io.BytesIO(stored)) as image:
            assert image.size == (32, 64)
            red, blue = image.getpixel((16, 8)), image.getpixel((16, 56))
        assert red[0] > 200 and red[2] < 60
        assert blue[2] > 200 and blue[0] < 60

    @pytest.mark.parametrize(
        "profile",
        [b"bukan profil warna", ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()],
        ids=["broken", "for other pixels"],
    )
    def test_a_colour_profile_that_cannot_be_applied_is_dropped(self, post, media_root, profile):
        png = encoded(Image.new("RGB", (40, 30), (40, 120, 200)), "PNG", icc_profile=profile)

        assert post(upload("layar.png", png)).status_code == 302

        stored = VisitPhoto.objects.get().image.read()
        assert b"ICC_PROFILE" not in stored
        with Image.open(io.BytesIO(stored)) as image:
            assert all(abs(a - b) < 8 for a, b in zip(image.getpixel((20, 15)), (40, 120, 200)))
