#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# live-snapshot-netns.sh SOCKSCOPE: --snapshot --all-netns, --from FILE
# --all-netns and --diff --all-netns on real namespaces: one made by `ip
# netns add`, one by `unshare -n` held by a process, and the caller's.
#
# The run is isolated so that the host's other namespaces and sockets
# (other tests, other users) cannot move between a live listing and the
# file: it re-runs itself in new mount, pid and network namespaces (its
# own namespace is a fresh one; /proc shows its processes only; every
# nsfs mount but its `ip netns` one is unmounted there, privately).
#
# Checks: each listing, filter and -s from the file equals the live one
# taken at the moment, table and JSON; --from without --all-netns reads
# the namespace the file was taken from; an unprivileged snapshot keeps
# the namespaces it could not enter as warnings; --diff (file and live,
# file and file) reports each change once with its namespace; a file cut
# at every --all-netns section boundary, or with a bad length or index,
# is exit 2 with one line naming the file, the section and the offset.
# Needs root; exits 77 without it.
set -u
SS=$1
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${SNAPNS_INSIDE:-}" ]; then
	[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
	for t in ip unshare python3 setpriv; do
		command -v $t >/dev/null || { echo "SKIP: no $t"; exit 77; }
	done
	NS=ssnap-t$$
	ip netns add "$NS" || { echo "SKIP: ip netns add failed"; exit 77; }
	ip -n "$NS" link set lo up
	SNAPNS_INSIDE=1 NS=$NS unshare -m -p -f --mount-proc -n \
		bash "$here/live-snapshot-netns.sh" "$SS"
	rc=$?
	ip netns del "$NS"
	exit $rc
fi

tmp=$(mktemp -d)
chmod 755 "$tmp"
pids=()
fails=0
checks=0
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
ok() { checks=$((checks + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); checks=$((checks + 1)); }

ip link set lo up
# Only our named namespace stays reachable by a mount.
awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "nsfs")
	print $5; break } }' /proc/self/mountinfo | while read -r m; do
	[ "$m" = "/run/netns/$NS" ] || umount -l "$m" 2>/dev/null
done

P=43100 # the same ports in every namespace: keyed apart by namespace
ip netns exec "$NS" python3 "$here/netns-pop.py" $P "$tmp/r1" &
pids+=($!)
P_NS=$!
unshare -n bash -c "ip link set lo up; exec python3 '$here/netns-pop.py' $P '$tmp/r2'" &
pids+=($!)
P_UNSH=$!
python3 "$here/netns-pop.py" $P "$tmp/r3" &
pids+=($!)
for _ in $(seq 100); do
	[ -s "$tmp/r1" ] && [ -s "$tmp/r2" ] && [ -s "$tmp/r3" ] && break
	sleep 0.05
done
[ -s "$tmp/r1" ] && [ -s "$tmp/r2" ] && [ -s "$tmp/r3" ] ||
	{ echo "FAIL: the populations did not come up"; exit 1; }
INO_NS=$(stat -L -c %i "/run/netns/$NS")
INO_UNSH=$(stat -L -c %i "/proc/$P_UNSH/ns/net")

# A closed netlink socket (each run's sock_diag ones, in every namespace
# it dumped) is counted by sockstat until the kernel frees it: wait for
# every namespace's count to hold still, before the file and each live
# listing, or -s's Total moves.
settle() {
	local last= now same=0
	for _ in $(seq 400); do
		now=$(cat /proc/$$/net/sockstat /proc/$P_NS/net/sockstat \
			/proc/$P_UNSH/net/sockstat 2>/dev/null | grep '^sockets')
		if [ "$now" = "$last" ]; then
			same=$((same + 1))
			[ $same -ge 4 ] && return 0
		else
			same=0
		fi
		last=$now
		sleep 0.025
	done
	echo "note: socket counts never held still"
}

F=$tmp/all.scope
settle
"$SS" --snapshot "$F" --all-netns -p 2>"$tmp/err" || bad "--snapshot --all-netns failed: $(cat "$tmp/err")"
[ -s "$tmp/err" ] && bad "--snapshot --all-netns said: $(cat "$tmp/err")"
python3 "$here/snap-sections.py" "$F" >"$tmp/sections"
n_netn=$(grep -c '^NETN ' "$tmp/sections")
[ "$n_netn" = 3 ] && ok || bad "3 namespaces, $n_netn NETN sections"
grep -q '^NDMP ' "$tmp/sections" && grep -q '^NPRC ' "$tmp/sections" &&
	ok || bad "no NDMP or NPRC section"

# Each listing from the file equals the live one (no netlink table: a
# run's own sock_diag socket is in it).
listings=(
	"-tan"
	"-tanj"
	"-tuxwan"
	"-tuan -j"
	"-xa"
	"-xa --ndjson"
	"-tanp"
	"-tlnp -j"
	"-tane"
	"-tanm"
	"-Htn"
	"-tn state established"
	"-tan netns = $NS"
	"-tanj netns = $INO_UNSH"
	"-tuan ( netns = $NS or netns = $INO_UNSH ) and sport = :$P"
	"-tan unit = no-such.service or dport = :$P"
	"-tan container = nothing or sport = :$P"
	"-tuan --sort local_port"
	"-tanj --sort peer_port"
	"-s"
	"-sj"
)
for l in "${listings[@]}"; do
	# shellcheck disable=SC2086 # each listing is its words
	set -- $l
	"$SS" --from "$F" --all-netns "$@" >"$tmp/file" 2>"$tmp/file.err"
	frc=$?
	# -s's Total may still count the sockets of the run before (freed
	# after a grace period, longer on a loaded machine): live again,
	# up to three times, before calling it a difference.
	for _ in 1 2 3; do
		settle
		"$SS" --all-netns "$@" >"$tmp/live" 2>"$tmp/live.err"
		lrc=$?
		[ $lrc = $frc ] && cmp -s "$tmp/live" "$tmp/file" &&
			cmp -s "$tmp/live.err" "$tmp/file.err" && break
		sleep 0.5
	done
	if [ $lrc != $frc ] || ! cmp -s "$tmp/live" "$tmp/file" ||
	   ! cmp -s "$tmp/live.err" "$tmp/file.err"; then
		bad "--all-netns $l: live (exit $lrc) and --from (exit $frc) differ:"
		diff "$tmp/live" "$tmp/file" | head -10
		diff "$tmp/live.err" "$tmp/file.err" | head -4
	elif [ "$(wc -l <"$tmp/file")" -lt 2 ] && ! grep -q '"netns"' "$tmp/file"; then
		bad "--all-netns $l: nothing listed"
	else
		ok
	fi
done
# Every namespace there, with its own sockets on the same port.
n=$("$SS" --from "$F" --all-netns -Htln "sport = :$P" | wc -l)
[ "$n" = 3 ] && ok || bad "$n listeners on :$P, not one per namespace"
"$SS" --from "$F" --all-netns -tlnj "sport = :$P" | grep -q "\"name\":\"$NS\"" &&
	ok || bad "the ip netns name is not in the JSON"

# Without --all-netns: the namespace the file was taken from.
settle
"$SS" -tuan >"$tmp/live"
"$SS" --from "$F" -tuan >"$tmp/file"
cmp -s "$tmp/live" "$tmp/file" && ok ||
	{ bad "--from without --all-netns is not the caller's namespace"; diff "$tmp/live" "$tmp/file" | head; }
# A file of one namespace has none of the new sections.
"$SS" --snapshot "$tmp/one.scope" || bad "--snapshot failed"
python3 "$here/snap-sections.py" "$tmp/one.scope" | grep -Eq '^(NETN|NDMP|NPRC|NWRN) ' &&
	bad "a single-namespace file holds --all-netns sections" || ok
# ... and read with --all-netns, it is one namespace, the caller's.
n=$("$SS" --from "$tmp/one.scope" --all-netns -Htln "sport = :$P" | wc -l)
[ "$n" = 1 ] && ok || bad "a single-namespace file read as $n namespaces"

# Unprivileged: the namespaces it could not enter are recorded as what
# it said live.
U="setpriv --reuid=65534 --regid=65534 --clear-groups"
settle
$U "$SS" --all-netns -tanj >"$tmp/live" 2>"$tmp/live.err"
mkdir -m 777 "$tmp/u"
$U "$SS" --snapshot "$tmp/u/u.scope" --all-netns 2>/dev/null ||
	bad "unprivileged --snapshot --all-netns failed"
"$SS" --from "$tmp/u/u.scope" --all-netns -tanj >"$tmp/file" 2>"$tmp/file.err"
if cmp -s "$tmp/live" "$tmp/file" && cmp -s "$tmp/live.err" "$tmp/file.err" &&
   grep -q "\"inode\":$INO_NS,\"path\":\"/run/netns/$NS\"},\"error\":\"EPERM\"" "$tmp/file"; then
	ok
else
	bad "unprivileged: the warnings differ"
	diff "$tmp/live" "$tmp/file"
	diff "$tmp/live.err" "$tmp/file.err"
fi
python3 "$here/snap-sections.py" "$tmp/u/u.scope" | grep -q '^NWRN ' && ok ||
	bad "no NWRN section"

# --diff: one listener added in the named namespace, one removed in the
# unshare'd one, nothing else, each with its namespace.
nsenter -t "$P_UNSH" -n python3 -c 'import socket,time,sys
s=socket.socket(); s.bind(("127.0.0.1",int(sys.argv[1]))); s.listen(); open(sys.argv[2],"w").write("x"); time.sleep(600)' $((P + 5)) "$tmp/r5" &
pids+=($!)
gone=$!
for _ in $(seq 100); do [ -s "$tmp/r5" ] && break; sleep 0.05; done
"$SS" --snapshot "$tmp/before.scope" --all-netns || bad "--snapshot failed"
kill "$gone"
ip netns exec "$NS" python3 -c 'import socket,time,sys
s=socket.socket(); s.bind(("127.0.0.1",int(sys.argv[1]))); s.listen(); open(sys.argv[2],"w").write("x"); time.sleep(600)' $((P + 5)) "$tmp/r6" &
pids+=($!)
for _ in $(seq 100); do [ -s "$tmp/r6" ] && break; sleep 0.05; done
sleep 0.2
"$SS" --diff "$tmp/before.scope" --all-netns -Htln >"$tmp/diff"
printf '+ %s\n- %s\n' "$NS" "$INO_UNSH" >"$tmp/want"
awk '{ print $1, $2 }' "$tmp/diff" | sort >"$tmp/got"
sort "$tmp/want" | cmp -s - "$tmp/got" && grep -c ":$((P + 5)) " "$tmp/diff" | grep -qx 2 &&
	ok || { bad "--diff --all-netns (live):"; cat "$tmp/diff"; }
"$SS" --snapshot "$tmp/after.scope" --all-netns || bad "--snapshot failed"
"$SS" --from "$tmp/after.scope" --diff "$tmp/before.scope" --all-netns -tln --ndjson >"$tmp/diff"
if [ "$(wc -l <"$tmp/diff")" = 2 ] &&
   grep -q "\"event\":\"added\".*\"netns\":{\"inode\":$INO_NS,\"name\":\"$NS\"" "$tmp/diff" &&
   grep -q "\"event\":\"removed\".*\"netns\":{\"inode\":$INO_UNSH" "$tmp/diff"; then
	ok
else
	bad "--diff --all-netns (file to file):"
	cat "$tmp/diff"
fi

# Damaged files: cut at every boundary of an --all-netns section and
# inside it, a length past the end, an index of no namespace.
one_line() { # one_line WHAT FILE TAG OFFSET: exit 2, one line naming them
	local what=$1 file=$2 tag=$3 at=$4 rc
	"$SS" --from "$file" --all-netns -tan >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" = 1 ] &&
	   grep -qF -- "--from $file: section $tag at byte $at: " "$tmp/err"; then
		ok
	else
		bad "$what: exit $rc, stdout $(wc -c <"$tmp/out") bytes, stderr: $(cat "$tmp/err")"
	fi
}
cut=$tmp/cut.scope
# Interfaces are named by the namespace they are in: a device of the
# named namespace (a dummy; a veth pair where dummy is not built), its
# index one this namespace does not have, with a link-local address, a
# UDP socket bound to it (%scope), a packet socket on it and a listener
# bound to it (-e). --from names it as live did, and still does once
# it is renamed and then deleted.
IF=sk-ifnm0
if ip -n "$NS" link add "$IF" type dummy 2>/dev/null ||
   ip -n "$NS" link add "$IF" type veth peer name sk-ifnm1 2>/dev/null; then
	ip -n "$NS" link set "$IF" up
	ip -n "$NS" link set sk-ifnm1 up 2>/dev/null
	ip -n "$NS" addr add fe80::7/64 dev "$IF" nodad
	ip netns exec "$NS" python3 -c 'import socket,sys,time
i = socket.if_nametoindex(sys.argv[1])
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u.bind(("fe80::7", int(sys.argv[2]), 0, i))
k = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88b5))
k.bind((sys.argv[1], 0x88b5))
t = socket.socket()
t.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, sys.argv[1].encode())
t.bind(("0.0.0.0", int(sys.argv[2]))); t.listen()
open(sys.argv[3], "w").write("x"); time.sleep(600)' "$IF" $((P + 7)) "$tmp/r7" &
	pids+=($!)
	for _ in $(seq 100); do [ -s "$tmp/r7" ] && break; sleep 0.05; done
	IFL=$tmp/ifnm.scope
	sel="netns = $NS"
	"$SS" --snapshot "$IFL" --all-netns || bad "--snapshot failed"
	[ "$(python3 "$here/snap-sections.py" "$IFL" | grep -c '^IFNM ')" -ge 2 ] &&
		ok || bad "no IFNM section of the named namespace"
	for l in "-uan0e" "-tlne" "-uan0j" "-0a"; do
		# shellcheck disable=SC2086 # each listing is its words
		"$SS" --all-netns $l "$sel" >"$tmp/live" 2>/dev/null
		# shellcheck disable=SC2086
		"$SS" --from "$IFL" --all-netns $l "$sel" >"$tmp/file" 2>/dev/null
		if ! cmp -s "$tmp/live" "$tmp/file"; then
			bad "--all-netns $l: an interface named otherwise from the file:"
			diff "$tmp/live" "$tmp/file" | head -6
		elif [ "$(grep -c -- "$IF" "$tmp/file")" -lt 1 ]; then
			bad "--all-netns $l: $IF not named live"
		else
			ok
		fi
	done
	want=$("$SS" --from "$IFL" --all-netns -uan0e "$sel" | grep -c -- "$IF")
	[ "$want" -ge 2 ] && ok || bad "$want rows name $IF, not the packet and UDP sockets"
	"$SS" --from "$IFL" --all-netns -Hx0a "$sel" | grep -q 'if[0-9]' &&
		bad "a recorded interface shown by number" || ok
	ip -n "$NS" link set "$IF" down
	ip -n "$NS" link set "$IF" name sk-ifnm9
	ip -n "$NS" link set sk-ifnm9 up
	"$SS" --all-netns -H0a "$sel" 2>/dev/null | grep -q sk-ifnm9 &&
		ok || bad "live does not show the renamed device"
	n=$("$SS" --from "$IFL" --all-netns -uan0e "$sel" | grep -c -- "$IF")
	[ "$n" = "$want" ] && ok || bad "renamed: $n rows name $IF from the file, not $want"
	ip -n "$NS" link del sk-ifnm9
	n=$("$SS" --from "$IFL" --all-netns -tlne "$sel" | grep -c -- "%$IF:")
	[ "$n" = 1 ] && ok || bad "deleted: $n listeners bound to %$IF from the file"
	# ... and the namespace's IFNM is checked as the others.
	off=$(python3 "$here/snap-sections.py" "$IFL" | awk '$1 == "IFNM" { n++; if (n == 2) { print $2; exit } }')
	cp "$IFL" "$cut"
	printf '\xf0\xff\xff\x7f' | dd of="$cut" bs=1 seek=$((off + 4)) conv=notrunc status=none
	one_line "the namespace's IFNM length past the end" "$cut" IFNM "$off"
	cp "$IFL" "$cut"
	printf '\xff\x7f' | dd of="$cut" bs=1 seek=$((off + 16 + 8)) conv=notrunc status=none
	one_line "the namespace's IFNM name past its end" "$cut" IFNM "$((off + 16))"
else
	echo "note: no dummy or veth device: interface names not checked"
fi

while read -r tag off len; do
	case $tag in NETN | NDMP | NPRC | NWRN) ;; *) continue ;; esac
	head -c "$off" "$F" >"$cut"
	one_line "cut before $tag at $off" "$cut" END "$off"
	head -c $((off + 8 + len - 1)) "$F" >"$cut"
	one_line "cut inside $tag at $off" "$cut" "$tag" "$off"
done <"$tmp/sections"
for tag in NETN NDMP NPRC; do
	off=$(awk -v t=$tag '$1 == t { print $2; exit }' "$tmp/sections")
	cp "$F" "$cut"
	printf '\xf0\xff\xff\x7f' | dd of="$cut" bs=1 seek=$((off + 4)) conv=notrunc status=none
	one_line "$tag length past the end" "$cut" "$tag" "$off"
done
off=$(awk '$1 == "NDMP" { print $2; exit }' "$tmp/sections")
cp "$F" "$cut"
printf '\xe7\x03\x00\x00' | dd of="$cut" bs=1 seek=$((off + 8)) conv=notrunc status=none
one_line "NDMP of namespace 999" "$cut" NDMP "$off"
off=$(awk '$1 == "NWRN" { print $2; exit }' <(python3 "$here/snap-sections.py" "$tmp/u/u.scope"))
head -c $((off + 20)) "$tmp/u/u.scope" >"$cut"
one_line "cut inside NWRN" "$cut" NWRN "$off"

# An ss -D file says nothing of namespaces: --all-netns reads it as one
# namespace whose inode is not known, absent from JSON, "-" in the table.
if ss -D "$tmp/ss.dump" -ta >/dev/null 2>&1 && [ -s "$tmp/ss.dump" ]; then
	"$SS" --from "$tmp/ss.dump" --all-netns -tan -j >"$tmp/ssd.json" 2>/dev/null &&
		grep -q '"local_port":'$P "$tmp/ssd.json" && ! grep -q '"netns"' "$tmp/ssd.json" &&
		ok || bad "ss -D file with --all-netns -j: $(head -c 300 "$tmp/ssd.json")"
	"$SS" --from "$tmp/ss.dump" --all-netns -tanH "sport = :$P" 2>/dev/null |
		grep -q '^-  *-  *LISTEN ' && ok || bad "ss -D file with --all-netns: the Netns cell"
else
	bad "ss -D wrote no file"
fi

echo "$checks checks, $fails failed"
[ $fails = 0 ]
