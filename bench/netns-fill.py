#!/usr/bin/env python3
# netns-fill.py PREFIX COUNT PER: in each /run/netns/PREFIXi (i < COUNT),
# PER TCP sockets on 127.0.0.1: two listeners and (PER - 2) / 2
# connected pairs, all held by this one process (setns, then back).
# Prints "ready N" and holds them until stdin closes.
import ctypes, os, socket, subprocess, sys

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)
prefix, count, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
orig = os.open('/proc/self/ns/net', os.O_RDONLY)
held = []
for i in range(count):
    fd = os.open('/run/netns/%s%d' % (prefix, i), os.O_RDONLY)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        sys.exit('setns: ' + os.strerror(ctypes.get_errno()))
    os.close(fd)
    subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
    ls = []
    for port in (5000, 5001):
        s = socket.socket()
        s.bind(('127.0.0.1', port))
        s.listen(64)
        ls.append(s)
    held += ls
    for k in range((per - 2) // 2):
        c = socket.create_connection(('127.0.0.1', 5000))
        a, _ = ls[0].accept()
        held += [c, a]
    libc.setns(orig, CLONE_NEWNET)
print('ready', len(held), flush=True)
sys.stdin.read()
