"""Photos on a weak signal: shrunk on the phone to what the server keeps, and refused there when the server would."""

import io
import os
import re

import pytest
from PIL import Image

from patrols.models import VisitPhoto
from patrols.photos import MAX_SIDE
from tests.factories import make_jpeg, make_patrol

from .test_visit_journey import VISIT_URL, fill_visit, places  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHOSEN = """async () => Promise.all(Array.from(document.getElementById("photo-gallery").files, async (file) => {
    const bitmap = await createImageBitmap(file, {imageOrientation: "none"});
    return {name: file.name, type: file.type, size: file.size, width: bitmap.width, height: bitmap.height};
}))"""


def camera_photo(path, width, height, orientation=None):
    """A photo as a camera writes it: noisy (so it is big) and, if given, with an EXIF orientation."""
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    exif = image.getexif()
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif)
    path.write_bytes(out.getvalue())
    return path


def open_form(phone, login, live_server, officer):
    patrol = make_patrol(officer)
    login(phone, officer)
    phone.goto(f"{live_server.url}/patrols/{patrol.pk}/visits/new/")
    return patrol


def test_a_big_photo_is_shrunk_before_it_is_sent(phone, login, live_server, screenshot, officer, places, tmp_path, media_root):
    original = camera_photo(tmp_path / "IMG_20261128_0932.jpg", 2400, 1800)
    open_form(phone, login, live_server, officer)
    assert "Foto diperkecil di ponsel sebelum dikirim" in phone.inner_text("#photos")
    fill_visit(phone, places)
    phone.set_input_files("#photo-gallery", str(original))
    phone.wait_for_selector("#photo-list >> text=IMG_20261128_0932.jpg")
    screenshot(phone, "01-shrunk")
    [chosen] = phone.evaluate(CHOSEN)
    assert chosen["type"] == "image/jpeg"
    assert (chosen["width"], chosen["height"]) == (MAX_SIDE, 1200)
    assert chosen["size"] < original.stat().st_size / 2

    posts = []
    phone.on("request", lambda request: request.method == "POST" and posts.append(request))
    phone.click("button:has-text('Kirim laporan')")
    phone.wait_for_url(VISIT_URL)
    assert posts[-1].sizes()["requestBodySize"] < original.stat().st_size / 2
    photo = VisitPhoto.objects.get()
    assert (photo.width, photo.height) == (MAX_SIDE, 1200)


def test_a_photo_taken_sideways_is_turned_upright(phone, login, live_server, officer, places, tmp_path):
    # EXIF orientation 6: the camera was held upright, the pixels lie on their side.
    sideways = camera_photo(tmp_path / "IMG_tegak.jpg", 1200, 900, orientation=6)
    open_form(phone, login, live_server, officer)
    phone.set_input_files("#photo-gallery", str(sideways))
    phone.wait_for_selector("#photo-list >> text=IMG_tegak.jpg")
    [chosen] = phone.evaluate(CHOSEN)
    assert (chosen["width"], chosen["height"]) == (900, 1200)


def test_what_the_server_would_refuse_is_refused_before_sending(phone, login, live_server, screenshot, officer, places, tmp_path):
    broken = tmp_path / "rusak.jpg"
    broken.write_bytes(b"bukan gambar " * 100)
    document = tmp_path / "surat.pdf"
    document.write_bytes(b"%PDF-1.4 bukan foto")
    good = tmp_path / "IMG_baik.jpg"
    good.write_bytes(make_jpeg(1200, 900))
    open_form(phone, login, live_server, officer)
    phone.set_input_files("#photo-gallery", [str(broken), str(document), str(good)])
    phone.wait_for_selector("#photo-list >> text=IMG_baik.jpg")
    screenshot(phone, "01-refused")
    text = phone.inner_text("#photo-list")
    assert "Berkas “rusak.jpg” bukan foto yang dapat dibaca." in text
    assert "Berkas “surat.pdf” bukan foto yang dapat dibaca." in text
    assert [photo["name"] for photo in phone.evaluate(CHOSEN)] == ["IMG_baik.jpg"]

    # The server's pixel limit, lowered here so that a small photo crosses it.
    phone.evaluate("document.getElementById('photo-pickers').dataset.maxPixels = '1000000'")
    phone.set_input_files("#photo-gallery", str(good))
    phone.wait_for_selector("#photo-list >> text=terlalu besar ukuran pikselnya")
    assert [photo["name"] for photo in phone.evaluate(CHOSEN)] == ["IMG_baik.jpg"]
    assert re.search(r"IMG_baik\.jpg · \d+ KB", phone.inner_text("#photo-list"))
