#!/usr/bin/env python3
# Makes a network namespace that only a socket keeps alive: unshare(2)
# into a new one, listen there on 127.0.0.1:PORT, setns(2) back. Prints
# the namespace's inode, then holds the socket until stdin closes.
import ctypes, os, socket, subprocess, sys

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)
orig = os.open('/proc/self/ns/net', os.O_RDONLY)
if libc.unshare(CLONE_NEWNET) != 0:
    sys.exit('unshare: ' + os.strerror(ctypes.get_errno()))
subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
ino = os.stat('/proc/self/ns/net').st_ino
s = socket.socket()
s.bind(('127.0.0.1', int(sys.argv[1])))
s.listen()
if libc.setns(orig, CLONE_NEWNET) != 0:
    sys.exit('setns: ' + os.strerror(ctypes.get_errno()))
print(ino, flush=True)
sys.stdin.read()
