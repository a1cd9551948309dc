"""Searching responses for the confidential sweep's markers in every spelling (plain,
case-folded, JSON-escaped, percent-encoded, HTML references, base64) and packing (XLSX
members, PDF streams and the text a PDF shows)."""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
import urllib.parse
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from haven.web.tests.confidential_markers import Marker


def _forms(text: str) -> set[bytes]:
    """The ways ``text`` can be written into a response, lower-cased: plain, JSON-escaped
    (``\\u`` and four hex digits), percent-encoded, and as HTML character references."""
    forms = {
        text,
        json.dumps(text)[1:-1],
        urllib.parse.quote(text),
        urllib.parse.quote_plus(text),
        "".join(c if c.isascii() else f"&#{ord(c)};" for c in text),
        "".join(c if c.isascii() else f"&#x{ord(c):x};" for c in text),
    }
    return {form.lower().encode() for form in forms}


@dataclass(frozen=True)
class Needles:
    """Every written form of every marker, to search haystacks with."""

    forms: tuple[tuple[bytes, int], ...]  # (lower-cased form, index of the marker)

    @classmethod
    def of(cls, markers: list[Marker]) -> Needles:
        pairs = {
            (form, index)
            for index, marker in enumerate(markers)
            for text in (marker.text, *marker.spellings)
            for form in _forms(text)
        }
        return cls(tuple(sorted(pairs)))

    def find(self, haystack: bytes) -> set[int]:
        lowered = haystack.lower()
        return {index for form, index in self.forms if form in lowered}


BASE64_RUN = re.compile(rb"[A-Za-z0-9+/_-]{12,}={0,2}")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


CMAP_BLOCK = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.DOTALL)
HEX = re.compile(rb"<([0-9a-fA-F]*)>")
SHOWN = re.compile(rb"\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj")


def _cmap(stream: bytes) -> dict[int, str]:
    """A ToUnicode CMap: glyph code -> text."""
    table: dict[int, str] = {}
    for kind, block in CMAP_BLOCK.findall(stream):
        values = [bytes.fromhex(h.decode()) for h in HEX.findall(block)]
        step = 2 if kind == b"bfchar" else 3
        for i in range(0, len(values) - step + 1, step):
            first = int.from_bytes(values[i], "big")
            target = values[i + step - 1].decode("utf-16-be", errors="replace")
            last = first if step == 2 else int.from_bytes(values[i + 1], "big")
            for offset, code in enumerate(range(first, last + 1)):
                table[code] = target[:-1] + chr(ord(target[-1]) + offset) if target else ""
    return table


def pdf_text(streams: list[bytes]) -> Iterator[bytes]:
    """The text a PDF shows with embedded fonts (glyph codes), read through each of its
    ToUnicode maps in turn (a run decodes correctly with its own font's map)."""
    maps = [_cmap(s) for s in streams if b"begincmap" in s]
    runs = [
        b"".join(HEX.findall(array)) if array else single
        for s in streams
        for array, single in SHOWN.findall(s)
    ]
    for table in maps:
        lines = []
        for run in runs:
            codes = bytes.fromhex(run.decode()) if len(run) % 2 == 0 else b""
            lines.append(
                "".join(
                    table.get(int.from_bytes(codes[i : i + 2], "big"), "")
                    for i in range(0, len(codes), 2)
                )
            )
        yield "\n".join(lines).encode()


def _inflated(body: bytes) -> list[bytes]:
    streams = []
    for stream in PDF_STREAM.findall(body):
        try:
            streams.append(zlib.decompress(stream))
        except zlib.error:
            streams.append(stream)
    return streams


def _unpacked(body: bytes) -> Iterator[bytes]:
    """The members of a ZIP file (XLSX), the streams of a PDF and the text they show, and
    whatever runs of base64 (standard or URL-safe, from the run's start) decode to."""
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            for name in archive.namelist():
                yield archive.read(name)
    if body.startswith(b"%PDF"):
        streams = _inflated(body)
        yield from streams
        yield from pdf_text(streams)
    for run in BASE64_RUN.findall(body):
        text = run.rstrip(b"=").replace(b"-", b"+").replace(b"_", b"/")
        text = text[: len(text) - len(text) % 4] if len(text) % 4 == 1 else text
        try:
            yield base64.b64decode(text + b"=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            continue


def search(needles: Needles, body: bytes) -> set[int]:
    """Markers found in ``body`` or in what it packs."""
    return needles.find(body + b"\0" + b"\0".join(_unpacked(body)))
