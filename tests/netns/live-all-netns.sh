#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# live-all-netns.sh SOCKSCOPE: --all-netns on real namespaces of each kind
# (ip netns add; unshare -n held by a process; one only a socket keeps
# alive, its holder elsewhere), a process moved into the cgroup
# system.slice/demo.service, the JSON schema, the own filter terms and
# -K's refusal. Needs root; exits 77 without it.
set -u
SS=$1
here=$(dirname "$0")
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
command -v ip >/dev/null || { echo "SKIP: no ip(8)"; exit 77; }

tmp=$(mktemp -d)
NS=ssn-t$$
base=$((42000 + $$ % 1000 * 8))
P_IP=$base P_UNSH=$((base + 1)) P_PIN=$((base + 2)) P_UNIT=$((base + 3))
P_DEV=$((base + 4))
pids=()
cg=
fails=0
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	[ -n "$cg" ] && rmdir "$cg/system.slice/demo.service" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
listen() { # listen PORT: a listener on 127.0.0.1:PORT until killed
	exec python3 -c 'import socket,sys,time
s=socket.socket(); s.bind(("127.0.0.1",int(sys.argv[1]))); s.listen(); time.sleep(600)' "$1"
}
wait_listen() { # wait_listen NSARGS... PORT
	local port=${!#}
	for _ in $(seq 50); do
		"$SS" --all-netns -tlnpH "sport = :$port" | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

# 1. ip netns add, a listener held by a process in it.
ip netns add "$NS" || { echo "SKIP: ip netns add failed"; exit 77; }
ip -n "$NS" link set lo up
ip netns exec "$NS" bash -c "$(declare -f listen); listen $P_IP" &
pids+=($!)
INO_IP=$(stat -L -c %i "/run/netns/$NS")
# 2. unshare -n held by a process.
unshare -n bash -c "ip link set lo up; $(declare -f listen); listen $P_UNSH" &
pids+=($!)
# 3. kept alive by a socket only: its holder is back in our namespace.
exec 8< <(sleep 600)
pids+=($!)
python3 "$here/pin-netns.py" "$P_PIN" <&8 >"$tmp/pin" &
pids+=($!)
# 4. a process in the cgroup system.slice/demo.service.
cg=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -n "$cg" ] && mkdir -p "$cg/system.slice/demo.service"; then
	unshare -n bash -c "ip link set lo up; $(declare -f listen); listen $P_UNIT" &
	pids+=($!)
	unit_pid=$!
else
	cg=
	echo "note: no cgroup2 mount: demo.service part not run"
fi

wait_listen "$P_IP" && wait_listen "$P_UNSH" && wait_listen "$P_PIN" ||
	bad "listeners did not come up"
INO_UNSH=$(stat -L -c %i "/proc/${pids[1]}/ns/net")
# pids[1] is the unshare's bash, or its python after exec: both inside.
INO_PIN=$(head -1 "$tmp/pin")
[ -n "$INO_PIN" ] && [ "$INO_PIN" != "$(stat -L -c %i /proc/self/ns/net)" ] ||
	bad "pinned namespace not made"
if [ -n "$cg" ]; then
	sleep 0.3
	# the unshare's bash exec()s python: the same pid
	echo "$unit_pid" >"$cg/system.slice/demo.service/cgroup.procs" ||
		bad "moving $unit_pid into demo.service"
	wait_listen "$P_UNIT" || bad "demo.service listener"
fi

# Without -p too: the namespace only a socket keeps is never a silent gap.
"$SS" --all-netns -tln -j >"$tmp/nop.json" 2>"$tmp/nop.err" ||
	bad "--all-netns -tln -j: $(cat "$tmp/nop.err")"
python3 "$here/check-json.py" netns "$tmp/nop.json" "$P_PIN" "$INO_PIN" || bad "pinned by a socket, without -p"

# -p: its descriptor walk also finds the namespace only a socket keeps.
"$SS" --all-netns -tlnp -j >"$tmp/all.json" 2>"$tmp/all.err"
rc=$?
[ $rc = 0 ] && ok "exit 0" || bad "exit $rc: $(cat "$tmp/all.err")"
python3 "$here/check-json.py" schema "$tmp/all.json" "$NS" "$P_IP" || bad schema
python3 "$here/check-json.py" netns "$tmp/all.json" "$P_IP" "$INO_IP" "$NS" || bad "ip netns"
python3 "$here/check-json.py" netns "$tmp/all.json" "$P_UNSH" "$INO_UNSH" || bad "unshare -n"
python3 "$here/check-json.py" netns "$tmp/all.json" "$P_PIN" "$INO_PIN" || bad "pinned by a socket"
if [ -n "$cg" ]; then
	python3 "$here/check-json.py" unit "$tmp/all.json" "$P_UNIT" demo.service || bad "unit"
	n=$("$SS" --all-netns -tlnH 'unit = demo.service' | grep -c ":$P_UNIT ")
	[ "$n" = 1 ] && ok "filter unit = demo.service" || bad "filter unit: $n rows"
	# -p: the holder's unit, the same the JSON above says
	n=$("$SS" --all-netns -tlnpH 'unit = demo.service' | grep -c ":$P_UNIT ")
	[ "$n" = 1 ] && ok "-p filter unit = demo.service" || bad "-p filter unit: $n rows"
	"$SS" --all-netns -tlnpH "sport = :$P_UNIT" | grep -q ",unit=demo.service))" &&
		ok "-p cell unit" || bad "-p cell unit"
fi

# --sort holds every namespace's rows before it prints: each keeps its own
# namespace (and container, unit) through the sort, and its interface
# names: a listener bound to a device of $NS (an index this namespace may
# call otherwise) shows that device's name.
if ip -n "$NS" link add sst-d0 type veth peer name sst-d1 2>/dev/null &&
	ip -n "$NS" link set sst-d0 up; then
	ip netns exec "$NS" python3 -c 'import socket,sys,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"sst-d0")
s.bind(("0.0.0.0",int(sys.argv[1]))); s.listen(); time.sleep(600)' "$P_DEV" &
	pids+=($!)
	wait_listen "$P_DEV" || bad "device listener"
	"$SS" --all-netns -tlnH "sport = :$P_DEV" | grep -q "%sst-d0:$P_DEV " &&
		ok "device listener named" || bad "device listener: $("$SS" --all-netns -tlnH "sport = :$P_DEV")"
	"$SS" --all-netns -tlnH --sort=local_port | grep -q "%sst-d0:$P_DEV " &&
		ok "--sort: device named in its namespace" ||
		bad "--sort: device: $("$SS" --all-netns -tlnH --sort=local_port | grep ":$P_DEV ")"
else
	echo "note: no veth in $NS: --sort device names not checked"
fi
"$SS" --all-netns -tln --sort=-local_port -j >"$tmp/sorted.json" 2>/dev/null ||
	bad "--sort exit $?"
python3 "$here/check-json.py" netns "$tmp/sorted.json" "$P_IP" "$INO_IP" "$NS" || bad "--sort: ip netns"
python3 "$here/check-json.py" netns "$tmp/sorted.json" "$P_UNSH" "$INO_UNSH" || bad "--sort: unshare -n"
python3 "$here/check-json.py" netns "$tmp/sorted.json" "$P_PIN" "$INO_PIN" || bad "--sort: pinned by a socket"
"$SS" --all-netns -tlnH --sort=local_port "sport = :$P_IP" | grep -q "^$NS  *-  *LISTEN " &&
	ok "--sort table row" || bad "--sort table row"

# -s: one summary per namespace, each once.
"$SS" --all-netns -s -j >"$tmp/sum.json" 2>/dev/null || bad "-s exit $?"
python3 "$here/check-json.py" summary "$tmp/sum.json" "$INO_PIN" 1 || bad "-s pinned"
python3 "$here/check-json.py" summary "$tmp/sum.json" "$INO_UNSH" 1 || bad "-s unshare"
"$SS" --all-netns -s 2>/dev/null | grep -q "^Netns: $NS ($INO_IP)$" && ok "-s text" || bad "-s text"

# Unprivileged: its own namespace, and says what it could not enter.
if command -v setpriv >/dev/null; then
	cp "$SS" "$tmp/ss-nobody" && chmod 755 "$tmp" "$tmp/ss-nobody"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$tmp/ss-nobody" \
		--all-netns -tln -j >"$tmp/nobody.json" 2>/dev/null || bad "unprivileged exit $?"
	python3 "$here/check-json.py" unpriv "$tmp/nobody.json" \
		"$(stat -L -c %i /proc/self/ns/net)" "$INO_IP" || bad unprivileged
fi

# The table: Netns and Container columns, the `ip netns` name shown.
"$SS" --all-netns -tln >"$tmp/table" 2>/dev/null
head -1 "$tmp/table" | grep -q '^Netns  *Container  *State' && ok "table header" ||
	bad "table header: $(head -1 "$tmp/table")"
grep -q "^$NS  *-  *LISTEN .*127.0.0.1:$P_IP " "$tmp/table" && ok "table row" ||
	bad "table row for $NS"

# Filter terms: netns by name and by inode select that namespace only;
# they agree with ss -N on the same namespace.
"$SS" --all-netns -tanH "netns = $NS" | awk '{print $6, $7}' | sort >"$tmp/by-name"
"$SS" --all-netns -tanH "netns = $INO_IP" | awk '{print $6, $7}' | sort >"$tmp/by-ino"
ss -N "$NS" -tanH | awk '{print $4, $5}' | sort >"$tmp/ss"
[ -s "$tmp/ss" ] && cmp -s "$tmp/by-name" "$tmp/ss" && cmp -s "$tmp/by-ino" "$tmp/ss" &&
	ok "netns = NAME/INODE agrees with ss -N" || bad "netns filter vs ss -N"
n=$("$SS" --all-netns -tlnpH "uid = 0 and sport = :$P_PIN" | wc -l)
[ "$n" = 1 ] && ok "uid = 0" || bad "uid = 0: $n rows"
n=$("$SS" --all-netns -tlnH "user = root and not netns = $NS and sport = :$P_IP" | wc -l)
[ "$n" = 0 ] && ok "user, not netns" || bad "user/not netns: $n rows"

# -K: refused without a netns or container term; with one, acts there only.
"$SS" --all-netns -K -tn "dport = :$P_IP" >/dev/null 2>"$tmp/kerr"
rc=$?
[ $rc = 2 ] && grep -q 'names a netns or a container' "$tmp/kerr" && ok "-K refused" ||
	bad "-K without netns: exit $rc"
ip netns exec "$NS" python3 -c 'import socket,sys,time
c=socket.create_connection(("127.0.0.1",int(sys.argv[1]))); time.sleep(600)' "$P_IP" &
pids+=($!)
sleep 0.5
n=$("$SS" --all-netns -K -tnH "netns = $NS and dport = :$P_IP" | wc -l)
[ "$n" = 1 ] && ok "-K in netns $NS closed 1" || bad "-K closed $n"

# -N still works for one namespace and --all-netns refuses it alongside.
"$SS" -N "$NS" -tlnH | grep -q ":$P_IP " && ok "-N" || bad "-N"
"$SS" --all-netns -N "$NS" -tln >/dev/null 2>&1
[ $? = 2 ] && ok "--all-netns -N refused" || bad "--all-netns -N"

echo "failures: $fails"
[ $fails = 0 ]
