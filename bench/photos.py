"""The costliest visit reports a worker accepts: photos at the decoding limits of patrols/photos.py.

Each request is one visit report posted with its photos, whole bodies of at most 12 MB (the proxy
limit SECURITY.md sets). Measured: the wall time of the request at the client, the CPU time the
workers spent on it, and the peak resident memory of the largest gunicorn worker, its peak cleared
before each request. The first request is the one that used to cost 25 s and 520 MB: it must now be
refused before anything is decoded.
"""

import io
import struct
import uuid
import zlib
from dataclasses import dataclass

from PIL import Image

from bench.client import Client, parse_form
from bench.pages import visit_report
from bench.report import markdown_table

BODY_LIMIT_BYTES = 12 * 1024 * 1024


def flat_png(width, height):
    """A black RGB PNG, compressed row by row: 7000 × 7000 in about 150 KB without ever holding the pixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = bytes(1 + 3 * width)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def picture(width, height, noise=0):
    """A gradient, with noise of that amplitude on top: noise is what makes files large and slow to decode."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    if noise:
        grain = Image.merge("RGB", [Image.effect_noise((width, height), noise) for _ in range(3)])
        image = Image.blend(image, grain, 0.5)
    return image


def encoded(image, image_format, **options):
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


@dataclass(frozen=True)
class Request:
    label: str
    files: list
    accepted: bool


def worst_requests():
    """The requests to post: what is expected of each is part of the result (an accepted one saves a visit)."""
    jpeg_50 = encoded(picture(8160, 6120), "JPEG", quality=90)
    jpeg_12 = encoded(picture(4000, 3000, noise=12), "JPEG", quality=88)
    png_13 = encoded(picture(4160, 3120), "PNG")
    progressive_13 = encoded(picture(4160, 3120, noise=10), "JPEG", quality=80, progressive=True)
    webp_3 = encoded(picture(2000, 1500, noise=40), "WEBP", quality=90)
    webp_3_small = encoded(picture(2000, 1500), "WEBP", lossless=True)
    requests = [
        Request("PNG 7000×7000 (49 Mpx)", [("png", flat_png(7000, 7000))] * 10, accepted=False),
        Request("JPEG 8160×6120 (50 Mpx)", [("jpg", jpeg_50)] * 10, accepted=True),
        Request("JPEG 4000×3000 (12 Mpx, phone)", [("jpg", jpeg_12)] * 10, accepted=True),
        Request("PNG 4160×3120 (13 Mpx)", [("png", png_13)] * 3, accepted=True),
        Request("progressive JPEG 4160×3120 (13 Mpx)", [("jpg", progressive_13)] * 3, accepted=True),
        Request("WebP 2000×1500 (3 Mpx), lossy", [("webp", webp_3)] * 4, accepted=True),
        Request("WebP 2000×1500 (3 Mpx), lossless", [("webp", webp_3_small)] * 10, accepted=True),
    ]
    # As many as the proxy lets through.
    return [Request(r.label, fitting(r.files), r.accepted) for r in requests]


def fitting(files):
    kept, size = [], 0
    for extension, data in files:
        if size + len(data) > BODY_LIMIT_BYTES - 64 * 1024:
            break
        kept.append((extension, data))
        size += len(data)
    return kept


@dataclass(frozen=True)
class Measured:
    label: str
    photos: int
    body_mb: float
    expected: bool
    status: int
    seconds: float
    cpu_seconds: float
    worker_rest_mib: float
    worker_peak_mib: float


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for index, (extension, data) in enumerate(files):
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="foto-{index}.{extension}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def measure_photos(server, cookies, patrol_path):
    results = []
    for request in worst_requests():
        client = Client(server.port, cookies)
        try:
            form = parse_form(client.get(patrol_path).text)
            body, content_type = multipart(visit_report(form), request.files)
            server.clear_worker_peaks()
            rest = server.worker_peak_memory_mib()
            cpu = server.worker_cpu_seconds()
            response = client.request("POST", patrol_path, body=body, headers={"Content-Type": content_type})
            cpu = server.worker_cpu_seconds() - cpu
        finally:
            client.close()
        results.append(Measured(
            label=request.label,
            photos=len(request.files),
            body_mb=len(body) / 1e6,
            expected=request.accepted,
            status=response.status,
            seconds=response.seconds,
            cpu_seconds=cpu,
            worker_rest_mib=rest,
            worker_peak_mib=server.worker_peak_memory_mib(),
        ))
        print(f"{request.label}: {response.status} in {response.seconds:.2f} s ({cpu:.2f} s of CPU), worker peak "
              f"{results[-1].worker_peak_mib:.0f} MiB", flush=True)
    return results


def describe(results):
    if not results:
        return "The visit reports with the costliest photos were not measured (`--no-photos`)."
    rows = []
    for r in results:
        answer = {302: "saved", 200: "refused, form shown again"}.get(r.status, f"HTTP {r.status}")
        surprise = "" if (r.status == 302) == r.expected else " (unexpected)"
        rows.append([r.label, r.photos, f"{r.body_mb:.1f}", answer + surprise, f"{r.seconds:.2f}",
                     f"{r.cpu_seconds:.2f}", f"{r.worker_rest_mib:.0f}", f"{r.worker_peak_mib:.0f}"])
    accepted = [r for r in results if r.status == 302]
    worst = (
        f" the worst accepted request took {max(r.seconds for r in accepted):.2f} s "
        f"({max(r.cpu_seconds for r in accepted):.2f} s of the worker's CPU), and a worker's memory peaked at "
        f"{max(r.worker_peak_mib for r in accepted):.0f} MiB, "
        f"{max(r.worker_peak_mib - r.worker_rest_mib for r in accepted):.0f} MiB above the worker at rest."
        if accepted else ""
    )
    table = markdown_table(
        ["visit report posted", "photos", "body MB", "answer", "seconds", "CPU seconds", "worker at rest MiB",
         "worker peak MiB"],
        rows,
        numeric=(1, 2, 4, 5, 6, 7),
    )
    return (
        "Visit reports with the costliest photos the server accepts (`bench/photos.py`; bodies of at most 12 MB, as "
        f"the proxy in SECURITY.md allows; the workers' peak memory cleared before each):{worst}\n\n{table}"
    )
