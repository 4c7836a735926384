#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# netns-pop.py PORT READY: a small population in the caller's network
# namespace, held until killed: a TCP listener on 127.0.0.1:PORT with one
# connection established to it (both ends), 5 bytes unread on the
# server's end, a UDP socket on 127.0.0.1:PORT+1, an abstract unix
# listener. Writes "ready" to READY once all are there.
import socket
import sys
import time

port = int(sys.argv[1])
lst = socket.socket()
lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lst.bind(("127.0.0.1", port))
lst.listen(8)
cli = socket.create_connection(("127.0.0.1", port))
srv, _ = lst.accept()
cli.sendall(b"12345")
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", port + 1))
unx = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
unx.bind("\0sockscope-snapns-%d" % port)
unx.listen(1)
with open(sys.argv[2], "w") as f:
    f.write("ready\n")
time.sleep(3600)
