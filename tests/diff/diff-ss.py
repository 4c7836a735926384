#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
The differential suite: sockscope against ss(8), byte for byte.

For each population (below), a fresh private network namespace is made
(`unshare -n`, or `unshare -rn` without root), the population's sockets
are opened in it and held still (nothing connects or closes while a pair
runs), and each invocation runs as `ss ARGS` and `sockscope ARGS` one
right after the other in that namespace. The two outputs must be the
same bytes after only these normalisations:

  1. blanks at the end of a line (ss pads the last column, sockscope
     does not);
  2. the "Process" title at the end of the header line (ss prints it
     without -p as well);
  3. the row of each tool's own NETLINK_SOCK_DIAG socket (nl, local port
     the tool's pid, or "ss/PID", "sockscope/PID" without -n) is left
     out: each tool lists the socket it asks the kernel through, whose
     port id, inode, owner and place in the kernel's hash order are its
     own. So that its width never sets a column's, the population holds
     a netlink socket with a 10-digit port id and one owned by a process
     with a 15-character name. A sock_diag socket of an earlier run of
     either tool can still be listed for a moment after that run exits
     (the kernel frees netlink sockets after an RCU grace period): the
     population opens no sock_diag socket of its own, so every
     non-kernel sock_diag row is a tool's and is left out;
  4. in "timer:(NAME,TIME,COUNT)" (-e, -o) the time left and the count
     become "T" and "N": the time counts down between the two runs, and a
     zero-window probe (persist) may be sent between them;
  5. netlink rows are sorted among themselves: the kernel dumps them in
     its hash table's order, which each tool's own socket (normalisation
     3), inserted with its own port id, can change.

An invocation whose output differs must be matched by an entry of
accepted-differences.txt ("GLOB [; GLOB...] | reason"; each GLOB is an
fnmatch pattern matched against "POPULATION: ARGS", as --list prints
them), else the test fails and prints the invocation and a
diff. An entry that no longer matches a differing invocation is reported
as stale (remove the line); --strict makes that a failure too.

TIME-WAIT sockets live 60 s: a namespace is torn down (and its TIME-WAIT
sockets with it) and the population rebuilt after PHASE_SECONDS, so no
socket expires between the two runs of a pair.

Exit: 0 all identical or accepted, 1 a difference not accepted, 77 no
namespace could be made or ss is missing.
"""
import argparse
import atexit
import difflib
import fnmatch
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

PHASE_SECONDS = 25
BIG_PORT = 5000
NL_BIG_PORTID = 2000000000
HUGE_PAIRS = 42000
HUGE_HOLDERS = 6

# ---------------------------------------------------------------- populations


# The namespace's ephemeral ports: none of them has a service name in
# Debian's /etc/services but 57000 (dircproxy), which a listener holds, so
# connect() never picks it. ss leaves a port in this range numeric and
# sockscope does not (an accepted difference): the random ports stay
# outside that difference, the listener shows it on every run.
PORT_RANGE = "32768 57000"
NAMED_EPHEMERAL = 57000


def lo_up():
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    with open("/proc/sys/net/ipv4/ip_local_port_range", "w") as f:
        f.write(PORT_RANGE)


def tcp_listener(keep, family, addr, port, backlog=4096, v6only=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    s.bind((addr, port))
    s.listen(backlog)
    keep.append(s)
    return s


def tcp_pair(keep, lst, family, addr, port):
    c = socket.socket(family, socket.SOCK_STREAM)
    c.connect((addr, port))
    a, _ = lst.accept()
    keep += [c, a]
    return c, a


def nl_guards(keep):
    """Netlink sockets whose port cells are wider than either tool's own
    (see normalisation 3): a sock_diag one with a 10-digit port id, and
    one autobound to this process's pid, shown as
    "rtnl:diff-population/PID" without -n."""
    n = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    n.bind((0, 0))
    keep.append(n)
    n = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 4)
    n.bind((NL_BIG_PORTID, 0))
    keep.append(n)


def settle():
    # Let FINs and ACKs cross before anything is listed.
    time.sleep(0.3)


def pop_families(keep):
    """One of each kind ss lists, in each state the tests need."""
    lo_up()
    # TCP: listeners v4, v6-only, dual-stack; connections v4, v6, mapped.
    l4 = tcp_listener(keep, socket.AF_INET, "127.0.0.1", 5000)
    l6 = tcp_listener(keep, socket.AF_INET6, "::1", 5001, v6only=1)
    ld = tcp_listener(keep, socket.AF_INET6, "::", 5002, v6only=0)
    tcp_listener(keep, socket.AF_INET, "0.0.0.0", 22)
    tcp_listener(keep, socket.AF_INET6, "::", 80, v6only=0)
    for _ in range(3):
        tcp_pair(keep, l4, socket.AF_INET, "127.0.0.1", 5000)
    tcp_pair(keep, l6, socket.AF_INET6, "::1", 5001)
    tcp_pair(keep, ld, socket.AF_INET6, "::ffff:127.0.0.1", 5002)
    tcp_pair(keep, ld, socket.AF_INET, "127.0.0.1", 5002)
    # Queues: unread bytes. (Unsent bytes need a zero window, whose
    # probes change the receiver's skmem counters between two runs: the
    # listeners' Send-Q, their backlog, stands for a nonzero Send-Q.)
    c, a = tcp_pair(keep, l4, socket.AF_INET, "127.0.0.1", 5000)
    c.sendall(b"x" * 1000)
    # CLOSE-WAIT / FIN-WAIT-2: the client closes, the server does not.
    c, a = tcp_pair(keep, l4, socket.AF_INET, "127.0.0.1", 5000)
    c.shutdown(socket.SHUT_WR)
    # TIME-WAIT (client closes first, then server), and an orphaned
    # FIN-WAIT-2 (the client's socket closed, the server's still open).
    for _ in range(3):
        c, a = tcp_pair(keep, l4, socket.AF_INET, "127.0.0.1", 5000)
        keep.remove(c)
        keep.remove(a)
        c.close()
        settle()
        a.close()
    c, a = tcp_pair(keep, l6, socket.AF_INET6, "::1", 5001)
    keep.remove(c)
    c.close()
    # A port in ip_local_port_range that has a service name: ss leaves
    # ephemeral ports numeric.
    tcp_listener(keep, socket.AF_INET, "127.0.0.1", NAMED_EPHEMERAL)
    # SYN-RECV is not stable; a bound, unconnected TCP socket is.
    b = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    b.bind(("127.0.0.1", 5100))
    keep.append(b)
    # UDP: bound v4/v6/dual, connected.
    for fam, addr, port in ((socket.AF_INET, "127.0.0.1", 53),
                            (socket.AF_INET, "0.0.0.0", 5353),
                            (socket.AF_INET6, "::", 6000),
                            (socket.AF_INET6, "::1", 6001)):
        u = socket.socket(fam, socket.SOCK_DGRAM)
        u.bind((addr, port))
        keep.append(u)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 6002))
    u.connect(("127.0.0.1", 53))
    u.send(b"q" * 10)  # a datagram waits in port 53's queue
    keep.append(u)
    # RAW.
    keep.append(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
    keep.append(socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6))
    r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
    r.bind(("127.0.0.1", 0))
    keep.append(r)
    # Unix: stream listener + pair, dgram, seqpacket; path, abstract,
    # unbound.
    # A directory of our own: two runs at once (or a file an earlier run
    # left) must not share a path; the path is the same for both tools.
    d = tempfile.mkdtemp(prefix="sockscope-diff-")
    atexit.register(shutil.rmtree, d, True)
    for kind, name in ((socket.SOCK_STREAM, "stream"),
                       (socket.SOCK_SEQPACKET, "seqpacket")):
        s = socket.socket(socket.AF_UNIX, kind)
        s.bind(os.path.join(d, name))
        s.listen(8)
        c = socket.socket(socket.AF_UNIX, kind)
        c.connect(os.path.join(d, name))
        a, _ = s.accept()
        keep += [s, c, a]
        s = socket.socket(socket.AF_UNIX, kind)
        s.bind(b"\0sockscope-diff-" + name.encode())
        s.listen(8)
        keep.append(s)
    g = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    g.bind(os.path.join(d, "dgram"))
    keep.append(g)
    g2 = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    g2.connect(os.path.join(d, "dgram"))
    g2.send(b"z" * 100)
    keep.append(g2)
    keep += list(socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM))
    keep += list(socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM))
    # Packet: raw and dgram. Neither may receive the loopback traffic (a
    # zero-window probe would grow its Recv-Q between the two runs): no
    # protocol, and an experimental ethertype nothing sends.
    p = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    keep.append(p)
    p = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x88b5))
    p.bind(("lo", 0x88b5))
    keep.append(p)
    nl_guards(keep)
    # MPTCP where the kernel has it.
    try:
        m = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
        m.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        m.bind(("127.0.0.1", 7000))
        m.listen(8)
        keep.append(m)
        mc = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
        mc.connect(("127.0.0.1", 7000))
        keep += [mc, m.accept()[0]]
    except OSError:
        pass
    settle()


def pop_big(keep):
    """More rows than one batch: 1,100 IPv4 connections, then IPv6 and
    v4-mapped ones, whose addresses are wider."""
    lo_up()
    l4 = tcp_listener(keep, socket.AF_INET, "127.0.0.1", BIG_PORT)
    for _ in range(1100):
        tcp_pair(keep, l4, socket.AF_INET, "127.0.0.1", BIG_PORT)
    ld = tcp_listener(keep, socket.AF_INET6, "::", BIG_PORT + 1, v6only=0)
    tcp_pair(keep, ld, socket.AF_INET6, "::ffff:127.0.0.1", BIG_PORT + 1)
    for _ in range(20):
        tcp_pair(keep, ld, socket.AF_INET6, "::1", BIG_PORT + 1)
    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u.bind(("::", 5353))
    keep.append(u)
    nl_guards(keep)
    settle()


def hold_pairs(family, addr, pairs, holders, first_port):
    """@pairs TCP connections to @addr, held by @holders processes, each
    under a RLIMIT_NOFILE of its hard limit, each with its own listener
    on first_port + i."""
    import ctypes
    import resource
    import signal
    libc = ctypes.CDLL(None, use_errno=True)
    per = pairs // holders
    for i in range(holders):
        r, w = os.pipe()
        if os.fork() == 0:
            os.close(r)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            held = []
            l = tcp_listener(held, family, addr, first_port + i)
            for _ in range(per):
                tcp_pair(held, l, family, addr, first_port + i)
            os.write(w, b"1")
            while True:
                signal.pause()
        os.close(w)
        if os.read(r, 1) != b"1":
            raise SystemExit("holder %d of %s failed" % (i, addr))
        os.close(r)


def pop_huge(keep):
    """Past ss's 5 MiB buffer: 90,000 IPv4 sockets, then IPv6 and
    v4-mapped ones. ss prints what it holds once it holds five 1 MiB
    chunks, so its wide IPv6 rows come after lines printed narrower;
    sockscope must print at the same lines at the same widths. The
    sockets are held by HUGE_HOLDERS processes."""
    lo_up()
    hold_pairs(socket.AF_INET, "127.0.0.1", HUGE_PAIRS, HUGE_HOLDERS, 5000)
    ld = tcp_listener(keep, socket.AF_INET6, "::", 6000, v6only=0)
    for _ in range(50):
        tcp_pair(keep, ld, socket.AF_INET6, "::ffff:127.0.0.1", 6000)
    nl_guards(keep)
    settle()


def pop_huge6(keep):
    """More IPv6 replies than sockscope holds while it prints IPv4 rows
    first (one kernel walk serves both families; past 4 MiB of IPv6
    replies it asks for IPv6 again on its own): 44,000 IPv6 sockets
    among 1,000 IPv4 ones, in the order ss prints them."""
    lo_up()
    hold_pairs(socket.AF_INET6, "::1", 22000, 4, 6000)
    l = tcp_listener(keep, socket.AF_INET, "127.0.0.1", 5000)
    for _ in range(500):
        tcp_pair(keep, l, socket.AF_INET, "127.0.0.1", 5000)
    nl_guards(keep)
    settle()


def pop_small(keep):
    """Narrow cells: the columns shrink to the titles, or with -H below."""
    lo_up()
    l = tcp_listener(keep, socket.AF_INET, "127.0.0.1", 22)
    tcp_pair(keep, l, socket.AF_INET, "127.0.0.1", 22)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 53))
    keep.append(u)
    nl_guards(keep)
    settle()


POPULATIONS = {"families": pop_families, "big": pop_big, "small": pop_small,
               "huge": pop_huge, "huge6": pop_huge6}

# ---------------------------------------------------------------- invocations

TABLES = ["-t", "-u", "-w", "-x", "-0", "-M", "-A netlink", "-A unix_stream",
          "-A unix_dgram", "-A unix_seqpacket", "-tu", "-4", "-6", "",
          "-f inet", "-f unix", "-f link", "-A inet,unix"]
STATES = ["", "-a", "-l", "state established", "state listening",
          "state time-wait", "state connected", "state close-wait",
          "state fin-wait-2", "exclude listening", "state synchronized"]
FILTERS = ["sport = :5000", "dport = :5000", "src 127.0.0.1",
           "dst [::1]", "src [::ffff:127.0.0.1]",
           "( sport = :5000 or sport = :5001 )",
           "sport >= :5000 and sport <= :5002", "not dport = :5000",
           "src 127.0.0.0/8", "dst 127.0.0.1:5000"]
OPTS = ["-n", "", "-ne", "-np", "-nm", "-nmO", "-nep", "-no", "-neO"]


def invocations():
    """(population, args) pairs, each also with -H."""
    base = []
    for t in TABLES:
        for st in ("", "-a"):
            base.append(("families", ("-n " + t + " " + st).split()))
    for st in STATES:
        base.append(("families", ["-tn"] + st.split()))
        base.append(("families", ["-un"] + st.split()))
    for f in FILTERS:
        base.append(("families", ["-tan", f]))
        base.append(("families", ["-tn", "state", "established", f]))
        base.append(("big", ["-tn", f]))
    for o in OPTS:
        base.append(("families", ("-ta " + o).split()))
        base.append(("families", ("-a " + o).split()))
        base.append(("big", ("-ta " + o).split()))
    for t in ("-tan", "-ta", "-tn", "-an", "-uan", "-tan4", "-tan6", "-tln"):
        base.append(("big", t.split()))
        base.append(("small", t.split()))
    for t in ("-xa", "-a", "-l", "-tl", "-ul"):
        base.append(("small", t.split()))
    for t in ("-tan", "-tn", "-tane", "-tan6"):
        base.append(("huge", t.split()))
    for t in ("-tan", "-tn", "-ta", "-tan4"):
        base.append(("huge6", t.split()))
    out, seen = [], set()
    for pop, args in base:
        for a in (args, args + ["-H"]):
            key = pop + ": " + " ".join(a)
            if key not in seen:
                seen.add(key)
                out.append((pop, a))
    return out

# ---------------------------------------------------------------- comparing


TIMER = re.compile(r"timer:\(([a-z_]+),[^,)]*,[0-9]+\)")


def normalise(text, pid, args):
    """The normalisations the module's text lists, and nothing else."""
    lines = [l.rstrip(" ") for l in text.split("\n")]
    if lines and lines[0].startswith(("Netid", "State", "Recv-Q")):
        if lines[0].endswith("Process"):
            lines[0] = lines[0][: -len("Process")].rstrip(" ")
    # Normalisation 3: the tool's own sock_diag socket, and one a run
    # just before left behind (any port id but the kernel's, 0).
    own = re.compile(r"(^|\s)(4|tcpdiag|sock_diag):([^ /]+/)?-?[1-9][0-9]*(\s|$)")
    lines = [TIMER.sub(r"timer:(\1,T,N)", l) for l in lines
             if not own.search(l)]
    # Netlink rows in one order (normalisation 5).
    nl_only = "netlink" in args  # -A netlink: no Netid column
    out, run = [], []
    for i, l in enumerate(lines):
        header = i == 0 and l.startswith(("Netid", "State", "Recv-Q"))
        if l and not header and (l.startswith("nl ") or nl_only):
            run.append(l)
            continue
        out += sorted(run) + [l]
        run = []
    return "\n".join(out + sorted(run))


def run(argv):
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate()
    return p.pid, p.returncode, out.decode("utf-8", "replace"), \
        err.decode("utf-8", "replace")


def compare(sockscope, args):
    spid, src, sout, _ = run(["ss"] + args)
    tpid, trc, tout, terr = run([sockscope] + args)
    a = normalise(sout, spid, args)
    b = normalise(tout, tpid, args)
    res = {"args": args, "same": a == b and src == trc, "rows": a.count("\n")}
    if not res["same"]:
        d = list(difflib.unified_diff(a.split("\n"), b.split("\n"),
                                      "ss " + " ".join(args),
                                      "sockscope " + " ".join(args),
                                      lineterm="", n=1))
        if src != trc:
            d.insert(0, "exit status: ss %d, sockscope %d" % (src, trc))
        if terr:
            d.insert(0, "sockscope stderr: " + terr.strip()[:300])
        res["diff"] = d
    return res


def set_comm(name):
    """Names this process @name (PR_SET_NAME), as ss shows a netlink
    socket's owner."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(15, name.encode(), 0, 0, 0)


def worker(pop, sockscope, todo):
    """In a fresh namespace: build @pop, compare until the phase ends."""
    set_comm("diff-population")
    keep = []
    POPULATIONS[pop](keep)
    if pop == "huge":
        # The point of this population: ss prints its first rows before
        # it sees the wide ones, so its widths change part way.
        rows = subprocess.run(["ss", "-tnH"], stdout=subprocess.PIPE,
                              check=True).stdout.decode().splitlines()
        first, last = rows[0], rows[-1]
        if first.index(":") == last.index("]:") + 1:
            raise SystemExit("huge: ss printed every row at one width: "
                             "too few sockets to cross its buffer")
    start = time.monotonic()
    for args in todo:
        if time.monotonic() - start > PHASE_SECONDS:
            break
        print(json.dumps(compare(sockscope, args)), flush=True)
    sys.stdout.flush()


def unshare_cmd():
    for cmd in (["unshare", "-n"], ["unshare", "-rn"]):
        if subprocess.run(cmd + ["true"], stderr=subprocess.DEVNULL).returncode == 0:
            return cmd
    return None


def load_accepted(path):
    entries = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            globs, sep, reason = line.partition("|")
            if not sep or not reason.strip():
                sys.exit("%s:%d: want 'GLOB [; GLOB...] | reason'"
                         % (path, n))
            entries.append({"globs": [g.strip() for g in globs.split(";")],
                            "reason": reason.strip(), "line": n, "used": 0})
    return entries


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sockscope", required=True)
    ap.add_argument("--accepted", required=True)
    ap.add_argument("--strict", action="store_true",
                    help="a stale entry fails too")
    ap.add_argument("--list", action="store_true",
                    help="print the invocations and exit")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--todo", help=argparse.SUPPRESS)
    o = ap.parse_args()

    if o.worker:
        worker(o.worker, o.sockscope, json.loads(o.todo))
        return 0

    invs = invocations()
    if o.list:
        for pop, args in invs:
            print(pop + ": " + " ".join(args))
        return 0
    if not shutil.which("ss"):
        print("SKIP: ss not found")
        return 77
    unshare = unshare_cmd()
    if not unshare:
        print("SKIP: no network namespace could be made")
        return 77
    accepted = load_accepted(o.accepted)

    results = []
    for pop in POPULATIONS:
        todo = [a for p, a in invs if p == pop]
        while todo:
            p = subprocess.run(
                unshare + [sys.executable, os.path.abspath(__file__),
                           "--sockscope", o.sockscope, "--accepted",
                           o.accepted, "--worker", pop,
                           "--todo", json.dumps(todo)],
                stdout=subprocess.PIPE)
            got = [json.loads(l) for l in p.stdout.decode().splitlines()
                   if l.startswith("{")]
            if p.returncode != 0 or not got:
                print("population %s: worker failed (exit %d)"
                      % (pop, p.returncode))
                return 1
            for r in got:
                r["key"] = pop + ": " + " ".join(r["args"])
            results += got
            todo = todo[len(got):]

    failed = 0
    same = sum(r["same"] for r in results)
    for r in results:
        if r["same"]:
            continue
        match = [e for e in accepted
                 if any(fnmatch.fnmatchcase(r["key"], g) for g in e["globs"])]
        if match:
            match[0]["used"] += 1
            continue
        failed += 1
        print("NEW DIFFERENCE: %s" % r["key"])
        print("\n".join(r["diff"][:40]))
        if len(r["diff"]) > 40:
            print("... (%d more diff lines)" % (len(r["diff"]) - 40))
        print()
    stale = [e for e in accepted if not e["used"]]
    for e in stale:
        print("stale entry (line %d, nothing differs any more; remove it): %s"
              % (e["line"], "; ".join(e["globs"])))
    print("invocations %d, identical %d, accepted differences %d "
          "(%d invocations), new differences %d, rows compared %d"
          % (len(results), same, len(accepted) - len(stale),
             len(results) - same - failed, failed,
             sum(r["rows"] for r in results)))
    if failed or (o.strict and stale):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
