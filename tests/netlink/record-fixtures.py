#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Records the sock_diag replies in tests/fixtures/netlink/.

Run as root, in a network namespace of its own so that every socket in
the dumps is one this script opened (unix, packet and netlink sockets
belong to the namespace that created them):

    unshare -n python3 tests/netlink/record-fixtures.py tests/fixtures/netlink

Each NAME-dump.bin is every datagram of one dump, concatenated up to and
including NLMSG_DONE, exactly as received: one valid netlink stream. The
requests are the ones the collectors in netlink/ send, with every state
(as `-a` asks). The sockets each file holds are listed in README.md; the
tests in tests/netlink/ check them.
"""
import fcntl
import os
import socket
import struct
import sys

NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
STATES_ALL = 0xffe  # SOCK_STATES_ALL: every TCP state but 0

FIXDIR = "/tmp/sockscope-fixture"
keep = []  # sockets stay open until the dumps are recorded


def dump(payload, name, outdir):
    """Sends one dump request and writes the raw replies to NAME-dump.bin."""
    nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG)
    nl.bind((0, 0))
    hdr = struct.pack("=IHHII", 16 + len(payload), SOCK_DIAG_BY_FAMILY,
                      NLM_F_REQUEST | NLM_F_DUMP, 4242, 0)
    nl.send(hdr + payload)
    stream, msgs, done = b"", 0, False
    while not done:
        d = nl.recv(32768)
        stream += d
        off = 0
        while off < len(d):
            ln, ty = struct.unpack_from("=IH", d, off)
            if ty == NLMSG_ERROR:
                err = struct.unpack_from("=i", d, off + 16)[0]
                sys.exit(f"{name}: kernel error {err}")
            if ty == NLMSG_DONE:
                done = True
            else:
                msgs += 1
            off += (ln + 3) & ~3
    nl.close()
    with open(os.path.join(outdir, f"{name}-dump.bin"), "wb") as f:
        f.write(stream)
    print(f"{name}-dump.bin: {msgs} sockets, {len(stream)} bytes")


def lo_up():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ifr = fcntl.ioctl(s, 0x8913, struct.pack("16sH14x", b"lo", 0))  # GIFFLAGS
    flags = struct.unpack_from("16sH", ifr)[1] | 1  # IFF_UP
    fcntl.ioctl(s, 0x8914, struct.pack("16sH14x", b"lo", flags))  # SIFFLAGS
    s.close()


def unix_sockets():
    os.makedirs(FIXDIR, exist_ok=True)
    os.chmod(FIXDIR, 0o1777)  # uid 4242 binds in it below
    for f in ("stream.sock", "dgram.sock"):
        if os.path.exists(os.path.join(FIXDIR, f)):
            os.unlink(os.path.join(FIXDIR, f))
    # A path listener with one connection it has not accepted.
    lst = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    lst.bind(FIXDIR + "/stream.sock")
    lst.listen(7)
    cli = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    cli.connect(FIXDIR + "/stream.sock")
    # An abstract listener whose name holds a NUL of its own.
    abst = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    abst.bind(b"\0sockscope\0fx")
    abst.listen(3)
    # A seqpacket pair, 5 bytes waiting in the second.
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    a.send(b"hello")
    # A bound datagram socket owned by uid 4242, and an unbound one
    # connected to it that sent it 3 bytes.
    os.seteuid(4242)
    try:
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        srv.bind(FIXDIR + "/dgram.sock")
    finally:
        os.seteuid(0)
    snd = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    snd.connect(FIXDIR + "/dgram.sock")
    snd.send(b"abc")
    keep.extend([lst, cli, abst, a, b, srv, snd])


def packet_sockets():
    # Everything on lo, then a datagram over it so the sockets that
    # listen hold something in their receive queue.
    raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    raw.bind(("lo", 3))  # ETH_P_ALL
    dgr = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                        socket.htons(0x0800))  # ETH_P_IP, unbound
    mute = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.sendto(b"x" * 10, ("127.0.0.1", 9))
    keep.extend([raw, dgr, mute, u])


def netlink_sockets():
    nl_route = 0
    a = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, nl_route)
    a.bind((4242, 0x11))  # RTMGRP_LINK | RTMGRP_IPV4_IFADDR
    b = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, nl_route)
    b.bind((4343, 0))
    b.connect((4242, 0))
    b.send(struct.pack("=IHHII", 16, 0x10, 0, 1, 4343))  # queued at 4242
    # Groups 1 and 33: only the first 32 fit the record.
    c = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, nl_route)
    c.bind((4444, 0))
    for g in (1, 33):
        c.setsockopt(270, 1, g)  # SOL_NETLINK, NETLINK_ADD_MEMBERSHIP
    keep.extend([a, b, c])


def mptcp_sockets():
    lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind(("127.0.0.1", 4250))
    lst.listen(5)
    cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
    cli.connect(("127.0.0.1", 4250))
    srv, _ = lst.accept()
    keep.extend([lst, cli, srv])


def main():
    outdir = sys.argv[1]
    lo_up()
    unix_sockets()
    packet_sockets()
    netlink_sockets()
    mptcp_sockets()
    # unix: NAME|VFS|PEER|RQLEN|UID, as nl-unix.c asks
    dump(struct.pack("=BBHIIIII", socket.AF_UNIX, 0, 0, STATES_ALL, 0,
                     0x57, 0, 0), "unix", outdir)
    # packet: INFO|MEMINFO
    dump(struct.pack("=BBHIIII", socket.AF_PACKET, 0, 0, 0, 0x11, 0, 0),
         "packet", outdir)
    # netlink: every protocol, GROUPS|MEMINFO
    dump(struct.pack("=BBHIIII", socket.AF_NETLINK, 255, 0, 0, 3, 0, 0),
         "netlink", outdir)
    # mptcp: inet_diag_req_v2, protocol 0 plus INET_DIAG_REQ_PROTOCOL 262
    dump(struct.pack("=BBBxI", socket.AF_INET, 0, 0, STATES_ALL) +
         bytes(48) + struct.pack("=HHI", 8, 3, 262), "mptcp", outdir)


main()
