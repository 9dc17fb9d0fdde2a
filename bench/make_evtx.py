#!/usr/bin/env python3
"""Builds large EVTX benchmark files of about N records from the shared corpus's EVTX chunks,
replicated with every FILETIME (record headers and FILETIME substitution values, which include
System/TimeCreated) shifted one day per replica, so records are distinct and the timeline grows
with N. Chunks are self-contained (names and templates are chunk-relative), so they are copied
whole; only their times and checksums change. Damaged chunks (bad checksums) are left out. The
corpus stays in ../shared; only the generated files (bench/data, git-ignored) hold copies.
The record count is written to DIR/RECORDS.

Usage: make_evtx.py --records N --out DIR [--corpora DIR] [--chunks-per-file K]"""
import argparse, glob, os, struct, sys, zlib

CHUNK = 65536
DAY = 864_000_000_000  # FILETIME ticks (100 ns) per day


def chunks_of(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"ElfFile\0":
        return
    for at in range(4096, len(data) - CHUNK + 1, CHUNK):
        chunk = data[at:at + CHUNK]
        if chunk[:8] != b"ElfChnk\0":
            continue
        free = struct.unpack_from("<I", chunk, 48)[0]
        if not 512 <= free <= CHUNK:
            continue
        header_ok = zlib.crc32(chunk[128:512], zlib.crc32(chunk[:120])) == struct.unpack_from("<I", chunk, 124)[0]
        records_ok = zlib.crc32(chunk[512:free]) == struct.unpack_from("<I", chunk, 52)[0]
        if header_ok and records_ok:
            yield chunk


def records(chunk):
    """Offsets and sizes of the records before the free-space offset."""
    free = struct.unpack_from("<I", chunk, 48)[0]
    pos = 512
    while pos + 28 <= free and chunk[pos:pos + 4] == b"\x2a\x2a\0\0":
        size = struct.unpack_from("<I", chunk, pos + 4)[0]
        if size < 28 or pos + size > free:
            break
        yield pos, size
        pos += size


def filetime_values(chunk, pos, size):
    """Offsets of the FILETIME (type 0x11) values of the record's template instance, when the
    record has the usual form: fragment header, then a template instance."""
    p, end = pos + 24, pos + size - 4
    if chunk[p:p + 4] != b"\x0f\x01\x01\x00" or chunk[p + 4] != 0x0c:
        return []
    definition = struct.unpack_from("<I", chunk, p + 10)[0]
    p += 14
    if definition == p:  # the definition is inline: skip it
        p += 24 + struct.unpack_from("<I", chunk, p + 20)[0]
    if p + 4 > end:
        return []
    count = struct.unpack_from("<I", chunk, p)[0]
    p += 4
    if p + 4 * count > end:
        return []
    descriptors = [struct.unpack_from("<HBx", chunk, p + 4 * i) for i in range(count)]
    p += 4 * count
    out = []
    for value_size, value_type in descriptors:
        if value_type == 0x11 and value_size == 8 and p + 8 <= end:
            out.append(p)
        p += value_size
    return out


def shifted(chunk, days):
    buf = bytearray(chunk)
    delta = days * DAY

    def shift(at):
        struct.pack_into("<Q", buf, at, (struct.unpack_from("<Q", buf, at)[0] + delta) % (1 << 64))

    for pos, size in records(chunk):
        shift(pos + 16)
        for at in filetime_values(chunk, pos, size):
            shift(at)
    free = struct.unpack_from("<I", buf, 48)[0]
    struct.pack_into("<I", buf, 52, zlib.crc32(buf[512:free]))
    struct.pack_into("<I", buf, 124, zlib.crc32(bytes(buf[128:512]), zlib.crc32(bytes(buf[:120]))))
    return bytes(buf)


def file_header(chunk_count):
    h = bytearray(4096)
    h[:8] = b"ElfFile\0"
    struct.pack_into("<QQQIHHHH", h, 8, 0, chunk_count - 1, 0, 128, 1, 3, 4096, chunk_count)
    struct.pack_into("<I", h, 124, zlib.crc32(bytes(h[:120])))
    return bytes(h)


def main():
    root = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--corpora", default=os.path.join(root, "..", "..", "shared", "corpora"))
    ap.add_argument("--chunks-per-file", type=int, default=1600)  # about 100 MB per file
    args = ap.parse_args()
    sources = sorted(glob.glob(os.path.join(args.corpora, "evtx", "**", "*.evtx"), recursive=True) +
                     glob.glob(os.path.join(args.corpora, "sigma-regression", "**", "*.evtx"), recursive=True))
    pool = [(c, sum(1 for _ in records(c))) for path in sources for c in chunks_of(path)]
    pool = [(c, n) for c, n in pool if n > 0]
    if not pool:
        sys.exit("no intact EVTX chunks under " + args.corpora)
    os.makedirs(args.out, exist_ok=True)
    total, day, written, files = 0, 0, [], 0
    out = None

    def close():
        nonlocal out
        if out is not None:
            out.seek(0)
            out.write(file_header(len(written)))
            out.close()
            out = None

    while total < args.records:
        for chunk, n in pool:
            if total >= args.records:
                break
            if out is None or len(written) == args.chunks_per_file:
                close()
                written = []
                out = open(os.path.join(args.out, f"bench-{files:03d}.evtx"), "wb")
                out.write(bytes(4096))
                files += 1
            out.write(shifted(chunk, day))
            written.append(n)
            total += n
        day += 1
    close()
    with open(os.path.join(args.out, "RECORDS"), "w") as f:
        f.write(f"{total}\n")
    print(f"{total} records in {files} file(s) under {args.out}, {day} replica(s) of {len(pool)} chunks")


if __name__ == "__main__":
    main()
