"""Visit photos: whatever a phone sends is re-encoded as a plain JPEG of at most 1600 pixels a side.

Only the pixels are kept. The comment, EXIF (with the GPS position and the phone's serial number),
XMP and IPTC are dropped, after the EXIF orientation has been applied; a colour profile is applied
too, converting to sRGB, which is what a browser assumes of a JPEG without one, and then dropped.

Decoding is what costs a worker time and memory, so its cost is read from the file's header and
bounded before anything is decoded. A baseline JPEG is decoded at a reduced scale (1/2 to 1/8 a
side), which costs little whatever the camera. PNG, WebP and progressive JPEG are decoded whole,
so each gets a lower pixel limit; and all the photos of one request together may decode at most
REQUEST_DECODE_PIXELS. docs/PERFORMANCE.md has what the worst accepted request costs.
"""

import io

from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A baseline JPEG: about 8200 × 6100, more than any phone camera, far less than a decompression bomb.
MAX_PIXELS = 50_000_000
# Decoded whole. Pillow's WebP decoder holds a canvas and a copy of it: about 15 bytes a pixel
# against PNG's 5, and three to eight times PNG's time.
WHOLE_DECODE_MAX_PIXELS = {"PNG": 13_000_000, "WEBP": 3_000_000, "progressive JPEG": 13_000_000}
REQUEST_DECODE_PIXELS = 40_000_000
# The kinds as the officer is told them.
KIND_NAMES = {"JPEG": "JPEG", "progressive JPEG": gettext_lazy("JPEG progresif"), "PNG": "PNG", "WEBP": "WebP"}
MAX_SIDE = 1600
JPEG_QUALITY = 82
# MPO is the JPEG variant some phone cameras write.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
SRGB = ImageCms.createProfile("sRGB")


class PhotoError(Exception):
    pass


class DecodeBudget:
    """The pixels one request may still decode, across all its photos."""

    def __init__(self, pixels=REQUEST_DECODE_PIXELS):
        self.pixels = self.left = pixels

    def spend(self, pixels, name):
        if pixels > self.left:
            raise PhotoError(
                _(
                    "Foto “%(name)s” tidak diproses: foto-foto satu kiriman bersama-sama terlalu besar ukuran "
                    "pikselnya (paling besar %(max)s megapiksel diolah sekaligus). Simpan kunjungan dulu, lalu "
                    "tambahkan foto ini dengan mengubah kunjungan, atau kirim foto yang lebih kecil."
                )
                % {"name": name, "max": megapixels(self.pixels)}
            )
        self.left -= pixels


def megapixels(pixels):
    value = round(pixels / 1_000_000, 1)
    return number_format(int(value) if value.is_integer() else value)


def reencode(upload, budget):
    """Check an uploaded file and return it as a ContentFile holding a JPEG, or raise PhotoError."""
    name = upload.name
    if upload.size > MAX_UPLOAD_BYTES:
        raise PhotoError(
            _("Foto “%(name)s” terlalu besar (%(size)s); paling besar %(max)s.")
            % {"name": name, "size": filesizeformat(upload.size), "max": filesizeformat(MAX_UPLOAD_BYTES)}
        )
    too_many_pixels = _("Foto “%(name)s” terlalu besar ukuran pikselnya.") % {"name": name}
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            probe.verify()
        if image_format not in ACCEPTED_FORMATS:
            raise PhotoError(_("Foto “%(name)s” bukan JPEG, PNG atau WebP.") % {"name": name})
        upload.seek(0)
        with Image.open(upload) as image:
            _check_pixels(image, name)
            # A no-op but for a JPEG, whose size becomes that of the reduced scale it will be decoded at.
            image.draft(None, _fitted(image.size))
            budget.spend(image.width * image.height, name)
            return ContentFile(_as_jpeg(image), name="photo.jpg")
    except Image.DecompressionBombError:
        raise PhotoError(too_many_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoError(
            _("Berkas “%(name)s” bukan foto yang dapat dibaca. Kirim foto JPEG, PNG atau WebP.") % {"name": name}
        ) from None


def _check_pixels(image, name):
    pixels = image.width * image.height
    kind = image.format
    if kind in ("JPEG", "MPO"):
        # A progressive JPEG keeps every coefficient of the whole picture in memory, whatever the scale.
        kind = "progressive JPEG" if image.info.get("progressive") else "JPEG"
    limit = WHOLE_DECODE_MAX_PIXELS.get(kind, MAX_PIXELS)
    if pixels > limit:
        raise PhotoError(
            _(
                "Foto “%(name)s” terlalu besar ukuran pikselnya (%(pixels)s megapiksel); "
                "paling besar %(max)s megapiksel untuk %(kind)s."
            )
            % {"name": name, "pixels": megapixels(pixels), "max": megapixels(limit), "kind": KIND_NAMES[kind]}
        )


def _fitted(size):
    """The size within MAX_SIDE × MAX_SIDE that keeps the picture's proportions."""
    width, height = size
    scale = min(MAX_SIDE / width, MAX_SIDE / height, 1)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _as_jpeg(image):
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    # EXIF is dropped below: its orientation has to be applied first.
    image = _in_srgb(ImageOps.exif_transpose(image))
    # Pillow writes a JPEG comment from here, and may write more in future versions: nothing but the pixels.
    image.info.clear()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _in_srgb(image):
    """RGB as a browser shows a JPEG without a profile: transparency on white, a colour profile converted to sRGB."""
    profile = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode not in ("RGB", "CMYK", "L"):
        image = image.convert("RGB")
    if profile:
        try:
            source = ImageCms.getOpenProfile(io.BytesIO(profile))
            return ImageCms.profileToProfile(image, source, SRGB, outputMode="RGB")
        except ImageCms.PyCMSError:
            # A profile that does not fit the pixels, or no profile at all: they are taken as sRGB.
            pass
    return image if image.mode == "RGB" else image.convert("RGB")
