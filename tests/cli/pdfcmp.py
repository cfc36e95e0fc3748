#!/usr/bin/env python3
"""Compares a page rendered by `pdftoppm -gray` (binary PGM, P5) with a stored
reference (the same, gzip-compressed) within a tolerance, so a layout
regression fails the test while anti-aliasing noise does not.

usage: pdfcmp.py ACTUAL.pgm REFERENCE.pgm.gz   (exit 0 when alike)
       pdfcmp.py --store ACTUAL.pgm REFERENCE.pgm.gz
Alike: the same size, and at most 2% of the pixels differ by more than a
quarter of the grey scale."""
import gzip
import sys

TOLERANCE = 0.02


def read_pgm(data):
    # P5 <w> <h> <max> then one byte a pixel; comments are not written by pdftoppm
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b"P5" or int(fields[3]) > 255:
        raise ValueError("not an 8-bit binary PGM")
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h]


def main(argv):
    if argv[1:2] == ["--store"]:
        with open(argv[2], "rb") as f, gzip.open(argv[3], "wb", 9) as g:
            g.write(f.read())
        return 0
    with open(argv[1], "rb") as f:
        aw, ah, a = read_pgm(f.read())
    with gzip.open(argv[2], "rb") as f:
        rw, rh, r = read_pgm(f.read())
    if (aw, ah) != (rw, rh):
        print("size %dx%d, reference %dx%d" % (aw, ah, rw, rh))
        return 1
    differ = sum(1 for x, y in zip(a, r) if abs(x - y) > 64)
    share = differ / float(aw * ah)
    print("%d of %d pixels differ (%.2f%%, tolerance %.0f%%)" %
          (differ, aw * ah, 100 * share, 100 * TOLERANCE))
    return 0 if share <= TOLERANCE else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
