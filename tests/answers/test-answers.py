#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
--port, the bare endpoint, --sort, --count-by and --columns, live.

The script runs itself again in a private network namespace (unshare -n),
opens a fixed population there (TCP listeners and connections, UDP, raw,
unix), holds it still, and checks sockscope's answers against what the
test itself computes from sockscope's plain output:

  --port N       the same sockets as -a -p '( sport = :N or dport = :N )'
                 over every inet table, owners present, exit 1 for a port
                 nothing uses;
  :N, A:N        the same sockets as '( src X or dst X )';
  --sort KEYS    -j, --ndjson and the table in the order Python's stable
                 sort gives the -j sockets (ties in the unsorted order);
  --count-by     the counts Python counts over -j, largest first, ties in
                 the order first seen;
  --columns      the chosen cells in the chosen order; unknown names exit
                 2 naming the valid ones.

Exit: 0 pass, 1 a failure, 77 no namespace could be made.
"""
import collections
import functools
import ipaddress
import json
import os
import socket
import subprocess
import sys

MARK = "SOCKSCOPE_ANSWERS_INNER"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def run(sockscope, *args, code=0):
    p = subprocess.run([sockscope, *args], capture_output=True, text=True)
    check(p.returncode == code,
          f"{' '.join(args)}: exit {p.returncode}, wanted {code}: {p.stderr}")
    return p.stdout


def sockets_json(sockscope, *args):
    return json.loads(run(sockscope, "-j", *args))["sockets"]


def ident(s):
    """A socket, without what may move between two runs."""
    return (s["netid"], s.get("local_address"), s.get("local_port"),
            s.get("peer_address"), s.get("peer_port"), s["inode"])


def population():
    """Sockets held open for the whole test; returns them."""
    held = []
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)

    def tcp_listen(fam, addr, port):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr, port))
        s.listen(16)
        held.append(s)
        return s

    def connect(fam, addr, port, server):
        c = socket.socket(fam, socket.SOCK_STREAM)
        c.connect((addr, port))
        a, _ = server.accept()
        held.extend([c, a])
        return c, a

    def udp(fam, addr, port):
        s = socket.socket(fam, socket.SOCK_DGRAM)
        s.bind((addr, port))
        held.append(s)
        return s

    l4 = tcp_listen(socket.AF_INET, "127.0.0.1", 8080)
    l6 = tcp_listen(socket.AF_INET6, "::1", 8080)
    l7 = tcp_listen(socket.AF_INET, "127.0.0.2", 7070)
    for _ in range(3):
        connect(socket.AF_INET, "127.0.0.1", 8080, l4)
    connect(socket.AF_INET6, "::1", 8080, l6)
    c, _ = connect(socket.AF_INET, "127.0.0.2", 7070, l7)
    c.send(b"x" * 1000)  # a non-zero queue somewhere
    udp(socket.AF_INET, "127.0.0.1", 8080)
    udp(socket.AF_INET6, "::1", 5353)
    udp(socket.AF_INET, "0.0.0.0", 5353)
    held.append(socket.socket(socket.AF_INET, socket.SOCK_RAW,
                              socket.IPPROTO_ICMP))
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    held.extend([a, b])
    u = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    u.bind("\0sockscope-answers")
    held.append(u)
    return held


def test_port(ss):
    me = os.getpid()
    inet = "tcp,udp,raw,sctp,mptcp"
    for ports in ("8080", "7070", "8080,7070", "5353"):
        expr = " or ".join(f"sport = :{p} or dport = :{p}"
                           for p in ports.split(","))
        got = sockets_json(ss, "--port", ports)
        want = sockets_json(ss, "-a", "-p", "-A", inet, f"( {expr} )")
        check(sorted(map(ident, got)) == sorted(map(ident, want)),
              f"--port {ports}: sockets differ from the filter's")
        check(len(got) >= 2, f"--port {ports}: found {len(got)} sockets")
        for s in got:
            procs = s.get("processes", [])
            check(any(p["pid"] == me for p in procs),
                  f"--port {ports}: no owner in {s}")
        table = run(ss, "--port", ports)
        check("users:((" in table, f"--port {ports}: no owners in the table")
    run(ss, "--port", "9", code=1)
    run(ss, "--port", "9,10", "-j", code=1)
    # Raw has a "port" where ss shows one: its protocol.
    got = sockets_json(ss, "--port", "1")
    check(any(s["netid"] == "raw" for s in got), "--port 1: no raw socket")
    run(ss, "--port", "70000", code=2)
    run(ss, "--port", "80", "-s", code=2)


def test_endpoint(ss):
    for ep, expr in ((":8080", "sport = :8080 or dport = :8080"),
                     ("127.0.0.1:8080",
                      "src 127.0.0.1:8080 or dst 127.0.0.1:8080"),
                     ("[::1]:8080", "src [::1]:8080 or dst [::1]:8080")):
        got = sockets_json(ss, "-a", ep)
        want = sockets_json(ss, "-a", f"( {expr} )")
        check(len(got) >= 2 and
              sorted(map(ident, got)) == sorted(map(ident, want)),
              f"endpoint {ep}: {len(got)} sockets, differ from '{expr}'")


def key_value(s, key):
    if key in ("pid", "comm"):
        procs = s.get("processes") or []
        return procs[0].get(key) if procs else None
    return s.get(key)


def cmp_values(key, a, b):
    if a is None or b is None:
        return (a is None) - (b is None)
    if key.endswith("_address"):
        a = ipaddress.ip_address(a)
        b = ipaddress.ip_address(b)
        a, b = (a.version, a.packed), (b.version, b.packed)
    elif isinstance(a, str):
        a, b = a.encode(), b.encode()
    return (a > b) - (a < b)


def python_sort(socks, spec):
    keys = [(k.lstrip("-"), k.startswith("-")) for k in spec.split(",")]

    def cmp(x, y):
        for key, desc in keys:
            a, b = key_value(x, key), key_value(y, key)
            r = cmp_values(key, a, b)
            if r and desc and a is not None and b is not None:
                r = -r
            if r:
                return r
        return 0
    return sorted(socks, key=functools.cmp_to_key(cmp))


def still(o):
    """@o without what moves between two runs: times since the last
    packet, the timer's countdown."""
    if isinstance(o, dict):
        return {k: still(v) for k, v in o.items()
                if not k.startswith("last_") and k != "timer"}
    if isinstance(o, list):
        return [still(v) for v in o]
    return o


def test_sort(ss):
    sel = ["-a", "-A", "inet,unix", "-n"]
    base = sockets_json(ss, *sel)
    for spec in ("local_port", "-local_port", "state", "-recv_q,state",
                 "local_address,local_port", "-peer_address", "netid,-inode",
                 "send_q", "family,peer_port", "uid"):
        want = python_sort(base, spec)
        got = sockets_json(ss, *sel, "--sort", spec)
        check(got == want, f"--sort {spec}: -j order differs")
        nd = [json.loads(l) for l in
              run(ss, *sel, "--ndjson", "--sort", spec).splitlines()]
        for o in nd:
            o.pop("schema_version", None)
        check(nd == want, f"--sort {spec}: --ndjson order differs")
        # The table: inode is the one column unique per socket.
    # With the details, which --sort holds packed with their bytes.
    base_d = still(sockets_json(ss, *sel, "-e", "-i", "-m"))
    got = still(sockets_json(ss, *sel, "-e", "-i", "-m", "--sort",
                             "-cookie"))
    check(got == python_sort(base_d, "-cookie"), "--sort -cookie -e -i -m")
    base_p = sockets_json(ss, *sel, "-p")
    for spec in ("pid,inode", "comm,-local_port"):
        got = sockets_json(ss, *sel, "-p", "--sort", spec)
        check(got == python_sort(base_p, spec), f"--sort {spec} -p differs")
    # Ties keep the unsorted order: many sockets share a state.
    want = python_sort(base, "state")
    check(len({s["state"] for s in want}) < len(want), "no tie to test")
    # The table, in the same order: local ports of inet sockets.
    inet = [s for s in python_sort(base, "-local_port,inode")
            if "local_port" in s]
    rows = run(ss, "-a", "-A", "inet", "-n", "-H", "--sort",
               "-local_port,inode", "--columns", "local_port").split()
    check(rows == [str(s["local_port"]) for s in inet],
          f"--sort table order differs: {rows}")
    run(ss, "--sort", "bogus", code=2)
    run(ss, "--sort", "pid", code=2)  # needs -p


def test_count(ss):
    sel = ["-a", "-A", "inet,unix", "-n"]
    base = sockets_json(ss, *sel)
    for spec in ("state", "netid,state", "local_port", "family,peer_address"):
        keys = spec.split(",")
        counts = collections.Counter()
        first = {}
        for i, s in enumerate(base):
            t = tuple(key_value(s, k) for k in keys)
            counts[t] += 1
            first.setdefault(t, i)
        want = []
        for t in sorted(counts, key=lambda t: (-counts[t], first[t])):
            row = {k: v for k, v in zip(keys, t) if v is not None}
            row["count"] = counts[t]
            want.append(row)
        doc = json.loads(run(ss, *sel, "-j", "--count-by", spec))
        check(doc.get("schema_version") == 1 and doc.get("counts") == want,
              f"--count-by {spec}: {doc} != {want}")
        rows = run(ss, *sel, "--count-by", spec).splitlines()
        check(rows[0].split() == keys + ["count"],
              f"--count-by {spec}: table header {rows[0]}")
        check([int(r.split()[-1]) for r in rows[1:]] ==
              [w["count"] for w in want], f"--count-by {spec}: table counts")
    run(ss, "--count-by", "state", "--ndjson", code=2)


def test_columns(ss):
    sel = ["-a", "-A", "inet", "-n", "-H"]
    base = sockets_json(ss, "-a", "-A", "inet", "-n")
    rows = [r.split() for r in
            run(ss, *sel, "--columns", "local_port,netid,State").splitlines()]
    want = [[str(s["local_port"]), s["netid"], None] for s in base]
    check([r[:2] for r in rows] == [w[:2] for w in want],
          "--columns local_port,netid,State: cells differ")
    out = run(ss, "-a", "-A", "inet", "-n", "--columns",
              "Recv-Q,local_address,local_port").splitlines()
    check(out[0].split() == ["Recv-Q", "Local", "Address:Port"],
          f"--columns titles: {out[0]}")
    p = subprocess.run([ss, "--columns", "netid,nope"], capture_output=True,
                       text=True)
    check(p.returncode == 2 and "nope" in p.stderr and
          "local_address" in p.stderr and "Peer Address" in p.stderr,
          f"--columns nope: {p.returncode} {p.stderr}")
    run(ss, "--columns", "netid", "-j", code=2)


def inner(ss):
    held = population()
    for t in (test_port, test_endpoint, test_sort, test_count, test_columns):
        t(ss)
    del held
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


def main():
    ss = os.path.abspath(sys.argv[1])
    if os.environ.get(MARK):
        return inner(ss)
    env = dict(os.environ, **{MARK: "1"})
    try:
        p = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    except FileNotFoundError:
        return 77
    if p.returncode != 0:
        print("SKIP: no private network namespace (unshare -n)")
        return 77
    return subprocess.run(["unshare", "-n", sys.executable,
                           os.path.abspath(__file__), ss], env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
