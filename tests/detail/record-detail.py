#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Records the sock_diag replies of -e -o -m -i in tests/fixtures/netlink/.

Run as root, in a network namespace of its own:

    unshare -n python3 tests/detail/record-detail.py tests/fixtures/netlink

Writes detail-tcp-dump.bin, detail-unix-dump.bin and detail-packet-dump.bin:
each every datagram of one dump, up to and including NLMSG_DONE, as the
kernel sent it. The requests ask for every state and every extension the
options bring (idiag_ext 0xff; UDIAG_SHOW_* and PACKET_SHOW_* all but the
filters). The sockets are listed in tests/fixtures/netlink/README.md; the
tests in tests/detail/ check them. A copy of each, behind the byte that
picks its parser, seeds tests/fuzz/corpus/netlink/.
"""
import os
import socket
import struct
import sys

NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
SO_MARK = 36
TCP_ULP_MPTCP = 262  # IPPROTO_MPTCP
SOL_PACKET, PACKET_RX_RING, PACKET_FANOUT = 263, 5, 18
keep = []


def dump(payload):
    nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG)
    nl.bind((0, 0))
    hdr = struct.pack("=IHHII", 16 + len(payload), SOCK_DIAG_BY_FAMILY,
                      NLM_F_REQUEST | NLM_F_DUMP, 4242, 0)
    nl.send(hdr + payload)
    stream = b""
    while True:
        data = nl.recv(1 << 16)
        stream += data
        off = 0
        while off < len(data):
            length, kind = struct.unpack_from("=IH", data, off)
            if kind == NLMSG_ERROR:
                sys.exit("the kernel refused the dump")
            if kind == NLMSG_DONE:
                return stream
            off += (length + 3) & ~3


def tcp_sockets():
    lst = socket.socket()
    lst.bind(("127.0.0.1", 5000))
    lst.listen(7)
    cli = socket.socket()  # keepalive, marked, 1000 bytes sent unread
    cli.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    cli.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 600)
    cli.setsockopt(socket.SOL_SOCKET, SO_MARK, 0x42)
    cli.connect(("127.0.0.1", 5000))
    srv, _ = lst.accept()
    cli.send(b"x" * 1000)
    cub = socket.socket()  # another congestion control
    cub.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, b"cubic")
    cub.connect(("127.0.0.1", 5000))
    cub_srv, _ = lst.accept()
    half = socket.socket()  # we stopped sending
    half.connect(("127.0.0.1", 5000))
    half_srv, _ = lst.accept()
    half.shutdown(socket.SHUT_WR)
    tw = socket.socket()  # leaves a TIME-WAIT socket
    tw.connect(("127.0.0.1", 5000))
    tw_srv, _ = lst.accept()
    tw.close()
    tw_srv.close()
    keep.extend([lst, cli, srv, cub, cub_srv, half, half_srv])
    # MPTCP: its TCP subflows carry the "mptcp" ULP.
    mlst = socket.socket(socket.AF_INET, socket.SOCK_STREAM, TCP_ULP_MPTCP)
    mlst.bind(("127.0.0.1", 6000))
    mlst.listen(4)
    mcli = socket.socket(socket.AF_INET, socket.SOCK_STREAM, TCP_ULP_MPTCP)
    mcli.connect(("127.0.0.1", 6000))
    msrv, _ = mlst.accept()
    keep.extend([mlst, mcli, msrv])


def unix_sockets():
    lst = socket.socket(socket.AF_UNIX)
    lst.bind("\0sockscope-detail")
    lst.listen(3)
    cli = socket.socket(socket.AF_UNIX)  # never accepted
    cli.connect("\0sockscope-detail")
    cli.send(b"y" * 100)
    keep.extend([lst, cli])


def packet_sockets():
    raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                        socket.htons(0x88b5))
    raw.setsockopt(SOL_PACKET, PACKET_FANOUT, 1)  # id 1, hash
    dgr = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                        socket.htons(0x88b6))
    dgr.setsockopt(SOL_PACKET, PACKET_RX_RING,
                   struct.pack("IIII", 4096, 4, 2048, 8))
    keep.extend([raw, dgr])


def main():
    outdir = sys.argv[1]
    os.system("ip link set lo up")
    tcp_sockets()
    unix_sockets()
    packet_sockets()
    # inet_diag_req_v2: family, protocol, ext, pad, states, id (48 bytes)
    tcp = struct.pack("=BBBBI", socket.AF_INET, socket.IPPROTO_TCP, 0xff,
                      0, 0xffe) + bytes(48)
    # unix_diag_req: family, protocol, pad, states, ino, show, cookie[2];
    # show: NAME VFS PEER ICONS RQLEN MEMINFO UID
    unix = struct.pack("=BBHIIIII", socket.AF_UNIX, 0, 0, 0xffe, 0, 0x7f,
                       0xffffffff, 0xffffffff)
    # packet_diag_req: family, protocol, pad, ino, show, cookie[2];
    # show: INFO RING_CFG FANOUT MEMINFO
    packet = struct.pack("=BBHIIII", socket.AF_PACKET, 0, 0, 0,
                         0x1 | 0x4 | 0x8 | 0x10, 0xffffffff, 0xffffffff)
    for name, payload in (("tcp", tcp), ("unix", unix), ("packet", packet)):
        with open(f"{outdir}/detail-{name}-dump.bin", "wb") as f:
            f.write(dump(payload))


main()
