#!/usr/bin/env python3
# check-json.py WHAT FILE [ARGS...]: asserts about sockscope --all-netns
# -j output (strict: no NaN, objects only as the schema says).
import json, sys

def load(path):
    with open(path, 'rb') as f:
        raw = f.read()
    raw.decode('utf-8')  # valid UTF-8 or fail
    return json.loads(raw, parse_constant=lambda c: sys.exit('bad constant ' + c))

def fail(msg):
    print('FAIL: ' + msg)
    sys.exit(1)

what, doc = sys.argv[1], load(sys.argv[2])
socks = doc.get('sockets', [])

def on_port(port):
    return [s for s in socks if s.get('local_port') == port and s['state'] == 'listening']

def one(port):
    v = on_port(port)
    if len(v) != 1:
        fail('port %d: %d listeners, want 1' % (port, len(v)))
    return v[0]

if what in ('schema', 'schema-only'):
    # Every socket: netns object; container/pod/unit only when known;
    # each key of the right type; nothing empty.
    if doc['schema_version'] != 1:
        fail('schema_version')
    for s in socks:
        ns = s.get('netns')
        if not isinstance(ns, dict) or not isinstance(ns.get('inode'), int) or ns['inode'] <= 0:
            fail('netns.inode: %r' % (ns,))
        for k, v in ns.items():
            if k not in ('inode', 'name', 'nsid'):
                fail('netns key ' + k)
            if k == 'name' and (not isinstance(v, str) or not v):
                fail('netns.name %r' % v)
            if k == 'nsid' and (not isinstance(v, int) or v < 0):
                fail('netns.nsid %r' % v)
        # the socket's container, and (with -p) each holder's own
        for c in [s.get('container')] + [p.get('container') for p in s.get('processes', [])]:
            if c is None:
                continue
            if set(c) - {'runtime', 'id', 'name'} or 'id' not in c:
                fail('container keys %r' % c)
            if len(c['id']) != 64 or any(ch not in '0123456789abcdef' for ch in c['id']):
                fail('container.id %r' % c['id'])
            for k in ('runtime', 'name'):
                if k in c and (not isinstance(c[k], str) or not c[k]):
                    fail('container.%s %r' % (k, c[k]))
        p = s.get('pod')
        if p is not None and (set(p) - {'uid', 'namespace', 'name'} or 'uid' not in p):
            fail('pod keys %r' % p)
        u = s.get('unit')
        if u is not None and (not isinstance(u, str) or not u):
            fail('unit %r' % u)
    if len(sys.argv) < 5:
        print('schema ok: %d sockets' % len(socks))
        sys.exit(0)
    # Unknown is absent: the `ip netns` one runs no container, pod or unit.
    s = one(int(sys.argv[4]))
    if s['netns'].get('name') != sys.argv[3]:
        fail('port %s: netns %r, want name %s' % (sys.argv[4], s['netns'], sys.argv[3]))
    for k in ('container', 'pod'):
        if k in s:
            fail('port %s: %s present: %r' % (sys.argv[4], k, s[k]))
    print('schema ok: %d sockets' % len(socks))
elif what == 'netns':
    # check-json.py netns FILE PORT INODE [NAME]
    s = one(int(sys.argv[3]))
    if s['netns']['inode'] != int(sys.argv[4]):
        fail('port %s: inode %d, want %s' % (sys.argv[3], s['netns']['inode'], sys.argv[4]))
    if len(sys.argv) > 5 and s['netns'].get('name') != sys.argv[5]:
        fail('port %s: name %r, want %s' % (sys.argv[3], s['netns'].get('name'), sys.argv[5]))
    print('netns ok: port %s in %s' % (sys.argv[3], sys.argv[4]))
elif what == 'container':
    # check-json.py container FILE PORT RUNTIME ID NAME INODE [procs]:
    # the listener carries that container (ID "-": none); with "procs",
    # -p's processes each carry it too, and there is one at least.
    v = [s for s in on_port(int(sys.argv[3])) if s['netns']['inode'] == int(sys.argv[7])]
    if len(v) != 1:
        fail('port %s in %s: %d listeners' % (sys.argv[3], sys.argv[7], len(v)))
    c = v[0].get('container')
    want = {'runtime': sys.argv[4], 'id': sys.argv[5], 'name': sys.argv[6]}
    if sys.argv[5] == '-':
        want = None
    if c != want:
        fail('port %s: container %r, want %r' % (sys.argv[3], c, want))
    if len(sys.argv) > 8:
        procs = v[0].get('processes')
        if not procs or any(p.get('container') != want for p in procs):
            fail('port %s: processes %r, want container %r on each' % (sys.argv[3], procs, want))
    print('container ok: port %s %s' % (sys.argv[3], sys.argv[6]))
elif what == 'time-wait':
    # check-json.py time-wait FILE PORT INODE ID: every TIME-WAIT socket
    # of namespace INODE on local PORT (one at least) carries container
    # ID ("-": none) and no process.
    v = [s for s in socks if s['state'] == 'time-wait' and s.get('local_port') == int(sys.argv[3])
         and s['netns']['inode'] == int(sys.argv[4])]
    if not v:
        fail('no time-wait socket on port %s in %s' % (sys.argv[3], sys.argv[4]))
    for s in v:
        got = s.get('container', {}).get('id', '-')
        if got != sys.argv[5] or s.get('processes'):
            fail('time-wait %r: container %s, want %s' % (s, got, sys.argv[5]))
    print('time-wait ok: %d sockets' % len(v))
elif what == 'unit':
    s = one(int(sys.argv[3]))
    if s.get('unit') != sys.argv[4]:
        fail('unit %r, want %s' % (s.get('unit'), sys.argv[4]))
    # with -p, each holder carries its own
    procs = s.get('processes')
    if procs is not None and (not procs or any(p.get('unit') != sys.argv[4] for p in procs)):
        fail('processes %r: want unit %s on each' % (procs, sys.argv[4]))
    print('unit ok: ' + sys.argv[4])
elif what == 'summary':
    # check-json.py summary FILE INODE TCP_TOTAL [NAME]: -s --all-netns
    v = [n for n in doc['namespaces'] if n['netns']['inode'] == int(sys.argv[3])]
    if len(v) != 1:
        fail('namespace %s: %d summaries' % (sys.argv[3], len(v)))
    if v[0]['tcp']['total'] != int(sys.argv[4]):
        fail('namespace %s: tcp total %r, want %s' % (sys.argv[3], v[0]['tcp']['total'], sys.argv[4]))
    if len(sys.argv) > 5 and v[0]['netns'].get('name') != sys.argv[5]:
        fail('namespace %s: name %r' % (sys.argv[3], v[0]['netns'].get('name')))
    inos = [n['netns']['inode'] for n in doc['namespaces']]
    if len(set(inos)) != len(inos):
        fail('a namespace summarized twice')
    print('summary ok: %s' % sys.argv[3])
elif what == 'unpriv':
    # check-json.py unpriv FILE OWN_INODE OTHER_INODE: an unprivileged
    # run lists its own namespace only and names what it could not enter.
    own, other = int(sys.argv[3]), int(sys.argv[4])
    if any(s['netns']['inode'] != own for s in socks):
        fail('sockets of another namespace listed')
    w = doc['warnings']
    if not any(x.get('netns', {}).get('inode') == other and x['error'] == 'EPERM' for x in w):
        fail('no EPERM warning for %d: %r' % (other, w))
    if not any(x.get('processes', 0) > 0 for x in w):
        fail('no count of processes not looked at: %r' % w)
    print('unprivileged ok: %d warnings' % len(w))
elif what == 'count':
    if len(socks) != int(sys.argv[3]):
        fail('%d sockets, want %s' % (len(socks), sys.argv[3]))
    print('count ok: ' + sys.argv[3])
else:
    fail('unknown check ' + what)
