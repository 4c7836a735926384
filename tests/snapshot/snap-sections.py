#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# snap-sections.py FILE: the sections of a snapshot file, one a line:
# TAG OFFSET PAYLOAD-LENGTH (the tag's blank shown as '_'). The layout
# is sockscope(8)'s: a 16-byte header, then 4-byte tag, u32 length,
# payload padded to 4.
import signal
import struct
import sys

signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # | grep -q

b = open(sys.argv[1], "rb").read()
off = 16
while off + 8 <= len(b):
    tag = b[off:off + 4].decode("ascii", "replace").replace(" ", "_")
    (n,) = struct.unpack("=I", b[off + 4:off + 8])
    print(tag, off, n)
    off += 8 + ((n + 3) & ~3)
