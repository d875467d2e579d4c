"""Hostile and careless inputs, built in code when a test asks for them (none is committed as a file)."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib

from tests import import_fixtures as fx

HEADER = "indicator;area;period;value;numerator;denominator\n"


def counts_csv(*rows: str) -> bytes:
    """A semicolon CSV with indicator, area, period, value, numerator and denominator columns."""
    return fx.csv_bytes(HEADER + "".join(row + "\n" for row in rows))


def formula_workbook() -> bytes:
    """A workbook written by a program that does not calculate: the formulas have no saved result."""
    header = ["Område", "År", "Teller", "Nevner"]
    return fx.excel_bytes([header, [fx.LADEMOEN, 2024, "=400+20", 1200], [fx.TEMPE, 2024, 380, "=1000+100"]])


def wide_workbook() -> bytes:
    """A sheet whose header row has a note in column 5,000."""
    return fx.excel_bytes([[*fx.GOOD_EXCEL_ROWS[0], *[None] * 4995, "merknad"], *fx.GOOD_EXCEL_ROWS[1:]])


def with_member(workbook: bytes, name: str, change) -> bytes:
    """The workbook with one member's text changed by ``change``."""
    source, buffer = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, change(data.decode()).encode() if info.filename == name else data)
    return buffer.getvalue()


def jsonstat(size: list[int], value, status=None, extra: dict | None = None) -> bytes:
    """A JSON-stat dataset of Region × Tid with ``size`` categories (of the declared size) and ``value``."""
    regions = [fx.LADEMOEN, fx.TEMPE] + [f"R{i}" for i in range(size[0] - 2)]
    years = [str(2020 + i) if i < 6 else f"Y{i}" for i in range(size[1])]
    document = {
        "version": "2.0",
        "class": "dataset",
        "id": ["Region", "Tid"],
        "size": size,
        "dimension": {
            "Region": {"category": {"index": {r: i for i, r in enumerate(regions)}}},
            "Tid": {"category": {"index": {y: i for i, y in enumerate(years)}}},
        },
        "value": value,
        **({"status": status} if status is not None else {}),
        **(extra or {}),
    }
    return json.dumps(document).encode()


def huge_cube() -> bytes:
    """A 15 KB dataset declaring 465³ ≈ 100 million cells."""
    dims = ["A", "B", "C"]
    document = {
        "version": "2.0",
        "class": "dataset",
        "id": dims,
        "size": [465, 465, 465],
        "dimension": {d: {"category": {"index": [f"{d}{i}" for i in range(465)]}} for d in dims},
        "value": [],
    }
    return json.dumps(document).encode()


def deep_json(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


def wide_header(columns: int = 1_000_000) -> bytes:
    return (";".join(f"k{i}" for i in range(columns)) + "\n" + ";".join("1" for _ in range(columns)) + "\n").encode()


def unknown_areas(megabytes: int = 200) -> bytes:
    """A CSV of ``megabytes`` MB whose every row names an area the monitor does not know."""
    line = b"population;9999%06d;2023;1000\n"
    header = b"indicator;area;period;value\n"
    block = b"".join(line % i for i in range(100_000))
    return header + block * (megabytes * 1_000_000 // len(block) + 1)


def repeated_rows(count: int = 50_000) -> bytes:
    return fx.csv_bytes("indicator;area;period;value\n" + f"population;{fx.OSTBYEN};2023;1000\n" * count)


def too_many_cells() -> bytes:
    """About 11 million cells: 1,000 columns by 11,000 rows (22 MB)."""
    names = ["indicator", "area", "period", "value"] + [f"x{i}" for i in range(996)]
    row = f"population;{fx.OSTBYEN};2023;1000;" + ";".join("0" for _ in range(996)) + "\n"
    return (";".join(names) + "\n" + row * 11_000).encode()


def zip_bomb(members: int = 30, member_mib: int = 100, name: str = "grenser/bomb{}.dbf") -> bytes:
    """An archive of ``members`` members, each unpacking to ``member_mib`` MiB of zeros (30 × 100 MiB:
    3 MB packed, 3 GiB unpacked). The packed data is made once and written for every member."""
    size = member_mib << 20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1 << 20)
    packed = b"".join(packer.compress(chunk) for _ in range(member_mib)) + packer.flush()
    crc = 0
    for _ in range(member_mib):
        crc = zlib.crc32(chunk, crc)
    return _zip([(name.format(i), packed, crc, size) for i in range(members)])


def many_members(count: int = 5_000) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(count):
            archive.writestr(f"grenser/del{i}.txt", b"")
    return buffer.getvalue()


def workbook_bomb() -> bytes:
    """A real workbook with a 600 MiB member added (6 × 100 MiB of zeros)."""
    workbook = zipfile.ZipFile(io.BytesIO(fx.excel_bytes(fx.GOOD_EXCEL_ROWS)))
    parts = [(i.filename, workbook.read(i.filename)) for i in workbook.infolist()]
    stored = [(name, zlib.compress(data, 9)[2:-4], zlib.crc32(data), len(data)) for name, data in parts]
    bomb = zipfile.ZipFile(io.BytesIO(zip_bomb(6, 100, "xl/media/image{}.bin")))
    raw = [(i.filename, _raw_member(bomb, i), i.CRC, i.file_size) for i in bomb.infolist()]
    return _zip(stored + raw)


def _raw_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    data = archive.fp.getvalue()
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    return data[start : start + info.compress_size]


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive of already deflated members: (name, deflated bytes, CRC-32, unpacked size)."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, packed, crc, size in members:
        encoded, offset = name.encode(), out.tell()
        fields = (20, 0, 8, 0, 0, crc, len(packed), size, len(encoded), 0)
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields) + encoded + packed)
        central = (20, 20, 0, 8, 0, 0, crc, len(packed), size, len(encoded), 0, 0, 0, 0, 0, offset)
        directory.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", *central) + encoded)
    start, table = out.tell(), directory.getvalue()
    out.write(table)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(table), start, 0))
    return out.getvalue()


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (the container of encrypted Office files and of old .xls) holding
    ``streams``, each padded with zeros to at least 4,096 bytes so that it lives in ordinary sectors."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    bodies = [body.ljust(max(4096, -(-len(body) // 512) * 512), b"\0") for body in streams.values()]
    fat, data, next_sector = [fat_sector, end], b"", 2
    starts = []
    for body in bodies:
        count = len(body) // 512
        starts.append(next_sector)
        fat += [next_sector + i + 1 for i in range(count - 1)] + [end]
        next_sector += count
        data += body
    assert len(fat) <= 128, "one FAT sector is enough for these small files"
    fat_bytes = struct.pack("<128I", *(fat + [free] * (128 - len(fat))))
    entries = [_entry("Root Entry", 5, child=1, start=end, size=0)]
    for i, (name, start, body) in enumerate(zip(streams, starts, bodies, strict=True)):
        right = i + 2 if i + 1 < len(streams) else no_stream
        entries.append(_entry(name, 2, right=right, start=start, size=len(body)))
    directory = b"".join(entries).ljust(512, b"\0")
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        bytes(16),
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        1,
        1,
        0,
        4096,
        end,
        0,
        end,
        0,
        0,
    )
    header += struct.pack("<108I", *([free] * 108))
    return header + fat_bytes + directory + data


def _entry(name: str, kind: int, right: int = 0xFFFFFFFF, child: int = 0xFFFFFFFF, start: int = 0, size: int = 0):
    encoded = (name + "\0").encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded.ljust(64, b"\0"),
        len(encoded),
        kind,
        1,
        0xFFFFFFFF,
        right,
        child,
        bytes(16),
        0,
        0,
        0,
        start,
        size,
    )


def encrypted_workbook() -> bytes:
    """What Excel saves when a password is set: an OLE file with EncryptionInfo and EncryptedPackage."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    return ole_file({"EncryptionInfo": info, "EncryptedPackage": struct.pack("<Q", 8192) + bytes(8192)})


def old_workbook() -> bytes:
    return ole_file({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00" + bytes(100)})


def header_only() -> bytes:
    return fx.csv_bytes("omrade;aar;teller;nevner;andel\n")


def utf16_without_bom() -> bytes:
    return fx.GOOD_SEMICOLON.encode("utf-16-le")
