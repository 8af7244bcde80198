"""Draw the app's home-screen icons from the artwork of static/img/favicon.svg: a gold shield on navy."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

NAVY, GOLD = "#0b2f5b", "#f2c230"
# favicon.svg on its 32-unit grid: a square with corners of radius 6, and the shield
# "M16 5l9 4v7c0 6-4 10-9 12-5-2-9-6-9-12V9z".
GRID, CORNER = 32, 6
SIZES = (192, 512)
# Drawn this many times larger, then shrunk: Pillow draws polygons without smoothing their edges.
OVERSAMPLE = 4


def cubic(start, first, second, end, steps=24):
    """Points along a cubic Bézier curve, its start left out."""
    points = []
    for step in range(1, steps + 1):
        t = step / steps
        points.append(
            tuple(
                (1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t**2 * c + t**3 * d
                for a, b, c, d in zip(start, first, second, end)
            )
        )
    return points


SHIELD = [
    (16, 5),
    (25, 9),
    (25, 16),
    *cubic((25, 16), (25, 22), (21, 26), (16, 28)),
    *cubic((16, 28), (11, 26), (7, 22), (7, 16)),
    (7, 9),
]


def icon(size, maskable):
    """The favicon as it is (rounded, transparent corners), or maskable: navy to every edge with the shield
    inside the middle 80% that a launcher's mask always keeps."""
    big = size * OVERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=NAVY)
        # The shield is 23 units high; at half the icon's height its corners stay inside the safe circle.
        scale = big / 2 / 23
        offset = (big / 2 - 16 * scale, big / 2 - 16.5 * scale)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * CORNER / GRID, fill=NAVY)
        scale, offset = big / GRID, (0, 0)
    draw.polygon([(offset[0] + x * scale, offset[1] + y * scale) for x, y in SHIELD], fill=GOLD)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draw the app icons of the web manifest (static/img/app-icon*.png) from the favicon's artwork."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=settings.BASE_DIR / "static" / "img")

    def handle(self, *args, out, **options):
        out.mkdir(parents=True, exist_ok=True)
        for size in SIZES:
            for maskable in (False, True):
                path = out / f"app-icon{'-maskable' if maskable else ''}-{size}.png"
                icon(size, maskable).save(path, optimize=True)
                self.stdout.write(f"{path.name}: {size}×{size}")
