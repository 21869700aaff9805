#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-screenshots.py: every screenshot the metainfo names is a PNG in data/screenshots/, under
# the raw-file URL of this repository, so software centres show what the tree ships.
# TAP output; usage: check-screenshots.py METAINFO_IN SCREENSHOTS_DIR

import os
import struct
import sys
import xml.etree.ElementTree as ET

URL_PREFIX = "https://raw.githubusercontent.com/runnel/runnel/main/data/screenshots/"


def png_size(path):
    """(width, height) of a PNG file, or None when it is not one."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    metainfo, directory = sys.argv[1:3]
    images = [image.text.strip() for image in ET.parse(metainfo).getroot().iter("image")]

    if not os.path.isdir(directory):
        print("1..0 # SKIP %s does not exist yet" % directory)
        return 0

    print("1..%d" % len(images))
    failed = 0
    for n, url in enumerate(images, 1):
        name = url[len(URL_PREFIX):] if url.startswith(URL_PREFIX) else None
        path = os.path.join(directory, name) if name else None
        size = png_size(path) if path and os.path.isfile(path) else None
        if size is None:
            failed += 1
            print("not ok %d - %s\n# expected a PNG at %s, under %s" % (n, url, path, URL_PREFIX))
        else:
            print("ok %d - %s is a %dx%d PNG" % (n, name, size[0], size[1]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
