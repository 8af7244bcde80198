"""Visit photos: whatever a phone sends is re-encoded as a plain JPEG.

Re-encoding drops EXIF, and with it the GPS position and the phone's serial
number, and turns a 12-megapixel camera file into something a Humas laptop
opens quickly.
"""

import io

from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# About 8200 × 6100: more than any phone camera, far less than a decompression bomb.
MAX_PIXELS = 50_000_000
MAX_SIDE = 1600
JPEG_QUALITY = 82
# MPO is the JPEG variant some phone cameras write.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}


class PhotoError(Exception):
    pass


def reencode(upload):
    """Check an uploaded file and return it as a ContentFile holding a JPEG, or raise PhotoError."""
    name = upload.name
    if upload.size > MAX_UPLOAD_BYTES:
        raise PhotoError(
            _("Foto “%(name)s” terlalu besar (%(size)s); paling besar %(max)s.")
            % {"name": name, "size": filesizeformat(upload.size), "max": filesizeformat(MAX_UPLOAD_BYTES)}
        )
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            pixels = probe.width * probe.height
            probe.verify()
        if image_format not in ACCEPTED_FORMATS:
            raise PhotoError(_("Foto “%(name)s” bukan JPEG, PNG atau WebP.") % {"name": name})
        if pixels > MAX_PIXELS:
            raise PhotoError(_("Foto “%(name)s” terlalu besar ukuran pikselnya.") % {"name": name})
        upload.seek(0)
        with Image.open(upload) as image:
            return ContentFile(_as_jpeg(image), name="photo.jpg")
    except Image.DecompressionBombError:
        raise PhotoError(_("Foto “%(name)s” terlalu besar ukuran pikselnya.") % {"name": name}) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoError(
            _("Berkas “%(name)s” bukan foto yang dapat dibaca. Kirim foto JPEG, PNG atau WebP.") % {"name": name}
        ) from None


def _as_jpeg(image):
    # Shrink first: for a JPEG, thumbnail() decodes at a reduced scale, which
    # saves most of the memory and time. The orientation tag survives it.
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()
