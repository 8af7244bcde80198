"""gzip answers put together from parts compressed apart: a kept page's fixed parts are compressed once, and
only what each request fills in is compressed with it (patrols.cache.page, config.middleware).

Each part is compressed as raw deflate and flushed with Z_FULL_FLUSH: its blocks end on a byte boundary, the
stream is left open and nothing after it refers back into it, so parts compressed apart follow one another in
one gzip stream. That is how pigz compresses a file on several cores. A secret in a part of its own (the CSRF
token) shares no dictionary with what the request reflects (its path): BREACH has nothing to match it against.
"""

import gzip
import secrets
import struct
import zlib

LEVEL = 6  # As Django's GZipMiddleware.


def block(data):
    """`data` (bytes) as raw deflate blocks that any other such blocks may follow."""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)


# An empty last block: it closes the stream the parts' blocks left open.
LAST_BLOCK = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS).flush(zlib.Z_FINISH)


def member(blocks, content, max_random_bytes):
    """One gzip member of `blocks`, the compressed parts of `content` in order.

    As Django's compress_string, the header names a file of 0 to `max_random_bytes` - 1 random letters, so that
    an answer's length does not tell what it holds (BREACH).
    """
    name = b"a" * secrets.randbelow(max_random_bytes) if max_random_bytes else b""
    # Magic, deflate, FNAME when named, no modification time, no extra flags, unknown system.
    header = b"\x1f\x8b\x08" + bytes([gzip.FNAME if name else 0]) + b"\x00\x00\x00\x00\x00\xff"
    if name:
        header += name + b"\x00"
    trailer = struct.pack("<II", zlib.crc32(content), len(content) & 0xFFFFFFFF)
    return b"".join([header, *blocks, LAST_BLOCK, trailer])
