#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# check-walls-selftest.sh SOURCE_ROOT BUILD_ROOT CC...
#
# That check-walls.sh catches what it is there to catch: on a copy of the
# tree and of the objects, breaks one wall of each kind and expects each
# named, and the exit status 1; then one stale pending line alone.

set -u
root=$(cd "$1" && pwd) || exit 2
build=$(cd "$2" && pwd) || exit 2
shift 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
check=$root/tests/layout/check-walls.sh
fails=0

expect() { # what the output must hold
	if grep -qF "$1" "$tmp/out"; then
		echo "ok: $1"
	else
		echo "MISSED: $1"
		fails=$((fails + 1))
	fi
}

mkdir -p "$tmp/src" "$tmp/build"
(cd "$root" && cp -R src netlink procfs "$tmp/src/" && mkdir -p "$tmp/src/tests/layout" &&
	cp tests/layout/walls-pending.txt "$tmp/src/tests/layout/") || exit 2
for d in "$build"/libsockscope-core.a.p "$build"/sockscope.p; do
	cp -R "$d" "$tmp/build/" || exit 2
done

# Include walls: a collector including the filter and the other
# collector, the filter including a formatter, a private header read
# from outside its folder.
echo '#include "filter/filter.h"' >>"$tmp/src/procfs/proc-tcp.c"
echo '#include "netlink/nl.h"' >>"$tmp/src/procfs/proc-udp.c"
echo '#include "output/out.h"' >>"$tmp/src/src/filter/filter-eval.c"
echo '#include "owners/owners-internal.h"' >>"$tmp/src/src/names/names.c"
echo '#include "options.h"' >>"$tmp/src/netlink/nl-tcp.c"

# Call walls: a formatter that opens a file and asks the resolver, and
# two formatter files that call each other.
obj() { find "$tmp/build" -name "$1" | head -n 1; }
cat >"$tmp/users.c" <<'C'
#include <stdio.h>
struct resolve;
const char *resolve_host(struct resolve *r, int family, const void *addr);
void out_detail_info(void);
void *users_io(void);
void *users_io(void)
{
	resolve_host(NULL, 2, NULL);
	out_detail_info();
	return fopen("/etc/services", "r");
}
void dbuf_bw(void);
void dbuf_bw(void) {}
C
"$@" -c -o "$(obj src_output_dbuf.c.o)" "$tmp/users.c" || exit 2

"$check" "$tmp/src" "$tmp/build" >"$tmp/out" 2>&1
status=$?
cat "$tmp/out"
[ $status = 1 ] || { echo "MISSED: exit status $status, not 1"; fails=$((fails + 1)); }
expect "wall: procfs/proc-tcp.c includes src/filter/filter.h"
expect "wall: procfs/proc-udp.c includes netlink/nl.h"
expect "wall: src/filter/filter-eval.c includes src/output/out.h"
expect "wall: src/names/names.c includes src/owners/owners-internal.h"
expect "wall: netlink/nl-tcp.c includes src/options.h"
expect "wall: src/output/dbuf.c calls fopen"
expect "wall: src/output/dbuf.c calls resolve_host"
expect "wall: src/output/dbuf.c calls, through files of its folder, back into itself"
expect "wall: src/output/out-detail-info.c calls, through files of its folder, back into itself"

# A pending breach that is gone: named as stale, exit 1.
rm -rf "$tmp/src"
mkdir -p "$tmp/src"
(cd "$root" && cp -R src netlink procfs "$tmp/src/" && mkdir -p "$tmp/src/tests/layout" &&
	cp tests/layout/walls-pending.txt "$tmp/src/tests/layout/") || exit 2
echo "include src/sock.c src/output/out.h" >>"$tmp/src/tests/layout/walls-pending.txt"
"$check" "$tmp/src" >"$tmp/out" 2>&1
status=$?
cat "$tmp/out"
[ $status = 1 ] || { echo "MISSED: exit status $status for a stale line"; fails=$((fails + 1)); }
expect '"include src/sock.c src/output/out.h" no longer breaks a wall'

[ $fails = 0 ]
