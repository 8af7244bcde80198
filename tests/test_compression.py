"""config.compression: parts compressed apart make one gzip stream that any reader takes as the whole."""

import gzip
import zlib

import pytest

from config.compression import block, member


@pytest.mark.parametrize(
    "parts",
    [
        ["<p>satu</p>"],
        ["", "token", "", ""],
        ["Aspirasi warga · Polsek Sekongkang " * 400, "Iptu Lalu Hamdani", "ō" * 70_000, "7", "</html>"],
    ],
)
def test_the_parts_read_back_as_their_whole(parts):
    content = "".join(parts).encode()
    stream = member([block(part.encode()) for part in parts], content, 100)
    assert gzip.decompress(stream) == content
    reader = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    assert reader.decompress(stream) + reader.flush() == content and reader.eof and not reader.unused_data


def test_a_part_that_does_not_match_the_content_is_caught_by_the_checksum():
    stream = member([block(b"satu"), block(b"dua")], b"satutiga", None)
    with pytest.raises(gzip.BadGzipFile):
        gzip.decompress(stream)
